# expect: an annotation needs a single target (a, b: T = ...)
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        a, b: pl.Scalar[pl.INT64] = x, x
        return a
