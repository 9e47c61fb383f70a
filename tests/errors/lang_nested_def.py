# expect: functions inside functions are not part of the language
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        def helper(v):
            return v
        return x
