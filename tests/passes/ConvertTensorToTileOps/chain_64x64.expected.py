# pypto.program: Chain
import pypto.language as pl

@pl.program
class Chain:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[64, 64], pl.FP32], b: pl.Tensor[[64, 64], pl.FP32], c: pl.Tensor[[64, 64], pl.FP32], y_out: pl.Out[pl.Tensor[[64, 64], pl.FP32]]) -> pl.Tensor[[64, 64], pl.FP32]:
        a_tile: pl.Tile[[64, 64], pl.FP32] = pl.tile.load(a, [0, 0], [64, 64])
        b_tile: pl.Tile[[64, 64], pl.FP32] = pl.tile.load(b, [0, 0], [64, 64])
        s_tile: pl.Tile[[64, 64], pl.FP32] = pl.tile.add(a_tile, b_tile)
        c_tile: pl.Tile[[64, 64], pl.FP32] = pl.tile.load(c, [0, 0], [64, 64])
        m_tile: pl.Tile[[64, 64], pl.FP32] = pl.tile.mul(s_tile, c_tile)
        y_tile: pl.Tile[[64, 64], pl.FP32] = pl.tile.sub(m_tile, a_tile)
        y: pl.Tensor[[64, 64], pl.FP32] = pl.tile.store(y_tile, [0, 0], [64, 64], y_out)
        return y

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[64, 64], pl.FP32], b: pl.Tensor[[64, 64], pl.FP32], c: pl.Tensor[[64, 64], pl.FP32]) -> pl.Tensor[[64, 64], pl.FP32]:
        y: pl.Tensor[[64, 64], pl.FP32] = self.kernel(a, b, c)
        return y
