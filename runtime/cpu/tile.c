/* tile.c - the CPU runtime's simulated AI cores and its tile library: what the C++ templates of
 * pto/pto-inst.hpp call (ptoc_tile.h), so that a cce tree's kernels run on this machine.
 *
 * A core owns the bytes of its on-chip memory spaces; a tile is a row-major rows x cols block
 * of elements at its TASSIGN address inside one of them, so a memory plan whose live tiles
 * overlap gives wrong results here as on the device. The element work is the interpreter's
 * (src/interp/kernels.c): each op builds Arrays over the core's bytes and global memory and
 * calls the kernel the interpreter uses for the same tile op (ops.c), so that both give the
 * same numbers. Kernels write their results into a fresh array that is then copied into the
 * destination's valid region (which may be a strided window, and may overlap an operand).
 *
 * Errors are the kernel's: recorded in its core (the first one wins), the op skipped, and every
 * later op of the kernel too; ptoc_core_end reports them. docs/cpu-runtime.md, "The tile
 * library". */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"
#include "ptoc_tile.h"

_Static_assert((int)PTOC_SPACE_VEC == (int)MEM_Vec && (int)PTOC_SPACE_MAT == (int)MEM_Mat &&
                   (int)PTOC_SPACE_LEFT == (int)MEM_Left && (int)PTOC_SPACE_RIGHT == (int)MEM_Right &&
                   (int)PTOC_SPACE_ACC == (int)MEM_Acc,
               "PTOC_SPACE_* are ptoc's MemSpace numbers");
_Static_assert(PTOC_BIN_GE - PTOC_BIN_ADD == EW_GE - EW_ADD && PTOC_UN_RELU - PTOC_UN_NEG == EW_RELU - EW_NEG &&
                   PTOC_CAST_ODD - PTOC_CAST_NONE == RM_ODD - RM_NONE,
               "the op enums follow the interpreter's");

enum { NEVENTS = 8, TILE_ALIGN = 32, ERR_MAX = 512 };

struct PtocCore {
    int type;                     /* PTOC_CORE_* */
    int64_t cap[MEM__COUNT];      /* bytes; 0: the core has no such space */
    uint8_t *mem[MEM__COUNT];
    /* The interpreter's kernels keep initialisation bits; the library does not track them, so
     * every array shares this scratch bitmap (grown for large global windows). */
    uint8_t *bits;
    int64_t nbits;
    bool flag[PIPE__COUNT][PIPE__COUNT][NEVENTS]; /* set and not yet waited */
    int nallow;                   /* global byte ranges the kernel may touch (ptoc_core_allow) */
    struct {
        uintptr_t lo, hi;
    } allow[PTOC_MAX_TENSORS];
    const char *kernel;
    bool failed;
    char err[ERR_MAX];
    int64_t block_idx;
};

/* The core the calling thread runs a kernel on, between ptoc_core_begin and ptoc_core_end: the
 * C++ ops have no core argument (a worker thread runs one kernel at a time). */
static _Thread_local PtocCore *tl_core;

/* ---- cores ---- */

static const char *core_name(int type) { return type == PTOC_CORE_AIC ? "AIC" : "AIV"; }

static bool grow_bits(PtocCore *c, int64_t n) {
    if (n <= c->nbits)
        return true;
    uint8_t *b = realloc(c->bits, (size_t)(n + 7) / 8 + 1);
    if (!b)
        return false;
    c->bits = b;
    c->nbits = n;
    return true;
}

PtocCore *ptoc_core_new(int core_type) {
    if (core_type != PTOC_CORE_AIV && core_type != PTOC_CORE_AIC)
        return NULL;
    PtocCore *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->type = core_type;
    Target t;
    target_default(&t);
    static const MemSpace aiv[] = {MEM_Vec}, aic[] = {MEM_Mat, MEM_Left, MEM_Right, MEM_Acc};
    const MemSpace *sp = core_type == PTOC_CORE_AIV ? aiv : aic;
    int n = core_type == PTOC_CORE_AIV ? 1 : 4;
    int64_t most = 0;
    for (int i = 0; i < n; i++) {
        c->cap[sp[i]] = t.capacity[sp[i]];
        c->mem[sp[i]] = calloc((size_t)t.capacity[sp[i]], 1);
        if (!c->mem[sp[i]]) {
            ptoc_core_free(c);
            return NULL;
        }
        most = t.capacity[sp[i]] > most ? t.capacity[sp[i]] : most;
    }
    if (!grow_bits(c, most)) { /* one bit per byte covers any tile of the core */
        ptoc_core_free(c);
        return NULL;
    }
    return c;
}

