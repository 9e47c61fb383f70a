# passes: ConvertTensorToTileOps
# tensor.cast becomes tile.cast with the same attributes (target_type, mode).
import pypto.language as pl


@pl.program
class Cast:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, x: pl.Tensor[[64, 64], pl.FP32]) -> pl.Tensor[[64, 64], pl.FP16]:
        h = pl.tensor.cast(x, target_type=pl.FP16, mode="rint")
        return h
