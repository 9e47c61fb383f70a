# expect: a method of a program without 'self' as first parameter
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return x
