# expect: annotation FP16 disagrees with the inferred FP32
import pypto.language as pl


@pl.program
class P:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, a: pl.Tensor[[16, 16], pl.FP32], out: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.load(a, [0, 0], [16, 16])
        u: pl.Tile[[16, 16], pl.FP16] = pl.exp(t)
        r = pl.store(t, [0, 0], [16, 16], out)
        return r
