# expect: unindent does not match any outer indentation level (line 11)
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        if x > 0:
            y = 1
          z = 2
        return x
