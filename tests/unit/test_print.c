/* test_print.c - the canonical printer (ir/print.c) and structural equality (ir/equal.c) on
 * IR built by hand. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"
#include "unit.h"

static Diags diags;
static Ctx ctx_;

static Ctx *new_ctx(void) {
    diags_init(&diags, stderr);
    ctx_init(&ctx_, &diags);
    return &ctx_;
}

static Ctx *C(void) { return &ctx_; }

static const Loc L = {0};

static Str S(const char *s) { return intern_cstr(C()->names, s); }

static Var *scalar_var(const char *name, DType dt) { return var_new(C(), L, S(name), ty_scalar(C(), dt)); }

static Expr *V(Var *v) { return mk_var(C(), L, v); }

static Expr *I(int64_t i) { return mk_int(C(), L, i); }

static Expr *B(BinOp op, Expr *l, Expr *r) { return mk_binary(C(), L, op, l, r); }

static Expr *U(UnOp op, Expr *e) { return mk_unary(C(), L, op, e); }

/* Prints e and returns the text (valid until the next call). */
static const char *ptext(const Expr *e) {
    static Buf b;
    b.len = 0;
    buf_puts(&b, "");
    expr_print(&b, e);
    return b.data;
}

static const char *ttext(const Type *t) {
    static Buf b;
    b.len = 0;
    buf_puts(&b, "");
    type_print(&b, t);
    return b.data;
}

static const char *ftext(double f) { return ptext(mk_float(C(), L, f)); }

static Expr **arr(int n, ...) {
    va_list ap;
    Expr **a = ARENA_ARRAY(C()->arena, Expr *, n);
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        a[i] = va_arg(ap, Expr *);
    va_end(ap);
    return a;
}

static Expr *list(ExprKind k, int n, Expr **items) { return mk_list(C(), L, k, n, items); }

/* An op call built directly (independent of the registry). */
static const OpInfo load_op = {.id = OP_TILE_LOAD, .name = "tile.load"};

void test_print_floats(void) {
    new_ctx();
    CHECK_EQ_STR(ftext(0.1), "0.1");
    CHECK_EQ_STR(ftext(1.0), "1.0");
    CHECK_EQ_STR(ftext(1e-05), "1e-05");
    CHECK_EQ_STR(ftext(3.4028234663852886e+38), "3.4028234663852886e+38");
    CHECK_EQ_STR(ftext(100.0), "100.0");
    CHECK_EQ_STR(ftext(0.0), "0.0");
    CHECK_EQ_STR(ftext(-0.0), "-0.0");
    CHECK_EQ_STR(ftext(-2.5), "-2.5");
    CHECK_EQ_STR(ftext(0.0001), "0.0001");
    CHECK_EQ_STR(ftext(1.5e-07), "1.5e-07");
    CHECK_EQ_STR(ftext(1e16), "1e+16");
    CHECK_EQ_STR(ftext(123456789012345.0), "123456789012345.0");
    CHECK_EQ_STR(ftext(1234567890123456.0), "1234567890123456.0");
    CHECK_EQ_STR(ftext(2.0 / 3.0), "0.6666666666666666");
    CHECK_EQ_STR(ftext(5e-324), "5e-324");
    CHECK_EQ_STR(ftext(1e300), "1e+300");
    CHECK_EQ_STR(ftext(0.3), "0.3");
    CHECK_EQ_STR(ftext(HUGE_VAL), "float(\"inf\")");
    CHECK_EQ_STR(ftext(-HUGE_VAL), "float(\"-inf\")");
    CHECK_EQ_STR(ftext(NAN), "float(\"nan\")");
    /* every spelling reads back to the same double */
    double samples[] = {0.1, 1.0 / 3.0, 6.02214076e23, 1.7976931348623157e308, 2.2250738585072014e-308, 1e22, 9.5};
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++)
        CHECK(strtod(ftext(samples[i]), NULL) == samples[i]);
    Expr *h = mk_float(C(), L, 0.5);
    h->type = ty_scalar(C(), DT_FP16);
    CHECK_EQ_STR(ptext(h), "pl.cast(0.5, pl.FP16)");
    ctx_free(C());
}

