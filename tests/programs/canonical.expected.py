# pypto.program: Canonical
import pypto.language as pl

M = pl.dynamic("M")

@pl.program
class Canonical:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, x: pl.Tensor[[M, 64], pl.FP32], n: pl.Scalar[pl.INT64], out: pl.Out[pl.Tensor[[M, 64], pl.FP32]]) -> pl.Tensor[[M, 64], pl.FP32]:
        for i, (o,) in pl.range(0, n, 1, init_values=(out,)):
            t: pl.Tile[[16, 64], pl.FP32] = pl.tile.load(x, [i * 16, 0], [16, 64], target_memory=pl.Mem.Vec)
            u: pl.Tile[[16, 64], pl.FP32] = pl.tile.exp(t)
            o_1: pl.Tensor[[M, 64], pl.FP32] = pl.tile.store(u, [i * 16, 0], [16, 64], o)
            o_2: pl.Tensor[[M, 64], pl.FP32] = pl.yield_(o_1)
        return o_2

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, x: pl.Tensor[[M, 64], pl.FP32]) -> pl.Tensor[[M, 64], pl.FP32]:
        y: pl.Tensor[[M, 64], pl.FP32] = self.kernel(x, M // 16)
        return y
