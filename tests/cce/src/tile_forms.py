# The tile forms with settled C++ spellings: compares (TCMP/TCMPS, 1 or 0 per element), casts with a
# rounding mode (TCVT), a transpose (TTRANS), a whole-rows view (a tile at an offset in its source)
# and a reshape (TRESHAPE of unpadded rows).
import pypto.language as pl


@pl.program
class TileForms:
    @pl.function(type=pl.FunctionType.InCore)
    def forms(
        self,
        a: pl.Tensor[[16, 16], pl.FP32],
        b: pl.Tensor[[16, 16], pl.FP32],
        c: pl.Out[pl.Tensor[[16, 16], pl.FP32]],
    ) -> pl.Tensor[[16, 16], pl.FP32]:
        x = pl.load(a, [0, 0], [16, 16])
        y = pl.load(b, [0, 0], [16, 16])
        gt = pl.tile.cmp(x, y, cmp_type="GT")
        le = pl.tile.cmps(x, 0.5, cmp_type="LE")
        s = pl.add(gt, le)
        z = pl.mul(x, 10.0)
        i = pl.tile.cast(z, pl.INT32, mode="floor")
        f = pl.tile.cast(i, pl.FP32)
        g = pl.add(f, s)
        t = pl.tile.transpose(g, 0, 1)
        bottom = pl.tile.view(t, [8, 16], [8, 0])
        r = pl.tile.reshape(bottom, [16, 8])
        u = pl.exp(r)
        out = pl.store(t, [0, 0], [16, 16], c)
        out2 = pl.store(u, [0, 8], [16, 8], out)
        return out2

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[16, 16], pl.FP32], b: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        c = self.forms(a, b)
        return c
