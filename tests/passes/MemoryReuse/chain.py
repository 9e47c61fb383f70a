# passes: InitMemRef,MemoryReuse
# A chain of six element-wise ops: InitMemRef gives six buffers, but at most two tiles are
# live at once (an op's input and its result), so reuse halves the memory twice over: the
# tiles alternate between mem_vec_0 and mem_vec_1.
import pypto.language as pl


@pl.program
class Chain:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, x: pl.Tensor[[16, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        t1 = pl.load(x, [0, 0], [16, 16])
        t2 = pl.exp(t1)
        t3 = pl.mul(t2, 2.0)
        t4 = pl.add(t3, 1.0)
        t5 = pl.tile.relu(t4)
        t6 = pl.tile.sqrt(t5)
        r = pl.store(t6, [0, 0], [16, 16], out)
        return r
