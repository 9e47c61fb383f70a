# passes: OutlineIncoreScopes
# A call of a program function inside a region: a kernel cannot launch tasks.
import pypto.language as pl


@pl.program
class CallInScope:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[16, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.load(a, [0, 0], [16, 16])
        r = pl.store(t, [0, 0], [16, 16], out)
        return r

    @pl.function
    def main(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        with pl.incore():
            b = self.kernel(a)
        return b
