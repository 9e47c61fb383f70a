/* test_tile.c - the CPU tile library (runtime/cpu/tile.c) driven through its C entry points:
 * cores and their memory, placement errors, every op family against the interpreter's kernels
 * run on the same inputs (and a few hand-checked values), valid regions, flag pairing, and tiles
 * whose bytes overlap. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"
#include "ptoc_tile.h"
#include "unit.h"

enum { V = PTOC_SPACE_VEC, F32 = PTOC_DT_FLOAT32, F16 = PTOC_DT_FLOAT16, I32 = PTOC_DT_INT32 };

static PtocTile tile(const char *name, int space, uint32_t dt, int64_t addr, int r, int c, int vr, int vc) {
    return (PtocTile){name, addr, space, dt, r, c, vr, vc};
}

static PtocGlobal glob(void *p, uint32_t dt, int64_t r, int64_t c, int64_t stride) {
    return (PtocGlobal){p, dt, r, c, stride, 1};
}

static PtocScalar f32s(float f) {
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    return (PtocScalar){F32, b};
}

/* Deterministic test data: small values with a few exact fractions, both signs. */
static void fill_f32(float *x, int n, int seed) {
    for (int i = 0; i < n; i++)
        x[i] = (float)((i * 7 + seed * 13) % 23 - 11) * 0.125f + (float)seed * 0.0625f;
}

/* An interpreter array [r, c] holding x (FP32), or converted to dt. */
static Array *arr_of(const float *x, int r, int c, DType dt) {
    int64_t shape[2] = {r, c};
    Array *a = array_new(dt, 2, shape, MEM_Vec);
    run_from_f32(array_at(a, 0), dt, x, (int64_t)r * c);
    array_mark_init(a);
    return a;
}

/* Runs a kernel body on a fresh core; the error message (or "") in err. */
typedef struct {
    PtocCore *core;
    char err[600];
    bool ok;
} Run;

static void run_begin(Run *r, int type) {
    memset(r, 0, sizeof *r);
    r->core = ptoc_core_new(type);
    ptoc_core_begin(r->core, "k");
}

static void run_end(Run *r) {
    r->ok = ptoc_core_end(r->core, r->err, sizeof r->err);
    ptoc_core_free(r->core);
}

void test_tile_core_new(void) {
    CHECK(ptoc_core_new(7) == NULL);
    PtocCore *c = ptoc_core_new(PTOC_CORE_AIC);
    CHECK(c != NULL);
    ptoc_core_begin(c, "k");
    char err[100] = "";
    CHECK(ptoc_core_end(c, err, sizeof err));
    CHECK_EQ_STR(err, "");
    ptoc_core_free(c);
    ptoc_core_free(NULL);
    CHECK_EQ_INT(ptoc_dtype_size(PTOC_DT_FLOAT16), 2);
    CHECK_EQ_INT(ptoc_dtype_size(PTOC_DT_BOOL), 1);
    CHECK_EQ_INT(ptoc_dtype_size(99), 0);
}

/* Placement: inside the space, 32-byte aligned, a space the core has, assigned before use. */
void test_tile_assign_bounds(void) {
    Run r;
    run_begin(&r, PTOC_CORE_AIV);
    PtocTile ok = tile("a", V, F32, 0x20000, 128, 128, 128, 128); /* the last 64 KiB of 192 KiB */
    ptoc_tile_assign(&ok);
    PtocTile out = tile("b", V, F32, 0x30000, 128, 128, 128, 128);
    ptoc_tile_assign(&out);
    run_end(&r);
    CHECK(!r.ok);
    CHECK_EQ_STR(r.err, "k: TASSIGN: tile 'b' at Vec bytes 0x30000..0x3FFFF is outside the 196608 bytes of Vec");

    run_begin(&r, PTOC_CORE_AIV);
    PtocTile odd = tile("c", V, F32, 0x10, 8, 8, 8, 8);
    ptoc_tile_assign(&odd);
    run_end(&r);
    CHECK(strstr(r.err, "not 32-byte aligned") != NULL);

    run_begin(&r, PTOC_CORE_AIV);
    PtocTile mat = tile("m", PTOC_SPACE_MAT, F32, 0, 8, 8, 8, 8);
    ptoc_tile_assign(&mat);
    run_end(&r);
    CHECK_EQ_STR(r.err, "k: TASSIGN: tile 'm' is in Mat, which an AIV core does not have");

    run_begin(&r, PTOC_CORE_AIV);
    float x[64] = {0};
    PtocTile never = tile("t", V, F32, -1, 8, 8, 8, 8);
    PtocGlobal g = glob(x, F32, 8, 8, 8);
    ptoc_tile_load(&never, &g);
    run_end(&r);
    CHECK_EQ_STR(r.err, "k: TLOAD: tile 't' is used before TASSIGN placed it");

    run_begin(&r, PTOC_CORE_AIV);
    PtocTile dyn = tile("d", V, F32, 0, 8, 8, -1, -1); /* run-time valid shape never given */
    ptoc_tile_load(&dyn, &g);
    run_end(&r);
    CHECK(strstr(r.err, "valid shape [-1, -1]") != NULL);
}

