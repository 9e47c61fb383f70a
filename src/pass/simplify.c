/* simplify.c - Simplify: folds constants and removes code whose result is never used.
 *
 * Repeated until nothing changes, per function:
 *   - constant and copy propagation: a scalar variable assigned a literal (`n = 64`), and a
 *     variable assigned another of the same type (`y = x`, as folding an if leaves them), is
 *     replaced by its value in every use, and its assignment goes. A literal reads as well as a name, so the
 *     text stays readable; a variable that appears inside a type (a shape, a valid shape, a
 *     memory reference) is kept, since replacing it would change the types of other variables,
 *     and so is a divisor bound to zero or a variable inside a divisor expression (a division
 *     by a literal zero does not parse);
 *   - folding: scalar expressions are rebuilt with mk_binary/mk_unary/mk_cast, which fold
 *     constant operands (a division by a constant zero stays for run time), in types too;
 *   - an if whose condition is a constant becomes the statements of the branch taken, its
 *     yield becoming assignments of the if's return vars;
 *   - dead code: an assignment none of whose variables is used (in an expression or a type)
 *     and an expression statement go when they have no effect: scalar arithmetic and ops whose
 *     registry effect is none or a read (loads read memory but change nothing). Stores, calls
 *     of program functions and sync ops always stay. Dead loop-carried values are left alone.
 * It needs SSA: only there is a variable one value, so that a use may take its definition's
 * constant and an unused definition is dead. */
#include <string.h>

#include "ptoc.h"

typedef struct {
    Ctx *c;
    Map uses;     /* Var -> number of uses (in expressions and types), as an intptr_t */
    Map in_type;  /* Var -> Var: used inside a type, never replaced */
    Map divisor;  /* Var -> DIVISOR or IN_DIVISOR (below) */
    Map consts;   /* Var -> the literal it is bound to, to propagate */
    bool changed;
} Simp;

/* ---- uses ---- */

static void count_type(Simp *S, const Type *t);

/* The divisor map: DIVISOR for a variable that is a whole divisor (kept only when bound to
 * zero), IN_DIVISOR for one inside a divisor expression (kept: the expression could fold to 0). */
enum { DIVISOR = 1, IN_DIVISOR = 2 };

static void mark_in_divisor(Expr *e, void *ud) {
    if (e->kind == E_VAR)
        map_put(&((Simp *)ud)->divisor, e->var, (void *)IN_DIVISOR);
}

static void count_use(Expr *e, void *ud) {
    Simp *S = ud;
    if (e->kind == E_VAR)
        map_put(&S->uses, e->var, (void *)((intptr_t)map_get(&S->uses, e->var) + 1));
    /* `x / 0` does not parse: a divisor must not become a literal zero */
    if (e->kind == E_BINARY && (e->bin.op == BIN_DIV || e->bin.op == BIN_FLOORDIV || e->bin.op == BIN_MOD)) {
        if (e->bin.r->kind == E_VAR) {
            if (!map_get(&S->divisor, e->bin.r->var))
                map_put(&S->divisor, e->bin.r->var, (void *)DIVISOR);
        } else
            walk_expr(e->bin.r, mark_in_divisor, S);
    }
    count_type(S, e->type);
}

static void mark_type_use(Expr *e, void *ud) {
    Simp *S = ud;
    if (e->kind == E_VAR) {
        map_put(&S->uses, e->var, (void *)((intptr_t)map_get(&S->uses, e->var) + 1));
        map_put(&S->in_type, e->var, e->var);
    }
}

static void count_type(Simp *S, const Type *t) { walk_type(t, mark_type_use, S); }

static bool count_defs(Stmt *s, void *ud) {
    PtrVec defs = {0};
    stmt_defs(s, &defs);
    for (int i = 0; i < defs.len; i++)
        if (defs.items[i])
            count_type(ud, ((Var *)defs.items[i])->type);
    vec_free(&defs);
    return true;
}

static void count_uses(Simp *S, const Func *f) {
    map_free(&S->uses);
    map_free(&S->in_type);
    map_free(&S->divisor);
    for (int i = 0; i < f->nparams; i++)
        count_type(S, f->params[i]->type);
    for (int i = 0; i < f->nrets; i++)
        count_type(S, f->rets[i]);
    walk_stmts(f->body, count_defs, S);
    walk_stmt_exprs(f->body, count_use, S);
}

