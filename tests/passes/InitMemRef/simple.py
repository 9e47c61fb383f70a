# passes: InitMemRef
# The smallest kernel: the tensor parameters get DDR buffers mem_ddr_0..2 in parameter order;
# each tile a Vec buffer of its own (reuse is MemoryReuse's job); the store's result shares
# the buffer of the output tensor it writes. The orchestration function is left as it is.
import pypto.language as pl


@pl.program
class Simple:
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

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[16, 16], pl.FP32], b: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
        c = self.kernel_add(a, b)
        return c
