# passes: InitMemRef,MemoryReuse,AllocateMemoryAddr
# RMSNorm with reuse: ten tiles in four buffers, 99072 bytes, the most live at once (at the
# row_sum: tx, tw, tmp, sq, sum_sq). Tiles of different sizes share: once tmp and sq are
# dead, the row vectors and normed take their bytes at offsets inside mem_vec_2, and y takes
# tx's buffer. The buffers are 32-byte aligned and never overlap: 0, 32768, 33280, 98816.
import pypto.language as pl


@pl.program
class RMSNorm:
    @pl.function(type=pl.FunctionType.InCore)
    def rmsnorm_kernel(
        self,
        x: pl.Tensor[[64, 128], pl.FP32],
        weight: pl.Tensor[[1, 128], pl.FP32],
        out: pl.Out[pl.Tensor[[64, 128], pl.FP32]],
    ) -> pl.Tensor[[64, 128], pl.FP32]:
        tx = pl.load(x, [0, 0], [64, 128])
        tw = pl.load(weight, [0, 0], [1, 128])
        tmp = pl.tile.create_tile([64, 128], dtype=pl.FP32, target_memory=pl.Mem.Vec)
        sq = pl.mul(tx, tx)
        sum_sq: pl.Tile[[64, 1], pl.FP32] = pl.row_sum(sq, tmp)
        mean_sq = pl.tile.muls(sum_sq, 0.0078125)
        var_eps = pl.tile.adds(mean_sq, 1e-06)
        inv_rms = pl.tile.rsqrt(var_eps)
        normed = pl.tile.row_expand_mul(tx, inv_rms)
        y = pl.tile.col_expand_mul(normed, tw)
        result = pl.store(y, [0, 0], [64, 128], out)
        return result
