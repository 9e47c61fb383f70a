# expect: a module-level statement that is not an import, a constant, pl.dynamic, a class or a function
import pypto.language as pl

print("hello")


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return x
