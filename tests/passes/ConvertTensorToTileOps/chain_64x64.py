# passes: ConvertTensorToTileOps
# A chain of three element-wise ops on [64, 64] FP32: six tiles of 16 KiB (a, b, s, c, m, y) are
# 96 KiB, within the 192 KiB of Vec, so the whole tensor is one block and there is no loop. Each
# input is loaded once, right before its first use; s and m stay tiles; only y is stored, into
# the new output parameter y_out.
import pypto.language as pl


@pl.program
class Chain:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self, a: pl.Tensor[[64, 64], pl.FP32], b: pl.Tensor[[64, 64], pl.FP32], c: pl.Tensor[[64, 64], pl.FP32]
    ) -> pl.Tensor[[64, 64], pl.FP32]:
        s = pl.tensor.add(a, b)
        m = pl.tensor.mul(s, c)
        y = pl.tensor.sub(m, a)
        return y

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(
        self, a: pl.Tensor[[64, 64], pl.FP32], b: pl.Tensor[[64, 64], pl.FP32], c: pl.Tensor[[64, 64], pl.FP32]
    ) -> pl.Tensor[[64, 64], pl.FP32]:
        y = self.kernel(a, b, c)
        return y
