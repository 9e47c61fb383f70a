/* allocate_memory_addr.c - AllocateMemoryAddr: each buffer of a kernel (the tiles sharing one
 * MemRef base) gets a byte address in its memory space and a definition
 *     mem_vec_0: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 16384)
 * at the top of the function; every tile's memory reference becomes (that Ptr, address + its
 * offset in the buffer, its size).
 *
 * Buffers are laid side by side, 32-byte aligned (target align), in order of appearance: buffers
 * never share bytes, because InsertSync, which ran before, ordered accesses by base; sharing
 * bytes is MemoryReuse's decision, made inside a buffer. A buffer's size is the end of its last
 * tile (offset + size rounded up to the alignment).
 *
 * The report (report/memory.json) gives per kernel and space the capacity, the lower bound (the
 * most bytes live at one statement: each class of tiles that are one value, InitMemRef's unit,
 * counted once, its size rounded up, over its lifetime), the peak (the bytes the buffers take)
 * and the buffers with their addresses, sizes and lifetimes (statement numbers, below). The peak
 * equals the lower bound when MemoryReuse's plan reached it; the unit tests check that on every
 * example. A space whose peak exceeds its capacity is an error naming the tiles live at the
 * busiest statement.
 *
 * Statement numbers: 0-based, pre-order over the kernel as this pass receives it (a loop or if
 * before its body, then branch before else; the alloc lines it adds are not counted). */
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"

typedef struct {
    const Expr *base;   /* the MemRef base naming it */
    int space, order;   /* order: its first variable */
    int64_t lo, size;   /* least offset of its tiles; size from lo, aligned */
    int first, last;    /* hull of its tiles' classes' lifetimes */
    int64_t addr;
    Var *ptr;
} Buffer;

typedef struct {
    PassCtx *pc;
    Ctx *c;
    Kernel k;
    Buffer *bufs;
    int nbufs;
    int *buf_of;        /* per variable: its buffer, -1 when not a tile */
    int *cfirst, *clast; /* per class root: lifetime hull */
    int64_t *csize;     /* per class root: aligned size of its largest tile */
} Alloc;

static bool same_base(const Expr *a, const Expr *b) {
    if (a->kind == E_STR && b->kind == E_STR)
        return a->s == b->s;
    if (a->kind == E_VAR && b->kind == E_VAR)
        return a->var == b->var;
    return false;
}

static const char *base_name(const Expr *b) { return b->kind == E_STR ? b->s : b->kind == E_VAR ? b->var->name : "buffer"; }

static int line_of(const Alloc *a, int stmt) {
    return stmt >= 0 && stmt < a->k.nstmts ? a->k.stmts[stmt].s->loc.line : a->k.f->loc.line;
}

/* ---- gathering the buffers ---- */

static bool const_field(Alloc *a, const Var *v, const Expr *e, const char *what, int64_t *out) {
    if (e && expr_is_const_int(e, out) && *out >= 0)
        return true;
    Buf b = {0};
    if (e)
        expr_print(&b, e);
    error_at(a->c, v->loc, "the %s of tile '%s' is %s bytes, not a constant; AllocateMemoryAddr needs static tile shapes",
             what, v->name, b.data ? b.data : "?");
    buf_free(&b);
    return false;
}

static bool gather(Alloc *a) {
    Kernel *k = &a->k;
    int align = a->pc->target->align;
    bool ok = true;
    for (int i = 0; i < k->nvars; i++) {
        Var *v = k->vars[i].var;
        int r = kernel_find(k, i);
        a->buf_of[i] = -1;
        if (v->type->kind != TY_TILE)
            continue;
        int64_t off, size;
        const MemRef *m = v->type->memref;
        if (!m || !m->base || (m->base->kind != E_STR && m->base->kind != E_VAR)) {
            error_at(a->c, v->loc, "'%s' has no buffer (run InitMemRef first)", v->name);
            ok = false;
            continue;
        }
        if (!const_field(a, v, m->offset, "offset", &off) || !const_field(a, v, m->size, "size", &size)) {
            ok = false;
            continue;
        }
        int b = 0;
        while (b < a->nbufs && !same_base(a->bufs[b].base, m->base))
            b++;
        if (b == a->nbufs)
            a->bufs[a->nbufs++] = (Buffer){.base = m->base, .space = v->type->has_space ? (int)v->type->space : MEM_Vec,
                                           .order = i, .lo = off, .first = k->vars[i].first, .last = k->vars[i].last};
        Buffer *buf = &a->bufs[b];
        a->buf_of[i] = b;
        if (off < buf->lo) {
            buf->size += buf->lo - off;
            buf->lo = off;
        }
        if (off - buf->lo + align_up(size, align) > buf->size)
            buf->size = off - buf->lo + align_up(size, align);
        if (align_up(size, align) > a->csize[r])
            a->csize[r] = align_up(size, align);
        if (k->vars[i].first < a->cfirst[r])
            a->cfirst[r] = k->vars[i].first;
        if (k->vars[i].last > a->clast[r])
            a->clast[r] = k->vars[i].last;
    }
    for (int i = 0; i < k->nvars; i++) {
        int b = a->buf_of[i], r = kernel_find(k, i);
        if (b < 0)
            continue;
        if (a->cfirst[r] < a->bufs[b].first)
            a->bufs[b].first = a->cfirst[r];
        if (a->clast[r] > a->bufs[b].last)
            a->bufs[b].last = a->clast[r];
    }
    return ok;
}

