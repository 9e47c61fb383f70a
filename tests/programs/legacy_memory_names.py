# The older memory-space names (UB, L1, L0A, L0B, L0C), pl.MemorySpace, and integer
# target_memory values (0..5 = DDR, UB, L1, L0A, L0B, L0C).
import pypto.language as pl


@pl.program
class LegacyMemoryNames:
    @pl.function(type=pl.FunctionType.InCore)
    def mm(
        self,
        a: pl.Tensor[[32, 32], pl.FP16],
        b: pl.Tensor[[32, 32], pl.FP16],
        c: pl.Tensor[[32, 32], pl.FP32],
    ) -> pl.Tensor[[32, 32], pl.FP32]:
        a1 = pl.load(a, [0, 0], [32, 32], target_memory=pl.MemorySpace.L1)
        b1 = pl.load(b, [0, 0], [32, 32], target_memory=2)
        a0 = pl.move(a1, target_memory=pl.Mem.L0A)
        b0 = pl.move(b1, target_memory=4)
        acc: pl.Tile[[32, 32], pl.FP32, pl.Mem.L0C] = pl.tile.matmul(a0, b0)
        r = pl.tile.l0c_store(acc, [0, 0], [32, 32], c)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def vec(
        self, x: pl.Tensor[[32, 32], pl.FP32], out: pl.Tensor[[32, 32], pl.FP32]
    ) -> pl.Tensor[[32, 32], pl.FP32]:
        t = pl.load(x, [0, 0], [32, 32], target_memory=pl.Mem.UB)
        u = pl.load(x, [0, 0], [32, 32], target_memory=1)
        s = pl.add(t, u)
        r = pl.store(s, [0, 0], [32, 32], out)
        return r
