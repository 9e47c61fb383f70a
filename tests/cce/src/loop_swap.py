# Loops swapping carried values, two tensors in the orchestration and two scalars in the kernel:
# the yields assign through <name>_next temporaries.
import pypto.language as pl


@pl.program
class Swap:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, x: pl.Tensor[[16, 16], pl.FP32], y: pl.Tensor[[16, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.load(x, [0, 0], [16, 16])
        u = pl.load(y, [0, 0], [16, 16])
        v = pl.sub(t, u)
        for i, (p, q) in pl.range(0, 3, 1, init_values=(1.0, 2.0)):
            p2, q2 = pl.yield_(q, p + q)
        w = pl.add(v, p2)
        r = pl.store(w, [0, 0], [16, 16], out)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, x: pl.Tensor[[16, 16], pl.FP32], y: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        for i, (a, b) in pl.range(0, 4, 1, init_values=(x, y)):
            a2, b2 = pl.yield_(b, a)
        out = self.k(a2, b2)
        return out
