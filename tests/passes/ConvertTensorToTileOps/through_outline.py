# passes: OutlineIncoreScopes,ConvertTensorToTileOps
# The two passes together on examples/incore_scope.py's shape: the first kernel has seven
# [64, 128] FP32 tiles (32 KiB each: 224 KiB > 192 KiB), so it runs two blocks of 32 rows and
# stores both of its results (s and z) in the loop; the second has five (160 KiB): one block.
# The calls in the orchestration function do not change: the output parameters are trailing
# tensors the calls leave out.
import pypto.language as pl


@pl.program
class ThroughOutline:
    @pl.function
    def scaled_gate(
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
