/* convert_tensor_to_tile_ops.c - ConvertTensorToTileOps: the tensor code of InCore functions
 * becomes tile code.
 *
 * A kernel such as (after OutlineIncoreScopes)
 *
 *     def k(self, a: Tensor[[1024, 512], FP32], b: ...) -> Tensor[[1024, 512], FP32]:
 *         s = pl.tensor.add(a, b)
 *         y = pl.tensor.exp(s)
 *         return y
 *
 * becomes a loop over blocks of rows that loads every input once per block, computes the whole
 * chain on tiles and stores the returned values into output parameters added to the function:
 *
 *     def k(self, a, b, y_out: pl.Out[Tensor[[1024, 512], FP32]]) -> Tensor[[1024, 512], FP32]:
 *         for i, (y_iter,) in pl.range(0, 1024, 16, init_values=(y_out,)):
 *             a_tile = pl.tile.load(a, [i, 0], [16, 512])
 *             b_tile = pl.tile.load(b, [i, 0], [16, 512])
 *             s_tile = pl.tile.add(a_tile, b_tile)
 *             y_tile = pl.tile.exp(s_tile)
 *             y_store = pl.tile.store(y_tile, [i, 0], [16, 512], y_iter)
 *             y = pl.yield_(y_store)
 *         return y
 *
 * The model. A kernel's top-level statements are either tensor ops this pass converts (the
 * element-wise ops and their _scalar forms, exp, cast, row_max/row_sum over the last axis with
 * keep_dim, matmul), views of parameters (windows the loads read through), or statements it keeps
 * as they are (scalar code, tensor.dim/tensor.read of parameters, hand-written tile code), which
 * go first; then the converted code; then the return. Only 2-D tensors with static columns are
 * converted; rows may be symbolic. Values are grouped by their row count R: the ops of one group
 * share one loop over row blocks of B rows (B = R when everything fits: no loop), so chains fuse
 * and intermediates stay tiles. [1, C] values (rows broadcast) are computed once before the loops.
 * B is the largest power of two dividing R (R itself when the whole fits) for which the bytes of
 * every tile the block body creates, each rounded up to 32 bytes, plus the [1, C] tiles it reads,
 * fit the Vec capacity; for a symbolic R it is the largest power of two up to DYN_MAX_ROWS that
 * fits (R must then be a multiple of B at run time). Only values the return needs are computed.
 *
 * A matmul (cube unit) cannot share a kernel with vector ops (ops.md). Its operands must be inputs
 * and its result an output; it is blocked in M, N and K to fit Acc, Left, Right and Mat: loads to
 * Mat, moves to Left/Right, tile.matmul for the first K block and tile.matmul_acc over the rest
 * (carried through init_values), tile.l0c_store into the output.
 *
 * Outputs: each returned computed value is stored into a new trailing pl.Out parameter `<v>_out`
 * (or into an unused pl.Out parameter of the same type the kernel already has). Call sites need no
 * change: trailing tensor parameters a call leaves out are outputs (language.md); calls are
 * re-pointed at the new functions. Functions without tensor ops (besides dim/read/view) are left
 * as they are. */
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"

/* Symbolic row counts: the largest block tried (the row count must be a multiple of it). */
enum { DYN_MAX_ROWS = 128 };

/* ---- what each tensor op becomes ---- */

typedef enum { K_BINARY, K_SCALAR, K_UNARY, K_CAST, K_ROWRED, K_MATMUL } RuleKind;

typedef struct {
    OpId op;
    RuleKind kind;
    const char *tile;    /* the tile op on equal shapes */
    const char *rowexp;  /* K_BINARY: rhs a [R, 1] column */
    const char *colexp;  /* K_BINARY: rhs a [1, C] row (NULL: expand it with tile.col_expand) */
    bool commutative;
} Rule;

static const Rule rules[] = {
    {OP_TENSOR_ADD, K_BINARY, "tile.add", "tile.row_expand_add", NULL, true},
    {OP_TENSOR_SUB, K_BINARY, "tile.sub", "tile.row_expand_sub", "tile.col_expand_sub", false},
    {OP_TENSOR_MUL, K_BINARY, "tile.mul", "tile.row_expand_mul", "tile.col_expand_mul", true},
    {OP_TENSOR_DIV, K_BINARY, "tile.div", "tile.row_expand_div", "tile.col_expand_div", false},
    {OP_TENSOR_MAXIMUM, K_BINARY, "tile.maximum", NULL, NULL, true},
    {OP_TENSOR_ADD_SCALAR, K_SCALAR, "tile.adds", NULL, NULL, false},
    {OP_TENSOR_SUB_SCALAR, K_SCALAR, "tile.subs", NULL, NULL, false},
    {OP_TENSOR_MUL_SCALAR, K_SCALAR, "tile.muls", NULL, NULL, false},
    {OP_TENSOR_DIV_SCALAR, K_SCALAR, "tile.divs", NULL, NULL, false},
    {OP_TENSOR_EXP, K_UNARY, "tile.exp", NULL, NULL, false},
    {OP_TENSOR_CAST, K_CAST, "tile.cast", NULL, NULL, false},
    {OP_TENSOR_ROW_MAX, K_ROWRED, "tile.row_max", NULL, NULL, false},
    {OP_TENSOR_ROW_SUM, K_ROWRED, "tile.row_sum", NULL, NULL, false},
    {OP_TENSOR_MATMUL, K_MATMUL, NULL, NULL, NULL, false},
};

static const Rule *rule_of(const Expr *e) {
    if (e->kind != E_OP)
        return NULL;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (rules[i].op == e->call.op->id)
            return &rules[i];
    return NULL;
}

static bool is_tensor_op(const Expr *e) { return e->kind == E_OP && strncmp(e->call.op->name, "tensor.", 7) == 0; }

/* Tensor ops a kernel may keep: they read shapes or scalars, or describe global memory (a
 * window of a tensor, the same buffer with another shape) without computing. */
static bool is_passive(const Expr *e) {
    OpId id = e->call.op->id;
    return id == OP_TENSOR_DIM || id == OP_TENSOR_READ || id == OP_TENSOR_VIEW || id == OP_TENSOR_RESHAPE;
}

/* ---- the values of a kernel ---- */

/* How a binary op uses its right operand: same shape, a [R, 1] column (row_expand_*), a [1, C]
 * row (col_expand_*), or a [1, C] row expanded to the block first (tile.col_expand). */
typedef enum { F_FULL, F_ROWEXP, F_COLEXP, F_EXPAND } Form;

typedef enum { V_INPUT, V_OP } ValKind;

typedef struct Val Val;
struct Val {
    ValKind kind;
    Var *var;         /* the tensor variable of the input program */
    Loc loc;
    /* V_INPUT: base[off[0] + r, off[1] + c], a parameter or a window of one */
    Var *base;
    Expr *off[2];     /* NULL: 0 */
    bool window;
    /* V_OP */
    const Expr *op;
    const Rule *rule;
    Val *args[2];     /* tensor operands, in the order the tile op takes them */
    Expr *scalar;     /* K_SCALAR: the scalar operand */
    Form form;
    /* shape: [rows, cols], 2-D */
    Expr *rows;
    int64_t cols;
    DType dt;
    bool whole;       /* one row: one tile for the whole kernel, made before the loops */
    bool needed;
    int out;          /* index among the outputs, or -1 */
    Expr *wtile;      /* whole values: their tile, once made */
};

