# passes: InitMemRef
# Dynamic shapes give size expressions: x and out are [N, 128] FP32, N * 128 * 4 bytes. The
# tiles are static. The output tensor carried by the loop (init out, iter acc, the stores'
# results, the loop's result) is one DDR buffer, mem_ddr_1.
import pypto.language as pl

N = pl.dynamic("N")


@pl.program
class DynamicRows:
    @pl.function(type=pl.FunctionType.InCore)
    def scale_rows(
        self, x: pl.Tensor[[N, 128], pl.FP32], alpha: pl.Scalar[pl.FP32], out: pl.Tensor[[N, 128], pl.FP32]
    ) -> pl.Tensor[[N, 128], pl.FP32]:
        for i, (acc,) in pl.range(0, N, 32, init_values=(out,)):
            t = pl.load(x, [i, 0], [32, 128])
            s = pl.mul(t, alpha)
            u = pl.exp(s)
            stored = pl.store(u, [i, 0], [32, 128], acc)
            result = pl.yield_(stored)
        return result
