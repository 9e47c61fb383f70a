/* liveness.c - what the memory passes (InitMemRef, MemoryReuse, AllocateMemoryAddr) share:
 * the statements and Tensor/Tile variables of a kernel with their uses and lifetimes, the
 * relations that make variables share one buffer (their classes), byte sizes, rewriting of
 * variables, and the buffer planner.
 *
 * Lifetimes are ranges of statement numbers (pre-order over the kernel, compound statements
 * before their bodies). A linear order is a safe model of structured code: a value's uses that
 * follow its definition on some path lie at higher numbers, except around loops, which is why a
 * value used inside a loop that does not define it lives until the loop's end. The range is
 * conservative for ifs (a value used only in the then branch is also counted live in the else
 * branch's numbers before the end of its own uses), never optimistic. */
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"

/* ---- numbering statements and collecting variables ---- */

static bool tracked(const Type *t) { return t && (t->kind == TY_TENSOR || t->kind == TY_TILE); }

bool kernel_is_loop(const Stmt *s) { return s->kind == S_FOR || s->kind == S_WHILE; }

static void *grow(void *p, int *cap, int need, size_t elem) {
    if (need <= *cap)
        return p;
    int cap2 = *cap ? *cap * 2 : 16;
    while (cap2 < need)
        cap2 *= 2;
    void *q = realloc(p, (size_t)cap2 * elem);
    if (!q)
        ICE("out of memory");
    *cap = cap2;
    return q;
}

typedef struct {
    Kernel *k;
    int scap, vcap;
} Builder;

static void add_var(Builder *b, Var *v, KDefKind how, int def) {
    Kernel *k = b->k;
    if (!v || !tracked(v->type) || map_get(&k->index, v))
        return;
    k->vars = grow(k->vars, &b->vcap, k->nvars + 1, sizeof *k->vars);
    int i = k->nvars++;
    k->vars[i] = (KVar){.var = v, .how = how, .def = def, .cls = i, .cnext = -1};
    map_put(&k->index, v, (void *)(intptr_t)(i + 1));
}

static void add_vars(Builder *b, int n, Var **vs, KDefKind how, int def) {
    for (int i = 0; i < n; i++)
        add_var(b, vs[i], how, def);
}

static void flat_items(Stmt *s, PtrVec *out) {
    if (!s)
        return;
    if (s->kind != S_SEQ) {
        vec_push(out, s);
        return;
    }
    for (int i = 0; i < s->seq.n; i++)
        flat_items(s->seq.items[i], out);
}

static int number_stmt(Builder *b, Stmt *s, int parent);

static int number_block(Builder *b, Stmt *block, int parent) {
    PtrVec items = {0};
    flat_items(block, &items);
    int first = -1, prev = -1;
    for (int j = 0; j < items.len; j++) {
        int i = number_stmt(b, items.items[j], parent);
        if (prev >= 0)
            b->k->stmts[prev].next = i;
        else
            first = i;
        prev = i;
    }
    vec_free(&items);
    return first;
}

static int number_stmt(Builder *b, Stmt *s, int parent) {
    Kernel *k = b->k;
    k->stmts = grow(k->stmts, &b->scap, k->nstmts + 1, sizeof *k->stmts);
    int i = k->nstmts++;
    k->stmts[i] = (KStmt){.s = s, .parent = parent, .next = -1, .end = i, .body = -1, .els = -1};
    int body = -1, els = -1;
    switch (s->kind) {
    case S_ASSIGN:
        add_vars(b, s->assign.n, s->assign.vars, KDEF_ASSIGN, i);
        break;
    case S_FOR:
        add_vars(b, s->loop.n, s->loop.iters, KDEF_ITER, i);
        body = number_block(b, s->loop.body, i);
        add_vars(b, s->loop.n, s->loop.rets, KDEF_RET, i);
        break;
    case S_WHILE:
        add_vars(b, s->wloop.n, s->wloop.iters, KDEF_ITER, i);
        body = number_block(b, s->wloop.body, i);
        add_vars(b, s->wloop.n, s->wloop.rets, KDEF_RET, i);
        break;
    case S_IF:
        body = number_block(b, s->ifs.then, i);
        els = number_block(b, s->ifs.els, i);
        add_vars(b, s->ifs.n, s->ifs.rets, KDEF_RET, i);
        break;
    case S_SCOPE:
        body = number_block(b, s->scope.body, i);
        break;
    case S_SEQ: /* flattened by number_block */
    case S_EVAL: case S_YIELD: case S_RETURN: case S_BREAK: case S_CONTINUE:
        break;
    }
    k->stmts[i].body = body;
    k->stmts[i].els = els;
    k->stmts[i].end = k->nstmts - 1;
    return i;
}

