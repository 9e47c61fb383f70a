/* exec.c - running functions: expressions, statements, calls of program functions, and
 * interp_run, which binds the entry's parameters to inputs.
 *
 * Variables live in a per-call environment keyed by NAME (the interned Str), not by Var:
 * programs need not be in SSA form, and in Python every assignment to a name in a function
 * rebinds the one function-level variable, so a loop body sees what an earlier iteration
 * assigned. In SSA form names are unique and both keyings agree. A function's SlotMap numbers
 * its names (as they are met); a frame holds one value per number, and each Var remembers its
 * number (Interp.vslot), so that reading a variable in a loop is an array access, not a lookup.
 *
 * Every function returns false (or FLOW_ERROR) after diagnosing a run-time error; the callers
 * release what they hold and pass it up, adding a note for each call on the way. */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"

enum { MAX_CALL_DEPTH = 200 };

/* The slot numbers of one function's variable names, shared by its frames; it only grows. */
typedef struct SlotMap {
    Map slot; /* Str -> (void *)(1 + slot number) */
    int n;
} SlotMap;

/* What Var `var` resolved to in slot map `sm` (checked on use: a Var met in another function,
 * or an id reused by another context's Var, resolves again). */
struct VarSlot {
    const Var *var;
    const SlotMap *sm;
    int slot;
};

struct Frame {
    const Func *fn;
    SlotMap *sm;
    Value *slots;   /* by slot number; V_NONE: not assigned */
    int nslots;     /* may lag behind sm->n (names met since): grown on use */
    Value *yv;      /* the values of the pl.yield_ that ended the last body */
    int nyv, capyv;
    bool yielded;
    Value *ret;     /* the values of the return statement */
    int nret;
    bool returned;
};

void interp_error(Interp *I, Loc loc, const char *fmt, ...) {
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    diag(I->c->diag, DIAG_ERROR, loc, "run time: %s", b.data);
    buf_free(&b);
}

void arg_name(Buf *b, const Expr *call, int i) {
    const Expr *a = call->call.args[i];
    if (a->kind == E_VAR)
        buf_printf(b, "'%s'", a->var->name);
    else
        buf_printf(b, "(argument %d)", i + 1);
}

/* ---- frames ---- */

static Value *new_values(int n) {
    Value *v = calloc((size_t)(n > 0 ? n : 1), sizeof(Value));
    if (!v)
        ICE("out of memory");
    return v;
}

static void free_values(Value *v, int n) {
    for (int i = 0; i < n; i++)
        value_release(&v[i]);
    free(v);
}

static SlotMap *slotmap_of(Interp *I, const Func *fn) {
    SlotMap *sm = map_get(&I->slotmaps, fn);
    if (!sm) {
        sm = calloc(1, sizeof *sm);
        if (!sm)
            ICE("out of memory");
        map_put(&I->slotmaps, fn, sm);
    }
    return sm;
}

static Frame frame_new(Interp *I, const Func *fn) { return (Frame){.fn = fn, .sm = slotmap_of(I, fn)}; }

static void frame_free(Frame *f) {
    for (int i = 0; i < f->nslots; i++)
        value_release(&f->slots[i]);
    free(f->slots);
    for (int i = 0; i < f->nyv; i++)
        value_release(&f->yv[i]);
    free(f->yv);
    for (int i = 0; i < f->nret; i++)
        value_release(&f->ret[i]);
    free(f->ret);
}

/* The frame's value of slot i. */
static Value *frame_at(Frame *f, int i) {
    if (i >= f->nslots) {
        int n = f->sm->n > i ? f->sm->n : i + 1;
        f->slots = realloc(f->slots, sizeof(Value) * (size_t)n);
        if (!f->slots)
            ICE("out of memory");
        memset(f->slots + f->nslots, 0, sizeof(Value) * (size_t)(n - f->nslots)); /* V_NONE */
        f->nslots = n;
    }
    return &f->slots[i];
}

/* The slot number of a name in the frame's function, or -1 when it has none and !add. */
static int name_slot(Frame *f, Str name, bool add) {
    uintptr_t k = (uintptr_t)map_get(&f->sm->slot, name);
    if (!k && add) {
        k = (uintptr_t)++f->sm->n;
        map_put(&f->sm->slot, name, (void *)k);
    }
    return (int)k - 1;
}

/* The slot of variable x in the running frame, resolved by name and remembered. */
static int var_resolve(Interp *I, const Var *x) {
    Frame *f = I->fr;
    if (x->id >= I->nvslot) {
        int n = x->id < I->c->nvars ? I->c->nvars : x->id + 1;
        I->vslot = realloc(I->vslot, sizeof(VarSlot) * (size_t)n);
        if (!I->vslot)
            ICE("out of memory");
        memset(I->vslot + I->nvslot, 0, sizeof(VarSlot) * (size_t)(n - I->nvslot));
        I->nvslot = n;
    }
    I->vslot[x->id] = (VarSlot){x, f->sm, name_slot(f, x->name, true)};
    return I->vslot[x->id].slot;
}

/* The running frame's value of variable x (V_NONE when not assigned): inline, the hot path of
 * scalar code. */
static inline Value *var_value(Interp *I, const Var *x) {
    Frame *f = I->fr;
    const VarSlot *c = x->id < I->nvslot ? &I->vslot[x->id] : NULL;
    int i = c && c->var == x && c->sm == f->sm ? c->slot : var_resolve(I, x);
    return i < f->nslots ? &f->slots[i] : frame_at(f, i);
}

/* Binds name to v (taking v's reference). */
static void frame_set(Frame *f, Str name, Value v) {
    Value *s = frame_at(f, name_slot(f, name, true));
    value_release(s);
    *s = v;
}

/* Binds variable x to v, converting a scalar to x's dtype (the parser's implicit conversions). */
static void bind_var(Interp *I, const Var *x, Value v) {
    if (v.kind == V_SCALAR && x->type && x->type->kind == TY_SCALAR && v.s.dt != x->type->dtype)
        v.s = scalar_convert(v.s, x->type->dtype);
    Value *s = var_value(I, x);
    value_release(s);
    *s = v;
}

static bool is_dyn(const Interp *I, Str name) {
    for (int i = 0; i < I->p->ndyn; i++)
        if (I->p->dyns[i]->name == name)
            return true;
    return false;
}

/* The frame's value of a name (no reference taken), or NULL when it has none. */
static const Value *frame_get(Frame *f, Str name) {
    int i = name_slot(f, name, false);
    const Value *v = i < 0 ? NULL : frame_at(f, i);
    return v && v->kind != V_NONE ? v : NULL;
}