void ptoc_core_free(PtocCore *core) {
    if (!core)
        return;
    for (int i = 0; i < MEM__COUNT; i++)
        free(core->mem[i]);
    free(core->bits);
    free(core);
}

void ptoc_core_set_block_idx(PtocCore *core, int64_t idx) { core->block_idx = idx; }

void ptoc_core_begin(PtocCore *core, const char *kernel) {
    memset(core->flag, 0, sizeof core->flag);
    core->nallow = 0;
    core->kernel = kernel ? kernel : "kernel";
    core->failed = false;
    core->err[0] = 0;
    tl_core = core;
}

void ptoc_core_allow(PtocCore *core, const void *data, uint64_t bytes) {
    if (core->nallow == PTOC_MAX_TENSORS)
        return;
    core->allow[core->nallow].lo = (uintptr_t)data;
    core->allow[core->nallow++].hi = (uintptr_t)data + bytes;
}

/* Records the kernel's first error: "KERNEL: MESSAGE". */
static void core_error(PtocCore *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void core_error(PtocCore *c, const char *fmt, ...) {
    if (c->failed)
        return;
    c->failed = true;
    int n = snprintf(c->err, sizeof c->err, "%s: ", c->kernel);
    if (n < 0 || n >= (int)sizeof c->err)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err + n, sizeof c->err - (size_t)n, fmt, ap);
    va_end(ap);
}

static void flag_spell(char *out, size_t n, const char *fn, int set, int wait, int ev) {
    snprintf(out, n, "%s(%s, %s, EVENT_ID%d)", fn, pipe_spell[set], pipe_spell[wait], ev);
}

bool ptoc_core_end(PtocCore *core, char *err, size_t errlen) {
    for (int s = 0; s < PIPE__COUNT && !core->failed; s++)
        for (int w = 0; w < PIPE__COUNT && !core->failed; w++)
            for (int e = 0; e < NEVENTS && !core->failed; e++)
                if (core->flag[s][w][e]) {
                    char f[96];
                    flag_spell(f, sizeof f, "set_flag", s, w, e);
                    core_error(core, "%s is never waited for (the kernel ends with the flag set)", f);
                }
    if (tl_core == core)
        tl_core = NULL;
    if (core->failed && err && errlen)
        snprintf(err, errlen, "%s", core->err);
    return !core->failed;
}

/* ---- operands: Arrays over core and global memory ---- */

/* One op being run: its name for messages and the current core. */
typedef struct Op {
    PtocCore *c;
    const char *name;
} Op;

/* False (the op is skipped) without a current core, or after the kernel's first error. */
static bool op_begin(Op *o, const char *name) {
    o->c = tl_core;
    o->name = name;
    return o->c && !o->c->failed;
}

#define op_error(o, ...) core_error((o)->c, __VA_ARGS__)

static bool dtype_of(uint32_t pt, DType *out) {
    switch ((PtocDType)pt) {
#define X(rt, ir) case PTOC_DT_##rt: *out = DT_##ir; return true;
    PTOC_DTYPES(X)
#undef X
    case PTOC_DT__COUNT: break;
    }
    return false;
}

/* The dtype table of ptoc_rt.h's tensors lives here, beside the library's mapping to DType. */
size_t ptoc_dtype_size(uint32_t dt) {
    DType d;
    return dtype_of(dt, &d) ? dtype_size(d) : 0;
}

/* An Array over memory the library does not own (never freed: refs stays above zero). */
typedef struct View {
    Storage st;
    Array a;
} View;

static void view_init(View *v, DType dt, uint8_t *data, int64_t n, uint8_t *bits, MemSpace space, int64_t r,
                      int64_t c, int64_t rs, int64_t cs) {
    v->st = (Storage){.refs = 1, .dt = dt, .n = n, .data = data, .init = bits, .space = space};
    v->a = (Array){.refs = 1, .st = &v->st, .dt = dt, .rank = 2, .shape = {r, c}, .stride = {rs, cs}, .n = r * c};
}

