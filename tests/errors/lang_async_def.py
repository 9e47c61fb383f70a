# expect: async functions are not part of the language
import pypto.language as pl


@pl.program
class P:
    @pl.function
    async def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return x
