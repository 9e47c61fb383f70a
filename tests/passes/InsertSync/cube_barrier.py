# passes: InsertSync
# Two matmuls accumulating into one Acc tile with the same Left/Right operands: nothing else
# orders the second after the first on the cube pipe, so a bar_m goes between them.
import pypto.language as pl


@pl.program
class CubeBarrier:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self,
        a: pl.Tensor[[16, 16], pl.FP16, pl.MemRef("mem_ddr_0", 0, 512)],
        b: pl.Tensor[[16, 16], pl.FP16, pl.MemRef("mem_ddr_1", 0, 512)],
        c: pl.Out[pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_2", 0, 1024)]],
    ) -> pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_2", 0, 1024)]:
        mem_mat_0: pl.Ptr = pl.tile.alloc(pl.Mem.Mat, 512)
        mem_mat_1: pl.Ptr = pl.tile.alloc(pl.Mem.Mat, 512)
        mem_left_0: pl.Ptr = pl.tile.alloc(pl.Mem.Left, 512)
        mem_right_0: pl.Ptr = pl.tile.alloc(pl.Mem.Right, 512)
        mem_acc_0: pl.Ptr = pl.tile.alloc(pl.Mem.Acc, 1024)
        a_l1: pl.Tile[[16, 16], pl.FP16, pl.MemRef(mem_mat_0, 0, 512), pl.Mem.Mat] = pl.tile.load(a, [0, 0], [16, 16], target_memory=pl.Mem.Mat)
        b_l1: pl.Tile[[16, 16], pl.FP16, pl.MemRef(mem_mat_1, 0, 512), pl.Mem.Mat] = pl.tile.load(b, [0, 0], [16, 16], target_memory=pl.Mem.Mat)
        a_l0: pl.Tile[[16, 16], pl.FP16, pl.MemRef(mem_left_0, 0, 512), pl.Mem.Left] = pl.tile.move(a_l1, target_memory=pl.Mem.Left)
        b_l0: pl.Tile[[16, 16], pl.FP16, pl.MemRef(mem_right_0, 0, 512), pl.Mem.Right] = pl.tile.move(b_l1, target_memory=pl.Mem.Right)
        acc0: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_acc_0, 0, 1024), pl.Mem.Acc] = pl.tile.matmul(a_l0, b_l0)
        acc1: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_acc_0, 0, 1024), pl.Mem.Acc] = pl.tile.matmul_acc(acc0, a_l0, b_l0)
        r: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_2", 0, 1024)] = pl.tile.l0c_store(acc1, [0, 0], [16, 16], c)
        return r
