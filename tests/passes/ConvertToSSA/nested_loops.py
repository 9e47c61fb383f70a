# passes: ConvertToSSA
# Nested loops: the inner loop carries s; the outer one too, since its body (the inner loop)
# assigns s. The same loop variable name in two loops is two definitions: the second is i_1.
import pypto.language as pl


@pl.program
class NestedLoops:
    @pl.function
    def triangle(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        s = 0
        for i in pl.range(n):
            for j in pl.range(i):
                s = s + j
            s = s + i
        for i in pl.range(3):
            s = s * 2
        return s
