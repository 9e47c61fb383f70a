/* cce_emit.c - the cce backend's entry: which core each InCore kernel runs on, and the tree's
 * kernel files (kernels/aiv|aic/<kernel>.cpp) in program order. */
#include <stdlib.h>
#include <string.h>

#include "backend/cce/cce.h"

typedef struct PipeScan { const Expr *m, *v; } PipeScan;

static void scan_pipe(Expr *e, void *ud) {
    PipeScan *ps = ud;
    if (e->kind != E_OP)
        return;
    if (e->call.op->pipe == PIPE_M && !ps->m)
        ps->m = e;
    if (e->call.op->pipe == PIPE_V && e->call.op->effect != EFF_SYNC && !ps->v)
        ps->v = e;
}

static const char *core_dir(char core) { return core == 'c' ? "aic" : "aiv"; }

char cce_core(Ctx *c, const Func *f) {
    PipeScan ps = {0};
    walk_stmt_exprs(f->body, scan_pipe, &ps);
    if (ps.m && ps.v) {
        const Expr *later = ps.m->loc.line > ps.v->loc.line ? ps.m : ps.v;
        error_at(c, later->loc, "kernel '%s' mixes the matrix op %s and the vector op %s: a kernel runs on one core",
                 f->name, ps.m->call.op->name, ps.v->call.op->name);
        const Expr *earlier = later == ps.m ? ps.v : ps.m;
        note_at(c, earlier->loc, "%s is here", earlier->call.op->name);
        return 0;
    }
    return ps.m ? 'c' : 'v';
}

void cce_tree_free(CceTree *t) {
    for (int i = 0; i < t->n; i++) {
        free(t->files[i].path);
        buf_free(&t->files[i].text);
    }
    free(t->files);
    memset(t, 0, sizeof *t);
}

static CceFile *add_file(CceTree *t, const char *path) {
    t->files = realloc(t->files, sizeof *t->files * (size_t)(t->n + 1));
    if (!t->files)
        ICE("out of memory");
    CceFile *f = &t->files[t->n++];
    memset(f, 0, sizeof *f);
    size_t n = strlen(path) + 1;
    f->path = malloc(n);
    if (!f->path)
        ICE("out of memory");
    memcpy(f->path, path, n);
    return f;
}

/* ---- directions ---- */

Var *cce_tensor_param(const Func *f, const Expr *e) {
    if (e->kind != E_VAR)
        return NULL;
    for (int i = 0; i < f->nparams; i++)
        if (f->params[i] == e->var)
            return e->var;
    const MemRef *m = e->var->type ? e->var->type->memref : NULL;
    if (!m || !m->base || m->base->kind != E_STR)
        return NULL;
    for (int i = 0; i < f->nparams; i++) {
        const MemRef *pm = f->params[i]->type->memref;
        if (f->params[i]->type->kind == TY_TENSOR && pm && pm->base && pm->base->kind == E_STR &&
            pm->base->s == m->base->s)
            return f->params[i];
    }
    return NULL;
}

typedef struct DirScan { const Func *f; bool *rd, *wr; } DirScan;

static int param_index(const Func *f, const Var *v) {
    for (int i = 0; i < f->nparams; i++)
        if (f->params[i] == v)
            return i;
    return -1;
}

static void scan_dir(Expr *e, void *ud) {
    DirScan *ds = ud;
    if (e->kind != E_OP)
        return;
    const Expr *t = NULL;
    bool write = false;
    switch (e->call.op->id) {
    case OP_TILE_LOAD: t = e->call.args[0]; break;
    case OP_TILE_STORE: case OP_TILE_L0C_STORE: t = e->call.args[3]; write = true; break;
    default: return;
    }
    int i = param_index(ds->f, cce_tensor_param(ds->f, t));
    if (i < 0)
        return;
    (write ? ds->wr : ds->rd)[i] = true;
}

void cce_dirs(const Func *f, ParamDir *dirs) {
    bool rd[64] = {0}, wr[64] = {0};
    DirScan ds = {f, rd, wr};
    walk_stmt_exprs(f->body, scan_dir, &ds);
    for (int i = 0; i < f->nparams; i++) {
        bool r = i < 64 && rd[i], w = i < 64 && wr[i];
        dirs[i] = r && w ? DIR_INOUT : w ? DIR_OUT : r ? DIR_IN : f->dirs ? f->dirs[i] : DIR_IN;
    }
}

/* ---- dynamic dimensions ---- */

typedef struct DynScan { const Program *p; bool *used; } DynScan;

static void scan_dyn(Expr *e, void *ud) {
    DynScan *ds = ud;
    if (e->kind != E_VAR)
        return;
    for (int i = 0; i < ds->p->ndyn; i++)
        if (ds->p->dyns[i] == e->var || ds->p->dyns[i]->name == e->var->name)
            ds->used[i] = true;
}

