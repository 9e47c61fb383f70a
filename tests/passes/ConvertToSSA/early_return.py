# passes: ConvertToSSA
# A branch that returns reaches nothing after the if. When the other branch assigns a name
# read after the if, the statements after the if move into that branch instead of merging.
# A return that merges nothing leaves the if as it is.
import pypto.language as pl


@pl.program
class EarlyReturn:
    @pl.function
    def first(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        x = 1
        if n > 0:
            return x
        else:
            x = n * n
        x = x + 1
        return x

    @pl.function
    def guard(self, n: pl.Scalar[pl.INT64]):
        if n > 0:
            return
        pl.system.bar_all()

    @pl.function
    def nested(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        # The inner if ends its branch, so nothing can move into it: its returning branch
        # yields a value that is never used (x from before the if; a zero for y, which has
        # none).
        x = 0
        if n > 0:
            if n > 10:
                return n
            else:
                x = n
                y = n + 1
        else:
            y = 2
        return x + y
