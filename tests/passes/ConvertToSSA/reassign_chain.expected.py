# pypto.program: ReassignChain
import pypto.language as pl

@pl.program
class ReassignChain:
    @pl.function
    def pair(self, a: pl.Scalar[pl.INT64]) -> tuple[pl.Scalar[pl.INT64], pl.Scalar[pl.INT64]]:
        return a + 1, a - 1

    @pl.function
    def chain(self, a: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        x: pl.Scalar[pl.INT64] = a + 1
        x_2: pl.Scalar[pl.INT64] = x * 2
        x_1: pl.Scalar[pl.INT64] = x_2
        x_3: pl.Scalar[pl.INT64] = x_2 - a
        p, q = self.pair(x_3)
        p_1, q_1 = self.pair(p + q)
        a_1: pl.Scalar[pl.INT64] = a + p_1
        return a_1 + x_3 + x_1 + q_1
