/* pto.h - private to the pto backend (src/backend/pto/): the state of one emission.
 *
 * The backend writes one MLIR module in the PTO-ISA dialect (docs/pto-backend.md). Every file
 * here handles one concern:
 *   pto_emit.c     the module, one func.func per InCore kernel, names, constants, locations
 *   pto_types.c    scalar types, tile_buf types and their layouts, the memory-space rule
 *   pto_scalar.c   scalar expressions as arith ops, conversions between scalar types
 *   pto_view.c     tensor parameters: make_tensor_view, partition_view + tload/tstore
 *   pto_alloc.c    buffers: one pto.alloc_tile per buffer and tile type, level3 addresses
 *   pto_tile.c     tile ops, driven by the registry's pto names and a table of operand forms
 *   pto_control.c  statements: scf.for, scf.if, yields, the SSA bookkeeping of variables
 *   pto_sync.c     set_flag / wait_flag / barrier */
#ifndef PTOC_BACKEND_PTO_H
#define PTOC_BACKEND_PTO_H

#include "ptoc.h"

/* An MLIR scalar type: a DType (spelled as its PTO name: i32, f32, i1 ...) or index. */
typedef int MTy;
enum { MT_INDEX = DT__COUNT };

typedef enum { SL_NONE_BOX, SL_ROW_MAJOR, SL_COL_MAJOR } SLayout;

/* The ten fields of a !pto.tile_buf, in their fixed order (pad is always 0). */
typedef struct TileBuf {
    MemSpace loc;
    DType dtype;
    int64_t rows, cols;
    int64_t vrow, vcol;  /* -1: dynamic ('?'): alloc_tile then takes valid_row/valid_col */
    bool col_major;      /* blayout */
    SLayout slayout;
    int fractal;
} TileBuf;

/* VAL_POISON: the value of a statement that failed; uses of it are not diagnosed again. */
typedef enum { VAL_SCALAR, VAL_TENSOR, VAL_TILE, VAL_PTR, VAL_POISON } ValKind;

/* What a variable (or an intermediate value) is in the output. */
typedef struct Val {
    ValKind kind;
    const char *name;  /* "%x"; NULL for VAL_PTR (a pl.tile.alloc buffer writes nothing) */
    MTy ty;            /* SCALAR */
    TileBuf tb;        /* TILE */
    int rank;          /* TENSOR: the view's rank and element type */
    DType dtype;
} Val;

/* The whole module. */
typedef struct Pto {
    Ctx *c;
    const Program *p;
    const PtoOptions *o;
    bool level3;       /* tiles carry addresses (AllocateMemoryAddr ran): alloc_tile addr = ... */
    bool synced;       /* some kernel holds sync ops (InsertSync ran) */
} Pto;

/* One kernel being written. */
typedef struct Fn {
    Pto *m;
    Ctx *c;
    const Func *f;
    Kernel k;          /* the kernel's variables, classes of variables sharing a buffer */
    int *cls_space;    /* per kernel variable: the space of its class, -1 unknown */
    Map vals;          /* Var -> Val */
    Map names;         /* interned SSA name (without %) -> non-NULL: names taken */
    Map defined;       /* Var -> non-NULL: defined once already (SSA check) */
    PtrVec consts;     /* Const*: constants, written at the top of the function */
    PtrVec bufs;       /* Buffer*: one alloc_tile each */
    PtrVec dyns;       /* Var*: the program's dynamic dimensions the kernel uses */
    int ntemps;        /* %0, %1, ...: intermediate scalar values */
    Buf pre, body;     /* the prologue (views, allocations) and the body */
    Buf *cur;          /* where ops go now */
    int depth;         /* indentation (in steps of two spaces) of cur */
    Loc loc;           /* the source position of the ops being written */
    bool failed;
    bool no_address;   /* level3: a tile without an address was diagnosed */
    Map regions;       /* Var -> id of the loop body or branch binding it (absent: the function) */
    int *open;         /* the ids of the regions being written, innermost last */
    int nopen, capopen, nregions;
} Fn;

