# pypto.program: NestedAndKinds
import pypto.language as pl

@pl.program
class NestedAndKinds:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[16, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        t: pl.Tile[[16, 16], pl.FP32] = pl.tile.load(a, [0, 0], [16, 16])
        r: pl.Tensor[[16, 16], pl.FP32] = pl.tile.store(t, [0, 0], [16, 16], out)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def opaque_incore_0(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        b: pl.Tensor[[16, 16], pl.FP32] = pl.tensor.exp(a)
        c: pl.Tensor[[16, 16], pl.FP32] = pl.tensor.add(b, a)
        d: pl.Tensor[[16, 16], pl.FP32] = pl.tensor.mul(c, c)
        return d

    @pl.function(type=pl.FunctionType.Orchestration)
    def opaque(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        d: pl.Tensor[[16, 16], pl.FP32] = self.opaque_incore_0(a)
        return d

    @pl.function(type=pl.FunctionType.InCore)
    def orch_incore_0(self, k: pl.Tensor[[16, 16], pl.FP32]):
        unused: pl.Tensor[[16, 16], pl.FP32] = pl.tensor.exp(k)

    @pl.function(type=pl.FunctionType.InCore)
    def orch_incore_1(self, a: pl.Tensor[[16, 16], pl.FP32], k: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        e: pl.Tensor[[16, 16], pl.FP32] = pl.tensor.add(k, a)
        return e

    @pl.function(type=pl.FunctionType.Orchestration)
    def orch(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        k: pl.Tensor[[16, 16], pl.FP32] = self.kernel(a)
        self.orch_incore_0(k)
        e: pl.Tensor[[16, 16], pl.FP32] = self.orch_incore_1(a, k)
        return e
