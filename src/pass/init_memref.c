/* init_memref.c - InitMemRef: every Tensor and Tile variable of an InCore function gets a memory
 * reference pl.MemRef(base, 0, size) and every tile its memory space.
 *
 * A buffer is a class of variables that must live in the same bytes: a store's result and its
 * output tensor, a reshape and its input, x = y, and around loops and ifs the values that are
 * one value at run time (init value, iter_arg, yielded value, return var; an if's return var and
 * what each branch yields). Every class gets one base: a string naming it, "mem_ddr_<k>" for
 * tensors (global memory) and "mem_vec_<k>", "mem_mat_<k>", ... for tiles, numbered per space in
 * order of appearance; AllocateMemoryAddr later turns the tile bases into pl.tile.alloc buffers.
 * The space of a tile class comes from the ops that compute its values (ops.md): load, move and
 * create_tile their target_memory, matmul and matmul_acc Acc, reshape its input's, any other op
 * Vec. The size is the variable's own: elements x bits / 8 rounded up, an expression for dynamic
 * shapes. Orchestration and Opaque functions are left as they are.
 *
 * Sharing a buffer is only right when the class never holds two needed values at once. Where a
 * loop or an if would join two tiles that are both needed at some point (the iter_arg still used
 * after the next value is computed, an init value used again after the loop starts, one value
 * yielded twice, ...), the value is copied with pl.tile.ub_copy right before the yield (or the
 * loop) and the copy joins instead. "Needed at once" is liveness on the statement tree (a then
 * branch does not see uses in the else branch); computing a value in place of one its op reads
 * is allowed for element-wise ops and matmul_acc's accumulator, the cases that write each element
 * from the same element. Only Vec tiles can be copied; elsewhere the clash is an error.
 *
 * Before all that, every Tensor/Tile value gets a variable (FLAT still allows calls as yield,
 * return and init values), and pl.tile.alloc buffers of an earlier plan are dropped. */
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"

typedef struct {
    PassCtx *pc;
    Ctx *c;
    Map used;     /* names bound in the function being rewritten */
    bool failed;
} Init;

static bool is_mem(const Type *t) { return t && (t->kind == TY_TENSOR || t->kind == TY_TILE); }

static bool holds_mem(const Type *t) {
    if (t && t->kind == TY_TUPLE)
        for (int i = 0; i < t->nelems; i++)
            if (holds_mem(t->elems[i]))
                return true;
    return is_mem(t);
}

static bool is_call(const Expr *e) { return e && (e->kind == E_OP || e->kind == E_CALL); }

/* ---- 1. every Tensor/Tile value in a variable ---- */

static Var *bind_new(Init *in, StmtList *out, Loc loc, const char *base, Expr *value) {
    Var *v = var_new(in->c, loc, name_fresh(in->c, &in->used, base), value->type);
    stmts_push(out, mk_assign(in->c, loc, v, value));
    return v;
}

static Expr *flatten(Init *in, Expr *e, StmtList *out, bool top);

static Expr **flatten_list(Init *in, int n, Expr **es, StmtList *out, bool *changed) {
    Expr **r = NULL;
    for (int i = 0; i < n; i++) {
        Expr *x = flatten(in, es[i], out, false);
        if (x != es[i] && !r) {
            r = ARENA_ARRAY(in->c->arena, Expr *, n);
            memcpy(r, es, sizeof(Expr *) * (size_t)n);
        }
        if (r)
            r[i] = x;
    }
    if (r)
        *changed = true;
    return r ? r : es;
}

/* e with every Tensor/Tile-valued call nested in it bound to a variable first, in evaluation
 * order. top: e itself may stay a call. */
