#define _POSIX_C_SOURCE 200809L
/* test_sync.c - InsertSync, checked by an independent simulator.
 *
 * The simulator shares no code with the pass. It walks a kernel along every path (each loop run
 * 0, 1 and 2 times, 0 left out when its constant bounds make it run at least once; each if
 * both ways) and replays the instruction stream with vector clocks: count[P] operations issued
 * on pipe P; vc[Q][P] = how many of P's operations are known complete before Q's next one. A
 * sync_src(P, Q, e) sends vc[P] with vc[P][P] = count[P] (it fires when P's earlier work is
 * done); the matching sync_dst raises vc[Q] to it; bar_v / bar_m complete their own pipe,
 * bar_all every pipe; the DMA pipes (MTE1, MTE2, MTE3, FIX) complete in order. It checks:
 * - balance: a set is never set again before it is waited, a wait always has its set, and no
 *   event is left set at the end of the kernel;
 * - order: every earlier operation whose buffer access conflicts with an operation's
 *   (same MemRef base, overlapping bytes, one of them writing) is complete before it starts.
 * The dependency list comes from the statements' memory references here, not from the pass. */
#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"
#include "unit.h"

/* ---- programs ---- */

typedef struct {
    Diags d;
    FILE *sink;
    Ctx c;
    Buf text;
    Target target;
    PassCtx pc;
} T;

static bool setup(T *t, const char *path) {
    memset(t, 0, sizeof *t);
    t->sink = tmpfile();
    diags_init(&t->d, t->sink ? t->sink : stderr);
    t->d.color = false;
    ctx_init(&t->c, &t->d);
    target_default(&t->target);
    t->pc = (PassCtx){.c = &t->c, .target = &t->target};
    return !path || read_file(path, &t->text);
}

static void teardown(T *t) {
    buf_free(&t->pc.memory_json);
    buf_free(&t->pc.sync_json);
    ctx_free(&t->c);
    buf_free(&t->text);
    if (t->sink)
        fclose(t->sink);
}

static Program *parse_text(T *t, const char *name, const char *text) {
    Source *src = ARENA_NEW(t->c.arena, Source);
    src->name = name;
    src->text = text;
    src->len = strlen(text);
    return parse_program(&t->c, src);
}

