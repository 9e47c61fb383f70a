# passes: InitMemRef,MemoryReuse
# Two independent halves: a and its exp b are dead once b is stored, so c and d reuse their
# buffers: four tiles, two buffers (mem_vec_0 for a and c, mem_vec_1 for b and d). A tile and
# the op computing from it never share (b = exp(a) reads a while writing b).
import pypto.language as pl


@pl.program
class TwoShare:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, x: pl.Tensor[[32, 16], pl.FP32], out: pl.Out[pl.Tensor[[32, 16], pl.FP32]]) -> pl.Tensor[[32, 16], pl.FP32]:
        a = pl.load(x, [0, 0], [16, 16])
        b = pl.exp(a)
        o1 = pl.store(b, [0, 0], [16, 16], out)
        c = pl.load(x, [16, 0], [16, 16])
        d = pl.exp(c)
        o2 = pl.store(d, [16, 0], [16, 16], o1)
        return o2
