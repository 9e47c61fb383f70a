# y = exp(a * b * scale + 1.0) on 128x128 FP32 tensors, processed in 32-row blocks.
#
# Shows element-wise multiplication, the scalar forms (muls/adds: `pl.mul(tile, s)` with a
# scalar second operand is tile.muls), a unary op, a scalar parameter passed by the
# orchestration, and a loop that carries the output tensor through its stores.
import pypto.language as pl


@pl.program
class ElementwiseMul:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel_mul_exp(
        self,
        a: pl.Tensor[[128, 128], pl.FP32],
        b: pl.Tensor[[128, 128], pl.FP32],
        scale: pl.Scalar[pl.FP32],
        out: pl.Tensor[[128, 128], pl.FP32],
    ) -> pl.Tensor[[128, 128], pl.FP32]:
        for i, (acc,) in pl.range(0, 128, 32, init_values=(out,)):
            ta = pl.load(a, [i, 0], [32, 128])
            tb = pl.load(b, [i, 0], [32, 128])
            prod = pl.mul(ta, tb)
            scaled = pl.mul(prod, scale)     # tile.muls
            shifted = pl.tile.adds(scaled, 1.0)
            y = pl.exp(shifted)
            stored = pl.store(y, [i, 0], [32, 128], acc)
            result = pl.yield_(stored)
        return result

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(
        self, a: pl.Tensor[[128, 128], pl.FP32], b: pl.Tensor[[128, 128], pl.FP32]
    ) -> pl.Tensor[[128, 128], pl.FP32]:
        y = self.kernel_mul_exp(a, b, 0.5)
        return y
