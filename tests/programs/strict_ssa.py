# strict_ssa=True: every name is bound once (a valid program in that mode).
import pypto.language as pl


@pl.program(strict_ssa=True)
class StrictSSA:
    @pl.function
    def poly(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        x2 = x * x
        x3 = x2 * x
        y = x3 - 2 * x2 + x - 7
        for i, (acc,) in pl.range(0, 4, 1, init_values=(y,)):
            acc2 = acc + i
            out = pl.yield_(acc2)
        return out
