# expect: tensor.read needs 2 indices for a rank-2 tensor, got 1
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Scalar[pl.FP32]:
        v = pl.tensor.read(a, [0])
        return v
