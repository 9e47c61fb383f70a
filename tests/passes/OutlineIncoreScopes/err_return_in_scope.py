# passes: OutlineIncoreScopes
# A return inside a region: the region becomes a kernel function, so it cannot return for its
# caller.
import pypto.language as pl


@pl.program
class ReturnInScope:
    @pl.function
    def main(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        with pl.incore():
            b = pl.tensor.exp(a)
            return b
