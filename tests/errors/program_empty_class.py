# expect: a program without functions
import pypto.language as pl


@pl.program
class P:
    pass
