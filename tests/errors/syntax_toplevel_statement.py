# expect: a statement at module level other than N = pl.dynamic("N")
import pypto.language as pl

K = 16


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return x
