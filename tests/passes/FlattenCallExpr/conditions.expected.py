# pypto.program: Conditions
import pypto.language as pl

@pl.program
class Conditions:
    @pl.function
    def pick(self, t: pl.Tensor[[16, 32], pl.FP32]) -> pl.Scalar[pl.INT64]:
        _t0: pl.Scalar[pl.INT64] = pl.tensor.dim(t, 0)
        if _t0 > 8:
            r: pl.Scalar[pl.INT64] = pl.yield_(1)
        else:
            _t1: pl.Scalar[pl.INT64] = pl.tensor.dim(t, 1)
            if _t1 > 8:
                r: pl.Scalar[pl.INT64] = pl.yield_(2)
            else:
                r: pl.Scalar[pl.INT64] = pl.yield_(3)
            r: pl.Scalar[pl.INT64] = pl.yield_(r)
        return r