static Expr *flatten(Init *in, Expr *e, StmtList *out, bool top) {
    if (!e)
        return NULL;
    Expr t = *e;
    bool ch = false;
    switch (e->kind) {
    case E_VAR: case E_INT: case E_FLOAT: case E_BOOL: case E_STR: case E_SYM:
        return e;
    case E_BINARY:
        t.bin.l = flatten(in, e->bin.l, out, false);
        t.bin.r = flatten(in, e->bin.r, out, false);
        ch = t.bin.l != e->bin.l || t.bin.r != e->bin.r;
        break;
    case E_UNARY:
        t.un.e = flatten(in, e->un.e, out, false);
        ch = t.un.e != e->un.e;
        break;
    case E_CAST:
        t.cast.e = flatten(in, e->cast.e, out, false);
        ch = t.cast.e != e->cast.e;
        break;
    case E_INDEX:
        t.index.e = flatten(in, e->index.e, out, false);
        ch = t.index.e != e->index.e;
        break;
    case E_OP:
        t.call.args = flatten_list(in, e->call.nargs, e->call.args, out, &ch);
        break;
    case E_CALL:
        t.fcall.args = flatten_list(in, e->fcall.nargs, e->fcall.args, out, &ch);
        break;
    case E_TUPLE:
    case E_LIST:
        t.list.items = flatten_list(in, e->list.n, e->list.items, out, &ch);
        break;
    }
    Expr *r = ch ? arena_dup(in->c->arena, &t, sizeof t) : e;
    if (!top && is_call(r) && is_mem(r->type))
        return mk_var(in->c, r->loc, bind_new(in, out, r->loc, "tmp", r));
    return r;
}

/* A yielded, returned or initial value: a variable when it is a tensor or tile. */
static Expr *as_var(Init *in, Expr *e, StmtList *out, const char *base) {
    Expr *r = flatten(in, e, out, true);
    if (r && r->kind != E_VAR && is_mem(r->type))
        return mk_var(in->c, r->loc, bind_new(in, out, r->loc, base, r));
    return r;
}

static Expr **as_vars(Init *in, int n, Expr **es, StmtList *out, const char *base) {
    Expr **r = ARENA_ARRAY(in->c->arena, Expr *, n);
    for (int i = 0; i < n; i++)
        r[i] = as_var(in, es[i], out, base);
    return r;
}

static bool has_mem_call(const Expr *e) {
    if (!e)
        return false;
    if (is_call(e) && is_mem(e->type))
        return true;
    switch (e->kind) {
    case E_VAR: case E_INT: case E_FLOAT: case E_BOOL: case E_STR: case E_SYM:
        return false;
    case E_BINARY: return has_mem_call(e->bin.l) || has_mem_call(e->bin.r);
    case E_UNARY: return has_mem_call(e->un.e);
    case E_CAST: return has_mem_call(e->cast.e);
    case E_INDEX: return has_mem_call(e->index.e);
    case E_OP:
        for (int i = 0; i < e->call.nargs; i++)
            if (has_mem_call(e->call.args[i]))
                return true;
        return false;
    case E_CALL:
        for (int i = 0; i < e->fcall.nargs; i++)
            if (has_mem_call(e->fcall.args[i]))
                return true;
        return false;
    case E_TUPLE:
    case E_LIST:
        for (int i = 0; i < e->list.n; i++)
            if (has_mem_call(e->list.items[i]))
                return true;
        return false;
    }
    return false;
}

static bool is_alloc(const Stmt *s) {
    return s->kind == S_ASSIGN && s->assign.n == 1 && s->assign.value && s->assign.value->kind == E_OP &&
           s->assign.value->call.op->id == OP_TILE_ALLOC;
}

static Stmt *dup_stmt(Init *in, const Stmt *s) { return arena_dup(in->c->arena, s, sizeof *s); }

static Stmt *shape_block(Init *in, Stmt *b);

