/* walk.c - traversal and rewriting of the IR, shared by the passes and backends.
 *
 * Rewriting never changes a node in place: a rewrite returns a new node where something
 * below changed and the same node where nothing did, so a pass's input stays intact. */
#include "ptoc.h"

/* ---- traversal ---- */

void walk_expr(Expr *e, ExprFn fn, void *ud) {
    if (!e)
        return;
    switch (e->kind) {
    case E_VAR: case E_INT: case E_FLOAT: case E_BOOL: case E_STR: case E_SYM:
        break;
    case E_BINARY:
        walk_expr(e->bin.l, fn, ud);
        walk_expr(e->bin.r, fn, ud);
        break;
    case E_UNARY: walk_expr(e->un.e, fn, ud); break;
    case E_CAST: walk_expr(e->cast.e, fn, ud); break;
    case E_OP:
        for (int i = 0; i < e->call.nargs; i++)
            walk_expr(e->call.args[i], fn, ud);
        for (int i = 0; i < e->call.nkw; i++)
            walk_expr(e->call.kw[i].value, fn, ud);
        break;
    case E_CALL:
        for (int i = 0; i < e->fcall.nargs; i++)
            walk_expr(e->fcall.args[i], fn, ud);
        break;
    case E_TUPLE:
    case E_LIST:
        for (int i = 0; i < e->list.n; i++)
            walk_expr(e->list.items[i], fn, ud);
        break;
    case E_INDEX: walk_expr(e->index.e, fn, ud); break;
    }
    fn(e, ud);
}

static void walk_exprs(int n, Expr **es, ExprFn fn, void *ud) {
    for (int i = 0; i < n; i++)
        walk_expr(es[i], fn, ud);
}

void walk_type(const Type *t, ExprFn fn, void *ud) {
    if (!t)
        return;
    switch (t->kind) {
    case TY_SCALAR:
    case TY_PTR:
        return;
    case TY_TUPLE:
        for (int i = 0; i < t->nelems; i++)
            walk_type(t->elems[i], fn, ud);
        return;
    case TY_TENSOR:
    case TY_TILE:
        walk_exprs(t->rank, t->shape, fn, ud);
        if (t->valid)
            walk_exprs(t->rank, t->valid, fn, ud);
        if (t->memref) {
            walk_expr(t->memref->base, fn, ud);
            walk_expr(t->memref->offset, fn, ud);
            walk_expr(t->memref->size, fn, ud);
        }
        return;
    }
}

void walk_stmt_exprs(Stmt *s, ExprFn fn, void *ud) {
    if (!s)
        return;
    switch (s->kind) {
    case S_ASSIGN: walk_expr(s->assign.value, fn, ud); break;
    case S_EVAL: walk_expr(s->eval.e, fn, ud); break;
    case S_SEQ:
        for (int i = 0; i < s->seq.n; i++)
            walk_stmt_exprs(s->seq.items[i], fn, ud);
        break;
    case S_FOR:
        walk_expr(s->loop.start, fn, ud);
        walk_expr(s->loop.stop, fn, ud);
        walk_expr(s->loop.step, fn, ud);
        walk_exprs(s->loop.n, s->loop.inits, fn, ud);
        walk_stmt_exprs(s->loop.body, fn, ud);
        break;
    case S_IF:
        walk_expr(s->ifs.cond, fn, ud);
        walk_stmt_exprs(s->ifs.then, fn, ud);
        walk_stmt_exprs(s->ifs.els, fn, ud);
        break;
    case S_YIELD:
    case S_RETURN: walk_exprs(s->vals.n, s->vals.vals, fn, ud); break;
    case S_WHILE:
        walk_exprs(s->wloop.n, s->wloop.inits, fn, ud);
        walk_expr(s->wloop.cond, fn, ud);
        walk_stmt_exprs(s->wloop.body, fn, ud);
        break;
    case S_SCOPE: walk_stmt_exprs(s->scope.body, fn, ud); break;
    case S_BREAK:
    case S_CONTINUE:
        break;
    }
}

