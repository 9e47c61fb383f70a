# pypto.program: KeptNames
import pypto.language as pl

@pl.program
class KeptNames:
    @pl.function
    def f(self, x: pl.Tensor[[64, 64], pl.FP32], k: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        rows: pl.Scalar[pl.INT64] = 32
        v: pl.Tensor[[rows, 64], pl.FP32] = pl.tensor.view(x, [rows, 64], [0, 0])
        d: pl.Scalar[pl.INT64] = pl.tensor.dim(v, 0)
        zero: pl.Scalar[pl.INT64] = 0
        q: pl.Scalar[pl.INT64] = k // zero
        m: pl.Scalar[pl.INT64] = 3
        q2: pl.Scalar[pl.INT64] = q // (m - 3)
        q3: pl.Scalar[pl.INT64] = q2 % 2
        r: pl.Scalar[pl.INT64] = d + q3
        return r
