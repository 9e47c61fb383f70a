/* cce_expr.c - scalar expressions as C++, and C++ type spellings. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/cce/cce.h"

const char *cce_ctype(DType dt) { return dtype_info[dt].cpp; }

/* A float literal that reads back to the same value; FP32 ones carry the f suffix. */
static void float_lit(Buf *b, double v, DType dt) {
    if (isinf(v)) {
        buf_puts(b, v > 0 ? "INFINITY" : "-INFINITY");
        return;
    }
    char tmp[64];
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    buf_puts(b, tmp);
    if (!strpbrk(tmp, ".en"))
        buf_puts(b, ".0");
    if (dt == DT_FP32)
        buf_putc(b, 'f');
}

static const char *bin_cpp(BinOp op) {
    switch (op) {
    case BIN_ADD: return "+";
    case BIN_SUB: return "-";
    case BIN_MUL: return "*";
    case BIN_DIV: return "/";
    case BIN_FLOORDIV: return "/";
    case BIN_MOD: return "%";
    case BIN_POW: return NULL;
    case BIN_EQ: return "==";
    case BIN_NE: return "!=";
    case BIN_LT: return "<";
    case BIN_LE: return "<=";
    case BIN_GT: return ">";
    case BIN_GE: return ">=";
    case BIN_AND: return "&&";
    case BIN_OR: return "||";
    case BIN_BITAND: return "&";
    case BIN_BITOR: return "|";
    case BIN_BITXOR: return "^";
    case BIN_SHL: return "<<";
    case BIN_SHR: return ">>";
    case BIN_MIN: return NULL;
    case BIN_MAX: return NULL;
    }
    return NULL;
}

static void binary(Buf *b, const Expr *e) {
    const char *op = bin_cpp(e->bin.op);
    if (!op) { /* min, max, pow: calls */
        buf_puts(b, e->bin.op == BIN_MIN ? "std::min(" : e->bin.op == BIN_MAX ? "std::max(" : "std::pow(");
        cce_expr(b, e->bin.l);
        buf_puts(b, ", ");
        cce_expr(b, e->bin.r);
        buf_putc(b, ')');
        return;
    }
    buf_putc(b, '(');
    cce_expr(b, e->bin.l);
    buf_printf(b, " %s ", op);
    cce_expr(b, e->bin.r);
    buf_putc(b, ')');
}

static void unary(Buf *b, const Expr *e) {
    switch (e->un.op) {
    case UN_NEG: buf_puts(b, "(-"); break;
    case UN_NOT: buf_puts(b, "(!"); break;
    case UN_BITNOT: buf_puts(b, "(~"); break;
    case UN_ABS: buf_puts(b, "std::abs("); break;
    }
    cce_expr(b, e->un.e);
    buf_putc(b, ')');
}

void cce_expr(Buf *b, const Expr *e) {
    switch (e->kind) {
    case E_VAR: buf_puts(b, e->var->name); return;
    case E_INT: buf_printf(b, "%lld", (long long)e->i); return;
    case E_FLOAT: float_lit(b, e->f, e->type ? e->type->dtype : DT_FP32); return;
    case E_BOOL: buf_puts(b, e->b ? "true" : "false"); return;
    case E_BINARY: binary(b, e); return;
    case E_UNARY: unary(b, e); return;
    case E_CAST:
        buf_printf(b, "static_cast<%s>(", cce_ctype(e->cast.to) ? cce_ctype(e->cast.to) : "int64_t");
        cce_expr(b, e->cast.e);
        buf_putc(b, ')');
        return;
    case E_STR: case E_OP: case E_CALL: case E_TUPLE: case E_LIST: case E_INDEX: case E_SYM:
        ICE("cce: not a scalar expression (kind %d)", (int)e->kind);
    }
}

void cce_cond(Buf *b, const Expr *e) {
    if (e->kind == E_BINARY && bin_cpp(e->bin.op)) {
        cce_expr(b, e->bin.l);
        buf_printf(b, " %s ", bin_cpp(e->bin.op));
        cce_expr(b, e->bin.r);
        return;
    }
    cce_expr(b, e);
}

typedef struct Mention { const Var *v; bool found; } Mention;

static void find_var(Expr *e, void *ud) {
    Mention *m = ud;
    m->found |= e->kind == E_VAR && e->var == m->v;
}

bool cce_yield_hazard(const Stmt *s, Var **to) {
    for (int i = 0; i < s->vals.n; i++)
        for (int j = i + 1; j < s->vals.n; j++) {
            Mention m = {to[i], false};
            walk_expr(s->vals.vals[j], find_var, &m);
            if (m.found)
                return true;
        }
    return false;
}

static void note_use(Expr *e, void *ud) {
    if (e->kind == E_VAR)
        map_put(ud, e->var, e->var);
}

static bool note_type_uses(Stmt *s, void *ud) {
    PtrVec defs = {0};
    stmt_defs(s, &defs);
    for (int i = 0; i < defs.len; i++) {
        Var *v = defs.items[i];
        if (v->type)
            walk_type(v->type, note_use, ud);
    }
    vec_free(&defs);
    return true;
}

void cce_used_vars(const Func *f, Map *out) {
    walk_stmt_exprs(f->body, note_use, out);
    walk_stmts(f->body, note_type_uses, out);
}