/* The value of a name: the frame's variable (*slot when known, else looked up by name), else
 * the run's dynamic dimension. */
static bool lookup(Interp *I, const Value *slot, Str name, Value *out) {
    const Value *v = slot ? (slot->kind != V_NONE ? slot : NULL) : frame_get(I->fr, name);
    if (v) {
        *out = value_retain(*v);
        return true;
    }
    Scalar *d = map_get(&I->dyn, name);
    if (d) {
        *out = value_scalar(*d);
        return true;
    }
    return false;
}

static bool eval_var(Interp *I, const Expr *e, Value *out) {
    if (lookup(I, var_value(I, e->var), e->var->name, out))
        return true;
    if (is_dyn(I, e->var->name))
        interp_error(I, e->loc, "the dynamic dimension '%s' has no value (give --set %s=VALUE)", e->var->name,
                     e->var->name);
    else
        interp_error(I, e->loc, "'%s' has no value here (it was not assigned on the path taken)", e->var->name);
    return false;
}

/* ---- expressions ---- */

static bool eval_binary(Interp *I, const Expr *e, Scalar *out);
static bool eval_unary(Interp *I, const Expr *e, Scalar *out);

/* Scalar code (literals, arithmetic, casts, scalar variables) is computed here without making
 * Values, since it is what loops spend their time in; the rest goes through interp_eval. */
static bool eval_scalar(Interp *I, const Expr *e, Scalar *out) {
    Value v;
    const Value *x;
    switch (e->kind) {
    case E_VAR:
        x = var_value(I, e->var);
        if (x->kind != V_SCALAR)
            break; /* not assigned (a dynamic dimension, or an error), or not a scalar: below */
        *out = x->s;
        return true;
    case E_INT:
        *out = scalar_int(e->type ? e->type->dtype : DT_INT64, e->i);
        return true;
    case E_FLOAT:
        *out = scalar_float(e->type ? e->type->dtype : DT_FP32, e->f);
        return true;
    case E_BOOL:
        *out = scalar_int(DT_BOOL, e->b);
        return true;
    case E_BINARY:
        return eval_binary(I, e, out);
    case E_UNARY:
        return eval_unary(I, e, out);
    case E_CAST:
        if (!eval_scalar(I, e->cast.e, out))
            return false;
        if (!dtype_runnable(e->cast.to)) {
            interp_error(I, e->loc, "%s scalars are not supported by the interpreter", dtype_info[e->cast.to].name);
            return false;
        }
        *out = scalar_convert(*out, e->cast.to);
        return true;
    case E_OP: case E_CALL: case E_TUPLE: case E_INDEX: case E_STR: case E_LIST: case E_SYM:
        break;
    }
    if (!interp_eval(I, e, &v))
        return false;
    if (v.kind != V_SCALAR) {
        interp_error(I, e->loc, "expected a scalar here, got %s", value_kind_name(v.kind));
        value_release(&v);
        return false;
    }
    *out = v.s;
    return true;
}

bool interp_eval_int(Interp *I, const Expr *e, int64_t *out) {
    Scalar s;
    if (!eval_scalar(I, e, &s))
        return false;
    if (dtype_is_float(s.dt)) {
        interp_error(I, e->loc, "expected an integer, got %s", dtype_info[s.dt].name);
        return false;
    }
    *out = s.i;
    return true;
}

static bool eval_binary(Interp *I, const Expr *e, Scalar *out) {
    Scalar a, b;
    const char *err;
    if (!eval_scalar(I, e->bin.l, &a))
        return false;
    if (e->bin.op == BIN_AND || e->bin.op == BIN_OR) { /* short-circuit, as in Python */
        bool t = scalar_truth(a);
        if (t == (e->bin.op == BIN_OR)) {
            *out = scalar_int(e->type->dtype, t);
            return true;
        }
    }
    if (!eval_scalar(I, e->bin.r, &b))
        return false;
    if (!scalar_binary(e->bin.op, a, b, e->type->dtype, out, &err)) {
        interp_error(I, e->loc, "%s in '%s'", err, binop_spell[e->bin.op]);
        return false;
    }
    return true;
}

static bool eval_unary(Interp *I, const Expr *e, Scalar *out) {
    Scalar a;
    const char *err;
    if (!eval_scalar(I, e->un.e, &a))
        return false;
    if (!scalar_unary(e->un.op, a, e->type->dtype, out, &err)) {
        interp_error(I, e->loc, "%s in '%s'", err, unop_spell[e->un.op]);
        return false;
    }
    return true;
}

static bool call_with(Interp *I, const Func *f, int nargs, Value *args, Loc at, Value *out);

static bool eval_call(Interp *I, const Expr *e, Value *out) {
    const Func *f = program_find(I->p, e->fcall.name);
    if (!f) {
        interp_error(I, e->loc, "no function '%s' in the program", e->fcall.name);
        return false;
    }
    int n = e->fcall.nargs, room = n > f->nparams ? n : f->nparams; /* call_with fills in the outputs */
    Value *args = new_values(room);
    bool ok = true;
    for (int i = 0; i < n && ok; i++)
        ok = interp_eval(I, e->fcall.args[i], &args[i]);
    ok = ok && call_with(I, f, n, args, e->loc, out);
    free_values(args, room);
    return ok;
}

static bool eval_tuple(Interp *I, const Expr *e, Value *out) {
    int n = e->list.n;
    Value *items = calloc((size_t)(n > 0 ? n : 1), sizeof(Value));
    if (!items)
        ICE("out of memory");
    for (int i = 0; i < n; i++)
        if (!interp_eval(I, e->list.items[i], &items[i])) {
            for (int j = 0; j < i; j++)
                value_release(&items[j]);
            free(items);
            return false;
        }
    *out = value_tuple(n, items);
    free(items);
    return true;
}

static bool eval_index(Interp *I, const Expr *e, Value *out) {
    Value t;
    if (!interp_eval(I, e->index.e, &t))
        return false;
    if (t.kind != V_TUPLE || e->index.index < 0 || e->index.index >= t.tup->n) {
        interp_error(I, e->loc, "cannot take item %d of %s", e->index.index, value_kind_name(t.kind));
        value_release(&t);
        return false;
    }
    *out = value_retain(t.tup->items[e->index.index]);
    value_release(&t);
    return true;
}

