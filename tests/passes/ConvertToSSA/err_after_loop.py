# passes: ConvertToSSA
# last is read after the loop, but a loop that runs no iteration leaves it unassigned.
import pypto.language as pl


@pl.function
def f(n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
    for i in pl.range(n):
        last = i * i
    return last
