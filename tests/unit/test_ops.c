/* test_ops.c - the op registry: lookup, unified dispatch, schema checking, result types.
 * Each test builds expressions by hand, calls op_call/op_unified, and checks the result type or
 * the diagnostic text (diagnostics go to a temporary file that the test reads back). */
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"
#include "unit.h"

typedef struct {
    Diags d;
    FILE *out;
    Ctx c;
    char text[1 << 16]; /* the diagnostics so far, after diags_text() */
} T;

static void setup(T *t) {
    t->out = tmpfile();
    diags_init(&t->d, t->out ? t->out : stderr);
    t->d.color = false;
    t->d.max_errors = 0;
    ctx_init(&t->c, &t->d);
    t->text[0] = 0;
}

static void teardown(T *t) {
    ctx_free(&t->c);
    if (t->out)
        fclose(t->out);
}

static const char *diags_text(T *t) {
    if (!t->out)
        return "";
    fflush(t->out);
    long n = ftell(t->out);
    rewind(t->out);
    size_t got = fread(t->text, 1, n > 0 && (size_t)n < sizeof t->text ? (size_t)n : sizeof t->text - 1, t->out);
    t->text[got] = 0;
    fseek(t->out, 0, SEEK_END);
    return t->text;
}

static bool diag_has(T *t, const char *s) { return strstr(diags_text(t), s) != NULL; }

static const Loc L = {0};

static Expr *num(T *t, int64_t v) { return mk_int(&t->c, L, v); }

/* A list of up to 4 integer constants; a value < 0 ends it. */
static Expr *ints(T *t, int64_t a, int64_t b, int64_t c, int64_t d) {
    int64_t v[4] = {a, b, c, d};
    Expr *items[4];
    int n = 0;
    while (n < 4 && v[n] >= 0) {
        items[n] = num(t, v[n]);
        n++;
    }
    return mk_list(&t->c, L, E_LIST, n, items);
}

static Expr **dims(T *t, int64_t a, int64_t b) {
    Expr **s = ARENA_ARRAY(t->c.arena, Expr *, 2);
    s[0] = num(t, a);
    s[1] = num(t, b);
    return s;
}

static Expr *var(T *t, const char *name, Type *ty) {
    return mk_var(&t->c, L, var_new(&t->c, L, intern_cstr(t->c.names, name), ty));
}

/* A variable holding a 2-D tile / tensor; b < 0 makes it 1-D. */
static Expr *tile(T *t, int64_t a, int64_t b, DType dt) {
    return var(t, "t", ty_tile(&t->c, b < 0 ? 1 : 2, dims(t, a, b), dt));
}

static Expr *tensor(T *t, int64_t a, int64_t b, DType dt) {
    return var(t, "x", ty_tensor(&t->c, b < 0 ? 1 : 2, dims(t, a, b), dt));
}

static Expr *call(T *t, const char *op, int nargs, Expr **args, int nkw, Kwarg *kw) {
    const OpInfo *info = op_lookup(op);
    CHECK(info != NULL);
    return info ? op_call(&t->c, L, info, nargs, args, nkw, kw) : NULL;
}

static Expr *call2(T *t, const char *op, Expr *a, Expr *b) {
    Expr *args[2] = {a, b};
    return call(t, op, 2, args, 0, NULL);
}

static Kwarg kwarg(T *t, const char *name, Expr *v) { return (Kwarg){intern_cstr(t->c.names, name), v, L}; }

static bool dim_is(const Type *ty, int i, int64_t v) {
    int64_t got;
    return ty && i < ty->rank && expr_is_const_int(ty->shape[i], &got) && got == v;
}

static bool type_is(const Expr *e, TypeKind k, DType dt, int64_t d0, int64_t d1) {
    if (!e || !e->type || e->type->kind != k || e->type->dtype != dt)
        return false;
    if (d1 < 0)
        return e->type->rank == 1 && dim_is(e->type, 0, d0);
    return e->type->rank == 2 && dim_is(e->type, 0, d0) && dim_is(e->type, 1, d1);
}

void test_ops_lookup(void) {
    CHECK(op_lookup("tile.add") == &op_table[OP_TILE_ADD]);
    CHECK(op_lookup("block.add") == &op_table[OP_TILE_ADD]);
    CHECK(op_lookup("tensor.add") == &op_table[OP_TENSOR_ADD]);
    CHECK(op_lookup("system.sync_src") == &op_table[OP_SYSTEM_SYNC_SRC]);
    CHECK(op_lookup("tile.matmul_acc") == &op_table[OP_TILE_MATMUL_ACC]);
    CHECK(op_lookup("tile.nope") == NULL);
    CHECK(op_lookup("add") == NULL);
    CHECK(op_lookup("blocks.add") == NULL);
    CHECK(op_lookup("tensor.adds") == NULL);
    CHECK(op_lookup(NULL) == NULL);
    for (int i = 0; i < OP__COUNT; i++) {
        CHECK_EQ_INT(op_table[i].id, i);
        CHECK(op_lookup(op_table[i].name) == &op_table[i]);
    }
    CHECK_EQ_STR(op_table[OP_TILE_MATMUL_ACC].pto, "pto.tmatmul.acc");
    CHECK_EQ_STR(op_table[OP_TILE_ROW_SUM].cpp, "TROWSUM");
    CHECK_EQ_INT(op_table[OP_TILE_LOAD].pipe, PIPE_MTE2);
    CHECK_EQ_INT(op_table[OP_TILE_GET_BLOCK_IDX].pipe, PIPE_S);
    CHECK_EQ_INT(op_table[OP_TILE_STORE].effect, EFF_WRITE);
}

