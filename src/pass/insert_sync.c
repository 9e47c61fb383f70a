/* insert_sync.c - InsertSync: in every InCore kernel, orders each pair of operations that touch
 * the same buffer: a set/wait event pair (pl.system.sync_src after the producer,
 * pl.system.sync_dst before the consumer) when they run on different pipes, a barrier
 * (bar_v / bar_m) when both run on the vector or the cube pipe; the kernel ends with bar_all.
 * Hand-written sync ops in a kernel are dropped and planned afresh, so the pass is idempotent.
 *
 * The machine model (docs/passes.md gives the rules with their sources):
 * - Each pipe runs its own instructions in program order. sync_src(P, Q, e) is an instruction of
 *   P that fires once every earlier P instruction has completed; sync_dst(P, Q, e) holds back
 *   every later Q instruction until that set has fired. So a wait passes on everything the set
 *   covered, and chains of pairs order transitively.
 * - The DMA pipes (MTE1, MTE2, MTE3, FIX) complete their transfers in order: a hazard between two
 *   operations of one DMA pipe needs nothing. V and M may overlap dependent instructions (CANN's
 *   PipeBarrier: "needs to be inserted between the same pipelines with data dependency"), so a
 *   hazard between two V (two M) operations needs a bar_v (bar_m) between them.
 * - A dependency a -> b: both touch one buffer (same MemRef base, byte ranges overlapping when
 *   known), at least one writes it, a is on a pipe, b is on a pipe, and a can run before b: it is
 *   textually earlier, or an enclosing loop brings b around again after a.
 *
 * The plan:
 * - A forward dataflow over the kernel's statement tree computes, at every point and for every
 *   pipe Q, the set Done[Q] of operations whose latest execution is known to be complete before
 *   Q's next instruction, and for every event in flight the set its sync_src covered. Executing
 *   an operation removes it from every set; loops iterate to a fixpoint, ifs meet by
 *   intersection. A dependency a -> b is ordered when a is in Done[pipe(b)] just before b.
 * - Greedy: analyse, take the first dependency not ordered (the earliest consumer; the innermost
 *   level first, then the latest producer, whose set also covers the earlier producers of its
 *   pipe), add one pair or barrier for it, analyse again until every dependency is ordered.
 *   A dependency that earlier syncs already order, directly or through a chain, gets none; a
 *   sync that later ones make unnecessary is dropped at the end.
 * - A pl.range with constant bounds that runs at least once is left from the end of its body;
 *   other loops may run no iteration, and are left from their head.
 * - Placement, in the innermost block holding both ends: the set after the statement of that
 *   block holding the producer, the wait before the one holding the consumer (so a load before
 *   a loop is waited for once, before the loop). A dependency that exists only from one loop
 *   iteration to the next (the producer later in the body, or on the other branch of an if) has
 *   its set and wait in that loop's body, plus a set before the loop (matched by the first
 *   iteration's wait) and a wait after it (matching the last iteration's set). Every set is
 *   waited exactly once on every path, however many times the loops run.
 * - Event ids: per (set pipe, wait pipe), the lowest id not used by another pair whose in-flight
 *   range (from its set to its wait, in program text) overlaps; ids 0-7, running out is an error
 *   at the consumer. */
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"

enum { MAX_EVENTS = 8 };

/* A growable array on the heap: PUSH(arr, n, cap, value). */
#define PUSH(arr, n, cap, val)                                                          \
    do {                                                                                \
        if ((n) == (cap)) {                                                             \
            (cap) = (cap) ? 2 * (cap) : 8;                                              \
            void *grown_ = realloc((arr), sizeof *(arr) * (size_t)(cap));               \
            if (!grown_)                                                                \
                ICE("out of memory");                                                   \
            (arr) = grown_;                                                             \
        }                                                                               \
        (arr)[(n)++] = (val);                                                           \
    } while (0)

/* One buffer an operation reads or writes. */
typedef struct Access {
    const MemRef *mr;
    Expr *base;       /* the MemRef base: a Ptr variable or a string */
    int64_t lo, hi;   /* bytes [lo, hi) when `known` */
    bool known;
    bool write;
} Access;

typedef struct Node Node;

typedef struct Block {
    int n;
    Node **items;
    Node *owner;      /* the compound statement holding it; NULL for the function body */
    int depth;        /* 0 for the function body */
} Block;

typedef enum { N_OP, N_PLAIN, N_IF, N_LOOP, N_SCOPE } NodeKind;

/* What a sync statement attached to a node does: before it (waits, then barriers, then the sets
 * that start a loop's cross-iteration pairs), after it (the waits that end a loop's pairs, then
 * sets). */
typedef enum { R_WAIT, R_BAR, R_PRIME, R_DRAIN, R_SET } Role;

typedef struct Hook {
    int pair;
    Role role;
} Hook;

typedef struct Hooks {
    Hook *v;
    int n, cap;
} Hooks;

/* A statement of the kernel; pos and end are points of the program text (entering and leaving
 * the statement), increasing in textual order. */
struct Node {
    NodeKind kind;
    Stmt *s;
    Block *in;
    int index;                /* in `in` */
    int pos, end;
    int op;                   /* N_OP: index into Sync.ops */
    Block *then, *els, *body; /* N_IF (els may be NULL); N_LOOP, N_SCOPE */
    Hooks pre, post;
};

