#define _POSIX_C_SOURCE 200809L
/* rt.c - the orchestration runtime (ptoc_rt.h): the orchestrator (the thread of ptoc_rt_run)
 * submits tasks, dependencies come from overlapping byte ranges of their tensors, and worker
 * threads, one simulated core each (tile.c), run the tasks whose predecessors have finished.
 *
 * Everything is allocated once by ptoc_rt_new and bounded by PtocRtConfig: the task ring, the
 * tensor map, the dependency pool, the ready queues and the arena of intermediates. When one is
 * full the orchestrator waits on a condition variable (a stall, counted in the stats); waiting
 * while no task is running or ready can never end, so the run fails with a deadlock message
 * instead. One mutex guards all state; a worker drops it only while its kernel runs.
 * docs/cpu-runtime.md describes the design. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

#include "ptoc_rt.h"

enum {
    MAX_FUNC = 256,   /* func_ids 0..255 */
    MAX_SCOPES = 64,  /* nesting depth of scopes */
    MAX_WORKERS = 64, /* per core type */
    MAX_ENTRIES = 1 << 24,
    HDR = 64,         /* an intermediate's header in the arena; also the alignment of data */
    BLOCK_LIVE = 0x4C495645,
    BLOCK_FREE = 0x46524545,
};

const char *const ptoc_resource_name[PTOC_RES__COUNT] = {
    "task_ring", "tensor_map", "dep_pool", "ready_aiv", "ready_aic", "arena",
};

/* An arena block: this header, then the data. Free blocks form a list sorted by address, so
 * that freeing merges neighbours; a live block is on its scope's list until the scope ends. */
typedef struct Block {
    uint64_t size;      /* bytes including the header; a multiple of HDR */
    uint32_t magic;     /* BLOCK_LIVE or BLOCK_FREE: catches a tensor of a freed intermediate */
    int users;          /* tensors of unfinished (or being submitted) tasks that use it */
    bool scope_open;    /* the scope that created it has not ended */
    struct Block *next; /* free: the next free block; live: the next block of its scope */
} Block;
_Static_assert(sizeof(Block) <= HDR, "an arena header holds a Block");

/* One record of the tensor map: a task reads or writes bytes [lo, hi) of buffer buf. Records
 * exist only for unfinished tasks: a task's records go when it finishes, and a write drops the
 * records it covers (their tasks are its predecessors, so later tasks still follow them). */
typedef struct Entry {
    uint64_t buf, lo, hi;
    bool write;
    int task, k;    /* the task slot, and the index of the tensor in it */
    int prev, next; /* the bucket's chain; next also links the free entries */
} Entry;

/* An edge of the dependency graph, on its predecessor's list. */
typedef struct Edge {
    int succ, next;
} Edge;

typedef enum { TS_FREE, TS_SETUP, TS_PENDING, TS_READY, TS_RUNNING } TaskState;

typedef struct Task {
    TaskState state;
    uint64_t seq; /* submission number: "task N" */
    int core_type, func_id;
    PtocKernelFn fn;
    const char *name;
    int npending;    /* unfinished predecessors */
    int succ;        /* edges to its successors, -1 */
    int next_ready;  /* link in its ready queue's overflow */
    uint64_t mark;   /* dedups predecessors while a submission collects them */
    int ntensors;
    ChipTensor tensors[PTOC_MAX_TENSORS]; /* what args[i] points to */
    int64_t args[PTOC_MAX_TENSORS + PTOC_MAX_SCALARS];
    int entry[PTOC_MAX_TENSORS];    /* its tensor-map records, -1 when gone */
    Block *block[PTOC_MAX_TENSORS]; /* the intermediate each tensor uses, or NULL */
} Task;

/* Ready tasks of one core type: a bounded FIFO. A worker never waits, so a task it makes ready
 * while the FIFO is full goes to the overflow (linked through the task ring, so still bounded),
 * which refills the FIFO as workers take tasks. */
typedef struct Ready {
    int *q;
    int cap, head, count;
    int over_head, over_tail, nover;
    pthread_cond_t cv; /* the workers of this core type wait here */
} Ready;

typedef struct Worker {
    PtocRt *rt;
    int core_type;
    PtocCore *core;
    pthread_t thread;
    bool started;
} Worker;

typedef struct Kernel {
    PtocKernelFn fn;
    int core_type;
    char *name;
} Kernel;

struct PtocRt {
    PtocRtConfig cfg;
    pthread_mutex_t mu;
    pthread_cond_t orch_cv; /* the orchestrator waits here: stalls, the end of a run */
    bool running, failed, shutdown;
    char err[1024];          /* the first failure of the run */
    Kernel kernels[MAX_FUNC];

    Task *tasks;             /* the ring: task seq lives in slot seq % task_ring */
    uint64_t next_seq;
    int unfinished;          /* slots not free */
    int nrunning;

    Entry *entries;          /* the tensor map */
    int *buckets, nbuckets, free_entry, used_entries;
    uint64_t mark_gen;

    Edge *edges;             /* the dependency pool */
    int free_edge, used_edges;
    int *preds;              /* scratch: the predecessors of the task being submitted */

    Ready ready[2];

    char *arena;             /* intermediates */
    uint64_t arena_cap, arena_used;
    Block *free_blocks;
    Block *scopes[MAX_SCOPES]; /* the blocks created in each open scope */
    int nscopes;               /* may exceed MAX_SCOPES after a failure, to keep ends balanced */

