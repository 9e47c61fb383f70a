# expect: yield gives 1 value, the loop carries 2
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for i, (a, b) in pl.range(0, 4, 1, init_values=(x, x)):
            c = pl.yield_(a + b)
        return c