typedef struct {
    Expr *rows;       /* R */
    PtrVec ops;       /* Val *, program order */
    PtrVec outs;      /* Val *, the outputs among them */
} Group;

typedef struct {
    PassCtx *pc;
    Ctx *c;
    const Func *f;    /* the input function */
    Map vals;         /* Var -> Val */
    PtrVec ops;       /* Val * of every V_OP, program order */
    PtrVec kept;      /* statements kept as they are */
    Stmt *ret;        /* the final return, or NULL */
    PtrVec outs;      /* Val *: the outputs, in order of their first return */
    Var **out_params; /* per output: the parameter it is stored into */
    PtrVec groups;    /* Group * */
    Map used;         /* names bound in the new function */
    StmtList body;    /* the new body */
    bool ok;
} Conv;

static Val *val_of(Conv *cv, const Expr *e) {
    return e && e->kind == E_VAR ? map_get(&cv->vals, e->var) : NULL;
}

static bool shape_2d(Conv *cv, Loc loc, const Type *t, const char *what, Expr **rows, int64_t *cols) {
    if (t->rank != 2) {
        Buf b = {0};
        type_print(&b, t);
        error_at(cv->c, loc, "%s is %s: ConvertTensorToTileOps converts 2-D tensors only", what, b.data);
        buf_free(&b);
        cv->ok = false;
        return false;
    }
    if (!expr_is_const_int(t->shape[1], cols)) {
        Buf b = {0};
        expr_print(&b, t->shape[1]);
        error_at(cv->c, loc, "%s has %s columns: the column count must be a constant (only rows may be dynamic)", what,
                 b.data);
        buf_free(&b);
        cv->ok = false;
        return false;
    }
    *rows = t->shape[0];
    return true;
}

static bool is_one(const Expr *e) {
    int64_t v;
    return expr_is_const_int(e, &v) && v == 1;
}

static Val *new_val(Conv *cv, ValKind kind, Var *var, Loc loc) {
    Val *v = ARENA_NEW(cv->c->arena, Val);
    v->kind = kind;
    v->var = var;
    v->loc = loc;
    v->out = -1;
    map_put(&cv->vals, var, v);
    return v;
}

/* An input: a tensor parameter (its shape is checked when an op uses it). */
static void add_param(Conv *cv, Var *p) {
    Val *v = new_val(cv, V_INPUT, p, p->loc);
    v->base = p;
    v->dt = p->type->dtype;
}

/* Shape of an input, checked at its first use by an op. */
static bool input_shape(Conv *cv, Val *v, Loc use) {
    if (v->rows)
        return true;
    char what[300];
    snprintf(what, sizeof what, "'%s'", v->var->name);
    if (!shape_2d(cv, use, v->var->type, what, &v->rows, &v->cols))
        return false;
    v->whole = is_one(v->rows);
    return true;
}

static Expr *add_offsets(Ctx *c, Loc loc, Expr *a, Expr *b) {
    int64_t x;
    if (!a || (expr_is_const_int(a, &x) && x == 0))
        return b;
    if (!b || (expr_is_const_int(b, &x) && x == 0))
        return a;
    return mk_binary(c, loc, BIN_ADD, a, b);
}

/* v = tensor.view(x, shape, offset) of an input: a window the loads read through. */
static void add_view(Conv *cv, Var *var, const Expr *e) {
    Val *x = val_of(cv, e->call.args[0]);
    if (!x || x->kind != V_INPUT)
        return; /* a view of something else: an ordinary kept statement */
    Val *v = new_val(cv, V_INPUT, var, e->loc);
    v->base = x->base;
    v->window = true;
    v->dt = var->type->dtype;
    Expr *off = e->call.args[2];
    for (int i = 0; i < 2 && off->list.n == 2 && var->type->rank == 2; i++)
        v->off[i] = add_offsets(cv->c, e->loc, x->off[i], off->list.items[i]);
}

/* v = tensor.reshape(x, shape) of a whole input: the same buffer, an input of its own that the
 * loads read (the statement stays). */
static void add_reshape(Conv *cv, Var *var, const Expr *e) {
    Val *x = val_of(cv, e->call.args[0]);
    if (!x || x->kind != V_INPUT)
        return;
    if (x->window) {
        error_at(cv->c, e->loc, "tensor.reshape of '%s', a view of parameter '%s', cannot be converted: a window is not contiguous",
                 x->var->name, x->base->name);
        cv->ok = false;
        return;
    }
    Val *v = new_val(cv, V_INPUT, var, e->loc);
    v->base = var;
    v->dt = var->type->dtype;
}

static const char *op_short(const Expr *e) { return e->call.op->name; }

/* The shape class of operand a for a result of [rows, cols]. */
typedef enum { S_FULL, S_COL, S_ROW, S_OTHER } ShapeClass;

static ShapeClass shape_class(const Val *a, const Val *r) {
    bool rows_eq = expr_equal(a->rows, r->rows), cols_eq = a->cols == r->cols;
    if (rows_eq && cols_eq)
        return S_FULL;
    if (rows_eq && a->cols == 1)
        return S_COL;
    if (is_one(a->rows) && cols_eq)
        return S_ROW;
    return S_OTHER;
}

static void spell_shape(Buf *b, const Val *v) {
    buf_putc(b, '[');
    expr_print(b, v->rows);
    buf_printf(b, ", %lld]", (long long)v->cols);
}

static bool plan_binary(Conv *cv, Val *v) {
    Val *a = v->args[0], *b = v->args[1];
    if (shape_class(a, v) != S_FULL && v->rule->commutative && shape_class(b, v) == S_FULL) {
        v->args[0] = b;
        v->args[1] = a;
        a = v->args[0];
        b = v->args[1];
    }
    ShapeClass cb = shape_class(b, v);
    bool ok = shape_class(a, v) == S_FULL;
    if (ok)
        switch (cb) {
        case S_FULL: v->form = F_FULL; break;
        case S_COL:
            v->form = F_ROWEXP;
            ok = v->rule->rowexp != NULL;
            break;
        case S_ROW: v->form = v->rule->colexp ? F_COLEXP : F_EXPAND; break;
        case S_OTHER: ok = false; break;
        }
    if (!ok) {
        Buf x = {0}, y = {0};
        spell_shape(&x, v->args[0]);
        spell_shape(&y, v->args[1]);
        error_at(cv->c, v->loc, "%s of %s and %s cannot be converted to tile ops", op_short(v->op), x.data, y.data);
        hint(cv->c, "supported: equal shapes, a [R, 1] column (add, sub, mul, div) or a [1, C] row broadcast into the "
                    "other operand's [R, C]");
        buf_free(&x);
        buf_free(&y);
        cv->ok = false;
    }
    return ok;
}

