# pypto.program: TupleReturn
import pypto.language as pl

@pl.program
class TupleReturn:
    @pl.function(type=pl.FunctionType.InCore)
    def split_sum_diff(self, a: pl.Tensor[[16, 16], pl.FP32], b: pl.Tensor[[16, 16], pl.FP32], s_out: pl.Tensor[[16, 16], pl.FP32], d_out: pl.Tensor[[16, 16], pl.FP32]) -> tuple[pl.Tensor[[16, 16], pl.FP32], pl.Tensor[[16, 16], pl.FP32]]:
        ta: pl.Tile[[16, 16], pl.FP32] = pl.tile.load(a, [0, 0], [16, 16])
        tb: pl.Tile[[16, 16], pl.FP32] = pl.tile.load(b, [0, 0], [16, 16])
        ts: pl.Tile[[16, 16], pl.FP32] = pl.tile.add(ta, tb)
        td: pl.Tile[[16, 16], pl.FP32] = pl.tile.sub(ta, tb)
        s: pl.Tensor[[16, 16], pl.FP32] = pl.tile.store(ts, [0, 0], [16, 16], s_out)
        d: pl.Tensor[[16, 16], pl.FP32] = pl.tile.store(td, [0, 0], [16, 16], d_out)
        return s, d

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[16, 16], pl.FP32], b: pl.Tensor[[16, 16], pl.FP32]) -> tuple[pl.Tensor[[16, 16], pl.FP32], pl.Tensor[[16, 16], pl.FP32]]:
        s, d = self.split_sum_diff(a, b)
        pair: tuple[pl.Tensor[[16, 16], pl.FP32], pl.Tensor[[16, 16], pl.FP32]] = self.split_sum_diff(s, d)
        s2: pl.Tensor[[16, 16], pl.FP32] = pair[0]
        d2: pl.Tensor[[16, 16], pl.FP32] = pair[1]
        return s2, d2
