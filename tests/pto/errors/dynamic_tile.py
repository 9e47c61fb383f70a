# A tile whose shape is known only at run time: tile buffers have a static shape.
import pypto.language as pl

N = pl.dynamic("N")


@pl.program
class DynamicTile:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self, x: pl.Tensor[[N, 32], pl.FP32], out: pl.Out[pl.Tensor[[N, 32], pl.FP32]]
    ) -> pl.Tensor[[N, 32], pl.FP32]:
        t = pl.load(x, [0, 0], [N, 32])
        r = pl.store(t, [0, 0], [N, 32], out)
        return r