static bool scan_dyn_types(Stmt *s, void *ud) {
    PtrVec defs = {0};
    stmt_defs(s, &defs);
    for (int i = 0; i < defs.len; i++) {
        Var *v = defs.items[i];
        if (v->type)
            walk_type(v->type, scan_dyn, ud);
    }
    vec_free(&defs);
    return true;
}

int cce_dyns(Ctx *c, const Program *p, const Func *f, Var ***out) {
    *out = NULL;
    if (p->ndyn == 0)
        return 0;
    bool *used = ARENA_ARRAY(c->arena, bool, p->ndyn);
    DynScan ds = {p, used};
    for (int i = 0; i < f->nparams; i++)
        if (f->params[i]->type)
            walk_type(f->params[i]->type, scan_dyn, &ds);
    walk_stmt_exprs(f->body, scan_dyn, &ds);
    walk_stmts(f->body, scan_dyn_types, &ds);
    int n = 0;
    for (int i = 0; i < p->ndyn; i++)
        n += used[i];
    *out = ARENA_ARRAY(c->arena, Var *, n ? n : 1);
    n = 0;
    for (int i = 0; i < p->ndyn; i++)
        if (used[i])
            (*out)[n++] = p->dyns[i];
    return n;
}

/* ---- func_ids: first-call order in the orchestration ---- */

typedef struct CallScan { const Program *p; PtrVec order; } CallScan;

static void scan_call(Expr *e, void *ud) {
    CallScan *cs = ud;
    if (e->kind != E_CALL)
        return;
    Func *f = program_find(cs->p, e->fcall.name);
    if (!f || f->kind != FN_INCORE)
        return;
    for (int i = 0; i < cs->order.len; i++)
        if (cs->order.items[i] == f)
            return;
    vec_push(&cs->order, f);
}

const CceKernel *cce_find_kernel(const CceKernels *ks, Str name) {
    for (int i = 0; i < ks->n; i++)
        if (ks->k[i].f->name == name)
            return &ks->k[i];
    return NULL;
}

const Func *cce_find_orch(Ctx *c, const Program *p, bool *ok) {
    const Func *o = NULL;
    for (int i = 0; i < p->nfuncs; i++)
        if (p->funcs[i]->kind == FN_ORCH) {
            if (o) {
                error_at(c, p->funcs[i]->loc, "the cce backend writes one Orchestration function; '%s' is a second",
                         p->funcs[i]->name);
                *ok = false;
            }
            o = o ? o : p->funcs[i];
        }
    return o;
}

/* Kernels in func_id order: called ones first (first-call order), then the rest in program order. */
bool cce_kernels_plan(Ctx *c, const Program *p, const Func *orch, CceKernels *ks) {
    CallScan cs = {p, {0}};
    if (orch)
        walk_stmt_exprs(orch->body, scan_call, &cs);
    int ncalled = cs.order.len;
    for (int i = 0; i < p->nfuncs; i++)
        if (p->funcs[i]->kind == FN_INCORE) {
            bool seen = false;
            for (int j = 0; j < cs.order.len; j++)
                seen |= cs.order.items[j] == p->funcs[i];
            if (!seen)
                vec_push(&cs.order, p->funcs[i]);
        }
    bool ok = true;
    ks->n = cs.order.len;
    ks->k = ARENA_ARRAY(c->arena, CceKernel, ks->n);
    for (int i = 0; i < ks->n; i++) {
        CceKernel *k = &ks->k[i];
        k->f = cs.order.items[i];
        k->func_id = i;
        k->core = cce_core(c, k->f);
        ok = ok && k->core;
        k->dirs = ARENA_ARRAY(c->arena, ParamDir, k->f->nparams);
        cce_dirs(k->f, k->dirs);
        k->ndyn = cce_dyns(c, p, k->f, &k->dyns);
    }
    /* the orchestration's: its own and those of the kernels it calls, in program order */
    ks->ndyn = 0;
    ks->dyns = NULL;
    if (orch && p->ndyn) {
        Var **own;
        int nown = cce_dyns(c, p, orch, &own);
        ks->dyns = ARENA_ARRAY(c->arena, Var *, p->ndyn);
        for (int d = 0; d < p->ndyn; d++) {
            bool used = false;
            for (int j = 0; j < nown; j++)
                used |= own[j] == p->dyns[d];
            for (int i = 0; i < ncalled; i++)
                for (int j = 0; j < ks->k[i].ndyn; j++)
                    used |= ks->k[i].dyns[j] == p->dyns[d];
            if (used)
                ks->dyns[ks->ndyn++] = p->dyns[d];
        }
    }
    vec_free(&cs.order);
    return ok;
}


