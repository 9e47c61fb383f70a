# pypto.program: WhileLoops
import pypto.language as pl

@pl.program
class WhileLoops:
    @pl.function
    def gcd(self, a: pl.Scalar[pl.INT64], b: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for (x, y) in pl.while_(init_values=(a, b)):
            pl.cond(y != 0)
            x2, y2 = pl.yield_(y, x % y)
        return x2

    @pl.function
    def isqrt(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        r: pl.Scalar[pl.INT64] = 0
        while (r + 1) * (r + 1) <= n:
            r: pl.Scalar[pl.INT64] = r + 1
        return r