bool interp_eval(Interp *I, const Expr *e, Value *out) {
    Scalar s;
    *out = (Value){.kind = V_NONE};
    switch (e->kind) {
    case E_VAR:
        return eval_var(I, e, out);
    case E_INT: case E_FLOAT: case E_BOOL: case E_BINARY: case E_UNARY: case E_CAST:
        if (!eval_scalar(I, e, &s))
            return false;
        *out = value_scalar(s);
        return true;
    case E_OP:
        return interp_op(I, e, out);
    case E_CALL:
        return eval_call(I, e, out);
    case E_TUPLE:
        return eval_tuple(I, e, out);
    case E_INDEX:
        return eval_index(I, e, out);
    case E_STR:
    case E_LIST:
    case E_SYM:
        break;
    }
    interp_error(I, e->loc, "this expression is not a value");
    return false;
}

/* ---- statements ---- */

static Flow exec(Interp *I, const Stmt *s);

/* Evaluates n expressions into vals (all or nothing). */
static bool eval_all(Interp *I, int n, Expr **es, Value *vals) {
    for (int i = 0; i < n; i++)
        if (!interp_eval(I, es[i], &vals[i])) {
            for (int j = 0; j < i; j++)
                value_release(&vals[j]);
            return false;
        }
    return true;
}

static Flow exec_assign(Interp *I, const Stmt *s) {
    Value v;
    if (s->assign.n == 1 && s->assign.value->kind == E_OP)
        I->dest = s->assign.vars[0]; /* where the op's result is placed (memory placement) */
    bool ok = interp_eval(I, s->assign.value, &v);
    I->dest = NULL;
    if (!ok)
        return FLOW_ERROR;
    if (s->assign.n == 1) {
        bind_var(I, s->assign.vars[0], v);
        return FLOW_NEXT;
    }
    if (v.kind != V_TUPLE || v.tup->n != s->assign.n) {
        interp_error(I, s->assign.value->loc, "cannot unpack %s into %d names", value_kind_name(v.kind), s->assign.n);
        value_release(&v);
        return FLOW_ERROR;
    }
    for (int i = 0; i < s->assign.n; i++)
        bind_var(I, s->assign.vars[i], value_retain(v.tup->items[i]));
    value_release(&v);
    return FLOW_NEXT;
}

/* The values go into the frame's buffer, reused from yield to yield: a loop body ends with a
 * yield every iteration. */
static Flow exec_yield(Interp *I, const Stmt *s) {
    Frame *f = I->fr;
    int n = s->vals.n;
    for (int i = 0; i < f->nyv; i++)
        value_release(&f->yv[i]); /* left by a yield nobody took: the construct ended otherwise */
    f->nyv = 0;
    if (n > f->capyv) {
        free(f->yv);
        f->yv = new_values(n);
        f->capyv = n;
    }
    if (!eval_all(I, n, s->vals.vals, f->yv))
        return FLOW_ERROR;
    f->nyv = n;
    f->yielded = true;
    return FLOW_NEXT;
}

/* Whether the body that construct s ran ended with a yield of its n values. */
static bool yield_ready(Interp *I, const Stmt *s, int n) {
    Frame *f = I->fr;
    if (f->yielded && f->nyv == n)
        return true;
    interp_error(I, s->loc, "the body ended without yielding its %d value%s", n, n == 1 ? "" : "s");
    return false;
}

/* Moves the values of the yield that ended a body into cur (n of them). */
static bool take_yield(Interp *I, const Stmt *s, int n, Value *cur) {
    Frame *f = I->fr;
    if (!yield_ready(I, s, n))
        return false;
    for (int i = 0; i < n; i++) {
        value_release(&cur[i]);
        cur[i] = f->yv[i];
        f->yv[i] = (Value){.kind = V_NONE};
    }
    f->yielded = false;
    return true;
}

/* Runs a loop or if body; a yield it ends with is left in the frame for the construct. */
static Flow exec_body(Interp *I, const Stmt *body) {
    I->fr->yielded = false;
    return exec(I, body);
}

static void bind_all(Interp *I, int n, Var **vars, Value *vals) {
    for (int i = 0; i < n; i++)
        bind_var(I, vars[i], value_retain(vals[i]));
}

/* for iv in range(start, stop, step) with carried values: a break or continue keeps the values
 * the iteration started with (the yield did not run). */
/* One iteration of a loop's body: FLOW_NEXT to go on (after a continue too), FLOW_BREAK to
 * leave the loop, FLOW_RETURN or FLOW_ERROR to leave the function. The carried values `cur` take
 * the yield's. */
static Flow run_iteration(Interp *I, const Stmt *loop, const Stmt *body, int n, Value *cur) {
    Flow flow = exec_body(I, body);
    if (flow == FLOW_ERROR || flow == FLOW_RETURN || flow == FLOW_BREAK)
        return flow;
    if (flow == FLOW_NEXT && n && !take_yield(I, loop, n, cur))
        return FLOW_ERROR;
    return FLOW_NEXT;
}

static Flow exec_for(Interp *I, const Stmt *s) {
    int64_t start, stop, step;
    if (!interp_eval_int(I, s->loop.start, &start) || !interp_eval_int(I, s->loop.stop, &stop) ||
        !interp_eval_int(I, s->loop.step, &step))
        return FLOW_ERROR;
    if (step == 0) {
        interp_error(I, s->loop.step->loc, "the loop step is zero");
        return FLOW_ERROR;
    }
    int n = s->loop.n;
    Value *cur = new_values(n);
    if (!eval_all(I, n, s->loop.inits, cur)) {
        free(cur);
        return FLOW_ERROR;
    }
    Flow flow = FLOW_NEXT;
    DType ivt = s->loop.iv->type ? s->loop.iv->type->dtype : DT_INT64;
    for (int64_t i = start; step > 0 ? i < stop : i > stop;) {
        bind_var(I, s->loop.iv, value_scalar(scalar_int(ivt, i)));
        bind_all(I, n, s->loop.iters, cur);
        flow = run_iteration(I, s, s->loop.body, n, cur);
        if (flow != FLOW_NEXT) {
            if (flow == FLOW_BREAK)
                flow = FLOW_NEXT;
            break;
        }
        if (step > 0 ? i > INT64_MAX - step : i < INT64_MIN - step)
            break;
        i += step;
    }
    if (flow == FLOW_NEXT)
        bind_all(I, n, s->loop.rets, cur);
    free_values(cur, n);
    return flow;
}

