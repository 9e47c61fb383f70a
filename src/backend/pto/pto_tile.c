/* pto_tile.c - tile ops.
 *
 * The PTO op of every tile op is the registry's (OpInfo.pto, the pto column of ops.def); this
 * file only knows the operand forms, per family of ops (the table `family`). PTO ops are in
 * destination-passing style: `pto.tadd ins(%a, %b : T, T) outs(%c : T)` writes the buffer of
 * the result variable, which pto_alloc.c has allocated. Views (reshape, view) are the only tile ops
 * with an SSA result. */
#include <ctype.h>
#include <string.h>

#include "backend/pto/pto.h"

typedef enum {
    F_NONE,        /* no PTO form (tensor ops) */
    F_LOAD,        /* partition_view + tload */
    F_STORE,       /* partition_view + tstore */
    F_ELEMENTWISE, /* ins(operands in order) outs(result); columns go through row views */
    F_EXPAND,      /* row_expand_*, col_expand*: ins(tile, vector) outs(result) */
    F_FILL,        /* ins(scalar) outs(result) */
    F_MOVE,        /* tmov between spaces */
    F_MATMUL,      /* ins(acc?, lhs, rhs) outs(acc) */
    F_ROW_REDUCE,  /* ins(tile, tmp) outs(column) */
    F_REDUCE,      /* over axis 0: tcol*, over the last: trow* with a tmp */
    F_TRANSPOSE,   /* ins(tile, tmp) outs(result) */
    F_RESHAPE,     /* %r = pto.treshape %t : T -> T2 */
    F_VIEW,        /* %w = pto.subset %t[...] sizes [...] : T, then tmov into the result */
    F_CREATE,      /* the allocation is all */
    F_SCALAR,      /* get_block_idx: a scalar (pto_scalar.c) */
    F_PTR,         /* tile.alloc: the buffer behind addresses, written as alloc_tile addr */
    F_SYNC         /* pto_sync.c */
} Family;

static const Family family[OP__COUNT] = {
    [OP_TILE_LOAD] = F_LOAD,
    [OP_TILE_STORE] = F_STORE,
    [OP_TILE_L0C_STORE] = F_STORE,
    [OP_TILE_MOVE] = F_MOVE,
    [OP_TILE_UB_COPY] = F_MOVE,
    [OP_TILE_CREATE_TILE] = F_CREATE,
    [OP_TILE_FULL] = F_FILL,
    [OP_TILE_EXPANDS] = F_FILL,
    [OP_TILE_ADD] = F_ELEMENTWISE,
    [OP_TILE_SUB] = F_ELEMENTWISE,
    [OP_TILE_MUL] = F_ELEMENTWISE,
    [OP_TILE_DIV] = F_ELEMENTWISE,
    [OP_TILE_MAXIMUM] = F_ELEMENTWISE,
    [OP_TILE_MINIMUM] = F_ELEMENTWISE,
    [OP_TILE_ADDS] = F_ELEMENTWISE,
    [OP_TILE_SUBS] = F_ELEMENTWISE,
    [OP_TILE_MULS] = F_ELEMENTWISE,
    [OP_TILE_DIVS] = F_ELEMENTWISE,
    [OP_TILE_CMP] = F_ELEMENTWISE,
    [OP_TILE_CMPS] = F_ELEMENTWISE,
    [OP_TILE_NEG] = F_ELEMENTWISE,
    [OP_TILE_EXP] = F_ELEMENTWISE,
    [OP_TILE_RECIP] = F_ELEMENTWISE,
    [OP_TILE_SQRT] = F_ELEMENTWISE,
    [OP_TILE_RSQRT] = F_ELEMENTWISE,
    [OP_TILE_LOG] = F_ELEMENTWISE,
    [OP_TILE_ABS] = F_ELEMENTWISE,
    [OP_TILE_RELU] = F_ELEMENTWISE,
    [OP_TILE_CAST] = F_ELEMENTWISE,
    [OP_TILE_MATMUL] = F_MATMUL,
    [OP_TILE_MATMUL_ACC] = F_MATMUL,
    [OP_TILE_SUM] = F_REDUCE,
    [OP_TILE_MAX] = F_REDUCE,
    [OP_TILE_MIN] = F_REDUCE,
    [OP_TILE_ROW_SUM] = F_ROW_REDUCE,
    [OP_TILE_ROW_MAX] = F_ROW_REDUCE,
    [OP_TILE_ROW_MIN] = F_ROW_REDUCE,
    [OP_TILE_ROW_EXPAND_ADD] = F_EXPAND,
    [OP_TILE_ROW_EXPAND_SUB] = F_EXPAND,
    [OP_TILE_ROW_EXPAND_MUL] = F_EXPAND,
    [OP_TILE_ROW_EXPAND_DIV] = F_EXPAND,
    [OP_TILE_COL_EXPAND] = F_EXPAND,
    [OP_TILE_COL_EXPAND_MUL] = F_EXPAND,
    [OP_TILE_COL_EXPAND_DIV] = F_EXPAND,
    [OP_TILE_COL_EXPAND_SUB] = F_EXPAND,
    [OP_TILE_VIEW] = F_VIEW,
    [OP_TILE_RESHAPE] = F_RESHAPE,
    [OP_TILE_TRANSPOSE] = F_TRANSPOSE,
    [OP_TILE_GET_BLOCK_IDX] = F_SCALAR,
    [OP_TILE_ALLOC] = F_PTR,
    [OP_SYSTEM_SYNC_SRC] = F_SYNC,
    [OP_SYSTEM_SYNC_DST] = F_SYNC,
    [OP_SYSTEM_BAR_V] = F_SYNC,
    [OP_SYSTEM_BAR_M] = F_SYNC,
    [OP_SYSTEM_BAR_ALL] = F_SYNC,
};

