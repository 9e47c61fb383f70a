/* outline_incore_scopes.c - OutlineIncoreScopes: every `with pl.incore():` region of an Opaque
 * or Orchestration function becomes an InCore function `<func>_incore_<k>` (k = 0, 1, ... in
 * program order within the function), and the region becomes a call of it:
 *
 *     with pl.incore():                        s, z = self.f_incore_0(bias, x)
 *         s = pl.tensor.add(x, bias)    ==>
 *         z = pl.tensor.mul_scalar(s, 0.5)
 *
 * Parameters: the values the region uses and does not define (variables named in the types of
 * those values too), sorted by name, except that a parameter comes after the parameters its type
 * mentions (a Tensor[[n, 64]] after n), since a signature reads left to right. Module-level
 * dynamic dimensions are not parameters: every function sees them. Results: the values the
 * region defines that the rest of the function uses (in statements or in types), sorted by name.
 * The caller keeps its own variables (the call defines the results under their old names); the
 * new function gets a copy of the region with fresh variables throughout, so that no variable
 * belongs to two functions. A function with at least one outlined region becomes an
 * Orchestration function; new functions are placed just before their caller.
 *
 * A region in an InCore function is already on one core: the scope is dissolved (its statements
 * join the enclosing block); a region nested in a region is dissolved into the outer one's kernel.
 * Errors: a return in a region, a break/continue/yield that leaves it, a call of a program
 * function in it (a kernel launches no tasks), a tuple value crossing its boundary (parameters
 * and results cannot be tuples). */
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"

typedef struct {
    PassCtx *pc;
    Ctx *c;
    const Program *p;
    Map fnames;      /* names of the program's functions, old and new */
    PtrVec funcs;    /* the new program's functions, in order */
    const Func *f;   /* the function being rewritten */
    int k;           /* index of its next region */
    bool outlined;   /* f had a region outlined */
    bool ok;
} Outliner;

/* ---- sets of variables: Map Var -> the first expression that mentions it (or the Var) ---- */

typedef struct {
    Map *set;
    const Map *skip; /* variables not to collect (the module's dynamic dimensions) */
} Collect;

static void collect_type(Collect *cl, const Type *t);

static void collect_var_expr(Expr *e, void *ud) {
    Collect *cl = ud;
    if (e->kind != E_VAR || map_get(cl->skip, e->var))
        return;
    if (!map_get(cl->set, e->var)) {
        map_put(cl->set, e->var, e);
        collect_type(cl, e->var->type);
    }
}

static void collect_exprs(Collect *cl, int n, Expr **es) {
    for (int i = 0; i < n; i++)
        walk_expr(es[i], collect_var_expr, cl);
}

/* The variables a type's shape, valid shape and memory reference mention. */
static void collect_type(Collect *cl, const Type *t) { walk_type(t, collect_var_expr, cl); }

static void collect_defs_types(Collect *cl, const Stmt *s) {
    PtrVec defs = {0};
    stmt_defs(s, &defs);
    for (int i = 0; i < defs.len; i++)
        collect_type(cl, ((Var *)defs.items[i])->type);
    vec_free(&defs);
}

/* Uses (in expressions and in the types of definitions) in s and below, except under `skip`. */
static void collect_uses(Collect *cl, Stmt *s, const Stmt *skip) {
    if (!s || s == skip)
        return;
    collect_defs_types(cl, s);
    switch (s->kind) {
    case S_ASSIGN: walk_expr(s->assign.value, collect_var_expr, cl); break;
    case S_EVAL: walk_expr(s->eval.e, collect_var_expr, cl); break;
    case S_SEQ:
        for (int i = 0; i < s->seq.n; i++)
            collect_uses(cl, s->seq.items[i], skip);
        break;
    case S_FOR:
        walk_expr(s->loop.start, collect_var_expr, cl);
        walk_expr(s->loop.stop, collect_var_expr, cl);
        walk_expr(s->loop.step, collect_var_expr, cl);
        collect_exprs(cl, s->loop.n, s->loop.inits);
        collect_uses(cl, s->loop.body, skip);
        break;
    case S_IF:
        walk_expr(s->ifs.cond, collect_var_expr, cl);
        collect_uses(cl, s->ifs.then, skip);
        collect_uses(cl, s->ifs.els, skip);
        break;
    case S_YIELD:
    case S_RETURN: collect_exprs(cl, s->vals.n, s->vals.vals); break;
    case S_WHILE:
        collect_exprs(cl, s->wloop.n, s->wloop.inits);
        walk_expr(s->wloop.cond, collect_var_expr, cl);
        collect_uses(cl, s->wloop.body, skip);
        break;
    case S_SCOPE: collect_uses(cl, s->scope.body, skip); break;
    case S_BREAK:
    case S_CONTINUE:
        break;
    }
}

