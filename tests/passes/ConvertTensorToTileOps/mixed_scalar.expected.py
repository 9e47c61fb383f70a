# pypto.program: MixedScalar
import pypto.language as pl

@pl.program
class MixedScalar:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, x: pl.Tensor[[64, 128], pl.FP32], w: pl.Tensor[[64, 128], pl.FP32], alpha: pl.Scalar[pl.FP32], y_out: pl.Out[pl.Tensor[[64, 128], pl.FP32]]) -> pl.Tensor[[64, 128], pl.FP32]:
        w0: pl.Scalar[pl.FP32] = pl.tensor.read(w, [0, 0])
        beta: pl.Scalar[pl.FP32] = w0 * 2.0
        for i, (y_iter,) in pl.range(0, 64, 32, init_values=(y_out,)):
            x_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.load(x, [i, 0], [32, 128])
            a_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.adds(x_tile, alpha)
            b_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.muls(a_tile, 0.5)
            c_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.divs(b_tile, beta)
            w_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.load(w, [i, 0], [32, 128])
            d_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.add(c_tile, w_tile)
            y_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.subs(d_tile, 1.0)
            y_store: pl.Tensor[[64, 128], pl.FP32] = pl.tile.store(y_tile, [i, 0], [32, 128], y_iter)
            y: pl.Tensor[[64, 128], pl.FP32] = pl.yield_(y_store)
        return y
