# Any alias of pypto.language works; every name is prefixed with it.
import pypto.language as ppl


@ppl.program
class ImportAlias:
    @ppl.function(type=ppl.FunctionType.InCore)
    def kernel(
        self, x: ppl.Tensor[[16, 16], ppl.FP32], out: ppl.Tensor[[16, 16], ppl.FP32]
    ) -> ppl.Tensor[[16, 16], ppl.FP32]:
        t: ppl.Tile[[16, 16], ppl.FP32] = ppl.load(x, [0, 0], [16, 16])
        u = ppl.tile.sqrt(t)
        r = ppl.store(u, [0, 0], [16, 16], out)
        return r

    @ppl.function(type=ppl.FunctionType.Orchestration)
    def main(self, x: ppl.Tensor[[16, 16], ppl.FP32]) -> ppl.Tensor[[16, 16], ppl.FP32]:
        y = self.kernel(x)
        return y
