#define _POSIX_C_SOURCE 200809L
/* run.c - `ptoc run --backend cce`: the program through the Default pipeline and the cce
 * backend (the code of `ptoc compile --backend cce`), the tree written to a directory, built
 * (build.c), loaded with dlopen, and run by the CPU runtime on the interpreter's inputs.
 *
 * ABI assumptions (documented in docs/cpu-runtime.md): the orchestration's
 * `aicpu_orchestration_entry(const ChipTaskArgs &)` is called as `void (*)(const PtocOrchArgs *)`
 * (a reference is a pointer, and ChipTaskArgs is layout-compatible with PtocOrchArgs), and
 * `aicpu_orchestration_config` returns a small trivially-copyable struct whose first member is
 * the integer expected_arg_count (returned in registers, read here as an int32_t). */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "backend/cce/cce.h"
#include "run/run.h"

typedef void (*OrchEntry)(const PtocOrchArgs *args);
typedef struct OrchConfig { int32_t expected_arg_count; } OrchConfig;
typedef OrchConfig (*OrchConfigFn)(const PtocOrchArgs *args);

/* ---- options ---- */

void cce_run_options_init(CceRunOptions *o) {
    memset(o, 0, sizeof *o);
    ptoc_rt_config_default(&o->rt);
    const char *v = getenv("PTOC_RUN_VERBOSE");
    o->verbose = v && *v && strcmp(v, "0") != 0;
}

/* A positive count with an optional K/M/G suffix (bytes) into *out; false when malformed. */
static bool parse_count(const char *s, size_t n, bool suffix, uint64_t *out) {
    char text[32];
    if (n == 0 || n >= sizeof text)
        return false;
    memcpy(text, s, n);
    text[n] = 0;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (end == text || errno || text[0] == '-')
        return false;
    uint64_t mul = 1;
    if (suffix && *end && !end[1]) {
        mul = *end == 'K' || *end == 'k' ? 1ull << 10 : *end == 'M' || *end == 'm' ? 1ull << 20
            : *end == 'G' || *end == 'g' ? 1ull << 30 : 0;
        end += mul != 0;
    }
    if (*end || v == 0 || v > UINT64_MAX / mul)
        return false;
    *out = v * mul;
    return true;
}

bool cce_parse_workers(const char *s, PtocRtConfig *rt, Buf *err) {
    const char *comma = strchr(s, ',');
    uint64_t v, c;
    if (!comma || !parse_count(s, (size_t)(comma - s), false, &v) || !parse_count(comma + 1, strlen(comma + 1), false, &c) ||
        v > 256 || c > 256) {
        buf_printf(err, "--workers needs V,C: vector and cube worker counts from 1 to 256, got '%s'", s);
        return false;
    }
    rt->vec_workers = (int)v;
    rt->cube_workers = (int)c;
    return true;
}

bool cce_parse_rt_config(const char *s, PtocRtConfig *rt, Buf *err) {
    while (*s) {
        const char *end = strchr(s, ','), *eq = strchr(s, '=');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        uint64_t v;
        if (!eq || eq > s + n) {
            buf_printf(err, "--rt-config needs NAME=VALUE items, got '%.*s'", (int)n, s);
            return false;
        }
        size_t kn = (size_t)(eq - s);
        bool arena = kn == 5 && !strncmp(s, "arena", 5);
        if (!parse_count(eq + 1, n - kn - 1, arena, &v) || (!arena && v > (1u << 30))) {
            buf_printf(err, "--rt-config: '%.*s' needs a positive %s", (int)n, s, arena ? "byte count" : "count");
            return false;
        }
        if (arena)
            rt->arena_bytes = v;
        else if (kn == 9 && !strncmp(s, "task_ring", 9))
            rt->task_ring = (int)v;
        else if (kn == 10 && !strncmp(s, "tensor_map", 10))
            rt->tensor_map = (int)v;
        else if (kn == 8 && !strncmp(s, "dep_pool", 8))
            rt->dep_pool = (int)v;
        else if (kn == 11 && !strncmp(s, "ready_queue", 11))
            rt->ready_queue = (int)v;
        else {
            buf_printf(err, "--rt-config: unknown resource '%.*s' (task_ring, tensor_map, dep_pool, ready_queue, arena)",
                       (int)kn, s);
            return false;
        }
        s += n + (end != NULL);
    }
    return true;
}

