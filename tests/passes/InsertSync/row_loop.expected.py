# pypto.program: RowLoop
import pypto.language as pl

@pl.program
class RowLoop:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel_mul_exp(self, a: pl.Tensor[[128, 128], pl.FP32, pl.MemRef("mem_ddr_0", 0, 65536)], b: pl.Tensor[[128, 128], pl.FP32, pl.MemRef("mem_ddr_1", 0, 65536)], scale: pl.Scalar[pl.FP32], out: pl.Out[pl.Tensor[[128, 128], pl.FP32, pl.MemRef("mem_ddr_2", 0, 65536)]]) -> pl.Tensor[[128, 128], pl.FP32, pl.MemRef("mem_ddr_2", 0, 65536)]:
        mem_vec_0: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 16384)
        mem_vec_1: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 16384)
        pl.system.sync_src(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE2, event_id=0)
        pl.system.sync_src(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.MTE2, event_id=0)
        for i, (acc,) in pl.range(0, 128, 32, init_values=(out,)):
            pl.system.sync_dst(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE2, event_id=0)
            ta: pl.Tile[[32, 128], pl.FP32, pl.MemRef(mem_vec_0, 0, 16384), pl.Mem.Vec] = pl.tile.load(a, [i, 0], [32, 128])
            pl.system.sync_dst(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.MTE2, event_id=0)
            tb: pl.Tile[[32, 128], pl.FP32, pl.MemRef(mem_vec_1, 0, 16384), pl.Mem.Vec] = pl.tile.load(b, [i, 0], [32, 128])
            pl.system.sync_src(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=0)
            pl.system.sync_dst(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=0)
            prod: pl.Tile[[32, 128], pl.FP32, pl.MemRef(mem_vec_0, 0, 16384), pl.Mem.Vec] = pl.tile.mul(ta, tb)
            pl.system.bar_v()
            scaled: pl.Tile[[32, 128], pl.FP32, pl.MemRef(mem_vec_1, 0, 16384), pl.Mem.Vec] = pl.tile.muls(prod, scale)
            pl.system.bar_v()
            shifted: pl.Tile[[32, 128], pl.FP32, pl.MemRef(mem_vec_0, 0, 16384), pl.Mem.Vec] = pl.tile.adds(scaled, 1.0)
            pl.system.bar_v()
            y: pl.Tile[[32, 128], pl.FP32, pl.MemRef(mem_vec_1, 0, 16384), pl.Mem.Vec] = pl.tile.exp(shifted)
            pl.system.sync_src(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE2, event_id=0)
            pl.system.sync_src(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE3, event_id=0)
            pl.system.sync_dst(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE3, event_id=0)
            stored: pl.Tensor[[128, 128], pl.FP32, pl.MemRef("mem_ddr_2", 0, 65536)] = pl.tile.store(y, [i, 0], [32, 128], acc)
            pl.system.sync_src(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.MTE2, event_id=0)
            result: pl.Tensor[[128, 128], pl.FP32, pl.MemRef("mem_ddr_2", 0, 65536)] = pl.yield_(stored)
        pl.system.sync_dst(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE2, event_id=0)
        pl.system.sync_dst(set_pipe=pl.Pipe.MTE3, wait_pipe=pl.Pipe.MTE2, event_id=0)
        pl.system.bar_all()
        return result
