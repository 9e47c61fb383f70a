# Interpreter test: sum 0..9 with loop-carried values, in plain (non-SSA) style, with a while
# loop, with break and with continue; and with a call per iteration of a function whose
# variable is assigned on some paths, and a name first assigned inside the loop read after it.
# run: --entry sum_carried
# expect: return0: INT64 = 45
# run: --entry sum_plain
# expect: return0: INT64 = 45
# run: --entry sum_while
# expect: return0: INT64 = 45
# run: --entry sum_break
# expect: return0: INT64 = 10
# run: --entry sum_continue --set n=10
# expect: return0: INT64 = 20
# run: --entry countdown --set n=10
# expect: return0: INT64 = -2
# run: --entry sum_calls
# expect: return0: INT64 = 29
import pypto.language as pl


@pl.program
class LoopSum:
    @pl.function
    def sum_carried(self) -> pl.Scalar[pl.INT64]:
        for i, (acc,) in pl.range(0, 10, 1, init_values=(0,)):
            nxt = pl.yield_(acc + i)
        return nxt

    @pl.function
    def sum_plain(self) -> pl.Scalar[pl.INT64]:
        total = 0
        for i in pl.range(10):
            total = total + i
        return total

    @pl.function
    def sum_while(self) -> pl.Scalar[pl.INT64]:
        total = 0
        i = 0
        while i < 10:
            total = total + i
            i = i + 1
        return total

    @pl.function
    def sum_break(self) -> pl.Scalar[pl.INT64]:
        total = 0
        for i in pl.range(100):
            if i == 5:
                break
            total = total + i
        return total

    @pl.function
    def sum_continue(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        total = 0
        for i in pl.range(n):
            if i % 2 == 1:
                continue
            total = total + i
        return total

    @pl.function
    def countdown(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for (m,) in pl.while_(init_values=(n,)):
            pl.cond(m > 0)
            m2 = pl.yield_(m - 3)
        return m2

    @pl.function
    def add_if_even(self, x: pl.Scalar[pl.INT64], i: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        r = x
        if i % 2 == 0:
            r = x + i
        return r

    @pl.function
    def sum_calls(self) -> pl.Scalar[pl.INT64]:
        total = 0
        for i in pl.range(10):
            total = self.add_if_even(total, i)
            last = i
        return total + last
