# Interpreter test: a store past the last column of its output, inside a kernel called by the
# orchestration: the error names the store, and a note the call.
# run: --set j=1
# expect-error: run time: tile.store writes columns 8..23 of a [16, 16] tensor 'out'
# expect-error: note: in this call of 'kernel'
import pypto.language as pl


@pl.program
class OobStore:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self, x: pl.Tensor[[16, 16], pl.FP32], j: pl.Scalar[pl.INT64], out: pl.Tensor[[16, 16], pl.FP32]
    ) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.load(x, [0, 0], [16, 16])
        r = pl.store(t, [0, j * 8], [16, 16], out)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, x: pl.Tensor[[16, 16], pl.FP32], j: pl.Scalar[pl.INT64]) -> pl.Tensor[[16, 16], pl.FP32]:
        y = self.kernel(x, j)
        return y
