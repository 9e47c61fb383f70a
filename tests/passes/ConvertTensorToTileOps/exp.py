# passes: ConvertTensorToTileOps
# tensor.exp of an FP16 tensor stays FP16; of an INT32 tensor it is FP32, so the tile is cast to
# FP32 before tile.exp (the vector unit computes on the result's dtype).
import pypto.language as pl


@pl.program
class Exp:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self, h: pl.Tensor[[32, 128], pl.FP16], n: pl.Tensor[[32, 128], pl.INT32]
    ) -> tuple[pl.Tensor[[32, 128], pl.FP16], pl.Tensor[[32, 128], pl.FP32]]:
        eh = pl.tensor.exp(h)
        en = pl.tensor.exp(n)
        return eh, en
