# passes: InitMemRef
# acc0 starts the loop but is read again after it: the loop would overwrite it, and only Vec
# tiles can be copied apart.
import pypto.language as pl


@pl.program
class AccCopy:
    @pl.function(type=pl.FunctionType.InCore)
    def k(
        self, a: pl.Tensor[[16, 16], pl.FP16], b: pl.Tensor[[16, 16], pl.FP16], c: pl.Out[pl.Tensor[[16, 16], pl.FP32]]
    ) -> pl.Tensor[[16, 16], pl.FP32]:
        a_l1 = pl.load(a, [0, 0], [16, 16], target_memory=pl.Mem.Mat)
        b_l1 = pl.load(b, [0, 0], [16, 16], target_memory=pl.Mem.Mat)
        a_l0 = pl.move(a_l1, target_memory=pl.Mem.Left)
        b_l0 = pl.move(b_l1, target_memory=pl.Mem.Right)
        acc0 = pl.tile.matmul(a_l0, b_l0)
        for k, (acc,) in pl.range(0, 4, 1, init_values=(acc0,)):
            acc_next = pl.tile.matmul_acc(acc, a_l0, b_l0)
            acc_final = pl.yield_(acc_next)
        again = pl.tile.matmul_acc(acc0, a_l0, b_l0)
        r = pl.tile.l0c_store(again, [0, 0], [16, 16], c)
        return r
