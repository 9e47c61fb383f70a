# expect: pl.cond outside a pl.while_ loop
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        pl.cond(x > 0)
        return x