/* ---- one run ---- */

typedef struct Run {
    Ctx *c;
    const CceRunOptions *o;
    char *tree;            /* the tree's directory */
    bool remove_tree;
    CceKernels ks;
    const Func *orch;      /* in the compiled program; NULL: a kernel-only program */
    PtrVec handles;        /* dlopen handles */
    PtocRt *rt;
    /* what the orchestration thread runs */
    OrchEntry entry;
    PtocOrchArgs oargs;
    const CceKernel *kernel; /* kernel-only: the one task */
    PtocTaskArgs targs;
    double t0;
} Run;

static void verbose(Run *R, const char *what) {
    if (R->o->verbose)
        fprintf(stderr, "ptoc: run: %s: %.1f ms\n", what, clock_ms() - R->t0);
}

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("ptoc: run: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}

/* The compiled program: the Default pipeline, verified after every pass, no files. */
static Program *compile_default(Ctx *c, const Program *p) {
    Pipeline pl;
    Buf err = {0};
    if (!pipeline_parse(&pl, strategy_passes("Default"), &err))
        ICE("the Default strategy does not parse: %s", err.data);
    Target target;
    target_default(&target);
    PassCtx pc = {.c = c, .target = &target};
    Driver d;
    driver_init(&d, &pc, p);
    d.dump = false;
    d.timing = false;
    Program *q = driver_run(&d, p, &pl);
    buf_free(&pc.memory_json);
    buf_free(&pc.sync_json);
    return q;
}

/* Writes the backend's files under R->tree. */
static int write_tree(Run *R, const Program *q) {
    CceTree tree = {0};
    int rc = cce_emit(R->c, q, &tree) ? 0 : 1;
    Buf err = {0};
    for (int i = 0; !rc && i < tree.n; i++) {
        Buf path = {0};
        buf_printf(&path, "%s/%s", R->tree, tree.files[i].path);
        if (!fs_write_file(path.data, tree.files[i].text.data ? tree.files[i].text.data : "", tree.files[i].text.len,
                           &err))
            rc = fail("%s", err.data);
        buf_free(&path);
    }
    buf_free(&err);
    cce_tree_free(&tree);
    return rc;
}

static void *load_symbol(void *h, const char *so, const char *rel, const char *name, int *rc) {
    void *sym = h ? dlsym(h, name) : NULL;
    if (!sym && !*rc)
        *rc = fail("%s (built from %s) has no symbol '%s'", so, rel, name);
    return sym;
}

static void *open_so(Run *R, const BuildJob *j, int *rc) {
    void *h = dlopen(j->so, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        *rc = fail("cannot load the object of %s: %s", j->rel, dlerror());
        return NULL;
    }
    vec_push(&R->handles, h);
    return h;
}

/* Builds and loads the tree: every kernel registered with the runtime, the orchestration's entry. */
static int build_and_load(Run *R, OrchConfigFn *config) {
    char *inc = runtime_include_dir();
    if (!inc)
        return fail("cannot find the CPU runtime's headers (runtime/cpu/include beside the ptoc executable); "
                    "set PTOC_RUNTIME_DIR");
    char *cache = R->o->no_cache ? NULL : build_cache_dir();
    Buf err = {0};
    if (cache && !fs_mkdirs(cache, &err)) {
        free(cache); /* no cache: every build compiles */
        cache = NULL;
    }
    buf_free(&err);
    int n = R->ks.n + (R->orch != NULL);
    BuildJob *jobs = calloc((size_t)n + 1, sizeof *jobs);
    Buf *paths = calloc((size_t)n + 1, sizeof *paths);
    Buf work = {0};
    if (!jobs || !paths)
        ICE("out of memory");
    for (int i = 0; i < n; i++) {
        Buf rel = {0};
        if (i < R->ks.n)
            buf_printf(&rel, "kernels/%s/%s.cpp", R->ks.k[i].core == 'c' ? "aic" : "aiv", R->ks.k[i].f->name);
        else
            buf_printf(&rel, "orchestration/%s.cpp", R->orch->name);
        buf_printf(&paths[i], "%s/%s", R->tree, rel.data);
        jobs[i].rel = rel.data;
        jobs[i].src = paths[i].data;
    }
    buf_printf(&work, "%s/build", R->tree);
    int rc = 0;
    Buf werr = {0};
    if (!fs_mkdirs(work.data, &werr))
        rc = fail("%s", werr.data);
    buf_free(&werr);
    if (!rc && !build_tree(jobs, n, inc, cache, work.data)) {
        if (R->remove_tree)
            fprintf(stderr, "ptoc: run: (the tree is removed at exit; --keep-tree DIR keeps it)\n");
        rc = 1;
    }
    verbose(R, "built");
    char msg[512] = {0};
    if (!rc && !(R->rt = ptoc_rt_new(&R->o->rt, msg, sizeof msg)))
        rc = fail("%s", msg);
    for (int i = 0; !rc && i < R->ks.n; i++) {
        const CceKernel *k = &R->ks.k[i];
        void *h = open_so(R, &jobs[i], &rc);
        PtocKernelFn fn;
        void *sym = load_symbol(h, jobs[i].so, jobs[i].rel, "kernel_entry", &rc);
        memcpy(&fn, &sym, sizeof fn); /* object pointer to function pointer: POSIX dlsym */
        if (!rc && !ptoc_rt_set_kernel(R->rt, k->func_id, k->core == 'c' ? PTOC_CORE_AIC : PTOC_CORE_AIV, fn,
                                       k->f->name))
            rc = fail("the runtime refused kernel %s (func_id %d)", k->f->name, k->func_id);
    }
    if (!rc && R->orch) {
        void *h = open_so(R, &jobs[n - 1], &rc);
        void *e = load_symbol(h, jobs[n - 1].so, jobs[n - 1].rel, "aicpu_orchestration_entry", &rc);
        void *cf = load_symbol(h, jobs[n - 1].so, jobs[n - 1].rel, "aicpu_orchestration_config", &rc);
        memcpy(&R->entry, &e, sizeof R->entry);
        memcpy(config, &cf, sizeof *config);
    }
    for (int i = 0; i < n; i++) {
        free(jobs[i].so);
        free((char *)jobs[i].rel);
        buf_free(&paths[i]);
    }
    free(jobs);
    free(paths);
    buf_free(&work);
    free(cache);
    free(inc);
    return rc;
}

/* ---- arguments ---- */

static bool rt_dtype(DType dt, uint32_t *out) {
    switch (dt) {
#define X(rt, ir) case DT_##ir: *out = PTOC_DT_##rt; return true;
    PTOC_DTYPES(X)
#undef X
    case DT_INT4: case DT_UINT4: case DT_FP4: case DT_FP8E4M3FN: case DT_FP8E5M2: case DT_HF4: case DT_HF8:
    case DT__COUNT:
        return false;
    }
    return false;
}

/* A ChipTensor over an array's storage (row-major without gaps). */
static int chip_tensor(const char *name, const Array *a, ChipTensor *t) {
    memset(t, 0, sizeof *t);
    if (!rt_dtype(a->dt, &t->dtype))
        return fail("'%s' has %s elements, which the CPU runtime does not hold", name, dtype_info[a->dt].name);
    if (a->rank > PTOC_MAX_RANK || !array_contiguous(a))
        return fail("'%s' is not a row-major tensor of rank at most %d", name, PTOC_MAX_RANK);
    t->buffer.addr = (uint64_t)(uintptr_t)a->st->data;
    t->buffer.size = (uint64_t)a->st->n * dtype_size(a->dt);
    t->start_offset = (uint64_t)a->offset;
    t->ndims = (uint32_t)a->rank;
    for (int d = 0; d < a->rank; d++)
        t->shape[d] = (uint32_t)a->shape[d];
    return 0;
}

/* A scalar as the tree receives it: floats by their bit pattern in the low bits, integers as
 * their 64-bit value (cce.md). */
static uint64_t scalar_bits(Scalar s) {
    if (dtype_is_float(s.dt))
        return fp_bits_from_double(s.f, s.dt, RM_NONE);
    return (uint64_t)s.i;
}

static int find_param(const Func *f, Str name) {
    for (int i = 0; i < f->nparams; i++)
        if (!strcmp(f->params[i]->name, name))
            return i;
    return -1;
}

/* The value of the program's dynamic dimension d, or an error naming it. */
static int dyn_value(const Program *p, const InterpArgs *ea, const Var *d, uint64_t *out) {
    for (int i = 0; i < p->ndyn; i++)
        if (!strcmp(p->dyns[i]->name, d->name)) {
            if (!ea->has_dyn[i])
                break;
            *out = (uint64_t)ea->dyn[i];
            return 0;
        }
    return fail("the dynamic dimension '%s' has no value (give --set %s=VALUE)", d->name, d->name);
}

/* The orchestration's arguments: its tensor parameters, the returned tensors (allocated here,
 * appended to r->rets), its scalars, the dynamic dimensions. */
static int orch_args(Run *R, const Program *p, const InterpArgs *ea, InterpResult *r) {
    const Func *o = R->orch, *f = ea->entry;
    PtocOrchArgs *a = &R->oargs;
    int rc = 0;
    for (int i = 0; !rc && i < o->nparams; i++) {
        int j = find_param(f, o->params[i]->name);
        if (j < 0)
            return fail("the compiled orchestration's parameter '%s' is not a parameter of '%s'", o->params[i]->name,
                        f->name);
        if (o->params[i]->type->kind != TY_TENSOR)
            continue;
        if (a->ntensors == PTOC_MAX_TENSORS)
            return fail("'%s' has more than %d tensor arguments", f->name, PTOC_MAX_TENSORS);
        rc = chip_tensor(o->params[i]->name, ea->args[j].a, &a->tensors[a->ntensors++]);
    }
    r->nrets = f->nrets;
    r->rets = calloc((size_t)f->nrets + 1, sizeof(Value));
    if (!r->rets)
        ICE("out of memory");
    for (int i = 0; !rc && i < f->nrets; i++) {
        const Type *t = f->rets[i];
        Array *arr = ea->ret_known[i] ? array_new(t->dtype, t->rank, ea->ret_shape[i], MEM_DDR) : NULL;
        if (!arr)
            return fail("the shape of the value '%s' returns (%d) is not known before the run", f->name, i);
        r->rets[i] = value_array(V_TENSOR, arr);
        if (a->ntensors == PTOC_MAX_TENSORS)
            return fail("'%s' has more than %d tensor arguments", f->name, PTOC_MAX_TENSORS);
        char name[32];
        snprintf(name, sizeof name, "return%d", i);
        rc = chip_tensor(name, arr, &a->tensors[a->ntensors++]);
    }
    for (int i = 0; !rc && i < o->nparams; i++) {
        if (o->params[i]->type->kind == TY_TENSOR)
            continue;
        if (a->nscalars == PTOC_MAX_SCALARS)
            return fail("'%s' has more than %d scalar arguments", f->name, PTOC_MAX_SCALARS);
        a->scalars[a->nscalars++] = scalar_bits(ea->args[find_param(f, o->params[i]->name)].s);
    }
    for (int i = 0; !rc && i < R->ks.ndyn; i++) {
        if (a->nscalars == PTOC_MAX_SCALARS)
            return fail("'%s' has more than %d scalar arguments", f->name, PTOC_MAX_SCALARS);
        rc = dyn_value(p, ea, R->ks.dyns[i], &a->scalars[a->nscalars++]);
    }
    return rc;
}

/* The value a kernel returns: the tensor parameter it stored into. */
static int kernel_returns(Run *R, const InterpArgs *ea, InterpResult *r) {
    const Func *k = R->kernel->f, *f = ea->entry;
    const Stmt *ret = NULL;
    for (int i = 0; i < k->body->seq.n; i++)
        if (k->body->seq.items[i]->kind == S_RETURN)
            ret = k->body->seq.items[i];
    int n = ret ? ret->vals.n : 0;
    r->nrets = n;
    r->rets = calloc((size_t)n + 1, sizeof(Value));
    if (!r->rets)
        ICE("out of memory");
    for (int i = 0; i < n; i++) {
        const Var *v = cce_tensor_param(k, ret->vals.vals[i]);
        int j = v ? find_param(f, v->name) : -1;
        if (j < 0)
            return fail("kernel '%s' returns a value that is not one of its tensor parameters", f->name);
        r->rets[i] = value_retain(ea->args[j]);
    }
    return 0;
}

/* A kernel-only program: its entry kernel as the one task. */
static int kernel_args(Run *R, const Program *p, const InterpArgs *ea) {
    const Func *k = R->kernel->f, *f = ea->entry;
    PtocTaskArgs *t = &R->targs;
    int rc = 0;
    for (int i = 0; !rc && i < k->nparams; i++) {
        int j = find_param(f, k->params[i]->name);
        if (j < 0)
            return fail("the compiled kernel's parameter '%s' is not a parameter of '%s'", k->params[i]->name, f->name);
        if (k->params[i]->type->kind == TY_TENSOR) {
            if (t->ntensors == PTOC_MAX_TENSORS)
                return fail("'%s' has more than %d tensor arguments", f->name, PTOC_MAX_TENSORS);
            int d = R->kernel->dirs[i];
            t->tensors[t->ntensors].dir = d == DIR_IN ? PTOC_ARG_IN : d == DIR_OUT ? PTOC_ARG_OUT : PTOC_ARG_INOUT;
            rc = chip_tensor(k->params[i]->name, ea->args[j].a, &t->tensors[t->ntensors++].t);
        }
    }
    for (int i = 0; !rc && i < k->nparams; i++)
        if (k->params[i]->type->kind != TY_TENSOR) {
            if (t->nscalars == PTOC_MAX_SCALARS)
                return fail("'%s' has more than %d scalar arguments", f->name, PTOC_MAX_SCALARS);
            t->scalars[t->nscalars++] = scalar_bits(ea->args[find_param(f, k->params[i]->name)].s);
        }
    for (int i = 0; !rc && i < R->kernel->ndyn; i++) {
        if (t->nscalars == PTOC_MAX_SCALARS)
            return fail("'%s' has more than %d scalar arguments", f->name, PTOC_MAX_SCALARS);
        rc = dyn_value(p, ea, R->kernel->dyns[i], &t->scalars[t->nscalars++]);
    }
    return rc;
}

/* The orchestration thread (ptoc_rt_run). */
static void orchestrate(void *ud) {
    Run *R = ud;
    if (R->entry) {
        R->entry(&R->oargs);
        return;
    }
    ChipTensor outs[PTOC_MAX_TENSORS];
    ptoc_rt_submit(R->rt, R->kernel->core == 'c' ? PTOC_CORE_AIC : PTOC_CORE_AIV, R->kernel->func_id, &R->targs, outs);
}

/* The results: every parameter after the run, its elements now all written as far as the
 * interpreter's summaries are concerned (the runtime keeps no initialisation bits). */
static void results(const InterpArgs *ea, InterpResult *r) {
    const Func *f = ea->entry;
    r->ok = true;
    r->entry = f;
    r->nparams = f->nparams;
    r->params = calloc((size_t)f->nparams + 1, sizeof(Named));
    if (!r->params)
        ICE("out of memory");
    for (int i = 0; i < f->nparams; i++) {
        r->params[i] = (Named){f->params[i]->name, value_retain(ea->args[i]), ea->generated[i]};
        if (ea->args[i].kind == V_TENSOR)
            array_mark_init(ea->args[i].a);
    }
    for (int i = 0; i < r->nrets; i++)
        if (r->rets[i].kind == V_TENSOR)
            array_mark_init(r->rets[i].a);
}

static void run_end(Run *R) {
    ptoc_rt_free(R->rt); /* its threads end before the code they run is unloaded */
    for (int i = 0; i < R->handles.len; i++)
        dlclose(R->handles.items[i]);
    vec_free(&R->handles);
    if (R->remove_tree) {
        Buf err = {0};
        fs_remove_tree(R->tree, &err);
        buf_free(&err);
    }
    free(R->tree);
}

int cce_run(Ctx *c, const Program *p, const char *entry, const Inputs *in, const CceRunOptions *o, InterpResult *r,
            PtocRtStats *stats) {
    memset(r, 0, sizeof *r);
    memset(stats, 0, sizeof *stats);
    Run R = {.c = c, .o = o, .t0 = clock_ms()};
    InterpArgs ea;
    int rc = interp_args(c, p, entry, in, &ea) ? 0 : 1;
    Program *q = rc ? NULL : compile_default(c, p);
    bool ok = true;
    if (!rc && !q)
        rc = 1;
    if (!rc && ((R.orch = cce_find_orch(c, q, &ok)), !ok || !cce_kernels_plan(c, q, R.orch, &R.ks)))
        rc = 1;
    /* the entry as compiled: the Orchestration function (an Opaque function whose pl.incore
     * scopes were outlined becomes one), else one InCore kernel run as a single task */
    if (!rc && R.orch && strcmp(R.orch->name, ea.entry->name))
        rc = fail("--backend cce runs the Orchestration function '%s', not '%s'", R.orch->name, ea.entry->name);
    if (!rc && !R.orch && !(R.kernel = cce_find_kernel(&R.ks, ea.entry->name)))
        rc = fail("--backend cce runs an Orchestration function or an InCore kernel, and '%s' is neither (--entry "
                  "names a kernel)", ea.entry->name);
    verbose(&R, "compiled");
    Buf err = {0};
    if (!rc) {
        if (o->keep_tree) {
            R.tree = strdup(o->keep_tree);
            if (!fs_mkdirs(R.tree, &err))
                rc = fail("%s", err.data);
        } else {
            const char *tmp = getenv("TMPDIR");
            Buf prefix = {0};
            buf_printf(&prefix, "%s/ptoc-run-", tmp && *tmp ? tmp : "/tmp");
            R.tree = fs_mkdtemp(prefix.data, &err);
            R.remove_tree = R.tree != NULL;
            if (!R.tree)
                rc = fail("%s", err.data);
            buf_free(&prefix);
        }
    }
    buf_free(&err);
    if (!rc)
        rc = write_tree(&R, q);
    OrchConfigFn config = NULL;
    if (!rc)
        rc = build_and_load(&R, &config);
    if (!rc)
        rc = R.orch ? orch_args(&R, p, &ea, r) : kernel_args(&R, p, &ea) || kernel_returns(&R, &ea, r);
    if (!rc && config) {
        int want = config(&R.oargs).expected_arg_count, have = R.oargs.ntensors + R.oargs.nscalars;
        if (want != have)
            rc = fail("the orchestration expects %d arguments, ptoc passes %d", want, have);
    }
    if (!rc) {
        char msg[1024] = {0};
        verbose(&R, "loaded");
        if (!ptoc_rt_run(R.rt, orchestrate, &R, msg, sizeof msg))
            rc = fail("%s", msg);
        verbose(&R, "ran");
        ptoc_rt_stats(R.rt, stats);
    }
    if (!rc)
        results(&ea, r);
    run_end(&R);
    interp_args_free(&ea);
    return rc;
}

void cce_stats_print(FILE *out, const PtocRtStats *s) {
    for (int i = 0; i < PTOC_RES__COUNT; i++)
        fprintf(out, "resource %s: capacity=%llu high_water=%llu stalls=%llu stall_ms=%.3f\n", ptoc_resource_name[i],
                (unsigned long long)s->res[i].capacity, (unsigned long long)s->res[i].high_water,
                (unsigned long long)s->res[i].stalls, (double)s->res[i].stall_ns / 1e6);
    fprintf(out, "tasks: aiv=%llu aic=%llu\nedges: %llu\n", (unsigned long long)s->tasks[PTOC_CORE_AIV],
            (unsigned long long)s->tasks[PTOC_CORE_AIC], (unsigned long long)s->edges);
}