typedef struct Op {
    Node *node;
    Pipe pipe;
    int nacc;
    Access *acc;
    int *deps;                /* the dependencies this op is the consumer of */
    int ndeps, cdeps;
} Op;

typedef struct Dep {
    int a, b;                 /* producer and consumer (indices into Sync.ops) */
    Node *from, *to;          /* siblings in one block: the set goes after from, the wait before to */
    Node *loop;               /* only across iterations of this loop: also a set before it, a wait after */
    int depth;                /* of the block holding from and to */
    bool planned;             /* a pair or barrier was added for it */
} Dep;

typedef struct Pair {
    Pipe set, wait;           /* equal for a barrier */
    bool barrier;
    Node *from, *to, *loop;   /* as in the dependency it was planned for (from, loop: NULL for a barrier) */
    int dep;
    int event;
    bool off;                 /* dropped: the others order everything without it */
} Pair;

typedef struct Sync {
    PassCtx *pc;
    Ctx *c;
    const Func *f;
    bool failed;
    Map unplaced;             /* variables reported for having no memory reference */
    int npoints;
    PtrVec nodes;             /* every Node, to free their hooks */
    Block *body;
    Node *ret;                /* the final return, if any */
    Op *ops;
    int nops, cops;
    Dep *deps;
    int ndeps, cdeps;
    Pair *pairs;
    int npairs, cpairs;
    /* analysis: a state is `rows` bitsets over the ops, `words` words each: one row per pipe
     * (Done), then one per pair (what its event covers while in flight); then a bitset over
     * the pairs (`lwords` words): those in flight */
    int words, rows, lwords;
    uint64_t *pipe_ops[PIPE__COUNT]; /* the ops of each pipe */
    /* per op, `words` words each: the producers of its dependencies, and Done[its pipe] just
     * before its latest execution in the latest analysis, which gives their verdicts */
    uint64_t *producers, *seen;
    bool unordered;           /* the latest analysis met a dependency not ordered ... */
    bool stop_at_once;        /* ... and ends right there, not after the statement of the body holding it */
    bool stopped;
} Sync;

/* ---- what runs where ---- */

/* Pipes whose operations InsertSync orders. S (scalar) ops touch no buffer; ALL is bar_all's. */
static bool on_pipe(Pipe p) {
    switch (p) {
    case PIPE_MTE1: case PIPE_MTE2: case PIPE_MTE3: case PIPE_V: case PIPE_M: case PIPE_FIX:
        return true;
    case PIPE_S: case PIPE_ALL: case PIPE_NONE:
        return false;
    }
    return false;
}

/* DMA queues complete in order: a hazard inside one of them needs no barrier. */
static bool in_order(Pipe p) { return p == PIPE_MTE1 || p == PIPE_MTE2 || p == PIPE_MTE3 || p == PIPE_FIX; }

static bool is_sync_op(const Expr *e) { return e && e->kind == E_OP && e->call.op->effect == EFF_SYNC; }

/* Whether argument i of op is named `name` in its schema ("tile:tile,tmp_tile:tile"). */
static bool arg_named(const OpInfo *op, int i, const char *name) {
    const char *p = op->args;
    for (int k = 0; k < i && p; k++) {
        p = strchr(p, ',');
        if (p)
            p++;
    }
    if (!p || !*p)
        return false;
    size_t n = strlen(name);
    return strncmp(p, name, n) == 0 && p[n] == ':';
}

/* ---- building the statement tree ---- */

static void fail(Sync *x) { x->failed = true; }

static bool is_shaped(const Type *t) { return t && (t->kind == TY_TILE || t->kind == TY_TENSOR); }

static void add_access(Sync *x, Op *o, Var *v, Loc loc, bool write) {
    const Type *t = v->type;
    if (!is_shaped(t))
        return;
    if (!t->memref || !t->memref->base) {
        if (!map_get(&x->unplaced, v)) /* once per variable */
            error_at(x->c, loc, "InsertSync needs the memory reference of '%s' (run InitMemRef first)", v->name);
        map_put(&x->unplaced, v, v);
        fail(x);
        return;
    }
    Access a = {.mr = t->memref, .base = t->memref->base, .write = write};
    int64_t off, size;
    if (expr_is_const_int(t->memref->offset, &off) && expr_is_const_int(t->memref->size, &size)) {
        a.known = true;
        a.lo = off;
        a.hi = off + size;
    }
    o->acc = realloc(o->acc, sizeof *o->acc * (size_t)(o->nacc + 1));
    if (!o->acc)
        ICE("out of memory");
    o->acc[o->nacc++] = a;
}

/* An expression must not hide an operation on a pipe, nor a call: its buffers would be unknown. */
static void check_nested(Expr *e, void *ud) {
    Sync *x = ud;
    if (e->kind == E_OP && on_pipe(e->call.op->pipe) && !is_sync_op(e)) {
        error_at(x->c, e->loc, "InsertSync needs one operation per statement: %s is nested in an expression (run FlattenCallExpr first)",
                 e->call.op->name);
        fail(x);
    } else if (e->kind == E_CALL) {
        error_at(x->c, e->loc, "InsertSync cannot order the buffers of a call: self.%s inside InCore kernel '%s'", e->fcall.name,
                 x->f->name);
        fail(x);
    }
}

static void check_exprs(Sync *x, int n, Expr **es) {
    for (int i = 0; i < n; i++)
        walk_expr(es[i], check_nested, x);
}

