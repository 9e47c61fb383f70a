# Tile forms without a C++ form in the cce backend, each a positioned error: a column window of a
# tile (a Tile's row pitch is its column count) and a reshape of tiles whose rows are padded.
import pypto.language as pl


@pl.program
class BadTileForms:
    @pl.function(type=pl.FunctionType.InCore)
    def k(
        self,
        a: pl.Tensor[[16, 16], pl.FP32],
        c: pl.Out[pl.Tensor[[16, 8], pl.FP32]],
        d: pl.Out[pl.Tensor[[64, 4], pl.FP32]],
    ) -> tuple[pl.Tensor[[16, 8], pl.FP32], pl.Tensor[[64, 4], pl.FP32]]:
        x = pl.load(a, [0, 0], [16, 16])
        w = pl.tile.view(x, [16, 8], [0, 8])
        v = pl.tile.reshape(x, [64, 4])
        e = pl.exp(w)
        f = pl.exp(v)
        r = pl.store(e, [0, 0], [16, 8], c)
        r2 = pl.store(f, [0, 0], [64, 4], d)
        return r, r2
