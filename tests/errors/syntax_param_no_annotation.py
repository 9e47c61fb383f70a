# expect: parameter 'y' without a type annotation
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64], y) -> pl.Scalar[pl.INT64]:
        return x
