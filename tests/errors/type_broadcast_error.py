# expect: cannot broadcast [4, 8] with [2, 4, 6]
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, a: pl.Tensor[[4, 8], pl.FP32], b: pl.Tensor[[2, 4, 6], pl.FP32]) -> pl.Tensor[[2, 4, 8], pl.FP32]:
        c = pl.tensor.add(a, b)
        return c
