# passes: ConvertToSSA,FlattenCallExpr,RunVerifier
# After ConvertToSSA and FlattenCallExpr the verifier accepts what it would have refused before:
# re-bound names and nested calls.
import pypto.language as pl


@pl.function
def f(a: pl.Tensor[[16, 16], pl.FP32], n: pl.Scalar[pl.INT64]) -> pl.Tensor[[16, 16], pl.FP32]:
    b = pl.add(pl.exp(a), a)
    k = 0
    while k < n:
        b = pl.mul(b, pl.exp(b))
        k = k + 1
    return b