/* Tiles of one buffer that overlap in bytes must never be live together (unless they are one
 * value): a plan that breaks this, written by hand or by a bug, is refused. */
static bool check_sharing(Alloc *a) {
    Kernel *k = &a->k;
    for (int i = 0; i < k->nvars; i++)
        for (int j = i + 1; j < k->nvars; j++) {
            int ri = kernel_find(k, i), rj = kernel_find(k, j);
            if (a->buf_of[i] < 0 || a->buf_of[i] != a->buf_of[j] || ri == rj)
                continue;
            const MemRef *mi = k->vars[i].var->type->memref, *mj = k->vars[j].var->type->memref;
            int64_t oi, si, oj, sj;
            expr_is_const_int(mi->offset, &oi);
            expr_is_const_int(mi->size, &si);
            expr_is_const_int(mj->offset, &oj);
            expr_is_const_int(mj->size, &sj);
            bool bytes = oi < oj + sj && oj < oi + si, time = a->cfirst[ri] <= a->clast[rj] && a->cfirst[rj] <= a->clast[ri];
            if (bytes && time) {
                error_at(a->c, k->vars[j].var->loc,
                         "'%s' and '%s' share bytes of buffer '%s' but are live at the same time (lines %d-%d and %d-%d)",
                         k->vars[i].var->name, k->vars[j].var->name, base_name(mi->base), line_of(a, a->cfirst[ri]),
                         line_of(a, a->clast[ri]), line_of(a, a->cfirst[rj]), line_of(a, a->clast[rj]));
                return false;
            }
        }
    return true;
}

/* ---- the lower bound, and what is live at the busiest point ---- */

/* The classes with tiles in space s (their roots), each once, in order of appearance. */
static int classes_in(Alloc *a, int s, int *roots) {
    Kernel *k = &a->k;
    int n = 0;
    for (int i = 0; i < k->nvars; i++) {
        int r = kernel_find(k, i);
        if (a->buf_of[i] < 0 || a->bufs[a->buf_of[i]].space != s)
            continue;
        bool seen = false;
        for (int j = 0; j < n && !seen; j++)
            seen = roots[j] == r;
        if (!seen)
            roots[n++] = r;
    }
    return n;
}

/* The lower bound of space s: the most bytes its classes hold at one statement, the first
 * such statement in *at. */
static int64_t lower_bound(Alloc *a, const int *roots, int n, int *at) {
    MemItem *items = calloc((size_t)(n ? n : 1), sizeof *items);
    if (!items)
        ICE("out of memory");
    for (int j = 0; j < n; j++)
        items[j] = (MemItem){a->cfirst[roots[j]], a->clast[roots[j]], a->csize[roots[j]], 0};
    int64_t lb = mem_lower_bound(items, n), best = -1;
    *at = 0;
    for (int p = 0; p < a->k.nstmts; p++) {
        int64_t live = 0;
        for (int j = 0; j < n; j++)
            if (items[j].start <= p && p <= items[j].end)
                live += items[j].size;
        if (live > best) {
            best = live;
            *at = p;
        }
    }
    free(items);
    return lb;
}

/* "a [128, 256] FP32 (131072 B, live lines 8-14), ..." for the classes live at statement at,
 * each named by a tile live there. */
static void describe_live(Alloc *a, const int *roots, int n, int at, Buf *b) {
    Kernel *k = &a->k;
    const char *sep = "";
    for (int j = 0; j < n; j++) {
        int r = roots[j], pick = -1;
        if (a->cfirst[r] > at || a->clast[r] < at)
            continue;
        for (int i = r; i >= 0; i = k->vars[i].cnext)
            if (a->buf_of[i] >= 0 && (pick < 0 || (k->vars[i].first <= at && at <= k->vars[i].last &&
                                                   !(k->vars[pick].first <= at && at <= k->vars[pick].last))))
                pick = i;
        const Type *t = k->vars[pick].var->type;
        int64_t size = 0;
        expr_is_const_int(t->memref->size, &size);
        buf_printf(b, "%s%s [", sep, k->vars[pick].var->name);
        for (int d = 0; d < t->rank; d++) {
            if (d)
                buf_puts(b, ", ");
            expr_print(b, t->shape[d]);
        }
        buf_printf(b, "] %s (%lld B, live lines %d-%d)", dtype_info[t->dtype].name, (long long)size,
                   line_of(a, a->cfirst[r]), line_of(a, a->clast[r]));
        sep = ", ";
    }
}