static void shape_stmt(Init *in, Stmt *s, StmtList *out) {
    Stmt *n;
    switch (s->kind) {
    case S_ASSIGN:
        if (is_alloc(s)) /* a buffer of an earlier plan: memory is planned afresh */
            return;
        for (int i = 0; i < s->assign.n; i++)
            if (s->assign.vars[i] && holds_mem(s->assign.vars[i]->type) &&
                (s->assign.n > 1 || s->assign.vars[i]->type->kind == TY_TUPLE)) {
                error_at(in->c, s->loc, "the memory passes do not handle tuples of tensors or tiles in kernels ('%s')",
                         s->assign.vars[i]->name);
                in->failed = true;
                return;
            }
        n = dup_stmt(in, s);
        n->assign.value = flatten(in, s->assign.value, out, s->assign.n == 1);
        stmts_push(out, n->assign.value == s->assign.value ? s : n);
        return;
    case S_EVAL: {
        Expr *e = flatten(in, s->eval.e, out, true);
        if (is_call(e) && e->type && e->type->kind == TY_TILE) { /* a tile needs a buffer even unused */
            bind_new(in, out, s->loc, "unused", e);
            return;
        }
        n = dup_stmt(in, s);
        n->eval.e = e;
        stmts_push(out, e == s->eval.e ? s : n);
        return;
    }
    case S_SEQ:
        for (int i = 0; i < s->seq.n; i++)
            shape_stmt(in, s->seq.items[i], out);
        return;
    case S_FOR:
        n = dup_stmt(in, s);
        n->loop.start = flatten(in, s->loop.start, out, false);
        n->loop.stop = flatten(in, s->loop.stop, out, false);
        n->loop.step = flatten(in, s->loop.step, out, false);
        n->loop.inits = as_vars(in, s->loop.n, s->loop.inits, out, "init");
        n->loop.body = shape_block(in, s->loop.body);
        stmts_push(out, n);
        return;
    case S_WHILE:
        if (has_mem_call(s->wloop.cond)) {
            error_at(in->c, s->wloop.cond->loc, "a tensor or tile computed in a while condition has no place in memory: "
                                                "compute it in the loop body");
            in->failed = true;
            return;
        }
        n = dup_stmt(in, s);
        n->wloop.inits = as_vars(in, s->wloop.n, s->wloop.inits, out, "init");
        n->wloop.body = shape_block(in, s->wloop.body);
        stmts_push(out, n);
        return;
    case S_IF:
        n = dup_stmt(in, s);
        n->ifs.cond = flatten(in, s->ifs.cond, out, false);
        n->ifs.then = shape_block(in, s->ifs.then);
        n->ifs.els = shape_block(in, s->ifs.els);
        stmts_push(out, n);
        return;
    case S_YIELD:
    case S_RETURN:
        n = dup_stmt(in, s);
        n->vals.vals = as_vars(in, s->vals.n, s->vals.vals, out, s->kind == S_YIELD ? "yielded" : "result");
        stmts_push(out, n);
        return;
    case S_SCOPE:
        n = dup_stmt(in, s);
        n->scope.body = shape_block(in, s->scope.body);
        stmts_push(out, n);
        return;
    case S_BREAK:
    case S_CONTINUE:
        stmts_push(out, s);
        return;
    }
}

static Stmt *shape_block(Init *in, Stmt *b) {
    if (!b)
        return NULL;
    StmtList l = {0};
    shape_stmt(in, b, &l);
    return stmts_finish(in->c, &l, b->loc);
}

/* ---- 2. memory spaces ---- */

/* The space the definition of v gives it, or -1 when its class decides (iter_args, return
 * vars, reshapes, x = y). */
static int own_space(const Kernel *k, const KVar *v) {
    if (v->var->type->kind == TY_TENSOR)
        return MEM_DDR;
    if (v->how != KDEF_ASSIGN)
        return -1;
    const Expr *e = k->stmts[v->def].s->assign.value;
    if (!e || e->kind == E_VAR)
        return -1;
    if (e->kind != E_OP)
        return MEM_Vec;
    int64_t m;
    OpId id = e->call.op->id;
    if (id == OP_TILE_LOAD || id == OP_TILE_MOVE || id == OP_TILE_CREATE_TILE)
        return op_attr_value(e, "target_memory", &m) && m >= 0 && m < MEM__COUNT ? (int)m : MEM_Vec;
    if (id == OP_TILE_MATMUL || id == OP_TILE_MATMUL_ACC)
        return MEM_Acc;
    if (id == OP_TILE_RESHAPE)
        return -1;
    return MEM_Vec;
}

typedef struct CopyPlan {
    int n;
    bool *copy;     /* per carried value: copy it before the yield (the loop) */
    bool two_round; /* copy into temporaries first: a copy would overwrite a value still read */
} CopyPlan;

typedef struct {
    Init *in;
    Kernel *k;
    int *space;     /* per variable: its memory space */
    Map plans;      /* statement + 1 -> CopyPlan: before a loop (init values) or a yield */
    int ncopies;
} Decide;

static const char *var_name(const Kernel *k, int i) { return k->vars[i].var->name; }