/* ---- uses ---- */

typedef struct {
    Kernel *k;
    int stmt;
    bool each_iter;
} UseCtx;

static void add_use(Expr *e, void *ud) {
    UseCtx *u = ud;
    if (e->kind != E_VAR)
        return;
    int i = kernel_var(u->k, e->var);
    if (i < 0)
        return;
    KVar *v = &u->k->vars[i];
    if (v->nuses && v->uses[v->nuses - 1].stmt == u->stmt && v->uses[v->nuses - 1].each_iter == u->each_iter)
        return;
    v->uses = grow(v->uses, &v->cap, v->nuses + 1, sizeof *v->uses);
    v->uses[v->nuses++] = (KUse){u->stmt, u->each_iter};
}

static void uses_in(UseCtx *u, int n, Expr **es) {
    for (int i = 0; i < n; i++)
        walk_expr(es[i], add_use, u);
}

/* The uses by statement i's own expressions (not those of the statements nested in it). */
static void collect_uses(Kernel *k, int i) {
    Stmt *s = k->stmts[i].s;
    UseCtx u = {k, i, false};
    switch (s->kind) {
    case S_ASSIGN: walk_expr(s->assign.value, add_use, &u); break;
    case S_EVAL: walk_expr(s->eval.e, add_use, &u); break;
    case S_FOR:
        walk_expr(s->loop.start, add_use, &u);
        walk_expr(s->loop.stop, add_use, &u);
        walk_expr(s->loop.step, add_use, &u);
        uses_in(&u, s->loop.n, s->loop.inits);
        break;
    case S_IF: walk_expr(s->ifs.cond, add_use, &u); break;
    case S_YIELD:
    case S_RETURN: uses_in(&u, s->vals.n, s->vals.vals); break;
    case S_WHILE:
        uses_in(&u, s->wloop.n, s->wloop.inits);
        u.each_iter = true;
        walk_expr(s->wloop.cond, add_use, &u);
        break;
    case S_SEQ: case S_SCOPE: case S_BREAK: case S_CONTINUE:
        break;
    }
}

void kernel_analyze(Kernel *k, Ctx *c, const Func *f) {
    memset(k, 0, sizeof *k);
    k->c = c;
    k->f = f;
    Builder b = {.k = k};
    add_vars(&b, f->nparams, f->params, KDEF_PARAM, -1);
    k->top = number_block(&b, f->body, -1);
    for (int i = 0; i < k->nstmts; i++)
        collect_uses(k, i);
}

void kernel_free(Kernel *k) {
    for (int i = 0; i < k->nvars; i++)
        free(k->vars[i].uses);
    free(k->vars);
    free(k->stmts);
    map_free(&k->index);
    memset(k, 0, sizeof *k);
}

int kernel_var(const Kernel *k, const Var *v) {
    return v ? (int)(intptr_t)map_get(&k->index, v) - 1 : -1;
}

int kernel_find(Kernel *k, int i) {
    int r = i;
    while (k->vars[r].cls != r)
        r = k->vars[r].cls;
    while (k->vars[i].cls != r) { /* path compression */
        int up = k->vars[i].cls;
        k->vars[i].cls = r;
        i = up;
    }
    return r;
}

