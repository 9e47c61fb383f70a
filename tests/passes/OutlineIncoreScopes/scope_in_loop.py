# passes: OutlineIncoreScopes
# A region inside a loop body: the loop variable i and the iter_arg acc are parameters (as
# scalar and tensor), and the region's result nxt feeds the yield after it.
import pypto.language as pl


@pl.program
class ScopeInLoop:
    @pl.function
    def main(self, a: pl.Tensor[[16, 64], pl.FP32]) -> pl.Tensor[[16, 64], pl.FP32]:
        for i, (acc,) in pl.range(0, 8, 1, init_values=(a,)):
            with pl.incore():
                f = pl.cast(i, pl.FP32)
                nxt = pl.tensor.add_scalar(acc, f)
            acc_out = pl.yield_(nxt)
        return acc_out