/* Every schema parses (a bad one is an ICE); calls without arguments are diagnosed or typed. */
void test_ops_every_schema(void) {
    T t;
    setup(&t);
    for (int i = 0; i < OP__COUNT; i++) {
        Expr *e = op_call(&t.c, L, &op_table[i], 0, NULL, 0, NULL);
        bool needs = op_table[i].args[0] || strstr(op_table[i].attrs, "pipe:pipe");
        CHECK(needs ? e == NULL : e != NULL);
    }
    CHECK(diag_has(&t, "tile.add: missing argument 1 (lhs)"));
    CHECK(diag_has(&t, "system.sync_src: missing attribute set_pipe"));
    Expr *e = op_call(&t.c, L, &op_table[OP_SYSTEM_BAR_ALL], 0, NULL, 0, NULL);
    CHECK(e && e->type && e->type->kind == TY_TUPLE && e->type->nelems == 0);
    e = op_call(&t.c, L, &op_table[OP_TILE_GET_BLOCK_IDX], 0, NULL, 0, NULL);
    CHECK(e && e->type->kind == TY_SCALAR && e->type->dtype == DT_UINT64);
    teardown(&t);
}

void test_ops_broadcast_ok(void) {
    T t;
    setup(&t);
    CHECK(type_is(call2(&t, "tile.add", tile(&t, 16, 16, DT_FP32), tile(&t, 1, 16, DT_FP32)), TY_TILE, DT_FP32,
                  16, 16));
    CHECK(type_is(call2(&t, "tile.mul", tile(&t, 16, 1, DT_FP32), tile(&t, 1, 8, DT_FP32)), TY_TILE, DT_FP32, 16,
                  8));
    CHECK(type_is(call2(&t, "tensor.sub", tensor(&t, 16, -1, DT_FP32), tensor(&t, 8, 16, DT_FP32)), TY_TENSOR,
                  DT_FP32, 8, 16));
    /* equal symbolic dims are kept */
    Expr *n = var(&t, "n", ty_scalar(&t.c, DT_INT64));
    Expr *shape[2] = {n, num(&t, 16)};
    Expr *a = var(&t, "a", ty_tensor(&t.c, 2, shape, DT_FP32)), *b = var(&t, "b", ty_tensor(&t.c, 2, shape, DT_FP32));
    Expr *e = call2(&t, "tensor.add", a, b);
    CHECK(e && e->type->shape[0] == n);
    CHECK_EQ_INT(t.d.nerrors, 0);
    teardown(&t);
}

void test_ops_broadcast_fail(void) {
    T t;
    setup(&t);
    CHECK(call2(&t, "tile.add", tile(&t, 16, 16, DT_FP32), tile(&t, 8, 16, DT_FP32)) == NULL);
    CHECK(diag_has(&t, "tile.add: cannot broadcast [16, 16] and [8, 16]"));
    /* a symbolic dim against a static one is not provably equal */
    Expr *n = var(&t, "n", ty_scalar(&t.c, DT_INT64));
    Expr *shape[2] = {n, num(&t, 16)};
    CHECK(call2(&t, "tensor.add", var(&t, "a", ty_tensor(&t.c, 2, shape, DT_FP32)), tensor(&t, 8, 16, DT_FP32)) ==
          NULL);
    CHECK(diag_has(&t, "cannot broadcast [n, 16] and [8, 16]"));
    teardown(&t);
}

void test_ops_promotion(void) {
    T t;
    setup(&t);
    CHECK(type_is(call2(&t, "tile.add", tile(&t, 4, 4, DT_FP16), tile(&t, 4, 4, DT_FP32)), TY_TILE, DT_FP32, 4, 4));
    CHECK(type_is(call2(&t, "tile.add", tile(&t, 4, 4, DT_INT32), tile(&t, 4, 4, DT_FP16)), TY_TILE, DT_FP16, 4, 4));
    CHECK(type_is(call2(&t, "tile.maximum", tile(&t, 4, 4, DT_UINT16), tile(&t, 4, 4, DT_INT16)), TY_TILE, DT_INT16,
                  4, 4));
    CHECK(type_is(call2(&t, "tensor.add", tensor(&t, 4, 4, DT_INT8), tensor(&t, 4, 4, DT_INT32)), TY_TENSOR,
                  DT_INT32, 4, 4));
    teardown(&t);
}

