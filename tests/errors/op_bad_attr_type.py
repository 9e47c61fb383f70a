# expect: target_memory must be a memory space, not a dtype
import pypto.language as pl


@pl.program
class P:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, a: pl.Tensor[[16, 16], pl.FP32], out: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.load(a, [0, 0], [16, 16])
        u = pl.load(a, [0, 0], [16, 16], target_memory=pl.FP32)
        r = pl.store(u, [0, 0], [16, 16], out)
        return r
