# pypto.program: TensorOps
import pypto.language as pl

@pl.program
class TensorOps:
    @pl.function
    def shapes(self, x: pl.Tensor[[64, 128], pl.FP32], w: pl.Tensor[[128, 32], pl.FP32]) -> tuple[pl.Tensor[[32, 64], pl.FP32], pl.Scalar[pl.INT64]]:
        buf: pl.Tensor[[64, 128], pl.FP32] = pl.tensor.create([64, 128], dtype=pl.FP32)
        top: pl.Tensor[[32, 128], pl.FP32] = pl.tensor.view(x, [32, 128], [0, 0])
        bottom: pl.Tensor[[32, 128], pl.FP32] = pl.tensor.view(x, [32, 128], [32, 0])
        s: pl.Tensor[[32, 128], pl.FP32] = pl.tensor.add(top, bottom)
        whole: pl.Tensor[[64, 128], pl.FP32] = pl.tensor.assemble(buf, s, [0, 0])
        whole2: pl.Tensor[[64, 128], pl.FP32] = pl.tensor.assemble(whole, s, [32, 0])
        flat: pl.Tensor[[8192], pl.FP32] = pl.tensor.reshape(whole2, [8192])
        back: pl.Tensor[[64, 128], pl.FP32] = pl.tensor.reshape(flat, [64, 128])
        mm: pl.Tensor[[64, 32], pl.FP32] = pl.tensor.matmul(back, w, out_dtype=pl.FP32)
        t: pl.Tensor[[32, 64], pl.FP32] = pl.tensor.transpose(mm, 0, 1)
        part: pl.Tensor[[32, 64], pl.FP32] = pl.tensor.view(t, [32, 64], [0, 0])
        rows: pl.Scalar[pl.INT64] = pl.tensor.dim(x, -2)
        return part, rows

    @pl.function
    def elementwise(self, a: pl.Tensor[[16, 64], pl.FP16], b: pl.Tensor[[1, 64], pl.FP16]) -> pl.Tensor[[16, 1], pl.FP32]:
        s: pl.Tensor[[16, 64], pl.FP16] = pl.tensor.add(a, b)
        m: pl.Tensor[[16, 64], pl.FP16] = pl.tensor.maximum(s, a)
        d: pl.Tensor[[16, 64], pl.FP32] = pl.tensor.div_scalar(m, 2.0)
        e: pl.Tensor[[16, 64], pl.FP32] = pl.tensor.exp(d)
        c: pl.Tensor[[16, 64], pl.FP32] = pl.tensor.cast(e, target_type=pl.FP32, mode="rint")
        r: pl.Tensor[[16, 1], pl.FP32] = pl.tensor.row_max(c)
        r2: pl.Tensor[[16, 1], pl.FP32] = pl.tensor.row_sum(c, axis=-1, keep_dim=True)
        v: pl.Scalar[pl.FP32] = pl.tensor.read(r2, [0, 0])
        out: pl.Tensor[[16, 1], pl.FP32] = pl.tensor.add_scalar(r, v)
        return out
