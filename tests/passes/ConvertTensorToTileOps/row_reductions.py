# passes: ConvertTensorToTileOps
# Softmax over rows with tensor ops: row_max and row_sum become tile.row_max / tile.row_sum with a
# scratch tile of the input's block shape; subtracting and dividing by the [R, 1] columns become
# row_expand_sub / row_expand_div. Two outputs (y and the row sums r) are stored in the same loop.
# Per block of B rows: x, m_tmp, s, e, r_tmp, y are B * 256 bytes each, m and r are [B, 1]
# (B * 4 bytes, rounded up to 32): B = 256 gives 6 * 65536 + 2 * 1024 = 395264 > 196608;
# B = 128 gives 6 * 32768 + 2 * 512 = 197632 > 196608 (just); B = 64 gives 98816: 64 rows.
import pypto.language as pl


@pl.program
class RowReductions:
    @pl.function(type=pl.FunctionType.InCore)
    def softmax(self, x: pl.Tensor[[256, 64], pl.FP32]) -> tuple[pl.Tensor[[256, 64], pl.FP32], pl.Tensor[[256, 1], pl.FP32]]:
        m = pl.tensor.row_max(x)
        s = pl.tensor.sub(x, m)
        e = pl.tensor.exp(s)
        r = pl.tensor.row_sum(e, axis=-1, keep_dim=True)
        y = pl.tensor.div(e, r)
        return y, r
