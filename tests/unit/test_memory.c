#define _POSIX_C_SOURCE 200809L
/* test_memory.c - the memory passes (InitMemRef, MemoryReuse, AllocateMemoryAddr), the buffer
 * planner (pass/liveness.c) and target options (pass/target.c).
 *
 * The planner is checked against its promises on random lifetimes: placements never overlap
 * two buffers live together; with equal sizes the peak is the lower bound; on small sets the
 * peak is the optimum found by an independent exhaustive search over addresses. The passes are
 * checked on every example program and test program after the Default strategy, with a
 * liveness analysis written here afresh over the final program: no two tiles that are live
 * together and are different values share a byte, and the peak of every space equals the most
 * bytes live at one statement (the lower bound), as memory.json also reports. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"
#include "unit.h"

/* ---- target options ---- */

void test_memory_target_set(void) {
    Target t;
    target_default(&t);
    Buf err = {0};
    CHECK(target_set(&t, "Vec=196608,Acc=128K,L1=1M,align=64", &err));
    CHECK_EQ_INT(t.capacity[MEM_Vec], 196608);
    CHECK_EQ_INT(t.capacity[MEM_Acc], 131072);
    CHECK_EQ_INT(t.capacity[MEM_Mat], 1048576);
    CHECK_EQ_INT(t.capacity[MEM_Left], 64 * 1024);
    CHECK_EQ_INT(t.align, 64);
    const char *bad[] = {"Vec", "Vec=", "Vec=12Q", "Foo=1", "DDR=5", "=5", "align=48", "Vec=1,,Acc=2", "Vec=-1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        Target before = t;
        err.len = 0;
        CHECK(!target_set(&t, bad[i], &err));
        CHECK(err.len > 0);
        CHECK(memcmp(&before, &t, sizeof t) == 0);
    }
    err.len = 0;
    CHECK(!target_set(&t, "Bias=2K,Foo=1", &err));
    CHECK_EQ_INT(t.capacity[MEM_Bias], 1024); /* all or nothing */
    CHECK(target_set(&t, "", &err));
    buf_free(&err);
}

/* ---- the planner on random lifetimes ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static int rnd(int n) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (int)(rng_state % (uint64_t)n);
}

static void random_items(MemItem *it, int n, int span, int max_units) {
    for (int i = 0; i < n; i++) {
        int a = rnd(span), b = rnd(span);
        it[i] = (MemItem){a < b ? a : b, a < b ? b : a, 32 * (1 + rnd(max_units)), -1};
    }
}

/* No two items live together overlap; every address aligned; the peak is the highest end. */
static bool valid_plan(const MemItem *it, int n, int64_t peak) {
    int64_t top = 0;
    for (int i = 0; i < n; i++) {
        if (it[i].addr < 0 || it[i].addr % 32)
            return false;
        if (it[i].addr + it[i].size > top)
            top = it[i].addr + it[i].size;
        for (int j = i + 1; j < n; j++) {
            bool time = it[i].start <= it[j].end && it[j].start <= it[i].end;
            bool space = it[i].addr < it[j].addr + it[j].size && it[j].addr < it[i].addr + it[i].size;
            if (time && space)
                return false;
        }
    }
    return top == peak;
}

/* The most bytes live at one point, counted point by point. */
static int64_t brute_lower_bound(const MemItem *it, int n) {
    int64_t best = 0;
    for (int p = 0; p < 64; p++) {
        int64_t live = 0;
        for (int i = 0; i < n; i++)
            if (it[i].start <= p && p <= it[i].end)
                live += it[i].size;
        if (live > best)
            best = live;
    }
    return best;
}

/* The optimal peak by trying every 32-byte address for every item (no theory involved). */
static void exhaust(const MemItem *it, int n, int k, int64_t *addr, int64_t peak, int64_t *best) {
    if (peak >= *best)
        return;
    if (k == n) {
        *best = peak;
        return;
    }
    for (int64_t a = 0; a + it[k].size < *best; a += 32) {
        bool ok = true;
        for (int j = 0; j < k && ok; j++)
            ok = !(it[k].start <= it[j].end && it[j].start <= it[k].end && a < addr[j] + it[j].size &&
                   addr[j] < a + it[k].size);
        if (!ok)
            continue;
        addr[k] = a;
        exhaust(it, n, k + 1, addr, peak > a + it[k].size ? peak : a + it[k].size, best);
    }
}