void kernel_union(Kernel *k, int a, int b) {
    int ra = kernel_find(k, a), rb = kernel_find(k, b);
    if (ra == rb)
        return;
    k->vars[rb].cls = ra;
    int last = ra;
    while (k->vars[last].cnext >= 0)
        last = k->vars[last].cnext;
    k->vars[last].cnext = rb;
}

/* ---- lifetimes ---- */

bool kernel_defined_in(const Kernel *k, const KVar *v, int L) {
    int end = k->stmts[L].end;
    switch (v->how) {
    case KDEF_PARAM: return false;
    case KDEF_ITER: return v->def >= L && v->def <= end;
    case KDEF_ASSIGN:
    case KDEF_RET: return v->def > L && v->def <= end;
    }
    return false;
}

static int def_pos(const Kernel *k, const KVar *v) {
    switch (v->how) {
    case KDEF_PARAM: return 0;
    case KDEF_ASSIGN:
    case KDEF_ITER: return v->def;
    case KDEF_RET: return k->stmts[v->def].end;
    }
    return 0;
}

void kernel_lifetimes(Kernel *k) {
    for (int i = 0; i < k->nvars; i++) {
        KVar *v = &k->vars[i];
        v->first = v->last = def_pos(k, v);
        for (int j = 0; j < v->nuses; j++) {
            KUse u = v->uses[j];
            if (u.stmt > v->last)
                v->last = u.stmt;
            /* every loop around the use that does not define v: v must survive it whole */
            for (int p = u.each_iter ? u.stmt : k->stmts[u.stmt].parent; p >= 0; p = k->stmts[p].parent)
                if (kernel_is_loop(k->stmts[p].s) && !kernel_defined_in(k, v, p) && k->stmts[p].end > v->last)
                    v->last = k->stmts[p].end;
        }
        if (v->how == KDEF_PARAM)
            continue;
        /* a value defined in a loop and used after it (not SSA-scoped code): the whole loop */
        for (int p = v->how == KDEF_ITER ? v->def : k->stmts[v->def].parent; p >= 0; p = k->stmts[p].parent) {
            if (!kernel_is_loop(k->stmts[p].s))
                continue;
            for (int j = 0; j < v->nuses; j++)
                if (v->uses[j].stmt < p || v->uses[j].stmt > k->stmts[p].end) {
                    if (p < v->first)
                        v->first = p;
                    if (k->stmts[p].end > v->last)
                        v->last = k->stmts[p].end;
                }
        }
    }
}

/* ---- relations and classes ---- */

/* The variable an assignment's value aliases: x = y, reshape(y), store(.., out), assemble(t, ..). */
static Expr *alias_of(const Expr *e) {
    if (!e)
        return NULL;
    if (e->kind == E_VAR)
        return (Expr *)e;
    if (e->kind != E_OP)
        return NULL;
    OpId id = e->call.op->id;
    Expr *a = NULL;
    if ((id == OP_TILE_RESHAPE || id == OP_TENSOR_RESHAPE || id == OP_TENSOR_ASSEMBLE) && e->call.nargs > 0)
        a = e->call.args[0];
    else if ((id == OP_TILE_STORE || id == OP_TILE_L0C_STORE) && e->call.nargs > 3)
        a = e->call.args[3];
    return a && a->kind == E_VAR ? a : NULL;
}

static int var_of(const Kernel *k, const Expr *e) { return e && e->kind == E_VAR ? kernel_var(k, e->var) : -1; }

static int last_of(const Kernel *k, int first) {
    int i = first;
    while (i >= 0 && k->stmts[i].next >= 0)
        i = k->stmts[i].next;
    return i;
}

/* The final yield of the block starting at `first` when it gives n values, else -1. */
static int final_yield(const Kernel *k, int first, int n) {
    int y = last_of(k, first);
    return y >= 0 && k->stmts[y].s->kind == S_YIELD && k->stmts[y].s->vals.n == n ? y : -1;
}

static void rel_block(Kernel *k, int first, KRelFn fn, void *ud);

