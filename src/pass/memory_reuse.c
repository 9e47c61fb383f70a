/* memory_reuse.c - MemoryReuse: tiles whose lifetimes never meet share buffers, so that a kernel
 * needs no more bytes of a space than are live at its busiest point (the lower bound).
 *
 * The unit is the class InitMemRef gave one buffer (values that are one at run time: a loop's
 * init value, iter_arg, yields and result; reshapes): recomputed from the program, with the
 * lifetime from its first definition to its last use, loops widening it (liveness.c), and the
 * size of its largest tile rounded up to the target's alignment. The planner (mem_plan) places
 * the classes of each space at byte addresses, two classes whose lifetimes meet never
 * overlapping, aiming at the lower bound. The plan becomes buffers: classes whose address ranges
 * overlap, directly or through others, form one buffer (one MemRef base), each at its offset in
 * it; buffers never overlap each other, so InsertSync, which sees a dependency between tiles of
 * one base with overlapping byte ranges, misses none, and AllocateMemoryAddr, which lays buffers
 * side by side, reproduces the planned peak or better. Bases are renamed "mem_<space>_<k>" in
 * order of appearance. Tensors keep their references; dynamic-size tiles keep a buffer of their
 * own. */
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"

typedef struct {
    int root;          /* a class root, -1 for a variable that is not a tile */
    int space;
    int order;         /* its first variable (order of appearance) */
    int first, last;   /* hull of its members' lifetimes */
    int64_t size;      /* aligned size of its largest tile; -1 when dynamic */
    int group;         /* its buffer */
    int64_t offset;    /* its offset in the buffer */
} Cls;

typedef struct {
    int space, order;  /* order: index of its first variable */
    int64_t lo, hi;    /* planned address range */
} Group;

typedef struct {
    PassCtx *pc;
    Ctx *c;
    Kernel k;
    Cls *cls;          /* indexed by class root */
    Group *groups;
    int ngroups;
    MemItem *items;    /* scratch: the classes of one space */
    int *item_cls;
} Reuse;

/* A tile's size in bytes (its memory reference's), -1 when not a constant. */
static int64_t var_size(Ctx *c, const Var *v) {
    int64_t n;
    Expr *size = v->type->memref ? v->type->memref->size : type_bytes(c, v->type);
    return expr_is_const_int(size, &n) ? n : -1;
}

/* The tile classes: space, lifetime hull, size. */
static void gather(Reuse *r) {
    Kernel *k = &r->k;
    for (int i = 0; i < k->nvars; i++)
        r->cls[i].root = -1;
    for (int i = 0; i < k->nvars; i++) {
        const Type *t = k->vars[i].var->type;
        if (t->kind != TY_TILE)
            continue;
        int root = kernel_find(k, i);
        Cls *x = &r->cls[root];
        if (x->root < 0) /* i is the class's first variable */
            *x = (Cls){.root = root, .space = t->has_space ? (int)t->space : MEM_Vec, .order = i,
                       .first = k->vars[i].first, .last = k->vars[i].last, .size = 0};
        if (k->vars[i].first < x->first)
            x->first = k->vars[i].first;
        if (k->vars[i].last > x->last)
            x->last = k->vars[i].last;
        int64_t size = var_size(r->c, k->vars[i].var);
        if (size < 0)
            x->size = -1;
        else if (x->size >= 0 && align_up(size, r->pc->target->align) > x->size)
            x->size = align_up(size, r->pc->target->align);
    }
}

static void sort_by_addr(MemItem *items, int *owner, int m) {
    for (int a = 1; a < m; a++) { /* insertion sort: stable */
        MemItem it = items[a];
        int o = owner[a], b = a - 1;
        while (b >= 0 && items[b].addr > it.addr) {
            items[b + 1] = items[b];
            owner[b + 1] = owner[b];
            b--;
        }
        items[b + 1] = it;
        owner[b + 1] = o;
    }
}

/* Plans space s and turns the plan into buffers: classes whose address ranges overlap, directly
 * or through others, share one; a class of dynamic size is a buffer of its own. */