/* v = tensor.X(...): checks it and records its operands. */
static void add_op(Conv *cv, Var *var, const Expr *e, const Rule *r) {
    Val *v = new_val(cv, V_OP, var, e->loc);
    v->op = e;
    v->rule = r;
    v->dt = var->type->dtype;
    vec_push(&cv->ops, v);
    int ntensors = r->kind == K_BINARY || r->kind == K_MATMUL ? 2 : 1;
    for (int i = 0; i < ntensors; i++) {
        Val *a = val_of(cv, e->call.args[i]);
        if (!a) {
            Buf b = {0};
            expr_print(&b, e->call.args[i]);
            error_at(cv->c, e->call.args[i]->loc, "operand '%s' of %s is neither a parameter of the kernel nor computed by a tensor op of it", b.data, op_short(e));
            buf_free(&b);
            cv->ok = false;
            return;
        }
        if (a->kind == V_INPUT && !input_shape(cv, a, e->call.args[i]->loc))
            return;
        v->args[i] = a;
    }
    if (r->kind == K_SCALAR)
        v->scalar = e->call.args[1];
    int64_t axis = -1, keep = 1;
    if (r->kind == K_ROWRED) {
        op_attr_value(e, "axis", &axis);
        op_attr_value(e, "keep_dim", &keep);
        if ((axis != -1 && axis != 1) || !keep) {
            error_at(cv->c, e->loc, "%s over axis %lld%s cannot be converted: only the last axis with keep_dim=True has a tile op",
                     op_short(e), (long long)axis, keep ? "" : " without keep_dim");
            cv->ok = false;
            return;
        }
    }
    char what[300];
    snprintf(what, sizeof what, "the result of %s", op_short(e));
    if (!shape_2d(cv, e->loc, var->type, what, &v->rows, &v->cols))
        return;
    v->whole = is_one(v->rows);
    if (r->kind == K_BINARY)
        plan_binary(cv, v);
}

/* ---- reading the kernel ---- */

typedef struct {
    Conv *cv;
    const Stmt *in;
} Scan;

/* Inside a kept statement: no tensor op to convert, no use of a converted value. */
static void check_kept_expr(Expr *e, void *ud) {
    Scan *sc = ud;
    Conv *cv = sc->cv;
    if (!cv->ok)
        return;
    if (is_tensor_op(e) && !is_passive(e)) {
        const char *where = sc->in->kind == S_FOR ? "a for loop" : sc->in->kind == S_WHILE ? "a while loop"
                          : sc->in->kind == S_IF ? "an if" : "this statement";
        error_at(cv->c, e->loc, "%s inside %s of InCore function '%s' cannot be converted to tile ops", op_short(e), where,
                 cv->f->name);
        hint(cv->c, "ConvertTensorToTileOps converts straight-line tensor code; write this part with tile ops");
        cv->ok = false;
        return;
    }
    Val *v = val_of(cv, e);
    if (v && v->kind == V_OP) {
        error_at(cv->c, e->loc, "'%s' is computed by tensor ops, which become tile code, and cannot be used here", e->var->name);
        hint(cv->c, "kernels convert only values that flow from tensor ops into tensor ops and the return");
        cv->ok = false;
    }
}

static void scan_stmt(Conv *cv, Stmt *s, bool last) {
    if (s->kind == S_RETURN && last) {
        cv->ret = s;
        return;
    }
    if (s->kind == S_ASSIGN && s->assign.n == 1) {
        Var *var = s->assign.vars[0];
        Expr *e = s->assign.value;
        const Rule *r = rule_of(e);
        if (r) {
            add_op(cv, var, e, r);
            return;
        }
        Val *alias = val_of(cv, e);
        if (alias && alias->kind == V_OP) { /* y = x: y is x */
            map_put(&cv->vals, var, alias);
            return;
        }
        if (alias) { /* a copy of an input reads what it reads; the statement stays if used */
            Val *v = new_val(cv, V_INPUT, var, e->loc);
            v->base = alias->base;
            v->off[0] = alias->off[0];
            v->off[1] = alias->off[1];
            v->window = alias->window;
            v->dt = alias->dt;
        }
        if (e->kind == E_OP && e->call.op->id == OP_TENSOR_VIEW)
            add_view(cv, var, e);
        if (e->kind == E_OP && e->call.op->id == OP_TENSOR_RESHAPE)
            add_reshape(cv, var, e);
        if (is_tensor_op(e) && !is_passive(e)) {
            error_at(cv->c, e->loc, "%s in InCore function '%s' cannot be converted to tile ops", op_short(e), cv->f->name);
            hint(cv->c, "converted: add, sub, mul, div, maximum, their _scalar forms, exp, cast, row_max, row_sum, matmul; "
                        "views of parameters are read through");
            cv->ok = false;
            return;
        }
    }
    Scan sc = {cv, s};
    walk_stmt_exprs(s, check_kept_expr, &sc);
    vec_push(&cv->kept, s);
}

/* Numbers the outputs; marks the ops they need (operands come before their users). */
static void scan_return(Conv *cv) {
    if (!cv->ret)
        return;
    for (int i = 0; i < cv->ret->vals.n && cv->ok; i++) {
        Expr *e = cv->ret->vals.vals[i];
        Val *v = val_of(cv, e);
        if (v && v->kind == V_INPUT && v->window) {
            error_at(cv->c, e->loc, "returning '%s', a view of parameter '%s', is not supported by ConvertTensorToTileOps",
                     e->var->name, v->base->name);
            cv->ok = false;
        } else if (v && v->kind == V_OP && v->out < 0) {
            v->out = cv->outs.len;
            vec_push(&cv->outs, v);
            v->needed = true;
        } else if (!v) {
            Scan sc = {cv, cv->ret};
            walk_expr(e, check_kept_expr, &sc);
        }
    }
    for (int i = cv->ops.len - 1; i >= 0; i--) {
        Val *v = cv->ops.items[i];
        for (int j = 0; j < 2 && v->needed; j++)
            if (v->args[j])
                v->args[j]->needed = true;
    }
}

/* Cube and vector ops cannot share a kernel; a matmul reads inputs and writes an output. */
static void check_units(Conv *cv) {
    Val *mm = NULL, *vec = NULL;
    for (int i = 0; i < cv->ops.len; i++) {
        Val *v = cv->ops.items[i];
        if (v->rule->kind == K_MATMUL && !mm)
            mm = v;
        else if (v->rule->kind != K_MATMUL && !vec)
            vec = v;
    }
    if (mm && vec) {
        error_at(cv->c, mm->loc, "tensor.matmul in a kernel with vector ops (%s at line %d): a kernel runs on the cube unit or on the vector unit, not both",
                 op_short(vec->op), vec->loc.line);
        hint(cv->c, "put the matmul and the vector ops into separate `with pl.incore():` regions");
        cv->ok = false;
        return;
    }
    for (int i = 0; i < cv->ops.len && cv->ok; i++) {
        Val *v = cv->ops.items[i];
        for (int j = 0; j < 2 && v->rule->kind == K_MATMUL; j++)
            if (v->args[j]->kind != V_INPUT) {
                error_at(cv->c, v->op->call.args[j]->loc, "the operands of a converted tensor.matmul must be inputs of the kernel, but '%s' is computed by a tensor op",
                         v->args[j]->var->name);
                cv->ok = false;
                return;
            }
        if (v->kind == V_OP)
            for (int j = 0; j < 2; j++)
                if (v->args[j] && v->args[j]->kind == V_OP && v->args[j]->rule->kind == K_MATMUL) {
                    error_at(cv->c, v->loc, "the result of tensor.matmul '%s' is used by another op of the kernel", v->args[j]->var->name);
                    hint(cv->c, "return it and use it in another kernel");
                    cv->ok = false;
                    return;
                }
    }
}

