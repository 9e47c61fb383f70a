# passes: ConvertTensorToTileOps
# One row of the three tiles (x, s, y: 3 * 65536 * 4 bytes) exceeds the Vec capacity, and only
# rows are blocked.
import pypto.language as pl


@pl.program
class TooWide:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, x: pl.Tensor[[8, 65536], pl.FP32]) -> pl.Tensor[[8, 65536], pl.FP32]:
        s = pl.tensor.mul_scalar(x, 2.0)
        y = pl.tensor.exp(s)
        return y