static Loc rel_loc(const Kernel *k, const KRel *r) { return r->value ? r->value->loc : k->vars[r->from].var->loc; }

/* Tentative classes (every relation) give each class the space of the ops computing it. */
static void space_rel(Kernel *k, const KRel *r, void *ud) {
    Decide *d = ud;
    if (r->kind == KREL_DONE || r->from < 0 || r->to < 0)
        return;
    int a = kernel_find(k, r->to), b = kernel_find(k, r->from);
    if (a == b)
        return;
    int sa = d->space[a], sb = d->space[b];
    if (sa >= 0 && sb >= 0 && sa != sb) {
        error_at(d->in->c, rel_loc(k, r), "'%s' is in %s but would share a buffer with '%s', which is in %s",
                 var_name(k, r->from), memspace_name[sb], var_name(k, r->to), memspace_name[sa]);
        d->in->failed = true;
        return;
    }
    kernel_union(k, r->to, r->from);
    d->space[a] = sa >= 0 ? sa : sb;
}

static void find_spaces(Decide *d) {
    Kernel *k = d->k;
    for (int i = 0; i < k->nvars; i++)
        d->space[i] = own_space(k, &k->vars[i]);
    kernel_relations(k, space_rel, d);
    int *root = malloc(sizeof *root * (size_t)(k->nvars ? k->nvars : 1));
    if (!root)
        ICE("out of memory");
    for (int i = 0; i < k->nvars; i++)
        root[i] = d->space[kernel_find(k, i)];
    for (int i = 0; i < k->nvars; i++) {
        d->space[i] = root[i] >= 0 ? root[i] : MEM_Vec;
        k->vars[i].cls = i; /* the classes are decided again, value by value */
        k->vars[i].cnext = -1;
    }
    free(root);
}

/* ---- 3. which values may share a buffer ---- */

typedef enum { AT_ENTRY, AT_AFTER, AT_HEAD } PointKind; /* function start, after a statement, loop body start */

static bool def_within(const Kernel *k, const KVar *v, int j) {
    return v->how != KDEF_PARAM && v->def >= j && v->def <= k->stmts[j].end;
}

static bool used_within(const KVar *v, int from, int to) {
    for (int i = 0; i < v->nuses; i++)
        if (v->uses[i].stmt >= from && v->uses[i].stmt <= to)
            return true;
    return false;
}

/* A use in loop L that runs every iteration: in its body or a while loop's condition. */
static bool used_each_iteration(const Kernel *k, const KVar *v, int L) {
    for (int i = 0; i < v->nuses; i++) {
        KUse u = v->uses[i];
        if ((u.stmt > L && u.stmt <= k->stmts[L].end) || (u.stmt == L && u.each_iter))
            return true;
    }
    return false;
}

/* Whether v's value may still be read after the point: a path from it reaches a use before v
 * is defined again. Paths go forward through the rest of each block (an if's other branch is
 * not on them), around loops for values defined outside the loop, and out of each construct. */
static bool live_after(const Kernel *k, const KVar *v, PointKind kind, int at) {
    int start = k->top, up = -1;
    if (kind == AT_AFTER) {
        start = k->stmts[at].next;
        up = k->stmts[at].parent;
    } else if (kind == AT_HEAD) {
        for (int i = 0; i < v->nuses; i++)
            if (v->uses[i].stmt == at && v->uses[i].each_iter)
                return true;
        start = k->stmts[at].body;
        up = at;
    }
    for (;;) {
        for (int j = start; j >= 0; j = k->stmts[j].next) {
            if (def_within(k, v, j))
                return false;
            if (used_within(v, j, k->stmts[j].end))
                return true;
        }
        if (up < 0)
            return false;
        if (v->how == KDEF_RET && v->def == up) /* defined where `up` ends */
            return false;
        if (kernel_is_loop(k->stmts[up].s) && !kernel_defined_in(k, v, up) && used_each_iteration(k, v, up))
            return true;
        start = k->stmts[up].next;
        up = k->stmts[up].parent;
    }
}

