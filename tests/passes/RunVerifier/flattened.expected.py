# pypto.program: f
import pypto.language as pl

@pl.program
class f:
    @pl.function
    def f(self, a: pl.Tensor[[16, 16], pl.FP32], n: pl.Scalar[pl.INT64]) -> pl.Tensor[[16, 16], pl.FP32]:
        _t0: pl.Tensor[[16, 16], pl.FP32] = pl.tensor.exp(a)
        b: pl.Tensor[[16, 16], pl.FP32] = pl.tensor.add(_t0, a)
        k: pl.Scalar[pl.INT64] = 0
        for (b_1, k_1) in pl.while_(init_values=(b, k)):
            pl.cond(k_1 < n)
            _t1: pl.Tensor[[16, 16], pl.FP32] = pl.tensor.exp(b_1)
            b_2: pl.Tensor[[16, 16], pl.FP32] = pl.tensor.mul(b_1, _t1)
            k_2: pl.Scalar[pl.INT64] = k_1 + 1
            b_3, k_3 = pl.yield_(b_2, k_2)
        return b_3
