# tile.move with transpose=True has no PTO form; a break has no scf.for form.
import pypto.language as pl


@pl.program
class MoveTranspose:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self, a: pl.Tensor[[32, 16], pl.FP16], c: pl.Out[pl.Tensor[[16, 16], pl.FP32]]
    ) -> pl.Tensor[[16, 16], pl.FP32]:
        ta = pl.load(a, [0, 0], [32, 16], target_memory=pl.Mem.Mat)
        tl = pl.move(ta, target_memory=pl.Mem.Left, transpose=True)
        tr = pl.move(ta, target_memory=pl.Mem.Right)
        acc = pl.tile.matmul(tl, tr)
        for i in pl.range(0, 4, 1):
            if i == 2:
                break
        r = pl.tile.l0c_store(acc, [0, 0], [16, 16], c)
        return r
