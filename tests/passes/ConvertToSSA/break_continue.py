# passes: ConvertToSSA
# break and continue in loops that carry values are lowered into flags first. Where a branch
# ends with them, the rest of the body moves into the other branch (a continue then simply
# disappears); elsewhere the rest runs under `if not _cont:`. break sets _brk, which the loop
# carries: a for loop's body runs under `if not _brk:`, a while loop tests `not _brk` in its
# condition. A loop that carries nothing keeps its break/continue.
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

    @pl.function
    def odd_sum(self, n: pl.Scalar[pl.INT64], limit: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        s = 0
        for i in pl.range(n):
            if i % 2 == 0:
                if i > 10:
                    continue
                s = s - 1
            s = s + i
            if s > limit:
                break
        return s

    @pl.function
    def no_values(self, n: pl.Scalar[pl.INT64]):
        for i in pl.range(n):
            if i == 3:
                continue
            if i == 5:
                break
            pl.system.bar_v()
