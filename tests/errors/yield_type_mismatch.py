# expect: yield of FP32 for a loop-carried INT64 value
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for i, (a,) in pl.range(0, 4, 1, init_values=(x,)):
            b = pl.yield_(1.5)
        return b
