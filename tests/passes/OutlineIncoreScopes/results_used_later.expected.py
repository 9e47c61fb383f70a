# pypto.program: ResultsUsedLater
import pypto.language as pl

@pl.program
class ResultsUsedLater:
    @pl.function(type=pl.FunctionType.InCore)
    def main_incore_0(self, a: pl.Tensor[[32, 32], pl.FP32]) -> tuple[pl.Tensor[[32, 32], pl.FP32], pl.Tensor[[32, 32], pl.FP32], pl.Tensor[[32, 32], pl.FP32]]:
        u: pl.Tensor[[32, 32], pl.FP32] = pl.tensor.exp(a)
        r: pl.Tensor[[32, 32], pl.FP32] = pl.tensor.add(u, a)
        q: pl.Tensor[[32, 32], pl.FP32] = pl.tensor.mul(r, u)
        p: pl.Tensor[[32, 32], pl.FP32] = pl.tensor.sub(q, a)
        return p, q, r

    @pl.function(type=pl.FunctionType.InCore)
    def main_incore_1(self, a: pl.Tensor[[32, 32], pl.FP32], r: pl.Tensor[[32, 32], pl.FP32]) -> pl.Tensor[[32, 32], pl.FP32]:
        v: pl.Tensor[[32, 32], pl.FP32] = pl.tensor.maximum(r, a)
        return v

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[32, 32], pl.FP32]) -> tuple[pl.Tensor[[32, 32], pl.FP32], pl.Tensor[[32, 32], pl.FP32]]:
        p, q, r = self.main_incore_0(a)
        for i, (acc,) in pl.range(0, 4, 1, init_values=(q,)):
            nxt: pl.Tensor[[32, 32], pl.FP32] = pl.tensor.add(acc, p)
            acc_out: pl.Tensor[[32, 32], pl.FP32] = pl.yield_(nxt)
        v: pl.Tensor[[32, 32], pl.FP32] = self.main_incore_1(a, r)
        w: pl.Tensor[[32, 32], pl.FP32] = pl.tensor.add(v, acc_out)
        return p, w
