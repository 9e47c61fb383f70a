# pypto.program: DynamicRows
import pypto.language as pl

N = pl.dynamic("N")

@pl.program
class DynamicRows:
    @pl.function(type=pl.FunctionType.InCore)
    def scale_rows(self, x: pl.Tensor[[N, 128], pl.FP32], alpha: pl.Scalar[pl.FP32], y_out: pl.Out[pl.Tensor[[N, 128], pl.FP32]]) -> pl.Tensor[[N, 128], pl.FP32]:
        for i, (y_iter,) in pl.range(0, N, 128, init_values=(y_out,)):
            x_tile: pl.Tile[[128, 128], pl.FP32] = pl.tile.load(x, [i, 0], [128, 128])
            s_tile: pl.Tile[[128, 128], pl.FP32] = pl.tile.muls(x_tile, alpha)
            y_tile: pl.Tile[[128, 128], pl.FP32] = pl.tile.exp(s_tile)
            y_store: pl.Tensor[[N, 128], pl.FP32] = pl.tile.store(y_tile, [i, 0], [128, 128], y_iter)
            y: pl.Tensor[[N, 128], pl.FP32] = pl.yield_(y_store)
        return y

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, x: pl.Tensor[[N, 128], pl.FP32]) -> pl.Tensor[[N, 128], pl.FP32]:
        y: pl.Tensor[[N, 128], pl.FP32] = self.scale_rows(x, 2.0)
        return y
