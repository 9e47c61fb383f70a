# pypto.program: ParamDirections
import pypto.language as pl

@pl.program
class ParamDirections:
    @pl.function(type=pl.FunctionType.InCore)
    def accumulate(self, x: pl.Tensor[[16, 16], pl.FP32], acc: pl.InOut[pl.Tensor[[16, 16], pl.FP32]], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> tuple[pl.Tensor[[16, 16], pl.FP32], pl.Tensor[[16, 16], pl.FP32]]:
        tx: pl.Tile[[16, 16], pl.FP32] = pl.tile.load(x, [0, 0], [16, 16])
        ta: pl.Tile[[16, 16], pl.FP32] = pl.tile.load(acc, [0, 0], [16, 16])
        s: pl.Tile[[16, 16], pl.FP32] = pl.tile.add(tx, ta)
        acc2: pl.Tensor[[16, 16], pl.FP32] = pl.tile.store(s, [0, 0], [16, 16], acc)
        e: pl.Tile[[16, 16], pl.FP32] = pl.tile.exp(s)
        o: pl.Tensor[[16, 16], pl.FP32] = pl.tile.store(e, [0, 0], [16, 16], out)
        return acc2, o

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, x: pl.Tensor[[16, 16], pl.FP32], acc: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        acc2, o = self.accumulate(x, acc)
        return o
