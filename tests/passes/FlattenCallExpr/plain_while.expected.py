# pypto.program: PlainWhile
import pypto.language as pl

@pl.program
class PlainWhile:
    @pl.function
    def step(self, a: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return a * 2 + 1

    @pl.function
    def grow(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        k: pl.Scalar[pl.INT64] = 0
        _t0: pl.Scalar[pl.INT64] = self.step(k)
        for (_t1,) in pl.while_(init_values=(_t0,)):
            pl.cond(_t1 < n)
            k: pl.Scalar[pl.INT64] = k + 1
            _t2: pl.Scalar[pl.INT64] = self.step(k)
            _t3: pl.Scalar[pl.INT64] = pl.yield_(_t2)
        return k
