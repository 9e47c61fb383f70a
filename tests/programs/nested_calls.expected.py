# pypto.program: NestedCalls
import pypto.language as pl

@pl.program
class NestedCalls:
    @pl.function(type=pl.FunctionType.InCore)
    def fused(self, a: pl.Tensor[[32, 32], pl.FP32], b: pl.Tensor[[32, 32], pl.FP32], out: pl.Tensor[[32, 32], pl.FP32]) -> pl.Tensor[[32, 32], pl.FP32]:
        y: pl.Tile[[32, 32], pl.FP32] = pl.tile.add(pl.tile.exp(pl.tile.load(a, [0, 0], [32, 32])), pl.tile.muls(pl.tile.load(b, [0, 0], [32, 32]), 3.0))
        r: pl.Tensor[[32, 32], pl.FP32] = pl.tile.store(pl.tile.relu(y), [0, 0], [32, 32], out)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def twice(self, a: pl.Tensor[[32, 32], pl.FP32], b: pl.Tensor[[32, 32], pl.FP32]) -> pl.Tensor[[32, 32], pl.FP32]:
        c: pl.Tensor[[32, 32], pl.FP32] = self.fused(self.fused(a, b), b)
        return c

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[32, 32], pl.FP32], b: pl.Tensor[[32, 32], pl.FP32]) -> pl.Tensor[[32, 32], pl.FP32]:
        d: pl.Tensor[[32, 32], pl.FP32] = self.twice(a, b)
        return d
