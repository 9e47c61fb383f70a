/* print.c - the canonical text of a program (docs/canonical-form.md): types, expressions,
 * statements, functions. print(parse(print(p))) is byte-identical to print(p).
 *
 * The printer never fails: a NULL where the IR should hold something prints `<null>`, an
 * enumerator out of range prints `<invalid>`, so a broken IR still shows up in a dump. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"

/* ---- names and enumerators ---- */

static void put_name(Buf *b, Str s) { buf_puts(b, s ? s : "<null>"); }

static void put_var(Buf *b, const Var *v) { put_name(b, v ? v->name : NULL); }

static void put_dtype(Buf *b, DType dt) {
    buf_puts(b, "pl.");
    buf_puts(b, (unsigned)dt < DT__COUNT ? dtype_info[dt].name : "<invalid>");
}

/* A string literal in double quotes. Escaped: `\"`, `\\`, `\n`, `\t`, `\r`, and every other
 * control byte as `\xHH`; bytes >= 0x80 (UTF-8) are copied. */
static void put_string(Buf *b, const char *s) {
    buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\t': buf_puts(b, "\\t"); break;
        case '\r': buf_puts(b, "\\r"); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                buf_printf(b, "\\x%02x", *p);
            else
                buf_putc(b, (char)*p);
        }
    }
    buf_putc(b, '"');
}

/* ---- numbers ---- */

/* A finite double as Python's repr() spells it: the shortest digit string that reads back to
 * the same double; positional notation when the decimal exponent is in [-4, 16), otherwise
 * `d.ddde+XX` with at least two exponent digits. Always holds a '.' or an 'e'. */
static void put_float_repr(Buf *b, double f) {
    char tmp[64], digits[32];
    int prec;
    for (prec = 1; prec < 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, f);
        if (strtod(tmp, NULL) == f)
            break;
    }
    snprintf(tmp, sizeof tmp, "%.*e", prec - 1, f);
    /* tmp: [-]d[.ddd]e(+|-)XX */
    const char *p = tmp;
    if (*p == '-') {
        buf_putc(b, '-');
        p++;
    }
    int nd = 0;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            digits[nd++] = *p;
    int exp = *p == 'e' ? atoi(p + 1) : 0;
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    digits[nd] = 0;
    if (exp >= -4 && exp < 16) {
        if (exp < 0) {
            buf_puts(b, "0.");
            for (int i = 0; i < -exp - 1; i++)
                buf_putc(b, '0');
            buf_puts(b, digits);
        } else {
            int ip = exp + 1; /* digits before the point */
            for (int i = 0; i < ip; i++)
                buf_putc(b, i < nd ? digits[i] : '0');
            buf_putc(b, '.');
            if (nd > ip)
                buf_puts(b, digits + ip);
            else
                buf_putc(b, '0');
        }
    } else {
        buf_putc(b, digits[0]);
        if (nd > 1) {
            buf_putc(b, '.');
            buf_puts(b, digits + 1);
        }
        buf_printf(b, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    }
}

static void put_float(Buf *b, double f) {
    if (isnan(f))
        buf_puts(b, "float(\"nan\")");
    else if (isinf(f))
        buf_puts(b, f < 0 ? "float(\"-inf\")" : "float(\"inf\")");
    else
        put_float_repr(b, f);
}

/* ---- expressions ---- */

/* Binding strength, loosest first (Python's table). */
enum {
    P_LOWEST,
    P_OR,
    P_AND,
    P_NOT,
    P_CMP,
    P_BITOR,
    P_BITXOR,
    P_BITAND,
    P_SHIFT,
    P_ADD,
    P_MUL,
    P_UNARY,
    P_POW,
    P_ATOM
};