bool pto_op_is_view(const Expr *call) { return family[call->call.op->id] == F_RESHAPE; }

Val *pto_tile_of(Fn *f, const Expr *e) {
    if (e->kind == E_VAR) {
        Val *v = pto_val_use(f, e);
        if (v && v->kind == VAL_TILE)
            return v;
        if (pto_val_poisoned(v))
            return NULL;
        pto_fn_error(f, e->loc, "'%s' has no tile value here", e->var->name);
        return NULL;
    }
    pto_fn_error(f, e->loc, "expected a tile variable%s", e->kind == E_OP ? " (a nested call: run FlattenCallExpr)" : "");
    return NULL;
}

/* ---- operands ---- */

typedef struct {
    const char *name;
    bool tile;
    TileBuf tb; /* tile */
    MTy ty;     /* scalar */
} Operand;

static void operand_type(Buf *b, const Operand *o) {
    if (o->tile)
        pto_tilebuf_print(b, &o->tb);
    else
        buf_puts(b, pto_mty_spell(o->ty));
}

static Operand tile_operand(const Val *v) { return (Operand){v->name, true, v->tb, 0}; }

/* `NAME ins(a, b[ ATTR] : A, B) outs(d : D)` */
static void dps_print(Fn *f, const char *name, int n, const Operand *ins, const char *attr, const Operand *out) {
    pto_op_begin(f);
    buf_printf(f->cur, "%s ins(", name);
    for (int i = 0; i < n; i++)
        buf_printf(f->cur, "%s%s", i ? ", " : "", ins[i].name);
    if (attr)
        buf_printf(f->cur, " %s", attr);
    buf_puts(f->cur, " : ");
    for (int i = 0; i < n; i++) {
        if (i)
            buf_puts(f->cur, ", ");
        operand_type(f->cur, &ins[i]);
    }
    buf_printf(f->cur, ") outs(%s : ", out->name);
    operand_type(f->cur, out);
    buf_putc(f->cur, ')');
    pto_op_end(f);
}

/* The same bytes as a row [1, M]: vector ops want row-major tiles, a column is stored col_major. */
static Operand row_view(Fn *f, const Operand *o) {
    TileBuf rb = pto_tilebuf_as_row(&o->tb);
    char base[256];
    snprintf(base, sizeof base, "%s_row", o->name + 1);
    Operand r = {pto_fn_name(f, base), true, rb, 0};
    pto_op_begin(f);
    buf_printf(f->cur, "%s = pto.treshape %s : ", r.name, o->name);
    pto_tilebuf_print(f->cur, &o->tb);
    buf_puts(f->cur, " -> ");
    pto_tilebuf_print(f->cur, &rb);
    pto_op_end(f);
    return r;
}