/* ---- kernel_config.py ---- */

static const char *dir_py(ParamDir d) {
    switch (d) {
    case DIR_IN: return "_D.IN";
    case DIR_OUT: return "_D.OUT";
    case DIR_INOUT: return "_D.INOUT";
    }
    return "_D.IN";
}

static void kernel_signature(Buf *b, const CceKernel *k) {
    buf_putc(b, '[');
    bool first = true;
    for (int i = 0; i < k->f->nparams; i++) {
        if (k->f->params[i]->type->kind != TY_TENSOR)
            continue;
        buf_printf(b, "%s%s", first ? "" : ", ", dir_py(k->dirs[i]));
        first = false;
    }
    buf_putc(b, ']');
}

const Expr *cce_call_result_arg(const CceKernel *k, const Expr *call, int ri) {
    int left = k->f->nparams - call->fcall.nargs;
    if (ri < left)
        return NULL;
    int j = ri - (left > 0 ? left : 0);
    for (int i = 0; i < call->fcall.nargs && i < k->f->nparams; i++)
        if (k->dirs[i] != DIR_IN && k->f->params[i]->type->kind == TY_TENSOR && j-- == 0)
            return call->fcall.args[i];
    return NULL;
}

typedef struct AliasScan { const CceKernels *ks; Map *m; } AliasScan;

static bool is_tensor_var(const Var *v) { return v->type && v->type->kind == TY_TENSOR; }

static void alias(AliasScan *as, Var *v, const Expr *of) {
    if (of && of->kind == E_VAR && is_tensor_var(v) && of->var != v)
        map_put(as->m, v, of->var);
}

static bool scan_alias(Stmt *s, void *ud) {
    AliasScan *as = ud;
    switch (s->kind) {
    case S_ASSIGN: {
        const Expr *e = s->assign.value;
        if (e->kind == E_VAR && s->assign.n == 1)
            alias(as, s->assign.vars[0], e);
        else if (e->kind == E_OP && e->call.op->id == OP_TENSOR_VIEW && s->assign.n == 1)
            alias(as, s->assign.vars[0], e->call.args[0]);
        else if (e->kind == E_CALL) {
            const CceKernel *k = cce_find_kernel(as->ks, e->fcall.name);
            for (int i = 0; k && i < s->assign.n; i++)
                alias(as, s->assign.vars[i], cce_call_result_arg(k, e, i));
        }
        break;
    }
    case S_FOR:
        for (int i = 0; i < s->loop.n; i++) {
            alias(as, s->loop.iters[i], s->loop.inits[i]);
            if (is_tensor_var(s->loop.rets[i]))
                map_put(as->m, s->loop.rets[i], s->loop.iters[i]);
        }
        break;
    case S_WHILE:
        for (int i = 0; i < s->wloop.n; i++) {
            alias(as, s->wloop.iters[i], s->wloop.inits[i]);
            if (is_tensor_var(s->wloop.rets[i]))
                map_put(as->m, s->wloop.rets[i], s->wloop.iters[i]);
        }
        break;
    case S_EVAL: case S_SEQ: case S_IF: case S_YIELD: case S_RETURN: case S_BREAK: case S_CONTINUE: case S_SCOPE:
        break;
    }
    return true;
}

void cce_orch_aliases(const Func *o, const CceKernels *ks, Map *out) {
    AliasScan as = {ks, out};
    walk_stmts(o->body, scan_alias, &as);
}

Var *cce_orch_base(const Map *aliases, Var *v) {
    for (Var *w; (w = map_get(aliases, v));)
        v = w;
    return v;
}

/* The orchestration's signature: its tensor parameters as the kernels it calls use them (IN when
 * only read; a read after the orchestration's own write is not an input), then one OUT per
 * returned tensor. n: at most 64 entries. */
typedef struct OrchScan { const Func *o; const CceKernels *ks; Map al; bool rd[64], wr[64]; } OrchScan;

static int orch_param(OrchScan *os, const Expr *a) {
    int pi = a->kind == E_VAR ? param_index(os->o, cce_orch_base(&os->al, a->var)) : -1;
    return pi < 64 ? pi : -1;
}

static void scan_orch_call(Expr *e, void *ud) {
    OrchScan *os = ud;
    if (e->kind != E_CALL)
        return;
    const CceKernel *k = cce_find_kernel(os->ks, e->fcall.name);
    if (!k)
        return;
    for (int i = 0; i < e->fcall.nargs && i < k->f->nparams; i++) {
        int pi = orch_param(os, e->fcall.args[i]);
        if (pi >= 0 && k->dirs[i] != DIR_OUT)
            os->rd[pi] |= !os->wr[pi];
    }
    for (int i = 0; i < e->fcall.nargs && i < k->f->nparams; i++) {
        int pi = orch_param(os, e->fcall.args[i]);
        if (pi >= 0)
            os->wr[pi] |= k->dirs[i] != DIR_IN;
    }
}