/* Spelling and strength of an infix operator; min/max print as calls (P_ATOM). */
static const char *binop_text(BinOp op, int *prec) {
    switch (op) {
    case BIN_ADD: *prec = P_ADD; return "+";
    case BIN_SUB: *prec = P_ADD; return "-";
    case BIN_MUL: *prec = P_MUL; return "*";
    case BIN_DIV: *prec = P_MUL; return "/";
    case BIN_FLOORDIV: *prec = P_MUL; return "//";
    case BIN_MOD: *prec = P_MUL; return "%";
    case BIN_POW: *prec = P_POW; return "**";
    case BIN_EQ: *prec = P_CMP; return "==";
    case BIN_NE: *prec = P_CMP; return "!=";
    case BIN_LT: *prec = P_CMP; return "<";
    case BIN_LE: *prec = P_CMP; return "<=";
    case BIN_GT: *prec = P_CMP; return ">";
    case BIN_GE: *prec = P_CMP; return ">=";
    case BIN_AND: *prec = P_AND; return "and";
    case BIN_OR: *prec = P_OR; return "or";
    case BIN_BITAND: *prec = P_BITAND; return "&";
    case BIN_BITOR: *prec = P_BITOR; return "|";
    case BIN_BITXOR: *prec = P_BITXOR; return "^";
    case BIN_SHL: *prec = P_SHIFT; return "<<";
    case BIN_SHR: *prec = P_SHIFT; return ">>";
    case BIN_MIN: *prec = P_ATOM; return "min";
    case BIN_MAX: *prec = P_ATOM; return "max";
    }
    *prec = P_ATOM;
    return "<invalid>";
}

/* Whether a constant prints as a cast (its type is not the literal's default). */
static bool const_is_cast(const Expr *e, DType dflt) {
    return e->type && e->type->kind == TY_SCALAR && e->type->dtype != dflt;
}

/* How tightly e's printed form binds. */
static int expr_prec(const Expr *e) {
    if (!e)
        return P_ATOM;
    switch (e->kind) {
    case E_INT:
        /* -5 is `-` applied to 5 for Python; INT64_MIN prints parenthesised */
        return !const_is_cast(e, DT_INT64) && e->i < 0 && e->i != INT64_MIN ? P_UNARY : P_ATOM;
    case E_FLOAT:
        return !const_is_cast(e, DT_FP32) && isfinite(e->f) && signbit(e->f) ? P_UNARY : P_ATOM;
    case E_BINARY: {
        int prec;
        binop_text(e->bin.op, &prec);
        return prec;
    }
    case E_UNARY:
        switch (e->un.op) {
        case UN_NEG: return P_UNARY;
        case UN_BITNOT: return P_UNARY;
        case UN_NOT: return P_NOT;
        case UN_ABS: return P_ATOM;
        }
        return P_ATOM;
    case E_VAR:
    case E_BOOL:
    case E_STR:
    case E_CAST:
    case E_OP:
    case E_CALL:
    case E_TUPLE:
    case E_LIST:
    case E_INDEX:
    case E_SYM:
        return P_ATOM;
    }
    return P_ATOM;
}

static void print_expr(Buf *b, const Expr *e, int minprec);

static void print_exprs(Buf *b, int n, Expr **es) {
    for (int i = 0; i < n; i++) {
        if (i)
            buf_puts(b, ", ");
        print_expr(b, es ? es[i] : NULL, P_LOWEST);
    }
}

static void print_int(Buf *b, const Expr *e) {
    bool cast = const_is_cast(e, DT_INT64);
    if (cast)
        buf_puts(b, "pl.cast(");
    if (e->i == INT64_MIN) /* -9223372036854775808 would read as -(an out-of-range 2**63) */
        buf_puts(b, "(-9223372036854775807 - 1)");
    else
        buf_printf(b, "%lld", (long long)e->i);
    if (cast) {
        buf_puts(b, ", ");
        put_dtype(b, e->type->dtype);
        buf_putc(b, ')');
    }
}

static void print_float(Buf *b, const Expr *e) {
    bool cast = const_is_cast(e, DT_FP32);
    if (cast)
        buf_puts(b, "pl.cast(");
    put_float(b, e->f);
    if (cast) {
        buf_puts(b, ", ");
        put_dtype(b, e->type->dtype);
        buf_putc(b, ')');
    }
}

static void print_sym(Buf *b, const Expr *e) {
    int v = e->sym.value;
    switch (e->sym.kind) {
    case SYM_DTYPE:
        put_dtype(b, (DType)v);
        return;
    case SYM_MEM:
        buf_puts(b, "pl.Mem.");
        buf_puts(b, v >= 0 && v < MEM__COUNT ? memspace_name[v] : "<invalid>");
        return;
    case SYM_PIPE:
        buf_puts(b, "pl.Pipe.");
        buf_puts(b, v >= 0 && v < PIPE__COUNT ? pipe_name[v] : "<invalid>");
        return;
    case SYM_LAYOUT:
        buf_puts(b, "pl.");
        buf_puts(b, v >= 0 && v <= LAYOUT_NZ ? layout_name[v] : "<invalid>");
        return;
    }
    buf_puts(b, "<invalid>");
}

