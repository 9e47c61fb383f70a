# expect: a shape dimension must be positive (-4)
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, a: pl.Tensor[[-4, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        return a