void test_ops_scalar_operand(void) {
    T t;
    setup(&t);
    /* an integer becomes an FP32 constant beside a float tile */
    Expr *e = call2(&t, "tile.adds", tile(&t, 16, 16, DT_FP32), num(&t, 1));
    CHECK(type_is(e, TY_TILE, DT_FP32, 16, 16));
    CHECK(e && e->call.args[1]->kind == E_FLOAT && e->call.args[1]->f == 1.0);
    /* beside an integer tile it stays an INT64 constant, and promotes */
    e = call2(&t, "tile.muls", tile(&t, 16, 16, DT_INT32), num(&t, 3));
    CHECK(type_is(e, TY_TILE, DT_INT64, 16, 16));
    CHECK(e && e->call.args[1]->kind == E_INT);
    e = call2(&t, "tensor.mul_scalar", tensor(&t, 8, 8, DT_FP16), mk_float(&t.c, L, 0.5));
    CHECK(type_is(e, TY_TENSOR, DT_FP32, 8, 8));
    CHECK(call2(&t, "tile.adds", tile(&t, 16, 16, DT_FP32), tile(&t, 16, 16, DT_FP32)) == NULL);
    CHECK(diag_has(&t, "tile.adds: argument 2 (rhs) must be a scalar, got pl.Tile[[16, 16], pl.FP32]"));
    teardown(&t);
}

void test_ops_kind_error(void) {
    T t;
    setup(&t);
    CHECK(call2(&t, "tile.add", tile(&t, 16, 16, DT_FP32), tensor(&t, 16, 16, DT_FP32)) == NULL);
    CHECK(diag_has(&t, "tile.add: argument 2 (rhs) must be a Tile, got pl.Tensor[[16, 16], pl.FP32]"));
    Expr *args[3] = {tensor(&t, 16, 16, DT_FP32), ints(&t, 0, 0, -1, -1), mk_sym(&t.c, L, SYM_DTYPE, DT_FP32)};
    CHECK(call(&t, "tile.load", 3, args, 0, NULL) == NULL);
    CHECK(diag_has(&t, "tile.load: argument 3 (shapes) must be a list of integer scalars, got pl.FP32"));
    Expr *bad[2] = {num(&t, 4), mk_float(&t.c, L, 2.0)};
    args[2] = mk_list(&t.c, L, E_LIST, 2, bad);
    CHECK(call(&t, "tile.load", 3, args, 0, NULL) == NULL);
    CHECK(diag_has(&t, "argument 3 (shapes): element 2 must be an integer scalar, got pl.Scalar[pl.FP32]"));
    teardown(&t);
}

void test_ops_matmul(void) {
    T t;
    setup(&t);
    CHECK(type_is(call2(&t, "tile.matmul", tile(&t, 16, 32, DT_FP16), tile(&t, 32, 8, DT_FP16)), TY_TILE, DT_FP32,
                  16, 8));
    CHECK(type_is(call2(&t, "tile.matmul", tile(&t, 16, 32, DT_INT8), tile(&t, 32, 8, DT_INT8)), TY_TILE, DT_INT32,
                  16, 8));
    Expr *acc[3] = {tile(&t, 16, 8, DT_FP32), tile(&t, 16, 32, DT_FP16), tile(&t, 32, 8, DT_FP16)};
    CHECK(type_is(call(&t, "tile.matmul_acc", 3, acc, 0, NULL), TY_TILE, DT_FP32, 16, 8));
    CHECK_EQ_INT(t.d.nerrors, 0);
    CHECK(call2(&t, "tile.matmul", tile(&t, 16, 32, DT_FP16), tile(&t, 16, 16, DT_FP16)) == NULL);
    CHECK(diag_has(&t, "tile.matmul: inner dimensions differ: lhs [16, 32] has K = 32, rhs [16, 16] has K = 16"));
    acc[0] = tile(&t, 16, 16, DT_FP32);
    CHECK(call(&t, "tile.matmul_acc", 3, acc, 0, NULL) == NULL);
    CHECK(diag_has(&t, "argument 1 (acc) is [16, 16], but the product is [16, 8]"));
    CHECK(call2(&t, "tile.matmul", tile(&t, 16, -1, DT_FP16), tile(&t, 16, 8, DT_FP16)) == NULL);
    CHECK(diag_has(&t, "argument 1 (lhs) must be a 2-D Tile, got pl.Tile[[16], pl.FP16]"));
    teardown(&t);
}

