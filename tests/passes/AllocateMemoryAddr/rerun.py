# passes: AllocateMemoryAddr
# A program that already has addresses (a dump after AllocateMemoryAddr, written by hand with
# a wasteful plan: tc at 2048 though ta is free by then) is planned again: the old allocs are
# dropped, each buffer keeps its tiles' relative offsets, and the buffers are laid side by side.
import pypto.language as pl


@pl.program
class Rerun:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel_add(
        self,
        a: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_0", 0, 1024)],
        b: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 1024)],
        out: pl.Out[pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_2", 0, 1024)]],
    ) -> pl.Tensor[[16, 16], pl.FP32]:
        mem_vec_0: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 4096)
        ta: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_0, 0, 1024), pl.Mem.Vec] = pl.tile.load(a, [0, 0], [16, 16])
        tb: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_0, 1024, 1024), pl.Mem.Vec] = pl.tile.load(b, [0, 0], [16, 16])
        tc: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_0, 2048, 1024), pl.Mem.Vec] = pl.tile.add(ta, tb)
        r: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_2", 0, 1024)] = pl.tile.store(tc, [0, 0], [16, 16], out)
        return r