void walk_stmts(Stmt *s, StmtFn fn, void *ud) {
    if (!s || !fn(s, ud))
        return;
    switch (s->kind) {
    case S_SEQ:
        for (int i = 0; i < s->seq.n; i++)
            walk_stmts(s->seq.items[i], fn, ud);
        break;
    case S_FOR: walk_stmts(s->loop.body, fn, ud); break;
    case S_IF:
        walk_stmts(s->ifs.then, fn, ud);
        walk_stmts(s->ifs.els, fn, ud);
        break;
    case S_WHILE: walk_stmts(s->wloop.body, fn, ud); break;
    case S_SCOPE: walk_stmts(s->scope.body, fn, ud); break;
    case S_ASSIGN: case S_EVAL: case S_YIELD: case S_RETURN: case S_BREAK: case S_CONTINUE:
        break;
    }
}

static void push_all(PtrVec *out, int n, Var **vs) {
    for (int i = 0; i < n; i++)
        vec_push(out, vs[i]);
}

void stmt_defs(const Stmt *s, PtrVec *out) {
    switch (s->kind) {
    case S_ASSIGN: push_all(out, s->assign.n, s->assign.vars); break;
    case S_FOR:
        vec_push(out, s->loop.iv);
        push_all(out, s->loop.n, s->loop.iters);
        push_all(out, s->loop.n, s->loop.rets);
        break;
    case S_IF: push_all(out, s->ifs.n, s->ifs.rets); break;
    case S_WHILE:
        push_all(out, s->wloop.n, s->wloop.iters);
        push_all(out, s->wloop.n, s->wloop.rets);
        break;
    case S_EVAL: case S_SEQ: case S_YIELD: case S_RETURN: case S_BREAK: case S_CONTINUE: case S_SCOPE:
        break;
    }
}

/* ---- substitution of variables ---- */

static Expr **subst_exprs(Ctx *c, int n, Expr **es, const Map *m, bool *changed) {
    Expr **out = NULL;
    for (int i = 0; i < n; i++) {
        Expr *e = subst_expr(c, es[i], m);
        if (e != es[i] && !out) {
            out = ARENA_ARRAY(c->arena, Expr *, n);
            for (int j = 0; j < i; j++)
                out[j] = es[j];
        }
        if (out)
            out[i] = e;
    }
    if (out)
        *changed = true;
    return out ? out : es;
}

Type *subst_type(Ctx *c, Type *t, const Map *m) {
    if (!t || !m->len)
        return t;
    bool changed = false;
    Type tmp = *t;
    switch (t->kind) {
    case TY_SCALAR:
    case TY_PTR:
        return t;
    case TY_TUPLE: {
        Type **elems = NULL;
        for (int i = 0; i < t->nelems; i++) {
            Type *e = subst_type(c, t->elems[i], m);
            if (e != t->elems[i] && !elems) {
                elems = ARENA_ARRAY(c->arena, Type *, t->nelems);
                for (int j = 0; j < i; j++)
                    elems[j] = t->elems[j];
            }
            if (elems)
                elems[i] = e;
        }
        if (!elems)
            return t;
        tmp.elems = elems;
        return arena_dup(c->arena, &tmp, sizeof tmp);
    }
    case TY_TENSOR:
    case TY_TILE:
        tmp.shape = subst_exprs(c, t->rank, t->shape, m, &changed);
        if (t->valid)
            tmp.valid = subst_exprs(c, t->rank, t->valid, m, &changed);
        if (t->memref) {
            MemRef mr = {subst_expr(c, t->memref->base, m), subst_expr(c, t->memref->offset, m),
                         subst_expr(c, t->memref->size, m)};
            if (mr.base != t->memref->base || mr.offset != t->memref->offset || mr.size != t->memref->size) {
                tmp.memref = arena_dup(c->arena, &mr, sizeof mr);
                changed = true;
            }
        }
        return changed ? arena_dup(c->arena, &tmp, sizeof tmp) : t;
    }
    return t;
}

