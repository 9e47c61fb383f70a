# pypto.program: NestedArgs
import pypto.language as pl

@pl.program
class NestedArgs:
    @pl.function(type=pl.FunctionType.InCore)
    def fused(self, a: pl.Tensor[[32, 32], pl.FP32], b: pl.Tensor[[32, 32], pl.FP32], out: pl.Tensor[[32, 32], pl.FP32]) -> pl.Tensor[[32, 32], pl.FP32]:
        _t0: pl.Tile[[32, 32], pl.FP32] = pl.tile.load(a, [0, 0], [32, 32])
        _t1: pl.Tile[[32, 32], pl.FP32] = pl.tile.exp(_t0)
        _t2: pl.Tile[[32, 32], pl.FP32] = pl.tile.load(b, [0, 0], [32, 32])
        _t3: pl.Tile[[32, 32], pl.FP32] = pl.tile.muls(_t2, 3.0)
        y: pl.Tile[[32, 32], pl.FP32] = pl.tile.add(_t1, _t3)
        _t4: pl.Tile[[32, 32], pl.FP32] = pl.tile.relu(y)
        pl.tile.store(_t4, [0, 0], [32, 32], out)
        return out

    @pl.function(type=pl.FunctionType.Orchestration)
    def twice(self, a: pl.Tensor[[32, 32], pl.FP32], b: pl.Tensor[[32, 32], pl.FP32]) -> pl.Tensor[[32, 32], pl.FP32]:
        _t0: pl.Tensor[[32, 32], pl.FP32] = self.fused(a, b)
        _t1: pl.Tensor[[32, 32], pl.FP32] = pl.tensor.add(a, b)
        c: pl.Tensor[[32, 32], pl.FP32] = self.fused(_t0, _t1)
        return c
