# expect: pl.range takes at most 3 positional arguments
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for i in pl.range(0, 10, 1, 2):
            pass
        return x