static bool collect_defs(Stmt *s, void *ud) {
    PtrVec defs = {0};
    stmt_defs(s, &defs);
    for (int i = 0; i < defs.len; i++)
        map_put(ud, defs.items[i], defs.items[i]);
    vec_free(&defs);
    return true;
}

static int by_name(const void *a, const void *b) {
    const Var *x = *(Var *const *)a, *y = *(Var *const *)b;
    int d = strcmp(x->name, y->name);
    return d ? d : (x->id > y->id) - (x->id < y->id);
}

/* The keys of `set` that are not in `minus` (and are in `only`, when given), sorted by name. */
static void set_sorted(const Map *set, const Map *minus, const Map *only, PtrVec *out) {
    for (size_t i = 0; i < set->cap; i++) {
        const void *v = set->keys[i];
        if (v && !map_get(minus, v) && (!only || map_get(only, v)))
            vec_push(out, (void *)v);
    }
    if (out->len > 1)
        qsort(out->items, (size_t)out->len, sizeof(void *), by_name);
}

/* Reorders name-sorted parameters so that each comes after those its type mentions: the
 * smallest name whose dependencies are placed goes next. */
static void order_params(PtrVec *params, const Map *dyns) {
    int n = params->len;
    if (n < 2)
        return;
    void **placed = calloc((size_t)n, sizeof *placed);
    bool *done = calloc((size_t)n, sizeof *done);
    if (!placed || !done)
        ICE("out of memory");
    for (int k = 0; k < n; k++) {
        int pick = -1;
        for (int i = 0; i < n && pick < 0; i++) {
            if (done[i])
                continue;
            Map deps = {0};
            Collect cl = {&deps, dyns};
            collect_type(&cl, ((Var *)params->items[i])->type);
            bool ready = true;
            for (int j = 0; j < n; j++)
                if (!done[j] && j != i && map_get(&deps, params->items[j]))
                    ready = false;
            map_free(&deps);
            if (ready)
                pick = i;
        }
        if (pick < 0) /* a cycle cannot happen: types only mention variables defined earlier */
            ICE("parameter types depend on each other in a cycle");
        done[pick] = true;
        placed[k] = params->items[pick];
    }
    memcpy(params->items, placed, sizeof(void *) * (size_t)n);
    free(placed);
    free(done);
}

/* ---- checks on a region ---- */

typedef struct {
    Outliner *o;
    int loops; /* loops entered inside the region */
    int ifs;   /* ifs entered inside the region */
} Check;

static void check_call(Expr *e, void *ud) {
    Outliner *o = ud;
    if (e->kind == E_CALL && o->ok) {
        error_at(o->c, e->loc, "call of '%s' inside `with pl.incore():`: a kernel cannot call program functions", e->fcall.name);
        hint(o->c, "move the call out of the region");
        o->ok = false;
    }
}

static void check_region(Check *ck, Stmt *s) {
    Outliner *o = ck->o;
    if (!s || !o->ok)
        return;
    switch (s->kind) {
    case S_ASSIGN:
    case S_EVAL:
        walk_stmt_exprs(s, check_call, o);
        return;
    case S_SEQ:
        for (int i = 0; i < s->seq.n; i++)
            check_region(ck, s->seq.items[i]);
        return;
    case S_FOR:
    case S_WHILE:
        walk_stmt_exprs(s, check_call, o);
        ck->loops++;
        check_region(ck, s->kind == S_FOR ? s->loop.body : s->wloop.body);
        ck->loops--;
        return;
    case S_IF:
        walk_expr(s->ifs.cond, check_call, o);
        ck->ifs++;
        check_region(ck, s->ifs.then);
        check_region(ck, s->ifs.els);
        ck->ifs--;
        return;
    case S_SCOPE: check_region(ck, s->scope.body); return;
    case S_RETURN:
        error_at(o->c, s->loc, "return inside `with pl.incore():`: the region becomes a kernel function");
        hint(o->c, "compute the value inside the region and return it after the region");
        o->ok = false;
        return;
    case S_YIELD:
        walk_stmt_exprs(s, check_call, o);
        if (ck->loops == 0 && ck->ifs == 0) {
            error_at(o->c, s->loc, "pl.yield_ inside `with pl.incore():` yields to a loop or if outside the region");
            o->ok = false;
        }
        return;
    case S_BREAK:
    case S_CONTINUE:
        if (ck->loops == 0) {
            error_at(o->c, s->loc, "%s inside `with pl.incore():` leaves the region", s->kind == S_BREAK ? "break" : "continue");
            o->ok = false;
        }
        return;
    }
}

