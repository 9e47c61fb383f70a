# pto-args: --passes NormalizeStmtStructure
# A kernel after the memory passes, written by hand: buffers from pl.tile.alloc, addresses in
# the MemRefs, tiles of different types sharing bytes (one alloc_tile per type, same address),
# a tile whose valid shape is a parameter (alloc_tile valid_row/valid_col), explicit sync.
import pypto.language as pl


@pl.program
class Level3:
    @pl.function(type=pl.FunctionType.InCore)
    def rows_then_sum(
        self,
        x: pl.Tensor[[16, 64], pl.FP32, pl.MemRef("mem_ddr_0", 0, 4096)],
        n: pl.Scalar[pl.INT64],
        out: pl.Out[pl.Tensor[[16, 1], pl.FP32, pl.MemRef("mem_ddr_1", 0, 64)]],
    ) -> pl.Tensor[[16, 1], pl.FP32, pl.MemRef("mem_ddr_1", 0, 64)]:
        mem_vec_0: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 8192)
        t: pl.Tile[[16, 64], pl.FP32, pl.MemRef(mem_vec_0, 0, 4096), pl.Mem.Vec, pl.TileView(valid_shape=[n, 64])] = pl.tile.load(x, [0, 0], [16, 64], target_memory=pl.Mem.Vec)
        tmp: pl.Tile[[16, 64], pl.FP32, pl.MemRef(mem_vec_0, 4096, 4096), pl.Mem.Vec] = pl.tile.create_tile([16, 64], dtype=pl.FP32, target_memory=pl.Mem.Vec)
        pl.system.sync_src(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=3)
        pl.system.sync_dst(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=3)
        s: pl.Tile[[16, 1], pl.FP32, pl.MemRef(mem_vec_0, 0, 64), pl.Mem.Vec] = pl.tile.row_sum(t, tmp)
        pl.system.bar_v()
        s2: pl.Tile[[16, 1], pl.FP32, pl.MemRef(mem_vec_0, 0, 64), pl.Mem.Vec] = pl.tile.muls(s, 0.5)
        pl.system.sync_src(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE3, event_id=0)
        pl.system.sync_dst(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE3, event_id=0)
        r: pl.Tensor[[16, 1], pl.FP32, pl.MemRef("mem_ddr_1", 0, 64)] = pl.tile.store(s2, [0, 0], [16, 1], out)
        pl.system.bar_all()
        return r
