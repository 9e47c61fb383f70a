/* cce_orch.c - the Orchestration function as the runtime's orchestration entry
 * (cce-example/orchestration/tile_demo.cpp): its tensor parameters, then its returned tensors as
 * trailing OUT parameters; one task per kernel call, with the kernel's directions; tensors a call
 * creates that are not returned are runtime-allocated intermediates inside PTO2_SCOPE. Scalars are
 * C++ variables; a tensor is a ChipTensor handle: a view of whole rows is a copy of its tensor's
 * with start_offset and shape[0] moved, a loop-carried tensor a ChipTensor variable the yield
 * assigns, and a returned tensor (with every name it has: the result of the call that writes it,
 * carried values, a pl.create_tensor) the external OUT parameter. */
#include <stdarg.h>
#include <string.h>

#include "backend/cce/cce.h"
#include "ptoc_rt.h" /* PTOC_DTYPES: the runtime's DataType names */

typedef struct O {
    Ctx *c;
    const Func *f;
    const CceKernels *ks;
    Buf *out;
    int depth;
    int ntasks;
    bool ok;
    bool f32_bits;  /* the body uses ptoc_f32_bits (written before the entry) */
    Map returned;   /* Var -> the returned Var (bound to the external OUT parameter) it names */
    Map defs;       /* Var -> the Stmt defining it */
    Map aliases;    /* cce_orch_aliases */
    PtrVec carry;   /* Stmt*: the loops / ifs being written, innermost last */
    Map used;       /* cce_used_vars: the scalars read */
    Map tused;      /* the tensors the C++ reads (note_tensor_uses) */
} O;

static void indent(O *o) {
    for (int i = 0; i < o->depth; i++)
        buf_puts(o->out, "    ");
}

