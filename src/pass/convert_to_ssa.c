/* convert_to_ssa.c - ConvertToSSA: every variable is assigned once.
 *
 * The parser binds each use to the variable textually visible at that point, so a non-SSA
 * program holds several Vars of one name; its meaning is Python's (one scope per function, a
 * use reads the latest assignment executed). The pass therefore works by names: it walks each
 * function in program order keeping name -> current Var (an Env), gives every re-definition a
 * fresh Var (x, x_1, x_2, ...; the first definition keeps its name and its Var) and makes the
 * flow of values explicit where control flow joins:
 *   - an if after which a name is used with a value one of its branches assigned gets that
 *     name as a return var; each branch yields its value (one that does not assign the name
 *     yields the value from before the if);
 *   - a loop whose body assigns a name used in a later iteration or after the loop carries it:
 *     an iter_arg initialised from the value before the loop, yielded at the end of the body,
 *     read after the loop through a return var. A plain while loop that carries values becomes
 *     pl.while_, its condition over the iter_args.
 * "Used" means live, by names, over the structured program (live_* below): values nobody reads
 * are not merged. break/continue in a loop that carries values are first lowered into boolean
 * flags (lower_* below). Constructs already in SSA form keep their shape; their variables are
 * renamed only where a name is bound twice. */
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"

/* ---- sets of names ----
 * A Map from a name to one of its uses (an Expr, for error positions); a NULL value is an
 * absent name, as Maps cannot delete. */
typedef Map Set;

static bool set_has(const Set *s, Str n) { return map_get(s, n) != NULL; }

static void set_del(Set *s, Str n) {
    if (map_get(s, n))
        map_put(s, n, NULL);
}

static void set_union(Set *d, const Set *s) {
    for (size_t i = 0; i < s->cap; i++)
        if (s->keys[i] && s->vals[i] && !map_get(d, s->keys[i]))
            map_put(d, s->keys[i], s->vals[i]);
}

static void set_copy(Set *d, const Set *s) {
    *d = (Set){0};
    set_union(d, s);
}

static void add_use(Expr *e, void *ud) {
    if (e->kind == E_VAR)
        map_put(ud, e->var->name, e);
}

static void live_expr(Set *s, const Expr *e) {
    if (e)
        walk_expr((Expr *)e, add_use, s);
}

static void live_exprs(Set *s, int n, Expr **es) {
    for (int i = 0; i < n; i++)
        live_expr(s, es[i]);
}

static void del_vars(Set *s, int n, Var **vs) {
    for (int i = 0; i < n; i++)
        if (vs[i])
            set_del(s, vs[i]->name);
}

/* The statements of a block with nested sequences spliced in (heap array: vec_free it). */
static void block_items(const Stmt *b, PtrVec *out) {
    if (!b)
        return;
    if (b->kind != S_SEQ) {
        vec_push(out, (void *)b);
        return;
    }
    for (int i = 0; i < b->seq.n; i++)
        block_items(b->seq.items[i], out);
}

/* ---- statements that leave early: break, continue, return ---- */

enum { X_BRK = 1, X_CONT = 2 };

static unsigned exits_of(const Stmt *st) {
    if (!st)
        return 0;
    unsigned x = 0;
    switch (st->kind) {
    case S_BREAK: return X_BRK;
    case S_CONTINUE: return X_CONT;
    case S_SEQ:
        for (int i = 0; i < st->seq.n; i++)
            x |= exits_of(st->seq.items[i]);
        return x;
    case S_IF: return exits_of(st->ifs.then) | exits_of(st->ifs.els);
    case S_SCOPE: return exits_of(st->scope.body);
    case S_FOR: case S_WHILE: case S_ASSIGN: case S_EVAL: case S_YIELD: case S_RETURN:
        return 0; /* a nested loop's break is its own */
    }
    return 0;
}

static const Stmt *first_exit(const Stmt *st) {
    if (!st)
        return NULL;
    const Stmt *r = NULL;
    switch (st->kind) {
    case S_BREAK: case S_CONTINUE: return st;
    case S_SEQ:
        for (int i = 0; i < st->seq.n && !r; i++)
            r = first_exit(st->seq.items[i]);
        return r;
    case S_IF: return (r = first_exit(st->ifs.then)) ? r : first_exit(st->ifs.els);
    case S_SCOPE: return first_exit(st->scope.body);
    case S_FOR: case S_WHILE: case S_ASSIGN: case S_EVAL: case S_YIELD: case S_RETURN:
        return NULL;
    }
    return NULL;
}

/* Every path through st leaves the iteration or the function. */
static bool always_exits(const Stmt *st) {
    if (!st)
        return false;
    switch (st->kind) {
    case S_BREAK: case S_CONTINUE: case S_RETURN: return true;
    case S_SEQ:
        for (int i = 0; i < st->seq.n; i++)
            if (always_exits(st->seq.items[i]))
                return true;
        return false;
    case S_IF: return st->ifs.els && always_exits(st->ifs.then) && always_exits(st->ifs.els);
    case S_SCOPE: return always_exits(st->scope.body);
    case S_FOR: case S_WHILE: case S_ASSIGN: case S_EVAL: case S_YIELD:
        return false;
    }
    return false;
}

/* ---- liveness by names ----
 * live_stmt turns the set live after a statement into the set live before it. break and
 * continue need their loop's sets: live after the loop, live at its head. */
typedef struct {
    const Set *brk, *cont;
} LoopLive;

static void live_stmt(const Stmt *st, Set *live, const LoopLive *lp);

static void live_block(const Stmt *b, Set *live, const LoopLive *lp) {
    if (!b)
        return;
    if (b->kind != S_SEQ) {
        live_stmt(b, live, lp);
        return;
    }
    for (int i = b->seq.n - 1; i >= 0; i--)
        live_stmt(b->seq.items[i], live, lp);
}

typedef struct {
    bool is_while;
    Var *iv;
    int n;
    Var **iters, **rets;
    Expr **inits;
    Expr *cond;
    Stmt *body;
} LoopParts;

static LoopParts loop_parts(const Stmt *st) {
    if (st->kind == S_WHILE)
        return (LoopParts){true, NULL, st->wloop.n, st->wloop.iters, st->wloop.rets, st->wloop.inits, st->wloop.cond,
                           st->wloop.body};
    return (LoopParts){false, st->loop.iv, st->loop.n, st->loop.iters, st->loop.rets, st->loop.inits, NULL, st->loop.body};
}