void test_ops_tensor_matmul(void) {
    T t;
    setup(&t);
    CHECK(type_is(call2(&t, "tensor.matmul", tensor(&t, 64, 32, DT_FP16), tensor(&t, 32, 16, DT_FP16)), TY_TENSOR,
                  DT_FP16, 64, 16));
    Expr *args[2] = {tensor(&t, 64, 32, DT_FP16), tensor(&t, 16, 32, DT_FP16)};
    Kwarg kw[2] = {kwarg(&t, "b_trans", mk_bool(&t.c, L, true)), kwarg(&t, "out_dtype", mk_sym(&t.c, L, SYM_DTYPE, DT_FP32))};
    CHECK(type_is(call(&t, "tensor.matmul", 2, args, 2, kw), TY_TENSOR, DT_FP32, 64, 16));
    CHECK(call(&t, "tensor.matmul", 2, args, 0, NULL) == NULL);
    CHECK(diag_has(&t, "tensor.matmul: inner dimensions differ"));
    teardown(&t);
}

void test_ops_arity(void) {
    T t;
    setup(&t);
    Expr *args[3] = {tile(&t, 4, 4, DT_FP32), tile(&t, 4, 4, DT_FP32), tile(&t, 4, 4, DT_FP32)};
    CHECK(call(&t, "tile.add", 1, args, 0, NULL) == NULL);
    CHECK(diag_has(&t, "tile.add: missing argument 2 (rhs)"));
    CHECK(call(&t, "tile.add", 3, args, 0, NULL) == NULL);
    CHECK(diag_has(&t, "tile.add: too many arguments: takes at most 2 positional values (lhs, rhs), got 3"));
    /* positional values past the arguments fill the attributes */
    Expr *cast[2] = {args[0], mk_sym(&t.c, L, SYM_DTYPE, DT_FP16)};
    Expr *e = call(&t, "tile.cast", 2, cast, 0, NULL);
    CHECK(type_is(e, TY_TILE, DT_FP16, 4, 4));
    if (!e)
        return;
    CHECK_EQ_INT(e->call.nargs, 1);
    CHECK_EQ_INT(e->call.nkw, 1);
    CHECK_EQ_STR(e->call.kw[0].name, "target_type");
    CHECK(op_attr(e, "target_type") == cast[1]);
    CHECK(op_attr(e, "mode") == NULL);
    int64_t v = -1;
    CHECK(op_attr_value(e, "mode", &v));
    CHECK_EQ_INT(v, 2); /* round */
    CHECK(!op_attr_value(e, "nope", &v));
    teardown(&t);
}

void test_ops_keywords(void) {
    T t;
    setup(&t);
    Expr *a = tile(&t, 16, 16, DT_FP32);
    Kwarg kw[2] = {kwarg(&t, "axis", num(&t, 1)), kwarg(&t, "keepdims", mk_bool(&t.c, L, true))};
    CHECK(call(&t, "tile.max", 1, &a, 2, kw) == NULL);
    CHECK(diag_has(&t, "tile.max: unknown keyword 'keepdims'"));
    CHECK(diag_has(&t, "did you mean 'keepdim'?"));
    Expr *cast[2] = {a, mk_sym(&t.c, L, SYM_DTYPE, DT_FP16)};
    Kwarg dup = kwarg(&t, "target_type", mk_sym(&t.c, L, SYM_DTYPE, DT_FP16));
    CHECK(call(&t, "tile.cast", 2, cast, 1, &dup) == NULL);
    CHECK(diag_has(&t, "tile.cast: attribute 'target_type' given twice"));
    /* keywords may name arguments, as in pl.store(t, offsets=[0, 0], shapes=[16, 16], output_tensor=out) */
    Kwarg st[3] = {kwarg(&t, "offsets", ints(&t, 0, 0, -1, -1)), kwarg(&t, "shapes", ints(&t, 16, 16, -1, -1)),
                   kwarg(&t, "output_tensor", tensor(&t, 32, 16, DT_FP32))};
    Expr *e = call(&t, "tile.store", 1, &a, 3, st);
    CHECK(type_is(e, TY_TENSOR, DT_FP32, 32, 16));
    CHECK(e && e->call.nargs == 4 && e->call.nkw == 0);
    Kwarg again = kwarg(&t, "lhs", a);
    Expr *two[2] = {a, a};
    CHECK(call(&t, "tile.add", 2, two, 1, &again) == NULL);
    CHECK(diag_has(&t, "tile.add: argument 'lhs' given twice"));
    teardown(&t);
}

