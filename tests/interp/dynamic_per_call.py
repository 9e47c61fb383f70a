# Interpreter test: a kernel's dynamic dimension is bound per call, from its arguments (as the
# type checker binds it): the same kernel runs on 32 and on 64 rows; its output is created with
# the bound shape. The loop bound N is the callee's.
# expect: return0: [32, 16] FP32 min=2 max=2 mean=2
# expect: return1: [64, 16] FP32 min=2 max=2 mean=2
import pypto.language as pl

N = pl.dynamic("N")


@pl.program
class DynamicPerCall:
    @pl.function(type=pl.FunctionType.InCore)
    def twice(self, a: pl.Tensor[[N, 16], pl.FP32], out: pl.Out[pl.Tensor[[N, 16], pl.FP32]]) -> pl.Tensor[[N, 16], pl.FP32]:
        for i, (o,) in pl.range(0, N, 16, init_values=(out,)):
            t = pl.tile.full([16, 16], 1.0, dtype=pl.FP32)
            u = pl.add(t, t)
            o2 = pl.store(u, [i, 0], [16, 16], o)
            r = pl.yield_(o2)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(
        self, x: pl.Tensor[[32, 16], pl.FP32], y: pl.Tensor[[64, 16], pl.FP32]
    ) -> tuple[pl.Tensor[[32, 16], pl.FP32], pl.Tensor[[64, 16], pl.FP32]]:
        a = self.twice(x)
        b = self.twice(y)
        return a, b