/* The statement `[vars =] op(args)`: its pipe and the buffers it reads and writes. The result is
 * written; tile and tensor arguments are read, except a store's output tensor, which is written,
 * and a reduction's scratch tile, which is both. */
static void build_op(Sync *x, Node *n, int nvars, Var **vars, Expr *call) {
    Op o = {.node = n, .pipe = call->call.op->pipe};
    const OpInfo *op = call->call.op;
    for (int i = 0; i < call->call.nargs; i++) {
        Expr *arg = call->call.args[i];
        int errors = x->c->diag->nerrors;
        walk_expr(arg, check_nested, x);
        if (!is_shaped(arg->type) || x->c->diag->nerrors > errors)
            continue;
        if (arg->kind != E_VAR) {
            error_at(x->c, arg->loc, "InsertSync needs tile and tensor operands to be variables (run FlattenCallExpr first)");
            fail(x);
            continue;
        }
        bool out = arg_named(op, i, "output_tensor"), scratch = arg_named(op, i, "tmp_tile");
        if (!out)
            add_access(x, &o, arg->var, arg->loc, false);
        if (out || scratch)
            add_access(x, &o, arg->var, arg->loc, true);
    }
    for (int i = 0; i < call->call.nkw; i++)
        walk_expr(call->call.kw[i].value, check_nested, x);
    for (int i = 0; i < nvars; i++)
        add_access(x, &o, vars[i], n->s->loc, true);
    n->kind = N_OP;
    n->op = x->nops;
    PUSH(x->ops, x->nops, x->cops, o);
}

static Block *build_block(Sync *x, Stmt *s, Node *owner);

static void build_stmt(Sync *x, Block *b, PtrVec *items, Stmt *s) {
    if (!s)
        return;
    if (s->kind == S_SEQ) {
        for (int i = 0; i < s->seq.n; i++)
            build_stmt(x, b, items, s->seq.items[i]);
        return;
    }
    if (s->kind == S_EVAL && is_sync_op(s->eval.e))
        return; /* planned afresh */
    Node *n = ARENA_NEW(x->c->arena, Node);
    n->kind = N_PLAIN;
    n->s = s;
    n->in = b;
    n->index = items->len;
    n->pos = x->npoints++;
    vec_push(items, n);
    vec_push(&x->nodes, n);
    Expr *e;
    switch (s->kind) {
    case S_ASSIGN:
    case S_EVAL:
        e = s->kind == S_ASSIGN ? s->assign.value : s->eval.e;
        if (is_sync_op(e)) {
            error_at(x->c, s->loc, "InsertSync plans every sync op of a kernel: the value of %s cannot be assigned", e->call.op->name);
            fail(x);
        } else if (e && e->kind == E_OP && on_pipe(e->call.op->pipe))
            build_op(x, n, s->kind == S_ASSIGN ? s->assign.n : 0, s->kind == S_ASSIGN ? s->assign.vars : NULL, e);
        else
            walk_expr(e, check_nested, x);
        break;
    case S_FOR:
        check_exprs(x, 1, &s->loop.start);
        check_exprs(x, 1, &s->loop.stop);
        check_exprs(x, 1, &s->loop.step);
        check_exprs(x, s->loop.n, s->loop.inits);
        n->kind = N_LOOP;
        n->body = build_block(x, s->loop.body, n);
        break;
    case S_WHILE:
        check_exprs(x, 1, &s->wloop.cond);
        check_exprs(x, s->wloop.n, s->wloop.inits);
        n->kind = N_LOOP;
        n->body = build_block(x, s->wloop.body, n);
        break;
    case S_IF:
        check_exprs(x, 1, &s->ifs.cond);
        n->kind = N_IF;
        n->then = build_block(x, s->ifs.then, n);
        n->els = s->ifs.els ? build_block(x, s->ifs.els, n) : NULL;
        break;
    case S_SCOPE:
        n->kind = N_SCOPE;
        n->body = build_block(x, s->scope.body, n);
        break;
    case S_YIELD:
        check_exprs(x, s->vals.n, s->vals.vals);
        break;
    case S_RETURN:
        check_exprs(x, s->vals.n, s->vals.vals);
        if (b->depth > 0 || x->ret) {
            error_at(x->c, s->loc, "InsertSync supports 'return' only as the last statement of InCore kernel '%s'", x->f->name);
            fail(x);
        }
        x->ret = n;
        break;
    case S_BREAK:
    case S_CONTINUE:
        error_at(x->c, s->loc, "InsertSync does not support '%s' in InCore kernel '%s' (its sync pairs are planned for whole loop iterations)",
                 s->kind == S_BREAK ? "break" : "continue", x->f->name);
        fail(x);
        break;
    case S_SEQ:
        ICE("flattened above");
    }
    n->end = x->npoints++;
}

static Block *build_block(Sync *x, Stmt *s, Node *owner) {
    Block *b = ARENA_NEW(x->c->arena, Block);
    b->owner = owner;
    b->depth = owner ? owner->in->depth + 1 : 0;
    PtrVec items = {0};
    build_stmt(x, b, &items, s);
    b->n = items.len;
    b->items = (Node **)vec_finish(x->c->arena, &items);
    return b;
}

/* ---- dependencies ---- */

static bool same_base(const Expr *a, const Expr *b) {
    if (a->kind == E_VAR && b->kind == E_VAR)
        return a->var == b->var;
    if (a->kind == E_STR && b->kind == E_STR)
        return a->s == b->s;
    return expr_equal(a, b);
}

