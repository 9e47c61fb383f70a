# C[128, 128] (FP32) = A[128, 256] (FP16) @ B[256, 128] (FP16) on the cube unit.
#
# Data path: global memory -load-> Mat (L1) -move-> Left / Right (L0A / L0B) -matmul-> Acc
# (L0C) -l0c_store-> global memory. K is split into four blocks of 64: the first block
# starts the accumulator with tile.matmul, the loop adds the others with tile.matmul_acc,
# carrying the Acc tile through init_values / pl.yield_.
import pypto.language as pl


@pl.program
class Matmul:
    @pl.function(type=pl.FunctionType.InCore)
    def matmul_kernel(
        self,
        a: pl.Tensor[[128, 256], pl.FP16],
        b: pl.Tensor[[256, 128], pl.FP16],
        c: pl.Out[pl.Tensor[[128, 128], pl.FP32]],
    ) -> pl.Tensor[[128, 128], pl.FP32]:
        a_l1 = pl.load(a, [0, 0], [128, 64], target_memory=pl.Mem.Mat)
        b_l1 = pl.load(b, [0, 0], [64, 128], target_memory=pl.Mem.Mat)
        a_l0 = pl.move(a_l1, target_memory=pl.Mem.Left)
        b_l0 = pl.move(b_l1, target_memory=pl.Mem.Right)
        acc0: pl.Tile[[128, 128], pl.FP32] = pl.tile.matmul(a_l0, b_l0)

        for k, (acc,) in pl.range(64, 256, 64, init_values=(acc0,)):
            ak_l1 = pl.load(a, [0, k], [128, 64], target_memory=pl.Mem.Mat)
            bk_l1 = pl.load(b, [k, 0], [64, 128], target_memory=pl.Mem.Mat)
            ak_l0 = pl.move(ak_l1, target_memory=pl.Mem.Left)
            bk_l0 = pl.move(bk_l1, target_memory=pl.Mem.Right)
            acc_next = pl.tile.matmul_acc(acc, ak_l0, bk_l0)
            acc_final = pl.yield_(acc_next)

        result = pl.tile.l0c_store(acc_final, [0, 0], [128, 128], c)
        return result

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(
        self, a: pl.Tensor[[128, 256], pl.FP16], b: pl.Tensor[[256, 128], pl.FP16]
    ) -> pl.Tensor[[128, 128], pl.FP32]:
        c = self.matmul_kernel(a, b)
        return c
