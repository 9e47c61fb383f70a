# Interpreter test: tile.cast of 2.5 and -2.5 to INT32 in every rounding mode (none and rint:
# to nearest even; round: half away from zero; floor; ceil; trunc; odd: the odd neighbour).
# run: --entry modes --set x=2.5
# expect: r_none: [1, 8] INT32 min=2 max=2 mean=2
# expect: r_rint: [1, 8] INT32 min=2 max=2 mean=2
# expect: r_round: [1, 8] INT32 min=3 max=3 mean=3
# expect: r_floor: [1, 8] INT32 min=2 max=2 mean=2
# expect: r_ceil: [1, 8] INT32 min=3 max=3 mean=3
# expect: r_trunc: [1, 8] INT32 min=2 max=2 mean=2
# expect: r_odd: [1, 8] INT32 min=3 max=3 mean=3
# run: --entry modes --set x=-2.5
# expect: r_none: [1, 8] INT32 min=-2 max=-2 mean=-2
# expect: r_round: [1, 8] INT32 min=-3 max=-3 mean=-3
# expect: r_floor: [1, 8] INT32 min=-3 max=-3 mean=-3
# expect: r_ceil: [1, 8] INT32 min=-2 max=-2 mean=-2
# expect: r_trunc: [1, 8] INT32 min=-2 max=-2 mean=-2
# expect: r_odd: [1, 8] INT32 min=-3 max=-3 mean=-3
# run: --entry half
# expect: return0: [1, 8] FP16 min=1 max=1 mean=1
# expect: return1: [1, 8] FP16 min=1.00098 max=1.00098 mean=1.00098
import pypto.language as pl


@pl.program
class CastModes:
    @pl.function(type=pl.FunctionType.InCore)
    def modes(
        self,
        x: pl.Scalar[pl.FP32],
        r_none: pl.Out[pl.Tensor[[1, 8], pl.INT32]],
        r_rint: pl.Out[pl.Tensor[[1, 8], pl.INT32]],
        r_round: pl.Out[pl.Tensor[[1, 8], pl.INT32]],
        r_floor: pl.Out[pl.Tensor[[1, 8], pl.INT32]],
        r_ceil: pl.Out[pl.Tensor[[1, 8], pl.INT32]],
        r_trunc: pl.Out[pl.Tensor[[1, 8], pl.INT32]],
        r_odd: pl.Out[pl.Tensor[[1, 8], pl.INT32]],
    ):
        t = pl.tile.full([1, 8], x, dtype=pl.FP32)
        a = pl.store(pl.tile.cast(t, target_type=pl.INT32, mode="none"), [0, 0], [1, 8], r_none)
        b = pl.store(pl.tile.cast(t, target_type=pl.INT32, mode="rint"), [0, 0], [1, 8], r_rint)
        c = pl.store(pl.tile.cast(t, target_type=pl.INT32, mode="round"), [0, 0], [1, 8], r_round)
        d = pl.store(pl.tile.cast(t, target_type=pl.INT32, mode="floor"), [0, 0], [1, 8], r_floor)
        e = pl.store(pl.tile.cast(t, target_type=pl.INT32, mode="ceil"), [0, 0], [1, 8], r_ceil)
        f = pl.store(pl.tile.cast(t, target_type=pl.INT32, mode="trunc"), [0, 0], [1, 8], r_trunc)
        g = pl.store(pl.tile.cast(t, target_type=pl.INT32, mode="odd"), [0, 0], [1, 8], r_odd)

    @pl.function
    def half(self) -> tuple[pl.Tensor[[1, 8], pl.FP16], pl.Tensor[[1, 8], pl.FP16]]:
        # 1 + 2^-11 lies halfway between the FP16 values 1 and 1 + 2^-10
        t = pl.tensor.create([1, 8], dtype=pl.FP32)
        v = pl.tile.full([1, 8], 1.00048828125, dtype=pl.FP32)
        s = pl.store(v, [0, 0], [1, 8], t)
        a = pl.tensor.cast(s, target_type=pl.FP16, mode="rint")
        b = pl.tensor.cast(s, target_type=pl.FP16, mode="round")
        return a, b
