# pypto.program: MultiYield
import pypto.language as pl

@pl.program
class MultiYield:
    @pl.function
    def fib_pair(self, n: pl.Scalar[pl.INT64]) -> tuple[pl.Scalar[pl.INT64], pl.Scalar[pl.INT64]]:
        for i, (a, b) in pl.range(0, n, 1, init_values=(0, 1)):
            a2, b2 = pl.yield_(b, a + b)
        return a2, b2

    @pl.function
    def grid_sum(self, rows: pl.Scalar[pl.INT64], cols: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for i, (outer,) in pl.range(0, rows, 1, init_values=(0,)):
            for j, (inner,) in pl.range(0, cols, 1, init_values=(outer,)):
                if (i + j) % 2 == 0:
                    even, odd = pl.yield_(inner + i * j, 0)
                else:
                    even, odd = pl.yield_(inner, 1)
                inner_out: pl.Scalar[pl.INT64] = pl.yield_(even + odd)
            outer_out: pl.Scalar[pl.INT64] = pl.yield_(inner_out)
        return outer_out
