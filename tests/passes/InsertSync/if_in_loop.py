# passes: InsertSync
# A running maximum over four row blocks with a branch in the loop (control_flow.py's kernel,
# after the memory passes). A dependency into or out of the if is synchronised around the
# whole if, so sets and waits balance whichever branch runs: the loads of the next iteration
# wait (V -> MTE2) for the maximum ops of either branch, set after the if; the branches wait
# (MTE2 -> V) once, before the if. Only the relu branch has a vector op depending on another
# (bar_v). The loop surely runs (constant bounds), so after it the store's dependency on the
# first load is already ordered through the loop's pairs.
import pypto.language as pl


@pl.program
class IfInLoop:
    @pl.function(type=pl.FunctionType.InCore)
    def running_max(
        self,
        x: pl.Tensor[[256, 64], pl.FP32, pl.MemRef("mem_ddr_0", 0, 65536)],
        out: pl.Out[pl.Tensor[[64, 64], pl.FP32, pl.MemRef("mem_ddr_1", 0, 16384)]],
    ) -> pl.Tensor[[64, 64], pl.FP32, pl.MemRef("mem_ddr_1", 0, 16384)]:
        mem_vec_0: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 16384)
        mem_vec_1: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 16384)
        mem_vec_2: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 16384)
        first: pl.Tile[[64, 64], pl.FP32, pl.MemRef(mem_vec_0, 0, 16384), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [64, 64])
        for i, (best,) in pl.range(1, 4, 1, init_values=(first,)):
            t: pl.Tile[[64, 64], pl.FP32, pl.MemRef(mem_vec_1, 0, 16384), pl.Mem.Vec] = pl.tile.load(x, [i * 64, 0], [64, 64])
            if i == 3:
                m: pl.Tile[[64, 64], pl.FP32, pl.MemRef(mem_vec_2, 0, 16384), pl.Mem.Vec] = pl.tile.maximum(best, t)
                clamped: pl.Tile[[64, 64], pl.FP32, pl.MemRef(mem_vec_0, 0, 16384), pl.Mem.Vec] = pl.tile.relu(m)
                nxt: pl.Tile[[64, 64], pl.FP32, pl.MemRef(mem_vec_0, 0, 16384), pl.Mem.Vec] = pl.yield_(clamped)
            else:
                m2: pl.Tile[[64, 64], pl.FP32, pl.MemRef(mem_vec_0, 0, 16384), pl.Mem.Vec] = pl.tile.maximum(best, t)
                nxt: pl.Tile[[64, 64], pl.FP32, pl.MemRef(mem_vec_0, 0, 16384), pl.Mem.Vec] = pl.yield_(m2)
            best_out: pl.Tile[[64, 64], pl.FP32, pl.MemRef(mem_vec_0, 0, 16384), pl.Mem.Vec] = pl.yield_(nxt)
        r: pl.Tensor[[64, 64], pl.FP32, pl.MemRef("mem_ddr_1", 0, 16384)] = pl.tile.store(best_out, [0, 0], [64, 64], out)
        return r
