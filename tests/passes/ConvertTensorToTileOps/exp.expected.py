# pypto.program: Exp
import pypto.language as pl

@pl.program
class Exp:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, h: pl.Tensor[[32, 128], pl.FP16], n: pl.Tensor[[32, 128], pl.INT32], eh_out: pl.Out[pl.Tensor[[32, 128], pl.FP16]], en_out: pl.Out[pl.Tensor[[32, 128], pl.FP32]]) -> tuple[pl.Tensor[[32, 128], pl.FP16], pl.Tensor[[32, 128], pl.FP32]]:
        h_tile: pl.Tile[[32, 128], pl.FP16] = pl.tile.load(h, [0, 0], [32, 128])
        eh_tile: pl.Tile[[32, 128], pl.FP16] = pl.tile.exp(h_tile)
        eh: pl.Tensor[[32, 128], pl.FP16] = pl.tile.store(eh_tile, [0, 0], [32, 128], eh_out)
        n_tile: pl.Tile[[32, 128], pl.INT32] = pl.tile.load(n, [0, 0], [32, 128])
        n_cast: pl.Tile[[32, 128], pl.FP32] = pl.tile.cast(n_tile, target_type=pl.FP32)
        en_tile: pl.Tile[[32, 128], pl.FP32] = pl.tile.exp(n_cast)
        en: pl.Tensor[[32, 128], pl.FP32] = pl.tile.store(en_tile, [0, 0], [32, 128], en_out)
        return eh, en
