# Interpreter test: run-time errors of scalar code: integer division by zero, and a name that
# was assigned on no path taken (non-SSA code), also when an earlier call of the same function
# assigned it (every call has variables of its own).
# run: --entry divide --set a=7 --set b=0
# expect-error: run time: integer division by zero in '//'
# run: --entry modulo --set a=7 --set b=0
# expect-error: run time: integer modulo by zero in '%'
# run: --entry unassigned --set v=-1
# expect-error: run time: 'c' has no value here
# run: --entry unassigned --set v=3
# expect: return0: INT64 = 1
# run: --entry unassigned_again
# expect-error: run time: 'c' has no value here
# expect-error: note: in this call of 'unassigned'
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

    @pl.function
    def unassigned_again(self) -> pl.Scalar[pl.INT64]:
        a = self.unassigned(3)
        b = self.unassigned(-1)
        return a + b
