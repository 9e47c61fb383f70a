# expect: pl.dynamic takes a string naming the dimension
import pypto.language as pl

N = pl.dynamic(5)


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return x
