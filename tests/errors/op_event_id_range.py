# expect: event_id must be 0..7 (got 9)
import pypto.language as pl


@pl.program
class P:
    @pl.function
    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:
        pl.system.sync_src(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=9)
        return x