void test_print_constants(void) {
    new_ctx();
    CHECK_EQ_STR(ptext(I(5)), "5");
    CHECK_EQ_STR(ptext(I(-5)), "-5");
    CHECK_EQ_STR(ptext(I(INT64_MAX)), "9223372036854775807");
    CHECK_EQ_STR(ptext(I(INT64_MIN)), "(-9223372036854775807 - 1)");
    CHECK_EQ_STR(ptext(mk_cast(C(), L, I(5), DT_INT32)), "pl.cast(5, pl.INT32)");
    CHECK_EQ_STR(ptext(mk_bool(C(), L, true)), "True");
    CHECK_EQ_STR(ptext(mk_bool(C(), L, false)), "False");
    CHECK_EQ_STR(ptext(mk_str(C(), L, S("a\"b\\c\nd"))), "\"a\\\"b\\\\c\\nd\"");
    CHECK_EQ_STR(ptext(mk_sym(C(), L, SYM_DTYPE, DT_FP32)), "pl.FP32");
    CHECK_EQ_STR(ptext(mk_sym(C(), L, SYM_MEM, MEM_Vec)), "pl.Mem.Vec");
    CHECK_EQ_STR(ptext(mk_sym(C(), L, SYM_PIPE, PIPE_MTE2)), "pl.Pipe.MTE2");
    CHECK_EQ_STR(ptext(mk_sym(C(), L, SYM_LAYOUT, LAYOUT_NZ)), "pl.NZ");
    ctx_free(C());
}

void test_print_precedence(void) {
    new_ctx();
    Expr *a = V(scalar_var("a", DT_INT64)), *b = V(scalar_var("b", DT_INT64));
    Expr *c = V(scalar_var("c", DT_INT64)), *d = V(scalar_var("d", DT_INT64));
    Expr *p = V(scalar_var("p", DT_BOOL)), *q = V(scalar_var("q", DT_BOOL)), *r = V(scalar_var("r", DT_BOOL));
    CHECK_EQ_STR(ptext(B(BIN_MUL, B(BIN_ADD, a, b), c)), "(a + b) * c");
    CHECK_EQ_STR(ptext(B(BIN_ADD, a, B(BIN_MUL, b, c))), "a + b * c");
    CHECK_EQ_STR(ptext(B(BIN_SUB, a, B(BIN_SUB, b, c))), "a - (b - c)");
    CHECK_EQ_STR(ptext(B(BIN_SUB, B(BIN_SUB, a, b), c)), "a - b - c");
    CHECK_EQ_STR(ptext(B(BIN_POW, a, B(BIN_POW, b, c))), "a ** b ** c");
    CHECK_EQ_STR(ptext(B(BIN_POW, B(BIN_POW, a, b), c)), "(a ** b) ** c");
    CHECK_EQ_STR(ptext(U(UN_NEG, B(BIN_ADD, a, b))), "-(a + b)");
    CHECK_EQ_STR(ptext(U(UN_NEG, B(BIN_POW, a, b))), "-a ** b");
    CHECK_EQ_STR(ptext(B(BIN_POW, U(UN_NEG, a), b)), "(-a) ** b");
    CHECK_EQ_STR(ptext(B(BIN_POW, a, U(UN_NEG, b))), "a ** (-b)");
    CHECK_EQ_STR(ptext(B(BIN_POW, I(-2), a)), "(-2) ** a");
    CHECK_EQ_STR(ptext(U(UN_NEG, U(UN_NEG, a))), "-(-a)");
    CHECK_EQ_STR(ptext(U(UN_BITNOT, a)), "~a");
    CHECK_EQ_STR(ptext(B(BIN_SUB, a, I(-5))), "a - -5");
    CHECK_EQ_STR(ptext(B(BIN_MUL, a, I(-5))), "a * -5");
    CHECK_EQ_STR(ptext(B(BIN_MOD, B(BIN_MUL, a, b), c)), "a * b % c");
    CHECK_EQ_STR(ptext(B(BIN_FLOORDIV, a, B(BIN_MUL, b, c))), "a // (b * c)");
    CHECK_EQ_STR(ptext(B(BIN_BITOR, B(BIN_BITAND, a, b), c)), "a & b | c");
    CHECK_EQ_STR(ptext(B(BIN_BITAND, a, B(BIN_BITOR, b, c))), "a & (b | c)");
    CHECK_EQ_STR(ptext(B(BIN_BITXOR, a, B(BIN_BITAND, b, c))), "a ^ b & c");
    CHECK_EQ_STR(ptext(B(BIN_SHL, a, B(BIN_ADD, b, I(1)))), "a << b + 1");
    CHECK_EQ_STR(ptext(B(BIN_ADD, B(BIN_SHL, a, I(1)), b)), "(a << 1) + b");
    CHECK_EQ_STR(ptext(B(BIN_LT, B(BIN_ADD, a, b), c)), "a + b < c");
    CHECK_EQ_STR(ptext(B(BIN_EQ, B(BIN_LT, a, b), B(BIN_LT, c, d))), "(a < b) == (c < d)");
    CHECK_EQ_STR(ptext(B(BIN_LT, B(BIN_BITOR, a, b), c)), "a | b < c");
    CHECK_EQ_STR(ptext(U(UN_NOT, B(BIN_LT, a, b))), "not a < b");
    CHECK_EQ_STR(ptext(B(BIN_EQ, U(UN_NOT, p), q)), "(not p) == q");
    CHECK_EQ_STR(ptext(U(UN_NOT, B(BIN_AND, p, q))), "not (p and q)");
    CHECK_EQ_STR(ptext(B(BIN_OR, B(BIN_AND, p, q), r)), "p and q or r");
    CHECK_EQ_STR(ptext(B(BIN_AND, p, B(BIN_OR, q, r))), "p and (q or r)");
    CHECK_EQ_STR(ptext(B(BIN_AND, p, U(UN_NOT, q))), "p and not q");
    CHECK_EQ_STR(ptext(B(BIN_AND, B(BIN_LT, a, b), p)), "a < b and p");
    CHECK_EQ_STR(ptext(B(BIN_MIN, B(BIN_ADD, a, b), c)), "min(a + b, c)");
    CHECK_EQ_STR(ptext(B(BIN_MUL, B(BIN_MAX, a, b), c)), "max(a, b) * c");
    CHECK_EQ_STR(ptext(U(UN_ABS, U(UN_NEG, a))), "abs(-a)");
    CHECK_EQ_STR(ptext(B(BIN_MUL, mk_cast(C(), L, B(BIN_ADD, a, b), DT_INT32), I(2))),
                 "pl.cast(a + b, pl.INT32) * 2");
    CHECK_EQ_STR(ptext(B(BIN_DIV, a, b)), "a / b");
    ctx_free(C());
}