/* Groups the needed vector ops by row count; group 0 holds the one-row values. */
static void make_groups(Conv *cv) {
    Group *whole = ARENA_NEW(cv->c->arena, Group);
    whole->rows = mk_int(cv->c, cv->f->loc, 1);
    vec_push(&cv->groups, whole);
    for (int i = 0; i < cv->ops.len; i++) {
        Val *v = cv->ops.items[i];
        if (!v->needed || v->rule->kind == K_MATMUL)
            continue;
        int g = 0;
        if (!v->whole) {
            for (g = 1; g < cv->groups.len; g++)
                if (expr_equal(((Group *)cv->groups.items[g])->rows, v->rows))
                    break;
            if (g == cv->groups.len) {
                Group *ng = ARENA_NEW(cv->c->arena, Group);
                ng->rows = v->rows;
                vec_push(&cv->groups, ng);
            }
        }
        Group *gr = cv->groups.items[g];
        vec_push(&gr->ops, v);
        if (v->out >= 0)
            vec_push(&gr->outs, v);
    }
    for (int g = 0; g < cv->groups.len; g++) { /* a loop carries its outputs in return order */
        PtrVec *o = &((Group *)cv->groups.items[g])->outs;
        for (int i = 1; i < o->len; i++)
            for (int j = i; j > 0 && ((Val *)o->items[j - 1])->out > ((Val *)o->items[j])->out; j--) {
                void *t = o->items[j];
                o->items[j] = o->items[j - 1];
                o->items[j - 1] = t;
            }
    }
}

/* ---- emitting tile code ---- */

/* One block body being built: its statements, the tiles of this block, the bytes they take. */
typedef struct {
    Conv *cv;
    Map *used;        /* names (a copy while trying block sizes) */
    StmtList *list;
    int64_t rows;     /* rows per block */
    Expr *row0;       /* first row of the block */
    Expr **dests;     /* per output of the group: the tensor to store into */
    Expr **stored;    /* per output of the group: the store's result */
    int64_t bytes;
    Map tiles;        /* Val -> its tile in this block */
    Map counted;      /* whole values whose tiles were counted */
} Block;

static int64_t round32(int64_t n) { return (n + 31) / 32 * 32; }

static int64_t bytes_of(int64_t elems, DType dt) { return (elems * dtype_info[dt].bits + 7) / 8; }

static int64_t tile_bytes(const Type *t) {
    int64_t n = type_numel(t);
    return n < 0 ? 0 : round32(bytes_of(n, t->dtype));
}

static Str fresh_name(Block *b, const char *base, const char *suffix) {
    char buf[256];
    snprintf(buf, sizeof buf, "%s%s", base, suffix);
    return name_fresh(b->cv->c, b->used, buf);
}

/* name = value, added to the block; the variable as an expression (NULL when value is). */
static Expr *emit(Block *b, const char *base, const char *suffix, Expr *value) {
    if (!value)
        return NULL;
    Ctx *c = b->cv->c;
    Var *v = var_new(c, value->loc, fresh_name(b, base, suffix), value->type);
    stmts_push(b->list, mk_assign(c, value->loc, v, value));
    if (value->type->kind == TY_TILE)
        b->bytes += tile_bytes(value->type);
    return mk_var(c, value->loc, v);
}

/* An op call; NULL (diagnosed by op_call) when the registry rejects it, or when an argument is
 * NULL after an earlier failure. */
static Expr *op(Block *b, Loc loc, const char *name, int nargs, Expr **args, int nkw, Kwarg *kw) {
    for (int i = 0; i < nargs; i++)
        if (!args[i])
            return NULL;
    if (!b->cv->ok)
        return NULL;
    const OpInfo *info = op_lookup(name);
    ASSERT(info);
    Expr *e = op_call(b->cv->c, loc, info, nargs, args, nkw, kw);
    if (!e)
        b->cv->ok = false;
    return e;
}

static Expr *op1(Block *b, Loc loc, const char *name, Expr *x) { return op(b, loc, name, 1, &x, 0, NULL); }

static Expr *op2(Block *b, Loc loc, const char *name, Expr *x, Expr *y) {
    Expr *args[2] = {x, y};
    return op(b, loc, name, 2, args, 0, NULL);
}

static Expr *list2(Ctx *c, Loc loc, Expr *a, Expr *b) {
    Expr *items[2] = {a, b};
    return mk_list(c, loc, E_LIST, 2, items);
}

static Expr *int_expr(Ctx *c, Loc loc, int64_t v) { return mk_int(c, loc, v); }

static Kwarg kwarg(Ctx *c, const char *name, Expr *value) {
    return (Kwarg){intern_cstr(c->names, name), value, value->loc};
}

static Kwarg mem_kw(Ctx *c, Loc loc, MemSpace m) { return kwarg(c, "target_memory", mk_sym(c, loc, SYM_MEM, m)); }

/* tile.create_tile([rows, cols], dtype=dt, target_memory=pl.Mem.Vec) */
static Expr *create_tile(Block *b, Loc loc, int64_t rows, int64_t cols, DType dt) {
    Ctx *c = b->cv->c;
    Expr *shape = list2(c, loc, int_expr(c, loc, rows), int_expr(c, loc, cols));
    Kwarg kw[2] = {kwarg(c, "dtype", mk_sym(c, loc, SYM_DTYPE, dt)), mem_kw(c, loc, MEM_Vec)};
    return op(b, loc, "tile.create_tile", 1, &shape, 2, kw);
}

/* The static row count of a tile value (0 after a failure). */
static int64_t tile_rows(const Expr *tile) {
    int64_t rows = 0;
    if (tile)
        expr_is_const_int(tile->type->shape[0], &rows);
    return rows;
}

/* A tile load of input v: the whole of a one-row input, else this block's rows. */
static Expr *load(Block *b, Val *v, Loc loc) {
    Ctx *c = b->cv->c;
    Expr *r = v->whole ? v->off[0] : add_offsets(c, loc, v->off[0], b->row0);
    Expr *offs = list2(c, loc, r ? r : int_expr(c, loc, 0), v->off[1] ? v->off[1] : int_expr(c, loc, 0));
    Expr *shape = list2(c, loc, v->whole ? int_expr(c, loc, 1) : int_expr(c, loc, b->rows), int_expr(c, loc, v->cols));
    Expr *args[3] = {mk_var(c, loc, v->base), offs, shape};
    return emit(b, v->var->name, "_tile", op(b, loc, "tile.load", 3, args, 0, NULL));
}

/* The tile of v in this block: whole tiles are shared by every block (and counted once per
 * block); inputs are loaded at their first use. */
static Expr *tile_of(Block *b, Val *v, Loc loc) {
    if (v->whole && v->wtile) {
        if (!map_get(&b->counted, v)) {
            map_put(&b->counted, v, v);
            b->bytes += tile_bytes(v->wtile->type);
        }
        return v->wtile;
    }
    Expr *t = map_get(&b->tiles, v);
    if (t)
        return t;
    ASSERT(v->kind == V_INPUT); /* ops come in program order: operands before their users */
    t = load(b, v, loc);
    if (t)
        map_put(&b->tiles, v, t);
    if (v->whole) { /* emit counted it */
        v->wtile = t;
        map_put(&b->counted, v, v);
    }
    return t;
}

static Expr *cast_to(Block *b, Expr *t, DType dt, const char *base, Loc loc) {
    if (!t || t->type->dtype == dt)
        return t;
    Ctx *c = b->cv->c;
    Kwarg kw = kwarg(c, "target_type", mk_sym(c, loc, SYM_DTYPE, dt));
    return emit(b, base, "_cast", op(b, loc, "tile.cast", 1, &t, 1, &kw));
}

