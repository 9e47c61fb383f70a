# pypto.program: AlreadyFlat
import pypto.language as pl

@pl.program
class AlreadyFlat:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[64, 64], pl.FP32], out: pl.Tensor[[64, 64], pl.FP32]) -> pl.Tensor[[64, 64], pl.FP32]:
        for i, (o,) in pl.range(0, 64, 16, init_values=(out,)):
            t: pl.Tile[[16, 64], pl.FP32] = pl.tile.load(a, [i, 0], [16, 64])
            e: pl.Tile[[16, 64], pl.FP32] = pl.tile.exp(t)
            if i == 0:
                u: pl.Tile[[16, 64], pl.FP32] = pl.yield_(e)
            else:
                v: pl.Tile[[16, 64], pl.FP32] = pl.tile.muls(e, 2.0)
                u: pl.Tile[[16, 64], pl.FP32] = pl.yield_(v)
            o2: pl.Tensor[[64, 64], pl.FP32] = pl.tile.store(u, [i, 0], [16, 64], o)
            r: pl.Tensor[[64, 64], pl.FP32] = pl.yield_(o2)
        return r
