# A transposing move has no C++ form in the cce backend (TMOV copies): a positioned error, never a
# silent plain copy.
import pypto.language as pl


@pl.program
class BadMove:
    @pl.function(type=pl.FunctionType.InCore)
    def k(
        self,
        a: pl.Tensor[[16, 16], pl.FP16],
        b: pl.Tensor[[16, 16], pl.FP16],
        c: pl.Out[pl.Tensor[[16, 16], pl.FP32]],
    ) -> pl.Tensor[[16, 16], pl.FP32]:
        a_l1 = pl.load(a, [0, 0], [16, 16], target_memory=pl.Mem.Mat)
        b_l1 = pl.load(b, [0, 0], [16, 16], target_memory=pl.Mem.Mat)
        a_l0 = pl.move(a_l1, target_memory=pl.Mem.Left, transpose=True)
        b_l0 = pl.move(b_l1, target_memory=pl.Mem.Right)
        acc = pl.matmul(a_l0, b_l0)
        r = pl.store(acc, [0, 0], [16, 16], c)
        return r
