# expect: comprehensions are not part of the language
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        ys = [v * 2 for v in pl.range(4)]
        return x
