# passes: ConvertToSSA
# break in a loop with init_values that also carries a re-assigned name (s): not supported.
import pypto.language as pl


@pl.function
def f(n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
    s = 0
    for i, (acc,) in pl.range(0, n, 1, init_values=(0,)):
        if i > 3:
            break
        s = s + i
        out = pl.yield_(acc + i)
    return s + out
