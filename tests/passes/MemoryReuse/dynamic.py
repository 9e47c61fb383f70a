# passes: InitMemRef,MemoryReuse
# Tiles of dynamic size (n rows) cannot be planned: t and e keep a buffer each, with their
# size expressions; only s is planned.
import pypto.language as pl


@pl.program
class Dynamic:
    @pl.function(type=pl.FunctionType.InCore)
    def k(
        self, x: pl.Tensor[[64, 16], pl.FP32], n: pl.Scalar[pl.INT64], out: pl.Out[pl.Tensor[[64, 16], pl.FP32]]
    ) -> pl.Tensor[[64, 16], pl.FP32]:
        s = pl.load(x, [0, 0], [16, 16])
        o1 = pl.store(s, [0, 0], [16, 16], out)
        t = pl.load(x, [0, 0], [n, 16])
        e = pl.exp(t)
        o2 = pl.store(e, [0, 0], [n, 16], o1)
        return o2
