# pypto.program: RowReductions
import pypto.language as pl

@pl.program
class RowReductions:
    @pl.function(type=pl.FunctionType.InCore)
    def softmax(self, x: pl.Tensor[[256, 64], pl.FP32], y_out: pl.Out[pl.Tensor[[256, 64], pl.FP32]], r_out: pl.Out[pl.Tensor[[256, 1], pl.FP32]]) -> tuple[pl.Tensor[[256, 64], pl.FP32], pl.Tensor[[256, 1], pl.FP32]]:
        for i, (y_iter, r_iter) in pl.range(0, 256, 64, init_values=(y_out, r_out)):
            x_tile: pl.Tile[[64, 64], pl.FP32] = pl.tile.load(x, [i, 0], [64, 64])
            m_tmp: pl.Tile[[64, 64], pl.FP32] = pl.tile.create_tile([64, 64], dtype=pl.FP32, target_memory=pl.Mem.Vec)
            m_tile: pl.Tile[[64, 1], pl.FP32] = pl.tile.row_max(x_tile, m_tmp)
            s_tile: pl.Tile[[64, 64], pl.FP32] = pl.tile.row_expand_sub(x_tile, m_tile)
            e_tile: pl.Tile[[64, 64], pl.FP32] = pl.tile.exp(s_tile)
            r_tmp: pl.Tile[[64, 64], pl.FP32] = pl.tile.create_tile([64, 64], dtype=pl.FP32, target_memory=pl.Mem.Vec)
            r_tile: pl.Tile[[64, 1], pl.FP32] = pl.tile.row_sum(e_tile, r_tmp)
            r_store: pl.Tensor[[256, 1], pl.FP32] = pl.tile.store(r_tile, [i, 0], [64, 1], r_iter)
            y_tile: pl.Tile[[64, 64], pl.FP32] = pl.tile.row_expand_div(e_tile, r_tile)
            y_store: pl.Tensor[[256, 64], pl.FP32] = pl.tile.store(y_tile, [i, 0], [64, 64], y_iter)
            y, r = pl.yield_(y_store, r_store)
        return y, r