static bool used(Simp *S, const Var *v) { return map_get(&S->uses, v) != NULL; }

/* ---- effects ---- */

static bool pure(const Expr *e) {
    if (!e)
        return true;
    switch (e->kind) {
    case E_VAR: case E_INT: case E_FLOAT: case E_BOOL: case E_STR: case E_SYM:
        return true;
    case E_BINARY: return pure(e->bin.l) && pure(e->bin.r);
    case E_UNARY: return pure(e->un.e);
    case E_CAST: return pure(e->cast.e);
    case E_OP:
        if (e->call.op->effect != EFF_NONE && e->call.op->effect != EFF_READ)
            return false;
        for (int i = 0; i < e->call.nargs; i++)
            if (!pure(e->call.args[i]))
                return false;
        return true;
    case E_CALL: return false;
    case E_TUPLE:
    case E_LIST:
        for (int i = 0; i < e->list.n; i++)
            if (!pure(e->list.items[i]))
                return false;
        return true;
    case E_INDEX: return pure(e->index.e);
    }
    return false;
}

static bool is_literal(const Expr *e) { return e && (e->kind == E_INT || e->kind == E_FLOAT || e->kind == E_BOOL); }

static bool is_zero(const Expr *e) {
    return (e->kind == E_INT && e->i == 0) || (e->kind == E_FLOAT && e->f == 0) || (e->kind == E_BOOL && !e->b);
}

/* ---- rewriting ---- */

static Expr *simp_expr(Simp *S, Expr *e);
static Type *simp_type(Simp *S, Type *t);

/* A copy of es with every item simplified, or es itself when none changed. */
static Expr **simp_exprs(Simp *S, int n, Expr **es) {
    Expr **out = NULL;
    for (int i = 0; i < n; i++) {
        Expr *x = simp_expr(S, es[i]);
        if (x != es[i] && !out) {
            out = ARENA_ARRAY(S->c->arena, Expr *, n);
            for (int j = 0; j < i; j++)
                out[j] = es[j];
        }
        if (out)
            out[i] = x;
    }
    return out ? out : es;
}

static bool divides_by_zero(BinOp op, const Expr *r) {
    return (op == BIN_DIV || op == BIN_FLOORDIV || op == BIN_MOD) && is_zero(r);
}

/* Rebuilds a scalar operation over new operands, folding constants; NULL keeps the old one. */
static Expr *refold(Simp *S, Expr *e, Expr *a, Expr *b) {
    switch (e->kind) {
    case E_BINARY:
        if (divides_by_zero(e->bin.op, b))
            return NULL;
        return mk_binary(S->c, e->loc, e->bin.op, a, b);
    case E_UNARY: return mk_unary(S->c, e->loc, e->un.op, a);
    case E_CAST: return mk_cast(S->c, e->loc, a, e->cast.to);
    case E_VAR: case E_INT: case E_FLOAT: case E_BOOL: case E_STR: case E_SYM: case E_OP: case E_CALL:
    case E_TUPLE: case E_LIST: case E_INDEX:
        break;
    }
    return NULL;
}

static Expr *changed_copy(Simp *S, const Expr *tmp) {
    S->changed = true;
    return arena_dup(S->c->arena, tmp, sizeof *tmp);
}

