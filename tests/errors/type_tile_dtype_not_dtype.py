# expect: the second element of pl.Tile[...] must be a data type
import pypto.language as pl


@pl.program
class P:
    @pl.function(type=pl.FunctionType.InCore)
    def f(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        t: pl.Tile[[16, 16], 32] = pl.load(a, [0, 0], [16, 16])
        return a
