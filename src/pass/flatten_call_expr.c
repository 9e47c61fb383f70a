/* flatten_call_expr.c - FlattenCallExpr: three-address form for calls.
 *
 * A call (an op or a program function) may only be the whole value of an assignment or an
 * expression statement. Any other call - inside another call's arguments, an arithmetic
 * operand, a tuple, an index, a condition, loop bounds or init values, a yield or return
 * value - is computed first into a fresh temporary (_t0, _t1, ... of the call's type),
 * assigned just before its statement, inner calls first (Python's evaluation order). Each
 * temporary is assigned once, so an SSA program stays SSA.
 *
 * A while condition is evaluated before every iteration, so its calls cannot simply move
 * before the loop: each call of the condition becomes a value the loop carries, computed
 * before the loop (over the init values) and again at the end of the body (over the values
 * the body yields), and the condition reads the iter_arg. A plain while loop whose condition
 * calls something becomes a pl.while_ loop for that. */
#include <stdio.h>
#include <string.h>

#include "ptoc.h"

typedef struct {
    Ctx *c;
    Map used;     /* every name of the function, and the temporaries */
    int next;     /* the number of the next temporary */
    Map textual;  /* name -> the Var the parser binds it to at this point of the text */
    bool failed;
} Flat;

/* memcpy of n pointers; n may be 0 with NULL arrays. */
static void copy_ptrs(void *dst, const void *src, int n) {
    if (n > 0)
        memcpy(dst, src, sizeof(void *) * (size_t)n);
}

static bool is_call(const Expr *e) { return e && (e->kind == E_OP || e->kind == E_CALL); }

static Var *temp(Flat *F, Type *t, Loc loc) {
    char buf[32];
    snprintf(buf, sizeof buf, "_t%d", F->next++);
    return var_new(F->c, loc, name_fresh(F->c, &F->used, buf), t);
}

static void bind(Flat *F, int n, Var **vs) {
    for (int i = 0; i < n; i++)
        if (vs[i])
            map_put(&F->textual, vs[i]->name, vs[i]);
}

/* Assigns value to a new temporary before the statement being flattened; its use. */
static Expr *hoist(Flat *F, Expr *value, StmtList *pre) {
    Var *t = temp(F, value->type, value->loc);
    stmts_push(pre, mk_assign(F->c, value->loc, t, value));
    bind(F, 1, &t);
    return mk_var(F->c, value->loc, t);
}

static Expr *flat(Flat *F, Expr *e, bool keep, StmtList *pre);

static Expr **flat_list(Flat *F, int n, Expr **es, StmtList *pre, bool *changed) {
    Expr **out = NULL;
    for (int i = 0; i < n; i++) {
        Expr *x = flat(F, es[i], false, pre);
        if (x != es[i] && !out) {
            out = ARENA_ARRAY(F->c->arena, Expr *, n);
            copy_ptrs(out, es, i);
        }
        if (out)
            out[i] = x;
    }
    if (out)
        *changed = true;
    return out ? out : es;
}

/* e with every call below it hoisted into pre, and e itself too when it is a call and not
 * `keep` (the whole value of an assignment or expression statement). */
static Expr *flat(Flat *F, Expr *e, bool keep, StmtList *pre) {
    if (!e)
        return NULL;
    Expr tmp = *e;
    bool ch = false;
    switch (e->kind) {
    case E_VAR: case E_INT: case E_FLOAT: case E_BOOL: case E_STR: case E_SYM:
        return e;
    case E_BINARY:
        tmp.bin.l = flat(F, e->bin.l, false, pre);
        tmp.bin.r = flat(F, e->bin.r, false, pre);
        ch = tmp.bin.l != e->bin.l || tmp.bin.r != e->bin.r;
        break;
    case E_UNARY:
        tmp.un.e = flat(F, e->un.e, false, pre);
        ch = tmp.un.e != e->un.e;
        break;
    case E_CAST:
        tmp.cast.e = flat(F, e->cast.e, false, pre);
        ch = tmp.cast.e != e->cast.e;
        break;
    case E_INDEX:
        tmp.index.e = flat(F, e->index.e, false, pre);
        ch = tmp.index.e != e->index.e;
        break;
    case E_TUPLE:
    case E_LIST: tmp.list.items = flat_list(F, e->list.n, e->list.items, pre, &ch); break;
    case E_CALL: tmp.fcall.args = flat_list(F, e->fcall.nargs, e->fcall.args, pre, &ch); break;
    case E_OP:
        tmp.call.args = flat_list(F, e->call.nargs, e->call.args, pre, &ch);
        for (int i = 0; i < e->call.nkw; i++) {
            Expr *v = flat(F, e->call.kw[i].value, false, pre);
            if (v == e->call.kw[i].value)
                continue;
            if (tmp.call.kw == e->call.kw)
                tmp.call.kw = arena_dup(F->c->arena, e->call.kw, sizeof(Kwarg) * (size_t)e->call.nkw);
            tmp.call.kw[i].value = v;
            ch = true;
        }
        break;
    }
    Expr *r = ch ? arena_dup(F->c->arena, &tmp, sizeof tmp) : e;
    return is_call(e) && !keep ? hoist(F, r, pre) : r;
}