/* e, parenthesised when it binds more loosely than minprec. */
static void print_expr(Buf *b, const Expr *e, int minprec) {
    if (!e) {
        buf_puts(b, "<null>");
        return;
    }
    bool paren = expr_prec(e) < minprec;
    if (paren)
        buf_putc(b, '(');
    switch (e->kind) {
    case E_VAR:
        put_var(b, e->var);
        break;
    case E_INT:
        print_int(b, e);
        break;
    case E_FLOAT:
        print_float(b, e);
        break;
    case E_BOOL:
        buf_puts(b, e->b ? "True" : "False");
        break;
    case E_STR:
        put_string(b, e->s);
        break;
    case E_BINARY: {
        int prec;
        const char *op = binop_text(e->bin.op, &prec);
        if (prec == P_ATOM) { /* min, max */
            buf_printf(b, "%s(", op);
            print_expr(b, e->bin.l, P_LOWEST);
            buf_puts(b, ", ");
            print_expr(b, e->bin.r, P_LOWEST);
            buf_putc(b, ')');
            break;
        }
        /* left-associative: an equal-strength right operand needs parentheses; ** is right-
         * associative and its left operand binds tighter than unary minus: (-a) ** b.
         * Comparisons do not chain: an operand that is a comparison is parenthesised. */
        int lp = prec, rp = prec + 1;
        if (prec == P_POW)
            lp = P_POW + 1, rp = P_POW;
        else if (prec == P_CMP)
            lp = rp = P_CMP + 1;
        print_expr(b, e->bin.l, lp);
        buf_printf(b, " %s ", op);
        print_expr(b, e->bin.r, rp);
        break;
    }
    case E_UNARY:
        switch (e->un.op) {
        case UN_NEG:
            /* the operand of - or ~ is parenthesised unless it is a power or tighter, so that
             * -(-a) never prints as --a */
            buf_putc(b, '-');
            print_expr(b, e->un.e, P_POW);
            break;
        case UN_BITNOT:
            buf_putc(b, '~');
            print_expr(b, e->un.e, P_POW);
            break;
        case UN_NOT:
            buf_puts(b, "not ");
            print_expr(b, e->un.e, P_NOT);
            break;
        case UN_ABS:
            buf_puts(b, "abs(");
            print_expr(b, e->un.e, P_LOWEST);
            buf_putc(b, ')');
            break;
        }
        break;
    case E_CAST:
        buf_puts(b, "pl.cast(");
        print_expr(b, e->cast.e, P_LOWEST);
        buf_puts(b, ", ");
        put_dtype(b, e->cast.to);
        buf_putc(b, ')');
        break;
    case E_OP:
        buf_puts(b, "pl.");
        buf_puts(b, e->call.op && e->call.op->name ? e->call.op->name : "<null>");
        buf_putc(b, '(');
        print_exprs(b, e->call.nargs, e->call.args);
        for (int i = 0; i < e->call.nkw && e->call.kw; i++) {
            if (i || e->call.nargs)
                buf_puts(b, ", ");
            put_name(b, e->call.kw[i].name);
            buf_putc(b, '=');
            print_expr(b, e->call.kw[i].value, P_LOWEST);
        }
        buf_putc(b, ')');
        break;
    case E_CALL:
        buf_puts(b, "self.");
        put_name(b, e->fcall.name);
        buf_putc(b, '(');
        print_exprs(b, e->fcall.nargs, e->fcall.args);
        buf_putc(b, ')');
        break;
    case E_TUPLE:
        buf_putc(b, '(');
        print_exprs(b, e->list.n, e->list.items);
        if (e->list.n == 1)
            buf_putc(b, ',');
        buf_putc(b, ')');
        break;
    case E_LIST:
        buf_putc(b, '[');
        print_exprs(b, e->list.n, e->list.items);
        buf_putc(b, ']');
        break;
    case E_INDEX:
        print_expr(b, e->index.e, P_ATOM);
        buf_printf(b, "[%d]", e->index.index);
        break;
    case E_SYM:
        print_sym(b, e);
        break;
    }
    if (paren)
        buf_putc(b, ')');
}