    Worker *workers;
    int nworkers;
    PtocRtStats stats;
};

/* The runtime whose orchestration this thread runs (ptoc_rt_current): a documented
 * thread-local, as the orchestration API's free functions reach the runtime through it. */
static _Thread_local PtocRt *current_rt;

static const char *core_name(int ct) { return ct == PTOC_CORE_AIC ? "AIC" : "AIV"; }

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Appends to the message in buf. */
static void append(char *buf, size_t n, const char *fmt, ...) {
    size_t len = strlen(buf);
    if (len + 1 >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, n - len, fmt, ap);
    va_end(ap);
}

/* Fails the run; the first failure's message is kept. Holding mu. */
static void fail(PtocRt *rt, const char *fmt, ...) {
    if (rt->failed)
        return;
    rt->failed = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rt->err, sizeof rt->err, fmt, ap);
    va_end(ap);
}

static void high_water(PtocRt *rt, PtocResource r, uint64_t used) {
    if (used > rt->stats.res[r].high_water)
        rt->stats.res[r].high_water = used;
}

/* ---- the arena ---- */

static uint64_t round_up(uint64_t n) { return (n + HDR - 1) / HDR * HDR; }

/* First fit; NULL when no free block is large enough. The data are zeroed, so that a kernel
 * reading what nobody wrote behaves the same on every run. */
static Block *arena_alloc(PtocRt *rt, uint64_t bytes) {
    uint64_t need = HDR + round_up(bytes);
    for (Block **p = &rt->free_blocks; *p; p = &(*p)->next) {
        Block *b = *p;
        if (b->size < need)
            continue;
        if (b->size - need >= 2 * HDR) {
            Block *rest = (Block *)((char *)b + need);
            rest->size = b->size - need;
            rest->magic = BLOCK_FREE;
            rest->next = b->next;
            *p = rest;
            b->size = need;
        } else {
            *p = b->next;
        }
        b->magic = BLOCK_LIVE;
        b->users = 0;
        b->scope_open = true;
        b->next = NULL;
        memset((char *)b + HDR, 0, bytes);
        rt->arena_used += b->size;
        high_water(rt, PTOC_RES_ARENA, rt->arena_used);
        return b;
    }
    return NULL;
}

static void arena_release(PtocRt *rt, Block *b) {
    rt->arena_used -= b->size;
    b->magic = BLOCK_FREE;
    Block **p = &rt->free_blocks, *prev = NULL;
    while (*p && *p < b) {
        prev = *p;
        p = &(*p)->next;
    }
    b->next = *p;
    *p = b;
    if (b->next && (char *)b + b->size == (char *)b->next) {
        b->size += b->next->size;
        b->next = b->next->next;
    }
    if (prev && (char *)prev + prev->size == (char *)b) {
        prev->size += b->size;
        prev->next = b->next;
    }
}

/* A use of b ended: free it once its scope has ended and nothing uses it. */
static void block_unuse(PtocRt *rt, Block *b) {
    if (--b->users == 0 && !b->scope_open)
        arena_release(rt, b);
}

/* The intermediate holding addr: NULL in *out for memory outside the arena; false when addr is
 * in the arena but not the data of a live block (a freed intermediate). */
static bool block_of(PtocRt *rt, uint64_t addr, Block **out) {
    *out = NULL;
    uint64_t base = (uint64_t)(uintptr_t)rt->arena;
    if (!rt->arena || addr < base || addr >= base + rt->arena_cap)
        return true;
    if ((addr - base) % HDR || addr - base < HDR)
        return false;
    Block *b = (Block *)(uintptr_t)(addr - HDR);
    if (b->magic != BLOCK_LIVE)
        return false;
    *out = b;
    return true;
}

static void scope_end_locked(PtocRt *rt) {
    if (rt->nscopes == 0)
        return;
    if (--rt->nscopes >= MAX_SCOPES)
        return;
    Block *b = rt->scopes[rt->nscopes];
    rt->scopes[rt->nscopes] = NULL;
    while (b) {
        Block *next = b->next;
        b->next = NULL;
        b->scope_open = false;
        if (b->users == 0)
            arena_release(rt, b);
        b = next;
    }
}

/* ---- the tensor map ---- */

static int bucket_of(const PtocRt *rt, uint64_t buf) {
    return (int)(((buf * 0x9E3779B97F4A7C15ull) >> 32) & (uint64_t)(rt->nbuckets - 1));
}

static void entry_remove(PtocRt *rt, int e) {
    Entry *x = &rt->entries[e];
    if (x->prev >= 0)
        rt->entries[x->prev].next = x->next;
    else
        rt->buckets[bucket_of(rt, x->buf)] = x->next;
    if (x->next >= 0)
        rt->entries[x->next].prev = x->prev;
    rt->tasks[x->task].entry[x->k] = -1;
    x->next = rt->free_entry;
    rt->free_entry = e;
    rt->used_entries--;
}