/* ---- while conditions ---- */

/* The calls of e not inside another call (those are hoisted with their caller). */
static void outer_calls(Expr *e, PtrVec *out) {
    if (!e)
        return;
    if (is_call(e)) {
        vec_push(out, e);
        return;
    }
    switch (e->kind) {
    case E_VAR: case E_INT: case E_FLOAT: case E_BOOL: case E_STR: case E_SYM: case E_OP: case E_CALL:
        return;
    case E_BINARY:
        outer_calls(e->bin.l, out);
        outer_calls(e->bin.r, out);
        return;
    case E_UNARY: outer_calls(e->un.e, out); return;
    case E_CAST: outer_calls(e->cast.e, out); return;
    case E_INDEX: outer_calls(e->index.e, out); return;
    case E_TUPLE:
    case E_LIST:
        for (int i = 0; i < e->list.n; i++)
            outer_calls(e->list.items[i], out);
        return;
    }
}

/* e with each node calls[i] replaced by vals[i]. */
static Expr *replace(Ctx *c, Expr *e, const PtrVec *calls, Expr **vals) {
    if (!e)
        return NULL;
    for (int i = 0; i < calls->len; i++)
        if (calls->items[i] == e)
            return vals[i];
    Expr tmp = *e;
    switch (e->kind) {
    case E_VAR: case E_INT: case E_FLOAT: case E_BOOL: case E_STR: case E_SYM: case E_OP: case E_CALL:
        return e;
    case E_BINARY:
        tmp.bin.l = replace(c, e->bin.l, calls, vals);
        tmp.bin.r = replace(c, e->bin.r, calls, vals);
        break;
    case E_UNARY: tmp.un.e = replace(c, e->un.e, calls, vals); break;
    case E_CAST: tmp.cast.e = replace(c, e->cast.e, calls, vals); break;
    case E_INDEX: tmp.index.e = replace(c, e->index.e, calls, vals); break;
    case E_TUPLE:
    case E_LIST:
        tmp.list.items = ARENA_ARRAY(c->arena, Expr *, e->list.n);
        for (int i = 0; i < e->list.n; i++)
            tmp.list.items[i] = replace(c, e->list.items[i], calls, vals);
        break;
    }
    return arena_dup(c->arena, &tmp, sizeof tmp);
}

typedef struct {
    Flat *F;
    Map *m;
    int n;
    Var **iters;
    Expr **vals;
} EndValues;

/* Maps a variable of a condition call to its value at the end of the body: the value the body
 * yields for an iter_arg, else the Var its name is bound to there. */
static void rebind_var(Expr *e, void *ud) {
    EndValues *r = ud;
    if (e->kind != E_VAR)
        return;
    for (int i = 0; i < r->n; i++)
        if (r->iters[i] == e->var) {
            map_put(r->m, e->var, r->vals[i]);
            return;
        }
    Var *t = map_get(&r->F->textual, e->var->name);
    if (t && t != e->var && type_equal(t->type, e->var->type))
        map_put(r->m, e->var, mk_var(r->F->c, (Loc){0}, t));
}

static Expr *rebind(Flat *F, Expr *e, int n, Var **iters, Expr **vals) {
    Map m = {0};
    EndValues r = {F, &m, n, iters, vals};
    walk_expr(e, rebind_var, &r);
    Expr *out = subst_expr(F->c, e, &m);
    map_free(&m);
    return out;
}

static bool has_continue(const Stmt *st) {
    if (!st)
        return false;
    switch (st->kind) {
    case S_CONTINUE: return true;
    case S_SEQ:
        for (int i = 0; i < st->seq.n; i++)
            if (has_continue(st->seq.items[i]))
                return true;
        return false;
    case S_IF: return has_continue(st->ifs.then) || has_continue(st->ifs.els);
    case S_SCOPE: return has_continue(st->scope.body);
    case S_FOR: case S_WHILE: case S_ASSIGN: case S_EVAL: case S_YIELD: case S_RETURN: case S_BREAK:
        return false;
    }
    return false;
}

