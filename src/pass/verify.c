/* verify.c - the rules behind the program properties, checked in one walk.
 *
 * The same checker serves two purposes:
 *   program_props   silently finds which properties a parsed program has, so that a dump taken
 *                   from the middle of the pipeline can be fed back in;
 *   verify_program  reports every violation of the rules of the given properties, plus the
 *                   always-on type rules, as a positioned error naming the stage and the rule:
 *                   "after ConvertToSSA: [ssa] 'x' is assigned twice".
 *
 * The rules, one per property (the name in brackets is the one messages use):
 *   [ssa]        SSA. Every name is bound at most once per function (parameters, assignment
 *                targets, loop variables, iter_args, return vars of loops and ifs); a value
 *                carried around a loop is therefore an iter_arg. Every use of a variable is
 *                dominated by its definition: a definition reaches the rest of its block and
 *                the blocks nested there; the loop variable and iter_args reach only the loop
 *                (a while loop's condition included); values leave a loop or an if only
 *                through its return vars. A `with pl.incore():` region is not a scope.
 *   [flat]       FLAT. No call (op or program function) inside another call's arguments, a
 *                condition, the bounds of a loop, or an arithmetic operand (binary, unary,
 *                cast). A call may be the whole value of an assignment or an expression
 *                statement, and may appear in yields, returns and init values.
 *   [outlined]   OUTLINED. No `with pl.incore():` region is left.
 *   [tiled]      TILED. InCore functions compute with tile ops: the only tensor ops left in
 *                them are those that describe global memory without computing: tensor.dim,
 *                tensor.read, tensor.view, tensor.reshape.
 *   [memref]     MEMREF. In InCore functions every variable of a Tensor or Tile type (tuple
 *                elements included) has a memory reference.
 *   [addressed]  ADDRESSED (implies the memref rule). In InCore functions the memory reference
 *                of every tile is a Ptr variable bound by pl.tile.alloc, at a constant,
 *                non-negative byte offset, and the tile's memory space is the buffer's.
 *   [synced]     SYNCED. In InCore functions a sync_src/sync_dst names two different pipes, and
 *                the event a sync_dst waits for is set by a sync_src with the same pipes and
 *                event id earlier in the function (in program order), or the kernel would hang.
 * REUSED (buffers reused) has no rule: reuse is an optimisation that leaves no trace in the IR.
 *
 * The type rules, always checked ([type]): assignment targets agree with their values (a call
 * of a program function with the callee's current return types); a loop's init values,
 * iter_args, return vars and final yield agree; both branches of an if that has return vars
 * end with a yield agreeing with them; a yield ends the body of a loop or if with carried
 * values and nowhere else; calls of program functions name a function of the program and
 * match its parameters (trailing tensor parameters may be left out as outputs); return values
 * match the signature; conditions are scalars. "Agree" is the parser's rule: same kind, dtype,
 * shape (and layout); memory references, spaces and valid shapes are compared only when both
 * sides give them. At a call, as in the parser, the callee's scalar parameters and its still
 * unbound dimension variables are bound to the arguments (and their dimensions) first.
 *
 * Detection (program_props) adds what the rules cannot see: the kernel-level properties
 * (TILED, MEMREF, SYNCED, ADDRESSED, REUSED) are claimed only for an outlined program that has
 * at least one InCore function, and only in pipeline order (MEMREF needs TILED, SYNCED and
 * ADDRESSED need MEMREF); SYNCED needs at least one system.* op in a kernel; REUSED is claimed
 * with ADDRESSED, after which the buffer plan is fixed. */
#include <string.h>

#include "ptoc.h"

#define TYPE_RULES (1u << 31) /* the bit for the always-on type rules */

