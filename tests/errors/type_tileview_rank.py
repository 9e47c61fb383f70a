# expect: valid_shape has 1 dimension for a rank-2 tile
import pypto.language as pl


@pl.program
class P:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, a: pl.Tensor[[16, 16], pl.FP32], out: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        t: pl.Tile[[16, 16], pl.FP32, pl.TileView(valid_shape=[16])] = pl.load(a, [0, 0], [16, 16])
        r = pl.store(t, [0, 0], [16, 16], out)
        return r
