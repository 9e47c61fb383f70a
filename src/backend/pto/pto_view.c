/* pto_view.c - tensors: a make_tensor_view per tensor parameter, and tile.load / tile.store as a
 * partition_view of it followed by tload / tstore.
 *
 * Tensor variables other than parameters are the parameters' buffers under other names (a
 * store's result is its output tensor; iter_args and return vars carry one along): they are
 * bound to the parameter's view, so every load and store addresses the parameter itself. */
#include <string.h>

#include "backend/pto/pto.h"

/* A stride: a constant, or a value computed at run time (a dynamic dimension). */
typedef struct {
    bool known;
    int64_t c;
    const char *name;
} Stride;

static const char *stride_name(Fn *f, Stride s) { return s.known ? pto_const_index(f, s.c) : s.name; }

/* strides[i] = product of the dimensions after i (row-major). */
static bool strides_emit(Fn *f, const Type *t, Val **dims, const char **out) {
    Stride s = {true, 1, NULL};
    for (int i = t->rank - 1; i >= 0; i--) {
        out[i] = stride_name(f, s);
        if (i == 0)
            break;
        int64_t d;
        if (s.known && expr_is_const_int(t->shape[i], &d)) {
            s.c *= d;
            continue;
        }
        const char *name = pto_fn_temp(f);
        pto_op_begin(f);
        buf_printf(f->cur, "%s = arith.muli %s, %s : index", name, stride_name(f, s), dims[i]->name);
        pto_op_end(f);
        s = (Stride){false, 0, name};
    }
    return true;
}

static void names_list(Buf *b, int n, const char **names) {
    buf_putc(b, '[');
    for (int i = 0; i < n; i++)
        buf_printf(b, "%s%s", i ? ", " : "", names[i]);
    buf_putc(b, ']');
}

static bool view_emit(Fn *f, Var *param, const char *ptr) {
    const Type *t = param->type;
    f->loc = param->loc;
    if (t->layout != LAYOUT_ND) {
        pto_fn_error(f, param->loc, "tensor '%s' has layout %s: the pto backend writes row-major (ND) tensors only",
                     param->name, layout_name[t->layout]);
        return false;
    }
    Val **dims = ARENA_ARRAY(f->c->arena, Val *, t->rank);
    const char **shape = ARENA_ARRAY(f->c->arena, const char *, t->rank);
    const char **strides = ARENA_ARRAY(f->c->arena, const char *, t->rank);
    for (int i = 0; i < t->rank; i++) {
        dims[i] = pto_scalar_emit(f, t->shape[i], MT_INDEX, NULL);
        if (!dims[i])
            return false;
        shape[i] = dims[i]->name;
    }
    strides_emit(f, t, dims, strides);
    char base[256];
    snprintf(base, sizeof base, "tv_%s", param->name);
    Val *v = pto_val_new(f, VAL_TENSOR, pto_fn_name(f, base));
    v->rank = t->rank;
    v->dtype = t->dtype;
    pto_op_begin(f);
    buf_printf(f->cur, "%s = pto.make_tensor_view %s, shape = ", v->name, ptr);
    names_list(f->cur, t->rank, shape);
    buf_puts(f->cur, ", strides = ");
    names_list(f->cur, t->rank, strides);
    buf_puts(f->cur, " : ");
    pto_tensor_view_type(f->cur, t->rank, t->dtype);
    pto_op_end(f);
    pto_val_bind(f, param, v);
    return true;
}

bool pto_views_emit(Fn *f, const char **ptrs) {
    bool ok = true;
    for (int i = 0; i < f->f->nparams; i++)
        if (f->f->params[i]->type->kind == TY_TENSOR)
            ok &= view_emit(f, f->f->params[i], ptrs[i]);
    return ok;
}

Val *pto_tensor_of(Fn *f, const Expr *e) {
    Val *v = e->kind == E_VAR ? pto_val_use(f, e) : NULL;
    if (pto_val_poisoned(v))
        return NULL;
    if (!v || v->kind != VAL_TENSOR) {
        pto_fn_error(f, e->loc, "expected a tensor of the kernel (a parameter, or a store's result)%s",
                     e->kind == E_OP ? " (a nested call: run FlattenCallExpr)" : "");
        return NULL;
    }
    return v;
}

