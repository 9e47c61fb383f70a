# expect: f-strings are not part of the language (error at the f-string)
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        s = f"{x}"
        return x
