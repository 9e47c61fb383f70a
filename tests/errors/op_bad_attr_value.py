# expect: cmp_type must be one of EQ, NE, LT, LE, GT, GE (got "ABOUT")
import pypto.language as pl


@pl.program
class P:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, a: pl.Tensor[[16, 16], pl.FP32], out: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.load(a, [0, 0], [16, 16])
        m = pl.tile.cmps(t, 0.0, cmp_type="ABOUT")
        r = pl.store(t, [0, 0], [16, 16], out)
        return r
