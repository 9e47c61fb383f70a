# expect: strict_ssa: parameter 'x' is re-bound
import pypto.language as pl


@pl.program(strict_ssa=True)
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        x = x + 1
        return x
