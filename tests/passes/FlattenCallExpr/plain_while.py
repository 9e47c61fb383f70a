# passes: FlattenCallExpr
# FlattenCallExpr alone on a program that is not in SSA form: the plain while loop whose
# condition calls a function becomes a pl.while_ carrying the call's value; at the end of the
# body the call reads the names as the body left them.
import pypto.language as pl


@pl.program
class PlainWhile:
    @pl.function
    def step(self, a: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return a * 2 + 1

    @pl.function
    def grow(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        k = 0
        while self.step(k) < n:
            k = k + 1
        return k
