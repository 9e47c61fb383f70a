# passes: ConvertToSSA
# x is carried around the loop but changes its type in the body.
import pypto.language as pl


@pl.function
def f(n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.FP32]:
    x = 0
    for i in pl.range(n):
        x = pl.cast(x, pl.FP32) + 0.5
    return x
