# expect: unknown decorator pl.kernel
import pypto.language as pl


@pl.program
class P:
    @pl.kernel
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return x