static bool check_not_tuple(Outliner *o, const Var *v, Loc loc, bool param) {
    if (v->type && v->type->kind == TY_TUPLE) {
        error_at(o->c, loc, "'%s' is a tuple and would be a %s of the kernel outlined from `with pl.incore():`", v->name,
                 param ? "parameter" : "result");
        hint(o->c, "unpack it into separate values (a, b = ...) %s the region", param ? "before" : "inside");
        o->ok = false;
        return false;
    }
    return true;
}

/* ---- copying a region with fresh variables ---- */

/* A fresh variable for a definition; its uses from now on map to it. */
static Var *fresh(Ctx *c, Var *v, Map *m) {
    Var *n = var_new(c, v->loc, v->name, subst_type(c, v->type, m));
    map_put(m, v, mk_var(c, (Loc){0}, n)); /* no position: each use keeps its own */
    return n;
}

static Var **fresh_all(Ctx *c, int n, Var **vs, Map *m) {
    Var **out = ARENA_ARRAY(c->arena, Var *, n);
    for (int i = 0; i < n; i++)
        out[i] = fresh(c, vs[i], m);
    return out;
}

static Expr **subst_all(Ctx *c, int n, Expr **es, const Map *m) {
    Expr **out = ARENA_ARRAY(c->arena, Expr *, n);
    for (int i = 0; i < n; i++)
        out[i] = subst_expr(c, es[i], m);
    return out;
}

static Stmt *copy_fresh(Ctx *c, Stmt *s, Map *m);

static Stmt *copy_block(Ctx *c, Stmt *s, Map *m) {
    StmtList l = {0};
    if (s && s->kind == S_SEQ)
        for (int i = 0; i < s->seq.n; i++)
            stmts_push(&l, copy_fresh(c, s->seq.items[i], m));
    else
        stmts_push(&l, copy_fresh(c, s, m));
    return stmts_finish(c, &l, s ? s->loc : (Loc){0});
}

/* A copy of s in which every variable s defines is fresh and every use is mapped by m; nested
 * scopes are dissolved (their blocks join the enclosing one). Definitions precede their uses
 * in SSA form, so one walk in program order suffices. */
static Stmt *copy_fresh(Ctx *c, Stmt *s, Map *m) {
    if (!s)
        return NULL;
    Stmt *n = arena_dup(c->arena, s, sizeof *s);
    switch (s->kind) {
    case S_ASSIGN:
        n->assign.value = subst_expr(c, s->assign.value, m);
        n->assign.vars = fresh_all(c, s->assign.n, s->assign.vars, m);
        return n;
    case S_EVAL: n->eval.e = subst_expr(c, s->eval.e, m); return n;
    case S_SEQ: return copy_block(c, s, m);
    case S_FOR:
        n->loop.start = subst_expr(c, s->loop.start, m);
        n->loop.stop = subst_expr(c, s->loop.stop, m);
        n->loop.step = subst_expr(c, s->loop.step, m);
        n->loop.inits = subst_all(c, s->loop.n, s->loop.inits, m);
        n->loop.iv = fresh(c, s->loop.iv, m);
        n->loop.iters = fresh_all(c, s->loop.n, s->loop.iters, m);
        n->loop.body = copy_block(c, s->loop.body, m);
        n->loop.rets = fresh_all(c, s->loop.n, s->loop.rets, m);
        return n;
    case S_IF:
        n->ifs.cond = subst_expr(c, s->ifs.cond, m);
        n->ifs.then = copy_block(c, s->ifs.then, m);
        n->ifs.els = s->ifs.els ? copy_block(c, s->ifs.els, m) : NULL;
        n->ifs.rets = fresh_all(c, s->ifs.n, s->ifs.rets, m);
        return n;
    case S_YIELD:
    case S_RETURN: n->vals.vals = subst_all(c, s->vals.n, s->vals.vals, m); return n;
    case S_WHILE:
        n->wloop.inits = subst_all(c, s->wloop.n, s->wloop.inits, m);
        n->wloop.iters = fresh_all(c, s->wloop.n, s->wloop.iters, m);
        n->wloop.cond = subst_expr(c, s->wloop.cond, m);
        n->wloop.body = copy_block(c, s->wloop.body, m);
        n->wloop.rets = fresh_all(c, s->wloop.n, s->wloop.rets, m);
        return n;
    case S_SCOPE: return copy_block(c, s->scope.body, m);
    case S_BREAK:
    case S_CONTINUE:
        return s;
    }
    return s;
}

