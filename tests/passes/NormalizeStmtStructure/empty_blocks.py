# passes: NormalizeStmtStructure
# Empty else branches disappear; empty bodies stay as one empty block (printed `pass`).
import pypto.language as pl


@pl.function
def f(n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
    if n > 0:
        pass
    else:
        pass
    for i in pl.range(n):
        pass
    while n > 100:
        if n > 200:
            n = n - 1
        else:
            pass
    with pl.incore():
        pass
    return n
