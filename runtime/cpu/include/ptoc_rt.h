/* ptoc_rt.h - the C interface of ptoc's CPU runtime (runtime/cpu/): what a cce tree runs on when it
 * runs on this machine (`ptoc run --backend cce`). Valid C11 and C++17: the C++ headers the trees
 * include (pto/pto-inst.hpp, tensor.h, pto_orchestration_api.h) are thin layers over it, and
 * ptoc (C) drives it. Implementation: runtime/cpu/tile.c (cores and the tile library),
 * runtime/cpu/rt.c (the orchestration runtime). Documentation: docs/cpu-runtime.md.
 *
 * The generated code is compiled into shared objects that ptoc loads; they find these functions in
 * the ptoc executable (linked with -rdynamic). */
#ifndef PTOC_RT_H
#define PTOC_RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- tensors (tensor.h's ChipTensor is this struct) ---- */

/* Element types of runtime tensors, the orchestration API's DataType: X(its name, the name of
 * ptoc's DType, DT_<name>). The one table behind PtocDType, DataType, the cce backend's
 * spellings and ptoc's conversions both ways. */
#define PTOC_DTYPES(X)                                                                             \
    X(FLOAT32, FP32) X(FLOAT16, FP16) X(BFLOAT16, BF16) X(INT8, INT8) X(INT16, INT16) X(INT32, INT32) \
    X(INT64, INT64) X(UINT8, UINT8) X(UINT16, UINT16) X(UINT32, UINT32) X(UINT64, UINT64) X(BOOL, BOOL)

typedef enum {
#define X(rt, ir) PTOC_DT_##rt,
    PTOC_DTYPES(X)
#undef X
    PTOC_DT__COUNT
} PtocDType;
size_t ptoc_dtype_size(uint32_t dt); /* bytes per element, 0 for an unknown dtype */

enum { PTOC_MAX_RANK = 5, PTOC_MAX_TENSORS = 32, PTOC_MAX_SCALARS = 16 };

typedef struct ChipBuffer {
    uint64_t addr; /* host address of the first byte */
    uint64_t size; /* bytes */
} ChipBuffer;

/* A tensor as tasks see it: data at (T *)buffer.addr + start_offset, row-major over shape. */
typedef struct ChipTensor {
    ChipBuffer buffer;
    uint64_t start_offset; /* elements */
    uint32_t ndims;
    uint32_t shape[PTOC_MAX_RANK];
    uint32_t dtype; /* PtocDType */
} ChipTensor;

/* ---- cores: one simulated AI core per worker thread (tile.c) ---- */

enum { PTOC_CORE_AIV = 0, PTOC_CORE_AIC = 1 };

/* A core owns simulated on-chip memory: an AIV core Vec (UB), an AIC core Mat (L1), Left (L0A),
 * Right (L0B), Acc (L0C), with the default target's capacities; tiles live at their TASSIGN
 * addresses inside them. It also holds the set/wait flag state of the running kernel. */
typedef struct PtocCore PtocCore;
PtocCore *ptoc_core_new(int core_type); /* NULL when out of memory */
void ptoc_core_free(PtocCore *core);
/* Makes core the calling thread's current core and starts a kernel on it (name for messages):
 * clears its flags and error. The tile library's ops act on the current core. */
void ptoc_core_begin(PtocCore *core, const char *kernel);
/* The global memory the running kernel may touch: each call (after ptoc_core_begin) adds the
 * bytes [data, data + bytes) of one of its tensors. Once a range is given, a TLOAD or TSTORE
 * reaching outside every range is an error of the core instead of a wild access; a kernel
 * begun without any (tests driving the library directly) is not checked. */
void ptoc_core_allow(PtocCore *core, const void *data, uint64_t bytes);
/* Ends the kernel: a flag set but never waited is an error. False when the kernel had an error
 * (out-of-range TASSIGN or access, a wait with no matching set, an unsupported form...), with
 * the first error's message in err. Clears the thread's current core. */
bool ptoc_core_end(PtocCore *core, char *err, size_t errlen);
/* What get_block_idx() returns in the core's kernels (0 until set). */
void ptoc_core_set_block_idx(PtocCore *core, int64_t idx);

/* ---- the orchestration runtime (rt.c) ---- */

typedef void (*PtocKernelFn)(int64_t *args); /* a kernel's kernel_entry */

