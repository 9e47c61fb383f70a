# expect: the loop names 2 carried values, init_values gives 1
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for i, (a, b) in pl.range(0, 4, 1, init_values=(x,)):
            c, d = pl.yield_(a, b)
        return c
