# passes: ConvertTensorToTileOps
# [1024, 512] FP32 does not fit Vec (192 KiB = 196608 bytes) as one block. A block of B rows
# holds four tiles (a, b, s, y) of B * 512 * 4 bytes:
#   B = 1024: 4 * 2 MiB = 8 MiB;  ...  B = 32: 4 * 65536 = 262144 > 196608;
#   B = 16:   4 * 32768 = 131072 <= 196608
# so the loop steps over the rows 16 at a time (64 iterations), carrying the output tensor.
import pypto.language as pl


@pl.program
class RowBlocking:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[1024, 512], pl.FP32], b: pl.Tensor[[1024, 512], pl.FP32]) -> pl.Tensor[[1024, 512], pl.FP32]:
        s = pl.tensor.add(a, b)
        y = pl.tensor.exp(s)
        return y
