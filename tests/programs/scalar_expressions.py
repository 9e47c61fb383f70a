# Scalar arithmetic: precedence, parentheses, unary operators, min/max/abs, casts, booleans,
# bit operations, floats in several spellings.
import pypto.language as pl


@pl.program
class ScalarExpressions:
    @pl.function
    def ints(self, a: pl.Scalar[pl.INT64], b: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        c = a + b * 2 - (a - b) // 3 % 5
        d = (a + b) * (a - b)
        e = a - (b - c)
        f = -a + ~b
        g = a ** 2 ** 2
        h = (a ** 2) ** 2
        i = (a << 2) | (b >> 1) & 255 ^ 3
        j = min(a, b) + max(c, d) - abs(e)
        k = j + f + g + h + i
        return k

    @pl.function
    def floats(self, x: pl.Scalar[pl.FP32]) -> pl.Scalar[pl.FP32]:
        y = x * 0.1 + 1e-05 - 2.5e3 / x
        z = -y + 1.0 + .5 + 3.
        w = pl.cast(z, pl.FP16)
        v = pl.cast(w, pl.FP32) * 1.0
        return v

    @pl.function
    def bools(self, a: pl.Scalar[pl.INT64], b: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.BOOL]:
        p = a < b and not a == 0 or b >= 10
        q = (a != b) and (p or False)
        r = not (q and True)
        return r

    @pl.function
    def casts(self, a: pl.Scalar[pl.INT32]) -> pl.Scalar[pl.INT64]:
        b = pl.cast(a, pl.INT64)
        c = pl.cast(7, pl.INT32)
        d = a + c
        e = b + pl.cast(d, pl.INT64)
        return e
