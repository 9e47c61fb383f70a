/* pto_alloc.c - buffers: one pto.alloc_tile per buffer and tile type.
 *
 * A buffer is what the memory passes say it is: tiles whose MemRefs name the same base and
 * offset. Without memory references (a tile-level program compiled as parsed) it is a class of
 * variables that must share bytes (kernel_classes: a loop's init value, iter_arg, yielded value
 * and return var; an if's yields and return var; x = y), as InitMemRef would make it.
 *
 * The tiles of one buffer normally share one type, and then one SSA value: an op computing a
 * tile writes into that value (outs), and a tile carried through a loop is the same value before,
 * in and after the loop. Tiles of one buffer with different types (MemoryReuse puts a [64, 1]
 * where a [64, 64] was) get one alloc_tile per type, at the same address under level3.
 *
 * Under level3 (AllocateMemoryAddr ran: MemRef bases are pl.tile.alloc buffers and offsets are
 * byte addresses) every alloc_tile carries `addr = %c<address>_i64`; otherwise none does and
 * ptoas plans memory. */
#include <stdlib.h>
#include <string.h>

#include "backend/pto/pto.h"

typedef struct Buffer {
    const Expr *base, *offset; /* the MemRef naming it, or NULL */
    int cls;                   /* without a MemRef: the class root; -1 scratch */
    TileBuf tb;
    Val *val;
    const Var *var;            /* the variable that names it (NULL: scratch) */
    int64_t addr;              /* level3: byte address */
} Buffer;

static bool is_ptr_base(const MemRef *m) {
    return m && m->base && m->base->kind == E_VAR && m->base->var->type->kind == TY_PTR;
}

static bool addressed_def(Stmt *s, void *ud) {
    PtrVec defs = {0};
    stmt_defs(s, &defs);
    for (int i = 0; i < defs.len; i++) {
        const Type *t = ((Var *)defs.items[i])->type;
        if (t->kind == TY_TILE && is_ptr_base(t->memref))
            *(bool *)ud = true;
    }
    vec_free(&defs);
    return true;
}

bool pto_kernel_addressed(const Func *fn) {
    bool any = false;
    walk_stmts(fn->body, addressed_def, &any);
    return any;
}

/* ---- the space and type of a tile variable ---- */

static const Expr *def_value(const Kernel *k, const KVar *v) {
    if (v->how != KDEF_ASSIGN)
        return NULL;
    const Stmt *s = k->stmts[v->def].s;
    return s->kind == S_ASSIGN ? s->assign.value : NULL;
}

/* The space of each class: the first member whose type or defining op gives one. */
static void class_spaces(Fn *f) {
    Kernel *k = &f->k;
    f->cls_space = malloc(sizeof(int) * (size_t)(k->nvars > 0 ? k->nvars : 1));
    for (int i = 0; i < k->nvars; i++)
        f->cls_space[i] = -1;
    for (int i = 0; i < k->nvars; i++) {
        const KVar *v = &k->vars[i];
        if (v->var->type->kind != TY_TILE)
            continue;
        int space = v->var->type->has_space ? (int)v->var->type->space : -1;
        const Expr *e = def_value(k, v);
        if (space < 0 && e && e->kind == E_OP)
            space = pto_op_space(e);
        int root = kernel_find(k, i);
        if (space >= 0 && f->cls_space[root] < 0)
            f->cls_space[root] = space;
    }
}

/* A tile that tile.sum/max/min over the last axis of a 2-D tile reduced to rank 1: a column. */
static bool is_row_reduced(const Var *v, const Expr *e) {
    if (!e || e->kind != E_OP || v->type->rank != 1)
        return false;
    OpId id = e->call.op->id;
    if (id != OP_TILE_SUM && id != OP_TILE_MAX && id != OP_TILE_MIN)
        return false;
    int64_t axis = 0;
    op_attr_value(e, "axis", &axis);
    return e->call.args[0]->type->rank == 2 && (axis == 1 || axis == -1);
}

/* ---- buffers ---- */

static bool same_key(const Buffer *b, const MemRef *m, int cls) {
    if (!m)
        return !b->base && b->cls == cls;
    if (!b->base || b->base->kind != m->base->kind || !expr_equal(b->offset, m->offset))
        return false;
    if (m->base->kind == E_VAR)
        return b->base->var == m->base->var;
    return m->base->kind == E_STR && strcmp(b->base->s, m->base->s) == 0;
}

static Buffer *buffer_find(Fn *f, const MemRef *m, int cls, const TileBuf *tb) {
    for (int i = 0; i < f->bufs.len; i++) {
        Buffer *b = f->bufs.items[i];
        if (b->cls != -1 && same_key(b, m, cls) && pto_tilebuf_equal(&b->tb, tb))
            return b;
    }
    return NULL;
}

static bool has_value(Fn *f, const Expr *e, const Var **missing) {
    if (e->kind == E_VAR) {
        if (!pto_val_of(f, e->var)) {
            *missing = e->var;
            return false;
        }
        return true;
    }
    if (e->kind == E_BINARY)
        return has_value(f, e->bin.l, missing) && has_value(f, e->bin.r, missing);
    if (e->kind == E_UNARY)
        return has_value(f, e->un.e, missing);
    if (e->kind == E_CAST)
        return has_value(f, e->cast.e, missing);
    return true;
}

/* The expression of one valid extent ('?' in the type): rows (dim 0) or cols (dim 1). */
static const Expr *valid_expr(Fn *f, const Var *v, bool row_reduced, int dim) {
    const Type *t = v->type;
    if (t->rank == 1)
        return (dim == 0) == row_reduced ? t->valid[0] : NULL;
    if (t->rank == 2)
        return t->valid[dim];
    pto_fn_error(f, v->loc, "tile '%s' of rank %d has a dynamic valid shape: only 1-D and 2-D tiles may",
                 v->name, t->rank);
    return NULL;
}