void test_print_compound_exprs(void) {
    new_ctx();
    Var *tv = var_new(C(), L, S("t"), ty_tensor(C(), 2, arr(2, I(16), I(16)), DT_FP32));
    Expr *t = V(tv);
    CHECK_EQ_STR(ptext(list(E_LIST, 2, arr(2, I(0), I(16)))), "[0, 16]");
    CHECK_EQ_STR(ptext(list(E_LIST, 0, NULL)), "[]");
    CHECK_EQ_STR(ptext(list(E_TUPLE, 2, arr(2, I(1), I(2)))), "(1, 2)");
    CHECK_EQ_STR(ptext(list(E_TUPLE, 1, arr(1, I(1)))), "(1,)");
    Kwarg kw = {S("target_memory"), mk_sym(C(), L, SYM_MEM, MEM_Vec), L};
    Expr *op = ARENA_NEW(C()->arena, Expr);
    op->kind = E_OP;
    op->call.op = &load_op;
    op->call.nargs = 3;
    op->call.args = arr(3, t, list(E_LIST, 2, arr(2, I(0), I(0))), list(E_LIST, 2, arr(2, I(16), I(16))));
    op->call.nkw = 1;
    op->call.kw = &kw;
    CHECK_EQ_STR(ptext(op), "pl.tile.load(t, [0, 0], [16, 16], target_memory=pl.Mem.Vec)");
    op->call.nargs = 0;
    CHECK_EQ_STR(ptext(op), "pl.tile.load(target_memory=pl.Mem.Vec)");
    Expr *call = ARENA_NEW(C()->arena, Expr);
    call->kind = E_CALL;
    call->fcall.name = S("kernel");
    call->fcall.nargs = 2;
    call->fcall.args = arr(2, t, I(3));
    CHECK_EQ_STR(ptext(call), "self.kernel(t, 3)");
    Expr *ix = ARENA_NEW(C()->arena, Expr);
    ix->kind = E_INDEX;
    ix->index.e = call;
    ix->index.index = 1;
    CHECK_EQ_STR(ptext(ix), "self.kernel(t, 3)[1]");
    /* never crashes on a hole in the IR */
    CHECK_EQ_STR(ptext(NULL), "<null>");
    ctx_free(C());
}

