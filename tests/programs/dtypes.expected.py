# pypto.program: DTypes
import pypto.language as pl

@pl.program
class DTypes:
    @pl.function
    def all_types(self, t_bool: pl.Tensor[[8], pl.BOOL], t_i4: pl.Tensor[[8], pl.INT4], t_i8: pl.Tensor[[8], pl.INT8], t_i16: pl.Tensor[[8], pl.INT16], t_i32: pl.Tensor[[8], pl.INT32], t_i64: pl.Tensor[[8], pl.INT64], t_u4: pl.Tensor[[8], pl.UINT4], t_u8: pl.Tensor[[8], pl.UINT8], t_u16: pl.Tensor[[8], pl.UINT16], t_u32: pl.Tensor[[8], pl.UINT32], t_u64: pl.Tensor[[8], pl.UINT64], t_fp4: pl.Tensor[[8], pl.FP4], t_fp8a: pl.Tensor[[8], pl.FP8E4M3FN], t_fp8b: pl.Tensor[[8], pl.FP8E5M2], t_fp16: pl.Tensor[[8], pl.FP16], t_fp32: pl.Tensor[[8], pl.FP32], t_bf16: pl.Tensor[[8], pl.BF16], t_bf16b: pl.Tensor[[8], pl.BF16], t_hf4: pl.Tensor[[8], pl.HF4], t_hf8: pl.Tensor[[8], pl.HF8], n: pl.Scalar[pl.INT32], f: pl.Scalar[pl.FP16]) -> pl.Tensor[[8], pl.FP32]:
        s: pl.Tensor[[8], pl.FP16] = pl.tensor.add(t_fp16, t_i8)
        u: pl.Tensor[[8], pl.INT16] = pl.tensor.add(t_u16, t_i16)
        v: pl.Tensor[[8], pl.FP32] = pl.tensor.add(t_fp32, t_bf16)
        w: pl.Tensor[[8], pl.BF16] = pl.tensor.add(t_bf16, t_bf16b)
        return v
