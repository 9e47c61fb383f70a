/* pto_emit.c - the pto backend's entry: one MLIR module with a func.func per InCore kernel.
 *
 * A kernel is written in three parts that are joined at the end: the constants (collected while
 * the rest is written, so that each is defined once, at the top), the prologue (tensor views and
 * tile allocations) and the body. All SSA names of a kernel come from one set, so a user's
 * variable never collides with a name the backend makes up. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "backend/pto/pto.h"

void pto_options_default(PtoOptions *o) {
    memset(o, 0, sizeof *o);
    o->loc = true;
}

/* ---- names, values, lines ---- */

/* MLIR's suffix-id: letters, digits and $._- ; anything else becomes '_'. */
static bool name_char(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
           ch == '$' || ch == '.' || ch == '-';
}

static bool name_taken(Fn *f, const char *s) { return map_get(&f->names, intern_cstr(f->c->names, s)) != NULL; }

const char *pto_fn_name(Fn *f, const char *base) {
    Buf b = {0};
    if (!base || !*base || (base[0] >= '0' && base[0] <= '9'))
        buf_putc(&b, 'v');
    for (const char *p = base ? base : ""; *p; p++)
        buf_putc(&b, name_char(*p) ? *p : '_');
    size_t stem = b.len;
    for (int k = 1; name_taken(f, b.data); k++) {
        b.len = stem;
        buf_printf(&b, "_%d", k);
    }
    map_put(&f->names, intern_cstr(f->c->names, b.data), (void *)1);
    char *out = arena_alloc(f->c->arena, b.len + 2);
    out[0] = '%';
    memcpy(out + 1, b.data, b.len + 1);
    buf_free(&b);
    return out;
}

const char *pto_fn_temp(Fn *f) {
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%%%d", f->ntemps++);
    return arena_strndup(f->c->arena, tmp, strlen(tmp));
}

void pto_loc_print(Fn *f, Buf *b, Loc loc) {
    if (!f->m->o->loc)
        return;
    if (!loc.src) {
        buf_puts(b, " loc(unknown)");
        return;
    }
    buf_puts(b, " loc(\"");
    for (const char *p = loc.src->name; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_putc(b, '\\');
        buf_putc(b, *p);
    }
    buf_printf(b, "\":%d:%d)", loc.line, loc.col);
}

void pto_op_begin(Fn *f) {
    for (int i = 0; i < f->depth; i++)
        buf_puts(f->cur, "  ");
}

void pto_op_end(Fn *f) {
    pto_loc_print(f, f->cur, f->loc);
    buf_putc(f->cur, '\n');
}

void pto_fn_error(Fn *f, Loc loc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vdiag(f->c->diag, DIAG_ERROR, loc, fmt, ap);
    va_end(ap);
    f->failed = true;
}

Val *pto_val_new(Fn *f, ValKind kind, const char *name) {
    Val *v = ARENA_NEW(f->c->arena, Val);
    v->kind = kind;
    v->name = name;
    return v;
}

Val *pto_val_of(Fn *f, const Var *v) { return map_get(&f->vals, v); }

void pto_val_bind(Fn *f, const Var *v, Val *val) {
    map_put(&f->vals, v, val);
    if (f->nopen > 0)
        map_put(&f->regions, v, (void *)(intptr_t)f->open[f->nopen - 1]);
}

void pto_region_push(Fn *f) {
    if (f->nopen == f->capopen) {
        f->capopen = f->capopen ? 2 * f->capopen : 8;
        f->open = realloc(f->open, sizeof *f->open * (size_t)f->capopen);
    }
    f->open[f->nopen++] = ++f->nregions;
}

void pto_region_pop(Fn *f) { f->nopen--; }