void test_print_types(void) {
    new_ctx();
    Var *n = scalar_var("n", DT_INT64);
    CHECK_EQ_STR(ttext(ty_scalar(C(), DT_INT64)), "pl.Scalar[pl.INT64]");
    CHECK_EQ_STR(ttext(ty_ptr(C())), "pl.Ptr");
    Type *t = ty_tensor(C(), 2, arr(2, V(n), B(BIN_MUL, V(n), I(2))), DT_FP16);
    CHECK_EQ_STR(ttext(t), "pl.Tensor[[n, n * 2], pl.FP16]");
    t->layout = LAYOUT_DN;
    CHECK_EQ_STR(ttext(t), "pl.Tensor[[n, n * 2], pl.FP16, pl.DN]");
    MemRef ddr = {mk_str(C(), L, S("mem_ddr_0")), I(0), I(16384)};
    t->memref = &ddr;
    CHECK_EQ_STR(ttext(t), "pl.Tensor[[n, n * 2], pl.FP16, pl.MemRef(\"mem_ddr_0\", 0, 16384), pl.DN]");
    Type *tile = ty_tile(C(), 2, arr(2, I(16), I(16)), DT_FP32);
    CHECK_EQ_STR(ttext(tile), "pl.Tile[[16, 16], pl.FP32]");
    tile->has_space = true;
    tile->space = MEM_Vec;
    CHECK_EQ_STR(ttext(tile), "pl.Tile[[16, 16], pl.FP32, pl.Mem.Vec]");
    Var *ptr = var_new(C(), L, S("mem_vec_2"), ty_ptr(C()));
    MemRef vec = {V(ptr), I(0), I(1024)};
    tile->memref = &vec;
    tile->valid = arr(2, I(16), I(1));
    CHECK_EQ_STR(ttext(tile),
                 "pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_2, 0, 1024), pl.Mem.Vec, pl.TileView(valid_shape=[16, 1])]");
    Type *tup = ty_tuple(C(), 2, (Type *[]){ty_scalar(C(), DT_BOOL), ty_ptr(C())});
    CHECK_EQ_STR(ttext(tup), "tuple[pl.Scalar[pl.BOOL], pl.Ptr]");
    CHECK_EQ_STR(ttext(NULL), "<null>");
    ctx_free(C());
}

/* ---- a whole program, built with chosen names and one chosen constant ---- */

typedef struct {
    const char *a, *out, *acc, *i, *k;  /* variable names */
    int64_t limit;                      /* the while loop's bound */
    bool nested_seq;                    /* wrap the kernel's last statements in a nested S_SEQ */
} Shape;

static Stmt *seq(int n, ...) {
    va_list ap;
    Stmt **items = ARENA_ARRAY(C()->arena, Stmt *, n);
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        items[i] = va_arg(ap, Stmt *);
    va_end(ap);
    return mk_seq(C(), L, n, items);
}

static Var **vars1(Var *v) {
    Var **a = ARENA_ARRAY(C()->arena, Var *, 1);
    a[0] = v;
    return a;
}

static Stmt *assign(Var *v, Expr *e) {
    Stmt *s = stmt_new(C(), S_ASSIGN, L);
    s->assign.n = 1;
    s->assign.vars = vars1(v);
    s->assign.value = e;
    return s;
}

static Stmt *yield1(Expr *e) {
    Stmt *s = stmt_new(C(), S_YIELD, L);
    s->vals.n = 1;
    s->vals.vals = arr(1, e);
    return s;
}

