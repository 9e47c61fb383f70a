# pypto.program: Checked
import pypto.language as pl

@pl.program
class Checked:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[64, 64], pl.FP32], out: pl.Out[pl.Tensor[[64, 64], pl.FP32]]) -> pl.Tensor[[64, 64], pl.FP32]:
        for r, (o,) in pl.range(0, 64, 16, init_values=(out,)):
            t: pl.Tile[[16, 64], pl.FP32] = pl.tile.load(a, [r, 0], [16, 64])
            if r == 0:
                u: pl.Tile[[16, 64], pl.FP32] = pl.tile.exp(t)
                v: pl.Tile[[16, 64], pl.FP32] = pl.yield_(u)
            else:
                v: pl.Tile[[16, 64], pl.FP32] = pl.yield_(t)
            o2: pl.Tensor[[64, 64], pl.FP32] = pl.tile.store(v, [r, 0], [16, 64], o)
            res: pl.Tensor[[64, 64], pl.FP32] = pl.yield_(o2)
        return res

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[64, 64], pl.FP32]) -> pl.Tensor[[64, 64], pl.FP32]:
        c: pl.Tensor[[64, 64], pl.FP32] = self.kernel(a)
        return c

    @pl.function
    def count(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for (x, steps) in pl.while_(init_values=(n, 0)):
            pl.cond(x > 1)
            x2: pl.Scalar[pl.INT64] = x // 2
            s2: pl.Scalar[pl.INT64] = steps + 1
            x_out, steps_out = pl.yield_(x2, s2)
        return steps_out
