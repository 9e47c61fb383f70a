# Interpreter test: the pipes (sync.c). tile.load runs on MTE2, tile.add on V, tile.store on MTE3;
# pipes run concurrently, so an access on one pipe must wait (sync_dst) for the signal (sync_src)
# of the other pipe's earlier access to the same buffer. synced has the pairs InsertSync adds;
# missing_wait drops the sync_dst before tile.add (a read-after-write race); no_loop_wait drops
# the one that keeps the next iteration's tile.load from overwriting the buffer tile.add read.
# run: --entry synced
# expect: return0: [32, 16] FP32
# run: --entry missing_wait
# expect-error: run time: race: tile.add on pipe V reads buffer 'mem_vec_0', which tile.load on pipe MTE2 accessed without a sync ordering them
# expect-error: note: the other access
# run: --entry no_loop_wait
# expect-error: run time: race: tile.load on pipe MTE2 writes buffer 'mem_vec_0', which tile.add on pipe V accessed without a sync ordering them
import pypto.language as pl


@pl.program
class Pipes:
    @pl.function(type=pl.FunctionType.InCore)
    def synced(self, x: pl.Tensor[[32, 16], pl.FP32], out: pl.Out[pl.Tensor[[32, 16], pl.FP32]]) -> pl.Tensor[[32, 16], pl.FP32]:
        pl.system.sync_src(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE2, event_id=0)
        pl.system.sync_src(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.V, event_id=0)
        for r, (o,) in pl.range(0, 32, 16, init_values=(out,)):
            pl.system.sync_dst(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE2, event_id=0)
            t: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [r, 0], [16, 16])
            pl.system.sync_src(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=0)
            pl.system.sync_dst(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=0)
            pl.system.sync_dst(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.V, event_id=0)
            u: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_1", 0, 1024), pl.Mem.Vec] = pl.tile.add(t, t)
            pl.system.sync_src(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE2, event_id=0)
            pl.system.sync_src(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE3, event_id=0)
            pl.system.sync_dst(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE3, event_id=0)
            o2: pl.Tensor[[32, 16], pl.FP32] = pl.tile.store(u, [r, 0], [16, 16], o)
            pl.system.sync_src(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.V, event_id=0)
            res: pl.Tensor[[32, 16], pl.FP32] = pl.yield_(o2)
        pl.system.sync_dst(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE2, event_id=0)
        pl.system.sync_dst(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.V, event_id=0)
        pl.system.bar_all()
        return res

    @pl.function(type=pl.FunctionType.InCore)
    def missing_wait(self, x: pl.Tensor[[32, 16], pl.FP32], out: pl.Out[pl.Tensor[[32, 16], pl.FP32]]) -> pl.Tensor[[32, 16], pl.FP32]:
        pl.system.sync_src(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE2, event_id=0)
        pl.system.sync_src(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.V, event_id=0)
        for r, (o,) in pl.range(0, 32, 16, init_values=(out,)):
            pl.system.sync_dst(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE2, event_id=0)
            t: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [r, 0], [16, 16])
            pl.system.sync_src(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=0)
            pl.system.sync_dst(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.V, event_id=0)
            u: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_1", 0, 1024), pl.Mem.Vec] = pl.tile.add(t, t)
            pl.system.sync_src(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE2, event_id=0)
            pl.system.sync_src(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE3, event_id=0)
            pl.system.sync_dst(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE3, event_id=0)
            o2: pl.Tensor[[32, 16], pl.FP32] = pl.tile.store(u, [r, 0], [16, 16], o)
            pl.system.sync_src(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.V, event_id=0)
            res: pl.Tensor[[32, 16], pl.FP32] = pl.yield_(o2)
        pl.system.sync_dst(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE2, event_id=0)
        pl.system.sync_dst(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.V, event_id=0)
        pl.system.bar_all()
        return res

    @pl.function(type=pl.FunctionType.InCore)
    def no_loop_wait(self, x: pl.Tensor[[32, 16], pl.FP32], out: pl.Out[pl.Tensor[[32, 16], pl.FP32]]) -> pl.Tensor[[32, 16], pl.FP32]:
        pl.system.sync_src(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE2, event_id=0)
        pl.system.sync_src(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.V, event_id=0)
        for r, (o,) in pl.range(0, 32, 16, init_values=(out,)):
            t: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_0", 0, 1024), pl.Mem.Vec] = pl.tile.load(x, [r, 0], [16, 16])
            pl.system.sync_src(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=0)
            pl.system.sync_dst(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=0)
            pl.system.sync_dst(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.V, event_id=0)
            u: pl.Tile[[16, 16], pl.FP32, pl.MemRef("mem_vec_1", 0, 1024), pl.Mem.Vec] = pl.tile.add(t, t)
            pl.system.sync_src(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE2, event_id=0)
            pl.system.sync_src(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE3, event_id=0)
            pl.system.sync_dst(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE3, event_id=0)
            o2: pl.Tensor[[32, 16], pl.FP32] = pl.tile.store(u, [r, 0], [16, 16], o)
            pl.system.sync_src(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.V, event_id=0)
            res: pl.Tensor[[32, 16], pl.FP32] = pl.yield_(o2)
        pl.system.sync_dst(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE2, event_id=0)
        pl.system.sync_dst(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.V, event_id=0)
        pl.system.bar_all()
        return res
