# expect: tensor.dim axis 2 out of range for a rank-2 tensor
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Scalar[pl.INT64]:
        n = pl.tensor.dim(a, 2)
        return n