void test_memory_plan_equal_sizes(void) {
    MemItem it[48];
    for (int trial = 0; trial < 400; trial++) {
        int n = 1 + rnd(48);
        random_items(it, n, 40, 1);
        int64_t peak = mem_plan(it, n, 50000);
        CHECK(valid_plan(it, n, peak));
        CHECK_EQ_INT(mem_lower_bound(it, n), brute_lower_bound(it, n));
        CHECK_EQ_INT(peak, mem_lower_bound(it, n)); /* an interval graph is coloured optimally */
    }
}

void test_memory_plan_optimal_small(void) {
    MemItem it[6];
    int64_t addr[6];
    for (int trial = 0; trial < 250; trial++) {
        int n = 1 + rnd(6);
        random_items(it, n, 8, 4);
        int64_t best = 1;
        for (int i = 0; i < n; i++)
            best += it[i].size;
        exhaust(it, n, 0, addr, 0, &best);
        int64_t peak = mem_plan(it, n, 1000000);
        CHECK(valid_plan(it, n, peak));
        CHECK(peak >= brute_lower_bound(it, n));
        CHECK_EQ_INT(peak, best);
    }
}

void test_memory_plan_large(void) {
    static MemItem it[300];
    for (int trial = 0; trial < 20; trial++) {
        int n = 100 + rnd(200);
        random_items(it, n, 200, 64);
        int64_t peak = mem_plan(it, n, 50000);
        CHECK(valid_plan(it, n, peak));
        CHECK(peak >= mem_lower_bound(it, n));
    }
    /* different sizes that fit the lower bound only by stacking two small tiles where a big one
     * was: one buffer with tiles at offsets 0 and 8192 */
    MemItem m[4] = {{1, 2, 16384, 0}, {3, 4, 8192, 0}, {3, 4, 8192, 0}, {0, 4, 4096, 0}};
    int64_t peak = mem_plan(m, 4, 50000);
    CHECK(valid_plan(m, 4, peak));
    CHECK_EQ_INT(peak, 20480);
    CHECK_EQ_INT(mem_plan(NULL, 0, 10), 0);
}

/* ---- the passes on every program, checked by an independent analysis ---- */

typedef struct {
    Var *v;
    int def, last;   /* statement numbers; def of a return var: the end of its construct */
    int cls;
    bool tile;
} TVar;

typedef struct {
    Map index;       /* Var -> 1 + index */
    TVar vars[512];
    int n;
    int loop_start[256], loop_end[256], nloops;
    int pos;
} Live;

static int tv(Live *l, Var *v) {
    intptr_t i = (intptr_t)map_get(&l->index, v);
    if (i)
        return (int)i - 1;
    if (!v || !v->type || (v->type->kind != TY_TILE && v->type->kind != TY_TENSOR) || l->n == 512)
        return -1;
    l->vars[l->n] = (TVar){v, -1, -1, l->n, v->type->kind == TY_TILE};
    map_put(&l->index, v, (void *)(intptr_t)(l->n + 1));
    return l->n++;
}

static int root(Live *l, int i) {
    while (l->vars[i].cls != i)
        i = l->vars[i].cls;
    return i;
}

static void join(Live *l, Var *a, Expr *b) {
    int i = tv(l, a), j = b && b->kind == E_VAR ? tv(l, b->var) : -1;
    if (i >= 0 && j >= 0)
        l->vars[root(l, i)].cls = root(l, j);
}

static void use_at(Live *l, Var *v, int pos) {
    int i = tv(l, v);
    if (i >= 0 && pos > l->vars[i].last)
        l->vars[i].last = pos;
}

typedef struct { Live *l; int pos; } UseAt;

static void note_use(Expr *e, void *ud) {
    UseAt *u = ud;
    if (e->kind == E_VAR)
        use_at(u->l, e->var, u->pos);
}