/* The diagnostics written so far. */
static const char *diag_text(T *t) {
    static char buf[1 << 14];
    buf[0] = 0;
    if (!t->sink)
        return buf;
    fflush(t->sink);
    long n = ftell(t->sink);
    rewind(t->sink);
    size_t got = fread(buf, 1, n > 0 && (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1, t->sink);
    buf[got] = 0;
    fseek(t->sink, 0, SEEK_END);
    return buf;
}

/* ---- what a statement does, read off the IR ---- */

typedef struct {
    const Expr *base;
    bool known;
    int64_t lo, hi;
    bool write;
} Touch;

enum { MAX_TOUCH = 32 };

typedef struct {
    Pipe pipe;
    int n;
    Touch t[MAX_TOUCH];
} Work;

static bool real_pipe(Pipe p) {
    return p == PIPE_MTE1 || p == PIPE_MTE2 || p == PIPE_MTE3 || p == PIPE_V || p == PIPE_M || p == PIPE_FIX;
}

static bool dma(Pipe p) { return p == PIPE_MTE1 || p == PIPE_MTE2 || p == PIPE_MTE3 || p == PIPE_FIX; }

static void touch(Work *w, const Type *t, bool write) {
    if (!t || (t->kind != TY_TILE && t->kind != TY_TENSOR) || !t->memref || w->n == MAX_TOUCH)
        return;
    Touch *x = &w->t[w->n++];
    x->base = t->memref->base;
    x->write = write;
    int64_t off, size;
    x->known = expr_is_const_int(t->memref->offset, &off) && expr_is_const_int(t->memref->size, &size);
    if (x->known) {
        x->lo = off;
        x->hi = off + size;
    }
}

static const Expr *stmt_call(const Stmt *s) {
    const Expr *e = s->kind == S_ASSIGN ? s->assign.value : s->kind == S_EVAL ? s->eval.e : NULL;
    return e && e->kind == E_OP ? e : NULL;
}

/* The buffers of an operation statement: false for anything else. Scratch and output
 * arguments count as read and written (stricter than needed). */
static bool work_of(const Stmt *s, Work *w) {
    const Expr *e = stmt_call(s);
    if (!e || e->call.op->effect == EFF_SYNC || !real_pipe(e->call.op->pipe))
        return false;
    w->pipe = e->call.op->pipe;
    w->n = 0;
    OpId id = e->call.op->id;
    for (int i = 0; i < e->call.nargs; i++) {
        const Expr *a = e->call.args[i];
        if (a->kind != E_VAR)
            continue;
        bool written = ((id == OP_TILE_STORE || id == OP_TILE_L0C_STORE) && i == 3) ||
                       ((id == OP_TILE_ROW_SUM || id == OP_TILE_ROW_MAX || id == OP_TILE_ROW_MIN || id == OP_TILE_SUM) && i == 1);
        touch(w, a->var->type, false);
        if (written)
            touch(w, a->var->type, true);
    }
    if (s->kind == S_ASSIGN)
        for (int i = 0; i < s->assign.n; i++)
            touch(w, s->assign.vars[i]->type, true);
    return true;
}

static bool same_buffer(const Touch *a, const Touch *b) {
    bool same = a->base->kind == E_VAR && b->base->kind == E_VAR   ? a->base->var == b->base->var
                : a->base->kind == E_STR && b->base->kind == E_STR ? strcmp(a->base->s, b->base->s) == 0
                                                                   : expr_equal(a->base, b->base);
    return same && (!a->known || !b->known || (a->lo < b->hi && b->lo < a->hi));
}

static bool conflicts(const Work *a, const Work *b) {
    for (int i = 0; i < a->n; i++)
        for (int j = 0; j < b->n; j++)
            if ((a->t[i].write || b->t[j].write) && same_buffer(&a->t[i], &b->t[j]))
                return true;
    return false;
}

/* ---- the simulator ---- */

typedef struct {
    const Work *w;
    int index; /* among its pipe's operations */
    const Stmt *s;
} Done;

typedef struct Sim {
    int count[PIPE__COUNT];
    int vc[PIPE__COUNT][PIPE__COUNT];
    bool flag[PIPE__COUNT][PIPE__COUNT][8];
    int ev[PIPE__COUNT][PIPE__COUNT][8][PIPE__COUNT]; /* the clock each set event carries */
    Done *hist;
    int nhist, chist;
} Sim;

typedef struct {
    Sim **v;
    int n, cap;
} Sims;

typedef struct {
    const char *kernel;
    char error[512]; /* the first violation */
    bool too_many;
    int paths, max_paths;
    Map works;       /* Stmt -> its Work (malloc'd), computed once */
} Check;

enum { MAX_PATHS = 4096 };

/* The Work of an operation statement, or NULL. */
static const Work *work(Check *k, const Stmt *s) {
    Work *w = map_get(&k->works, s);
    if (w)
        return w->n >= 0 ? w : NULL;
    w = malloc(sizeof *w);
    if (!work_of(s, w))
        w->n = -1;
    map_put(&k->works, s, w);
    return w->n >= 0 ? w : NULL;
}

static Sim *sim_copy(const Sim *s) {
    Sim *c = malloc(sizeof *c);
    *c = *s;
    c->hist = malloc(sizeof(Done) * (size_t)(s->chist ? s->chist : 1));
    if (s->nhist)
        memcpy(c->hist, s->hist, sizeof(Done) * (size_t)s->nhist);
    return c;
}

static void sim_free(Sim *s) {
    free(s->hist);
    free(s);
}

static void sims_push(Check *k, Sims *ss, Sim *s) {
    if (ss->n >= k->max_paths) {
        k->too_many = true;
        sim_free(s);
        return;
    }
    if (ss->n == ss->cap) {
        ss->cap = ss->cap ? 2 * ss->cap : 8;
        ss->v = realloc(ss->v, sizeof *ss->v * (size_t)ss->cap);
    }
    ss->v[ss->n++] = s;
}

static void sims_free(Sims *ss) {
    for (int i = 0; i < ss->n; i++)
        sim_free(ss->v[i]);
    free(ss->v);
    ss->v = NULL;
    ss->n = ss->cap = 0;
}

static Sims sims_copy(Check *k, const Sims *ss) {
    Sims c = {0};
    for (int i = 0; i < ss->n; i++)
        sims_push(k, &c, sim_copy(ss->v[i]));
    return c;
}

static void sims_move(Check *k, Sims *to, Sims *from) {
    for (int i = 0; i < from->n; i++)
        sims_push(k, to, from->v[i]);
    free(from->v);
    from->v = NULL;
    from->n = from->cap = 0;
}

static void violation(Check *k, const Stmt *s, const char *fmt, const char *a, const char *b) {
    if (k->error[0])
        return;
    int n = snprintf(k->error, sizeof k->error, "kernel %s, line %d: ", k->kernel, s ? s->loc.line : 0);
    if (n > 0 && (size_t)n < sizeof k->error)
        snprintf(k->error + n, sizeof k->error - (size_t)n, fmt, a, b);
}

static void sim_op(Check *k, Sim *m, const Stmt *s, const Work *w) {
    Pipe q = w->pipe;
    for (int i = 0; i < m->nhist; i++) {
        const Done *h = &m->hist[i];
        Pipe p = h->w->pipe;
        if (p == q && dma(p))
            continue;
        if (conflicts(h->w, w) && m->vc[q][p] <= h->index) {
            char where[32];
            snprintf(where, sizeof where, "%d", h->s->loc.line);
            violation(k, s, "not ordered after the conflicting operation of line %s on %s", where, pipe_name[p]);
        }
    }
    if (m->nhist == m->chist) {
        m->chist = m->chist ? 2 * m->chist : 16;
        m->hist = realloc(m->hist, sizeof(Done) * (size_t)m->chist);
    }
    m->hist[m->nhist++] = (Done){w, m->count[q], s};
    m->count[q]++;
    if (dma(q))
        m->vc[q][q] = m->count[q];
}

static void sim_sync(Check *k, Sim *m, const Stmt *s, const Expr *e) {
    OpId id = e->call.op->id;
    if (id == OP_SYSTEM_BAR_V || id == OP_SYSTEM_BAR_M) {
        Pipe p = id == OP_SYSTEM_BAR_V ? PIPE_V : PIPE_M;
        m->vc[p][p] = m->count[p];
        return;
    }
    if (id == OP_SYSTEM_BAR_ALL) {
        for (int q = 0; q < PIPE__COUNT; q++)
            for (int p = 0; p < PIPE__COUNT; p++)
                m->vc[q][p] = m->count[p];
        return;
    }
    int64_t sp, wp, ev;
    if (!op_attr_value(e, "set_pipe", &sp) || !op_attr_value(e, "wait_pipe", &wp) || !op_attr_value(e, "event_id", &ev) ||
        sp < 0 || sp >= PIPE__COUNT || wp < 0 || wp >= PIPE__COUNT || ev < 0 || ev > 7) {
        violation(k, s, "malformed sync op%s%s", "", "");
        return;
    }
    if (id == OP_SYSTEM_SYNC_SRC) {
        if (m->flag[sp][wp][ev])
            violation(k, s, "event %s->%s set again before it was waited", pipe_name[sp], pipe_name[wp]);
        m->flag[sp][wp][ev] = true;
        memcpy(m->ev[sp][wp][ev], m->vc[sp], sizeof m->vc[sp]);
        m->ev[sp][wp][ev][sp] = m->count[sp];
    } else {
        if (!m->flag[sp][wp][ev])
            violation(k, s, "wait %s->%s without a set", pipe_name[sp], pipe_name[wp]);
        m->flag[sp][wp][ev] = false;
        for (int p = 0; p < PIPE__COUNT; p++)
            if (m->ev[sp][wp][ev][p] > m->vc[wp][p])
                m->vc[wp][p] = m->ev[sp][wp][ev][p];
    }
}

static void sim_block(Check *k, const Stmt *b, Sims *ss);

/* How many times a pl.range with constant bounds runs; -1 when unknown. */
static int64_t trips(const Stmt *s) {
    int64_t a, b, c;
    if (s->kind != S_FOR || !expr_is_const_int(s->loop.start, &a) || !expr_is_const_int(s->loop.stop, &b) ||
        !expr_is_const_int(s->loop.step, &c) || c == 0)
        return -1;
    if (c > 0)
        return a < b ? (b - a + c - 1) / c : 0;
    return a > b ? (a - b - c - 1) / -c : 0;
}

static void sim_stmt(Check *k, const Stmt *s, Sims *ss) {
    const Work *w;
    const Stmt *body;
    switch (s->kind) {
    case S_SEQ:
        sim_block(k, s, ss);
        return;
    case S_ASSIGN:
    case S_EVAL: {
        const Expr *e = stmt_call(s);
        if (e && e->call.op->effect == EFF_SYNC) {
            for (int i = 0; i < ss->n; i++)
                sim_sync(k, ss->v[i], s, e);
        } else if ((w = work(k, s))) {
            for (int i = 0; i < ss->n; i++)
                sim_op(k, ss->v[i], s, w);
        }
        return;
    }
    case S_IF: {
        Sims other = sims_copy(k, ss);
        sim_stmt(k, s->ifs.then, ss);
        if (s->ifs.els)
            sim_stmt(k, s->ifs.els, &other);
        sims_move(k, ss, &other);
        return;
    }
    case S_FOR:
    case S_WHILE: {
        body = s->kind == S_FOR ? s->loop.body : s->wloop.body;
        Sims once = sims_copy(k, ss);
        sim_stmt(k, body, &once);
        Sims twice = sims_copy(k, &once);
        sim_stmt(k, body, &twice);
        if (trips(s) >= 1)
            sims_free(ss);
        sims_move(k, ss, &once);
        sims_move(k, ss, &twice);
        return;
    }
    case S_SCOPE:
        sim_stmt(k, s->scope.body, ss);
        return;
    case S_YIELD: case S_RETURN: case S_BREAK: case S_CONTINUE:
        return;
    }
}

static void sim_block(Check *k, const Stmt *b, Sims *ss) {
    for (int i = 0; i < b->seq.n && !k->error[0] && !k->too_many; i++)
        sim_stmt(k, b->seq.items[i], ss);
}

/* Checks one kernel; the message of the first violation, or NULL. */
static const char *check_kernel_paths(Check *k, const Func *f, int max_paths) {
    memset(k, 0, sizeof *k);
    k->kernel = f->name;
    k->max_paths = max_paths;
    Sims ss = {0};
    sims_push(k, &ss, calloc(1, sizeof(Sim)));
    sim_stmt(k, f->body, &ss);
    k->paths = ss.n;
    for (int i = 0; i < ss.n && !k->error[0]; i++)
        for (int p = 0; p < PIPE__COUNT; p++)
            for (int q = 0; q < PIPE__COUNT; q++)
                for (int e = 0; e < 8; e++)
                    if (ss.v[i]->flag[p][q][e])
                        violation(k, NULL, "event %s->%s still set at the end", pipe_name[p], pipe_name[q]);
    sims_free(&ss);
    for (size_t i = 0; i < k->works.cap; i++)
        if (k->works.keys[i])
            free(k->works.vals[i]);
    map_free(&k->works);
    if (k->too_many && !k->error[0])
        snprintf(k->error, sizeof k->error, "kernel %s: more than %d paths", f->name, max_paths);
    return k->error[0] ? k->error : NULL;
}

static const char *check_kernel(Check *k, const Func *f) { return check_kernel_paths(k, f, MAX_PATHS); }

/* Checks every kernel of p; counts them. */
static void check_program(const char *what, const Program *p, int *kernels) {
    for (int i = 0; i < p->nfuncs; i++) {
        if (p->funcs[i]->kind != FN_INCORE)
            continue;
        Check k;
        const char *err = check_kernel(&k, p->funcs[i]);
        if (err)
            unit_fail(__FILE__, __LINE__, "%s: %s", what, err);
        ++*kernels;
    }
}

static bool same_text(const Program *a, const Program *b) {
    Buf x = {0}, y = {0};
    print_program(&x, a);
    print_program(&y, b);
    bool same = x.len == y.len && memcmp(x.data, y.data, x.len) == 0;
    buf_free(&x);
    buf_free(&y);
    return same;
}

/* ---- the golden inputs, run directly ---- */

typedef void (*FileFn)(const char *path, int *count);

static int each_py(const char *dir, FileFn fn, int *count) {
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char *names[512];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 512) {
        size_t len = strlen(e->d_name);
        if (len > 3 && strcmp(e->d_name + len - 3, ".py") == 0 && !strstr(e->d_name, ".expected."))
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    for (int i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        fn(path, count);
        free(names[i]);
    }
    return n;
}

static bool has_err_file(const char *path) {
    char err[1024];
    snprintf(err, sizeof err, "%.*s.err", (int)(strlen(path) - 3), path);
    FILE *f = fopen(err, "r");
    if (f)
        fclose(f);
    return f != NULL;
}

/* InsertSync alone, on an input that has memory references; checked, and run twice. */
static void direct(const char *path, int *kernels) {
    T t;
    if (!setup(&t, path)) {
        unit_fail(__FILE__, __LINE__, "cannot read %s", path);
        teardown(&t);
        return;
    }
    Program *p = parse_text(&t, path, t.text.data);
    if (!p) {
        unit_fail(__FILE__, __LINE__, "%s does not parse: %s", path, diag_text(&t));
    } else if (program_props(p) & PROP_MEMREF) {
        bool must_fail = has_err_file(path);
        Program *q = pass_insert_sync(&t.pc, p);
        if (must_fail) {
            if (q)
                unit_fail(__FILE__, __LINE__, "%s: InsertSync succeeded but a .err file expects an error", path);
        } else if (!q) {
            unit_fail(__FILE__, __LINE__, "%s: InsertSync failed: %s", path, diag_text(&t));
        } else {
            check_program(path, q, kernels);
            Program *again = pass_insert_sync(&t.pc, q);
            if (!again || !same_text(q, again))
                unit_fail(__FILE__, __LINE__, "%s: InsertSync is not idempotent", path);
        }
    }
    teardown(&t);
}

void test_sync_golden_inputs(void) {
    int kernels = 0;
    int n = each_py("tests/passes/InsertSync", direct, &kernels);
    if (n < 0) {
        unit_fail(__FILE__, __LINE__, "cannot list tests/passes/InsertSync (run from the repository root)");
        return;
    }
    CHECK(kernels >= 10);
    each_py("tests/programs", direct, &kernels);
}

/* ---- the examples through the Default pipeline ---- */

static const char *const before_sync[] = {"ConvertToSSA", "FlattenCallExpr", "RunVerifier", "OutlineIncoreScopes",
                                          "ConvertTensorToTileOps", "InitMemRef", "MemoryReuse"};

static bool pipeline_exists(void) {
    for (size_t i = 0; i < sizeof before_sync / sizeof *before_sync; i++)
        if (!pass_lookup(before_sync[i]))
            return false;
    return pass_lookup("InsertSync") != NULL;
}

/* The Default passes up to InsertSync; an input the earlier passes reject is skipped (their own
 * tests cover it), a failure of InsertSync is not. */
static void through_pipeline(const char *path, int *kernels) {
    T t;
    if (!setup(&t, path)) {
        unit_fail(__FILE__, __LINE__, "cannot read %s", path);
        teardown(&t);
        return;
    }
    Program *p = parse_text(&t, path, t.text.data);
    if (p) {
        Pipeline pl;
        Buf list = {0}, err = {0};
        for (size_t i = 0; i < sizeof before_sync / sizeof *before_sync; i++)
            buf_printf(&list, "%s%s", i ? "," : "", before_sync[i]);
        if (pipeline_parse(&pl, list.data, &err)) {
            Program *m = pipeline_run(&t.pc, p, program_props(p), &pl, NULL, NULL);
            bool has_kernel = false;
            for (int i = 0; m && i < m->nfuncs; i++)
                has_kernel |= m->funcs[i]->kind == FN_INCORE;
            if (m && has_kernel) {
                Program *q = pass_insert_sync(&t.pc, m);
                if (!q)
                    unit_fail(__FILE__, __LINE__, "%s: InsertSync failed after the memory passes: %s", path, diag_text(&t));
                else
                    check_program(path, q, kernels);
            }
        }
        buf_free(&list);
        buf_free(&err);
    }
    teardown(&t);
}

void test_sync_examples_default_pipeline(void) {
    if (!pipeline_exists())
        return; /* the memory passes are not registered yet */
    int kernels = 0;
    if (each_py("examples", through_pipeline, &kernels) < 0) {
        unit_fail(__FILE__, __LINE__, "cannot list examples/ (run from the repository root)");
        return;
    }
    each_py("tests/programs", through_pipeline, &kernels);
    CHECK(kernels >= 10);
}

/* ---- the checker itself, and the pass's errors and report ---- */

#define KERNEL_HEAD                                                                                          \
    "import pypto.language as pl\n"                                                                          \
    "@pl.program\n"                                                                                          \
    "class P:\n"                                                                                             \
    "    @pl.function(type=pl.FunctionType.InCore)\n"                                                        \
    "    def k(self, x: pl.Tensor[[16, 16], pl.FP32, pl.MemRef(\"mem_ddr_0\", 0, 1024)],\n"                 \
    "          out: pl.Out[pl.Tensor[[16, 16], pl.FP32, pl.MemRef(\"mem_ddr_1\", 0, 1024)]])"               \
    " -> pl.Tensor[[16, 16], pl.FP32, pl.MemRef(\"mem_ddr_1\", 0, 1024)]:\n"                                \
    "        m0: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)\n"                                                    \
    "        m1: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)\n"

#define TILE0 "pl.Tile[[16, 16], pl.FP32, pl.MemRef(m0, 0, 1024), pl.Mem.Vec]"
#define TILE1 "pl.Tile[[16, 16], pl.FP32, pl.MemRef(m1, 0, 1024), pl.Mem.Vec]"
#define OUT "pl.Tensor[[16, 16], pl.FP32, pl.MemRef(\"mem_ddr_1\", 0, 1024)]"
#define LOAD "        t: " TILE0 " = pl.tile.load(x, [0, 0], [16, 16])\n"
#define EXP "        e: " TILE1 " = pl.tile.exp(t)\n"
#define STORE "        r: " OUT " = pl.tile.store(e, [0, 0], [16, 16], out)\n        return r\n"
#define SET(a, b, n) "        pl.system.sync_src(set_pipe=pl.Pipe." #a ", wait_pipe=pl.Pipe." #b ", event_id=" #n ")\n"
#define WAIT(a, b, n) "        pl.system.sync_dst(set_pipe=pl.Pipe." #a ", wait_pipe=pl.Pipe." #b ", event_id=" #n ")\n"

/* The violation the simulator reports for a hand-written kernel, or NULL. */
static const char *verdict(T *t, const char *text) {
    static char msg[512];
    Program *p = parse_text(t, "k.py", text);
    if (!p)
        return "does not parse";
    Check k;
    const char *err = check_kernel(&k, p->funcs[0]);
    if (!err)
        return NULL;
    snprintf(msg, sizeof msg, "%s", err);
    return msg;
}

void test_sync_checker_finds_violations(void) {
    T t;
    setup(&t, NULL);
    const char *ok = KERNEL_HEAD LOAD SET(MTE2, V, 0) WAIT(MTE2, V, 0) EXP SET(V, MTE3, 0) WAIT(V, MTE3, 0) STORE;
    CHECK(verdict(&t, ok) == NULL);
    const char *unordered = KERNEL_HEAD LOAD EXP SET(V, MTE3, 0) WAIT(V, MTE3, 0) STORE;
    const char *v = verdict(&t, unordered);
    CHECK(v && strstr(v, "not ordered"));
    const char *unwaited = KERNEL_HEAD LOAD SET(MTE2, V, 0) SET(MTE2, V, 1) WAIT(MTE2, V, 0) EXP SET(V, MTE3, 0)
        WAIT(V, MTE3, 0) STORE;
    v = verdict(&t, unwaited);
    CHECK(v && strstr(v, "still set"));
    const char *twice = KERNEL_HEAD LOAD SET(MTE2, V, 0) SET(MTE2, V, 0) WAIT(MTE2, V, 0) EXP SET(V, MTE3, 0)
        WAIT(V, MTE3, 0) STORE;
    v = verdict(&t, twice);
    CHECK(v && strstr(v, "set again"));
    /* a wait on the wrong pipe pair orders nothing */
    const char *wrong = KERNEL_HEAD LOAD SET(MTE2, MTE3, 0) WAIT(MTE2, MTE3, 0) EXP SET(V, MTE3, 0) WAIT(V, MTE3, 0) STORE;
    v = verdict(&t, wrong);
    CHECK(v && strstr(v, "not ordered"));
    /* a dependency carried around a loop must be ordered on the second iteration */
    const char *loop = KERNEL_HEAD
        "        for i in pl.range(0, 4, 1):\n"
        "            t: " TILE0 " = pl.tile.load(x, [0, 0], [16, 16])\n"
        "            pl.system.sync_src(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=0)\n"
        "            pl.system.sync_dst(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=0)\n"
        "            e: " TILE1 " = pl.tile.exp(t)\n"
        "        return out\n";
    v = verdict(&t, loop);
    CHECK(v && strstr(v, "not ordered")); /* the next load overwrites t while exp may still read it */
    teardown(&t);
}

void test_sync_pass_on_loop_satisfies_checker(void) {
    T t;
    setup(&t, NULL);
    const char *src = KERNEL_HEAD
        "        for i in pl.range(0, 4, 1):\n"
        "            t: " TILE0 " = pl.tile.load(x, [0, 0], [16, 16])\n"
        "            e: " TILE1 " = pl.tile.exp(t)\n"
        "            if i == 2:\n"
        "                f: " TILE0 " = pl.tile.exp(e)\n"
        "        r: " OUT " = pl.tile.store(e, [0, 0], [16, 16], out)\n"
        "        return r\n";
    Program *p = parse_text(&t, "k.py", src);
    CHECK(p != NULL);
    if (!p) {
        teardown(&t);
        return;
    }
    Program *q = pass_insert_sync(&t.pc, p);
    CHECK(q != NULL);
    if (q) {
        Check k;
        const char *err = check_kernel(&k, q->funcs[0]);
        if (err)
            unit_fail(__FILE__, __LINE__, "%s", err);
        CHECK(k.paths >= 4);
    }
    teardown(&t);
}

void test_sync_report(void) {
    T t;
    setup(&t, NULL);
    Program *p = parse_text(&t, "k.py", KERNEL_HEAD LOAD EXP STORE);
    CHECK(p != NULL);
    if (p && pass_insert_sync(&t.pc, p)) {
        CHECK_EQ_STR(t.pc.sync_json.data, "{\"name\": \"k\", \"sync_pairs\": 2, \"barriers\": 1}");
        pass_insert_sync(&t.pc, p);
        CHECK_EQ_STR(t.pc.sync_json.data, "{\"name\": \"k\", \"sync_pairs\": 2, \"barriers\": 1},\n"
                                          "{\"name\": \"k\", \"sync_pairs\": 2, \"barriers\": 1}");
    } else {
        CHECK(!"InsertSync failed");
    }
    teardown(&t);
}

/* Errors: positioned, and InsertSync returns NULL. */
static void expect_error(const char *text, const char *message) {
    T t;
    setup(&t, NULL);
    Program *p = parse_text(&t, "k.py", text);
    CHECK(p != NULL);
    if (p) {
        CHECK(pass_insert_sync(&t.pc, p) == NULL);
        const char *d = diag_text(&t);
        if (!strstr(d, message))
            unit_fail(__FILE__, __LINE__, "expected '%s' in: %s", message, d);
    }
    teardown(&t);
}

void test_sync_errors(void) {
    expect_error(KERNEL_HEAD LOAD "        e: pl.Tile[[16, 16], pl.FP32] = pl.tile.exp(t)\n" STORE,
                 "k.py:10:9: error: InsertSync needs the memory reference of 'e' (run InitMemRef first)");
    expect_error(KERNEL_HEAD
                 "        for i in pl.range(0, 4, 1):\n"
                 "            t: " TILE0 " = pl.tile.load(x, [0, 0], [16, 16])\n"
                 "            if i == 2:\n"
                 "                break\n"
                 "        return out\n",
                 "k.py:12:17: error: InsertSync does not support 'break' in InCore kernel 'k'");
}

/* ---- random kernels ---- */

/* Random structured kernels over five tiles in three buffers (two of them overlapping in bytes),
 * with loads, vector ops, moves, matmuls and stores, nested loops (constant, dynamic, while) and
 * ifs: InsertSync's plan must satisfy the simulator on each. */
typedef struct {
    Buf b;
    uint64_t seed;
    int nvar;
} Gen;

static int rnd(Gen *g, int n) {
    g->seed = g->seed * 6364136223846793005ull + 1442695040888963407ull;
    return (int)((g->seed >> 33) % (uint64_t)n);
}

enum { NHANDLES = 5 };
static const char *const handle_ref[NHANDLES] = {"m0, 0, 1024", "m0, 1024, 1024", "m1, 0, 1024", "m2, 0, 1024",
                                                 "m0, 512, 1024"};

static void line(Gen *g, int depth, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void line(Gen *g, int depth, const char *fmt, ...) {
    for (int i = 0; i < depth + 2; i++)
        buf_puts(&g->b, "    ");
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&g->b, fmt, ap);
    va_end(ap);
    buf_putc(&g->b, '\n');
}

#define RTILE "pl.Tile[[16, 16], pl.FP32, pl.MemRef(%s)]"
#define RTENSOR "pl.Tensor[[16, 16], pl.FP32, pl.MemRef(\"mem_ddr_1\", 0, 1024)]"

static void gen_block(Gen *g, int depth, int n) {
    for (int k = 0; k < n; k++) {
        int r = rnd(g, 100), v = g->nvar++, i = rnd(g, NHANDLES), j = rnd(g, NHANDLES);
        if (depth < 2 && r < 9) {
            if (rnd(g, 2))
                line(g, depth, "for i%d in pl.range(0, %d, 1):", v, 1 + rnd(g, 3));
            else
                line(g, depth, "for i%d in pl.range(0, n, 1):", v);
            gen_block(g, depth + 1, 1 + rnd(g, 4));
        } else if (depth < 2 && r < 17) {
            line(g, depth, "if n > %d:", rnd(g, 10));
            gen_block(g, depth + 1, 1 + rnd(g, 3));
            if (rnd(g, 2)) {
                line(g, depth, "else:");
                gen_block(g, depth + 1, 1 + rnd(g, 3));
            }
        } else if (depth < 2 && r < 20) {
            line(g, depth, "while n > %d:", rnd(g, 10));
            gen_block(g, depth + 1, 1 + rnd(g, 3));
        } else if (r < 38) {
            line(g, depth, "t%d: " RTILE " = pl.tile.load(%s, [0, 0], [16, 16])", v, handle_ref[j], rnd(g, 4) ? "x" : "out");
        } else if (r < 58) {
            line(g, depth, "t%d: " RTILE " = pl.tile.exp(h%d)", v, handle_ref[j], i);
        } else if (r < 72) {
            line(g, depth, "t%d: " RTILE " = pl.tile.add(h%d, h%d)", v, handle_ref[j], i, rnd(g, NHANDLES));
        } else if (r < 84) {
            line(g, depth, "o%d: " RTENSOR " = pl.tile.store(h%d, [0, 0], [16, 16], out)", v, i);
        } else if (r < 92) {
            line(g, depth, "t%d: " RTILE " = pl.tile.move(h%d, target_memory=pl.Mem.Vec)", v, handle_ref[j], i);
        } else {
            line(g, depth, "t%d: " RTILE " = pl.tile.matmul(h%d, h%d)", v, handle_ref[j], i, rnd(g, NHANDLES));
        }
    }
}

static void gen_kernel(Gen *g) {
    buf_puts(&g->b, "import pypto.language as pl\n@pl.program\nclass R:\n"
                    "    @pl.function(type=pl.FunctionType.InCore)\n"
                    "    def k(self, x: pl.Tensor[[16, 16], pl.FP32, pl.MemRef(\"mem_ddr_0\", 0, 1024)], n: pl.Scalar[pl.INT64],\n"
                    "          out: pl.Out[" RTENSOR "]):\n"
                    "        m0: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 2048)\n"
                    "        m1: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)\n"
                    "        m2: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)\n");
    for (int h = 0; h < NHANDLES; h++)
        line(g, 0, "h%d: " RTILE " = pl.tile.create_tile([16, 16], dtype=pl.FP32, target_memory=pl.Mem.Vec)", h, handle_ref[h]);
    gen_block(g, 0, 4 + rnd(g, 14));
}

void test_sync_random_kernels(void) {
    const char *env = getenv("PTOC_SYNC_RANDOM_N");
    int count = env ? atoi(env) : 100, checked = 0, no_events = 0;
    for (int i = 0; i < count; i++) {
        Gen g = {.seed = 0x5EED0000u + (uint64_t)i};
        gen_kernel(&g);
        T t;
        setup(&t, NULL);
        Program *p = parse_text(&t, "random.py", g.b.data);
        if (!p) {
            unit_fail(__FILE__, __LINE__, "random kernel %d does not parse: %s", i, diag_text(&t));
        } else {
            Program *q = pass_insert_sync(&t.pc, p);
            if (!q) {
                if (strstr(diag_text(&t), "events from pipe"))
                    no_events++;
                else
                    unit_fail(__FILE__, __LINE__, "random kernel %d: InsertSync failed: %s", i, diag_text(&t));
            } else {
                Check k;
                const char *err = check_kernel_paths(&k, q->funcs[0], 512);
                if (err && !k.too_many) {
                    unit_fail(__FILE__, __LINE__, "random kernel %d (written to build/sync_failure.py): %s", i, err);
                    FILE *f = fopen("build/sync_failure.py", "w");
                    if (f) {
                        fputs(g.b.data, f);
                        fclose(f);
                    }
                } else if (!err) {
                    checked++;
                }
                Program *again = pass_insert_sync(&t.pc, q);
                if (!again || !same_text(q, again))
                    unit_fail(__FILE__, __LINE__, "random kernel %d: InsertSync is not idempotent", i);
            }
        }
        teardown(&t);
        buf_free(&g.b);
    }
    if (getenv("PTOC_SYNC_RANDOM_STATS"))
        printf("random kernels: %d, checked %d, out of events %d\n", count, checked, no_events);
    CHECK(checked >= count * 3 / 4);
    CHECK(no_events <= count / 10);
}
