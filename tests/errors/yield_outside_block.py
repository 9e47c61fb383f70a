# expect: pl.yield_ outside a for/while/if body
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        y = pl.yield_(x)
        return y
