# expect: pl.exp on a scalar: neither tensor.exp nor tile.exp applies
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        y = pl.exp(x)
        return y
