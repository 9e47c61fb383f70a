# expect: unknown function type pl.FunctionType.Cube
import pypto.language as pl


@pl.program
class P:
    @pl.function(type=pl.FunctionType.Cube)
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return x
