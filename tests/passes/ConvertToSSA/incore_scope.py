# passes: ConvertToSSA
# A `with pl.incore():` region is not a scope: what it assigns is visible after it and takes
# part in the renaming like any other assignment.
import pypto.language as pl


@pl.program
class IncoreScope:
    @pl.function
    def gate(self, x: pl.Tensor[[64, 128], pl.FP32], g: pl.Tensor[[64, 128], pl.FP32]) -> pl.Tensor[[64, 128], pl.FP32]:
        y = pl.add(x, g)
        with pl.incore():
            y = pl.mul(y, 0.5)
            z = pl.exp(y)
        y = pl.add(y, z)
        return y
