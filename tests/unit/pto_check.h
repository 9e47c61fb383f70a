/* pto_check.h - the structural checker of .pto files (tests/unit/test_pto_check.c).
 *
 * Not an MLIR parser: it knows the shape of the files the pto backend writes and of the PTO
 * examples ptoas accepted (one op per line, regions opened at the end of a line and closed at
 * the start of one) and checks what ptoas would reject first:
 *   - braces, brackets and parentheses balanced; regions closed;
 *   - every SSA value defined once (in scope: a function is isolated, a region sees its
 *     parents) and before its uses, and used with the same type everywhere the text gives one;
 *   - every !pto.tile_buf spelled with all ten fields in the fixed order
 *     (loc, dtype, rows, cols, v_row, v_col, blayout, slayout, fractal, pad[, compact]) with valid
 *     values, or in the compact form (<vec, 32x32xf32[, key=value]...>);
 *   - tensor views, partition views and pointers well formed. */
#ifndef PTOC_PTO_CHECK_H
#define PTOC_PTO_CHECK_H

#include <stdbool.h>

#include "ptoc.h"

/* True when text passes; otherwise false with "line N: what" in err. */
bool pto_check(const char *text, Buf *err);

#endif
