# passes: ConvertTensorToTileOps
# A matmul and a vector op in one kernel: the kernel would run on the cube and the vector unit.
import pypto.language as pl


@pl.program
class CubeAndVector:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[64, 64], pl.FP16], b: pl.Tensor[[64, 64], pl.FP16]) -> pl.Tensor[[64, 64], pl.FP16]:
        c = pl.tensor.matmul(a, b)
        d = pl.tensor.exp(a)
        return d
