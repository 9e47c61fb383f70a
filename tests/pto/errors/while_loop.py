# A while loop in a kernel: ptoas lowers scf.for and scf.if, so the pto backend rejects it.
import pypto.language as pl


@pl.program
class WhileLoop:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self, x: pl.Tensor[[64, 32], pl.FP32], n: pl.Scalar[pl.INT64], out: pl.Out[pl.Tensor[[64, 32], pl.FP32]]
    ) -> pl.Tensor[[64, 32], pl.FP32]:
        i = 0
        while i < n:
            t = pl.load(x, [i * 32, 0], [32, 32])
            out = pl.store(t, [i * 32, 0], [32, 32], out)
            i = i + 1
        return out
