# pypto.program: Broadcast
import pypto.language as pl

@pl.program
class Broadcast:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, h: pl.Tensor[[256, 128], pl.FP16], bias: pl.Tensor[[1, 128], pl.FP32], scale: pl.Tensor[[1, 128], pl.FP32], u: pl.Tensor[[1, 128], pl.FP32], col: pl.Tensor[[256, 1], pl.FP32], t_out: pl.Out[pl.Tensor[[256, 128], pl.FP32]], v_out: pl.Out[pl.Tensor[[1, 128], pl.FP32]]) -> tuple[pl.Tensor[[256, 128], pl.FP32], pl.Tensor[[1, 128], pl.FP32]]:
        scale_tile: pl.Tile[[1, 128], pl.FP32] = pl.tile.load(scale, [0, 0], [1, 128])
        u_tile: pl.Tile[[1, 128], pl.FP32] = pl.tile.load(u, [0, 0], [1, 128])
        v_tile: pl.Tile[[1, 128], pl.FP32] = pl.tile.add(scale_tile, u_tile)
        v: pl.Tensor[[1, 128], pl.FP32] = pl.tile.store(v_tile, [0, 0], [1, 128], v_out)
        bias_tile: pl.Tile[[1, 128], pl.FP32] = pl.tile.load(bias, [0, 0], [1, 128])
        for i, (t_iter,) in pl.range(0, 256, 32, init_values=(t_out,)):
            h_tile: pl.Tile[[32, 128], pl.FP16] = pl.tile.load(h, [i, 0], [32, 128])
            h_cast: pl.Tile[[32, 128], pl.FP32] = pl.tile.cast(h_tile, target_type=pl.FP32)
            p_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.col_expand_mul(h_cast, v_tile)
            bias_target: pl.Tile[[32, 128], pl.FP32] = pl.tile.create_tile([32, 128], dtype=pl.FP32, target_memory=pl.Mem.Vec)
            bias_expand: pl.Tile[[32, 128], pl.FP32] = pl.tile.col_expand(bias_target, bias_tile)
            q_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.add(p_tile, bias_expand)
            col_tile: pl.Tile[[32, 1], pl.FP32] = pl.tile.load(col, [i, 0], [32, 1])
            t_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.row_expand_add(q_tile, col_tile)
            t_store: pl.Tensor[[256, 128], pl.FP32] = pl.tile.store(t_tile, [i, 0], [32, 128], t_iter)
            t: pl.Tensor[[256, 128], pl.FP32] = pl.yield_(t_store)
        return t, v
