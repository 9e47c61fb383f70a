# expect: three errors: undefined 'a' (line 9), 'b' (line 10), 'c' (line 11)
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        y = x + a
        z = x * b
        w = c - x
        return x
