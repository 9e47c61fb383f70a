# passes: ConvertToSSA
# Straight-line re-assignments: the first definition keeps its name, each later one gets the
# next free x_1, x_2, ...; every use reads the latest. A name already taken by the program
# (x_1 here) is skipped. Tuple unpacking re-binds both names.
import pypto.language as pl


@pl.program
class ReassignChain:
    @pl.function
    def pair(self, a: pl.Scalar[pl.INT64]) -> tuple[pl.Scalar[pl.INT64], pl.Scalar[pl.INT64]]:
        return a + 1, a - 1

    @pl.function
    def chain(self, a: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        x = a + 1
        x = x * 2
        x_1 = x
        x = x - a
        p, q = self.pair(x)
        p, q = self.pair(p + q)
        a = a + p
        return a + x + x_1 + q