/* Records tensor k of task slot ti; a write first drops the records it covers. */
static void entry_add(PtocRt *rt, int ti, int k, uint64_t buf, uint64_t lo, uint64_t hi, bool write) {
    int *head = &rt->buckets[bucket_of(rt, buf)];
    if (write) {
        for (int e = *head, next; e >= 0; e = next) {
            next = rt->entries[e].next;
            const Entry *x = &rt->entries[e];
            if (x->buf == buf && x->lo >= lo && x->hi <= hi)
                entry_remove(rt, e);
        }
    }
    int e = rt->free_entry;
    Entry *x = &rt->entries[e];
    rt->free_entry = x->next;
    *x = (Entry){.buf = buf, .lo = lo, .hi = hi, .write = write, .task = ti, .k = k, .prev = -1,
                 .next = *head};
    if (*head >= 0)
        rt->entries[*head].prev = e;
    *head = e;
    rt->tasks[ti].entry[k] = e;
    rt->used_entries++;
    high_water(rt, PTOC_RES_TENSOR_MAP, (uint64_t)rt->used_entries);
}

/* The byte range of a tensor (validated by check_tensor). */
static void tensor_range(const ChipTensor *t, uint64_t *lo, uint64_t *hi) {
    uint64_t es = ptoc_dtype_size(t->dtype), n = 1;
    for (uint32_t d = 0; d < t->ndims; d++)
        n *= t->shape[d];
    *lo = t->buffer.addr + t->start_offset * es;
    *hi = *lo + n * es;
}

/* ---- ready queues and finishing ---- */

static int nready(const PtocRt *rt) {
    return rt->ready[0].count + rt->ready[0].nover + rt->ready[1].count + rt->ready[1].nover;
}

static void push_ready(PtocRt *rt, int ti) {
    Task *t = &rt->tasks[ti];
    Ready *r = &rt->ready[t->core_type];
    t->state = TS_READY;
    if (r->count < r->cap) {
        r->q[(r->head + r->count++) % r->cap] = ti;
        high_water(rt, PTOC_RES_READY_AIV + t->core_type, (uint64_t)r->count);
    } else {
        t->next_ready = -1;
        if (r->nover++)
            rt->tasks[r->over_tail].next_ready = ti;
        else
            r->over_head = ti;
        r->over_tail = ti;
    }
    pthread_cond_signal(&r->cv);
}

static Task *pop_ready(PtocRt *rt, Ready *r) {
    int ti = r->q[r->head];
    r->head = (r->head + 1) % r->cap;
    r->count--;
    if (r->nover) {
        int o = r->over_head;
        r->over_head = rt->tasks[o].next_ready;
        r->nover--;
        r->q[(r->head + r->count++) % r->cap] = o;
    }
    return &rt->tasks[ti];
}

/* A task has run (or was dropped): releases its successors, records and intermediates. */
static void finish(PtocRt *rt, Task *t, bool executed) {
    if (executed)
        rt->stats.tasks[t->core_type]++;
    for (int e = t->succ, next; e >= 0; e = next) {
        next = rt->edges[e].next;
        Task *s = &rt->tasks[rt->edges[e].succ];
        if (--s->npending == 0)
            push_ready(rt, rt->edges[e].succ);
        rt->edges[e].next = rt->free_edge;
        rt->free_edge = e;
        rt->used_edges--;
    }
    t->succ = -1;
    for (int k = 0; k < t->ntensors; k++) {
        if (t->entry[k] >= 0)
            entry_remove(rt, t->entry[k]);
        if (t->block[k])
            block_unuse(rt, t->block[k]);
        t->block[k] = NULL;
    }
    t->state = TS_FREE;
    rt->unfinished--;
    pthread_cond_signal(&rt->orch_cv);
}

static void *worker_main(void *arg) {
    Worker *w = arg;
    PtocRt *rt = w->rt;
    Ready *r = &rt->ready[w->core_type];
    char msg[512];
    pthread_mutex_lock(&rt->mu);
    for (;;) {
        while (!rt->shutdown && r->count == 0)
            pthread_cond_wait(&r->cv, &rt->mu);
        if (r->count == 0)
            break;
        Task *t = pop_ready(rt, r);
        t->state = TS_RUNNING;
        rt->nrunning++;
        bool run = !rt->failed, ok = true; /* after a failure, later tasks are dropped */
        pthread_mutex_unlock(&rt->mu);
        if (run) {
            ptoc_core_begin(w->core, t->name);
            for (int i = 0; i < t->ntensors; i++) {
                uint64_t lo, hi;
                tensor_range(&t->tensors[i], &lo, &hi);
                ptoc_core_allow(w->core, (const void *)(uintptr_t)lo, hi - lo);
            }
            t->fn(t->args);
            ok = ptoc_core_end(w->core, msg, sizeof msg);
        }
        pthread_mutex_lock(&rt->mu);
        rt->nrunning--;
        if (!ok) {
            /* tile.c's messages start with the kernel's name, which ours gives already */
            size_t n = strlen(t->name);
            const char *m = msg;
            if (strncmp(msg, t->name, n) == 0 && strncmp(msg + n, ": ", 2) == 0)
                m += n + 2;
            fail(rt, "task %llu (kernel %s, func_id %d): %s", (unsigned long long)t->seq, t->name,
                 t->func_id, m);
        }
        finish(rt, t, run);
    }
    pthread_mutex_unlock(&rt->mu);
    return NULL;
}

/* ---- stalls ---- */