/* The list argument i of a call as index values. */
static const char **index_list(Fn *f, const Expr *call, int i, int *n) {
    const Expr *l = call->call.args[i];
    if (l->kind != E_LIST) {
        pto_fn_error(f, l->loc, "expected a list [..]");
        return NULL;
    }
    const char **names = ARENA_ARRAY(f->c->arena, const char *, l->list.n);
    for (int k = 0; k < l->list.n; k++) {
        Val *v = pto_scalar_emit(f, l->list.items[k], MT_INDEX, NULL);
        if (!v)
            return NULL;
        names[k] = v->name;
    }
    *n = l->list.n;
    return names;
}

/* %pv = pto.partition_view %tv, offsets = [...], sizes = [...] : TV -> PV; PV's type into pv. */
static const char *partition_emit(Fn *f, Val *tv, const Expr *call, int offsets, int sizes, const char *hint,
                                  Buf *pv) {
    int no = 0, ns = 0;
    const char **off = index_list(f, call, offsets, &no);
    const char **siz = off ? index_list(f, call, sizes, &ns) : NULL;
    if (!siz)
        return NULL;
    if (no != tv->rank || ns != tv->rank) {
        pto_fn_error(f, call->loc, "offsets and shapes must have one entry per tensor dimension (%d)", tv->rank);
        return NULL;
    }
    const Expr *sl = call->call.args[sizes];
    pto_partition_type(pv, ns, sl->list.items, tv->dtype);
    char base[256];
    snprintf(base, sizeof base, "pv_%s", hint);
    const char *name = pto_fn_name(f, base);
    pto_op_begin(f);
    buf_printf(f->cur, "%s = pto.partition_view %s, offsets = ", name, tv->name);
    names_list(f->cur, no, off);
    buf_puts(f->cur, ", sizes = ");
    names_list(f->cur, ns, siz);
    buf_puts(f->cur, " : ");
    pto_tensor_view_type(f->cur, tv->rank, tv->dtype);
    buf_printf(f->cur, " -> %s", pv->data);
    pto_op_end(f);
    return name;
}

bool pto_load_emit(Fn *f, const Expr *call, Val *dst, const char *hint) {
    if (dst->tb.loc != MEM_Vec && dst->tb.loc != MEM_Mat) {
        pto_fn_error(f, call->loc, "tile.load into %s: tload writes Vec or Mat tiles", memspace_name[dst->tb.loc]);
        return false;
    }
    Val *tv = pto_tensor_of(f, call->call.args[0]);
    if (!tv)
        return false;
    Buf pv = {0};
    const char *name = partition_emit(f, tv, call, 1, 2, hint, &pv);
    if (name) {
        pto_op_begin(f);
        buf_printf(f->cur, "pto.tload ins(%s : %s) outs(%s : ", name, pv.data, dst->name);
        pto_tilebuf_print(f->cur, &dst->tb);
        buf_putc(f->cur, ')');
        pto_op_end(f);
    }
    buf_free(&pv);
    return name != NULL;
}

bool pto_store_emit(Fn *f, const Expr *call, const char *hint) {
    Val *t = pto_tile_of(f, call->call.args[0]);
    Val *tv = t ? pto_tensor_of(f, call->call.args[3]) : NULL;
    if (!tv)
        return false;
    if (t->tb.loc != MEM_Vec && t->tb.loc != MEM_Mat && t->tb.loc != MEM_Acc) {
        pto_fn_error(f, call->loc, "%s of a %s tile: tstore reads Vec, Mat or Acc tiles", call->call.op->name,
                     memspace_name[t->tb.loc]);
        return false;
    }
    Buf pv = {0};
    const char *name = partition_emit(f, tv, call, 1, 2, hint, &pv);
    if (name) {
        pto_op_begin(f);
        buf_printf(f->cur, "pto.tstore ins(%s : ", t->name);
        pto_tilebuf_print(f->cur, &t->tb);
        buf_printf(f->cur, ") outs(%s : %s)", name, pv.data);
        pto_op_end(f);
    }
    buf_free(&pv);
    return name != NULL;
}