static const char *tname(const PtocTile *t) { return t->name ? t->name : "?"; }

/* Checks the tile's description, placement and valid shape (as TASSIGN does, and whether it
 * was assigned at all). */
static bool tile_ok(Op *o, const PtocTile *t, DType *dt, int64_t *bytes) {
    PtocCore *c = o->c;
    if (t->space < MEM_Vec || t->space > MEM_Acc) {
        op_error(o, "%s: tile '%s' has no on-chip memory space (%d)", o->name, tname(t), (int)t->space);
        return false;
    }
    MemSpace sp = (MemSpace)t->space;
    if (!c->mem[sp]) {
        op_error(o, "%s: tile '%s' is in %s, which an %s core does not have", o->name, tname(t), memspace_name[sp],
                 core_name(c->type));
        return false;
    }
    if (!dtype_of(t->dtype, dt)) {
        op_error(o, "%s: tile '%s' has an unknown element type (%u)", o->name, tname(t), (unsigned)t->dtype);
        return false;
    }
    if (t->rows <= 0 || t->cols <= 0) {
        op_error(o, "%s: tile '%s' has an empty storage shape [%d, %d]", o->name, tname(t), (int)t->rows,
                 (int)t->cols);
        return false;
    }
    int64_t elems = (int64_t)t->rows * t->cols; /* below 2^62: no overflow */
    if (elems > c->cap[sp]) {
        op_error(o, "%s: tile '%s' of [%d, %d] elements does not fit in the %lld bytes of %s", o->name, tname(t),
                 (int)t->rows, (int)t->cols, (long long)c->cap[sp], memspace_name[sp]);
        return false;
    }
    *bytes = elems * (int64_t)dtype_size(*dt);
    if (t->addr < 0) {
        op_error(o, "%s: tile '%s' is used before TASSIGN placed it", o->name, tname(t));
        return false;
    }
    if (t->addr % TILE_ALIGN || t->addr > c->cap[sp] - *bytes) {
        unsigned long long at = (unsigned long long)t->addr, end = at + (unsigned long long)*bytes - 1;
        op_error(o, "%s: tile '%s' at %s bytes 0x%llX..0x%llX is %s the %lld bytes of %s", o->name, tname(t),
                 memspace_name[sp], at, end,
                 t->addr % TILE_ALIGN ? "not 32-byte aligned in" : "outside", (long long)c->cap[sp],
                 memspace_name[sp]);
        return false;
    }
    if (t->vrows < 0 || t->vcols < 0 || t->vrows > t->rows || t->vcols > t->cols) {
        op_error(o, "%s: tile '%s' has valid shape [%d, %d], not inside its [%d, %d] storage (a tile with run-time "
                 "valid dimensions takes them in its constructor)",
                 o->name, tname(t), (int)t->vrows, (int)t->vcols, (int)t->rows, (int)t->cols);
        return false;
    }
    return true;
}

/* The valid region of a tile as a strided window on the core's bytes. */
static bool tile_view(Op *o, const PtocTile *t, View *v) {
    DType dt;
    int64_t bytes;
    if (!tile_ok(o, t, &dt, &bytes))
        return false;
    view_init(v, dt, o->c->mem[t->space] + t->addr, (int64_t)t->rows * t->cols, o->c->bits, (MemSpace)t->space,
              t->vrows, t->vcols, t->cols, 1);
    return true;
}

