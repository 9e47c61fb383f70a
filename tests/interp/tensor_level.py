# Interpreter test: tensor-level ops in an Opaque function, with broadcasting ([4, 8] + [1, 8]),
# views that alias their tensor, assemble, reshape, transpose and tensor.read.
#   a = 1.0 everywhere, b = [1, 8] of 0.5: s = a + b = 1.5; whole = [s; 2 s] (8 x 8)
#   row sums of whole: 12 (rows 0..3) and 24 (rows 4..7): mean 18
# expect: return0: [8, 8] FP32 min=1.5 max=3 mean=2.25
# expect: return1: [8, 1] FP32 min=12 max=24 mean=18
# expect: return2: FP32 = 3
# expect: return3: [8, 8] FP32 min=1.5 max=3 mean=2.25
import pypto.language as pl


@pl.program
class TensorLevel:
    @pl.function
    def main(self) -> tuple[pl.Tensor[[8, 8], pl.FP32], pl.Tensor[[8, 1], pl.FP32], pl.Scalar[pl.FP32],
                            pl.Tensor[[8, 8], pl.FP32]]:
        a0 = pl.tensor.create([4, 8], dtype=pl.FP32)
        a = pl.store(pl.tile.full([4, 8], 1.0, dtype=pl.FP32), [0, 0], [4, 8], a0)
        b0 = pl.tensor.create([1, 8], dtype=pl.FP32)
        b = pl.store(pl.tile.full([1, 8], 0.5, dtype=pl.FP32), [0, 0], [1, 8], b0)
        s = pl.tensor.add(a, b)
        s2 = pl.tensor.mul_scalar(s, 2.0)
        buf = pl.tensor.create([8, 8], dtype=pl.FP32)
        top = pl.tensor.assemble(buf, s, [0, 0])
        whole = pl.tensor.assemble(top, s2, [4, 0])
        sums = pl.tensor.row_sum(whole)
        bottom = pl.tensor.view(whole, [4, 8], [4, 0])
        v = pl.tensor.read(bottom, [1, 2])
        flat = pl.tensor.reshape(whole, [64])
        back = pl.tensor.reshape(flat, [8, 8])
        tt = pl.tensor.transpose(back, 0, 1)
        return whole, sums, v, tt