Val *pto_val_use(Fn *f, const Expr *e) {
    Val *v = pto_val_of(f, e->var);
    intptr_t r = (intptr_t)map_get(&f->regions, e->var);
    if (!v || v->kind == VAL_POISON || r == 0)
        return v;
    for (int i = 0; i < f->nopen; i++)
        if (f->open[i] == r)
            return v;
    pto_fn_error(f, e->loc,
                 "'%s' is defined inside a loop or if and used after it: the pto backend needs SSA form (run "
                 "ConvertToSSA)",
                 e->var->name);
    v = pto_val_new(f, VAL_POISON, NULL);
    pto_val_bind(f, e->var, v);
    return v;
}

bool pto_val_poisoned(const Val *v) { return v && v->kind == VAL_POISON; }

/* ---- the kernel's signature ---- */

static bool is_dyn(const Program *p, const Var *v) {
    for (int i = 0; i < p->ndyn; i++)
        if (p->dyns[i] == v)
            return true;
    return false;
}

typedef struct {
    const Program *p;
    Map *seen;
} DynScan;

static void scan_expr_dyns(Expr *e, void *ud) {
    DynScan *s = ud;
    if (e->kind == E_VAR && is_dyn(s->p, e->var))
        map_put(s->seen, e->var, (void *)1);
}

static void scan_type_dyns(DynScan *s, const Type *t) {
    if (!t || (t->kind != TY_TENSOR && t->kind != TY_TILE))
        return;
    for (int i = 0; i < t->rank; i++)
        walk_expr(t->shape[i], scan_expr_dyns, s);
    for (int i = 0; t->valid && i < t->rank; i++)
        walk_expr(t->valid[i], scan_expr_dyns, s);
}

static bool scan_stmt_dyns(Stmt *st, void *ud) {
    PtrVec defs = {0};
    stmt_defs(st, &defs);
    for (int i = 0; i < defs.len; i++)
        scan_type_dyns(ud, ((Var *)defs.items[i])->type);
    vec_free(&defs);
    return true;
}

/* The dynamic dimensions the kernel mentions become trailing index parameters, in the order the
 * program declares them: a !pto.ptr carries no shape, so the caller passes them. */
static void collect_dyns(Fn *f) {
    Map seen = {0};
    DynScan s = {f->m->p, &seen};
    for (int i = 0; i < f->f->nparams; i++)
        scan_type_dyns(&s, f->f->params[i]->type);
    walk_stmt_exprs(f->f->body, scan_expr_dyns, &s);
    walk_stmts(f->f->body, scan_stmt_dyns, &s);
    for (int i = 0; i < f->m->p->ndyn; i++)
        if (map_get(&seen, f->m->p->dyns[i]))
            vec_push(&f->dyns, f->m->p->dyns[i]);
    map_free(&seen);
}

/* Names the parameters and writes the func.func line into b; tensor parameters' pointer names
 * go to ptrs (their variables are bound to views later). */
static void header_emit(Fn *f, Buf *b, const char **ptrs) {
    buf_printf(b, "  func.func @%s(", f->f->name);
    const char *sep = "";
    for (int i = 0; i < f->f->nparams; i++) {
        Var *v = f->f->params[i];
        const Type *t = v->type;
        const char *name = pto_fn_name(f, v->name);
        switch (t->kind) {
        case TY_TENSOR:
            pto_dtype_check(f, v->loc, t->dtype);
            ptrs[i] = name;
            buf_printf(b, "%s%s: !pto.ptr<%s>", sep, name, dtype_info[t->dtype].pto ? dtype_info[t->dtype].pto : "?");
            break;
        case TY_SCALAR: {
            MTy ty = MT_INDEX;
            if (!pto_mty_of_scalar(t->dtype, &ty))
                pto_fn_error(f, v->loc, "scalar parameter '%s' of dtype %s has no PTO type", v->name,
                             dtype_info[t->dtype].name);
            Val *val = pto_val_new(f, VAL_SCALAR, name);
            val->ty = ty;
            pto_val_bind(f, v, val);
            buf_printf(b, "%s%s: %s", sep, name, pto_mty_spell(ty));
            break;
        }
        case TY_TILE:
        case TY_TUPLE:
        case TY_PTR:
            pto_fn_error(f, v->loc, "parameter '%s': a kernel for ptoas takes tensors and scalars only", v->name);
            break;
        }
        map_put(&f->defined, v, (void *)1);
        sep = ", ";
    }
    for (int i = 0; i < f->dyns.len; i++) {
        Var *d = f->dyns.items[i];
        Val *val = pto_val_new(f, VAL_SCALAR, pto_fn_name(f, d->name));
        val->ty = MT_INDEX;
        pto_val_bind(f, d, val);
        buf_printf(b, "%s%s: index", sep, val->name);
        sep = ", ";
    }
    buf_puts(b, ") {\n");
}

