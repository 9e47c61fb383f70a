/* cce.h - private to the cce backend (src/backend/cce/): C++ kernels over the pto-isa tile
 * library (docs/cce-backend.md).
 *   cce_kernel.c   one kernels/<core>/<kernel>.cpp per InCore kernel: signature, views, tiles, ops
 *   cce_expr.c     scalar expressions and C++ type spellings
 *   cce_orch.c     orchestration/<orch>.cpp: one runtime task per kernel call
 *   cce_taskgraph.c report/taskgraph.dot: tasks and the tensors between them
 *   cce_manifest.c manifest.json;  cce_verify.c: ptoc verify-tree
 *   cce_emit.c     the tree: which kernels, which core, func_ids, directions, the files */
#ifndef PTOC_BACKEND_CCE_H
#define PTOC_BACKEND_CCE_H

#include "ptoc.h"

/* Scalar expressions as C++ (fully parenthesized where needed). */
void cce_expr(Buf *b, const Expr *e);
/* The same without the outermost parentheses: a condition, a right-hand side. */
void cce_cond(Buf *b, const Expr *e);
/* Whether assigning yield s's values to `to` in order would change a variable a later value still
 * reads (a swap): then they go through <name>_next temporaries. */
bool cce_yield_hazard(const Stmt *s, Var **to);
/* The variables f's body reads (in expressions or types): Var -> itself. A name nothing reads is not
 * declared (no unused variables in the C++). */
void cce_used_vars(const Func *f, Map *out);
/* The C++ element type of a dtype ("float"), NULL when the library has none. */
const char *cce_ctype(DType dt);
/* Core type of a kernel: 'c' (aic: some M-pipe op) or 'v' (aiv); 0 after diagnosing a kernel
 * that mixes M-pipe and V-pipe ops. */
char cce_core(Ctx *c, const Func *f);
/* Whether a kernel may hold the op (the capabilities manifest.json declares). */
bool cce_op_supported(const OpInfo *op);

/* A kernel of the tree: func_ids in first-call order in the orchestration, then program order. */
typedef struct CceKernel {
    const Func *f;
    char core;       /* 'v' (aiv) or 'c' (aic) */
    int func_id;
    ParamDir *dirs;  /* per parameter, from the body (scalars DIR_IN) */
    int ndyn;        /* the program's dynamic dimensions the kernel mentions, in program order: */
    Var **dyns;      /* trailing int64_t parameters, after the scalars (args[T + S ..]) */
} CceKernel;

/* Appends the whole .cpp of one InCore kernel; false after diagnosing what has no C++ form. */
bool cce_kernel(Ctx *c, const CceKernel *k, Buf *out);
/* The program's dynamic dimensions function f mentions (parameter types, body), in program order. */
int cce_dyns(Ctx *c, const Program *p, const Func *f, Var ***out);

typedef struct CceKernels {
    int n;
    CceKernel *k;    /* sorted by func_id */
    int ndyn;        /* the dynamic dimensions the orchestration binds: trailing scalars of its */
    Var **dyns;      /* entry, after its own scalar parameters */
} CceKernels;
const CceKernel *cce_find_kernel(const CceKernels *ks, Str name);
/* Directions of a kernel's tensor parameters from its body: loaded -> read, stored -> written. */
void cce_dirs(const Func *f, ParamDir *dirs);
/* The tensor parameter a tensor value of kernel f is (by identity or by its DDR buffer), or NULL. */
Var *cce_tensor_param(const Func *f, const Expr *e);
/* The Orchestration function (NULL: a kernel-only program); a second one is diagnosed (ok false). */
const Func *cce_find_orch(Ctx *c, const Program *p, bool *ok);
/* The kernels in func_id order with core and directions; false after diagnosing a mixed kernel. */
bool cce_kernels_plan(Ctx *c, const Program *p, const Func *orch, CceKernels *ks);
/* The orchestration entry's directions (tensor parameters, then returned tensors); the count. */
int cce_orch_signature(const Func *o, const CceKernels *ks, ParamDir *out, int max);
/* The argument a kernel call's result ri is another name for (results: the left-out tensor
 * parameters, then the passed tensors of written parameters, in order), or NULL: a new tensor. */
const Expr *cce_call_result_arg(const CceKernel *k, const Expr *call, int ri);
/* The orchestration's tensor variables that name (part of) another one: a view its tensor, x = y
 * its y, a call's result the argument it wrote, a loop's carried value its initial value, a loop's
 * result its carried value. Var -> Var. */
void cce_orch_aliases(const Func *o, const CceKernels *ks, Map *out);
/* The tensor v names, following cce_orch_aliases to the end (a parameter or a created tensor). */
Var *cce_orch_base(const Map *aliases, Var *v);
/* Appends report/taskgraph.dot of the orchestration's tasks. */
void cce_taskgraph(const Func *orch, const CceKernels *ks, Buf *out);
/* Appends orchestration/<orch>.cpp for the Orchestration function o; false after diagnosing. */
bool cce_orch(Ctx *c, const Func *o, const CceKernels *ks, Buf *out);

#endif
