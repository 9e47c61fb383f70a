# pypto.program: P
import pypto.language as pl

N = pl.dynamic("N")

@pl.program
class P:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, n: pl.Scalar[pl.INT64], a: pl.Tensor[[n, 64], pl.FP32], out: pl.Out[pl.Tensor[[n, 64], pl.FP32]]) -> pl.Tensor[[n, 64], pl.FP32]:
        t: pl.Tile[[16, 64], pl.FP32] = pl.tile.load(a, [0, 0], [16, 64])
        r: pl.Tensor[[n, 64], pl.FP32] = pl.tile.store(t, [0, 0], [16, 64], out)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def d(self, a: pl.Tensor[[N, 64], pl.FP32], out: pl.Out[pl.Tensor[[N, 64], pl.FP32]]) -> pl.Tensor[[N, 64], pl.FP32]:
        t: pl.Tile[[16, 64], pl.FP32] = pl.tile.load(a, [0, 0], [16, 64])
        r: pl.Tensor[[N, 64], pl.FP32] = pl.tile.store(t, [0, 0], [16, 64], out)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, m: pl.Scalar[pl.INT64], x: pl.Tensor[[m, 64], pl.FP32], y: pl.Tensor[[128, 64], pl.FP32]) -> pl.Tensor[[128, 64], pl.FP32]:
        r: pl.Tensor[[m, 64], pl.FP32] = self.k(m, x)
        s: pl.Tensor[[128, 64], pl.FP32] = self.d(y)
        return s
