# passes: ConvertToSSA
# The branches leave x with two different types, and x is read after the if.
import pypto.language as pl


@pl.function
def f(n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
    x = 0
    if n > 0:
        x = 1.5
    else:
        x = 2
    return pl.cast(x, pl.INT64)
