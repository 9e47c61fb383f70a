# pypto.program: ForAccumulate
import pypto.language as pl

@pl.program
class ForAccumulate:
    @pl.function(type=pl.FunctionType.InCore)
    def row_blocks(self, x: pl.Tensor[[64, 32], pl.FP32], out: pl.Out[pl.Tensor[[16, 32], pl.FP32]]) -> pl.Tensor[[16, 32], pl.FP32]:
        acc: pl.Tile[[16, 32], pl.FP32] = pl.tile.create_tile([16, 32], dtype=pl.FP32, target_memory=pl.Mem.Vec)
        acc_1: pl.Tile[[16, 32], pl.FP32] = pl.tile.muls(acc, 0.0)
        n: pl.Scalar[pl.INT64] = 0
        for i, (acc_2, n_1) in pl.range(0, 4, 1, init_values=(acc_1, n)):
            tl: pl.Tile[[16, 32], pl.FP32] = pl.tile.load(x, [i * 16, 0], [16, 32])
            acc_3: pl.Tile[[16, 32], pl.FP32] = pl.tile.add(acc_2, tl)
            n_2: pl.Scalar[pl.INT64] = n_1 + 1
            acc_4, n_3 = pl.yield_(acc_3, n_2)
        acc_5: pl.Tile[[16, 32], pl.FP32] = pl.tile.muls(acc_4, 1.0 / pl.cast(n_3, pl.FP32))
        r: pl.Tensor[[16, 32], pl.FP32] = pl.tile.store(acc_5, [0, 0], [16, 32], out)
        return r
