/* cce_taskgraph.c - report/taskgraph.dot: the orchestration's tasks (one per kernel call, in
 * program order, named as in the orchestration file: t0, t1, ...) labelled with kernel and
 * func_id; an edge from the task that writes a tensor to each later task that reads it, labelled
 * with the tensor. Tensors are variables of the orchestration (a call's results, its parameters). */
#include <string.h>

#include "backend/cce/cce.h"

typedef struct G {
    const CceKernels *ks;
    Buf *out;
    int ntasks;
    Map writer;  /* Var -> 1 + the task that last wrote it */
} G;

static void edge_from(G *g, const Expr *a, int to) {
    if (a->kind != E_VAR)
        return;
    intptr_t w = (intptr_t)map_get(&g->writer, a->var);
    if (w)
        buf_printf(g->out, "    t%d -> t%d [label=\"%s\"];\n", (int)w - 1, to, a->var->name);
}

static void call(G *g, int nres, Var **res, const Expr *e) {
    const CceKernel *k = cce_find_kernel(g->ks, e->fcall.name);
    if (!k)
        return;
    int id = g->ntasks++;
    buf_printf(g->out, "    t%d [label=\"t%d: %s\\nfunc_id %d (%s)\"];\n", id, id, k->f->name, k->func_id,
               k->core == 'c' ? "aic" : "aiv");
    for (int i = 0; i < e->fcall.nargs && i < k->f->nparams; i++)
        if (k->dirs[i] != DIR_OUT && k->f->params[i]->type->kind == TY_TENSOR)
            edge_from(g, e->fcall.args[i], id);
    for (int i = 0; i < e->fcall.nargs && i < k->f->nparams; i++)
        if (k->dirs[i] != DIR_IN && e->fcall.args[i]->kind == E_VAR)
            map_put(&g->writer, e->fcall.args[i]->var, (void *)(intptr_t)(id + 1));
    for (int i = 0; i < nres; i++)
        map_put(&g->writer, res[i], (void *)(intptr_t)(id + 1));
}

static bool visit(Stmt *s, void *ud) {
    G *g = ud;
    if (s->kind == S_ASSIGN && s->assign.value->kind == E_CALL)
        call(g, s->assign.n, s->assign.vars, s->assign.value);
    else if (s->kind == S_EVAL && s->eval.e->kind == E_CALL)
        call(g, 0, NULL, s->eval.e);
    return true;
}

void cce_taskgraph(const Func *orch, const CceKernels *ks, Buf *out) {
    G g = {.ks = ks, .out = out};
    buf_printf(out, "digraph %s {\n    node [shape=box];\n", orch->name);
    walk_stmts(orch->body, visit, &g);
    buf_puts(out, "}\n");
    map_free(&g.writer);
}
