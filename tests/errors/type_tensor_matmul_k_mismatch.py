# expect: tensor.matmul K mismatch: [64, 128] @ [64, 32]
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, a: pl.Tensor[[64, 128], pl.FP16], b: pl.Tensor[[64, 32], pl.FP16]) -> pl.Tensor[[64, 32], pl.FP32]:
        c = pl.tensor.matmul(a, b, out_dtype=pl.FP32)
        return c
