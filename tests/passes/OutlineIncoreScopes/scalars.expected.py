# pypto.program: Scalars
import pypto.language as pl

N = pl.dynamic("N")

@pl.program
class Scalars:
    @pl.function(type=pl.FunctionType.InCore)
    def main_incore_0(self, beta: pl.Scalar[pl.FP32], x: pl.Tensor[[N, 128], pl.FP32]) -> tuple[pl.Scalar[pl.FP32], pl.Tensor[[N, 128], pl.FP32]]:
        gamma: pl.Scalar[pl.FP32] = beta + 1.0
        y: pl.Tensor[[N, 128], pl.FP32] = pl.tensor.mul_scalar(x, gamma)
        return gamma, y

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, x: pl.Tensor[[N, 128], pl.FP32], alpha: pl.Scalar[pl.FP32]) -> tuple[pl.Tensor[[N, 128], pl.FP32], pl.Scalar[pl.FP32]]:
        beta: pl.Scalar[pl.FP32] = alpha * 2.0
        gamma, y = self.main_incore_0(beta, x)
        delta: pl.Scalar[pl.FP32] = gamma * alpha
        return y, delta