static void def_at(Live *l, Var *v, int pos) {
    int i = tv(l, v);
    if (i >= 0) {
        l->vars[i].def = pos;
        if (l->vars[i].last < pos)
            l->vars[i].last = pos;
    }
}

static Stmt *final_yield(Stmt *body) {
    Stmt *y = body && body->kind == S_SEQ && body->seq.n ? body->seq.items[body->seq.n - 1] : NULL;
    return y && y->kind == S_YIELD ? y : NULL;
}

static void live_block(Live *l, Stmt *s);

static void live_stmt(Live *l, Stmt *s) {
    if (s->kind == S_SEQ) {
        live_block(l, s);
        return;
    }
    int me = l->pos++;
    UseAt u = {l, me};
    switch (s->kind) {
    case S_ASSIGN:
        walk_expr(s->assign.value, note_use, &u);
        for (int i = 0; i < s->assign.n; i++)
            def_at(l, s->assign.vars[i], me);
        if (s->assign.n == 1 && s->assign.value->kind == E_VAR)
            join(l, s->assign.vars[0], s->assign.value);
        if (s->assign.n == 1 && s->assign.value->kind == E_OP && s->assign.value->call.op->id == OP_TILE_RESHAPE)
            join(l, s->assign.vars[0], s->assign.value->call.args[0]);
        break;
    case S_EVAL: walk_expr(s->eval.e, note_use, &u); break;
    case S_YIELD:
    case S_RETURN:
        for (int i = 0; i < s->vals.n; i++)
            walk_expr(s->vals.vals[i], note_use, &u);
        break;
    case S_FOR:
    case S_WHILE: {
        bool f = s->kind == S_FOR;
        int n = f ? s->loop.n : s->wloop.n;
        Expr **inits = f ? s->loop.inits : s->wloop.inits;
        Var **iters = f ? s->loop.iters : s->wloop.iters, **rets = f ? s->loop.rets : s->wloop.rets;
        Stmt *body = f ? s->loop.body : s->wloop.body;
        for (int i = 0; i < n; i++) {
            walk_expr(inits[i], note_use, &u);
            def_at(l, iters[i], me);
            join(l, iters[i], inits[i]);
        }
        if (!f)
            walk_expr(s->wloop.cond, note_use, &u);
        int li = l->nloops < 256 ? l->nloops++ : 255;
        l->loop_start[li] = me;
        live_block(l, body);
        l->loop_end[li] = l->pos - 1;
        Stmt *y = final_yield(body);
        for (int i = 0; i < n; i++) {
            def_at(l, rets[i], l->pos - 1);
            if (y)
                join(l, iters[i], y->vals.vals[i]);
            int r = tv(l, rets[i]), it = tv(l, iters[i]);
            if (r >= 0 && it >= 0)
                l->vars[root(l, r)].cls = root(l, it);
        }
        break;
    }
    case S_IF: {
        walk_expr(s->ifs.cond, note_use, &u);
        live_block(l, s->ifs.then);
        live_block(l, s->ifs.els);
        Stmt *yt = final_yield(s->ifs.then), *ye = final_yield(s->ifs.els);
        for (int i = 0; i < s->ifs.n; i++) {
            def_at(l, s->ifs.rets[i], l->pos - 1);
            if (yt)
                join(l, s->ifs.rets[i], yt->vals.vals[i]);
            if (ye)
                join(l, s->ifs.rets[i], ye->vals.vals[i]);
        }
        break;
    }
    case S_SCOPE: live_block(l, s->scope.body); break;
    case S_SEQ: case S_BREAK: case S_CONTINUE: break;
    }
}

static void live_block(Live *l, Stmt *s) {
    if (!s)
        return;
    if (s->kind != S_SEQ) {
        live_stmt(l, s);
        return;
    }
    for (int i = 0; i < s->seq.n; i++)
        live_stmt(l, s->seq.items[i]);
}

/* Widens each lifetime to every loop that holds one of its uses but not its definition; the
 * uses are gathered again per loop (a second walk would be simpler to get wrong the same way
 * as the pass, so this one works from the loop ranges alone). */
