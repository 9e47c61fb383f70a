# passes: ConvertTensorToTileOps
# b_trans: B is stored [N, K] = [128, 64]; its block is loaded as stored and moved into Right
# with transpose=True. Acc [512, 128] FP32 is 256 KiB: the larger of M and N halves (M = 256:
# 128 KiB). Left [256, 64] FP16 is 32 KiB, Right 16 KiB: no K loop. Without out_dtype the product
# of FP16 operands is FP16: the FP32 accumulator is converted by tile.l0c_store on the way out.
import pypto.language as pl


@pl.program
class MatmulTransposed:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[512, 64], pl.FP16], b: pl.Tensor[[128, 64], pl.FP16]) -> pl.Tensor[[512, 128], pl.FP16]:
        c = pl.tensor.matmul(a, b, b_trans=True)
        return c
