# pypto.program: IfValues
import pypto.language as pl

@pl.program
class IfValues:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, x: pl.Tensor[[32, 16], pl.FP32, pl.MemRef("mem_ddr_0", 0, 2048)], n: pl.Scalar[pl.INT64], out: pl.Out[pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 1024)]]) -> pl.Tensor[[16, 16], pl.FP32]:
        a: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [16, 16])
        b: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_1", 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [16, 0], [16, 16])
        if n > 2:
            a_copy: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_2", 0, 1024), pl.Mem.Vec] = pl.tile.ub_copy(a)
            c: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_2", 0, 1024), pl.Mem.Vec] = pl.yield_(a_copy)
        else:
            b_copy: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_2", 0, 1024), pl.Mem.Vec] = pl.tile.ub_copy(b)
            c: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_2", 0, 1024), pl.Mem.Vec] = pl.yield_(b_copy)
        if n > 3:
            e: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.yield_(a)
        else:
            f: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.tile.exp(b)
            e: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.yield_(f)
        s: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_3", 0, 1024), pl.Mem.Vec] = pl.tile.add(c, e)
        r: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 1024)] = pl.tile.store(s, [0, 0], [16, 16], out)
        return r