/* ---- statements ---- */

static void flat_stmt(Flat *F, const Stmt *st, StmtList *out);

/* A block flattened: b itself when nothing changed. */
static Stmt *flat_block(Flat *F, const Stmt *b, Loc loc) {
    StmtList l = {0};
    if (b && b->kind == S_SEQ)
        for (int i = 0; i < b->seq.n; i++)
            flat_stmt(F, b->seq.items[i], &l);
    else if (b)
        flat_stmt(F, b, &l);
    if (b && b->kind == S_SEQ && b->seq.n == l.v.len &&
        (l.v.len == 0 || memcmp(b->seq.items, l.v.items, sizeof(void *) * (size_t)l.v.len) == 0)) {
        vec_free(&l.v);
        return (Stmt *)b;
    }
    if (!b && l.v.len == 0)
        return NULL;
    return stmts_finish(F->c, &l, b ? b->loc : loc);
}

static Stmt *copy_stmt(Ctx *c, const Stmt *st) { return arena_dup(c->arena, st, sizeof *st); }

/* A while loop whose condition calls something (see the top of the file). */
static void flat_while_cond(Flat *F, const Stmt *st, StmtList *out) {
    Ctx *c = F->c;
    int nx = st->wloop.n;
    PtrVec calls = {0};
    outer_calls(st->wloop.cond, &calls);
    int k = calls.len, n = nx + k;
    if (has_continue(st->wloop.body)) {
        error_at(c, ((Expr *)calls.items[0])->loc, "a call in the condition of a while loop that uses continue is not supported");
        hint(c, "compute the value in the loop and carry it with pl.while_(init_values=...)");
        F->failed = true;
        vec_free(&calls);
        return;
    }
    bool ch = false;
    Expr **xinits = flat_list(F, nx, st->wloop.inits, out, &ch);
    Expr **inits = ARENA_ARRAY(c->arena, Expr *, n), **cvals = ARENA_ARRAY(c->arena, Expr *, k);
    Var **iters = ARENA_ARRAY(c->arena, Var *, n), **rets = ARENA_ARRAY(c->arena, Var *, n);
    copy_ptrs(inits, xinits, nx);
    copy_ptrs(iters, st->wloop.iters, nx);
    copy_ptrs(rets, st->wloop.rets, nx);
    /* before the loop: the calls over the init values */
    for (int i = 0; i < k; i++)
        inits[nx + i] = flat(F, rebind(F, calls.items[i], nx, st->wloop.iters, st->wloop.inits), false, out);
    bind(F, nx, st->wloop.iters);
    for (int i = 0; i < k; i++) {
        Expr *call = calls.items[i];
        iters[nx + i] = temp(F, call->type, call->loc);
        cvals[i] = mk_var(c, call->loc, iters[nx + i]);
    }
    Expr *cond = replace(c, st->wloop.cond, &calls, cvals);

    /* the body; at its end the calls again, over the values it yields */
    StmtList l = {0};
    const Stmt *body = st->wloop.body;
    int m = body && body->kind == S_SEQ ? body->seq.n : 0;
    const Stmt *y = nx && m && body->seq.items[m - 1]->kind == S_YIELD ? body->seq.items[--m] : NULL;
    ASSERT(y || !nx); /* the parser ends a pl.while_ body with its yield */
    for (int i = 0; i < m; i++)
        flat_stmt(F, body->seq.items[i], &l);
    Expr **yv = ARENA_ARRAY(c->arena, Expr *, n);
    if (y)
        copy_ptrs(yv, flat_list(F, nx, y->vals.vals, &l, &ch), nx);
    for (int i = 0; i < k; i++)
        yv[nx + i] = flat(F, rebind(F, calls.items[i], nx, st->wloop.iters, yv), false, &l);
    Stmt *yield = stmt_new(c, S_YIELD, y ? y->loc : st->loc);
    yield->vals.n = n;
    yield->vals.vals = yv;
    stmts_push(&l, yield);
    for (int i = 0; i < k; i++)
        rets[nx + i] = temp(F, iters[nx + i]->type, st->loc);
    bind(F, n, rets);
    Stmt *w = copy_stmt(c, st);
    w->wloop.cond = cond;
    w->wloop.n = n;
    w->wloop.iters = iters;
    w->wloop.inits = inits;
    w->wloop.rets = rets;
    w->wloop.body = stmts_finish(c, &l, body ? body->loc : st->loc);
    stmts_push(out, w);
    vec_free(&calls);
}

