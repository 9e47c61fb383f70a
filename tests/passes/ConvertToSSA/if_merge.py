# passes: ConvertToSSA
# Names given a new value in a branch and read after the if become its return vars: a branch
# that does not assign one yields the value from before the if; an if without else gets an
# else that only yields. Several merged names are yielded in the order of their names. A name
# assigned in a branch but not read after the if (t, u) stays local to its branch.
import pypto.language as pl


@pl.program
class IfMerge:
    @pl.function
    def one(self, a: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        x = 0
        if a > 0:
            x = a * 2
        else:
            x = a - 1
        return x

    @pl.function
    def several(self, a: pl.Scalar[pl.INT64], b: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        lo = a
        hi = b
        if a > b:
            t = a
            lo = b
            hi = t
        else:
            u = b - a
            hi = hi + u
        return hi - lo

    @pl.function
    def without_else(self, a: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        m = a
        if m < 0:
            m = -m
        return m

    @pl.function
    def both_new(self, a: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        if a % 2 == 0:
            half = a // 2
        else:
            half = (a + 1) // 2
        return half
