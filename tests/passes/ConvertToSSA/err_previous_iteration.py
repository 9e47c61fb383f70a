# passes: ConvertToSSA
# The else branch reads x from the previous iteration, but x has no value before the loop.
import pypto.language as pl


@pl.function
def f(n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
    s = 0
    for i in pl.range(n):
        if i == 0:
            x = 0
        else:
            x = x + 1
        s = s + x
    return s
