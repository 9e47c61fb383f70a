# passes: InitMemRef,AllocateMemoryAddr
# Without MemoryReuse every tile keeps its own buffer: the buffers are laid side by side in
# order of appearance (0, 1024, 2048), one pl.tile.alloc each at the top of the kernel, and
# each tile's memory reference becomes (its buffer, its address, its size).
import pypto.language as pl


@pl.program
class NoReuse:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel_add(
        self,
        a: pl.Tensor[[16, 16], pl.FP32],
        b: pl.Tensor[[16, 16], pl.FP32],
        out: pl.Out[pl.Tensor[[16, 16], pl.FP32]],
    ) -> pl.Tensor[[16, 16], pl.FP32]:
        ta = pl.load(a, [0, 0], [16, 16])
        tb = pl.load(b, [0, 0], [16, 16])
        tc = pl.add(ta, tb)
        r = pl.store(tc, [0, 0], [16, 16], out)
        return r
