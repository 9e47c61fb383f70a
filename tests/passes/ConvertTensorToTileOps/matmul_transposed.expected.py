# pypto.program: MatmulTransposed
import pypto.language as pl

@pl.program
class MatmulTransposed:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[512, 64], pl.FP16], b: pl.Tensor[[128, 64], pl.FP16], c_out: pl.Out[pl.Tensor[[512, 128], pl.FP16]]) -> pl.Tensor[[512, 128], pl.FP16]:
        for i, (c_iter,) in pl.range(0, 512, 256, init_values=(c_out,)):
            a_mat: pl.Tile[[256, 64], pl.FP16] = pl.tile.load(a, [i, 0], [256, 64], target_memory=pl.Mem.Mat)
            a_left: pl.Tile[[256, 64], pl.FP16] = pl.tile.move(a_mat, target_memory=pl.Mem.Left)
            b_mat: pl.Tile[[128, 64], pl.FP16] = pl.tile.load(b, [0, 0], [128, 64], target_memory=pl.Mem.Mat)
            b_right: pl.Tile[[64, 128], pl.FP16] = pl.tile.move(b_mat, target_memory=pl.Mem.Right, transpose=True)
            c_acc: pl.Tile[[256, 128], pl.FP32] = pl.tile.matmul(a_left, b_right)
            c_store: pl.Tensor[[512, 128], pl.FP16] = pl.tile.l0c_store(c_acc, [i, 0], [256, 128], c_iter)
            c: pl.Tensor[[512, 128], pl.FP16] = pl.yield_(c_store)
        return c
