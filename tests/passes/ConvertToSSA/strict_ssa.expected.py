# pypto.program: StrictSSA
import pypto.language as pl

@pl.program(strict_ssa=True)
class StrictSSA:
    @pl.function
    def poly(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        x2: pl.Scalar[pl.INT64] = x * x
        x3: pl.Scalar[pl.INT64] = x2 * x
        y: pl.Scalar[pl.INT64] = x3 - 2 * x2 + x - 7
        for i, (acc,) in pl.range(0, 4, 1, init_values=(y,)):
            if acc > 100:
                a2: pl.Scalar[pl.INT64] = pl.yield_(acc - i)
            else:
                a2: pl.Scalar[pl.INT64] = pl.yield_(acc + i)
            out: pl.Scalar[pl.INT64] = pl.yield_(a2)
        return out
