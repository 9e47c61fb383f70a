/* pto_scalar.c - scalar expressions as arith ops.
 *
 * The language's integer scalars (any width) are index values: they are offsets, loop bounds
 * and counters, which scf.for and partition_view take as index. They become iN only where an
 * op wants one (the scalar of a tadds on an i32 tile). Booleans are i1, floats keep their type.
 * Python's semantics are kept where arith differs: `//` and `%` round towards minus infinity. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "backend/pto/pto.h"

/* ---- constants ---- */

typedef struct Const {
    MTy ty;
    int seq;      /* order of creation */
    int64_t i;    /* integers and i1 */
    double f;     /* floats */
    const char *name;
} Const;

static Const *const_find(Fn *f, MTy ty, int64_t i, double d) {
    for (int k = 0; k < f->consts.len; k++) {
        Const *c = f->consts.items[k];
        if (c->ty == ty && (pto_mty_is_float(ty) ? memcmp(&c->f, &d, sizeof d) == 0 : c->i == i))
            return c;
    }
    return NULL;
}

static const char *const_add(Fn *f, MTy ty, int64_t i, double d, const char *base) {
    Const *c = const_find(f, ty, i, d);
    if (c)
        return c->name;
    c = ARENA_NEW(f->c->arena, Const);
    c->ty = ty;
    c->seq = f->consts.len;
    c->i = i;
    c->f = d;
    c->name = pto_fn_name(f, base);
    vec_push(&f->consts, c);
    return c->name;
}

const char *pto_const_index(Fn *f, int64_t v) { return pto_const_int(f, MT_INDEX, v); }

const char *pto_const_int(Fn *f, MTy ty, int64_t v) {
    char base[48];
    if (ty == DT_BOOL) {
        v = v != 0;
        snprintf(base, sizeof base, "%s", v ? "true" : "false");
    } else if (ty == MT_INDEX)
        snprintf(base, sizeof base, "c%lld", (long long)v);
    else
        snprintf(base, sizeof base, "c%lld_%s", (long long)v, pto_mty_spell(ty));
    return const_add(f, ty, v, 0, base);
}

const char *pto_const_float(Fn *f, MTy ty, double v) { return const_add(f, ty, 0, v, "cst"); }

/* A float literal MLIR reads back to the same value of type ty: the fewest digits (at least
 * MLIR's own six) that round-trip through float; infinities and NaN as the type's bit pattern. */
static void float_literal(Buf *b, MTy ty, double v) {
    int bits = dtype_info[ty].bits;
    if (isnan(v) || isinf(v)) {
        uint32_t pat;
        if (bits == 16 && ty == DT_BF16)
            pat = isnan(v) ? 0x7FC0 : v > 0 ? 0x7F80 : 0xFF80;
        else if (bits == 16)
            pat = isnan(v) ? 0x7E00 : v > 0 ? 0x7C00 : 0xFC00;
        else
            pat = isnan(v) ? 0x7FC00000u : v > 0 ? 0x7F800000u : 0xFF800000u;
        buf_printf(b, "0x%X", pat);
        return;
    }
    char tmp[64];
    for (int p = 6; p <= 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*e", p, v);
        if ((float)strtod(tmp, NULL) == (float)v)
            break;
    }
    buf_puts(b, tmp);
}

/* Index constants first, then the other types in DType order; integers by value, floats in
 * the order the kernel needs them (named %cst, %cst_1, ... in that order). */
static int const_cmp(const void *pa, const void *pb) {
    const Const *a = *(const Const *const *)pa, *b = *(const Const *const *)pb;
    int ka = a->ty == MT_INDEX ? -1 : a->ty, kb = b->ty == MT_INDEX ? -1 : b->ty;
    if (ka != kb)
        return ka < kb ? -1 : 1;
    if (pto_mty_is_float(a->ty))
        return a->seq < b->seq ? -1 : a->seq > b->seq;
    return a->i < b->i ? -1 : a->i > b->i ? 1 : 0;
}

void pto_consts_print(Fn *f, Buf *b) {
    int n = f->consts.len;
    Const **sorted = malloc(sizeof *sorted * (size_t)(n > 0 ? n : 1));
    for (int k = 0; k < n; k++)
        sorted[k] = f->consts.items[k];
    qsort(sorted, (size_t)n, sizeof *sorted, const_cmp);
    for (int k = 0; k < n; k++) {
        Const *c = sorted[k];
        buf_printf(b, "    %s = arith.constant ", c->name);
        if (c->ty == DT_BOOL)
            buf_puts(b, c->i ? "true" : "false");
        else if (pto_mty_is_float(c->ty)) {
            float_literal(b, c->ty, c->f);
            buf_printf(b, " : %s", pto_mty_spell(c->ty));
        } else
            buf_printf(b, "%lld : %s", (long long)c->i, pto_mty_spell(c->ty));
        pto_loc_print(f, b, f->f->loc);
        buf_putc(b, '\n');
    }
    free(sorted);
}

