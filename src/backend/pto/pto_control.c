/* pto_control.c - statements: assignments, scf.for, scf.if, yields, the final return.
 *
 * The kernel is in SSA form (ConvertToSSA): every variable is bound once, to a Val. Scalars
 * carried by a loop or merged by an if are scf iter_args and results. Tiles and tensors are
 * buffers: a loop or if carries them by writing the same buffer, so their iter_args and return
 * vars are bound to the value of their init (or of the then branch's yield), and every yield must
 * give that same value. */
#include <string.h>

#include "backend/pto/pto.h"

/* What the yield at the end of the block being written gives values to. */
typedef struct Targets {
    int n;
    Var **to;        /* a loop's iter_args, an if's return vars */
    Var **rets;      /* the return vars */
    bool is_if;
    bool bind;       /* if: the then branch gives the values of tiles and tensors */
    Val **mem;       /* per carried tile or tensor: its value (loop: the init's; if: the then branch's) */
} Targets;

static bool block_emit(Fn *f, Stmt *blk, Targets *t, bool top, bool *returned);

static bool define(Fn *f, const Var *v) {
    if (map_get(&f->defined, v)) {
        pto_fn_error(f, v->loc, "'%s' is assigned more than once: the pto backend needs SSA form (run ConvertToSSA)",
                     v->name);
        return false;
    }
    map_put(&f->defined, v, (void *)1);
    return true;
}

static bool is_mem(const Type *t) { return t->kind == TY_TILE || t->kind == TY_TENSOR; }

static bool scalar_mty(Fn *f, const Var *v, MTy *ty) {
    if (pto_mty_of_scalar(v->type->dtype, ty))
        return true;
    pto_fn_error(f, v->loc, "scalar '%s' of dtype %s has no PTO type", v->name, dtype_info[v->type->dtype].name);
    return false;
}

/* The tile or tensor value a carried value starts from (a variable). */
static Val *mem_source(Fn *f, const Expr *e, const Type *want) {
    Val *v = e->kind == E_VAR ? pto_val_use(f, e) : NULL;
    ValKind kind = want->kind == TY_TILE ? VAL_TILE : VAL_TENSOR;
    if (pto_val_poisoned(v))
        return NULL;
    if (!v || v->kind != kind) {
        pto_fn_error(f, e->loc, "expected a %s variable", want->kind == TY_TILE ? "tile" : "tensor");
        return NULL;
    }
    return v;
}

/* ---- assignments ---- */

static bool assign_emit(Fn *f, Stmt *s) {
    if (s->assign.n != 1) {
        pto_fn_error(f, s->loc, "unpacking a tuple has no PTO form in a kernel");
        return false;
    }
    Var *v = s->assign.vars[0];
    Expr *e = s->assign.value;
    if (!define(f, v))
        return false;
    if (e->kind == E_CALL) {
        pto_fn_error(f, e->loc, "a kernel cannot call '%s': ptoas compiles each kernel on its own", e->fcall.name);
        return false;
    }
    switch (v->type->kind) {
    case TY_SCALAR: {
        MTy ty;
        if (!scalar_mty(f, v, &ty))
            return false;
        bool op = e->kind == E_BINARY || e->kind == E_UNARY || e->kind == E_CAST || e->kind == E_OP;
        Val *x = pto_scalar_emit(f, e, ty, op ? pto_fn_name(f, v->name) : NULL);
        if (x)
            pto_val_bind(f, v, x);
        return x != NULL;
    }
    case TY_TILE:
    case TY_TENSOR:
        if (e->kind == E_VAR) {
            Val *x = mem_source(f, e, v->type);
            if (x)
                pto_val_bind(f, v, x);
            return x != NULL;
        }
        if (e->kind != E_OP) {
            pto_fn_error(f, e->loc, "expected an op computing '%s'", v->name);
            return false;
        }
        if (!pto_tile_op_emit(f, v, e))
            return false;
        if (v->type->kind == TY_TENSOR) { /* a store's result is its output tensor */
            Val *out = pto_tensor_of(f, e->call.args[3]);
            if (out)
                pto_val_bind(f, v, out);
            return out != NULL;
        }
        return true;
    case TY_PTR:
        if (e->kind == E_OP && e->call.op->id == OP_TILE_ALLOC) {
            pto_val_bind(f, v, pto_val_new(f, VAL_PTR, NULL));
            return true;
        }
        pto_fn_error(f, e->loc, "expected pl.tile.alloc");
        return false;
    case TY_TUPLE:
        pto_fn_error(f, s->loc, "tuple values have no PTO form in a kernel");
        return false;
    }
    return false;
}

/* ---- yields ---- */

