# pto-args: --passes ConvertToSSA
# tile.add of a [32, 32] and a [32, 1] tile broadcasts; PTO's tadd needs equal shapes.
import pypto.language as pl


@pl.program
class BroadcastAdd:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self, x: pl.Tensor[[32, 32], pl.FP32], v: pl.Tensor[[32, 1], pl.FP32], out: pl.Out[pl.Tensor[[32, 32], pl.FP32]]
    ) -> pl.Tensor[[32, 32], pl.FP32]:
        t = pl.load(x, [0, 0], [32, 32])
        c = pl.load(v, [0, 0], [32, 1])
        s = pl.tile.add(t, c)
        r = pl.store(s, [0, 0], [32, 32], out)
        return r
