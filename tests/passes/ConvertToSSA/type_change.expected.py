# pypto.program: TypeChange
import pypto.language as pl

@pl.program
class TypeChange:
    @pl.function
    def scalars(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.FP32]:
        v: pl.Scalar[pl.INT64] = n * 3
        v_1: pl.Scalar[pl.FP32] = pl.cast(v, pl.FP32)
        v_2: pl.Scalar[pl.FP32] = v_1 * 0.5
        return v_2

    @pl.function(type=pl.FunctionType.InCore)
    def tiles(self, x: pl.Tensor[[16, 64], pl.FP32], out: pl.Out[pl.Tensor[[16, 1], pl.FP32]]) -> pl.Tensor[[16, 1], pl.FP32]:
        t: pl.Tile[[16, 64], pl.FP32] = pl.tile.load(x, [0, 0], [16, 64])
        tmp: pl.Tile[[16, 64], pl.FP32] = pl.tile.create_tile([16, 64], dtype=pl.FP32, target_memory=pl.Mem.Vec)
        t_1: pl.Tile[[16, 1], pl.FP32] = pl.tile.row_sum(t, tmp)
        t_2: pl.Tile[[16, 1], pl.FP32] = pl.tile.muls(t_1, 0.015625)
        r: pl.Tensor[[16, 1], pl.FP32] = pl.tile.store(t_2, [0, 0], [16, 1], out)
        return r
