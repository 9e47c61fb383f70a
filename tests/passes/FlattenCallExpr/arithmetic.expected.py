# pypto.program: Arithmetic
import pypto.language as pl

@pl.program
class Arithmetic:
    @pl.function
    def dims(self, t: pl.Tensor[[16, 32], pl.FP32]) -> pl.Scalar[pl.INT64]:
        _t0: pl.Scalar[pl.INT64] = pl.tensor.dim(t, 0)
        _t1: pl.Scalar[pl.INT64] = pl.tensor.dim(t, 1)
        n: pl.Scalar[pl.INT64] = _t0 * _t1 + 1
        _t2: pl.Scalar[pl.INT64] = pl.tensor.dim(t, 1)
        m: pl.Scalar[pl.INT64] = -_t2
        _t3: pl.Scalar[pl.INT64] = pl.tensor.dim(t, 0)
        f: pl.Scalar[pl.FP32] = pl.cast(_t3, pl.FP32) * 0.5
        return n + m + pl.cast(f, pl.INT64)
