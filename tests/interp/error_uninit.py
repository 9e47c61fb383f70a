# Interpreter test: computing with a tile nobody wrote (tile.create_tile leaves it
# uninitialised) is an error; storing only half of an output leaves the rest uninitialised,
# which the summary reports.
# run: --entry compute
# expect-error: run time: tile.add reads an uninitialised element [0, 0] of 't'
# run: --entry half_written
# expect: return0: [16, 16] FP32 min=1 max=1 mean=1 uninit=128
import pypto.language as pl


@pl.program
class Uninit:
    @pl.function(type=pl.FunctionType.InCore)
    def compute(self, x: pl.Tensor[[16, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.tile.create_tile([16, 16], dtype=pl.FP32, target_memory=pl.Mem.Vec)
        u = pl.load(x, [0, 0], [16, 16])
        v = pl.add(u, t)
        r = pl.store(v, [0, 0], [16, 16], out)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def half_written(self, out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.tile.full([8, 16], 1.0, dtype=pl.FP32)
        r = pl.store(t, [0, 0], [8, 16], out)
        return r
