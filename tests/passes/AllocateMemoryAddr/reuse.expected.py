# pypto.program: RMSNorm
import pypto.language as pl

@pl.program
class RMSNorm:
    @pl.function(type=pl.FunctionType.InCore)
    def rmsnorm_kernel(self, x: pl.Tensor[[64, 128], pl.FP32, pl.MemRef("mem_ddr_0", 0, 32768)], weight: pl.Tensor[[1, 128], pl.FP32, pl.MemRef("mem_ddr_1", 0, 512)], out: pl.Out[pl.Tensor[[64, 128], pl.FP32, pl.MemRef("mem_ddr_2", 0, 32768)]]) -> pl.Tensor[[64, 128], pl.FP32]:
        mem_vec_0: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 32768)
        mem_vec_1: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 512)
        mem_vec_2: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 65536)
        mem_vec_3: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 2048)
        tx: pl.Tile[[64, 128], pl.FP32, pl.MemRef(mem_vec_0, 0, 32768), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [64, 128])
        tw: pl.Tile[[1, 128], pl.FP32, pl.MemRef(mem_vec_1, 32768, 512), pl.Mem.Vec] = pl.tile.load(weight, [0, 0], [1, 128])
        tmp: pl.Tile[[64, 128], pl.FP32, pl.MemRef(mem_vec_2, 33280, 32768), pl.Mem.Vec] = pl.tile.create_tile([64, 128], dtype=pl.FP32, target_memory=pl.Mem.Vec)
        sq: pl.Tile[[64, 128], pl.FP32, pl.MemRef(mem_vec_2, 66048, 32768), pl.Mem.Vec] = pl.tile.mul(tx, tx)
        sum_sq: pl.Tile[[64, 1], pl.FP32, pl.MemRef(mem_vec_3, 98816, 2048), pl.Mem.Vec] = pl.tile.row_sum(sq, tmp)
        mean_sq: pl.Tile[[64, 1], pl.FP32, pl.MemRef(mem_vec_2, 33280, 2048), pl.Mem.Vec] = pl.tile.muls(sum_sq, 0.0078125)
        var_eps: pl.Tile[[64, 1], pl.FP32, pl.MemRef(mem_vec_2, 35328, 2048), pl.Mem.Vec] = pl.tile.adds(mean_sq, 1e-06)
        inv_rms: pl.Tile[[64, 1], pl.FP32, pl.MemRef(mem_vec_2, 33280, 2048), pl.Mem.Vec] = pl.tile.rsqrt(var_eps)
        normed: pl.Tile[[64, 128], pl.FP32, pl.MemRef(mem_vec_2, 35328, 32768), pl.Mem.Vec] = pl.tile.row_expand_mul(tx, inv_rms)
        y: pl.Tile[[64, 128], pl.FP32, pl.MemRef(mem_vec_0, 0, 32768), pl.Mem.Vec] = pl.tile.col_expand_mul(normed, tw)
        result: pl.Tensor[[64, 128], pl.FP32, pl.MemRef("mem_ddr_2", 0, 32768)] = pl.tile.store(y, [0, 0], [64, 128], out)
        return result
