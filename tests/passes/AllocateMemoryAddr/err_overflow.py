# passes: InitMemRef,MemoryReuse,AllocateMemoryAddr
# Three [128, 256] FP32 tiles (128 KiB each) are live together at c = add(a, b): 384 KiB of
# Vec, twice the 192 KiB there are. The error names the statement and the tiles live there.
import pypto.language as pl


@pl.program
class Overflow:
    @pl.function(type=pl.FunctionType.InCore)
    def k(
        self, x: pl.Tensor[[128, 256], pl.FP32], out: pl.Out[pl.Tensor[[128, 256], pl.FP32]]
    ) -> pl.Tensor[[128, 256], pl.FP32]:
        a = pl.load(x, [0, 0], [128, 256])
        b = pl.exp(a)
        c = pl.add(a, b)
        r = pl.store(c, [0, 0], [128, 256], out)
        return r