/* After the first error every op is skipped: the output keeps its bytes. */
void test_tile_error_skips_rest(void) {
    Run r;
    float x[64], y[64];
    fill_f32(x, 64, 1);
    for (int i = 0; i < 64; i++)
        y[i] = -100;
    run_begin(&r, PTOC_CORE_AIV);
    PtocTile t = tile("t", V, F32, 0, 8, 8, 8, 8), bad = tile("bad", V, F32, 0x40000, 8, 8, 8, 8);
    PtocGlobal gx = glob(x, F32, 8, 8, 8), gy = glob(y, F32, 8, 8, 8);
    ptoc_tile_load(&t, &gx);
    ptoc_tile_unary(PTOC_UN_EXP, &t, &bad);
    ptoc_tile_store(&gy, &t);
    ptoc_wait_flag(PIPE_V, PIPE_MTE3, 0); /* would be a second error */
    run_end(&r);
    CHECK(!r.ok);
    CHECK(strncmp(r.err, "k: TEXP: tile 'bad'", 19) == 0);
    CHECK(y[0] == -100 && y[63] == -100);
}

/* No current core: the ops do nothing (and do not crash). */
void test_tile_no_core(void) {
    float x[64] = {0};
    PtocTile t = tile("t", V, F32, 0, 8, 8, 8, 8);
    PtocGlobal g = glob(x, F32, 8, 8, 8);
    ptoc_tile_load(&t, &g);
    ptoc_set_flag(PIPE_V, PIPE_MTE3, 0);
    CHECK_EQ_INT(ptoc_get_block_idx(), 0);
}

void test_tile_block_idx(void) {
    PtocCore *c = ptoc_core_new(PTOC_CORE_AIV);
    ptoc_core_set_block_idx(c, 5);
    ptoc_core_begin(c, "k");
    CHECK_EQ_INT(ptoc_get_block_idx(), 5);
    CHECK(ptoc_core_end(c, NULL, 0));
    CHECK_EQ_INT(ptoc_get_block_idx(), 0);
    ptoc_core_free(c);
}

/* Loads into the valid region, stores back with another row stride: hand-checked elements. */
void test_tile_load_store(void) {
    float x[4 * 10], y[4 * 20];
    for (int i = 0; i < 40; i++)
        x[i] = (float)i;
    for (int i = 0; i < 80; i++)
        y[i] = -1;
    Run r;
    run_begin(&r, PTOC_CORE_AIV);
    PtocTile t = tile("t", V, F32, 0x100, 4, 8, 3, 5);
    PtocGlobal gx = glob(x + 2, F32, 3, 5, 10), gy = glob(y + 1, F32, 3, 5, 20);
    ptoc_tile_load(&t, &gx);
    ptoc_tile_store(&gy, &t);
    run_end(&r);
    CHECK(r.ok);
    CHECK(y[1] == 2 && y[5] == 6 && y[21] == 12 && y[45] == 26);
    CHECK(y[0] == -1 && y[6] == -1 && y[20] == -1 && y[61] == -1);

    run_begin(&r, PTOC_CORE_AIV);
    PtocGlobal wrong = glob(x, F32, 3, 4, 10);
    ptoc_tile_load(&t, &wrong);
    run_end(&r);
    CHECK_EQ_STR(r.err, "k: TLOAD: the global tensor's shape is [3, 4], but tile 't' has valid shape [3, 5]");
}

/* With the task's tensors given (ptoc_core_allow), a global window reaching outside them is an
 * error, not a wild access; windows inside them work. */
void test_tile_global_bounds(void) {
    float x[4 * 10] = {0}, y[4 * 10] = {0};
    PtocTile t = tile("t", V, F32, 0, 4, 8, 4, 8);
    Run r;
    run_begin(&r, PTOC_CORE_AIV);
    ptoc_core_allow(r.core, x, sizeof x);
    ptoc_core_allow(r.core, y, sizeof y);
    PtocGlobal in = glob(x + 2, F32, 4, 8, 10), out = glob(y, F32, 4, 8, 10);
    ptoc_tile_load(&t, &in);
    ptoc_tile_store(&out, &t);
    run_end(&r);
    CHECK_EQ_STR(r.err, "");

    run_begin(&r, PTOC_CORE_AIV);
    ptoc_core_allow(r.core, x, sizeof x);
    PtocGlobal past = glob(x + 3, F32, 4, 8, 10); /* its last element is x[41] */
    ptoc_tile_load(&t, &past);
    run_end(&r);
    CHECK_EQ_STR(r.err, "k: TLOAD: the global window reaches 4 bytes past the end of tensor argument 0 (bytes 12..164 "
                        "of its 160): an offset or shape out of bounds");

    run_begin(&r, PTOC_CORE_AIV);
    ptoc_core_allow(r.core, x, 16 * sizeof(float));
    PtocGlobal beyond = glob(x + 20, F32, 1, 8, 10);
    ptoc_tile_store(&beyond, &t);
    run_end(&r);
    CHECK_EQ_STR(r.err, "k: TSTORE: the global window starts 16 bytes past the end of tensor argument 0 (64 bytes): an "
                        "offset out of bounds");

    run_begin(&r, PTOC_CORE_AIV);
    ptoc_core_allow(r.core, x + 10, 30 * sizeof(float));
    PtocGlobal before = glob(x, F32, 1, 8, 10);
    ptoc_tile_load(&t, &before);
    run_end(&r);
    CHECK_EQ_STR(r.err, "k: TLOAD: the global window starts before every tensor argument of the task: an offset out of "
                        "bounds");
}