static void occupancy(const PtocRt *rt, PtocResource r, char *buf, size_t n) {
    switch (r) {
    case PTOC_RES_TASK_RING:
        snprintf(buf, n, "%d/%d slots used", rt->unfinished, rt->cfg.task_ring);
        return;
    case PTOC_RES_TENSOR_MAP:
        snprintf(buf, n, "%d/%d entries used", rt->used_entries, rt->cfg.tensor_map);
        return;
    case PTOC_RES_DEP_POOL:
        snprintf(buf, n, "%d/%d entries used", rt->used_edges, rt->cfg.dep_pool);
        return;
    case PTOC_RES_READY_AIV:
    case PTOC_RES_READY_AIC:
        snprintf(buf, n, "%d/%d entries used", rt->ready[r - PTOC_RES_READY_AIV].count,
                 rt->cfg.ready_queue);
        return;
    case PTOC_RES_ARENA:
        snprintf(buf, n, "%llu/%llu bytes used", (unsigned long long)rt->arena_used,
                 (unsigned long long)rt->cfg.arena_bytes);
        return;
    case PTOC_RES__COUNT:
        break;
    }
    snprintf(buf, n, "?");
}

/* The submission of task seq waits for resource r, of which it needs `need` (entries or
 * bytes). Returns false, with the deadlock in the run's message, when no task is running or
 * ready: then nothing can ever free r. *since is when this stall began (0: not yet). */
static bool stall(PtocRt *rt, PtocResource r, const Task *t, uint64_t need, uint64_t *since) {
    if (!*since) {
        *since = now_ns();
        rt->stats.res[r].stalls++;
    }
    if (rt->nrunning == 0 && nready(rt) == 0) {
        char occ[128];
        occupancy(rt, r, occ, sizeof occ);
        fail(rt, "deadlock: task %llu (kernel %s, func_id %d) waits for %s (%s; it needs %llu %s), "
                 "but no task is running or ready, so nothing can free it",
             (unsigned long long)t->seq, t->name, t->func_id, ptoc_resource_name[r], occ,
             (unsigned long long)need, r == PTOC_RES_ARENA ? "bytes" : need == 1 ? "entry" : "entries");
        int listed = 0;
        for (int i = 0; i < rt->cfg.task_ring && listed < 8; i++) {
            const Task *p = &rt->tasks[i];
            if (p->state != TS_PENDING)
                continue;
            append(rt->err, sizeof rt->err, "%s task %llu (kernel %s, func_id %d) waits for %d tasks",
                   listed++ ? ";" : "; waiting:", (unsigned long long)p->seq, p->name, p->func_id,
                   p->npending);
        }
        if (r == PTOC_RES_ARENA)
            append(rt->err, sizeof rt->err, " (intermediates live until their scope ends: a larger "
                                            "arena or smaller scopes would do)");
        return false;
    }
    pthread_cond_wait(&rt->orch_cv, &rt->mu);
    return true;
}

static void stall_end(PtocRt *rt, PtocResource r, uint64_t since) {
    if (since)
        rt->stats.res[r].stall_ns += now_ns() - since;
}

/* ---- submission ---- */

/* Bytes of ndims dims of shape times esize: false on overflow. */
static bool shape_bytes(uint32_t ndims, const uint32_t *shape, uint64_t esize, uint64_t *out) {
    uint64_t n = esize;
    for (uint32_t d = 0; d < ndims; d++) {
        if (shape[d] && n > UINT64_MAX / shape[d])
            return false;
        n *= shape[d];
    }
    *out = n;
    return true;
}

/* Checks tensor i of a submission; its intermediate (or NULL) in *blk. Message in msg. */
static bool check_tensor(PtocRt *rt, const PtocTaskArgs *a, int i, Block **blk, char *msg, size_t n) {
    *blk = NULL;
    int dir = a->tensors[i].dir;
    if (dir != PTOC_ARG_IN && dir != PTOC_ARG_OUT && dir != PTOC_ARG_INOUT) {
        snprintf(msg, n, "tensor %d has an unknown direction %d", i, dir);
        return false;
    }
    uint64_t bytes;
    if (a->tensors[i].create) {
        const PtocTensorCreate *ci = &a->tensors[i].ci;
        size_t es = ptoc_dtype_size(ci->dtype);
        if (dir != PTOC_ARG_OUT)
            snprintf(msg, n, "tensor %d: only an output can be created", i);
        else if (!es)
            snprintf(msg, n, "tensor %d is created with an unknown dtype %u", i, ci->dtype);
        else if (ci->ndims > PTOC_MAX_RANK)
            snprintf(msg, n, "tensor %d is created with %u dimensions (at most %d)", i, ci->ndims,
                     PTOC_MAX_RANK);
        else if (!shape_bytes(ci->ndims, ci->shape, es, &bytes) ||
                 bytes > rt->arena_cap || HDR + round_up(bytes) > rt->arena_cap)
            snprintf(msg, n, "tensor %d is created larger than the whole arena (%llu bytes)", i,
                     (unsigned long long)rt->cfg.arena_bytes);
        else if (bytes == 0)
            snprintf(msg, n, "tensor %d is created with zero size", i);
        else
            return true;
        return false;
    }
    const ChipTensor *t = &a->tensors[i].t;
    size_t es = ptoc_dtype_size(t->dtype);
    if (!es) {
        snprintf(msg, n, "tensor %d has an unknown dtype %u", i, t->dtype);
        return false;
    }
    if (t->ndims > PTOC_MAX_RANK) {
        snprintf(msg, n, "tensor %d has %u dimensions (at most %d)", i, t->ndims, PTOC_MAX_RANK);
        return false;
    }
    if (!shape_bytes(t->ndims, t->shape, es, &bytes)) {
        snprintf(msg, n, "tensor %d has an overflowing size", i);
        return false;
    }
    if (bytes == 0) {
        snprintf(msg, n, "tensor %d has zero size", i);
        return false;
    }
    if (!t->buffer.addr) {
        snprintf(msg, n, "tensor %d has no buffer (address 0)", i);
        return false;
    }
    if (t->start_offset > (t->buffer.size / es) ||
        bytes > t->buffer.size - t->start_offset * es) {
        snprintf(msg, n, "tensor %d (%llu bytes from element %llu) lies outside its buffer of %llu "
                         "bytes", i, (unsigned long long)bytes, (unsigned long long)t->start_offset,
                 (unsigned long long)t->buffer.size);
        return false;
    }
    if (!block_of(rt, t->buffer.addr, blk)) {
        snprintf(msg, n, "tensor %d is an intermediate that was already freed (its scope ended)", i);
        return false;
    }
    return true;
}

