# passes: InsertSync
# A while loop may run no iteration at all: the store after it may then read the first load's
# tile itself, so besides V -> MTE3 it waits for that load (MTE2 -> MTE3, set right after the
# load and in flight across the loop). Inside, the carried tile (in mem_vec_0) is updated in
# place by a vector op reading the block just loaded into mem_vec_1; the next iteration's load
# into mem_vec_1 waits for that op (V -> MTE2 across iterations, set before the loop, waited
# after it).
import pypto.language as pl


@pl.program
class WhileLoop:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self,
        x: pl.Tensor[[64, 16], pl.FP32, pl.MemRef("mem_ddr_0", 0, 4096)],
        n: pl.Scalar[pl.INT64],
        out: pl.Out[pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 1024)]],
    ) -> pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 1024)]:
        mem_vec_0: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_1: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        acc0: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_0, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [16, 16])
        for (k, acc) in pl.while_(init_values=(1, acc0)):
            pl.cond(k < n)
            t: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_1, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [k * 16, 0], [16, 16])
            s: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_0, 0, 1024), pl.Mem.Vec] = pl.tile.add(acc, t)
            k_out, acc_out = pl.yield_(k + 1, s)
        r: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 1024)] = pl.tile.store(acc_out, [0, 0], [16, 16], out)
        return r
