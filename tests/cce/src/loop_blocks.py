# A loop calling a kernel on independent row blocks: each iteration passes whole-row views of
# the input and of the returned tensor (16 rows each), so the tasks touch disjoint rows.
import pypto.language as pl


@pl.program
class LoopBlocks:
    @pl.function(type=pl.FunctionType.InCore)
    def blk(
        self,
        a: pl.Tensor[[16, 64], pl.FP32],
        s: pl.Scalar[pl.FP32],
        c: pl.Out[pl.Tensor[[16, 64], pl.FP32]],
    ) -> pl.Tensor[[16, 64], pl.FP32]:
        x = pl.load(a, [0, 0], [16, 64])
        y = pl.mul(x, s)
        r = pl.store(y, [0, 0], [16, 64], c)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, a: pl.Tensor[[1024, 64], pl.FP32], s: pl.Scalar[pl.FP32]) -> pl.Tensor[[1024, 64], pl.FP32]:
        c = pl.create_tensor([1024, 64], dtype=pl.FP32)
        for i in pl.range(64):
            av = pl.view(a, [16, 64], [i * 16, 0])
            cv = pl.view(c, [16, 64], [i * 16, 0])
            k = s * 2.0 + pl.cast(i, pl.FP32)
            self.blk(av, k, cv)
        return c
