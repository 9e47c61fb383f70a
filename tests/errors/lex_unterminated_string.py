# expect: unterminated string literal at the opening quote
import pypto.language as pl

N = pl.dynamic("N)


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return x
