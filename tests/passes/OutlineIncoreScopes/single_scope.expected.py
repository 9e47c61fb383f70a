# pypto.program: SingleScope
import pypto.language as pl

@pl.program
class SingleScope:
    @pl.function(type=pl.FunctionType.InCore)
    def main_incore_0(self, a: pl.Tensor[[64, 64], pl.FP32], b: pl.Tensor[[64, 64], pl.FP32]) -> pl.Tensor[[64, 64], pl.FP32]:
        t: pl.Tensor[[64, 64], pl.FP32] = pl.tensor.add(a, b)
        y: pl.Tensor[[64, 64], pl.FP32] = pl.tensor.exp(t)
        return y

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, b: pl.Tensor[[64, 64], pl.FP32], a: pl.Tensor[[64, 64], pl.FP32]) -> pl.Tensor[[64, 64], pl.FP32]:
        y: pl.Tensor[[64, 64], pl.FP32] = self.main_incore_0(a, b)
        return y