/* The tile op(s) computing v in this block. */
static Expr *emit_op(Block *b, Val *v) {
    const Rule *r = v->rule;
    const char *name = v->var->name;
    Loc loc = v->loc;
    Expr *x = tile_of(b, v->args[0], loc), *y = NULL, *value = NULL;
    switch (r->kind) {
    case K_BINARY:
        y = tile_of(b, v->args[1], loc);
        x = cast_to(b, x, v->dt, v->args[0]->var->name, loc);
        y = cast_to(b, y, v->dt, v->args[1]->var->name, loc);
        switch (v->form) {
        case F_FULL: value = op2(b, loc, r->tile, x, y); break;
        case F_ROWEXP: value = op2(b, loc, r->rowexp, x, y); break;
        case F_COLEXP: value = op2(b, loc, r->colexp, x, y); break;
        case F_EXPAND: { /* no col_expand_X: spread the row over a block-sized tile first */
            const char *yn = v->args[1]->var->name;
            Expr *target = emit(b, yn, "_target", create_tile(b, loc, tile_rows(x), v->cols, v->dt));
            Expr *spread = emit(b, yn, "_expand", op2(b, loc, "tile.col_expand", target, y));
            value = op2(b, loc, r->tile, x, spread);
            break;
        }
        }
        break;
    case K_SCALAR:
        x = cast_to(b, x, v->dt, v->args[0]->var->name, loc);
        value = op2(b, loc, r->tile, x, v->scalar);
        break;
    case K_UNARY:
        x = cast_to(b, x, v->dt, v->args[0]->var->name, loc);
        value = op1(b, loc, r->tile, x);
        break;
    case K_CAST:
        value = op(b, loc, r->tile, 1, &x, v->op->call.nkw, v->op->call.kw);
        break;
    case K_ROWRED: { /* the reduction's scratch tile has the input's shape */
        Expr *tmp = emit(b, name, "_tmp", create_tile(b, loc, tile_rows(x), v->args[0]->cols, x ? x->type->dtype : v->dt));
        value = op2(b, loc, r->tile, x, tmp);
        break;
    }
    case K_MATMUL:
        ICE("matmul in a vector block");
    }
    Expr *t = emit(b, name, "_tile", value);
    return cast_to(b, t, v->dt, name, loc);
}

/* Stores output v's tile of this block into the block's destination for it. */
static void store_out(Block *b, const Group *g, Val *v, Expr *t, bool in_loop) {
    Ctx *c = b->cv->c;
    int k = 0;
    while (g->outs.items[k] != v)
        k++;
    Expr *offs = list2(c, v->loc, b->row0, int_expr(c, v->loc, 0));
    Expr *shape = list2(c, v->loc, int_expr(c, v->loc, b->rows), int_expr(c, v->loc, v->cols));
    Expr *args[4] = {t, offs, shape, b->dests[k]};
    b->stored[k] = emit(b, v->var->name, in_loop ? "_store" : "", op(b, v->loc, "tile.store", 4, args, 0, NULL));
}

static void emit_body(Block *b, const Group *g, bool in_loop) {
    for (int i = 0; i < g->ops.len && b->cv->ok; i++) {
        Val *v = g->ops.items[i];
        Expr *t = emit_op(b, v);
        if (v->whole) {
            v->wtile = t;
            map_put(&b->counted, v, v); /* emit counted it */
        } else if (t) {
            map_put(&b->tiles, v, t);
        }
        if (v->out >= 0 && t)
            store_out(b, g, v, t, in_loop);
    }
}

static void block_free(Block *b) {
    map_free(&b->tiles);
    map_free(&b->counted);
}

static Expr **out_params(Conv *cv, const Group *g, Loc loc) {
    Expr **d = ARENA_ARRAY(cv->c->arena, Expr *, g->outs.len);
    for (int k = 0; k < g->outs.len; k++)
        d[k] = mk_var(cv->c, loc, cv->out_params[((Val *)g->outs.items[k])->out]);
    return d;
}

static void map_copy(Map *to, const Map *from) {
    for (size_t i = 0; i < from->cap; i++)
        if (from->keys[i])
            map_put(to, from->keys[i], from->vals[i]);
}

/* The bytes of tiles one block of `rows` rows of group g takes (built and thrown away). */
static int64_t try_rows(Conv *cv, const Group *g, int64_t rows) {
    Map used = {0};
    map_copy(&used, &cv->used);
    StmtList l = {0};
    Loc loc = ((Val *)g->ops.items[0])->loc;
    Block b = {cv, &used, &l, rows, int_expr(cv->c, loc, 0), out_params(cv, g, loc),
               ARENA_ARRAY(cv->c->arena, Expr *, g->outs.len), 0, {0}, {0}};
    emit_body(&b, g, true);
    int64_t bytes = b.bytes;
    block_free(&b);
    vec_free(&l.v);
    map_free(&used);
    return bytes;
}

/* The next smaller block size for a dimension of `full`: the largest power of two dividing it,
 * then halves; 0 when there is none. */
static int64_t shrink(int64_t full, int64_t cur) {
    if (cur == full) {
        int64_t p = full & -full;
        if (p < full)
            return p;
    }
    return cur > 1 ? cur / 2 : 0;
}

static int64_t pick_rows(Conv *cv, const Group *g) {
    int64_t rows, cap = cv->pc->target->capacity[MEM_Vec];
    bool fixed = expr_is_const_int(g->rows, &rows);
    for (int64_t b = fixed ? rows : DYN_MAX_ROWS; b > 0 && cv->ok; b = fixed ? shrink(rows, b) : b / 2)
        if (try_rows(cv, g, b) <= cap)
            return b;
    if (cv->ok) {
        Val *v = g->ops.items[0];
        error_at(cv->c, v->loc, "the tiles of one row of this kernel take %lld bytes, more than the Vec capacity (%lld bytes)",
                 (long long)try_rows(cv, g, 1), (long long)cap);
        hint(cv->c, "ConvertTensorToTileOps blocks rows, not columns: split the computation into narrower tensors");
        cv->ok = false;
    }
    return 0;
}

/* ---- loops that carry tensors ---- */

typedef struct {
    Var *iv;
    int n;
    Var **iters;
    Expr **inits;
    StmtList body;
} Loop;

/* Opens a loop carrying n values (initially inits); its body is built into l->body. */
static Expr *loop_open(Block *outer, Loop *l, Loc loc, const char *iv, int n, Expr **inits, const char **bases) {
    Ctx *c = outer->cv->c;
    l->iv = var_new(c, loc, fresh_name(outer, iv, ""), ty_scalar(c, DT_INT64));
    l->n = n;
    l->inits = arena_dup(c->arena, inits, sizeof(Expr *) * (size_t)n); /* callers pass locals */
    l->iters = ARENA_ARRAY(c->arena, Var *, n);
    for (int k = 0; k < n; k++)
        l->iters[k] = var_new(c, loc, fresh_name(outer, bases[k], "_iter"), inits[k]->type);
    l->body = (StmtList){0};
    return mk_var(c, loc, l->iv);
}

/* Closes the loop: `for iv, (iters) in pl.range(start, stop, step, init_values=(inits))` whose body
 * ends by yielding `yields` into return variables named bases[k] + suffix; gives those. */
