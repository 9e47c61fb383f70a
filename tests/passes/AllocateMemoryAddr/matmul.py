# passes: InitMemRef,MemoryReuse,AllocateMemoryAddr
# Every cube space gets its own address range from 0: Mat holds two 4 KiB buffers (0 and
# 4096), Left and Right one each, Acc the 16 KiB accumulator; the allocs come in the order of
# the spaces, then of the addresses.
import pypto.language as pl


@pl.program
class MatmulSpaces:
    @pl.function(type=pl.FunctionType.InCore)
    def mm(
        self,
        a: pl.Tensor[[64, 128], pl.FP16],
        b: pl.Tensor[[128, 64], pl.FP16],
        c: pl.Out[pl.Tensor[[64, 64], pl.FP32]],
    ) -> pl.Tensor[[64, 64], pl.FP32]:
        a_l1 = pl.load(a, [0, 0], [64, 32], target_memory=pl.Mem.Mat)
        b_l1 = pl.load(b, [0, 0], [32, 64], target_memory=pl.Mem.Mat)
        a_l0 = pl.move(a_l1, target_memory=pl.Mem.Left)
        b_l0 = pl.move(b_l1, target_memory=pl.Mem.Right)
        acc0 = pl.tile.matmul(a_l0, b_l0)
        for k, (acc,) in pl.range(32, 128, 32, init_values=(acc0,)):
            ak = pl.load(a, [0, k], [64, 32], target_memory=pl.Mem.Mat)
            bk = pl.load(b, [k, 0], [32, 64], target_memory=pl.Mem.Mat)
            ak0 = pl.move(ak, target_memory=pl.Mem.Left)
            bk0 = pl.move(bk, target_memory=pl.Mem.Right)
            acc_next = pl.tile.matmul_acc(acc, ak0, bk0)
            acc_final = pl.yield_(acc_next)
        r = pl.tile.l0c_store(acc_final, [0, 0], [64, 64], c)
        return r