static void def_point(const KVar *v, PointKind *kind, int *at) {
    *at = v->def;
    switch (v->how) {
    case KDEF_PARAM: *kind = AT_ENTRY; break;
    case KDEF_ITER: *kind = AT_HEAD; break;
    case KDEF_ASSIGN:
    case KDEF_RET: *kind = AT_AFTER; break;
    }
}

/* Ops that may write their result over this argument: each element is written from the same
 * element of the argument, so the overlap is harmless. */
static bool in_place_ok(OpId id, int arg) {
    static const OpId both[] = {OP_TILE_ADD, OP_TILE_SUB, OP_TILE_MUL, OP_TILE_DIV, OP_TILE_MAXIMUM, OP_TILE_MINIMUM,
                                OP_TILE_CMP};
    static const OpId first[] = {OP_TILE_ADDS, OP_TILE_SUBS, OP_TILE_MULS, OP_TILE_DIVS, OP_TILE_CMPS, OP_TILE_NEG,
                                 OP_TILE_EXP, OP_TILE_RECIP, OP_TILE_SQRT, OP_TILE_RSQRT, OP_TILE_LOG, OP_TILE_ABS,
                                 OP_TILE_RELU, OP_TILE_CAST, OP_TILE_UB_COPY, OP_TILE_MATMUL_ACC, OP_TILE_EXPANDS,
                                 OP_TILE_ROW_EXPAND_ADD, OP_TILE_ROW_EXPAND_SUB, OP_TILE_ROW_EXPAND_MUL,
                                 OP_TILE_ROW_EXPAND_DIV, OP_TILE_COL_EXPAND, OP_TILE_COL_EXPAND_MUL,
                                 OP_TILE_COL_EXPAND_DIV, OP_TILE_COL_EXPAND_SUB};
    for (size_t i = 0; i < sizeof both / sizeof *both; i++)
        if (id == both[i])
            return arg <= 1;
    for (size_t i = 0; i < sizeof first / sizeof *first; i++)
        if (id == first[i])
            return arg == 0;
    return false; /* the others read elements other than the one they write */
}

typedef struct { const Var *v; int n; } Count;

static void count_var(Expr *e, void *ud) {
    Count *c = ud;
    if (e->kind == E_VAR && e->var == c->v)
        c->n++;
}

/* Whether the statement defining b reads a somewhere it may not overwrite: anywhere but an
 * operand that allows it in place. */
static bool reads_unsafely(const Kernel *k, const KVar *a, const KVar *b) {
    if (b->how != KDEF_ASSIGN || !used_within(a, b->def, b->def))
        return false;
    Expr *e = k->stmts[b->def].s->assign.value;
    if (!e || e->kind == E_VAR)
        return false; /* b = a: one value */
    if (e->kind != E_OP)
        return true;
    Count all = {a->var, 0};
    walk_expr(e, count_var, &all);
    int safe = 0;
    for (int i = 0; i < e->call.nargs; i++)
        if (e->call.args[i]->kind == E_VAR && e->call.args[i]->var == a->var && in_place_ok(e->call.op->id, i))
            safe++;
    return safe != all.n;
}

static bool interfere(const Kernel *k, const KVar *a, const KVar *b) {
    PointKind ka = AT_ENTRY, kb = AT_ENTRY;
    int pa, pb;
    def_point(a, &ka, &pa);
    def_point(b, &kb, &pb);
    return live_after(k, a, kb, pb) || live_after(k, b, ka, pa) || reads_unsafely(k, a, b) || reads_unsafely(k, b, a);
}

static Var **slot_targets(const Stmt *s, int *n) {
    switch (s->kind) {
    case S_FOR: *n = s->loop.n; return s->loop.iters;
    case S_WHILE: *n = s->wloop.n; return s->wloop.iters;
    case S_IF: *n = s->ifs.n; return s->ifs.rets;
    case S_ASSIGN: case S_EVAL: case S_SEQ: case S_YIELD: case S_RETURN: case S_BREAK: case S_CONTINUE: case S_SCOPE:
        break;
    }
    *n = 0;
    return NULL;
}

/* Whether joining r's two classes would put two needed values in one buffer, or two carried
 * values of the same loop or if in one class. */
