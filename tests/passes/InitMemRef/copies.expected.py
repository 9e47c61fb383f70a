# pypto.program: Copies
import pypto.language as pl

@pl.program
class Copies:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, x: pl.Tensor[[64, 16], pl.FP32, pl.MemRef("mem_ddr_0", 0, 4096)], out: pl.Out[pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 1024)]]) -> pl.Tensor[[16, 16], pl.FP32]:
        first: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [16, 16])
        first_copy: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_1", 0, 1024), pl.Mem.Vec] = pl.tile.ub_copy(first)
        first_copy_1: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_2", 0, 1024), pl.Mem.Vec] = pl.tile.ub_copy(first)
        for i, (prev, other) in pl.range(1, 4, 1, init_values=(first_copy, first_copy_1)):
            t: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_3", 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [i * 16, 0], [16, 16])
            nxt: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_4", 0, 1024), pl.Mem.Vec] = pl.tile.add(prev, t)
            d: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_2", 0, 1024), pl.Mem.Vec] = pl.tile.sub(nxt, prev)
            nxt_copy: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_1", 0, 1024), pl.Mem.Vec] = pl.tile.ub_copy(nxt)
            r1, r2 = pl.yield_(nxt_copy, d)
        for j, (a, b) in pl.range(0, 4, 1, init_values=(r1, r2)):
            b_tmp: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_5", 0, 1024), pl.Mem.Vec] = pl.tile.ub_copy(b)
            a_tmp: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_6", 0, 1024), pl.Mem.Vec] = pl.tile.ub_copy(a)
            b_tmp_copy: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_1", 0, 1024), pl.Mem.Vec] = pl.tile.ub_copy(b_tmp)
            a_tmp_copy: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_2", 0, 1024), pl.Mem.Vec] = pl.tile.ub_copy(a_tmp)
            a2, b2 = pl.yield_(b_tmp_copy, a_tmp_copy)
        s: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_7", 0, 1024), pl.Mem.Vec] = pl.tile.add(a2, first)
        s2: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_8", 0, 1024), pl.Mem.Vec] = pl.tile.add(s, b2)
        r: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 1024)] = pl.tile.store(s2, [0, 0], [16, 16], out)
        return r
