# passes: InitMemRef
# Values that are one at run time share a buffer across an if inside a loop: first (the init
# value), best (the iter_arg), what both branches yield (clamped, m2), the if's result nxt and
# the loop's result best_out are all mem_vec_0. m2 = maximum(best, t) may overwrite best in
# place (element-wise), and clamped is computed in the then branch, where best is no longer
# needed; the use of best in the else branch is on another path. m and t get buffers of their
# own; the loop-carried output tensor shares out's DDR buffer.
import pypto.language as pl


@pl.program
class IfInLoop:
    @pl.function(type=pl.FunctionType.InCore)
    def running_max(
        self,
        x: pl.Tensor[[256, 64], pl.FP32],
        out: pl.Out[pl.Tensor[[64, 64], pl.FP32]],
    ) -> pl.Tensor[[64, 64], pl.FP32]:
        first = pl.load(x, [0, 0], [64, 64])
        for i, (best,) in pl.range(1, 4, 1, init_values=(first,)):
            t = pl.load(x, [i * 64, 0], [64, 64])
            if i == 3:
                m = pl.maximum(best, t)
                clamped = pl.tile.relu(m)
                nxt = pl.yield_(clamped)
            else:
                m2 = pl.maximum(best, t)
                nxt = pl.yield_(m2)
            best_out = pl.yield_(nxt)
        r = pl.store(best_out, [0, 0], [64, 64], out)
        return r
