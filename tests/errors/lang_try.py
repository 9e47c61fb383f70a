# expect: try is not part of the language
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        try:
            y = x + 1
        except Exception:
            y = x
        return y
