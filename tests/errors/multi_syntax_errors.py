# expect: two syntax errors in two functions (missing ':' on line 8, unexpected ')' on line 13)
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]
        return x

    @pl.function
    def g(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        y = x + 1)
        return y
