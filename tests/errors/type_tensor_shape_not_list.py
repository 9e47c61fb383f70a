# expect: a tensor shape must be a list ([16, 16])
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, a: pl.Tensor[16, pl.FP32]) -> pl.Tensor[16, pl.FP32]:
        return a