typedef struct {
    Ctx *c;             /* NULL: silent (detection) */
    const char *stage;  /* "after ConvertToSSA", "in the input" */
    unsigned rules;     /* PROP_* whose rules are checked */
    unsigned broken;    /* PROP_* (and TYPE_RULES) with a violation */
    int nsystem;        /* system.* ops seen in InCore functions */
    int nincore;
    Buf tys[2];         /* type spellings for messages */
    const Program *p;
    const Func *f;
    Loc at;             /* the statement being checked: the position of nodes without one */
    Map first;          /* [ssa] name -> the Var of its first binding in f */
    Map defined;        /* [ssa] Var -> Var for every definition in f */
    Map live;           /* [ssa] Var -> Var while its definition reaches */
    PtrVec scope;       /* the live Vars in definition order, popped when a scope ends */
    Map allocs;         /* [addressed] Ptr Var -> its tile.alloc call */
    unsigned char events[PIPE__COUNT][PIPE__COUNT]; /* [synced] events set so far in f, a bit per id */
} Verifier;

/* ---- reporting ---- */

static Loc pick(Loc a, Loc b) { return a.src ? a : b; }

static const char *rule_name(unsigned bit) {
    switch (bit) {
    case PROP_SSA: return "ssa";
    case PROP_FLAT: return "flat";
    case PROP_OUTLINED: return "outlined";
    case PROP_TILED: return "tiled";
    case PROP_MEMREF: return "memref";
    case PROP_ADDRESSED: return "addressed";
    case PROP_SYNCED: return "synced";
    }
    return "type";
}

