# passes: ConvertToSSA
# A loop variable lives only in its loop.
import pypto.language as pl


@pl.function
def f(n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
    i = 0
    for i in pl.range(n):
        pl.system.bar_all()
    return i