static bool eval_cond(Interp *I, const Expr *e, bool *out) {
    Scalar c;
    if (!eval_scalar(I, e, &c))
        return false;
    *out = scalar_truth(c);
    return true;
}

static Flow exec_while(Interp *I, const Stmt *s) {
    int n = s->wloop.n;
    Value *cur = new_values(n);
    if (!eval_all(I, n, s->wloop.inits, cur)) {
        free(cur);
        return FLOW_ERROR;
    }
    Flow flow = FLOW_NEXT;
    for (;;) {
        bool go;
        bind_all(I, n, s->wloop.iters, cur);
        if (!eval_cond(I, s->wloop.cond, &go)) {
            flow = FLOW_ERROR;
            break;
        }
        if (!go)
            break;
        flow = run_iteration(I, s, s->wloop.body, n, cur);
        if (flow != FLOW_NEXT) {
            if (flow == FLOW_BREAK)
                flow = FLOW_NEXT;
            break;
        }
    }
    if (flow == FLOW_NEXT)
        bind_all(I, n, s->wloop.rets, cur);
    free_values(cur, n);
    return flow;
}

static Flow exec_if(Interp *I, const Stmt *s) {
    bool c;
    if (!eval_cond(I, s->ifs.cond, &c))
        return FLOW_ERROR;
    const Stmt *branch = c ? s->ifs.then : s->ifs.els;
    if (!branch)
        return FLOW_NEXT;
    Flow flow = exec_body(I, branch);
    if (flow != FLOW_NEXT || s->ifs.n == 0)
        return flow;
    if (!yield_ready(I, s, s->ifs.n))
        return FLOW_ERROR;
    Frame *f = I->fr;
    for (int i = 0; i < s->ifs.n; i++) { /* the yield's values move into the if's variables */
        bind_var(I, s->ifs.rets[i], f->yv[i]);
        f->yv[i] = (Value){.kind = V_NONE};
    }
    f->yielded = false;
    return FLOW_NEXT;
}

static Flow exec_return(Interp *I, const Stmt *s) {
    Frame *f = I->fr;
    Value *vals = new_values(s->vals.n);
    if (!eval_all(I, s->vals.n, s->vals.vals, vals)) {
        free(vals);
        return FLOW_ERROR;
    }
    free_values(f->ret, f->nret);
    f->ret = vals;
    f->nret = s->vals.n;
    f->returned = true;
    return FLOW_RETURN;
}

static Flow exec(Interp *I, const Stmt *s) {
    Value v;
    switch (s->kind) {
    case S_ASSIGN:
        return exec_assign(I, s);
    case S_EVAL:
        if (!interp_eval(I, s->eval.e, &v))
            return FLOW_ERROR;
        value_release(&v);
        return FLOW_NEXT;
    case S_SEQ:
        for (int i = 0; i < s->seq.n; i++) {
            Flow f = exec(I, s->seq.items[i]);
            if (f != FLOW_NEXT)
                return f;
        }
        return FLOW_NEXT;
    case S_FOR:
        return exec_for(I, s); /* parallel loops run sequentially */
    case S_IF:
        return exec_if(I, s);
    case S_YIELD:
        return exec_yield(I, s);
    case S_RETURN:
        return exec_return(I, s);
    case S_WHILE:
        return exec_while(I, s);
    case S_BREAK:
        return FLOW_BREAK;
    case S_CONTINUE:
        return FLOW_CONTINUE;
    case S_SCOPE:
        return exec(I, s->scope.body); /* with pl.incore(): runs inline */
    }
    return FLOW_NEXT;
}

/* ---- shapes of parameters ---- */

/* A dimension expression's value without diagnosing: false when a name has no value yet. */
static bool try_dim(Interp *I, const Expr *e, int64_t *out) {
    Value v;
    Scalar a, b, r;
    const char *err;
    int64_t x, y;
    switch (e->kind) {
    case E_INT:
        *out = e->i;
        return true;
    case E_VAR:
        if (!lookup(I, var_value(I, e->var), e->var->name, &v))
            return false;
        if (v.kind != V_SCALAR || dtype_is_float(v.s.dt)) {
            value_release(&v);
            return false;
        }
        *out = v.s.i;
        return true;
    case E_BINARY:
        if (!try_dim(I, e->bin.l, &x) || !try_dim(I, e->bin.r, &y))
            return false;
        a = scalar_int(DT_INT64, x), b = scalar_int(DT_INT64, y);
        if (!scalar_binary(e->bin.op, a, b, e->type->dtype, &r, &err) || dtype_is_float(r.dt))
            return false;
        *out = r.i;
        return true;
    case E_UNARY:
        if (!try_dim(I, e->un.e, &x) || !scalar_unary(e->un.op, scalar_int(DT_INT64, x), e->type->dtype, &r, &err))
            return false;
        *out = r.i;
        return !dtype_is_float(r.dt);
    case E_CAST:
        return try_dim(I, e->cast.e, out);
    case E_FLOAT: case E_BOOL: case E_STR: case E_OP: case E_CALL: case E_TUPLE: case E_LIST: case E_INDEX:
    case E_SYM:
        break;
    }
    return false;
}

/* "WHAT has shape [..], but the parameter is TYPE", then `more`; printed only on an error,
 * since calls check shapes every time. */
static void shape_mismatch(Interp *I, Loc at, const char *what, const Var *p, const Array *a, const char *more) {
    Buf tb = {0}, sb = {0};
    type_print(&tb, p->type);
    shape_print(&sb, a->rank, a->shape);
    interp_error(I, at, "%s has shape %s, but the parameter is %s%s", what, sb.data, tb.data, more);
    buf_free(&tb);
    buf_free(&sb);
}

/* Checks array a against parameter p's shape. A dynamic dimension the frame has not bound yet
 * is bound to a's (as the type checker binds a callee's dimensions per call); one bound
 * already must agree. what: "argument 2 of 'kernel' (x)" or "x.npy (for 'x')". */
