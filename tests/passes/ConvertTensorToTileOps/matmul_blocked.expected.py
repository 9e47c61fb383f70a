# pypto.program: MatmulBlocked
import pypto.language as pl

@pl.program
class MatmulBlocked:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[256, 512], pl.FP16], b: pl.Tensor[[512, 256], pl.FP16], c_out: pl.Out[pl.Tensor[[256, 256], pl.FP32]]) -> pl.Tensor[[256, 256], pl.FP32]:
        for i, (c_iter,) in pl.range(0, 256, 128, init_values=(c_out,)):
            a_mat: pl.Tile[[128, 128], pl.FP16] = pl.tile.load(a, [i, 0], [128, 128], target_memory=pl.Mem.Mat)
            a_left: pl.Tile[[128, 128], pl.FP16] = pl.tile.move(a_mat, target_memory=pl.Mem.Left)
            b_mat: pl.Tile[[128, 256], pl.FP16] = pl.tile.load(b, [0, 0], [128, 256], target_memory=pl.Mem.Mat)
            b_right: pl.Tile[[128, 256], pl.FP16] = pl.tile.move(b_mat, target_memory=pl.Mem.Right)
            c_acc: pl.Tile[[128, 256], pl.FP32] = pl.tile.matmul(a_left, b_right)
            for k, (c_acc_iter,) in pl.range(128, 512, 128, init_values=(c_acc,)):
                a_mat_1: pl.Tile[[128, 128], pl.FP16] = pl.tile.load(a, [i, k], [128, 128], target_memory=pl.Mem.Mat)
                a_left_1: pl.Tile[[128, 128], pl.FP16] = pl.tile.move(a_mat_1, target_memory=pl.Mem.Left)
                b_mat_1: pl.Tile[[128, 256], pl.FP16] = pl.tile.load(b, [k, 0], [128, 256], target_memory=pl.Mem.Mat)
                b_right_1: pl.Tile[[128, 256], pl.FP16] = pl.tile.move(b_mat_1, target_memory=pl.Mem.Right)
                c_acc_next: pl.Tile[[128, 256], pl.FP32] = pl.tile.matmul_acc(c_acc_iter, a_left_1, b_right_1)
                c_acc_final: pl.Tile[[128, 256], pl.FP32] = pl.yield_(c_acc_next)
            c_store: pl.Tensor[[256, 256], pl.FP32] = pl.tile.l0c_store(c_acc_final, [i, 0], [128, 256], c_iter)
            c: pl.Tensor[[256, 256], pl.FP32] = pl.yield_(c_store)
        return c
