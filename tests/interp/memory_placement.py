# Interpreter test: memory placement. A tile whose memref has a constant address (a pl.Ptr from
# pl.tile.alloc and a byte offset, as after AllocateMemoryAddr) lives at that address inside the
# simulated Vec buffer: a result may take the bytes of a dead tile (in_place), but reading a
# tile whose bytes another result took while it was live is an error naming both statements
# (overlap), and so is a tile outside the buffer (outside).
# run: --entry in_place
# expect: return0: [16, 16] FP32 min=5.5 max=5.5 mean=5.5
# run: --entry overlap
# expect-error: run time: tile.add reads 'a' (Vec bytes 0..1023), but byte 512 was overwritten by another tile while 'a' was live
# expect-error: note: 'a' was written here
# expect-error: note: and the overlapping tile here
# run: --entry outside
# expect-error: run time: tile.full places 'a' at Vec bytes 196096..197119, outside the 196608 bytes of the buffer
import pypto.language as pl


@pl.program
class Placement:
    @pl.function(type=pl.FunctionType.InCore)
    def in_place(self, out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        mem: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 2048)
        a: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem, 0, 1024), pl.Mem.Vec] = pl.tile.full([16, 16], 2.0, dtype=pl.FP32)
        b: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem, 1024, 1024), pl.Mem.Vec] = pl.tile.full([16, 16], 3.5, dtype=pl.FP32)
        c: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem, 0, 1024), pl.Mem.Vec] = pl.tile.add(a, b)
        r = pl.store(c, [0, 0], [16, 16], out)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def overlap(self, out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        mem: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 2048)
        a: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem, 0, 1024), pl.Mem.Vec] = pl.tile.full([16, 16], 2.0, dtype=pl.FP32)
        b: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem, 512, 1024), pl.Mem.Vec] = pl.tile.full([16, 16], 3.5, dtype=pl.FP32)
        c: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem, 1536, 1024), pl.Mem.Vec] = pl.tile.add(a, b)
        r = pl.store(c, [0, 0], [16, 16], out)
        return r

    @pl.function(type=pl.FunctionType.InCore)
    def outside(self, out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:
        mem: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)
        a: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem, 196096, 1024), pl.Mem.Vec] = pl.tile.full([16, 16], 2.0, dtype=pl.FP32)
        r = pl.store(a, [0, 0], [16, 16], out)
        return r
