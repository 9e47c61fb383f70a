/* expr.c - scalar expressions: typing and constant folding as they are built. */
#include <math.h>
#include <string.h>

#include "ptoc.h"

const char *const binop_spell[] = {
    "+", "-", "*", "/", "//", "%", "**", "==", "!=", "<", "<=", ">", ">=",
    "and", "or", "&", "|", "^", "<<", ">>", "min", "max",
};

const char *const unop_spell[] = {"-", "not", "~", "abs"};

static Expr *new_expr(Ctx *c, ExprKind k, Loc loc, Type *t) {
    Expr *e = ARENA_NEW(c->arena, Expr);
    e->kind = k;
    e->loc = loc;
    e->type = t;
    return e;
}

Expr *mk_var(Ctx *c, Loc loc, Var *v) {
    Expr *e = new_expr(c, E_VAR, loc, v->type);
    e->var = v;
    return e;
}

Expr *mk_int(Ctx *c, Loc loc, int64_t v) {
    Expr *e = new_expr(c, E_INT, loc, ty_scalar(c, DT_INT64));
    e->i = v;
    return e;
}

Expr *mk_float(Ctx *c, Loc loc, double v) {
    Expr *e = new_expr(c, E_FLOAT, loc, ty_scalar(c, DT_FP32));
    e->f = v;
    return e;
}

Expr *mk_bool(Ctx *c, Loc loc, bool v) {
    Expr *e = new_expr(c, E_BOOL, loc, ty_scalar(c, DT_BOOL));
    e->b = v;
    return e;
}

Expr *mk_str(Ctx *c, Loc loc, Str s) {
    Expr *e = new_expr(c, E_STR, loc, NULL);
    e->s = s;
    return e;
}

Expr *mk_sym(Ctx *c, Loc loc, SymKind k, int value) {
    Expr *e = new_expr(c, E_SYM, loc, NULL);
    e->sym.kind = k;
    e->sym.value = value;
    return e;
}

Expr *mk_list(Ctx *c, Loc loc, ExprKind kind, int n, Expr **items) {
    ASSERT(kind == E_LIST || kind == E_TUPLE);
    Expr *e = new_expr(c, kind, loc, NULL);
    e->list.n = n;
    e->list.items = arena_dup(c->arena, items, sizeof(Expr *) * (size_t)n);
    if (kind == E_TUPLE) {
        /* a tuple of values has a tuple type; one holding lists or enumerators has none */
        Type **elems = ARENA_ARRAY(c->arena, Type *, n);
        for (int i = 0; i < n; i++)
            if (!(elems[i] = items[i]->type))
                return e;
        e->type = ty_tuple(c, n, elems);
    }
    return e;
}

Expr *mk_index(Ctx *c, Loc loc, Expr *t, int index) {
    if (!t->type || t->type->kind != TY_TUPLE) {
        error_at(c, loc, "only tuple values can be indexed");
        return NULL;
    }
    if (index < 0)
        index += t->type->nelems;
    if (index < 0 || index >= t->type->nelems) {
        error_at(c, loc, "tuple index %d out of range for a tuple of %d values", index, t->type->nelems);
        return NULL;
    }
    if (t->kind == E_TUPLE)
        return t->list.items[index];
    Expr *e = new_expr(c, E_INDEX, loc, t->type->elems[index]);
    e->index.e = t;
    e->index.index = index;
    return e;
}

bool expr_is_const_int(const Expr *e, int64_t *out) {
    if (!e || e->kind != E_INT)
        return false;
    *out = e->i;
    return true;
}

static bool is_const(const Expr *e) { return e->kind == E_INT || e->kind == E_FLOAT || e->kind == E_BOOL; }

static double const_f(const Expr *e) {
    return e->kind == E_FLOAT ? e->f : e->kind == E_INT ? (double)e->i : (double)e->b;
}

static int64_t const_i(const Expr *e) {
    return e->kind == E_INT ? e->i : e->kind == E_BOOL ? e->b : (int64_t)e->f;
}