void test_ops_attributes(void) {
    T t;
    setup(&t);
    Expr *ab[2] = {tile(&t, 8, 8, DT_FP32), tile(&t, 8, 8, DT_FP32)};
    int64_t v = -1;
    Kwarg k = kwarg(&t, "cmp_type", mk_str(&t.c, L, intern_cstr(t.c.names, "LT")));
    Expr *e = call(&t, "tile.cmp", 2, ab, 1, &k);
    CHECK(e && op_attr_value(e, "cmp_type", &v) && v == 2);
    k.value = num(&t, 4); /* PyPTO's ints: GT */
    e = call(&t, "tile.cmp", 2, ab, 1, &k);
    CHECK(e && op_attr_value(e, "cmp_type", &v) && v == 4);
    e = call(&t, "tile.cmp", 2, ab, 0, NULL);
    CHECK(e && op_attr_value(e, "cmp_type", &v) && v == 0);
    k.value = mk_str(&t.c, L, intern_cstr(t.c.names, "XX"));
    CHECK(call(&t, "tile.cmp", 2, ab, 1, &k) == NULL);
    CHECK(diag_has(&t, "attribute cmp_type must be one of \"EQ\", \"NE\", \"LT\", \"LE\", \"GT\", \"GE\" (or 0..5), "
                       "got \"XX\""));
    k.value = num(&t, 6);
    CHECK(call(&t, "tile.cmp", 2, ab, 1, &k) == NULL);

    Expr *ld[3] = {tensor(&t, 32, 32, DT_FP16), ints(&t, 0, 16, -1, -1), ints(&t, 16, 16, -1, -1)};
    e = call(&t, "tile.load", 3, ld, 0, NULL);
    CHECK(type_is(e, TY_TILE, DT_FP16, 16, 16));
    CHECK(e && op_attr_value(e, "target_memory", &v) && v == MEM_Vec);
    Kwarg m = kwarg(&t, "target_memory", mk_sym(&t.c, L, SYM_MEM, MEM_Mat));
    e = call(&t, "tile.load", 3, ld, 1, &m);
    CHECK(e && op_attr_value(e, "target_memory", &v) && v == MEM_Mat);
    m.value = num(&t, 2); /* L1 */
    e = call(&t, "tile.load", 3, ld, 1, &m);
    CHECK(e && op_attr_value(e, "target_memory", &v) && v == MEM_Mat);
    m.value = num(&t, 3); /* L0A: not a load target */
    CHECK(call(&t, "tile.load", 3, ld, 1, &m) == NULL);
    CHECK(diag_has(&t, "tile.load: attribute target_memory must be one of pl.Mem.Vec, pl.Mem.Mat, got 3"));

    Kwarg sync[3] = {kwarg(&t, "set_pipe", mk_sym(&t.c, L, SYM_PIPE, PIPE_MTE2)),
                     kwarg(&t, "wait_pipe", mk_sym(&t.c, L, SYM_PIPE, PIPE_V)), kwarg(&t, "event_id", num(&t, 7))};
    e = call(&t, "system.sync_src", 0, NULL, 3, sync);
    CHECK(e && e->type && e->type->kind == TY_TUPLE && e->type->nelems == 0);
    CHECK(e && op_attr_value(e, "wait_pipe", &v) && v == PIPE_V);
    sync[2].value = num(&t, 8);
    CHECK(call(&t, "system.sync_dst", 0, NULL, 3, sync) == NULL);
    CHECK(diag_has(&t, "system.sync_dst: attribute event_id must be an integer constant in 0..7, got 8"));
    sync[2].value = mk_sym(&t.c, L, SYM_DTYPE, DT_FP32);
    sync[1].value = num(&t, 1);
    CHECK(call(&t, "system.sync_dst", 0, NULL, 3, sync) == NULL);
    CHECK(diag_has(&t, "attribute wait_pipe must be a pipe such as pl.Pipe.V, got 1"));
    CHECK(diag_has(&t, "attribute event_id must be an integer constant in 0..7, got pl.FP32"));
    teardown(&t);
}

void test_ops_reductions(void) {
    T t;
    setup(&t);
    Expr *a = tile(&t, 16, 32, DT_FP32), *tmp = tile(&t, 16, 32, DT_FP32);
    CHECK(type_is(call2(&t, "tile.row_sum", a, tmp), TY_TILE, DT_FP32, 16, 1));
    Kwarg ax = kwarg(&t, "axis", num(&t, -1));
    CHECK(type_is(call(&t, "tile.max", 1, &a, 1, &ax), TY_TILE, DT_FP32, 16, -1));
    Kwarg kd[2] = {kwarg(&t, "axis", num(&t, 0)), kwarg(&t, "keepdim", mk_bool(&t.c, L, true))};
    CHECK(type_is(call(&t, "tile.min", 1, &a, 2, kd), TY_TILE, DT_FP32, 1, 32));
    /* tile.sum takes an optional tmp_tile; a non-tile positional value goes to axis */
    CHECK(type_is(call2(&t, "tile.sum", a, num(&t, 1)), TY_TILE, DT_FP32, 16, -1));
    Expr *three[3] = {a, tmp, num(&t, 0)};
    Expr *e = call(&t, "tile.sum", 3, three, 0, NULL);
    CHECK(type_is(e, TY_TILE, DT_FP32, 32, -1));
    CHECK(e && e->call.nargs == 2);
    /* all axes reduced: a scalar */
    Expr *v = tile(&t, 16, -1, DT_FP32);
    e = call(&t, "tile.sum", 1, &v, 1, &ax);
    CHECK(e && e->type->kind == TY_SCALAR && e->type->dtype == DT_FP32);
    /* tensor.row_max defaults: axis -1, keep_dim true */
    CHECK(type_is(call(&t, "tensor.row_max", 1, (Expr *[]){tensor(&t, 8, 64, DT_FP16)}, 0, NULL), TY_TENSOR, DT_FP16,
                  8, 1));
    CHECK_EQ_INT(t.d.nerrors, 0);
    ax.value = num(&t, 2);
    CHECK(call(&t, "tile.max", 1, &a, 1, &ax) == NULL);
    CHECK(diag_has(&t, "tile.max: axis 2 is out of range for rank 2"));
    CHECK(call(&t, "tile.max", 1, &a, 0, NULL) == NULL);
    CHECK(diag_has(&t, "tile.max: missing attribute axis"));
    teardown(&t);
}

