# passes: AllocateMemoryAddr
# A plan written by hand that puts ta and tb at the same bytes while both are live (tc reads
# both): AllocateMemoryAddr refuses it rather than give them one address.
import pypto.language as pl


@pl.program
class BadPlan:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel_add(
        self,
        a: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_0", 0, 1024)],
        b: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 1024)],
        out: pl.Out[pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_2", 0, 1024)]],
    ) -> pl.Tensor[[16, 16], pl.FP32]:
        ta: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.tile.load(a, [0, 0], [16, 16])
        tb: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 512, 1024), pl.Mem.Vec] = pl.tile.load(b, [0, 0], [16, 16])
        tc: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_1", 0, 1024), pl.Mem.Vec] = pl.tile.add(ta, tb)
        r: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_2", 0, 1024)] = pl.tile.store(tc, [0, 0], [16, 16], out)
        return r
