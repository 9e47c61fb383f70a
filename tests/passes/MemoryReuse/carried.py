# passes: InitMemRef,MemoryReuse
# A tile carried by a loop (acc, one buffer with its init z and result) is live through the
# whole loop. t, loaded in each iteration, may reuse the buffer of w, which died before the
# loop; u = add(acc, t) is acc's next value, computed in place.
import pypto.language as pl


@pl.program
class Carried:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, x: pl.Tensor[[64, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        w = pl.load(x, [0, 0], [16, 16])
        z = pl.exp(w)
        for i, (acc,) in pl.range(1, 4, 1, init_values=(z,)):
            t = pl.load(x, [i * 16, 0], [16, 16])
            u = pl.add(acc, t)
            acc_out = pl.yield_(u)
        r = pl.store(acc_out, [0, 0], [16, 16], out)
        return r
