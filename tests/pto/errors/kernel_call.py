# pto-args: --passes ConvertToSSA
# A kernel that calls another function: each kernel is compiled on its own.
import pypto.language as pl


@pl.program
class KernelCall:
    @pl.function
    def helper(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return n * 2

    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self, x: pl.Tensor[[32, 32], pl.FP32], n: pl.Scalar[pl.INT64], out: pl.Out[pl.Tensor[[32, 32], pl.FP32]]
    ) -> pl.Tensor[[32, 32], pl.FP32]:
        m = self.helper(n)
        t = pl.load(x, [0, 0], [32, 32])
        u = pl.tile.adds(t, pl.cast(m, pl.FP32))
        r = pl.store(u, [0, 0], [32, 32], out)
        return r
