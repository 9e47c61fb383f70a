# pypto.program: ElifYield
import pypto.language as pl

@pl.program
class ElifYield:
    @pl.function
    def bucket(self, v: pl.Scalar[pl.INT32]) -> pl.Scalar[pl.INT32]:
        if v < 10:
            b: pl.Scalar[pl.INT32] = pl.yield_(pl.cast(0, pl.INT32))
        else:
            if v < 100:
                b: pl.Scalar[pl.INT32] = pl.yield_(pl.cast(1, pl.INT32))
            else:
                if v < 1000:
                    b: pl.Scalar[pl.INT32] = pl.yield_(pl.cast(2, pl.INT32))
                else:
                    b: pl.Scalar[pl.INT32] = pl.yield_(pl.cast(3, pl.INT32))
                b: pl.Scalar[pl.INT32] = pl.yield_(b)
            b: pl.Scalar[pl.INT32] = pl.yield_(b)
        return b

    @pl.function
    def side_effect_only(self, v: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        if v > 0:
            pass
        else:
            if v < -5:
                pl.system.bar_all()
        return v