typedef struct { Live *l; int lo, hi, at; } Widen;

static void widen_use(Expr *e, void *ud) {
    Widen *w = ud;
    if (e->kind != E_VAR)
        return;
    int i = tv(w->l, e->var);
    if (i < 0)
        return;
    TVar *x = &w->l->vars[i];
    if (x->def >= w->lo && x->def <= w->hi)
        return; /* defined in the loop (its iter_args are defined at its head) */
    if (w->hi > x->last)
        x->last = w->hi;
}

static void widen_block(Live *l, Stmt *s, int *pos);

static void widen_stmt(Live *l, Stmt *s, int *pos) {
    if (s->kind == S_SEQ) {
        widen_block(l, s, pos);
        return;
    }
    int me = (*pos)++;
    if (s->kind == S_FOR || s->kind == S_WHILE) {
        int li = 0;
        while (li < l->nloops && l->loop_start[li] != me)
            li++;
        Widen w = {l, me, l->loop_end[li], me};
        Stmt *body = s->kind == S_FOR ? s->loop.body : s->wloop.body;
        walk_stmt_exprs(body, widen_use, &w);
        if (s->kind == S_WHILE)
            walk_expr(s->wloop.cond, widen_use, &w);
        widen_block(l, body, pos);
        return;
    }
    if (s->kind == S_IF) {
        widen_block(l, s->ifs.then, pos);
        widen_block(l, s->ifs.els, pos);
    } else if (s->kind == S_SCOPE) {
        widen_block(l, s->scope.body, pos);
    }
}

static void widen_block(Live *l, Stmt *s, int *pos) {
    if (!s)
        return;
    if (s->kind != S_SEQ) {
        widen_stmt(l, s, pos);
        return;
    }
    for (int i = 0; i < s->seq.n; i++)
        widen_stmt(l, s->seq.items[i], pos);
}

static int64_t const_of(const Expr *e) {
    int64_t v = -1;
    return e && expr_is_const_int(e, &v) ? v : -1;
}

static int64_t up32(int64_t n) { return (n + 31) / 32 * 32; }

/* From memory.json: the lower bound and peak reported for kernel k's space s (-1: none). */
static void reported(const Buf *json, const char *k, const char *s, int64_t *lb, int64_t *peak) {
    char key[256];
    *lb = *peak = -1;
    snprintf(key, sizeof key, "{\"name\": \"%s\", \"spaces\": [", k);
    const char *at = json->data ? strstr(json->data, key) : NULL;
    if (!at)
        return;
    const char *end = strchr(at, '\n');
    snprintf(key, sizeof key, "{\"space\": \"%s\", ", s);
    const char *sp = strstr(at, key);
    if (!sp || (end && sp > end))
        return;
    const char *l = strstr(sp, "\"lower_bound\": "), *p = strstr(sp, "\"peak\": ");
    if (l && p) {
        *lb = strtoll(l + 15, NULL, 10);
        *peak = strtoll(p + 8, NULL, 10);
    }
}

