# passes: OutlineIncoreScopes
# Two regions, numbered in program order. The second reads s and z from the first: both are
# results of main_incore_0 (sorted by name) and parameters of main_incore_1; e and y are used only
# inside the first. The untouched Opaque function `helper` stays Opaque.
import pypto.language as pl


@pl.program
class SeveralScopes:
    @pl.function
    def helper(self, x: pl.Tensor[[64, 128], pl.FP32]) -> pl.Tensor[[64, 128], pl.FP32]:
        r = pl.tensor.exp(x)
        return r

    @pl.function
    def main(
        self,
        x: pl.Tensor[[64, 128], pl.FP32],
        gate: pl.Tensor[[64, 128], pl.FP32],
        bias: pl.Tensor[[64, 128], pl.FP32],
    ) -> pl.Tensor[[64, 128], pl.FP32]:
        with pl.incore():
            s = pl.add(x, bias)
            e = pl.exp(gate)
            y = pl.mul(s, e)
            z = pl.mul(y, 0.5)
        with pl.incore():
            w = pl.tensor.add(z, x)
            m = pl.tensor.maximum(w, s)
        return m
