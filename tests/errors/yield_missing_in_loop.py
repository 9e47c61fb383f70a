# expect: a loop with init_values must end with pl.yield_
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for i, (a,) in pl.range(0, 4, 1, init_values=(x,)):
            b = a + i
        return x
