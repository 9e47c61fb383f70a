# passes: ConvertToSSA
# A plain while loop that re-assigns names becomes pl.while_ carrying them; its condition is
# read over the iter_args. A while loop that carries nothing stays plain.
import pypto.language as pl


@pl.program
class WhileLoop:
    @pl.function
    def log2_floor(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        k = 0
        m = n
        while m > 1:
            m = m // 2
            k = k + 1
        return k

    @pl.function
    def spin(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        while n > 100:
            pl.system.bar_all()
        return n
