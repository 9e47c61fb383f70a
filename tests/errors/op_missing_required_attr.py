# expect: tensor.create needs the dtype attribute
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.tensor.create([16, 16])
        return t
