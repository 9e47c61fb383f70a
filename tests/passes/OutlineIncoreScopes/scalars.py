# passes: OutlineIncoreScopes
# Scalars cross the boundary like tensors: the parameter alpha, the scalar beta computed before
# the region, and the scalar gamma computed inside and used after (a result). The dynamic
# dimension N is module-level, so it is not a parameter.
import pypto.language as pl

N = pl.dynamic("N")


@pl.program
class Scalars:
    @pl.function
    def main(self, x: pl.Tensor[[N, 128], pl.FP32], alpha: pl.Scalar[pl.FP32]) -> tuple[pl.Tensor[[N, 128], pl.FP32], pl.Scalar[pl.FP32]]:
        beta = alpha * 2.0
        with pl.incore():
            gamma = beta + 1.0
            y = pl.tensor.mul_scalar(x, gamma)
        delta = gamma * alpha
        return y, delta
