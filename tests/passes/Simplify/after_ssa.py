# passes: ConvertToSSA,Simplify
# After ConvertToSSA, constants carried into a loop and branches that assign constants fold into
# init values and yields.
import pypto.language as pl


@pl.function
def f(n: pl.Scalar[pl.INT64], v: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
    if v < 0:
        c = -1
    else:
        c = 1
    k = 0
    m = n
    while m > 1:
        m = m // 2
        k = k + c
    return k
