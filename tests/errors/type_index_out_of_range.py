# expect: index 2 out of range for a 2-tuple (at p[2])
import pypto.language as pl


@pl.program
class P:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, a: pl.Tensor[[16, 16], pl.FP32], o1: pl.Tensor[[16, 16], pl.FP32], o2: pl.Tensor[[16, 16], pl.FP32]) -> tuple[pl.Tensor[[16, 16], pl.FP32], pl.Tensor[[16, 16], pl.FP32]]:
        t = pl.load(a, [0, 0], [16, 16])
        r1 = pl.store(t, [0, 0], [16, 16], o1)
        r2 = pl.store(t, [0, 0], [16, 16], o2)
        return r1, r2

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        p = self.k(a)
        y = p[2]
        return y
