# Interpreter test: run-time errors of scalar code: integer division by zero, and a name that
# was assigned on no path taken (non-SSA code).
# run: --entry divide --set a=7 --set b=0
# expect-error: run time: integer division by zero in '//'
# run: --entry modulo --set a=7 --set b=0
# expect-error: run time: integer modulo by zero in '%'
# run: --entry unassigned --set v=-1
# expect-error: run time: 'c' has no value here
# run: --entry unassigned --set v=3
# expect: return0: INT64 = 1
import pypto.language as pl


@pl.program
class ScalarErrors:
    @pl.function
    def divide(self, a: pl.Scalar[pl.INT64], b: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return a // b

    @pl.function
    def modulo(self, a: pl.Scalar[pl.INT64], b: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        return a % b

    @pl.function
    def unassigned(self, v: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        if v > 0:
            c = 1
        return c
