# passes: ConvertToSSA,FlattenCallExpr
# After ConvertToSSA: the temporaries are fresh names, so the program stays in SSA form.
import pypto.language as pl


@pl.program
class SsaPipeline:
    @pl.function(type=pl.FunctionType.InCore)
    def blocks(self, x: pl.Tensor[[64, 32], pl.FP32], out: pl.Out[pl.Tensor[[16, 32], pl.FP32]]) -> pl.Tensor[[16, 32], pl.FP32]:
        acc = pl.load(x, [0, 0], [16, 32])
        for i in pl.range(1, 4):
            acc = pl.add(acc, pl.exp(pl.load(x, [i * 16, 0], [16, 32])))
            if i == 2:
                acc = pl.tile.relu(pl.tile.muls(acc, 0.5))
        return pl.store(acc, [0, 0], [16, 32], out)
