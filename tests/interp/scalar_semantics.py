# Interpreter test: Python's floor division and modulo on negatives, true division, integer wrap
# at the dtype's width, shifts, and casts of scalars.
# run: --entry divmod_ --set a=-7 --set b=2
# expect: return0: INT64 = -4
# expect: return1: INT64 = 1
# expect: return2: FP32 = -3.5
# run: --entry divmod_ --set a=7 --set b=-2
# expect: return0: INT64 = -4
# expect: return1: INT64 = -1
# run: --entry wrap --set a=2147483647
# expect: return0: INT32 = -2147483648
# expect: return1: INT8 = 44
# expect: return2: INT64 = -4
# run: --entry float_to_int --set x=-2.75
# expect: return0: INT32 = -2
# expect: return1: FP16 = -2.75
import pypto.language as pl


@pl.program
class ScalarSemantics:
    @pl.function
    def divmod_(
        self, a: pl.Scalar[pl.INT64], b: pl.Scalar[pl.INT64]
    ) -> tuple[pl.Scalar[pl.INT64], pl.Scalar[pl.INT64], pl.Scalar[pl.FP32]]:
        return a // b, a % b, a / b

    @pl.function
    def wrap(self, a: pl.Scalar[pl.INT32]) -> tuple[pl.Scalar[pl.INT32], pl.Scalar[pl.INT8], pl.Scalar[pl.INT64]]:
        one = pl.cast(1, pl.INT32)
        s = a + one
        t = pl.cast(a - 2147483347, pl.INT8)
        u = -8
        v = u >> 1
        return s, t, v

    @pl.function
    def float_to_int(self, x: pl.Scalar[pl.FP32]) -> tuple[pl.Scalar[pl.INT32], pl.Scalar[pl.FP16]]:
        i = pl.cast(x, pl.INT32)
        h = pl.cast(x, pl.FP16)
        return i, h
