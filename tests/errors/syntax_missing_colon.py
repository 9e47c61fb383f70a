# expect: expected ':' after the if condition
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        if x > 0
            x = 1
        return x
