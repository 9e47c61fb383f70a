# pypto.program: Dynamic
import pypto.language as pl

@pl.program
class Dynamic:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, x: pl.Tensor[[64, 16], pl.FP32, pl.MemRef("mem_ddr_0", 0, 4096)], n: pl.Scalar[pl.INT64], out: pl.Out[pl.Tensor[[64, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 4096)]]) -> pl.Tensor[[64, 16], pl.FP32]:
        s: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [16, 16])
        o1: pl.Tensor[[64, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 4096)] = pl.tile.store(s, [0, 0], [16, 16], out)
        t: pl.Tile[[n, 16], pl.FP32, pl.MemRef("mem_vec_1", 0, n * 64), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [n, 16])
        e: pl.Tile[[n, 16], pl.FP32, pl.MemRef("mem_vec_2", 0, n * 64), pl.Mem.Vec] = pl.tile.exp(t)
        o2: pl.Tensor[[64, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 4096)] = pl.tile.store(e, [0, 0], [n, 16], o1)
        return o2
