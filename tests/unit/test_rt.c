#define _POSIX_C_SOURCE 200809L
/* test_rt.c - the orchestration runtime (runtime/cpu/rt.c): dependencies, bounded resources and
 * their stalls, intermediates and scopes, deadlocks and failures. Kernels are C functions over
 * the ChipTensors of their args; they record what they see in atomics the tests check after the
 * run. Waits inside kernels (to force an order or a stall) give up after 5 seconds, so a broken
 * runtime fails a check instead of hanging. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ptoc_rt.h"
#include "ptoc_tile.h"
#include "unit.h"

enum { K_ADD, K_SCALE, K_STEP, K_SET, K_COPY, K_FILL, K_BAD, K_MM, K_COUNT };

static atomic_int violations, inside, met, ran;
static PtocRt *stall_rt; /* the runtime whose stats kernels wait for (kernel_wait) */
static int stall_res;    /* the resource kernel_wait(-1) waits for */

static void sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const ChipTensor *arg_tensor(const int64_t *args, int i) { return (const ChipTensor *)(intptr_t)args[i]; }

static void *data(const int64_t *args, int i) {
    const ChipTensor *t = arg_tensor(args, i);
    return (char *)(uintptr_t)t->buffer.addr + t->start_offset * ptoc_dtype_size(t->dtype);
}

static uint64_t numel(const int64_t *args, int i) {
    const ChipTensor *t = arg_tensor(args, i);
    uint64_t n = 1;
    for (uint32_t d = 0; d < t->ndims; d++)
        n *= t->shape[d];
    return n;
}