static bool yield_emit(Fn *f, Stmt *s, Targets *t) {
    if (!t || s->vals.n != t->n) {
        pto_fn_error(f, s->loc, "this yield gives %d values to a construct that carries %d", s->vals.n, t ? t->n : 0);
        return false;
    }
    Buf names = {0}, types = {0};
    bool ok = true;
    for (int j = 0; j < t->n && ok; j++) {
        Var *to = t->to[j];
        Expr *e = s->vals.vals[j];
        if (!is_mem(to->type)) {
            MTy ty;
            Val *x = scalar_mty(f, to, &ty) ? pto_scalar_emit(f, e, ty, NULL) : NULL;
            if (x) {
                buf_printf(&names, "%s%s", names.len ? ", " : "", x->name);
                buf_printf(&types, "%s%s", types.len ? ", " : "", pto_mty_spell(ty));
            }
            ok = x != NULL;
            continue;
        }
        Val *x = mem_source(f, e, to->type);
        Val *want = t->bind ? NULL : t->mem[j];
        if (x && t->bind)
            t->mem[j] = x;
        else if (x && want != x && (!want || strcmp(want->name, x->name) != 0)) {
            pto_fn_error(f, e->loc, "'%s' is %s here but %s is carried in %s: a %s carried by a %s stays in one buffer",
                         e->var->name, x->name, to->name, want ? want->name : "no buffer",
                     to->type->kind == TY_TILE ? "tile" : "tensor", t->is_if ? "if" : "loop");
            ok = false;
        }
        ok &= x != NULL;
    }
    if (ok && names.len) {
        pto_op_begin(f);
        buf_printf(f->cur, "scf.yield %s : %s", names.data, types.data);
        pto_op_end(f);
    }
    buf_free(&names);
    buf_free(&types);
    return ok;
}

/* ---- loops and ifs ---- */

/* Names and types of the scalar results of a construct; binds nothing yet. */
static void results_plan(Fn *f, int n, Var **rets, const char **names, Buf *list, Buf *types) {
    for (int j = 0; j < n; j++) {
        names[j] = NULL;
        if (is_mem(rets[j]->type))
            continue;
        MTy ty = MT_INDEX;
        scalar_mty(f, rets[j], &ty);
        names[j] = pto_fn_name(f, rets[j]->name);
        buf_printf(list, "%s%s", list->len ? ", " : "", names[j]);
        buf_printf(types, "%s%s", types->len ? ", " : "", pto_mty_spell(ty));
    }
}

static void results_bind(Fn *f, int n, Var **rets, const char **names) {
    for (int j = 0; j < n; j++) {
        if (!names[j] || !define(f, rets[j]))
            continue;
        Val *v = pto_val_new(f, VAL_SCALAR, names[j]);
        scalar_mty(f, rets[j], &v->ty);
        pto_val_bind(f, rets[j], v);
    }
}

/* The body of a loop or a branch of an if: one level deeper, a region of its own (values
 * defined in it are not visible after it). open: the region is already open (a loop's). */
static bool nested_emit(Fn *f, Stmt *body, Targets *t, bool open) {
    if (!open)
        pto_region_push(f);
    f->depth++;
    bool ok = block_emit(f, body, t, false, NULL);
    f->depth--;
    pto_region_pop(f);
    return ok;
}

/* The initial values of the scalars a loop carries, in the loop's enclosing region, as the
 * `%a = %init, ...` of iter_args (names reserved now, bound inside the loop). */
static bool loop_inits(Fn *f, Stmt *s, const char **inames, MTy *itys, Buf *args, Buf *types) {
    for (int j = 0; j < s->loop.n; j++) {
        Var *it = s->loop.iters[j];
        inames[j] = NULL;
        if (is_mem(it->type))
            continue;
        Val *init = scalar_mty(f, it, &itys[j]) ? pto_scalar_emit(f, s->loop.inits[j], itys[j], NULL) : NULL;
        if (!init)
            return false;
        inames[j] = pto_fn_name(f, it->name);
        buf_printf(args, "%s%s = %s", args->len ? ", " : "", inames[j], init->name);
        buf_printf(types, "%s%s", types->len ? ", " : "", pto_mty_spell(itys[j]));
    }
    return true;
}

/* Binds the loop variable and the iter_args inside the loop's region; tiles and tensors carried
 * are their init's buffer, and so are the return vars (bound in the enclosing region). */
static bool loop_bind(Fn *f, Stmt *s, Val *iv, const char **inames, const MTy *itys, Val **mem) {
    bool ok = define(f, s->loop.iv);
    pto_val_bind(f, s->loop.iv, iv);
    for (int j = 0; j < s->loop.n; j++) {
        Var *it = s->loop.iters[j];
        ok &= define(f, it);
        if (mem[j])
            pto_val_bind(f, it, mem[j]);
        else if (inames[j]) {
            Val *a = pto_val_new(f, VAL_SCALAR, inames[j]);
            a->ty = itys[j];
            pto_val_bind(f, it, a);
        }
    }
    return ok;
}

