# Module-level constants (and a dynamic dimension) used in shapes, offsets and loop bounds.
import pypto.language as pl

ROWS = 128
COLS = 64
BLOCK = ROWS // 4
N = pl.dynamic("N")


@pl.program
class ModuleConstants:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self, x: pl.Tensor[[ROWS, COLS], pl.FP32], out: pl.Tensor[[ROWS, COLS], pl.FP32]
    ) -> pl.Tensor[[ROWS, COLS], pl.FP32]:
        for i, (o,) in pl.range(0, ROWS, BLOCK, init_values=(out,)):
            t = pl.load(x, [i, 0], [BLOCK, COLS])
            u = pl.mul(t, 2.0)
            o2 = pl.store(u, [i, 0], [BLOCK, COLS], o)
            res = pl.yield_(o2)
        return res

    @pl.function
    def rows(self, y: pl.Tensor[[N, COLS], pl.FP32]) -> pl.Scalar[pl.INT64]:
        n = pl.tensor.dim(y, 0)
        return n * BLOCK
