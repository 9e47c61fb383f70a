# passes: ConvertToSSA,FlattenCallExpr
# A call in a while condition must run before every iteration: the loop carries its value,
# computed before the loop and again at the end of the body (over the values the body
# yields), and the condition reads the iter_arg.
import pypto.language as pl


@pl.program
class WhileCond:
    @pl.function
    def step(self, a: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return a * 2 + 1

    @pl.function
    def grow(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        k = 0
        while self.step(k) < n:
            k = k + 1
        return k

    @pl.function
    def carried(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for (x, c) in pl.while_(init_values=(n, 0)):
            pl.cond(self.step(x) < 1000 and c < 10)
            x2, c2 = pl.yield_(self.step(x), c + 1)
        return c2
