/* sync.c - the pipes of a kernel and the races between them. Every tile op runs on its pipe
 * (OpInfo.pipe); each pipe executes its ops in program order, the pipes run concurrently, and
 * only system.sync_src/sync_dst pairs and bar_all order ops of different pipes. Vector clocks
 * model this: clock[p][q] is how many ops of pipe q are known to have completed before pipe p's
 * next op. An access to an on-chip buffer (named by the memref's base) by pipe p conflicts with
 * the last write by another pipe (and a write also with the last read of every other pipe) unless
 * that access is ordered before it; a conflict is a race, reported naming both statements.
 *
 * Checked only in programs that contain a sync op (after InsertSync): before it, every kernel is
 * unsynchronised by design. A call of a function starts and ends like bar_all. */
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"

enum { EVENTS = 16 };

typedef struct Access {
    int64_t t;       /* the op's number on its pipe; 0: none */
    const Expr *e;
} Access;

typedef struct BufState {
    Pipe wpipe;
    Access w;                /* the last write */
    Access r[PIPE__COUNT];   /* the last read on every pipe since it */
} BufState;

struct SyncState {
    int64_t clock[PIPE__COUNT][PIPE__COUNT];
    int64_t event[PIPE__COUNT][PIPE__COUNT][EVENTS][PIPE__COUNT]; /* set, wait, id: the set pipe's clock */
    Map bufs; /* Str (the buffer) -> BufState* */
};

static bool is_sync(const OpInfo *op) {
    return op->id == OP_SYSTEM_SYNC_SRC || op->id == OP_SYSTEM_SYNC_DST || op->id == OP_SYSTEM_BAR_V ||
           op->id == OP_SYSTEM_BAR_M || op->id == OP_SYSTEM_BAR_ALL;
}

static void find_sync(Expr *e, void *ud) {
    if (e->kind == E_OP && is_sync(e->call.op))
        *(bool *)ud = true;
}

SyncState *sync_new(const Program *p) {
    bool any = false;
    for (int i = 0; i < p->nfuncs && !any; i++)
        walk_stmt_exprs(p->funcs[i]->body, find_sync, &any);
    if (!any)
        return NULL;
    SyncState *s = calloc(1, sizeof *s);
    if (!s)
        ICE("out of memory");
    return s;
}

void sync_free(SyncState *s) {
    if (!s)
        return;
    for (size_t i = 0; i < s->bufs.cap; i++)
        if (s->bufs.keys[i])
            free(s->bufs.vals[i]);
    map_free(&s->bufs);
    free(s);
}

/* Every pipe waits for every other: bar_all, and the ends of a call. */
void sync_barrier(SyncState *s) {
    if (!s)
        return;
    for (int q = 0; q < PIPE__COUNT; q++) {
        int64_t m = 0;
        for (int p = 0; p < PIPE__COUNT; p++)
            if (s->clock[p][q] > m)
                m = s->clock[p][q];
        for (int p = 0; p < PIPE__COUNT; p++)
            s->clock[p][q] = m;
    }
}

static bool valid_pipe(int64_t p) { return p >= 0 && p < PIPE__COUNT; }

void sync_signal(SyncState *s, int64_t set, int64_t wait, int64_t id) {
    if (s && valid_pipe(set) && valid_pipe(wait) && id >= 0 && id < EVENTS)
        memcpy(s->event[set][wait][id], s->clock[set], sizeof s->clock[set]);
}

void sync_wait(SyncState *s, int64_t set, int64_t wait, int64_t id) {
    if (!s || !valid_pipe(set) || !valid_pipe(wait) || id < 0 || id >= EVENTS)
        return;
    for (int q = 0; q < PIPE__COUNT; q++)
        if (s->event[set][wait][id][q] > s->clock[wait][q])
            s->clock[wait][q] = s->event[set][wait][id][q];
}

/* The buffer a variable's memref names: a DDR-style name or a pl.Ptr variable's name. */
static Str buffer_of(const Var *v) {
    const Type *t = v ? v->type : NULL;
    if (!t || t->kind != TY_TILE || !t->memref || !t->memref->base)
        return NULL;
    const Expr *b = t->memref->base;
    if (b->kind == E_STR)
        return b->s;
    if (b->kind == E_VAR)
        return b->var->name;
    return NULL;
}

static BufState *buf_state(SyncState *s, Str name) {
    BufState *b = map_get(&s->bufs, name);
    if (!b) {
        b = calloc(1, sizeof *b);
        if (!b)
            ICE("out of memory");
        map_put(&s->bufs, name, b);
    }
    return b;
}

static bool race(Interp *I, const Expr *e, Pipe p, const char *what, Str buf, Pipe q, const Access *other) {
    interp_error(I, e->loc, "race: %s on pipe %s %s buffer '%s', which %s on pipe %s accessed without a sync ordering them",
                 e->call.op->name, pipe_name[p], what, buf, other->e->call.op->name, pipe_name[q]);
    diag(I->c->diag, DIAG_NOTE, other->e->loc, "the other access");
    return false;
}

/* One access of op e on pipe p to buffer `name`; false after reporting a race. */
static bool access(Interp *I, const Expr *e, Pipe p, Str name, bool write, int64_t t) {
    SyncState *s = I->sync;
    BufState *b = buf_state(s, name);
    if (b->w.t && b->wpipe != p && s->clock[p][b->wpipe] < b->w.t)
        return race(I, e, p, write ? "writes" : "reads", name, b->wpipe, &b->w);
    if (write)
        for (int q = 0; q < PIPE__COUNT; q++)
            if (q != (int)p && b->r[q].t && s->clock[p][q] < b->r[q].t)
                return race(I, e, p, "writes", name, (Pipe)q, &b->r[q]);
    if (write) {
        memset(b, 0, sizeof *b);
        b->wpipe = p;
        b->w = (Access){t, e};
    } else
        b->r[p] = (Access){t, e};
    return true;
}

bool sync_op(Interp *I, const Expr *e, const Var *dest) {
    Pipe p = e->call.op->pipe;
    if (!I->sync || p >= PIPE__COUNT || is_sync(e->call.op))
        return true;
    int64_t t = ++I->sync->clock[p][p];
    for (int i = 0; i < e->call.nargs; i++) {
        const Expr *a = e->call.args[i];
        Str name = a->kind == E_VAR ? buffer_of(a->var) : NULL;
        if (name && !access(I, e, p, name, false, t))
            return false;
    }
    Str name = buffer_of(dest);
    return !name || access(I, e, p, name, true, t);
}
