# pypto.program: TupleCalls
import pypto.language as pl

@pl.program
class TupleCalls:
    @pl.function(type=pl.FunctionType.InCore)
    def split(self, a: pl.Tensor[[16, 16], pl.FP32], b: pl.Tensor[[16, 16], pl.FP32], s_out: pl.Tensor[[16, 16], pl.FP32], d_out: pl.Tensor[[16, 16], pl.FP32]) -> tuple[pl.Tensor[[16, 16], pl.FP32], pl.Tensor[[16, 16], pl.FP32]]:
        ta: pl.Tile[[16, 16], pl.FP32] = pl.tile.load(a, [0, 0], [16, 16])
        tb: pl.Tile[[16, 16], pl.FP32] = pl.tile.load(b, [0, 0], [16, 16])
        _t0: pl.Tile[[16, 16], pl.FP32] = pl.tile.add(ta, tb)
        s: pl.Tensor[[16, 16], pl.FP32] = pl.tile.store(_t0, [0, 0], [16, 16], s_out)
        _t1: pl.Tile[[16, 16], pl.FP32] = pl.tile.sub(ta, tb)
        d: pl.Tensor[[16, 16], pl.FP32] = pl.tile.store(_t1, [0, 0], [16, 16], d_out)
        return s, d

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[16, 16], pl.FP32], b: pl.Tensor[[16, 16], pl.FP32]) -> tuple[pl.Tensor[[16, 16], pl.FP32], pl.Tensor[[16, 16], pl.FP32]]:
        s, d = self.split(a, b)
        _t0: tuple[pl.Tensor[[16, 16], pl.FP32], pl.Tensor[[16, 16], pl.FP32]] = self.split(s, d)
        s2: pl.Tensor[[16, 16], pl.FP32] = _t0[0]
        _t1: tuple[pl.Tensor[[16, 16], pl.FP32], pl.Tensor[[16, 16], pl.FP32]] = self.split(s2, d)
        s3, d3 = self.split(_t1[1], a)
        return s3, d3
