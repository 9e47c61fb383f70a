# expect: pl.yield_ must be the last statement of its block
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for i, (a,) in pl.range(0, 4, 1, init_values=(x,)):
            b = pl.yield_(a + i)
            c = a * 2
        return b
