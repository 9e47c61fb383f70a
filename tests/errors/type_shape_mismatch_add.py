# expect: shape mismatch in tile.add: [16, 16] and [32, 16]
import pypto.language as pl


@pl.program
class P:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, a: pl.Tensor[[16, 16], pl.FP32], b: pl.Tensor[[32, 16], pl.FP32], out: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        ta = pl.load(a, [0, 0], [16, 16])
        tb = pl.load(b, [0, 0], [32, 16])
        tc = pl.add(ta, tb)
        r = pl.store(tc, [0, 0], [16, 16], out)
        return r
