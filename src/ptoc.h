/* ptoc.h - the one header of ptoc: the IR and the interface of every part,
 * grouped by the file that implements it. */
#ifndef PTOC_H
#define PTOC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PTOC_VERSION "0.1.0"

typedef struct Arena Arena;
typedef struct Interner Interner;
typedef struct Source Source;
typedef struct Diags Diags;
typedef struct Ctx Ctx;
typedef struct Type Type;
typedef struct Expr Expr;
typedef struct Var Var;
typedef struct Stmt Stmt;
typedef struct Func Func;
typedef struct Program Program;
typedef struct OpInfo OpInfo;

/* ---- util/arena.c: memory that is freed all at once ---- */
Arena *arena_new(void);
void arena_free(Arena *a);
void *arena_alloc(Arena *a, size_t size);               /* zeroed, 16-byte aligned */
char *arena_strndup(Arena *a, const char *s, size_t n);
void *arena_dup(Arena *a, const void *p, size_t size);  /* NULL when size == 0 */
/* Any number of elements of one type, copied into the arena. */
#define ARENA_NEW(a, T) ((T *)arena_alloc((a), sizeof(T)))
#define ARENA_ARRAY(a, T, n) ((T *)arena_alloc((a), sizeof(T) * (size_t)((n) > 0 ? (n) : 1)))

/* A growable array on the heap, used while building; vec_finish copies it into an arena. */
typedef struct { void **items; int len, cap; } PtrVec;
void vec_push(PtrVec *v, void *p);
void **vec_finish(Arena *a, PtrVec *v);  /* copies to the arena and frees the heap buffer */
void vec_free(PtrVec *v);

/* ---- util/map.c: pointer keys (interned names, IR nodes) to pointers ---- */
typedef struct { const void **keys; void **vals; size_t cap, len; } Map;
void *map_get(const Map *m, const void *key); /* NULL when absent */
void map_put(Map *m, const void *key, void *val);
void map_free(Map *m);

/* ---- util/buf.c: growable strings ---- */
typedef struct { char *data; size_t len, cap; } Buf;
void buf_putc(Buf *b, char c);
void buf_puts(Buf *b, const char *s);
void buf_putn(Buf *b, const char *s, size_t n);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
void buf_free(Buf *b);
/* Reads a whole file ("-" is standard input); returns false and sets errno on failure. */
bool read_file(const char *path, Buf *out);

/* ---- util/sha256.c: SHA-256 (FIPS 180-4) ---- */
void sha256(const void *data, size_t n, uint8_t out[32]);
void sha256_hex(const void *data, size_t n, char out[65]); /* lowercase hex, NUL-terminated */

/* ---- util/clock.c ---- */
double clock_ms(void); /* milliseconds of a monotonic clock (differences only) */

/* ---- util/intern.c: interned names, compared by pointer ---- */
typedef const char *Str;
Interner *interner_new(void);
void interner_free(Interner *in);
Str intern(Interner *in, const char *s, size_t n);
Str intern_cstr(Interner *in, const char *s);

/* ---- util/fs.c: files, directories, the artifact root ---- */
/* On failure these return false (NULL) and append "cannot ...: reason" to err. */
bool fs_exists(const char *path);                /* anything, a dangling link included */
bool fs_is_dir(const char *path);
bool fs_mkdirs(const char *path, Buf *err);      /* mkdir -p */
bool fs_write_file(const char *path, const void *data, size_t n, Buf *err); /* parents created */
char *fs_mkdtemp(const char *prefix, Buf *err);  /* prefix + 6 random characters; free() it */
bool fs_remove_tree(const char *path, Buf *err); /* rm -r; links removed, not followed */
bool fs_rename(const char *from, const char *to, Buf *err);

/* The directory ptoc compile writes, built in a temporary sibling (DIR.tmp-XXXXXX) that
 * replaces DIR only when complete. DIR is replaced only when it holds the marker file .ptoc,
 * which every artifact root has: user data is never deleted. */
typedef struct Artifacts {
    char *dir; /* the root's final path */
    char *tmp; /* where it is being written; NULL once committed */
} Artifacts;
bool artifacts_begin(Artifacts *a, const char *dir, Buf *err); /* refuses a DIR that is not a root */
bool artifacts_write(Artifacts *a, const char *rel, const void *data, size_t n, Buf *err);
bool artifacts_commit(Artifacts *a, Buf *err); /* renames the new root into place */
void artifacts_end(Artifacts *a);              /* removes what is not committed, frees */

/* ---- util/diag.c: one location type, one diagnostic function ---- */
struct Source {
    const char *name;  /* as given on the command line */
    const char *text;  /* NUL-terminated */
    size_t len;
};

/* A span on one line: 1-based line and byte column, length in bytes (at least 1 for a caret). */
typedef struct Loc {
    const Source *src;
    int line, col, len;
} Loc;

typedef enum { DIAG_ERROR, DIAG_NOTE, DIAG_HINT } DiagLevel;

