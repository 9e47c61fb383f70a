# expect: row_expand_sub needs a [16, 1] row vector, got [16, 2]
import pypto.language as pl


@pl.program
class P:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, a: pl.Tensor[[16, 16], pl.FP32], out: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.load(a, [0, 0], [16, 16])
        tmp = pl.tile.create_tile([16, 2], dtype=pl.FP32, target_memory=pl.Mem.Vec)
        u = pl.tile.row_expand_sub(t, tmp)
        r = pl.store(u, [0, 0], [16, 16], out)
        return r