static void violation(Verifier *v, unsigned bit, Loc loc, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void violation(Verifier *v, unsigned bit, Loc loc, const char *fmt, ...) {
    v->broken |= bit;
    if (!v->c)
        return;
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    error_at(v->c, pick(loc, v->at), "%s: [%s] %s", v->stage, rule_name(bit), b.data);
    buf_free(&b);
}

static void note(Verifier *v, Loc loc, const char *fmt, const char *name) {
    if (v->c && loc.src)
        note_at(v->c, loc, fmt, name);
}

/* The spelling of a type for a message; slot 0 or 1, so two can be in one message. */
static const char *ty(Verifier *v, int slot, const Type *t) {
    Buf *b = &v->tys[slot];
    b->len = 0;
    if (t)
        type_print(b, t);
    else
        buf_puts(b, "no type");
    return b->data;
}

/* ---- types ---- */

/* Whether a value of type `got` may be bound where `want` is declared (the parser's rule). */
static bool agrees(const Type *want, const Type *got) {
    if (!want || !got)
        return true;
    if (want->kind != got->kind)
        return false;
    switch (want->kind) {
    case TY_SCALAR: return want->dtype == got->dtype;
    case TY_PTR: return true;
    case TY_TUPLE:
        if (want->nelems != got->nelems)
            return false;
        for (int i = 0; i < want->nelems; i++)
            if (!agrees(want->elems[i], got->elems[i]))
                return false;
        return true;
    case TY_TENSOR:
    case TY_TILE:
        if (want->dtype != got->dtype || want->rank != got->rank || !shape_equal(want->rank, want->shape, got->shape))
            return false;
        if (want->kind == TY_TENSOR && want->layout != got->layout)
            return false;
        if (want->memref && got->memref && !type_equal(want, got))
            return false;
        if (want->has_space && got->has_space && want->space != got->space)
            return false;
        if (want->valid && got->valid && !shape_equal(want->rank, want->valid, got->valid))
            return false;
        return true;
    }
    return false;
}

/* Argument i of a call of f against its parameter, read with the bindings made so far (the
 * parser's rule, parse.c): a dimension of the parameter that is a still unbound variable (a
 * dynamic dimension) is bound to the argument's; dimensions that stay symbolic match anything
 * but a different constant. */
static bool bind_argument(Verifier *v, const Func *f, int i, const Expr *arg, Map *bind) {
    Type *want = subst_type(v->c, f->params[i]->type, bind);
    const Type *got = arg->type;
    bool ok = agrees(want, got);
    bool shaped = want && got && (want->kind == TY_TENSOR || want->kind == TY_TILE);
    for (int d = 0; ok && shaped && d < want->rank; d++)
        if (want->shape[d]->kind == E_VAR && !map_get(bind, want->shape[d]->var))
            map_put(bind, want->shape[d]->var, got->shape[d]);
    if (ok || !shaped || got->kind != want->kind || got->dtype != want->dtype || got->rank != want->rank)
        return ok;
    for (int d = 0; d < want->rank; d++) {
        Expr *w = want->shape[d], *g = got->shape[d];
        int64_t x, y;
        if (expr_equal(w, g))
            continue;
        if (w->kind == E_VAR && !map_get(bind, w->var))
            map_put(bind, w->var, g);
        else if (expr_is_const_int(w, &x) && expr_is_const_int(g, &y))
            return false;
    }
    return true;
}

/* [type] A call of a program function against the callee as the program now declares it;
 * returns the call's result type with the callee's parameters and dynamic dimensions bound
 * (NULL when the call is wrong). report: diagnose what is wrong. */
static Type *call_type(Verifier *v, const Expr *e, bool report) {
    const Func *f = program_find(v->p, e->fcall.name);
    if (!f) {
        if (report)
            violation(v, TYPE_RULES, e->loc, "call of '%s', which is not a function of the program", e->fcall.name);
        return NULL;
    }
    int n = e->fcall.nargs;
    if (n > f->nparams) {
        if (report)
            violation(v, TYPE_RULES, e->loc, "'%s' takes %d argument%s, got %d", f->name, f->nparams, f->nparams == 1 ? "" : "s", n);
        return NULL;
    }
    Map bind = {0};
    for (int i = 0; i < n; i++)
        if (f->params[i]->type && f->params[i]->type->kind == TY_SCALAR && e->fcall.args[i])
            map_put(&bind, f->params[i], e->fcall.args[i]);
    bool ok = true;
    for (int i = 0; i < n; i++) {
        const Expr *a = e->fcall.args[i];
        if (!a || bind_argument(v, f, i, a, &bind))
            continue;
        ok = false;
        if (report)
            violation(v, TYPE_RULES, a->loc, "argument %d of '%s' ('%s') must be %s, got %s", i + 1, f->name, f->params[i]->name,
                      ty(v, 0, subst_type(v->c, f->params[i]->type, &bind)), ty(v, 1, a->type));
    }
    for (int i = n; i < f->nparams && ok; i++)
        if (!f->params[i]->type || f->params[i]->type->kind != TY_TENSOR) {
            ok = false;
            if (report)
                violation(v, TYPE_RULES, e->loc, "missing argument '%s' of '%s' (only trailing tensor parameters may be left out)",
                          f->params[i]->name, f->name);
        }
    Type *t = NULL;
    if (ok) {
        Type **rets = ARENA_ARRAY(v->c->arena, Type *, f->nrets);
        for (int i = 0; i < f->nrets; i++)
            rets[i] = subst_type(v->c, f->rets[i], &bind);
        t = f->nrets == 1 ? rets[0] : ty_tuple(v->c, f->nrets, rets);
    }
    map_free(&bind);
    return t;
}

static bool has_tensor_or_tile(const Type *t) {
    if (!t)
        return false;
    if (t->kind == TY_TUPLE) {
        for (int i = 0; i < t->nelems; i++)
            if (has_tensor_or_tile(t->elems[i]))
                return true;
        return false;
    }
    return t->kind == TY_TENSOR || t->kind == TY_TILE;
}

static bool lacks_memref(const Type *t) {
    if (!t)
        return false;
    if (t->kind == TY_TUPLE) {
        for (int i = 0; i < t->nelems; i++)
            if (lacks_memref(t->elems[i]))
                return true;
        return false;
    }
    return (t->kind == TY_TENSOR || t->kind == TY_TILE) && !t->memref;
}

/* ---- variables: definitions and uses ---- */

static bool is_incore(const Verifier *v) { return v->f->kind == FN_INCORE; }

/* [memref], [addressed]: the memory reference of a variable of an InCore function. */
static void check_var_memory(Verifier *v, Var *x) {
    if (!is_incore(v) || !has_tensor_or_tile(x->type))
        return;
    if ((v->rules & (PROP_MEMREF | PROP_ADDRESSED)) && lacks_memref(x->type)) {
        unsigned bit = v->rules & PROP_MEMREF ? PROP_MEMREF : PROP_ADDRESSED;
        violation(v, bit, x->loc, "'%s' (%s) has no memory reference", x->name, ty(v, 0, x->type));
        return;
    }
    const Type *t = x->type;
    if (!(v->rules & PROP_ADDRESSED) || t->kind != TY_TILE || !t->memref)
        return;
    const MemRef *m = t->memref;
    Expr *alloc = m->base && m->base->kind == E_VAR ? map_get(&v->allocs, m->base->var) : NULL;
    int64_t off;
    if (!alloc) {
        violation(v, PROP_ADDRESSED, x->loc, "the memory reference of '%s' is not a buffer from pl.tile.alloc", x->name);
        return;
    }
    if (!m->offset || !expr_is_const_int(m->offset, &off) || off < 0)
        violation(v, PROP_ADDRESSED, x->loc, "the memory reference of '%s' has no constant, non-negative offset", x->name);
    Expr *space = alloc->call.nargs > 0 ? alloc->call.args[0] : NULL;
    if (t->has_space && space && space->kind == E_SYM && space->sym.kind == SYM_MEM && space->sym.value != (int)t->space)
        violation(v, PROP_ADDRESSED, x->loc, "'%s' is in %s but its buffer '%s' is in %s", x->name, memspace_name[t->space],
                  m->base->var->name, memspace_name[space->sym.value]);
}

static void define(Verifier *v, Var *x) {
    if (!x)
        return;
    if (v->rules & PROP_SSA) {
        Var *prev = map_get(&v->first, x->name);
        if (prev) {
            violation(v, PROP_SSA, x->loc, "'%s' is assigned twice", x->name);
            note(v, prev->loc, "'%s' is first assigned here", x->name);
        } else
            map_put(&v->first, x->name, x);
    }
    map_put(&v->live, x, x);
    vec_push(&v->scope, x);
    check_var_memory(v, x);
}

static void define_all(Verifier *v, int n, Var **xs) {
    for (int i = 0; i < n; i++)
        define(v, xs[i]);
}

/* Ends the scopes opened since the scope stack had `mark` entries. */
static void pop_scope(Verifier *v, int mark) {
    for (int i = mark; i < v->scope.len; i++)
        map_put(&v->live, v->scope.items[i], NULL);
    v->scope.len = mark;
}

static void use(Verifier *v, const Expr *e) {
    Var *x = e->var;
    if (!(v->rules & PROP_SSA) || map_get(&v->live, x))
        return;
    for (int i = 0; i < v->p->ndyn; i++)
        if (v->p->dyns[i] == x)
            return;
    if (map_get(&v->defined, x)) {
        violation(v, PROP_SSA, e->loc, "'%s' is used where its definition does not reach", x->name);
        note(v, x->loc, "'%s' is defined here", x->name);
    } else
        violation(v, PROP_SSA, e->loc, "'%s' is not defined in '%s'", x->name, v->f->name);
}

/* ---- expressions ---- */

static const char *callee(const Expr *e, Buf *b) {
    b->len = 0;
    if (e->kind == E_OP)
        buf_printf(b, "pl.%s", e->call.op->name);
    else
        buf_printf(b, "self.%s", e->fcall.name);
    return b->data;
}

static void check_call(Verifier *v, const Expr *e);

/* Checks e and everything under it. `nested`: where a call would be nested ([flat]), or NULL. */
static void check_expr(Verifier *v, const Expr *e, const char *nested) {
    if (!e)
        return;
    switch (e->kind) {
    case E_VAR: use(v, e); break;
    case E_INT: case E_FLOAT: case E_BOOL: case E_STR: case E_SYM:
        break;
    case E_BINARY:
        check_expr(v, e->bin.l, "an arithmetic operand");
        check_expr(v, e->bin.r, "an arithmetic operand");
        break;
    case E_UNARY: check_expr(v, e->un.e, "an arithmetic operand"); break;
    case E_CAST: check_expr(v, e->cast.e, "an arithmetic operand"); break;
    case E_OP:
    case E_CALL:
        if (nested && (v->rules & PROP_FLAT)) {
            Buf b = {0};
            violation(v, PROP_FLAT, e->loc, "the call of %s is nested in %s", callee(e, &b), nested);
            buf_free(&b);
        }
        check_call(v, e);
        break;
    case E_TUPLE:
    case E_LIST:
        for (int i = 0; i < e->list.n; i++)
            check_expr(v, e->list.items[i], nested);
        break;
    case E_INDEX: check_expr(v, e->index.e, nested); break;
    }
}

static bool allowed_in_kernel(OpId id) {
    return id == OP_TENSOR_DIM || id == OP_TENSOR_READ || id == OP_TENSOR_VIEW || id == OP_TENSOR_RESHAPE;
}

/* [synced] A sync_src/sync_dst names two different pipes, and the event a sync_dst waits for
 * is set by an earlier sync_src of the function (in program order), or the kernel would hang. */
static void check_sync(Verifier *v, const Expr *e) {
    OpId id = e->call.op->id;
    int64_t set, wait, event;
    if (!(v->rules & PROP_SYNCED) || (id != OP_SYSTEM_SYNC_SRC && id != OP_SYSTEM_SYNC_DST) ||
        !op_attr_value(e, "set_pipe", &set) || !op_attr_value(e, "wait_pipe", &wait) || !op_attr_value(e, "event_id", &event) ||
        set < 0 || set >= PIPE__COUNT || wait < 0 || wait >= PIPE__COUNT || event < 0 || event > 7)
        return;
    if (set == wait) {
        violation(v, PROP_SYNCED, e->loc, "pl.%s between pipe %s and itself", e->call.op->name, pipe_name[set]);
        return;
    }
    unsigned char *seen = &v->events[set][wait];
    if (id == OP_SYSTEM_SYNC_SRC)
        *seen |= (unsigned char)(1u << event);
    else if (!(*seen & (1u << event)))
        violation(v, PROP_SYNCED, e->loc, "pl.system.sync_dst waits for event %d from %s to %s, which no earlier sync_src sets",
                  (int)event, pipe_name[set], pipe_name[wait]);
}

static void check_op(Verifier *v, const Expr *e) {
    const OpInfo *op = e->call.op;
    for (int i = 0; i < e->call.nargs; i++)
        check_expr(v, e->call.args[i], "the arguments of another call");
    for (int i = 0; i < e->call.nkw; i++)
        check_expr(v, e->call.kw[i].value, "the arguments of another call");
    bool tensor = strncmp(op->name, "tensor.", 7) == 0, system = strncmp(op->name, "system.", 7) == 0;
    if (tensor && is_incore(v) && (v->rules & PROP_TILED) && !allowed_in_kernel(op->id))
        violation(v, PROP_TILED, e->loc, "pl.%s in InCore function '%s' (kernels compute with tile ops)", op->name, v->f->name);
    if (system && is_incore(v)) {
        v->nsystem++;
        check_sync(v, e);
    }
}

static void check_call(Verifier *v, const Expr *e) {
    if (e->kind == E_OP) {
        check_op(v, e);
        return;
    }
    for (int i = 0; i < e->fcall.nargs; i++)
        check_expr(v, e->fcall.args[i], "the arguments of another call");
    if (v->c) /* the type rules do not decide properties: detection skips them */
        call_type(v, e, true);
}

/* ---- statements ---- */

static void check_block(Verifier *v, Stmt *body, int nyield);

/* The yield that ends a body, or NULL. */
static Stmt *final_yield(Stmt *body) {
    if (!body)
        return NULL;
    if (body->kind != S_SEQ)
        return body->kind == S_YIELD ? body : NULL;
    return body->seq.n > 0 && body->seq.items[body->seq.n - 1]->kind == S_YIELD ? body->seq.items[body->seq.n - 1] : NULL;
}

/* [type] The values of the yield ending `body` agree with `vars` (iter_args or return vars). */
static void check_yield_types(Verifier *v, Stmt *body, int n, Var **vars) {
    Stmt *y = final_yield(body);
    if (!y || y->vals.n != n)
        return; /* reported by check_block */
    for (int i = 0; i < n; i++)
        if (y->vals.vals[i] && !agrees(vars[i]->type, y->vals.vals[i]->type))
            violation(v, TYPE_RULES, pick(y->vals.vals[i]->loc, y->loc), "yielded value %d has type %s but '%s' is %s", i + 1,
                      ty(v, 0, y->vals.vals[i]->type), vars[i]->name, ty(v, 1, vars[i]->type));
}

/* [type] A loop's carried values: init values, iter_args, return vars. */
static void check_carried(Verifier *v, int n, Expr **inits, Var **iters, Var **rets) {
    for (int i = 0; i < n; i++) {
        if (inits[i] && !agrees(iters[i]->type, inits[i]->type))
            violation(v, TYPE_RULES, inits[i]->loc, "init value %d has type %s but iter_arg '%s' is %s", i + 1,
                      ty(v, 0, inits[i]->type), iters[i]->name, ty(v, 1, iters[i]->type));
        if (!agrees(rets[i]->type, iters[i]->type))
            violation(v, TYPE_RULES, rets[i]->loc, "return var '%s' is %s but iter_arg '%s' is %s", rets[i]->name,
                      ty(v, 0, rets[i]->type), iters[i]->name, ty(v, 1, iters[i]->type));
    }
}

static void check_cond(Verifier *v, const Expr *cond) {
    check_expr(v, cond, "a condition");
    if (cond && cond->type && cond->type->kind != TY_SCALAR)
        violation(v, TYPE_RULES, cond->loc, "the condition has type %s, not a scalar", ty(v, 0, cond->type));
}

static void check_assign(Verifier *v, Stmt *s) {
    Expr *e = s->assign.value;
    check_expr(v, e, NULL);
    Type *t = !e || !v->c ? NULL : e->kind == E_CALL ? call_type(v, e, false) : e->type;
    if (t && s->assign.n == 1 && !agrees(s->assign.vars[0]->type, t))
        violation(v, TYPE_RULES, s->assign.vars[0]->loc, "'%s' is %s but its value is %s", s->assign.vars[0]->name,
                  ty(v, 0, s->assign.vars[0]->type), ty(v, 1, t));
    if (t && s->assign.n > 1) {
        if (t->kind != TY_TUPLE || t->nelems != s->assign.n)
            violation(v, TYPE_RULES, s->loc, "cannot unpack %s into %d names", ty(v, 0, t), s->assign.n);
        else
            for (int i = 0; i < s->assign.n; i++)
                if (!agrees(s->assign.vars[i]->type, t->elems[i]))
                    violation(v, TYPE_RULES, s->assign.vars[i]->loc, "'%s' is %s but its value is %s", s->assign.vars[i]->name,
                              ty(v, 0, s->assign.vars[i]->type), ty(v, 1, t->elems[i]));
    }
    define_all(v, s->assign.n, s->assign.vars);
}

static void check_return(Verifier *v, Stmt *s) {
    const Func *f = v->f;
    for (int i = 0; i < s->vals.n; i++)
        check_expr(v, s->vals.vals[i], NULL);
    if (s->vals.n != f->nrets) {
        violation(v, TYPE_RULES, s->loc, "'%s' returns %d value%s, got %d", f->name, f->nrets, f->nrets == 1 ? "" : "s", s->vals.n);
        return;
    }
    for (int i = 0; i < s->vals.n; i++) {
        const Expr *e = s->vals.vals[i];
        if (e && !agrees(f->rets[i], e->type))
            violation(v, TYPE_RULES, e->loc, "'%s' returns %s, got %s", f->name, ty(v, 0, f->rets[i]), ty(v, 1, e->type));
    }
}

static void check_for(Verifier *v, Stmt *s) {
    check_expr(v, s->loop.start, "the bounds of a loop");
    check_expr(v, s->loop.stop, "the bounds of a loop");
    check_expr(v, s->loop.step, "the bounds of a loop");
    for (int i = 0; i < s->loop.n; i++)
        check_expr(v, s->loop.inits[i], NULL);
    check_carried(v, s->loop.n, s->loop.inits, s->loop.iters, s->loop.rets);
    int mark = v->scope.len;
    define(v, s->loop.iv);
    define_all(v, s->loop.n, s->loop.iters);
    check_block(v, s->loop.body, s->loop.n);
    check_yield_types(v, s->loop.body, s->loop.n, s->loop.iters);
    pop_scope(v, mark);
    define_all(v, s->loop.n, s->loop.rets);
}

static void check_while(Verifier *v, Stmt *s) {
    for (int i = 0; i < s->wloop.n; i++)
        check_expr(v, s->wloop.inits[i], NULL);
    check_carried(v, s->wloop.n, s->wloop.inits, s->wloop.iters, s->wloop.rets);
    int mark = v->scope.len;
    define_all(v, s->wloop.n, s->wloop.iters);
    check_cond(v, s->wloop.cond);
    check_block(v, s->wloop.body, s->wloop.n);
    check_yield_types(v, s->wloop.body, s->wloop.n, s->wloop.iters);
    pop_scope(v, mark);
    define_all(v, s->wloop.n, s->wloop.rets);
}

static void check_if(Verifier *v, Stmt *s) {
    check_cond(v, s->ifs.cond);
    int n = s->ifs.n;
    if (n > 0 && !s->ifs.els)
        violation(v, TYPE_RULES, s->loc, "an if with return vars has no else branch to yield them");
    Stmt *branches[2] = {s->ifs.then, s->ifs.els};
    for (int b = 0; b < 2; b++) {
        if (!branches[b])
            continue;
        int mark = v->scope.len;
        check_block(v, branches[b], n);
        check_yield_types(v, branches[b], n, s->ifs.rets);
        pop_scope(v, mark);
    }
    define_all(v, n, s->ifs.rets);
}

static void check_stmt(Verifier *v, Stmt *s) {
    v->at = pick(s->loc, v->at);
    switch (s->kind) {
    case S_ASSIGN: check_assign(v, s); break;
    case S_EVAL: check_expr(v, s->eval.e, NULL); break;
    case S_SEQ:
        for (int i = 0; i < s->seq.n; i++)
            check_stmt(v, s->seq.items[i]);
        break;
    case S_FOR: check_for(v, s); break;
    case S_IF: check_if(v, s); break;
    case S_YIELD:
        for (int i = 0; i < s->vals.n; i++)
            check_expr(v, s->vals.vals[i], NULL);
        break;
    case S_RETURN: check_return(v, s); break;
    case S_WHILE: check_while(v, s); break;
    case S_BREAK:
    case S_CONTINUE:
        break;
    case S_SCOPE:
        if (v->rules & PROP_OUTLINED)
            violation(v, PROP_OUTLINED, s->loc, "a 'with pl.incore():' region is left in '%s'", v->f->name);
        check_block(v, s->scope.body, -1); /* not a scope: its definitions reach what follows */
        break;
    }
}

/* The statements of a body. nyield: the number of values the yield that must end it gives,
 * or -1 (and 0) when the body must not yield. Scopes are the caller's business. */
static void check_block(Verifier *v, Stmt *body, int nyield) {
    if (!body)
        return;
    int n = body->kind == S_SEQ ? body->seq.n : 1;
    Stmt **items = body->kind == S_SEQ ? body->seq.items : &body;
    for (int i = 0; i < n; i++) {
        Stmt *s = items[i];
        if (s->kind == S_YIELD && (i != n - 1 || nyield <= 0))
            violation(v, TYPE_RULES, s->loc, "a yield that does not end the body of a loop or if with carried values");
        else if (s->kind == S_YIELD && s->vals.n != nyield)
            violation(v, TYPE_RULES, s->loc, "this yield gives %d value%s for %d", s->vals.n, s->vals.n == 1 ? "" : "s", nyield);
        check_stmt(v, s);
    }
    if (nyield > 0 && (n == 0 || items[n - 1]->kind != S_YIELD))
        violation(v, TYPE_RULES, pick(n ? items[n - 1]->loc : body->loc, body->loc),
                  "the body must end with a yield of %d value%s", nyield, nyield == 1 ? "" : "s");
}

/* ---- functions and programs ---- */

static bool collect_defs(Stmt *s, void *ud) {
    Verifier *v = ud;
    PtrVec defs = {0};
    stmt_defs(s, &defs);
    for (int i = 0; i < defs.len; i++)
        if (defs.items[i])
            map_put(&v->defined, defs.items[i], defs.items[i]);
    vec_free(&defs);
    if (s->kind == S_ASSIGN && s->assign.n == 1 && s->assign.value && s->assign.value->kind == E_OP &&
        s->assign.value->call.op->id == OP_TILE_ALLOC)
        map_put(&v->allocs, s->assign.vars[0], s->assign.value);
    return true;
}

static void check_func(Verifier *v, const Func *f) {
    v->f = f;
    v->at = f->loc;
    if (f->kind == FN_INCORE)
        v->nincore++;
    map_free(&v->first);
    map_free(&v->defined);
    map_free(&v->live);
    map_free(&v->allocs);
    memset(v->events, 0, sizeof v->events);
    v->scope.len = 0;
    walk_stmts(f->body, collect_defs, v);
    for (int i = 0; i < f->nparams; i++)
        map_put(&v->defined, f->params[i], f->params[i]);
    define_all(v, f->nparams, f->params);
    check_block(v, f->body, -1);
}

static void check_program(Verifier *v, const Program *p) {
    v->p = p;
    for (int i = 0; i < p->nfuncs; i++)
        check_func(v, p->funcs[i]);
    map_free(&v->first);
    map_free(&v->defined);
    map_free(&v->live);
    map_free(&v->allocs);
    vec_free(&v->scope);
    buf_free(&v->tys[0]);
    buf_free(&v->tys[1]);
}

unsigned program_props(const Program *p) {
    unsigned all = (1u << PROP__COUNT) - 1;
    Verifier v = {.rules = all};
    check_program(&v, p);
    unsigned props = all & ~v.broken;
    unsigned kernel = PROP_TILED | PROP_MEMREF | PROP_REUSED | PROP_SYNCED | PROP_ADDRESSED;
    if (!(props & PROP_OUTLINED) || v.nincore == 0)
        props &= ~kernel;
    if (!(props & PROP_TILED))
        props &= ~PROP_MEMREF;
    if (!(props & PROP_MEMREF))
        props &= ~(PROP_SYNCED | PROP_ADDRESSED);
    if (v.nsystem == 0)
        props &= ~PROP_SYNCED;
    props &= ~PROP_REUSED;
    if (props & PROP_ADDRESSED)
        props |= PROP_REUSED;
    return props;
}

bool verify_program(PassCtx *pc, const Program *p, unsigned props) {
    char stage[160];
    if (!pc->pass)
        snprintf(stage, sizeof stage, "in the input");
    else if (strcmp(pc->pass, "RunVerifier") == 0)
        snprintf(stage, sizeof stage, "before RunVerifier");
    else
        snprintf(stage, sizeof stage, "after %s", pc->pass);
    if (props & PROP_ADDRESSED)
        props |= PROP_MEMREF;
    Verifier v = {.c = pc->c, .stage = stage, .rules = props};
    check_program(&v, p);
    return v.broken == 0;
}
