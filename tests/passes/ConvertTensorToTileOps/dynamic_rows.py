# passes: ConvertTensorToTileOps
# A dynamic row count N: the loop runs to N, and the block is the largest power of two up to 128
# rows that fits: three tiles of B * 512 bytes (x, s, y) at B = 128 are 196608 bytes, exactly
# the Vec capacity. (N must be a multiple of 128 at run time.)
import pypto.language as pl

N = pl.dynamic("N")


@pl.program
class DynamicRows:
    @pl.function(type=pl.FunctionType.InCore)
    def scale_rows(self, x: pl.Tensor[[N, 128], pl.FP32], alpha: pl.Scalar[pl.FP32]) -> pl.Tensor[[N, 128], pl.FP32]:
        s = pl.tensor.mul_scalar(x, alpha)
        y = pl.tensor.exp(s)
        return y

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, x: pl.Tensor[[N, 128], pl.FP32]) -> pl.Tensor[[N, 128], pl.FP32]:
        y = self.scale_rows(x, 2.0)
        return y
