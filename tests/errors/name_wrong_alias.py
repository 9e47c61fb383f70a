# expect: the module is imported as 'pl'; 'pypto' is not a name here
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pypto.language.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return x