/* One binary op on [R, C] FP32 or FP16 tiles against k_binary on the same elements. */
static void check_binary(PtocBinary op, DType dt, uint32_t pdt) {
    enum { R = 4, C = 16 };
    float x[R * C], y[R * C];
    fill_f32(x, R * C, 1);
    fill_f32(y, R * C, 2);
    y[5] = 0.0f; /* a float division by zero gives inf, as in the interpreter */
    Array *a = arr_of(x, R, C, dt), *b = arr_of(y, R, C, dt), *want = arr_of(x, R, C, dt);
    int64_t bad;
    CHECK(k_binary(want, (EwBinary)op, a, b, NULL, &bad));
    uint8_t got[R * C * 4];
    memset(got, 0, sizeof got);
    Run r;
    run_begin(&r, PTOC_CORE_AIV);
    PtocTile ta = tile("a", V, pdt, 0, R, C, R, C), tb = tile("b", V, pdt, 0x1000, R, C, R, C),
             tc = tile("c", V, pdt, 0x2000, R, C, R, C);
    PtocGlobal ga = glob(array_at(a, 0), pdt, R, C, C), gb = glob(array_at(b, 0), pdt, R, C, C),
               gc = glob(got, pdt, R, C, C);
    ptoc_tile_load(&ta, &ga);
    ptoc_tile_load(&tb, &gb);
    ptoc_tile_binary(op, &tc, &ta, &tb);
    ptoc_tile_store(&gc, &tc);
    run_end(&r);
    CHECK(r.ok);
    CHECK(memcmp(got, array_at(want, 0), (size_t)R * C * dtype_size(dt)) == 0);
    array_release(a);
    array_release(b);
    array_release(want);
}

void test_tile_binary_ops(void) {
    for (int op = PTOC_BIN_ADD; op <= PTOC_BIN_GE; op++) {
        check_binary((PtocBinary)op, DT_FP32, F32);
        check_binary((PtocBinary)op, DT_FP16, F16);
    }
}

/* TADD by hand, and TCMP writing 1 or 0. */
void test_tile_binary_values(void) {
    float x[8] = {1, 2, 3, 4, 5, 6, 7, 8}, y[8] = {8, 7, 6, 5, 4, 3, 2, 1}, s[8], c[8];
    Run r;
    run_begin(&r, PTOC_CORE_AIV);
    PtocTile ta = tile("a", V, F32, 0, 1, 8, 1, 8), tb = tile("b", V, F32, 32, 1, 8, 1, 8),
             tc = tile("c", V, F32, 64, 1, 8, 1, 8);
    PtocGlobal ga = glob(x, F32, 1, 8, 8), gb = glob(y, F32, 1, 8, 8), gs = glob(s, F32, 1, 8, 8),
               gcmp = glob(c, F32, 1, 8, 8);
    ptoc_tile_load(&ta, &ga);
    ptoc_tile_load(&tb, &gb);
    ptoc_tile_binary(PTOC_BIN_ADD, &tc, &ta, &tb);
    ptoc_tile_store(&gs, &tc);
    ptoc_tile_binary(PTOC_BIN_LT, &tc, &ta, &tb);
    ptoc_tile_store(&gcmp, &tc);
    run_end(&r);
    CHECK(r.ok);
    for (int i = 0; i < 8; i++) {
        CHECK(s[i] == 9.0f);
        CHECK(c[i] == (i < 4 ? 1.0f : 0.0f));
    }
}

/* Scalar operands: an FP32 scalar on FP16 tiles is not rounded to FP16 first (the promoted type
 * is FP32, as in the interpreter). */
void test_tile_binary_scalar(void) {
    enum { R = 2, C = 16 };
    float x[R * C];
    fill_f32(x, R * C, 3);
    for (int op = PTOC_BIN_ADD; op <= PTOC_BIN_GE; op++) {
        Array *a = arr_of(x, R, C, DT_FP16), *want = arr_of(x, R, C, DT_FP16);
        Scalar s = {.dt = DT_FP32, .f = 0.3f};
        int64_t bad;
        k_binary(want, (EwBinary)op, a, NULL, &s, &bad);
        uint16_t got[R * C];
        Run r;
        run_begin(&r, PTOC_CORE_AIV);
        PtocTile ta = tile("a", V, F16, 0, R, C, R, C), tc = tile("c", V, F16, 0x400, R, C, R, C);
        PtocGlobal ga = glob(array_at(a, 0), F16, R, C, C), gc = glob(got, F16, R, C, C);
        ptoc_tile_load(&ta, &ga);
        ptoc_tile_binary_scalar((PtocBinary)op, &tc, &ta, f32s(0.3f));
        ptoc_tile_store(&gc, &tc);
        run_end(&r);
        CHECK(r.ok);
        CHECK(memcmp(got, array_at(want, 0), sizeof got) == 0);
        array_release(a);
        array_release(want);
    }
}

