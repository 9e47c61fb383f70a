# Interpreter test: two constant tiles (tile.full) added and stored. 2.0 + 3.5 = 5.5 everywhere;
# the checksum is FNV-1a of 256 copies of the FP32 bytes of 5.5 (computed independently).
# expect: entry: kernel
# expect: out: [16, 16] FP32 min=5.5 max=5.5 mean=5.5 fnv1a=c2005102e8b12325
# expect: return0: [16, 16] FP32 min=5.5 max=5.5 mean=5.5 fnv1a=c2005102e8b12325
import pypto.language as pl


@pl.program
class FullAdd:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        a = pl.tile.full([16, 16], 2.0, dtype=pl.FP32)
        b = pl.tile.full([16, 16], 3.5, dtype=pl.FP32)
        c = pl.add(a, b)
        r = pl.store(c, [0, 0], [16, 16], out)
        return r
