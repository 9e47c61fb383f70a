# pto-args: --strategy Default
# tile.transpose under level3: ttrans needs a scratch tile, which has no planned address.
import pypto.language as pl


@pl.program
class Transpose:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self, x: pl.Tensor[[16, 32], pl.FP32], out: pl.Out[pl.Tensor[[32, 16], pl.FP32]]
    ) -> pl.Tensor[[32, 16], pl.FP32]:
        t = pl.load(x, [0, 0], [16, 32])
        tt = pl.tile.transpose(t, 0, 1)
        r = pl.store(tt, [0, 0], [32, 16], out)
        return r
