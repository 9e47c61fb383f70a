# passes: RunVerifier
# RunVerifier needs flat calls: run FlattenCallExpr before it.
import pypto.language as pl


@pl.function
def f(a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:
    b = pl.add(pl.exp(a), a)
    return b
