# pypto.program: AlreadySSA
import pypto.language as pl

@pl.program
class AlreadySSA:
    @pl.function(type=pl.FunctionType.InCore)
    def running_max(self, x: pl.Tensor[[256, 64], pl.FP32], out: pl.Out[pl.Tensor[[64, 64], pl.FP32]]) -> pl.Tensor[[64, 64], pl.FP32]:
        first: pl.Tile[[64, 64], pl.FP32] = pl.tile.load(x, [0, 0], [64, 64])
        for i, (best,) in pl.range(1, 4, 1, init_values=(first,)):
            t: pl.Tile[[64, 64], pl.FP32] = pl.tile.load(x, [i * 64, 0], [64, 64])
            if i == 3:
                m: pl.Tile[[64, 64], pl.FP32] = pl.tile.maximum(best, t)
                nxt: pl.Tile[[64, 64], pl.FP32] = pl.yield_(pl.tile.relu(m))
            else:
                nxt: pl.Tile[[64, 64], pl.FP32] = pl.yield_(pl.tile.maximum(best, t))
            best_out: pl.Tile[[64, 64], pl.FP32] = pl.yield_(nxt)
        r: pl.Tensor[[64, 64], pl.FP32] = pl.tile.store(best_out, [0, 0], [64, 64], out)
        return r

    @pl.function
    def gcd(self, a: pl.Scalar[pl.INT64], b: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for (x, y) in pl.while_(init_values=(a, b)):
            pl.cond(y != 0)
            x2, y2 = pl.yield_(y, x % y)
        return x2

    @pl.function
    def mixed(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        count: pl.Scalar[pl.INT64] = 0
        for i, (acc, count_1) in pl.range(0, n, 1, init_values=(0, count)):
            count_2: pl.Scalar[pl.INT64] = count_1 + 1
            acc_out, count_3 = pl.yield_(acc + i, count_2)
        return acc_out + count_3
