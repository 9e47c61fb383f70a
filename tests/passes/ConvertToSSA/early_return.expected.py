# pypto.program: EarlyReturn
import pypto.language as pl

@pl.program
class EarlyReturn:
    @pl.function
    def first(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        x: pl.Scalar[pl.INT64] = 1
        if n > 0:
            return x
        else:
            x_1: pl.Scalar[pl.INT64] = n * n
            x_2: pl.Scalar[pl.INT64] = x_1 + 1
            return x_2

    @pl.function
    def guard(self, n: pl.Scalar[pl.INT64]):
        if n > 0:
            return
        pl.system.bar_all()

    @pl.function
    def nested(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        x: pl.Scalar[pl.INT64] = 0
        if n > 0:
            if n > 10:
                return n
                x_1, y = pl.yield_(x, 0)
            else:
                x_2: pl.Scalar[pl.INT64] = n
                y_1: pl.Scalar[pl.INT64] = n + 1
                x_1, y = pl.yield_(x_2, y_1)
            x_3, y_2 = pl.yield_(x_1, y)
        else:
            y_3: pl.Scalar[pl.INT64] = 2
            x_3, y_2 = pl.yield_(x, y_3)
        return x_3 + y_2
