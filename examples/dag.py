# A small task graph: f = (a + b + 1) * (a + b + 2) + (a + b) on 128x128 FP32 tensors.
#
# Each `self.kernel_...(...)` call in the orchestration function is one task; the tasks
# form a DAG through the tensors they share (c feeds d, e and f; d and e feed g).
# The kernels' trailing `out` tensors are left out of the calls: each call creates them.
import pypto.language as pl


@pl.program
class VectorDag:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel_add(
        self,
        a: pl.Tensor[[128, 128], pl.FP32],
        b: pl.Tensor[[128, 128], pl.FP32],
        out: pl.Tensor[[128, 128], pl.FP32],
    ) -> pl.Tensor[[128, 128], pl.FP32]:
        ta = pl.load(a, [0, 0], [128, 128])
        tb = pl.load(b, [0, 0], [128, 128])
        tc = pl.add(ta, tb)
        r = pl.store(tc, [0, 0], [128, 128], out)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def kernel_add_scalar(
        self,
        a: pl.Tensor[[128, 128], pl.FP32],
        s: pl.Scalar[pl.FP32],
        out: pl.Tensor[[128, 128], pl.FP32],
    ) -> pl.Tensor[[128, 128], pl.FP32]:
        ta = pl.load(a, [0, 0], [128, 128])
        tc = pl.add(ta, s)  # a scalar second operand: tile.adds
        r = pl.store(tc, [0, 0], [128, 128], out)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def kernel_mul(
        self,
        a: pl.Tensor[[128, 128], pl.FP32],
        b: pl.Tensor[[128, 128], pl.FP32],
        out: pl.Tensor[[128, 128], pl.FP32],
    ) -> pl.Tensor[[128, 128], pl.FP32]:
        ta = pl.load(a, [0, 0], [128, 128])
        tb = pl.load(b, [0, 0], [128, 128])
        tc = pl.mul(ta, tb)
        r = pl.store(tc, [0, 0], [128, 128], out)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def kernel_square_sum(
        self,
        a: pl.Tensor[[128, 128], pl.FP32],
        b: pl.Tensor[[128, 128], pl.FP32],
        out: pl.Tensor[[128, 128], pl.FP32],
    ) -> pl.Tensor[[128, 128], pl.FP32]:
        """out = a * a + b"""
        ta = pl.load(a, [0, 0], [128, 128])
        tb = pl.load(b, [0, 0], [128, 128])
        sq = pl.mul(ta, ta)
        tc = pl.add(sq, tb)
        r = pl.store(tc, [0, 0], [128, 128], out)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def orchestrate(
        self, a: pl.Tensor[[128, 128], pl.FP32], b: pl.Tensor[[128, 128], pl.FP32]
    ) -> tuple[pl.Tensor[[128, 128], pl.FP32], pl.Tensor[[128, 128], pl.FP32]]:
        c = self.kernel_add(a, b)              # c = a + b
        d = self.kernel_add_scalar(c, 1.0)     # d = c + 1
        e = self.kernel_add_scalar(c, 2.0)     # e = c + 2
        g = self.kernel_mul(d, e)              # g = d * e
        f = self.kernel_add(g, c)              # f = g + c
        h = self.kernel_square_sum(c, f)       # h = c * c + f, a second result
        return f, h
