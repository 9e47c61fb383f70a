# 1,000 independent tasks: the orchestration's loop passes each call a view of one row of `a`
# and one row of `b` (`ptoc run --backend cce` test, tests/run.sh): no task depends on another.
import pypto.language as pl


@pl.program
class LoopIndependent:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel_scale(
        self, x: pl.Tensor[[1, 16], pl.FP32], y: pl.Out[pl.Tensor[[1, 16], pl.FP32]]
    ) -> pl.Tensor[[1, 16], pl.FP32]:
        t = pl.load(x, [0, 0], [1, 16])
        u = pl.mul(t, 2.0)
        r = pl.store(u, [0, 0], [1, 16], y)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def orchestrate(self, a: pl.Tensor[[1000, 16], pl.FP32], b: pl.Tensor[[1000, 16], pl.FP32]):
        for i in pl.range(1000):
            xv = pl.tensor.view(a, [1, 16], [i, 0])
            yv = pl.tensor.view(b, [1, 16], [i, 0])
            self.kernel_scale(xv, yv)
