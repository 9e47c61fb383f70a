# Element-wise addition of two 64x64 FP32 matrices on one AI core.
#
# The InCore kernel loads both inputs into vector-unit tiles, adds them and stores the
# sum; the orchestration function launches it as one task. The kernel's trailing `out`
# parameter is left out of the call, so the caller gets a fresh output tensor.
import pypto.language as pl


@pl.program
class ElementwiseAdd:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel_add(
        self,
        a: pl.Tensor[[64, 64], pl.FP32],
        b: pl.Tensor[[64, 64], pl.FP32],
        out: pl.Tensor[[64, 64], pl.FP32],
    ) -> pl.Tensor[[64, 64], pl.FP32]:
        ta: pl.Tile[[64, 64], pl.FP32] = pl.load(a, [0, 0], [64, 64])
        tb: pl.Tile[[64, 64], pl.FP32] = pl.load(b, [0, 0], [64, 64])
        tc: pl.Tile[[64, 64], pl.FP32] = pl.add(ta, tb)
        result: pl.Tensor[[64, 64], pl.FP32] = pl.store(tc, [0, 0], [64, 64], out)
        return result

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(
        self, a: pl.Tensor[[64, 64], pl.FP32], b: pl.Tensor[[64, 64], pl.FP32]
    ) -> pl.Tensor[[64, 64], pl.FP32]:
        c: pl.Tensor[[64, 64], pl.FP32] = self.kernel_add(a, b)
        return c
