# pypto.program: Cast
import pypto.language as pl

@pl.program
class Cast:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, x: pl.Tensor[[64, 64], pl.FP32], h_out: pl.Out[pl.Tensor[[64, 64], pl.FP16]]) -> pl.Tensor[[64, 64], pl.FP16]:
        x_tile: pl.Tile[[64, 64], pl.FP32] = pl.tile.load(x, [0, 0], [64, 64])
        h_tile: pl.Tile[[64, 64], pl.FP16] = pl.tile.cast(x_tile, target_type=pl.FP16, mode="rint")
        h: pl.Tensor[[64, 64], pl.FP16] = pl.tile.store(h_tile, [0, 0], [64, 64], h_out)
        return h
