# pypto.program: ModuleConstants
import pypto.language as pl

N = pl.dynamic("N")

@pl.program
class ModuleConstants:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, x: pl.Tensor[[128, 64], pl.FP32], out: pl.Tensor[[128, 64], pl.FP32]) -> pl.Tensor[[128, 64], pl.FP32]:
        for i, (o,) in pl.range(0, 128, 32, init_values=(out,)):
            t: pl.Tile[[32, 64], pl.FP32] = pl.tile.load(x, [i, 0], [32, 64])
            u: pl.Tile[[32, 64], pl.FP32] = pl.tile.muls(t, 2.0)
            o2: pl.Tensor[[128, 64], pl.FP32] = pl.tile.store(u, [i, 0], [32, 64], o)
            res: pl.Tensor[[128, 64], pl.FP32] = pl.yield_(o2)
        return res

    @pl.function
    def rows(self, y: pl.Tensor[[N, 64], pl.FP32]) -> pl.Scalar[pl.INT64]:
        n: pl.Scalar[pl.INT64] = pl.tensor.dim(y, 0)
        return n * 32
