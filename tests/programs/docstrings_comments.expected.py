# pypto.program: Documented
import pypto.language as pl

@pl.program
class Documented:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, x: pl.Tensor[[16, 16], pl.FP32], out: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        t: pl.Tile[[16, 16], pl.FP32] = pl.tile.load(x, [0, 0], [16, 16])
        u: pl.Tile[[16, 16], pl.FP32] = pl.tile.abs(t)
        r: pl.Tensor[[16, 16], pl.FP32] = pl.tile.store(u, [0, 0], [16, 16], out)
        return r