static void shape_spell(Buf *b, const TileBuf *t) { buf_printf(b, "[%lld, %lld]", (long long)t->rows, (long long)t->cols); }

/* ---- families ---- */

/* {cmpMode = #pto<cmp lt>} / {rmode = #pto<round_mode ROUND>} from the call's attributes. */
static const char *attr_spell(Fn *f, const Expr *call, char *buf, size_t n) {
    int64_t v;
    char name[32];
    const OpInfo *op = call->call.op;
    if (op_attr_value(call, "cmp_type", &v) && op_enum_name(op, "cmp_type", v, name, sizeof name)) {
        for (char *p = name; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        snprintf(buf, n, "{cmpMode = #pto<cmp %s>}", name);
        return buf;
    }
    if (op_attr_value(call, "mode", &v) && op_enum_name(op, "mode", v, name, sizeof name)) {
        for (char *p = name; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        snprintf(buf, n, "{rmode = #pto<round_mode %s>}", name);
        return buf;
    }
    (void)f;
    return NULL;
}

static bool elementwise_emit(Fn *f, const Expr *call, Val *dst) {
    int n = call->call.nargs;
    Operand *ins = ARENA_ARRAY(f->c->arena, Operand, n);
    Operand out = tile_operand(dst);
    bool column = pto_tilebuf_is_col_vector(&dst->tb);
    DType elem = dst->tb.dtype;
    for (int i = 0; i < n; i++) {
        const Expr *a = call->call.args[i];
        if (a->type && a->type->kind == TY_TILE) {
            Val *t = pto_tile_of(f, a);
            if (!t)
                return false;
            if (t->tb.rows != dst->tb.rows || t->tb.cols != dst->tb.cols) {
                Buf sa = {0}, sd = {0};
                shape_spell(&sa, &t->tb);
                shape_spell(&sd, &dst->tb);
                pto_fn_error(f, a->loc, "%s of a %s tile into a %s tile: %s needs tiles of one shape (row_expand_* and "
                             "col_expand_* broadcast)", call->call.op->name, sa.data, sd.data, call->call.op->pto);
                buf_free(&sa);
                buf_free(&sd);
                return false;
            }
            if (i == 0)
                elem = t->tb.dtype; /* the scalar of tcmps / tadds has the tile's element type */
            column |= pto_tilebuf_is_col_vector(&t->tb);
            ins[i] = tile_operand(t);
        } else {
            Val *s = pto_scalar_emit(f, a, (MTy)elem, NULL);
            if (!s)
                return false;
            ins[i] = (Operand){s->name, false, {0}, s->ty};
        }
    }
    if (column) { /* one row view per column the op reads or writes */
        for (int i = 0; i <= n; i++) {
            Operand *o = i < n ? &ins[i] : &out;
            if (!o->tile || !pto_tilebuf_is_col_vector(&o->tb))
                continue;
            const char *col = o->name;
            *o = row_view(f, o);
            for (int j = i + 1; j <= n; j++) {
                Operand *same = j < n ? &ins[j] : &out;
                if (same->tile && strcmp(same->name, col) == 0)
                    *same = *o;
            }
        }
    }
    char attr[96];
    dps_print(f, call->call.op->pto, n, ins, attr_spell(f, call, attr, sizeof attr), &out);
    return true;
}

static bool expand_emit(Fn *f, const Expr *call, Val *dst) {
    Val *t = pto_tile_of(f, call->call.args[0]), *v = t ? pto_tile_of(f, call->call.args[1]) : NULL;
    if (!v)
        return false;
    Operand ins[2] = {tile_operand(t), tile_operand(v)}, out = tile_operand(dst);
    dps_print(f, call->call.op->pto, 2, ins, NULL, &out);
    return true;
}

static bool fill_emit(Fn *f, const Expr *call, Val *dst) {
    const Expr *value = call->call.args[call->call.nargs - 1];
    Val *s = pto_scalar_emit(f, value, (MTy)dst->tb.dtype, NULL);
    if (!s)
        return false;
    Operand in = {s->name, false, {0}, s->ty}, out = tile_operand(dst);
    if (pto_tilebuf_is_col_vector(&out.tb))
        out = row_view(f, &out);
    dps_print(f, call->call.op->pto, 1, &in, NULL, &out);
    return true;
}

/* tmov pairs ptoas accepts (pto.md; a5 also takes Vec -> Mat). */
static bool move_allowed(MemSpace from, MemSpace to) {
    if (from == MEM_Mat)
        return to == MEM_Left || to == MEM_Right || to == MEM_Bias;
    if (from == MEM_Acc)
        return to == MEM_Mat || to == MEM_Vec;
    return from == MEM_Vec && to == MEM_Vec;
}

static bool move_emit(Fn *f, const Expr *call, Val *dst) {
    int64_t tr = 0;
    if (op_attr_value(call, "transpose", &tr) && tr) {
        pto_fn_error(f, call->loc, "tile.move with transpose=True has no PTO form (use tile.transpose on Vec tiles)");
        return false;
    }
    Val *src = pto_tile_of(f, call->call.args[0]);
    if (!src)
        return false;
    if (!move_allowed(src->tb.loc, dst->tb.loc)) {
        pto_fn_error(f, call->loc, "%s from %s to %s: tmov moves Mat to Left/Right/Bias, Acc to Mat/Vec, Vec to Vec",
                     call->call.op->name, memspace_name[src->tb.loc], memspace_name[dst->tb.loc]);
        return false;
    }
    Operand in = tile_operand(src), out = tile_operand(dst);
    dps_print(f, call->call.op->pto, 1, &in, NULL, &out);
    return true;
}

static bool matmul_emit(Fn *f, const Expr *call, Val *dst) {
    static const MemSpace want2[] = {MEM_Left, MEM_Right}, want3[] = {MEM_Acc, MEM_Left, MEM_Right};
    int n = call->call.nargs;
    const MemSpace *want = n == 3 ? want3 : want2;
    Operand ins[3];
    for (int i = 0; i < n; i++) {
        Val *t = pto_tile_of(f, call->call.args[i]);
        if (!t)
            return false;
        if (t->tb.loc != want[i]) {
            pto_fn_error(f, call->call.args[i]->loc,
                         "operand %d of %s is in %s, but %s reads it from %s (tile.move it there)", i + 1,
                         call->call.op->name, memspace_name[t->tb.loc], call->call.op->pto, memspace_name[want[i]]);
            return false;
        }
        ins[i] = tile_operand(t);
    }
    if (dst->tb.loc != MEM_Acc) {
        pto_fn_error(f, call->loc, "the result of %s is in %s, but %s writes Acc", call->call.op->name,
                     memspace_name[dst->tb.loc], call->call.op->pto);
        return false;
    }
    Operand out = tile_operand(dst);
    dps_print(f, call->call.op->pto, n, ins, NULL, &out);
    return true;
}

/* trowsum/trowmax/trowmin ins(src, tmp) outs(dst). Without a tmp tile: a scratch one under the
 * PTOAS strategy (the form of the PTO examples); under level3, where a scratch tile would need
 * an address the passes did not plan, the dialect's form without tmp. */
static bool row_reduce_print(Fn *f, const char *name, Val *src, Val *tmp, Val *dst) {
    if (!tmp && !f->m->level3) {
        char base[256];
        snprintf(base, sizeof base, "%s_tmp", src->name + 1);
        tmp = pto_scratch_emit(f, &src->tb, base);
        if (!tmp)
            return false;
    }
    Operand ins[2] = {tile_operand(src), tmp ? tile_operand(tmp) : (Operand){0}}, out = tile_operand(dst);
    dps_print(f, name, tmp ? 2 : 1, ins, NULL, &out);
    return true;
}

static bool row_reduce_emit(Fn *f, const Expr *call, Val *dst) {
    Val *src = pto_tile_of(f, call->call.args[0]), *tmp = src ? pto_tile_of(f, call->call.args[1]) : NULL;
    return tmp && row_reduce_print(f, call->call.op->pto, src, tmp, dst);
}

static bool reduce_emit(Fn *f, const Expr *call, Val *dst) {
    const Expr *a = call->call.args[0];
    Val *src = pto_tile_of(f, a);
    Val *tmp = src && call->call.nargs > 1 ? pto_tile_of(f, call->call.args[1]) : NULL;
    if (!src || (call->call.nargs > 1 && !tmp))
        return false;
    int64_t axis = -1;
    op_attr_value(call, "axis", &axis);
    if (a->type->rank != 2) {
        pto_fn_error(f, call->loc, "%s of a %d-D tile: PTO reduces 2-D tiles over rows or columns", call->call.op->name,
                     a->type->rank);
        return false;
    }
    const char *row = call->call.op->pto;
    if (axis == 1 || axis == -1)
        return row_reduce_print(f, row, src, tmp, dst);
    /* Over axis 0: the column form of the registry's row op, pto.trowsum -> pto.tcolsum. */
    char col[64];
    snprintf(col, sizeof col, "pto.tcol%s", row + strlen("pto.trow"));
    Operand ins[2] = {tile_operand(src), tmp ? tile_operand(tmp) : (Operand){0}}, out = tile_operand(dst);
    dps_print(f, col, tmp && call->call.op->id == OP_TILE_SUM ? 2 : 1, ins, NULL, &out);
    return true;
}

static bool transpose_emit(Fn *f, const Expr *call, Val *dst) {
    Val *src = pto_tile_of(f, call->call.args[0]);
    if (!src)
        return false;
    if (call->call.args[0]->type->rank != 2) {
        pto_fn_error(f, call->loc, "tile.transpose of a %d-D tile: ttrans transposes 2-D tiles",
                     call->call.args[0]->type->rank);
        return false;
    }
    char base[256];
    snprintf(base, sizeof base, "%s_tmp", src->name + 1);
    Val *tmp = pto_scratch_emit(f, &src->tb, base);
    if (!tmp)
        return false;
    Operand ins[2] = {tile_operand(src), tile_operand(tmp)}, out = tile_operand(dst);
    dps_print(f, call->call.op->pto, 2, ins, NULL, &out);
    return true;
}

static bool reshape_emit(Fn *f, const Var *dst, const Expr *call) {
    Val *src = pto_tile_of(f, call->call.args[0]);
    if (!src)
        return false;
    Val *r = pto_val_new(f, VAL_TILE, pto_fn_name(f, dst->name));
    if (!pto_tilebuf_of(f, call->loc, dst->type, src->tb.loc, false, &r->tb))
        return false;
    pto_op_begin(f);
    buf_printf(f->cur, "%s = %s %s : ", r->name, call->call.op->pto, src->name);
    pto_tilebuf_print(f->cur, &src->tb);
    buf_puts(f->cur, " -> ");
    pto_tilebuf_print(f->cur, &r->tb);
    pto_op_end(f);
    pto_val_bind(f, dst, r);
    return true;
}

/* tile.view computes a tile of its own (ops.md: a V op; the memory passes give it a buffer):
 * pto.subset makes the window of the source, which keeps its parent's config and whose valid
 * extent is what is left of the parent's past a constant offset, dynamic otherwise (as ptoas
 * infers it); a tmov copies it into the result. */
static bool view_emit(Fn *f, const Expr *call, Val *dst) {
    Val *src = pto_tile_of(f, call->call.args[0]);
    const Expr *shape = call->call.args[1], *offset = call->call.args[2];
    if (!src)
        return false;
    int64_t size[2], off[2];
    if (shape->kind != E_LIST || shape->list.n != 2 || offset->kind != E_LIST || offset->list.n != 2 ||
        !expr_is_const_int(shape->list.items[0], &size[0]) || !expr_is_const_int(shape->list.items[1], &size[1])) {
        pto_fn_error(f, call->loc, "tile.view needs a 2-D constant shape and 2-D offsets for pto.subset");
        return false;
    }
    const char *offs[2];
    int64_t valid[2] = {src->tb.vrow, src->tb.vcol};
    for (int i = 0; i < 2; i++) {
        Val *o = pto_scalar_emit(f, offset->list.items[i], MT_INDEX, NULL);
        if (!o)
            return false;
        offs[i] = o->name;
        if (valid[i] >= 0 && expr_is_const_int(offset->list.items[i], &off[i]))
            valid[i] = valid[i] - off[i] < 0 ? 0 : valid[i] - off[i] > size[i] ? size[i] : valid[i] - off[i];
        else
            valid[i] = -1;
    }
    char base[256];
    snprintf(base, sizeof base, "%s_window", dst->name + 1);
    Operand w = {pto_fn_name(f, base), true, src->tb, 0};
    w.tb.rows = size[0];
    w.tb.cols = size[1];
    w.tb.vrow = valid[0];
    w.tb.vcol = valid[1];
    pto_op_begin(f);
    buf_printf(f->cur, "%s = %s %s[%s, %s] sizes [%lld, %lld] : ", w.name, call->call.op->pto, src->name, offs[0],
               offs[1], (long long)size[0], (long long)size[1]);
    pto_tilebuf_print(f->cur, &src->tb);
    pto_op_end(f);
    Operand out = tile_operand(dst);
    dps_print(f, op_table[OP_TILE_UB_COPY].pto, 1, &w, NULL, &out); /* a Vec-to-Vec copy */
    return true;
}

/* ---- dispatch ---- */

static bool no_form(Fn *f, const Expr *call) {
    const OpInfo *op = call->call.op;
    if (strncmp(op->name, "tensor.", 7) == 0)
        pto_fn_error(f, call->loc, "tensor op %s is left in InCore kernel '%s': run ConvertTensorToTileOps", op->name,
                     f->f->name);
    else
        pto_fn_error(f, call->loc, "%s has no PTO mapping", op->name);
    return false;
}

bool pto_tile_op_emit(Fn *f, const Var *dst, const Expr *call) {
    Family fam = family[call->call.op->id];
    bool needs_pto = fam != F_NONE && fam != F_CREATE && fam != F_PTR && fam != F_SCALAR;
    if (fam == F_NONE || (needs_pto && !call->call.op->pto))
        return no_form(f, call);
    if (fam == F_STORE) { /* the partition view is named after the result, else the tile */
        const Expr *tile = call->call.args[0];
        return pto_store_emit(f, call, dst ? dst->name : tile->kind == E_VAR ? tile->var->name : "store");
    }
    if (fam == F_SYNC)
        return pto_sync_emit(f, call);
    if (fam == F_PTR)
        return true;
    if (!dst || dst->type->kind != TY_TILE) {
        pto_fn_error(f, call->loc, "the tile %s computes is not assigned to a variable", call->call.op->name);
        return false;
    }
    if (fam == F_RESHAPE)
        return reshape_emit(f, dst, call);
    Val *d = pto_val_of(f, dst);
    if (!d || d->kind != VAL_TILE) {
        pto_fn_error(f, call->loc, "'%s' has no buffer", dst->name);
        return false;
    }
    switch (fam) {
    case F_LOAD: return pto_load_emit(f, call, d, dst->name);
    case F_ELEMENTWISE: return elementwise_emit(f, call, d);
    case F_EXPAND: return expand_emit(f, call, d);
    case F_FILL: return fill_emit(f, call, d);
    case F_MOVE: return move_emit(f, call, d);
    case F_MATMUL: return matmul_emit(f, call, d);
    case F_ROW_REDUCE: return row_reduce_emit(f, call, d);
    case F_REDUCE: return reduce_emit(f, call, d);
    case F_TRANSPOSE: return transpose_emit(f, call, d);
    case F_VIEW: return view_emit(f, call, d);
    case F_CREATE: return true;
    case F_NONE: case F_STORE: case F_RESHAPE: case F_SCALAR: case F_PTR: case F_SYNC:
        break;
    }
    pto_fn_error(f, call->loc, "%s gives no tile", call->call.op->name);
    return false;
}
