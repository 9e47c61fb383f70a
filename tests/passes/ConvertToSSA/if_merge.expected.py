# pypto.program: IfMerge
import pypto.language as pl

@pl.program
class IfMerge:
    @pl.function
    def one(self, a: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        x: pl.Scalar[pl.INT64] = 0
        if a > 0:
            x_1: pl.Scalar[pl.INT64] = a * 2
            x_2: pl.Scalar[pl.INT64] = pl.yield_(x_1)
        else:
            x_3: pl.Scalar[pl.INT64] = a - 1
            x_2: pl.Scalar[pl.INT64] = pl.yield_(x_3)
        return x_2

    @pl.function
    def several(self, a: pl.Scalar[pl.INT64], b: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        lo: pl.Scalar[pl.INT64] = a
        hi: pl.Scalar[pl.INT64] = b
        if a > b:
            t: pl.Scalar[pl.INT64] = a
            lo_1: pl.Scalar[pl.INT64] = b
            hi_1: pl.Scalar[pl.INT64] = t
            hi_2, lo_2 = pl.yield_(hi_1, lo_1)
        else:
            u: pl.Scalar[pl.INT64] = b - a
            hi_3: pl.Scalar[pl.INT64] = hi + u
            hi_2, lo_2 = pl.yield_(hi_3, lo)
        return hi_2 - lo_2

    @pl.function
    def without_else(self, a: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        m: pl.Scalar[pl.INT64] = a
        if m < 0:
            m_1: pl.Scalar[pl.INT64] = -m
            m_2: pl.Scalar[pl.INT64] = pl.yield_(m_1)
        else:
            m_2: pl.Scalar[pl.INT64] = pl.yield_(m)
        return m_2

    @pl.function
    def both_new(self, a: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        if a % 2 == 0:
            half: pl.Scalar[pl.INT64] = a // 2
            half_1: pl.Scalar[pl.INT64] = pl.yield_(half)
        else:
            half_2: pl.Scalar[pl.INT64] = (a + 1) // 2
            half_1: pl.Scalar[pl.INT64] = pl.yield_(half_2)
        return half_1
