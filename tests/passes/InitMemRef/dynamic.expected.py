# pypto.program: DynamicRows
import pypto.language as pl

N = pl.dynamic("N")

@pl.program
class DynamicRows:
    @pl.function(type=pl.FunctionType.InCore)
    def scale_rows(self, x: pl.Tensor[[N, 128], pl.FP32, pl.MemRef("mem_ddr_0", 0, N * 128 * 4)], alpha: pl.Scalar[pl.FP32], out: pl.Tensor[[N, 128], pl.FP32, pl.MemRef("mem_ddr_1", 0, N * 128 * 4)]) -> pl.Tensor[[N, 128], pl.FP32]:
        for i, (acc,) in pl.range(0, N, 32, init_values=(out,)):
            t: pl.Tile[[32, 128], pl.FP32, pl.MemRef("mem_vec_0", 0, 16384), pl.Mem.Vec] = pl.tile.load(x, [i, 0], [32, 128])
            s: pl.Tile[[32, 128], pl.FP32, pl.MemRef("mem_vec_1", 0, 16384), pl.Mem.Vec] = pl.tile.muls(t, alpha)
            u: pl.Tile[[32, 128], pl.FP32, pl.MemRef("mem_vec_2", 0, 16384), pl.Mem.Vec] = pl.tile.exp(s)
            stored: pl.Tensor[[N, 128], pl.FP32, pl.MemRef("mem_ddr_1", 0, N * 128 * 4)] = pl.tile.store(u, [i, 0], [32, 128], acc)
            result: pl.Tensor[[N, 128], pl.FP32, pl.MemRef("mem_ddr_1", 0, N * 128 * 4)] = pl.yield_(stored)
        return result
