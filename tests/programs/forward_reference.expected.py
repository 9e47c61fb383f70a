# pypto.program: ForwardReference
import pypto.language as pl

@pl.program
class ForwardReference:
    @pl.function(type=pl.FunctionType.InCore)
    def stage_one(self, x: pl.Tensor[[16, 16], pl.FP32], out: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        t: pl.Tile[[16, 16], pl.FP32] = pl.tile.load(x, [0, 0], [16, 16])
        u: pl.Tile[[16, 16], pl.FP32] = pl.tile.recip(t)
        r: pl.Tensor[[16, 16], pl.FP32] = pl.tile.store(u, [0, 0], [16, 16], out)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def stage_two(self, x: pl.Tensor[[16, 16], pl.FP32], out: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        t: pl.Tile[[16, 16], pl.FP32] = pl.tile.load(x, [0, 0], [16, 16])
        u: pl.Tile[[16, 16], pl.FP32] = pl.tile.log(t)
        r: pl.Tensor[[16, 16], pl.FP32] = pl.tile.store(u, [0, 0], [16, 16], out)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, x: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        y: pl.Tensor[[16, 16], pl.FP32] = self.stage_one(x)
        z: pl.Tensor[[16, 16], pl.FP32] = self.stage_two(y)
        return z
