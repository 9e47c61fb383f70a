# passes: InsertSync
# The smallest pipeline: load (MTE2) -> exp (V) -> store (MTE3). One MTE2 -> V pair, one
# V -> MTE3 pair, each with event 0, and bar_all at the end of the kernel.
import pypto.language as pl


@pl.program
class LoadExpStore:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel_exp(
        self,
        x: pl.Tensor[[32, 32], pl.FP32, pl.MemRef("mem_ddr_0", 0, 4096)],
        out: pl.Out[pl.Tensor[[32, 32], pl.FP32, pl.MemRef("mem_ddr_1", 0, 4096)]],
    ) -> pl.Tensor[[32, 32], pl.FP32, pl.MemRef("mem_ddr_1", 0, 4096)]:
        mem_vec_0: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 4096)
        mem_vec_1: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 4096)
        tx: pl.Tile[[32, 32], pl.FP32, pl.MemRef(mem_vec_0, 0, 4096), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [32, 32])
        te: pl.Tile[[32, 32], pl.FP32, pl.MemRef(mem_vec_1, 0, 4096), pl.Mem.Vec] = pl.tile.exp(tx)
        r: pl.Tensor[[32, 32], pl.FP32, pl.MemRef("mem_ddr_1", 0, 4096)] = pl.tile.store(te, [0, 0], [32, 32], out)
        return r