static Program *build(const Shape *sh) {
    Type *i64 = ty_scalar(C(), DT_INT64);
    Var *N = var_new(C(), L, S("N"), i64);
    Type *tt = ty_tensor(C(), 2, arr(2, V(N), I(16)), DT_FP32);
    Var *a = var_new(C(), L, S(sh->a), tt), *out = var_new(C(), L, S(sh->out), tt);
    Var *n = var_new(C(), L, S("n"), i64);

    /* tile = pl.tile.load(a, [0, 0], [16, 16]) */
    Type *tile_t = ty_tile(C(), 2, arr(2, I(16), I(16)), DT_FP32);
    Var *tile = var_new(C(), L, S("tile"), tile_t);
    Expr *load = ARENA_NEW(C()->arena, Expr);
    load->kind = E_OP;
    load->type = tile_t;
    load->call.op = &load_op;
    load->call.nargs = 3;
    load->call.args = arr(3, V(a), list(E_LIST, 2, arr(2, I(0), I(0))), list(E_LIST, 2, arr(2, I(16), I(16))));
    Kwarg *kw = ARENA_NEW(C()->arena, Kwarg);
    kw->name = S("target_memory");
    kw->value = mk_sym(C(), L, SYM_MEM, MEM_Vec);
    load->call.nkw = 1;
    load->call.kw = kw;

    /* for i, (acc,) in pl.range(0, n, 1, init_values=(0,)): s = acc + i; acc2 = yield(s) */
    Var *i = var_new(C(), L, S(sh->i), i64), *acc = var_new(C(), L, S(sh->acc), i64);
    Var *acc2 = var_new(C(), L, S("acc2"), i64), *s = var_new(C(), L, S("s"), i64);
    Stmt *loop = stmt_new(C(), S_FOR, L);
    loop->loop.iv = i;
    loop->loop.start = I(0);
    loop->loop.stop = V(n);
    loop->loop.step = I(1);
    loop->loop.n = 1;
    loop->loop.iters = vars1(acc);
    loop->loop.inits = arr(1, I(0));
    loop->loop.rets = vars1(acc2);
    loop->loop.body = seq(2, assign(s, B(BIN_ADD, V(acc), V(i))), yield1(V(s)));

    /* if acc2 > 3: r = yield(acc2) else: r = yield(0) */
    Var *r = var_new(C(), L, S("r"), i64);
    Stmt *ifs = stmt_new(C(), S_IF, L);
    ifs->ifs.cond = B(BIN_GT, V(acc2), I(3));
    ifs->ifs.then = seq(1, yield1(V(acc2)));
    ifs->ifs.els = seq(1, yield1(I(0)));
    ifs->ifs.n = 1;
    ifs->ifs.rets = vars1(r);

    /* for (k,) in pl.while_(init_values=(r,)): pl.cond(k < limit); k2 = yield(k + 1) */
    Var *k = var_new(C(), L, S(sh->k), i64), *k2 = var_new(C(), L, S("k2"), i64);
    Stmt *wl = stmt_new(C(), S_WHILE, L);
    wl->wloop.n = 1;
    wl->wloop.iters = vars1(k);
    wl->wloop.inits = arr(1, V(r));
    wl->wloop.rets = vars1(k2);
    wl->wloop.cond = B(BIN_LT, V(k), I(sh->limit));
    wl->wloop.body = seq(1, yield1(B(BIN_ADD, V(k), I(1))));

    /* while n > k2: if n == 1: break (no else); continue */
    Stmt *inner_if = stmt_new(C(), S_IF, L);
    inner_if->ifs.cond = B(BIN_EQ, V(n), I(1));
    inner_if->ifs.then = seq(1, stmt_new(C(), S_BREAK, L));
    inner_if->ifs.els = seq(0);
    Stmt *pw = stmt_new(C(), S_WHILE, L);
    pw->wloop.cond = B(BIN_GT, V(n), V(k2));
    pw->wloop.body = seq(2, inner_if, stmt_new(C(), S_CONTINUE, L));

    Stmt *scope = stmt_new(C(), S_SCOPE, L);
    scope->scope.body = seq(0);
    Stmt *ret = stmt_new(C(), S_RETURN, L);
    ret->vals.n = 1;
    ret->vals.vals = arr(1, V(out));

    Func *kern = ARENA_NEW(C()->arena, Func);
    kern->name = S("kernel");
    kern->kind = FN_INCORE;
    kern->nparams = 3;
    kern->params = ARENA_ARRAY(C()->arena, Var *, 3);
    kern->params[0] = a, kern->params[1] = out, kern->params[2] = n;
    kern->dirs = ARENA_ARRAY(C()->arena, ParamDir, 3);
    kern->dirs[1] = DIR_OUT;
    kern->nrets = 1;
    kern->rets = ARENA_ARRAY(C()->arena, Type *, 1);
    kern->rets[0] = tt;
    if (sh->nested_seq)
        kern->body = seq(5, assign(tile, load), loop, ifs, seq(2, wl, seq(1, pw)), seq(2, scope, ret));
    else
        kern->body = seq(7, assign(tile, load), loop, ifs, wl, pw, scope, ret);

    /* def orch(self, x, y: InOut) -> tuple[T, T]: u, w = self.kernel(x, y, 4); return u, w */
    Var *x = var_new(C(), L, S("x"), tt), *y = var_new(C(), L, S("y"), tt);
    Var *u = var_new(C(), L, S("u"), tt), *w = var_new(C(), L, S("w"), tt);
    Expr *call = ARENA_NEW(C()->arena, Expr);
    call->kind = E_CALL;
    call->type = ty_tuple(C(), 2, (Type *[]){tt, tt});
    call->fcall.name = S("kernel");
    call->fcall.nargs = 3;
    call->fcall.args = arr(3, V(x), V(y), I(4));
    Stmt *unpack = stmt_new(C(), S_ASSIGN, L);
    unpack->assign.n = 2;
    unpack->assign.vars = ARENA_ARRAY(C()->arena, Var *, 2);
    unpack->assign.vars[0] = u, unpack->assign.vars[1] = w;
    unpack->assign.value = call;
    Stmt *ret2 = stmt_new(C(), S_RETURN, L);
    ret2->vals.n = 2;
    ret2->vals.vals = arr(2, V(u), V(w));
    Func *orch = ARENA_NEW(C()->arena, Func);
    orch->name = S("orch");
    orch->kind = FN_ORCH;
    orch->nparams = 2;
    orch->params = ARENA_ARRAY(C()->arena, Var *, 2);
    orch->params[0] = x, orch->params[1] = y;
    orch->dirs = ARENA_ARRAY(C()->arena, ParamDir, 2);
    orch->dirs[1] = DIR_INOUT;
    orch->nrets = 2;
    orch->rets = ARENA_ARRAY(C()->arena, Type *, 2);
    orch->rets[0] = tt, orch->rets[1] = tt;
    orch->body = seq(2, unpack, ret2);

    Func *empty = ARENA_NEW(C()->arena, Func);
    empty->name = S("nothing");
    empty->kind = FN_OPAQUE;
    empty->body = seq(0);

    Program *p = ARENA_NEW(C()->arena, Program);
    p->name = S("Demo");
    p->ndyn = 1;
    p->dyns = vars1(N);
    p->nfuncs = 3;
    p->funcs = ARENA_ARRAY(C()->arena, Func *, 3);
    p->funcs[0] = kern, p->funcs[1] = orch, p->funcs[2] = empty;
    return p;
}

