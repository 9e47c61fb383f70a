# passes: Simplify
# A variable inside a type (here the shape of a view) keeps its name. A divisor must not become
# a literal zero (a division by a literal zero does not parse): a divisor bound to 0 keeps its
# name, and so does a variable inside a divisor expression; a divisor bound to 2 goes.
import pypto.language as pl


@pl.program
class KeptNames:
    @pl.function
    def f(self, x: pl.Tensor[[64, 64], pl.FP32], k: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        rows = 32
        v = pl.tensor.view(x, [rows, 64], [0, 0])
        d = pl.tensor.dim(v, 0)
        zero = 0
        q = k // zero
        m = 3
        q2 = q // (m - 3)
        two = 2
        q3 = q2 % two
        r = d + q3
        return r
