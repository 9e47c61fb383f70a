# pypto.program: LoopBounds
import pypto.language as pl

@pl.program
class LoopBounds:
    @pl.function(type=pl.FunctionType.InCore)
    def rows(self, x: pl.Tensor[[64, 32], pl.FP32], out: pl.Tensor[[64, 32], pl.FP32]) -> pl.Tensor[[64, 32], pl.FP32]:
        _t0: pl.Scalar[pl.INT64] = pl.tensor.dim(x, 0)
        _t1: pl.Scalar[pl.INT64] = pl.tensor.dim(x, 0)
        _t2: pl.Tensor[[64, 32], pl.FP32] = pl.tensor.add(out, x)
        for i, (o,) in pl.range(0, _t0, _t1 // 4, init_values=(_t2,)):
            t: pl.Tile[[16, 32], pl.FP32] = pl.tile.load(x, [i, 0], [16, 32])
            _t3: pl.Tile[[16, 32], pl.FP32] = pl.tile.exp(t)
            _t4: pl.Tensor[[64, 32], pl.FP32] = pl.tile.store(_t3, [i, 0], [16, 32], o)
            r: pl.Tensor[[64, 32], pl.FP32] = pl.yield_(_t4)
        return r
