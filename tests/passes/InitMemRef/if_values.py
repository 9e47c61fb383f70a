# passes: InitMemRef
# An if's result is one buffer with what its branches yield. The first if yields a or b,
# both still needed later, so each branch yields a copy. The second if yields a, whose last
# use this is, so a joins e's buffer and needs no copy; f = exp(b) in the else branch may
# then write over it: a is dead on that path.
import pypto.language as pl


@pl.program
class IfValues:
    @pl.function(type=pl.FunctionType.InCore)
    def k(
        self, x: pl.Tensor[[32, 16], pl.FP32], n: pl.Scalar[pl.INT64], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]
    ) -> pl.Tensor[[16, 16], pl.FP32]:
        a = pl.load(x, [0, 0], [16, 16])
        b = pl.load(x, [16, 0], [16, 16])
        if n > 2:
            c = pl.yield_(a)
        else:
            c = pl.yield_(b)
        if n > 3:
            e = pl.yield_(a)
        else:
            f = pl.exp(b)
            e = pl.yield_(f)
        s = pl.add(c, e)
        r = pl.store(s, [0, 0], [16, 16], out)
        return r