/* Undoes a submission that failed while it waited: its slot and intermediates. */
static void drop_setup(PtocRt *rt, Task *t, const PtocTaskArgs *a, Block **blk) {
    for (int i = 0; i < a->ntensors; i++) {
        if (!blk[i])
            continue;
        if (a->tensors[i].create)
            arena_release(rt, blk[i]);
        else
            block_unuse(rt, blk[i]);
    }
    if (t) {
        t->state = TS_FREE;
        rt->unfinished--;
    }
}

/* Validates a submission: false with the run failed. */
static bool check_submit(PtocRt *rt, int core_type, int func_id, const PtocTaskArgs *a) {
    unsigned long long seq = (unsigned long long)rt->next_seq;
    if (func_id < 0 || func_id >= MAX_FUNC || !rt->kernels[func_id].fn) {
        fail(rt, "task %llu: func_id %d has no registered kernel", seq, func_id);
        return false;
    }
    const Kernel *k = &rt->kernels[func_id];
    char msg[256] = "";
    int nworkers = core_type == PTOC_CORE_AIV ? rt->cfg.vec_workers : rt->cfg.cube_workers;
    if (core_type != PTOC_CORE_AIV && core_type != PTOC_CORE_AIC)
        snprintf(msg, sizeof msg, "unknown core type %d", core_type);
    else if (core_type != k->core_type)
        snprintf(msg, sizeof msg, "an %s kernel submitted to an %s core", core_name(k->core_type),
                 core_name(core_type));
    else if (nworkers == 0)
        snprintf(msg, sizeof msg, "no %s worker to run it (%s is 0)", core_name(core_type),
                 core_type == PTOC_CORE_AIV ? "vec_workers" : "cube_workers");
    else if (a->ntensors < 0 || a->ntensors > PTOC_MAX_TENSORS)
        snprintf(msg, sizeof msg, "%d tensors (at most %d)", a->ntensors, PTOC_MAX_TENSORS);
    else if (a->nscalars < 0 || a->nscalars > PTOC_MAX_SCALARS)
        snprintf(msg, sizeof msg, "%d scalars (at most %d)", a->nscalars, PTOC_MAX_SCALARS);
    if (!msg[0])
        return true;
    fail(rt, "task %llu (kernel %s, func_id %d): %s", seq, k->name, func_id, msg);
    return false;
}

