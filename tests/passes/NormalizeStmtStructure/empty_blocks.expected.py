# pypto.program: f
import pypto.language as pl

@pl.program
class f:
    @pl.function
    def f(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        if n > 0:
            pass
        for i in pl.range(0, n, 1):
            pass
        while n > 100:
            if n > 200:
                n: pl.Scalar[pl.INT64] = n - 1
        with pl.incore():
            pass
        return n
