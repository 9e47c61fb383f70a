# passes: InitMemRef,MemoryReuse
# Softmax over four row blocks. tmp is made before the loop and read in every iteration, so
# it lives through the whole loop and shares with nothing. In an iteration at most two
# [16, 16] tiles and one [16, 1] row vector are live besides tmp: tx and e share mem_vec_1,
# shifted and y mem_vec_3, row_max and row_sum (64 bytes each) mem_vec_2. 3136 bytes in all,
# the most live at once.
import pypto.language as pl


@pl.program
class Softmax:
    @pl.function(type=pl.FunctionType.InCore)
    def softmax_kernel(self, x: pl.Tensor[[64, 16], pl.FP32], out: pl.Out[pl.Tensor[[64, 16], pl.FP32]]) -> pl.Tensor[[64, 16], pl.FP32]:
        tmp = pl.tile.create_tile([16, 16], dtype=pl.FP32, target_memory=pl.Mem.Vec)
        for r, (o,) in pl.range(0, 64, 16, init_values=(out,)):
            tx = pl.load(x, [r, 0], [16, 16])
            row_max: pl.Tile[[16, 1], pl.FP32] = pl.tile.row_max(tx, tmp)
            shifted = pl.tile.row_expand_sub(tx, row_max)
            e = pl.exp(shifted)
            row_sum: pl.Tile[[16, 1], pl.FP32] = pl.tile.row_sum(e, tmp)
            y = pl.tile.row_expand_div(e, row_sum)
            o_next = pl.store(y, [r, 0], [16, 16], o)
            result = pl.yield_(o_next)
        return result
