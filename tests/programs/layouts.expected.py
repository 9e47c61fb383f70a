# pypto.program: Layouts
import pypto.language as pl

@pl.program
class Layouts:
    @pl.function
    def f(self, a: pl.Tensor[[64, 64], pl.FP16, pl.NZ], b: pl.Tensor[[64, 64], pl.FP16, pl.DN], c: pl.Tensor[[64, 64], pl.FP16]) -> pl.Tensor[[64, 64], pl.FP16, pl.NZ]:
        return a