void test_ops_shapes(void) {
    T t;
    setup(&t);
    Expr *a = tile(&t, 16, 16, DT_FP32);
    CHECK(type_is(call2(&t, "tile.reshape", a, ints(&t, 8, 32, -1, -1)), TY_TILE, DT_FP32, 8, 32));
    CHECK(call2(&t, "tile.reshape", a, ints(&t, 8, 16, -1, -1)) == NULL);
    CHECK(diag_has(&t, "tile.reshape: cannot reshape [16, 16] (256 elements) to [8, 16] (128 elements)"));
    Expr *tr[3] = {tile(&t, 16, 8, DT_FP32), num(&t, 0), num(&t, 1)};
    CHECK(type_is(call(&t, "tile.transpose", 3, tr, 0, NULL), TY_TILE, DT_FP32, 8, 16));
    Expr *vw[3] = {a, ints(&t, 8, 16, -1, -1), ints(&t, 8, 0, -1, -1)};
    CHECK(type_is(call(&t, "tile.view", 3, vw, 0, NULL), TY_TILE, DT_FP32, 8, 16));
    vw[2] = ints(&t, 9, 0, -1, -1);
    CHECK(call(&t, "tile.view", 3, vw, 0, NULL) == NULL);
    CHECK(diag_has(&t, "tile.view: offset 9 + size 8 exceeds dimension 1 of size 16"));
    Expr *ld[3] = {tensor(&t, 32, 32, DT_FP32), ints(&t, 0, 0, -1, -1), ints(&t, 16, -1, -1, -1)};
    CHECK(call(&t, "tile.load", 3, ld, 0, NULL) == NULL);
    CHECK(diag_has(&t, "tile.load: argument 3 (shapes) has 1 element, but the tensor has rank 2"));
    Expr *st[4] = {a, ints(&t, 0, 0, -1, -1), ints(&t, 16, 8, -1, -1), tensor(&t, 32, 32, DT_FP32)};
    CHECK(call(&t, "tile.store", 4, st, 0, NULL) == NULL);
    CHECK(diag_has(&t, "tile.store: argument 3 (shapes) [16, 8] holds 128 elements, but the tile"));
    Expr *mv = tile(&t, 16, 8, DT_FP16);
    Kwarg mk[2] = {kwarg(&t, "target_memory", mk_sym(&t.c, L, SYM_MEM, MEM_Left)),
                   kwarg(&t, "transpose", mk_bool(&t.c, L, true))};
    CHECK(type_is(call(&t, "tile.move", 1, &mv, 2, mk), TY_TILE, DT_FP16, 8, 16));
    Kwarg dt = kwarg(&t, "dtype", mk_sym(&t.c, L, SYM_DTYPE, DT_FP32));
    Expr *shape = ints(&t, 16, 16, -1, -1);
    CHECK(type_is(call(&t, "tile.create_tile", 1, &shape, 1, &dt), TY_TILE, DT_FP32, 16, 16));
    CHECK(type_is(call(&t, "tensor.create", 1, &shape, 1, &dt), TY_TENSOR, DT_FP32, 16, 16));
    Expr *full = call2(&t, "tile.full", shape, num(&t, 0));
    CHECK(type_is(full, TY_TILE, DT_INT64, 16, 16));
    Expr *fullf = call(&t, "tile.full", 2, (Expr *[]){shape, num(&t, 0)}, 1, &dt);
    CHECK(type_is(fullf, TY_TILE, DT_FP32, 16, 16));
    CHECK(fullf && fullf->call.args[1]->kind == E_FLOAT);
    Expr *al[2] = {mk_sym(&t.c, L, SYM_MEM, MEM_Vec), num(&t, 16384)};
    Expr *e = call(&t, "tile.alloc", 2, al, 0, NULL);
    CHECK(e && e->type->kind == TY_PTR);
    Expr *dim[2] = {tensor(&t, 32, 64, DT_FP32), num(&t, -1)};
    e = call(&t, "tensor.dim", 2, dim, 0, NULL);
    CHECK(e && e->type->kind == TY_SCALAR && e->type->dtype == DT_INT64);
    e = call2(&t, "tensor.read", dim[0], ints(&t, 1, 2, -1, -1));
    CHECK(e && e->type->kind == TY_SCALAR && e->type->dtype == DT_FP32);
    CHECK_EQ_INT(t.d.nerrors, 4);
    teardown(&t);
}