static void line(O *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(O *o, const char *fmt, ...) {
    indent(o);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(o->out, fmt, ap);
    va_end(ap);
    buf_putc(o->out, '\n');
}

static bool is_tensor(const Var *v) { return v->type && v->type->kind == TY_TENSOR; }

/* DataType:: spelling of the runtime. */
static const char *rt_dtype(DType dt) {
    switch (dt) {
#define X(rt, ir) case DT_##ir: return #rt;
    PTOC_DTYPES(X)
#undef X
    case DT_INT4: case DT_UINT4: case DT_FP4: case DT_FP8E4M3FN: case DT_FP8E5M2: case DT_HF4: case DT_HF8:
    case DT__COUNT:
        return NULL;
    }
    return NULL;
}

/* A scalar argument as its 64-bit pattern: constants folded here, parameters as received. */
static void scalar_arg(O *o, const Expr *e, DType want) {
    if (e->kind == E_FLOAT || (e->kind == E_INT && dtype_is_float(want))) {
        double d = e->kind == E_FLOAT ? e->f : (double)e->i;
        if (want == DT_FP32) {
            float f = (float)d;
            uint32_t u;
            memcpy(&u, &f, sizeof u);
            buf_printf(o->out, "0x%08XULL /* %g */", (unsigned)u, d);
        } else {
            uint64_t u;
            memcpy(&u, &d, sizeof u);
            buf_printf(o->out, "0x%016llXULL /* %g */", (unsigned long long)u, d);
        }
        return;
    }
    if (e->kind == E_VAR) {
        for (int i = 0; i < o->f->nparams; i++)
            if (o->f->params[i] == e->var) {
                buf_printf(o->out, "%s_bits", e->var->name);
                return;
            }
    }
    if (want == DT_FP32) { /* computed at run time: its bit pattern */
        o->f32_bits = true;
        buf_puts(o->out, "ptoc_f32_bits(");
        cce_cond(o->out, e);
        buf_putc(o->out, ')');
        return;
    }
    if (dtype_is_float(want)) {
        error_at(o->c, e->loc, "the cce backend passes %s scalars as constants or parameters only (FP32 ones also "
                               "computed at run time)", dtype_info[want].name);
        o->ok = false;
        return;
    }
    buf_puts(o->out, "static_cast<uint64_t>(");
    cce_cond(o->out, e);
    buf_putc(o->out, ')');
}

static Var *returned_as(const O *o, const Var *v) { return map_get(&o->returned, v); }
static bool used(const O *o, const Var *v) { return map_get(is_tensor(v) ? &o->tused : &o->used, v) != NULL; }

/* Another name for a returned tensor: a reference to the external parameter. */
static void returned_name(O *o, const Var *v) {
    Var *ext = returned_as(o, v);
    if (ext && ext != v && used(o, v))
        line(o, "const ChipTensor &%s = %s;", v->name, ext->name);
}

/* Results past the left-out parameters are the tensors the call passed for the kernel's written
 * parameters, in order: other names for them. */
static void alias_results(O *o, const CceKernel *k, const Expr *call, int nres, Var **res, int ri) {
    for (int i = 0; i < call->fcall.nargs && ri < nres; i++) {
        const Expr *a = call->fcall.args[i];
        if (k->dirs[i] == DIR_IN || k->f->params[i]->type->kind != TY_TENSOR)
            continue;
        Var *r = res[ri++];
        if (a->kind == E_VAR && a->var->name != r->name && returned_as(o, r) != r && used(o, r)) {
            indent(o);
            buf_printf(o->out, "const ChipTensor &%s = ", r->name);
            cce_expr(o->out, a);
            buf_puts(o->out, ";\n");
        }
    }
}

/* One kernel call: results are the callee's trailing tensor parameters the call leaves out. */
static void task(O *o, int nres, Var **res, const Expr *call) {
    const CceKernel *k = cce_find_kernel(o->ks, call->fcall.name);
    if (!k) {
        error_at(o->c, call->loc, "the cce backend calls InCore kernels only from the orchestration");
        o->ok = false;
        return;
    }
    const Func *kf = k->f;
    int id = o->ntasks++;
    bool opens = o->out->len >= 2 && o->out->data[o->out->len - 2] == '{'; /* first in a block */
    if (id > 0 && !opens)
        buf_putc(o->out, '\n');
    int ri = 0, created = 0, kept = 0; /* kept: created results the orchestration reads */
    /* intermediates first: their create infos */
    for (int i = call->fcall.nargs; i < kf->nparams && ri < nres; i++, ri++) {
        Var *r = res[ri];
        if (map_get(&o->returned, r))
            continue;
        const Type *t = r->type;
        indent(o);
        buf_printf(o->out, "uint32_t %s_shape[%d] = {", r->name, t->rank);
        for (int d = 0; d < t->rank; d++) {
            if (d)
                buf_puts(o->out, ", ");
            int64_t z;
            if (expr_is_const_int(t->shape[d], &z)) {
                cce_expr(o->out, t->shape[d]);
            } else { /* a run-time extent: no narrowing inside the braces */
                buf_puts(o->out, "static_cast<uint32_t>(");
                cce_cond(o->out, t->shape[d]);
                buf_putc(o->out, ')');
            }
        }
        buf_puts(o->out, "};\n");
        line(o, "TensorCreateInfo %s_ci(%s_shape, %d, DataType::%s);", r->name, r->name, t->rank,
             rt_dtype(t->dtype) ? rt_dtype(t->dtype) : "FLOAT32");
    }
    line(o, "CoreTaskArgs t%d;", id);
    ri = 0;
    for (int i = 0; i < kf->nparams; i++) {
        Var *p = kf->params[i];
        if (!is_tensor(p))
            continue;
        if (i < call->fcall.nargs) {
            const Expr *a = call->fcall.args[i];
            const char *how = k->dirs[i] == DIR_IN ? "input" : k->dirs[i] == DIR_OUT ? "output" : "inout";
            indent(o);
            buf_printf(o->out, "t%d.add_%s(", id, how);
            cce_expr(o->out, a);
            buf_puts(o->out, ");\n");
        } else if (ri < nres) {
            Var *r = res[ri++];
            if (returned_as(o, r)) {
                line(o, "t%d.add_output(%s);  // returned: an external tensor", id, returned_as(o, r)->name);
            } else {
                line(o, "t%d.add_output(%s_ci);  // runtime-allocated intermediate", id, r->name);
                created++;
                kept += used(o, r);
            }
        }
    }
    for (int i = 0; i < kf->nparams && i < call->fcall.nargs; i++) {
        Var *p = kf->params[i];
        if (is_tensor(p))
            continue;
        indent(o);
        buf_printf(o->out, "t%d.add_scalar(", id);
        scalar_arg(o, call->fcall.args[i], p->type->dtype);
        buf_puts(o->out, ");\n");
    }
    for (int i = 0; i < k->ndyn; i++)
        line(o, "t%d.add_scalar(static_cast<uint64_t>(%s));  // dynamic dimension", id, k->dyns[i]->name);
    const char *submit = k->core == 'c' ? "rt_submit_aic_task" : "rt_submit_aiv_task";
    if (!kept)
        line(o, "%s(%d, t%d);", submit, k->func_id, id);
    else
        line(o, "TaskOutputTensors t%d_out = %s(%d, t%d);", id, submit, k->func_id, id);
    ri = 0;
    int oi = 0;
    for (int i = call->fcall.nargs; i < kf->nparams && ri < nres; i++, ri++)
        if (!returned_as(o, res[ri]) && used(o, res[ri]))
            line(o, "const ChipTensor &%s = t%d_out.get_ref(%d);", res[ri]->name, id, oi++);
        else if (!returned_as(o, res[ri]))
            oi++;
        else
            returned_name(o, res[ri]);
    alias_results(o, k, call, nres, res, ri);
}

static void stmt(O *o, const Stmt *s);

static void block(O *o, const Stmt *s) {
    o->depth++;
    stmt(o, s);
    o->depth--;
}

static void unsupported(O *o, Loc loc, const char *what) {
    error_at(o->c, loc, "the cce backend cannot write %s in the orchestration", what);
    o->ok = false;
}

static const char *ctype_of(const Var *v) {
    return cce_ctype(v->type->dtype) ? cce_ctype(v->type->dtype) : "int64_t";
}

static void decl(O *o, const Var *v, const Expr *init) {
    indent(o);
    buf_printf(o->out, "%s %s", ctype_of(v), v->name);
    if (init) {
        buf_puts(o->out, " = ");
        cce_cond(o->out, init);
    }
    buf_puts(o->out, ";\n");
}

/* A view of whole rows of a 1-D or 2-D tensor is contiguous: the tensor's handle with start_offset
 * moved by the rows' elements and shape[0] the view's rows. ChipTensor has no strides, so a column
 * window has no such handle. */
static void view(O *o, const Var *v, const Expr *e) {
    const Expr *t = e->call.args[0], *shape = e->call.args[1], *offs = e->call.args[2];
    const Type *tt = t->type;
    int rank = tt->rank;
    int64_t col = -1;
    bool rows = (rank == 1 || rank == 2) && offs->list.n == rank &&
                (rank == 1 || (expr_is_const_int(offs->list.items[1], &col) && col == 0 &&
                               expr_equal(shape->list.items[1], tt->shape[1])));
    if (t->kind != E_VAR || !rows) {
        error_at(o->c, e->loc, "the cce backend passes views of whole rows only (a 1-D or 2-D tensor, column offset 0, "
                               "all columns): a ChipTensor has no row stride");
        o->ok = false;
        return;
    }
    line(o, "ChipTensor %s = %s;  // a view: rows of %s", v->name, t->var->name, t->var->name);
    int64_t z;
    const Expr *row = offs->list.items[0];
    if (!expr_is_const_int(row, &z) || z != 0) {
        indent(o);
        buf_printf(o->out, "%s.start_offset += static_cast<uint64_t>(", v->name);
        cce_cond(o->out, row);
        buf_putc(o->out, ')');
        if (rank == 2) {
            buf_puts(o->out, " * ");
            cce_expr(o->out, tt->shape[1]);
        }
        buf_puts(o->out, ";\n");
    }
    indent(o);
    buf_printf(o->out, "%s.shape[0] = static_cast<uint32_t>(", v->name);
    cce_cond(o->out, shape->list.items[0]);
    buf_puts(o->out, ");\n");
}

static void assign(O *o, const Stmt *s) {
    const Expr *e = s->assign.value;
    if (e->kind == E_CALL) {
        task(o, s->assign.n, s->assign.vars, e);
        return;
    }
    Var *v = s->assign.vars[0];
    if (s->assign.n == 1 && v->type->kind == TY_SCALAR && e->kind != E_OP) {
        decl(o, v, e);
        return;
    }
    if (s->assign.n == 1 && is_tensor(v) && e->kind == E_VAR) {
        if (!returned_as(o, v) && used(o, v))
            line(o, "const ChipTensor &%s = %s;", v->name, e->var->name);
        else
            returned_name(o, v);
        return;
    }
    if (s->assign.n == 1 && e->kind == E_OP && e->call.op->id == OP_TENSOR_VIEW) {
        view(o, v, e);
        return;
    }
    if (s->assign.n == 1 && e->kind == E_OP && e->call.op->id == OP_TENSOR_CREATE) {
        if (returned_as(o, v)) {
            returned_name(o, v); /* the caller's buffer */
            return;
        }
        error_at(o->c, e->loc, "the cce backend creates a tensor the orchestration does not return only as a "
                               "kernel's output (leave the Out argument out of the call)");
        o->ok = false;
        return;
    }
    unsupported(o, s->loc, "this assignment");
}

/* Loop-carried and merged values: scalars are C++ variables, tensors ChipTensor handles (a
 * returned one is the external tensor under every name, so it needs none). Before the construct. */
static void carried_before(O *o, int n, Var **iters, Expr **inits, Var **rets) {
    for (int i = 0; i < n; i++) {
        Var *v = iters ? iters[i] : rets[i];
        if (!is_tensor(v)) {
            decl(o, v, iters ? inits[i] : NULL);
        } else if (returned_as(o, v)) {
            if (iters && returned_as(o, v) != v && used(o, v)) {
                indent(o);
                buf_printf(o->out, "const ChipTensor &%s = ", v->name);
                cce_expr(o->out, inits[i]);
                buf_puts(o->out, ";\n");
            }
        } else if (iters) {
            indent(o);
            buf_printf(o->out, "ChipTensor %s = ", v->name);
            cce_expr(o->out, inits[i]);
            buf_puts(o->out, ";  // carried\n");
        } else {
            line(o, "ChipTensor %s{};", v->name);
        }
    }
}

static void carried_after(O *o, int n, Var **iters, Var **rets) {
    for (int i = 0; i < n; i++) {
        if (returned_as(o, rets[i]) == rets[i] || !used(o, rets[i]))
            continue; /* bound to the external parameter, or never read */
        Expr tmp = {.kind = E_VAR, .var = iters[i]};
        if (is_tensor(rets[i]))
            line(o, "const ChipTensor &%s = %s;", rets[i]->name, iters[i]->name);
        else
            decl(o, rets[i], &tmp);
    }
}

static void yield(O *o, const Stmt *s) {
    if (o->carry.len == 0)
        return;
    const Stmt *c = o->carry.items[o->carry.len - 1];
    Var **to = c->kind == S_FOR ? c->loop.iters : c->kind == S_WHILE ? c->wloop.iters : c->ifs.rets;
    bool tmp = cce_yield_hazard(s, to);
    for (int round = tmp ? 0 : 1; round < 2; round++)
        for (int i = 0; i < s->vals.n; i++) {
            if (returned_as(o, to[i]))
                continue; /* the same external tensor (checked by mark_returned) */
            indent(o);
            if (round == 0)
                buf_printf(o->out, "%s %s_next = ", is_tensor(to[i]) ? "ChipTensor" : ctype_of(to[i]), to[i]->name);
            else
                buf_printf(o->out, "%s = ", to[i]->name);
            if (tmp && round == 1)
                buf_printf(o->out, "%s_next", to[i]->name);
            else
                cce_cond(o->out, s->vals.vals[i]);
            buf_puts(o->out, ";\n");
        }
}

static void body(O *o, const Stmt *construct, const Stmt *b) {
    vec_push(&o->carry, (void *)construct);
    block(o, b);
    o->carry.len--;
}

static void stmt(O *o, const Stmt *s) {
    switch (s->kind) {
    case S_SEQ:
        for (int i = 0; i < s->seq.n; i++)
            stmt(o, s->seq.items[i]);
        return;
    case S_ASSIGN: assign(o, s); return;
    case S_EVAL:
        if (s->eval.e->kind == E_CALL)
            task(o, 0, NULL, s->eval.e);
        else
            unsupported(o, s->loc, "this statement");
        return;
    case S_FOR:
        carried_before(o, s->loop.n, s->loop.iters, s->loop.inits, s->loop.rets);
        indent(o);
        buf_printf(o->out, "for (int64_t %s = ", s->loop.iv->name);
        cce_expr(o->out, s->loop.start);
        buf_printf(o->out, "; %s < ", s->loop.iv->name);
        cce_expr(o->out, s->loop.stop);
        buf_printf(o->out, "; %s += ", s->loop.iv->name);
        cce_expr(o->out, s->loop.step);
        buf_puts(o->out, ") {\n");
        body(o, s, s->loop.body);
        line(o, "}");
        carried_after(o, s->loop.n, s->loop.iters, s->loop.rets);
        return;
    case S_WHILE:
        carried_before(o, s->wloop.n, s->wloop.iters, s->wloop.inits, s->wloop.rets);
        indent(o);
        buf_puts(o->out, "while (");
        if (s->wloop.cond)
            cce_cond(o->out, s->wloop.cond);
        else
            buf_puts(o->out, "true");
        buf_puts(o->out, ") {\n");
        body(o, s, s->wloop.body);
        line(o, "}");
        carried_after(o, s->wloop.n, s->wloop.iters, s->wloop.rets);
        return;
    case S_IF:
        carried_before(o, s->ifs.n, NULL, NULL, s->ifs.rets);
        indent(o);
        buf_puts(o->out, "if (");
        cce_cond(o->out, s->ifs.cond);
        buf_puts(o->out, ") {\n");
        body(o, s, s->ifs.then);
        if (s->ifs.els) {
            line(o, "} else {");
            body(o, s, s->ifs.els);
        }
        line(o, "}");
        for (int i = 0; i < s->ifs.n; i++)
            if (is_tensor(s->ifs.rets[i]))
                returned_name(o, s->ifs.rets[i]);
        return;
    case S_YIELD: yield(o, s); return;
    case S_BREAK: line(o, "break;"); return;
    case S_CONTINUE: line(o, "continue;"); return;
    case S_RETURN: return; /* returned tensors are the trailing OUT parameters */
    case S_SCOPE:
        unsupported(o, s->loc, "this statement");
        return;
    }
}

/* ---- returned tensors: the external OUT parameters under every name ---- */

static bool note_def(Stmt *s, void *ud) {
    O *o = ud;
    PtrVec defs = {0};
    stmt_defs(s, &defs);
    for (int i = 0; i < defs.len; i++)
        map_put(&o->defs, defs.items[i], s);
    vec_free(&defs);
    return true;
}

static const Stmt *last_yield(const Stmt *b) {
    const Stmt *y = b->kind == S_SEQ && b->seq.n ? b->seq.items[b->seq.n - 1] : b;
    return y->kind == S_YIELD ? y : NULL;
}

static void use_var(O *o, const Expr *e) {
    if (e && e->kind == E_VAR)
        map_put(&o->tused, e->var, e->var);
}

static void use_yield(O *o, const Stmt *b, int n, Var **to) {
    const Stmt *y = last_yield(b);
    for (int i = 0; y && i < n && i < y->vals.n; i++)
        if (!returned_as(o, to[i])) /* a yield into a returned tensor writes nothing */
            use_var(o, y->vals.vals[i]);
}

/* The tensors the C++ reads: call arguments, views' tensors, x = y, initial values, returned
 * values, yielded values (not into a returned tensor). Tensors appear only at the top of these. */
static bool note_tensor_uses(Stmt *s, void *ud) {
    O *o = ud;
    switch (s->kind) {
    case S_ASSIGN:
    case S_EVAL: {
        const Expr *e = s->kind == S_EVAL ? s->eval.e : s->assign.value;
        use_var(o, e);
        for (int i = 0; e->kind == E_CALL && i < e->fcall.nargs; i++)
            use_var(o, e->fcall.args[i]);
        for (int i = 0; e->kind == E_OP && i < e->call.nargs; i++)
            use_var(o, e->call.args[i]);
        return true;
    }
    case S_FOR:
        for (int i = 0; i < s->loop.n; i++)
            use_var(o, s->loop.inits[i]);
        use_yield(o, s->loop.body, s->loop.n, s->loop.iters);
        return true;
    case S_WHILE:
        for (int i = 0; i < s->wloop.n; i++)
            use_var(o, s->wloop.inits[i]);
        use_yield(o, s->wloop.body, s->wloop.n, s->wloop.iters);
        return true;
    case S_IF:
        use_yield(o, s->ifs.then, s->ifs.n, s->ifs.rets);
        if (s->ifs.els)
            use_yield(o, s->ifs.els, s->ifs.n, s->ifs.rets);
        return true;
    case S_RETURN:
        for (int i = 0; i < s->vals.n; i++)
            use_var(o, s->vals.vals[i]);
        return true;
    case S_SEQ: case S_YIELD: case S_BREAK: case S_CONTINUE: case S_SCOPE:
        return true;
    }
    return true;
}

static void mark_returned(O *o, Var *v, Var *ext, Loc loc);

static void mark_expr(O *o, const Expr *e, Var *ext) {
    if (e && e->kind == E_VAR)
        mark_returned(o, e->var, ext, e->loc);
}

/* A returned tensor carried through a loop stays in the external buffer: the value yielded must
 * be the carried one under another name (written in place), not a new tensor. */
static void check_carried(O *o, const Stmt *loop, Var *iter, int i, Var *ext) {
    const Stmt *y = last_yield(loop->kind == S_FOR ? loop->loop.body : loop->wloop.body);
    const Expr *val = y && i < y->vals.n ? y->vals.vals[i] : NULL;
    if (!val || val->kind != E_VAR || cce_orch_base(&o->aliases, val->var) != cce_orch_base(&o->aliases, iter)) {
        error_at(o->c, val ? val->loc : loop->loc,
                 "the cce backend returns a loop-carried tensor only when each iteration writes it in place (pass it "
                 "as the kernel's written argument); this yields a new tensor");
        note_at(o->c, ext->loc, "'%s' is returned", ext->name);
        o->ok = false;
    }
}

static void mark_returned(O *o, Var *v, Var *ext, Loc loc) {
    if (!is_tensor(v) || returned_as(o, v))
        return;
    map_put(&o->returned, v, ext);
    const Stmt *d = map_get(&o->defs, v);
    if (!d) {
        error_at(o->c, loc, "the cce backend returns tensors the orchestration writes; '%s' is its parameter", v->name);
        o->ok = false;
        return;
    }
    switch (d->kind) {
    case S_ASSIGN: {
        const Expr *e = d->assign.value;
        if (e->kind == E_VAR) {
            mark_expr(o, e, ext);
        } else if (e->kind == E_CALL) {
            const CceKernel *k = cce_find_kernel(o->ks, e->fcall.name);
            for (int i = 0; k && i < d->assign.n; i++)
                if (d->assign.vars[i] == v)
                    mark_expr(o, cce_call_result_arg(k, e, i), ext);
        } else if (!(e->kind == E_OP && e->call.op->id == OP_TENSOR_CREATE)) {
            error_at(o->c, e->loc, "the cce backend returns a kernel's output or a pl.create_tensor only");
            o->ok = false;
        }
        return;
    }
    case S_FOR:
    case S_WHILE: {
        bool w = d->kind == S_WHILE;
        int n = w ? d->wloop.n : d->loop.n;
        for (int i = 0; i < n; i++) {
            Var *it = w ? d->wloop.iters[i] : d->loop.iters[i], *rt = w ? d->wloop.rets[i] : d->loop.rets[i];
            if (it == v && rt != v) {
                mark_returned(o, rt, ext, loc); /* which does the rest */
            } else if (rt == v) {
                mark_returned(o, it, ext, loc);
                mark_expr(o, w ? d->wloop.inits[i] : d->loop.inits[i], ext);
                check_carried(o, d, it, i, ext);
            }
        }
        return;
    }
    case S_IF:
        for (int i = 0; i < d->ifs.n; i++) {
            if (d->ifs.rets[i] != v)
                continue;
            const Stmt *yt = last_yield(d->ifs.then), *ye = d->ifs.els ? last_yield(d->ifs.els) : NULL;
            if (yt && i < yt->vals.n)
                mark_expr(o, yt->vals.vals[i], ext);
            if (ye && i < ye->vals.n)
                mark_expr(o, ye->vals.vals[i], ext);
        }
        return;
    case S_EVAL: case S_SEQ: case S_YIELD: case S_RETURN: case S_BREAK: case S_CONTINUE: case S_SCOPE:
        return;
    }
}

/* The returned tensors, which must be tensor variables the orchestration writes. */
static int collect_returned(O *o, PtrVec *rets) {
    const Stmt *body = o->f->body;
    walk_stmts(o->f->body, note_def, o);
    cce_orch_aliases(o->f, o->ks, &o->aliases);
    for (int i = 0; i < body->seq.n; i++) {
        const Stmt *s = body->seq.items[i];
        if (s->kind != S_RETURN)
            continue;
        for (int j = 0; j < s->vals.n; j++) {
            const Expr *e = s->vals.vals[j];
            if (e->kind != E_VAR || !is_tensor(e->var)) {
                unsupported(o, e->loc, "a returned value that is not a tensor variable");
                continue;
            }
            vec_push(rets, e->var);
            mark_returned(o, e->var, e->var, e->loc);
        }
    }
    return rets->len;
}

/* Whether some call creates a tensor that is not returned (a result for a left-out parameter). */
static bool has_intermediates(const Stmt *s, const Map *returned, const CceKernels *ks) {
    switch (s->kind) {
    case S_SEQ:
        for (int i = 0; i < s->seq.n; i++)
            if (has_intermediates(s->seq.items[i], returned, ks))
                return true;
        return false;
    case S_ASSIGN:
        if (s->assign.value->kind != E_CALL)
            return false;
        const CceKernel *k = cce_find_kernel(ks, s->assign.value->fcall.name);
        int left_out = k ? k->f->nparams - s->assign.value->fcall.nargs : 0;
        for (int i = 0; i < s->assign.n && i < left_out; i++)
            if (!map_get(returned, s->assign.vars[i]))
                return true;
        return false;
    case S_FOR: return has_intermediates(s->loop.body, returned, ks);
    case S_WHILE: return has_intermediates(s->wloop.body, returned, ks);
    case S_IF:
        return has_intermediates(s->ifs.then, returned, ks) ||
               (s->ifs.els && has_intermediates(s->ifs.els, returned, ks));
    case S_EVAL: case S_YIELD: case S_RETURN: case S_BREAK: case S_CONTINUE: case S_SCOPE:
        return false;
    }
    return false;
}

/* Uses of a variable: all of them, and those that are a kernel call's argument as they stand. */
typedef struct Uses { const Var *v; int all, direct; } Uses;

static void count_uses(Expr *e, void *ud) {
    Uses *u = ud;
    if (e->kind == E_VAR && e->var == u->v)
        u->all++;
    if (e->kind == E_CALL)
        for (int i = 0; i < e->fcall.nargs; i++)
            u->direct += e->fcall.args[i]->kind == E_VAR && e->fcall.args[i]->var == u->v;
}

/* Uses in the types of the variables a statement defines (an intermediate's shape). */
static bool count_type_uses(Stmt *s, void *ud) {
    PtrVec defs = {0};
    stmt_defs(s, &defs);
    for (int i = 0; i < defs.len; i++) {
        Var *v = defs.items[i];
        if (v->type)
            walk_type(v->type, count_uses, ud);
    }
    vec_free(&defs);
    return true;
}

/* A scalar parameter used in scalar code or in a created tensor's shape (not only passed on) is
 * also bound by its own name. */
static void scalar_param(O *o, const Var *p, int index) {
    line(o, "uint64_t %s_bits = orch_args.scalar(%d);", p->name, index);
    Uses u = {p, 0, 0};
    walk_stmt_exprs(o->f->body, count_uses, &u);
    walk_stmts(o->f->body, count_type_uses, &u);
    if (u.all == u.direct)
        return;
    const char *t = cce_ctype(p->type->dtype) ? cce_ctype(p->type->dtype) : "int64_t";
    if (dtype_is_float(p->type->dtype)) {
        line(o, "union { uint64_t u64; %s val; } %s_conv;", t, p->name);
        line(o, "%s_conv.u64 = %s_bits;", p->name, p->name);
        line(o, "%s %s = %s_conv.val;", t, p->name, p->name);
    } else {
        line(o, "%s %s = static_cast<%s>(%s_bits);", t, p->name, t, p->name);
    }
}

/* The bit pattern of an FP32 value computed at run time (memcpy: no aliasing through a union). */
static const char f32_bits_helper[] =
    "static inline uint64_t ptoc_f32_bits(float v) {\n"
    "    uint32_t u;\n"
    "    memcpy(&u, &v, sizeof u);\n"
    "    return u;\n"
    "}\n\n";

bool cce_orch(Ctx *c, const Func *f, const CceKernels *ks, Buf *out) {
    Buf entry = {0};
    O o = {.c = c, .f = f, .ks = ks, .out = &entry, .ok = true};
    PtrVec rets = {0};
    cce_used_vars(f, &o.used);
    collect_returned(&o, &rets);
    walk_stmts(f->body, note_tensor_uses, &o);
    int nt = 0, ns = 0;
    for (int i = 0; i < f->nparams; i++)
        is_tensor(f->params[i]) ? nt++ : ns++;
    buf_puts(&entry, "__attribute__((visibility(\"default\"))) void aicpu_orchestration_entry(const ChipTaskArgs &orch_args) {\n");
    o.depth = 1;
    int ti = 0, si = 0;
    for (int i = 0; i < f->nparams; i++) {
        Var *p = f->params[i];
        if (is_tensor(p))
            line(&o, "const ChipTensor &%s = orch_args.tensor(%d).ref();", p->name, ti++);
    }
    for (int i = 0; i < rets.len; i++)
        line(&o, "const ChipTensor &%s = orch_args.tensor(%d).ref();  // returned", ((Var *)rets.items[i])->name, ti++);
    for (int i = 0; i < f->nparams; i++) {
        Var *p = f->params[i];
        if (!is_tensor(p))
            scalar_param(&o, p, si++);
    }
    for (int i = 0; i < ks->ndyn; i++)
        line(&o, "int64_t %s = static_cast<int64_t>(orch_args.scalar(%d));  // dynamic dimension", ks->dyns[i]->name,
             si++);
    buf_putc(&entry, '\n');
    bool scope = has_intermediates(f->body, &o.returned, ks);
    if (scope) {
        line(&o, "PTO2_SCOPE() {");
        o.depth++;
    }
    stmt(&o, f->body);
    if (scope) {
        o.depth--;
        line(&o, "}");
    }
    buf_puts(&entry, "}\n\n}  // extern \"C\"\n");

    buf_printf(out, "// Orchestration %s: one task per kernel call\n", f->name);
    buf_printf(out, "#include <stddef.h>\n#include <stdint.h>\n%s\n#include \"pto_orchestration_api.h\"\n\nextern \"C\" {\n\n",
               o.f32_bits ? "#include <string.h>\n" : "");
    buf_puts(out, "__attribute__((visibility(\"default\"))) PTO2OrchestrationConfig\n"
                  "aicpu_orchestration_config(const ChipTaskArgs &orch_args) {\n    (void)orch_args;\n");
    buf_printf(out, "    return PTO2OrchestrationConfig{.expected_arg_count = %d};\n}\n\n", nt + rets.len + ns + ks->ndyn);
    if (o.f32_bits)
        buf_puts(out, f32_bits_helper);
    buf_putn(out, entry.data ? entry.data : "", entry.len);
    buf_free(&entry);
    vec_free(&rets);
    vec_free(&o.carry);
    map_free(&o.returned);
    map_free(&o.defs);
    map_free(&o.aliases);
    map_free(&o.used);
    map_free(&o.tused);
    return o.ok;
}
