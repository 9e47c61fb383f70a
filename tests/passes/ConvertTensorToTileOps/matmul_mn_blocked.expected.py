# pypto.program: MatmulMNBlocked
import pypto.language as pl

@pl.program
class MatmulMNBlocked:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, x: pl.Tensor[[512, 128], pl.FP16], b: pl.Tensor[[128, 1024], pl.FP16], c_out: pl.Out[pl.Tensor[[256, 1024], pl.FP32]]) -> pl.Tensor[[256, 1024], pl.FP32]:
        for i, (c_iter,) in pl.range(0, 256, 128, init_values=(c_out,)):
            for j, (c_iter_1,) in pl.range(0, 1024, 256, init_values=(c_iter,)):
                a_mat: pl.Tile[[128, 128], pl.FP16] = pl.tile.load(x, [64 + i, 0], [128, 128], target_memory=pl.Mem.Mat)
                a_left: pl.Tile[[128, 128], pl.FP16] = pl.tile.move(a_mat, target_memory=pl.Mem.Left)
                b_mat: pl.Tile[[128, 256], pl.FP16] = pl.tile.load(b, [0, j], [128, 256], target_memory=pl.Mem.Mat)
                b_right: pl.Tile[[128, 256], pl.FP16] = pl.tile.move(b_mat, target_memory=pl.Mem.Right)
                c_acc: pl.Tile[[128, 256], pl.FP32] = pl.tile.matmul(a_left, b_right)
                c_store: pl.Tensor[[256, 1024], pl.FP32] = pl.tile.l0c_store(c_acc, [i, j], [128, 256], c_iter_1)
                c_next: pl.Tensor[[256, 1024], pl.FP32] = pl.yield_(c_store)
            c: pl.Tensor[[256, 1024], pl.FP32] = pl.yield_(c_next)
        return c