static Expr *simp_expr(Simp *S, Expr *e) {
    if (!e)
        return e;
    Expr tmp = *e;
    switch (e->kind) {
    case E_VAR: {
        Expr *k = map_get(&S->consts, e->var);
        if (!k)
            return e;
        tmp = *k;
        tmp.loc = e->loc;
        return changed_copy(S, &tmp);
    }
    case E_INT: case E_FLOAT: case E_BOOL: case E_STR: case E_SYM:
        return e;
    case E_BINARY:
    case E_UNARY:
    case E_CAST: {
        Expr *a = simp_expr(S, e->kind == E_BINARY ? e->bin.l : e->kind == E_UNARY ? e->un.e : e->cast.e);
        Expr *b = e->kind == E_BINARY ? simp_expr(S, e->bin.r) : NULL;
        bool same = e->kind == E_BINARY ? a == e->bin.l && b == e->bin.r : a == (e->kind == E_UNARY ? e->un.e : e->cast.e);
        if (same)
            return e;
        Expr *r = refold(S, e, a, b);
        if (r) {
            S->changed = true;
            return r;
        }
        if (e->kind == E_BINARY) {
            tmp.bin.l = a;
            tmp.bin.r = b;
        } else if (e->kind == E_UNARY)
            tmp.un.e = a;
        else
            tmp.cast.e = a;
        return changed_copy(S, &tmp);
    }
    case E_OP:
        tmp.call.args = simp_exprs(S, e->call.nargs, e->call.args);
        tmp.type = simp_type(S, e->type);
        return tmp.call.args == e->call.args && tmp.type == e->type ? e : changed_copy(S, &tmp);
    case E_CALL:
        tmp.fcall.args = simp_exprs(S, e->fcall.nargs, e->fcall.args);
        return tmp.fcall.args == e->fcall.args ? e : changed_copy(S, &tmp);
    case E_TUPLE:
    case E_LIST:
        tmp.list.items = simp_exprs(S, e->list.n, e->list.items);
        return tmp.list.items == e->list.items ? e : changed_copy(S, &tmp);
    case E_INDEX:
        tmp.index.e = simp_expr(S, e->index.e);
        if (tmp.index.e == e->index.e)
            return e;
        if (tmp.index.e->kind == E_TUPLE && e->index.index < tmp.index.e->list.n) {
            S->changed = true;
            return tmp.index.e->list.items[e->index.index];
        }
        return changed_copy(S, &tmp);
    }
    return e;
}

/* Types are folded too: a shape printed unfolded would parse back folded, to another program. */
static Type *simp_type(Simp *S, Type *t) {
    if (!t || (t->kind != TY_TENSOR && t->kind != TY_TILE))
        return t;
    Expr **shape = simp_exprs(S, t->rank, t->shape);
    Expr **valid = t->valid ? simp_exprs(S, t->rank, t->valid) : NULL;
    if (shape == t->shape && valid == t->valid)
        return t;
    Type *n = ty_copy(S->c, t);
    n->shape = shape;
    n->valid = valid;
    return n;
}

static Stmt *simp_block(Simp *S, Stmt *body);

static Stmt *copy_stmt(Simp *S, const Stmt *tmp) {
    S->changed = true;
    return arena_dup(S->c->arena, tmp, sizeof *tmp);
}

/* The branch an if with a constant condition takes, its final yield turned into assignments
 * of the if's return vars. */
static void inline_branch(Simp *S, StmtList *out, Stmt *s, bool taken) {
    Stmt *b = taken ? s->ifs.then : s->ifs.els;
    if (!b)
        return;
    Stmt *body = simp_block(S, b);
    for (int i = 0; i < body->seq.n; i++) {
        Stmt *x = body->seq.items[i];
        if (x->kind != S_YIELD || i != body->seq.n - 1 || x->vals.n != s->ifs.n) {
            stmts_push(out, x);
            continue;
        }
        for (int k = 0; k < s->ifs.n; k++) {
            Stmt *a = stmt_new(S->c, S_ASSIGN, x->loc);
            a->assign.n = 1;
            a->assign.vars = &s->ifs.rets[k];
            a->assign.value = x->vals.vals[k];
            stmts_push(out, a);
        }
    }
}

static bool const_cond(const Expr *e, bool *value) {
    if (e && e->kind == E_BOOL)
        *value = e->b;
    else if (e && e->kind == E_INT)
        *value = e->i != 0;
    else
        return false;
    return true;
}

static bool dead_assign(Simp *S, const Stmt *s) {
    bool any_used = false;
    for (int i = 0; i < s->assign.n; i++)
        any_used |= used(S, s->assign.vars[i]);
    return !any_used && pure(s->assign.value);
}