/* The names live at the head of loop st when `out` is live after it, and in *base those live
 * after a break. The head's set is a fixpoint, head = base + live_in(body, head) (continue also
 * goes to the head), but no iteration is needed: liveness through a body is gen/kill,
 * live_in(body, X) = live_in(body, {}) + (part of X), so the least fixpoint is
 * base + live_in(body, {}). One walk of the body per loop keeps nested loops linear. */
static void live_head(const Stmt *st, const Set *out, Set *base, Set *head) {
    LoopParts lp = loop_parts(st);
    set_copy(base, out);
    del_vars(base, lp.n, lp.rets);
    Set b = {0}, none = {0};
    LoopLive ll = {base, &none};
    live_block(lp.body, &b, &ll);
    live_expr(&b, lp.cond); /* evaluated at the head, before each iteration */
    if (lp.iv)
        set_del(&b, lp.iv->name);
    del_vars(&b, lp.n, lp.iters);
    set_copy(head, base);
    set_union(head, &b);
    map_free(&b);
}

static void live_stmt(const Stmt *st, Set *live, const LoopLive *lp) {
    if (!st)
        return;
    switch (st->kind) {
    case S_ASSIGN:
        del_vars(live, st->assign.n, st->assign.vars);
        live_expr(live, st->assign.value);
        break;
    case S_EVAL: live_expr(live, st->eval.e); break;
    case S_SEQ: live_block(st, live, lp); break;
    case S_SCOPE: live_block(st->scope.body, live, lp); break;
    case S_YIELD: live_exprs(live, st->vals.n, st->vals.vals); break;
    case S_RETURN:
        map_free(live);
        live_exprs(live, st->vals.n, st->vals.vals);
        break;
    case S_BREAK:
    case S_CONTINUE:
        map_free(live);
        if (lp)
            set_union(live, st->kind == S_BREAK ? lp->brk : lp->cont);
        break;
    case S_IF: {
        del_vars(live, st->ifs.n, st->ifs.rets);
        Set t, e;
        set_copy(&t, live);
        live_block(st->ifs.then, &t, lp);
        set_copy(&e, live);
        live_block(st->ifs.els, &e, lp);
        map_free(live);
        set_union(live, &t);
        set_union(live, &e);
        map_free(&t);
        map_free(&e);
        live_expr(live, st->ifs.cond);
        break;
    }
    case S_FOR:
    case S_WHILE: {
        Set base, head;
        live_head(st, live, &base, &head);
        map_free(&base);
        map_free(live);
        *live = head;
        LoopParts parts = loop_parts(st);
        live_exprs(live, parts.n, parts.inits);
        if (st->kind == S_FOR) {
            live_expr(live, st->loop.start);
            live_expr(live, st->loop.stop);
            live_expr(live, st->loop.step);
        }
        break;
    }
    }
}

/* The names a statement assigns, nested statements included (loop variables and iter_args of
 * nested loops excepted: they live only in their loop), each with its Var. */
