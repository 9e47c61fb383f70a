# passes: InsertSync
# The cube pipeline GM -> Mat (MTE2) -> Left/Right (MTE1) -> Acc (M) -> GM (FIX), K split in four
# blocks; the loop reuses the Mat/Left/Right buffers and carries the Acc tile.
# - Each move waits only for its own load (MTE2 -> MTE1 twice: the first move may start while
#   the second load is still running); the matmul waits once for both moves (MTE1 -> M).
# - Across iterations: a load waits until the previous iteration's move has read its Mat buffer
#   (MTE1 -> MTE2), a move until the previous matmul has read its Left/Right buffer (M -> MTE1),
#   each with a set before the loop and a wait after it. The first iteration's waits match the
#   sets before the loop, which also order the moves and the matmul before the loop.
# - matmul_acc accumulates into the Acc tile the previous matmul wrote (M after M), yet needs
#   no bar_m: it waits for its moves (MTE1 -> M), which waited for that matmul (M -> MTE1).
# - The l0c_store waits for the cube (M -> FIX) once, after the loop.
import pypto.language as pl


@pl.program
class Matmul:
    @pl.function(type=pl.FunctionType.InCore)
    def matmul_kernel(
        self,
        a: pl.Tensor[[128, 256], pl.FP16, pl.MemRef("mem_ddr_0", 0, 65536)],
        b: pl.Tensor[[256, 128], pl.FP16, pl.MemRef("mem_ddr_1", 0, 65536)],
        c: pl.Out[pl.Tensor[[128, 128], pl.FP32, pl.MemRef("mem_ddr_2", 0, 65536)]],
    ) -> pl.Tensor[[128, 128], pl.FP32, pl.MemRef("mem_ddr_2", 0, 65536)]:
        mem_mat_0: pl.Ptr = pl.tile.alloc(pl.Mem.Mat, 16384)
        mem_mat_1: pl.Ptr = pl.tile.alloc(pl.Mem.Mat, 16384)
        mem_left_0: pl.Ptr = pl.tile.alloc(pl.Mem.Left, 16384)
        mem_right_0: pl.Ptr = pl.tile.alloc(pl.Mem.Right, 16384)
        mem_acc_0: pl.Ptr = pl.tile.alloc(pl.Mem.Acc, 65536)
        a_l1: pl.Tile[[128, 64], pl.FP16, pl.MemRef(mem_mat_0, 0, 16384), pl.Mem.Mat] = pl.tile.load(a, [0, 0], [128, 64], target_memory=pl.Mem.Mat)
        b_l1: pl.Tile[[64, 128], pl.FP16, pl.MemRef(mem_mat_1, 0, 16384), pl.Mem.Mat] = pl.tile.load(b, [0, 0], [64, 128], target_memory=pl.Mem.Mat)
        a_l0: pl.Tile[[128, 64], pl.FP16, pl.MemRef(mem_left_0, 0, 16384), pl.Mem.Left] = pl.tile.move(a_l1, target_memory=pl.Mem.Left)
        b_l0: pl.Tile[[64, 128], pl.FP16, pl.MemRef(mem_right_0, 0, 16384), pl.Mem.Right] = pl.tile.move(b_l1, target_memory=pl.Mem.Right)
        acc0: pl.Tile[[128, 128], pl.FP32, pl.MemRef(mem_acc_0, 0, 65536), pl.Mem.Acc] = pl.tile.matmul(a_l0, b_l0)
        for k, (acc,) in pl.range(64, 256, 64, init_values=(acc0,)):
            ak_l1: pl.Tile[[128, 64], pl.FP16, pl.MemRef(mem_mat_0, 0, 16384), pl.Mem.Mat] = pl.tile.load(a, [0, k], [128, 64], target_memory=pl.Mem.Mat)
            bk_l1: pl.Tile[[64, 128], pl.FP16, pl.MemRef(mem_mat_1, 0, 16384), pl.Mem.Mat] = pl.tile.load(b, [k, 0], [64, 128], target_memory=pl.Mem.Mat)
            ak_l0: pl.Tile[[128, 64], pl.FP16, pl.MemRef(mem_left_0, 0, 16384), pl.Mem.Left] = pl.tile.move(ak_l1, target_memory=pl.Mem.Left)
            bk_l0: pl.Tile[[64, 128], pl.FP16, pl.MemRef(mem_right_0, 0, 16384), pl.Mem.Right] = pl.tile.move(bk_l1, target_memory=pl.Mem.Right)
            acc_next: pl.Tile[[128, 128], pl.FP32, pl.MemRef(mem_acc_0, 0, 65536), pl.Mem.Acc] = pl.tile.matmul_acc(acc, ak_l0, bk_l0)
            acc_final: pl.Tile[[128, 128], pl.FP32, pl.MemRef(mem_acc_0, 0, 65536), pl.Mem.Acc] = pl.yield_(acc_next)
        result: pl.Tensor[[128, 128], pl.FP32, pl.MemRef("mem_ddr_2", 0, 65536)] = pl.tile.l0c_store(acc_final, [0, 0], [128, 128], c)
        return result
