# passes: ConvertTensorToTileOps
# Views of a parameter are windows the loads read through (offsets added); the view statements
# themselves go away. An unused pl.Out parameter of the output's type (out) receives the output
# instead of a new parameter. A value computed but not returned (dead) is not computed. A kernel
# already written with tile ops (copy) is left as it is.
import pypto.language as pl


@pl.program
class ViewsAndOutputs:
    @pl.function(type=pl.FunctionType.InCore)
    def copy(self, a: pl.Tensor[[32, 128], pl.FP32], out: pl.Out[pl.Tensor[[32, 128], pl.FP32]]) -> pl.Tensor[[32, 128], pl.FP32]:
        t = pl.load(a, [0, 0], [32, 128])
        r = pl.store(t, [0, 0], [32, 128], out)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def halves(self, x: pl.Tensor[[64, 128], pl.FP32], out: pl.Out[pl.Tensor[[32, 128], pl.FP32]]) -> pl.Tensor[[32, 128], pl.FP32]:
        top = pl.tensor.view(x, [32, 128], [0, 0])
        bottom = pl.tensor.view(x, [32, 128], [32, 0])
        dead = pl.tensor.exp(top)
        s = pl.tensor.add(top, bottom)
        return s