/* The bytes [data, data + bytes) lie inside one tensor of the task (when the core knows them). */
static bool global_allowed(Op *o, const void *data, int64_t bytes) {
    PtocCore *c = o->c;
    uintptr_t lo = (uintptr_t)data, hi = lo + (uintptr_t)bytes;
    if (c->nallow == 0)
        return true;
    for (int i = 0; i < c->nallow; i++)
        if (lo >= c->allow[i].lo && hi <= c->allow[i].hi)
            return true;
    for (int i = 0; i < c->nallow; i++) {
        if (lo >= c->allow[i].lo && lo < c->allow[i].hi) {
            op_error(o, "%s: the global window reaches %lld bytes past the end of tensor argument %d (bytes %lld..%lld "
                        "of its %lld): an offset or shape out of bounds",
                     o->name, (long long)(hi - c->allow[i].hi), i, (long long)(lo - c->allow[i].lo),
                     (long long)(hi - c->allow[i].lo), (long long)(c->allow[i].hi - c->allow[i].lo));
            return false;
        }
    }
    int near = -1; /* the tensor starting closest below the window */
    for (int i = 0; i < c->nallow; i++)
        if (c->allow[i].lo <= lo && (near < 0 || c->allow[i].lo > c->allow[near].lo))
            near = i;
    if (near < 0)
        op_error(o, "%s: the global window starts before every tensor argument of the task: an offset out of bounds",
                 o->name);
    else
        op_error(o, "%s: the global window starts %lld bytes past the end of tensor argument %d (%lld bytes): an "
                    "offset out of bounds", o->name, (long long)(lo - c->allow[near].hi), near,
                 (long long)(c->allow[near].hi - c->allow[near].lo));
    return false;
}

static bool global_view(Op *o, const PtocGlobal *g, View *v) {
    DType dt;
    if (!dtype_of(g->dtype, &dt)) {
        op_error(o, "%s: the global tensor has an unknown element type (%u)", o->name, (unsigned)g->dtype);
        return false;
    }
    const int64_t dim_max = INT64_C(1) << 30, stride_max = INT64_C(1) << 32; /* the extent cannot overflow */
    if (!g->data || g->rows < 0 || g->cols < 0 || g->row_stride < 0 || g->col_stride < 0 || g->rows > dim_max ||
        g->cols > dim_max || g->row_stride > stride_max || g->col_stride > stride_max) {
        op_error(o, "%s: the global tensor view (data %p, shape [%lld, %lld], strides [%lld, %lld]) is malformed%s",
                 o->name, g->data, (long long)g->rows, (long long)g->cols, (long long)g->row_stride,
                 (long long)g->col_stride,
                 g->row_stride < 0 || g->col_stride < 0 ? " (a run-time stride not given?)" : "");
        return false;
    }
    int64_t extent = g->rows && g->cols ? (g->rows - 1) * g->row_stride + (g->cols - 1) * g->col_stride + 1 : 0;
    if (!grow_bits(o->c, extent)) { /* moves the bitmap: views made before this one would dangle */
        op_error(o, "%s: out of memory", o->name);
        return false;
    }
    if (!global_allowed(o, g->data, extent * (int64_t)dtype_size(dt)))
        return false;
    view_init(v, dt, g->data, extent, o->c->bits, MEM_DDR, g->rows, g->cols, g->row_stride, g->col_stride);
    return true;
}

static const char *shape_text(char *buf, size_t n, const Array *a) {
    snprintf(buf, n, "[%lld, %lld]", (long long)a->shape[0], (long long)a->shape[1]);
    return buf;
}

/* Tile t (its view v) has valid shape [r, c], what the op makes of `what` (a global tensor,
 * another tile, a result); else the op's error. */
static bool need_shape(Op *o, const PtocTile *t, const View *v, int64_t r, int64_t c, const char *what) {
    if (v->a.shape[0] == r && v->a.shape[1] == c)
        return true;
    char y[48];
    op_error(o, "%s: %s is [%lld, %lld], but tile '%s' has valid shape %s", o->name, what, (long long)r, (long long)c,
             tname(t), shape_text(y, sizeof y, &v->a));
    return false;
}

/* The same with another tile's valid shape. */
static bool need_same(Op *o, const PtocTile *t, const View *v, const PtocTile *src, const View *s) {
    char what[96];
    snprintf(what, sizeof what, "the valid shape of tile '%s'", tname(src));
    return need_shape(o, t, v, s->a.shape[0], s->a.shape[1], what);
}

/* A fresh row-major result of the destination's dtype and valid shape. */
static Array *result(Op *o, const View *dst) {
    Array *r = array_new(dst->a.dt, 2, dst->a.shape, MEM_Vec);
    if (!r)
        op_error(o, "%s: out of memory", o->name);
    return r;
}

/* The result into the destination's valid region; releases it. */
static void finish(View *dst, Array *r) {
    k_copy(&dst->a, r);
    array_release(r);
}

/* The destination's valid region = src, element by element (converting the dtype), through a
 * fresh result so that bytes the two share are safe. */
