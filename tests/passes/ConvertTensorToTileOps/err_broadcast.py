# passes: ConvertTensorToTileOps
# maximum with a [R, 1] column: there is no row_expand form of it.
import pypto.language as pl


@pl.program
class Broadcast:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, x: pl.Tensor[[64, 64], pl.FP32], c: pl.Tensor[[64, 1], pl.FP32]) -> pl.Tensor[[64, 64], pl.FP32]:
        y = pl.tensor.maximum(x, c)
        return y