static void rel_yields(Kernel *k, int stmt, int y, int n, Var **to, KRelFn fn, void *ud) {
    if (y < 0)
        return;
    for (int j = 0; j < n; j++) {
        Expr *v = k->stmts[y].s->vals.vals[j];
        fn(k, &(KRel){KREL_YIELD, stmt, y, j, var_of(k, v), kernel_var(k, to[j]), v}, ud);
    }
}

static void rel_loop(Kernel *k, int i, int n, Expr **inits, Var **iters, Var **rets, KRelFn fn, void *ud) {
    rel_block(k, k->stmts[i].body, fn, ud);
    for (int j = 0; j < n; j++)
        fn(k, &(KRel){KREL_INIT, i, -1, j, var_of(k, inits[j]), kernel_var(k, iters[j]), inits[j]}, ud);
    rel_yields(k, i, final_yield(k, k->stmts[i].body, n), n, iters, fn, ud);
    for (int j = 0; j < n; j++)
        fn(k, &(KRel){KREL_RET, i, -1, j, kernel_var(k, rets[j]), kernel_var(k, iters[j]), NULL}, ud);
    fn(k, &(KRel){KREL_DONE, i, -1, -1, -1, -1, NULL}, ud);
}

static void rel_stmt(Kernel *k, int i, KRelFn fn, void *ud) {
    Stmt *s = k->stmts[i].s;
    switch (s->kind) {
    case S_ASSIGN: {
        Expr *a = s->assign.n == 1 ? alias_of(s->assign.value) : NULL;
        int to = s->assign.n == 1 ? kernel_var(k, s->assign.vars[0]) : -1;
        if (a && to >= 0)
            fn(k, &(KRel){KREL_ALIAS, i, -1, -1, var_of(k, a), to, a}, ud);
        break;
    }
    case S_FOR:
        rel_loop(k, i, s->loop.n, s->loop.inits, s->loop.iters, s->loop.rets, fn, ud);
        break;
    case S_WHILE:
        rel_loop(k, i, s->wloop.n, s->wloop.inits, s->wloop.iters, s->wloop.rets, fn, ud);
        break;
    case S_IF:
        rel_block(k, k->stmts[i].body, fn, ud);
        rel_block(k, k->stmts[i].els, fn, ud);
        if (s->ifs.n > 0) {
            rel_yields(k, i, final_yield(k, k->stmts[i].body, s->ifs.n), s->ifs.n, s->ifs.rets, fn, ud);
            rel_yields(k, i, final_yield(k, k->stmts[i].els, s->ifs.n), s->ifs.n, s->ifs.rets, fn, ud);
        }
        fn(k, &(KRel){KREL_DONE, i, -1, -1, -1, -1, NULL}, ud);
        break;
    case S_SCOPE:
        rel_block(k, k->stmts[i].body, fn, ud);
        break;
    case S_SEQ: case S_EVAL: case S_YIELD: case S_RETURN: case S_BREAK: case S_CONTINUE:
        break;
    }
}

static void rel_block(Kernel *k, int first, KRelFn fn, void *ud) {
    for (int i = first; i >= 0; i = k->stmts[i].next)
        rel_stmt(k, i, fn, ud);
}

void kernel_relations(Kernel *k, KRelFn fn, void *ud) { rel_block(k, k->top, fn, ud); }

static void union_rel(Kernel *k, const KRel *r, void *ud) {
    (void)ud;
    if (r->kind != KREL_DONE && r->from >= 0 && r->to >= 0)
        kernel_union(k, r->to, r->from);
}

void kernel_classes(Kernel *k) { kernel_relations(k, union_rel, NULL); }

/* ---- sizes ---- */

int64_t align_up(int64_t n, int64_t align) { return align > 1 ? (n + align - 1) / align * align : n; }

/* A tile's rows start on 32-byte boundaries on chip (a [64, 1] FP32 row vector takes 64 x 32
 * bytes, as the tile library lays it out: cce.md, rowsum16.cpp), so a tile's last dimension is
 * counted padded to 32 bytes. */