static bool overlap(const Access *a, const Access *b) {
    if (!same_base(a->base, b->base))
        return false;
    if (!a->known || !b->known)
        return true; /* dynamic offsets or sizes: assume the worst */
    return a->lo < b->hi && b->lo < a->hi;
}

static bool conflict(const Op *a, const Op *b) {
    for (int i = 0; i < a->nacc; i++)
        for (int j = 0; j < b->nacc; j++)
            if ((a->acc[i].write || b->acc[j].write) && overlap(&a->acc[i], &b->acc[j]))
                return true;
    return false;
}

/* The number of statements enclosing n, n included. */
static int depth_of(const Node *n) {
    int len = 0;
    for (const Node *m = n; m; m = m->in->owner)
        len++;
    return len;
}

/* The statements enclosing n, outermost first, n last (len of them). */
static void chain(Node *n, Node **out, int len) {
    for (Node *m = n; m; m = m->in->owner)
        out[--len] = m;
}

/* Where the sync of a -> b goes (see the top of the file); false when a can never run before b. */
static bool place(Node *a, Node *b, Dep *d) {
    int la = depth_of(a), lb = depth_of(b);
    Node **ca = malloc(sizeof(Node *) * (size_t)(la + lb));
    if (!ca)
        ICE("out of memory");
    Node **cb = ca + la;
    chain(a, ca, la);
    chain(b, cb, lb);
    int k = 0;
    while (k < la && k < lb && ca[k] == cb[k])
        k++;
    bool found = false;
    if (k < la && k < lb && ca[k]->in == cb[k]->in && ca[k]->pos < cb[k]->pos) {
        d->from = ca[k];
        d->to = cb[k];
        d->loop = NULL;
        d->depth = ca[k]->in->depth;
        found = true;
    }
    /* Only around a loop: the innermost one enclosing both. */
    for (int j = k - 1; j >= 0 && !found; j--)
        if (ca[j]->kind == N_LOOP) {
            d->from = ca[j + 1];
            d->to = cb[j + 1];
            d->loop = ca[j];
            d->depth = ca[j]->body->depth;
            found = true;
        }
    free(ca);
    return found;
}

/* Whether writing w surely overwrites all that a touches. */
static bool covers(const Access *w, const Access *a) {
    if (!w->write || !same_base(w->base, a->base))
        return false;
    if (w->known && a->known)
        return w->lo <= a->lo && a->hi <= w->hi;
    return expr_equal(w->mr->offset, a->mr->offset) && expr_equal(w->mr->size, a->mr->size);
}

/* The position of the nearest op before b in b's own block that overwrites all of b's access
 * acc, or -1. Every path into b from before that op passes through it. */
static int killer(Sync *x, const Op *b, const Access *acc) {
    for (int i = b->node->index - 1; i >= 0; i--) {
        Node *n = b->node->in->items[i];
        if (n->kind != N_OP)
            continue;
        const Op *c = &x->ops[n->op];
        for (int k = 0; k < c->nacc; k++)
            if (covers(&c->acc[k], acc))
                return n->pos;
    }
    return -1;
}

/* Whether a -> b is implied by a -> c -> b, c being an op of b's block between them that
 * overwrites what b touches (a conflicts with c too: it touches what b touches). Leaving such
 * dependencies out changes no plan, and keeps a long straight-line kernel from having a
 * quadratic number of them. */
static bool implied(const Op *a, const Op *b, const int *kill) {
    if (a->node->in != b->node->in || a->node->pos > b->node->pos)
        return false;
    for (int i = 0; i < a->nacc; i++)
        for (int j = 0; j < b->nacc; j++)
            if ((a->acc[i].write || b->acc[j].write) && overlap(&a->acc[i], &b->acc[j]) && !(a->node->pos < kill[j]))
                return false;
    return true;
}

/* Op i's bitset in `sets` (producers or seen). */
static uint64_t *op_set(Sync *x, uint64_t *sets, int i) { return sets + (size_t)i * (size_t)x->words; }

static void find_deps(Sync *x) {
    for (int b = 0; b < x->nops; b++) {
        Op *pb = &x->ops[b];
        int *kill = malloc(sizeof(int) * (size_t)(pb->nacc + 1));
        if (!kill)
            ICE("out of memory");
        for (int j = 0; j < pb->nacc; j++)
            kill[j] = killer(x, pb, &pb->acc[j]);
        for (int a = 0; a < x->nops; a++) {
            Op *pa = &x->ops[a];
            if (pa->pipe == pb->pipe && in_order(pa->pipe))
                continue;
            if (!conflict(pa, pb) || implied(pa, pb, kill))
                continue;
            Dep d = {.a = a, .b = b};
            if (!place(pa->node, pb->node, &d))
                continue;
            PUSH(pb->deps, pb->ndeps, pb->cdeps, x->ndeps);
            PUSH(x->deps, x->ndeps, x->cdeps, d);
            op_set(x, x->producers, b)[a / 64] |= (uint64_t)1 << (a % 64);
        }
        free(kill);
    }
}

/* ---- the analysis ---- */

static uint64_t *row(Sync *x, uint64_t *st, int r) { return st + (size_t)r * (size_t)x->words; }

static size_t state_size(Sync *x) { return sizeof(uint64_t) * ((size_t)x->rows * (size_t)x->words + (size_t)x->lwords); }

static uint64_t *in_flight(Sync *x, uint64_t *st) { return st + (size_t)x->rows * (size_t)x->words; }

