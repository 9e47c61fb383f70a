/* interp.h - the reference interpreter: runs a Program on host memory, at every level (tensor
 * ops, tile ops, scalar code, calls of kernels), so that a program's results can be known
 * without an NPU. The semantics, and every choice the specs leave open, are in
 * docs/interpreter.md.
 *
 * Files, by concern:
 *   numeric.c  element formats: FP16/BF16 conversion, rounding modes, runs of elements,
 *              initialisation bitmaps
 *   scalar.c   scalar arithmetic with each dtype's semantics
 *   value.c    values: storage, arrays (tensors and tiles), tuples; the input generator;
 *              summaries and checksums
 *   kernels.c  the tight loops: element-wise ops with broadcasting, reductions, matmul, casts,
 *              strided copies
 *   ops.c      one op call: arguments, run-time checks, the kernel (a switch over OpId)
 *   exec.c     expressions, statements, function calls, interp_run
 *   npy.c      NumPy .npy files
 *   cli.c      the `ptoc run` command
 *   sync.c     the pipes: sync_src/sync_dst/bar_all as vector clocks, races between pipes
 *   validate.c pass-by-pass validation (check --run, compile --validate)
 *
 * Memory placement: a tile's bytes come from one function (tile_storage in ops.c), which places
 * a tile with a constant memref address inside the run's simulated buffer of its space
 * (SimSpace, Storage.borrowed) and checks that no live tile's bytes were taken by another.
 * Every op passes through interp_op (ops.c), which checks its buffer accesses against the
 * program's syncs (sync_op). */
#ifndef PTOC_INTERP_H
#define PTOC_INTERP_H

#include "ptoc.h"

enum { MAX_RANK = 8 };

/* ---- numeric.c: element formats, rounding, conversions ---- */

/* The cast modes, in the order of the `mode` attribute's enum in ops.def. */
typedef enum { RM_NONE, RM_RINT, RM_ROUND, RM_FLOOR, RM_CEIL, RM_TRUNC, RM_ODD } RoundMode;
extern const char *const round_mode_name[7];

/* Whether the interpreter holds elements of dt (not FP4, FP8, HF4, HF8, INT4, UINT4). */
bool dtype_runnable(DType dt);
size_t dtype_size(DType dt); /* bytes per element; BOOL takes one byte */

/* IEEE binary16 and bfloat16. to_float is exact; from_float rounds to nearest, ties to even. */
float fp16_to_float(uint16_t h);
float bf16_to_float(uint16_t h);
uint16_t fp16_from_float(float f);
uint16_t bf16_from_float(float f);

/* The bits of the float dtype `to` (FP16, BF16, FP32) nearest to x in mode m. x is exact: every
 * FP32/FP16/BF16 value is a double. _int: the integer (neg ? -mag : mag), exactly. */
uint32_t fp_bits_from_double(double x, DType to, RoundMode m);
uint32_t fp_bits_from_int(bool neg, uint64_t mag, DType to, RoundMode m);
double fp_bits_to_double(uint32_t bits, DType dt);
/* x rounded to an integer in mode m, saturated to dt's range; NaN gives 0 (BOOL: x != 0). */
int64_t int_from_double(double x, DType dt, RoundMode m);
/* v wrapped to dt's width and signedness (UINT64: the same bits; BOOL: v != 0). */

/* Runs: n elements of dtype dt starting at src, `stride` elements apart (0: one element
 * repeated), converted into a compute buffer. Floats read exactly; integers into float round. */
void run_to_f32(float *dst, const void *src, DType dt, int64_t n, int64_t stride);
void run_to_f64(double *dst, const void *src, DType dt, int64_t n, int64_t stride);
void run_to_i64(int64_t *dst, const void *src, DType dt, int64_t n, int64_t stride);
/* Back into elements: floats round to nearest even; float to integer truncates and saturates;
 * integer to integer wraps. */
void run_from_f32(void *dst, DType dt, const float *src, int64_t n);
void run_from_i64(void *dst, DType dt, const int64_t *src, int64_t n);
/* The raw bits of element i (zero-extended) and their inverse. */
uint64_t elem_get_raw(const void *base, size_t size, int64_t i);
void elem_put_raw(void *base, size_t size, int64_t i, uint64_t raw);

