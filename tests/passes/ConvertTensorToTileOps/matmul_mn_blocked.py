# passes: ConvertTensorToTileOps
# Both M and N blocked, through a view of A: C [256, 1024] FP32 = A [256, 128] @ B [128, 1024].
#   Acc: [256, 1024] FP32 is 1 MiB; the larger block halves first: N 512 (512 KiB), N 256
#   (256 KiB), then M 128 (M >= N): [128, 256] is 128 KiB.
#   Left [128, 128] FP16 32 KiB, Right [128, 256] 64 KiB, Mat 96 KiB: K is not blocked.
# Two loops: over row blocks (i) and, inside, column blocks (j), the output carried through both.
# A is a window of x (rows 64..319): its loads add the window's offset.
import pypto.language as pl


@pl.program
class MatmulMNBlocked:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, x: pl.Tensor[[512, 128], pl.FP16], b: pl.Tensor[[128, 1024], pl.FP16]) -> pl.Tensor[[256, 1024], pl.FP32]:
        a = pl.tensor.view(x, [256, 128], [64, 0])
        c = pl.tensor.matmul(a, b, out_dtype=pl.FP32)
        return c