static void plan_space(Reuse *r, int s) {
    int m = 0;
    for (int i = 0; i < r->k.nvars; i++) {
        Cls *x = &r->cls[i];
        if (x->root != i || x->space != s)
            continue;
        if (x->size < 0) {
            r->groups[r->ngroups] = (Group){s, x->order, 0, 0};
            x->group = r->ngroups++;
            continue;
        }
        r->items[m] = (MemItem){x->first, x->last, x->size, 0};
        r->item_cls[m++] = i;
    }
    mem_plan(r->items, m, 200000);
    sort_by_addr(r->items, r->item_cls, m);
    Group *g = NULL;
    for (int a = 0; a < m; a++) {
        Cls *x = &r->cls[r->item_cls[a]];
        int64_t lo = r->items[a].addr, hi = lo + r->items[a].size;
        if (!g || lo >= g->hi) {
            g = &r->groups[r->ngroups++];
            *g = (Group){s, x->order, lo, hi};
        }
        if (hi > g->hi)
            g->hi = hi;
        if (x->order < g->order)
            g->order = x->order;
        x->group = (int)(g - r->groups);
        x->offset = lo - g->lo;
    }
}

static int cmp_group(const void *pa, const void *pb) {
    const Group *a = *(Group *const *)pa, *b = *(Group *const *)pb;
    return (a->order > b->order) - (a->order < b->order);
}

/* "mem_<space>_<k>" for each buffer, numbered per space in order of appearance. */
static Str *group_names(Reuse *r) {
    int n = r->ngroups ? r->ngroups : 1;
    Group **sorted = calloc((size_t)n, sizeof *sorted);
    Str *names = calloc((size_t)n, sizeof *names);
    if (!sorted || !names)
        ICE("out of memory");
    for (int g = 0; g < r->ngroups; g++)
        sorted[g] = &r->groups[g];
    qsort(sorted, (size_t)r->ngroups, sizeof *sorted, cmp_group);
    int count[MEM__COUNT] = {0};
    for (int g = 0; g < r->ngroups; g++) {
        char sp[16], name[64];
        const char *s = memspace_name[sorted[g]->space];
        size_t j = 0;
        for (; s[j] && j + 1 < sizeof sp; j++)
            sp[j] = (char)(s[j] >= 'A' && s[j] <= 'Z' ? s[j] - 'A' + 'a' : s[j]);
        sp[j] = 0;
        snprintf(name, sizeof name, "mem_%s_%d", sp, count[sorted[g]->space]++);
        names[sorted[g] - r->groups] = intern_cstr(r->c->names, name);
    }
    free(sorted);
    return names;
}

/* Every tile's reference becomes (its buffer, its class's offset there, its size). */
static void rewrite(Reuse *r, Func *f, const Str *names) {
    Ctx *c = r->c;
    Rebind rb = {0};
    for (int i = 0; i < r->k.nvars; i++) {
        Var *v = r->k.vars[i].var;
        if (v->type->kind != TY_TILE)
            continue;
        Cls *x = &r->cls[kernel_find(&r->k, i)];
        Type *t = ty_copy(c, v->type);
        MemRef *m = ARENA_NEW(c->arena, MemRef);
        m->base = mk_str(c, (Loc){0}, names[x->group]);
        m->offset = mk_int(c, (Loc){0}, x->offset);
        m->size = v->type->memref ? v->type->memref->size : type_bytes(c, v->type);
        t->memref = m;
        t->has_space = true;
        t->space = (MemSpace)x->space;
        if (!type_equal(t, v->type))
            rebind_add(c, &rb, v, var_new(c, v->loc, v->name, t));
    }
    f->body = rebind_stmt(c, f->body, &rb);
    f->params = rebind_params(c, &rb, f->nparams, f->params);
    rebind_free(&rb);
}

static void reuse_func(PassCtx *pc, Func *f) {
    Reuse r = {.pc = pc, .c = pc->c};
    kernel_analyze(&r.k, pc->c, f);
    kernel_classes(&r.k);
    kernel_lifetimes(&r.k);
    size_t n = (size_t)(r.k.nvars ? r.k.nvars : 1);
    r.cls = calloc(n, sizeof *r.cls);
    r.groups = calloc(n, sizeof *r.groups);
    r.items = calloc(n, sizeof *r.items);
    r.item_cls = calloc(n, sizeof *r.item_cls);
    if (!r.cls || !r.groups || !r.items || !r.item_cls)
        ICE("out of memory");
    gather(&r);
    for (int s = 0; s < MEM__COUNT; s++)
        plan_space(&r, s);
    Str *names = group_names(&r);
    rewrite(&r, f, names);
    free(names);
    free(r.cls);
    free(r.groups);
    free(r.items);
    free(r.item_cls);
    kernel_free(&r.k);
}

Program *pass_memory_reuse(PassCtx *pc, const Program *p) {
    Program *q = program_shell(pc->c, p);
    for (int i = 0; i < q->nfuncs; i++)
        if (q->funcs[i]->kind == FN_INCORE)
            reuse_func(pc, q->funcs[i]);
    return q;
}
