# passes: InsertSync
# Event ids are per (set pipe, wait pipe) and reused once waited. Each exp waits only for its
# own load, so three MTE2 -> V events are in flight at once (ids 0, 1, 2), and each store for its
# own exp (V -> MTE3, ids 0, 1, 2); the second round of loads starts after the first round's
# events were all waited, and takes ids 0, 1, 2 again: twelve pairs, three ids per pipe pair.
import pypto.language as pl


@pl.program
class EventReuse:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self,
        x: pl.Tensor[[96, 16], pl.FP32, pl.MemRef("mem_ddr_0", 0, 6144)],
        out: pl.Out[pl.Tensor[[96, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 6144)]],
    ) -> pl.Tensor[[96, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 6144)]:
        mem_vec_0: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_1: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_2: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_3: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_4: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_5: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_6: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_7: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_8: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_9: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_10: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_11: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        t0_0: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_0, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [16, 16])
        t0_1: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_1, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [16, 0], [16, 16])
        t0_2: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_2, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [32, 0], [16, 16])
        e0_0: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_3, 0, 1024), pl.Mem.Vec] = pl.tile.exp(t0_0)
        e0_1: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_4, 0, 1024), pl.Mem.Vec] = pl.tile.exp(t0_1)
        e0_2: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_5, 0, 1024), pl.Mem.Vec] = pl.tile.exp(t0_2)
        o0: pl.Tensor[[96, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 6144)] = pl.tile.store(e0_0, [0, 0], [16, 16], out)
        o1: pl.Tensor[[96, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 6144)] = pl.tile.store(e0_1, [16, 0], [16, 16], o0)
        o2: pl.Tensor[[96, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 6144)] = pl.tile.store(e0_2, [32, 0], [16, 16], o1)
        t1_0: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_6, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [48, 0], [16, 16])
        t1_1: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_7, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [64, 0], [16, 16])
        t1_2: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_8, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [80, 0], [16, 16])
        e1_0: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_9, 0, 1024), pl.Mem.Vec] = pl.tile.exp(t1_0)
        e1_1: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_10, 0, 1024), pl.Mem.Vec] = pl.tile.exp(t1_1)
        e1_2: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_11, 0, 1024), pl.Mem.Vec] = pl.tile.exp(t1_2)
        o3: pl.Tensor[[96, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 6144)] = pl.tile.store(e1_0, [48, 0], [16, 16], o2)
        o4: pl.Tensor[[96, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 6144)] = pl.tile.store(e1_1, [64, 0], [16, 16], o3)
        o5: pl.Tensor[[96, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 6144)] = pl.tile.store(e1_2, [80, 0], [16, 16], o4)
        return o5
