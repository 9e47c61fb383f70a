# expect: unterminated triple-quoted string at the opening quotes
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        """docstring that never ends
        return x
