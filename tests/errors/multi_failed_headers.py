# expect: three errors, one per failed loop or if header; the bodies and the else are skipped without cascades
import pypto.language as pl

@pl.function
def f(x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
    if z > 0:
        y = 1
    else:
        y = 2
    while q:
        x = x + 1
    for i in pl.range(w):
        x = x + 1
    return x
