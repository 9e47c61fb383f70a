# expect: a module-level name bound to something that is neither a constant nor pl.dynamic
import pypto.language as pl

K = pl.tensor.create([16, 16], dtype=pl.FP32)


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return x