Expr *subst_expr(Ctx *c, Expr *e, const Map *m) {
    if (!e || !m->len)
        return e;
    bool changed = false;
    Expr tmp = *e;
    switch (e->kind) {
    case E_VAR: {
        Expr *r = map_get(m, e->var);
        if (!r)
            return e;
        if (r->kind == E_VAR && r->loc.src == NULL) { /* keep the use's position */
            Expr *v = arena_dup(c->arena, r, sizeof *r);
            v->loc = e->loc;
            return v;
        }
        return r;
    }
    case E_INT: case E_FLOAT: case E_BOOL: case E_STR: case E_SYM:
        return e;
    case E_BINARY:
        tmp.bin.l = subst_expr(c, e->bin.l, m);
        tmp.bin.r = subst_expr(c, e->bin.r, m);
        changed = tmp.bin.l != e->bin.l || tmp.bin.r != e->bin.r;
        break;
    case E_UNARY:
        tmp.un.e = subst_expr(c, e->un.e, m);
        changed = tmp.un.e != e->un.e;
        break;
    case E_CAST:
        tmp.cast.e = subst_expr(c, e->cast.e, m);
        changed = tmp.cast.e != e->cast.e;
        break;
    case E_OP:
        tmp.call.args = subst_exprs(c, e->call.nargs, e->call.args, m, &changed);
        for (int i = 0; i < e->call.nkw; i++) {
            Expr *v = subst_expr(c, e->call.kw[i].value, m);
            if (v == e->call.kw[i].value)
                continue;
            if (tmp.call.kw == e->call.kw)
                tmp.call.kw = arena_dup(c->arena, e->call.kw, sizeof(Kwarg) * (size_t)e->call.nkw);
            tmp.call.kw[i].value = v;
            changed = true;
        }
        break;
    case E_CALL:
        tmp.fcall.args = subst_exprs(c, e->fcall.nargs, e->fcall.args, m, &changed);
        break;
    case E_TUPLE:
    case E_LIST:
        tmp.list.items = subst_exprs(c, e->list.n, e->list.items, m, &changed);
        break;
    case E_INDEX:
        tmp.index.e = subst_expr(c, e->index.e, m);
        changed = tmp.index.e != e->index.e;
        break;
    }
    Type *t = subst_type(c, e->type, m);
    if (!changed && t == e->type)
        return e;
    tmp.type = t;
    return arena_dup(c->arena, &tmp, sizeof tmp);
}

static Stmt *copy_stmt(Ctx *c, const Stmt *s) { return arena_dup(c->arena, s, sizeof *s); }

