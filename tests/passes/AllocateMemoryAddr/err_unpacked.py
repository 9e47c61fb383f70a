# passes: InitMemRef,AllocateMemoryAddr
# Four 64 KiB tiles, at most two live at once (128 KiB fit in Vec), but without MemoryReuse
# each keeps its own buffer: 256 KiB do not fit.
import pypto.language as pl


@pl.program
class Unpacked:
    @pl.function(type=pl.FunctionType.InCore)
    def k(
        self, x: pl.Tensor[[128, 128], pl.FP32], out: pl.Out[pl.Tensor[[128, 128], pl.FP32]]
    ) -> pl.Tensor[[128, 128], pl.FP32]:
        a = pl.load(x, [0, 0], [128, 128])
        b = pl.exp(a)
        c = pl.exp(b)
        d = pl.exp(c)
        r = pl.store(d, [0, 0], [128, 128], out)
        return r
