# passes: ConvertToSSA
# A strict_ssa program binds every name once: the pass leaves it exactly as it is.
import pypto.language as pl


@pl.program(strict_ssa=True)
class StrictSSA:
    @pl.function
    def poly(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        x2 = x * x
        x3 = x2 * x
        y = x3 - 2 * x2 + x - 7
        for i, (acc,) in pl.range(0, 4, 1, init_values=(y,)):
            if acc > 100:
                a2 = pl.yield_(acc - i)
            else:
                a2 = pl.yield_(acc + i)
            out = pl.yield_(a2)
        return out
