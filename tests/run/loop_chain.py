# A chain of 1,000 tasks: every call adds 1 to the same InOut tensor, so each task depends on the
# one before it (`ptoc run --backend cce` test, tests/run.sh).
import pypto.language as pl


@pl.program
class LoopChain:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel_inc(self, x: pl.InOut[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        t = pl.load(x, [0, 0], [16, 16])
        u = pl.add(t, 1.0)
        r = pl.store(u, [0, 0], [16, 16], x)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def orchestrate(self, a: pl.Tensor[[16, 16], pl.FP32]):
        for i in pl.range(1000):
            self.kernel_inc(a)
