# expect: tile.matmul K mismatch: lhs [16, 32], rhs [16, 16]
import pypto.language as pl


@pl.program
class P:
    @pl.function(type=pl.FunctionType.InCore)
    def mm(self, a: pl.Tensor[[16, 32], pl.FP16], b: pl.Tensor[[16, 16], pl.FP16], c: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        a1 = pl.load(a, [0, 0], [16, 32], target_memory=pl.Mem.Mat)
        b1 = pl.load(b, [0, 0], [16, 16], target_memory=pl.Mem.Mat)
        a0 = pl.move(a1, target_memory=pl.Mem.Left)
        b0 = pl.move(b1, target_memory=pl.Mem.Right)
        acc = pl.tile.matmul(a0, b0)
        r = pl.tile.l0c_store(acc, [0, 0], [16, 16], c)
        return r