static bool clash(Decide *d, const KRel *r) {
    Kernel *k = d->k;
    int a = kernel_find(k, r->to), b = kernel_find(k, r->from);
    int n;
    Var **targets = slot_targets(k->stmts[r->stmt].s, &n);
    for (int j = 0; j < n; j++) {
        int t = j == r->slot ? -1 : kernel_var(k, targets[j]);
        if (t >= 0 && (kernel_find(k, t) == a || kernel_find(k, t) == b))
            return true;
    }
    for (int i = a; i >= 0; i = k->vars[i].cnext)
        for (int j = b; j >= 0; j = k->vars[j].cnext)
            if (interfere(k, &k->vars[i], &k->vars[j]))
                return true;
    return false;
}

static CopyPlan *plan_at(Decide *d, int stmt, int n) {
    CopyPlan *p = map_get(&d->plans, (void *)(intptr_t)(stmt + 1));
    if (!p) {
        p = ARENA_NEW(d->in->c->arena, CopyPlan);
        p->n = n;
        p->copy = ARENA_ARRAY(d->in->c->arena, bool, n);
        map_put(&d->plans, (void *)(intptr_t)(stmt + 1), p);
    }
    return p;
}

static int last_in_block(const Kernel *k, int first) {
    while (first >= 0 && k->stmts[first].next >= 0)
        first = k->stmts[first].next;
    return first;
}

/* One round of copies is enough unless a copy would overwrite a value that a later copy, or the
 * yield itself, still reads. */
static void choose_rounds(Decide *d, int stmt, Expr **vals, Var **targets) {
    Kernel *k = d->k;
    CopyPlan *p = stmt >= 0 ? map_get(&d->plans, (void *)(intptr_t)(stmt + 1)) : NULL;
    if (!p)
        return;
    for (int i = 0; i < p->n; i++) {
        int t = kernel_var(k, targets[i]);
        if (!p->copy[i] || t < 0)
            continue;
        for (int j = 0; j < p->n; j++) {
            if (j == i || (p->copy[j] && j < i) || vals[j]->kind != E_VAR)
                continue;
            int v = kernel_var(k, vals[j]->var);
            if (v >= 0 && kernel_find(k, v) == kernel_find(k, t))
                p->two_round = true;
        }
    }
}

static void finish_construct(Decide *d, int i) {
    Kernel *k = d->k;
    Stmt *s = k->stmts[i].s;
    int n, y;
    Var **targets = slot_targets(s, &n);
    if (n == 0)
        return;
    if (kernel_is_loop(s)) {
        choose_rounds(d, i, s->kind == S_FOR ? s->loop.inits : s->wloop.inits, targets);
        if ((y = last_in_block(k, k->stmts[i].body)) >= 0 && k->stmts[y].s->kind == S_YIELD)
            choose_rounds(d, y, k->stmts[y].s->vals.vals, targets);
        return;
    }
    if ((y = last_in_block(k, k->stmts[i].body)) >= 0 && k->stmts[y].s->kind == S_YIELD)
        choose_rounds(d, y, k->stmts[y].s->vals.vals, targets);
    if ((y = last_in_block(k, k->stmts[i].els)) >= 0 && k->stmts[y].s->kind == S_YIELD)
        choose_rounds(d, y, k->stmts[y].s->vals.vals, targets);
}

static void decide_rel(Kernel *k, const KRel *r, void *ud) {
    Decide *d = ud;
    switch (r->kind) {
    case KREL_DONE:
        finish_construct(d, r->stmt);
        return;
    case KREL_ALIAS: /* one value under two names: no choice */
        if (r->from >= 0)
            kernel_union(k, r->to, r->from);
        return;
    case KREL_INIT:
    case KREL_YIELD:
    case KREL_RET:
        break;
    }
    if (r->from < 0 || r->to < 0 || kernel_find(k, r->from) == kernel_find(k, r->to))
        return;
    if (k->vars[r->to].var->type->kind == TY_TENSOR || !clash(d, r)) { /* global memory is shared as written */
        kernel_union(k, r->to, r->from);
        return;
    }
    if (r->kind == KREL_RET) {
        error_at(d->in->c, k->vars[r->from].var->loc,
                 "the loop's result '%s' cannot take the buffer of '%s': a value in that buffer is still used after the loop",
                 var_name(k, r->from), var_name(k, r->to));
        d->in->failed = true;
        return;
    }
    if (d->space[r->from] != MEM_Vec) {
        error_at(d->in->c, rel_loc(k, r),
                 r->kind == KREL_INIT ? "the %s tile '%s' starts the loop-carried '%s' but is still needed after the loop "
                                        "starts; the two share a buffer, and ptoc copies only Vec tiles apart (pl.tile.ub_copy)"
                                      : "the %s tile '%s' is yielded for '%s' while another value of that buffer is still "
                                        "needed; the two share a buffer, and ptoc copies only Vec tiles apart (pl.tile.ub_copy)",
                 memspace_name[d->space[r->from]], var_name(k, r->from), var_name(k, r->to));
        d->in->failed = true;
        return;
    }
    int n;
    slot_targets(k->stmts[r->stmt].s, &n);
    plan_at(d, r->kind == KREL_INIT ? r->stmt : r->yield, n)->copy[r->slot] = true;
    d->ncopies++;
}

