/* cce_orch.c - the Orchestration function as the runtime's orchestration entry
 * (cce-example/orchestration/tile_demo.cpp): its tensor parameters, then its returned tensors as
 * trailing OUT parameters; one task per kernel call, with the kernel's directions; tensors a call
 * creates that are not returned are runtime-allocated intermediates inside PTO2_SCOPE. */
#include <stdarg.h>
#include <string.h>

#include "backend/cce/cce.h"

typedef struct O {
    Ctx *c;
    const Func *f;
    const CceKernels *ks;
    Buf *out;
    int depth;
    int ntasks;
    bool ok;
    Map returned;  /* Var -> non-NULL: a returned tensor (an external OUT parameter) */
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
    case DT_FP32: return "FLOAT32";
    case DT_FP16: return "FLOAT16";
    case DT_BF16: return "BFLOAT16";
    case DT_INT8: return "INT8";
    case DT_INT16: return "INT16";
    case DT_INT32: return "INT32";
    case DT_INT64: return "INT64";
    case DT_UINT8: return "UINT8";
    case DT_UINT16: return "UINT16";
    case DT_UINT32: return "UINT32";
    case DT_UINT64: return "UINT64";
    case DT_BOOL: return "BOOL";
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
    if (dtype_is_float(want)) {
        error_at(o->c, e->loc, "the cce backend passes float scalars as constants or parameters only");
        o->ok = false;
        return;
    }
    buf_puts(o->out, "static_cast<uint64_t>(");
    cce_cond(o->out, e);
    buf_putc(o->out, ')');
}

/* Results past the left-out parameters are the tensors the call passed for the kernel's written
 * parameters, in order: other names for them. */
static void alias_results(O *o, const CceKernel *k, const Expr *call, int nres, Var **res, int ri) {
    for (int i = 0; i < call->fcall.nargs && ri < nres; i++) {
        const Expr *a = call->fcall.args[i];
        if (k->dirs[i] == DIR_IN || k->f->params[i]->type->kind != TY_TENSOR)
            continue;
        Var *r = res[ri++];
        if (a->kind == E_VAR && a->var->name != r->name && !map_get(&o->returned, r)) {
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
    if (id > 0)
        buf_putc(o->out, '\n');
    int ri = 0, created = 0;
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
            if (map_get(&o->returned, r)) {
                line(o, "t%d.add_output(%s);  // returned: an external tensor", id, r->name);
            } else {
                line(o, "t%d.add_output(%s_ci);  // runtime-allocated intermediate", id, r->name);
                created++;
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
    if (!created) {
        line(o, "%s(%d, t%d);", submit, k->func_id, id);
        alias_results(o, k, call, nres, res, ri);
        return;
    }
    line(o, "TaskOutputTensors t%d_out = %s(%d, t%d);", id, submit, k->func_id, id);
    ri = 0;
    int oi = 0;
    for (int i = call->fcall.nargs; i < kf->nparams && ri < nres; i++, ri++)
        if (!map_get(&o->returned, res[ri]))
            line(o, "const ChipTensor &%s = t%d_out.get_ref(%d);", res[ri]->name, id, oi++);
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

static void assign(O *o, const Stmt *s) {
    const Expr *e = s->assign.value;
    if (e->kind == E_CALL) {
        task(o, s->assign.n, s->assign.vars, e);
        return;
    }
    Var *v = s->assign.vars[0];
    if (s->assign.n == 1 && v->type->kind == TY_SCALAR && e->kind != E_OP) {
        indent(o);
        buf_printf(o->out, "%s %s = ", cce_ctype(v->type->dtype) ? cce_ctype(v->type->dtype) : "int64_t", v->name);
        cce_expr(o->out, e);
        buf_puts(o->out, ";\n");
        return;
    }
    unsupported(o, s->loc, "this assignment");
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
        if (s->loop.n) {
            unsupported(o, s->loc, "a loop carrying values");
            return;
        }
        indent(o);
        buf_printf(o->out, "for (int64_t %s = ", s->loop.iv->name);
        cce_expr(o->out, s->loop.start);
        buf_printf(o->out, "; %s < ", s->loop.iv->name);
        cce_expr(o->out, s->loop.stop);
        buf_printf(o->out, "; %s += ", s->loop.iv->name);
        cce_expr(o->out, s->loop.step);
        buf_puts(o->out, ") {\n");
        block(o, s->loop.body);
        line(o, "}");
        return;
    case S_IF:
        if (s->ifs.n) {
            unsupported(o, s->loc, "an if yielding values");
            return;
        }
        indent(o);
        buf_puts(o->out, "if (");
        cce_cond(o->out, s->ifs.cond);
        buf_puts(o->out, ") {\n");
        block(o, s->ifs.then);
        if (s->ifs.els) {
            line(o, "} else {");
            block(o, s->ifs.els);
        }
        line(o, "}");
        return;
    case S_RETURN: return; /* returned tensors are the trailing OUT parameters */
    case S_YIELD: case S_WHILE: case S_BREAK: case S_CONTINUE: case S_SCOPE:
        unsupported(o, s->loc, "this statement");
        return;
    }
}

/* The returned tensors, which must be variables defined by kernel calls. */
static int collect_returned(O *o, PtrVec *rets) {
    const Stmt *body = o->f->body;
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
            map_put(&o->returned, e->var, e->var);
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
    case S_IF:
        return has_intermediates(s->ifs.then, returned, ks) ||
               (s->ifs.els && has_intermediates(s->ifs.els, returned, ks));
    case S_EVAL: case S_YIELD: case S_RETURN: case S_WHILE: case S_BREAK: case S_CONTINUE: case S_SCOPE:
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

bool cce_orch(Ctx *c, const Func *f, const CceKernels *ks, Buf *out) {
    O o = {.c = c, .f = f, .ks = ks, .out = out, .ok = true};
    PtrVec rets = {0};
    collect_returned(&o, &rets);
    int nt = 0, ns = 0;
    for (int i = 0; i < f->nparams; i++)
        is_tensor(f->params[i]) ? nt++ : ns++;
    buf_printf(out, "// Orchestration %s: one task per kernel call\n", f->name);
    buf_puts(out, "#include <stddef.h>\n#include <stdint.h>\n\n#include \"pto_orchestration_api.h\"\n\nextern \"C\" {\n\n");
    buf_puts(out, "__attribute__((visibility(\"default\"))) PTO2OrchestrationConfig\n"
                  "aicpu_orchestration_config(const ChipTaskArgs &orch_args) {\n    (void)orch_args;\n");
    buf_printf(out, "    return PTO2OrchestrationConfig{.expected_arg_count = %d};\n}\n\n", nt + rets.len + ns + ks->ndyn);
    buf_puts(out, "__attribute__((visibility(\"default\"))) void aicpu_orchestration_entry(const ChipTaskArgs &orch_args) {\n");
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
    buf_putc(out, '\n');
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
    buf_puts(out, "}\n\n}  // extern \"C\"\n");
    vec_free(&rets);
    map_free(&o.returned);
    return o.ok;
}