/* valid_row = %r / valid_col = %c for the dynamic extents of the buffer's first tile. */
static bool valid_operand(Fn *f, const Var *v, bool row_reduced, int dim, Buf *out) {
    const Expr *e = valid_expr(f, v, row_reduced, dim);
    if (!e)
        return false;
    const Var *missing = NULL;
    if (!has_value(f, e, &missing)) {
        pto_fn_error(f, v->loc,
                     "the valid shape of tile '%s' depends on '%s', which the kernel computes: alloc_tile needs it at the "
                 "top of the function",
                 v->name, missing->name);
        return false;
    }
    Val *x = pto_scalar_emit(f, e, MT_INDEX, NULL);
    if (!x)
        return false;
    buf_printf(out, " %s = %s", dim == 0 ? "valid_row" : "valid_col", x->name);
    return true;
}

static void alloc_print(Fn *f, Buffer *b, const char *operands) {
    pto_op_begin(f);
    buf_printf(f->cur, "%s = pto.alloc_tile", b->val->name);
    if (f->m->level3)
        buf_printf(f->cur, " addr = %s", pto_const_int(f, DT_INT64, b->addr));
    buf_printf(f->cur, "%s : ", operands);
    pto_tilebuf_print(f->cur, &b->tb);
    pto_op_end(f);
}

static Buffer *buffer_new(Fn *f, const Var *v, const char *name, const MemRef *m, int cls, const TileBuf *tb) {
    Buffer *b = ARENA_NEW(f->c->arena, Buffer);
    b->base = m ? m->base : NULL;
    b->offset = m ? m->offset : NULL;
    b->cls = cls;
    b->tb = *tb;
    b->var = v;
    b->val = pto_val_new(f, VAL_TILE, pto_fn_name(f, name));
    b->val->tb = *tb;
    b->addr = -1;
    vec_push(&f->bufs, b);
    return b;
}

static bool buffer_address(Fn *f, Buffer *b, const Var *v) {
    const MemRef *m = v->type->memref;
    if (!is_ptr_base(m) || !expr_is_const_int(m->offset, &b->addr)) {
        if (f->no_address)
            return false; /* said once per kernel */
        f->no_address = true;
        pto_fn_error(f, v->loc,
                     "tile '%s' has no address, but other tiles have: ptoas --pto-level=level3 needs one on every tile "
                 "(run AllocateMemoryAddr)",
                 v->name);
        return false;
    }
    return true;
}

/* The buffer of tile variable i, which an op computes into; binds the variable to its value. */
static bool tile_var_alloc(Fn *f, int i) {
    const KVar *kv = &f->k.vars[i];
    const Var *v = kv->var;
    const Expr *e = def_value(&f->k, kv);
    f->loc = v->loc;
    int root = kernel_find(&f->k, i);
    int space = v->type->has_space ? (int)v->type->space : f->cls_space[root] >= 0 ? f->cls_space[root] : MEM_Vec;
    bool row_reduced = is_row_reduced(v, e);
    TileBuf tb;
    if (!pto_tilebuf_of(f, v->loc, v->type, (MemSpace)space, row_reduced, &tb))
        return false;
    const MemRef *m = v->type->memref;
    if (m && (!m->base || (m->base->kind != E_VAR && m->base->kind != E_STR)))
        m = NULL;
    Buffer *b = buffer_find(f, m, root, &tb);
    if (!b) {
        b = buffer_new(f, v, v->name, m, root, &tb);
        if (f->m->level3 && !buffer_address(f, b, v))
            return false;
        Buf operands = {0};
        bool ok = (tb.vrow >= 0 || valid_operand(f, v, row_reduced, 0, &operands)) &&
                  (tb.vcol >= 0 || valid_operand(f, v, row_reduced, 1, &operands));
        if (ok)
            alloc_print(f, b, operands.data ? operands.data : "");
        buf_free(&operands);
        if (!ok)
            return false;
    }
    pto_val_bind(f, v, b->val);
    return true;
}

bool pto_allocs_emit(Fn *f) {
    class_spaces(f);
    bool ok = true;
    for (int i = 0; i < f->k.nvars; i++) {
        const KVar *kv = &f->k.vars[i];
        if (kv->var->type->kind != TY_TILE)
            continue;
        if (kv->how == KDEF_PARAM)
            continue; /* diagnosed with the signature */
        const Expr *e = def_value(&f->k, kv);
        /* Iter_args, return vars and x = y are bound to their source while the body is written;
         * views (reshape) are values of their own ops. */
        if (!e || e->kind != E_OP || pto_op_is_view(e))
            continue;
        ok &= tile_var_alloc(f, i);
    }
    return ok;
}

Val *pto_scratch_emit(Fn *f, const TileBuf *tb, const char *hint) {
    for (int i = 0; i < f->bufs.len; i++) {
        Buffer *b = f->bufs.items[i];
        if (b->cls == -1 && pto_tilebuf_equal(&b->tb, tb))
            return b->val;
    }
    if (f->m->level3) {
        pto_fn_error(f, f->loc,
                     "this op needs a scratch tile, which has no address under level3: give it a tmp tile explicitly");
        return NULL;
    }
    Buffer *b = buffer_new(f, NULL, hint, NULL, -1, tb);
    /* Scratch tiles join the other allocations at the top of the function. */
    Buf *cur = f->cur;
    int depth = f->depth;
    f->cur = &f->pre;
    f->depth = 2;
    alloc_print(f, b, "");
    f->cur = cur;
    f->depth = depth;
    return b->val;
}