static bool collect_assigned(Stmt *st, void *ud) {
    Map *out = ud;
    PtrVec defs = {0};
    switch (st->kind) {
    case S_ASSIGN:
    case S_IF: stmt_defs(st, &defs); break;
    case S_FOR: for (int i = 0; i < st->loop.n; i++) vec_push(&defs, st->loop.rets[i]); break;
    case S_WHILE: for (int i = 0; i < st->wloop.n; i++) vec_push(&defs, st->wloop.rets[i]); break;
    case S_EVAL: case S_SEQ: case S_YIELD: case S_RETURN: case S_BREAK: case S_CONTINUE: case S_SCOPE:
        break;
    }
    for (int i = 0; i < defs.len; i++) {
        Var *v = defs.items[i];
        if (v && !map_get(out, v->name))
            map_put(out, v->name, v);
    }
    vec_free(&defs);
    return true;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static void sort_names(PtrVec *v) {
    if (v->len > 1)
        qsort(v->items, (size_t)v->len, sizeof(void *), cmp_str);
}

/* memcpy of n pointers; n may be 0 with NULL arrays. */
static void copy_ptrs(void *dst, const void *src, int n) {
    if (n > 0)
        memcpy(dst, src, sizeof(void *) * (size_t)n);
}

/* ---- the walk ---- */

typedef struct {
    PassCtx *pc;
    Ctx *c;
    const Program *p;
    Map used;    /* every name of the function, and the fresh ones */
    Map claimed; /* names given to a definition of the output */
    Map renamed; /* input Var -> E_VAR of the Var replacing it, for types that mention it */
    bool failed; /* an error in this function (later ones are not reported: they cascade) */
} Ssa;

/* name -> the Var holding its current value; dead: no path reaches this point (after a return,
 * break or continue). */
typedef struct {
    Map cur;
    bool dead;
} Env;

static void env_copy(Env *d, const Env *s) {
    d->cur = (Map){0};
    for (size_t i = 0; i < s->cur.cap; i++)
        if (s->cur.keys[i] && s->cur.vals[i])
            map_put(&d->cur, s->cur.keys[i], s->cur.vals[i]);
    d->dead = s->dead;
}

static Var *env_get(const Env *e, Str n) { return map_get(&e->cur, n); }

static bool first_error(Ssa *s) {
    bool first = !s->failed;
    s->failed = true;
    return first;
}

static char *type_text(Buf *b, const Type *t) {
    b->len = 0;
    type_print(b, t);
    return b->data;
}

static Type *ren_type(Ssa *s, Type *t) { return subst_type(s->c, t, &s->renamed); }

/* The Var that defines orig's name at this definition: orig itself the first time its name is
 * bound (when its type is unchanged), else a fresh one. */
static Var *claim(Ssa *s, Var *orig, Type *t) {
    Var *v = orig;
    if (!map_get(&s->claimed, orig->name)) {
        map_put(&s->claimed, orig->name, (void *)orig->name);
        if (t != orig->type)
            v = var_new(s->c, orig->loc, orig->name, t);
    } else {
        v = var_new(s->c, orig->loc, name_fresh(s->c, &s->used, orig->name), t);
    }
    if (v != orig)
        map_put(&s->renamed, orig, mk_var(s->c, (Loc){0}, v));
    return v;
}

/* A new Var for name (an iter_arg, a return var): the name itself if no definition has it. */
static Var *fresh(Ssa *s, Str name, Type *t, Loc loc) {
    if (!map_get(&s->claimed, name)) {
        map_put(&s->claimed, name, (void *)name);
        map_put(&s->used, name, (void *)name);
        return var_new(s->c, loc, name, t);
    }
    return var_new(s->c, loc, name_fresh(s->c, &s->used, name), t);
}

static bool is_dyn(const Program *p, const Var *v) {
    for (int i = 0; i < p->ndyn; i++)
        if (p->dyns[i] == v)
            return true;
    return false;
}

static Expr *ren(Ssa *s, const Env *env, Expr *e);

/* es with every expression renamed: the same array when nothing changed. */
static Expr **ren_list(Ssa *s, const Env *env, int n, Expr **es, bool *changed) {
    Expr **out = NULL;
    for (int i = 0; i < n; i++) {
        Expr *x = ren(s, env, es[i]);
        if (x != es[i] && !out) {
            out = ARENA_ARRAY(s->c->arena, Expr *, n);
            copy_ptrs(out, es, i);
        }
        if (out)
            out[i] = x;
    }
    if (out)
        *changed = true;
    return out ? out : es;
}

static Expr *ren_var(Ssa *s, const Env *env, Expr *e) {
    Var *v = env_get(env, e->var->name);
    if (!v) {
        if (!is_dyn(s->p, e->var) && first_error(s))
            error_at(s->c, e->loc, "'%s' is not assigned on every path to this use", e->var->name);
        return e;
    }
    if (v == e->var)
        return e;
    /* the parser typed the expression with the textually visible definition: the one the
     * value comes from must agree (it may not where a branch re-assigned with another type) */
    Type *want = ren_type(s, e->var->type);
    if (!type_equal(v->type, want)) {
        if (first_error(s)) {
            Buf a = {0}, b = {0};
            type_print(&a, v->type);
            type_print(&b, want);
            error_at(s->c, e->loc, "'%s' is %s on the paths to this use, not %s", e->var->name, a.data, b.data);
            buf_free(&a);
            buf_free(&b);
        }
        return e;
    }
    return mk_var(s->c, e->loc, v);
}

/* e with every variable read replaced by the current Var of its name (shared where nothing
 * changes). */
static Expr *ren(Ssa *s, const Env *env, Expr *e) {
    if (!e)
        return NULL;
    Expr tmp = *e;
    bool ch = false;
    switch (e->kind) {
    case E_VAR: return ren_var(s, env, e);
    case E_INT: case E_FLOAT: case E_BOOL: case E_STR: case E_SYM:
        return e;
    case E_BINARY:
        tmp.bin.l = ren(s, env, e->bin.l);
        tmp.bin.r = ren(s, env, e->bin.r);
        ch = tmp.bin.l != e->bin.l || tmp.bin.r != e->bin.r;
        break;
    case E_UNARY:
        tmp.un.e = ren(s, env, e->un.e);
        ch = tmp.un.e != e->un.e;
        break;
    case E_CAST:
        tmp.cast.e = ren(s, env, e->cast.e);
        ch = tmp.cast.e != e->cast.e;
        break;
    case E_OP:
        tmp.call.args = ren_list(s, env, e->call.nargs, e->call.args, &ch);
        for (int i = 0; i < e->call.nkw; i++) {
            Expr *v = ren(s, env, e->call.kw[i].value);
            if (v == e->call.kw[i].value)
                continue;
            if (tmp.call.kw == e->call.kw)
                tmp.call.kw = arena_dup(s->c->arena, e->call.kw, sizeof(Kwarg) * (size_t)e->call.nkw);
            tmp.call.kw[i].value = v;
            ch = true;
        }
        break;
    case E_CALL: tmp.fcall.args = ren_list(s, env, e->fcall.nargs, e->fcall.args, &ch); break;
    case E_TUPLE:
    case E_LIST: tmp.list.items = ren_list(s, env, e->list.n, e->list.items, &ch); break;
    case E_INDEX:
        tmp.index.e = ren(s, env, e->index.e);
        ch = tmp.index.e != e->index.e;
        break;
    }
    tmp.type = ren_type(s, e->type);
    if (!ch && tmp.type == e->type)
        return e;
    return arena_dup(s->c->arena, &tmp, sizeof tmp);
}

/* The block built in l, or orig itself when l holds exactly orig's statements. */
static Stmt *finish_same(Ctx *c, StmtList *l, const Stmt *orig, Loc loc) {
    if (orig && orig->kind == S_SEQ && orig->seq.n == l->v.len &&
        (l->v.len == 0 || memcmp(orig->seq.items, l->v.items, sizeof(void *) * (size_t)l->v.len) == 0)) {
        vec_free(&l->v);
        return (Stmt *)orig;
    }
    return stmts_finish(c, l, orig ? orig->loc : loc);
}

static Stmt *copy_stmt(Ctx *c, const Stmt *st) { return arena_dup(c->arena, st, sizeof *st); }

static Stmt *mk_yield(Ctx *c, Loc loc, int n, Expr **vals) {
    Stmt *y = stmt_new(c, S_YIELD, loc);
    y->vals.n = n;
    y->vals.vals = vals;
    return y;
}

static void ssa_stmt(Ssa *s, Env *env, const Stmt *st, const Set *after, const LoopLive *lp, StmtList *dst);

/* An if one of whose branches always leaves (returns, breaks, continues) while the other
 * assigns a name read after the if: merging would need a yield after the return. Instead the
 * statements after the if move into the other branch, the only one that reaches them. */
static bool needs_move(const Stmt *st, const Set *after) {
    if (st->kind != S_IF || st->ifs.n || always_exits(st->ifs.then) == always_exits(st->ifs.els))
        return false;
    Map asg = {0};
    walk_stmts(always_exits(st->ifs.then) ? st->ifs.els : st->ifs.then, collect_assigned, &asg);
    bool read = false;
    for (size_t i = 0; i < asg.cap && !read; i++)
        read = asg.keys[i] && asg.vals[i] && set_has(after, asg.keys[i]);
    map_free(&asg);
    return read;
}

static Stmt *move_rest(Ctx *c, const Stmt *st, Stmt **rest, int nrest) {
    bool to_else = always_exits(st->ifs.then);
    const Stmt *b = to_else ? st->ifs.els : st->ifs.then;
    StmtList l = {0};
    stmts_push(&l, (Stmt *)b);
    for (int i = 0; i < nrest; i++)
        stmts_push(&l, rest[i]);
    Stmt *n = arena_dup(c->arena, st, sizeof *st);
    *(to_else ? &n->ifs.els : &n->ifs.then) = stmts_finish(c, &l, b ? b->loc : st->loc);
    return n;
}

/* Statements items[0..n) with `out` live after them. */
static void ssa_items(Ssa *s, Env *env, Stmt **items, int n, const Set *out, const LoopLive *lp, StmtList *dst) {
    Set *live = calloc((size_t)n + 1, sizeof *live);
    if (!live)
        ICE("out of memory");
    set_copy(&live[n], out);
    for (int i = n - 1; i > 0; i--) {
        set_copy(&live[i], &live[i + 1]);
        live_stmt(items[i], &live[i], lp);
    }
    for (int i = 0; i < n && !s->failed; i++) {
        if (i + 1 < n && needs_move(items[i], &live[i + 1])) {
            ssa_stmt(s, env, move_rest(s->c, items[i], items + i + 1, n - i - 1), &live[n], lp, dst);
            break;
        }
        ssa_stmt(s, env, items[i], &live[i + 1], lp, dst);
    }
    for (int i = 0; i <= n; i++)
        map_free(&live[i]);
    free(live);
}

static void ssa_block(Ssa *s, Env *env, const Stmt *b, const Set *out, const LoopLive *lp, StmtList *dst) {
    PtrVec items = {0};
    block_items(b, &items);
    ssa_items(s, env, (Stmt **)items.items, items.len, out, lp, dst);
    vec_free(&items);
}

static void ssa_assign(Ssa *s, Env *env, const Stmt *st, StmtList *dst) {
    Expr *value = ren(s, env, st->assign.value);
    int n = st->assign.n;
    Var **vars = ARENA_ARRAY(s->c->arena, Var *, n);
    bool ch = value != st->assign.value;
    for (int i = 0; i < n; i++) {
        Var *o = st->assign.vars[i];
        vars[i] = claim(s, o, ren_type(s, o->type));
        ch |= vars[i] != o;
        map_put(&env->cur, o->name, vars[i]);
    }
    if (!ch) {
        stmts_push(dst, (Stmt *)st);
        return;
    }
    Stmt *n2 = copy_stmt(s->c, st);
    n2->assign.value = value;
    n2->assign.vars = vars;
    stmts_push(dst, n2);
}

/* ---- if ---- */

typedef struct {
    Env env;
    StmtList body;      /* without its final yield */
    const Stmt *yield;  /* the input's final yield (an if with return vars) */
    Expr **yv;          /* its values, renamed */
    bool yv_changed;
} Branch;

static void ssa_branch(Ssa *s, const Env *env, const Stmt *b, bool has_yield, const Set *after, const LoopLive *lp, Branch *br) {
    env_copy(&br->env, env);
    br->body = (StmtList){0};
    br->yield = NULL;
    br->yv = NULL;
    br->yv_changed = false;
    PtrVec items = {0};
    block_items(b, &items);
    int n = items.len;
    if (has_yield && n && ((Stmt *)items.items[n - 1])->kind == S_YIELD)
        br->yield = items.items[--n];
    Set out;
    set_copy(&out, after);
    if (br->yield)
        live_exprs(&out, br->yield->vals.n, br->yield->vals.vals);
    ssa_items(s, &br->env, (Stmt **)items.items, n, &out, lp, &br->body);
    if (br->yield)
        br->yv = ren_list(s, &br->env, br->yield->vals.n, br->yield->vals.vals, &br->yv_changed);
    map_free(&out);
    vec_free(&items);
}

/* The value a branch that never reaches the end of the if (it returns, breaks or continues)
 * yields for a merged name: never used, it only has to have the type. */
static Expr *dead_value(Ssa *s, Var *before, Type *t, Str name, Loc loc) {
    if (before && type_equal(before->type, t))
        return mk_var(s->c, loc, before);
    if (t->kind == TY_SCALAR) {
        Expr *z = t->dtype == DT_BOOL ? mk_bool(s->c, loc, false)
                  : dtype_is_float(t->dtype) ? mk_float(s->c, loc, 0)
                                             : mk_int(s->c, loc, 0);
        z->type = t;
        return z;
    }
    if (first_error(s)) {
        Buf b = {0};
        error_at(s->c, loc, "cannot merge '%s' after this if: its branch that leaves early (break, continue, return) has no %s to yield for it",
                 name, type_text(&b, t));
        hint(s->c, "assign '%s' before the if", name);
        buf_free(&b);
    }
    return mk_var(s->c, loc, before ? before : fresh(s, name, t, loc));
}

/* The names the if must merge: live after it and given a new value by a branch that reaches
 * its end. Sorted, so the output does not depend on hashing. */
static void merged_names(Ssa *s, const Env *env, const Stmt *st, const Set *after, Branch *br, PtrVec *out) {
    for (size_t i = 0; i < after->cap; i++) {
        Str n = after->keys[i];
        if (!n || !after->vals[i])
            continue;
        bool explicit_ret = false;
        for (int k = 0; k < st->ifs.n; k++)
            explicit_ret |= st->ifs.rets[k]->name == n;
        if (explicit_ret)
            continue;
        Var *b = env_get(env, n);
        bool changed = false, missing = false;
        for (int k = 0; k < 2; k++) {
            if (br[k].env.dead)
                continue;
            Var *v = env_get(&br[k].env, n);
            changed |= v != b;
            missing |= !v;
        }
        if (!changed)
            continue;
        if (missing) {
            if (first_error(s)) {
                error_at(s->c, ((Expr *)after->vals[i])->loc, "'%s' is used after the if but not assigned in every branch", n);
                note_at(s->c, st->loc, "this if assigns '%s' in one branch only", n);
            }
            return;
        }
        vec_push(out, (void *)n);
    }
    sort_names(out);
}

/* Vars for the names the if may merge (live after it, assigned in a branch), in the order of
 * their names. Their types are set when they are merged. */
static void reserve_merged(Ssa *s, const Stmt *st, const Set *after, Map *reserved) {
    Map asg = {0};
    walk_stmts(st->ifs.then, collect_assigned, &asg);
    walk_stmts(st->ifs.els, collect_assigned, &asg);
    PtrVec names = {0};
    for (size_t i = 0; i < asg.cap; i++) {
        Str n = asg.keys[i];
        bool explicit_ret = false;
        for (int k = 0; n && k < st->ifs.n; k++)
            explicit_ret |= st->ifs.rets[k]->name == n;
        if (n && set_has(after, n) && !explicit_ret)
            vec_push(&names, (void *)n);
    }
    sort_names(&names);
    for (int i = 0; i < names.len; i++)
        map_put(reserved, names.items[i], fresh(s, names.items[i], NULL, st->loc));
    vec_free(&names);
    map_free(&asg);
}

static void ssa_if(Ssa *s, Env *env, const Stmt *st, const Set *after, const LoopLive *lp, StmtList *dst) {
    Ctx *c = s->c;
    int nx = st->ifs.n;
    Expr *cond = ren(s, env, st->ifs.cond);
    Branch br[2];
    ssa_branch(s, env, st->ifs.then, nx > 0, after, lp, &br[0]);
    /* the if's own return vars are bound where the text has them: the then-branch's yield */
    Var **xrets = ARENA_ARRAY(c->arena, Var *, nx);
    bool ch = cond != st->ifs.cond;
    for (int k = 0; k < nx; k++) {
        xrets[k] = claim(s, st->ifs.rets[k], ren_type(s, st->ifs.rets[k]->type));
        ch |= xrets[k] != st->ifs.rets[k];
    }
    /* and so are the names of the merged values: reserved now, typed when merged */
    Map reserved = {0};
    reserve_merged(s, st, after, &reserved);
    ssa_branch(s, env, st->ifs.els, nx > 0, after, lp, &br[1]);
    PtrVec names = {0};
    if (!s->failed)
        merged_names(s, env, st, after, br, &names);
    int nm = names.len, n = nx + nm;
    if (s->failed || (nx && (!br[0].yield || !br[1].yield))) {
        ASSERT(s->failed); /* the parser gives an if with return vars a yield in both branches */
        goto done;
    }
    Var **rets = ARENA_ARRAY(c->arena, Var *, n);
    copy_ptrs(rets, xrets, nx);
    Expr **yv[2] = {ARENA_ARRAY(c->arena, Expr *, n), ARENA_ARRAY(c->arena, Expr *, n)};
    for (int k = 0; k < 2 && nx; k++)
        copy_ptrs(yv[k], br[k].yv, nx);
    for (int i = 0; i < nm; i++) {
        Str name = names.items[i];
        Var *b = env_get(env, name), *v[2] = {env_get(&br[0].env, name), env_get(&br[1].env, name)};
        bool live[2] = {!br[0].env.dead, !br[1].env.dead};
        Type *t = live[0] ? v[0]->type : v[1]->type;
        if (live[0] && live[1] && !type_equal(v[0]->type, v[1]->type)) {
            if (first_error(s)) {
                Buf a = {0}, bb = {0};
                error_at(c, st->loc, "'%s' is %s in one branch of this if and %s in the other", name, type_text(&a, v[0]->type),
                         type_text(&bb, v[1]->type));
                buf_free(&a);
                buf_free(&bb);
            }
            goto done;
        }
        for (int k = 0; k < 2; k++)
            yv[k][nx + i] = live[k] ? mk_var(c, st->loc, v[k]) : dead_value(s, b, t, name, st->loc);
        rets[nx + i] = map_get(&reserved, name);
        ASSERT(rets[nx + i]);
        rets[nx + i]->type = t;
    }
    if (s->failed)
        goto done;
    Stmt *blocks[2];
    for (int k = 0; k < 2; k++) {
        const Stmt *orig = k ? st->ifs.els : st->ifs.then;
        if (n) {
            bool same = nm == 0 && !br[k].yv_changed && br[k].yield;
            stmts_push(&br[k].body, same ? (Stmt *)br[k].yield
                                         : mk_yield(c, br[k].yield ? br[k].yield->loc : st->loc, n, yv[k]));
        }
        blocks[k] = !orig && br[k].body.v.len == 0 ? NULL : finish_same(c, &br[k].body, orig, st->loc);
        ch |= blocks[k] != orig;
    }
    if (!ch && nm == 0) {
        stmts_push(dst, (Stmt *)st);
    } else {
        Stmt *ni = copy_stmt(c, st);
        ni->ifs.cond = cond;
        ni->ifs.then = blocks[0];
        ni->ifs.els = blocks[1];
        ni->ifs.n = n;
        ni->ifs.rets = rets;
        stmts_push(dst, ni);
    }
    for (int k = 0; k < nx; k++)
        map_put(&env->cur, st->ifs.rets[k]->name, xrets[k]);
    for (int i = 0; i < nm; i++)
        map_put(&env->cur, names.items[i], rets[nx + i]);
    if (br[0].env.dead && br[1].env.dead)
        env->dead = true;
done:
    for (int k = 0; k < 2; k++) {
        map_free(&br[k].env.cur);
        vec_free(&br[k].body.v);
    }
    vec_free(&names);
    map_free(&reserved);
}

/* ---- break and continue in loops that carry values ----
 * Lowered into flags before the loop is converted: `continue` sets _cont, `break` sets _brk,
 * and what follows a statement that may have set one runs under `if not flag:`. A for loop
 * that breaks runs its remaining iterations doing nothing (`if not _brk:` around the body); a
 * while loop tests `not _brk` in its condition. Where one branch of an if always leaves (ends
 * in break, continue or return), the statements after the if move into the other branch
 * instead, which needs no flag: a continue handled that way only disappears. */
typedef struct {
    Ctx *c;
    Var *brk, *cont;   /* cont NULL: continue needs no flag */
    bool cont_tested;  /* some guard reads cont */
} Lower;

static Stmt *set_flag(Ctx *c, Loc loc, Var *flag, bool value) {
    return mk_assign(c, loc, flag, mk_bool(c, loc, value));
}

static Expr *not_flag(Ctx *c, Loc loc, Var *flag) { return mk_unary(c, loc, UN_NOT, mk_var(c, loc, flag)); }

/* `not e`, as a flipped comparison where that is exact (integers: no NaN). */
static Expr *negate(Ctx *c, Expr *e) {
    if (e->kind == E_UNARY && e->un.op == UN_NOT && e->un.e->type && e->un.e->type->kind == TY_SCALAR &&
        e->un.e->type->dtype == DT_BOOL)
        return e->un.e;
    if (e->kind == E_BINARY && e->bin.op >= BIN_EQ && e->bin.op <= BIN_GE && !dtype_is_float(e->bin.l->type->dtype) &&
        !dtype_is_float(e->bin.r->type->dtype)) {
        static const BinOp flip[] = {[BIN_EQ] = BIN_NE, [BIN_NE] = BIN_EQ, [BIN_LT] = BIN_GE,
                                     [BIN_LE] = BIN_GT, [BIN_GT] = BIN_LE, [BIN_GE] = BIN_LT};
        Expr *r = mk_binary(c, e->loc, flip[e->bin.op], e->bin.l, e->bin.r);
        if (r)
            return r;
    }
    return mk_unary(c, e->loc, UN_NOT, e);
}

/* if cond: then else: els, without empty branches (an empty then flips the condition). */
static void push_if(Ctx *c, StmtList *out, Loc loc, Expr *cond, Stmt *then, Stmt *els) {
    if (then->seq.n == 0 && els->seq.n == 0)
        return; /* conditions are scalar expressions: nothing to keep */
    if (then->seq.n == 0) {
        cond = negate(c, cond);
        then = els;
    }
    Stmt *s = stmt_new(c, S_IF, loc);
    s->ifs.cond = cond;
    s->ifs.then = then;
    s->ifs.els = then == els || els->seq.n == 0 ? NULL : els;
    stmts_push(out, s);
}

static Stmt *lower_items(Lower *lw, Stmt **items, int n, Loc loc, unsigned *may);

static Stmt *lower_block(Lower *lw, const Stmt *b, Stmt **rest, int nrest, Loc loc, unsigned *may) {
    PtrVec v = {0};
    block_items(b, &v);
    for (int i = 0; i < nrest; i++)
        vec_push(&v, rest[i]);
    Stmt *r = lower_items(lw, (Stmt **)v.items, v.len, b ? b->loc : loc, may);
    vec_free(&v);
    return r;
}

/* The condition under which the statements after one that may have exited (`m`) run. */
static Expr *guard(Lower *lw, unsigned m, Loc loc) {
    Expr *g = NULL;
    if (m & X_BRK)
        g = not_flag(lw->c, loc, lw->brk);
    if (m & X_CONT) {
        ASSERT(lw->cont);
        lw->cont_tested = true;
        Expr *k = not_flag(lw->c, loc, lw->cont);
        g = g ? mk_binary(lw->c, loc, BIN_AND, g, k) : k;
    }
    return g;
}

/* items[0..n) with break/continue lowered; *may gets the flags a path through them may set. */
static Stmt *lower_items(Lower *lw, Stmt **items, int n, Loc loc, unsigned *may) {
    Ctx *c = lw->c;
    StmtList out = {0};
    for (int i = 0; i < n; i++) {
        Stmt *st = items[i], **rest = items + i + 1;
        int nrest = n - i - 1;
        unsigned m = 0;
        if (!exits_of(st)) {
            stmts_push(&out, st);
            continue;
        }
        switch (st->kind) {
        case S_BREAK:
            stmts_push(&out, set_flag(c, st->loc, lw->brk, true));
            *may |= X_BRK;
            return stmts_finish(c, &out, loc); /* the rest is unreachable */
        case S_CONTINUE:
            if (lw->cont)
                stmts_push(&out, set_flag(c, st->loc, lw->cont, true));
            *may |= X_CONT;
            return stmts_finish(c, &out, loc);
        case S_IF: {
            bool ta = always_exits(st->ifs.then), ea = always_exits(st->ifs.els);
            bool move = nrest && ta != ea;
            Stmt *then = lower_block(lw, st->ifs.then, rest, move && !ta ? nrest : 0, st->loc, &m);
            Stmt *els = lower_block(lw, st->ifs.els, rest, move && ta ? nrest : 0, st->loc, &m);
            push_if(c, &out, st->loc, st->ifs.cond, then, els);
            *may |= m;
            if (move || (ta && ea))
                return stmts_finish(c, &out, loc);
            break;
        }
        case S_SCOPE: {
            Stmt *sc = copy_stmt(c, st);
            sc->scope.body = lower_block(lw, st->scope.body, NULL, 0, st->loc, &m);
            stmts_push(&out, sc);
            *may |= m;
            if (always_exits(st->scope.body))
                return stmts_finish(c, &out, loc);
            break;
        }
        case S_SEQ: case S_FOR: case S_WHILE: case S_ASSIGN: case S_EVAL: case S_YIELD: case S_RETURN:
            ICE("no exits in this statement");
        }
        if (m && nrest) {
            unsigned m2 = 0;
            Stmt *body = lower_items(lw, rest, nrest, loc, &m2);
            push_if(c, &out, st->loc, guard(lw, m, st->loc), body, stmts_finish(c, &(StmtList){0}, loc));
            *may |= m2;
            return stmts_finish(c, &out, loc);
        }
    }
    return stmts_finish(c, &out, loc);
}

/* Loop st without its own break/continue; *pre: a statement to run before it, or NULL. */
static Stmt *lower_loop(Ssa *s, const Stmt *st, Stmt **pre) {
    Ctx *c = s->c;
    LoopParts lp = loop_parts(st);
    unsigned x = exits_of(lp.body);
    Type *bt = ty_scalar(c, DT_BOOL);
    Lower lw = {c, NULL, NULL, false};
    if (x & X_BRK)
        lw.brk = var_new(c, st->loc, name_fresh(c, &s->used, "_brk"), bt);
    if (x & X_CONT) /* named only if it is needed */
        lw.cont = var_new(c, st->loc, intern_cstr(c->names, "_cont"), bt);
    unsigned may = 0;
    Stmt *body = lower_block(&lw, lp.body, NULL, 0, st->loc, &may);
    if (lw.cont && !lw.cont_tested) {
        lw.cont = NULL;
        body = lower_block(&lw, lp.body, NULL, 0, st->loc, &may);
    }
    StmtList l = {0};
    if (lw.cont) {
        lw.cont->name = name_fresh(c, &s->used, "_cont");
        stmts_push(&l, set_flag(c, st->loc, lw.cont, false));
    }
    stmts_push(&l, body);
    body = stmts_finish(c, &l, lp.body ? lp.body->loc : st->loc);
    Stmt *n = copy_stmt(c, st);
    *pre = NULL;
    if (lw.brk) {
        *pre = set_flag(c, st->loc, lw.brk, false);
        Expr *nb = not_flag(c, st->loc, lw.brk);
        if (lp.is_while) {
            int64_t k;
            bool always = (lp.cond->kind == E_BOOL && lp.cond->b) || (expr_is_const_int(lp.cond, &k) && k != 0);
            n->wloop.cond = always ? nb : mk_binary(c, lp.cond->loc, BIN_AND, nb, lp.cond);
        } else {
            StmtList g = {0};
            push_if(c, &g, st->loc, nb, body, stmts_finish(c, &(StmtList){0}, st->loc));
            body = stmts_finish(c, &g, body->loc);
        }
    }
    if (lp.is_while)
        n->wloop.body = body;
    else
        n->loop.body = body;
    return n;
}

/* ---- loops ---- */

static bool is_loop_own(const LoopParts *lp, Str n) {
    if (lp->iv && lp->iv->name == n)
        return true;
    for (int i = 0; i < lp->n; i++)
        if (lp->iters[i]->name == n || lp->rets[i]->name == n)
            return true;
    return false;
}

/* The names the loop must carry: assigned in its body and live at its head (read in a later
 * iteration, or after the loop). Sorted. */
static void carried_names(const Stmt *st, const Set *head, PtrVec *out) {
    LoopParts lp = loop_parts(st);
    Map asg = {0};
    walk_stmts(lp.body, collect_assigned, &asg);
    for (size_t i = 0; i < asg.cap; i++) {
        Str n = asg.keys[i];
        if (n && set_has(head, n) && !is_loop_own(&lp, n))
            vec_push(out, (void *)n);
    }
    map_free(&asg);
    sort_names(out);
}

static void ssa_loop(Ssa *s, Env *env, const Stmt *st, const Set *after, StmtList *dst);

/* Each carried name needs a value before the loop: what it holds when the loop runs no
 * iteration, and what the first iteration reads. */
static bool check_carried(Ssa *s, const Env *env, const Stmt *st, const Set *after, const Set *head, PtrVec *names) {
    for (int i = 0; i < names->len; i++) {
        Str n = names->items[i];
        if (env_get(env, n))
            continue;
        if (!first_error(s))
            return false;
        if (set_has(after, n)) {
            error_at(s->c, ((Expr *)map_get(after, n))->loc, "'%s' is used after the loop but not assigned before it", n);
            note_at(s->c, st->loc, "this loop assigns '%s'", n);
            hint(s->c, "assign '%s' before the loop: it keeps that value when the loop runs no iteration", n);
        } else {
            error_at(s->c, ((Expr *)map_get(head, n))->loc, "'%s' is used before it is assigned (its value would come from the previous iteration)", n);
            note_at(s->c, st->loc, "in this loop");
        }
        return false;
    }
    return true;
}

static void ssa_loop(Ssa *s, Env *env, const Stmt *st, const Set *after, StmtList *dst) {
    Ctx *c = s->c;
    LoopParts lp = loop_parts(st);
    Set base, head;
    PtrVec names = {0};
    Env be = {0};
    StmtList bl = {0};
    live_head(st, after, &base, &head);
    carried_names(st, &head, &names);
    if (names.len && exits_of(lp.body)) {
        if (lp.n) {
            if (first_error(s)) {
                const Stmt *x = first_exit(lp.body);
                error_at(c, x->loc, "%s in a loop with init_values that also carries re-assigned names is not supported yet",
                         x->kind == S_BREAK ? "break" : "continue");
                note_at(c, st->loc, "this loop carries '%s' besides its init_values", (Str)names.items[0]);
                hint(c, "carry '%s' with init_values too, or leave the loop without break/continue", (Str)names.items[0]);
            }
            goto done;
        }
        Stmt *pre;
        Stmt *lowered = lower_loop(s, st, &pre);
        Set live;
        set_copy(&live, after);
        live_stmt(lowered, &live, NULL);
        if (pre)
            ssa_stmt(s, env, pre, &live, NULL, dst);
        map_free(&live);
        if (!s->failed)
            ssa_loop(s, env, lowered, after, dst);
        goto done;
    }
    if (!check_carried(s, env, st, after, &head, &names))
        goto done;
    int nx = lp.n, nc = names.len, n = nx + nc;
    bool ch = false;
    Expr *start = NULL, *stop = NULL, *step = NULL;
    if (!lp.is_while) {
        start = ren(s, env, st->loop.start);
        stop = ren(s, env, st->loop.stop);
        step = ren(s, env, st->loop.step);
        ch = start != st->loop.start || stop != st->loop.stop || step != st->loop.step;
    }
    Expr **inits = ARENA_ARRAY(c->arena, Expr *, n);
    Var **iters = ARENA_ARRAY(c->arena, Var *, n), **rets = ARENA_ARRAY(c->arena, Var *, n);
    Expr **xinits = ren_list(s, env, nx, lp.inits, &ch);
    copy_ptrs(inits, xinits, nx);
    env_copy(&be, env);
    be.dead = false;
    Var *iv = NULL;
    if (lp.iv) {
        iv = claim(s, lp.iv, ren_type(s, lp.iv->type));
        map_put(&be.cur, lp.iv->name, iv);
        ch |= iv != lp.iv;
    }
    for (int i = 0; i < nx; i++) {
        iters[i] = claim(s, lp.iters[i], ren_type(s, lp.iters[i]->type));
        ch |= iters[i] != lp.iters[i];
        map_put(&be.cur, lp.iters[i]->name, iters[i]);
    }
    for (int i = 0; i < nc; i++) {
        Var *b = env_get(env, names.items[i]);
        inits[nx + i] = mk_var(c, st->loc, b);
        iters[nx + i] = fresh(s, names.items[i], b->type, st->loc);
        map_put(&be.cur, names.items[i], iters[nx + i]);
    }
    Expr *cond = lp.is_while ? ren(s, &be, lp.cond) : NULL;
    ch |= cond != lp.cond;

    /* the body, its final yield processed here */
    PtrVec items = {0};
    block_items(lp.body, &items);
    int m = items.len;
    const Stmt *y = nx && m && ((Stmt *)items.items[m - 1])->kind == S_YIELD ? items.items[--m] : NULL;
    Set out;
    set_copy(&out, &head);
    if (y)
        live_exprs(&out, y->vals.n, y->vals.vals);
    LoopLive ll = {&base, &head};
    ssa_items(s, &be, (Stmt **)items.items, m, &out, &ll, &bl);
    map_free(&out);
    vec_free(&items);
    if (s->failed || (nx && !y)) {
        ASSERT(s->failed); /* the parser ends a loop with init_values with its yield */
        goto done;
    }
    bool ych = false;
    Expr **yv = ARENA_ARRAY(c->arena, Expr *, n);
    if (nx)
        copy_ptrs(yv, ren_list(s, &be, nx, y->vals.vals, &ych), nx);
    for (int i = 0; i < nc; i++) {
        Var *v = be.dead ? iters[nx + i] : env_get(&be, names.items[i]);
        if (!type_equal(v->type, iters[nx + i]->type)) {
            if (first_error(s)) {
                Buf a = {0}, b = {0};
                error_at(c, v->loc, "'%s' is %s before the loop but %s at the end of its body", (Str)names.items[i],
                         type_text(&a, iters[nx + i]->type), type_text(&b, v->type));
                hint(c, "a value carried around a loop keeps its type: give the new value another name");
                buf_free(&a);
                buf_free(&b);
            }
            goto done;
        }
        yv[nx + i] = mk_var(c, st->loc, v);
    }
    if (n)
        stmts_push(&bl, nc == 0 && !ych ? (Stmt *)y : mk_yield(c, y ? y->loc : st->loc, n, yv));
    Stmt *body = finish_same(c, &bl, lp.body, st->loc);
    ch |= body != lp.body;
    for (int i = 0; i < nx; i++) {
        rets[i] = claim(s, lp.rets[i], ren_type(s, lp.rets[i]->type));
        ch |= rets[i] != lp.rets[i];
    }
    for (int i = 0; i < nc; i++)
        rets[nx + i] = fresh(s, names.items[i], iters[nx + i]->type, st->loc);
    if (lp.iv && set_has(after, lp.iv->name)) {
        if (first_error(s)) {
            error_at(c, ((Expr *)map_get(after, lp.iv->name))->loc, "the loop variable '%s' is used after its loop", lp.iv->name);
            note_at(c, st->loc, "the loop is here");
            hint(c, "carry the value out of the loop in another name");
        }
        goto done;
    }
    if (!ch && nc == 0) {
        stmts_push(dst, (Stmt *)st);
    } else {
        Stmt *nl = copy_stmt(c, st);
        if (lp.is_while) {
            nl->wloop.cond = cond;
            nl->wloop.n = n;
            nl->wloop.iters = iters;
            nl->wloop.inits = inits;
            nl->wloop.rets = rets;
            nl->wloop.body = body;
        } else {
            nl->loop.iv = iv;
            nl->loop.start = start;
            nl->loop.stop = stop;
            nl->loop.step = step;
            nl->loop.n = n;
            nl->loop.iters = iters;
            nl->loop.inits = inits;
            nl->loop.rets = rets;
            nl->loop.body = body;
        }
        stmts_push(dst, nl);
    }
    for (int i = 0; i < nx; i++)
        map_put(&env->cur, lp.rets[i]->name, rets[i]);
    for (int i = 0; i < nc; i++)
        map_put(&env->cur, names.items[i], rets[nx + i]);
done:
    map_free(&base);
    map_free(&head);
    map_free(&be.cur);
    vec_free(&bl.v);
    vec_free(&names);
}

/* ---- statements, functions ---- */

static void ssa_stmt(Ssa *s, Env *env, const Stmt *st, const Set *after, const LoopLive *lp, StmtList *dst) {
    Ctx *c = s->c;
    bool ch = false;
    switch (st->kind) {
    case S_ASSIGN: ssa_assign(s, env, st, dst); return;
    case S_EVAL: {
        Expr *e = ren(s, env, st->eval.e);
        Stmt *n = e == st->eval.e ? (Stmt *)st : copy_stmt(c, st);
        n->eval.e = e;
        stmts_push(dst, n);
        return;
    }
    case S_YIELD:
    case S_RETURN: {
        Expr **vals = ren_list(s, env, st->vals.n, st->vals.vals, &ch);
        Stmt *n = ch ? copy_stmt(c, st) : (Stmt *)st;
        n->vals.vals = vals;
        stmts_push(dst, n);
        if (st->kind == S_RETURN)
            env->dead = true;
        return;
    }
    case S_BREAK:
    case S_CONTINUE:
        stmts_push(dst, (Stmt *)st);
        env->dead = true;
        return;
    case S_SEQ: ssa_block(s, env, st, after, lp, dst); return;
    case S_SCOPE: {
        StmtList l = {0};
        ssa_block(s, env, st->scope.body, after, lp, &l);
        Stmt *b = finish_same(c, &l, st->scope.body, st->loc);
        Stmt *n = b == st->scope.body ? (Stmt *)st : copy_stmt(c, st);
        n->scope.body = b;
        stmts_push(dst, n);
        return;
    }
    case S_IF: ssa_if(s, env, st, after, lp, dst); return;
    case S_FOR:
    case S_WHILE: ssa_loop(s, env, st, after, dst); return;
    }
}

static Stmt *ssa_func(Ssa *s, const Func *f) {
    Env env = {0};
    for (int i = 0; i < f->nparams; i++) {
        map_put(&s->claimed, f->params[i]->name, (void *)f->params[i]->name);
        map_put(&env.cur, f->params[i]->name, f->params[i]);
    }
    StmtList l = {0};
    Set none = {0};
    ssa_block(s, &env, f->body, &none, NULL, &l);
    Stmt *body = s->failed ? NULL : finish_same(s->c, &l, f->body, f->loc);
    if (s->failed)
        vec_free(&l.v);
    map_free(&env.cur);
    return body;
}

Program *pass_convert_to_ssa(PassCtx *pc, const Program *p) {
    Program *q = program_shell(pc->c, p);
    bool ok = true;
    for (int i = 0; i < q->nfuncs; i++) {
        Func *f = q->funcs[i];
        Ssa s = {pc, pc->c, p, {0}, {0}, {0}, false};
        func_names(p, f, &s.used);
        Stmt *body = ssa_func(&s, f);
        if (body)
            f->body = body;
        else
            ok = false;
        map_free(&s.used);
        map_free(&s.claimed);
        map_free(&s.renamed);
    }
    return ok ? q : NULL;
}
