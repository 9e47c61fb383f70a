# expect: unknown type pl.Matrix
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, a: pl.Matrix[[16, 16], pl.FP32]) -> pl.Scalar[pl.INT64]:
        return 0
