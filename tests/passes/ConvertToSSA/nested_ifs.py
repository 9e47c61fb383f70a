# passes: ConvertToSSA
# Ifs inside ifs (elif is one): each level merges what its branches leave different, the
# inner if's return vars being what the outer branch yields.
import pypto.language as pl


@pl.program
class NestedIfs:
    @pl.function
    def classify(self, v: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        if v < 0:
            c = -1
        elif v == 0:
            c = 0
        else:
            c = 1
        return c

    @pl.function
    def clamp(self, v: pl.Scalar[pl.INT64], lo: pl.Scalar[pl.INT64], hi: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        r = v
        clipped = False
        if v < lo:
            r = lo
            clipped = True
        else:
            if v > hi:
                r = hi
                clipped = True
        if clipped:
            r = r * 1
        return r
