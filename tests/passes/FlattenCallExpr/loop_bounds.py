# passes: FlattenCallExpr
# Calls in loop bounds and init values are hoisted before the loop; a call as a yield value
# is hoisted before the yield, inside the body.
import pypto.language as pl


@pl.program
class LoopBounds:
    @pl.function(type=pl.FunctionType.InCore)
    def rows(self, x: pl.Tensor[[64, 32], pl.FP32], out: pl.Tensor[[64, 32], pl.FP32]) -> pl.Tensor[[64, 32], pl.FP32]:
        for i, (o,) in pl.range(0, pl.tensor.dim(x, 0), pl.tensor.dim(x, 0) // 4, init_values=(pl.tensor.add(out, x),)):
            t = pl.load(x, [i, 0], [16, 32])
            r = pl.yield_(pl.store(pl.exp(t), [i, 0], [16, 32], o))
        return r
