# passes: Simplify
# Scalars bound to literals are propagated and folded; the assignments go. Copies `y = x` go
# too; scalar code whose result is unused goes.
import pypto.language as pl


@pl.program
class Constants:
    @pl.function
    def f(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        block = 16
        rows = block * 4
        half: pl.Scalar[pl.INT32] = 8
        unused = n * rows + 1
        scaled = n * rows
        copy = scaled
        for i, (acc,) in pl.range(0, rows // block, 1, init_values=(copy,)):
            step = i * half
            nxt = acc + pl.cast(step, pl.INT64)
            out = pl.yield_(nxt)
        return out
