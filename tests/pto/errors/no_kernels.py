# The pto backend compiles InCore kernels; a program of ordinary functions has none.
import pypto.language as pl


@pl.program
class NoKernels:
    @pl.function
    def add_one(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return n + 1
