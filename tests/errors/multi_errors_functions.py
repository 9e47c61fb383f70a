# expect: three errors, one per function: unknown op, shape mismatch, wrong arity
import pypto.language as pl


@pl.program
class P:
    @pl.function(type=pl.FunctionType.InCore)
    def k1(self, a: pl.Tensor[[16, 16], pl.FP32], out: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.load(a, [0, 0], [16, 16])
        u = pl.tile.nope(t)
        return out

    @pl.function
    def f2(self, a: pl.Tensor[[16, 16], pl.FP32], b: pl.Tensor[[8, 4], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        c = pl.tensor.add(a, b)
        return a

    @pl.function
    def f3(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        c = pl.tensor.exp()
        return a
