# passes: ConvertToSSA
# The inner if must give t a value on its branch that breaks (it ends the outer branch, whose
# value of t is merged after the outer if), and a tile cannot be made up there.
import pypto.language as pl


@pl.function
def f(n: pl.Scalar[pl.INT64], x: pl.Tensor[[16, 16], pl.FP32], o: pl.Tensor[[16, 16], pl.FP32]):
    for i in pl.range(n):
        if i > 2:
            if i == 5:
                break
            else:
                t = pl.load(x, [0, 0], [16, 16])
        else:
            t = pl.load(o, [0, 0], [16, 16])
        pl.store(t, [0, 0], [16, 16], o)
