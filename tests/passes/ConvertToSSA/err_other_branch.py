# passes: ConvertToSSA
# The else branch reads y, which only the then branch assigns.
import pypto.language as pl


@pl.function
def f(n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
    if n > 0:
        y = 1
    else:
        z = y + 1
    return n
