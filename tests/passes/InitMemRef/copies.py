# passes: InitMemRef
# Where a loop would join two tiles that are needed at the same time, a Vec copy
# (pl.tile.ub_copy) takes the buffer instead:
# - first starts both carried values and is used again after the loops: each init value is a
#   copy made before the loop (first_copy, first_copy_1);
# - nxt is computed while prev is still needed (d reads both): nxt_copy is made right before
#   the yield, when prev is dead; d may take other's buffer, since other is never read;
# - the second loop swaps its two carried values: each copy would overwrite a value the other
#   copy still reads, so both go through temporaries first (b_tmp, a_tmp).
import pypto.language as pl


@pl.program
class Copies:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, x: pl.Tensor[[64, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        first = pl.load(x, [0, 0], [16, 16])
        for i, (prev, other) in pl.range(1, 4, 1, init_values=(first, first)):
            t = pl.load(x, [i * 16, 0], [16, 16])
            nxt = pl.add(prev, t)
            d = pl.sub(nxt, prev)
            r1, r2 = pl.yield_(nxt, d)
        for j, (a, b) in pl.range(0, 4, 1, init_values=(r1, r2)):
            a2, b2 = pl.yield_(b, a)
        s = pl.add(a2, first)
        s2 = pl.add(s, b2)
        r = pl.store(s2, [0, 0], [16, 16], out)
        return r
