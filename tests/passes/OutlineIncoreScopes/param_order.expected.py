# pypto.program: ParamOrder
import pypto.language as pl

@pl.program
class ParamOrder:
    @pl.function(type=pl.FunctionType.InCore)
    def main_incore_0(self, rows: pl.Scalar[pl.INT64], a: pl.Tensor[[rows, 64], pl.FP32], b: pl.Tensor[[rows, 64], pl.FP32]) -> pl.Scalar[pl.FP32]:
        c: pl.Tensor[[rows, 64], pl.FP32] = pl.tensor.add(a, b)
        s: pl.Scalar[pl.FP32] = pl.tensor.read(c, [0, 0])
        return s

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, rows: pl.Scalar[pl.INT64], a: pl.Tensor[[rows, 64], pl.FP32], b: pl.Tensor[[rows, 64], pl.FP32]) -> pl.Scalar[pl.FP32]:
        s: pl.Scalar[pl.FP32] = self.main_incore_0(rows, a, b)
        return s