static float f32_of(int64_t bits) {
    uint32_t u = (uint32_t)bits;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static uint64_t bits_of(float f) {
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/* c = a + b */
static void k_add(int64_t *args) {
    const float *a = data(args, 0), *b = data(args, 1);
    float *c = data(args, 2);
    for (uint64_t i = 0; i < numel(args, 2); i++)
        c[i] = a[i] + b[i];
}

/* y = x * s */
static void k_scale(int64_t *args) {
    const float *x = data(args, 0);
    float *y = data(args, 1);
    float s = f32_of(args[2]);
    for (uint64_t i = 0; i < numel(args, 1); i++)
        y[i] = x[i] * s;
}

/* Waits (at most 5 s) until cond(arg); false on timeout. */
static bool wait_until(bool (*cond)(uint64_t), uint64_t arg) {
    for (int i = 0; i < 5000; i++) {
        if (cond(arg))
            return true;
        sleep_ms(1);
    }
    return false;
}

static bool inside_at_least(uint64_t n) { return (uint64_t)atomic_load(&inside) >= n; }

static bool stalled(uint64_t res) {
    PtocRtStats s;
    ptoc_rt_stats(stall_rt, &s);
    return s.res[res].stalls > 0;
}
static bool have_edges(uint64_t n) {
    PtocRtStats s;
    ptoc_rt_stats(stall_rt, &s);
    return s.edges >= n;
}

/* What a kernel waits for before its work: how > 0 sleeps how ms; -1 waits for a stall of
 * stall_res; WAIT_EDGES(k) until the run has made k edges (a later task depends on this one). */
#define WAIT_EDGES(k) ((uint64_t)(-2 - (int64_t)(k)))
static void kernel_wait(int64_t how) {
    bool ok = true;
    if (how > 0)
        sleep_ms((int)how);
    else if (how == -1)
        ok = wait_until(stalled, (uint64_t)stall_res);
    else if (how <= -2)
        ok = wait_until(have_edges, (uint64_t)(-2 - how));
    if (!ok)
        atomic_fetch_add(&violations, 1);
}

/* counter (int32, inout) must equal args[1]; becomes args[1] + 1. args[2] = 1: first waits for
 * a stall of the task ring. */
static void k_step(int64_t *args) {
    int32_t *p = data(args, 0);
    if (args[2] == 1 && !wait_until(stalled, PTOC_RES_TASK_RING))
        atomic_fetch_add(&violations, 1000000);
    if (*p != (int32_t)args[1])
        atomic_fetch_add(&violations, 1);
    *p = (int32_t)args[1] + 1;
    atomic_fetch_add(&ran, 1);
}

/* out (int32) = args[1]; args[2] = 1: first waits until two kernels are inside at once. */
static void k_set(int64_t *args) {
    if (args[2] == 1) {
        atomic_fetch_add(&inside, 1);
        if (wait_until(inside_at_least, 2))
            atomic_store(&met, 1);
    }
    int32_t *p = data(args, 0);
    for (uint64_t i = 0; i < numel(args, 0); i++)
        p[i] = (int32_t)args[1];
}

/* out = in (int32), after kernel_wait(args[2]) */
static void k_copy(int64_t *args) {
    kernel_wait(args[2]);
    memcpy(data(args, 1), data(args, 0), numel(args, 1) * sizeof(int32_t));
}

/* out (int32) = args[1], after kernel_wait(args[2]) */
static void k_fill(int64_t *args) {
    kernel_wait(args[2]);
    int32_t *p = data(args, 0);
    for (uint64_t i = 0; i < numel(args, 0); i++)
        p[i] = (int32_t)args[1];
}

/* A kernel error the tile library detects: a wait with no set. */
static void k_bad(int64_t *args) {
    (void)args;
    ptoc_wait_flag(0, 1, 0);
}

/* An AIC kernel: c[i] = a[i] * b[i] */
static void k_mm(int64_t *args) {
    const float *a = data(args, 0), *b = data(args, 1);
    float *c = data(args, 2);
    for (uint64_t i = 0; i < numel(args, 2); i++)
        c[i] = a[i] * b[i];
}

/* counts that it ran */
static void k_count(int64_t *args) {
    (void)args;
    atomic_fetch_add(&ran, 1);
}

static void reset(void) {
    atomic_store(&violations, 0);
    atomic_store(&inside, 0);
    atomic_store(&met, 0);
    atomic_store(&ran, 0);
}

static PtocRt *new_rt(const PtocRtConfig *cfg) {
    char err[256] = "";
    PtocRt *rt = ptoc_rt_new(cfg, err, sizeof err);
    if (!rt) {
        CHECK_EQ_STR(err, "");
        return NULL;
    }
    static const struct {
        int id, core;
        PtocKernelFn fn;
        const char *name;
    } ks[] = {
        {K_ADD, PTOC_CORE_AIV, k_add, "add"},       {K_SCALE, PTOC_CORE_AIV, k_scale, "scale"},
        {K_STEP, PTOC_CORE_AIV, k_step, "step"},    {K_SET, PTOC_CORE_AIV, k_set, "set"},
        {K_COPY, PTOC_CORE_AIV, k_copy, "copy"},    {K_FILL, PTOC_CORE_AIV, k_fill, "fill"},
        {K_BAD, PTOC_CORE_AIV, k_bad, "bad"},       {K_MM, PTOC_CORE_AIC, k_mm, "mm"},
        {K_COUNT, PTOC_CORE_AIV, k_count, "count"},
    };
    for (size_t i = 0; i < sizeof ks / sizeof *ks; i++)
        CHECK(ptoc_rt_set_kernel(rt, ks[i].id, ks[i].core, ks[i].fn, ks[i].name));
    return rt;
}

static PtocRtConfig config(void) {
    PtocRtConfig c;
    ptoc_rt_config_default(&c);
    return c;
}

/* A 1-D tensor of n elements at element off of a buffer of total elements. */
static ChipTensor vec(void *buf, uint32_t total, uint32_t off, uint32_t n, uint32_t dtype) {
    return (ChipTensor){.buffer = {(uint64_t)(uintptr_t)buf, (uint64_t)total * ptoc_dtype_size(dtype)},
                        .start_offset = off, .ndims = 1, .shape = {n}, .dtype = dtype};
}

static void add_t(PtocTaskArgs *a, int dir, ChipTensor t) {
    a->tensors[a->ntensors].dir = dir;
    a->tensors[a->ntensors].t = t;
    a->ntensors++;
}

static void add_create(PtocTaskArgs *a, uint32_t n, uint32_t dtype) {
    a->tensors[a->ntensors].dir = PTOC_ARG_OUT;
    a->tensors[a->ntensors].create = true;
    a->tensors[a->ntensors].ci = (PtocTensorCreate){.ndims = 1, .shape = {n}, .dtype = dtype};
    a->ntensors++;
}

static void add_s(PtocTaskArgs *a, uint64_t v) { a->scalars[a->nscalars++] = v; }

/* Runs orch; the error message in err. */
static bool run(PtocRt *rt, void (*orch)(void *), void *ud, char *err, size_t n) {
    return ptoc_rt_run(rt, orch, ud, err, n);
}

/* ---- a small DAG over intermediates ---- */

enum { N = 64 };
typedef struct Dag {
    PtocRt *rt;
    float a[N], b[N], f[N];
    bool current_ok;
} Dag;

/* c = a + b; d = 2c; e = 3c; f = d + e (= 5 (a + b)), c, d, e intermediates of a scope */
static void orch_dag(void *ud) {
    Dag *g = ud;
    g->current_ok = ptoc_rt_current() == g->rt;
    ptoc_rt_scope_begin(g->rt);
    ChipTensor c, d, e;
    PtocTaskArgs t = {0};
    add_t(&t, PTOC_ARG_IN, vec(g->a, N, 0, N, PTOC_DT_FLOAT32));
    add_t(&t, PTOC_ARG_IN, vec(g->b, N, 0, N, PTOC_DT_FLOAT32));
    add_create(&t, N, PTOC_DT_FLOAT32);
    CHECK(ptoc_rt_submit(g->rt, PTOC_CORE_AIV, K_ADD, &t, &c));
    CHECK_EQ_INT(c.shape[0], N);
    CHECK(c.buffer.size == N * sizeof(float));
    for (int i = 0; i < 2; i++) {
        t = (PtocTaskArgs){0};
        add_t(&t, PTOC_ARG_IN, c);
        add_create(&t, N, PTOC_DT_FLOAT32);
        add_s(&t, bits_of(i ? 3.0f : 2.0f));
        CHECK(ptoc_rt_submit(g->rt, PTOC_CORE_AIV, K_SCALE, &t, i ? &e : &d));
    }
    t = (PtocTaskArgs){0};
    add_t(&t, PTOC_ARG_IN, d);
    add_t(&t, PTOC_ARG_IN, e);
    add_t(&t, PTOC_ARG_OUT, vec(g->f, N, 0, N, PTOC_DT_FLOAT32));
    CHECK(ptoc_rt_submit(g->rt, PTOC_CORE_AIV, K_ADD, &t, NULL));
    ptoc_rt_scope_end(g->rt);
}

void test_rt_dag(void) {
    PtocRtConfig cfg = config();
    PtocRt *rt = new_rt(&cfg);
    if (!rt)
        return;
    Dag g = {.rt = rt};
    for (int i = 0; i < N; i++) {
        g.a[i] = (float)i;
        g.b[i] = 0.5f * (float)(N - i);
    }
    char err[512];
    CHECK(ptoc_rt_current() == NULL);
    CHECK(run(rt, orch_dag, &g, err, sizeof err));
    CHECK(g.current_ok);
    CHECK(ptoc_rt_current() == NULL);
    int bad = 0;
    for (int i = 0; i < N; i++)
        bad += g.f[i] != 5.0f * (g.a[i] + g.b[i]);
    CHECK_EQ_INT(bad, 0);
    PtocRtStats s;
    ptoc_rt_stats(rt, &s);
    CHECK_EQ_INT(s.tasks[PTOC_CORE_AIV], 4);
    CHECK_EQ_INT(s.tasks[PTOC_CORE_AIC], 0);
    CHECK(s.edges <= 4);
    CHECK_EQ_INT(s.res[PTOC_RES_TASK_RING].capacity, cfg.task_ring);
    CHECK_EQ_INT(s.res[PTOC_RES_ARENA].capacity, cfg.arena_bytes);
    /* three intermediates of N floats, each with a 64-byte header, live until the scope ends */
    CHECK_EQ_INT(s.res[PTOC_RES_ARENA].high_water, 3 * (64 + N * sizeof(float)));
    CHECK_EQ_STR(ptoc_resource_name[PTOC_RES_TASK_RING], "task_ring");
    CHECK_EQ_STR(ptoc_resource_name[PTOC_RES_ARENA], "arena");

    /* a second run on the same runtime starts from zero */
    memset(g.f, 0, sizeof g.f);
    CHECK(run(rt, orch_dag, &g, err, sizeof err));
    CHECK(g.f[3] == 5.0f * (g.a[3] + g.b[3]));
    ptoc_rt_stats(rt, &s);
    CHECK_EQ_INT(s.tasks[PTOC_CORE_AIV], 4);
    ptoc_rt_free(rt);
}

/* ---- many tasks ---- */

enum { MANY = 1000 };
typedef struct Many {
    PtocRt *rt;
    int32_t out[MANY];
    int32_t counter;
    int nfalse;
} Many;

/* MANY tasks, each writing its own element; the first two meet inside their kernels */
static void orch_independent(void *ud) {
    Many *m = ud;
    for (int i = 0; i < MANY; i++) {
        PtocTaskArgs t = {0};
        add_t(&t, PTOC_ARG_OUT, vec(m->out, MANY, (uint32_t)i, 1, PTOC_DT_INT32));
        add_s(&t, (uint64_t)(3 * i + 1));
        add_s(&t, i < 2);
        m->nfalse += !ptoc_rt_submit(m->rt, PTOC_CORE_AIV, K_SET, &t, NULL);
    }
}

void test_rt_independent(void) {
    reset();
    PtocRtConfig cfg = config();
    PtocRt *rt = new_rt(&cfg);
    if (!rt)
        return;
    Many *m = calloc(1, sizeof *m);
    m->rt = rt;
    char err[512];
    CHECK(run(rt, orch_independent, m, err, sizeof err));
    CHECK_EQ_INT(m->nfalse, 0);
    int bad = 0;
    for (int i = 0; i < MANY; i++)
        bad += m->out[i] != 3 * i + 1;
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(atomic_load(&met), 1); /* both AIV workers ran a kernel at the same time */
    PtocRtStats s;
    ptoc_rt_stats(rt, &s);
    CHECK_EQ_INT(s.tasks[PTOC_CORE_AIV], MANY);
    CHECK_EQ_INT(s.edges, 0); /* disjoint elements of one buffer do not depend on each other */
    free(m);
    ptoc_rt_free(rt);
}

/* MANY tasks through one counter: task i finds i and leaves i + 1. mode: k_step's args[2] for
 * task 0. */
static int chain_mode;
static void orch_chain(void *ud) {
    Many *m = ud;
    for (int i = 0; i < MANY; i++) {
        PtocTaskArgs t = {0};
        add_t(&t, PTOC_ARG_INOUT, vec(&m->counter, 1, 0, 1, PTOC_DT_INT32));
        add_s(&t, (uint64_t)i);
        add_s(&t, i == 0 ? (uint64_t)chain_mode : 0);
        m->nfalse += !ptoc_rt_submit(m->rt, PTOC_CORE_AIV, K_STEP, &t, NULL);
    }
}

static void chain(const PtocRtConfig *cfg, int mode, PtocRtStats *s) {
    reset();
    chain_mode = mode;
    PtocRt *rt = new_rt(cfg);
    if (!rt)
        return;
    stall_rt = rt;
    Many *m = calloc(1, sizeof *m);
    m->rt = rt;
    char err[512] = "";
    CHECK(run(rt, orch_chain, m, err, sizeof err));
    CHECK_EQ_STR(err, "");
    CHECK_EQ_INT(m->nfalse, 0);
    CHECK_EQ_INT(m->counter, MANY);
    CHECK_EQ_INT(atomic_load(&violations), 0);
    CHECK_EQ_INT(atomic_load(&ran), MANY);
    ptoc_rt_stats(rt, s);
    CHECK_EQ_INT(s->tasks[PTOC_CORE_AIV], MANY);
    for (int r = 0; r < PTOC_RES__COUNT; r++)
        CHECK(s->res[r].high_water <= s->res[r].capacity);
    free(m);
    ptoc_rt_free(rt);
}

void test_rt_chain(void) {
    PtocRtConfig cfg = config();
    PtocRtStats s;
    chain(&cfg, 0, &s);
    CHECK(s.edges <= MANY - 1);
}

/* A ring of 4 slots: task 0 waits in its kernel until the orchestrator has stalled on the ring,
 * so the stall is certain. */
void test_rt_small_ring(void) {
    PtocRtConfig cfg = config();
    cfg.task_ring = 4;
    PtocRtStats s;
    chain(&cfg, 1, &s);
    CHECK(s.res[PTOC_RES_TASK_RING].stalls > 0);
    CHECK(s.res[PTOC_RES_TASK_RING].stall_ns > 0);
    CHECK_EQ_INT(s.res[PTOC_RES_TASK_RING].high_water, 4);
    CHECK_EQ_INT(s.res[PTOC_RES_TASK_RING].capacity, 4);
}

/* A chain with one worker, ready queues and dependency pool of one entry, a tensor map of two
 * (a submission waits for room for all its records before its write drops the older one). */
void test_rt_chain_small_limits(void) {
    PtocRtConfig cfg = config();
    cfg.vec_workers = 1;
    cfg.cube_workers = 0;
    cfg.tensor_map = 2;
    cfg.dep_pool = 1;
    cfg.ready_queue = 1;
    cfg.task_ring = 2;
    PtocRtStats s;
    chain(&cfg, 1, &s);
    CHECK_EQ_INT(s.res[PTOC_RES_TENSOR_MAP].high_water, 1); /* each write replaces the record */
    CHECK_EQ_INT(s.res[PTOC_RES_DEP_POOL].high_water, 1);
    CHECK(s.res[PTOC_RES_TASK_RING].stalls > 0);
}

/* ---- WAR and WAW ---- */

typedef struct Order {
    PtocRt *rt;
    int32_t x[8], y[8], z[8];
} Order;

/* y = x; then x = 7 (WAR: after the copy); z = 1, then z = 2 (WAW). The first task of each pair
 * waits until the second depends on it, so without the edge the second would run first. */
static void orch_order(void *ud) {
    Order *o = ud;
    PtocTaskArgs t = {0};
    add_t(&t, PTOC_ARG_IN, vec(o->x, 8, 0, 8, PTOC_DT_INT32));
    add_t(&t, PTOC_ARG_OUT, vec(o->y, 8, 0, 8, PTOC_DT_INT32));
    add_s(&t, WAIT_EDGES(1));
    CHECK(ptoc_rt_submit(o->rt, PTOC_CORE_AIV, K_COPY, &t, NULL));
    t = (PtocTaskArgs){0};
    add_t(&t, PTOC_ARG_OUT, vec(o->x, 8, 2, 4, PTOC_DT_INT32)); /* overlaps the copy's input */
    add_s(&t, 7);
    add_s(&t, 0);
    CHECK(ptoc_rt_submit(o->rt, PTOC_CORE_AIV, K_FILL, &t, NULL));
    t = (PtocTaskArgs){0};
    add_t(&t, PTOC_ARG_OUT, vec(o->z, 8, 0, 8, PTOC_DT_INT32));
    add_s(&t, 1);
    add_s(&t, WAIT_EDGES(2));
    CHECK(ptoc_rt_submit(o->rt, PTOC_CORE_AIV, K_FILL, &t, NULL));
    t = (PtocTaskArgs){0};
    add_t(&t, PTOC_ARG_OUT, vec(o->z, 8, 7, 1, PTOC_DT_INT32));
    add_s(&t, 2);
    add_s(&t, 0);
    CHECK(ptoc_rt_submit(o->rt, PTOC_CORE_AIV, K_FILL, &t, NULL));
}

void test_rt_war_waw(void) {
    reset();
    PtocRtConfig cfg = config();
    PtocRt *rt = new_rt(&cfg);
    if (!rt)
        return;
    stall_rt = rt;
    Order o = {.rt = rt};
    for (int i = 0; i < 8; i++)
        o.x[i] = 100 + i;
    char err[512];
    CHECK(run(rt, orch_order, &o, err, sizeof err));
    for (int i = 0; i < 8; i++) {
        CHECK_EQ_INT(o.y[i], 100 + i);
        CHECK_EQ_INT(o.x[i], i >= 2 && i < 6 ? 7 : 100 + i);
        CHECK_EQ_INT(o.z[i], i == 7 ? 2 : 1);
    }
    PtocRtStats s;
    ptoc_rt_stats(rt, &s);
    CHECK_EQ_INT(s.edges, 2);
    CHECK_EQ_INT(atomic_load(&violations), 0);
    ptoc_rt_free(rt);
}

/* ---- fan-out, small limits ---- */

enum { FAN = 50, ROUNDS = 20 };
typedef struct Fan {
    PtocRt *rt;
    int32_t x[4], out[ROUNDS][FAN][4];
} Fan;

/* Each round: a writer of x, then FAN copies of x (all ready at once when it finishes), the
 * first through an intermediate created in a scope. In round 0 the writer waits for a stall of
 * stall_res (or 2 ms when it is -1). */
static void orch_fan(void *ud) {
    Fan *f = ud;
    for (int r = 0; r < ROUNDS; r++) {
        ptoc_rt_scope_begin(f->rt);
        PtocTaskArgs t = {0};
        add_t(&t, PTOC_ARG_OUT, vec(f->x, 4, 0, 4, PTOC_DT_INT32));
        add_s(&t, (uint64_t)(r * 10));
        add_s(&t, r == 0 && stall_res >= 0 ? (uint64_t)-1 : 2);
        CHECK(ptoc_rt_submit(f->rt, PTOC_CORE_AIV, K_FILL, &t, NULL));
        ChipTensor tmp;
        t = (PtocTaskArgs){0};
        add_t(&t, PTOC_ARG_IN, vec(f->x, 4, 0, 4, PTOC_DT_INT32));
        add_create(&t, 4, PTOC_DT_INT32);
        add_s(&t, 0);
        CHECK(ptoc_rt_submit(f->rt, PTOC_CORE_AIV, K_COPY, &t, &tmp));
        for (int i = 0; i < FAN; i++) {
            t = (PtocTaskArgs){0};
            add_t(&t, PTOC_ARG_IN, i ? vec(f->x, 4, 0, 4, PTOC_DT_INT32) : tmp);
            add_t(&t, PTOC_ARG_OUT, vec(f->out[r][i], 4, 0, 4, PTOC_DT_INT32));
            add_s(&t, 0);
            CHECK(ptoc_rt_submit(f->rt, PTOC_CORE_AIV, K_COPY, &t, NULL));
        }
        ptoc_rt_scope_end(f->rt);
    }
}

static void fan(const PtocRtConfig *cfg, int res, PtocRtStats *s) {
    reset();
    stall_res = res;
    PtocRt *rt = new_rt(cfg);
    if (!rt)
        return;
    stall_rt = rt;
    Fan *f = calloc(1, sizeof *f);
    f->rt = rt;
    char err[512] = "";
    CHECK(run(rt, orch_fan, f, err, sizeof err));
    CHECK_EQ_STR(err, "");
    int bad = 0;
    for (int r = 0; r < ROUNDS; r++)
        for (int i = 0; i < FAN; i++)
            for (int k = 0; k < 4; k++)
                bad += f->out[r][i][k] != r * 10;
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(atomic_load(&violations), 0);
    ptoc_rt_stats(rt, s);
    CHECK_EQ_INT(s->tasks[PTOC_CORE_AIV], ROUNDS * (FAN + 2));
    if (res >= 0)
        CHECK(s->res[res].stalls > 0);
    for (int r = 0; r < PTOC_RES__COUNT; r++)
        CHECK(s->res[r].high_water <= s->res[r].capacity);
    free(f);
    ptoc_rt_free(rt);
}

void test_rt_small_limits(void) {
    PtocRtConfig base = config();
    PtocRtStats s;
    fan(&base, -1, &s);

    /* the writer holds one entry, the copy to the intermediate two: the next copy waits */
    PtocRtConfig c = base;
    c.tensor_map = 3;
    fan(&c, PTOC_RES_TENSOR_MAP, &s);
    CHECK_EQ_INT(s.res[PTOC_RES_TENSOR_MAP].high_water, 3);

    /* edges to the writer and to the copy: the next copy waits */
    c = base;
    c.dep_pool = 2;
    fan(&c, PTOC_RES_DEP_POOL, &s);
    CHECK_EQ_INT(s.res[PTOC_RES_DEP_POOL].high_water, 2);

    /* the ring fills while the writer waits; when it finishes, the copies become ready at once
     * and all but two go to the overflow */
    c = base;
    c.ready_queue = 2;
    c.task_ring = 20;
    fan(&c, PTOC_RES_TASK_RING, &s);
    CHECK_EQ_INT(s.res[PTOC_RES_READY_AIV].high_water, 2);

    c = base;
    c.arena_bytes = 128; /* one intermediate of 16 bytes and its header */
    fan(&c, -1, &s);
    CHECK_EQ_INT(s.res[PTOC_RES_ARENA].high_water, 128);

    c = (PtocRtConfig){.vec_workers = 2, .cube_workers = 0, .task_ring = 3, .tensor_map = 4,
                       .dep_pool = 2, .ready_queue = 1, .arena_bytes = 128};
    fan(&c, -1, &s);
}

/* ---- intermediates are freed ---- */

enum { LOOP = 200, BIG = 1024 };
typedef struct Loop {
    PtocRt *rt;
    float x[BIG], out[LOOP];
} Loop;

/* Each iteration a scope: tmp = x * i (an intermediate of 4 KiB); out[i] = tmp[0] + tmp[1]... */
static void orch_loop(void *ud) {
    Loop *l = ud;
    for (int i = 0; i < LOOP; i++) {
        ptoc_rt_scope_begin(l->rt);
        ChipTensor tmp;
        PtocTaskArgs t = {0};
        add_t(&t, PTOC_ARG_IN, vec(l->x, BIG, 0, BIG, PTOC_DT_FLOAT32));
        add_create(&t, BIG, PTOC_DT_FLOAT32);
        add_s(&t, bits_of((float)i));
        CHECK(ptoc_rt_submit(l->rt, PTOC_CORE_AIV, K_SCALE, &t, &tmp));
        tmp.shape[0] = 1;
        tmp.start_offset = 1; /* a view of element 1 */
        t = (PtocTaskArgs){0};
        add_t(&t, PTOC_ARG_IN, tmp);
        add_t(&t, PTOC_ARG_IN, tmp);
        add_t(&t, PTOC_ARG_OUT, vec(l->out, LOOP, (uint32_t)i, 1, PTOC_DT_FLOAT32));
        CHECK(ptoc_rt_submit(l->rt, PTOC_CORE_AIV, K_ADD, &t, NULL));
        ptoc_rt_scope_end(l->rt);
    }
}

void test_rt_intermediates_freed(void) {
    PtocRtConfig cfg = config();
    cfg.task_ring = 8;
    cfg.arena_bytes = 64 * 1024; /* 15 intermediates: far fewer than LOOP */
    PtocRt *rt = new_rt(&cfg);
    if (!rt)
        return;
    Loop *l = calloc(1, sizeof *l);
    l->rt = rt;
    for (int i = 0; i < BIG; i++)
        l->x[i] = (float)(i + 1);
    char err[512] = "";
    for (int round = 0; round < 2; round++) { /* the second run finds the arena empty again */
        CHECK(run(rt, orch_loop, l, err, sizeof err));
        CHECK_EQ_STR(err, "");
        int bad = 0;
        for (int i = 0; i < LOOP; i++)
            bad += l->out[i] != 2.0f * 2.0f * (float)i;
        CHECK_EQ_INT(bad, 0);
        PtocRtStats s;
        ptoc_rt_stats(rt, &s);
        /* a block outlives its scope only while a task in the ring uses it */
        CHECK(s.res[PTOC_RES_ARENA].high_water <= (uint64_t)(cfg.task_ring + 1) * (64 + BIG * sizeof(float)));
        CHECK(s.res[PTOC_RES_ARENA].high_water >= 64 + BIG * sizeof(float));
    }
    free(l);
    ptoc_rt_free(rt);
}

/* ---- deadlocks ---- */

typedef struct Dead {
    PtocRt *rt;
    float x[BIG];
    int results[4];
} Dead;

/* A scope creates two intermediates of 4 KiB; the arena holds one. */
static void orch_arena_deadlock(void *ud) {
    Dead *d = ud;
    ptoc_rt_scope_begin(d->rt);
    ChipTensor a, b;
    PtocTaskArgs t = {0};
    add_t(&t, PTOC_ARG_IN, vec(d->x, BIG, 0, BIG, PTOC_DT_FLOAT32));
    add_create(&t, BIG, PTOC_DT_FLOAT32);
    add_s(&t, bits_of(2.0f));
    d->results[0] = ptoc_rt_submit(d->rt, PTOC_CORE_AIV, K_SCALE, &t, &a);
    t = (PtocTaskArgs){0};
    add_t(&t, PTOC_ARG_IN, a);
    add_create(&t, BIG, PTOC_DT_FLOAT32);
    add_s(&t, bits_of(2.0f));
    d->results[1] = ptoc_rt_submit(d->rt, PTOC_CORE_AIV, K_SCALE, &t, &b);
    CHECK(b.buffer.addr == 0); /* zeroed on failure */
    d->results[2] = ptoc_rt_submit(d->rt, PTOC_CORE_AIV, K_SCALE, &t, &b);
    ptoc_rt_scope_end(d->rt);
}

void test_rt_deadlock_arena(void) {
    PtocRtConfig cfg = config();
    cfg.arena_bytes = 2 * (64 + BIG * sizeof(float)) - 64;
    PtocRt *rt = new_rt(&cfg);
    if (!rt)
        return;
    Dead d = {.rt = rt};
    char err[1024] = "", want[256];
    double t0 = now_s();
    CHECK(!run(rt, orch_arena_deadlock, &d, err, sizeof err));
    CHECK(now_s() - t0 < 5.0); /* reported, not hung */
    CHECK_EQ_INT(d.results[0], 1);
    CHECK_EQ_INT(d.results[1], 0);
    CHECK_EQ_INT(d.results[2], 0);
    snprintf(want, sizeof want, "deadlock: task 1 (kernel scale, func_id %d) waits for arena (%zu/%llu bytes used; "
             "it needs %zu bytes)", K_SCALE, 64 + BIG * sizeof(float), (unsigned long long)cfg.arena_bytes,
             64 + BIG * sizeof(float));
    CHECK(strstr(err, want) != NULL);
    if (!strstr(err, want))
        printf("    got: %s\n    want: %s\n", err, want);
    PtocRtStats s;
    ptoc_rt_stats(rt, &s);
    CHECK_EQ_INT(s.res[PTOC_RES_ARENA].stalls, 1);
    CHECK_EQ_INT(s.tasks[PTOC_CORE_AIV], 1);
    ptoc_rt_free(rt);
}

/* A task with more tensors than the tensor map has entries. */
static void orch_map_deadlock(void *ud) {
    Dead *d = ud;
    PtocTaskArgs t = {0};
    add_t(&t, PTOC_ARG_IN, vec(d->x, BIG, 0, 4, PTOC_DT_FLOAT32));
    add_t(&t, PTOC_ARG_IN, vec(d->x, BIG, 4, 4, PTOC_DT_FLOAT32));
    add_t(&t, PTOC_ARG_OUT, vec(d->x, BIG, 8, 4, PTOC_DT_FLOAT32));
    d->results[0] = ptoc_rt_submit(d->rt, PTOC_CORE_AIV, K_ADD, &t, NULL);
}

void test_rt_deadlock_tensor_map(void) {
    PtocRtConfig cfg = config();
    cfg.tensor_map = 2;
    PtocRt *rt = new_rt(&cfg);
    if (!rt)
        return;
    Dead d = {.rt = rt};
    char err[1024] = "";
    CHECK(!run(rt, orch_map_deadlock, &d, err, sizeof err));
    CHECK_EQ_INT(d.results[0], 0);
    char want[200];
    snprintf(want, sizeof want, "deadlock: task 0 (kernel add, func_id %d) waits for tensor_map (0/2 entries used; "
             "it needs 3 entries)", K_ADD);
    CHECK(strstr(err, want) != NULL);
    ptoc_rt_free(rt);
}

/* ---- failures ---- */

typedef struct Failing {
    PtocRt *rt;
    int32_t counter;
    int ok_before, ok_after, tries;
} Failing;

/* task 0 fine, task 1 fails, tasks 2..11 depend on it; then submissions until one is refused */
static void orch_failing(void *ud) {
    Failing *f = ud;
    PtocTaskArgs t = {0};
    add_t(&t, PTOC_ARG_INOUT, vec(&f->counter, 1, 0, 1, PTOC_DT_INT32));
    add_s(&t, 0);
    add_s(&t, 0);
    f->ok_before += ptoc_rt_submit(f->rt, PTOC_CORE_AIV, K_STEP, &t, NULL);
    PtocTaskArgs bad = {0};
    add_t(&bad, PTOC_ARG_INOUT, vec(&f->counter, 1, 0, 1, PTOC_DT_INT32));
    f->ok_before += ptoc_rt_submit(f->rt, PTOC_CORE_AIV, K_BAD, &bad, NULL);
    for (int i = 0; i < 10; i++) {
        t.scalars[0] = (uint64_t)(i + 1);
        ptoc_rt_submit(f->rt, PTOC_CORE_AIV, K_STEP, &t, NULL);
    }
    PtocTaskArgs count = {0};
    add_t(&count, PTOC_ARG_INOUT, vec(&f->counter, 1, 0, 1, PTOC_DT_INT32));
    for (f->tries = 0; f->tries < 5000; f->tries++) {
        if (!ptoc_rt_submit(f->rt, PTOC_CORE_AIV, K_COUNT, &count, NULL))
            break;
        sleep_ms(1);
    }
    f->ok_after = ptoc_rt_submit(f->rt, PTOC_CORE_AIV, K_COUNT, &count, NULL);
}

void test_rt_kernel_failure(void) {
    reset();
    PtocRtConfig cfg = config();
    PtocRt *rt = new_rt(&cfg);
    if (!rt)
        return;
    Failing f = {.rt = rt};
    char err[1024] = "";
    CHECK(!run(rt, orch_failing, &f, err, sizeof err));
    CHECK_EQ_INT(f.ok_before, 2);
    CHECK(f.tries < 5000);
    CHECK_EQ_INT(f.ok_after, 0);
    char want[64];
    snprintf(want, sizeof want, "task 1 (kernel bad, func_id %d): wait_flag(", K_BAD);
    CHECK(strncmp(err, want, strlen(want)) == 0);
    if (strncmp(err, want, strlen(want)) != 0)
        printf("    got: %s\n", err);
    CHECK_EQ_INT(atomic_load(&ran), 1); /* only task 0: everything after the failure is dropped */
    CHECK_EQ_INT(f.counter, 1);
    PtocRtStats s;
    ptoc_rt_stats(rt, &s);
    CHECK_EQ_INT(s.tasks[PTOC_CORE_AIV], 2);
    /* the runtime runs again after a failure */
    reset();
    Many *m = calloc(1, sizeof *m);
    m->rt = rt;
    chain_mode = 0;
    CHECK(run(rt, orch_chain, m, err, sizeof err));
    CHECK_EQ_INT(m->counter, MANY);
    free(m);
    ptoc_rt_free(rt);
}

/* ---- submission errors ---- */

typedef struct Bad {
    PtocRt *rt;
    int core, func;
    PtocTaskArgs args;
    int submitted;
    ChipTensor stale; /* an intermediate of a scope that ended */
    float x[4];
} Bad;

static void orch_bad(void *ud) {
    Bad *b = ud;
    b->submitted = ptoc_rt_submit(b->rt, b->core, b->func, &b->args, NULL);
    b->submitted += ptoc_rt_submit(b->rt, PTOC_CORE_AIV, K_COUNT, &(PtocTaskArgs){0}, NULL);
}

/* The run of one bad submission fails with a message containing want. */
static void bad_submit(PtocRt *rt, int core, int func, const PtocTaskArgs *args, const char *want) {
    Bad b = {.rt = rt, .core = core, .func = func, .args = *args};
    char err[1024] = "";
    CHECK(!run(rt, orch_bad, &b, err, sizeof err));
    CHECK_EQ_INT(b.submitted, 0);
    if (!strstr(err, want)) {
        unit_fail(__FILE__, __LINE__, "error \"%s\" lacks \"%s\"", err, want);
    }
}

static void orch_stale(void *ud) {
    Bad *b = ud;
    ptoc_rt_scope_begin(b->rt);
    PtocTaskArgs t = {0};
    add_t(&t, PTOC_ARG_IN, vec(b->x, 4, 0, 4, PTOC_DT_FLOAT32));
    add_create(&t, 4, PTOC_DT_FLOAT32);
    add_s(&t, 0);
    ptoc_rt_submit(b->rt, PTOC_CORE_AIV, K_SCALE, &t, &b->stale);
    ptoc_rt_scope_end(b->rt);
}

void test_rt_submission_errors(void) {
    PtocRtConfig cfg = config();
    PtocRt *rt = new_rt(&cfg);
    if (!rt)
        return;
    float x[16] = {0};
    ChipTensor v = vec(x, 16, 0, 16, PTOC_DT_FLOAT32);
    PtocTaskArgs a = {0};
    add_t(&a, PTOC_ARG_IN, v);
    add_t(&a, PTOC_ARG_OUT, v);
    add_s(&a, 0);
    char want[160];

    bad_submit(rt, PTOC_CORE_AIV, 77, &a, "task 0: func_id 77 has no registered kernel");
    bad_submit(rt, PTOC_CORE_AIV, -1, &a, "func_id -1 has no registered kernel");
    snprintf(want, sizeof want, "task 0 (kernel scale, func_id %d): an AIV kernel submitted to an AIC core", K_SCALE);
    bad_submit(rt, PTOC_CORE_AIC, K_SCALE, &a, want);
    bad_submit(rt, 5, K_SCALE, &a, "unknown core type 5");

    PtocTaskArgs many = {0};
    for (int i = 0; i < PTOC_MAX_TENSORS; i++)
        add_t(&many, PTOC_ARG_IN, v);
    many.ntensors++;
    bad_submit(rt, PTOC_CORE_AIV, K_SCALE, &many, "33 tensors (at most 32)");
    PtocTaskArgs ms = a;
    ms.nscalars = PTOC_MAX_SCALARS + 1;
    bad_submit(rt, PTOC_CORE_AIV, K_SCALE, &ms, "17 scalars (at most 16)");

    PtocTaskArgs t = a;
    t.tensors[1].t.dtype = 99;
    bad_submit(rt, PTOC_CORE_AIV, K_SCALE, &t, "tensor 1 has an unknown dtype 99");
    t = a;
    t.tensors[0].t.shape[0] = 0;
    bad_submit(rt, PTOC_CORE_AIV, K_SCALE, &t, "tensor 0 has zero size");
    t = a;
    t.tensors[0].t.start_offset = 1;
    bad_submit(rt, PTOC_CORE_AIV, K_SCALE, &t, "tensor 0 (64 bytes from element 1) lies outside its buffer of 64 bytes");
    t = a;
    t.tensors[0].t.ndims = 6;
    bad_submit(rt, PTOC_CORE_AIV, K_SCALE, &t, "tensor 0 has 6 dimensions (at most 5)");
    t = a;
    t.tensors[0].dir = 9;
    bad_submit(rt, PTOC_CORE_AIV, K_SCALE, &t, "tensor 0 has an unknown direction 9");

    t = (PtocTaskArgs){0};
    add_t(&t, PTOC_ARG_IN, v);
    add_create(&t, 16, 42);
    bad_submit(rt, PTOC_CORE_AIV, K_SCALE, &t, "tensor 1 is created with an unknown dtype 42");
    t.tensors[1].ci = (PtocTensorCreate){.ndims = 2, .shape = {4, 0}, .dtype = PTOC_DT_FLOAT32};
    bad_submit(rt, PTOC_CORE_AIV, K_SCALE, &t, "tensor 1 is created with zero size");
    t.tensors[1].ci = (PtocTensorCreate){.ndims = 1, .shape = {1u << 30}, .dtype = PTOC_DT_FLOAT32};
    bad_submit(rt, PTOC_CORE_AIV, K_SCALE, &t, "tensor 1 is created larger than the whole arena");
    t.tensors[1].ci = (PtocTensorCreate){.ndims = 1, .shape = {4}, .dtype = PTOC_DT_FLOAT32};
    t.tensors[1].dir = PTOC_ARG_INOUT;
    bad_submit(rt, PTOC_CORE_AIV, K_SCALE, &t, "tensor 1: only an output can be created");

    /* a tensor of a scope that ended, once its tasks finished */
    Bad st = {.rt = rt};
    char err[512];
    CHECK(run(rt, orch_stale, &st, err, sizeof err));
    t = (PtocTaskArgs){0};
    add_t(&t, PTOC_ARG_IN, st.stale);
    add_t(&t, PTOC_ARG_OUT, v);
    bad_submit(rt, PTOC_CORE_AIV, K_SCALE, &t, "tensor 0 is an intermediate that was already freed");

    /* outside a run, nothing is submitted */
    CHECK(!ptoc_rt_submit(rt, PTOC_CORE_AIV, K_SCALE, &a, NULL));
    CHECK(!ptoc_rt_submit(NULL, PTOC_CORE_AIV, K_SCALE, &a, NULL));
    ptoc_rt_free(rt);
}

/* ---- workers ---- */

typedef struct Cube {
    PtocRt *rt;
    float a[N], b[N], c[N], d[N];
} Cube;

/* c = a * b on an AIC core, d = c + a on an AIV core */
static void orch_cube(void *ud) {
    Cube *q = ud;
    PtocTaskArgs t = {0};
    add_t(&t, PTOC_ARG_IN, vec(q->a, N, 0, N, PTOC_DT_FLOAT32));
    add_t(&t, PTOC_ARG_IN, vec(q->b, N, 0, N, PTOC_DT_FLOAT32));
    add_t(&t, PTOC_ARG_OUT, vec(q->c, N, 0, N, PTOC_DT_FLOAT32));
    ptoc_rt_submit(q->rt, PTOC_CORE_AIC, K_MM, &t, NULL);
    t = (PtocTaskArgs){0};
    add_t(&t, PTOC_ARG_IN, vec(q->c, N, 0, N, PTOC_DT_FLOAT32));
    add_t(&t, PTOC_ARG_IN, vec(q->a, N, 0, N, PTOC_DT_FLOAT32));
    add_t(&t, PTOC_ARG_OUT, vec(q->d, N, 0, N, PTOC_DT_FLOAT32));
    ptoc_rt_submit(q->rt, PTOC_CORE_AIV, K_ADD, &t, NULL);
}

void test_rt_workers(void) {
    PtocRtConfig cfg = config();
    PtocRt *rt = new_rt(&cfg);
    if (!rt)
        return;
    Cube q = {.rt = rt};
    for (int i = 0; i < N; i++) {
        q.a[i] = (float)i;
        q.b[i] = (float)(i % 7);
    }
    char err[512] = "";
    CHECK(run(rt, orch_cube, &q, err, sizeof err));
    for (int i = 0; i < N; i++)
        CHECK(q.d[i] == q.a[i] * q.b[i] + q.a[i]);
    PtocRtStats s;
    ptoc_rt_stats(rt, &s);
    CHECK_EQ_INT(s.tasks[PTOC_CORE_AIC], 1);
    CHECK_EQ_INT(s.tasks[PTOC_CORE_AIV], 1);
    ptoc_rt_free(rt);

    /* --workers 1,0: a vec-only run works; an AIC task is a submission error, not a hang */
    cfg.vec_workers = 1;
    cfg.cube_workers = 0;
    rt = new_rt(&cfg);
    if (!rt)
        return;
    Dag g = {.rt = rt};
    for (int i = 0; i < N; i++)
        g.a[i] = g.b[i] = (float)i;
    CHECK(run(rt, orch_dag, &g, err, sizeof err));
    CHECK(g.f[5] == 50.0f);
    q.rt = rt;
    double t0 = now_s();
    CHECK(!run(rt, orch_cube, &q, err, sizeof err));
    CHECK(now_s() - t0 < 5.0);
    char want[128];
    snprintf(want, sizeof want, "task 0 (kernel mm, func_id %d): no AIC worker to run it (cube_workers is 0)", K_MM);
    CHECK_EQ_STR(err, want);
    ptoc_rt_free(rt);
}

void test_rt_config(void) {
    char err[256];
    PtocRtConfig c = config();
    CHECK_EQ_INT(c.vec_workers, 2);
    CHECK_EQ_INT(c.cube_workers, 1);
    c.task_ring = 0;
    CHECK(ptoc_rt_new(&c, err, sizeof err) == NULL);
    CHECK_EQ_STR(err, "runtime: task_ring must be 1..16777216, not 0");
    c = config();
    c.vec_workers = c.cube_workers = 0;
    CHECK(ptoc_rt_new(&c, err, sizeof err) == NULL);
    CHECK_EQ_STR(err, "runtime: no worker (vec_workers and cube_workers are 0)");
    c = config();
    c.dep_pool = -3;
    CHECK(ptoc_rt_new(&c, err, sizeof err) == NULL);
    CHECK_EQ_STR(err, "runtime: dep_pool must be 1..16777216, not -3");
    PtocRt *rt = ptoc_rt_new(NULL, err, sizeof err); /* the defaults */
    CHECK(rt != NULL);
    CHECK(!ptoc_rt_set_kernel(rt, 256, PTOC_CORE_AIV, k_count, "x"));
    CHECK(!ptoc_rt_set_kernel(rt, 0, 3, k_count, "x"));
    CHECK(!ptoc_rt_set_kernel(rt, 0, PTOC_CORE_AIV, NULL, "x"));
    CHECK(ptoc_rt_set_kernel(rt, 0, PTOC_CORE_AIV, k_count, "x"));
    CHECK(ptoc_rt_set_kernel(rt, 0, PTOC_CORE_AIV, k_count, "y")); /* replaces it */
    ptoc_rt_free(rt);
}