void expr_print(Buf *b, const Expr *e) { print_expr(b, e, P_LOWEST); }

/* ---- types ---- */

static void print_memref(Buf *b, const MemRef *m) {
    buf_puts(b, ", pl.MemRef(");
    print_expr(b, m->base, P_LOWEST); /* a Ptr variable's name or a quoted DDR buffer name */
    buf_puts(b, ", ");
    print_expr(b, m->offset, P_LOWEST);
    buf_puts(b, ", ");
    print_expr(b, m->size, P_LOWEST);
    buf_putc(b, ')');
}

static void print_shape(Buf *b, int rank, Expr **shape) {
    buf_putc(b, '[');
    print_exprs(b, rank, shape);
    buf_putc(b, ']');
}

void type_print(Buf *b, const Type *t) {
    if (!t) {
        buf_puts(b, "<null>");
        return;
    }
    switch (t->kind) {
    case TY_SCALAR:
        buf_puts(b, "pl.Scalar[");
        put_dtype(b, t->dtype);
        buf_putc(b, ']');
        return;
    case TY_TENSOR:
        buf_puts(b, "pl.Tensor[");
        print_shape(b, t->rank, t->shape);
        buf_puts(b, ", ");
        put_dtype(b, t->dtype);
        if (t->memref)
            print_memref(b, t->memref);
        if (t->layout != LAYOUT_ND) {
            buf_puts(b, ", pl.");
            buf_puts(b, (unsigned)t->layout <= LAYOUT_NZ ? layout_name[t->layout] : "<invalid>");
        }
        buf_putc(b, ']');
        return;
    case TY_TILE:
        buf_puts(b, "pl.Tile[");
        print_shape(b, t->rank, t->shape);
        buf_puts(b, ", ");
        put_dtype(b, t->dtype);
        if (t->memref)
            print_memref(b, t->memref);
        if (t->has_space) {
            buf_puts(b, ", pl.Mem.");
            buf_puts(b, (unsigned)t->space < MEM__COUNT ? memspace_name[t->space] : "<invalid>");
        }
        if (t->valid) {
            buf_puts(b, ", pl.TileView(valid_shape=");
            print_shape(b, t->rank, t->valid);
            buf_putc(b, ')');
        }
        buf_putc(b, ']');
        return;
    case TY_TUPLE:
        buf_puts(b, "tuple[");
        if (t->nelems == 0)
            buf_puts(b, "()");
        for (int i = 0; i < t->nelems; i++) {
            if (i)
                buf_puts(b, ", ");
            type_print(b, t->elems ? t->elems[i] : NULL);
        }
        buf_putc(b, ']');
        return;
    case TY_PTR:
        buf_puts(b, "pl.Ptr");
        return;
    }
    buf_puts(b, "<invalid>");
}

/* ---- statements ---- */

typedef struct {
    Buf *out;
    int indent;
    /* The innermost enclosing for/while/if: its return variables are the targets of a yield.
     * The stack of outer ones lives in the callers' frames (saved and restored around bodies). */
    const Stmt *encl;
} Printer;

static void line_start(Printer *pr) {
    for (int i = 0; i < pr->indent; i++)
        buf_puts(pr->out, "    ");
}

/* Whether a statement prints no line at all (NULL or nested empty blocks). */
static bool stmt_empty(const Stmt *s) {
    if (!s)
        return true;
    if (s->kind != S_SEQ)
        return false;
    for (int i = 0; i < s->seq.n; i++)
        if (!stmt_empty(s->seq.items ? s->seq.items[i] : NULL))
            return false;
    return true;
}

static void print_stmt(Printer *pr, const Stmt *s);

/* The statements of s one level deeper, `pass` when there are none. */
static void print_block(Printer *pr, const Stmt *s) {
    pr->indent++;
    if (stmt_empty(s)) {
        line_start(pr);
        buf_puts(pr->out, "pass\n");
    } else {
        print_stmt(pr, s);
    }
    pr->indent--;
}

/* A body of a construct whose yield targets its return variables. */
static void print_body(Printer *pr, const Stmt *construct, const Stmt *body) {
    const Stmt *saved = pr->encl;
    pr->encl = construct;
    print_block(pr, body);
    pr->encl = saved;
}