/* ---- ops ---- */

/* Writes `NAME = TEXT` as one op and returns its value of type ty. */
static Val *op_val(Fn *f, MTy ty, const char *name, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static Val *op_val(Fn *f, MTy ty, const char *name, const char *fmt, ...) {
    Val *v = pto_val_new(f, VAL_SCALAR, name ? name : pto_fn_temp(f));
    v->ty = ty;
    pto_op_begin(f);
    buf_printf(f->cur, "%s = ", v->name);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(f->cur, fmt, ap);
    va_end(ap);
    pto_op_end(f);
    return v;
}

static Val *const_val_of(Fn *f, MTy ty, int64_t i, double d) {
    Val *v = pto_val_new(f, VAL_SCALAR, pto_mty_is_float(ty) ? pto_const_float(f, ty, d) : pto_const_int(f, ty, i));
    v->ty = ty;
    return v;
}

static int float_bits(MTy t) { return dtype_info[t].bits; }

/* One step of conversion between different types. */
static Val *convert_step(Fn *f, Val *v, MTy to, const char *name) {
    MTy from = v->ty;
    const char *a = v->name, *sf = pto_mty_spell(from), *st = pto_mty_spell(to);
    if (from == DT_BOOL && to == MT_INDEX)
        return op_val(f, to, name, "arith.index_castui %s : i1 to index", a);
    if (from == DT_BOOL && pto_mty_is_float(to))
        return op_val(f, to, name, "arith.uitofp %s : i1 to %s", a, st);
    if (to == DT_BOOL && pto_mty_is_int(from))
        return op_val(f, to, name, "arith.cmpi ne, %s, %s : %s", a, pto_const_int(f, from, 0), sf);
    if (to == DT_BOOL && pto_mty_is_float(from))
        return op_val(f, to, name, "arith.cmpf une, %s, %s : %s", a, pto_const_float(f, from, 0.0), sf);
    if ((from == MT_INDEX && pto_mty_is_int(to)) || (to == MT_INDEX && pto_mty_is_int(from)))
        return op_val(f, to, name, "arith.index_cast %s : %s to %s", a, sf, st);
    if (pto_mty_is_int(from) && pto_mty_is_float(to))
        return op_val(f, to, name, "arith.sitofp %s : %s to %s", a, sf, st);
    if (pto_mty_is_float(from) && pto_mty_is_int(to))
        return op_val(f, to, name, "arith.fptosi %s : %s to %s", a, sf, st);
    if (float_bits(from) < float_bits(to))
        return op_val(f, to, name, "arith.extf %s : %s to %s", a, sf, st);
    return op_val(f, to, name, "arith.truncf %s : %s to %s", a, sf, st);
}

Val *pto_scalar_convert(Fn *f, Val *v, MTy want, const char *name) {
    if (!v || want < 0 || v->ty == want)
        return v;
    MTy from = v->ty;
    /* Conversions arith has no single op for go through a middle type. */
    MTy mid = -1;
    if (from == MT_INDEX && pto_mty_is_float(want))
        mid = DT_INT64;
    else if (pto_mty_is_float(from) && want == MT_INDEX)
        mid = DT_INT64;
    else if (from == DT_BOOL && pto_mty_is_int(want) && want != MT_INDEX)
        mid = MT_INDEX;
    else if (pto_mty_is_int(from) && pto_mty_is_int(want) && from != MT_INDEX && want != MT_INDEX)
        mid = MT_INDEX;
    else if (pto_mty_is_float(from) && pto_mty_is_float(want) && float_bits(from) == float_bits(want))
        mid = DT_FP32;
    if (mid >= 0)
        v = convert_step(f, v, mid, NULL);
    return convert_step(f, v, want, name);
}

/* ---- expressions ---- */

static bool own_type(Fn *f, const Expr *e, MTy *ty) {
    if (!e->type || e->type->kind != TY_SCALAR) {
        pto_fn_error(f, e->loc, "expected a scalar expression");
        return false;
    }
    if (!pto_mty_of_scalar(e->type->dtype, ty)) {
        pto_fn_error(f, e->loc, "scalars of dtype %s have no PTO type", dtype_info[e->type->dtype].name);
        return false;
    }
    return true;
}

static Val *const_emit(Fn *f, const Expr *e, MTy want) {
    MTy ty;
    if (!own_type(f, e, &ty))
        return NULL;
    if (want >= 0)
        ty = want;
    double d = e->kind == E_FLOAT ? e->f : e->kind == E_INT ? (double)e->i : (double)e->b;
    int64_t i = e->kind == E_FLOAT ? (int64_t)e->f : e->kind == E_INT ? e->i : e->b;
    if (ty == DT_BOOL)
        i = e->kind == E_FLOAT ? e->f != 0 : i != 0;
    return const_val_of(f, ty, i, d);
}

static const char *const cmpi_pred[] = {"eq", "ne", "slt", "sle", "sgt", "sge"};
static const char *const cmpu_pred[] = {"eq", "ne", "ult", "ule", "ugt", "uge"};
static const char *const cmpf_pred[] = {"oeq", "une", "olt", "ole", "ogt", "oge"};

static Val *compare_emit(Fn *f, const Expr *e, const char *name) {
    MTy ty;
    if (!pto_mty_of_scalar(dtype_promote(e->bin.l->type->dtype, e->bin.r->type->dtype), &ty)) {
        pto_fn_error(f, e->loc, "this comparison has no PTO type");
        return NULL;
    }
    Val *l = pto_scalar_emit(f, e->bin.l, ty, NULL), *r = pto_scalar_emit(f, e->bin.r, ty, NULL);
    if (!l || !r)
        return NULL;
    int k = (int)e->bin.op - BIN_EQ;
    if (pto_mty_is_float(ty))
        return op_val(f, DT_BOOL, name, "arith.cmpf %s, %s, %s : %s", cmpf_pred[k], l->name, r->name, pto_mty_spell(ty));
    return op_val(f, DT_BOOL, name, "arith.cmpi %s, %s, %s : %s", ty == DT_BOOL ? cmpu_pred[k] : cmpi_pred[k], l->name,
                  r->name, pto_mty_spell(ty));
}

/* The arith op of a binary operator in the integer and the float domain (NULL: none). */
static void binop_names(BinOp op, const char **ni, const char **nf) {
    *ni = *nf = NULL;
    switch (op) {
    case BIN_ADD: *ni = "arith.addi"; *nf = "arith.addf"; break;
    case BIN_SUB: *ni = "arith.subi"; *nf = "arith.subf"; break;
    case BIN_MUL: *ni = "arith.muli"; *nf = "arith.mulf"; break;
    case BIN_DIV: *ni = "arith.divsi"; *nf = "arith.divf"; break;
    case BIN_FLOORDIV: *ni = "arith.floordivsi"; break;
    case BIN_MIN: *ni = "arith.minsi"; *nf = "arith.minimumf"; break;
    case BIN_MAX: *ni = "arith.maxsi"; *nf = "arith.maximumf"; break;
    case BIN_AND: *ni = "arith.andi"; break;
    case BIN_OR: *ni = "arith.ori"; break;
    case BIN_BITAND: *ni = "arith.andi"; break;
    case BIN_BITOR: *ni = "arith.ori"; break;
    case BIN_BITXOR: *ni = "arith.xori"; break;
    case BIN_SHL: *ni = "arith.shli"; break;
    case BIN_SHR: *ni = "arith.shrsi"; break;
    case BIN_MOD: case BIN_POW:
    case BIN_EQ: case BIN_NE: case BIN_LT: case BIN_LE: case BIN_GT: case BIN_GE:
        break;
    }
}

static Val *binary_emit(Fn *f, const Expr *e, const char *name) {
    BinOp op = e->bin.op;
    if (op >= BIN_EQ && op <= BIN_GE)
        return compare_emit(f, e, name);
    MTy ty;
    if (!own_type(f, e, &ty))
        return NULL;
    if (op == BIN_POW) {
        pto_fn_error(f, e->loc, "'**' of values known only at run time has no PTO form");
        return NULL;
    }
    const char *ni, *nf;
    binop_names(op, &ni, &nf);
    const char *opname = pto_mty_is_float(ty) ? nf : ni;
    if (!opname && op != BIN_MOD) {
        pto_fn_error(f, e->loc, "operator '%s' on %s scalars has no PTO form", binop_spell[op], pto_mty_spell(ty));
        return NULL;
    }
    if (op == BIN_MOD && pto_mty_is_float(ty)) {
        pto_fn_error(f, e->loc, "operator '%%' on float scalars has no PTO form");
        return NULL;
    }
    Val *l = pto_scalar_emit(f, e->bin.l, ty, NULL), *r = pto_scalar_emit(f, e->bin.r, ty, NULL);
    if (!l || !r)
        return NULL;
    const char *st = pto_mty_spell(ty);
    if (op == BIN_MOD) { /* Python's a % b = a - (a // b) * b */
        Val *q = op_val(f, ty, NULL, "arith.floordivsi %s, %s : %s", l->name, r->name, st);
        Val *p = op_val(f, ty, NULL, "arith.muli %s, %s : %s", q->name, r->name, st);
        return op_val(f, ty, name, "arith.subi %s, %s : %s", l->name, p->name, st);
    }
    return op_val(f, ty, name, "%s %s, %s : %s", opname, l->name, r->name, st);
}

static Val *unary_emit(Fn *f, const Expr *e, const char *name) {
    MTy ty;
    if (!own_type(f, e, &ty))
        return NULL;
    Val *x = pto_scalar_emit(f, e->un.e, ty, NULL);
    if (!x)
        return NULL;
    const char *st = pto_mty_spell(ty);
    switch (e->un.op) {
    case UN_NEG:
        if (pto_mty_is_float(ty))
            return op_val(f, ty, name, "arith.negf %s : %s", x->name, st);
        return op_val(f, ty, name, "arith.subi %s, %s : %s", pto_const_int(f, ty, 0), x->name, st);
    case UN_NOT:
        return op_val(f, ty, name, "arith.xori %s, %s : i1", x->name, pto_const_int(f, DT_BOOL, 1));
    case UN_BITNOT:
        return op_val(f, ty, name, "arith.xori %s, %s : %s", x->name, pto_const_int(f, ty, -1), st);
    case UN_ABS:
        if (pto_mty_is_float(ty)) {
            Val *n = op_val(f, ty, NULL, "arith.negf %s : %s", x->name, st);
            return op_val(f, ty, name, "arith.maximumf %s, %s : %s", x->name, n->name, st);
        } else {
            Val *n = op_val(f, ty, NULL, "arith.subi %s, %s : %s", pto_const_int(f, ty, 0), x->name, st);
            return op_val(f, ty, name, "arith.maxsi %s, %s : %s", x->name, n->name, st);
        }
    }
    return NULL;
}

Val *pto_block_idx_emit(Fn *f, const char *name) {
    const char *raw = pto_fn_name(f, "block_idx");
    pto_op_begin(f);
    buf_printf(f->cur, "%s = pto.get_block_idx", raw);
    pto_op_end(f);
    Val *b = pto_val_new(f, VAL_SCALAR, raw);
    b->ty = DT_INT64;
    return pto_scalar_convert(f, b, MT_INDEX, name);
}

Val *pto_scalar_emit(Fn *f, const Expr *e, MTy want, const char *name) {
    MTy ty = -1;
    Val *v = NULL;
    switch (e->kind) {
    case E_INT:
    case E_FLOAT:
    case E_BOOL:
        return const_emit(f, e, want);
    case E_VAR:
        v = pto_val_use(f, e);
        if (pto_val_poisoned(v))
            return NULL;
        if (!v || v->kind != VAL_SCALAR) {
            pto_fn_error(f, e->loc, "'%s' has no scalar value here", e->var->name);
            return NULL;
        }
        return pto_scalar_convert(f, v, want, name);
    case E_BINARY:
    case E_UNARY:
    case E_CAST:
    case E_OP:
        break;
    case E_STR: case E_CALL: case E_TUPLE: case E_LIST: case E_INDEX: case E_SYM:
        pto_fn_error(f, e->loc, "this expression has no PTO form in a kernel");
        return NULL;
    }
    if (!own_type(f, e, &ty))
        return NULL;
    /* The op computing e takes the name when no conversion follows it. */
    const char *own = want < 0 || want == ty ? name : NULL;
    switch (e->kind) {
    case E_BINARY:
        v = binary_emit(f, e, own);
        break;
    case E_UNARY:
        v = unary_emit(f, e, own);
        break;
    case E_CAST:
        v = pto_scalar_emit(f, e->cast.e, ty, own);
        break;
    case E_OP:
        if (e->call.op->id != OP_TILE_GET_BLOCK_IDX) {
            pto_fn_error(f, e->loc, "%s gives no scalar the pto backend can write", e->call.op->name);
            return NULL;
        }
        v = pto_block_idx_emit(f, own);
        break;
    case E_INT: case E_FLOAT: case E_BOOL: case E_VAR:
    case E_STR: case E_CALL: case E_TUPLE: case E_LIST: case E_INDEX: case E_SYM:
        break;
    }
    return v ? pto_scalar_convert(f, v, want, name) : NULL;
}
