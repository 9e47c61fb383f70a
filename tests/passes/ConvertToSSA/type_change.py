# passes: ConvertToSSA
# A re-assignment may change a variable's type: each definition is a Var of its own type, and
# the uses after it read that Var (a scalar becoming a float, a tile changing its shape).
import pypto.language as pl


@pl.program
class TypeChange:
    @pl.function
    def scalars(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.FP32]:
        v = n * 3
        v = pl.cast(v, pl.FP32)
        v = v * 0.5
        return v

    @pl.function(type=pl.FunctionType.InCore)
    def tiles(self, x: pl.Tensor[[16, 64], pl.FP32], out: pl.Out[pl.Tensor[[16, 1], pl.FP32]]) -> pl.Tensor[[16, 1], pl.FP32]:
        t = pl.load(x, [0, 0], [16, 64])
        tmp = pl.tile.create_tile([16, 64], dtype=pl.FP32, target_memory=pl.Mem.Vec)
        t = pl.tile.row_sum(t, tmp)
        t = pl.tile.muls(t, 0.015625)
        r = pl.store(t, [0, 0], [16, 1], out)
        return r
