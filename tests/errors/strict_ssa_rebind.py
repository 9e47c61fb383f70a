# expect: strict_ssa: 'y' is bound twice
import pypto.language as pl


@pl.program(strict_ssa=True)
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        y = x + 1
        y = y * 2
        return y
