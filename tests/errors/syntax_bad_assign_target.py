# expect: cannot assign to an expression (x + 1)
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        x + 1 = x
        return x