static uint64_t *state_copy(Sync *x, const uint64_t *st) {
    uint64_t *s = malloc(state_size(x));
    if (!s)
        ICE("out of memory");
    memcpy(s, st, state_size(x));
    return s;
}

static bool has(const uint64_t *set, int i) { return set[i / 64] >> (i % 64) & 1; }

/* dst = a | b (rows of one state; dst may be a or b) */
static void unite(Sync *x, uint64_t *dst, const uint64_t *a, const uint64_t *b) {
    for (int i = 0; i < x->words; i++)
        dst[i] = a[i] | b[i];
}

static int pair_row(int pair) { return PIPE__COUNT + pair; }

static void apply(Sync *x, const Hooks *h, Role role, uint64_t *st) {
    for (int i = 0; i < h->n; i++) {
        int k = h->v[i].pair;
        Pair *p = &x->pairs[k];
        if (h->v[i].role != role || p->off)
            continue;
        uint64_t *ev = row(x, st, pair_row(k)), *live = in_flight(x, st) + k / 64, bit = (uint64_t)1 << (k % 64);
        switch (role) {
        case R_WAIT:
        case R_DRAIN: /* the waiting pipe learns what the set covered */
            unite(x, row(x, st, p->wait), row(x, st, p->wait), ev);
            memset(ev, 0, sizeof(uint64_t) * (size_t)x->words); /* no longer in flight: see analyse */
            *live &= ~bit;
            break;
        case R_BAR: /* every earlier op of the pipe is complete */
            unite(x, row(x, st, p->set), row(x, st, p->set), x->pipe_ops[p->set]);
            break;
        case R_PRIME:
        case R_SET: /* fires when every earlier op of its pipe is complete */
            unite(x, ev, row(x, st, p->set), x->pipe_ops[p->set]);
            *live |= bit;
            break;
        }
    }
}

static void flow_block(Sync *x, Block *b, uint64_t *st);

/* The verdicts are read from `seen` after the analysis: copying one row per op costs less than
 * testing each of its dependencies, which a loop over a long body makes a quadratic number. */
static void flow_op(Sync *x, Op *o, uint64_t *st) {
    int op = (int)(o - x->ops);
    const uint64_t *done = row(x, st, o->pipe), *need = op_set(x, x->producers, op);
    uint64_t *seen = op_set(x, x->seen, op);
    for (int w = 0; w < x->words; w++) {
        seen[w] = done[w];
        if (need[w] & ~done[w])
            x->unordered = true;
    }
    /* A new execution: no pipe and no event in flight knows it complete yet. */
    uint64_t bit = (uint64_t)1 << (op % 64);
    for (int r = 0; r < PIPE__COUNT; r++)
        row(x, st, r)[op / 64] &= ~bit;
    uint64_t *live = in_flight(x, st);
    for (int w = 0; w < x->lwords; w++)
        for (uint64_t m = live[w]; m; m &= m - 1)
            row(x, st, pair_row(w * 64 + __builtin_ctzll(m)))[op / 64] &= ~bit;
}

/* Whether a loop surely runs its body at least once: a pl.range with constant bounds. */
static bool runs_once(const Stmt *s) {
    int64_t start, stop, step;
    if (s->kind != S_FOR || !expr_is_const_int(s->loop.start, &start) || !expr_is_const_int(s->loop.stop, &stop) ||
        !expr_is_const_int(s->loop.step, &step))
        return false;
    return (step > 0 && start < stop) || (step < 0 && start > stop);
}

/* The loop's head state: the entry's, met with the end of the body until nothing changes. The
 * last round runs from the fixpoint, so the verdicts it leaves are the final ones. The loop is
 * left from its head, or, when it surely runs, from the end of its body. */
static void flow_loop(Sync *x, Node *n, uint64_t *st) {
    size_t words = state_size(x) / sizeof(uint64_t);
    uint64_t *head = state_copy(x, st);
    for (;;) {
        memcpy(st, head, state_size(x));
        flow_block(x, n->body, st);
        if (x->stopped)
            break;
        bool changed = false;
        for (size_t i = 0; i < words; i++) {
            uint64_t v = head[i] & st[i];
            changed |= v != head[i];
            head[i] = v;
        }
        if (!changed)
            break;
    }
    if (!runs_once(n->s))
        memcpy(st, head, state_size(x));
    free(head);
}

static void flow_node(Sync *x, Node *n, uint64_t *st) {
    apply(x, &n->pre, R_WAIT, st);
    apply(x, &n->pre, R_BAR, st);
    apply(x, &n->pre, R_PRIME, st);
    switch (n->kind) {
    case N_OP:
        flow_op(x, &x->ops[n->op], st);
        break;
    case N_IF: {
        uint64_t *other = state_copy(x, st);
        flow_block(x, n->then, st);
        if (n->els)
            flow_block(x, n->els, other);
        size_t words = state_size(x) / sizeof(uint64_t);
        for (size_t i = 0; i < words; i++)
            st[i] &= other[i];
        free(other);
        break;
    }
    case N_LOOP:
        flow_loop(x, n, st);
        break;
    case N_SCOPE:
        flow_block(x, n->body, st);
        break;
    case N_PLAIN:
        break;
    }
    apply(x, &n->post, R_DRAIN, st);
    apply(x, &n->post, R_SET, st);
}

