# pypto.program: ViewsAndOutputs
import pypto.language as pl

@pl.program
class ViewsAndOutputs:
    @pl.function(type=pl.FunctionType.InCore)
    def copy(self, a: pl.Tensor[[32, 128], pl.FP32], out: pl.Out[pl.Tensor[[32, 128], pl.FP32]]) -> pl.Tensor[[32, 128], pl.FP32]:
        t: pl.Tile[[32, 128], pl.FP32] = pl.tile.load(a, [0, 0], [32, 128])
        r: pl.Tensor[[32, 128], pl.FP32] = pl.tile.store(t, [0, 0], [32, 128], out)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def halves(self, x: pl.Tensor[[64, 128], pl.FP32], out: pl.Out[pl.Tensor[[32, 128], pl.FP32]]) -> pl.Tensor[[32, 128], pl.FP32]:
        top_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.load(x, [0, 0], [32, 128])
        bottom_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.load(x, [32, 0], [32, 128])
        s_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.add(top_tile, bottom_tile)
        s: pl.Tensor[[32, 128], pl.FP32] = pl.tile.store(s_tile, [0, 0], [32, 128], out)
        return s
