# pypto.program: BreakContinue
import pypto.language as pl

@pl.program
class BreakContinue:
    @pl.function
    def first_multiple(self, n: pl.Scalar[pl.INT64], k: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        found: pl.Scalar[pl.INT64] = -1
        for i in pl.range(1, n, 1):
            if i % k != 0:
                continue
            found: pl.Scalar[pl.INT64] = i
            break
        return found

    @pl.function
    def count_down(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        m: pl.Scalar[pl.INT64] = n
        while True:
            if m <= 0:
                break
            m: pl.Scalar[pl.INT64] = m - 3
        return m
