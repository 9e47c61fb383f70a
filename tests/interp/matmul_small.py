# Interpreter test: the cube path with constant operands. A [16, 32] of 2.0 times B [32, 16] of
# 0.5 (FP16, accumulated in FP32) gives 32.0 everywhere; matmul_acc adds a second product: 64.0.
# The checksums are FNV-1a of 256 copies of the FP32 bytes (computed independently).
# expect: c: [16, 16] FP32 min=32 max=32 mean=32 fnv1a=5a76c7e7ed5ac325
# expect: d: [16, 16] FP32 min=64 max=64 mean=64 fnv1a=0802138ae55ac325
import pypto.language as pl


@pl.program
class MatmulSmall:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self, c: pl.Out[pl.Tensor[[16, 16], pl.FP32]], d: pl.Out[pl.Tensor[[16, 16], pl.FP32]]
    ) -> tuple[pl.Tensor[[16, 16], pl.FP32], pl.Tensor[[16, 16], pl.FP32]]:
        a = pl.tile.full([16, 32], 2.0, dtype=pl.FP16)
        b = pl.tile.full([32, 16], 0.5, dtype=pl.FP16)
        a_mat = pl.move(a, target_memory=pl.Mem.Mat)
        b_mat = pl.move(b, target_memory=pl.Mem.Mat)
        a_l0 = pl.move(a_mat, target_memory=pl.Mem.Left)
        b_l0 = pl.move(b_mat, target_memory=pl.Mem.Right)
        acc = pl.tile.matmul(a_l0, b_l0)
        acc2 = pl.tile.matmul_acc(acc, a_l0, b_l0)
        r1 = pl.tile.l0c_store(acc, [0, 0], [16, 16], c)
        r2 = pl.tile.l0c_store(acc2, [0, 0], [16, 16], d)
        return r1, r2
