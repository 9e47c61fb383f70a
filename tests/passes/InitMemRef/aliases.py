# passes: InitMemRef
# A reshape shares its input's buffer (and space), so does a plain copy of a name (y = v);
# 4-bit and 1-bit elements round up to whole bytes (INT4 [16, 15]: 120 bytes; BOOL [8, 8]: 8).
# A tile computed for nothing (the bare exp) still gets a variable and a buffer, and a call
# yielded directly gets a variable first (yielded).
import pypto.language as pl


@pl.program
class Aliases:
    @pl.function(type=pl.FunctionType.InCore)
    def k(
        self,
        x: pl.Tensor[[16, 16], pl.FP32],
        q: pl.Tensor[[16, 15], pl.INT4],
        mask: pl.Tensor[[8, 8], pl.BOOL],
        out: pl.Out[pl.Tensor[[16, 16], pl.FP32]],
    ) -> pl.Tensor[[16, 16], pl.FP32]:
        v = pl.load(x, [0, 0], [16, 16])
        w = pl.tile.reshape(v, [256, 1])
        y = v
        pl.exp(y)
        tq = pl.load(q, [0, 0], [16, 15])
        tm = pl.load(mask, [0, 0], [8, 8])
        for i, (acc,) in pl.range(0, 2, 1, init_values=(y,)):
            acc_out = pl.yield_(pl.add(acc, acc))
        r = pl.store(acc_out, [0, 0], [16, 16], out)
        return r
