# Stand-alone functions (no class, no self): the program is named after the first function.
import pypto.language as pl


@pl.function(type=pl.FunctionType.InCore)
def exp_kernel(
    x: pl.Tensor[[32, 32], pl.FP32], out: pl.Out[pl.Tensor[[32, 32], pl.FP32]]
) -> pl.Tensor[[32, 32], pl.FP32]:
    t = pl.load(x, [0, 0], [32, 32])
    e = pl.exp(t)
    r = pl.store(e, [0, 0], [32, 32], out)
    return r


@pl.function
def scalar_helper(a: pl.Scalar[pl.INT64], b: pl.INT64) -> pl.INT64:
    c = a * b + 1
    return c
