# Calls nested inside other calls' arguments, conditions and bounds (FlattenCallExpr hoists
# them later); kernels called from an orchestration that itself calls a helper orchestration.
import pypto.language as pl


@pl.program
class NestedCalls:
    @pl.function(type=pl.FunctionType.InCore)
    def fused(
        self,
        a: pl.Tensor[[32, 32], pl.FP32],
        b: pl.Tensor[[32, 32], pl.FP32],
        out: pl.Tensor[[32, 32], pl.FP32],
    ) -> pl.Tensor[[32, 32], pl.FP32]:
        y = pl.add(pl.exp(pl.load(a, [0, 0], [32, 32])), pl.muls(pl.load(b, [0, 0], [32, 32]), 3.0))
        r = pl.store(pl.tile.relu(y), [0, 0], [32, 32], out)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def twice(
        self, a: pl.Tensor[[32, 32], pl.FP32], b: pl.Tensor[[32, 32], pl.FP32]
    ) -> pl.Tensor[[32, 32], pl.FP32]:
        c = self.fused(self.fused(a, b), b)
        return c

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(
        self, a: pl.Tensor[[32, 32], pl.FP32], b: pl.Tensor[[32, 32], pl.FP32]
    ) -> pl.Tensor[[32, 32], pl.FP32]:
        d = self.twice(a, b)
        return d
