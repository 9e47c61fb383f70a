# pypto.program: MixedSizes
import pypto.language as pl

@pl.program
class MixedSizes:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, x: pl.Tensor[[64, 64], pl.FP32, pl.MemRef("mem_ddr_0", 0, 16384)], out: pl.Out[pl.Tensor[[64, 64], pl.FP32, pl.MemRef("mem_ddr_1", 0, 16384)]]) -> pl.Tensor[[64, 64], pl.FP32]:
        d: pl.Tile[[32, 32], pl.FP32, pl.MemRef("mem_vec_0", 0, 4096), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [32, 32])
        a: pl.Tile[[64, 64], pl.FP32, pl.MemRef("mem_vec_1", 0, 16384), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [64, 64])
        o1: pl.Tensor[[64, 64], pl.FP32, pl.MemRef("mem_ddr_1", 0, 16384)] = pl.tile.store(a, [0, 0], [64, 64], out)
        b: pl.Tile[[32, 64], pl.FP32, pl.MemRef("mem_vec_1", 0, 8192), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [32, 64])
        c: pl.Tile[[32, 64], pl.FP32, pl.MemRef("mem_vec_1", 8192, 8192), pl.Mem.Vec] = pl.tile.load(x, [32, 0], [32, 64])
        o2: pl.Tensor[[64, 64], pl.FP32, pl.MemRef("mem_ddr_1", 0, 16384)] = pl.tile.store(b, [0, 0], [32, 64], o1)
        o3: pl.Tensor[[64, 64], pl.FP32, pl.MemRef("mem_ddr_1", 0, 16384)] = pl.tile.store(c, [32, 0], [32, 64], o2)
        o4: pl.Tensor[[64, 64], pl.FP32, pl.MemRef("mem_ddr_1", 0, 16384)] = pl.tile.store(d, [0, 0], [32, 32], o3)
        return o4
