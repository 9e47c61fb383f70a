# pypto.program: ConstIf
import pypto.language as pl

@pl.program
class ConstIf:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        a: pl.Scalar[pl.INT64] = x * 3
        if x > 2:
            t: pl.Scalar[pl.INT64] = pl.yield_(a)
        else:
            t: pl.Scalar[pl.INT64] = pl.yield_(x)
        return t
