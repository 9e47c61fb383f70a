# expect: pl.range step must not be zero
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for i in pl.range(0, 10, 0):
            pass
        return x
