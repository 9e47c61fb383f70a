# passes: OutlineIncoreScopes
# A break inside a region that belongs to a loop outside it would leave the kernel.
import pypto.language as pl


@pl.program
class BreakInScope:
    @pl.function
    def main(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        for i in pl.range(0, 4, 1):
            with pl.incore():
                b = pl.tensor.exp(a)
                break
        return a
