# pypto.program: IncoreScope
import pypto.language as pl

@pl.program
class IncoreScope:
    @pl.function
    def gate(self, x: pl.Tensor[[64, 128], pl.FP32], g: pl.Tensor[[64, 128], pl.FP32]) -> pl.Tensor[[64, 128], pl.FP32]:
        y: pl.Tensor[[64, 128], pl.FP32] = pl.tensor.add(x, g)
        with pl.incore():
            y_1: pl.Tensor[[64, 128], pl.FP32] = pl.tensor.mul_scalar(y, 0.5)
            z: pl.Tensor[[64, 128], pl.FP32] = pl.tensor.exp(y_1)
        y_2: pl.Tensor[[64, 128], pl.FP32] = pl.tensor.add(y_1, z)
        return y_2
