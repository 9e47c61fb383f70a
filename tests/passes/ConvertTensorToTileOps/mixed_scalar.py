# passes: ConvertTensorToTileOps
# Tensor and scalar operands: a scalar parameter (alpha), a constant, and a scalar computed by
# kept scalar code (beta, which reads one element of a parameter); the _scalar ops become
# tile.adds / muls / divs / subs. The scalar code stays, before the tile code. Seven [64, 128]
# FP32 tiles (x, a, b, c, w, d, y) of 32 KiB are 224 KiB > 192 KiB: two blocks of 32 rows.
import pypto.language as pl


@pl.program
class MixedScalar:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self, x: pl.Tensor[[64, 128], pl.FP32], w: pl.Tensor[[64, 128], pl.FP32], alpha: pl.Scalar[pl.FP32]
    ) -> pl.Tensor[[64, 128], pl.FP32]:
        w0 = pl.tensor.read(w, [0, 0])
        beta = w0 * 2.0
        a = pl.tensor.add_scalar(x, alpha)
        b = pl.tensor.mul_scalar(a, 0.5)
        c = pl.tensor.div_scalar(b, beta)
        d = pl.tensor.add(c, w)
        y = pl.tensor.sub_scalar(d, 1.0)
        return y
