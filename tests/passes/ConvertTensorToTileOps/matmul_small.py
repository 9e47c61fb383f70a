# passes: ConvertTensorToTileOps
# A matmul that fits in one block: A [64, 128] FP16 is 16 KiB in Left (64 KiB), B [128, 64] is
# 16 KiB in Right, C [64, 64] FP32 is 16 KiB in Acc (128 KiB). Load into Mat, move into Left and
# Right, tile.matmul, then tile.l0c_store into the output.
import pypto.language as pl


@pl.program
class MatmulSmall:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[64, 128], pl.FP16], b: pl.Tensor[[128, 64], pl.FP16]) -> pl.Tensor[[64, 64], pl.FP32]:
        c = pl.tensor.matmul(a, b, out_dtype=pl.FP32)
        return c

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[64, 128], pl.FP16], b: pl.Tensor[[128, 64], pl.FP16]) -> pl.Tensor[[64, 64], pl.FP32]:
        c = self.kernel(a, b)
        return c
