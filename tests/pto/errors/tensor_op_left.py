# pto-args: --passes ConvertToSSA
# A tensor op left in a kernel (ConvertTensorToTileOps did not run): it has no PTO form.
import pypto.language as pl


@pl.program
class TensorOpLeft:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self, a: pl.Tensor[[32, 32], pl.FP32], b: pl.Tensor[[32, 32], pl.FP32]
    ) -> pl.Tensor[[32, 32], pl.FP32]:
        c = pl.tensor.add(a, b)
        return c