/* Initialisation bitmaps: bit i (LSB first) of map tells whether element i was written. */
static inline bool bit_get(const uint8_t *map, int64_t i) { return (map[i >> 3] >> (i & 7)) & 1; }
void bits_set(uint8_t *map, int64_t from, int64_t n, bool v);
void bits_copy(uint8_t *dst, int64_t dfrom, const uint8_t *src, int64_t sfrom, int64_t n);
int64_t bits_first_clear(const uint8_t *map, int64_t from, int64_t n); /* offset, or -1: all set */

/* ---- scalar.c: scalars ---- */

/* Integers hold their value wrapped to the dtype (UINT64: its bits); floats hold their exact
 * value (an FP16 scalar holds an FP16 value) in f; BOOL holds 0 or 1 in i. */
typedef struct Scalar {
    DType dt;
    union {
        int64_t i;
        double f;
    };
} Scalar;

Scalar scalar_int(DType dt, int64_t v);  /* wrapped; a float dt gets the nearest value */
Scalar scalar_float(DType dt, double v); /* rounded to nearest even; an integer dt truncates */
double scalar_to_double(Scalar s);
bool scalar_truth(Scalar s);
/* A conversion in mode m (float to integer: rounds, saturates; integer to integer: wraps). */
Scalar scalar_cast(Scalar s, DType to, RoundMode m);
/* The language's implicit conversion: float to integer truncates (like int()), the rest round
 * to nearest even. */
Scalar scalar_convert(Scalar s, DType to);
/* Binary and unary operators with the result dtype the expression was typed with. False with
 * *err set to a message on a run-time error (integer division by zero, negative shift...). */
bool scalar_binary(BinOp op, Scalar a, Scalar b, DType result, Scalar *out, const char **err);
bool scalar_unary(UnOp op, Scalar a, DType result, Scalar *out, const char **err);
void scalar_print(Buf *b, Scalar s); /* "5", "-0.5", "True" */

/* ---- value.c: storage, arrays, values ---- */

/* A simulated on-chip buffer: the bytes of one memory space (its default Target capacity), where
 * tiles whose memref has a constant address are placed. owner[i] is the call whose result last
 * took byte i, so that reading a tile whose bytes another result took while it was live is an
 * error. Reference counted: placed tiles keep it alive. */
typedef struct SimSpace {
    int refs;
    MemSpace space;
    int64_t cap;
    uint8_t *bytes;
    const Expr **owner;
} SimSpace;
SimSpace *simspace_new(MemSpace space, int64_t cap);
void simspace_release(SimSpace *sp);

/* Elements and their initialisation bitmap. Tensors live in DDR; tiles in an on-chip space. */
typedef struct Storage {
    int refs;
    DType dt;
    int64_t n;       /* elements */
    uint8_t *data;   /* n * dtype_size(dt) bytes, zero when fresh */
    uint8_t *init;   /* bitmap of n bits */
    MemSpace space;
    bool borrowed;   /* data lies inside sim at byte addr, not owned */
    SimSpace *sim;   /* borrowed: one reference */
    int64_t addr;
    const Expr *writer; /* borrowed: the call that placed it (owner of its bytes) */
} Storage;

/* A tensor or a tile: a strided window on a storage. Tiles are always row-major from offset 0
 * (tile ops copy); tensors may be views (tensor.view, tensor.transpose alias their base). */
typedef struct Array {
    int refs;
    Storage *st;
    DType dt;
    int rank;
    int64_t shape[MAX_RANK];
    int64_t stride[MAX_RANK]; /* in elements */
    int64_t offset;           /* in elements */
    int64_t n;                /* elements */
} Array;

/* Limits that keep a wrong program from exhausting memory. */
enum { ARRAY_MAX_ELEMS_LOG2 = 31 };

/* A fresh row-major array, bytes zero, nothing initialised; NULL when too large. */
Array *array_new(DType dt, int rank, const int64_t *shape, MemSpace space);
/* A fresh row-major tile placed at byte addr of sp (which must hold it), its bytes taken by
 * writer; NULL when too large. */
Array *array_placed(DType dt, int rank, const int64_t *shape, SimSpace *sp, int64_t addr, const Expr *writer);
/* A window on base's storage (takes a reference to the storage, not to base). */
Array *array_view(const Array *base, int rank, const int64_t *shape, const int64_t *stride, int64_t offset);
/* a's window read with axes d1 and d2 swapped (a transpose): a header on the same storage, no
 * reference taken, valid while a is. */
