# expect: unknown keyword 'kind' in @pl.function
import pypto.language as pl


@pl.program
class P:
    @pl.function(kind=pl.FunctionType.InCore)
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return x