struct Diags {
    FILE *out;
    bool color;
    int nerrors;
    int max_errors; /* 0: unlimited; further errors are counted, not printed */
    int held;       /* diags_hold depth */
    int nheld, capheld;
    struct Held *held_items;
};

void diags_init(Diags *d, FILE *out);  /* colour when out is a terminal and NO_COLOR is unset */
/* Keeps diagnostics until the matching diags_flush, which writes them in source order. */
void diags_hold(Diags *d);
void diags_flush(Diags *d);
/* Prints "file:line:col: level: message", the source line and a caret under the span. A hint
 * (loc.src may be NULL) prints as an indented "hint:" line under the previous error. */
void diag(Diags *d, DiagLevel level, Loc loc, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void vdiag(Diags *d, DiagLevel level, Loc loc, const char *fmt, va_list ap);
#define error_at(ctx, loc, ...) diag((ctx)->diag, DIAG_ERROR, (loc), __VA_ARGS__)
#define note_at(ctx, loc, ...) diag((ctx)->diag, DIAG_NOTE, (loc), __VA_ARGS__)
#define hint(ctx, ...) diag((ctx)->diag, DIAG_HINT, (Loc){0}, __VA_ARGS__)

/* Internal compiler errors: a bug in ptoc, never the user's input. Prints file and line, aborts. */
_Noreturn void ice(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#define ICE(...) ice(__FILE__, __LINE__, __VA_ARGS__)
#define ASSERT(c) ((c) ? (void)0 : ice(__FILE__, __LINE__, "assertion failed: %s", #c))

/* ---- ir/ctx.c: everything one compilation shares ---- */
struct Ctx {
    Arena *arena;      /* all IR; freed with the context */
    Interner *names;
    Diags *diag;
    int nvars;         /* Var ids are dense: 0 .. nvars-1 */
    Type *scalars[32]; /* ty_scalar's cache, one per DType */
};
void ctx_init(Ctx *c, Diags *d);
void ctx_free(Ctx *c);

/* ---- ir/types.c: data types, memory spaces, pipes, types ---- */

/* X(NAME, bits, kind, pto spelling, C++ spelling); NULL spelling: no such type there */
#define DTYPES(X)                                         \
    X(BOOL, 1, DK_BOOL, "i1", "bool")                     \
    X(INT4, 4, DK_SINT, "i4", NULL)                       \
    X(INT8, 8, DK_SINT, "i8", "int8_t")                   \
    X(INT16, 16, DK_SINT, "i16", "int16_t")               \
    X(INT32, 32, DK_SINT, "i32", "int32_t")               \
    X(INT64, 64, DK_SINT, "i64", "int64_t")               \
    X(UINT4, 4, DK_UINT, "ui4", NULL)                     \
    X(UINT8, 8, DK_UINT, "ui8", "uint8_t")                \
    X(UINT16, 16, DK_UINT, "ui16", "uint16_t")            \
    X(UINT32, 32, DK_UINT, "ui32", "uint32_t")            \
    X(UINT64, 64, DK_UINT, "ui64", "uint64_t")            \
    X(FP4, 4, DK_FLOAT, "f4E2M1FN", NULL)                 \
    X(FP8E4M3FN, 8, DK_FLOAT, "f8E4M3FN", NULL)           \
    X(FP8E5M2, 8, DK_FLOAT, "f8E5M2", NULL)               \
    X(FP16, 16, DK_FLOAT, "f16", "half")                  \
    X(FP32, 32, DK_FLOAT, "f32", "float")                 \
    X(BF16, 16, DK_FLOAT, "bf16", "bfloat16_t")           \
    X(HF4, 4, DK_FLOAT, NULL, NULL)                       \
    X(HF8, 8, DK_FLOAT, NULL, NULL)

typedef enum {
#define X(n, bits, kind, pto, cpp) DT_##n,
    DTYPES(X)
#undef X
    DT__COUNT
} DType;

typedef enum { DK_BOOL, DK_SINT, DK_UINT, DK_FLOAT } DTypeKind;

typedef struct {
    const char *name; /* "FP32" */
    int bits;
    DTypeKind kind;
    const char *pto, *cpp;
} DTypeInfo;
extern const DTypeInfo dtype_info[DT__COUNT];
bool dtype_is_float(DType t);
bool dtype_is_int(DType t);  /* signed or unsigned integer, not BOOL */
DType dtype_promote(DType a, DType b);  /* ops.md: float beats non-float, more bits, signed */
int64_t dtype_wrap(int64_t v, DType dt); /* v at an integer dtype's width and sign (BOOL: 0/1) */
bool dtype_lookup(const char *name, DType *out); /* "FP32", "BFLOAT16", "INDEX" */

/* X(Name, pto loc, legacy name) */
#define MEMSPACES(X)          \
    X(DDR, "gm", "DDR")       \
    X(Vec, "vec", "UB")       \
    X(Mat, "mat", "L1")       \
    X(Left, "left", "L0A")    \
    X(Right, "right", "L0B")  \
    X(Acc, "acc", "L0C")      \
    X(Bias, "bias", NULL)

typedef enum {
#define X(n, pto, old) MEM_##n,
    MEMSPACES(X)
#undef X
    MEM__COUNT
} MemSpace;
extern const char *const memspace_name[MEM__COUNT]; /* "Vec" */
extern const char *const memspace_pto[MEM__COUNT];  /* "vec" */
bool memspace_lookup(const char *name, MemSpace *out); /* new and old names */

/* X(Name, pto/C++ spelling) */
#define PIPES(X)              \
    X(MTE1, "PIPE_MTE1")      \
    X(MTE2, "PIPE_MTE2")      \
    X(MTE3, "PIPE_MTE3")      \
    X(V, "PIPE_V")            \
    X(M, "PIPE_M")            \
    X(FIX, "PIPE_FIX")        \
    X(S, "PIPE_S")            \
    X(ALL, "PIPE_ALL")

typedef enum {
#define X(n, sp) PIPE_##n,
    PIPES(X)
#undef X
    PIPE__COUNT,
    PIPE_NONE = PIPE__COUNT /* ops that run on no pipe (pure bookkeeping) */
} Pipe;
extern const char *const pipe_name[PIPE__COUNT];  /* "MTE2" */
extern const char *const pipe_spell[PIPE__COUNT]; /* "PIPE_MTE2" */
bool pipe_lookup(const char *name, Pipe *out);

typedef enum { LAYOUT_ND, LAYOUT_DN, LAYOUT_NZ } Layout;
extern const char *const layout_name[3];

typedef enum { TY_SCALAR, TY_TENSOR, TY_TILE, TY_TUPLE, TY_PTR } TypeKind;

/* Where a tensor or tile lives: base (a Ptr variable, or a string naming a DDR buffer),
 * byte offset and byte size (scalar expressions). */
typedef struct MemRef {
    Expr *base;
    Expr *offset;
    Expr *size;
} MemRef;

/* Types are immutable once built and may be shared: copy (ty_copy) before changing one. */
struct Type {
    TypeKind kind;
    DType dtype;      /* SCALAR, TENSOR, TILE */
    int rank;         /* TENSOR, TILE */
    Expr **shape;     /* rank scalar expressions */
    MemRef *memref;   /* TENSOR, TILE: optional */
    bool has_space;   /* TILE: memory space known */
    MemSpace space;
    Expr **valid;     /* TILE: valid shape (rank exprs) or NULL when all valid */
    Layout layout;    /* TENSOR */
    int nelems;       /* TUPLE */
    Type **elems;
};

Type *ty_scalar(Ctx *c, DType dt);
Type *ty_tensor(Ctx *c, int rank, Expr **shape, DType dt);
Type *ty_tile(Ctx *c, int rank, Expr **shape, DType dt);
Type *ty_tuple(Ctx *c, int n, Type **elems);
Type *ty_ptr(Ctx *c);
Type *ty_copy(Ctx *c, const Type *t); /* shallow: new Type, same shape exprs */
bool type_equal(const Type *a, const Type *b); /* structural, including memref/space/valid */
bool shape_equal(int rank, Expr **a, Expr **b);
/* Static number of elements, or -1 when a dimension is not a constant. */
int64_t type_numel(const Type *t);
void type_print(Buf *b, const Type *t);  /* the language's spelling: pl.Tile[[16, 16], pl.FP32] */

/* ---- ir/expr.c: expressions, built with constant folding ---- */
typedef enum {
    E_VAR,     /* var */
    E_INT,     /* i, type INT64 (or the dtype of a folded cast) */
    E_FLOAT,   /* f, type FP32 unless cast */
    E_BOOL,    /* b */
    E_STR,     /* s: string literal (names of DDR buffers, mode strings) */
    E_BINARY,  /* bin */
    E_UNARY,   /* un */
    E_CAST,    /* cast: pl.cast on a scalar */
    E_OP,      /* call: an op of the registry */
    E_CALL,    /* fcall: a program function */
    E_TUPLE,   /* list: (a, b) */
    E_LIST,    /* list: [a, b]: offsets and shapes */
    E_INDEX,   /* index: t[0] on a tuple value */
    E_SYM      /* sym: an enumerator such as pl.FP32, pl.Mem.Vec, pl.Pipe.V, pl.NZ */
} ExprKind;

typedef enum {
    BIN_ADD, BIN_SUB, BIN_MUL, BIN_DIV, BIN_FLOORDIV, BIN_MOD, BIN_POW,
    BIN_EQ, BIN_NE, BIN_LT, BIN_LE, BIN_GT, BIN_GE,
    BIN_AND, BIN_OR,
    BIN_BITAND, BIN_BITOR, BIN_BITXOR, BIN_SHL, BIN_SHR,
    BIN_MIN, BIN_MAX
} BinOp;
extern const char *const binop_spell[]; /* "+", ..., "min", "max" */

typedef enum { UN_NEG, UN_NOT, UN_BITNOT, UN_ABS } UnOp;
extern const char *const unop_spell[];

typedef enum { SYM_DTYPE, SYM_MEM, SYM_PIPE, SYM_LAYOUT } SymKind;

typedef struct Kwarg {
    Str name;
    Expr *value;
    Loc loc;
} Kwarg;

struct Expr {
    ExprKind kind;
    Loc loc;
    Type *type;  /* NULL for E_LIST, E_STR and E_SYM, which are only arguments */
    union {
        Var *var;
        int64_t i;
        double f;
        bool b;
        Str s;
        struct { BinOp op; Expr *l, *r; } bin;
        struct { UnOp op; Expr *e; } un;
        struct { Expr *e; DType to; } cast;
        struct { const OpInfo *op; int nargs; Expr **args; int nkw; Kwarg *kw; } call;
        struct { Str name; int nargs; Expr **args; } fcall; /* callee by name: program_find */
        struct { int n; Expr **items; } list;
        struct { Expr *e; int index; } index;
        struct { SymKind kind; int value; } sym;
    };
};

Expr *mk_var(Ctx *c, Loc loc, Var *v);
Expr *mk_int(Ctx *c, Loc loc, int64_t v);
Expr *mk_float(Ctx *c, Loc loc, double v);
Expr *mk_bool(Ctx *c, Loc loc, bool v);
Expr *mk_str(Ctx *c, Loc loc, Str s);
Expr *mk_sym(Ctx *c, Loc loc, SymKind k, int value);
Expr *mk_list(Ctx *c, Loc loc, ExprKind kind, int n, Expr **items); /* E_LIST or E_TUPLE */
Expr *mk_index(Ctx *c, Loc loc, Expr *e, int index);  /* NULL (diagnosed) when out of range */
/* Scalar arithmetic with typing and constant folding. NULL (diagnosed) on a type error. */
Expr *mk_binary(Ctx *c, Loc loc, BinOp op, Expr *l, Expr *r);
Expr *mk_unary(Ctx *c, Loc loc, UnOp op, Expr *e);
Expr *mk_cast(Ctx *c, Loc loc, Expr *e, DType to);
bool expr_is_const_int(const Expr *e, int64_t *out);
bool expr_equal(const Expr *a, const Expr *b); /* structural; variables by identity */
void expr_print(Buf *b, const Expr *e);        /* the language's spelling */

/* ---- ir/ir.c: variables, statements, functions, programs ---- */
struct Var {
    Str name;
    Type *type;
    Loc loc;
    int id;  /* unique in the context */
};
Var *var_new(Ctx *c, Loc loc, Str name, Type *type);

typedef enum {
    S_ASSIGN,   /* assign: vars = value (n > 1: tuple unpacking) */
    S_EVAL,     /* eval: an expression for its effect */
    S_SEQ,      /* seq: a block */
    S_FOR,      /* loop */
    S_IF,       /* ifs */
    S_YIELD,    /* vals: values for the enclosing for/while/if's return vars */
    S_RETURN,   /* vals */
    S_WHILE,    /* wloop: plain when n == 0 */
    S_BREAK,
    S_CONTINUE,
    S_SCOPE     /* scope: with pl.incore(): */
} StmtKind;

struct Stmt {
    StmtKind kind;
    Loc loc;
    union {
        struct { int n; Var **vars; Expr *value; } assign;
        struct { Expr *e; } eval;
        struct { int n; Stmt **items; } seq;
        struct {
            Var *iv;
            Expr *start, *stop, *step;
            bool parallel;
            int n;          /* loop-carried values */
            Var **iters;    /* bound in the body */
            Expr **inits;
            Var **rets;     /* bound after the loop; the yield's left-hand side */
            Stmt *body;     /* S_SEQ */
        } loop;
        struct { Expr *cond; Stmt *then, *els; int n; Var **rets; } ifs; /* els may be NULL */
        struct { int n; Expr **vals; } vals;
        struct {
            Expr *cond;     /* over iters when n > 0 (printed as pl.cond) */
            int n;
            Var **iters;
            Expr **inits;
            Var **rets;
            Stmt *body;
        } wloop;
        struct { Stmt *body; } scope;
    };
};

Stmt *stmt_new(Ctx *c, StmtKind k, Loc loc);
Stmt *mk_assign(Ctx *c, Loc loc, Var *v, Expr *value); /* v = value */
Stmt *mk_seq(Ctx *c, Loc loc, int n, Stmt **items);

typedef enum { FN_OPAQUE, FN_INCORE, FN_ORCH } FuncKind;
extern const char *const funckind_name[3]; /* "Opaque", "InCore", "Orchestration" */

typedef enum { DIR_IN, DIR_OUT, DIR_INOUT } ParamDir; /* pl.Out[...], pl.InOut[...] */

struct Func {
    Str name;
    FuncKind kind;
    Loc loc;
    int nparams;
    Var **params;
    ParamDir *dirs;
    int nrets;
    Type **rets;
    Stmt *body;       /* S_SEQ */
};

struct Program {
    Str name;
    Loc loc;
    bool strict_ssa;
    int ndyn;         /* module-level N = pl.dynamic("N") */
    Var **dyns;
    int nfuncs;       /* callees before callers */
    Func **funcs;
};

Func *program_find(const Program *p, Str name);

/* ---- ir/op.c + ir/ops.def: the op registry ---- */
typedef enum {
#define OP(id, ...) OP_##id,
#include "ir/ops.def"
#undef OP
    OP__COUNT
} OpId;

typedef enum { EFF_NONE, EFF_READ, EFF_WRITE, EFF_READWRITE, EFF_SYNC } MemEffect;

struct OpInfo {
    OpId id;
    const char *name;  /* canonical: "tile.add" */
    Pipe pipe;
    MemEffect effect;  /* on global memory / buffers beyond its result */
    const char *pto;   /* PTO op name ("pto.tadd") or NULL */
    const char *cpp;   /* tile library call ("TADD") or NULL */
    const char *args;  /* argument schema, see ops.def */
    const char *attrs; /* attribute schema, see ops.def */
};
extern const OpInfo op_table[OP__COUNT];

/* "tile.add", "block.add", "tensor.add", "system.sync_src" -> entry, or NULL. */
const OpInfo *op_lookup(const char *name);
/* Unified pl.NAME(...): picks the tensor or tile op from the first argument's type
 * (and adds/add_scalar for a scalar second argument). NULL (diagnosed at loc) when none fits. */
const OpInfo *op_unified(Ctx *c, Loc loc, Str name, int nargs, Expr **args);
/* Checks a call against the schema (positional arguments past the op's arguments fill its
 * attributes in order), infers the result type, builds the E_OP. NULL when diagnosed. */
Expr *op_call(Ctx *c, Loc loc, const OpInfo *op, int nargs, Expr **args, int nkw, Kwarg *kw);
/* The value of attribute `name` in a call, or NULL when not given. */
Expr *op_attr(const Expr *call, const char *name);
/* Attribute `name` of a call decoded to an integer, the schema's default applied when the call
 * does not give it: dtype -> DType, mem -> MemSpace, pipe -> Pipe, bool -> 0/1, int -> its value,
 * enum -> the index of its value in the schema's list. False when neither given nor defaulted. */
bool op_attr_value(const Expr *call, const char *name, int64_t *out);
/* The name at index idx of the enum(...) list of attribute `attr` in op's schema ("GT"), in buf;
 * NULL when there is none or it does not fit. */
const char *op_enum_name(const OpInfo *op, const char *attr, int64_t idx, char *buf, size_t n);

/* ---- ir/walk.c: traversal and rewriting ---- */
typedef void (*ExprFn)(Expr *e, void *ud);
typedef bool (*StmtFn)(Stmt *s, void *ud); /* false: do not descend into s's bodies */
/* Every expression under e, children before parents (types' shape expressions excluded). */
void walk_expr(Expr *e, ExprFn fn, void *ud);
/* Every expression a type mentions: dimensions, valid shape, memory reference (tuples too). */
void walk_type(const Type *t, ExprFn fn, void *ud);
/* Every expression held by s and the statements nested in it, in program order. */
void walk_stmt_exprs(Stmt *s, ExprFn fn, void *ud);
/* Every statement of s, s first, nested bodies in program order. */
void walk_stmts(Stmt *s, StmtFn fn, void *ud);
/* The variables s itself defines (assignment targets, loop variables, iter_args, return vars). */
void stmt_defs(const Stmt *s, PtrVec *out);
/* Copies with every use of a variable that is a key of m (Var -> Expr) replaced, in types too.
 * Unchanged subtrees are shared, nothing is changed in place; definitions are not renamed. */
Expr *subst_expr(Ctx *c, Expr *e, const Map *m);
Stmt *subst_stmt(Ctx *c, Stmt *s, const Map *m);
Type *subst_type(Ctx *c, Type *t, const Map *m);
/* A new Program with new Func structs sharing the bodies: what a pass returns after replacing
 * some function's body or signature. */
Program *program_shell(Ctx *c, const Program *p);
/* The names a function binds (with the program's dynamic dimensions), as a set of Str. */
void func_names(const Program *p, const Func *f, Map *used);
/* base if unused, else base_1, base_2, ...; the name is added to used. */
Str name_fresh(Ctx *c, Map *used, const char *base);
/* Building a block: pushed S_SEQs are flattened in; finish gives one S_SEQ. */
typedef struct { PtrVec v; } StmtList;
void stmts_push(StmtList *l, Stmt *s);
Stmt *stmts_finish(Ctx *c, StmtList *l, Loc loc);

/* ---- ir/equal.c: structural equality and hashing ---- */
/* names: compare variable names too; otherwise variables match by a consistent bijection. */
bool program_equal(const Program *a, const Program *b, bool names);
uint64_t program_hash(const Program *p, bool names);

/* ---- ir/print.c: the canonical text ---- */
void print_program(Buf *out, const Program *p);

/* ---- pass/target.c: the machine kernels are planned for ---- */
typedef struct Target {
    const char *name;
    int64_t capacity[MEM__COUNT]; /* bytes of each on-chip space; 0 for DDR (unbounded) */
    int align;                    /* buffer address alignment in bytes */
} Target;
void target_default(Target *t);   /* Vec 192 KiB, Mat 512 KiB, Left/Right 64 KiB, Acc 128 KiB, Bias 1 KiB */
/* Changes capacities from "Vec=196608,Acc=128K" (bytes; K = 1024, M = 1048576; also align=N).
 * False (t unchanged) with the reason appended to err. */
bool target_set(Target *t, const char *spec, Buf *err);

/* ---- pass/liveness.c: lifetimes and buffer classes of a kernel (the memory passes) ---- */
/* A kernel's statements are numbered in pre-order: a compound statement before its body (then
 * branch, else branch); blocks are not numbered. Lifetimes are ranges of these numbers. */
typedef struct KStmt {
    Stmt *s;
    int parent;     /* the enclosing for/while/if/with, -1 at the top */
    int next;       /* the next statement of the same block, -1 */
    int end;        /* the last statement inside s (s itself when simple) */
    int body, els;  /* first statement of the body (then branch), of the else branch; -1 */
} KStmt;

typedef enum { KDEF_PARAM, KDEF_ASSIGN, KDEF_ITER, KDEF_RET } KDefKind;
typedef struct KUse { int stmt; bool each_iter; } KUse; /* each_iter: a while loop's condition */

typedef struct KVar {   /* a Tensor or Tile variable */
    Var *var;
    KDefKind how;
    int def;            /* defining statement (the loop of an iter_arg, the construct of a return var) */
    int nuses, cap;
    KUse *uses;         /* the statements whose own expressions use it */
    int first, last;    /* lifetime, loops extending it (kernel_lifetimes) */
    int cls, cnext;     /* union-find parent; next member of its class (list from the root) */
} KVar;

typedef struct Kernel {
    Ctx *c;
    const Func *f;
    int nstmts, nvars;
    KStmt *stmts;
    KVar *vars;         /* parameters first, then in order of definition */
    Map index;          /* Var -> 1 + index in vars */
    int top;            /* the first statement of the body, -1 when empty */
} Kernel;

void kernel_analyze(Kernel *k, Ctx *c, const Func *f);
void kernel_free(Kernel *k);
int kernel_var(const Kernel *k, const Var *v); /* index in vars, -1 when not a Tensor/Tile variable */
int kernel_find(Kernel *k, int i);
void kernel_union(Kernel *k, int a, int b);    /* a's root becomes the root */
bool kernel_is_loop(const Stmt *s);
/* Whether v is defined inside loop L: an iter_arg of L is; a return var of L is not (it is
 * defined when L ends). */
bool kernel_defined_in(const Kernel *k, const KVar *v, int L);
/* Sets first/last of every variable: definition to last use; a use inside a loop that does not
 * define the variable extends it to the loop's end (the value must survive every iteration). */
void kernel_lifetimes(Kernel *k);
/* The relations that make variables share a buffer, in the order InitMemRef decides them: per
 * statement in program order, the aliases of an assignment (x = y, reshape, store into its output
 * tensor, assemble into its target); per loop after its body, each init value with its iter_arg,
 * then each yielded value, then each return var; per if after its branches, each yielded value
 * with the return var (then branch first). KREL_DONE closes a construct. */
typedef enum { KREL_ALIAS, KREL_INIT, KREL_YIELD, KREL_RET, KREL_DONE } KRelKind;
typedef struct KRel {
    KRelKind kind;
    int stmt;           /* the assignment; the loop or if (KREL_YIELD: the yield statement in yield) */
    int yield;          /* KREL_YIELD: the yield statement */
    int slot;           /* loop/if: the carried value */
    int from, to;       /* variables (-1: not a Tensor/Tile variable); to: iter_arg or return var */
    Expr *value;        /* the expression giving `from` */
} KRel;
typedef void (*KRelFn)(Kernel *k, const KRel *r, void *ud);
void kernel_relations(Kernel *k, KRelFn fn, void *ud);
void kernel_classes(Kernel *k);  /* unions every relation */
/* Byte size of a Tensor/Tile type: elements x bits / 8 rounded up, a tile's rows padded to 32
 * bytes; an expression when dynamic. */
Expr *type_bytes(Ctx *c, const Type *t);
int64_t align_up(int64_t n, int64_t align);

/* Rewriting variables: a copy of s where each variable of `vars` (Var -> Var) is replaced at its
 * definitions and uses; statements without any are shared. */
typedef struct Rebind { Map vars, exprs; } Rebind;
void rebind_add(Ctx *c, Rebind *rb, Var *from, Var *to);
Stmt *rebind_stmt(Ctx *c, Stmt *s, const Rebind *rb);
Var **rebind_params(Ctx *c, const Rebind *rb, int n, Var **params); /* a new array when one changes */
void rebind_free(Rebind *rb);

/* The buffer planner: items with closed lifetimes [start, end] and sizes; two items whose
 * lifetimes meet must get disjoint address ranges. */
typedef struct MemItem { int start, end; int64_t size, addr; } MemItem;
int64_t mem_lower_bound(const MemItem *items, int n); /* max over points of the live sizes */
/* Sets every addr; returns the peak (max addr + size). First-fit in several orders, then (for
 * up to 32 buffers live in one stretch) a branch-and-bound search over orders, at most `budget`
 * placements, until the peak is the lower bound. First-fit over every order reaches the optimum,
 * so a search that ends is exact. */
int64_t mem_plan(MemItem *items, int n, long budget);

/* ---- pass/pass.c + pass/passes.def: the pass manager ---- */
/* X(NAME, description): properties a program has; passes need and give them. */
#define PROPS(X)                                                            \
    X(SSA, "SSA (every variable assigned once)")                           \
    X(FLAT, "flat calls (no call nested in an expression)")                \
    X(OUTLINED, "incore scopes outlined")                                  \
    X(TILED, "kernels in tile ops")                                        \
    X(MEMREF, "memory references")                                         \
    X(REUSED, "buffers reused")                                            \
    X(SYNCED, "sync inserted")                                             \
    X(ADDRESSED, "addresses allocated")

enum {
#define X(n, d) PROPBIT_##n,
    PROPS(X)
#undef X
    PROP__COUNT
};
#define X(n, d) enum { PROP_##n = 1u << PROPBIT_##n };
PROPS(X)
#undef X
extern const char *const prop_desc[PROP__COUNT];

/* What a running pass shares: the compilation, the target, the reports it adds to. */
typedef struct PassCtx {
    Ctx *c;
    const Target *target;
    const char *pass;  /* the running pass */
    Buf memory_json;   /* report/memory.json: ",\n"-separated kernel objects (memory passes) */
    Buf sync_json;     /* report/sync.json: ",\n"-separated kernel objects (InsertSync) */
} PassCtx;

/* A pass maps a program to a new one (sharing unchanged nodes, never changing its input);
 * NULL after diagnosing an error. */
typedef Program *(*PassFn)(PassCtx *pc, const Program *p);

typedef struct PassInfo {
    const char *name;
    PassFn run;
    unsigned needs, gives, kills; /* PROP_* sets */
    const char *help;
} PassInfo;

#define PASS(name, fn, needs, gives, kills, help) Program *fn(PassCtx *pc, const Program *p);
#include "pass/passes.def"
#undef PASS

extern const PassInfo pass_table[];
extern const int pass_count;
const PassInfo *pass_lookup(const char *name);

/* X(Name, comma-separated passes) */
#define STRATEGIES(X)                                                                             \
    X(Default, "ConvertToSSA,FlattenCallExpr,RunVerifier,OutlineIncoreScopes,ConvertTensorToTileOps," \
               "InitMemRef,MemoryReuse,InsertSync,AllocateMemoryAddr")                            \
    X(PTOAS, "ConvertToSSA,FlattenCallExpr,RunVerifier,OutlineIncoreScopes,ConvertTensorToTileOps,InitMemRef")
const char *strategy_passes(const char *name); /* the list, or NULL */

/* A pipeline: parsed from a comma-separated list; errors name the unknown pass. */
typedef struct {
    int n;
    const PassInfo *passes[64];
} Pipeline;
bool pipeline_parse(Pipeline *pl, const char *list, Buf *err);

/* Runs each pass, checking its needs (an error names the missing property and the passes that
 * give it). after(): called after every pass (dumps, verification, validation); false stops. */
typedef bool (*PassHook)(PassCtx *pc, const PassInfo *pass, int index, const Program *p, void *ud);
Program *pipeline_run(PassCtx *pc, const Program *p, unsigned have, const Pipeline *pl, PassHook after, void *ud);
/* ---- pass/verify.c: the rules of the properties ---- */
/* The properties a parsed program has, found by checking their rules silently (a dump from the
 * middle of the pipeline has the properties of its stage). */
unsigned program_props(const Program *p);
/* Checks the rules of `props` and the always-on type rules; reports every violation at the
 * offending node, naming the stage (pc->pass, or the input when NULL) and the rule. */
bool verify_program(PassCtx *pc, const Program *p, unsigned props);

/* ---- pass/compile.c: pipelines as the commands run them ---- */
typedef struct PassStat {
    const char *pass;
    double wall_ms;           /* 0 when not timed */
    int stmts, exprs, vars;   /* IR size after the pass */
} PassStat;

/* After every pass: verification against the properties the program has by then (tracked from
 * program_props of the input through needs/gives/kills), a dump, the statistics. */
typedef struct Driver {
    PassCtx *pc;
    bool verify;              /* verify_program after every pass (default true) */
    bool dump;                /* write passes_dump/ into out (default true) */
    bool timing;              /* measure wall time (default true; false: reproducible reports) */
    Artifacts *out;           /* the artifact root, or NULL: no files */
    PassHook check;           /* called last after every pass (validation), or NULL */
    void *check_ud;
    unsigned have;            /* the properties of the current program */
    int nstats;
    PassStat stats[64];
    double mark;
} Driver;
void driver_init(Driver *d, PassCtx *pc, const Program *input);
/* Dumps the input as passes_dump/00_frontend.py, then runs the pipeline (NULL: diagnosed). */
Program *driver_run(Driver *d, const Program *p, const Pipeline *pl);
/* report/passes.json (strategy NULL: a pass list), report/memory.json, report/sync.json. */
bool driver_write_reports(Driver *d, const char *strategy, Buf *err);

/* ---- parse/lex.c, parse/parse.c: the program language ---- */
/* Parses and type-checks a whole file. Errors are reported through c->diag; returns NULL
 * when there were any. */
Program *parse_program(Ctx *c, const Source *src);

/* ---- interp/cli.c: the reference interpreter (interp/interp.h) ---- */
/* `ptoc run FILE ...` (argv: the arguments after "run"); returns the exit status. */
int interp_cli(int argc, char **argv);

/* ---- interp/validate.c: pass-by-pass validation (check --run, compile --validate) ---- */
/* The run the program is validated on: `ptoc run`'s input options (NULL/0: not given). */
typedef struct RunArgs {
    const char *entry, *seed;
    int ninputs, nsets;
    const char *inputs[64]; /* "NAME=FILE.npy" */
    const char *sets[64];   /* "NAME=VALUE" */
} RunArgs;
typedef struct Validation Validation;
/* Runs the input program on the inputs of ra (the reference; ra must outlive the Validation);
 * NULL with *status an exit status (1: a diagnosed error, 2: bad usage) when it cannot. log (or
 * NULL) gets a line per stage: "validate: 01 ConvertToSSA: bit-exact". */
Validation *validation_begin(Ctx *c, const Program *input, const RunArgs *ra, FILE *log, int *status);
/* A PassHook (ud: the Validation): runs p on the same inputs and compares every output with the
 * reference (bit-exact, or within a per-dtype tolerance after a pass that reorders float math);
 * false after diagnosing the first difference, naming the pass and the dumps to diff. */
bool validation_after_pass(PassCtx *pc, const PassInfo *pass, int index, const Program *p, void *ud);
void validation_end(Validation *v);

/* ---- backend/pto/: output.pto, the PTO-ISA MLIR dialect that ptoas reads ---- */
typedef struct PtoOptions {
    bool loc;  /* loc("file.py":line:col) on every op (default true; --no-loc) */
} PtoOptions;
void pto_options_default(PtoOptions *o);
/* Appends one `module { ... }` holding a func.func per InCore kernel of p, in program order.
 * False after diagnosing every unsupported construct at its position (out is then unusable). */
bool pto_emit(Ctx *c, const Program *p, const PtoOptions *o, Buf *out);

/* ---- backend/cce/: a kernel tree for the Ascend runtime (docs/cce-backend.md) ---- */
typedef struct CceFile {
    char *path;  /* relative to the artifact root: "kernels/aiv/k.cpp" */
    Buf text;
} CceFile;
typedef struct CceTree {
    int n;
    CceFile *files;
} CceTree;
/* The tree's files: kernels/aiv|aic/<kernel>.cpp per InCore kernel, in program order. False after
 * diagnosing every construct without a C++ form at its position. */
bool cce_emit(Ctx *c, const Program *p, CceTree *out);
void cce_tree_free(CceTree *t);
/* manifest.json of the tree under root, written last: kernel_config.py's facts, the command line
 * (argv with the output directory already replaced by a placeholder), strategy and passes, memory
 * use per kernel, capabilities, a SHA-256 of every file but itself. False with err set on I/O errors. */
typedef struct CceManifestInfo {
    int argc;
    const char *const *argv;
    const char *strategy;  /* NULL: --passes */
    int npasses;
    const char *const *passes;
} CceManifestInfo;
bool cce_manifest(Ctx *c, const Program *p, const CceManifestInfo *mi, const char *root, Buf *out, Buf *err);
/* `ptoc verify-tree DIR`: checks DIR against its manifest.json, a line on out per difference
 * (missing, changed or unlisted file, func_id gap, kernel without source); the number of them. */
int cce_verify_tree(const char *root, FILE *out);

#endif