Array array_swapped(const Array *a, int d1, int d2);
Array *array_retain(Array *a);
void array_release(Array *a);
bool array_contiguous(const Array *a); /* row-major without gaps */
/* Element pointer at storage index `at` (offset plus strides). */
static inline void *array_at(const Array *a, int64_t at) { return a->st->data + (size_t)at * dtype_size(a->dt); }
/* Calls fn for every innermost row of a's window, in row-major order: the storage index of its
 * first element, its length, its stride, the flat index of its first element. A contiguous
 * window is one row. False when fn stopped it. */
typedef bool (*RowFn)(const Array *a, int64_t at, int64_t len, int64_t stride, int64_t flat, void *ud);
bool array_each_row(const Array *a, RowFn fn, void *ud);
/* The storage index of the element with flat row-major index i. */
int64_t array_index(const Array *a, int64_t i);
/* The flat index of the first element not initialised, or -1. */
int64_t array_first_uninit(const Array *a);
int64_t array_count_uninit(const Array *a);
void array_mark_init(Array *a); /* every element of the window */
/* a as a row-major window without gaps: a itself (retained) when it is one, else a copy. */
Array *array_contig(Array *a);
void shape_print(Buf *b, int rank, const int64_t *shape);  /* "[64, 64]" */
void index_print(Buf *b, const Array *a, int64_t flat);   /* "[3, 5]" */

typedef enum { V_NONE, V_SCALAR, V_TENSOR, V_TILE, V_TUPLE, V_PTR } ValueKind;

typedef struct Tuple Tuple;

typedef struct Value {
    ValueKind kind;
    union {
        Scalar s;
        Array *a;  /* V_TENSOR, V_TILE: one reference */
        Tuple *tup;
        struct {
            MemSpace space;
            int64_t size;
            int id;
        } ptr;
    };
} Value;

struct Tuple {
    int refs;
    int n;
    Value items[];
};

Value value_scalar(Scalar s);
Value value_array(ValueKind k, Array *a); /* takes the reference */
Value value_tuple(int n, Value *items);   /* takes the items' references */
Value value_retain(Value v);
void value_release(Value *v); /* and sets it to V_NONE */
const char *value_kind_name(ValueKind k);

/* The input generator: splitmix64, seeded per parameter name with seed ^ fnv1a64(name).
 * Tensors: floats uniform in [-1, 1) (24 random bits, then rounded toward zero to the dtype),
 * signed integers in [-8, 8), unsigned in [0, 8), BOOL 0 or 1, element i from the i-th draw.
 * Scalars: the first draw; floats as for tensors, integers in [1, 8], BOOL 0 or 1. */
uint64_t splitmix64(uint64_t *state);
uint64_t fnv1a64(const void *data, size_t n, uint64_t h); /* h: 0xcbf29ce484222325 to start */
void gen_fill(Array *a, const char *name, uint64_t seed);
Scalar gen_scalar(DType dt, const char *name, uint64_t seed);

/* "[64, 64] FP32 min=-0.99 max=0.99 mean=0.0012 fnv1a=0123456789abcdef" (uninitialised
 * elements are left out of min/max/mean and counted as uninit=N; the checksum covers the
 * bytes of the elements in row-major order). */
void array_summary(Buf *b, const Array *a);
uint64_t array_checksum(const Array *a);

/* ---- npy.c: NumPy .npy files (format 1.0, 2.0, 3.0) ---- */

/* dtypes: '<f4' FP32, '<f2' FP16, '|i1' INT8, '<i2' INT16, '<i4' INT32, '<i8' INT64, '|u1'
 * UINT8, '<u2' UINT16 (also BF16: raw bits), '<u4' UINT32, '<u8' UINT64, '|b1' BOOL. Errors
 * are a sentence in err (without the file name). */
bool npy_decode(const uint8_t *bytes, size_t n, Array **out, Buf *err);
void npy_encode(Buf *out, const Array *a); /* BF16 is written as '<u2' */
bool npy_read(const char *path, Array **out, Buf *err);
bool npy_write(const char *path, const Array *a, Buf *err);

