# Interpreter test: a load whose offset (known only at run time) leaves the tensor.
# run: --set i=1
# expect-error: error_oob_load.py:14:13: error: run time: tile.load reads rows 64..127 of a [64, 64] tensor 'x'
import pypto.language as pl


@pl.program
class OobLoad:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self, x: pl.Tensor[[64, 64], pl.FP32], i: pl.Scalar[pl.INT64],
        out: pl.Out[pl.Tensor[[64, 64], pl.FP32]],
    ) -> pl.Tensor[[64, 64], pl.FP32]:
        t = pl.load(x, [i * 64, 0], [64, 64])
        r = pl.store(t, [0, 0], [64, 64], out)
        return r