/* ---- the pass ---- */

static int cmp_order(const void *pa, const void *pb) {
    const Buffer *a = *(Buffer *const *)pa, *b = *(Buffer *const *)pb;
    if (a->space != b->space)
        return a->space < b->space ? -1 : 1;
    return (a->order > b->order) - (a->order < b->order);
}

static bool collect_used(Stmt *s, void *ud) {
    if (s->kind == S_ASSIGN && s->assign.n == 1 && s->assign.value && s->assign.value->kind == E_OP &&
        s->assign.value->call.op->id == OP_TILE_ALLOC)
        return true; /* an earlier plan's buffer: replaced */
    PtrVec defs = {0};
    stmt_defs(s, &defs);
    for (int i = 0; i < defs.len; i++)
        if (defs.items[i])
            map_put(ud, ((Var *)defs.items[i])->name, (void *)((Var *)defs.items[i])->name);
    vec_free(&defs);
    return true;
}

static bool is_alloc(const Stmt *s) {
    return s->kind == S_ASSIGN && s->assign.n == 1 && s->assign.value && s->assign.value->kind == E_OP &&
           s->assign.value->call.op->id == OP_TILE_ALLOC;
}

/* Lays the buffers out, checks the capacities, writes the report; false on an overflow. */
static bool place(Alloc *a, Buffer **order, Buf *json) {
    const Target *tg = a->pc->target;
    const Func *f = a->k.f;
    bool ok = true;
    buf_printf(json, "{\"name\": \"%s\", \"spaces\": [", f->name);
    const char *ssep = "";
    for (int s = 0; s < MEM__COUNT; s++) {
        int64_t top = 0;
        int nb = 0;
        for (int b = 0; b < a->nbufs; b++)
            if (order[b]->space == s) {
                order[b]->addr = top;
                top = align_up(top + order[b]->size, tg->align);
                nb++;
            }
        if (nb == 0)
            continue;
        int at, *roots = malloc(sizeof *roots * (size_t)(a->k.nvars ? a->k.nvars : 1));
        if (!roots)
            ICE("out of memory");
        int nr = classes_in(a, s, roots);
        int64_t lb = lower_bound(a, roots, nr, &at), cap = tg->capacity[s];
        if (top > cap) {
            Buf live = {0};
            describe_live(a, roots, nr, at, &live);
            Loc loc = a->k.nstmts ? a->k.stmts[at].s->loc : f->loc;
            if (lb > cap)
                error_at(a->c, loc, "kernel '%s' needs %lld bytes of %s at line %d (capacity %lld): %s", f->name,
                         (long long)lb, memspace_name[s], loc.line, (long long)cap, live.data ? live.data : "");
            else
                error_at(a->c, f->loc,
                         "kernel '%s' needs %lld bytes of %s (capacity %lld) for its buffers side by side, though at most "
                         "%lld bytes are live at once (line %d); MemoryReuse lets tiles never live together share buffers",
                         f->name, (long long)top, memspace_name[s], (long long)cap, (long long)lb, loc.line);
            buf_free(&live);
            ok = false;
        }
        free(roots);
        buf_printf(json, "%s{\"space\": \"%s\", \"capacity\": %lld, \"lower_bound\": %lld, \"peak\": %lld, \"buffers\": [",
                   ssep, memspace_name[s], (long long)cap, (long long)lb, (long long)top);
        const char *bsep = "";
        for (int b = 0; b < a->nbufs; b++)
            if (order[b]->space == s) {
                buf_printf(json, "%s{\"name\": \"%s\", \"addr\": %lld, \"size\": %lld, \"live\": [%d, %d]}", bsep,
                           order[b]->ptr->name, (long long)order[b]->addr, (long long)order[b]->size, order[b]->first,
                           order[b]->last);
                bsep = ", ";
            }
        buf_puts(json, "]}");
        ssep = ", ";
    }
    buf_puts(json, "]}");
    return ok;
}

/* The Ptr variables, named after the bases (fresh names where taken; an earlier plan's allocs,
 * which this pass replaces, do not count); *order: the buffers by space, then appearance. */
