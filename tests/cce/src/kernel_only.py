# A kernel-only program (no Orchestration function), with a scalar parameter and an if:
# the cce tree has its kernel and kernel_config.py, no orchestration file.
import pypto.language as pl


@pl.program
class KOnly:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, a: pl.Tensor[[16, 16], pl.FP32], n: pl.Scalar[pl.INT64], c: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        x = pl.load(a, [0, 0], [16, 16])
        y = pl.exp(x)
        if n > 0:
            z = pl.add(y, 1.0)
        else:
            z = pl.add(y, 2.0)
        r = pl.store(z, [0, 0], [16, 16], c)
        return r
