# pypto.program: DeadOps
import pypto.language as pl

@pl.program
class DeadOps:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[16, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        ta: pl.Tile[[16, 16], pl.FP32] = pl.tile.load(a, [0, 0], [16, 16])
        pl.system.bar_all()
        ignored: pl.Tensor[[16, 16], pl.FP32] = pl.tile.store(ta, [0, 0], [16, 16], out)
        r: pl.Tensor[[16, 16], pl.FP32] = pl.tile.store(ta, [0, 0], [16, 16], out)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        unused_call: pl.Tensor[[16, 16], pl.FP32] = self.kernel(a)
        r: pl.Tensor[[16, 16], pl.FP32] = self.kernel(a)
        return r
