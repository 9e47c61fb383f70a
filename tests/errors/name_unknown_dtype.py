# expect: unknown data type pl.FP64
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, a: pl.Tensor[[16, 16], pl.FP64]) -> pl.Tensor[[16, 16], pl.FP64]:
        return a
