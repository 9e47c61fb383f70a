# expect: a file without any @pl.program or @pl.function
import pypto.language as pl

# nothing here but comments
