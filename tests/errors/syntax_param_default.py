# expect: parameter default values are not part of the language
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64] = 3) -> pl.Scalar[pl.INT64]:
        return x
