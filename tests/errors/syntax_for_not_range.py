# expect: a for loop must iterate over pl.range, pl.parallel or pl.while_
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for i in [1, 2, 3]:
            pass
        return x
