# passes: ConvertTensorToTileOps
# C [256, 256] FP32 = A [256, 512] FP16 @ B [512, 256] FP16, blocked to fit the cube's buffers:
#   Acc (128 KiB): [256, 256] FP32 is 256 KiB, too big; M halves: [128, 256] is 128 KiB. Mb = 128.
#   Left (64 KiB): A block [128, Kb] FP16; Right (64 KiB): B block [Kb, 256] FP16.
#     Kb = 512: Left 128 KiB, too big; Kb = 256: Left 64 KiB, Right 128 KiB, too big;
#     Kb = 128: Left 32 KiB, Right 64 KiB; Mat (512 KiB) holds both (96 KiB). Kb = 128.
# So: a loop over 2 row blocks of C; in it, the first K block starts the accumulator with
# tile.matmul and a loop over the other 3 K blocks adds with tile.matmul_acc, carrying it.
import pypto.language as pl


@pl.program
class MatmulBlocked:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[256, 512], pl.FP16], b: pl.Tensor[[512, 256], pl.FP16]) -> pl.Tensor[[256, 256], pl.FP32]:
        c = pl.tensor.matmul(a, b, out_dtype=pl.FP32)
        return c
