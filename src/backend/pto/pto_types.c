/* pto_types.c - the types of the output: scalars, !pto.tile_buf with its layouts, tensor views.
 *
 * Layouts (pto.md): a tile's block layout (blayout), inner box layout (slayout) and fractal size
 * follow from its memory space. The forms are a3's; a5 differs only for Left, whose blayout the
 * ptoas parser sets by target (a3 row_major, a5 col_major) whatever the text says, so one file
 * serves both (docs/pto-backend.md). */
#include <string.h>

#include "backend/pto/pto.h"

/* ---- scalars ---- */

const char *pto_mty_spell(MTy t) { return t == MT_INDEX ? "index" : dtype_info[t].pto; }

bool pto_mty_is_float(MTy t) { return t != MT_INDEX && dtype_is_float((DType)t); }

bool pto_mty_is_int(MTy t) { return t == MT_INDEX || dtype_is_int((DType)t); }

bool pto_mty_of_scalar(DType dt, MTy *out) {
    if (dtype_is_int(dt)) {
        *out = MT_INDEX;
        return true;
    }
    if (!dtype_info[dt].pto)
        return false;
    *out = (MTy)dt;
    return true;
}

bool pto_dtype_check(Fn *f, Loc loc, DType dt) {
    if (dtype_info[dt].pto)
        return true;
    pto_fn_error(f, loc, "dtype %s has no PTO spelling", dtype_info[dt].name);
    return false;
}

/* ---- the memory-space rule ---- */

int pto_op_space(const Expr *call) {
    OpId id = call->call.op->id;
    int64_t m;
    if (id == OP_TILE_LOAD || id == OP_TILE_MOVE || id == OP_TILE_CREATE_TILE)
        return op_attr_value(call, "target_memory", &m) && m >= 0 && m < MEM__COUNT ? (int)m : MEM_Vec;
    if (id == OP_TILE_MATMUL || id == OP_TILE_MATMUL_ACC)
        return MEM_Acc;
    if (id == OP_TILE_RESHAPE || id == OP_TILE_VIEW)
        return -1;
    return MEM_Vec;
}

/* ---- tile_buf ---- */

/* blayout, slayout and fractal per space (a3; pto.md "working set used" for the cube path). */
static const struct {
    bool col_major;
    SLayout slayout;
    int fractal;
} space_layout[MEM__COUNT] = {
    [MEM_DDR] = {false, SL_NONE_BOX, 512},
    [MEM_Vec] = {false, SL_NONE_BOX, 512},
    [MEM_Mat] = {true, SL_ROW_MAJOR, 512},
    [MEM_Left] = {false, SL_ROW_MAJOR, 512},
    [MEM_Right] = {false, SL_COL_MAJOR, 512},
    [MEM_Acc] = {true, SL_ROW_MAJOR, 1024},
    [MEM_Bias] = {false, SL_NONE_BOX, 512},
};

static const char *const slayout_name[] = {"none_box", "row_major", "col_major"};

/* "the tile shape [N, 32] <why>" */
static void type_error(Fn *f, Loc loc, const Type *t, const char *why) {
    Buf b = {0};
    buf_putc(&b, '[');
    for (int i = 0; i < t->rank; i++) {
        if (i)
            buf_puts(&b, ", ");
        expr_print(&b, t->shape[i]);
    }
    buf_putc(&b, ']');
    pto_fn_error(f, loc, "the tile shape %s %s", b.data, why);
    buf_free(&b);
}

/* A tile of any rank as rows x cols: [N] is a row [1, N] (a column [N, 1] when it is a row
 * reduction's result); higher ranks fold their leading dimensions into the rows. -1: dynamic. */
static void as_2d(int rank, const int64_t *d, bool column, int64_t *rows, int64_t *cols) {
    if (rank == 1) {
        *rows = column ? d[0] : 1;
        *cols = column ? 1 : d[0];
        return;
    }
    int64_t r = 1;
    for (int i = 0; i < rank - 1; i++)
        r = (r < 0 || d[i] < 0) ? -1 : r * d[i];
    *rows = r;
    *cols = d[rank - 1];
}

