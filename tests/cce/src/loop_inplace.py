# A returned tensor carried through a loop of n iterations: a first kernel writes it, then each
# iteration updates it in place (an InOut parameter), so every name of it is the caller's buffer.
import pypto.language as pl


@pl.program
class LoopInPlace:
    @pl.function(type=pl.FunctionType.InCore)
    def init(self, x: pl.Tensor[[16, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.load(x, [0, 0], [16, 16])
        r = pl.store(t, [0, 0], [16, 16], out)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def bump(self, acc: pl.InOut[pl.Tensor[[16, 16], pl.FP32]], s: pl.Scalar[pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.load(acc, [0, 0], [16, 16])
        u = pl.add(t, s)
        r = pl.store(u, [0, 0], [16, 16], acc)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, x: pl.Tensor[[16, 16], pl.FP32], n: pl.Scalar[pl.INT64]) -> pl.Tensor[[16, 16], pl.FP32]:
        c = self.init(x)
        for i, (acc,) in pl.range(0, n, 1, init_values=(c,)):
            acc2 = self.bump(acc, pl.cast(i, pl.FP32) * 0.5)
            r = pl.yield_(acc2)
        return r
