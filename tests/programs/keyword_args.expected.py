# pypto.program: KeywordArgs
import pypto.language as pl

@pl.program
class KeywordArgs:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, x: pl.Tensor[[32, 32], pl.FP32], out: pl.Tensor[[32, 32], pl.FP16]) -> pl.Tensor[[32, 32], pl.FP16]:
        t: pl.Tile[[32, 32], pl.FP32] = pl.tile.load(x, [0, 0], [32, 32], target_memory=pl.Mem.Vec)
        z: pl.Tile[[32, 32], pl.FP32] = pl.tile.full([32, 32], 0.0, dtype=pl.FP32)
        mask: pl.Tile[[32, 32], pl.FP32] = pl.tile.cmp(t, z, cmp_type="GT")
        mask2: pl.Tile[[32, 32], pl.FP32] = pl.tile.cmps(t, 1.0, cmp_type="LT")
        col: pl.Tile[[1, 32], pl.FP32] = pl.tile.sum(t, axis=0, keepdim=True)
        h: pl.Tile[[32, 32], pl.FP16] = pl.tile.cast(t, target_type=pl.FP16, mode="round")
        h2: pl.Tile[[32, 32], pl.FP16] = pl.tile.cast(t, target_type=pl.FP16)
        h3: pl.Tile[[32, 32], pl.FP16] = pl.tile.add(h, h2)
        r: pl.Tensor[[32, 32], pl.FP16] = pl.tile.store(h3, [0, 0], [32, 32], out)
        return r
