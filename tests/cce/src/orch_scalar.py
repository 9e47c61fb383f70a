# Scalars through the orchestration: an INT64 parameter used in scalar code (bound by its own
# name) and an FP32 one passed on as its bits; a kernel storing at a scalar row offset.
import pypto.language as pl


@pl.program
class OrchScalar:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, a: pl.Tensor[[64, 16], pl.FP32], row: pl.Scalar[pl.INT64], s: pl.Scalar[pl.FP32], c: pl.Out[pl.Tensor[[64, 16], pl.FP32]]) -> pl.Tensor[[64, 16], pl.FP32]:
        x = pl.load(a, [row, 0], [16, 16])
        y = pl.add(x, s)
        r = pl.store(y, [row, 0], [16, 16], c)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[64, 16], pl.FP32], n: pl.Scalar[pl.INT64], s: pl.Scalar[pl.FP32]) -> pl.Tensor[[64, 16], pl.FP32]:
        c = self.k(a, n * 16, s)
        return c