/* One statement, simplified, pushed onto out (none when it goes). */
static void simp_stmt(Simp *S, StmtList *out, Stmt *s) {
    Stmt tmp = *s;
    bool cond;
    switch (s->kind) {
    case S_ASSIGN:
        if (dead_assign(S, s) || (s->assign.n == 1 && map_get(&S->consts, s->assign.vars[0]))) {
            S->changed = true;
            return;
        }
        tmp.assign.value = simp_expr(S, s->assign.value);
        stmts_push(out, tmp.assign.value == s->assign.value ? s : copy_stmt(S, &tmp));
        return;
    case S_EVAL:
        if (pure(s->eval.e)) {
            S->changed = true;
            return;
        }
        tmp.eval.e = simp_expr(S, s->eval.e);
        stmts_push(out, tmp.eval.e == s->eval.e ? s : copy_stmt(S, &tmp));
        return;
    case S_SEQ:
        for (int i = 0; i < s->seq.n; i++)
            simp_stmt(S, out, s->seq.items[i]);
        return;
    case S_FOR:
        tmp.loop.start = simp_expr(S, s->loop.start);
        tmp.loop.stop = simp_expr(S, s->loop.stop);
        tmp.loop.step = simp_expr(S, s->loop.step);
        tmp.loop.inits = simp_exprs(S, s->loop.n, s->loop.inits);
        tmp.loop.body = simp_block(S, s->loop.body);
        break;
    case S_IF:
        tmp.ifs.cond = simp_expr(S, s->ifs.cond);
        if (const_cond(tmp.ifs.cond, &cond)) {
            S->changed = true;
            inline_branch(S, out, s, cond);
            return;
        }
        tmp.ifs.then = simp_block(S, s->ifs.then);
        tmp.ifs.els = s->ifs.els ? simp_block(S, s->ifs.els) : NULL;
        break;
    case S_YIELD:
    case S_RETURN:
        tmp.vals.vals = simp_exprs(S, s->vals.n, s->vals.vals);
        break;
    case S_WHILE:
        tmp.wloop.inits = simp_exprs(S, s->wloop.n, s->wloop.inits);
        tmp.wloop.cond = simp_expr(S, s->wloop.cond);
        tmp.wloop.body = simp_block(S, s->wloop.body);
        break;
    case S_SCOPE:
        tmp.scope.body = simp_block(S, s->scope.body);
        break;
    case S_BREAK:
    case S_CONTINUE:
        break;
    }
    stmts_push(out, memcmp(&tmp, s, sizeof tmp) == 0 ? s : arena_dup(S->c->arena, &tmp, sizeof tmp));
}

/* A body simplified: the same block when none of its statements changed. */
static Stmt *simp_block(Simp *S, Stmt *body) {
    StmtList l = {0};
    if (body)
        simp_stmt(S, &l, body);
    if (body && body->kind == S_SEQ && body->seq.n == l.v.len &&
        (l.v.len == 0 || memcmp(body->seq.items, l.v.items, sizeof(Stmt *) * (size_t)l.v.len) == 0)) {
        vec_free(&l.v);
        return body;
    }
    return stmts_finish(S->c, &l, body ? body->loc : (Loc){0});
}

/* ---- functions ---- */

/* The variables to replace: scalars bound to a literal, and copies `y = x` of the same type.
 * Definitions come before uses (SSA, program order), so a chain y = x, z = y resolves to x. */
static bool collect_consts(Stmt *s, void *ud) {
    Simp *S = ud;
    if (s->kind != S_ASSIGN || s->assign.n != 1 || !s->assign.value)
        return true;
    Var *v = s->assign.vars[0];
    Expr *e = s->assign.value;
    if (map_get(&S->in_type, v) || !v->type)
        return true;
    intptr_t div = (intptr_t)map_get(&S->divisor, v);
    if (is_literal(e) && v->type->kind == TY_SCALAR && div != IN_DIVISOR && !(div == DIVISOR && is_zero(e)))
        map_put(&S->consts, v, e);
    else if (e->kind == E_VAR && e->var != v && type_equal(v->type, e->var->type)) {
        Expr *to = map_get(&S->consts, e->var);
        map_put(&S->consts, v, to ? to : e);
    }
    return true;
}

static Stmt *simplify_body(Simp *S, const Func *f) {
    Func cur = *f;
    for (int round = 0; round < 1000; round++) {
        S->changed = false;
        count_uses(S, &cur);
        map_free(&S->consts);
        walk_stmts(cur.body, collect_consts, S);
        Stmt *body = simp_block(S, cur.body);
        if (!S->changed)
            break;
        cur.body = body;
    }
    map_free(&S->uses);
    map_free(&S->in_type);
    map_free(&S->divisor);
    map_free(&S->consts);
    return cur.body;
}

Program *pass_simplify(PassCtx *pc, const Program *p) {
    Simp S = {.c = pc->c};
    Program *q = program_shell(pc->c, p);
    for (int i = 0; i < q->nfuncs; i++)
        q->funcs[i]->body = simplify_body(&S, q->funcs[i]);
    return q;
}
