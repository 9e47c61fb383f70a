# Dynamic dimensions the views and the orchestration must carry at run time: M (pl.dynamic) is
# the column count, so the views' row stride is a run-time value; n (a scalar parameter) is the
# row count, and the intermediate y's shape uses both (n a multiple of 32, M of 64).
import pypto.language as pl

M = pl.dynamic("M")


@pl.program
class DynamicCols:
    @pl.function(type=pl.FunctionType.InCore)
    def exp_cols(
        self,
        n: pl.Scalar[pl.INT64],
        x: pl.Tensor[[n, M], pl.FP32],
        out: pl.Tensor[[n, M], pl.FP32],
    ) -> pl.Tensor[[n, M], pl.FP32]:
        for i, (acc,) in pl.range(0, n, 32, init_values=(out,)):
            for j, (acc2,) in pl.range(0, M, 64, init_values=(acc,)):
                t = pl.load(x, [i, j], [32, 64])
                u = pl.exp(t)
                stored = pl.store(u, [i, j], [32, 64], acc2)
                inner = pl.yield_(stored)
            result = pl.yield_(inner)
        return result

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, n: pl.Scalar[pl.INT64], x: pl.Tensor[[n, M], pl.FP32]) -> pl.Tensor[[n, M], pl.FP32]:
        y = self.exp_cols(n, x)
        z = self.exp_cols(n, y)
        return z