static bool for_emit(Fn *f, Stmt *s) {
    Val *lb = pto_scalar_emit(f, s->loop.start, MT_INDEX, NULL);
    Val *ub = lb ? pto_scalar_emit(f, s->loop.stop, MT_INDEX, NULL) : NULL;
    Val *st = ub ? pto_scalar_emit(f, s->loop.step, MT_INDEX, NULL) : NULL;
    int64_t step;
    if (!st)
        return false;
    if (expr_is_const_int(s->loop.step, &step) && step <= 0) {
        pto_fn_error(f, s->loop.step->loc, "scf.for needs a positive step, got %lld", (long long)step);
        return false;
    }
    int n = s->loop.n;
    Buf args = {0}, types = {0}, results = {0}, rtypes = {0};
    const char **rnames = ARENA_ARRAY(f->c->arena, const char *, n);
    const char **inames = ARENA_ARRAY(f->c->arena, const char *, n);
    MTy *itys = ARENA_ARRAY(f->c->arena, MTy, n);
    Val **mem = ARENA_ARRAY(f->c->arena, Val *, n);
    bool ok = true;
    for (int j = 0; j < n && ok; j++)
        if (is_mem(s->loop.iters[j]->type))
            ok = (mem[j] = mem_source(f, s->loop.inits[j], s->loop.iters[j]->type)) != NULL;
    ok = ok && loop_inits(f, s, inames, itys, &args, &types);
    if (ok) {
        Val *iv = pto_val_new(f, VAL_SCALAR, pto_fn_name(f, s->loop.iv->name));
        iv->ty = MT_INDEX;
        results_plan(f, n, s->loop.rets, rnames, &results, &rtypes);
        pto_region_push(f);
        ok = loop_bind(f, s, iv, inames, itys, mem);
        pto_op_begin(f);
        if (results.len)
            buf_printf(f->cur, "%s = ", results.data);
        buf_printf(f->cur, "scf.for %s = %s to %s step %s", iv->name, lb->name, ub->name, st->name);
        if (args.len)
            buf_printf(f->cur, " iter_args(%s) -> (%s)", args.data, types.data);
        buf_puts(f->cur, " {\n");
        Targets t = {n, s->loop.iters, s->loop.rets, false, false, mem};
        ok &= nested_emit(f, s->loop.body, &t, true);
        f->loc = s->loc;
        pto_op_begin(f);
        buf_putc(f->cur, '}');
        pto_op_end(f);
        for (int j = 0; j < n; j++)
            if (mem[j] && define(f, s->loop.rets[j]))
                pto_val_bind(f, s->loop.rets[j], mem[j]);
        results_bind(f, n, s->loop.rets, rnames);
    }
    buf_free(&args);
    buf_free(&types);
    buf_free(&results);
    buf_free(&rtypes);
    return ok;
}

static bool if_emit(Fn *f, Stmt *s) {
    int n = s->ifs.n;
    if (n > 0 && !s->ifs.els) {
        pto_fn_error(f, s->loc, "an if with results needs an else branch");
        return false;
    }
    Val *cond = pto_scalar_emit(f, s->ifs.cond, DT_BOOL, NULL);
    if (!cond)
        return false;
    Buf results = {0}, types = {0};
    const char **rnames = ARENA_ARRAY(f->c->arena, const char *, n);
    results_plan(f, n, s->ifs.rets, rnames, &results, &types);
    pto_op_begin(f);
    if (results.len)
        buf_printf(f->cur, "%s = ", results.data);
    buf_printf(f->cur, "scf.if %s", cond->name);
    if (types.len)
        buf_printf(f->cur, " -> (%s)", types.data);
    buf_puts(f->cur, " {\n");
    Val **mem = ARENA_ARRAY(f->c->arena, Val *, n);
    Targets t = {n, s->ifs.rets, s->ifs.rets, true, true, mem};
    bool ok = nested_emit(f, s->ifs.then, &t, false);
    if (s->ifs.els) {
        pto_op_begin(f);
        buf_puts(f->cur, "} else {\n");
        t.bind = false;
        ok &= nested_emit(f, s->ifs.els, &t, false);
    }
    f->loc = s->loc;
    pto_op_begin(f);
    buf_putc(f->cur, '}');
    pto_op_end(f);
    for (int j = 0; j < n; j++)
        if (is_mem(s->ifs.rets[j]->type) && mem[j] && define(f, s->ifs.rets[j]))
            pto_val_bind(f, s->ifs.rets[j], mem[j]);
    results_bind(f, n, s->ifs.rets, rnames);
    buf_free(&results);
    buf_free(&types);
    return ok;
}

