# pypto.program: EmptyAndPass
import pypto.language as pl

@pl.program
class EmptyAndPass:
    @pl.function
    def nothing(self):
        pass

    @pl.function
    def early(self, n: pl.Scalar[pl.INT64]):
        if n > 0:
            return
        pl.system.bar_all()
        return

    @pl.function
    def barriers(self):
        pl.system.bar_v()
        pl.system.bar_m()
        pl.system.bar_all()
