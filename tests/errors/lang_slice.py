# expect: slices are not part of the language (at a[0:8])
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[8, 16], pl.FP32]:
        b = a[0:8]
        return b