static const Shape base_shape = {"a", "out", "acc", "i", "k", 10, false};

static const char *const expected_program =
    "# pypto.program: Demo\n"
    "import pypto.language as pl\n"
    "\n"
    "N = pl.dynamic(\"N\")\n"
    "\n"
    "@pl.program\n"
    "class Demo:\n"
    "    @pl.function(type=pl.FunctionType.InCore)\n"
    "    def kernel(self, a: pl.Tensor[[N, 16], pl.FP32], out: pl.Out[pl.Tensor[[N, 16], pl.FP32]], "
    "n: pl.Scalar[pl.INT64]) -> pl.Tensor[[N, 16], pl.FP32]:\n"
    "        tile: pl.Tile[[16, 16], pl.FP32] = pl.tile.load(a, [0, 0], [16, 16], target_memory=pl.Mem.Vec)\n"
    "        for i, (acc,) in pl.range(0, n, 1, init_values=(0,)):\n"
    "            s: pl.Scalar[pl.INT64] = acc + i\n"
    "            acc2: pl.Scalar[pl.INT64] = pl.yield_(s)\n"
    "        if acc2 > 3:\n"
    "            r: pl.Scalar[pl.INT64] = pl.yield_(acc2)\n"
    "        else:\n"
    "            r: pl.Scalar[pl.INT64] = pl.yield_(0)\n"
    "        for (k,) in pl.while_(init_values=(r,)):\n"
    "            pl.cond(k < 10)\n"
    "            k2: pl.Scalar[pl.INT64] = pl.yield_(k + 1)\n"
    "        while n > k2:\n"
    "            if n == 1:\n"
    "                break\n"
    "            continue\n"
    "        with pl.incore():\n"
    "            pass\n"
    "        return out\n"
    "\n"
    "    @pl.function(type=pl.FunctionType.Orchestration)\n"
    "    def orch(self, x: pl.Tensor[[N, 16], pl.FP32], y: pl.InOut[pl.Tensor[[N, 16], pl.FP32]]) -> "
    "tuple[pl.Tensor[[N, 16], pl.FP32], pl.Tensor[[N, 16], pl.FP32]]:\n"
    "        u, w = self.kernel(x, y, 4)\n"
    "        return u, w\n"
    "\n"
    "    @pl.function\n"
    "    def nothing(self):\n"
    "        pass\n";

