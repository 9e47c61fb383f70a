# passes: Simplify
# An if whose condition folds to a constant becomes the branch taken; its yield becomes
# assignments of the return vars, which copy propagation then removes.
import pypto.language as pl


@pl.program
class ConstIf:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        mode = 2
        if mode == 2:
            a = x * 3
            r = pl.yield_(a)
        else:
            b = x - 1
            r = pl.yield_(b)
        if mode > 5:
            c = x + 100
            s = pl.yield_(c)
        else:
            s = pl.yield_(r)
        if mode < 0:
            pl.system.bar_all()
        if x > mode:
            t = pl.yield_(s)
        else:
            t = pl.yield_(x)
        return t
