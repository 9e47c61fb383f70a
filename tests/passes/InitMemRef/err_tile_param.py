# passes: InitMemRef
# A kernel's parameters come from global memory: a tile parameter has no buffer to live in.
import pypto.language as pl


@pl.program
class TileParam:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, t: pl.Tile[[16, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        e = pl.exp(t)
        r = pl.store(e, [0, 0], [16, 16], out)
        return r