static Expr *tile_bytes(Ctx *c, const Type *t) {
    Loc at = {0};
    int64_t cols;
    if (!expr_is_const_int(t->shape[t->rank - 1], &cols))
        return NULL;
    int64_t row = align_up((cols * dtype_info[t->dtype].bits + 7) / 8, 32);
    Expr *n = mk_int(c, at, row);
    for (int i = 0; i + 1 < t->rank && n; i++)
        n = mk_binary(c, at, BIN_MUL, t->shape[i], n);
    return n;
}

Expr *type_bytes(Ctx *c, const Type *t) {
    Loc at = {0};
    Expr *tb = t->kind == TY_TILE && t->rank > 0 ? tile_bytes(c, t) : NULL;
    if (tb)
        return tb;
    Expr *n = t->rank > 0 ? t->shape[0] : mk_int(c, at, 1);
    for (int i = 1; i < t->rank && n; i++)
        n = mk_binary(c, at, BIN_MUL, n, t->shape[i]);
    int bits = dtype_info[t->dtype].bits;
    if (!n)
        return mk_int(c, at, 0);
    if (bits % 8 == 0)
        return mk_binary(c, at, BIN_MUL, n, mk_int(c, at, bits / 8));
    Expr *b = mk_binary(c, at, BIN_ADD, mk_binary(c, at, BIN_MUL, n, mk_int(c, at, bits)), mk_int(c, at, 7));
    return mk_binary(c, at, BIN_FLOORDIV, b, mk_int(c, at, 8));
}

/* ---- rewriting variables ---- */

void rebind_add(Ctx *c, Rebind *rb, Var *from, Var *to) {
    map_put(&rb->vars, from, to);
    map_put(&rb->exprs, from, mk_var(c, (Loc){0}, to));
}

void rebind_free(Rebind *rb) {
    map_free(&rb->vars);
    map_free(&rb->exprs);
}

static Var **rebind_vars(Ctx *c, const Rebind *rb, int n, Var **vs, bool *changed) {
    Var **out = NULL;
    for (int i = 0; i < n; i++) {
        Var *v = vs[i] ? map_get(&rb->vars, vs[i]) : NULL;
        if (v && !out) {
            out = ARENA_ARRAY(c->arena, Var *, n);
            memcpy(out, vs, sizeof(Var *) * (size_t)n);
        }
        if (v)
            out[i] = v;
    }
    if (out)
        *changed = true;
    return out ? out : vs;
}

Var **rebind_params(Ctx *c, const Rebind *rb, int n, Var **params) {
    bool changed = false;
    return rebind_vars(c, rb, n, params, &changed);
}

static Expr *rebind_expr(Ctx *c, Expr *e, const Rebind *rb, bool *changed) {
    Expr *n = subst_expr(c, e, &rb->exprs);
    if (n != e)
        *changed = true;
    return n;
}

static Expr **rebind_exprs(Ctx *c, int n, Expr **es, const Rebind *rb, bool *changed) {
    Expr **out = NULL;
    for (int i = 0; i < n; i++) {
        Expr *e = subst_expr(c, es[i], &rb->exprs);
        if (e != es[i] && !out) {
            out = ARENA_ARRAY(c->arena, Expr *, n);
            memcpy(out, es, sizeof(Expr *) * (size_t)n);
        }
        if (out)
            out[i] = e;
    }
    if (out)
        *changed = true;
    return out ? out : es;
}

static Stmt *rebind_body(Ctx *c, Stmt *s, const Rebind *rb, bool *changed) {
    Stmt *n = rebind_stmt(c, s, rb);
    if (n != s)
        *changed = true;
    return n;
}

