# passes: ConvertToSSA,FlattenCallExpr
# A program in three-address form already: nothing changes.
import pypto.language as pl


@pl.program
class AlreadyFlat:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[64, 64], pl.FP32], out: pl.Tensor[[64, 64], pl.FP32]) -> pl.Tensor[[64, 64], pl.FP32]:
        for i, (o,) in pl.range(0, 64, 16, init_values=(out,)):
            t = pl.load(a, [i, 0], [16, 64])
            e = pl.exp(t)
            if i == 0:
                u = pl.yield_(e)
            else:
                v = pl.tile.muls(e, 2.0)
                u = pl.yield_(v)
            o2 = pl.store(u, [i, 0], [16, 64], o)
            r = pl.yield_(o2)
        return r
