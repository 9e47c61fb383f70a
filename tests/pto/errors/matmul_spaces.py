# tile.matmul reads Left and Right tiles: operands left in Mat are an error naming the fix.
import pypto.language as pl


@pl.program
class MatmulSpaces:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self, a: pl.Tensor[[16, 32], pl.FP16], b: pl.Tensor[[32, 16], pl.FP16], c: pl.Out[pl.Tensor[[16, 16], pl.FP32]]
    ) -> pl.Tensor[[16, 16], pl.FP32]:
        ta = pl.load(a, [0, 0], [16, 32], target_memory=pl.Mem.Mat)
        tb = pl.load(b, [0, 0], [32, 16], target_memory=pl.Mem.Mat)
        acc = pl.tile.matmul(ta, tb)
        r = pl.tile.l0c_store(acc, [0, 0], [16, 16], c)
        return r