void test_ops_unified(void) {
    T t;
    setup(&t);
    Expr *ti = tile(&t, 16, 16, DT_FP32), *te = tensor(&t, 16, 16, DT_FP32);
    Expr *args[2] = {ti, mk_float(&t.c, L, 1.0)};
    CHECK(op_unified(&t.c, L, "add", 2, args) == &op_table[OP_TILE_ADDS]);
    args[1] = ti;
    CHECK(op_unified(&t.c, L, "add", 2, args) == &op_table[OP_TILE_ADD]);
    args[0] = te;
    args[1] = num(&t, 2);
    CHECK(op_unified(&t.c, L, "mul", 2, args) == &op_table[OP_TENSOR_MUL_SCALAR]);
    args[1] = te;
    CHECK(op_unified(&t.c, L, "sub", 2, args) == &op_table[OP_TENSOR_SUB]);
    CHECK(op_unified(&t.c, L, "matmul", 2, args) == &op_table[OP_TENSOR_MATMUL]);
    /* names at one level go there whatever the arguments */
    CHECK(op_unified(&t.c, L, "load", 1, args) == &op_table[OP_TILE_LOAD]);
    CHECK(op_unified(&t.c, L, "create_tensor", 0, NULL) == &op_table[OP_TENSOR_CREATE]);
    CHECK(op_unified(&t.c, L, "create_tile", 0, NULL) == &op_table[OP_TILE_CREATE_TILE]);
    CHECK(op_unified(&t.c, L, "assemble", 2, args) == &op_table[OP_TENSOR_ASSEMBLE]);
    CHECK(op_unified(&t.c, L, "get_block_idx", 0, NULL) == &op_table[OP_TILE_GET_BLOCK_IDX]);
    CHECK(op_unified(&t.c, L, "sync_src", 0, NULL) == &op_table[OP_SYSTEM_SYNC_SRC]);
    args[0] = ti;
    args[1] = mk_float(&t.c, L, 0.0);
    CHECK(op_unified(&t.c, L, "cmp", 2, args) == &op_table[OP_TILE_CMPS]);
    CHECK(op_unified(&t.c, L, "view", 1, args) == &op_table[OP_TILE_VIEW]);
    /* a tensor-only name with a tile goes to the tensor op, whose call then reports the tile */
    CHECK(op_unified(&t.c, L, "assemble", 2, args) == &op_table[OP_TENSOR_ASSEMBLE]);
    CHECK(op_unified(&t.c, L, "dim", 1, args) == &op_table[OP_TENSOR_DIM]);
    CHECK_EQ_INT(t.d.nerrors, 0);
    CHECK(op_unified(&t.c, L, "ad", 2, args) == NULL);
    CHECK(diag_has(&t, "unknown op 'pl.ad'"));
    CHECK(diag_has(&t, "did you mean 'pl.add'?"));
    CHECK(op_unified(&t.c, L, "frobnicate", 2, args) == NULL);
    CHECK(!diag_has(&t, "'pl.frobnicate'?"));
    args[0] = num(&t, 1);
    CHECK(op_unified(&t.c, L, "exp", 1, args) == NULL);
    CHECK(diag_has(&t, "pl.exp: the first argument must be a Tensor or a Tile, got pl.Scalar[pl.INT64]"));
    teardown(&t);
}

/* pl.add(tile, 1.0) end to end: dispatch, then the call. */
void test_ops_unified_call(void) {
    T t;
    setup(&t);
    Expr *args[2] = {tile(&t, 16, 16, DT_FP32), mk_float(&t.c, L, 1.0)};
    const OpInfo *op = op_unified(&t.c, L, "add", 2, args);
    CHECK(op == &op_table[OP_TILE_ADDS]);
    Expr *e = op ? op_call(&t.c, L, op, 2, args, 0, NULL) : NULL;
    CHECK(type_is(e, TY_TILE, DT_FP32, 16, 16));
    CHECK_EQ_INT(t.d.nerrors, 0);
    teardown(&t);
}

static int commas(const char *s) {
    int n = 0;
    for (; *s; s++)
        n += *s == ',';
    return n;
}

