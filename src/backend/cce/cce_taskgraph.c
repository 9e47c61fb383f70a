/* cce_taskgraph.c - report/taskgraph.dot: the orchestration's tasks (one per kernel call, in
 * program order, named as in the orchestration file: t0, t1, ...) labelled with kernel and
 * func_id; an edge from the task that writes a tensor to each later task that reads it, labelled
 * with the tensor. Tensors are the orchestration's parameters and created tensors: a view, a
 * call's result for a written argument or a loop-carried value is its base tensor (cce_orch_base),
 * so writes of two views of one tensor count as writes of all of it. A call site in a loop is one
 * node; after a loop or an if, the last writer of a yielded value is its result's (of an if, the
 * else branch's when both write one); edges between iterations are not drawn. */
#include <string.h>

#include "backend/cce/cce.h"

typedef struct G {
    const CceKernels *ks;
    Buf *out;
    int ntasks;
    Map aliases; /* cce_orch_aliases */
    Map writer;  /* base Var -> 1 + the task that last wrote it */
} G;

static void edge_from(G *g, const Expr *a, int to) {
    if (a->kind != E_VAR)
        return;
    intptr_t w = (intptr_t)map_get(&g->writer, cce_orch_base(&g->aliases, a->var));
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
            map_put(&g->writer, cce_orch_base(&g->aliases, e->fcall.args[i]->var), (void *)(intptr_t)(id + 1));
    for (int i = 0; i < nres; i++)
        map_put(&g->writer, cce_orch_base(&g->aliases, res[i]), (void *)(intptr_t)(id + 1));
}

static bool visit(Stmt *s, void *ud);

/* The values a construct's body yields now stand for its results: their last writers carry over. */
static void carry_writers(G *g, const Stmt *body, int n, Var **rets) {
    const Stmt *y = body->kind == S_SEQ && body->seq.n ? body->seq.items[body->seq.n - 1] : body;
    if (y->kind != S_YIELD)
        return;
    for (int i = 0; i < n && i < y->vals.n; i++) {
        const Expr *v = y->vals.vals[i];
        void *w = v->kind == E_VAR ? map_get(&g->writer, cce_orch_base(&g->aliases, v->var)) : NULL;
        if (w)
            map_put(&g->writer, cce_orch_base(&g->aliases, rets[i]), w);
    }
}

static bool visit(Stmt *s, void *ud) {
    G *g = ud;
    switch (s->kind) {
    case S_ASSIGN:
        if (s->assign.value->kind == E_CALL)
            call(g, s->assign.n, s->assign.vars, s->assign.value);
        return true;
    case S_EVAL:
        if (s->eval.e->kind == E_CALL)
            call(g, 0, NULL, s->eval.e);
        return true;
    case S_FOR:
        walk_stmts(s->loop.body, visit, g);
        carry_writers(g, s->loop.body, s->loop.n, s->loop.rets);
        return false;
    case S_WHILE:
        walk_stmts(s->wloop.body, visit, g);
        carry_writers(g, s->wloop.body, s->wloop.n, s->wloop.rets);
        return false;
    case S_IF:
        walk_stmts(s->ifs.then, visit, g);
        carry_writers(g, s->ifs.then, s->ifs.n, s->ifs.rets);
        if (s->ifs.els) {
            walk_stmts(s->ifs.els, visit, g);
            carry_writers(g, s->ifs.els, s->ifs.n, s->ifs.rets);
        }
        return false;
    case S_SEQ: case S_YIELD: case S_RETURN: case S_BREAK: case S_CONTINUE: case S_SCOPE:
        return true;
    }
    return true;
}

void cce_taskgraph(const Func *orch, const CceKernels *ks, Buf *out) {
    G g = {.ks = ks, .out = out};
    cce_orch_aliases(orch, ks, &g.aliases);
    buf_printf(out, "digraph %s {\n    node [shape=box];\n", orch->name);
    walk_stmts(orch->body, visit, &g);
    buf_puts(out, "}\n");
    map_free(&g.writer);
    map_free(&g.aliases);
}
