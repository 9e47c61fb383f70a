/* cce_kernel.c - one InCore kernel as a C++ file over the pto-isa tile library: a static function
 * taking the tensors' data pointers and the scalars, and the kernel_entry that unpacks the runtime's
 * argument array into it (as in /work/shared/spec/cce-example). Tiles are declared once at the top,
 * each TASSIGNed to the address AllocateMemoryAddr planned; loop-carried tiles and tensors share
 * their buffer, so only scalars are carried by C++ variables. */
#include <stdarg.h>
#include <string.h>

#include "backend/cce/cce.h"

typedef struct K {
    Ctx *c;
    const Func *f;
    Buf *out;
    int depth;
    bool ok;
    PtrVec carry;           /* Stmt*: the loops / ifs being written, innermost last */
    int ndyn;               /* dynamic dimensions: trailing int64_t parameters */
    Var **dyns;
    Map used;               /* cce_used_vars: results nothing reads are not declared */
} K;

static void indent(K *k) {
    for (int i = 0; i < k->depth; i++)
        buf_puts(k->out, "    ");
}

static void line(K *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(K *k, const char *fmt, ...) {
    indent(k);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(k->out, fmt, ap);
    va_end(ap);
    buf_putc(k->out, '\n');
}

/* ---- shapes and types ---- */

static bool const_dim(const Expr *e, int64_t *out) { return e && expr_is_const_int(e, out); }

/* Rows and columns of a 1-D or 2-D static shape; false after diagnosing anything else. */
static bool rows_cols(K *k, Loc loc, const Type *t, Expr **shape, int64_t *r, int64_t *c) {
    if (t->rank == 1) {
        *r = 1;
        if (const_dim(shape[0], c))
            return true;
    } else if (t->rank == 2 && const_dim(shape[0], r) && const_dim(shape[1], c)) {
        return true;
    }
    error_at(k->c, loc, "the cce backend needs a static 1-D or 2-D shape here");
    k->ok = false;
    return false;
}

static const char *elem(K *k, Loc loc, DType dt) {
    const char *s = cce_ctype(dt);
    if (!s) {
        error_at(k->c, loc, "the cce backend has no C++ type for %s", dtype_info[dt].name);
        k->ok = false;
        return "float";
    }
    return s;
}

/* The Tile<...> spelling of a tile variable's type; vector rows are padded to 32 bytes. */
static void tile_type(K *k, Buf *b, const Var *v) {
    const Type *t = v->type;
    int64_t r = 1, c = 1, vr, vc;
    rows_cols(k, v->loc, t, t->shape, &r, &c);
    vr = r, vc = c;
    if (t->valid && t->rank == 2 && !(const_dim(t->valid[0], &vr) && const_dim(t->valid[1], &vc)))
        vr = r, vc = c;
    const char *T = elem(k, v->loc, t->dtype);
    MemSpace sp = t->has_space ? t->space : MEM_Vec;
    int64_t per = 256 / (dtype_info[t->dtype].bits ? dtype_info[t->dtype].bits : 8); /* elements in 32 bytes */
    switch (sp) {
    case MEM_Vec:
        buf_printf(b, "Tile<TileType::Vec, %s, %lld, %lld, BLayout::RowMajor, %lld, %lld>", T, (long long)r,
                   (long long)align_up(c, per), (long long)vr, (long long)vc);
        return;
    case MEM_Mat:
        buf_printf(b, "Tile<TileType::Mat, %s, %lld, %lld, BLayout::ColMajor, %lld, %lld, SLayout::RowMajor, 512>", T,
                   (long long)r, (long long)c, (long long)vr, (long long)vc);
        return;
    case MEM_Left: buf_printf(b, "TileLeft<%s, %lld, %lld, %lld, %lld>", T, (long long)r, (long long)c, (long long)vr, (long long)vc); return;
    case MEM_Right: buf_printf(b, "TileRight<%s, %lld, %lld, %lld, %lld>", T, (long long)r, (long long)c, (long long)vr, (long long)vc); return;
    case MEM_Acc: buf_printf(b, "TileAcc<%s, %lld, %lld, %lld, %lld>", T, (long long)r, (long long)c, (long long)vr, (long long)vc); return;
    case MEM_DDR:
    case MEM_Bias:
    case MEM__COUNT:
        error_at(k->c, v->loc, "the cce backend has no tile in memory space %s", memspace_name[sp]);
        k->ok = false;
        return;
    }
}

/* ---- tiles: declared once, at their planned addresses ---- */

static bool is_tile(const Var *v) { return v->type && v->type->kind == TY_TILE; }

static void collect_tiles(Stmt *s, PtrVec *defs) {
    switch (s->kind) {
    case S_SEQ:
        for (int i = 0; i < s->seq.n; i++)
            collect_tiles(s->seq.items[i], defs);
        return;
    case S_FOR: collect_tiles(s->loop.body, defs); break;
    case S_WHILE: collect_tiles(s->wloop.body, defs); break;
    case S_IF:
        collect_tiles(s->ifs.then, defs);
        if (s->ifs.els)
            collect_tiles(s->ifs.els, defs);
        break;
    case S_SCOPE: collect_tiles(s->scope.body, defs); break;
    case S_ASSIGN: case S_EVAL: case S_YIELD: case S_RETURN: case S_BREAK: case S_CONTINUE: break;
    }
    stmt_defs(s, defs);
}

static void declare_tiles(K *k) {
    PtrVec defs = {0};
    collect_tiles(k->f->body, &defs);
    Map seen = {0};
    for (int i = 0; i < defs.len; i++) {
        Var *v = defs.items[i];
        if (!is_tile(v) || map_get(&seen, v))
            continue;
        map_put(&seen, v, v);
        int64_t addr = 0;
        if (!v->type->memref || !expr_is_const_int(v->type->memref->offset, &addr)) {
            error_at(k->c, v->loc, "tile '%s' has no planned address (the cce backend needs AllocateMemoryAddr)",
                     v->name);
            k->ok = false;
            continue;
        }
        indent(k);
        tile_type(k, k->out, v);
        buf_printf(k->out, " %s;\n", v->name);
        line(k, "TASSIGN(%s, 0x%llX);", v->name, (long long)addr);
    }
    map_free(&seen);
    vec_free(&defs);
}

/* ---- tensors: every tensor value is a parameter's buffer ---- */

static Var *tensor_param(K *k, const Expr *e) {
    Var *p = cce_tensor_param(k->f, e);
    if (p)
        return p;
    error_at(k->c, e->loc, "the cce backend cannot tell which tensor parameter this is");
    k->ok = false;
    return NULL;
}

/* GlobalTensor g_NAME over the part of tensor `te` at `offs` with the (static) shape `shapes`. The
 * tensor's own rows may be dynamic (a view never needs them); dynamic columns make the row stride a
 * run-time value: Stride<1, 1, 1, -1, 1> given to the constructor. */
static void view(K *k, const char *name, const Expr *te, const Expr *offs, const Expr *shapes) {
    Var *p = tensor_param(k, te);
    if (!p)
        return;
    int64_t tc = 0, r, c;
    const Type *pt = p->type;
    if (pt->rank != 1 && pt->rank != 2) {
        error_at(k->c, te->loc, "the cce backend needs a 1-D or 2-D tensor here");
        k->ok = false;
        return;
    }
    const Expr *cols = pt->shape[pt->rank - 1];
    bool dyn_cols = !const_dim(cols, &tc);
    if (!rows_cols(k, shapes->loc, pt, shapes->list.items, &r, &c))
        return;
    Buf stride = {0};
    if (dyn_cols)
        cce_expr(&stride, cols);
    else
        buf_printf(&stride, "%lld", (long long)tc);
    Buf off = {0};
    int n = offs->list.n;
    for (int i = 0; i < n; i++) {
        int64_t z;
        if (expr_is_const_int(offs->list.items[i], &z) && z == 0)
            continue;
        buf_puts(&off, " + ");
        cce_expr(&off, offs->list.items[i]);
        if (i + 1 < n)
            buf_printf(&off, " * %s", stride.data);
    }
    const char *T = elem(k, te->loc, pt->dtype);
    if (dyn_cols)
        line(k, "GlobalTensor<%s, Shape<1, 1, 1, %lld, %lld>, Stride<1, 1, 1, -1, 1>> g_%s(%s%s, "
                "Shape<1, 1, 1, %lld, %lld>(), Stride<1, 1, 1, -1, 1>(%s));",
             T, (long long)r, (long long)c, name, p->name, off.data ? off.data : "", (long long)r, (long long)c,
             stride.data);
    else
        line(k, "GlobalTensor<%s, Shape<1, 1, 1, %lld, %lld>, Stride<1, 1, 1, %lld, 1>> g_%s(%s%s);", T,
             (long long)r, (long long)c, (long long)tc, name, p->name, off.data ? off.data : "");
    buf_free(&off);
    buf_free(&stride);
}

/* ---- ops ---- */

static const char *reduce_call(const Expr *call) {
    int64_t axis = -1;
    op_attr_value(call, "axis", &axis);
    if (axis != 0)
        return call->call.op->cpp;
    switch (call->call.op->id) {
    case OP_TILE_SUM: return "TCOLSUM";
    case OP_TILE_MAX: return "TCOLMAX";
    default: return "TCOLMIN";
    }
}

bool cce_op_supported(const OpInfo *op) {
    return op->effect == EFF_SYNC || op->id == OP_TILE_ALLOC || op->id == OP_TILE_CREATE_TILE ||
           op->id == OP_TILE_VIEW || (op->cpp && strncmp(op->name, "tile.", 5) == 0);
}

/* ---- ops with more than tiles and scalars for operands ---- */

/* The attribute's enumerator in C++: CmpMode::GT from cmp_type="GT", RoundMode::CAST_FLOOR
 * from mode="floor" (the schema's lists, in the interpreter's order). */
static void enum_operand(K *k, const Expr *e, const char *attr, const char *prefix) {
    int64_t v = 0;
    char name[32] = "";
    if (!op_attr_value(e, attr, &v) || !op_enum_name(e->call.op, attr, v, name, sizeof name))
        ICE("cce: %s has no %s", e->call.op->name, attr);
    buf_puts(k->out, prefix);
    for (char *p = name; *p; p++)
        buf_putc(k->out, (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p));
}

/* TCMP(dst, a, b, CmpMode::X), TCMPS(dst, src, scalar, CmpMode::X), TCVT(dst, src, RoundMode::CAST_X). */
static void with_mode(K *k, const Var *dst, const Expr *e, const char *attr, const char *prefix) {
    indent(k);
    buf_printf(k->out, "%s(%s", e->call.op->cpp, dst->name);
    for (int i = 0; i < e->call.nargs; i++) {
        buf_puts(k->out, ", ");
        cce_expr(k->out, e->call.args[i]);
    }
    buf_puts(k->out, ", ");
    enum_operand(k, e, attr, prefix);
    buf_puts(k->out, ");\n");
}

/* Rows, padded row (Cols) and valid extents of a Vec tile; false after diagnosing another space. */
typedef struct VecTile { int64_t rows, cols, pad, vr, vc, esize; } VecTile;

static bool vec_tile(K *k, Loc loc, const Type *t, const char *what, VecTile *vt) {
    if (t->has_space && t->space != MEM_Vec) {
        error_at(k->c, loc, "the cce backend writes %s of Vec tiles only, not %s", what, memspace_name[t->space]);
        k->ok = false;
        return false;
    }
    if (!rows_cols(k, loc, t, t->shape, &vt->rows, &vt->cols))
        return false;
    vt->esize = (dtype_info[t->dtype].bits ? dtype_info[t->dtype].bits : 8) / 8;
    vt->pad = align_up(vt->cols, 32 / (vt->esize ? vt->esize : 1));
    vt->vr = vt->rows, vt->vc = vt->cols;
    if (t->valid && t->rank == 2 && !(const_dim(t->valid[0], &vt->vr) && const_dim(t->valid[1], &vt->vc)))
        vt->vr = vt->rows, vt->vc = vt->cols;
    return true;
}

/* TRESHAPE reinterprets bytes: the same elements in the same order only when neither tile pads
 * its rows (and both are whole). */
static void reshape(K *k, const Var *dst, const Expr *e) {
    const Expr *src = e->call.args[0];
    VecTile a, b;
    if (!vec_tile(k, src->loc, src->type, "tile.reshape", &a) || !vec_tile(k, e->loc, dst->type, "tile.reshape", &b))
        return;
    const VecTile *padded = a.pad != a.cols ? &a : b.pad != b.cols ? &b : NULL;
    if (padded || a.vr != a.rows || a.vc != a.cols || b.vr != b.rows || b.vc != b.cols) {
        error_at(k->c, e->loc,
                 "the cce backend writes tile.reshape as TRESHAPE of whole tiles whose rows are a multiple of 32 bytes; "
                 "a %lld x %lld tile's rows are padded to %lld elements",
                 (long long)(padded ? padded->rows : a.rows), (long long)(padded ? padded->cols : a.cols),
                 (long long)(padded ? padded->pad : a.pad));
        k->ok = false;
        return;
    }
    line(k, "TRESHAPE(%s, %s);", dst->name, src->var->name);
}

/* TTRANS(dst, src, tmp): the IR has no scratch tile, so dst is also tmp. The CPU library does not
 * use tmp; a device build needs a separate one (docs/cce-backend.md). */
static void transpose(K *k, const Var *dst, const Expr *e) {
    const Expr *src = e->call.args[0];
    int64_t x = 0, y = 0;
    int rank = src->type->rank;
    bool axes = expr_is_const_int(e->call.args[1], &x) && expr_is_const_int(e->call.args[2], &y);
    x += x < 0 ? rank : 0;
    y += y < 0 ? rank : 0;
    if (rank != 2 || !axes || x == y) {
        error_at(k->c, e->loc, "the cce backend writes tile.transpose of a 2-D tile swapping its two axes only");
        k->ok = false;
        return;
    }
    line(k, "TTRANS(%s, %s, %s);", dst->name, src->var->name, dst->name);
}

/* tile.view: a sub-tile of whole rows is a tile of the view's type at the source's address plus
 * the rows' bytes (no copy); the view's own buffer gets it by TMOV, unless it is that place. A
 * column window has no such tile: a Tile's row pitch is its (padded) column count. */
static void tile_view(K *k, const Var *dst, const Expr *e) {
    const Expr *src = e->call.args[0], *shape = e->call.args[1], *offs = e->call.args[2];
    VecTile s, d;
    if (!vec_tile(k, src->loc, src->type, "tile.view", &s) || !vec_tile(k, e->loc, dst->type, "tile.view", &d))
        return;
    int64_t col = -1;
    const Expr *row = offs->list.n == 2 ? offs->list.items[0] : NULL;
    expr_is_const_int(offs->list.items[offs->list.n - 1], &col);
    if (col != 0 || d.cols != s.cols || shape->list.n != offs->list.n) {
        error_at(k->c, e->loc,
                 "the cce backend writes tile.view of whole rows only (column offset 0, all %lld columns): a Tile's row "
                 "pitch is its column count, so a column window is no tile at an offset",
                 (long long)s.cols);
        k->ok = false;
        return;
    }
    int64_t base = 0, at = 0, r = 0;
    if (!expr_is_const_int(src->var->type->memref->offset, &base) || !expr_is_const_int(dst->type->memref->offset, &at))
        return; /* declare_tiles diagnosed it */
    bool fixed = !row || expr_is_const_int(row, &r);
    if (fixed && base + r * s.pad * s.esize == at)
        return; /* the view's buffer is that place: nothing to move */
    indent(k);
    tile_type(k, k->out, dst);
    buf_printf(k->out, " %s_src;\n", dst->name);
    indent(k);
    if (fixed) {
        buf_printf(k->out, "TASSIGN(%s_src, 0x%llX);  // %s + %lld rows\n", dst->name,
                   (long long)(base + r * s.pad * s.esize), src->var->name, (long long)r);
    } else {
        buf_printf(k->out, "TASSIGN(%s_src, 0x%llX + ", dst->name, (long long)base);
        cce_expr(k->out, row);
        buf_printf(k->out, " * %lld);  // %s + rows\n", (long long)(s.pad * s.esize), src->var->name);
    }
    line(k, "TMOV(%s, %s_src);", dst->name, dst->name);
}

/* CALL(dst, operands...): tiles by name, scalars as expressions. */
static void generic(K *k, const char *call, const Var *dst, const Expr *e) {
    indent(k);
    buf_printf(k->out, "%s(%s", call, dst->name);
    for (int i = 0; i < e->call.nargs; i++) {
        const Expr *a = e->call.args[i];
        if (a->kind == E_LIST || a->kind == E_SYM || a->kind == E_STR)
            continue;
        buf_puts(k->out, ", ");
        cce_expr(k->out, a);
    }
    buf_puts(k->out, ");\n");
}

static void sync_op(K *k, const Expr *e) {
    int64_t set = PIPE_V, wait = PIPE_V, ev = 0;
    switch (e->call.op->id) {
    case OP_SYSTEM_SYNC_SRC:
    case OP_SYSTEM_SYNC_DST:
        op_attr_value(e, "set_pipe", &set);
        op_attr_value(e, "wait_pipe", &wait);
        op_attr_value(e, "event_id", &ev);
        line(k, "%s(%s, %s, EVENT_ID%lld);", e->call.op->cpp, pipe_spell[set], pipe_spell[wait], (long long)ev);
        return;
    case OP_SYSTEM_BAR_V: line(k, "pipe_barrier(PIPE_V);"); return;
    case OP_SYSTEM_BAR_M: line(k, "pipe_barrier(PIPE_M);"); return;
    case OP_SYSTEM_BAR_ALL: line(k, "pipe_barrier(PIPE_ALL);"); return;
    default:
        error_at(k->c, e->loc, "the cce backend cannot write %s as a statement", e->call.op->name);
        k->ok = false;
    }
}

static void op_assign(K *k, Var *dst, const Expr *e) {
    const OpInfo *op = e->call.op;
    Expr **a = e->call.args;
    switch (op->id) {
    case OP_TILE_ALLOC:
    case OP_TILE_CREATE_TILE:
        return; /* the declaration at the top is the tile */
    case OP_TILE_LOAD:
        view(k, dst->name, a[0], a[1], a[2]);
        line(k, "TLOAD(%s, g_%s);", dst->name, dst->name);
        return;
    case OP_TILE_STORE:
    case OP_TILE_L0C_STORE:
        view(k, dst->name, a[3], a[1], a[2]);
        line(k, "TSTORE(g_%s, %s);", dst->name, a[0]->var->name);
        return;
    case OP_TILE_FULL:
        indent(k);
        buf_printf(k->out, "TEXPANDS(%s, ", dst->name);
        cce_expr(k->out, a[1]);
        buf_puts(k->out, ");\n");
        return;
    case OP_TILE_SUM:
    case OP_TILE_MAX:
    case OP_TILE_MIN:
        generic(k, reduce_call(e), dst, e);
        return;
    case OP_TILE_GET_BLOCK_IDX:
        line(k, "int64_t %s = get_block_idx();", dst->name);
        return;
    case OP_TILE_CMP:
    case OP_TILE_CMPS:
        with_mode(k, dst, e, "cmp_type", "CmpMode::");
        return;
    case OP_TILE_CAST:
        with_mode(k, dst, e, "mode", "RoundMode::CAST_");
        return;
    case OP_TILE_RESHAPE: reshape(k, dst, e); return;
    case OP_TILE_TRANSPOSE: transpose(k, dst, e); return;
    case OP_TILE_VIEW: tile_view(k, dst, e); return;
    case OP_TILE_MOVE: {
        int64_t tr = 0;
        if (op_attr_value(e, "transpose", &tr) && tr) {
            error_at(k->c, e->loc, "the cce backend has no C++ form for tile.move with transpose=True (use "
                                   "tile.transpose on Vec tiles)");
            k->ok = false;
            return;
        }
        break;
    }
    default:
        break;
    }
    if (!cce_op_supported(op)) {
        error_at(k->c, e->loc, "the cce backend has no C++ form for %s", op->name);
        k->ok = false;
        return;
    }
    generic(k, op->cpp, dst, e);
}

/* ---- statements ---- */

static void stmt(K *k, const Stmt *s);

static void block(K *k, const Stmt *s) {
    k->depth++;
    stmt(k, s);
    k->depth--;
}

static bool is_scalar(const Var *v) { return v->type && v->type->kind == TY_SCALAR; }

static void scalar_decl(K *k, const Var *v, const Expr *init) {
    indent(k);
    buf_printf(k->out, "%s %s", elem(k, v->loc, v->type->dtype), v->name);
    if (init) {
        buf_puts(k->out, " = ");
        cce_expr(k->out, init);
    }
    buf_puts(k->out, ";\n");
}

static void assign(K *k, const Stmt *s) {
    Expr *e = s->assign.value;
    if (s->assign.n != 1) {
        error_at(k->c, s->loc, "the cce backend cannot unpack a tuple in a kernel");
        k->ok = false;
        return;
    }
    Var *v = s->assign.vars[0];
    if (e->kind == E_OP) {
        op_assign(k, v, e);
        return;
    }
    if (is_scalar(v)) {
        scalar_decl(k, v, e);
        return;
    }
    if (e->kind == E_VAR && (!is_tile(v) || expr_equal(v->type->memref->offset, e->var->type->memref->offset)))
        return; /* another name for the same buffer */
    if (e->kind == E_VAR) {
        line(k, "TMOV(%s, %s);", v->name, e->var->name);
        return;
    }
    error_at(k->c, s->loc, "the cce backend cannot write this assignment in a kernel");
    k->ok = false;
}

/* Scalar loop-carried values: the iter_arg is a C++ variable, the yield assigns it. */
static void carried_before(K *k, int n, Var **iters, Expr **inits, Var **rets) {
    for (int i = 0; i < n; i++) {
        if (iters && is_scalar(iters[i]))
            scalar_decl(k, iters[i], inits[i]);
        else if (!iters && is_scalar(rets[i]))
            scalar_decl(k, rets[i], NULL);
    }
}

static void carried_after(K *k, int n, Var **iters, Var **rets) {
    for (int i = 0; i < n; i++)
        if (is_scalar(rets[i]) && map_get(&k->used, rets[i])) {
            Expr tmp = {.kind = E_VAR, .var = iters[i]};
            scalar_decl(k, rets[i], &tmp);
        }
}

static void yield(K *k, const Stmt *s) {
    if (k->carry.len == 0)
        return;
    const Stmt *c = k->carry.items[k->carry.len - 1];
    Var **to = c->kind == S_FOR ? c->loop.iters : c->kind == S_WHILE ? c->wloop.iters : c->ifs.rets;
    bool tmp = cce_yield_hazard(s, to);
    for (int round = tmp ? 0 : 1; round < 2; round++)
        for (int i = 0; i < s->vals.n; i++) {
            if (!is_scalar(to[i]))
                continue;
            indent(k);
            if (round == 0)
                buf_printf(k->out, "%s %s_next = ", elem(k, to[i]->loc, to[i]->type->dtype), to[i]->name);
            else
                buf_printf(k->out, "%s = ", to[i]->name);
            if (tmp && round == 1)
                buf_printf(k->out, "%s_next", to[i]->name);
            else
                cce_expr(k->out, s->vals.vals[i]);
            buf_puts(k->out, ";\n");
        }
}

static void for_loop(K *k, const Stmt *s) {
    carried_before(k, s->loop.n, s->loop.iters, s->loop.inits, s->loop.rets);
    indent(k);
    const char *iv = s->loop.iv->name;
    buf_printf(k->out, "for (int64_t %s = ", iv);
    cce_expr(k->out, s->loop.start);
    buf_printf(k->out, "; %s < ", iv);
    cce_expr(k->out, s->loop.stop);
    buf_printf(k->out, "; %s += ", iv);
    cce_expr(k->out, s->loop.step);
    buf_puts(k->out, ") {\n");
    vec_push(&k->carry, (void *)s);
    block(k, s->loop.body);
    k->carry.len--;
    line(k, "}");
    carried_after(k, s->loop.n, s->loop.iters, s->loop.rets);
}

static void while_loop(K *k, const Stmt *s) {
    carried_before(k, s->wloop.n, s->wloop.iters, s->wloop.inits, s->wloop.rets);
    indent(k);
    buf_puts(k->out, "while (");
    if (s->wloop.cond)
        cce_cond(k->out, s->wloop.cond);
    else
        buf_puts(k->out, "true");
    buf_puts(k->out, ") {\n");
    vec_push(&k->carry, (void *)s);
    block(k, s->wloop.body);
    k->carry.len--;
    line(k, "}");
    carried_after(k, s->wloop.n, s->wloop.iters, s->wloop.rets);
}

static void if_stmt(K *k, const Stmt *s) {
    carried_before(k, s->ifs.n, NULL, NULL, s->ifs.rets);
    indent(k);
    buf_puts(k->out, "if (");
    cce_cond(k->out, s->ifs.cond);
    buf_puts(k->out, ") {\n");
    vec_push(&k->carry, (void *)s);
    block(k, s->ifs.then);
    if (s->ifs.els) {
        line(k, "} else {");
        block(k, s->ifs.els);
    }
    k->carry.len--;
    line(k, "}");
}

static void stmt(K *k, const Stmt *s) {
    switch (s->kind) {
    case S_SEQ:
        for (int i = 0; i < s->seq.n; i++)
            stmt(k, s->seq.items[i]);
        return;
    case S_ASSIGN: assign(k, s); return;
    case S_EVAL:
        if (s->eval.e->kind == E_OP)
            sync_op(k, s->eval.e);
        return;
    case S_FOR: for_loop(k, s); return;
    case S_WHILE: while_loop(k, s); return;
    case S_IF: if_stmt(k, s); return;
    case S_YIELD: yield(k, s); return;
    case S_RETURN: return; /* the results are the Out tensors, already stored */
    case S_BREAK: line(k, "break;"); return;
    case S_CONTINUE: line(k, "continue;"); return;
    case S_SCOPE:
        error_at(k->c, s->loc, "the cce backend needs incore scopes outlined (OutlineIncoreScopes)");
        k->ok = false;
        return;
    }
}

/* ---- the file ---- */

static const char prelude[] =
    "#include <cstdint>\n"
    "#include <pto/pto-inst.hpp>\n"
    "#include \"tensor.h\"\n"
    "using namespace pto;\n"
    "#ifndef __gm__\n"
    "#define __gm__\n"
    "#endif\n"
    "#ifndef __aicore__\n"
    "#define __aicore__ [aicore]\n"
    "#endif\n\n";

static bool is_tensor(const Var *v) { return v->type && v->type->kind == TY_TENSOR; }

static void signature(K *k) {
    buf_printf(k->out, "static __aicore__ void %s(", k->f->name);
    for (int i = 0; i < k->f->nparams; i++) {
        Var *p = k->f->params[i];
        if (i)
            buf_puts(k->out, ", ");
        if (is_tensor(p))
            buf_printf(k->out, "__gm__ %s *%s", elem(k, p->loc, p->type->dtype), p->name);
        else if (is_scalar(p))
            buf_printf(k->out, "%s %s", elem(k, p->loc, p->type->dtype), p->name);
        else {
            error_at(k->c, p->loc, "the cce backend takes tensor and scalar parameters only");
            k->ok = false;
        }
    }
    for (int i = 0; i < k->ndyn; i++)
        buf_printf(k->out, "%sint64_t %s", k->f->nparams || i ? ", " : "", k->dyns[i]->name);
    buf_puts(k->out, ") {\n");
}

/* kernel_entry: args[0..T-1] ChipTensor pointers, args[T..] the scalars' 64-bit patterns, then the
 * dynamic dimensions. */
static void entry(K *k) {
    buf_puts(k->out, "extern \"C\" __aicore__ __attribute__((always_inline)) void kernel_entry(__gm__ int64_t *args) {\n");
    k->depth = 1;
    int n = 0;
    for (int i = 0; i < k->f->nparams; i++) {
        Var *p = k->f->params[i];
        if (is_tensor(p))
            line(k, "__gm__ ChipTensor *%s_t = reinterpret_cast<__gm__ ChipTensor *>(args[%d]);", p->name, n++);
    }
    for (int i = 0; i < k->f->nparams; i++) {
        Var *p = k->f->params[i];
        if (is_scalar(p)) {
            line(k, "union { uint64_t u64; %s val; } %s_conv;", elem(k, p->loc, p->type->dtype), p->name);
            line(k, "%s_conv.u64 = args[%d];", p->name, n++);
        }
    }
    for (int i = 0; i < k->ndyn; i++)
        line(k, "int64_t %s = static_cast<int64_t>(args[%d]);  // dynamic dimension", k->dyns[i]->name, n++);
    indent(k);
    buf_printf(k->out, "%s(", k->f->name);
    int align = 4 + (int)strlen(k->f->name) + 1;
    for (int i = 0; i < k->f->nparams; i++) {
        Var *p = k->f->params[i];
        if (i)
            buf_printf(k->out, ",\n%*s", align, "");
        if (is_tensor(p))
            buf_printf(k->out, "reinterpret_cast<__gm__ %s *>(%s_t->buffer.addr) + %s_t->start_offset",
                       elem(k, p->loc, p->type->dtype), p->name, p->name);
        else
            buf_printf(k->out, "%s_conv.val", p->name);
    }
    for (int i = 0; i < k->ndyn; i++) {
        if (k->f->nparams || i)
            buf_printf(k->out, ",\n%*s", align, "");
        buf_puts(k->out, k->dyns[i]->name);
    }
    buf_puts(k->out, ");\n}\n");
}

bool cce_kernel(Ctx *c, const CceKernel *ck, Buf *out) {
    const Func *f = ck->f;
    char core = ck->core;
    K k = {.c = c, .f = f, .out = out, .ok = true, .ndyn = ck->ndyn, .dyns = ck->dyns};
    buf_printf(out, "// %s: InCore kernel (%s)\n", f->name, core == 'c' ? "AIC / cube" : "AIV / vector");
    buf_puts(out, prelude);
    cce_used_vars(f, &k.used);
    signature(&k);
    k.depth = 1;
    declare_tiles(&k);
    stmt(&k, f->body);
    buf_puts(out, "}\n\n");
    entry(&k);
    vec_free(&k.carry);
    map_free(&k.used);
    return k.ok;
}
