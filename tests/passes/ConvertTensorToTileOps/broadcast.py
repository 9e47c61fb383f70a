# passes: ConvertTensorToTileOps
# Broadcasting: a [1, 128] row (bias, scale) is loaded once before the loop and used by every
# block: multiplying by it is tile.col_expand_mul, adding it needs it spread over the block first
# (tile.col_expand into a created tile). A [R, 1] column (col) is loaded per block and used by
# tile.row_expand_add. v, the sum of two rows, is computed once before the loop too. The FP16
# input h is cast to FP32 before it meets FP32 values (the result's dtype).
# Per block of B rows: h_cast, p, bias_target, bias_expand, q and t take B * 512 bytes, h B * 256,
# col B * 4 (rounded up to 32); the whole tiles the loop reads, v and bias, 512 bytes each:
#   B = 64: 6 * 32768 + 16384 + 256 + 1024 = 214272 > 196608;  B = 32: 107648. 32 rows.
import pypto.language as pl


@pl.program
class Broadcast:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self,
        h: pl.Tensor[[256, 128], pl.FP16],
        bias: pl.Tensor[[1, 128], pl.FP32],
        scale: pl.Tensor[[1, 128], pl.FP32],
        u: pl.Tensor[[1, 128], pl.FP32],
        col: pl.Tensor[[256, 1], pl.FP32],
    ) -> tuple[pl.Tensor[[256, 128], pl.FP32], pl.Tensor[[1, 128], pl.FP32]]:
        v = pl.tensor.add(scale, u)
        p = pl.tensor.mul(h, v)
        q = pl.tensor.add(bias, p)
        t = pl.tensor.add(q, col)
        return t, v
