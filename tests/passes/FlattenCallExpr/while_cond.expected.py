# pypto.program: WhileCond
import pypto.language as pl

@pl.program
class WhileCond:
    @pl.function
    def step(self, a: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return a * 2 + 1

    @pl.function
    def grow(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        k: pl.Scalar[pl.INT64] = 0
        _t0: pl.Scalar[pl.INT64] = self.step(k)
        for (k_1, _t1) in pl.while_(init_values=(k, _t0)):
            pl.cond(_t1 < n)
            k_2: pl.Scalar[pl.INT64] = k_1 + 1
            _t2: pl.Scalar[pl.INT64] = self.step(k_2)
            k_3, _t3 = pl.yield_(k_2, _t2)
        return k_3

    @pl.function
    def carried(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        _t0: pl.Scalar[pl.INT64] = self.step(n)
        for (x, c, _t1) in pl.while_(init_values=(n, 0, _t0)):
            pl.cond(_t1 < 1000 and c < 10)
            _t2: pl.Scalar[pl.INT64] = self.step(x)
            _t3: pl.Scalar[pl.INT64] = self.step(_t2)
            x2, c2, _t4 = pl.yield_(_t2, c + 1, _t3)
        return c2
