# passes: FlattenCallExpr
# A call as a return value is hoisted before the return (each value of a tuple return too).
import pypto.language as pl


@pl.program
class Returns:
    @pl.function
    def sq(self, a: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return a * a

    @pl.function
    def both(self, a: pl.Scalar[pl.INT64]) -> tuple[pl.Scalar[pl.INT64], pl.Scalar[pl.INT64]]:
        return self.sq(a), self.sq(self.sq(a)) + 1

    @pl.function(type=pl.FunctionType.InCore)
    def copy(self, x: pl.Tensor[[16, 16], pl.FP32], out: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        return pl.store(pl.load(x, [0, 0], [16, 16]), [0, 0], [16, 16], out)