bool pto_tilebuf_of(Fn *f, Loc loc, const Type *t, MemSpace space, bool row_reduced, TileBuf *tb) {
    if (!pto_dtype_check(f, loc, t->dtype))
        return false;
    if (t->rank < 1) {
        type_error(f, loc, t, "has no dimensions");
        return false;
    }
    if (space == MEM_DDR) {
        type_error(f, loc, t, "is in DDR, but tiles live in on-chip buffers");
        return false;
    }
    int64_t *shape = ARENA_ARRAY(f->c->arena, int64_t, t->rank);
    int64_t *valid = ARENA_ARRAY(f->c->arena, int64_t, t->rank);
    for (int i = 0; i < t->rank; i++) {
        if (!expr_is_const_int(t->shape[i], &shape[i]) || shape[i] <= 0) {
            type_error(f, loc, t,
                       "is not static: tile buffers have a static shape (a dynamic extent goes into the valid shape)");
            return false;
        }
        valid[i] = shape[i];
        if (t->valid && (!expr_is_const_int(t->valid[i], &valid[i]) || valid[i] < 0))
            valid[i] = -1;
    }
    memset(tb, 0, sizeof *tb);
    tb->loc = space;
    tb->dtype = t->dtype;
    as_2d(t->rank, shape, row_reduced, &tb->rows, &tb->cols);
    as_2d(t->rank, valid, row_reduced, &tb->vrow, &tb->vcol);
    tb->col_major = space_layout[space].col_major;
    tb->slayout = space_layout[space].slayout;
    tb->fractal = space_layout[space].fractal;
    /* A column [M, 1] in Vec is the row vector of the row reductions and row_expand ops: ptoas
     * wants it col_major (pto.md, 06_trowsum.pto). */
    if (space == MEM_Vec && tb->cols == 1 && tb->rows > 1)
        tb->col_major = true;
    return true;
}

bool pto_tilebuf_equal(const TileBuf *a, const TileBuf *b) {
    return a->loc == b->loc && a->dtype == b->dtype && a->rows == b->rows && a->cols == b->cols &&
           a->vrow == b->vrow && a->vcol == b->vcol && a->col_major == b->col_major && a->slayout == b->slayout &&
           a->fractal == b->fractal;
}

static void dim_print(Buf *b, int64_t v) {
    if (v < 0)
        buf_putc(b, '?');
    else
        buf_printf(b, "%lld", (long long)v);
}

void pto_tilebuf_print(Buf *b, const TileBuf *t) {
    buf_printf(b, "!pto.tile_buf<loc=%s, dtype=%s, rows=%lld, cols=%lld, v_row=", memspace_pto[t->loc],
               dtype_info[t->dtype].pto, (long long)t->rows, (long long)t->cols);
    dim_print(b, t->vrow);
    buf_puts(b, ", v_col=");
    dim_print(b, t->vcol);
    buf_printf(b, ", blayout=%s, slayout=%s, fractal=%d, pad=0>", t->col_major ? "col_major" : "row_major",
               slayout_name[t->slayout], t->fractal);
}

bool pto_tilebuf_is_col_vector(const TileBuf *t) {
    return t->loc == MEM_Vec && t->cols == 1 && t->rows > 1 && t->col_major;
}

TileBuf pto_tilebuf_as_row(const TileBuf *t) {
    TileBuf r = *t;
    r.rows = t->cols;
    r.cols = t->rows;
    r.vrow = t->vcol;
    r.vcol = t->vrow;
    r.col_major = false;
    return r;
}

/* ---- tensor views ---- */

void pto_tensor_view_type(Buf *b, int rank, DType dt) {
    buf_puts(b, "!pto.tensor_view<");
    for (int i = 0; i < rank; i++)
        buf_puts(b, "?x");
    buf_printf(b, "%s>", dtype_info[dt].pto);
}

void pto_partition_type(Buf *b, int n, Expr **sizes, DType dt) {
    buf_puts(b, "!pto.partition_tensor_view<");
    for (int i = 0; i < n; i++) {
        int64_t v;
        dim_print(b, expr_is_const_int(sizes[i], &v) && v >= 0 ? v : -1);
        buf_putc(b, 'x');
    }
    buf_printf(b, "%s>", dtype_info[dt].pto);
}
