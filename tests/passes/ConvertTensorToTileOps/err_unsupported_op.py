# passes: ConvertTensorToTileOps
# tensor.transpose has no conversion to tile ops: a positioned error naming it.
import pypto.language as pl


@pl.program
class UnsupportedOp:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, x: pl.Tensor[[64, 32], pl.FP32]) -> pl.Tensor[[32, 64], pl.FP32]:
        t = pl.tensor.transpose(x, 0, 1)
        y = pl.tensor.exp(t)
        return y
