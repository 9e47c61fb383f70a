# passes: InitMemRef,MemoryReuse
# Sizes differ: d (4 KiB) lives throughout; a (16 KiB) first, then b and c (8 KiB each)
# together. At most 20 KiB are live at once, which is reached only by placing b and c side by
# side where a was: one buffer mem_vec_1 holding a at offset 0, b at 0 and c at 8192. A plan
# that gave each tile a buffer of its own, or paired tiles whole, would need 36 or 28 KiB.
import pypto.language as pl


@pl.program
class MixedSizes:
    @pl.function(type=pl.FunctionType.InCore)
    def k(
        self, x: pl.Tensor[[64, 64], pl.FP32], out: pl.Out[pl.Tensor[[64, 64], pl.FP32]]
    ) -> pl.Tensor[[64, 64], pl.FP32]:
        d = pl.load(x, [0, 0], [32, 32])
        a = pl.load(x, [0, 0], [64, 64])
        o1 = pl.store(a, [0, 0], [64, 64], out)
        b = pl.load(x, [0, 0], [32, 64])
        c = pl.load(x, [32, 0], [32, 64])
        o2 = pl.store(b, [0, 0], [32, 64], o1)
        o3 = pl.store(c, [32, 0], [32, 64], o2)
        o4 = pl.store(d, [0, 0], [32, 32], o3)
        return o4