static void copy_result(Op *o, View *dst, const Array *src) {
    Array *r = result(o, dst);
    if (!r)
        return;
    k_copy(r, src);
    finish(dst, r);
}

static Scalar scalar_of(Op *o, PtocScalar s, bool *ok) {
    DType dt;
    *ok = dtype_of(s.dtype, &dt);
    if (!*ok) {
        op_error(o, "%s: the scalar has an unknown element type (%u)", o->name, (unsigned)s.dtype);
        return (Scalar){.dt = DT_FP32};
    }
    if (dtype_is_float(dt))
        return (Scalar){.dt = dt, .f = fp_bits_to_double((uint32_t)s.bits, dt)};
    return scalar_int(dt, (int64_t)s.bits);
}

/* ---- placement ---- */

void ptoc_tile_assign(const PtocTile *t) {
    Op o;
    DType dt;
    int64_t bytes;
    if (op_begin(&o, "TASSIGN"))
        tile_ok(&o, t, &dt, &bytes);
}

/* ---- data movement ---- */

void ptoc_tile_load(const PtocTile *dst, const PtocGlobal *src) {
    Op o;
    View d, g;
    /* the global view first: it may grow the scratch bitmap the tile view points to */
    if (!op_begin(&o, "TLOAD") || !global_view(&o, src, &g) || !tile_view(&o, dst, &d) ||
        !need_shape(&o, dst, &d, g.a.shape[0], g.a.shape[1], "the global tensor's shape"))
        return;
    if (d.a.dt != g.a.dt) {
        op_error(&o, "TLOAD: a %s global tensor into the %s tile '%s'", dtype_info[g.a.dt].name,
                 dtype_info[d.a.dt].name, tname(dst));
        return;
    }
    k_copy(&d.a, &g.a);
}

void ptoc_tile_store(const PtocGlobal *dst, const PtocTile *src) {
    Op o;
    View s, g;
    if (!op_begin(&o, "TSTORE") || !global_view(&o, dst, &g) || !tile_view(&o, src, &s) ||
        !need_shape(&o, src, &s, g.a.shape[0], g.a.shape[1], "the global tensor's shape"))
        return;
    k_copy(&g.a, &s.a); /* an Acc tile into a narrower dtype converts, as the interpreter's l0c_store */
}

void ptoc_tile_move(const PtocTile *dst, const PtocTile *src) {
    Op o;
    View d, s;
    if (!op_begin(&o, "TMOV") || !tile_view(&o, dst, &d) || !tile_view(&o, src, &s) || !need_same(&o, dst, &d, src, &s))
        return;
    copy_result(&o, &d, &s.a);
}

/* ---- element-wise ---- */

static const char *const bin_name[] = {"TADD", "TSUB", "TMUL", "TDIV", "TMAX", "TMIN",
                                       "TCMP", "TCMP", "TCMP", "TCMP", "TCMP", "TCMP"};
static const char *const bins_name[] = {"TADDS", "TSUBS", "TMULS", "TDIVS", "TMAXS", "TMINS",
                                        "TCMPS", "TCMPS", "TCMPS", "TCMPS", "TCMPS", "TCMPS"};
static const char *const un_name[] = {"TNEG", "TEXP", "TRECIP", "TSQRT", "TRSQRT", "TLOG", "TABS", "TRELU"};

static bool bin_ok(PtocBinary op) { return op >= PTOC_BIN_ADD && op <= PTOC_BIN_GE; }

/* dst = a op b (b NULL: the scalar s), broadcast as the interpreter does; the result shape must
 * be dst's valid shape. */
static void binary(Op *o, EwBinary op, const PtocTile *dst, const View *a, const View *b, const Scalar *s) {
    View d;
    if (!tile_view(o, dst, &d))
        return;
    int rank;
    int64_t shape[MAX_RANK];
    const Array *rhs = b ? &b->a : &a->a;
    char x[48], y[48];
    if (!broadcast_shape(2, a->a.shape, 2, rhs->shape, &rank, shape)) {
        op_error(o, "%s: cannot broadcast shapes %s and %s", o->name, shape_text(x, sizeof x, &a->a),
                 shape_text(y, sizeof y, rhs));
        return;
    }
    if (!need_shape(o, dst, &d, shape[0], shape[1], "the result's shape"))
        return;
    Array *r = result(o, &d);
    int64_t bad;
    if (!r)
        return;
    if (!k_binary(r, op, &a->a, b ? &b->a : NULL, s, &bad)) {
        op_error(o, "%s: divides by zero at element [%lld, %lld]", o->name, (long long)(bad / shape[1]),
                 (long long)(bad % shape[1]));
        array_release(r);
        return;
    }
    finish(&d, r);
}