static void flow_block(Sync *x, Block *b, uint64_t *st) {
    for (int i = 0; i < b->n && !x->stopped; i++) {
        flow_node(x, b->items[i], st);
        /* No loop brings a statement of the body around again: the verdicts up to here are
         * final, and the rest cannot change which dependency not ordered comes first. */
        x->stopped = x->unordered && (x->stop_at_once || b == x->body);
    }
}

static void analyse(Sync *x) {
    x->rows = PIPE__COUNT + x->npairs;
    x->lwords = x->npairs / 64 + 1;
    uint64_t *st = malloc(state_size(x));
    if (!st)
        ICE("out of memory");
    /* An op that never ran is vacuously complete. No event is in flight; the row of an event
     * not in flight is never read (its wait follows its set on every path), and keeping it
     * empty (apply) keeps it from changing between a loop's rounds, which would cost a round. */
    size_t done = sizeof(uint64_t) * (size_t)PIPE__COUNT * (size_t)x->words;
    memset(st, 0xff, done);
    memset(row(x, st, pair_row(0)), 0, state_size(x) - done);
    x->unordered = x->stopped = false;
    flow_block(x, x->body, st);
    free(st);
}

/* ---- planning ---- */

/* Whether dependency d should be planned before e: the earliest consumer, the innermost level,
 * the latest producer. */
static bool before(Sync *x, int d, int e) {
    if (e < 0)
        return true;
    Dep *p = &x->deps[d], *q = &x->deps[e];
    int pb = x->ops[p->b].node->pos, qb = x->ops[q->b].node->pos;
    if (pb != qb)
        return pb < qb;
    if (p->depth != q->depth)
        return p->depth > q->depth;
    int pa = x->ops[p->a].node->pos, qa = x->ops[q->a].node->pos;
    if (pa != qa)
        return pa > qa;
    return d < e;
}

static void hook(Hooks *h, int pair, Role role) { PUSH(h->v, h->n, h->cap, ((Hook){pair, role})); }

static void plan(Sync *x, int d) {
    Dep *dep = &x->deps[d];
    Pipe from = x->ops[dep->a].pipe, to = x->ops[dep->b].pipe;
    Pair p = {.set = from, .wait = to, .barrier = from == to, .to = dep->to, .dep = d, .event = -1};
    int i = x->npairs;
    if (p.barrier) {
        hook(&dep->to->pre, i, R_BAR);
    } else {
        p.from = dep->from;
        p.loop = dep->loop;
        hook(&dep->from->post, i, R_SET);
        hook(&dep->to->pre, i, R_WAIT);
        if (p.loop) {
            hook(&p.loop->pre, i, R_PRIME);
            hook(&p.loop->post, i, R_DRAIN);
        }
    }
    PUSH(x->pairs, x->npairs, x->cpairs, p);
    dep->planned = true;
}

/* Whether every dependency of op b is ordered in the latest analysis. */
static bool covered(Sync *x, int b) {
    const uint64_t *need = op_set(x, x->producers, b), *seen = op_set(x, x->seen, b);
    for (int w = 0; w < x->words; w++)
        if (need[w] & ~seen[w])
            return false;
    return true;
}

static bool ordered(Sync *x, int d) { return has(op_set(x, x->seen, x->deps[d].b), x->deps[d].a); }

/* The analysis may stop at the first dependency it finds not ordered, even in a loop: which
 * events are in flight at a point is fixed by the program text, so the states only shrink from
 * one round of a loop to the next, and a dependency not ordered in some round is not ordered in
 * the last one either. */
static bool all_ordered(Sync *x) {
    x->stop_at_once = true;
    analyse(x);
    x->stop_at_once = false;
    return !x->unordered;
}

static bool in_loop_with(Node *n, int pos) {
    for (Node *m = n->in->owner; m; m = m->in->owner)
        if (m->kind == N_LOOP && m->pos < pos && pos < m->end)
            return true;
    return false;
}

/* Whether a sync planned after pair i orders something at i's consumer: it waits (or is a
 * barrier) before it, or in a loop that also holds it. Only then can i have become redundant. */
static bool may_be_redundant(Sync *x, int i) {
    Node *b = x->ops[x->deps[x->pairs[i].dep].b].node;
    for (int j = i + 1; j < x->npairs; j++) {
        Node *to = x->pairs[j].to;
        if (!x->pairs[j].off && (to->pos <= b->pos || in_loop_with(to, b->pos)))
            return true;
    }
    return false;
}

/* The first dependency not ordered, as `before` ranks them: ops are numbered in textual order,
 * so the first op with one holds it (an analysis that stopped early went past that op). */
static int next_dep(Sync *x) {
    for (int b = 0; b < x->nops; b++) {
        const Op *o = &x->ops[b];
        if (covered(x, b))
            continue;
        int best = -1;
        for (int i = 0; i < o->ndeps; i++)
            if (!ordered(x, o->deps[i]) && before(x, o->deps[i], best))
                best = o->deps[i];
        if (best >= 0)
            return best;
    }
    return -1;
}

static void plan_all(Sync *x) {
    for (int round = 0;; round++) {
        analyse(x);
        int best = next_dep(x);
        if (best < 0)
            break;
        if (x->deps[best].planned || round > x->ndeps)
            ICE("InsertSync: the sync planned for a dependency does not order it");
        plan(x, best);
    }
    /* A sync planned early can be made redundant by later ones (a barrier for a V -> V hazard
     * that a later MTE2 -> V wait also orders): drop each sync the others make unnecessary,
     * the latest planned first. */
    for (int i = x->npairs - 1; i >= 0; i--) {
        if (!may_be_redundant(x, i))
            continue;
        x->pairs[i].off = true;
        if (!all_ordered(x))
            x->pairs[i].off = false;
    }
}

