# pypto.program: exp_kernel
import pypto.language as pl

@pl.program
class exp_kernel:
    @pl.function(type=pl.FunctionType.InCore)
    def exp_kernel(self, x: pl.Tensor[[32, 32], pl.FP32], out: pl.Out[pl.Tensor[[32, 32], pl.FP32]]) -> pl.Tensor[[32, 32], pl.FP32]:
        t: pl.Tile[[32, 32], pl.FP32] = pl.tile.load(x, [0, 0], [32, 32])
        e: pl.Tile[[32, 32], pl.FP32] = pl.tile.exp(t)
        r: pl.Tensor[[32, 32], pl.FP32] = pl.tile.store(e, [0, 0], [32, 32], out)
        return r

    @pl.function
    def scalar_helper(self, a: pl.Scalar[pl.INT64], b: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        c: pl.Scalar[pl.INT64] = a * b + 1
        return c