/* ---- 4. inserting the copies ---- */

typedef struct {
    Init *in;
    Decide *d;
    int next; /* the number of the next statement, as kernel_analyze numbered them */
} Copier;

static Expr *ub_copy(Init *in, StmtList *out, Expr *src, const char *suffix) {
    char name[256];
    snprintf(name, sizeof name, "%s%s", src->kind == E_VAR ? src->var->name : "value", suffix);
    Expr *e = op_call(in->c, src->loc, op_lookup("tile.ub_copy"), 1, &src, 0, NULL);
    if (!e) {
        in->failed = true;
        return src;
    }
    return mk_var(in->c, src->loc, bind_new(in, out, src->loc, name, e));
}

static Expr **emit_copies(Copier *cp, const CopyPlan *p, Expr **vals, StmtList *out) {
    Ctx *c = cp->in->c;
    Expr **src = ARENA_ARRAY(c->arena, Expr *, p->n), **res = ARENA_ARRAY(c->arena, Expr *, p->n);
    memcpy(src, vals, sizeof(Expr *) * (size_t)p->n);
    memcpy(res, vals, sizeof(Expr *) * (size_t)p->n);
    if (p->two_round)
        for (int j = 0; j < p->n; j++)
            if (p->copy[j])
                src[j] = ub_copy(cp->in, out, vals[j], "_tmp");
    for (int j = 0; j < p->n; j++)
        if (p->copy[j])
            res[j] = ub_copy(cp->in, out, src[j], "_copy");
    return res;
}

static Stmt *copy_block(Copier *cp, Stmt *b);

static void copy_stmt(Copier *cp, Stmt *s, StmtList *out) {
    if (s->kind == S_SEQ) {
        for (int i = 0; i < s->seq.n; i++)
            copy_stmt(cp, s->seq.items[i], out);
        return;
    }
    int i = cp->next++;
    const CopyPlan *p = map_get(&cp->d->plans, (void *)(intptr_t)(i + 1));
    Stmt *n = arena_dup(cp->in->c->arena, s, sizeof *s);
    switch (s->kind) {
    case S_FOR:
        if (p)
            n->loop.inits = emit_copies(cp, p, s->loop.inits, out);
        n->loop.body = copy_block(cp, s->loop.body);
        break;
    case S_WHILE:
        if (p)
            n->wloop.inits = emit_copies(cp, p, s->wloop.inits, out);
        n->wloop.body = copy_block(cp, s->wloop.body);
        break;
    case S_IF:
        n->ifs.then = copy_block(cp, s->ifs.then);
        n->ifs.els = copy_block(cp, s->ifs.els);
        break;
    case S_SCOPE:
        n->scope.body = copy_block(cp, s->scope.body);
        break;
    case S_YIELD:
        if (p)
            n->vals.vals = emit_copies(cp, p, s->vals.vals, out);
        break;
    case S_ASSIGN: case S_EVAL: case S_SEQ: case S_RETURN: case S_BREAK: case S_CONTINUE:
        n = s;
        break;
    }
    stmts_push(out, n);
}

static Stmt *copy_block(Copier *cp, Stmt *b) {
    if (!b)
        return NULL;
    StmtList l = {0};
    copy_stmt(cp, b, &l);
    return stmts_finish(cp->in->c, &l, b->loc);
}

