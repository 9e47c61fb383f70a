# pypto.program: Constants
import pypto.language as pl

@pl.program
class Constants:
    @pl.function
    def f(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        scaled: pl.Scalar[pl.INT64] = n * 64
        for i, (acc,) in pl.range(0, 4, 1, init_values=(scaled,)):
            step: pl.Scalar[pl.INT64] = i * pl.cast(8, pl.INT32)
            nxt: pl.Scalar[pl.INT64] = acc + step
            out: pl.Scalar[pl.INT64] = pl.yield_(nxt)
        return out
