# passes: ConvertTensorToTileOps
# A dynamic column count: rows may be dynamic, columns must be constants.
import pypto.language as pl

M = pl.dynamic("M")


@pl.program
class DynamicColumns:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, x: pl.Tensor[[64, M], pl.FP32]) -> pl.Tensor[[64, M], pl.FP32]:
        y = pl.tensor.exp(x)
        return y
