# passes: Simplify
# Simplify needs SSA: here k is assigned twice.
import pypto.language as pl


@pl.function
def f(n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
    k = 0
    k = k + n
    return k
