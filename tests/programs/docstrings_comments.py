# pypto.program: Documented
"""A module docstring is allowed too."""
import pypto.language as pl  # trailing comment


# A comment between top-level items.
@pl.program
class Documented:
    """Class docstring."""

    # comment before a decorator
    @pl.function(type=pl.FunctionType.InCore)
    def kernel(
        self,
        x: pl.Tensor[[16, 16], pl.FP32],  # the input
        # a comment inside the parameter list
        out: pl.Tensor[[16, 16], pl.FP32],
    ) -> pl.Tensor[[16, 16], pl.FP32]:
        """Function docstring.

        Spanning several lines, with 'quotes' and "double quotes".
        """
        t = pl.load(x, [0, 0], [16, 16])   # load

        # blank lines and comments inside a body

        u = pl.abs(t)
        r = pl.store(u, [0, 0], [16, 16], out)
        return r
