# expect: chained comparisons are not part of the language (one comparison)
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        if 0 < x < 10:
            pass
        return x
