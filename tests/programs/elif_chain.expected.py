# pypto.program: ElifChain
import pypto.language as pl

@pl.program
class ElifChain:
    @pl.function
    def bucket(self, v: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        if v < 10:
            b: pl.Scalar[pl.INT64] = 0
        else:
            if v < 100:
                b: pl.Scalar[pl.INT64] = 1
            else:
                if v < 1000:
                    b: pl.Scalar[pl.INT64] = 2
                else:
                    b: pl.Scalar[pl.INT64] = 3
        return b

    @pl.function
    def sign_and_magnitude(self, v: pl.Scalar[pl.INT64]) -> tuple[pl.Scalar[pl.INT64], pl.Scalar[pl.INT64]]:
        s: pl.Scalar[pl.INT64] = 0
        if v > 0:
            s: pl.Scalar[pl.INT64] = 1
        else:
            if v < 0:
                s: pl.Scalar[pl.INT64] = -1
        return s, abs(v)
