# expect: the then-branch yields 'y', the else-branch does not
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        if x > 0:
            y = pl.yield_(x)
        else:
            z = x + 1
        return y
