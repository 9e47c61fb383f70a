# passes: OutlineIncoreScopes
# One region: its inputs a and b become the kernel's parameters (sorted by name), y, the one value
# used after it, its result; t stays inside. The caller becomes an Orchestration function that
# calls the kernel, which is placed before it.
import pypto.language as pl


@pl.program
class SingleScope:
    @pl.function
    def main(self, b: pl.Tensor[[64, 64], pl.FP32], a: pl.Tensor[[64, 64], pl.FP32]) -> pl.Tensor[[64, 64], pl.FP32]:
        with pl.incore():
            t = pl.tensor.add(a, b)
            y = pl.tensor.exp(t)
        return y