/* ---- pto_emit.c ---- */
const char *pto_fn_name(Fn *f, const char *base);  /* "%base", "%base_1", ... unique in the function */
const char *pto_fn_temp(Fn *f);                    /* "%0", "%1", ... */
void pto_op_begin(Fn *f);                          /* indentation of a new op line */
void pto_op_end(Fn *f);                            /* its location and the newline */
void pto_loc_print(Fn *f, Buf *b, Loc loc);        /* " loc(...)" or nothing */
/* Reports an unsupported construct at loc; the kernel is then not written. */
void pto_fn_error(Fn *f, Loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
Val *pto_val_new(Fn *f, ValKind kind, const char *name);
Val *pto_val_of(Fn *f, const Var *v);              /* NULL when v has no value (yet) */
void pto_val_bind(Fn *f, const Var *v, Val *val);  /* in the region being written */
/* The value of a variable at a use (E_VAR): diagnosed (and poisoned) when bound in a loop body
 * or branch that has ended, which only a program not in SSA form does. */
Val *pto_val_use(Fn *f, const Expr *e);
void pto_region_push(Fn *f);
void pto_region_pop(Fn *f);
/* Whether v is the poisoned value of a failed statement (already diagnosed). */
bool pto_val_poisoned(const Val *v);

/* ---- pto_types.c ---- */
const char *pto_mty_spell(MTy t);
bool pto_mty_is_float(MTy t);
bool pto_mty_is_int(MTy t);                        /* index and iN, not i1 */
/* The type of a language scalar: integers are index values (offsets, bounds, counters), bools
 * i1, floats themselves. False when PTO has no such scalar. */
bool pto_mty_of_scalar(DType dt, MTy *out);
/* The space the op of call gives the tile it computes (ops.md: load/move/create_tile their
 * target_memory, matmul and matmul_acc Acc, any other op Vec); -1 for reshape (its input's). */
int pto_op_space(const Expr *call);
/* The tile_buf of a tile of type t in space `space`; row_reduced: a rank-1 tile that is the
 * result of a reduction over the last axis (a column [M, 1], not a row [1, M]). False when
 * diagnosed (dynamic or unsupported shape, dtype without a PTO spelling). */
bool pto_tilebuf_of(Fn *f, Loc loc, const Type *t, MemSpace space, bool row_reduced, TileBuf *tb);
bool pto_tilebuf_equal(const TileBuf *a, const TileBuf *b);
void pto_tilebuf_print(Buf *b, const TileBuf *t);
bool pto_tilebuf_is_col_vector(const TileBuf *t);  /* a Vec [M, 1] column, stored col_major */
TileBuf pto_tilebuf_as_row(const TileBuf *t);      /* the same bytes as a row-major [1, M] */
void pto_tensor_view_type(Buf *b, int rank, DType dt);        /* !pto.tensor_view<?x?xf32> */
void pto_partition_type(Buf *b, int n, Expr **sizes, DType dt); /* !pto.partition_tensor_view<...> */
bool pto_dtype_check(Fn *f, Loc loc, DType dt);    /* has a PTO spelling; diagnosed when not */

/* ---- pto_scalar.c ---- */
const char *pto_const_index(Fn *f, int64_t v);
const char *pto_const_int(Fn *f, MTy ty, int64_t v);   /* index, iN or i1 */
const char *pto_const_float(Fn *f, MTy ty, double v);
/* Writes the constants at the top of the function (sorted, so the output is deterministic). */
void pto_consts_print(Fn *f, Buf *b);
/* The value of a scalar expression, converted to type `want` (-1: its own type); name: the
 * name for the op computing it (NULL: a temporary). NULL when diagnosed. */
Val *pto_scalar_emit(Fn *f, const Expr *e, MTy want, const char *name);
Val *pto_scalar_convert(Fn *f, Val *v, MTy want, const char *name);
/* pl.tile.get_block_idx(): the index of this core. */
Val *pto_block_idx_emit(Fn *f, const char *name);

/* ---- pto_view.c ---- */
/* A make_tensor_view for each tensor parameter (into the prologue); ptrs[i]: the SSA name of
 * parameter i when it is a tensor. */
bool pto_views_emit(Fn *f, const char **ptrs);
/* tile.load into tile value dst; tile.store / tile.l0c_store of call into its output tensor. */
bool pto_load_emit(Fn *f, const Expr *call, Val *dst, const char *hint);
bool pto_store_emit(Fn *f, const Expr *call, const char *hint);
/* The tensor value an expression names (a variable bound to a parameter's view). */
Val *pto_tensor_of(Fn *f, const Expr *e);

/* ---- pto_alloc.c ---- */
/* Decides the buffers of the kernel and binds each tile variable an op computes to its buffer's
 * value; writes the alloc_tile ops into the prologue. */
bool pto_allocs_emit(Fn *f);
/* True when the tiles of f carry addresses (MemRef bases bound by pl.tile.alloc). */
bool pto_kernel_addressed(const Func *f);
/* A scratch tile of type tb for an op that needs one (the ptoas forms of trowsum and ttrans);
 * an error under level3, where every buffer needs an address the passes gave. */
Val *pto_scratch_emit(Fn *f, const TileBuf *tb, const char *hint);

/* ---- pto_tile.c ---- */
/* A tile op whose result is the tile variable dst (NULL: none). */
bool pto_tile_op_emit(Fn *f, const Var *dst, const Expr *call);
/* Whether the op's result is a view of its input (reshape): no buffer of its own. */
bool pto_op_is_view(const Expr *call);
/* The value of a tile operand (a variable). NULL when diagnosed. */
Val *pto_tile_of(Fn *f, const Expr *e);

/* ---- pto_control.c ---- */
bool pto_body_emit(Fn *f);

/* ---- pto_sync.c ---- */
bool pto_is_sync_op(OpId id);
bool pto_sync_emit(Fn *f, const Expr *call);

#endif
