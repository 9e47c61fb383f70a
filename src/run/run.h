/* run.h - `ptoc run --backend cce` (docs/cpu-runtime.md): the program compiled by the cce backend
 * into a tree, the tree's C++ built into shared objects with the system C++ compiler, loaded, and
 * run on the CPU runtime (runtime/cpu/, ptoc_rt.h) on the inputs the interpreter would use.
 *   build.c  the C++ of a tree into .so files: parallel compiler processes, the build cache
 *   run.c    compile, load, arguments, ptoc_rt_run, the results as InterpResult, --stats */
#ifndef PTOC_RUN_H
#define PTOC_RUN_H

#include "interp/interp.h"
#include "ptoc_rt.h"

typedef struct CceRunOptions {
    PtocRtConfig rt;       /* ptoc_rt_config_default, then --workers and --rt-config */
    const char *keep_tree; /* --keep-tree DIR: the tree is written there and kept; NULL: a
                              temporary directory, removed at the end */
    bool no_cache;         /* --no-cache */
    bool verbose;          /* PTOC_RUN_VERBOSE: the build's timings on standard error */
} CceRunOptions;

void cce_run_options_init(CceRunOptions *o);
/* "--workers V,C" and "--rt-config task_ring=N,tensor_map=N,dep_pool=N,ready_queue=N,arena=BYTES"
 * (BYTES may end in K, M or G) into rt; false with a sentence in err. */
bool cce_parse_workers(const char *s, PtocRtConfig *rt, Buf *err);
bool cce_parse_rt_config(const char *s, PtocRtConfig *rt, Buf *err);

/* Runs function `entry` of p (NULL: the interpreter's default entry) through the cce backend on
 * the inputs `in` as the interpreter binds them. r gets the results in interp_run's form (the
 * entry's parameters after the run, the returned tensors), stats the runtime's counters.
 * Returns an exit status: 0, or 1 after reporting an error on standard error (a diagnosed
 * program, a C++ compile error naming the tree file, a runtime failure as "ptoc: run: ..."). */
int cce_run(Ctx *c, const Program *p, const char *entry, const Inputs *in, const CceRunOptions *o, InterpResult *r,
            PtocRtStats *stats);
/* One line per resource ("resource task_ring: capacity=... high_water=... stalls=...
 * stall_ms=..."), then the tasks per core type and the edges. */
void cce_stats_print(FILE *out, const PtocRtStats *s);

/* ---- build.c ---- */
/* One C++ file of a tree to build into a shared object. */
typedef struct BuildJob {
    const char *src;  /* path of the .cpp */
    const char *rel;  /* its path in the tree, for messages */
    char *so;         /* out: the .so to dlopen (in the cache or beside src); free() it */
    bool cached;      /* out: taken from the cache */
} BuildJob;
/* Builds every job, up to nproc compiler processes at a time, with
 * ${CXX:-g++} -std=c++17 -O1 -fPIC -shared -I<incdir> PTOC_TREE_FLAGS. cache_dir NULL: no cache.
 * False after printing the compiler's messages and the failing tree file on standard error. */
bool build_tree(BuildJob *jobs, int n, const char *incdir, const char *cache_dir, const char *workdir);
/* The runtime's include directory: $PTOC_RUNTIME_DIR, or beside the executable
 * (<dir>/../runtime/cpu/include, <dir>/../../runtime/cpu/include); NULL when none has ptoc_rt.h. */
char *runtime_include_dir(void);
/* $PTOC_CACHE_DIR, or ${XDG_CACHE_HOME:-$HOME/.cache}/ptoc; NULL when there is no home. */
char *build_cache_dir(void);

#endif
