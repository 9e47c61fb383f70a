# expect: '&' needs integer operands, got FP32
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.FP32]) -> pl.Scalar[pl.FP32]:
        y = x & 1
        return y
