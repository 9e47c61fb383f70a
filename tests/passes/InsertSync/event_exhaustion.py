# passes: InsertSync
# Nine loads into nine buffers, then nine exps, each reading one load: nine MTE2 -> V events
# would be in flight before the first exp, one more than the eight event ids of a pipe pair.
import pypto.language as pl


@pl.program
class EventExhaustion:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self,
        x: pl.Tensor[[144, 16], pl.FP32, pl.MemRef("mem_ddr_0", 0, 9216)],
        out: pl.Out[pl.Tensor[[144, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 9216)]],
    ) -> pl.Tensor[[144, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 9216)]:
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
        mem_vec_12: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_13: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_14: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_15: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_16: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_17: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        t0_0: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_0, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [16, 16])
        t0_1: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_1, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [16, 0], [16, 16])
        t0_2: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_2, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [32, 0], [16, 16])
        t0_3: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_3, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [48, 0], [16, 16])
        t0_4: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_4, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [64, 0], [16, 16])
        t0_5: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_5, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [80, 0], [16, 16])
        t0_6: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_6, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [96, 0], [16, 16])
        t0_7: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_7, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [112, 0], [16, 16])
        t0_8: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_8, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [128, 0], [16, 16])
        e0_0: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_9, 0, 1024), pl.Mem.Vec] = pl.tile.exp(t0_0)
        e0_1: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_10, 0, 1024), pl.Mem.Vec] = pl.tile.exp(t0_1)
        e0_2: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_11, 0, 1024), pl.Mem.Vec] = pl.tile.exp(t0_2)
        e0_3: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_12, 0, 1024), pl.Mem.Vec] = pl.tile.exp(t0_3)
        e0_4: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_13, 0, 1024), pl.Mem.Vec] = pl.tile.exp(t0_4)
        e0_5: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_14, 0, 1024), pl.Mem.Vec] = pl.tile.exp(t0_5)
        e0_6: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_15, 0, 1024), pl.Mem.Vec] = pl.tile.exp(t0_6)
        e0_7: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_16, 0, 1024), pl.Mem.Vec] = pl.tile.exp(t0_7)
        e0_8: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_17, 0, 1024), pl.Mem.Vec] = pl.tile.exp(t0_8)
        o0: pl.Tensor[[144, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 9216)] = pl.tile.store(e0_0, [0, 0], [16, 16], out)
        o1: pl.Tensor[[144, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 9216)] = pl.tile.store(e0_1, [16, 0], [16, 16], o0)
        o2: pl.Tensor[[144, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 9216)] = pl.tile.store(e0_2, [32, 0], [16, 16], o1)
        o3: pl.Tensor[[144, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 9216)] = pl.tile.store(e0_3, [48, 0], [16, 16], o2)
        o4: pl.Tensor[[144, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 9216)] = pl.tile.store(e0_4, [64, 0], [16, 16], o3)
        o5: pl.Tensor[[144, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 9216)] = pl.tile.store(e0_5, [80, 0], [16, 16], o4)
        o6: pl.Tensor[[144, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 9216)] = pl.tile.store(e0_6, [96, 0], [16, 16], o5)
        o7: pl.Tensor[[144, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 9216)] = pl.tile.store(e0_7, [112, 0], [16, 16], o6)
        o8: pl.Tensor[[144, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 9216)] = pl.tile.store(e0_8, [128, 0], [16, 16], o7)
        return o8
