# passes: ConvertToSSA
# Constructs already in SSA form keep their shape: init_values, yields and pl.while_. A loop
# with init_values whose body also re-assigns an outer name carries that one as well, after
# its own values. The if in running_max is already merged by hand and stays as it is.
import pypto.language as pl


@pl.program
class AlreadySSA:
    @pl.function(type=pl.FunctionType.InCore)
    def running_max(self, x: pl.Tensor[[256, 64], pl.FP32], out: pl.Out[pl.Tensor[[64, 64], pl.FP32]]) -> pl.Tensor[[64, 64], pl.FP32]:
        first = pl.load(x, [0, 0], [64, 64])
        for i, (best,) in pl.range(1, 4, init_values=(first,)):
            t = pl.load(x, [i * 64, 0], [64, 64])
            if i == 3:
                m = pl.maximum(best, t)
                nxt = pl.yield_(pl.tile.relu(m))
            else:
                nxt = pl.yield_(pl.maximum(best, t))
            best_out = pl.yield_(nxt)
        r = pl.store(best_out, [0, 0], [64, 64], out)
        return r

    @pl.function
    def gcd(self, a: pl.Scalar[pl.INT64], b: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for (x, y) in pl.while_(init_values=(a, b)):
            pl.cond(y != 0)
            x2, y2 = pl.yield_(y, x % y)
        return x2

    @pl.function
    def mixed(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        count = 0
        for i, (acc,) in pl.range(0, n, 1, init_values=(0,)):
            count = count + 1
            acc_out = pl.yield_(acc + i)
        return acc_out + count
