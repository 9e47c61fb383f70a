# passes: FlattenCallExpr
# Calls as operands of arithmetic (binary, unary, cast) and inside an index are hoisted; the
# arithmetic stays in the statement.
import pypto.language as pl


@pl.program
class Arithmetic:
    @pl.function
    def dims(self, t: pl.Tensor[[16, 32], pl.FP32]) -> pl.Scalar[pl.INT64]:
        n = pl.tensor.dim(t, 0) * pl.tensor.dim(t, 1) + 1
        m = -pl.tensor.dim(t, 1)
        f = pl.cast(pl.tensor.dim(t, 0), pl.FP32) * 0.5
        return n + m + pl.cast(f, pl.INT64)