static int check_kernel(const char *file, const Func *f, const Buf *json) {
    static Live l;
    memset(&l, 0, sizeof l);
    for (int i = 0; i < f->nparams; i++)
        def_at(&l, f->params[i], 0);
    live_block(&l, f->body);
    int pos = 0;
    widen_block(&l, f->body, &pos);
    int checked = 0;
    for (int s = MEM_Vec; s < MEM__COUNT; s++) {
        /* classes: hull and size */
        int64_t csize[512] = {0};
        int cfirst[512], clast[512];
        bool any = false;
        for (int i = 0; i < l.n; i++)
            cfirst[i] = 1 << 30, clast[i] = -1;
        int64_t peak = 0;
        for (int i = 0; i < l.n; i++) {
            TVar *x = &l.vars[i];
            const Type *t = x->v->type;
            if (!x->tile || !t->has_space || (int)t->space != s || !t->memref)
                continue;
            any = true;
            int r = root(&l, i);
            int64_t size = up32(const_of(t->memref->size)), off = const_of(t->memref->offset);
            if (size > csize[r])
                csize[r] = size;
            if (x->def < cfirst[r])
                cfirst[r] = x->def;
            if (x->last > clast[r])
                clast[r] = x->last;
            if (off + size > peak)
                peak = off + size;
            /* different values live together never share a byte */
            for (int j = 0; j < i; j++) {
                TVar *y = &l.vars[j];
                const Type *u = y->v->type;
                if (!y->tile || !u->has_space || (int)u->space != s || root(&l, j) == r)
                    continue;
                int64_t uo = const_of(u->memref->offset), us = const_of(u->memref->size);
                bool bytes = off < uo + us && uo < off + const_of(t->memref->size);
                bool time = x->def <= y->last && y->def <= x->last;
                if (bytes && time)
                    unit_fail(__FILE__, __LINE__, "%s: %s: '%s' and '%s' share bytes while both live", file, f->name,
                              x->v->name, y->v->name);
            }
        }
        if (!any)
            continue;
        int64_t lb = 0;
        for (int p = 0; p < l.pos; p++) {
            int64_t live = 0;
            for (int r = 0; r < l.n; r++)
                if (csize[r] && cfirst[r] <= p && p <= clast[r])
                    live += csize[r];
            if (live > lb)
                lb = live;
        }
        int64_t rlb, rpeak;
        reported(json, f->name, memspace_name[s], &rlb, &rpeak);
        if (peak != lb || rlb != lb || rpeak != peak)
            unit_fail(__FILE__, __LINE__, "%s: kernel %s, %s: peak %lld, lower bound %lld; reported %lld and %lld", file,
                      f->name, memspace_name[s], (long long)peak, (long long)lb, (long long)rpeak, (long long)rlb);
        checked++;
    }
    map_free(&l.index);
    return checked;
}

/* Compiles `path` with the Default strategy and checks each kernel; the number of spaces
 * checked, -1 when the file does not compile. */
static int check_file(const char *path) {
    Buf text = {0};
    if (!read_file(path, &text))
        return -1;
    buf_putc(&text, 0);
    FILE *sink = fopen("/dev/null", "w");
    Diags d;
    diags_init(&d, sink);
    d.color = false;
    Ctx c;
    ctx_init(&c, &d);
    Source src = {path, text.data, text.len - 1};
    Program *p = parse_program(&c, &src);
    Target tg;
    target_default(&tg);
    PassCtx pc = {.c = &c, .target = &tg};
    Pipeline pl;
    Buf err = {0};
    int checked = -1;
    if (p && pipeline_parse(&pl, strategy_passes("Default"), &err)) {
        Program *q = pipeline_run(&pc, p, program_props(p), &pl, NULL, NULL);
        if (q) {
            checked = 0;
            for (int i = 0; i < q->nfuncs; i++)
                if (q->funcs[i]->kind == FN_INCORE)
                    checked += check_kernel(path, q->funcs[i], &pc.memory_json);
        }
    }
    buf_free(&err);
    buf_free(&pc.memory_json);
    buf_free(&pc.sync_json);
    ctx_free(&c);
    fclose(sink);
    buf_free(&text);
    return checked;
}

static int check_dir(const char *dir, int *files) {
    DIR *dp = opendir(dir);
    if (!dp)
        return 0;
    char *names[256];
    int n = 0, total = 0;
    struct dirent *e;
    while ((e = readdir(dp)) && n < 256) {
        size_t len = strlen(e->d_name);
        if (len > 3 && strcmp(e->d_name + len - 3, ".py") == 0 && !strstr(e->d_name, ".expected."))
            names[n++] = strdup(e->d_name);
    }
    closedir(dp);
    for (int i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        int k = check_file(path);
        if (k > 0) {
            total += k;
            (*files)++;
        }
        free(names[i]);
    }
    return total;
}

void test_memory_examples_tight(void) {
    int files = 0;
    int spaces = check_dir("examples", &files);
    CHECK(files >= 9);   /* every example has kernels once the pipeline is complete */
    CHECK(spaces >= 16);
    check_dir("tests/programs", &files);
    check_dir("tests/passes/MemoryReuse", &files);
    check_dir("tests/passes/AllocateMemoryAddr", &files);
}
