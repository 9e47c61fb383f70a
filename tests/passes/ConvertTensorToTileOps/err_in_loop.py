# passes: ConvertTensorToTileOps
# A tensor op inside a loop of a kernel: only straight-line tensor code is converted.
import pypto.language as pl


@pl.program
class InLoop:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, x: pl.Tensor[[64, 64], pl.FP32]) -> pl.Tensor[[64, 64], pl.FP32]:
        for i, (acc,) in pl.range(0, 4, 1, init_values=(x,)):
            nxt = pl.tensor.add(acc, x)
            acc_out = pl.yield_(nxt)
        return acc_out
