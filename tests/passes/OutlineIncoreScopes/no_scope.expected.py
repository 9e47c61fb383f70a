# pypto.program: NoScope
import pypto.language as pl

@pl.program
class NoScope:
    @pl.function
    def main(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        b: pl.Tensor[[16, 16], pl.FP32] = pl.tensor.exp(a)
        return b