/* `a: T` for a single annotated target. */
static void print_target(Buf *b, const Var *v) {
    put_var(b, v);
    if (v && v->type) {
        buf_puts(b, ": ");
        type_print(b, v->type);
    }
}

static void print_targets(Buf *b, int n, Var **vars) {
    if (n == 1) {
        print_target(b, vars ? vars[0] : NULL);
        return;
    }
    for (int i = 0; i < n; i++) {
        if (i)
            buf_puts(b, ", ");
        put_var(b, vars ? vars[i] : NULL);
    }
}

/* (a, b) or (a,) */
static void print_var_tuple(Buf *b, int n, Var **vars) {
    buf_putc(b, '(');
    for (int i = 0; i < n; i++) {
        if (i)
            buf_puts(b, ", ");
        put_var(b, vars ? vars[i] : NULL);
    }
    if (n == 1)
        buf_putc(b, ',');
    buf_putc(b, ')');
}

static void print_expr_tuple(Buf *b, int n, Expr **es) {
    buf_putc(b, '(');
    print_exprs(b, n, es);
    if (n == 1)
        buf_putc(b, ',');
    buf_putc(b, ')');
}

static void print_yield(Printer *pr, const Stmt *s) {
    Buf *b = pr->out;
    const Stmt *c = pr->encl;
    int n = 0;
    Var **rets = NULL;
    if (c) {
        switch (c->kind) {
        case S_FOR: n = c->loop.n, rets = c->loop.rets; break;
        case S_WHILE: n = c->wloop.n, rets = c->wloop.rets; break;
        case S_IF: n = c->ifs.n, rets = c->ifs.rets; break;
        case S_ASSIGN: case S_EVAL: case S_SEQ: case S_YIELD: case S_RETURN:
        case S_BREAK: case S_CONTINUE: case S_SCOPE:
            break;
        }
    }
    if (n > 0) {
        print_targets(b, n, rets);
        buf_puts(b, " = ");
    }
    buf_puts(b, "pl.yield_(");
    print_exprs(b, s->vals.n, s->vals.vals);
    buf_putc(b, ')');
}

static void print_stmt(Printer *pr, const Stmt *s) {
    Buf *b = pr->out;
    if (!s)
        return;
    if (s->kind == S_SEQ) {
        for (int i = 0; i < s->seq.n; i++)
            print_stmt(pr, s->seq.items ? s->seq.items[i] : NULL);
        return;
    }
    line_start(pr);
    switch (s->kind) {
    case S_SEQ: /* handled above */
        break;
    case S_ASSIGN:
        if (s->assign.n > 0) {
            print_targets(b, s->assign.n, s->assign.vars);
            buf_puts(b, " = ");
        }
        expr_print(b, s->assign.value);
        break;
    case S_EVAL:
        expr_print(b, s->eval.e);
        break;
    case S_FOR:
        buf_puts(b, "for ");
        put_var(b, s->loop.iv);
        if (s->loop.n > 0) {
            buf_puts(b, ", ");
            print_var_tuple(b, s->loop.n, s->loop.iters);
        }
        buf_puts(b, s->loop.parallel ? " in pl.parallel(" : " in pl.range(");
        expr_print(b, s->loop.start);
        buf_puts(b, ", ");
        expr_print(b, s->loop.stop);
        buf_puts(b, ", ");
        expr_print(b, s->loop.step);
        if (s->loop.n > 0) {
            buf_puts(b, ", init_values=");
            print_expr_tuple(b, s->loop.n, s->loop.inits);
        }
        buf_puts(b, "):\n");
        print_body(pr, s, s->loop.body);
        return;
    case S_IF:
        buf_puts(b, "if ");
        expr_print(b, s->ifs.cond);
        buf_puts(b, ":\n");
        print_body(pr, s, s->ifs.then);
        if (!stmt_empty(s->ifs.els)) {
            line_start(pr);
            buf_puts(b, "else:\n");
            print_body(pr, s, s->ifs.els);
        }
        return;
    case S_WHILE:
        if (s->wloop.n == 0) {
            buf_puts(b, "while ");
            expr_print(b, s->wloop.cond);
            buf_puts(b, ":\n");
            print_body(pr, s, s->wloop.body);
            return;
        }
        buf_puts(b, "for ");
        print_var_tuple(b, s->wloop.n, s->wloop.iters);
        buf_puts(b, " in pl.while_(init_values=");
        print_expr_tuple(b, s->wloop.n, s->wloop.inits);
        buf_puts(b, "):\n");
        {
            const Stmt *saved = pr->encl;
            pr->encl = s;
            pr->indent++;
            line_start(pr);
            buf_puts(b, "pl.cond(");
            expr_print(b, s->wloop.cond);
            buf_puts(b, ")\n");
            print_stmt(pr, s->wloop.body);
            pr->indent--;
            pr->encl = saved;
        }
        return;
    case S_YIELD:
        print_yield(pr, s);
        break;
    case S_RETURN:
        buf_puts(b, "return");
        if (s->vals.n > 0) {
            buf_putc(b, ' ');
            print_exprs(b, s->vals.n, s->vals.vals);
        }
        break;
    case S_BREAK:
        buf_puts(b, "break");
        break;
    case S_CONTINUE:
        buf_puts(b, "continue");
        break;
    case S_SCOPE:
        buf_puts(b, "with pl.incore():\n");
        print_block(pr, s->scope.body);
        return;
    }
    buf_putc(b, '\n');
}

