# Scalars in a kernel: the block index, integer offsets (// and % round towards minus infinity),
# casts, float arithmetic, a loop-carried float, an if that merges a scalar, comparisons.
import pypto.language as pl


@pl.program
class Scalars:
    @pl.function(type=pl.FunctionType.InCore)
    def scaled_rows(
        self,
        x: pl.Tensor[[256, 64], pl.FP32],
        n: pl.Scalar[pl.INT64],
        scale: pl.Scalar[pl.FP32],
        out: pl.Out[pl.Tensor[[256, 64], pl.FP32]],
    ) -> pl.Tensor[[256, 64], pl.FP32]:
        b = pl.tile.get_block_idx()
        base = pl.cast(b, pl.INT64) * 64 % 256
        for i, (o, acc) in pl.range(0, n, 1, init_values=(out, 0.0)):
            row = min(base + i * 32 // 2, 224)
            t = pl.load(x, [row, 0], [32, 64])
            w = pl.cast(i, pl.FP32) * scale - acc
            if i % 2 == 0 and w > 1.0:
                f = pl.yield_(w)
            else:
                f = pl.yield_(-abs(w))
            u = pl.mul(t, f)
            o_next = pl.store(u, [row, 0], [32, 64], o)
            o_out, acc_out = pl.yield_(o_next, acc + f)
        return o_out