/* ---- kernels.c: the loops ---- */

typedef enum { EW_ADD, EW_SUB, EW_MUL, EW_DIV, EW_MAX, EW_MIN, EW_EQ, EW_NE, EW_LT, EW_LE, EW_GT, EW_GE } EwBinary;
typedef enum { EW_NEG, EW_EXP, EW_RECIP, EW_SQRT, EW_RSQRT, EW_LOG, EW_ABS, EW_RELU } EwUnary;
typedef enum { RED_SUM, RED_MAX, RED_MIN } Reduce;

/* Broadcast shape of two shapes (NumPy rules); false when they do not broadcast. */
bool broadcast_shape(int ra, const int64_t *a, int rb, const int64_t *b, int *rank, int64_t *out);
/* out (row-major, the broadcast shape) = a op b, computed in the promoted dtype of the operands
 * (float for floats, int64 for integers). b_scalar: b is the scalar s instead of an array.
 * False on an integer division by zero, *bad = the flat index. */
bool k_binary(Array *out, EwBinary op, const Array *a, const Array *b, const Scalar *s, int64_t *bad);
void k_unary(Array *out, EwUnary op, const Array *a);
void k_fill(Array *out, Scalar s);
/* out = a broadcast to out's shape (converted to out's dtype). */
void k_broadcast(Array *out, const Array *a);
void k_cast(Array *out, const Array *a, RoundMode m);
/* Reduces row-major a over `axis` into out (a's shape without that axis, row-major). */
void k_reduce(Array *out, Reduce op, const Array *a, int axis);
/* out[M, N] = acc + l[M, K] @ r[K, N] (acc may be NULL; lt/rt: the operand is stored transposed;
 * out: a row-major window, written from its offset).
 * Floats multiply and accumulate in FP32 (FP16/BF16 inputs too), integers in int64. */
void k_matmul(Array *out, const Array *acc, const Array *l, bool lt, const Array *r, bool rt);
/* dst = src element by element (same element count, each window in row-major order), with the
 * initialisation bits; a dtype change converts (rounding to nearest even). */
void k_copy(Array *dst, const Array *src);

/* ---- exec.c, ops.c: running a program ---- */

/* What a run starts from: values for the entry's parameters by name, and for the program's
 * dynamic dimensions. Parameters without one are generated from seed (tensors and scalars;
 * pl.Out tensors start uninitialised instead). */
typedef struct InputItem {
    Str name;
    const char *origin; /* for messages: the file, or "--set" */
    Array *a;           /* a tensor (one reference), or NULL for a number: */
    bool is_int;
    int64_t i;
    double f;
} InputItem;

typedef struct Inputs {
    int n, cap;
    InputItem *items;
    uint64_t seed;
    uint64_t block_idx; /* what tile.get_block_idx returns */
} Inputs;

void inputs_add_array(Inputs *in, Str name, Array *a, const char *origin); /* takes the reference */
/* "5", "-3", "0x10", "2.5", "1e-3", "True"/"False": false when the text is not a number. */
bool inputs_add_number(Inputs *in, Str name, const char *text, const char *origin);
const InputItem *inputs_find(const Inputs *in, Str name);
void inputs_free(Inputs *in);
/* The inputs of "NAME=FILE.npy" (ins) and "NAME=VALUE" (sets) texts, as `ptoc run` takes them;
 * an exit status: 0, 1 for an unreadable or malformed file, 2 for a malformed text (messages on
 * standard error, prefixed "ptoc: CMD: "). */
int inputs_from_args(Ctx *c, const char *cmd, uint64_t seed, int nin, const char *const *ins, int nset,
                     const char *const *sets, Inputs *in);

typedef struct Named {
    Str name;
    Value v;
    bool generated; /* came from the generator */
} Named;

typedef struct InterpResult {
    bool ok;            /* false: an error was diagnosed */
    const Func *entry;
    int nparams;        /* every parameter of the entry: its final value */
    Named *params;
    int nrets;          /* the values the entry returned */
    Value *rets;
} InterpResult;

/* The entry when none is named: the Orchestration function if there is exactly one, else the
 * last function (functions are ordered callees first). */
const Func *interp_default_entry(const Program *p);
/* Runs function `entry` (NULL: the default) of p. Errors are diagnosed through c->diag with
 * "run time:" and the statement; never exits. */
