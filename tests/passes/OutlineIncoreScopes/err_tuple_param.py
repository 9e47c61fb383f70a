# passes: OutlineIncoreScopes
# A tuple value used inside a region would be a tuple parameter, which functions cannot have.
import pypto.language as pl


@pl.program
class TupleParam:
    @pl.function
    def pair(self, a: pl.Tensor[[16, 16], pl.FP32]) -> tuple[pl.Tensor[[16, 16], pl.FP32], pl.Tensor[[16, 16], pl.FP32]]:
        b = pl.tensor.exp(a)
        return a, b

    @pl.function
    def main(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        t = self.pair(a)
        with pl.incore():
            c = pl.tensor.add(t[0], t[1])
        return c