/* ---- statements ---- */

static bool return_emit(Fn *f, Stmt *s, bool top) {
    if (!top) {
        pto_fn_error(f, s->loc, "a return inside a loop or if has no PTO form: return at the end of the kernel");
        return false;
    }
    for (int i = 0; i < s->vals.n; i++) {
        const Expr *e = s->vals.vals[i];
        if (!e->type || e->type->kind != TY_TENSOR) {
            pto_fn_error(f, e->loc, "a kernel returns the tensors it writes; this value is not a tensor parameter");
            return false;
        }
        if (!pto_tensor_of(f, e))
            return false;
    }
    pto_op_begin(f);
    buf_puts(f->cur, "return");
    pto_op_end(f);
    return true;
}

static bool stmt_emit1(Fn *f, Stmt *s, Targets *t, bool last, bool top, bool *returned);

/* A statement that failed poisons the variables it defines, so that their uses are not
 * reported again. */
static bool stmt_emit(Fn *f, Stmt *s, Targets *t, bool last, bool top, bool *returned) {
    if (stmt_emit1(f, s, t, last, top, returned))
        return true;
    PtrVec defs = {0};
    stmt_defs(s, &defs);
    for (int i = 0; i < defs.len; i++)
        if (!pto_val_of(f, defs.items[i]))
            pto_val_bind(f, defs.items[i], pto_val_new(f, VAL_POISON, NULL));
    vec_free(&defs);
    return false;
}

static bool stmt_emit1(Fn *f, Stmt *s, Targets *t, bool last, bool top, bool *returned) {
    f->loc = s->loc;
    switch (s->kind) {
    case S_ASSIGN:
        return assign_emit(f, s);
    case S_EVAL:
        if (s->eval.e->kind == E_OP)
            return pto_tile_op_emit(f, NULL, s->eval.e);
        if (s->eval.e->kind == E_CALL) {
            pto_fn_error(f, s->loc, "a kernel cannot call '%s': ptoas compiles each kernel on its own",
                         s->eval.e->fcall.name);
            return false;
        }
        return true; /* a value computed for nothing */
    case S_SEQ: /* flattened by block_emit */
        return block_emit(f, s, NULL, false, NULL);
    case S_FOR:
        return for_emit(f, s);
    case S_IF:
        return if_emit(f, s);
    case S_YIELD:
        if (!last) {
            pto_fn_error(f, s->loc, "a yield must end its block");
            return false;
        }
        return yield_emit(f, s, t);
    case S_RETURN:
        if (returned)
            *returned = true;
        if (!last)
            top = false;
        return return_emit(f, s, top);
    case S_WHILE:
        pto_fn_error(f, s->loc, "while loops have no PTO form (ptoas lowers scf.for and scf.if): use pl.range");
        return false;
    case S_BREAK:
    case S_CONTINUE:
        pto_fn_error(f, s->loc, "'%s' has no PTO form: scf.for runs every iteration",
                     s->kind == S_BREAK ? "break" : "continue");
        return false;
    case S_SCOPE:
        pto_fn_error(f, s->loc, "`with pl.incore():` inside a kernel: run OutlineIncoreScopes");
        return false;
    }
    return false;
}

static void flatten(Stmt *s, PtrVec *out) {
    if (s->kind != S_SEQ) {
        vec_push(out, s);
        return;
    }
    for (int i = 0; i < s->seq.n; i++)
        flatten(s->seq.items[i], out);
}

/* Writes the statements of blk (nested blocks flattened); t: the construct its final yield
 * feeds; top: the function body. */
static bool block_emit(Fn *f, Stmt *blk, Targets *t, bool top, bool *returned) {
    PtrVec items = {0};
    flatten(blk, &items);
    bool ok = true;
    bool yielded = false;
    for (int i = 0; i < items.len; i++) {
        Stmt *s = items.items[i];
        yielded = s->kind == S_YIELD;
        ok &= stmt_emit(f, s, t, i == items.len - 1, top, returned);
    }
    if (ok && t && t->n > 0 && !yielded) {
        pto_fn_error(f, blk->loc, "this block must end with pl.yield_ of the %d carried values", t->n);
        ok = false;
    }
    vec_free(&items);
    return ok;
}

bool pto_body_emit(Fn *f) {
    f->depth = 2;
    bool returned = false;
    bool ok = block_emit(f, f->f->body, NULL, true, &returned);
    if (ok && !returned) {
        f->loc = f->f->loc;
        pto_op_begin(f);
        buf_puts(f->cur, "return");
        pto_op_end(f);
    }
    return ok;
}