/* Integer tiles: a division by zero is the kernel's error. */
void test_tile_int_div_zero(void) {
    int32_t x[8] = {7, -7, 9, 1, 0, 3, 4, 5}, y[8] = {2, 2, 3, 1, 1, 0, 1, 1}, z[8];
    Run r;
    run_begin(&r, PTOC_CORE_AIV);
    PtocTile ta = tile("a", V, I32, 0, 1, 8, 1, 8), tb = tile("b", V, I32, 32, 1, 8, 1, 8),
             tc = tile("c", V, I32, 64, 1, 8, 1, 8);
    PtocGlobal ga = glob(x, I32, 1, 8, 8), gb = glob(y, I32, 1, 8, 8), gz = glob(z, I32, 1, 4, 8);
    ptoc_tile_load(&ta, &ga);
    ptoc_tile_load(&tb, &gb);
    ta.vcols = tb.vcols = tc.vcols = 4; /* the first four: no zero divisor */
    ptoc_tile_binary(PTOC_BIN_DIV, &tc, &ta, &tb);
    ptoc_tile_store(&gz, &tc);
    run_end(&r);
    CHECK(r.ok);
    CHECK(z[0] == 3 && z[1] == -4 && z[2] == 3 && z[3] == 1); /* floor division */

    run_begin(&r, PTOC_CORE_AIV);
    ta.vcols = tb.vcols = tc.vcols = 8;
    ptoc_tile_load(&ta, &ga);
    ptoc_tile_load(&tb, &gb);
    ptoc_tile_binary(PTOC_BIN_DIV, &tc, &ta, &tb);
    run_end(&r);
    CHECK_EQ_STR(r.err, "k: TDIV: divides by zero at element [0, 5]");
}

void test_tile_unary_ops(void) {
    enum { R = 4, C = 8 };
    float x[R * C];
    fill_f32(x, R * C, 5);
    for (int op = PTOC_UN_NEG; op <= PTOC_UN_RELU; op++) {
        Array *a = arr_of(x, R, C, DT_FP32), *want = arr_of(x, R, C, DT_FP32);
        k_unary(want, (EwUnary)op, a);
        float got[R * C];
        Run r;
        run_begin(&r, PTOC_CORE_AIV);
        PtocTile ta = tile("a", V, F32, 0, R, C, R, C);
        PtocGlobal ga = glob(x, F32, R, C, C), gc = glob(got, F32, R, C, C);
        ptoc_tile_load(&ta, &ga);
        ptoc_tile_unary((PtocUnary)op, &ta, &ta); /* in place */
        ptoc_tile_store(&gc, &ta);
        run_end(&r);
        CHECK(r.ok);
        CHECK(memcmp(got, array_at(want, 0), sizeof got) == 0);
        array_release(a);
        array_release(want);
    }
}

/* Row reductions into a [R, 8] tile of valid shape [R, 1] (the padded column the backend uses),
 * column reductions into [1, C]; the padding is left alone. */
void test_tile_reduce(void) {
    enum { R = 4, C = 16 };
    float x[R * C];
    fill_f32(x, R * C, 7);
    for (int op = PTOC_RED_SUM; op <= PTOC_RED_MIN; op++)
        for (int axis = 0; axis < 2; axis++) {
            Array *a = arr_of(x, R, C, DT_FP32);
            int64_t oshape[2] = {axis ? R : 1, axis ? 1 : C};
            Array *want = array_new(DT_FP32, 2, oshape, MEM_Vec);
            k_reduce(want, (Reduce)op, a, axis);
            float got[C];
            Run r;
            run_begin(&r, PTOC_CORE_AIV);
            PtocTile ta = tile("a", V, F32, 0, R, C, R, C), tmp = tile("tmp", V, F32, 0x400, R, C, R, C);
            PtocTile td = axis ? tile("d", V, F32, 0x800, R, 8, R, 1) : tile("d", V, F32, 0x800, 1, C, 1, C);
            PtocGlobal ga = glob(x, F32, R, C, C), gd = glob(got, F32, oshape[0], oshape[1], oshape[1]);
            PtocTile whole = tile("w", V, F32, 0x800, R, 8, R, 8);
            float pad[R * 8];
            PtocGlobal gp = glob(pad, F32, R, 8, 8);
            ptoc_tile_fill(&whole, f32s(42.0f));
            ptoc_tile_load(&ta, &ga);
            ptoc_tile_load(&tmp, &ga);
            ptoc_tile_reduce((PtocReduce)op, axis, &td, &ta);
            ptoc_tile_store(&gd, &td);
            ptoc_tile_store(&gp, &whole);
            run_end(&r);
            CHECK(r.ok);
            CHECK(memcmp(got, array_at(want, 0), sizeof(float) * (size_t)want->n) == 0);
            if (axis)
                CHECK(pad[1] == 42.0f && pad[7] == 42.0f && pad[R * 8 - 1] == 42.0f);
            array_release(a);
            array_release(want);
        }
    /* by hand: a row sum */
    float y[16], s[2];
    for (int i = 0; i < 16; i++)
        y[i] = (float)i;
    Run r;
    run_begin(&r, PTOC_CORE_AIV);
    PtocTile ty = tile("y", V, F32, 0, 2, 8, 2, 8), ts = tile("s", V, F32, 64, 2, 8, 2, 1);
    PtocGlobal gy = glob(y, F32, 2, 8, 8), gs = glob(s, F32, 2, 1, 1);
    ptoc_tile_load(&ty, &gy);
    ptoc_tile_reduce(PTOC_RED_SUM, 1, &ts, &ty);
    ptoc_tile_store(&gs, &ts);
    run_end(&r);
    CHECK(r.ok && s[0] == 28.0f && s[1] == 92.0f);
}