/* A constant of dtype dt holding v (or f for floats). */
static Expr *mk_const(Ctx *c, Loc loc, DType dt, int64_t i, double f) {
    Expr *e;
    if (dt == DT_BOOL)
        e = mk_bool(c, loc, i != 0);
    else if (dtype_is_float(dt))
        e = mk_float(c, loc, f);
    else
        e = mk_int(c, loc, dtype_wrap(i, dt));
    e->type = ty_scalar(c, dt);
    return e;
}

static int64_t floordiv(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static int64_t floormod(int64_t a, int64_t b) {
    int64_t m = a % b;
    if (m != 0 && ((m < 0) != (b < 0)))
        m += b;
    return m;
}

/* Folds op over two constants of result dtype dt; false when it must stay for run time
 * (division by zero, overflow of the 64-bit range, negative integer powers). */
static bool fold_binary(BinOp op, const Expr *l, const Expr *r, DType dt, int64_t *iv, double *fv) {
    bool fl = dtype_is_float(dt);
    double a = const_f(l), b = const_f(r);
    int64_t x = const_i(l), y = const_i(r);
    uint64_t ux = (uint64_t)x, uy = (uint64_t)y;
    switch (op) {
    case BIN_ADD: if (fl) *fv = a + b; else *iv = (int64_t)(ux + uy); return true;
    case BIN_SUB: if (fl) *fv = a - b; else *iv = (int64_t)(ux - uy); return true;
    case BIN_MUL: if (fl) *fv = a * b; else *iv = (int64_t)(ux * uy); return true;
    case BIN_DIV:
        if (b == 0)
            return false;
        *fv = a / b;
        return true;
    case BIN_FLOORDIV:
        if (fl) {
            if (b == 0)
                return false;
            *fv = floor(a / b);
            return true;
        }
        if (y == 0 || (x == INT64_MIN && y == -1))
            return false;
        *iv = floordiv(x, y);
        return true;
    case BIN_MOD:
        if (fl) {
            if (b == 0)
                return false;
            *fv = a - floor(a / b) * b;
            return true;
        }
        if (y == 0 || (x == INT64_MIN && y == -1))
            return false;
        *iv = floormod(x, y);
        return true;
    case BIN_POW:
        if (fl) {
            *fv = pow(a, b);
            return true;
        }
        if (y < 0)
            return false;
        *iv = 1;
        for (int64_t k = 0; k < y; k++) {
            if (x != 0 && x != 1 && x != -1 && k >= 64)
                return false;
            *iv = (int64_t)((uint64_t)*iv * ux);
        }
        return true;
    case BIN_EQ: *iv = fl ? a == b : x == y; return true;
    case BIN_NE: *iv = fl ? a != b : x != y; return true;
    case BIN_LT: *iv = fl ? a < b : x < y; return true;
    case BIN_LE: *iv = fl ? a <= b : x <= y; return true;
    case BIN_GT: *iv = fl ? a > b : x > y; return true;
    case BIN_GE: *iv = fl ? a >= b : x >= y; return true;
    case BIN_AND: *iv = (fl ? a != 0 : x != 0) && (fl ? b != 0 : y != 0); return true;
    case BIN_OR: *iv = (fl ? a != 0 : x != 0) || (fl ? b != 0 : y != 0); return true;
    case BIN_BITAND: *iv = x & y; return true;
    case BIN_BITOR: *iv = x | y; return true;
    case BIN_BITXOR: *iv = x ^ y; return true;
    case BIN_SHL:
        if (y < 0 || y >= 64)
            return false;
        *iv = (int64_t)(ux << y);
        return true;
    case BIN_SHR:
        if (y < 0 || y >= 64)
            return false;
        *iv = x >> y;
        return true;
    case BIN_MIN: if (fl) *fv = a < b ? a : b; else *iv = x < y ? x : y; return true;
    case BIN_MAX: if (fl) *fv = a > b ? a : b; else *iv = x > y ? x : y; return true;
    }
    return false;
}

static bool is_scalar(const Expr *e) { return e->type && e->type->kind == TY_SCALAR; }

static void type_name(Buf *b, const Expr *e) {
    if (e->type)
        type_print(b, e->type);
    else
        buf_puts(b, e->kind == E_LIST ? "a list" : e->kind == E_STR ? "a string" : "an enumerator");
}

static Expr *not_scalar(Ctx *c, Loc loc, const char *op, const Expr *e) {
    Buf b = {0};
    type_name(&b, e);
    error_at(c, e->loc, "operator '%s' needs scalar operands, got %s", op, b.data);
    if (e->type && (e->type->kind == TY_TILE || e->type->kind == TY_TENSOR))
        hint(c, "use the ops (pl.add, pl.mul, ...) for tiles and tensors");
    buf_free(&b);
    (void)loc;
    return NULL;
}

Expr *mk_binary(Ctx *c, Loc loc, BinOp op, Expr *l, Expr *r) {
    if (!is_scalar(l))
        return not_scalar(c, loc, binop_spell[op], l);
    if (!is_scalar(r))
        return not_scalar(c, loc, binop_spell[op], r);
    DType a = l->type->dtype, b = r->type->dtype, dt = DT_INT64;
    switch (op) {
    case BIN_ADD: case BIN_SUB: case BIN_MUL: case BIN_FLOORDIV: case BIN_MOD: case BIN_POW:
    case BIN_MIN: case BIN_MAX:
        dt = dtype_promote(a, b);
        if (dt == DT_BOOL)
            dt = DT_INT64;
        break;
    case BIN_DIV:
        dt = dtype_promote(a, b);
        if (!dtype_is_float(dt))
            dt = DT_FP32;
        break;
    case BIN_EQ: case BIN_NE: case BIN_LT: case BIN_LE: case BIN_GT: case BIN_GE:
    case BIN_AND: case BIN_OR:
        dt = DT_BOOL;
        break;
    case BIN_BITAND: case BIN_BITOR: case BIN_BITXOR: case BIN_SHL: case BIN_SHR:
        if (dtype_is_float(a) || dtype_is_float(b)) {
            Buf tb = {0};
            type_print(&tb, dtype_is_float(a) ? l->type : r->type);
            error_at(c, loc, "operator '%s' needs integer operands, got %s", binop_spell[op], tb.data);
            buf_free(&tb);
            return NULL;
        }
        dt = dtype_promote(a, b);
        break;
    }
    if ((op == BIN_DIV || op == BIN_FLOORDIV || op == BIN_MOD) && is_const(r) && const_f(r) == 0) {
        error_at(c, r->loc, "division by zero");
        return NULL;
    }
    if (is_const(l) && is_const(r)) {
        DType fold_dt = op >= BIN_EQ && op <= BIN_OR ? dtype_promote(a, b) : dt;
        int64_t iv = 0;
        double fv = 0;
        if (fold_binary(op, l, r, fold_dt, &iv, &fv))
            return dt == DT_BOOL ? mk_const(c, loc, dt, iv, 0)
                                 : mk_const(c, loc, dt, dtype_is_float(dt) ? (int64_t)fv : iv, fv);
    }
    Expr *e = new_expr(c, E_BINARY, loc, ty_scalar(c, dt));
    e->bin.op = op;
    e->bin.l = l;
    e->bin.r = r;
    return e;
}

Expr *mk_unary(Ctx *c, Loc loc, UnOp op, Expr *x) {
    if (!is_scalar(x))
        return not_scalar(c, loc, unop_spell[op], x);
    DType dt = x->type->dtype;
    switch (op) {
    case UN_NOT:
        dt = DT_BOOL;
        break;
    case UN_BITNOT:
        if (dtype_is_float(dt)) {
            error_at(c, loc, "operator '~' needs an integer operand, got pl.Scalar[pl.%s]", dtype_info[dt].name);
            return NULL;
        }
        break;
    case UN_NEG:
    case UN_ABS:
        if (dt == DT_BOOL)
            dt = DT_INT64;
        break;
    }
    if (is_const(x)) {
        bool fl = dtype_is_float(dt);
        double f = const_f(x);
        int64_t i = const_i(x);
        switch (op) {
        case UN_NEG: return mk_const(c, loc, dt, (int64_t)(0 - (uint64_t)i), -f);
        case UN_NOT: return mk_const(c, loc, dt, fl ? f == 0 : i == 0, 0);
        case UN_BITNOT: return mk_const(c, loc, dt, ~i, 0);
        case UN_ABS:
            if (!fl && i == INT64_MIN)
                break;
            return mk_const(c, loc, dt, i < 0 ? -i : i, fabs(f));
        }
    }
    Expr *e = new_expr(c, E_UNARY, loc, ty_scalar(c, dt));
    e->un.op = op;
    e->un.e = x;
    return e;
}

Expr *mk_cast(Ctx *c, Loc loc, Expr *x, DType to) {
    if (!is_scalar(x))
        return not_scalar(c, loc, "pl.cast", x);
    if (x->type->dtype == to)
        return x;
    if (is_const(x)) {
        double f = const_f(x);
        if (dtype_is_float(to) || (!isnan(f) && f > -9.2e18 && f < 9.2e18))
            return mk_const(c, loc, to, x->kind == E_FLOAT ? (int64_t)f : const_i(x), f);
    }
    Expr *e = new_expr(c, E_CAST, loc, ty_scalar(c, to));
    e->cast.e = x;
    e->cast.to = to;
    return e;
}

static bool exprs_equal(int n, Expr **a, Expr **b) {
    for (int i = 0; i < n; i++)
        if (!expr_equal(a[i], b[i]))
            return false;
    return true;
}

bool expr_equal(const Expr *a, const Expr *b) {
    if (a == b)
        return true;
    if (!a || !b || a->kind != b->kind)
        return false;
    if (a->type && b->type && a->type->kind == TY_SCALAR && b->type->kind == TY_SCALAR &&
        a->type->dtype != b->type->dtype)
        return false;
    switch (a->kind) {
    case E_VAR: return a->var == b->var;
    case E_INT: return a->i == b->i;
    case E_FLOAT: return memcmp(&a->f, &b->f, sizeof a->f) == 0;
    case E_BOOL: return a->b == b->b;
    case E_STR: return strcmp(a->s, b->s) == 0;
    case E_BINARY: return a->bin.op == b->bin.op && expr_equal(a->bin.l, b->bin.l) && expr_equal(a->bin.r, b->bin.r);
    case E_UNARY: return a->un.op == b->un.op && expr_equal(a->un.e, b->un.e);
    case E_CAST: return a->cast.to == b->cast.to && expr_equal(a->cast.e, b->cast.e);
    case E_OP:
        if (a->call.op != b->call.op || a->call.nargs != b->call.nargs || a->call.nkw != b->call.nkw)
            return false;
        for (int i = 0; i < a->call.nkw; i++)
            if (strcmp(a->call.kw[i].name, b->call.kw[i].name) || !expr_equal(a->call.kw[i].value, b->call.kw[i].value))
                return false;
        return exprs_equal(a->call.nargs, a->call.args, b->call.args);
    case E_CALL:
        return strcmp(a->fcall.name, b->fcall.name) == 0 && a->fcall.nargs == b->fcall.nargs &&
               exprs_equal(a->fcall.nargs, a->fcall.args, b->fcall.args);
    case E_TUPLE:
    case E_LIST: return a->list.n == b->list.n && exprs_equal(a->list.n, a->list.items, b->list.items);
    case E_INDEX: return a->index.index == b->index.index && expr_equal(a->index.e, b->index.e);
    case E_SYM: return a->sym.kind == b->sym.kind && a->sym.value == b->sym.value;
    }
    return false;
}