/* ---- outlining one region ---- */

static Str kernel_name(Outliner *o) {
    char base[256];
    snprintf(base, sizeof base, "%s_incore_%d", o->f->name, o->k++);
    return name_fresh(o->c, &o->fnames, base);
}

static Map dyn_set(const Program *p) {
    Map m = {0};
    for (int i = 0; i < p->ndyn; i++)
        map_put(&m, p->dyns[i], p->dyns[i]);
    return m;
}

/* The InCore function for region `scope` of o->f, and the statement that calls it. */
static Stmt *outline(Outliner *o, Stmt *scope) {
    Ctx *c = o->c;
    Check ck = {o, 0, 0};
    check_region(&ck, scope->scope.body);
    if (!o->ok)
        return NULL;

    Map dyns = dyn_set(o->p), defs = {0}, uses_in = {0}, uses_out = {0};
    Collect in = {&uses_in, &dyns}, out = {&uses_out, &dyns};
    walk_stmts(scope->scope.body, collect_defs, &defs);
    collect_uses(&in, scope->scope.body, NULL);
    collect_uses(&out, o->f->body, scope);
    for (int i = 0; i < o->f->nrets; i++) /* results may be named in the function's return types */
        collect_type(&out, o->f->rets[i]);

    PtrVec params = {0}, results = {0};
    Map none = {0};
    set_sorted(&uses_in, &defs, NULL, &params);
    set_sorted(&defs, &none, &uses_out, &results);
    order_params(&params, &dyns);
    for (int i = 0; i < params.len && o->ok; i++) {
        Expr *use = map_get(&uses_in, params.items[i]);
        check_not_tuple(o, params.items[i], use->loc, true);
    }
    for (int i = 0; i < results.len && o->ok; i++)
        check_not_tuple(o, results.items[i], ((Var *)results.items[i])->loc, false);

    Stmt *call_stmt = NULL;
    if (o->ok) {
        /* the kernel: parameters, then the region copied, then the return */
        Func *fn = ARENA_NEW(c->arena, Func);
        fn->name = kernel_name(o);
        fn->kind = FN_INCORE;
        fn->loc = scope->loc;
        fn->nparams = params.len;
        fn->params = ARENA_ARRAY(c->arena, Var *, params.len);
        fn->dirs = ARENA_ARRAY(c->arena, ParamDir, params.len); /* zeroed: DIR_IN */
        Map m = {0};
        for (int i = 0; i < params.len; i++)
            fn->params[i] = fresh(c, params.items[i], &m);
        StmtList body = {0};
        stmts_push(&body, copy_block(c, scope->scope.body, &m));
        fn->nrets = results.len;
        fn->rets = ARENA_ARRAY(c->arena, Type *, results.len);
        Expr **vals = ARENA_ARRAY(c->arena, Expr *, results.len);
        for (int i = 0; i < results.len; i++) {
            Expr *r = map_get(&m, results.items[i]);
            vals[i] = mk_var(c, scope->loc, r->var);
            fn->rets[i] = r->var->type;
        }
        if (results.len) {
            Stmt *ret = stmt_new(c, S_RETURN, scope->loc);
            ret->vals.n = results.len;
            ret->vals.vals = vals;
            stmts_push(&body, ret);
        }
        fn->body = stmts_finish(c, &body, scope->loc);
        map_free(&m);
        vec_push(&o->funcs, fn);

        /* the call: the caller's own variables in, the caller's own variables out */
        Expr *call = ARENA_NEW(c->arena, Expr);
        call->kind = E_CALL;
        call->loc = scope->loc;
        call->fcall.name = fn->name;
        call->fcall.nargs = params.len;
        call->fcall.args = ARENA_ARRAY(c->arena, Expr *, params.len);
        for (int i = 0; i < params.len; i++)
            call->fcall.args[i] = mk_var(c, scope->loc, params.items[i]);
        call->type = fn->nrets == 1 ? fn->rets[0] : ty_tuple(c, fn->nrets, fn->rets);
        if (results.len) {
            call_stmt = stmt_new(c, S_ASSIGN, scope->loc);
            call_stmt->assign.n = results.len;
            call_stmt->assign.vars = (Var **)vec_finish(c->arena, &results);
            call_stmt->assign.value = call;
        } else {
            call_stmt = stmt_new(c, S_EVAL, scope->loc);
            call_stmt->eval.e = call;
        }
        o->outlined = true;
    }
    vec_free(&params);
    vec_free(&results);
    map_free(&dyns);
    map_free(&defs);
    map_free(&uses_in);
    map_free(&uses_out);
    return call_stmt;
}

