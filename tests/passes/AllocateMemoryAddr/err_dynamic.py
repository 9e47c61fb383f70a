# passes: InitMemRef,MemoryReuse,AllocateMemoryAddr
# A tile with n rows has no size before the kernel runs: it cannot get an address.
import pypto.language as pl


@pl.program
class Dynamic:
    @pl.function(type=pl.FunctionType.InCore)
    def k(
        self, x: pl.Tensor[[64, 16], pl.FP32], n: pl.Scalar[pl.INT64], out: pl.Out[pl.Tensor[[64, 16], pl.FP32]]
    ) -> pl.Tensor[[64, 16], pl.FP32]:
        t = pl.load(x, [0, 0], [n, 16])
        r = pl.store(t, [0, 0], [n, 16], out)
        return r