Stmt *rebind_stmt(Ctx *c, Stmt *s, const Rebind *rb) {
    if (!s)
        return NULL;
    bool ch = false;
    Stmt t = *s;
    switch (s->kind) {
    case S_ASSIGN:
        t.assign.vars = rebind_vars(c, rb, s->assign.n, s->assign.vars, &ch);
        t.assign.value = rebind_expr(c, s->assign.value, rb, &ch);
        break;
    case S_EVAL: t.eval.e = rebind_expr(c, s->eval.e, rb, &ch); break;
    case S_SEQ: {
        Stmt **items = NULL;
        for (int i = 0; i < s->seq.n; i++) {
            Stmt *x = rebind_stmt(c, s->seq.items[i], rb);
            if (x != s->seq.items[i] && !items) {
                items = ARENA_ARRAY(c->arena, Stmt *, s->seq.n);
                memcpy(items, s->seq.items, sizeof(Stmt *) * (size_t)s->seq.n);
            }
            if (items)
                items[i] = x;
        }
        if (!items)
            return s;
        t.seq.items = items;
        ch = true;
        break;
    }
    case S_FOR:
        t.loop.start = rebind_expr(c, s->loop.start, rb, &ch);
        t.loop.stop = rebind_expr(c, s->loop.stop, rb, &ch);
        t.loop.step = rebind_expr(c, s->loop.step, rb, &ch);
        t.loop.inits = rebind_exprs(c, s->loop.n, s->loop.inits, rb, &ch);
        t.loop.iters = rebind_vars(c, rb, s->loop.n, s->loop.iters, &ch);
        t.loop.rets = rebind_vars(c, rb, s->loop.n, s->loop.rets, &ch);
        t.loop.body = rebind_body(c, s->loop.body, rb, &ch);
        break;
    case S_IF:
        t.ifs.cond = rebind_expr(c, s->ifs.cond, rb, &ch);
        t.ifs.then = rebind_body(c, s->ifs.then, rb, &ch);
        t.ifs.els = rebind_body(c, s->ifs.els, rb, &ch);
        t.ifs.rets = rebind_vars(c, rb, s->ifs.n, s->ifs.rets, &ch);
        break;
    case S_YIELD:
    case S_RETURN: t.vals.vals = rebind_exprs(c, s->vals.n, s->vals.vals, rb, &ch); break;
    case S_WHILE:
        t.wloop.inits = rebind_exprs(c, s->wloop.n, s->wloop.inits, rb, &ch);
        t.wloop.iters = rebind_vars(c, rb, s->wloop.n, s->wloop.iters, &ch);
        t.wloop.rets = rebind_vars(c, rb, s->wloop.n, s->wloop.rets, &ch);
        t.wloop.cond = rebind_expr(c, s->wloop.cond, rb, &ch);
        t.wloop.body = rebind_body(c, s->wloop.body, rb, &ch);
        break;
    case S_SCOPE: t.scope.body = rebind_body(c, s->scope.body, rb, &ch); break;
    case S_BREAK:
    case S_CONTINUE:
        return s;
    }
    return ch ? arena_dup(c->arena, &t, sizeof t) : s;
}

/* ---- the buffer planner ----
 *
 * Placing buffers with fixed lifetimes in the fewest bytes is dynamic storage allocation, NP-hard
 * in general. First-fit (each buffer at the lowest address where it overlaps no placed buffer
 * whose lifetime meets its own) is optimal for some order: take an optimal placement and place
 * the buffers in order of its addresses; by induction each lands at or below its optimal address,
 * because every buffer placed before it and live with it lies wholly below that address. So the
 * planner tries good orders first (by start: optimal when all sizes are equal, since it then
 * colours an interval graph; by size; by length of life), and then, for groups of up to 32
 * buffers, searches the orders with branch and bound, stopping at the lower bound (the most
 * bytes live at one point) or when the budget of placements is spent. Buffers whose lifetimes form separate groups in time do not
 * interact and are planned one group at a time. */

static bool meets(const MemItem *a, const MemItem *b) { return a->start <= b->end && b->start <= a->end; }

typedef struct { int64_t pos, delta; } Event;

static int cmp_event(const void *pa, const void *pb) {
    const Event *a = pa, *b = pb;
    if (a->pos != b->pos)
        return a->pos < b->pos ? -1 : 1;
    return (a->delta > b->delta) - (a->delta < b->delta); /* ends (negative) before starts */
}

