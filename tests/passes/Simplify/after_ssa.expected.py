# pypto.program: f
import pypto.language as pl

@pl.program
class f:
    @pl.function
    def f(self, n: pl.Scalar[pl.INT64], v: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        if v < 0:
            c_1: pl.Scalar[pl.INT64] = pl.yield_(-1)
        else:
            c_1: pl.Scalar[pl.INT64] = pl.yield_(1)
        for (k_1, m_1) in pl.while_(init_values=(0, n)):
            pl.cond(m_1 > 1)
            m_2: pl.Scalar[pl.INT64] = m_1 // 2
            k_2: pl.Scalar[pl.INT64] = k_1 + c_1
            k_3, m_3 = pl.yield_(k_2, m_2)
        return k_3
