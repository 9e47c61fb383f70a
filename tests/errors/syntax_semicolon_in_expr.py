# expect: unexpected ';' in an expression (a, ; b)
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        y = min(x, ; x)
        return y
