# Tensor-level ops (global memory) in an Opaque function.
import pypto.language as pl


@pl.program
class TensorOps:
    @pl.function
    def shapes(
        self, x: pl.Tensor[[64, 128], pl.FP32], w: pl.Tensor[[128, 32], pl.FP32]
    ) -> tuple[pl.Tensor[[32, 64], pl.FP32], pl.Scalar[pl.INT64]]:
        buf = pl.tensor.create([64, 128], dtype=pl.FP32)
        top = pl.tensor.view(x, [32, 128], [0, 0])
        bottom = pl.tensor.view(x, [32, 128], [32, 0])
        s = pl.tensor.add(top, bottom)
        whole = pl.tensor.assemble(buf, s, [0, 0])
        whole2 = pl.assemble(whole, s, [32, 0])
        flat = pl.tensor.reshape(whole2, [8192])
        back = pl.tensor.reshape(flat, [64, 128])
        mm = pl.tensor.matmul(back, w, out_dtype=pl.FP32)
        t = pl.tensor.transpose(mm, 0, 1)
        part = pl.tensor.view(t, [32, 64], [0, 0])
        rows = pl.tensor.dim(x, -2)
        return part, rows

    @pl.function
    def elementwise(
        self, a: pl.Tensor[[16, 64], pl.FP16], b: pl.Tensor[[1, 64], pl.FP16]
    ) -> pl.Tensor[[16, 1], pl.FP32]:
        s = pl.tensor.add(a, b)           # broadcasts [1, 64] over [16, 64]
        m = pl.tensor.maximum(s, a)
        d = pl.tensor.div_scalar(m, 2.0)
        e = pl.tensor.exp(d)
        c = pl.tensor.cast(e, target_type=pl.FP32, mode="rint")
        r = pl.tensor.row_max(c)
        r2 = pl.tensor.row_sum(c, axis=-1, keep_dim=True)
        v = pl.tensor.read(r2, [0, 0])
        out = pl.tensor.add_scalar(r, v)
        return out
