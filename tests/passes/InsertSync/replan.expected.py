# pypto.program: Replan
import pypto.language as pl

@pl.program
class Replan:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel_exp(self, x: pl.Tensor[[32, 32], pl.FP32, pl.MemRef("mem_ddr_0", 0, 4096)], out: pl.Out[pl.Tensor[[32, 32], pl.FP32, pl.MemRef("mem_ddr_1", 0, 4096)]]) -> pl.Tensor[[32, 32], pl.FP32, pl.MemRef("mem_ddr_1", 0, 4096)]:
        mem_vec_0: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 4096)
        tx: pl.Tile[[32, 32], pl.FP32, pl.MemRef(mem_vec_0, 0, 4096), pl.Mem.Vec] = pl.tile.load(x, [0, 0], [32, 32])
        pl.system.sync_src(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=0)
        pl.system.sync_dst(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=0)
        te: pl.Tile[[32, 32], pl.FP32, pl.MemRef(mem_vec_0, 0, 4096), pl.Mem.Vec] = pl.tile.exp(tx)
        pl.system.sync_src(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE3, event_id=0)
        pl.system.sync_dst(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE3, event_id=0)
        r: pl.Tensor[[32, 32], pl.FP32, pl.MemRef("mem_ddr_1", 0, 4096)] = pl.tile.store(te, [0, 0], [32, 32], out)
        pl.system.bar_all()
        return r

    @pl.function(type=pl.FunctionType.Orchestration)
    def main(self, x: pl.Tensor[[32, 32], pl.FP32, pl.MemRef("mem_ddr_0", 0, 4096)]) -> pl.Tensor[[32, 32], pl.FP32, pl.MemRef("mem_ddr_1", 0, 4096)]:
        y: pl.Tensor[[32, 32], pl.FP32, pl.MemRef("mem_ddr_1", 0, 4096)] = self.kernel_exp(x)
        return y
