# Interpreter test: FP8 elements are not supported: a clear error naming the parameter, and one
# naming a cast to FP8.
# run: --entry takes_fp8
# expect-error: run time: 'x' has FP8E4M3FN elements, which the interpreter does not support
# run: --entry casts_to_fp8
# expect-error: run time: tile.cast produces FP8E5M2 elements, which the interpreter does not support
import pypto.language as pl


@pl.program
class Dtypes:
    @pl.function
    def takes_fp8(self, x: pl.Tensor[[16], pl.FP8E4M3FN]) -> pl.Tensor[[16], pl.FP8E4M3FN]:
        return x

    @pl.function(type=pl.FunctionType.InCore)
    def casts_to_fp8(self, x: pl.Tensor[[16, 16], pl.FP32], out: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.load(x, [0, 0], [16, 16])
        u = pl.tile.cast(t, target_type=pl.FP8E5M2)
        v = pl.tile.cast(u, target_type=pl.FP32)
        r = pl.store(v, [0, 0], [16, 16], out)
        return r
