# pypto.program: ScalarExpressions
import pypto.language as pl

@pl.program
class ScalarExpressions:
    @pl.function
    def ints(self, a: pl.Scalar[pl.INT64], b: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        c: pl.Scalar[pl.INT64] = a + b * 2 - (a - b) // 3 % 5
        d: pl.Scalar[pl.INT64] = (a + b) * (a - b)
        e: pl.Scalar[pl.INT64] = a - (b - c)
        f: pl.Scalar[pl.INT64] = -a + ~b
        g: pl.Scalar[pl.INT64] = a ** 4
        h: pl.Scalar[pl.INT64] = (a ** 2) ** 2
        i: pl.Scalar[pl.INT64] = a << 2 | b >> 1 & 255 ^ 3
        j: pl.Scalar[pl.INT64] = min(a, b) + max(c, d) - abs(e)
        k: pl.Scalar[pl.INT64] = j + f + g + h + i
        return k

    @pl.function
    def floats(self, x: pl.Scalar[pl.FP32]) -> pl.Scalar[pl.FP32]:
        y: pl.Scalar[pl.FP32] = x * 0.1 + 1e-05 - 2500.0 / x
        z: pl.Scalar[pl.FP32] = -y + 1.0 + 0.5 + 3.0
        w: pl.Scalar[pl.FP16] = pl.cast(z, pl.FP16)
        v: pl.Scalar[pl.FP32] = pl.cast(w, pl.FP32) * 1.0
        return v

    @pl.function
    def bools(self, a: pl.Scalar[pl.INT64], b: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.BOOL]:
        p: pl.Scalar[pl.BOOL] = a < b and not a == 0 or b >= 10
        q: pl.Scalar[pl.BOOL] = a != b and (p or False)
        r: pl.Scalar[pl.BOOL] = not (q and True)
        return r

    @pl.function
    def casts(self, a: pl.Scalar[pl.INT32]) -> pl.Scalar[pl.INT64]:
        b: pl.Scalar[pl.INT64] = pl.cast(a, pl.INT64)
        c: pl.Scalar[pl.INT32] = pl.cast(7, pl.INT32)
        d: pl.Scalar[pl.INT32] = a + c
        e: pl.Scalar[pl.INT64] = b + pl.cast(d, pl.INT64)
        return e
