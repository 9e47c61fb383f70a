# A kernel over a tensor with a dynamic number of rows N (known only at run time): the
# loop bound is N, and the kernel handles 32 rows per iteration (N is assumed to be a
# multiple of 32). The orchestration passes the tensors through; shapes stay symbolic.
import pypto.language as pl

N = pl.dynamic("N")


@pl.program
class DynamicRows:
    @pl.function(type=pl.FunctionType.InCore)
    def scale_rows(
        self,
        x: pl.Tensor[[N, 128], pl.FP32],
        alpha: pl.Scalar[pl.FP32],
        out: pl.Tensor[[N, 128], pl.FP32],
    ) -> pl.Tensor[[N, 128], pl.FP32]:
        for i, (acc,) in pl.range(0, N, 32, init_values=(out,)):
            t = pl.load(x, [i, 0], [32, 128])
            s = pl.mul(t, alpha)  # tile.muls
            u = pl.exp(s)
            stored = pl.store(u, [i, 0], [32, 128], acc)
            result = pl.yield_(stored)
        return result

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, x: pl.Tensor[[N, 128], pl.FP32]) -> pl.Tensor[[N, 128], pl.FP32]:
        y = self.scale_rows(x, 2.0)
        return y
