# pypto.program: NestedLoops
import pypto.language as pl

@pl.program
class NestedLoops:
    @pl.function
    def triangle(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        s: pl.Scalar[pl.INT64] = 0
        for i, (s_1,) in pl.range(0, n, 1, init_values=(s,)):
            for j, (s_2,) in pl.range(0, i, 1, init_values=(s_1,)):
                s_3: pl.Scalar[pl.INT64] = s_2 + j
                s_4: pl.Scalar[pl.INT64] = pl.yield_(s_3)
            s_5: pl.Scalar[pl.INT64] = s_4 + i
            s_6: pl.Scalar[pl.INT64] = pl.yield_(s_5)
        for i_1, (s_7,) in pl.range(0, 3, 1, init_values=(s_6,)):
            s_8: pl.Scalar[pl.INT64] = s_7 * 2
            s_9: pl.Scalar[pl.INT64] = pl.yield_(s_8)
        return s_9