/* TROWEXPAND* with an [R, 1] vector, TCOLEXPAND* with [1, C], TCOLEXPAND, TEXPANDS. */
void test_tile_expand(void) {
    enum { R = 4, C = 8 };
    float x[R * C], rv[R], cv[C];
    fill_f32(x, R * C, 9);
    fill_f32(rv, R, 4);
    fill_f32(cv, C, 6);
    cv[3] = 0.25f;
    for (int rows = 0; rows < 2; rows++)
        for (int op = PTOC_BIN_ADD; op <= PTOC_BIN_DIV; op++) {
            Array *a = arr_of(x, R, C, DT_FP32), *v = rows ? arr_of(rv, R, 1, DT_FP32) : arr_of(cv, 1, C, DT_FP32);
            Array *want = arr_of(x, R, C, DT_FP32);
            int64_t bad;
            k_binary(want, (EwBinary)op, a, v, NULL, &bad);
            float got[R * C];
            Run r;
            run_begin(&r, PTOC_CORE_AIV);
            PtocTile ta = tile("a", V, F32, 0, R, C, R, C), td = tile("d", V, F32, 0x200, R, C, R, C);
            PtocTile tv = rows ? tile("v", V, F32, 0x400, R, 8, R, 1) : tile("v", V, F32, 0x400, 1, C, 1, C);
            PtocGlobal ga = glob(x, F32, R, C, C), gv = rows ? glob(rv, F32, R, 1, 1) : glob(cv, F32, 1, C, C),
                       gd = glob(got, F32, R, C, C);
            ptoc_tile_load(&ta, &ga);
            ptoc_tile_load(&tv, &gv);
            ptoc_tile_expand((PtocBinary)op, rows, &td, &ta, &tv);
            ptoc_tile_store(&gd, &td);
            run_end(&r);
            CHECK(r.ok);
            CHECK(memcmp(got, array_at(want, 0), sizeof got) == 0);
            array_release(a);
            array_release(v);
            array_release(want);
        }
    float got[R * C];
    Run r;
    run_begin(&r, PTOC_CORE_AIV);
    PtocTile td = tile("d", V, F32, 0x200, R, C, R, C), tv = tile("v", V, F32, 0x400, 1, C, 1, C);
    PtocGlobal gv = glob(cv, F32, 1, C, C), gd = glob(got, F32, R, C, C);
    ptoc_tile_load(&tv, &gv);
    ptoc_tile_col_expand(&td, &tv);
    ptoc_tile_store(&gd, &td);
    run_end(&r);
    CHECK(r.ok && got[0] == cv[0] && got[3 * C + 3] == 0.25f && got[2 * C + 7] == cv[7]);

    run_begin(&r, PTOC_CORE_AIV);
    ptoc_tile_fill(&td, (PtocScalar){PTOC_DT_INT32, (uint64_t)(int64_t)-3});
    ptoc_tile_store(&gd, &td);
    run_end(&r);
    CHECK(r.ok && got[0] == -3.0f && got[R * C - 1] == -3.0f);

    run_begin(&r, PTOC_CORE_AIV); /* a row vector of the wrong shape */
    PtocTile bad = tile("v", V, F32, 0x400, R, 8, R, 2);
    ptoc_tile_expand(PTOC_BIN_MUL, true, &td, &td, &bad);
    run_end(&r);
    CHECK_EQ_STR(r.err, "k: TROWEXPANDMUL: needs a [M, 1] row vector for a [4, 8] tile, got 'v' of valid shape [4, 2]");
}