/* ---- one kernel ---- */

static void fn_free(Fn *f) {
    vec_free(&f->consts);
    vec_free(&f->bufs);
    vec_free(&f->dyns);
    map_free(&f->vals);
    map_free(&f->names);
    map_free(&f->defined);
    map_free(&f->regions);
    free(f->open);
    buf_free(&f->pre);
    buf_free(&f->body);
    free(f->cls_space);
    kernel_free(&f->k);
}

static bool kernel_emit(Pto *m, const Func *fn, Buf *out) {
    Fn f = {.m = m, .c = m->c, .f = fn, .loc = fn->loc};
    kernel_analyze(&f.k, m->c, fn);
    kernel_classes(&f.k);
    collect_dyns(&f);
    Buf head = {0};
    const char **ptrs = calloc((size_t)(fn->nparams > 0 ? fn->nparams : 1), sizeof *ptrs);
    header_emit(&f, &head, ptrs);
    f.cur = &f.pre;
    f.depth = 2;
    if (!f.failed)
        pto_views_emit(&f, ptrs);
    if (!f.failed)
        pto_allocs_emit(&f);
    if (!f.failed) {
        f.cur = &f.body;
        pto_body_emit(&f);
    }
    bool ok = !f.failed;
    if (ok) {
        buf_putn(out, head.data, head.len);
        pto_consts_print(&f, out);
        buf_putn(out, f.pre.data, f.pre.len);
        buf_putn(out, f.body.data, f.body.len);
        buf_puts(out, "  }");
        pto_loc_print(&f, out, fn->loc);
        buf_putc(out, '\n');
    }
    free(ptrs);
    buf_free(&head);
    fn_free(&f);
    return ok;
}

/* ---- the module ---- */

static bool has_sync(Stmt *s, void *ud) {
    if (s->kind == S_EVAL && s->eval.e->kind == E_OP && pto_is_sync_op(s->eval.e->call.op->id))
        *(bool *)ud = true;
    return true;
}

bool pto_emit(Ctx *c, const Program *p, const PtoOptions *o, Buf *out) {
    Pto m = {.c = c, .p = p, .o = o};
    int nkernels = 0;
    for (int i = 0; i < p->nfuncs; i++) {
        const Func *fn = p->funcs[i];
        if (fn->kind != FN_INCORE)
            continue;
        nkernels++;
        m.level3 |= pto_kernel_addressed(fn);
        walk_stmts(fn->body, has_sync, &m.synced);
    }
    if (nkernels == 0) {
        error_at(c, p->loc, "the pto backend compiles InCore kernels; this program has none");
        hint(c, "mark a kernel @pl.function(type=pl.FunctionType.InCore), or use `with pl.incore():` in a function");
        return false;
    }
    /* How to run ptoas on the file: example 13 of the PTO examples says so in the same way. */
    buf_puts(out, "// run with: ptoas");
    if (m.level3)
        buf_puts(out, " --pto-level=level3");
    if (!m.synced)
        buf_puts(out, " --enable-insert-sync");
    buf_puts(out, " output.pto\nmodule {\n");
    bool ok = true;
    for (int i = 0; i < p->nfuncs; i++)
        if (p->funcs[i]->kind == FN_INCORE)
            ok &= kernel_emit(&m, p->funcs[i], out);
    buf_puts(out, "}\n");
    return ok;
}
