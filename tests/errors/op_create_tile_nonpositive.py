# expect: create_tile shape must be static and positive (0)
import pypto.language as pl


@pl.program
class P:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, a: pl.Tensor[[16, 16], pl.FP32], out: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.load(a, [0, 0], [16, 16])
        z = pl.tile.create_tile([0, 16], dtype=pl.FP32, target_memory=pl.Mem.Vec)
        r = pl.store(t, [0, 0], [16, 16], out)
        return r
