# pypto.program: SeveralScopes
import pypto.language as pl

@pl.program
class SeveralScopes:
    @pl.function
    def helper(self, x: pl.Tensor[[64, 128], pl.FP32]) -> pl.Tensor[[64, 128], pl.FP32]:
        r: pl.Tensor[[64, 128], pl.FP32] = pl.tensor.exp(x)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def main_incore_0(self, bias: pl.Tensor[[64, 128], pl.FP32], gate: pl.Tensor[[64, 128], pl.FP32], x: pl.Tensor[[64, 128], pl.FP32]) -> tuple[pl.Tensor[[64, 128], pl.FP32], pl.Tensor[[64, 128], pl.FP32]]:
        s: pl.Tensor[[64, 128], pl.FP32] = pl.tensor.add(x, bias)
        e: pl.Tensor[[64, 128], pl.FP32] = pl.tensor.exp(gate)
        y: pl.Tensor[[64, 128], pl.FP32] = pl.tensor.mul(s, e)
        z: pl.Tensor[[64, 128], pl.FP32] = pl.tensor.mul_scalar(y, 0.5)
        return s, z

    @pl.function(type=pl.FunctionType.InCore)
    def main_incore_1(self, s: pl.Tensor[[64, 128], pl.FP32], x: pl.Tensor[[64, 128], pl.FP32], z: pl.Tensor[[64, 128], pl.FP32]) -> pl.Tensor[[64, 128], pl.FP32]:
        w: pl.Tensor[[64, 128], pl.FP32] = pl.tensor.add(z, x)
        m: pl.Tensor[[64, 128], pl.FP32] = pl.tensor.maximum(w, s)
        return m

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, x: pl.Tensor[[64, 128], pl.FP32], gate: pl.Tensor[[64, 128], pl.FP32], bias: pl.Tensor[[64, 128], pl.FP32]) -> pl.Tensor[[64, 128], pl.FP32]:
        s, z = self.main_incore_0(bias, gate, x)
        m: pl.Tensor[[64, 128], pl.FP32] = self.main_incore_1(s, x, z)
        return m