static bool bind_shape(Interp *I, const Var *p, const Array *a, Loc at, const char *what) {
    const Type *t = p->type;
    bool ok = true;
    if (a->rank != t->rank) {
        shape_mismatch(I, at, what, p, a, "");
        ok = false;
    }
    for (int d = 0; ok && d < t->rank; d++) {
        const Expr *x = t->shape[d];
        int64_t want;
        if (x->kind == E_VAR && is_dyn(I, x->var->name) && !frame_get(I->fr, x->var->name)) {
            frame_set(I->fr, x->var->name, value_scalar(scalar_int(DT_INT64, a->shape[d])));
            continue;
        }
        if (!try_dim(I, x, &want))
            continue; /* a dimension that names nothing known: nothing to check against */
        if (want != a->shape[d]) {
            Buf xb = {0};
            if (x->kind != E_INT) { /* name the value a symbolic dimension has here */
                buf_puts(&xb, " with ");
                expr_print(&xb, x);
                buf_printf(&xb, " = %lld", (long long)want);
            }
            shape_mismatch(I, at, what, p, a, xb.data ? xb.data : "");
            buf_free(&xb);
            ok = false;
        }
    }
    return ok;
}

/* The shape of parameter p from its type, every dimension known; false after diagnosing. */
static bool param_shape(Interp *I, const Var *p, Loc at, int64_t *shape) {
    for (int d = 0; d < p->type->rank; d++)
        if (!try_dim(I, p->type->shape[d], &shape[d])) {
            const Expr *x = p->type->shape[d];
            Buf xb = {0};
            expr_print(&xb, x);
            if (x->kind == E_VAR)
                interp_error(I, at, "dimension %d of '%s' is '%s', which has no value (give --set %s=VALUE, or '%s' as an "
                             "input file)", d + 1, p->name, xb.data, xb.data, p->name);
            else
                interp_error(I, at, "dimension %d of '%s' (%s) has no value (give its names with --set NAME=VALUE)",
                             d + 1, p->name, xb.data);
            buf_free(&xb);
            return false;
        }
    return true;
}

static bool check_runnable(Interp *I, const Var *p, Loc at) {
    DType dt = p->type->dtype;
    if (dtype_runnable(dt))
        return true;
    interp_error(I, at, "'%s' has %s elements, which the interpreter does not support", p->name, dtype_info[dt].name);
    return false;
}

static ValueKind kind_of(const Type *t) {
    switch (t->kind) {
    case TY_SCALAR: return V_SCALAR;
    case TY_TENSOR: return V_TENSOR;
    case TY_TILE: return V_TILE;
    case TY_TUPLE: return V_TUPLE;
    case TY_PTR: return V_PTR;
    }
    return V_NONE;
}

/* Binds the callee's parameters in the new frame: scalars first (shapes may name them), then
 * arrays with their shapes checked, then the trailing outputs the call left out, allocated
 * uninitialised. args[i] for i >= nargs are filled in. */
static bool bind_params(Interp *I, const Func *f, int nargs, Value *args, Loc at) {
    for (int pass = 0; pass < 3; pass++)
        for (int i = 0; i < f->nparams; i++) {
            const Var *p = f->params[i];
            bool given = i < nargs;
            if (pass != (!given ? 2 : p->type->kind == TY_SCALAR ? 0 : 1))
                continue;
            /* what messages call the argument: not made for a scalar (which cannot fail here),
             * since scalar code calls functions in loops */
            Buf what = {0};
            if (given && !(args[i].kind == V_SCALAR && p->type->kind == TY_SCALAR))
                buf_printf(&what, "argument %d of '%s' (%s)", i + 1, f->name, p->name);
            bool ok = true;
            if (!given) {
                int64_t shape[MAX_RANK];
                ok = check_runnable(I, p, at) && param_shape(I, p, at, shape);
                Array *a = ok ? array_new(p->type->dtype, p->type->rank, shape, MEM_DDR) : NULL;
                if (ok && !a) {
                    interp_error(I, at, "the output '%s' of '%s' is too large", p->name, f->name);
                    ok = false;
                }
                if (ok)
                    args[i] = value_array(p->type->kind == TY_TILE ? V_TILE : V_TENSOR, a);
            } else if (args[i].kind != kind_of(p->type)) {
                interp_error(I, at, "%s is %s, but the parameter is %s", what.data, value_kind_name(args[i].kind),
                             value_kind_name(kind_of(p->type)));
                ok = false;
            } else if ((args[i].kind == V_TENSOR || args[i].kind == V_TILE) && args[i].a->dt != p->type->dtype) {
                interp_error(I, at, "%s has %s elements, but the parameter has %s", what.data,
                             dtype_info[args[i].a->dt].name, dtype_info[p->type->dtype].name);
                ok = false;
            } else if (args[i].kind == V_TENSOR || args[i].kind == V_TILE) {
                ok = bind_shape(I, p, args[i].a, at, what.data);
            }
            buf_free(&what);
            if (!ok)
                return false;
            bind_var(I, p, value_retain(args[i]));
        }
    return true;
}

/* The call's value from the frame's return values. */
static bool call_result(Interp *I, const Func *f, Loc at, Value *out) {
    Frame *fr = I->fr;
    if (f->nrets > 0 && (!fr->returned || fr->nret != f->nrets)) {
        interp_error(I, at, "'%s' ended without returning its %d value%s", f->name, f->nrets, f->nrets == 1 ? "" : "s");
        return false;
    }
    for (int i = 0; i < fr->nret && i < f->nrets; i++)
        if (fr->ret[i].kind == V_SCALAR && f->rets[i]->kind == TY_SCALAR)
            fr->ret[i].s = scalar_convert(fr->ret[i].s, f->rets[i]->dtype);
    if (f->nrets == 0) {
        *out = (Value){.kind = V_NONE};
    } else if (f->nrets == 1) {
        *out = fr->ret[0];
        fr->ret[0] = (Value){.kind = V_NONE};
    } else {
        *out = value_tuple(fr->nret, fr->ret);
        free(fr->ret);
        fr->ret = NULL;
        fr->nret = 0;
    }
    return true;
}

/* The entry's frame starts with the run's dynamic dimensions (--set, and those the inputs
 * bound); a callee's binds its own from its arguments. */
static void seed_dyns(Interp *I) {
    for (size_t i = 0; i < I->dyn.cap; i++)
        if (I->dyn.keys[i])
            frame_set(I->fr, I->dyn.keys[i], value_scalar(*(Scalar *)I->dyn.vals[i]));
}

/* The dynamic dimensions the frame bound become the run's (the fallback of every frame). */
static void publish_dyns(Interp *I) {
    for (int i = 0; i < I->p->ndyn; i++) {
        Str name = I->p->dyns[i]->name;
        const Value *s = frame_get(I->fr, name);
        if (!s || s->kind != V_SCALAR || map_get(&I->dyn, name))
            continue;
        Scalar *v = malloc(sizeof *v);
        if (!v)
            ICE("out of memory");
        *v = s->s;
        map_put(&I->dyn, name, v);
    }
}

