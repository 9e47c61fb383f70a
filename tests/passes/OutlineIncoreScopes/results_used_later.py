# passes: OutlineIncoreScopes
# Results are the values defined inside that the rest of the function uses, wherever the use is:
# p in the return, q as a loop's init value, r only in a later region (then a parameter there).
# u is defined inside and never used after: not a result. The unpacking call lists the results
# sorted by name.
import pypto.language as pl


@pl.program
class ResultsUsedLater:
    @pl.function
    def main(self, a: pl.Tensor[[32, 32], pl.FP32]) -> tuple[pl.Tensor[[32, 32], pl.FP32], pl.Tensor[[32, 32], pl.FP32]]:
        with pl.incore():
            u = pl.tensor.exp(a)
            r = pl.tensor.add(u, a)
            q = pl.tensor.mul(r, u)
            p = pl.tensor.sub(q, a)
        for i, (acc,) in pl.range(0, 4, 1, init_values=(q,)):
            nxt = pl.tensor.add(acc, p)
            acc_out = pl.yield_(nxt)
        with pl.incore():
            v = pl.tensor.maximum(r, a)
        w = pl.tensor.add(v, acc_out)
        return p, w
