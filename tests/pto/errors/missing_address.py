# pto-args: --passes NormalizeStmtStructure
# One kernel with addresses, one without: level3 needs an address on every tile.
import pypto.language as pl


@pl.program
class TileViewValid:
    @pl.function(type=pl.FunctionType.InCore)
    def row_sums(
        self, x: pl.Tensor[[16, 32], pl.FP32], out: pl.Tensor[[16, 1], pl.FP32]
    ) -> pl.Tensor[[16, 1], pl.FP32]:
        t = pl.load(x, [0, 0], [16, 32])
        tmp: pl.Tile[[16, 32], pl.FP32, pl.Mem.Vec] = pl.tile.create_tile([16, 32], dtype=pl.FP32, target_memory=pl.Mem.Vec)
        s: pl.Tile[[16, 1], pl.FP32] = pl.tile.row_sum(t, tmp)
        r = pl.store(s, [0, 0], [16, 1], out)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def padded(
        self,
        x: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_0", 0, 1024)],
        out: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 1024)],
    ) -> pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 1024)]:
        buf: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        t: pl.Tile[[16, 16], pl.FP32, pl.MemRef(buf, 0, 1024), pl.Mem.Vec, pl.TileView(valid_shape=[16, 8])] = pl.tile.load(x, [0, 0], [16, 16], target_memory=pl.Mem.Vec)
        r: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 1024)] = pl.tile.store(t, [0, 0], [16, 16], out)
        return r
