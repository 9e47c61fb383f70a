# passes: OutlineIncoreScopes
# No region: the program is unchanged (the Opaque function stays Opaque).
import pypto.language as pl


@pl.program
class NoScope:
    @pl.function
    def main(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        b = pl.tensor.exp(a)
        return b
