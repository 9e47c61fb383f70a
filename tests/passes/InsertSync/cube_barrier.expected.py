# pypto.program: CubeBarrier
import pypto.language as pl

@pl.program
class CubeBarrier:
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(self, a: pl.Tensor[[16, 16], pl.FP16, pl.MemRef("mem_ddr_0", 0, 512)], b: pl.Tensor[[16, 16], pl.FP16, pl.MemRef("mem_ddr_1", 0, 512)], c: pl.Out[pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_2", 0, 1024)]]) -> pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_2", 0, 1024)]:
        mem_mat_0: pl.Ptr = pl.tile.alloc(pl.Mem.Mat, 512)
        mem_mat_1: pl.Ptr = pl.tile.alloc(pl.Mem.Mat, 512)
        mem_left_0: pl.Ptr = pl.tile.alloc(pl.Mem.Left, 512)
        mem_right_0: pl.Ptr = pl.tile.alloc(pl.Mem.Right, 512)
        mem_acc_0: pl.Ptr = pl.tile.alloc(pl.Mem.Acc, 1024)
        a_l1: pl.Tile[[16, 16], pl.FP16, pl.MemRef(mem_mat_0, 0, 512), pl.Mem.Mat] = pl.tile.load(a, [0, 0], [16, 16], target_memory=pl.Mem.Mat)
        pl.system.sync_src(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.MTE1, event_id=0)
        b_l1: pl.Tile[[16, 16], pl.FP16, pl.MemRef(mem_mat_1, 0, 512), pl.Mem.Mat] = pl.tile.load(b, [0, 0], [16, 16], target_memory=pl.Mem.Mat)
        pl.system.sync_src(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.MTE1, event_id=1)
        pl.system.sync_dst(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.MTE1, event_id=0)
        a_l0: pl.Tile[[16, 16], pl.FP16, pl.MemRef(mem_left_0, 0, 512), pl.Mem.Left] = pl.tile.move(a_l1, target_memory=pl.Mem.Left)
        pl.system.sync_dst(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.MTE1, event_id=1)
        b_l0: pl.Tile[[16, 16], pl.FP16, pl.MemRef(mem_right_0, 0, 512), pl.Mem.Right] = pl.tile.move(b_l1, target_memory=pl.Mem.Right)
        pl.system.sync_src(set_pipe=pl.Pipe.MTE1, wait_pipe=pl.Pipe.M, event_id=0)
        pl.system.sync_dst(set_pipe=pl.Pipe.MTE1, wait_pipe=pl.Pipe.M, event_id=0)
        acc0: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_acc_0, 0, 1024), pl.Mem.Acc] = pl.tile.matmul(a_l0, b_l0)
        pl.system.bar_m()
        acc1: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_acc_0, 0, 1024), pl.Mem.Acc] = pl.tile.matmul_acc(acc0, a_l0, b_l0)
        pl.system.sync_src(set_pipe=pl.Pipe.M, wait_pipe=pl.Pipe.FIX, event_id=0)
        pl.system.sync_dst(set_pipe=pl.Pipe.M, wait_pipe=pl.Pipe.FIX, event_id=0)
        r: pl.Tensor[[16, 16], pl.FP32, pl.MemRef("mem_ddr_2", 0, 1024)] = pl.tile.l0c_store(acc1, [0, 0], [16, 16], c)
        pl.system.bar_all()
        return r