/* ---- event ids ---- */

/* The points of the program text where pair p's event is in flight: one or two ranges. */
static int ranges(const Pair *p, int lo[2], int hi[2]) {
    if (!p->loop) {
        lo[0] = p->from->end;
        hi[0] = p->to->pos;
        return 1;
    }
    lo[0] = p->loop->pos; /* the set before the loop .. the first iteration's wait */
    hi[0] = p->to->pos;
    lo[1] = p->from->end; /* a set in the body .. the next wait, or the one after the loop */
    hi[1] = p->loop->end;
    return 2;
}

static bool in_flight_together(const Pair *p, const Pair *q) {
    int plo[2], phi[2], qlo[2], qhi[2];
    int np = ranges(p, plo, phi), nq = ranges(q, qlo, qhi);
    for (int i = 0; i < np; i++)
        for (int j = 0; j < nq; j++)
            if (plo[i] <= qhi[j] && qlo[j] <= phi[i])
                return true;
    return false;
}

static int first_point(const Pair *p) { return p->loop ? p->loop->pos : p->from->end; }

static bool assign_events(Sync *x) {
    int *order = malloc(sizeof(int) * (size_t)(x->npairs + 1));
    if (!order)
        ICE("out of memory");
    int n = 0;
    for (int i = 0; i < x->npairs; i++)
        if (!x->pairs[i].barrier && !x->pairs[i].off)
            order[n++] = i;
    /* by first point, then as planned (insertion sort: a kernel has few pairs) */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && first_point(&x->pairs[order[j]]) < first_point(&x->pairs[order[j - 1]]); j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    bool ok = true;
    for (int i = 0; i < n && ok; i++) {
        Pair *p = &x->pairs[order[i]];
        for (int id = 0; id < MAX_EVENTS && p->event < 0; id++) {
            bool free_id = true;
            for (int j = 0; j < i && free_id; j++) {
                Pair *q = &x->pairs[order[j]];
                free_id = !(q->set == p->set && q->wait == p->wait && q->event == id && in_flight_together(p, q));
            }
            if (free_id)
                p->event = id;
        }
        if (p->event < 0) {
            Op *b = &x->ops[x->deps[p->dep].b];
            error_at(x->c, b->node->s->loc,
                     "InCore kernel '%s' needs more than %d events from pipe %s to pipe %s in flight here (event ids 0-%d per pipe pair)",
                     x->f->name, MAX_EVENTS, pipe_name[p->set], pipe_name[p->wait], MAX_EVENTS - 1);
            hint(x->c, "each of them orders an earlier %s operation before a later %s one; fewer buffers in use at once need fewer events",
                 pipe_name[p->set], pipe_name[p->wait]);
            ok = false;
        }
    }
    free(order);
    return ok;
}

/* ---- the new kernel body ---- */

static Stmt *eval(Ctx *c, Loc loc, Expr *e) {
    if (!e)
        ICE("InsertSync built an invalid sync op");
    Stmt *s = stmt_new(c, S_EVAL, loc);
    s->eval.e = e;
    return s;
}

static Stmt *sync_op(Sync *x, const Pair *p, bool set, Loc loc) {
    Ctx *c = x->c;
    Kwarg *kw = ARENA_ARRAY(c->arena, Kwarg, 3);
    kw[0] = (Kwarg){intern_cstr(c->names, "set_pipe"), mk_sym(c, loc, SYM_PIPE, (int)p->set), loc};
    kw[1] = (Kwarg){intern_cstr(c->names, "wait_pipe"), mk_sym(c, loc, SYM_PIPE, (int)p->wait), loc};
    kw[2] = (Kwarg){intern_cstr(c->names, "event_id"), mk_int(c, loc, p->event), loc};
    return eval(c, loc, op_call(c, loc, op_lookup(set ? "system.sync_src" : "system.sync_dst"), 0, NULL, 3, kw));
}

static Stmt *barrier(Sync *x, const char *name, Loc loc) {
    return eval(x->c, loc, op_call(x->c, loc, op_lookup(name), 0, NULL, 0, NULL));
}

static Loc op_loc(Sync *x, int op) { return x->ops[op].node->s->loc; }

static void emit_hooks(Sync *x, StmtList *l, const Hooks *h, Role role) {
    for (int i = 0; i < h->n; i++) {
        Pair *p = &x->pairs[h->v[i].pair];
        if (h->v[i].role != role || p->off)
            continue;
        Dep *d = &x->deps[p->dep];
        switch (role) {
        case R_WAIT: stmts_push(l, sync_op(x, p, false, op_loc(x, d->b))); break;
        case R_BAR: stmts_push(l, barrier(x, p->set == PIPE_M ? "system.bar_m" : "system.bar_v", op_loc(x, d->b))); break;
        case R_PRIME: stmts_push(l, sync_op(x, p, true, p->loop->s->loc)); break;
        case R_DRAIN: stmts_push(l, sync_op(x, p, false, p->loop->s->loc)); break;
        case R_SET: stmts_push(l, sync_op(x, p, true, op_loc(x, d->a))); break;
        }
    }
}

static Stmt *emit_block(Sync *x, Block *b, Loc loc);