int64_t mem_lower_bound(const MemItem *items, int n) {
    if (n <= 0)
        return 0;
    Event *ev = malloc(sizeof *ev * (size_t)n * 2);
    if (!ev)
        ICE("out of memory");
    for (int i = 0; i < n; i++) {
        ev[2 * i] = (Event){items[i].start, items[i].size};
        ev[2 * i + 1] = (Event){(int64_t)items[i].end + 1, -items[i].size};
    }
    qsort(ev, (size_t)n * 2, sizeof *ev, cmp_event);
    int64_t cur = 0, best = 0;
    for (int i = 0; i < 2 * n; i++) {
        cur += ev[i].delta;
        if (cur > best)
            best = cur;
    }
    free(ev);
    return best;
}

typedef struct {
    MemItem *it;
    int n;           /* items of the group being planned: it[idx[0..n-1]] */
    int *idx;
    int *placed, np; /* the placement stack (positions in idx) */
    int64_t *addr, *best_addr;
    int64_t best, lb;
    long budget;
    int64_t *gap;    /* scratch: addr/size pairs */
} Planner;

static int cmp_i64pair(const void *pa, const void *pb) {
    const int64_t *a = pa, *b = pb;
    return (a[0] > b[0]) - (a[0] < b[0]);
}

/* The lowest address for item x (a position in idx) clear of every placed item it meets. */
static int64_t first_fit(Planner *p, int x) {
    const MemItem *mx = &p->it[p->idx[x]];
    int m = 0;
    for (int j = 0; j < p->np; j++) {
        int y = p->placed[j];
        if (meets(mx, &p->it[p->idx[y]])) {
            p->gap[2 * m] = p->addr[y];
            p->gap[2 * m + 1] = p->it[p->idx[y]].size;
            m++;
        }
    }
    qsort(p->gap, (size_t)m, 2 * sizeof *p->gap, cmp_i64pair);
    int64_t at = 0;
    for (int j = 0; j < m; j++) {
        if (p->gap[2 * j] >= at + mx->size)
            break;
        if (p->gap[2 * j] + p->gap[2 * j + 1] > at)
            at = p->gap[2 * j] + p->gap[2 * j + 1];
    }
    p->budget--;
    return at;
}

static void keep_if_best(Planner *p, int64_t peak) {
    if (peak < p->best) {
        p->best = peak;
        memcpy(p->best_addr, p->addr, sizeof *p->addr * (size_t)p->n);
    }
}

static int64_t place_in_order(Planner *p, const int *order) {
    int64_t peak = 0;
    p->np = 0;
    for (int j = 0; j < p->n; j++) {
        int x = order[j];
        p->addr[x] = first_fit(p, x);
        p->placed[p->np++] = x;
        if (p->addr[x] + p->it[p->idx[x]].size > peak)
            peak = p->addr[x] + p->it[p->idx[x]].size;
    }
    return peak;
}

/* Orders for the first tries: 0 by start, 1 by size (largest first), 2 by length of life,
 * 3 by size times length; ties by start, then position (deterministic). */
static int64_t order_key(const MemItem *m, int how) {
    int64_t len = (int64_t)m->end - m->start + 1;
    switch (how) {
    case 0: return m->start;
    case 1: return -m->size;
    case 2: return -len;
    default: return -(m->size * len);
    }
}

static void sort_order(Planner *p, int *order, int how) {
    for (int j = 0; j < p->n; j++)
        order[j] = j;
    for (int j = 1; j < p->n; j++) { /* insertion sort: stable, and groups are small */
        int x = order[j], i = j - 1;
        const MemItem *mx = &p->it[p->idx[x]];
        while (i >= 0) {
            const MemItem *mi = &p->it[p->idx[order[i]]];
            int64_t ki = order_key(mi, how), kx = order_key(mx, how);
            if (ki < kx || (ki == kx && mi->start <= mx->start))
                break;
            order[i + 1] = order[i];
            i--;
        }
        order[i + 1] = x;
    }
}

static bool same_item(const MemItem *a, const MemItem *b) {
    return a->start == b->start && a->end == b->end && a->size == b->size;
}

