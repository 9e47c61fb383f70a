# pypto.program: NestedIfs
import pypto.language as pl

@pl.program
class NestedIfs:
    @pl.function
    def classify(self, v: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        if v < 0:
            c: pl.Scalar[pl.INT64] = -1
            c_1: pl.Scalar[pl.INT64] = pl.yield_(c)
        else:
            if v == 0:
                c_2: pl.Scalar[pl.INT64] = 0
                c_3: pl.Scalar[pl.INT64] = pl.yield_(c_2)
            else:
                c_4: pl.Scalar[pl.INT64] = 1
                c_3: pl.Scalar[pl.INT64] = pl.yield_(c_4)
            c_1: pl.Scalar[pl.INT64] = pl.yield_(c_3)
        return c_1

    @pl.function
    def clamp(self, v: pl.Scalar[pl.INT64], lo: pl.Scalar[pl.INT64], hi: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        r: pl.Scalar[pl.INT64] = v
        clipped: pl.Scalar[pl.BOOL] = False
        if v < lo:
            r_1: pl.Scalar[pl.INT64] = lo
            clipped_1: pl.Scalar[pl.BOOL] = True
            clipped_2, r_2 = pl.yield_(clipped_1, r_1)
        else:
            if v > hi:
                r_3: pl.Scalar[pl.INT64] = hi
                clipped_3: pl.Scalar[pl.BOOL] = True
                clipped_4, r_4 = pl.yield_(clipped_3, r_3)
            else:
                clipped_4, r_4 = pl.yield_(clipped, r)
            clipped_2, r_2 = pl.yield_(clipped_4, r_4)
        if clipped_2:
            r_5: pl.Scalar[pl.INT64] = r_2 * 1
            r_6: pl.Scalar[pl.INT64] = pl.yield_(r_5)
        else:
            r_6: pl.Scalar[pl.INT64] = pl.yield_(r_2)
        return r_6
