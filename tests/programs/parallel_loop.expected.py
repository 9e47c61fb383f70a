# pypto.program: ParallelLoop
import pypto.language as pl

@pl.program
class ParallelLoop:
    @pl.function(type=pl.FunctionType.InCore)
    def relu_rows(self, x: pl.Tensor[[128, 64], pl.FP32], out: pl.Tensor[[128, 64], pl.FP32]) -> pl.Tensor[[128, 64], pl.FP32]:
        for i, (o,) in pl.parallel(0, 128, 32, init_values=(out,)):
            t: pl.Tile[[32, 64], pl.FP32] = pl.tile.load(x, [i, 0], [32, 64])
            u: pl.Tile[[32, 64], pl.FP32] = pl.tile.relu(t)
            o2: pl.Tensor[[128, 64], pl.FP32] = pl.tile.store(u, [i, 0], [32, 64], o)
            res: pl.Tensor[[128, 64], pl.FP32] = pl.yield_(o2)
        return res

    @pl.function
    def plain(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for j in pl.parallel(0, n, 1):
            pl.system.bar_v()
        return n