static void make_ptrs(Alloc *a, const Program *p, const Func *f, Buffer **order) {
    Map used = {0};
    for (int i = 0; i < p->ndyn; i++)
        map_put(&used, p->dyns[i]->name, (void *)p->dyns[i]->name);
    for (int i = 0; i < f->nparams; i++)
        map_put(&used, f->params[i]->name, (void *)f->params[i]->name);
    walk_stmts(f->body, collect_used, &used);
    for (int b = 0; b < a->nbufs; b++) {
        order[b] = &a->bufs[b];
        a->bufs[b].ptr = var_new(a->c, f->loc, name_fresh(a->c, &used, base_name(a->bufs[b].base)), ty_ptr(a->c));
    }
    map_free(&used);
    qsort(order, (size_t)a->nbufs, sizeof *order, cmp_order);
}

static Stmt *alloc_stmt(Ctx *c, Loc at, const Buffer *b) {
    Expr *args[2] = {mk_sym(c, at, SYM_MEM, b->space), mk_int(c, at, b->size)};
    Expr *call = op_call(c, at, op_lookup("tile.alloc"), 2, args, 0, NULL);
    if (!call)
        return NULL;
    return mk_assign(c, at, b->ptr, call);
}

/* The allocs, then the body with every tile at its address. */
static bool rewrite(Alloc *a, Func *f, Buffer **order) {
    Ctx *c = a->c;
    Rebind rb = {0};
    for (int i = 0; i < a->k.nvars; i++) {
        Var *v = a->k.vars[i].var;
        if (a->buf_of[i] < 0)
            continue;
        Buffer *b = &a->bufs[a->buf_of[i]];
        int64_t off;
        expr_is_const_int(v->type->memref->offset, &off);
        Type *t = ty_copy(c, v->type);
        MemRef *m = ARENA_NEW(c->arena, MemRef);
        m->base = mk_var(c, (Loc){0}, b->ptr);
        m->offset = mk_int(c, (Loc){0}, b->addr + off - b->lo);
        m->size = v->type->memref->size;
        t->memref = m;
        t->has_space = true;
        t->space = (MemSpace)b->space;
        rebind_add(c, &rb, v, var_new(c, v->loc, v->name, t));
    }
    StmtList l = {0};
    Loc at = f->body ? f->body->loc : f->loc;
    bool ok = true;
    for (int b = 0; b < a->nbufs && ok; b++) {
        Stmt *s = alloc_stmt(c, at, order[b]);
        stmts_push(&l, s);
        ok = s != NULL;
    }
    Stmt *body = rebind_stmt(c, f->body, &rb);
    for (int i = 0; body && i < body->seq.n; i++)
        if (!is_alloc(body->seq.items[i]))
            stmts_push(&l, body->seq.items[i]);
    f->body = stmts_finish(c, &l, at);
    f->params = rebind_params(c, &rb, f->nparams, f->params);
    rebind_free(&rb);
    return ok;
}

static bool alloc_func(PassCtx *pc, const Program *p, Func *f) {
    Alloc a = {.pc = pc, .c = pc->c};
    kernel_analyze(&a.k, pc->c, f);
    kernel_classes(&a.k);
    kernel_lifetimes(&a.k);
    size_t n = (size_t)(a.k.nvars ? a.k.nvars : 1);
    a.bufs = calloc(n, sizeof *a.bufs);
    a.buf_of = calloc(n, sizeof *a.buf_of);
    a.cfirst = malloc(sizeof *a.cfirst * n);
    a.clast = calloc(n, sizeof *a.clast);
    a.csize = calloc(n, sizeof *a.csize);
    Buffer **order = calloc(n, sizeof *order);
    if (!a.bufs || !a.buf_of || !a.cfirst || !a.clast || !a.csize || !order)
        ICE("out of memory");
    for (size_t i = 0; i < n; i++)
        a.cfirst[i] = a.k.nstmts + 1;
    bool ok = gather(&a) && check_sharing(&a);
    if (ok) {
        make_ptrs(&a, p, f, order);
        Buf json = {0};
        ok = place(&a, order, &json);
        if (ok) {
            if (pc->memory_json.len)
                buf_puts(&pc->memory_json, ",\n");
            buf_putn(&pc->memory_json, json.data, json.len);
            ok = rewrite(&a, f, order);
        }
        buf_free(&json);
    }
    free(a.bufs);
    free(a.buf_of);
    free(a.cfirst);
    free(a.clast);
    free(a.csize);
    free(order);
    kernel_free(&a.k);
    return ok;
}

Program *pass_allocate_memory_addr(PassCtx *pc, const Program *p) {
    Program *q = program_shell(pc->c, p);
    bool ok = true;
    for (int i = 0; i < q->nfuncs; i++)
        if (q->funcs[i]->kind == FN_INCORE)
            ok &= alloc_func(pc, p, q->funcs[i]);
    return ok ? q : NULL;
}
