# pypto.program: TwoShare
import pypto.language as pl

@pl.program
class TwoShare:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, x: pl.Tensor[[32, 16], pl.FP32, pl.MemRef("mem_ddr_0", 0, 2048)], out: pl.Out[pl.Tensor[[32, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 2048)]]) -> pl.Tensor[[32, 16], pl.FP32]:
        a: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [16, 16])
        b: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_1", 0, 1024), pl.Mem.Vec] = pl.tile.exp(a)
        o1: pl.Tensor[[32, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 2048)] = pl.tile.store(b, [0, 0], [16, 16], out)
        c: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [16, 0], [16, 16])
        d: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_1", 0, 1024), pl.Mem.Vec] = pl.tile.exp(c)
        o2: pl.Tensor[[32, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 2048)] = pl.tile.store(d, [16, 0], [16, 16], o1)
        return o2