void test_print_program(void) {
    new_ctx();
    Program *p = build(&base_shape);
    Buf b = {0};
    print_program(&b, p);
    CHECK_EQ_STR(b.data, expected_program);
    /* nested blocks print flat */
    Shape nested = base_shape;
    nested.nested_seq = true;
    Buf b2 = {0};
    print_program(&b2, build(&nested));
    CHECK_EQ_STR(b2.data, expected_program);
    /* strict_ssa, no dynamic dims, no functions */
    Program empty = {.name = S("E"), .strict_ssa = true};
    Buf b3 = {0};
    print_program(&b3, &empty);
    CHECK_EQ_STR(b3.data, "# pypto.program: E\nimport pypto.language as pl\n\n@pl.program(strict_ssa=True)\nclass E:\n    pass\n");
    buf_free(&b);
    buf_free(&b2);
    buf_free(&b3);
    ctx_free(C());
}

void test_print_yield_forms(void) {
    new_ctx();
    Type *i64 = ty_scalar(C(), DT_INT64);
    Var *x = var_new(C(), L, S("x"), i64), *y = var_new(C(), L, S("y"), i64);
    Var *r1 = var_new(C(), L, S("r1"), i64), *r2 = var_new(C(), L, S("r2"), i64);
    Var *i = var_new(C(), L, S("i"), i64);
    Stmt *y2 = stmt_new(C(), S_YIELD, L);
    y2->vals.n = 2;
    y2->vals.vals = arr(2, V(x), V(y));
    /* an if without return values inside a loop with two: the if's yield has no targets */
    Stmt *inner = stmt_new(C(), S_IF, L);
    inner->ifs.cond = B(BIN_LT, V(i), I(2));
    inner->ifs.then = seq(1, yield1(V(i)));
    Stmt *loop = stmt_new(C(), S_FOR, L);
    loop->loop.iv = i;
    loop->loop.start = I(0);
    loop->loop.stop = I(8);
    loop->loop.step = I(2);
    loop->loop.parallel = true;
    loop->loop.n = 2;
    loop->loop.iters = ARENA_ARRAY(C()->arena, Var *, 2);
    loop->loop.iters[0] = x, loop->loop.iters[1] = y;
    loop->loop.inits = arr(2, I(0), I(1));
    loop->loop.rets = ARENA_ARRAY(C()->arena, Var *, 2);
    loop->loop.rets[0] = r1, loop->loop.rets[1] = r2;
    loop->loop.body = seq(2, inner, y2);
    Func *f = ARENA_NEW(C()->arena, Func);
    f->name = S("f");
    f->body = seq(1, loop);
    Program p = {.name = S("Y"), .nfuncs = 1, .funcs = &f};
    Buf b = {0};
    print_program(&b, &p);
    CHECK_EQ_STR(b.data,
                 "# pypto.program: Y\nimport pypto.language as pl\n\n@pl.program\nclass Y:\n"
                 "    @pl.function\n"
                 "    def f(self):\n"
                 "        for i, (x, y) in pl.parallel(0, 8, 2, init_values=(0, 1)):\n"
                 "            if i < 2:\n"
                 "                pl.yield_(i)\n"
                 "            r1, r2 = pl.yield_(x, y)\n");
    buf_free(&b);
    ctx_free(C());
}

