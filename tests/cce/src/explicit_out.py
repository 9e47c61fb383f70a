# An orchestration passing a kernel's Out tensor explicitly: the call's result is another name for it;
# a second call creates the returned tensor.
import pypto.language as pl


@pl.program
class Explicit:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, a: pl.Tensor[[16, 16], pl.FP32], c: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        x = pl.load(a, [0, 0], [16, 16])
        y = pl.exp(x)
        r = pl.store(y, [0, 0], [16, 16], c)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[16, 16], pl.FP32], buf: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        t = self.k(a, buf)
        u = self.k(t)
        return u
