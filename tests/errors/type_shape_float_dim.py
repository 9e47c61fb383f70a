# expect: a shape dimension must be an integer (16.0)
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, a: pl.Tensor[[16.0, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        return a