/* FP16 Left/Right into an FP32 Acc, then accumulated again; Mat -> Left/Right by TMOV. */
void test_tile_matmul(void) {
    enum { M = 16, K = 32, N = 16 };
    float a[M * K], b[K * N], c0[M * N];
    fill_f32(a, M * K, 1);
    fill_f32(b, K * N, 2);
    fill_f32(c0, M * N, 3);
    Array *la = arr_of(a, M, K, DT_FP16), *rb = arr_of(b, K, N, DT_FP16), *acc = arr_of(c0, M, N, DT_FP32);
    int64_t oshape[2] = {M, N};
    Array *w1 = array_new(DT_FP32, 2, oshape, MEM_Vec), *w2 = array_new(DT_FP32, 2, oshape, MEM_Vec);
    k_matmul(w1, NULL, la, false, rb, false);
    k_matmul(w2, w1, la, false, rb, false);
    float g1[M * N], g2[M * N];
    Run r;
    run_begin(&r, PTOC_CORE_AIC);
    PtocTile ma = tile("ma", PTOC_SPACE_MAT, F16, 0, M, K, M, K);
    PtocTile mb = tile("mb", PTOC_SPACE_MAT, F16, 0x1000, K, N, K, N);
    PtocTile l = tile("l", PTOC_SPACE_LEFT, F16, 0, M, K, M, K), rt = tile("r", PTOC_SPACE_RIGHT, F16, 0, K, N, K, N);
    PtocTile c = tile("c", PTOC_SPACE_ACC, F32, 0, M, N, M, N), c2 = tile("c2", PTOC_SPACE_ACC, F32, 0, M, N, M, N);
    PtocGlobal ga = glob(array_at(la, 0), F16, M, K, K), gb = glob(array_at(rb, 0), F16, K, N, N);
    PtocGlobal o1 = glob(g1, F32, M, N, N), o2 = glob(g2, F32, M, N, N);
    ptoc_tile_load(&ma, &ga);
    ptoc_tile_load(&mb, &gb);
    ptoc_tile_move(&l, &ma);
    ptoc_tile_move(&rt, &mb);
    ptoc_tile_matmul(&c, NULL, &l, &rt);
    ptoc_tile_store(&o1, &c);
    ptoc_tile_matmul(&c2, &c, &l, &rt); /* the same Acc bytes in and out, as memory reuse plans it */
    ptoc_tile_store(&o2, &c2);
    run_end(&r);
    CHECK(r.ok);
    CHECK(memcmp(g1, array_at(w1, 0), sizeof g1) == 0);
    CHECK(memcmp(g2, array_at(w2, 0), sizeof g2) == 0);

    run_begin(&r, PTOC_CORE_AIC);
    PtocTile lbad = tile("l", PTOC_SPACE_LEFT, F16, 0, M, 16, M, 16);
    ptoc_tile_matmul(&c, NULL, &lbad, &rt);
    run_end(&r);
    CHECK_EQ_STR(r.err, "k: TMATMUL: cannot multiply [16, 16] by [32, 16]");
    array_release(la);
    array_release(rb);
    array_release(acc);
    array_release(w1);
    array_release(w2);
}

/* TSTORE from an FP32 Acc into an FP16 tensor converts like the interpreter's l0c_store. */
void test_tile_store_converts(void) {
    float x[16];
    fill_f32(x, 16, 4);
    x[0] = 1.0f / 3.0f;
    Array *a = arr_of(x, 1, 16, DT_FP32), *want = arr_of(x, 1, 16, DT_FP16);
    k_copy(want, a);
    uint16_t got[16];
    Run r;
    run_begin(&r, PTOC_CORE_AIV);
    PtocTile t = tile("t", V, F32, 0, 1, 16, 1, 16);
    PtocGlobal gx = glob(x, F32, 1, 16, 16), gh = glob(got, F16, 1, 16, 16);
    ptoc_tile_load(&t, &gx);
    ptoc_tile_store(&gh, &t);
    run_end(&r);
    CHECK(r.ok);
    CHECK(memcmp(got, array_at(want, 0), sizeof got) == 0);
    array_release(a);
    array_release(want);
}

/* TCVT in each rounding mode against k_cast. */
void test_tile_cast(void) {
    float x[16];
    for (int i = 0; i < 16; i++)
        x[i] = (float)(i - 8) * 0.75f + 0.5f;
    for (int m = PTOC_CAST_NONE; m <= PTOC_CAST_ODD; m++) {
        Array *a = arr_of(x, 1, 16, DT_FP32);
        int64_t shape[2] = {1, 16};
        Array *want = array_new(DT_INT32, 2, shape, MEM_Vec);
        k_cast(want, a, (RoundMode)m);
        int32_t got[16];
        Run r;
        run_begin(&r, PTOC_CORE_AIV);
        PtocTile t = tile("t", V, F32, 0, 1, 16, 1, 16), ti = tile("i", V, I32, 64, 1, 16, 1, 16);
        PtocGlobal gx = glob(x, F32, 1, 16, 16), gi = glob(got, I32, 1, 16, 16);
        ptoc_tile_load(&t, &gx);
        ptoc_tile_cast(&ti, &t, (PtocCastMode)m);
        ptoc_tile_store(&gi, &ti);
        run_end(&r);
        CHECK(r.ok);
        CHECK(memcmp(got, array_at(want, 0), sizeof got) == 0);
        array_release(a);
        array_release(want);
    }
}

/* TTRANS over the valid region; TRESHAPE keeps the row-major order of the valid elements, or
 * reinterprets the bytes for another dtype. */