bool ptoc_rt_submit(PtocRt *rt, int core_type, int func_id, const PtocTaskArgs *a, ChipTensor *outs) {
    int ncreate = 0;
    if (a && a->ntensors > 0)
        for (int i = 0; i < a->ntensors && i < PTOC_MAX_TENSORS; i++)
            ncreate += a->tensors[i].create;
    if (outs)
        memset(outs, 0, (size_t)ncreate * sizeof *outs);
    if (!rt || !a)
        return false;
    pthread_mutex_lock(&rt->mu);
    if (!rt->running || rt->failed || !check_submit(rt, core_type, func_id, a)) {
        pthread_mutex_unlock(&rt->mu);
        return false;
    }
    const Kernel *k = &rt->kernels[func_id];
    Block *blk[PTOC_MAX_TENSORS] = {0};
    uint64_t create_bytes = 0, bytes[PTOC_MAX_TENSORS];
    char msg[384];
    int nt = a->ntensors;
    for (int i = 0; i < nt; i++) {
        if (!check_tensor(rt, a, i, &blk[i], msg, sizeof msg)) {
            fail(rt, "task %llu (kernel %s, func_id %d): %s", (unsigned long long)rt->next_seq,
                 k->name, func_id, msg);
            drop_setup(rt, NULL, a, blk);
            pthread_mutex_unlock(&rt->mu);
            return false;
        }
        if (blk[i])
            blk[i]->users++; /* keeps it alive while this submission waits */
        if (a->tensors[i].create) {
            const PtocTensorCreate *ci = &a->tensors[i].ci;
            shape_bytes(ci->ndims, ci->shape, ptoc_dtype_size(ci->dtype), &bytes[i]);
            create_bytes += HDR + round_up(bytes[i]);
        }
    }

    /* a slot of the ring */
    Task *t = &rt->tasks[rt->next_seq % (uint64_t)rt->cfg.task_ring];
    Task wanted = {.seq = rt->next_seq, .func_id = func_id, .name = k->name};
    uint64_t since = 0;
    while (t->state != TS_FREE && !rt->failed)
        if (!stall(rt, PTOC_RES_TASK_RING, &wanted, 1, &since))
            break;
    stall_end(rt, PTOC_RES_TASK_RING, since);
    if (rt->failed) {
        drop_setup(rt, NULL, a, blk);
        pthread_mutex_unlock(&rt->mu);
        return false;
    }
    int ti = (int)(t - rt->tasks);
    t->state = TS_SETUP;
    t->seq = rt->next_seq++;
    t->core_type = core_type;
    t->func_id = func_id;
    t->fn = k->fn;
    t->name = k->name;
    t->succ = -1;
    t->ntensors = nt;
    rt->unfinished++;
    high_water(rt, PTOC_RES_TASK_RING, (uint64_t)rt->unfinished);

    /* the intermediates it creates: all or none, so a partial set never holds the arena */
    since = 0;
    for (;;) {
        int i = 0;
        for (; i < nt; i++)
            if (a->tensors[i].create && !(blk[i] = arena_alloc(rt, bytes[i])))
                break;
        if (i == nt)
            break;
        for (int j = 0; j < i; j++)
            if (a->tensors[j].create) {
                arena_release(rt, blk[j]);
                blk[j] = NULL;
            }
        if (rt->failed || !stall(rt, PTOC_RES_ARENA, t, create_bytes, &since))
            break;
    }
    stall_end(rt, PTOC_RES_ARENA, since);

    /* room in the tensor map for its records */
    since = 0;
    while (!rt->failed && rt->cfg.tensor_map - rt->used_entries < nt)
        if (!stall(rt, PTOC_RES_TENSOR_MAP, t, (uint64_t)nt, &since))
            break;
    stall_end(rt, PTOC_RES_TENSOR_MAP, since);

    /* its predecessors (every unfinished task with an overlapping record, a write on one side),
     * and room in the pool for the edges; they are collected again after each wait, as
     * predecessors finish meanwhile */
    int npred = 0;
    since = 0;
    while (!rt->failed) {
        uint64_t mark = ++rt->mark_gen;
        npred = 0;
        for (int i = 0; i < nt; i++) {
            if (a->tensors[i].create)
                continue;
            const ChipTensor *x = &a->tensors[i].t;
            uint64_t lo, hi;
            tensor_range(x, &lo, &hi);
            bool write = a->tensors[i].dir != PTOC_ARG_IN;
            for (int e = rt->buckets[bucket_of(rt, x->buffer.addr)]; e >= 0; e = rt->entries[e].next) {
                const Entry *y = &rt->entries[e];
                Task *p = &rt->tasks[y->task];
                if (y->buf != x->buffer.addr || y->hi <= lo || y->lo >= hi || !(write || y->write) ||
                    p->mark == mark)
                    continue;
                p->mark = mark;
                rt->preds[npred++] = y->task;
            }
        }
        if (rt->cfg.dep_pool - rt->used_edges >= npred)
            break;
        if (!stall(rt, PTOC_RES_DEP_POOL, t, (uint64_t)npred, &since))
            break;
    }
    stall_end(rt, PTOC_RES_DEP_POOL, since);
    if (rt->failed) {
        drop_setup(rt, t, a, blk);
        pthread_mutex_unlock(&rt->mu);
        return false;
    }

    /* commit: edges, records, tensors, arguments, intermediates */
    for (int j = 0; j < npred; j++) {
        Task *p = &rt->tasks[rt->preds[j]];
        int e = rt->free_edge;
        rt->free_edge = rt->edges[e].next;
        rt->edges[e] = (Edge){.succ = ti, .next = p->succ};
        p->succ = e;
        rt->used_edges++;
    }
    high_water(rt, PTOC_RES_DEP_POOL, (uint64_t)rt->used_edges);
    rt->stats.edges += (uint64_t)npred;
    t->npending = npred;
    int oi = 0;
    for (int i = 0; i < nt; i++) {
        ChipTensor *x = &t->tensors[i];
        if (a->tensors[i].create) {
            const PtocTensorCreate *ci = &a->tensors[i].ci;
            Block *b = blk[i];
            *x = (ChipTensor){.buffer = {(uint64_t)(uintptr_t)((char *)b + HDR), bytes[i]},
                              .ndims = ci->ndims, .dtype = ci->dtype};
            memcpy(x->shape, ci->shape, ci->ndims * sizeof *ci->shape);
            b->users = 1;
            b->next = rt->scopes[rt->nscopes - 1];
            rt->scopes[rt->nscopes - 1] = b;
            if (outs)
                outs[oi++] = *x;
        } else {
            *x = a->tensors[i].t;
        }
        t->block[i] = blk[i];
        t->args[i] = (int64_t)(intptr_t)x;
        uint64_t lo, hi;
        tensor_range(x, &lo, &hi);
        entry_add(rt, ti, i, x->buffer.addr, lo, hi, a->tensors[i].dir != PTOC_ARG_IN);
    }
    for (int j = 0; j < a->nscalars; j++)
        t->args[nt + j] = (int64_t)a->scalars[j];

    /* ready now, or when its last predecessor finishes */
    if (npred) {
        t->state = TS_PENDING;
    } else {
        Ready *r = &rt->ready[core_type];
        PtocResource res = PTOC_RES_READY_AIV + core_type;
        since = 0;
        while (r->count + r->nover >= r->cap)
            if (!stall(rt, res, t, 1, &since))
                break; /* not reached: a full queue has ready tasks */
        stall_end(rt, res, since);
        push_ready(rt, ti);
    }
    bool ok = !rt->failed;
    pthread_mutex_unlock(&rt->mu);
    return ok;
}

