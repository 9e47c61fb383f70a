# expect: cannot unpack a scalar into 2 names
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        a, b = x + 1
        return a
