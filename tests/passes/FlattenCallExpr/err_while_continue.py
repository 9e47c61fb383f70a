# passes: FlattenCallExpr
# The condition calls a function and the body continues: recomputing the call at the end of
# the body would be skipped by the continue.
import pypto.language as pl


@pl.program
class WhileContinue:
    @pl.function
    def step(self, a: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return a * 2 + 1

    @pl.function
    def spin(self, n: pl.Scalar[pl.INT64]):
        while self.step(n) < 100:
            if n > 3:
                continue
            pl.system.bar_all()
