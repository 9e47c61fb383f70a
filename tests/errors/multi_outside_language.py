# expect: three errors: augmented assignment, lambda, chained comparison
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        x += 1
        g = lambda v: v
        if 0 < x < 3:
            pass
        return x
