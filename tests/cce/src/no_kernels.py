# No InCore kernel: the cce backend has nothing to write and says so.
import pypto.language as pl


@pl.program
class Opq:
    @pl.function
    def f(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return n + 1