/* Calls f; args has room for every parameter (the missing trailing ones are created here). */
static bool call_with(Interp *I, const Func *f, int nargs, Value *args, Loc at, Value *out) {
    if (I->depth >= MAX_CALL_DEPTH) {
        interp_error(I, at, "calls nested more than %d deep", MAX_CALL_DEPTH);
        return false;
    }
    Frame fr = frame_new(I, f), *caller = I->fr;
    I->fr = &fr;
    I->depth++;
    if (!caller)
        seed_dyns(I);
    bool ok = bind_params(I, f, nargs, args, at);
    sync_barrier(I->sync); /* a call starts and ends with every pipe idle */
    if (ok) {
        Flow flow = exec(I, f->body);
        ok = flow != FLOW_ERROR && call_result(I, f, at, out);
        if (flow == FLOW_ERROR && caller)
            diag(I->c->diag, DIAG_NOTE, at, "in this call of '%s'", f->name);
    }
    sync_barrier(I->sync);
    I->depth--;
    I->fr = caller;
    frame_free(&fr);
    return ok;
}

/* ---- inputs ---- */

static void inputs_push(Inputs *in, InputItem it) {
    if (in->n == in->cap) {
        in->cap = in->cap ? 2 * in->cap : 8;
        in->items = realloc(in->items, sizeof(InputItem) * (size_t)in->cap);
        if (!in->items)
            ICE("out of memory");
    }
    in->items[in->n++] = it;
}

void inputs_add_array(Inputs *in, Str name, Array *a, const char *origin) {
    inputs_push(in, (InputItem){.name = name, .origin = origin, .a = a});
}

bool inputs_add_number(Inputs *in, Str name, const char *text, const char *origin) {
    InputItem it = {.name = name, .origin = origin};
    char *end;
    if (!strcmp(text, "True") || !strcmp(text, "true") || !strcmp(text, "False") || !strcmp(text, "false")) {
        it.is_int = true;
        it.i = text[0] == 'T' || text[0] == 't';
    } else {
        const char *digits = text + (text[0] == '-' || text[0] == '+');
        bool hex = digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X');
        long long v = strtoll(text, &end, hex ? 16 : 10); /* decimal as int() reads it ("010" is ten) */
        if (end != text && *end == 0) {
            it.is_int = true;
            it.i = v;
        } else {
            it.f = strtod(text, &end);
            if (end == text || *end)
                return false;
        }
    }
    it.f = it.is_int ? (double)it.i : it.f;
    inputs_push(in, it);
    return true;
}

const InputItem *inputs_find(const Inputs *in, Str name) {
    for (int i = in ? in->n - 1 : -1; i >= 0; i--) /* the last one given wins */
        if (in->items[i].name == name)
            return &in->items[i];
    return NULL;
}

void inputs_free(Inputs *in) {
    for (int i = 0; i < in->n; i++)
        array_release(in->items[i].a);
    free(in->items);
    memset(in, 0, sizeof *in);
}

/* ---- running an entry ---- */

const Func *interp_default_entry(const Program *p) {
    const Func *orch = NULL;
    int norch = 0;
    for (int i = 0; i < p->nfuncs; i++)
        if (p->funcs[i]->kind == FN_ORCH) {
            orch = p->funcs[i];
            norch++;
        }
    if (norch == 1)
        return orch;
    return p->nfuncs ? p->funcs[p->nfuncs - 1] : NULL;
}

static const Var *find_param(const Func *f, Str name) {
    for (int i = 0; i < f->nparams; i++)
        if (f->params[i]->name == name)
            return f->params[i];
    return NULL;
}

/* Every input names a parameter of the entry or a dynamic dimension; those numbers are bound. */
static bool check_inputs(Interp *I, const Func *f) {
    bool ok = true;
    for (int i = 0; I->in && i < I->in->n; i++) {
        const InputItem *it = &I->in->items[i];
        const Var *p = find_param(f, it->name);
        if (p) {
            bool want_array = p->type->kind != TY_SCALAR;
            if (want_array != (it->a != NULL)) {
                interp_error(I, p->loc, "'%s' is %s: give it %s, not %s", p->name,
                             want_array ? "a tensor" : "a scalar", want_array ? "with --input" : "with --set",
                             it->a ? "a file" : "a number");
                ok = false;
            }
            continue;
        }
        if (is_dyn(I, it->name) && !it->a) {
            if (!it->is_int || it->i < 0) {
                interp_error(I, f->loc, "the dynamic dimension '%s' must be a non-negative integer (%s gave %g)",
                             it->name, it->origin ? it->origin : "the input", it->f);
                ok = false;
            } else if (inputs_find(I->in, it->name) == it) {
                Scalar *v = malloc(sizeof *v);
                if (!v)
                    ICE("out of memory");
                *v = scalar_int(DT_INT64, it->i);
                map_put(&I->dyn, it->name, v);
            }
            continue;
        }
        interp_error(I, f->loc, "'%s' (from %s) is neither a parameter of '%s' nor a dynamic dimension", it->name,
                     it->origin ? it->origin : "the inputs", f->name);
        ok = false;
    }
    return ok;
}

/* The value of a scalar parameter: given, or generated. */
static bool entry_scalar(Interp *I, const Var *p, Value *out, bool *generated) {
    DType dt = p->type->dtype;
    if (!check_runnable(I, p, p->loc))
        return false;
    const InputItem *it = inputs_find(I->in, p->name);
    if (!it) {
        *out = value_scalar(gen_scalar(dt, p->name, I->in ? I->in->seed : 0));
        *generated = true;
        return true;
    }
    if (!it->is_int && !dtype_is_float(dt)) {
        interp_error(I, p->loc, "'%s' is %s, but %s gave %g", p->name, dtype_info[dt].name,
                     it->origin ? it->origin : "the input", it->f);
        return false;
    }
    *out = value_scalar(it->is_int ? scalar_int(dt, it->i) : scalar_float(dt, it->f));
    return true;
}

