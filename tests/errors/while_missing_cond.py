# expect: a pl.while_ body must start with pl.cond(...)
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for (a,) in pl.while_(init_values=(x,)):
            b = pl.yield_(a - 1)
        return b