/* ---- 5. the memory references ---- */

static Type *with_memref(Ctx *c, const Type *t, Str base, int space) {
    Type *n = ty_copy(c, t);
    MemRef *m = ARENA_NEW(c->arena, MemRef);
    m->base = mk_str(c, (Loc){0}, base);
    m->offset = mk_int(c, (Loc){0}, 0);
    m->size = type_bytes(c, t);
    n->memref = m;
    if (t->kind == TY_TILE) {
        n->has_space = true;
        n->space = (MemSpace)space;
    } else {
        n->has_space = false;
    }
    return n;
}

static void lower(char *dst, const char *src, size_t n) {
    size_t i = 0;
    for (; src[i] && i + 1 < n; i++)
        dst[i] = (char)(src[i] >= 'A' && src[i] <= 'Z' ? src[i] - 'A' + 'a' : src[i]);
    dst[i] = 0;
}

static void assign_memrefs(Init *in, Kernel *k, Decide *d, Func *f) {
    Ctx *c = in->c;
    Str *base = calloc((size_t)(k->nvars ? k->nvars : 1), sizeof *base);
    if (!base)
        ICE("out of memory");
    int count[MEM__COUNT] = {0};
    Rebind rb = {0};
    for (int i = 0; i < k->nvars; i++) {
        int r = kernel_find(k, i), space = d->space[r];
        if (!base[r]) {
            char sp[16], name[64];
            lower(sp, memspace_name[space], sizeof sp);
            snprintf(name, sizeof name, "mem_%s_%d", sp, count[space]++);
            base[r] = intern_cstr(c->names, name);
        }
        Var *v = k->vars[i].var;
        rebind_add(c, &rb, v, var_new(c, v->loc, v->name, with_memref(c, v->type, base[r], space)));
    }
    f->body = rebind_stmt(c, f->body, &rb);
    f->params = rebind_params(c, &rb, f->nparams, f->params); /* result types stay as written */
    rebind_free(&rb);
    free(base);
}

/* ---- the pass ---- */

static bool init_func(Init *in, const Program *p, Func *f) {
    for (int i = 0; i < f->nparams; i++)
        if (f->params[i]->type->kind == TY_TILE || holds_mem(f->params[i]->type) != is_mem(f->params[i]->type)) {
            error_at(in->c, f->params[i]->loc,
                     "InCore function '%s' takes the %s '%s': a kernel's parameters are tensors in global memory "
                     "(tiles live in on-chip buffers that the memory passes plan)",
                     f->name, f->params[i]->type->kind == TY_TILE ? "tile" : "tuple", f->params[i]->name);
            return false;
        }
    map_free(&in->used);
    func_names(p, f, &in->used);
    in->failed = false;
    f->body = shape_block(in, f->body);
    for (int round = 0; !in->failed; round++) {
        Kernel k;
        kernel_analyze(&k, in->c, f);
        Decide d = {.in = in, .k = &k};
        d.space = malloc(sizeof *d.space * (size_t)(k.nvars ? k.nvars : 1));
        if (!d.space)
            ICE("out of memory");
        find_spaces(&d);
        if (!in->failed)
            kernel_relations(&k, decide_rel, &d);
        bool done = !in->failed && d.ncopies == 0;
        if (done)
            assign_memrefs(in, &k, &d, f);
        else if (!in->failed && round == 3) {
            error_at(in->c, f->loc, "InitMemRef could not separate the buffers of '%s' (copies keep clashing)", f->name);
            in->failed = true;
        } else if (!in->failed) {
            Copier cp = {in, &d, 0};
            f->body = copy_block(&cp, f->body);
        }
        map_free(&d.plans);
        free(d.space);
        kernel_free(&k);
        if (done)
            return true;
    }
    return false;
}

Program *pass_init_memref(PassCtx *pc, const Program *p) {
    Program *q = program_shell(pc->c, p);
    Init in = {.pc = pc, .c = pc->c};
    bool ok = true;
    for (int i = 0; i < q->nfuncs; i++)
        if (q->funcs[i]->kind == FN_INCORE)
            ok &= init_func(&in, p, q->funcs[i]);
    map_free(&in.used);
    return ok ? q : NULL;
}
