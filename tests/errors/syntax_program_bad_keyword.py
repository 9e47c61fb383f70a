# expect: unknown keyword 'strict' in @pl.program
import pypto.language as pl


@pl.program(strict=True)
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return x