InterpResult interp_run(Ctx *c, const Program *p, const char *entry, const Inputs *in);
void interp_result_free(InterpResult *r);
/* The entry's arguments exactly as interp_run binds them (given, generated, pl.Out tensors
 * uninitialised), the values of the program's dynamic dimensions and the shapes of the entry's
 * returned tensors: what running the same entry elsewhere needs (ptoc run --backend cce). False
 * after diagnosing. */
typedef struct InterpArgs {
    const Func *entry;
    Value *args;                  /* per parameter, one reference each */
    bool *generated;
    int64_t *dyn;                 /* per p->dyns[i], when has_dyn[i] */
    bool *has_dyn;
    int64_t (*ret_shape)[MAX_RANK]; /* per returned value, when ret_known[i] (a tensor) */
    bool *ret_known;
} InterpArgs;
bool interp_args(Ctx *c, const Program *p, const char *entry, const Inputs *in, InterpArgs *ea);
void interp_args_free(InterpArgs *ea);
/* The tolerance results_compare uses for r's outputs: the loosest of their float dtypes (FP32
 * 1e-5/1e-6, FP16 1e-3, BF16 1e-2; 0 for integers, which compare exactly). */
void result_tolerance(const InterpResult *r, double *rtol, double *atol);
/* Two runs' results agree (same values; floats within rtol relative to the larger magnitude,
 * or atol); false with the first difference described in why. */
bool results_compare(const InterpResult *a, const InterpResult *b, double rtol, double atol, Buf *why);

/* Control flow out of a statement. */
typedef enum { FLOW_NEXT, FLOW_BREAK, FLOW_CONTINUE, FLOW_RETURN, FLOW_ERROR } Flow;

typedef struct Frame Frame;
typedef struct VarSlot VarSlot;
typedef struct SyncState SyncState;

/* One run: what every part of the interpreter shares. No globals: runs are independent. */
typedef struct Interp {
    Ctx *c;
    const Program *p;
    const Inputs *in;
    Frame *fr;     /* the running function */
    Map slotmaps;  /* Func -> its SlotMap (exec.c): the slot number of each variable name */
    VarSlot *vslot; /* by Var id: the slot the variable was last resolved to, so that scalar
                       code finds a variable without looking its name up */
    int nvslot;
    Map dyn;       /* Str -> Scalar*: dynamic dimensions of the run (--set, the entry's inputs),
                      seen by a frame that has not bound them itself */
    int depth;     /* calls in progress */
    int next_ptr;  /* tile.alloc handles */
    SimSpace *sim[MEM__COUNT]; /* the simulated on-chip buffers, created on first placement */
    const Var *dest;           /* the variable the op being evaluated is assigned to, or NULL */
    SyncState *sync;           /* the pipes, when the program has sync ops (sync.c), or NULL */
} Interp;

/* "file:line:col: error: run time: MESSAGE" with the source line. */
void interp_error(Interp *I, Loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Evaluates an expression; false after diagnosing. *out holds one reference. */
bool interp_eval(Interp *I, const Expr *e, Value *out);
/* Evaluates a scalar integer expression (offsets, shapes, bounds). */
bool interp_eval_int(Interp *I, const Expr *e, int64_t *out);
/* One op call (ops.c). */
bool interp_op(Interp *I, const Expr *e, Value *out);
/* ---- sync.c: pipes and races ---- */
/* The pipe model of a run, NULL when p has no sync op (nothing is checked then). */
SyncState *sync_new(const Program *p);
void sync_free(SyncState *s);
/* The effects of system.sync_src (signal), sync_dst (wait) and bar_all (also at the start and
 * end of every call); s may be NULL. */
void sync_signal(SyncState *s, int64_t set, int64_t wait, int64_t id);
void sync_wait(SyncState *s, int64_t set, int64_t wait, int64_t id);
void sync_barrier(SyncState *s);
/* Op e (its result assigned to dest, or NULL) runs on its pipe, reading the buffers of its
 * variable arguments and writing dest's; false after reporting a race naming both statements. */
bool sync_op(Interp *I, const Expr *e, const Var *dest);
/* A short name for an argument in messages: "'x'" for a variable, else "argument N". */
void arg_name(Buf *b, const Expr *call, int i);

#endif
