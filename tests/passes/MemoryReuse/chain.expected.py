# pypto.program: Chain
import pypto.language as pl

@pl.program
class Chain:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, x: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_0", 0, 1024)], out: pl.Out[pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 1024)]]) -> pl.Tensor[[16, 16], pl.FP32]:
        t1: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [16, 16])
        t2: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_1", 0, 1024), pl.Mem.Vec] = pl.tile.exp(t1)
        t3: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.tile.muls(t2, 2.0)
        t4: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_1", 0, 1024), pl.Mem.Vec] = pl.tile.adds(t3, 1.0)
        t5: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.tile.relu(t4)
        t6: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_1", 0, 1024), pl.Mem.Vec] = pl.tile.sqrt(t5)
        r: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 1024)] = pl.tile.store(t6, [0, 0], [16, 16], out)
        return r
