# passes: InsertSync
# y = exp(a * b * scale + 1.0) over 32-row blocks, after MemoryReuse: two Vec buffers take
# turns (ta, prod, shifted in mem_vec_0; tb, scaled, y in mem_vec_1).
# - Across iterations: the next iteration's loads overwrite buffers that this iteration's
#   vector ops and store still read (WAR V -> MTE2 and MTE3 -> MTE2): each pair is set in the
#   body after the last reader, waited before the load; a set before the loop matches the first
#   iteration's wait and a wait after the loop matches the last iteration's set.
# - In the body: MTE2 -> V once (after the second load), V -> MTE3 before the store, and a
#   bar_v between dependent vector ops. The store's WAR on mem_vec_1 against the next
#   iteration's tile.muls needs nothing more: MTE3 -> MTE2 -> V orders it through the chain.
import pypto.language as pl


@pl.program
class RowLoop:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel_mul_exp(
        self,
        a: pl.Tensor[[128, 128], pl.FP32, pl.MemRef("mem_ddr_0", 0, 65536)],
        b: pl.Tensor[[128, 128], pl.FP32, pl.MemRef("mem_ddr_1", 0, 65536)],
        scale: pl.Scalar[pl.FP32],
        out: pl.Out[pl.Tensor[[128, 128], pl.FP32, pl.MemRef("mem_ddr_2", 0, 65536)]],
    ) -> pl.Tensor[[128, 128], pl.FP32, pl.MemRef("mem_ddr_2", 0, 65536)]:
        mem_vec_0: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 16384)
        mem_vec_1: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 16384)
        for i, (acc,) in pl.range(0, 128, 32, init_values=(out,)):
            ta: pl.Tile[[32, 128], pl.FP32, pl.MemRef(mem_vec_0, 0, 16384), pl.Mem.Vec] = pl.tile.load(a, [i, 0], [32, 128])
            tb: pl.Tile[[32, 128], pl.FP32, pl.MemRef(mem_vec_1, 0, 16384), pl.Mem.Vec] = pl.tile.load(b, [i, 0], [32, 128])
            prod: pl.Tile[[32, 128], pl.FP32, pl.MemRef(mem_vec_0, 0, 16384), pl.Mem.Vec] = pl.tile.mul(ta, tb)
            scaled: pl.Tile[[32, 128], pl.FP32, pl.MemRef(mem_vec_1, 0, 16384), pl.Mem.Vec] = pl.tile.muls(prod, scale)
            shifted: pl.Tile[[32, 128], pl.FP32, pl.MemRef(mem_vec_0, 0, 16384), pl.Mem.Vec] = pl.tile.adds(scaled, 1.0)
            y: pl.Tile[[32, 128], pl.FP32, pl.MemRef(mem_vec_1, 0, 16384), pl.Mem.Vec] = pl.tile.exp(shifted)
            stored: pl.Tensor[[128, 128], pl.FP32, pl.MemRef("mem_ddr_2", 0, 65536)] = pl.tile.store(y, [i, 0], [32, 128], acc)
            result: pl.Tensor[[128, 128], pl.FP32, pl.MemRef("mem_ddr_2", 0, 65536)] = pl.yield_(stored)
        return result
