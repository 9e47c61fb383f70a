# A loop chaining kernels through a carried tensor: each of the 1000 iterations reads the tensor
# the previous one wrote (a new runtime intermediate each time) and an FP32 scalar carried beside
# it; an if picks the kernel and merges its result. A last call writes the returned tensor.
import pypto.language as pl


@pl.program
class LoopChain:
    @pl.function(type=pl.FunctionType.InCore)
    def scale_add(
        self,
        x: pl.Tensor[[16, 16], pl.FP32],
        s: pl.Scalar[pl.FP32],
        out: pl.Out[pl.Tensor[[16, 16], pl.FP32]],
    ) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.load(x, [0, 0], [16, 16])
        u = pl.mul(t, s)
        v = pl.add(u, 1.0)
        r = pl.store(v, [0, 0], [16, 16], out)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def halve(self, x: pl.Tensor[[16, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.load(x, [0, 0], [16, 16])
        u = pl.mul(t, 0.5)
        r = pl.store(u, [0, 0], [16, 16], out)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, x: pl.Tensor[[16, 16], pl.FP32], n: pl.Scalar[pl.INT64]) -> pl.Tensor[[16, 16], pl.FP32]:
        for i, (acc, scale) in pl.range(0, 1000, 1, init_values=(x, 0.5)):
            if i % n == 0:
                y = self.halve(acc)
                m = pl.yield_(y)
            else:
                z = self.scale_add(acc, scale)
                m = pl.yield_(z)
            s2 = scale * 0.999
            acc2, scale2 = pl.yield_(m, s2)
        out = self.scale_add(acc2, scale2)
        return out