/* ---- scopes, runs ---- */

void ptoc_rt_scope_begin(PtocRt *rt) {
    if (!rt)
        return;
    pthread_mutex_lock(&rt->mu);
    if (rt->running) {
        if (rt->nscopes == MAX_SCOPES)
            fail(rt, "scopes nested deeper than %d", MAX_SCOPES);
        else if (rt->nscopes < MAX_SCOPES)
            rt->scopes[rt->nscopes] = NULL;
        rt->nscopes++;
    }
    pthread_mutex_unlock(&rt->mu);
}

void ptoc_rt_scope_end(PtocRt *rt) {
    if (!rt)
        return;
    pthread_mutex_lock(&rt->mu);
    if (rt->running && rt->nscopes > 1) /* the run's own scope ends with the run */
        scope_end_locked(rt);
    pthread_mutex_unlock(&rt->mu);
}

PtocRt *ptoc_rt_current(void) { return current_rt; }

bool ptoc_rt_run(PtocRt *rt, void (*orch)(void *ud), void *ud, char *err, size_t errlen) {
    if (errlen)
        err[0] = '\0';
    pthread_mutex_lock(&rt->mu);
    if (rt->running) {
        pthread_mutex_unlock(&rt->mu);
        snprintf(err, errlen, "ptoc_rt_run: the runtime is already running an orchestration");
        return false;
    }
    rt->running = true;
    rt->failed = false;
    rt->err[0] = '\0';
    rt->next_seq = 0; /* every slot is free: tasks are numbered from 0 in each run */
    memset(&rt->stats, 0, sizeof rt->stats);
    const uint64_t caps[PTOC_RES__COUNT] = {
        [PTOC_RES_TASK_RING] = (uint64_t)rt->cfg.task_ring,
        [PTOC_RES_TENSOR_MAP] = (uint64_t)rt->cfg.tensor_map,
        [PTOC_RES_DEP_POOL] = (uint64_t)rt->cfg.dep_pool,
        [PTOC_RES_READY_AIV] = (uint64_t)rt->cfg.ready_queue,
        [PTOC_RES_READY_AIC] = (uint64_t)rt->cfg.ready_queue,
        [PTOC_RES_ARENA] = rt->cfg.arena_bytes,
    };
    for (int r = 0; r < PTOC_RES__COUNT; r++)
        rt->stats.res[r].capacity = caps[r];
    rt->nscopes = 1;
    rt->scopes[0] = NULL;
    pthread_mutex_unlock(&rt->mu);

    PtocRt *outer = current_rt;
    current_rt = rt;
    orch(ud);
    current_rt = outer;

    pthread_mutex_lock(&rt->mu);
    while (rt->nscopes > 0)
        scope_end_locked(rt);
    while (rt->unfinished > 0)
        pthread_cond_wait(&rt->orch_cv, &rt->mu);
    rt->running = false;
    bool ok = !rt->failed;
    if (!ok)
        snprintf(err, errlen, "%s", rt->err);
    pthread_mutex_unlock(&rt->mu);
    return ok;
}

bool ptoc_rt_set_kernel(PtocRt *rt, int func_id, int core_type, PtocKernelFn fn, const char *name) {
    if (!rt || func_id < 0 || func_id >= MAX_FUNC || !fn ||
        (core_type != PTOC_CORE_AIV && core_type != PTOC_CORE_AIC))
        return false;
    if (!name)
        name = "?";
    char *copy = malloc(strlen(name) + 1);
    if (!copy)
        return false;
    strcpy(copy, name);
    pthread_mutex_lock(&rt->mu);
    bool ok = !rt->running; /* tasks of a run point at the names */
    if (ok) {
        Kernel *k = &rt->kernels[func_id];
        free(k->name);
        *k = (Kernel){fn, core_type, copy};
    }
    pthread_mutex_unlock(&rt->mu);
    if (!ok)
        free(copy);
    return ok;
}

void ptoc_rt_stats(const PtocRt *rt, PtocRtStats *out) {
    PtocRt *m = (PtocRt *)rt; /* locking does not change what the caller sees */
    pthread_mutex_lock(&m->mu);
    *out = rt->stats;
    pthread_mutex_unlock(&m->mu);
}

/* ---- life cycle ---- */

void ptoc_rt_config_default(PtocRtConfig *cfg) {
    *cfg = (PtocRtConfig){.vec_workers = 2, .cube_workers = 1, .task_ring = 1024,
                          .tensor_map = 4096, .dep_pool = 16384, .ready_queue = 1024,
                          .arena_bytes = 256u << 20};
}

