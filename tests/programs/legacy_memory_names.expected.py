# pypto.program: LegacyMemoryNames
import pypto.language as pl

@pl.program
class LegacyMemoryNames:
    @pl.function(type=pl.FunctionType.InCore)
    def mm(self, a: pl.Tensor[[32, 32], pl.FP16], b: pl.Tensor[[32, 32], pl.FP16], c: pl.Tensor[[32, 32], pl.FP32]) -> pl.Tensor[[32, 32], pl.FP32]:
        a1: pl.Tile[[32, 32], pl.FP16] = pl.tile.load(a, [0, 0], [32, 32], target_memory=pl.Mem.Mat)
        b1: pl.Tile[[32, 32], pl.FP16] = pl.tile.load(b, [0, 0], [32, 32], target_memory=pl.Mem.Mat)
        a0: pl.Tile[[32, 32], pl.FP16] = pl.tile.move(a1, target_memory=pl.Mem.Left)
        b0: pl.Tile[[32, 32], pl.FP16] = pl.tile.move(b1, target_memory=pl.Mem.Right)
        acc: pl.Tile[[32, 32], pl.FP32, pl.Mem.Acc] = pl.tile.matmul(a0, b0)
        r: pl.Tensor[[32, 32], pl.FP32] = pl.tile.l0c_store(acc, [0, 0], [32, 32], c)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def vec(self, x: pl.Tensor[[32, 32], pl.FP32], out: pl.Tensor[[32, 32], pl.FP32]) -> pl.Tensor[[32, 32], pl.FP32]:
        t: pl.Tile[[32, 32], pl.FP32] = pl.tile.load(x, [0, 0], [32, 32], target_memory=pl.Mem.Vec)
        u: pl.Tile[[32, 32], pl.FP32] = pl.tile.load(x, [0, 0], [32, 32], target_memory=pl.Mem.Vec)
        s: pl.Tile[[32, 32], pl.FP32] = pl.tile.add(t, u)
        r: pl.Tensor[[32, 32], pl.FP32] = pl.tile.store(s, [0, 0], [32, 32], out)
        return r