void test_print_equal_and_hash(void) {
    new_ctx();
    Program *p = build(&base_shape);
    Program *same = build(&base_shape);
    Shape renamed_shape = {"src", "dst", "sum", "j", "m", 10, false};
    Program *renamed = build(&renamed_shape);
    Shape other_shape = base_shape;
    other_shape.limit = 11;
    Program *other = build(&other_shape);
    Shape nested_shape = base_shape;
    nested_shape.nested_seq = true;
    Program *nested = build(&nested_shape);

    CHECK(program_equal(p, p, true));
    CHECK(program_equal(p, same, true));
    CHECK(program_equal(p, same, false));
    CHECK_EQ_INT(program_hash(p, true), program_hash(same, true));
    CHECK(program_equal(p, renamed, false));
    CHECK(!program_equal(p, renamed, true));
    CHECK(program_hash(p, false) == program_hash(renamed, false));
    CHECK(program_hash(p, true) != program_hash(renamed, true));
    CHECK(!program_equal(p, other, false));
    CHECK(!program_equal(p, other, true));
    CHECK(program_hash(p, false) != program_hash(other, false));
    CHECK(program_equal(p, nested, true));
    CHECK(program_hash(p, true) == program_hash(nested, true));

    /* a program from another context (other interner, other Var ids) */
    Ctx *first = C();
    Ctx saved = *first;
    new_ctx();
    Program *q = build(&renamed_shape);
    CHECK(program_equal(p, q, false));
    CHECK(!program_equal(p, q, true));
    CHECK(program_hash(p, false) == program_hash(q, false));
    ctx_free(C());
    ctx_ = saved;
    ctx_free(C());
}

/* x = 1; y = 2; return x   vs   x = 1; y = 2; return y: the bijection must tell them apart. */
static Program *two_assigns(const char *n1, const char *n2, int ret_second, int64_t c1) {
    Type *i64 = ty_scalar(C(), DT_INT64);
    Var *x = var_new(C(), L, S(n1), i64), *y = var_new(C(), L, S(n2), i64);
    Stmt *ret = stmt_new(C(), S_RETURN, L);
    ret->vals.n = 1;
    ret->vals.vals = arr(1, V(ret_second ? y : x));
    Func *f = ARENA_NEW(C()->arena, Func);
    f->name = S("f");
    f->nrets = 1;
    f->rets = ARENA_ARRAY(C()->arena, Type *, 1);
    f->rets[0] = i64;
    f->body = seq(3, assign(x, I(c1)), assign(y, I(2)), ret);
    Program *p = ARENA_NEW(C()->arena, Program);
    p->name = S("P");
    p->nfuncs = 1;
    p->funcs = ARENA_ARRAY(C()->arena, Func *, 1);
    p->funcs[0] = f;
    return p;
}

void test_print_equal_bijection(void) {
    new_ctx();
    Program *a = two_assigns("x", "y", 0, 1);
    CHECK(program_equal(a, two_assigns("y", "x", 0, 1), false));
    CHECK(!program_equal(a, two_assigns("y", "x", 0, 1), true));
    CHECK(!program_equal(a, two_assigns("x", "y", 1, 1), false));
    CHECK(program_hash(a, false) != program_hash(two_assigns("x", "y", 1, 1), false));
    CHECK(!program_equal(a, two_assigns("x", "y", 0, 7), false));
    /* same names for two variables do not make them one */
    CHECK(!program_equal(two_assigns("x", "x", 0, 1), two_assigns("x", "x", 1, 1), true));
    /* a constant's type counts (it prints as a cast) */
    Program *c = two_assigns("x", "y", 0, 1);
    Expr *one = c->funcs[0]->body->seq.items[0]->assign.value;
    one->type = ty_scalar(C(), DT_INT32);
    CHECK(!program_equal(a, c, false));
    ctx_free(C());
}
