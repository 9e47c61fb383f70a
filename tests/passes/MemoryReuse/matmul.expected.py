# pypto.program: MatmulSpaces
import pypto.language as pl

@pl.program
class MatmulSpaces:
    @pl.function(type=pl.FunctionType.InCore)
    def mm(self, a: pl.Tensor[[64, 128], pl.FP16, pl.MemRef("mem_ddr_0", 0, 16384)], b: pl.Tensor[[128, 64], pl.FP16, pl.MemRef("mem_ddr_1", 0, 16384)], c: pl.Out[pl.Tensor[[64, 64], pl.FP32, pl.MemRef("mem_ddr_2", 0, 16384)]]) -> pl.Tensor[[64, 64], pl.FP32]:
        a_l1: pl.Tile[[64, 32], pl.FP16, pl.MemRef("mem_mat_0", 0, 4096), pl.Mem.Mat] = pl.tile.load(a, [0, 0], [64, 32], target_memory=pl.Mem.Mat)
        b_l1: pl.Tile[[32, 64], pl.FP16, pl.MemRef("mem_mat_1", 0, 4096), pl.Mem.Mat] = pl.tile.load(b, [0, 0], [32, 64], target_memory=pl.Mem.Mat)
        a_l0: pl.Tile[[64, 32], pl.FP16, pl.MemRef("mem_left_0", 0, 4096), pl.Mem.Left] = pl.tile.move(a_l1, target_memory=pl.Mem.Left)
        b_l0: pl.Tile[[32, 64], pl.FP16, pl.MemRef("mem_right_0", 0, 4096), pl.Mem.Right] = pl.tile.move(b_l1, target_memory=pl.Mem.Right)
        acc0: pl.Tile[[64, 64], pl.FP32, pl.MemRef("mem_acc_0", 0, 16384), pl.Mem.Acc] = pl.tile.matmul(a_l0, b_l0)
        for k, (acc,) in pl.range(32, 128, 32, init_values=(acc0,)):
            ak: pl.Tile[[64, 32], pl.FP16, pl.MemRef("mem_mat_0", 0, 4096), pl.Mem.Mat] = pl.tile.load(a, [0, k], [64, 32], target_memory=pl.Mem.Mat)
            bk: pl.Tile[[32, 64], pl.FP16, pl.MemRef("mem_mat_1", 0, 4096), pl.Mem.Mat] = pl.tile.load(b, [k, 0], [32, 64], target_memory=pl.Mem.Mat)
            ak0: pl.Tile[[64, 32], pl.FP16, pl.MemRef("mem_left_0", 0, 4096), pl.Mem.Left] = pl.tile.move(ak, target_memory=pl.Mem.Left)
            bk0: pl.Tile[[32, 64], pl.FP16, pl.MemRef("mem_right_0", 0, 4096), pl.Mem.Right] = pl.tile.move(bk, target_memory=pl.Mem.Right)
            acc_next: pl.Tile[[64, 64], pl.FP32, pl.MemRef("mem_acc_0", 0, 16384), pl.Mem.Acc] = pl.tile.matmul_acc(acc, ak0, bk0)
            acc_final: pl.Tile[[64, 64], pl.FP32, pl.MemRef("mem_acc_0", 0, 16384), pl.Mem.Acc] = pl.yield_(acc_next)
        r: pl.Tensor[[64, 64], pl.FP32, pl.MemRef("mem_ddr_2", 0, 16384)] = pl.tile.l0c_store(acc_final, [0, 0], [64, 64], c)
        return r
