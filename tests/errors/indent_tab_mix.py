# expect: inconsistent use of tabs and spaces in indentation (line 10)
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        y = x + 1
	return y
