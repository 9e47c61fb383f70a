# pypto.program: ScopeInLoop
import pypto.language as pl

@pl.program
class ScopeInLoop:
    @pl.function(type=pl.FunctionType.InCore)
    def main_incore_0(self, acc: pl.Tensor[[16, 64], pl.FP32], i: pl.Scalar[pl.INT64]) -> pl.Tensor[[16, 64], pl.FP32]:
        f: pl.Scalar[pl.FP32] = pl.cast(i, pl.FP32)
        nxt: pl.Tensor[[16, 64], pl.FP32] = pl.tensor.add_scalar(acc, f)
        return nxt

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[16, 64], pl.FP32]) -> pl.Tensor[[16, 64], pl.FP32]:
        for i, (acc,) in pl.range(0, 8, 1, init_values=(a,)):
            nxt: pl.Tensor[[16, 64], pl.FP32] = self.main_incore_0(acc, i)
            acc_out: pl.Tensor[[16, 64], pl.FP32] = pl.yield_(nxt)
        return acc_out