/* A given tensor: its dtype must be the parameter's (a BF16 parameter takes UINT16 bits). */
static bool entry_array(Interp *I, const Var *p, const InputItem *it, Value *out) {
    Array *a = it->a;
    DType want = p->type->dtype;
    if (want == DT_BF16 && a->dt == DT_UINT16) { /* .npy has no bfloat16: raw bits (the input is retyped) */
        a->dt = DT_BF16;
        a->st->dt = DT_BF16;
    }
    if (!check_runnable(I, p, p->loc))
        return false;
    if (a->dt != want) {
        interp_error(I, p->loc, "%s holds %s elements, but '%s' is %s", it->origin ? it->origin : "the input",
                     dtype_info[a->dt].name, p->name, dtype_info[want].name);
        return false;
    }
    Buf what = {0};
    buf_printf(&what, "%s (for '%s')", it->origin ? it->origin : "the input", p->name);
    bool ok = bind_shape(I, p, a, p->loc, what.data);
    buf_free(&what);
    if (ok)
        *out = value_array(p->type->kind == TY_TILE ? V_TILE : V_TENSOR, array_retain(a));
    return ok;
}

/* A tensor not given: generated from the seed, or uninitialised for a pl.Out parameter. */
static bool entry_generated(Interp *I, const Func *f, int i, Value *out, bool *generated) {
    const Var *p = f->params[i];
    int64_t shape[MAX_RANK];
    if (!check_runnable(I, p, p->loc) || !param_shape(I, p, p->loc, shape))
        return false;
    Array *a = array_new(p->type->dtype, p->type->rank, shape, MEM_DDR);
    if (!a) {
        interp_error(I, p->loc, "'%s' is too large to create", p->name);
        return false;
    }
    if (f->dirs[i] != DIR_OUT) {
        gen_fill(a, p->name, I->in ? I->in->seed : 0);
        *generated = true;
    }
    *out = value_array(p->type->kind == TY_TILE ? V_TILE : V_TENSOR, a);
    return true;
}

static bool entry_params(Interp *I, const Func *f, Value *args, bool *generated) {
    /* scalars, then the tensors given (they bind dynamic dimensions), then the generated ones */
    for (int pass = 0; pass < 3; pass++)
        for (int i = 0; i < f->nparams; i++) {
            const Var *p = f->params[i];
            const InputItem *it = inputs_find(I->in, p->name);
            bool ok = true;
            if (p->type->kind == TY_SCALAR) {
                if (pass == 0)
                    ok = entry_scalar(I, p, &args[i], &generated[i]);
            } else if (p->type->kind != TY_TENSOR && p->type->kind != TY_TILE) {
                if (pass == 0) {
                    interp_error(I, p->loc, "the entry's parameter '%s' cannot be given a value", p->name);
                    ok = false;
                }
            } else if (it && pass == 1) {
                ok = entry_array(I, p, it, &args[i]);
            } else if (!it && pass == 2) {
                ok = entry_generated(I, f, i, &args[i], &generated[i]);
            }
            if (!ok)
                return false;
            if (pass == 0 && p->type->kind == TY_SCALAR)
                bind_var(I, p, value_retain(args[i])); /* so that shapes naming it can be checked */
        }
    return true;
}

static const Func *find_entry(Interp *I, const char *name) {
    if (!name)
        return interp_default_entry(I->p);
    for (int i = 0; i < I->p->nfuncs; i++)
        if (strcmp(I->p->funcs[i]->name, name) == 0)
            return I->p->funcs[i];
    Buf names = {0};
    for (int i = 0; i < I->p->nfuncs; i++)
        buf_printf(&names, "%s'%s'", i ? ", " : "", I->p->funcs[i]->name);
    interp_error(I, I->p->loc, "the program has no function '%s' (it has %s)", name, names.data ? names.data : "none");
    buf_free(&names);
    return NULL;
}

/* The entry's parameters are prepared in a frame of their own (scalars bound so that shapes can
 * name them), then passed as a call. ea (or NULL) also gets the dynamic dimensions and the
 * shapes of the returned tensors. */
static bool setup_entry(Interp *I, const Func *f, Value *args, bool *generated, InterpArgs *ea) {
    Frame setup = frame_new(I, f);
    I->fr = &setup;
    bool ok = check_inputs(I, f);
    if (ok) {
        seed_dyns(I);
        ok = entry_params(I, f, args, generated);
    }
    if (ok)
        publish_dyns(I);
    for (int i = 0; ok && ea && i < I->p->ndyn; i++) {
        Value v;
        if (!lookup(I, NULL, I->p->dyns[i]->name, &v))
            continue;
        ea->has_dyn[i] = v.kind == V_SCALAR && !dtype_is_float(v.s.dt);
        ea->dyn[i] = ea->has_dyn[i] ? v.s.i : 0;
        value_release(&v);
    }
    for (int i = 0; ok && ea && i < f->nrets; i++) {
        const Type *t = f->rets[i];
        ea->ret_known[i] = t->kind == TY_TENSOR;
        for (int d = 0; ea->ret_known[i] && d < t->rank; d++)
            ea->ret_known[i] = try_dim(I, t->shape[d], &ea->ret_shape[i][d]);
    }
    I->fr = NULL;
    frame_free(&setup);
    return ok;
}

/* What a run holds besides its values. */
static void interp_free(Interp *I) {
    for (size_t i = 0; i < I->dyn.cap; i++)
        if (I->dyn.keys[i])
            free(I->dyn.vals[i]);
    map_free(&I->dyn);
    for (size_t i = 0; i < I->slotmaps.cap; i++)
        if (I->slotmaps.keys[i]) {
            SlotMap *sm = I->slotmaps.vals[i];
            map_free(&sm->slot);
            free(sm);
        }
    map_free(&I->slotmaps);
    free(I->vslot);
    for (int i = 0; i < MEM__COUNT; i++)
        simspace_release(I->sim[i]);
    sync_free(I->sync);
}

bool interp_args(Ctx *c, const Program *p, const char *entry, const Inputs *in, InterpArgs *ea) {
    memset(ea, 0, sizeof *ea);
    Interp I = {.c = c, .p = p, .in = in};
    const Func *f = find_entry(&I, entry);
    ea->entry = f;
    if (!f)
        return false;
    ea->args = new_values(f->nparams);
    ea->generated = calloc((size_t)f->nparams + 1, sizeof(bool));
    ea->dyn = calloc((size_t)p->ndyn + 1, sizeof(int64_t));
    ea->has_dyn = calloc((size_t)p->ndyn + 1, sizeof(bool));
    ea->ret_shape = calloc((size_t)f->nrets + 1, sizeof *ea->ret_shape);
    ea->ret_known = calloc((size_t)f->nrets + 1, sizeof(bool));
    if (!ea->generated || !ea->dyn || !ea->has_dyn || !ea->ret_shape || !ea->ret_known)
        ICE("out of memory");
    bool ok = setup_entry(&I, f, ea->args, ea->generated, ea);
    interp_free(&I);
    return ok;
}

