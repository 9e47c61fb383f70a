# passes: FlattenCallExpr
# Tuple-returning calls: unpacking the outermost call stays; a call whose result is indexed
# or passed on is hoisted with its tuple type.
import pypto.language as pl


@pl.program
class TupleCalls:
    @pl.function(type=pl.FunctionType.InCore)
    def split(
        self,
        a: pl.Tensor[[16, 16], pl.FP32],
        b: pl.Tensor[[16, 16], pl.FP32],
        s_out: pl.Tensor[[16, 16], pl.FP32],
        d_out: pl.Tensor[[16, 16], pl.FP32],
    ) -> tuple[pl.Tensor[[16, 16], pl.FP32], pl.Tensor[[16, 16], pl.FP32]]:
        ta = pl.load(a, [0, 0], [16, 16])
        tb = pl.load(b, [0, 0], [16, 16])
        s = pl.store(pl.add(ta, tb), [0, 0], [16, 16], s_out)
        d = pl.store(pl.sub(ta, tb), [0, 0], [16, 16], d_out)
        return s, d

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(
        self, a: pl.Tensor[[16, 16], pl.FP32], b: pl.Tensor[[16, 16], pl.FP32]
    ) -> tuple[pl.Tensor[[16, 16], pl.FP32], pl.Tensor[[16, 16], pl.FP32]]:
        s, d = self.split(a, b)
        s2 = self.split(s, d)[0]
        s3, d3 = self.split(self.split(s2, d)[1], a)
        return s3, d3