static bool check_config(const PtocRtConfig *c, char *err, size_t errlen) {
    const struct {
        const char *name;
        int value, min, max;
    } limits[] = {
        {"vec_workers", c->vec_workers, 0, MAX_WORKERS},
        {"cube_workers", c->cube_workers, 0, MAX_WORKERS},
        {"task_ring", c->task_ring, 1, MAX_ENTRIES},
        {"tensor_map", c->tensor_map, 1, MAX_ENTRIES},
        {"dep_pool", c->dep_pool, 1, MAX_ENTRIES},
        {"ready_queue", c->ready_queue, 1, MAX_ENTRIES},
    };
    for (size_t i = 0; i < sizeof limits / sizeof *limits; i++)
        if (limits[i].value < limits[i].min || limits[i].value > limits[i].max) {
            snprintf(err, errlen, "runtime: %s must be %d..%d, not %d", limits[i].name,
                     limits[i].min, limits[i].max, limits[i].value);
            return false;
        }
    if (c->vec_workers + c->cube_workers == 0) {
        snprintf(err, errlen, "runtime: no worker (vec_workers and cube_workers are 0)");
        return false;
    }
    if (c->arena_bytes > (uint64_t)1 << 40) {
        snprintf(err, errlen, "runtime: arena_bytes must be at most 1 TiB, not %llu",
                 (unsigned long long)c->arena_bytes);
        return false;
    }
    return true;
}

PtocRt *ptoc_rt_new(const PtocRtConfig *cfg, char *err, size_t errlen) {
    PtocRtConfig c;
    if (cfg)
        c = *cfg;
    else
        ptoc_rt_config_default(&c);
    if (!check_config(&c, err, errlen))
        return NULL;
    PtocRt *rt = calloc(1, sizeof *rt);
    if (!rt) {
        snprintf(err, errlen, "runtime: out of memory");
        return NULL;
    }
    rt->cfg = c;
    pthread_mutex_init(&rt->mu, NULL);
    pthread_cond_init(&rt->orch_cv, NULL);
    for (int ct = 0; ct < 2; ct++)
        pthread_cond_init(&rt->ready[ct].cv, NULL);

    rt->nbuckets = 1;
    while (rt->nbuckets < c.tensor_map)
        rt->nbuckets *= 2;
    rt->arena_cap = c.arena_bytes / HDR * HDR;
    rt->tasks = calloc((size_t)c.task_ring, sizeof *rt->tasks);
    rt->preds = calloc((size_t)c.task_ring, sizeof *rt->preds);
    rt->entries = calloc((size_t)c.tensor_map, sizeof *rt->entries);
    rt->buckets = malloc((size_t)rt->nbuckets * sizeof *rt->buckets);
    rt->edges = calloc((size_t)c.dep_pool, sizeof *rt->edges);
    rt->workers = calloc((size_t)(c.vec_workers + c.cube_workers), sizeof *rt->workers);
    bool ok = rt->tasks && rt->preds && rt->entries && rt->buckets && rt->edges && rt->workers;
    for (int ct = 0; ct < 2 && ok; ct++) {
        rt->ready[ct].cap = c.ready_queue;
        ok = (rt->ready[ct].q = calloc((size_t)c.ready_queue, sizeof(int))) != NULL;
    }
    if (ok && rt->arena_cap >= 2 * HDR) {
        ok = (rt->arena = aligned_alloc(HDR, rt->arena_cap)) != NULL;
        if (ok) {
            rt->free_blocks = (Block *)rt->arena;
            *rt->free_blocks = (Block){.size = rt->arena_cap, .magic = BLOCK_FREE};
        }
    }
    if (!ok) {
        snprintf(err, errlen, "runtime: out of memory");
        ptoc_rt_free(rt);
        return NULL;
    }
    for (int i = 0; i < c.task_ring; i++)
        rt->tasks[i].succ = -1;
    for (int i = 0; i < rt->nbuckets; i++)
        rt->buckets[i] = -1;
    for (int i = 0; i < c.tensor_map; i++)
        rt->entries[i].next = i + 1 < c.tensor_map ? i + 1 : -1;
    for (int i = 0; i < c.dep_pool; i++)
        rt->edges[i].next = i + 1 < c.dep_pool ? i + 1 : -1;

    for (int i = 0; i < c.vec_workers + c.cube_workers; i++) {
        Worker *w = &rt->workers[rt->nworkers++];
        w->rt = rt;
        w->core_type = i < c.vec_workers ? PTOC_CORE_AIV : PTOC_CORE_AIC;
        w->core = ptoc_core_new(w->core_type);
        if (!w->core || pthread_create(&w->thread, NULL, worker_main, w) != 0) {
            snprintf(err, errlen, "runtime: cannot start a %s worker", core_name(w->core_type));
            ptoc_rt_free(rt);
            return NULL;
        }
        w->started = true;
    }
    return rt;
}

void ptoc_rt_free(PtocRt *rt) {
    if (!rt)
        return;
    pthread_mutex_lock(&rt->mu);
    rt->shutdown = true;
    for (int ct = 0; ct < 2; ct++)
        pthread_cond_broadcast(&rt->ready[ct].cv);
    pthread_mutex_unlock(&rt->mu);
    for (int i = 0; i < rt->nworkers; i++) {
        Worker *w = &rt->workers[i];
        if (w->started)
            pthread_join(w->thread, NULL);
        if (w->core)
            ptoc_core_free(w->core);
    }
    for (int f = 0; f < MAX_FUNC; f++)
        free(rt->kernels[f].name);
    for (int ct = 0; ct < 2; ct++) {
        free(rt->ready[ct].q);
        pthread_cond_destroy(&rt->ready[ct].cv);
    }
    free(rt->arena);
    free(rt->workers);
    free(rt->edges);
    free(rt->buckets);
    free(rt->entries);
    free(rt->preds);
    free(rt->tasks);
    pthread_cond_destroy(&rt->orch_cv);
    pthread_mutex_destroy(&rt->mu);
    free(rt);
}