void ptoc_tile_binary(PtocBinary op, const PtocTile *dst, const PtocTile *a, const PtocTile *b) {
    Op o;
    View va, vb;
    if (!op_begin(&o, bin_ok(op) ? bin_name[op] : "binary op"))
        return;
    if (!bin_ok(op)) {
        op_error(&o, "unknown binary op %d", (int)op);
        return;
    }
    if (tile_view(&o, a, &va) && tile_view(&o, b, &vb))
        binary(&o, (EwBinary)(EW_ADD + (op - PTOC_BIN_ADD)), dst, &va, &vb, NULL);
}

void ptoc_tile_binary_scalar(PtocBinary op, const PtocTile *dst, const PtocTile *a, PtocScalar s) {
    Op o;
    View va;
    bool ok;
    if (!op_begin(&o, bin_ok(op) ? bins_name[op] : "binary op"))
        return;
    if (!bin_ok(op)) {
        op_error(&o, "unknown binary op %d", (int)op);
        return;
    }
    Scalar sc = scalar_of(&o, s, &ok);
    if (ok && tile_view(&o, a, &va))
        binary(&o, (EwBinary)(EW_ADD + (op - PTOC_BIN_ADD)), dst, &va, NULL, &sc);
}

void ptoc_tile_unary(PtocUnary op, const PtocTile *dst, const PtocTile *src) {
    Op o;
    View d, s;
    bool known = op >= PTOC_UN_NEG && op <= PTOC_UN_RELU;
    if (!op_begin(&o, known ? un_name[op] : "unary op"))
        return;
    if (!known) {
        op_error(&o, "unknown unary op %d", (int)op);
        return;
    }
    if (!tile_view(&o, dst, &d) || !tile_view(&o, src, &s) || !need_same(&o, dst, &d, src, &s))
        return;
    Array *r = result(&o, &d);
    if (!r)
        return;
    k_unary(r, (EwUnary)(EW_NEG + (op - PTOC_UN_NEG)), &s.a);
    finish(&d, r);
}

/* ---- reductions and expansions ---- */

void ptoc_tile_reduce(PtocReduce op, int axis, const PtocTile *dst, const PtocTile *src) {
    static const char *const names[2][3] = {{"TCOLSUM", "TCOLMAX", "TCOLMIN"}, {"TROWSUM", "TROWMAX", "TROWMIN"}};
    Op o;
    View d, s;
    bool known = op >= PTOC_RED_SUM && op <= PTOC_RED_MIN && (axis == 0 || axis == 1);
    if (!op_begin(&o, known ? names[axis][op] : "reduction"))
        return;
    if (!known) {
        op_error(&o, "unknown reduction %d over axis %d", (int)op, axis);
        return;
    }
    if (!tile_view(&o, dst, &d) || !tile_view(&o, src, &s))
        return;
    if (!need_shape(&o, dst, &d, axis == 1 ? s.a.shape[0] : 1, axis == 1 ? 1 : s.a.shape[1], "the result's shape"))
        return;
    if (op != PTOC_RED_SUM && s.a.shape[axis] == 0) {
        op_error(&o, "%s: reduces an empty dimension", o.name);
        return;
    }
    Array *r = result(&o, &d);
    if (!r)
        return;
    Array *c = array_contig(&s.a); /* k_reduce reads a row-major array, as in the interpreter */
    k_reduce(r, (Reduce)(RED_SUM + (op - PTOC_RED_SUM)), c, axis);
    array_release(c);
    finish(&d, r);
}

