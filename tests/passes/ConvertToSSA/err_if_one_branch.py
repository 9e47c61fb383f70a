# passes: ConvertToSSA
# y is assigned only when the branch is taken, but read after the if.
import pypto.language as pl


@pl.function
def f(n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
    if n > 0:
        y = n * 2
    return y
