# passes: OutlineIncoreScopes
# Regions in each kind of function. In an InCore function the region is already on one core: it
# is dissolved. A region nested in a region is dissolved into the outer one's kernel. A region in
# an Orchestration function is outlined too (the function stays Orchestration). A region whose
# values nobody uses after it has no results: the call is an expression statement and the kernel
# returns nothing.
import pypto.language as pl


@pl.program
class NestedAndKinds:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[16, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        with pl.incore():
            t = pl.load(a, [0, 0], [16, 16])
        r = pl.store(t, [0, 0], [16, 16], out)
        return r

    @pl.function
    def opaque(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        with pl.incore():
            b = pl.tensor.exp(a)
            with pl.incore():
                c = pl.tensor.add(b, a)
            d = pl.tensor.mul(c, c)
        return d

    @pl.function(type=pl.FunctionType.Orchestration)
    def orch(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        k = self.kernel(a)
        with pl.incore():
            unused = pl.tensor.exp(k)
        with pl.incore():
            e = pl.tensor.add(k, a)
        return e
