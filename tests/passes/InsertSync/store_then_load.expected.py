# pypto.program: StoreThenLoad
import pypto.language as pl

@pl.program
class StoreThenLoad:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, x: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_0", 0, 1024)], out: pl.Out[pl.Tensor[[32, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 2048)]]) -> pl.Tensor[[32, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 2048)]:
        mem_vec_0: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        mem_vec_1: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        t: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_0, 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [16, 16])
        pl.system.sync_src(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.MTE3, event_id=0)
        pl.system.sync_dst(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.MTE3, event_id=0)
        r1: pl.Tensor[[32, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 2048)] = pl.tile.store(t, [0, 0], [16, 16], out)
        pl.system.sync_src(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.MTE2, event_id=0)
        pl.system.sync_dst(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.MTE2, event_id=0)
        u: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_1, 0, 1024), pl.Mem.Vec] = pl.tile.load(r1, [0, 0], [16, 16])
        pl.system.sync_src(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=0)
        pl.system.sync_dst(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=0)
        e: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_1, 0, 1024), pl.Mem.Vec] = pl.tile.exp(u)
        pl.system.sync_src(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE3, event_id=0)
        pl.system.sync_dst(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE3, event_id=0)
        r2: pl.Tensor[[32, 16], pl.FP32, pl.MemRef("mem_ddr_1", 0, 2048)] = pl.tile.store(e, [16, 0], [16, 16], r1)
        pl.system.bar_all()
        return r2
