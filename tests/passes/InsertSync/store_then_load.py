# passes: InsertSync
# Global memory is a buffer too: the second load reads the output tensor that the first store
# wrote, so it waits for MTE3 (MTE3 -> MTE2). The store of the loaded tile waits for its load
# (MTE2 -> MTE3), and the two stores into the same tensor need nothing between them (one DMA
# queue completes in order).
import pypto.language as pl


@pl.program
class StoreThenLoad:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self,
        x: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_0", 0, 1024)],
        out: pl.Out[pl.Tensor[[32, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 2048)]],
    ) -> pl.Tensor[[32, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 2048)]:
        mem_vec_0: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_1: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        t: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_0, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [16, 16])
        r1: pl.Tensor[[32, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 2048)] = pl.tile.store(t, [0, 0], [16, 16], out)
        u: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_1, 0, 1024), pl.Mem.Vec] = pl.tile.load(r1, [0, 0], [16, 16])
        e: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_1, 0, 1024), pl.Mem.Vec] = pl.tile.exp(u)
        r2: pl.Tensor[[32, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 2048)] = pl.tile.store(e, [16, 0], [16, 16], r1)
        return r2
