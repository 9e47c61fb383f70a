# Interpreter test: a ramp x[r, c] = 8 r + c built by 1x1 stores in nested loops, then row and
# column reductions and broadcasting ops on it.
#   row_sum: 64 r + 28 = [28, 92, 156, 220]    row_max: 8 r + 7 = [7, 15, 23, 31]
#   column sums (tile.sum over axis 0): 48 + 4 c = 48 .. 76
#   x - row_max (row_expand_sub): -7 .. 0, mean -3.5
#   x * [1, 8] of 2.0 (col_expand_mul): 0 .. 62, mean 31
# expect: x: [4, 8] FP32 min=0 max=31 mean=15.5
# expect: sums: [4, 1] FP32 min=28 max=220 mean=124
# expect: maxes: [4, 1] FP32 min=7 max=31 mean=19
# expect: cols: [1, 8] FP32 min=48 max=76 mean=62
# expect: shifted: [4, 8] FP32 min=-7 max=0 mean=-3.5
# expect: doubled: [4, 8] FP32 min=0 max=62 mean=31
# expect: mins: [4, 1] FP32 min=0 max=24 mean=12
import pypto.language as pl


@pl.program
class Reductions:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self,
        x: pl.Out[pl.Tensor[[4, 8], pl.FP32]],
        sums: pl.Out[pl.Tensor[[4, 1], pl.FP32]],
        maxes: pl.Out[pl.Tensor[[4, 1], pl.FP32]],
        mins: pl.Out[pl.Tensor[[4, 1], pl.FP32]],
        cols: pl.Out[pl.Tensor[[1, 8], pl.FP32]],
        shifted: pl.Out[pl.Tensor[[4, 8], pl.FP32]],
        doubled: pl.Out[pl.Tensor[[4, 8], pl.FP32]],
    ):
        for r, (o,) in pl.range(0, 4, 1, init_values=(x,)):
            for c, (o2,) in pl.range(0, 8, 1, init_values=(o,)):
                v = pl.cast(r * 8 + c, pl.FP32)
                t = pl.tile.full([1, 1], v, dtype=pl.FP32)
                o3 = pl.store(t, [r, c], [1, 1], o2)
                o4 = pl.yield_(o3)
            o5 = pl.yield_(o4)
        tx = pl.load(o5, [0, 0], [4, 8])
        tmp = pl.tile.create_tile([4, 8], dtype=pl.FP32, target_memory=pl.Mem.Vec)
        s = pl.tile.row_sum(tx, tmp)
        m = pl.tile.row_max(tx, tmp)
        n = pl.tile.row_min(tx, tmp)
        cs = pl.tile.sum(tx, axis=0, keepdim=True)
        sh = pl.tile.row_expand_sub(tx, m)
        two = pl.tile.full([1, 8], 2.0, dtype=pl.FP32)
        db = pl.tile.col_expand_mul(tx, two)
        a = pl.store(s, [0, 0], [4, 1], sums)
        b = pl.store(m, [0, 0], [4, 1], maxes)
        b2 = pl.store(n, [0, 0], [4, 1], mins)
        c2 = pl.store(cs, [0, 0], [1, 8], cols)
        d = pl.store(sh, [0, 0], [4, 8], shifted)
        e = pl.store(db, [0, 0], [4, 8], doubled)