void test_tile_transpose_reshape(void) {
    float x[16], t[16], s[16];
    for (int i = 0; i < 16; i++)
        x[i] = (float)i;
    Run r;
    run_begin(&r, PTOC_CORE_AIV);
    PtocTile a = tile("a", V, F32, 0, 2, 8, 2, 8), at = tile("at", V, F32, 0x100, 8, 8, 8, 2);
    PtocTile flat = tile("f", V, F32, 0x400, 1, 16, 1, 16);
    PtocGlobal gx = glob(x, F32, 2, 8, 8), gt = glob(t, F32, 8, 2, 2), gs = glob(s, F32, 1, 16, 16);
    ptoc_tile_load(&a, &gx);
    ptoc_tile_transpose(&at, &a);
    ptoc_tile_store(&gt, &at);
    ptoc_tile_reshape(&flat, &a);
    ptoc_tile_store(&gs, &flat);
    run_end(&r);
    CHECK(r.ok);
    CHECK(t[0] == 0 && t[1] == 8 && t[2] == 1 && t[15] == 15 && t[14] == 7);
    for (int i = 0; i < 16; i++)
        CHECK(s[i] == (float)i);

    int32_t bits[16];
    run_begin(&r, PTOC_CORE_AIV);
    PtocTile ai = tile("ai", V, I32, 0x400, 2, 8, 2, 8);
    PtocGlobal gb = glob(bits, I32, 2, 8, 8);
    ptoc_tile_load(&a, &gx);
    ptoc_tile_reshape(&ai, &a);
    ptoc_tile_store(&gb, &ai);
    run_end(&r);
    CHECK(r.ok);
    CHECK(memcmp(bits, x, sizeof bits) == 0);
}

/* Flags pair per (set pipe, wait pipe, event). */
void test_tile_flags(void) {
    Run r;
    run_begin(&r, PTOC_CORE_AIV);
    ptoc_set_flag(PIPE_MTE2, PIPE_V, 0);
    ptoc_set_flag(PIPE_MTE2, PIPE_V, 1);
    ptoc_wait_flag(PIPE_MTE2, PIPE_V, 1);
    ptoc_wait_flag(PIPE_MTE2, PIPE_V, 0);
    ptoc_pipe_barrier(PIPE_ALL);
    run_end(&r);
    CHECK(r.ok);

    run_begin(&r, PTOC_CORE_AIV);
    ptoc_set_flag(PIPE_V, PIPE_MTE2, 0);
    ptoc_wait_flag(PIPE_V, PIPE_MTE3, 0);
    run_end(&r);
    CHECK_EQ_STR(r.err, "k: wait_flag(PIPE_V, PIPE_MTE3, EVENT_ID0) with no matching set_flag");

    run_begin(&r, PTOC_CORE_AIV);
    ptoc_set_flag(PIPE_MTE3, PIPE_MTE2, 2);
    ptoc_set_flag(PIPE_MTE3, PIPE_MTE2, 2);
    run_end(&r);
    CHECK_EQ_STR(r.err, "k: set_flag(PIPE_MTE3, PIPE_MTE2, EVENT_ID2) while the flag is already set (no wait_flag "
                        "since the last set_flag)");

    run_begin(&r, PTOC_CORE_AIC);
    ptoc_set_flag(PIPE_M, PIPE_FIX, 7);
    run_end(&r);
    CHECK_EQ_STR(r.err, "k: set_flag(PIPE_M, PIPE_FIX, EVENT_ID7) is never waited for (the kernel ends with the "
                        "flag set)");

    run_begin(&r, PTOC_CORE_AIV);
    ptoc_set_flag(PIPE_M, 9, 0);
    run_end(&r);
    CHECK_EQ_STR(r.err, "k: set_flag(4, 9, 0): no such pipe or event");

    /* a new kernel on the same core starts with clear flags and no error */
    PtocCore *c = ptoc_core_new(PTOC_CORE_AIV);
    ptoc_core_begin(c, "a");
    ptoc_set_flag(PIPE_V, PIPE_MTE3, 0);
    CHECK(!ptoc_core_end(c, NULL, 0));
    ptoc_core_begin(c, "b");
    ptoc_set_flag(PIPE_V, PIPE_MTE3, 0);
    ptoc_wait_flag(PIPE_V, PIPE_MTE3, 0);
    CHECK(ptoc_core_end(c, NULL, 0));
    ptoc_core_free(c);
}

/* Tiles live in the core's bytes: a tile written over a live one's bytes changes what the live
 * one reads, as a wrong memory plan would on the device. */
void test_tile_overlap_corrupts(void) {
    float x[64], y[64];
    for (int i = 0; i < 64; i++)
        x[i] = 1.0f;
    Run r;
    run_begin(&r, PTOC_CORE_AIV);
    PtocTile a = tile("a", V, F32, 0, 8, 8, 8, 8), b = tile("b", V, F32, 0x80, 8, 8, 8, 8); /* b = a's rows 4..7 */
    PtocGlobal gx = glob(x, F32, 8, 8, 8), gy = glob(y, F32, 8, 8, 8);
    ptoc_tile_load(&a, &gx);
    ptoc_tile_fill(&b, f32s(5.0f));
    ptoc_tile_binary_scalar(PTOC_BIN_ADD, &a, &a, f32s(1.0f));
    ptoc_tile_store(&gy, &a);
    run_end(&r);
    CHECK(r.ok);
    CHECK(y[0] == 2.0f && y[31] == 2.0f && y[32] == 6.0f && y[63] == 6.0f);

    /* the same values through tiles that do not overlap */
    run_begin(&r, PTOC_CORE_AIV);
    b.addr = 0x100;
    ptoc_tile_load(&a, &gx);
    ptoc_tile_fill(&b, f32s(5.0f));
    ptoc_tile_binary_scalar(PTOC_BIN_ADD, &a, &a, f32s(1.0f));
    ptoc_tile_store(&gy, &a);
    run_end(&r);
    CHECK(r.ok && y[32] == 2.0f && y[63] == 2.0f);
}

