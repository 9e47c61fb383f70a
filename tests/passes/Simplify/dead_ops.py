# passes: Simplify
# Unused ops without an effect go (a load only reads, so it goes too); a store, a sync and a
# call of a program function stay even when their results are unused.
import pypto.language as pl


@pl.program
class DeadOps:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self,
        a: pl.Tensor[[16, 16], pl.FP32],
        out: pl.Out[pl.Tensor[[16, 16], pl.FP32]],
    ) -> pl.Tensor[[16, 16], pl.FP32]:
        ta = pl.load(a, [0, 0], [16, 16])
        unused_load = pl.load(a, [0, 0], [16, 16])
        unused_exp = pl.exp(ta)
        dead_chain = pl.muls(unused_exp, 2.0)
        pl.tile.relu(ta)
        pl.system.bar_all()
        ignored = pl.store(ta, [0, 0], [16, 16], out)
        r = pl.store(ta, [0, 0], [16, 16], out)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        unused_call = self.kernel(a)
        r = self.kernel(a)
        return r
