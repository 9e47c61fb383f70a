# Orchestration forms the cce backend rejects, each a positioned error: a view with a column
# offset (a ChipTensor has no row stride), a created tensor that is not returned, a returned
# tensor carried through a loop that yields a new tensor each iteration, a returned parameter.
import pypto.language as pl


@pl.program
class BadOrch:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, a: pl.Tensor[[16, 16], pl.FP32], c: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        x = pl.load(a, [0, 0], [16, 16])
        r = pl.store(x, [0, 0], [16, 16], c)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[16, 32], pl.FP32], b: pl.Tensor[[16, 16], pl.FP32]) -> tuple[pl.Tensor[[16, 16], pl.FP32], pl.Tensor[[16, 16], pl.FP32]]:
        right = pl.view(a, [16, 16], [0, 16])
        tmp = pl.create_tensor([16, 16], dtype=pl.FP32)
        u = self.k(right, tmp)
        v = self.k(u)
        for i, (acc,) in pl.range(0, 4, 1, init_values=(v,)):
            nxt = self.k(acc)
            r = pl.yield_(nxt)
        return r, b
