# pypto.program: Aliases
import pypto.language as pl

@pl.program
class Aliases:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, x: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_0", 0, 1024)], q: pl.Tensor[[16, 15], pl.INT4, pl.MemRef("mem_ddr_1", 0, 120)], mask: pl.Tensor[[8, 8], pl.BOOL, pl.MemRef("mem_ddr_2", 0, 8)], out: pl.Out[pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_3", 0, 1024)]]) -> pl.Tensor[[16, 16], pl.FP32]:
        v: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [16, 16])
        w: pl.Tile[[256, 1], pl.FP32, pl.MemRef("mem_vec_0", 0, 8192), pl.Mem.Vec] = pl.tile.reshape(v, [256, 1])
        y: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = v
        unused: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_1", 0, 1024), pl.Mem.Vec] = pl.tile.exp(y)
        tq: pl.Tile[[16, 15], pl.INT4, pl.MemRef("mem_vec_2", 0, 512), pl.Mem.Vec] = pl.tile.load(q, [0, 0], [16, 15])
        tm: pl.Tile[[8, 8], pl.BOOL, pl.MemRef("mem_vec_3", 0, 256), pl.Mem.Vec] = pl.tile.load(mask, [0, 0], [8, 8])
        for i, (acc,) in pl.range(0, 2, 1, init_values=(y,)):
            yielded: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.tile.add(acc, acc)
            acc_out: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.yield_(yielded)
        r: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_3", 0, 1024)] = pl.tile.store(acc_out, [0, 0], [16, 16], out)
        return r