static Stmt *emit_node(Sync *x, Node *n) {
    Stmt *s;
    switch (n->kind) {
    case N_OP:
    case N_PLAIN:
        return n->s;
    case N_IF:
        s = arena_dup(x->c->arena, n->s, sizeof *n->s);
        s->ifs.then = emit_block(x, n->then, n->s->ifs.then->loc);
        s->ifs.els = n->els ? emit_block(x, n->els, n->s->ifs.els->loc) : NULL;
        if (s->ifs.els && s->ifs.els->seq.n == 0 && s->ifs.n == 0)
            s->ifs.els = NULL; /* it held only sync ops: an empty else does not print */
        return s;
    case N_LOOP:
        s = arena_dup(x->c->arena, n->s, sizeof *n->s);
        if (s->kind == S_FOR)
            s->loop.body = emit_block(x, n->body, n->s->loop.body->loc);
        else
            s->wloop.body = emit_block(x, n->body, n->s->wloop.body->loc);
        return s;
    case N_SCOPE:
        s = arena_dup(x->c->arena, n->s, sizeof *n->s);
        s->scope.body = emit_block(x, n->body, n->s->scope.body->loc);
        return s;
    }
    return n->s;
}

/* The kernel ends with bar_all: every pipe drains before the kernel is done (ptoas's tail
 * barrier). */
static bool needs_tail(Sync *x) { return x->nops > 0; }

static Stmt *emit_block(Sync *x, Block *b, Loc loc) {
    StmtList l = {0};
    for (int i = 0; i < b->n; i++) {
        Node *n = b->items[i];
        if (n == x->ret && needs_tail(x))
            stmts_push(&l, barrier(x, "system.bar_all", n->s->loc));
        emit_hooks(x, &l, &n->pre, R_WAIT);
        emit_hooks(x, &l, &n->pre, R_BAR);
        emit_hooks(x, &l, &n->pre, R_PRIME);
        stmts_push(&l, emit_node(x, n));
        emit_hooks(x, &l, &n->post, R_DRAIN);
        emit_hooks(x, &l, &n->post, R_SET);
    }
    if (b == x->body && !x->ret && needs_tail(x))
        stmts_push(&l, barrier(x, "system.bar_all", x->f->loc));
    return stmts_finish(x->c, &l, loc);
}

/* ---- one kernel ---- */

static void sync_free(Sync *x) {
    for (int i = 0; i < x->nodes.len; i++) {
        Node *n = x->nodes.items[i];
        free(n->pre.v);
        free(n->post.v);
    }
    vec_free(&x->nodes);
    map_free(&x->unplaced);
    for (int i = 0; i < x->nops; i++) {
        free(x->ops[i].acc);
        free(x->ops[i].deps);
    }
    free(x->ops);
    free(x->deps);
    free(x->pairs);
    for (int p = 0; p < PIPE__COUNT; p++)
        free(x->pipe_ops[p]);
    free(x->producers);
    free(x->seen);
}

static void report(Sync *x) {
    int pairs = 0, bars = needs_tail(x) ? 1 : 0;
    for (int i = 0; i < x->npairs; i++) {
        if (x->pairs[i].off)
            continue;
        if (x->pairs[i].barrier)
            bars++;
        else
            pairs++;
    }
    Buf *b = &x->pc->sync_json;
    if (b->len)
        buf_puts(b, ",\n");
    buf_printf(b, "{\"name\": \"%s\", \"sync_pairs\": %d, \"barriers\": %d}", x->f->name, pairs, bars);
}

/* n empty bitsets over the ops, `words` words each. */
static uint64_t *bitsets(Sync *x, int n) {
    uint64_t *s = calloc((size_t)(n > 0 ? n : 1) * (size_t)x->words, sizeof(uint64_t));
    if (!s)
        ICE("out of memory");
    return s;
}

static Stmt *sync_kernel(PassCtx *pc, const Func *f) {
    Sync x = {.pc = pc, .c = pc->c, .f = f};
    x.body = build_block(&x, f->body, NULL);
    if (x.ret && x.body->items[x.body->n - 1] != x.ret) {
        error_at(x.c, x.ret->s->loc, "InsertSync supports 'return' only as the last statement of InCore kernel '%s'", f->name);
        fail(&x);
    }
    Stmt *out = NULL;
    if (!x.failed) {
        x.words = (x.nops + 63) / 64 + 1;
        for (int p = 0; p < PIPE__COUNT; p++)
            x.pipe_ops[p] = bitsets(&x, 1);
        x.producers = bitsets(&x, x.nops);
        x.seen = bitsets(&x, x.nops);
        for (int i = 0; i < x.nops; i++)
            x.pipe_ops[x.ops[i].pipe][i / 64] |= (uint64_t)1 << (i % 64);
        find_deps(&x);
        plan_all(&x);
        if (assign_events(&x)) {
            out = emit_block(&x, x.body, f->body->loc);
            report(&x);
        }
    }
    sync_free(&x);
    return out;
}

Program *pass_insert_sync(PassCtx *pc, const Program *p) {
    Program *q = program_shell(pc->c, p);
    bool ok = true;
    for (int i = 0; i < q->nfuncs; i++) {
        Func *f = q->funcs[i];
        if (f->kind != FN_INCORE)
            continue;
        Stmt *body = sync_kernel(pc, f);
        if (body)
            f->body = body;
        else
            ok = false;
    }
    return ok ? q : NULL;
}
