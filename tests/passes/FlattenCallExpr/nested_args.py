# passes: FlattenCallExpr
# Calls nested in the arguments of ops and of program functions are hoisted into _t0, _t1,
# ... just before their statement, inner calls first and left to right. The outermost call
# of an assignment or an expression statement stays.
import pypto.language as pl


@pl.program
class NestedArgs:
    @pl.function(type=pl.FunctionType.InCore)
    def fused(
        self,
        a: pl.Tensor[[32, 32], pl.FP32],
        b: pl.Tensor[[32, 32], pl.FP32],
        out: pl.Tensor[[32, 32], pl.FP32],
    ) -> pl.Tensor[[32, 32], pl.FP32]:
        y = pl.add(pl.exp(pl.load(a, [0, 0], [32, 32])), pl.muls(pl.load(b, [0, 0], [32, 32]), 3.0))
        pl.store(pl.tile.relu(y), [0, 0], [32, 32], out)
        return out

    @pl.function(type=pl.FunctionType.Orchestration)
    def twice(self, a: pl.Tensor[[32, 32], pl.FP32], b: pl.Tensor[[32, 32], pl.FP32]) -> pl.Tensor[[32, 32], pl.FP32]:
        c = self.fused(self.fused(a, b), pl.tensor.add(a, b))
        return c
