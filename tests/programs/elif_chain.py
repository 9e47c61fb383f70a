# elif chains in plain (non-SSA) style: a name assigned in every branch is used after the if.
import pypto.language as pl


@pl.program
class ElifChain:
    @pl.function
    def bucket(self, v: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        if v < 10:
            b = 0
        elif v < 100:
            b = 1
        elif v < 1000:
            b = 2
        else:
            b = 3
        return b

    @pl.function
    def sign_and_magnitude(self, v: pl.Scalar[pl.INT64]) -> tuple[pl.Scalar[pl.INT64], pl.Scalar[pl.INT64]]:
        s = 0
        if v > 0:
            s = 1
        elif v < 0:
            s = -1
        return s, abs(v)
