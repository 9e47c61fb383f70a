/* ops.c - one op call: its arguments are evaluated, checked at run time (kinds, shapes,
 * windows inside their tensors, initialised inputs), and handed to a kernel. The dispatch is a
 * switch over every OpId, without a default, grouping the families; each family is one small
 * function. Result dtypes are the ones the type checker gave the call; result shapes come from
 * the run-time shapes of the operands. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"

enum { MAX_ARGS = 8 };

/* A call being run. */
typedef struct {
    Interp *I;
    const Expr *e;
    const Var *dest;   /* the variable the result is assigned to, or NULL */
    int n;
    Value v[MAX_ARGS]; /* the evaluated arguments; V_NONE for lists and enumerators */
} Call;

static const char *op_name(const Call *k) { return k->e->call.op->name; }

/* "NAME MESSAGE" at the call: messages read as sentences about the op. */
static bool fail(Call *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(Call *k, const char *fmt, ...) {
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    interp_error(k->I, k->e->loc, "%s %s", op_name(k), b.data);
    buf_free(&b);
    return false;
}

static bool is_list(const Expr *a) { return a->kind == E_LIST || a->kind == E_TUPLE; }

/* A placed tile still holds its bytes: no other result took any of them while it was live. */
static bool check_placed(Call *k, int i) {
    const Storage *s = k->v[i].a->st;
    int64_t bytes = s->n * (int64_t)dtype_size(s->dt);
    for (int64_t b = 0; b < bytes; b++) {
        const Expr *other = s->sim->owner[s->addr + b];
        if (other == s->writer)
            continue;
        Buf name = {0};
        arg_name(&name, k->e, i);
        fail(k, "reads %s (%s bytes %lld..%lld), but byte %lld was overwritten by another tile while %s was live",
             name.data, memspace_name[s->space], (long long)s->addr, (long long)(s->addr + bytes - 1),
             (long long)(s->addr + b), name.data);
        diag(k->I->c->diag, DIAG_NOTE, s->writer->loc, "%s was written here", name.data);
        diag(k->I->c->diag, DIAG_NOTE, other->loc, "and the overlapping tile here");
        buf_free(&name);
        return false;
    }
    return true;
}

static bool eval_args(Call *k) {
    k->n = k->e->call.nargs;
    if (k->n > MAX_ARGS)
        return fail(k, "has %d arguments, more than the interpreter takes", k->n);
    for (int i = 0; i < k->n; i++) {
        const Expr *a = k->e->call.args[i];
        if (a->type && !is_list(a) && !interp_eval(k->I, a, &k->v[i]))
            return false;
        if (k->v[i].kind == V_TILE && k->v[i].a->st->borrowed && !check_placed(k, i))
            return false;
    }
    return true;
}

static void release_args(Call *k) {
    for (int i = 0; i < k->n; i++)
        value_release(&k->v[i]);
}

/* A short text for messages, valid until the next call with the same buffer. */
static const char *spell_shape(Buf *b, int rank, const int64_t *shape) {
    b->len = 0;
    shape_print(b, rank, shape);
    return b->data;
}

/* Argument i as an array of kind want (V_NONE: a tensor or a tile). */
static Array *arr(Call *k, int i, ValueKind want) {
    if (i >= k->n) {
        fail(k, "is missing argument %d", i + 1);
        return NULL;
    }
    Value *v = &k->v[i];
    bool ok = want == V_NONE ? v->kind == V_TENSOR || v->kind == V_TILE : v->kind == want;
    if (!ok) {
        fail(k, "needs %s as argument %d, got %s", want == V_NONE ? "a tensor or a tile" : value_kind_name(want),
             i + 1, value_kind_name(v->kind));
        return NULL;
    }
    return v->a;
}

static bool scalar_arg(Call *k, int i, Scalar *out) {
    if (i >= k->n || k->v[i].kind != V_SCALAR)
        return fail(k, "needs a scalar as argument %d", i + 1);
    *out = k->v[i].s;
    return true;
}

static bool int_arg(Call *k, int i, int64_t *out) {
    Scalar s = {.dt = DT_FP32};
    if (!scalar_arg(k, i, &s))
        return false;
    if (dtype_is_float(s.dt))
        return fail(k, "needs an integer as argument %d", i + 1);
    *out = s.i;
    return true;
}

/* A list argument (offsets, shapes, indices): its integers. */
static bool list_arg(Call *k, int i, int64_t *out, int *n) {
    const Expr *a = k->e->call.args[i];
    if (!is_list(a))
        return fail(k, "needs a list as argument %d", i + 1);
    if (a->list.n > MAX_RANK)
        return fail(k, "has a list of %d items; the interpreter takes up to %d dimensions", a->list.n, MAX_RANK);
    *n = a->list.n;
    for (int j = 0; j < a->list.n; j++)
        if (!interp_eval_int(k->I, a->list.items[j], &out[j]))
            return false;
    return true;
}

static int64_t attr_or(Call *k, const char *name, int64_t dflt) {
    int64_t v;
    return op_attr_value(k->e, name, &v) ? v : dflt;
}

/* Argument i is initialised everywhere: an op that computes with an element nobody wrote is a
 * bug in the program (copies pass the bits along instead). */
static bool need_init(Call *k, int i) {
    const Array *a = k->v[i].a;
    int64_t bad = array_first_uninit(a);
    if (bad < 0)
        return true;
    Buf idx = {0}, name = {0};
    index_print(&idx, a, bad);
    arg_name(&name, k->e, i);
    fail(k, "reads an uninitialised element %s of %s", idx.data, name.data);
    buf_free(&idx);
    buf_free(&name);
    return false;
}

static bool result_dtype(Call *k, DType *out) {
    DType dt = k->e->type->kind == TY_TUPLE ? DT_INT64 : k->e->type->dtype;
    if (!dtype_runnable(dt))
        return fail(k, "produces %s elements, which the interpreter does not support", dtype_info[dt].name);
    *out = dt;
    return true;
}

static ValueKind result_kind(const Call *k) { return k->e->type->kind == TY_TILE ? V_TILE : V_TENSOR; }

/* Where a tile's bytes live: when the variable the result is assigned to has a memref whose
 * address the allocation pass fixed, the tile is placed at that address inside the run's
 * simulated buffer of its space (Storage.borrowed), so that a wrong memory plan gives wrong
 * results (and overlapping live tiles are found by check_placed); other tiles have storage of
 * their own. */
static int64_t numel(int n, const int64_t *shape) {
    int64_t c = 1;
    for (int i = 0; i < n; i++)
        c *= shape[i];
    return c;
}

/* The constant byte address of the result's memref: its base a pl.Ptr variable (bound by
 * tile.alloc), its offset an integer. */
static bool placed_address(const Call *k, int64_t *addr) {
    const Type *t = k->dest ? k->dest->type : NULL;
    if (!t || t->kind != TY_TILE || !t->memref)
        return false;
    const Expr *base = t->memref->base;
    return base && base->kind == E_VAR && base->var->type && base->var->type->kind == TY_PTR &&
           expr_is_const_int(t->memref->offset, addr);
}

/* The simulated buffer of an on-chip space, created on first use (NULL for DDR). */
static SimSpace *sim_space(Interp *I, MemSpace space) {
    if (!I->sim[space]) {
        Target t;
        target_default(&t);
        if (t.capacity[space] <= 0)
            return NULL;
        I->sim[space] = simspace_new(space, t.capacity[space]);
    }
    return I->sim[space];
}

static Array *tile_storage(Call *k, DType dt, int rank, const int64_t *shape, MemSpace space, bool *failed) {
    int64_t addr;
    SimSpace *sp = placed_address(k, &addr) ? sim_space(k->I, space) : NULL;
    if (!sp)
        return array_new(dt, rank, shape, space);
    int64_t bytes = numel(rank, shape) * (int64_t)dtype_size(dt);
    if (addr < 0 || bytes < 0 || addr > sp->cap - bytes) {
        *failed = true;
        fail(k, "places '%s' at %s bytes %lld..%lld, outside the %lld bytes of the buffer", k->dest->name,
             memspace_name[space], (long long)addr, (long long)(addr + bytes - 1), (long long)sp->cap);
        return NULL;
    }
    return array_placed(dt, rank, shape, sp, addr, k->e);
}

/* A fresh result: a tile in `space`, or a tensor in DDR. */
static Array *new_result(Call *k, ValueKind kind, DType dt, int rank, const int64_t *shape, MemSpace space) {
    bool failed = false;
    Array *a = kind == V_TILE ? tile_storage(k, dt, rank, shape, space, &failed) : array_new(dt, rank, shape, MEM_DDR);
    if (!a && !failed) {
        Buf b = {0};
        fail(k, "would create a %s of shape %s, too large for the interpreter", kind == V_TILE ? "tile" : "tensor",
             spell_shape(&b, rank, shape));
        buf_free(&b);
    }
    return a;
}

/* The space of a tile result (ops.md: load/move/create_tile their target_memory, matmul Acc,
 * the rest Vec). */
static MemSpace result_space(Call *k) {
    OpId id = k->e->call.op->id;
    if (id == OP_TILE_LOAD || id == OP_TILE_MOVE || id == OP_TILE_CREATE_TILE)
        return (MemSpace)attr_or(k, "target_memory", MEM_Vec);
    if (id == OP_TILE_MATMUL || id == OP_TILE_MATMUL_ACC)
        return MEM_Acc;
    return MEM_Vec;
}

static bool done(Value *out, ValueKind kind, Array *a) {
    *out = value_array(kind, a);
    return true;
}

/* ---- windows: offsets and shapes inside an array ---- */

static const char *unit_name(int rank, int d) {
    if (rank == 2)
        return d == 0 ? "rows" : "columns";
    return rank == 1 ? "elements" : "indices";
}

/* Checks that the window (off, shape) lies inside argument ai (an array of rank n). verb:
 * "reads" or "writes". */
static bool check_window(Call *k, const char *verb, int ai, const Array *a, int n, const int64_t *off,
                         const int64_t *shape) {
    const char *what = k->v[ai].kind == V_TILE ? "tile" : "tensor";
    if (n != a->rank)
        return fail(k, "gives %d offsets or sizes for a rank-%d %s", n, a->rank, what);
    for (int d = 0; d < n; d++) {
        if (off[d] >= 0 && shape[d] >= 0 && off[d] <= a->shape[d] - shape[d])
            continue;
        Buf sb = {0}, name = {0};
        arg_name(&name, k->e, ai);
        spell_shape(&sb, a->rank, a->shape);
        if (shape[d] < 0)
            fail(k, "has a negative size %lld in dimension %d", (long long)shape[d], d + 1);
        else if (a->rank == 1 || a->rank == 2)
            fail(k, "%s %s %lld..%lld of a %s %s %s", verb, unit_name(a->rank, d), (long long)off[d],
                 (long long)(off[d] + shape[d] - 1), sb.data, what, name.data);
        else
            fail(k, "%s %s %lld..%lld of dimension %d of a %s %s %s", verb, unit_name(a->rank, d), (long long)off[d],
                 (long long)(off[d] + shape[d] - 1), d + 1, sb.data, what, name.data);
        buf_free(&sb);
        buf_free(&name);
        return false;
    }
    return true;
}

/* A view of the window (off, shape) of a: the same storage. */
static Array *window(const Array *a, int n, const int64_t *off, const int64_t *shape) {
    int64_t at = a->offset;
    for (int d = 0; d < n; d++)
        at += off[d] * a->stride[d];
    return array_view(a, n, shape, a->stride, at);
}

/* ---- element-wise families ---- */

static bool report_div_zero(Call *k, const Array *o, int64_t bad) {
    Buf b = {0};
    index_print(&b, o, bad);
    fail(k, "divides by zero at element %s", b.data);
    buf_free(&b);
    return false;
}

static bool op_binary(Call *k, EwBinary op, Value *out) {
    Array *a = arr(k, 0, V_NONE), *b = a ? arr(k, 1, V_NONE) : NULL;
    DType dt = DT_FP32;
    if (!b || !need_init(k, 0) || !need_init(k, 1) || !result_dtype(k, &dt))
        return false;
    int rank;
    int64_t shape[MAX_RANK];
    if (!broadcast_shape(a->rank, a->shape, b->rank, b->shape, &rank, shape)) {
        Buf x = {0}, y = {0};
        spell_shape(&x, a->rank, a->shape);
        spell_shape(&y, b->rank, b->shape);
        fail(k, "cannot broadcast shapes %s and %s", x.data, y.data);
        buf_free(&x);
        buf_free(&y);
        return false;
    }
    Array *o = new_result(k, result_kind(k), dt, rank, shape, MEM_Vec);
    int64_t bad;
    if (!o)
        return false;
    if (!k_binary(o, op, a, b, NULL, &bad)) {
        report_div_zero(k, o, bad);
        array_release(o);
        return false;
    }
    return done(out, result_kind(k), o);
}

/* row_expand_* (vector [M, 1]) and col_expand_* (vector [1, N]) against a [M, N] tile. */
static bool check_expand(Call *k, bool rows) {
    Array *t = arr(k, 0, V_TILE), *v = t ? arr(k, 1, V_TILE) : NULL;
    if (!v)
        return false;
    bool ok = t->rank == 2 && v->rank == 2 &&
              (rows ? v->shape[0] == t->shape[0] && v->shape[1] == 1 : v->shape[0] == 1 && v->shape[1] == t->shape[1]);
    if (ok)
        return true;
    Buf x = {0}, y = {0};
    spell_shape(&x, t->rank, t->shape);
    spell_shape(&y, v->rank, v->shape);
    fail(k, "needs a %s vector for a %s tile, got %s", rows ? "[M, 1] row" : "[1, N] column", x.data, y.data);
    buf_free(&x);
    buf_free(&y);
    return false;
}

static bool op_expand(Call *k, bool rows, EwBinary op, Value *out) {
    return check_expand(k, rows) && op_binary(k, op, out);
}

static bool op_binary_scalar(Call *k, EwBinary op, Value *out) {
    Array *a = arr(k, 0, V_NONE);
    Scalar s = {.dt = DT_FP32};
    DType dt = DT_FP32;
    if (!a || !scalar_arg(k, 1, &s) || !need_init(k, 0) || !result_dtype(k, &dt))
        return false;
    Array *o = new_result(k, result_kind(k), dt, a->rank, a->shape, MEM_Vec);
    int64_t bad;
    if (!o)
        return false;
    if (!k_binary(o, op, a, NULL, &s, &bad)) {
        report_div_zero(k, o, bad);
        array_release(o);
        return false;
    }
    return done(out, result_kind(k), o);
}

static EwBinary cmp_op(Call *k) { return (EwBinary)(EW_EQ + attr_or(k, "cmp_type", 0)); }

static bool op_unary(Call *k, EwUnary op, Value *out) {
    Array *a = arr(k, 0, V_NONE);
    DType dt = DT_FP32;
    if (!a || !need_init(k, 0) || !result_dtype(k, &dt))
        return false;
    Array *o = new_result(k, result_kind(k), dt, a->rank, a->shape, MEM_Vec);
    if (!o)
        return false;
    k_unary(o, op, a);
    return done(out, result_kind(k), o);
}

static bool op_cast(Call *k, Value *out) {
    Array *a = arr(k, 0, V_NONE);
    DType dt = DT_FP32;
    if (!a || !need_init(k, 0) || !result_dtype(k, &dt))
        return false;
    Array *o = new_result(k, result_kind(k), dt, a->rank, a->shape, MEM_Vec);
    if (!o)
        return false;
    k_cast(o, a, (RoundMode)attr_or(k, "mode", RM_ROUND));
    return done(out, result_kind(k), o);
}

/* tensor.create, tile.create_tile (uninitialised) and tile.full (filled). */
static bool op_create(Call *k, bool fill, Value *out) {
    int64_t shape[MAX_RANK];
    int n;
    DType dt = DT_FP32;
    Scalar s = {.dt = DT_FP32};
    if (!list_arg(k, 0, shape, &n) || (fill && !scalar_arg(k, 1, &s)) || !result_dtype(k, &dt))
        return false;
    for (int d = 0; d < n; d++)
        if (shape[d] < 0)
            return fail(k, "has a negative size %lld in dimension %d", (long long)shape[d], d + 1);
    Array *o = new_result(k, result_kind(k), dt, n, shape, result_space(k));
    if (!o)
        return false;
    if (fill)
        k_fill(o, s);
    return done(out, result_kind(k), o);
}

/* tile.expands(target, scalar): target's shape, filled; target itself is not read. */
static bool op_expands(Call *k, Value *out) {
    Array *t = arr(k, 0, V_TILE);
    Scalar s = {.dt = DT_FP32};
    DType dt = DT_FP32;
    if (!t || !scalar_arg(k, 1, &s) || !result_dtype(k, &dt))
        return false;
    Array *o = new_result(k, V_TILE, dt, t->rank, t->shape, MEM_Vec);
    if (!o)
        return false;
    k_fill(o, s);
    return done(out, V_TILE, o);
}

/* tile.col_expand(target, col): col repeated over target's rows; target is not read. */
static bool op_col_expand(Call *k, Value *out) {
    DType dt = DT_FP32;
    if (!check_expand(k, false) || !need_init(k, 1) || !result_dtype(k, &dt))
        return false;
    Array *t = k->v[0].a, *o = new_result(k, V_TILE, dt, t->rank, t->shape, MEM_Vec);
    if (!o)
        return false;
    k_broadcast(o, k->v[1].a);
    return done(out, V_TILE, o);
}

/* ---- matmul ---- */

static bool op_tile_matmul(Call *k, bool acc, Value *out) {
    int li = acc ? 1 : 0;
    Array *c = acc ? arr(k, 0, V_TILE) : NULL, *l = arr(k, li, V_TILE), *r = l ? arr(k, li + 1, V_TILE) : NULL;
    DType dt = DT_FP32;
    if (!r || (acc && !c) || !result_dtype(k, &dt))
        return false;
    Buf x = {0}, y = {0};
    bool ok = l->rank == 2 && r->rank == 2 && l->shape[1] == r->shape[0];
    if (ok && acc && (c->rank != 2 || c->shape[0] != l->shape[0] || c->shape[1] != r->shape[1])) {
        int64_t mn[2] = {l->shape[0], r->shape[1]};
        fail(k, "accumulates a %s product into a %s tile", spell_shape(&x, 2, mn), spell_shape(&y, c->rank, c->shape));
        ok = false;
    } else if (!ok) {
        spell_shape(&x, l->rank, l->shape);
        spell_shape(&y, r->rank, r->shape);
        fail(k, "cannot multiply %s by %s", x.data, y.data);
    }
    buf_free(&x);
    buf_free(&y);
    if (!ok || (acc && !need_init(k, 0)) || !need_init(k, li) || !need_init(k, li + 1))
        return false;
    int64_t shape[2] = {l->shape[0], r->shape[1]};
    Array *o = new_result(k, V_TILE, dt, 2, shape, MEM_Acc);
    if (!o)
        return false;
    k_matmul(o, c, l, false, r, false);
    return done(out, V_TILE, o);
}

/* The last two dimensions of a as a 2-D array at storage offset `at`. */
static Array matrix_at(const Array *a, int64_t at) {
    Array m = *a;
    m.rank = 2;
    m.shape[0] = a->shape[a->rank - 2], m.shape[1] = a->shape[a->rank - 1];
    m.stride[0] = a->stride[a->rank - 2], m.stride[1] = a->stride[a->rank - 1];
    m.offset = at;
    m.n = m.shape[0] * m.shape[1];
    return m;
}

/* The storage offset of batch index idx (over the broadcast batch shape) in a. */
static int64_t batch_offset(const Array *a, int brank, const int64_t *idx) {
    int64_t at = a->offset;
    int nb = a->rank - 2;
    for (int d = 0; d < nb; d++) {
        int bd = d + (brank - nb);
        if (a->shape[d] != 1)
            at += idx[bd] * a->stride[d];
    }
    return at;
}

static bool op_tensor_matmul(Call *k, Value *out) {
    Array *l = arr(k, 0, V_TENSOR), *r = l ? arr(k, 1, V_TENSOR) : NULL;
    DType dt = DT_FP32;
    if (!r || !need_init(k, 0) || !need_init(k, 1) || !result_dtype(k, &dt))
        return false;
    bool at = attr_or(k, "a_trans", 0), bt = attr_or(k, "b_trans", 0);
    if (l->rank < 2 || r->rank < 2)
        return fail(k, "needs operands of rank 2 or more");
    int64_t M = l->shape[l->rank - 2 + at], K = l->shape[l->rank - 1 - at];
    int64_t K2 = r->shape[r->rank - 2 + bt], N = r->shape[r->rank - 1 - bt];
    int brank;
    int64_t shape[MAX_RANK], idx[MAX_RANK] = {0};
    if (K != K2)
        return fail(k, "has inner dimensions that differ: %lld and %lld", (long long)K, (long long)K2);
    if (!broadcast_shape(l->rank - 2, l->shape, r->rank - 2, r->shape, &brank, shape))
        return fail(k, "has batch dimensions that do not broadcast");
    shape[brank] = M, shape[brank + 1] = N;
    Array *o = new_result(k, V_TENSOR, dt, brank + 2, shape, MEM_DDR);
    if (!o)
        return false;
    int64_t nbatch = numel(brank, shape);
    for (int64_t b = 0; b < nbatch; b++) {
        Array lm = matrix_at(l, batch_offset(l, brank, idx)), rm = matrix_at(r, batch_offset(r, brank, idx));
        Array om = matrix_at(o, b * M * N);
        k_matmul(&om, NULL, &lm, at, &rm, bt);
        for (int d = brank - 1; d >= 0; d--) {
            if (++idx[d] < shape[d])
                break;
            idx[d] = 0;
        }
    }
    return done(out, V_TENSOR, o);
}

/* ---- reductions ---- */

/* Reduces argument 0 over axis (negative counts from the end), keeping it as 1 or not. */
static bool reduce(Call *k, Reduce op, int64_t axis, bool keep, Value *out) {
    Array *a = arr(k, 0, V_NONE);
    DType dt = DT_FP32;
    if (!a || !need_init(k, 0) || !result_dtype(k, &dt))
        return false;
    if (axis < 0)
        axis += a->rank;
    if (axis < 0 || axis >= a->rank)
        return fail(k, "reduces axis %lld of a rank-%d array", (long long)axis, a->rank);
    if (op != RED_SUM && a->shape[axis] == 0)
        return fail(k, "reduces an empty dimension");
    int64_t shape[MAX_RANK];
    int rank = 0;
    for (int d = 0; d < a->rank; d++)
        if (d != axis)
            shape[rank++] = a->shape[d];
        else if (keep)
            shape[rank++] = 1;
    bool to_scalar = k->e->type->kind == TY_SCALAR;
    Array *o = to_scalar ? array_new(dt, 0, NULL, MEM_Vec) : new_result(k, result_kind(k), dt, rank, shape, MEM_Vec);
    if (!o)
        return false;
    Array *c = array_contig(a);
    k_reduce(o, op, c, (int)axis);
    array_release(c);
    if (!to_scalar)
        return done(out, result_kind(k), o);
    double f;
    int64_t i;
    if (dtype_is_float(dt)) {
        run_to_f64(&f, array_at(o, 0), dt, 1, 1);
        *out = value_scalar(scalar_float(dt, f));
    } else {
        run_to_i64(&i, array_at(o, 0), dt, 1, 1);
        *out = value_scalar(scalar_int(dt, i));
    }
    array_release(o);
    return true;
}

static bool op_reduce(Call *k, Reduce op, Value *out) {
    return reduce(k, op, attr_or(k, "axis", -1), attr_or(k, "keepdim", attr_or(k, "keep_dim", 0)), out);
}

static bool op_row_reduce(Call *k, Reduce op, Value *out) { return reduce(k, op, -1, true, out); }

/* ---- data movement ---- */

static bool op_load(Call *k, Value *out) {
    Array *t = arr(k, 0, V_TENSOR);
    int64_t off[MAX_RANK], shape[MAX_RANK];
    int no, ns;
    DType dt = DT_FP32;
    if (!t || !list_arg(k, 1, off, &no) || !list_arg(k, 2, shape, &ns) || !result_dtype(k, &dt))
        return false;
    if (no != ns)
        return fail(k, "has %d offsets but %d sizes", no, ns);
    if (!check_window(k, "reads", 0, t, no, off, shape))
        return false;
    Array *o = new_result(k, V_TILE, dt, ns, shape, result_space(k));
    if (!o)
        return false;
    Array *w = window(t, no, off, shape);
    k_copy(o, w); /* uninitialised elements stay so: only computing with them is an error */
    array_release(w);
    return done(out, V_TILE, o);
}

/* tile.store, tile.l0c_store: the tile's elements, in row-major order, into the window; the
 * result is the output tensor itself. */
static bool op_store(Call *k, Value *out) {
    Array *tile = arr(k, 0, V_TILE), *t = tile ? arr(k, 3, V_TENSOR) : NULL;
    int64_t off[MAX_RANK], shape[MAX_RANK];
    int no, ns;
    if (!t || !list_arg(k, 1, off, &no) || !list_arg(k, 2, shape, &ns))
        return false;
    if (no != ns)
        return fail(k, "has %d offsets but %d sizes", no, ns);
    if (!check_window(k, "writes", 3, t, no, off, shape))
        return false;
    if (numel(ns, shape) != tile->n) {
        Buf x = {0}, y = {0};
        fail(k, "stores a %s tile into a %s window", spell_shape(&x, tile->rank, tile->shape),
             spell_shape(&y, ns, shape));
        buf_free(&x);
        buf_free(&y);
        return false;
    }
    Array *w = window(t, no, off, shape);
    k_copy(w, tile);
    array_release(w);
    return done(out, V_TENSOR, array_retain(t));
}

/* tile.move (to another space, transposed when asked) and tile.ub_copy: a copy. */
static bool op_move(Call *k, bool move, Value *out) {
    Array *a = arr(k, 0, V_TILE);
    DType dt = DT_FP32;
    if (!a || !result_dtype(k, &dt))
        return false;
    bool tr = move && attr_or(k, "transpose", 0);
    if (tr && a->rank != 2)
        return fail(k, "transposes a rank-%d tile", a->rank);
    Array src = tr ? array_swapped(a, 0, 1) : *a;
    Array *o = new_result(k, V_TILE, dt, src.rank, src.shape, move ? result_space(k) : MEM_Vec);
    if (!o)
        return false;
    k_copy(o, &src);
    return done(out, V_TILE, o);
}

/* tensor.view aliases its tensor; tile.view copies the sub-tile (tiles are values). */
static bool op_view(Call *k, Value *out) {
    Array *a = arr(k, 0, V_NONE);
    int64_t off[MAX_RANK], shape[MAX_RANK];
    int no, ns;
    if (!a || !list_arg(k, 1, shape, &ns) || !list_arg(k, 2, off, &no))
        return false;
    if (no != ns)
        return fail(k, "has %d offsets but %d sizes", no, ns);
    if (!check_window(k, "reads", 0, a, no, off, shape))
        return false;
    Array *w = window(a, no, off, shape);
    if (k->v[0].kind == V_TENSOR)
        return done(out, V_TENSOR, w);
    Array *o = new_result(k, V_TILE, a->dt, ns, shape, a->st->space);
    if (o)
        k_copy(o, w);
    array_release(w);
    return o && done(out, V_TILE, o);
}

/* Same elements, new shape: the same storage (a non-contiguous tensor view is copied first). */
static bool op_reshape(Call *k, Value *out) {
    Array *a = arr(k, 0, V_NONE);
    int64_t shape[MAX_RANK], stride[MAX_RANK];
    int n;
    if (!a || !list_arg(k, 1, shape, &n))
        return false;
    for (int d = 0; d < n; d++)
        if (shape[d] < 0)
            return fail(k, "has a negative size %lld in dimension %d", (long long)shape[d], d + 1);
    if (numel(n, shape) != a->n) {
        Buf x = {0}, y = {0};
        fail(k, "cannot reshape %s (%lld elements) to %s", spell_shape(&x, a->rank, a->shape), (long long)a->n,
             spell_shape(&y, n, shape));
        buf_free(&x);
        buf_free(&y);
        return false;
    }
    int64_t st = 1;
    for (int d = n - 1; d >= 0; d--) {
        stride[d] = st;
        st *= shape[d];
    }
    Array *c = array_contig(a);
    Array *v = array_view(c, n, shape, stride, c->offset);
    array_release(c);
    return done(out, k->v[0].kind, v);
}

static bool op_transpose(Call *k, Value *out) {
    Array *a = arr(k, 0, V_NONE);
    int64_t x, y;
    if (!a || !int_arg(k, 1, &x) || !int_arg(k, 2, &y))
        return false;
    x += x < 0 ? a->rank : 0;
    y += y < 0 ? a->rank : 0;
    if (x < 0 || y < 0 || x >= a->rank || y >= a->rank)
        return fail(k, "swaps axes out of range for a rank-%d array", a->rank);
    Array v = array_swapped(a, (int)x, (int)y);
    if (k->v[0].kind == V_TENSOR) /* a view of the same tensor */
        return done(out, V_TENSOR, array_view(a, v.rank, v.shape, v.stride, v.offset));
    Array *o = new_result(k, V_TILE, a->dt, v.rank, v.shape, MEM_Vec);
    if (!o)
        return false;
    k_copy(o, &v);
    return done(out, V_TILE, o);
}

/* tensor.assemble(target, source, offset): source written into target; the result is target. */
static bool op_assemble(Call *k, Value *out) {
    Array *t = arr(k, 0, V_TENSOR), *s = t ? arr(k, 1, V_TENSOR) : NULL;
    int64_t off[MAX_RANK];
    int n;
    if (!s || !list_arg(k, 2, off, &n) || !check_window(k, "writes", 0, t, n, off, s->shape))
        return false;
    if (s->rank != n)
        return fail(k, "writes a rank-%d tensor at %d offsets", s->rank, n);
    Array *w = window(t, n, off, s->shape);
    k_copy(w, s);
    array_release(w);
    return done(out, V_TENSOR, array_retain(t));
}

static bool op_read(Call *k, Value *out) {
    Array *t = arr(k, 0, V_TENSOR);
    int64_t idx[MAX_RANK], one[MAX_RANK] = {0};
    int n;
    if (!t || !list_arg(k, 1, idx, &n))
        return false;
    for (int d = 0; d < n; d++)
        one[d] = 1;
    if (!check_window(k, "reads", 0, t, n, idx, one))
        return false;
    int64_t at = t->offset;
    for (int d = 0; d < n; d++)
        at += idx[d] * t->stride[d];
    if (!bit_get(t->st->init, at)) {
        Buf b = {0}, name = {0};
        arg_name(&name, k->e, 0);
        fail(k, "reads an uninitialised element %s of %s", spell_shape(&b, n, idx), name.data);
        buf_free(&b);
        buf_free(&name);
        return false;
    }
    if (dtype_is_float(t->dt)) {
        double f;
        run_to_f64(&f, array_at(t, at), t->dt, 1, 1);
        *out = value_scalar(scalar_float(t->dt, f));
    } else {
        int64_t i;
        run_to_i64(&i, array_at(t, at), t->dt, 1, 1);
        *out = value_scalar(scalar_int(t->dt, i));
    }
    return true;
}

static bool op_dim(Call *k, Value *out) {
    Array *t = arr(k, 0, V_TENSOR);
    int64_t axis;
    if (!t || !int_arg(k, 1, &axis))
        return false;
    if (axis < 0)
        axis += t->rank;
    if (axis < 0 || axis >= t->rank)
        return fail(k, "asks for axis %lld of a rank-%d tensor", (long long)axis, t->rank);
    *out = value_scalar(scalar_int(DT_INT64, t->shape[axis]));
    return true;
}

static bool op_alloc(Call *k, Value *out) {
    const Expr *sp = k->e->call.args[0];
    int64_t size;
    if (!int_arg(k, 1, &size))
        return false;
    *out = (Value){.kind = V_PTR};
    out->ptr.space = sp->kind == E_SYM ? (MemSpace)sp->sym.value : (MemSpace)sp->i;
    out->ptr.size = size;
    out->ptr.id = k->I->next_ptr++;
    return true;
}

/* ---- dispatch ---- */

static bool run_op(Call *k, Value *out) {
    switch (k->e->call.op->id) {
    case OP_TENSOR_CREATE: case OP_TILE_CREATE_TILE: return op_create(k, false, out);
    case OP_TILE_FULL: return op_create(k, true, out);
    case OP_TENSOR_READ: return op_read(k, out);
    case OP_TENSOR_DIM: return op_dim(k, out);
    case OP_TENSOR_VIEW: case OP_TILE_VIEW: return op_view(k, out);
    case OP_TENSOR_ASSEMBLE: return op_assemble(k, out);
    case OP_TENSOR_RESHAPE: case OP_TILE_RESHAPE: return op_reshape(k, out);
    case OP_TENSOR_TRANSPOSE: case OP_TILE_TRANSPOSE: return op_transpose(k, out);

    case OP_TENSOR_ADD: case OP_TILE_ADD: return op_binary(k, EW_ADD, out);
    case OP_TENSOR_SUB: case OP_TILE_SUB: return op_binary(k, EW_SUB, out);
    case OP_TENSOR_MUL: case OP_TILE_MUL: return op_binary(k, EW_MUL, out);
    case OP_TENSOR_DIV: case OP_TILE_DIV: return op_binary(k, EW_DIV, out);
    case OP_TENSOR_MAXIMUM: case OP_TILE_MAXIMUM: return op_binary(k, EW_MAX, out);
    case OP_TILE_MINIMUM: return op_binary(k, EW_MIN, out);
    case OP_TILE_CMP: return op_binary(k, cmp_op(k), out);

    case OP_TENSOR_ADD_SCALAR: case OP_TILE_ADDS: return op_binary_scalar(k, EW_ADD, out);
    case OP_TENSOR_SUB_SCALAR: case OP_TILE_SUBS: return op_binary_scalar(k, EW_SUB, out);
    case OP_TENSOR_MUL_SCALAR: case OP_TILE_MULS: return op_binary_scalar(k, EW_MUL, out);
    case OP_TENSOR_DIV_SCALAR: case OP_TILE_DIVS: return op_binary_scalar(k, EW_DIV, out);
    case OP_TILE_CMPS: return op_binary_scalar(k, cmp_op(k), out);

    case OP_TENSOR_EXP: case OP_TILE_EXP: return op_unary(k, EW_EXP, out);
    case OP_TILE_NEG: return op_unary(k, EW_NEG, out);
    case OP_TILE_RECIP: return op_unary(k, EW_RECIP, out);
    case OP_TILE_SQRT: return op_unary(k, EW_SQRT, out);
    case OP_TILE_RSQRT: return op_unary(k, EW_RSQRT, out);
    case OP_TILE_LOG: return op_unary(k, EW_LOG, out);
    case OP_TILE_ABS: return op_unary(k, EW_ABS, out);
    case OP_TILE_RELU: return op_unary(k, EW_RELU, out);
    case OP_TENSOR_CAST: case OP_TILE_CAST: return op_cast(k, out);

    case OP_TENSOR_MATMUL: return op_tensor_matmul(k, out);
    case OP_TILE_MATMUL: return op_tile_matmul(k, false, out);
    case OP_TILE_MATMUL_ACC: return op_tile_matmul(k, true, out);

    case OP_TENSOR_ROW_MAX: return reduce(k, RED_MAX, attr_or(k, "axis", -1), attr_or(k, "keep_dim", 1), out);
    case OP_TENSOR_ROW_SUM: return reduce(k, RED_SUM, attr_or(k, "axis", -1), attr_or(k, "keep_dim", 1), out);
    case OP_TILE_SUM: return op_reduce(k, RED_SUM, out);
    case OP_TILE_MAX: return op_reduce(k, RED_MAX, out);
    case OP_TILE_MIN: return op_reduce(k, RED_MIN, out);
    case OP_TILE_ROW_SUM: return op_row_reduce(k, RED_SUM, out);
    case OP_TILE_ROW_MAX: return op_row_reduce(k, RED_MAX, out);
    case OP_TILE_ROW_MIN: return op_row_reduce(k, RED_MIN, out);

    case OP_TILE_ROW_EXPAND_ADD: return op_expand(k, true, EW_ADD, out);
    case OP_TILE_ROW_EXPAND_SUB: return op_expand(k, true, EW_SUB, out);
    case OP_TILE_ROW_EXPAND_MUL: return op_expand(k, true, EW_MUL, out);
    case OP_TILE_ROW_EXPAND_DIV: return op_expand(k, true, EW_DIV, out);
    case OP_TILE_COL_EXPAND: return op_col_expand(k, out);
    case OP_TILE_COL_EXPAND_MUL: return op_expand(k, false, EW_MUL, out);
    case OP_TILE_COL_EXPAND_DIV: return op_expand(k, false, EW_DIV, out);
    case OP_TILE_COL_EXPAND_SUB: return op_expand(k, false, EW_SUB, out);
    case OP_TILE_EXPANDS: return op_expands(k, out);

    case OP_TILE_LOAD: return op_load(k, out);
    case OP_TILE_STORE: case OP_TILE_L0C_STORE: return op_store(k, out);
    case OP_TILE_MOVE: return op_move(k, true, out);
    case OP_TILE_UB_COPY: return op_move(k, false, out);
    case OP_TILE_GET_BLOCK_IDX:
        *out = value_scalar(scalar_int(DT_UINT64, (int64_t)(k->I->in ? k->I->in->block_idx : 0)));
        return true;
    case OP_TILE_ALLOC: return op_alloc(k, out);

    /* the pipe model (sync.c); each pipe runs in order, so bar_v and bar_m order nothing more */
    case OP_SYSTEM_SYNC_SRC:
        sync_signal(k->I->sync, attr_or(k, "set_pipe", -1), attr_or(k, "wait_pipe", -1), attr_or(k, "event_id", 0));
        return true;
    case OP_SYSTEM_SYNC_DST:
        sync_wait(k->I->sync, attr_or(k, "set_pipe", -1), attr_or(k, "wait_pipe", -1), attr_or(k, "event_id", 0));
        return true;
    case OP_SYSTEM_BAR_ALL:
        sync_barrier(k->I->sync);
        return true;
    case OP_SYSTEM_BAR_V: case OP_SYSTEM_BAR_M:
        return true;
    case OP__COUNT:
        break;
    }
    return fail(k, "is not known to the interpreter");
}

/* Every op of a run passes here: its pipe (ops.def) and the buffers it reads and writes are
 * checked against the program's sync_src/sync_dst/barriers (sync.c). */
bool interp_op(Interp *I, const Expr *e, Value *out) {
    Call k = {.I = I, .e = e, .dest = I->dest};
    I->dest = NULL; /* not for the calls in the arguments */
    *out = (Value){.kind = V_NONE};
    bool ok = eval_args(&k) && sync_op(I, e, k.dest) && run_op(&k, out);
    release_args(&k);
    return ok;
}
