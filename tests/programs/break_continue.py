# break and continue in for and while loops.
import pypto.language as pl


@pl.program
class BreakContinue:
    @pl.function
    def first_multiple(self, n: pl.Scalar[pl.INT64], k: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        found = -1
        for i in pl.range(1, n):
            if i % k != 0:
                continue
            found = i
            break
        return found

    @pl.function
    def count_down(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        m = n
        while True:
            if m <= 0:
                break
            m = m - 3
        return m