static Expr **loop_close(Block *outer, Loop *l, Loc loc, Expr *start, Expr *stop, int64_t step, Expr **yields,
                         const char **bases, const char *suffix) {
    Ctx *c = outer->cv->c;
    Expr **rets = ARENA_ARRAY(c->arena, Expr *, l->n);
    Stmt *y = stmt_new(c, S_YIELD, loc);
    y->vals.n = l->n;
    y->vals.vals = arena_dup(c->arena, yields, sizeof(Expr *) * (size_t)l->n);
    stmts_push(&l->body, y);
    Stmt *s = stmt_new(c, S_FOR, loc);
    s->loop.iv = l->iv;
    s->loop.start = start;
    s->loop.stop = stop;
    s->loop.step = int_expr(c, loc, step);
    s->loop.n = l->n;
    s->loop.iters = l->iters;
    s->loop.inits = l->inits;
    s->loop.rets = ARENA_ARRAY(c->arena, Var *, l->n);
    for (int k = 0; k < l->n; k++) {
        s->loop.rets[k] = var_new(c, loc, fresh_name(outer, bases[k], suffix), l->iters[k]->type);
        rets[k] = mk_var(c, loc, s->loop.rets[k]);
    }
    s->loop.body = stmts_finish(c, &l->body, loc);
    stmts_push(outer->list, s);
    return rets;
}

static bool any_null(int n, Expr **es) {
    for (int i = 0; i < n; i++)
        if (!es[i])
            return true;
    return false;
}

/* ---- the vector groups ---- */

/* The one-row values, made once before any loop: the one-row ops, and the one-row inputs the
 * other groups read. */
static void emit_whole(Conv *cv, Expr **results) {
    Group *g = cv->groups.items[0];
    Loc loc = cv->f->loc;
    Block b = {cv, &cv->used, &cv->body, 1, int_expr(cv->c, loc, 0), out_params(cv, g, loc),
               ARENA_ARRAY(cv->c->arena, Expr *, g->outs.len), 0, {0}, {0}};
    emit_body(&b, g, false);
    for (int i = 0; i < cv->ops.len; i++) {
        Val *v = cv->ops.items[i];
        if (!v->needed || v->rule->kind == K_MATMUL || v->whole)
            continue;
        for (int j = 0; j < 2; j++)
            if (v->args[j] && v->args[j]->whole && v->args[j]->kind == V_INPUT)
                tile_of(&b, v->args[j], v->loc);
    }
    for (int k = 0; k < g->outs.len; k++)
        results[((Val *)g->outs.items[k])->out] = b.stored[k];
    int64_t cap = cv->pc->target->capacity[MEM_Vec];
    if (cv->ok && b.bytes > cap) {
        error_at(cv->c, cv->f->loc, "the one-row tiles of kernel '%s' take %lld bytes, more than the Vec capacity (%lld bytes)",
                 cv->f->name, (long long)b.bytes, (long long)cap);
        cv->ok = false;
    }
    block_free(&b);
}

static void emit_group(Conv *cv, const Group *g, Expr **results) {
    int64_t rows = pick_rows(cv, g), all;
    if (!cv->ok)
        return;
    Loc loc = ((Val *)g->ops.items[0])->loc;
    int n = g->outs.len;
    Expr **dests = out_params(cv, g, loc), **stored = ARENA_ARRAY(cv->c->arena, Expr *, n);
    Block outer = {cv, &cv->used, &cv->body, rows, int_expr(cv->c, loc, 0), dests, stored, 0, {0}, {0}};
    if (expr_is_const_int(g->rows, &all) && all == rows) { /* one block: no loop */
        emit_body(&outer, g, false);
        for (int k = 0; k < n; k++)
            results[((Val *)g->outs.items[k])->out] = stored[k];
        block_free(&outer);
        return;
    }
    const char **names = ARENA_ARRAY(cv->c->arena, const char *, n);
    for (int k = 0; k < n; k++)
        names[k] = ((Val *)g->outs.items[k])->var->name;
    Loop l;
    Expr *i = loop_open(&outer, &l, loc, "i", n, dests, names);
    Expr **iters = ARENA_ARRAY(cv->c->arena, Expr *, n);
    for (int k = 0; k < n; k++)
        iters[k] = mk_var(cv->c, loc, l.iters[k]);
    Block body = {cv, &cv->used, &l.body, rows, i, iters, stored, 0, {0}, {0}};
    emit_body(&body, g, true);
    block_free(&body);
    block_free(&outer);
    if (!cv->ok || any_null(n, stored)) {
        vec_free(&l.body.v);
        return;
    }
    Expr **rets = loop_close(&outer, &l, loc, int_expr(cv->c, loc, 0), g->rows, rows, stored, names, "");
    for (int k = 0; k < n; k++)
        results[((Val *)g->outs.items[k])->out] = rets[k];
}

/* ---- matmul ---- */

typedef struct {
    Val *v, *a, *b;
    bool at, bt;            /* a_trans, b_trans: a is [K, M], b is [N, K] */
    int64_t m, n, k;        /* the product's dimensions */
    int64_t mb, nb, kb;     /* block sizes */
} Matmul;

/* Checks that one block of each operand and of the accumulator fits its buffer; which names the
 * first space that does not. */
static bool mm_fits(const Target *t, const Matmul *mm, MemSpace *which) {
    int64_t left = round32(bytes_of(mm->mb * mm->kb, mm->a->dt));
    int64_t right = round32(bytes_of(mm->kb * mm->nb, mm->b->dt));
    int64_t acc = round32(bytes_of(mm->mb * mm->nb, DT_FP32)); /* FP32 or INT32 accumulators */
    *which = acc > t->capacity[MEM_Acc] ? MEM_Acc : left > t->capacity[MEM_Left] ? MEM_Left
           : right > t->capacity[MEM_Right] ? MEM_Right : left + right > t->capacity[MEM_Mat] ? MEM_Mat : MEM_DDR;
    return *which == MEM_DDR;
}

/* Shrinks M or N (the larger block first); false when neither can shrink. */
static bool mm_shrink_mn(Matmul *mm) {
    int64_t m = shrink(mm->m, mm->mb), n = shrink(mm->n, mm->nb);
    if (m && (mm->mb >= mm->nb || !n)) {
        mm->mb = m;
        return true;
    }
    if (n) {
        mm->nb = n;
        return true;
    }
    return false;
}

/* Block sizes: the accumulator decides M and N; then K shrinks until the operands fit, and M/N
 * further if K cannot. */
static bool plan_matmul(Conv *cv, Matmul *mm) {
    const Target *t = cv->pc->target;
    MemSpace which;
    mm->mb = mm->m;
    mm->nb = mm->n;
    mm->kb = mm->k;
    while (!mm_fits(t, mm, &which)) {
        int64_t k = which == MEM_Acc ? 0 : shrink(mm->k, mm->kb);
        if (k)
            mm->kb = k;
        else if (!mm_shrink_mn(mm)) {
            error_at(cv->c, mm->v->loc, "tensor.matmul: no block of [%lld, %lld] x [%lld, %lld] fits the %s buffer",
                     (long long)mm->m, (long long)mm->k, (long long)mm->k, (long long)mm->n, memspace_name[which]);
            cv->ok = false;
            return false;
        }
    }
    return true;
}