/* Ops act on the valid region only: the rest of the destination keeps its bytes. */
void test_tile_valid_region(void) {
    float x[64], y[64];
    fill_f32(x, 64, 2);
    Run r;
    run_begin(&r, PTOC_CORE_AIV);
    PtocTile whole = tile("w", V, F32, 0, 8, 8, 8, 8), part = tile("p", V, F32, 0, 8, 8, 3, 5);
    PtocTile src = tile("s", V, F32, 0x100, 8, 8, 3, 5);
    PtocGlobal gx = glob(x, F32, 3, 5, 8), gy = glob(y, F32, 8, 8, 8);
    ptoc_tile_fill(&whole, f32s(-1.0f));
    ptoc_tile_load(&src, &gx);
    ptoc_tile_unary(PTOC_UN_ABS, &part, &src);
    ptoc_tile_store(&gy, &whole);
    run_end(&r);
    CHECK(r.ok);
    CHECK(y[0] == fabsf(x[0]) && y[4] == fabsf(x[4]) && y[2 * 8 + 4] == fabsf(x[2 * 8 + 4]));
    CHECK(y[5] == -1.0f && y[3 * 8] == -1.0f && y[63] == -1.0f);

    run_begin(&r, PTOC_CORE_AIV);
    PtocTile small = tile("q", V, F32, 0x200, 8, 8, 2, 5);
    ptoc_tile_unary(PTOC_UN_ABS, &small, &src);
    run_end(&r);
    CHECK_EQ_STR(r.err, "k: TABS: the valid shape of tile 's' is [3, 5], but tile 'q' has valid shape [2, 5]");
}

/* A global window wider than the core's scratch bitmap (rows far apart) grows it mid-op. */
void test_tile_wide_global(void) {
    enum { STRIDE = 300000 };
    float *x = calloc(2 * STRIDE, sizeof(float)), *y = calloc(2 * STRIDE, sizeof(float));
    if (!x || !y) {
        CHECK(false);
        free(x);
        free(y);
        return;
    }
    for (int i = 0; i < 8; i++)
        x[i] = (float)i, x[STRIDE + i] = (float)(10 + i);
    Run r;
    run_begin(&r, PTOC_CORE_AIV);
    PtocTile t = tile("t", V, F32, 0, 2, 8, 2, 8);
    PtocGlobal gx = glob(x, F32, 2, 8, STRIDE), gy = glob(y, F32, 2, 8, STRIDE);
    ptoc_tile_load(&t, &gx);
    ptoc_tile_store(&gy, &t);
    run_end(&r);
    CHECK(r.ok);
    CHECK(y[3] == 3.0f && y[STRIDE + 7] == 17.0f && y[8] == 0.0f);
    free(x);
    free(y);
}

/* Descriptions no C++ type makes (the C entry points are public): errors, never a crash. */
void test_tile_malformed(void) {
    static const struct {
        PtocTile t;
        const char *err;
    } cases[] = {
        {{"a", 0x7fffffff, V, F32, 0x7fffffff, 0x7fffffff, 1, 1},
         "k: TEXPANDS: tile 'a' of [2147483647, 2147483647] elements does not fit in the 196608 bytes of Vec"},
        {{"b", 0, 9, F32, 8, 8, 8, 8}, "k: TEXPANDS: tile 'b' has no on-chip memory space (9)"},
        {{"c", 0, V, 77, 8, 8, 8, 8}, "k: TEXPANDS: tile 'c' has an unknown element type (77)"},
        {{NULL, 0, V, F32, 0, 8, 0, 8}, "k: TEXPANDS: tile '?' has an empty storage shape [0, 8]"},
        {{"e", INT64_MAX, V, F32, 8, 8, 8, 8}, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Run r;
        run_begin(&r, PTOC_CORE_AIV);
        ptoc_tile_fill(&cases[i].t, f32s(1.0f));
        run_end(&r);
        CHECK(!r.ok);
        if (cases[i].err)
            CHECK_EQ_STR(r.err, cases[i].err);
    }
    float x[4] = {0};
    Run r;
    run_begin(&r, PTOC_CORE_AIV);
    PtocTile t = tile("t", V, F32, 0, 1, 8, 1, 4);
    PtocGlobal g = {x, F32, 1, 4, INT64_MAX, INT64_MAX};
    ptoc_tile_load(&t, &g);
    run_end(&r);
    CHECK(!r.ok && strstr(r.err, "is malformed") != NULL);
}
