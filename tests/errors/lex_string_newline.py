# expect: unterminated string literal: a newline inside a single-quoted string
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        """ok"""
        s = pl.dynamic("M
")
        return x