/* Bounded resources: every one stalls the orchestrator when full instead of growing. */
typedef struct PtocRtConfig {
    int vec_workers;     /* AIV worker threads (default 2) */
    int cube_workers;    /* AIC worker threads (default 1) */
    int task_ring;       /* task slots in flight (default 1024) */
    int tensor_map;      /* tensor-map entries: live producer/consumer records (default 4096) */
    int dep_pool;        /* dependency-list entries (edges not yet released; default 16384) */
    int ready_queue;     /* ready tasks per core type (default 1024) */
    uint64_t arena_bytes; /* intermediates created by tasks (default 256 MiB) */
} PtocRtConfig;
void ptoc_rt_config_default(PtocRtConfig *cfg);

/* Arguments of one task: tensors in kernel parameter order, then scalars (args[T..]). */
enum { PTOC_ARG_IN, PTOC_ARG_OUT, PTOC_ARG_INOUT };
typedef struct PtocTensorCreate {
    uint32_t ndims;
    uint32_t shape[PTOC_MAX_RANK];
    uint32_t dtype;
} PtocTensorCreate;
typedef struct PtocTaskArgs {
    int ntensors, nscalars;
    struct {
        int dir;               /* PTOC_ARG_* */
        bool create;           /* an OUT tensor the runtime allocates from its arena (ci) */
        ChipTensor t;          /* !create: the tensor */
        PtocTensorCreate ci;   /* create: its shape and dtype */
    } tensors[PTOC_MAX_TENSORS];
    uint64_t scalars[PTOC_MAX_SCALARS];
} PtocTaskArgs;

/* The arguments of an orchestration entry (ChipTaskArgs is this struct). */
typedef struct PtocOrchArgs {
    int ntensors, nscalars;
    ChipTensor tensors[PTOC_MAX_TENSORS];
    uint64_t scalars[PTOC_MAX_SCALARS];
} PtocOrchArgs;

typedef struct PtocRt PtocRt;
/* NULL with a message in err on a bad configuration or no memory. */
PtocRt *ptoc_rt_new(const PtocRtConfig *cfg, char *err, size_t errlen);
void ptoc_rt_free(PtocRt *rt);
/* Registers the kernel of func_id (0..255) for core type PTOC_CORE_*; name for messages. */
bool ptoc_rt_set_kernel(PtocRt *rt, int func_id, int core_type, PtocKernelFn fn, const char *name);

/* Runs orch(ud) on the calling thread as the orchestrator (ptoc_rt_current() is rt meanwhile),
 * then waits for every task. False when a kernel failed, a submission was malformed, or a stall
 * could never clear (a deadlock: the resource, its occupancy and the waiting tasks are in err). */
bool ptoc_rt_run(PtocRt *rt, void (*orch)(void *ud), void *ud, char *err, size_t errlen);
/* The runtime whose orchestration the calling thread is running, or NULL. */
PtocRt *ptoc_rt_current(void);

/* From the orchestration (the calling thread of ptoc_rt_run): submits a task of func_id to a core
 * of core_type. Dependencies come from overlapping address ranges of earlier tasks' tensors
 * (read after write, write after read, write after write). outs[i] receives the i-th created
 * tensor. False after the run has failed (the task is dropped; outs are zeroed). */
bool ptoc_rt_submit(PtocRt *rt, int core_type, int func_id, const PtocTaskArgs *args, ChipTensor *outs);
/* Scopes bound intermediates: a tensor created inside a scope is freed when the scope has ended
 * and its last reader and writer finished. Scopes nest; the run is one outer scope. */
void ptoc_rt_scope_begin(PtocRt *rt);
void ptoc_rt_scope_end(PtocRt *rt);

/* Counters of one run (ptoc run --stats). */
typedef enum { PTOC_RES_TASK_RING, PTOC_RES_TENSOR_MAP, PTOC_RES_DEP_POOL, PTOC_RES_READY_AIV,
               PTOC_RES_READY_AIC, PTOC_RES_ARENA, PTOC_RES__COUNT } PtocResource;
extern const char *const ptoc_resource_name[PTOC_RES__COUNT]; /* "task_ring", ... */
typedef struct PtocRtStats {
    uint64_t tasks[2];   /* executed, per core type */
    uint64_t edges;      /* dependencies made: on tasks not finished at submission (a finished
                            producer needs no edge, so this varies with timing) */
    struct {
        uint64_t capacity, high_water; /* entries (arena: bytes) */
        uint64_t stalls;               /* times the orchestrator waited for it */
        uint64_t stall_ns;             /* total time waited */
    } res[PTOC_RES__COUNT];
} PtocRtStats;
void ptoc_rt_stats(const PtocRt *rt, PtocRtStats *out);

#ifdef __cplusplus
}
#endif
#endif
