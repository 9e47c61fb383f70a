# Row-wise softmax of a 256x64 FP32 matrix, 64 rows at a time:
#   y[i, :] = exp(x[i, :] - max(x[i, :])) / sum(exp(x[i, :] - max(x[i, :])))
#
# The row reductions write a [64, 1] column and need a scratch tile of the input's shape.
import pypto.language as pl


@pl.program
class Softmax:
    @pl.function(type=pl.FunctionType.InCore)
    def softmax_kernel(
        self,
        x: pl.Tensor[[256, 64], pl.FP32],
        out: pl.Out[pl.Tensor[[256, 64], pl.FP32]],
    ) -> pl.Tensor[[256, 64], pl.FP32]:
        tmp = pl.tile.create_tile([64, 64], dtype=pl.FP32, target_memory=pl.Mem.Vec)
        for r, (o,) in pl.range(0, 256, 64, init_values=(out,)):
            tx: pl.Tile[[64, 64], pl.FP32] = pl.load(x, [r, 0], [64, 64])
            row_max: pl.Tile[[64, 1], pl.FP32] = pl.tile.row_max(tx, tmp)
            shifted = pl.tile.row_expand_sub(tx, row_max)
            e = pl.exp(shifted)
            row_sum: pl.Tile[[64, 1], pl.FP32] = pl.tile.row_sum(e, tmp)
            y = pl.tile.row_expand_div(e, row_sum)
            o_next = pl.store(y, [r, 0], [64, 64], o)
            result = pl.yield_(o_next)
        return result

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, x: pl.Tensor[[256, 64], pl.FP32]) -> pl.Tensor[[256, 64], pl.FP32]:
        y = self.softmax_kernel(x)
        return y
