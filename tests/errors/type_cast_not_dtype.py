# expect: pl.cast target must be a data type, not a memory space
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        y = pl.cast(x, pl.Mem.Vec)
        return y