static bool expand_vec_ok(Op *o, bool rows, const View *s, const PtocTile *vec, const View *v) {
    bool ok = rows ? v->a.shape[0] == s->a.shape[0] && v->a.shape[1] == 1
                   : v->a.shape[0] == 1 && v->a.shape[1] == s->a.shape[1];
    if (!ok) {
        char x[48], y[48];
        op_error(o, "%s: needs a %s vector for a %s tile, got '%s' of valid shape %s", o->name,
                 rows ? "[M, 1] row" : "[1, N] column", shape_text(x, sizeof x, &s->a), tname(vec),
                 shape_text(y, sizeof y, &v->a));
    }
    return ok;
}

void ptoc_tile_expand(PtocBinary op, bool rows, const PtocTile *dst, const PtocTile *src, const PtocTile *vec) {
    static const char *const names[2][4] = {{"TCOLEXPANDADD", "TCOLEXPANDSUB", "TCOLEXPANDMUL", "TCOLEXPANDDIV"},
                                            {"TROWEXPANDADD", "TROWEXPANDSUB", "TROWEXPANDMUL", "TROWEXPANDDIV"}};
    Op o;
    View s, v;
    bool known = op >= PTOC_BIN_ADD && op <= PTOC_BIN_DIV;
    if (!op_begin(&o, known ? names[rows][op] : "expand op"))
        return;
    if (!known) {
        op_error(&o, "unknown expand op %d", (int)op);
        return;
    }
    if (tile_view(&o, src, &s) && tile_view(&o, vec, &v) && expand_vec_ok(&o, rows, &s, vec, &v))
        binary(&o, (EwBinary)(EW_ADD + (op - PTOC_BIN_ADD)), dst, &s, &v, NULL);
}

void ptoc_tile_col_expand(const PtocTile *dst, const PtocTile *vec) {
    Op o;
    View d, v;
    if (!op_begin(&o, "TCOLEXPAND") || !tile_view(&o, dst, &d) || !tile_view(&o, vec, &v) ||
        !expand_vec_ok(&o, false, &d, vec, &v))
        return;
    Array *r = result(&o, &d);
    if (!r)
        return;
    k_broadcast(r, &v.a);
    finish(&d, r);
}

void ptoc_tile_fill(const PtocTile *dst, PtocScalar s) {
    Op o;
    View d;
    bool ok;
    if (!op_begin(&o, "TEXPANDS"))
        return;
    Scalar sc = scalar_of(&o, s, &ok);
    if (ok && tile_view(&o, dst, &d))
        k_fill(&d.a, sc);
}

/* ---- matmul ---- */

void ptoc_tile_matmul(const PtocTile *dst, const PtocTile *acc_in, const PtocTile *l, const PtocTile *r) {
    Op o;
    View d, c, vl, vr;
    if (!op_begin(&o, acc_in ? "TMATMUL_ACC" : "TMATMUL") || !tile_view(&o, dst, &d) ||
        (acc_in && !tile_view(&o, acc_in, &c)) || !tile_view(&o, l, &vl) || !tile_view(&o, r, &vr))
        return;
    char x[48], y[48];
    if (vl.a.shape[1] != vr.a.shape[0]) {
        op_error(&o, "%s: cannot multiply %s by %s", o.name, shape_text(x, sizeof x, &vl.a),
                 shape_text(y, sizeof y, &vr.a));
        return;
    }
    int64_t m = vl.a.shape[0], n = vr.a.shape[1];
    if (!need_shape(&o, dst, &d, m, n, "the product's shape") ||
        (acc_in && !need_shape(&o, acc_in, &c, m, n, "the product's shape")))
        return;
    Array *res = result(&o, &d);
    if (!res)
        return;
    k_matmul(res, acc_in ? &c.a : NULL, &vl.a, false, &vr.a, false);
    finish(&d, res);
}

/* ---- conversions and layout ---- */

void ptoc_tile_cast(const PtocTile *dst, const PtocTile *src, PtocCastMode mode) {
    Op o;
    View d, s;
    if (!op_begin(&o, "TCVT"))
        return;
    if (mode < PTOC_CAST_NONE || mode > PTOC_CAST_ODD) {
        op_error(&o, "TCVT: unknown rounding mode %d", (int)mode);
        return;
    }
    if (!tile_view(&o, dst, &d) || !tile_view(&o, src, &s) || !need_same(&o, dst, &d, src, &s))
        return;
    Array *r = result(&o, &d);
    if (!r)
        return;
    k_cast(r, &s.a, (RoundMode)(RM_NONE + (mode - PTOC_CAST_NONE)));
    finish(&d, r);
}