/* One operand block: loaded into Mat, moved into Left (a) or Right (b), transposed on the way
 * when the op says so. k0 and mn0 are the first K index and the first M (a) or N (b) index. */
static Expr *mm_operand(Block *blk, const Matmul *mm, bool left, Expr *k0, Expr *mn0) {
    Ctx *c = blk->cv->c;
    Val *x = left ? mm->a : mm->b;
    bool tr = left ? mm->at : mm->bt;
    int64_t mn = left ? mm->mb : mm->nb;
    /* the block in x's own layout: a is [M, K] (or [K, M]), b is [K, N] (or [N, K]) */
    bool k_first = left == tr;
    Expr *r0 = k_first ? k0 : mn0, *c0 = k_first ? mn0 : k0;
    int64_t rs = k_first ? mm->kb : mn, cs = k_first ? mn : mm->kb;
    Loc loc = mm->v->loc;
    Expr *offs = list2(c, loc, add_offsets(c, loc, x->off[0], r0), add_offsets(c, loc, x->off[1], c0));
    Expr *shape = list2(c, loc, int_expr(c, loc, rs), int_expr(c, loc, cs));
    Expr *args[3] = {mk_var(c, loc, x->base), offs, shape};
    Kwarg mat = mem_kw(c, loc, MEM_Mat);
    Expr *m = emit(blk, x->var->name, "_mat", op(blk, loc, "tile.load", 3, args, 1, &mat));
    Kwarg kw[2] = {mem_kw(c, loc, left ? MEM_Left : MEM_Right), kwarg(c, "transpose", mk_bool(c, loc, true))};
    return emit(blk, x->var->name, left ? "_left" : "_right", op(blk, loc, "tile.move", 1, &m, tr ? 2 : 1, kw));
}

/* The block of the product at [m0, n0]: K blocks accumulated, stored into dest. */
static Expr *mm_block(Block *blk, const Matmul *mm, Expr *m0, Expr *n0, Expr *dest, const char *suffix) {
    Ctx *c = blk->cv->c;
    Loc loc = mm->v->loc;
    const char *name = mm->v->var->name;
    Expr *zero = int_expr(c, loc, 0);
    Expr *al = mm_operand(blk, mm, true, zero, m0), *br = mm_operand(blk, mm, false, zero, n0);
    Expr *acc = emit(blk, name, "_acc", op2(blk, loc, "tile.matmul", al, br));
    if (mm->kb < mm->k && acc) {
        Loop l;
        char buf[256];
        snprintf(buf, sizeof buf, "%s_acc", name);
        const char *accname = buf;
        Expr *k = loop_open(blk, &l, loc, "k", 1, &acc, &accname);
        Block body = *blk;
        body.list = &l.body;
        Expr *a2 = mm_operand(&body, mm, true, k, m0), *b2 = mm_operand(&body, mm, false, k, n0);
        Expr *args[3] = {mk_var(c, loc, l.iters[0]), a2, b2};
        Expr *next = emit(&body, name, "_acc_next", op(&body, loc, "tile.matmul_acc", 3, args, 0, NULL));
        if (!next) {
            vec_free(&l.body.v);
            return NULL;
        }
        acc = loop_close(blk, &l, loc, int_expr(c, loc, mm->kb), int_expr(c, loc, mm->k), mm->kb, &next, &accname, "_final")[0];
    }
    Expr *offs = list2(c, loc, m0, n0);
    Expr *shape = list2(c, loc, int_expr(c, loc, mm->mb), int_expr(c, loc, mm->nb));
    Expr *args[4] = {acc, offs, shape, dest};
    return emit(blk, name, suffix, op(blk, loc, "tile.l0c_store", 4, args, 0, NULL));
}

/* The N level: a loop over column blocks when N is blocked. outer: no loop encloses it. */
static Expr *mm_columns(Block *blk, const Matmul *mm, Expr *m0, Expr *dest, bool outer) {
    Ctx *c = blk->cv->c;
    Loc loc = mm->v->loc;
    const char *name = mm->v->var->name;
    if (mm->nb == mm->n)
        return mm_block(blk, mm, m0, int_expr(c, loc, 0), dest, outer ? "" : "_store");
    Loop l;
    Expr *j = loop_open(blk, &l, loc, "j", 1, &dest, &name);
    Block body = *blk;
    body.list = &l.body;
    Expr *st = mm_block(&body, mm, m0, j, mk_var(c, loc, l.iters[0]), "_store");
    if (!st) {
        vec_free(&l.body.v);
        return NULL;
    }
    return loop_close(blk, &l, loc, int_expr(c, loc, 0), int_expr(c, loc, mm->n), mm->nb, &st, &name, outer ? "" : "_next")[0];
}

static Expr *emit_matmul(Conv *cv, Val *v) {
    Ctx *c = cv->c;
    Matmul mm = {.v = v, .a = v->args[0], .b = v->args[1]};
    int64_t at = 0, bt = 0;
    op_attr_value(v->op, "a_trans", &at);
    op_attr_value(v->op, "b_trans", &bt);
    mm.at = at;
    mm.bt = bt;
    /* a is [M, K] ([K, M] with a_trans), b is [K, N] ([N, K] with b_trans); the parser checked
     * that K agrees. Columns are constants (input_shape); rows must be too. */
    bool ok = expr_is_const_int(mm.a->rows, at ? &mm.k : &mm.m) && (!bt || expr_is_const_int(mm.b->rows, &mm.n));
    if (at)
        mm.m = mm.a->cols;
    else
        mm.k = mm.a->cols;
    if (!bt)
        mm.n = mm.b->cols;
    if (!ok) {
        error_at(c, v->loc, "tensor.matmul with a dimension that is not a constant cannot be converted to tile ops");
        cv->ok = false;
        return NULL;
    }
    if (!plan_matmul(cv, &mm))
        return NULL;
    Loc loc = v->loc;
    Expr *dest = mk_var(c, loc, cv->out_params[v->out]);
    Block blk = {cv, &cv->used, &cv->body, 0, NULL, NULL, NULL, 0, {0}, {0}};
    if (mm.mb == mm.m)
        return mm_columns(&blk, &mm, int_expr(c, loc, 0), dest, true);
    Loop l;
    const char *name = v->var->name;
    Expr *i = loop_open(&blk, &l, loc, "i", 1, &dest, &name);
    Block body = blk;
    body.list = &l.body;
    Expr *st = mm_columns(&body, &mm, i, mk_var(c, loc, l.iters[0]), false);
    if (!st) {
        vec_free(&l.body.v);
        return NULL;
    }
    return loop_close(&blk, &l, loc, int_expr(c, loc, 0), int_expr(c, loc, mm.m), mm.mb, &st, &name, "")[0];
}

/* ---- the new function ---- */

static void collect_var(Expr *e, void *ud) {
    if (e->kind == E_VAR)
        map_put(ud, e->var, e->var);
}

static void add_def_names(Map *used, const Stmt *s) {
    PtrVec defs = {0};
    stmt_defs(s, &defs);
    for (int i = 0; i < defs.len; i++)
        map_put(used, ((Var *)defs.items[i])->name, (void *)((Var *)defs.items[i])->name);
    vec_free(&defs);
}

static bool names_of(Stmt *s, void *ud) {
    add_def_names(ud, s);
    return true;
}

/* Views and copies of inputs are kept only when kept code or the return uses them; the names
 * the kept statements bind are taken. */
