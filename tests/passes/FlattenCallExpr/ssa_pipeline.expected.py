# pypto.program: SsaPipeline
import pypto.language as pl

@pl.program
class SsaPipeline:
    @pl.function(type=pl.FunctionType.InCore)
    def blocks(self, x: pl.Tensor[[64, 32], pl.FP32], out: pl.Out[pl.Tensor[[16, 32], pl.FP32]]) -> pl.Tensor[[16, 32], pl.FP32]:
        acc: pl.Tile[[16, 32], pl.FP32] = pl.tile.load(x, [0, 0], [16, 32])
        for i, (acc_1,) in pl.range(1, 4, 1, init_values=(acc,)):
            _t0: pl.Tile[[16, 32], pl.FP32] = pl.tile.load(x, [i * 16, 0], [16, 32])
            _t1: pl.Tile[[16, 32], pl.FP32] = pl.tile.exp(_t0)
            acc_2: pl.Tile[[16, 32], pl.FP32] = pl.tile.add(acc_1, _t1)
            if i == 2:
                _t2: pl.Tile[[16, 32], pl.FP32] = pl.tile.muls(acc_2, 0.5)
                acc_3: pl.Tile[[16, 32], pl.FP32] = pl.tile.relu(_t2)
                acc_4: pl.Tile[[16, 32], pl.FP32] = pl.yield_(acc_3)
            else:
                acc_4: pl.Tile[[16, 32], pl.FP32] = pl.yield_(acc_2)
            acc_5: pl.Tile[[16, 32], pl.FP32] = pl.yield_(acc_4)
        _t3: pl.Tensor[[16, 32], pl.FP32] = pl.tile.store(acc_5, [0, 0], [16, 32], out)
        return _t3