/* Same dtype: the valid elements in row-major order (the interpreter's tile.reshape); another
 * dtype of the same storage bytes: the bytes, reinterpreted. */
void ptoc_tile_reshape(const PtocTile *dst, const PtocTile *src) {
    Op o;
    View d, s;
    if (!op_begin(&o, "TRESHAPE") || !tile_view(&o, dst, &d) || !tile_view(&o, src, &s))
        return;
    if (d.a.dt == s.a.dt) {
        if (d.a.n != s.a.n) {
            char x[48], y[48];
            op_error(&o, "TRESHAPE: cannot reshape '%s' %s (%lld elements) to '%s' %s (%lld elements)", tname(src),
                     shape_text(x, sizeof x, &s.a), (long long)s.a.n, tname(dst), shape_text(y, sizeof y, &d.a),
                     (long long)d.a.n);
            return;
        }
        copy_result(&o, &d, &s.a);
        return;
    }
    int64_t db = d.st.n * (int64_t)dtype_size(d.a.dt), sb = s.st.n * (int64_t)dtype_size(s.a.dt);
    if (db != sb) {
        op_error(&o, "TRESHAPE: tile '%s' has %lld bytes, but tile '%s' has %lld", tname(src), (long long)sb,
                 tname(dst), (long long)db);
        return;
    }
    memmove(d.st.data, s.st.data, (size_t)db);
}

void ptoc_tile_transpose(const PtocTile *dst, const PtocTile *src) {
    Op o;
    View d, s;
    if (!op_begin(&o, "TTRANS") || !tile_view(&o, dst, &d) || !tile_view(&o, src, &s))
        return;
    Array t = array_swapped(&s.a, 0, 1); /* src read transposed */
    if (!need_shape(&o, dst, &d, t.shape[0], t.shape[1], "the transpose's shape"))
        return;
    copy_result(&o, &d, &t);
}

/* ---- synchronisation ---- */

static bool flag_args(Op *o, const char *fn, int set, int wait, int ev) {
    if (set >= 0 && set < PIPE__COUNT && wait >= 0 && wait < PIPE__COUNT && ev >= 0 && ev < NEVENTS)
        return true;
    op_error(o, "%s(%d, %d, %d): no such pipe or event", fn, set, wait, ev);
    return false;
}

void ptoc_set_flag(int set_pipe, int wait_pipe, int event) {
    Op o;
    if (!op_begin(&o, "set_flag") || !flag_args(&o, "set_flag", set_pipe, wait_pipe, event))
        return;
    bool *f = &o.c->flag[set_pipe][wait_pipe][event];
    if (*f) {
        char s[96];
        flag_spell(s, sizeof s, "set_flag", set_pipe, wait_pipe, event);
        op_error(&o, "%s while the flag is already set (no wait_flag since the last set_flag)", s);
        return;
    }
    *f = true;
}

void ptoc_wait_flag(int set_pipe, int wait_pipe, int event) {
    Op o;
    if (!op_begin(&o, "wait_flag") || !flag_args(&o, "wait_flag", set_pipe, wait_pipe, event))
        return;
    bool *f = &o.c->flag[set_pipe][wait_pipe][event];
    if (!*f) {
        char s[96];
        flag_spell(s, sizeof s, "wait_flag", set_pipe, wait_pipe, event);
        op_error(&o, "%s with no matching set_flag", s);
        return;
    }
    *f = false;
}

void ptoc_pipe_barrier(int pipe) {
    Op o;
    if (op_begin(&o, "pipe_barrier") && (pipe < 0 || pipe >= PIPE__COUNT))
        op_error(&o, "pipe_barrier(%d): no such pipe", pipe);
}

int64_t ptoc_get_block_idx(void) { return tl_core ? tl_core->block_idx : 0; }

/* ---- element formats ---- */

float ptoc_fp16_to_float(uint16_t h) { return fp16_to_float(h); }
uint16_t ptoc_fp16_from_float(float f) { return fp16_from_float(f); }
float ptoc_bf16_to_float(uint16_t h) { return bf16_to_float(h); }
uint16_t ptoc_bf16_from_float(float f) { return bf16_from_float(f); }
