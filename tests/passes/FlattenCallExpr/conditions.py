# passes: FlattenCallExpr
# A call in an if condition is hoisted before the if; the call in the condition of the
# nested if (an elif) goes into the else branch, just before that if.
import pypto.language as pl


@pl.program
class Conditions:
    @pl.function
    def pick(self, t: pl.Tensor[[16, 32], pl.FP32]) -> pl.Scalar[pl.INT64]:
        if pl.tensor.dim(t, 0) > 8:
            r = pl.yield_(1)
        elif pl.tensor.dim(t, 1) > 8:
            r = pl.yield_(2)
        else:
            r = pl.yield_(3)
        return r
