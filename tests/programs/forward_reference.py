# Methods may call each other in any order: the orchestration comes first in the source,
# the printer puts callees before callers.
import pypto.language as pl


@pl.program
class ForwardReference:
    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, x: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        y = self.stage_one(x)
        z = self.stage_two(y)
        return z

    @pl.function(type=pl.FunctionType.InCore)
    def stage_two(
        self, x: pl.Tensor[[16, 16], pl.FP32], out: pl.Tensor[[16, 16], pl.FP32]
    ) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.load(x, [0, 0], [16, 16])
        u = pl.tile.log(t)
        r = pl.store(u, [0, 0], [16, 16], out)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def stage_one(
        self, x: pl.Tensor[[16, 16], pl.FP32], out: pl.Tensor[[16, 16], pl.FP32]
    ) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.load(x, [0, 0], [16, 16])
        u = pl.tile.recip(t)
        r = pl.store(u, [0, 0], [16, 16], out)
        return r
