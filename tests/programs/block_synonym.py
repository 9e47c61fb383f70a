# pl.block.NAME is the same op as pl.tile.NAME (printed as pl.tile.NAME).
import pypto.language as pl


@pl.program
class BlockSynonym:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self, x: pl.Tensor[[16, 64], pl.FP16], out: pl.Tensor[[16, 64], pl.FP16]
    ) -> pl.Tensor[[16, 64], pl.FP16]:
        t = pl.block.load(x, [0, 0], [16, 64])
        u = pl.block.muls(t, 2.0)
        v = pl.block.sub(u, t)
        w = pl.tile.neg(v)
        r = pl.block.store(w, [0, 0], [16, 64], out)
        return r