static void flat_stmt(Flat *F, const Stmt *st, StmtList *out) {
    Ctx *c = F->c;
    bool ch = false;
    Stmt *n = (Stmt *)st;
    if (F->failed)
        return;
    switch (st->kind) {
    case S_ASSIGN: {
        Expr *v = flat(F, st->assign.value, true, out);
        n = v == st->assign.value ? (Stmt *)st : copy_stmt(c, st);
        n->assign.value = v;
        bind(F, st->assign.n, st->assign.vars);
        break;
    }
    case S_EVAL: {
        Expr *v = flat(F, st->eval.e, true, out);
        n = v == st->eval.e ? (Stmt *)st : copy_stmt(c, st);
        n->eval.e = v;
        break;
    }
    case S_YIELD:
    case S_RETURN: {
        Expr **vals = flat_list(F, st->vals.n, st->vals.vals, out, &ch);
        n = ch ? copy_stmt(c, st) : (Stmt *)st;
        n->vals.vals = vals;
        break;
    }
    case S_BREAK:
    case S_CONTINUE: n = (Stmt *)st; break;
    case S_SEQ:
        for (int i = 0; i < st->seq.n; i++)
            flat_stmt(F, st->seq.items[i], out);
        return;
    case S_SCOPE: {
        Stmt *b = flat_block(F, st->scope.body, st->loc);
        n = b == st->scope.body ? (Stmt *)st : copy_stmt(c, st);
        n->scope.body = b;
        break;
    }
    case S_IF: {
        Expr *cond = flat(F, st->ifs.cond, false, out);
        Stmt *then = flat_block(F, st->ifs.then, st->loc), *els = flat_block(F, st->ifs.els, st->loc);
        n = cond == st->ifs.cond && then == st->ifs.then && els == st->ifs.els ? (Stmt *)st : copy_stmt(c, st);
        n->ifs.cond = cond;
        n->ifs.then = then;
        n->ifs.els = els;
        bind(F, st->ifs.n, st->ifs.rets);
        break;
    }
    case S_FOR: {
        Expr *start = flat(F, st->loop.start, false, out), *stop = flat(F, st->loop.stop, false, out);
        Expr *step = flat(F, st->loop.step, false, out);
        Expr **inits = flat_list(F, st->loop.n, st->loop.inits, out, &ch);
        bind(F, 1, (Var **)&st->loop.iv);
        bind(F, st->loop.n, st->loop.iters);
        Stmt *body = flat_block(F, st->loop.body, st->loc);
        ch |= start != st->loop.start || stop != st->loop.stop || step != st->loop.step || body != st->loop.body;
        n = ch ? copy_stmt(c, st) : (Stmt *)st;
        n->loop.start = start;
        n->loop.stop = stop;
        n->loop.step = step;
        n->loop.inits = inits;
        n->loop.body = body;
        bind(F, st->loop.n, st->loop.rets);
        break;
    }
    case S_WHILE: {
        PtrVec calls = {0};
        outer_calls(st->wloop.cond, &calls);
        bool calling = calls.len > 0;
        vec_free(&calls);
        if (calling) {
            flat_while_cond(F, st, out);
            return;
        }
        Expr **inits = flat_list(F, st->wloop.n, st->wloop.inits, out, &ch);
        bind(F, st->wloop.n, st->wloop.iters);
        Stmt *body = flat_block(F, st->wloop.body, st->loc);
        n = ch || body != st->wloop.body ? copy_stmt(c, st) : (Stmt *)st;
        n->wloop.inits = inits;
        n->wloop.body = body;
        bind(F, st->wloop.n, st->wloop.rets);
        break;
    }
    }
    stmts_push(out, n);
}

Program *pass_flatten_call_expr(PassCtx *pc, const Program *p) {
    Program *q = program_shell(pc->c, p);
    bool ok = true;
    for (int i = 0; i < q->nfuncs && ok; i++) {
        Func *f = q->funcs[i];
        Flat F = {pc->c, {0}, 0, {0}, false};
        func_names(p, f, &F.used);
        bind(&F, p->ndyn, p->dyns);
        bind(&F, f->nparams, f->params);
        Stmt *body = flat_block(&F, f->body, f->loc);
        if (F.failed)
            ok = false;
        else if (body)
            f->body = body;
        map_free(&F.used);
        map_free(&F.textual);
    }
    return ok ? q : NULL;
}
