# pypto.program: BlockSynonym
import pypto.language as pl

@pl.program
class BlockSynonym:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, x: pl.Tensor[[16, 64], pl.FP16], out: pl.Tensor[[16, 64], pl.FP16]) -> pl.Tensor[[16, 64], pl.FP16]:
        t: pl.Tile[[16, 64], pl.FP16] = pl.tile.load(x, [0, 0], [16, 64])
        u: pl.Tile[[16, 64], pl.FP32] = pl.tile.muls(t, 2.0)
        v: pl.Tile[[16, 64], pl.FP32] = pl.tile.sub(u, t)
        w: pl.Tile[[16, 64], pl.FP32] = pl.tile.neg(v)
        r: pl.Tensor[[16, 64], pl.FP16] = pl.tile.store(w, [0, 0], [16, 64], out)
        return r
