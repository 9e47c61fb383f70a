# pypto.program: Softmax
import pypto.language as pl

@pl.program
class Softmax:
    @pl.function(type=pl.FunctionType.InCore)
    def softmax_kernel(self, x: pl.Tensor[[64, 16], pl.FP32, pl.MemRef("mem_ddr_0", 0, 4096)], out: pl.Out[pl.Tensor[[64, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 4096)]]) -> pl.Tensor[[64, 16], pl.FP32]:
        tmp: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.tile.create_tile([16, 16], dtype=pl.FP32, target_memory=pl.Mem.Vec)
        for r, (o,) in pl.range(0, 64, 16, init_values=(out,)):
            tx: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_1", 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [r, 0], [16, 16])
            row_max: pl.Tile[[16, 1], pl.FP32, pl.MemRef("mem_vec_2", 0, 512), pl.Mem.Vec] = pl.tile.row_max(tx, tmp)
            shifted: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_3", 0, 1024), pl.Mem.Vec] = pl.tile.row_expand_sub(tx, row_max)
            e: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_1", 0, 1024), pl.Mem.Vec] = pl.tile.exp(shifted)
            row_sum: pl.Tile[[16, 1], pl.FP32, pl.MemRef("mem_vec_2", 0, 512), pl.Mem.Vec] = pl.tile.row_sum(e, tmp)
            y: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_3", 0, 1024), pl.Mem.Vec] = pl.tile.row_expand_div(e, row_sum)
            o_next: pl.Tensor[[64, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 4096)] = pl.tile.store(y, [r, 0], [16, 16], o)
            result: pl.Tensor[[64, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 4096)] = pl.yield_(o_next)
        return result
