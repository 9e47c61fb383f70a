# Interpreter test: a dynamic dimension bound to two values (x has N = 32 rows, the call passes
# y with 16 as the same N), and a dynamic dimension without a value.
# run: --entry main --set N=32 --set M=16
# expect-error: run time: argument 2 of 'kernel' (y) has shape [16, 16], but the parameter is pl.Tensor[[N, 16], pl.FP32] with N = 32
# run: --entry main --set M=16
# expect-error: run time: dimension 1 of 'x' is 'N', which has no value (give --set N=VALUE, or 'x' as an input file)
import pypto.language as pl

N = pl.dynamic("N")
M = pl.dynamic("M")


@pl.program
class Shapes:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self, x: pl.Tensor[[N, 16], pl.FP32], y: pl.Tensor[[N, 16], pl.FP32], out: pl.Tensor[[N, 16], pl.FP32]
    ) -> pl.Tensor[[N, 16], pl.FP32]:
        t = pl.load(x, [0, 0], [16, 16])
        r = pl.store(t, [0, 0], [16, 16], out)
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, x: pl.Tensor[[N, 16], pl.FP32], y: pl.Tensor[[M, 16], pl.FP32]):
        z = self.kernel(x, y)
