# pypto.program: MatmulSmall
import pypto.language as pl

@pl.program
class MatmulSmall:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[64, 128], pl.FP16], b: pl.Tensor[[128, 64], pl.FP16], c_out: pl.Out[pl.Tensor[[64, 64], pl.FP32]]) -> pl.Tensor[[64, 64], pl.FP32]:
        a_mat: pl.Tile[[64, 128], pl.FP16] = pl.tile.load(a, [0, 0], [64, 128], target_memory=pl.Mem.Mat)
        a_left: pl.Tile[[64, 128], pl.FP16] = pl.tile.move(a_mat, target_memory=pl.Mem.Left)
        b_mat: pl.Tile[[128, 64], pl.FP16] = pl.tile.load(b, [0, 0], [128, 64], target_memory=pl.Mem.Mat)
        b_right: pl.Tile[[128, 64], pl.FP16] = pl.tile.move(b_mat, target_memory=pl.Mem.Right)
        c_acc: pl.Tile[[64, 64], pl.FP32] = pl.tile.matmul(a_left, b_right)
        c: pl.Tensor[[64, 64], pl.FP32] = pl.tile.l0c_store(c_acc, [0, 0], [64, 64], c_out)
        return c

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[64, 128], pl.FP16], b: pl.Tensor[[128, 64], pl.FP16]) -> pl.Tensor[[64, 64], pl.FP32]:
        c: pl.Tensor[[64, 64], pl.FP32] = self.kernel(a, b)
        return c
