# pypto.program: Returns
import pypto.language as pl

@pl.program
class Returns:
    @pl.function
    def sq(self, a: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return a * a

    @pl.function
    def both(self, a: pl.Scalar[pl.INT64]) -> tuple[pl.Scalar[pl.INT64], pl.Scalar[pl.INT64]]:
        _t0: pl.Scalar[pl.INT64] = self.sq(a)
        _t1: pl.Scalar[pl.INT64] = self.sq(a)
        _t2: pl.Scalar[pl.INT64] = self.sq(_t1)
        return _t0, _t2 + 1

    @pl.function(type=pl.FunctionType.InCore)
    def copy(self, x: pl.Tensor[[16, 16], pl.FP32], out: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        _t0: pl.Tile[[16, 16], pl.FP32] = pl.tile.load(x, [0, 0], [16, 16])
        _t1: pl.Tensor[[16, 16], pl.FP32] = pl.tile.store(_t0, [0, 0], [16, 16], out)
        return _t1
