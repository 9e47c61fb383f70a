# expect: **kwargs parameters are not part of the language
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64], **kw) -> pl.Scalar[pl.INT64]:
        return x