static void settle_kept(Conv *cv, const Program *p) {
    Map uses = {0};
    if (cv->ret)
        walk_stmt_exprs(cv->ret, collect_var, &uses);
    for (int i = 0; i < cv->kept.len; i++) {
        Stmt *s = cv->kept.items[i];
        Val *v = s->kind == S_ASSIGN && s->assign.n == 1 ? map_get(&cv->vals, s->assign.vars[0]) : NULL;
        if (!v || v->kind != V_INPUT)
            walk_stmt_exprs(s, collect_var, &uses);
    }
    int n = 0;
    for (int i = cv->kept.len - 1; i >= 0; i--) { /* a view of a view comes after it */
        Stmt *s = cv->kept.items[i];
        Val *v = s->kind == S_ASSIGN && s->assign.n == 1 ? map_get(&cv->vals, s->assign.vars[0]) : NULL;
        if (v && v->kind == V_INPUT && v->var == s->assign.vars[0] && v->base != v->var) { /* not a reshape */
            if (!map_get(&uses, v->var)) {
                cv->kept.items[i] = NULL;
                continue;
            }
            walk_stmt_exprs(s, collect_var, &uses);
        }
    }
    for (int i = 0; i < cv->kept.len; i++)
        if (cv->kept.items[i])
            cv->kept.items[n++] = cv->kept.items[i];
    cv->kept.len = n;
    map_free(&uses);
    for (int i = 0; i < p->ndyn; i++)
        map_put(&cv->used, p->dyns[i]->name, (void *)p->dyns[i]->name);
    for (int i = 0; i < cv->f->nparams; i++)
        map_put(&cv->used, cv->f->params[i]->name, (void *)cv->f->params[i]->name);
    for (int i = 0; i < cv->kept.len; i++)
        walk_stmts(cv->kept.items[i], names_of, &cv->used);
}

/* An output parameter per output: an unused pl.Out parameter of its type, else a new trailing
 * one named <v>_out. */
static void make_out_params(Conv *cv, Func *nf) {
    int n = cv->outs.len;
    cv->out_params = ARENA_ARRAY(cv->c->arena, Var *, n);
    Map used_vars = {0}, taken = {0};
    walk_stmt_exprs(cv->f->body, collect_var, &used_vars);
    int extra = 0;
    for (int k = 0; k < n; k++) {
        Val *v = cv->outs.items[k];
        for (int i = 0; i < cv->f->nparams && !cv->out_params[k]; i++) {
            Var *p = cv->f->params[i];
            if (cv->f->dirs[i] == DIR_OUT && !map_get(&used_vars, p) && !map_get(&taken, p) && type_equal(p->type, v->var->type)) {
                cv->out_params[k] = p;
                map_put(&taken, p, p);
            }
        }
        if (!cv->out_params[k]) {
            char buf[256];
            snprintf(buf, sizeof buf, "%s_out", v->var->name);
            cv->out_params[k] = var_new(cv->c, v->loc, name_fresh(cv->c, &cv->used, buf), v->var->type);
            extra++;
        }
    }
    nf->nparams = cv->f->nparams + extra;
    nf->params = ARENA_ARRAY(cv->c->arena, Var *, nf->nparams);
    nf->dirs = ARENA_ARRAY(cv->c->arena, ParamDir, nf->nparams);
    memcpy(nf->params, cv->f->params, sizeof(Var *) * (size_t)cv->f->nparams);
    memcpy(nf->dirs, cv->f->dirs, sizeof(ParamDir) * (size_t)cv->f->nparams);
    int at = cv->f->nparams;
    for (int k = 0; k < n; k++)
        if (!map_get(&taken, cv->out_params[k])) {
            nf->params[at] = cv->out_params[k];
            nf->dirs[at++] = DIR_OUT;
        }
    map_free(&used_vars);
    map_free(&taken);
}

/* The return with every computed value replaced by its stored tensor. */
static Stmt *new_return(Conv *cv, Expr **results) {
    Stmt *r = arena_dup(cv->c->arena, cv->ret, sizeof *cv->ret);
    r->vals.vals = ARENA_ARRAY(cv->c->arena, Expr *, r->vals.n);
    for (int i = 0; i < r->vals.n; i++) {
        Expr *e = cv->ret->vals.vals[i];
        Val *v = val_of(cv, e);
        r->vals.vals[i] = v && v->kind == V_OP ? results[v->out] : e;
        if (!r->vals.vals[i])
            return NULL;
    }
    return r;
}

static void conv_free(Conv *cv) {
    map_free(&cv->vals);
    vec_free(&cv->ops);
    vec_free(&cv->kept);
    vec_free(&cv->outs);
    for (int i = 0; i < cv->groups.len; i++) {
        Group *g = cv->groups.items[i];
        vec_free(&g->ops);
        vec_free(&g->outs);
    }
    vec_free(&cv->groups);
    map_free(&cv->used);
    vec_free(&cv->body.v);
}

/* Converts InCore function f (the new program's copy) in place. */
static bool convert(PassCtx *pc, const Program *p, Func *f) {
    Conv cv = {.pc = pc, .c = pc->c, .f = arena_dup(pc->c->arena, f, sizeof *f), .ok = true};
    for (int i = 0; i < f->nparams; i++)
        if (f->params[i]->type->kind == TY_TENSOR)
            add_param(&cv, f->params[i]);
    Stmt *body = f->body;
    for (int i = 0; body && i < body->seq.n && cv.ok; i++)
        scan_stmt(&cv, body->seq.items[i], i == body->seq.n - 1);
    if (cv.ok)
        scan_return(&cv);
    if (cv.ok)
        check_units(&cv);
    if (cv.ok) {
        settle_kept(&cv, p);
        make_out_params(&cv, f);
        make_groups(&cv);
        for (int i = 0; i < cv.kept.len; i++)
            stmts_push(&cv.body, cv.kept.items[i]);
        Expr **results = ARENA_ARRAY(cv.c->arena, Expr *, cv.outs.len);
        emit_whole(&cv, results);
        for (int g = 1; g < cv.groups.len && cv.ok; g++)
            emit_group(&cv, cv.groups.items[g], results);
        for (int i = 0; i < cv.ops.len && cv.ok; i++) {
            Val *v = cv.ops.items[i];
            if (v->needed && v->rule->kind == K_MATMUL)
                results[v->out] = emit_matmul(&cv, v);
        }
        if (cv.ok && cv.ret) {
            Stmt *r = new_return(&cv, results);
            if (!r)
                cv.ok = false;
            stmts_push(&cv.body, r);
        }
        if (cv.ok)
            f->body = stmts_finish(cv.c, &cv.body, body ? body->loc : f->loc);
    }
    bool ok = cv.ok;
    conv_free(&cv);
    return ok;
}

static void find_convertible(Expr *e, void *ud) {
    if (is_tensor_op(e) && !is_passive(e))
        *(bool *)ud = true;
}

Program *pass_convert_tensor_to_tile_ops(PassCtx *pc, const Program *p) {
    Program *q = program_shell(pc->c, p);
    for (int i = 0; i < q->nfuncs; i++) {
        Func *f = q->funcs[i];
        bool convertible = false;
        walk_stmt_exprs(f->body, find_convertible, &convertible);
        if (f->kind == FN_INCORE && convertible && !convert(pc, p, f))
            return NULL;
    }
    return q;
}