int cce_orch_signature(const Func *o, const CceKernels *ks, ParamDir *out, int max) {
    OrchScan os = {.o = o, .ks = ks};
    cce_orch_aliases(o, ks, &os.al);
    walk_stmt_exprs(o->body, scan_orch_call, &os);
    map_free(&os.al);
    int n = 0;
    for (int i = 0; i < o->nparams && i < 64 && n < max; i++)
        if (o->params[i]->type->kind == TY_TENSOR)
            out[n++] = os.rd[i] && os.wr[i] ? DIR_INOUT : os.wr[i] ? DIR_OUT : DIR_IN;
    const Stmt *body = o->body;
    for (int i = 0; i < body->seq.n; i++)
        if (body->seq.items[i]->kind == S_RETURN)
            for (int j = 0; j < body->seq.items[i]->vals.n && n < max; j++)
                out[n++] = DIR_OUT;
    return n;
}

static void orch_signature(Buf *b, const Func *o, const CceKernels *ks) {
    ParamDir d[96];
    int n = cce_orch_signature(o, ks, d, 96);
    buf_putc(b, '[');
    for (int i = 0; i < n; i++)
        buf_printf(b, "%s%s", i ? ", " : "", dir_py(d[i]));
    buf_putc(b, ']');
}

static void kernel_config(Buf *b, const Func *orch, const CceKernels *ks) {
    buf_puts(b, "# Kernel and Orchestration Configuration (written by ptoc " PTOC_VERSION ")\n"
                "from pathlib import Path\n\n"
                "from simpler.task_interface import ArgDirection as _D\n\n"
                "_ROOT_DIR = Path(__file__).parent\n\n"
                "RUNTIME_CONFIG = {\n"
                "    \"runtime\": \"tensormap_and_ringbuffer\",\n"
                "    \"aicpu_thread_num\": 0,\n"
                "}\n\n");
    if (orch) {
        buf_printf(b, "ORCHESTRATION = {\n    \"source\": str(_ROOT_DIR / \"orchestration\" / \"%s.cpp\"),\n", orch->name);
        buf_puts(b, "    \"function_name\": \"aicpu_orchestration_entry\",\n    \"signature\": ");
        orch_signature(b, orch, ks);
        buf_puts(b, ",\n}\n\n");
    }
    buf_puts(b, "KERNELS = [\n");
    for (int i = 0; i < ks->n; i++) {
        const CceKernel *k = &ks->k[i];
        const char *cd = core_dir(k->core);
        buf_printf(b,
                   "    {\"func_id\": %d, \"name\": \"%s\", \"source\": str(_ROOT_DIR / \"kernels\" / \"%s\" / \"%s.cpp\"),\n"
                   "     \"core_type\": \"%s\", \"signature\": ",
                   k->func_id, k->f->name, cd, k->f->name, cd);
        kernel_signature(b, k);
        buf_puts(b, "},\n");
    }
    buf_puts(b, "]\n");
}

bool cce_emit(Ctx *c, const Program *p, CceTree *out) {
    bool ok = true;
    const Func *orch = cce_find_orch(c, p, &ok);
    CceKernels ks = {0};
    if (!cce_kernels_plan(c, p, orch, &ks))
        return false;
    if (ks.n == 0) {
        error_at(c, p->loc, "the cce backend compiles InCore kernels; this program has none");
        return false;
    }
    for (int i = 0; i < p->nfuncs; i++) {
        const CceKernel *k = cce_find_kernel(&ks, p->funcs[i]->name);
        if (p->funcs[i]->kind != FN_INCORE || !k)
            continue;
        Buf path = {0};
        buf_printf(&path, "kernels/%s/%s.cpp", core_dir(k->core), k->f->name);
        CceFile *file = add_file(out, path.data);
        buf_free(&path);
        ok = cce_kernel(c, k, &file->text) && ok;
    }
    if (orch) {
        Buf path = {0};
        buf_printf(&path, "orchestration/%s.cpp", orch->name);
        CceFile *file = add_file(out, path.data);
        buf_free(&path);
        ok = cce_orch(c, orch, &ks, &file->text) && ok;
        cce_taskgraph(orch, &ks, &add_file(out, "report/taskgraph.dot")->text);
    }
    kernel_config(&add_file(out, "kernel_config.py")->text, orch, &ks);
    return ok;
}
