# pypto.program: RowBlocking
import pypto.language as pl

@pl.program
class RowBlocking:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[1024, 512], pl.FP32], b: pl.Tensor[[1024, 512], pl.FP32], y_out: pl.Out[pl.Tensor[[1024, 512], pl.FP32]]) -> pl.Tensor[[1024, 512], pl.FP32]:
        for i, (y_iter,) in pl.range(0, 1024, 16, init_values=(y_out,)):
            a_tile: pl.Tile[[16, 512], pl.FP32] = pl.tile.load(a, [i, 0], [16, 512])
            b_tile: pl.Tile[[16, 512], pl.FP32] = pl.tile.load(b, [i, 0], [16, 512])
            s_tile: pl.Tile[[16, 512], pl.FP32] = pl.tile.add(a_tile, b_tile)
            y_tile: pl.Tile[[16, 512], pl.FP32] = pl.tile.exp(s_tile)
            y_store: pl.Tensor[[1024, 512], pl.FP32] = pl.tile.store(y_tile, [i, 0], [16, 512], y_iter)
            y: pl.Tensor[[1024, 512], pl.FP32] = pl.yield_(y_store)
        return y
