# passes: ConvertToSSA
# A for loop whose body re-assigns names read by the next iteration or after the loop carries
# them: iter_args initialised with the values before the loop, a yield at the end of the
# body, return vars after it. Here a scalar sum and a tile accumulator; tl is local to the
# body (not carried).
import pypto.language as pl


@pl.program
class ForAccumulate:
    @pl.function(type=pl.FunctionType.InCore)
    def row_blocks(self, x: pl.Tensor[[64, 32], pl.FP32], out: pl.Out[pl.Tensor[[16, 32], pl.FP32]]) -> pl.Tensor[[16, 32], pl.FP32]:
        acc = pl.tile.create_tile([16, 32], dtype=pl.FP32, target_memory=pl.Mem.Vec)
        acc = pl.tile.muls(acc, 0.0)
        n = 0
        for i in pl.range(4):
            tl = pl.load(x, [i * 16, 0], [16, 32])
            acc = pl.add(acc, tl)
            n = n + 1
        acc = pl.tile.muls(acc, 1.0 / pl.cast(n, pl.FP32))
        r = pl.store(acc, [0, 0], [16, 32], out)
        return r
