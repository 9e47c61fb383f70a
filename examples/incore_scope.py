# Tensor-level code in an ordinary (Opaque) function. Each `with pl.incore():` region is
# meant to run on one AI core: the OutlineIncoreScopes pass turns it into an InCore kernel
# (loading tiles, computing, storing) and this function into the orchestration that calls it.
import pypto.language as pl


@pl.program
class IncoreScope:
    @pl.function
    def scaled_gate(
        self,
        x: pl.Tensor[[64, 128], pl.FP32],
        gate: pl.Tensor[[64, 128], pl.FP32],
        bias: pl.Tensor[[64, 128], pl.FP32],
    ) -> pl.Tensor[[64, 128], pl.FP32]:
        with pl.incore():
            s = pl.add(x, bias)          # tensor.add
            e = pl.exp(gate)             # tensor.exp
            y = pl.mul(s, e)             # tensor.mul
            z = pl.mul(y, 0.5)           # tensor.mul_scalar
        with pl.incore():
            w = pl.tensor.add(z, x)
            m = pl.tensor.maximum(w, s)
        return m
