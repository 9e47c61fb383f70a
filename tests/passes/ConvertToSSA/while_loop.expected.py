# pypto.program: WhileLoop
import pypto.language as pl

@pl.program
class WhileLoop:
    @pl.function
    def log2_floor(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        k: pl.Scalar[pl.INT64] = 0
        m: pl.Scalar[pl.INT64] = n
        for (k_1, m_1) in pl.while_(init_values=(k, m)):
            pl.cond(m_1 > 1)
            m_2: pl.Scalar[pl.INT64] = m_1 // 2
            k_2: pl.Scalar[pl.INT64] = k_1 + 1
            k_3, m_3 = pl.yield_(k_2, m_2)
        return k_3

    @pl.function
    def spin(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        while n > 100:
            pl.system.bar_all()
        return n
