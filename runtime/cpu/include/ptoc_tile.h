/* ptoc_tile.h - the C entry points of the CPU tile library (runtime/cpu/tile.c): what
 * pto/pto-inst.hpp's templates call, and what tests call directly. Valid C11 and C++17.
 *
 * Every op acts on the calling thread's current core (ptoc_core_begin). A tile is described by a
 * PtocTile: its storage is rows x cols elements, row-major, at byte `addr` of its memory space
 * of the core (whatever the device layout the C++ type names); ops act on the valid region
 * vrows x vcols at its top left. An op that cannot run (a bad address, mismatched shapes, a
 * form the library lacks) records the core's error and is skipped; after the first error every
 * later op of the kernel is skipped too. Documentation: docs/cpu-runtime.md, "The tile library". */
#ifndef PTOC_TILE_H
#define PTOC_TILE_H

#include "ptoc_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* On-chip memory spaces (the numbering of ptoc's MemSpace). */
enum { PTOC_SPACE_VEC = 1, PTOC_SPACE_MAT = 2, PTOC_SPACE_LEFT = 3, PTOC_SPACE_RIGHT = 4, PTOC_SPACE_ACC = 5 };

typedef struct PtocTile {
    const char *name;     /* for messages (the variable TASSIGN named), or NULL */
    int64_t addr;         /* byte address inside its space; -1 before TASSIGN */
    int32_t space;        /* PTOC_SPACE_* */
    uint32_t dtype;       /* PtocDType */
    int32_t rows, cols;   /* storage shape */
    int32_t vrows, vcols; /* valid shape */
} PtocTile;

/* A 2-D window of global memory: rows x cols elements at data, row_stride / col_stride elements
 * apart. */
typedef struct PtocGlobal {
    void *data;
    uint32_t dtype;
    int64_t rows, cols;
    int64_t row_stride, col_stride;
} PtocGlobal;

/* A scalar operand: bits is the value's own pattern zero-extended (FP32: the float's bits,
 * FP16/BF16: the 16 bits), integers and BOOL the value sign- or zero-extended. */
typedef struct PtocScalar {
    uint32_t dtype; /* PtocDType */
    uint64_t bits;
} PtocScalar;

/* Element-wise binary ops and compares (the compare modes EQ..GE in CmpMode order). */
typedef enum {
    PTOC_BIN_ADD, PTOC_BIN_SUB, PTOC_BIN_MUL, PTOC_BIN_DIV, PTOC_BIN_MAX, PTOC_BIN_MIN,
    PTOC_BIN_EQ, PTOC_BIN_NE, PTOC_BIN_LT, PTOC_BIN_LE, PTOC_BIN_GT, PTOC_BIN_GE
} PtocBinary;
typedef enum {
    PTOC_UN_NEG, PTOC_UN_EXP, PTOC_UN_RECIP, PTOC_UN_SQRT, PTOC_UN_RSQRT, PTOC_UN_LOG, PTOC_UN_ABS, PTOC_UN_RELU
} PtocUnary;
typedef enum { PTOC_RED_SUM, PTOC_RED_MAX, PTOC_RED_MIN } PtocReduce;
/* TCVT's rounding modes, in pto::RoundMode order (CAST_NONE .. CAST_ODD). */
typedef enum {
    PTOC_CAST_NONE, PTOC_CAST_RINT, PTOC_CAST_ROUND, PTOC_CAST_FLOOR, PTOC_CAST_CEIL, PTOC_CAST_TRUNC, PTOC_CAST_ODD
} PtocCastMode;

/* TASSIGN: checks that the tile's bytes lie inside its space of the current core. */
void ptoc_tile_assign(const PtocTile *t);

void ptoc_tile_load(const PtocTile *dst, const PtocGlobal *src);   /* TLOAD */
void ptoc_tile_store(const PtocGlobal *dst, const PtocTile *src);  /* TSTORE (converts the dtype) */
void ptoc_tile_move(const PtocTile *dst, const PtocTile *src);     /* TMOV (converts the dtype) */
void ptoc_tile_binary(PtocBinary op, const PtocTile *dst, const PtocTile *a, const PtocTile *b);
void ptoc_tile_binary_scalar(PtocBinary op, const PtocTile *dst, const PtocTile *a, PtocScalar s);
void ptoc_tile_unary(PtocUnary op, const PtocTile *dst, const PtocTile *src);
/* TROWSUM/MAX/MIN (axis 1: dst [R, 1]) and TCOLSUM/MAX/MIN (axis 0: dst [1, C]). */
void ptoc_tile_reduce(PtocReduce op, int axis, const PtocTile *dst, const PtocTile *src);
/* TROWEXPAND* (rows: vec [R, 1]) and TCOLEXPAND* (vec [1, C]): dst = src op vec broadcast. */
void ptoc_tile_expand(PtocBinary op, bool rows, const PtocTile *dst, const PtocTile *src, const PtocTile *vec);
void ptoc_tile_col_expand(const PtocTile *dst, const PtocTile *vec); /* TCOLEXPAND: vec's row repeated */
void ptoc_tile_fill(const PtocTile *dst, PtocScalar s);             /* TEXPANDS */
/* TMATMUL (acc_in NULL) and TMATMUL_ACC: dst = acc_in + l @ r. */
void ptoc_tile_matmul(const PtocTile *dst, const PtocTile *acc_in, const PtocTile *l, const PtocTile *r);
void ptoc_tile_cast(const PtocTile *dst, const PtocTile *src, PtocCastMode mode); /* TCVT */
void ptoc_tile_reshape(const PtocTile *dst, const PtocTile *src);   /* TRESHAPE */
void ptoc_tile_transpose(const PtocTile *dst, const PtocTile *src); /* TTRANS */

/* Synchronisation (pipes in ptoc's Pipe order: MTE1, MTE2, MTE3, V, M, FIX, S, ALL; events 0..7).
 * Ops run in program order, so only the pairing is checked. */
void ptoc_set_flag(int set_pipe, int wait_pipe, int event);
void ptoc_wait_flag(int set_pipe, int wait_pipe, int event);
void ptoc_pipe_barrier(int pipe);
int64_t ptoc_get_block_idx(void); /* the current core's block index (0 without one) */

/* Scalar element formats, for half and bfloat16_t (round to nearest even). */
float ptoc_fp16_to_float(uint16_t h);
uint16_t ptoc_fp16_from_float(float f);
float ptoc_bf16_to_float(uint16_t h);
uint16_t ptoc_bf16_from_float(float f);

#ifdef __cplusplus
}
#endif
#endif
