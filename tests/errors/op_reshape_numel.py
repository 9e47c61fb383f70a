# expect: tensor.reshape from 256 to 64 elements
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[8, 8], pl.FP32]:
        b = pl.tensor.reshape(a, [8, 8])
        return b