static void search(Planner *p, bool *used, const int *cand, int64_t peak) {
    if (p->best == p->lb || p->budget <= 0)
        return;
    if (p->np == p->n) {
        keep_if_best(p, peak);
        return;
    }
    for (int j = 0; j < p->n && p->budget > 0 && p->best > p->lb; j++) {
        int x = cand[j];
        if (used[x])
            continue;
        bool dup = false; /* identical items are interchangeable: try the first unplaced one */
        for (int i = 0; i < j && !dup; i++)
            dup = !used[cand[i]] && same_item(&p->it[p->idx[cand[i]]], &p->it[p->idx[x]]);
        if (dup)
            continue;
        int64_t a = first_fit(p, x), top = a + p->it[p->idx[x]].size;
        int64_t np = top > peak ? top : peak;
        if (np >= p->best)
            continue;
        p->addr[x] = a;
        used[x] = true;
        p->placed[p->np++] = x;
        search(p, used, cand, np);
        p->np--;
        used[x] = false;
    }
}

/* Larger groups keep the best of the first tries: the search would rarely finish there. */
enum { SEARCH_MAX = 32 };

static int64_t plan_group(Planner *p) {
    int n = p->n;
    MemItem *sub = malloc(sizeof *sub * (size_t)n);
    int *order = malloc(sizeof *order * (size_t)n);
    bool *used = calloc((size_t)n, sizeof *used);
    if (!sub || !order || !used)
        ICE("out of memory");
    for (int j = 0; j < n; j++)
        sub[j] = p->it[p->idx[j]];
    p->lb = mem_lower_bound(sub, n);
    p->best = INT64_MAX;
    for (int how = 0; how < 4 && p->best > p->lb; how++) {
        sort_order(p, order, how);
        keep_if_best(p, place_in_order(p, order));
    }
    if (p->best > p->lb && n <= SEARCH_MAX) {
        sort_order(p, order, 1);
        p->np = 0;
        search(p, used, order, 0);
    }
    for (int j = 0; j < n; j++)
        p->it[p->idx[j]].addr = p->best_addr[j];
    free(sub);
    free(order);
    free(used);
    return p->best;
}

static int cmp_start(const void *pa, const void *pb, const MemItem *it) {
    const MemItem *a = &it[*(const int *)pa], *b = &it[*(const int *)pb];
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return (*(const int *)pa > *(const int *)pb) - (*(const int *)pa < *(const int *)pb);
}

int64_t mem_plan(MemItem *items, int n, long budget) {
    if (n <= 0)
        return 0;
    int *all = malloc(sizeof *all * (size_t)n);
    Planner p = {.it = items, .budget = budget};
    p.placed = malloc(sizeof *p.placed * (size_t)n);
    p.addr = malloc(sizeof *p.addr * (size_t)n);
    p.best_addr = malloc(sizeof *p.best_addr * (size_t)n);
    p.gap = malloc(sizeof *p.gap * (size_t)n * 2);
    if (!all || !p.placed || !p.addr || !p.best_addr || !p.gap)
        ICE("out of memory");
    for (int i = 0; i < n; i++)
        all[i] = i;
    for (int j = 1; j < n; j++) { /* by start (insertion sort, stable) */
        int x = all[j], i = j - 1;
        while (i >= 0 && cmp_start(&all[i], &x, items) > 0) {
            all[i + 1] = all[i];
            i--;
        }
        all[i + 1] = x;
    }
    /* groups in time: a group ends where no earlier lifetime reaches the next start */
    int64_t peak = 0;
    for (int g = 0; g < n;) {
        int e = g + 1, reach = items[all[g]].end;
        while (e < n && items[all[e]].start <= reach) {
            if (items[all[e]].end > reach)
                reach = items[all[e]].end;
            e++;
        }
        p.idx = all + g;
        p.n = e - g;
        int64_t gp = plan_group(&p);
        if (gp > peak)
            peak = gp;
        g = e;
    }
    free(all);
    free(p.placed);
    free(p.addr);
    free(p.best_addr);
    free(p.gap);
    return peak;
}