Stmt *subst_stmt(Ctx *c, Stmt *s, const Map *m) {
    if (!s || !m->len)
        return s;
    bool changed = false;
    Stmt tmp = *s;
    switch (s->kind) {
    case S_ASSIGN:
        tmp.assign.value = subst_expr(c, s->assign.value, m);
        changed = tmp.assign.value != s->assign.value;
        break;
    case S_EVAL:
        tmp.eval.e = subst_expr(c, s->eval.e, m);
        changed = tmp.eval.e != s->eval.e;
        break;
    case S_SEQ: {
        Stmt **items = NULL;
        for (int i = 0; i < s->seq.n; i++) {
            Stmt *x = subst_stmt(c, s->seq.items[i], m);
            if (x != s->seq.items[i] && !items) {
                items = ARENA_ARRAY(c->arena, Stmt *, s->seq.n);
                for (int j = 0; j < i; j++)
                    items[j] = s->seq.items[j];
            }
            if (items)
                items[i] = x;
        }
        if (!items)
            return s;
        tmp.seq.items = items;
        return copy_stmt(c, &tmp);
    }
    case S_FOR:
        tmp.loop.start = subst_expr(c, s->loop.start, m);
        tmp.loop.stop = subst_expr(c, s->loop.stop, m);
        tmp.loop.step = subst_expr(c, s->loop.step, m);
        tmp.loop.inits = subst_exprs(c, s->loop.n, s->loop.inits, m, &changed);
        tmp.loop.body = subst_stmt(c, s->loop.body, m);
        changed |= tmp.loop.start != s->loop.start || tmp.loop.stop != s->loop.stop ||
                   tmp.loop.step != s->loop.step || tmp.loop.body != s->loop.body;
        break;
    case S_IF:
        tmp.ifs.cond = subst_expr(c, s->ifs.cond, m);
        tmp.ifs.then = subst_stmt(c, s->ifs.then, m);
        tmp.ifs.els = subst_stmt(c, s->ifs.els, m);
        changed = tmp.ifs.cond != s->ifs.cond || tmp.ifs.then != s->ifs.then || tmp.ifs.els != s->ifs.els;
        break;
    case S_YIELD:
    case S_RETURN:
        tmp.vals.vals = subst_exprs(c, s->vals.n, s->vals.vals, m, &changed);
        break;
    case S_WHILE:
        tmp.wloop.inits = subst_exprs(c, s->wloop.n, s->wloop.inits, m, &changed);
        tmp.wloop.cond = subst_expr(c, s->wloop.cond, m);
        tmp.wloop.body = subst_stmt(c, s->wloop.body, m);
        changed |= tmp.wloop.cond != s->wloop.cond || tmp.wloop.body != s->wloop.body;
        break;
    case S_SCOPE:
        tmp.scope.body = subst_stmt(c, s->scope.body, m);
        changed = tmp.scope.body != s->scope.body;
        break;
    case S_BREAK:
    case S_CONTINUE:
        return s;
    }
    return changed ? copy_stmt(c, &tmp) : s;
}

/* ---- programs ---- */

Program *program_shell(Ctx *c, const Program *p) {
    Program *q = arena_dup(c->arena, p, sizeof *p);
    q->funcs = ARENA_ARRAY(c->arena, Func *, p->nfuncs);
    for (int i = 0; i < p->nfuncs; i++)
        q->funcs[i] = arena_dup(c->arena, p->funcs[i], sizeof(Func));
    return q;
}

/* ---- statement lists ---- */

void stmts_push(StmtList *l, Stmt *s) {
    if (!s)
        return;
    if (s->kind == S_SEQ) { /* blocks are flat: a nested sequence's statements join this one */
        for (int i = 0; i < s->seq.n; i++)
            stmts_push(l, s->seq.items[i]);
        return;
    }
    vec_push(&l->v, s);
}

Stmt *stmts_finish(Ctx *c, StmtList *l, Loc loc) {
    int n = l->v.len;
    Stmt *s = stmt_new(c, S_SEQ, loc);
    s->seq.n = n;
    s->seq.items = (Stmt **)vec_finish(c->arena, &l->v);
    return s;
}

/* ---- names ---- */

static void add_names(Map *used, int n, Var **vs) {
    for (int i = 0; i < n; i++)
        if (vs[i])
            map_put(used, vs[i]->name, (void *)vs[i]->name);
}

static bool collect_names(Stmt *s, void *ud) {
    PtrVec defs = {0};
    stmt_defs(s, &defs);
    add_names(ud, defs.len, (Var **)defs.items);
    vec_free(&defs);
    return true;
}

void func_names(const Program *p, const Func *f, Map *used) {
    add_names(used, p->ndyn, p->dyns);
    add_names(used, f->nparams, f->params);
    walk_stmts(f->body, collect_names, used);
}

Str name_fresh(Ctx *c, Map *used, const char *base) {
    Str s = intern_cstr(c->names, base);
    char buf[256];
    for (int i = 1; map_get(used, s); i++) {
        snprintf(buf, sizeof buf, "%s_%d", base, i);
        s = intern_cstr(c->names, buf);
    }
    map_put(used, s, (void *)s);
    return s;
}
