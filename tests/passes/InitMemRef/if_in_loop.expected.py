# pypto.program: IfInLoop
import pypto.language as pl

@pl.program
class IfInLoop:
    @pl.function(type=pl.FunctionType.InCore)
    def running_max(self, x: pl.Tensor[[256, 64], pl.FP32, pl.MemRef("mem_ddr_0", 0, 65536)], out: pl.Out[pl.Tensor[[64, 64], pl.FP32, pl.MemRef("mem_ddr_1", 0, 16384)]]) -> pl.Tensor[[64, 64], pl.FP32]:
        first: pl.Tile[[64, 64], pl.FP32, pl.MemRef("mem_vec_0", 0, 16384), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [64, 64])
        for i, (best,) in pl.range(1, 4, 1, init_values=(first,)):
            t: pl.Tile[[64, 64], pl.FP32, pl.MemRef("mem_vec_1", 0, 16384), pl.Mem.Vec] = pl.tile.load(x, [i * 64, 0], [64, 64])
            if i == 3:
                m: pl.Tile[[64, 64], pl.FP32, pl.MemRef("mem_vec_2", 0, 16384), pl.Mem.Vec] = pl.tile.maximum(best, t)
                clamped: pl.Tile[[64, 64], pl.FP32, pl.MemRef("mem_vec_0", 0, 16384), pl.Mem.Vec] = pl.tile.relu(m)
                nxt: pl.Tile[[64, 64], pl.FP32, pl.MemRef("mem_vec_0", 0, 16384), pl.Mem.Vec] = pl.yield_(clamped)
            else:
                m2: pl.Tile[[64, 64], pl.FP32, pl.MemRef("mem_vec_0", 0, 16384), pl.Mem.Vec] = pl.tile.maximum(best, t)
                nxt: pl.Tile[[64, 64], pl.FP32, pl.MemRef("mem_vec_0", 0, 16384), pl.Mem.Vec] = pl.yield_(m2)
            best_out: pl.Tile[[64, 64], pl.FP32, pl.MemRef("mem_vec_0", 0, 16384), pl.Mem.Vec] = pl.yield_(nxt)
        r: pl.Tensor[[64, 64], pl.FP32, pl.MemRef("mem_ddr_1", 0, 16384)] = pl.tile.store(best_out, [0, 0], [64, 64], out)
        return r
