# The vector tile ops of ops.md in one kernel, for the pto backend's operand forms: reductions
# over either axis (with and without a scratch tile), expansions, scalar fills, casts,
# comparisons, reshape, view, copies, and element-wise ops on a [32, 1] column.
import pypto.language as pl


@pl.program
class TileOps:
    @pl.function(type=pl.FunctionType.InCore)
    def vector_ops(
        self,
        x: pl.Tensor[[32, 64], pl.FP32],
        col: pl.Out[pl.Tensor[[32, 1], pl.FP32]],
        row: pl.Out[pl.Tensor[[1, 64], pl.FP32]],
        y: pl.Out[pl.Tensor[[32, 64], pl.FP16]],
        z: pl.Out[pl.Tensor[[64, 32], pl.FP32]],
        m: pl.Out[pl.Tensor[[32, 64], pl.FP32]],
    ) -> pl.Tensor[[32, 64], pl.FP32]:
        t = pl.load(x, [0, 0], [32, 64])
        rmax = pl.tile.max(t, axis=1, keepdim=True)
        csum = pl.tile.sum(t, axis=0, keepdim=True)
        cmin = pl.tile.min(t, axis=0, keepdim=True)
        shifted = pl.tile.row_expand_sub(t, rmax)
        e = pl.tile.exp(shifted)
        half = pl.tile.full([32, 1], 0.5, dtype=pl.FP32)
        scaled = pl.tile.mul(rmax, half)
        bumped = pl.tile.adds(scaled, 1.0)
        neg = pl.tile.neg(bumped)
        c1 = pl.tile.col_expand_sub(e, cmin)
        c2 = pl.tile.col_expand(c1, csum)
        filled = pl.tile.expands(c2, 2.0)
        mask = pl.tile.cmp(e, filled, cmp_type="GT")
        masks = pl.tile.cmps(e, 0.25, cmp_type="LE")
        h = pl.tile.cast(e, target_type=pl.FP16, mode="rint")
        r = pl.tile.reshape(e, [64, 32])
        v = pl.tile.view(e, [16, 64], [16, 0])
        vv = pl.tile.relu(v)
        cp = pl.tile.ub_copy(mask)
        mx = pl.tile.maximum(cp, masks)
        s1 = pl.store(neg, [0, 0], [32, 1], col)
        s2 = pl.store(csum, [0, 0], [1, 64], row)
        s3 = pl.store(h, [0, 0], [32, 64], y)
        s5 = pl.store(r, [0, 0], [64, 32], z)
        s6 = pl.store(vv, [16, 0], [16, 64], m)
        s7 = pl.store(mx, [0, 0], [32, 64], m)
        return s7
