# passes: InitMemRef
# The loop starts with a Mat tile but yields a Vec one (exp runs on the vector unit): one
# buffer cannot be in two spaces.
import pypto.language as pl


@pl.program
class SpaceMismatch:
    @pl.function(type=pl.FunctionType.InCore)
    def k(self, x: pl.Tensor[[16, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        m = pl.load(x, [0, 0], [16, 16], target_memory=pl.Mem.Mat)
        for k, (acc,) in pl.range(0, 4, 1, init_values=(m,)):
            nx = pl.exp(acc)
            accf = pl.yield_(nx)
        r = pl.store(accf, [0, 0], [16, 16], out)
        return r