/* Odd values of every kind, for test_ops_no_crash; returns how many. */
static int odd_values(T *t, Expr **pool) {
    Expr *fl[1] = {mk_float(&t->c, L, 1.5)};
    Expr *three[3] = {num(t, 2), num(t, 4), num(t, 8)};
    Expr *all[] = {
        var(t, "t0", ty_tile(&t->c, 0, NULL, DT_FP32)),
        tile(t, 16, -1, DT_FP16),
        tile(t, 16, 16, DT_FP32),
        tile(t, 1, 16, DT_INT8),
        var(t, "t3", ty_tensor(&t->c, 3, three, DT_FP32)),
        tensor(t, 16, 16, DT_FP32),
        var(t, "x0", ty_tensor(&t->c, 0, NULL, DT_FP32)),
        num(t, -1),
        num(t, 0),
        mk_float(&t->c, L, 2.0),
        mk_bool(&t->c, L, true),
        mk_list(&t->c, L, E_LIST, 0, NULL),
        ints(t, 0, 0, -1, -1),
        ints(t, 16, 16, -1, -1),
        mk_list(&t->c, L, E_LIST, 1, fl),
        mk_list(&t->c, L, E_LIST, 3, three),
        mk_sym(&t->c, L, SYM_MEM, MEM_Vec),
        mk_sym(&t->c, L, SYM_DTYPE, DT_FP16),
        mk_sym(&t->c, L, SYM_PIPE, PIPE_V),
        mk_str(&t->c, L, intern_cstr(t->c.names, "GT")),
        var(t, "n", ty_scalar(&t->c, DT_INT64)),
        var(t, "p", ty_ptr(&t->c)),
    };
    memcpy(pool, all, sizeof all);
    return (int)(sizeof all / sizeof all[0]);
}

/* Every op against every combination of up to three odd arguments (three only for ops that take
 * three or more) and an axis keyword: diagnosed or typed, never a crash (run under SAN=1 to make
 * that mean something). A fresh context per op keeps the memory small. */
void test_ops_no_crash(void) {
    int typed = 0, errors = 0;
    for (int op = 0; op < OP__COUNT; op++) {
        T t;
        setup(&t);
        t.d.max_errors = 1; /* count the rest without printing them */
        Expr *pool[32];
        int np = odd_values(&t, pool), nc = commas(op_table[op].args) >= 2 ? np : 0;
        for (int a = -1; a < np; a++)
            for (int b = -1; b < np; b++)
                for (int c = -1; c < nc; c++) {
                    if ((a < 0 && b >= 0) || (b < 0 && c >= 0))
                        continue; /* the same call as with a shorter list */
                    Expr *args[3] = {a >= 0 ? pool[a] : NULL, b >= 0 ? pool[b] : NULL, c >= 0 ? pool[c] : NULL};
                    int n = a < 0 ? 0 : b < 0 ? 1 : c < 0 ? 2 : 3;
                    Kwarg kw = kwarg(&t, "axis", pool[b < 0 ? 7 : b]);
                    Expr *e = op_call(&t.c, L, &op_table[op], n, args, c == -1 && b >= 0, &kw);
                    typed += e != NULL;
                    CHECK(!e || e->type);
                }
        errors += t.d.nerrors;
        teardown(&t);
    }
    CHECK(typed > 0);
    CHECK(errors > 0);
}

/* pl.NAME for every op name and odd first arguments: an op, or NULL with a diagnostic. */
void test_ops_unified_no_crash(void) {
    T t;
    setup(&t);
    t.d.max_errors = 1;
    Expr *pool[32];
    int np = odd_values(&t, pool);
    for (int op = 0; op < OP__COUNT; op++) {
        const char *name = strchr(op_table[op].name, '.') + 1;
        for (int a = -1; a < np; a++)
            for (int b = -1; b < np; b++) {
                if (a < 0 && b >= 0)
                    continue;
                Expr *args[2] = {a >= 0 ? pool[a] : NULL, b >= 0 ? pool[b] : NULL};
                int before = t.d.nerrors;
                const OpInfo *got = op_unified(&t.c, L, intern_cstr(t.c.names, name), a < 0 ? 0 : b < 0 ? 1 : 2, args);
                CHECK(got != NULL || t.d.nerrors > before);
            }
    }
    teardown(&t);
}

void test_ops_enum_names(void) {
    char buf[32];
    CHECK_EQ_STR(op_enum_name(op_lookup("tile.cmp"), "cmp_type", 2, buf, sizeof buf), "LT");
    CHECK_EQ_STR(op_enum_name(op_lookup("tile.cast"), "mode", 1, buf, sizeof buf), "rint");
    CHECK_EQ_STR(op_enum_name(op_lookup("tile.cast"), "mode", 6, buf, sizeof buf), "odd");
    CHECK(op_enum_name(op_lookup("tile.cast"), "mode", 7, buf, sizeof buf) == NULL);
    CHECK(op_enum_name(op_lookup("tile.add"), "mode", 0, buf, sizeof buf) == NULL);
}
