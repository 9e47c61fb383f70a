# expect: Python's yield is not part of the language (use pl.yield_)
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        yield x
        return x
