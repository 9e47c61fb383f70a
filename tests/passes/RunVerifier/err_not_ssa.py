# passes: RunVerifier
# RunVerifier needs SSA: here a value is carried around a while loop by re-assignment.
import pypto.language as pl


@pl.function
def f(n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
    k = 0
    while k < n:
        k = k + 1
    return k