/* ---- functions and programs ---- */

static void print_func(Printer *pr, const Func *f) {
    Buf *b = pr->out;
    line_start(pr);
    if (f->kind == FN_OPAQUE)
        buf_puts(b, "@pl.function\n");
    else
        buf_printf(b, "@pl.function(type=pl.FunctionType.%s)\n",
                   (unsigned)f->kind <= FN_ORCH ? funckind_name[f->kind] : "<invalid>");
    line_start(pr);
    buf_puts(b, "def ");
    put_name(b, f->name);
    buf_puts(b, "(self");
    for (int i = 0; i < f->nparams; i++) {
        const Var *v = f->params ? f->params[i] : NULL;
        ParamDir dir = f->dirs ? f->dirs[i] : DIR_IN;
        buf_puts(b, ", ");
        put_var(b, v);
        buf_puts(b, ": ");
        switch (dir) {
        case DIR_IN: break;
        case DIR_OUT: buf_puts(b, "pl.Out["); break;
        case DIR_INOUT: buf_puts(b, "pl.InOut["); break;
        }
        type_print(b, v ? v->type : NULL);
        if (dir != DIR_IN)
            buf_putc(b, ']');
    }
    buf_putc(b, ')');
    if (f->nrets == 1) {
        buf_puts(b, " -> ");
        type_print(b, f->rets ? f->rets[0] : NULL);
    } else if (f->nrets > 1) {
        buf_puts(b, " -> tuple[");
        for (int i = 0; i < f->nrets; i++) {
            if (i)
                buf_puts(b, ", ");
            type_print(b, f->rets ? f->rets[i] : NULL);
        }
        buf_putc(b, ']');
    }
    buf_puts(b, ":\n");
    pr->encl = NULL;
    print_block(pr, f->body);
}

void print_program(Buf *out, const Program *p) {
    Printer pr = {out, 0, NULL};
    buf_puts(out, "# pypto.program: ");
    put_name(out, p->name);
    buf_puts(out, "\nimport pypto.language as pl\n\n");
    for (int i = 0; i < p->ndyn; i++) {
        const Var *v = p->dyns ? p->dyns[i] : NULL;
        put_var(out, v);
        buf_puts(out, " = pl.dynamic(");
        put_string(out, v ? v->name : NULL);
        buf_puts(out, ")\n");
    }
    if (p->ndyn > 0)
        buf_putc(out, '\n');
    buf_puts(out, p->strict_ssa ? "@pl.program(strict_ssa=True)\n" : "@pl.program\n");
    buf_puts(out, "class ");
    put_name(out, p->name);
    buf_puts(out, ":\n");
    pr.indent = 1;
    if (p->nfuncs == 0) {
        line_start(&pr);
        buf_puts(out, "pass\n");
    }
    for (int i = 0; i < p->nfuncs; i++) {
        if (i)
            buf_putc(out, '\n');
        if (p->funcs && p->funcs[i])
            print_func(&pr, p->funcs[i]);
    }
}
