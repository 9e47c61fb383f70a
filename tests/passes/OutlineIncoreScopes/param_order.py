# passes: OutlineIncoreScopes
# Parameters are sorted by name, except that a parameter comes after the ones its type names:
# `a` has the shape [rows, 64], so `rows` comes first although it sorts after `a`. (The result
# is a scalar: a call's result type cannot name the callee's parameters yet.)
import pypto.language as pl


@pl.program
class ParamOrder:
    @pl.function
    def main(self, rows: pl.Scalar[pl.INT64], a: pl.Tensor[[rows, 64], pl.FP32], b: pl.Tensor[[rows, 64], pl.FP32]) -> pl.Scalar[pl.FP32]:
        with pl.incore():
            c = pl.tensor.add(a, b)
            s = pl.tensor.read(c, [0, 0])
        return s