void interp_args_free(InterpArgs *ea) {
    if (ea->entry)
        free_values(ea->args, ea->entry->nparams);
    free(ea->generated);
    free(ea->dyn);
    free(ea->has_dyn);
    free(ea->ret_shape);
    free(ea->ret_known);
    memset(ea, 0, sizeof *ea);
}

InterpResult interp_run(Ctx *c, const Program *p, const char *entry, const Inputs *in) {
    InterpResult r = {0};
    Interp I = {.c = c, .p = p, .in = in, .sync = sync_new(p)};
    const Func *f = find_entry(&I, entry);
    r.entry = f;
    if (!f) {
        interp_free(&I);
        return r;
    }
    Value *args = new_values(f->nparams);
    bool *generated = calloc((size_t)f->nparams + 1, sizeof(bool));
    if (!generated)
        ICE("out of memory");
    bool ok = setup_entry(&I, f, args, generated, NULL);
    Value result = {.kind = V_NONE};
    if (ok)
        ok = call_with(&I, f, f->nparams, args, f->loc, &result);
    if (ok) {
        r.ok = true;
        r.nparams = f->nparams;
        r.params = calloc((size_t)f->nparams + 1, sizeof(Named));
        if (!r.params)
            ICE("out of memory");
        for (int i = 0; i < f->nparams; i++)
            r.params[i] = (Named){f->params[i]->name, value_retain(args[i]), generated[i]};
        if (result.kind == V_TUPLE && f->nrets > 1) {
            r.nrets = result.tup->n;
            r.rets = new_values(r.nrets);
            for (int i = 0; i < r.nrets; i++)
                r.rets[i] = value_retain(result.tup->items[i]);
        } else if (result.kind != V_NONE) {
            r.nrets = 1;
            r.rets = new_values(1);
            r.rets[0] = value_retain(result);
        }
    }
    value_release(&result);
    free_values(args, f->nparams);
    free(generated);
    interp_free(&I);
    return r;
}

void interp_result_free(InterpResult *r) {
    for (int i = 0; i < r->nparams; i++)
        value_release(&r->params[i].v);
    free(r->params);
    free_values(r->rets, r->nrets);
    memset(r, 0, sizeof *r);
}

/* ---- comparing runs ---- */

static bool close_enough(double x, double y, double rtol, double atol) {
    if (x == y || (x != x && y != y))
        return true;
    double mag = x < 0 ? -x : x, my = y < 0 ? -y : y, d = x - y;
    if (my > mag)
        mag = my;
    if (d < 0)
        d = -d;
    return d <= atol || d <= rtol * mag;
}

static bool arrays_compare(const Array *a, const Array *b, double rtol, double atol, Buf *why) {
    if (a->dt != b->dt || a->rank != b->rank || memcmp(a->shape, b->shape, sizeof(int64_t) * (size_t)a->rank)) {
        buf_puts(why, "shapes or dtypes differ");
        return false;
    }
    for (int64_t i = 0; i < a->n; i++) {
        int64_t ia = array_index(a, i), ib = array_index(b, i);
        bool inita = bit_get(a->st->init, ia), initb = bit_get(b->st->init, ib);
        double x, y;
        run_to_f64(&x, array_at(a, ia), a->dt, 1, 1);
        run_to_f64(&y, array_at(b, ib), b->dt, 1, 1);
        size_t size = dtype_size(a->dt);
        /* integers, and floats without a tolerance, compare their bits */
        bool same = (rtol == 0 && atol == 0) || !dtype_is_float(a->dt)
                        ? elem_get_raw(a->st->data, size, ia) == elem_get_raw(b->st->data, size, ib)
                        : close_enough(x, y, rtol, atol);
        if (inita != initb || (inita && !same)) {
            buf_puts(why, "element ");
            index_print(why, a, i);
            if (inita != initb)
                buf_printf(why, " is initialised in only one");
            else
                buf_printf(why, ": %.9g against %.9g", x, y);
            return false;
        }
    }
    return true;
}

/* Integers, and floats without a tolerance, compare exactly (floats by their bits). */
static bool scalars_same(Scalar a, Scalar b, double rtol, double atol) {
    if (!dtype_is_float(a.dt))
        return a.i == b.i;
    if (rtol == 0 && atol == 0)
        return memcmp(&a.f, &b.f, sizeof a.f) == 0;
    return close_enough(a.f, b.f, rtol, atol);
}

static bool values_compare(const Value *a, const Value *b, double rtol, double atol, Buf *why) {
    if (a->kind != b->kind) {
        buf_printf(why, "%s against %s", value_kind_name(a->kind), value_kind_name(b->kind));
        return false;
    }
    switch (a->kind) {
    case V_NONE: case V_PTR: return true;
    case V_SCALAR:
        if (a->s.dt == b->s.dt && scalars_same(a->s, b->s, rtol, atol))
            return true;
        buf_printf(why, "%.17g against %.17g", scalar_to_double(a->s), scalar_to_double(b->s));
        return false;
    case V_TENSOR: case V_TILE: return arrays_compare(a->a, b->a, rtol, atol, why);
    case V_TUPLE:
        if (a->tup->n != b->tup->n) {
            buf_puts(why, "tuples of different lengths");
            return false;
        }
        for (int i = 0; i < a->tup->n; i++)
            if (!values_compare(&a->tup->items[i], &b->tup->items[i], rtol, atol, why))
                return false;
        return true;
    }
    return false;
}

bool results_compare(const InterpResult *a, const InterpResult *b, double rtol, double atol, Buf *why) {
    if (a->ok != b->ok || a->nparams != b->nparams || a->nrets != b->nrets) {
        buf_puts(why, "the runs differ in success or in their number of parameters or results");
        return false;
    }
    for (int i = 0; i < a->nparams + a->nrets; i++) {
        bool param = i < a->nparams;
        const Value *va = param ? &a->params[i].v : &a->rets[i - a->nparams];
        const Value *vb = param ? &b->params[i].v : &b->rets[i - a->nparams];
        Buf what = {0};
        bool same = values_compare(va, vb, rtol, atol, &what);
        if (!same) {
            if (param)
                buf_printf(why, "output '%s': %s", a->params[i].name, what.data);
            else
                buf_printf(why, "output 'return%d': %s", i - a->nparams, what.data);
        }
        buf_free(&what);
        if (!same)
            return false;
    }
    return true;
}
