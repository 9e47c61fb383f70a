# Control flow: loops with carried values (init_values / pl.yield_), if/else that merges
# values with pl.yield_, elif, a while loop with carried values and a plain while loop.
import pypto.language as pl


@pl.program
class ControlFlow:
    @pl.function(type=pl.FunctionType.InCore)
    def running_max(
        self,
        x: pl.Tensor[[256, 64], pl.FP32],
        out: pl.Out[pl.Tensor[[64, 64], pl.FP32]],
    ) -> pl.Tensor[[64, 64], pl.FP32]:
        """Element-wise maximum over four 64-row blocks of x, clamped below at 0."""
        first = pl.load(x, [0, 0], [64, 64])
        for i, (best,) in pl.range(1, 4, init_values=(first,)):
            t = pl.load(x, [i * 64, 0], [64, 64])
            if i == 3:
                m = pl.maximum(best, t)
                clamped = pl.tile.relu(m)
                nxt = pl.yield_(clamped)
            else:
                m2 = pl.maximum(best, t)
                nxt = pl.yield_(m2)
            best_out = pl.yield_(nxt)
        r = pl.store(best_out, [0, 0], [64, 64], out)
        return r

    @pl.function
    def collatz_steps(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for (x, steps) in pl.while_(init_values=(n, 0)):
            pl.cond(x > 1)
            if x % 2 == 0:
                y = pl.yield_(x // 2)
            else:
                y = pl.yield_(3 * x + 1)
            x_out, steps_out = pl.yield_(y, steps + 1)
        return steps_out

    @pl.function
    def classify(self, v: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        # Plain assignments in the branches: ConvertToSSA turns them into yields.
        if v < 0:
            c = -1
        elif v == 0:
            c = 0
        else:
            c = 1
        return c

    @pl.function
    def log2_floor(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        k = 0
        m = n
        while m > 1:
            m = m // 2
            k = k + 1
        return k

    @pl.function
    def sum_of_multiples(self, limit: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        for i, (total,) in pl.range(0, limit, 1, init_values=(0,)):
            if i % 3 == 0 or i % 5 == 0:
                t = pl.yield_(total + i)
            else:
                t = pl.yield_(total)
            total_out = pl.yield_(t)
        return total_out