/* ---- rewriting a function ---- */

static Stmt *rewrite(Outliner *o, Stmt *s);

static Stmt *rewrite_block(Outliner *o, Stmt *s) {
    if (!s)
        return NULL;
    StmtList l = {0};
    if (s->kind == S_SEQ)
        for (int i = 0; i < s->seq.n; i++)
            stmts_push(&l, rewrite(o, s->seq.items[i]));
    else
        stmts_push(&l, rewrite(o, s));
    return stmts_finish(o->c, &l, s->loc);
}

/* s with its regions outlined (or dissolved, in an InCore function). */
static Stmt *rewrite(Outliner *o, Stmt *s) {
    if (!s || !o->ok)
        return s;
    Stmt *n;
    switch (s->kind) {
    case S_SEQ: return rewrite_block(o, s);
    case S_FOR:
        n = arena_dup(o->c->arena, s, sizeof *s);
        n->loop.body = rewrite_block(o, s->loop.body);
        return n;
    case S_IF:
        n = arena_dup(o->c->arena, s, sizeof *s);
        n->ifs.then = rewrite_block(o, s->ifs.then);
        n->ifs.els = rewrite_block(o, s->ifs.els);
        return n;
    case S_WHILE:
        n = arena_dup(o->c->arena, s, sizeof *s);
        n->wloop.body = rewrite_block(o, s->wloop.body);
        return n;
    case S_SCOPE:
        if (o->f->kind == FN_INCORE)
            return rewrite_block(o, s->scope.body);
        return outline(o, s);
    case S_ASSIGN: case S_EVAL: case S_YIELD: case S_RETURN: case S_BREAK: case S_CONTINUE:
        return s;
    }
    return s;
}

static bool has_scope(Stmt *s, void *ud) {
    if (s->kind == S_SCOPE)
        *(bool *)ud = true;
    return !*(bool *)ud;
}

Program *pass_outline_incore_scopes(PassCtx *pc, const Program *p) {
    Outliner o = {.pc = pc, .c = pc->c, .p = p, .ok = true};
    for (int i = 0; i < p->nfuncs; i++)
        map_put(&o.fnames, p->funcs[i]->name, (void *)p->funcs[i]->name);
    Program *q = program_shell(pc->c, p);
    for (int i = 0; i < q->nfuncs && o.ok; i++) {
        Func *f = q->funcs[i];
        bool scoped = false;
        walk_stmts(f->body, has_scope, &scoped);
        if (scoped) {
            o.f = f;
            o.k = 0;
            o.outlined = false;
            f->body = rewrite_block(&o, f->body);
            if (o.outlined && f->kind == FN_OPAQUE)
                f->kind = FN_ORCH;
        }
        vec_push(&o.funcs, f); /* after the kernels outlined from it */
    }
    map_free(&o.fnames);
    if (!o.ok) {
        vec_free(&o.funcs);
        return NULL;
    }
    q->nfuncs = o.funcs.len;
    q->funcs = (Func **)vec_finish(pc->c->arena, &o.funcs);
    return q;
}
