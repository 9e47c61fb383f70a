/* test_interp.c - the reference interpreter (src/interp/): FP16/BF16 conversion tables (ties to
 * even, subnormals, infinities, NaN, overflow), the cast modes, scalar semantics (floor
 * division and modulo of negatives, integer wrap), .npy round trips and malformed files, the
 * generator, and whole programs: the examples softmax, RMSNorm, matmul and the DAG against
 * plain C loops on the same seeded inputs, tensor ops, non-SSA code, run-time errors.
 *
 * The program tests read files under examples/: run them from the repository root (tests/run.sh
 * does). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"
#include "unit.h"

/* ---- helpers ---- */

static uint32_t f32_bits(float f) {
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    return b;
}

static float bits_f32(uint32_t b) {
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}

/* A program parsed from a file or a string, with its diagnostics in a temporary file. */
typedef struct {
    Diags d;
    FILE *out;
    Ctx c;
    Buf text;
    Source src;
    Program *p;
    char diag[1 << 14];
} T;

static void t_init(T *t) {
    memset(t, 0, sizeof *t);
    t->out = tmpfile();
    diags_init(&t->d, t->out ? t->out : stderr);
    t->d.color = false;
    ctx_init(&t->c, &t->d);
}

static bool t_parse(T *t, const char *name) {
    t->src = (Source){name, t->text.data ? t->text.data : "", t->text.len};
    t->p = parse_program(&t->c, &t->src);
    return t->p != NULL;
}

static bool t_file(T *t, const char *path) {
    t_init(t);
    if (!read_file(path, &t->text))
        return false;
    return t_parse(t, path);
}

static bool t_text(T *t, const char *text) {
    t_init(t);
    buf_puts(&t->text, text);
    return t_parse(t, "test.py");
}

static const char *t_diags(T *t) {
    if (!t->out)
        return "";
    fflush(t->out);
    long n = ftell(t->out);
    rewind(t->out);
    size_t got = fread(t->diag, 1, n > 0 && (size_t)n < sizeof t->diag ? (size_t)n : sizeof t->diag - 1, t->out);
    t->diag[got] = 0;
    fseek(t->out, 0, SEEK_END);
    return t->diag;
}

static void t_free(T *t) {
    ctx_free(&t->c);
    buf_free(&t->text);
    if (t->out)
        fclose(t->out);
}

static InterpResult t_run(T *t, const char *entry, uint64_t seed) {
    Inputs in = {.seed = seed};
    InterpResult r = interp_run(&t->c, t->p, entry, &in);
    inputs_free(&in);
    return r;
}

static const Value *param(const InterpResult *r, const char *name) {
    for (int i = 0; i < r->nparams; i++)
        if (strcmp(r->params[i].name, name) == 0)
            return &r->params[i].v;
    return NULL;
}

/* Element i (row-major) of an array as a float. */
static float elem(const Array *a, int64_t i) {
    float f;
    run_to_f32(&f, array_at(a, array_index(a, i)), a->dt, 1, 1);
    return f;
}

/* The first element differing from want by more than tol (relative to max(|want|, 1)), or -1. */
static int64_t first_mismatch(const Array *a, const float *want, int64_t n, float tol) {
    if (a->n != n)
        return 0;
    for (int64_t i = 0; i < n; i++) {
        float got = elem(a, i), scale = fabsf(want[i]) > 1 ? fabsf(want[i]) : 1;
        if (!(fabsf(got - want[i]) <= tol * scale))
            return i;
    }
    return -1;
}

#define CHECK_ARRAY(arr_, want_, n_, tol_)                                                      \
    do {                                                                                       \
        int64_t bad_ = first_mismatch((arr_), (want_), (n_), (tol_));                          \
        if (bad_ >= 0)                                                                         \
            unit_fail(__FILE__, __LINE__, "element %lld: got %.9g, want %.9g", (long long)bad_, \
                      (arr_)->n > bad_ ? (double)elem((arr_), bad_) : 0.0, (double)(want_)[bad_]); \
    } while (0)

/* ---- FP16 and BF16 ---- */

void test_interp_fp16_from_float_table(void) {
    static const struct {
        float f;
        uint16_t h;
    } table[] = {
        {0.0f, 0x0000}, {-0.0f, 0x8000}, {1.0f, 0x3c00}, {-2.0f, 0xc000}, {0.5f, 0x3800}, {0.1f, 0x2e66},
        {65504.0f, 0x7bff},                 /* the largest finite half */
        {65519.0f, 0x7bff},                 /* below the halfway point to 65536: stays finite */
        {65520.0f, 0x7c00},                 /* halfway, odd mantissa: ties to even overflow to inf */
        {1e10f, 0x7c00}, {-1e10f, 0xfc00},
        {0x1p-14f, 0x0400},                 /* the smallest normal */
        {0x1p-24f, 0x0001},                 /* the smallest subnormal */
        {0x1p-25f, 0x0000},                 /* half of it: ties to even (0) */
        {0x1.000002p-25f, 0x0001},          /* just above half */
        {0x3p-25f, 0x0002},                 /* 1.5 units: ties to even (2) */
        {0x5p-25f, 0x0002},                 /* 2.5 units: ties to even (2) */
        {0x3ffp-24f, 0x03ff},               /* the largest subnormal */
        {0x1.ffcp-15f, 0x0400},             /* rounds up from subnormal into the smallest normal */
        {0x1p-30f, 0x0000}, {-0x1p-30f, 0x8000},
        {1.0f + 0x1p-11f, 0x3c00},          /* tie between 0x3c00 and 0x3c01: to even */
        {1.0f + 0x3p-11f, 0x3c02},          /* tie between 0x3c01 and 0x3c02: to even */
        {0x1.002002p+0f, 0x3c01},           /* just above the tie */
        {2049.0f, 0x6800},                  /* 2048 + 1: tie, to even (2048) */
        {2051.0f, 0x6802},                  /* 2048 + 3: tie, to even (2052) */
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        uint16_t got = fp16_from_float(table[i].f);
        if (got != table[i].h)
            unit_fail(__FILE__, __LINE__, "fp16_from_float(%a) = 0x%04x, want 0x%04x", (double)table[i].f, got,
                      table[i].h);
    }
    CHECK_EQ_INT(fp16_from_float(INFINITY), 0x7c00);
    CHECK_EQ_INT(fp16_from_float(-INFINITY), 0xfc00);
    uint16_t nan = fp16_from_float(NAN);
    CHECK((nan & 0x7c00) == 0x7c00 && (nan & 0x3ff) != 0);
}

void test_interp_fp16_to_float_table(void) {
    CHECK(fp16_to_float(0x0001) == 0x1p-24f);
    CHECK(fp16_to_float(0x03ff) == 0x3ffp-24f);
    CHECK(fp16_to_float(0x0400) == 0x1p-14f);
    CHECK(fp16_to_float(0x7bff) == 65504.0f);
    CHECK(fp16_to_float(0x3c01) == 1.0f + 0x1p-10f);
    CHECK(fp16_to_float(0xc000) == -2.0f);
    CHECK(isinf(fp16_to_float(0x7c00)) && fp16_to_float(0x7c00) > 0);
    CHECK(isinf(fp16_to_float(0xfc00)) && fp16_to_float(0xfc00) < 0);
    CHECK(isnan(fp16_to_float(0x7e00)) && isnan(fp16_to_float(0x7c01)));
    CHECK(signbit(fp16_to_float(0x8000)) && fp16_to_float(0x8000) == 0);
    CHECK(signbit(fp16_to_float(0x8001)) && fp16_to_float(0x8001) == -0x1p-24f);
    /* every half survives the round trip; NaNs stay NaNs */
    int bad = 0;
    for (uint32_t h = 0; h < 0x10000; h++) {
        float f = fp16_to_float((uint16_t)h);
        uint16_t back = fp16_from_float(f);
        bool is_nan = (h & 0x7c00) == 0x7c00 && (h & 0x3ff);
        if (is_nan ? !isnan(fp16_to_float(back)) : back != h)
            bad++;
    }
    CHECK_EQ_INT(bad, 0);
}

void test_interp_bf16_table(void) {
    CHECK_EQ_INT(bf16_from_float(1.0f), 0x3f80);
    CHECK_EQ_INT(bf16_from_float(-2.0f), 0xc000);
    CHECK_EQ_INT(bf16_from_float(1.0f + 0x1p-8f), 0x3f80);          /* tie: to even */
    CHECK_EQ_INT(bf16_from_float(1.0f + 0x3p-8f), 0x3f82);          /* tie: to even */
    CHECK_EQ_INT(bf16_from_float(0x1.010002p+0f), 0x3f81);          /* above the tie */
    CHECK_EQ_INT(bf16_from_float(bits_f32(0x7f7fffff)), 0x7f80);    /* FLT_MAX overflows to inf */
    CHECK_EQ_INT(bf16_from_float(bits_f32(0xff7fffff)), 0xff80);
    CHECK_EQ_INT(bf16_from_float(bits_f32(0x00008000)), 0x0000);    /* subnormal tie to even */
    CHECK_EQ_INT(bf16_from_float(bits_f32(0x00018000)), 0x0002);    /* subnormal tie to even */
    CHECK_EQ_INT(bf16_from_float(bits_f32(0x00010001)), 0x0001);
    CHECK_EQ_INT(bf16_from_float(INFINITY), 0x7f80);
    uint16_t nan = bf16_from_float(NAN);
    CHECK((nan & 0x7f80) == 0x7f80 && (nan & 0x7f) != 0);
    CHECK(bf16_to_float(0x3f80) == 1.0f);
    CHECK(bf16_to_float(0x0001) == bits_f32(0x00010000));
    /* the bit trick agrees with the general rounding routine; every bf16 round-trips */
    uint64_t state = 12345;
    int bad = 0;
    for (int i = 0; i < 200000; i++) {
        uint32_t b = (uint32_t)splitmix64(&state);
        float f = bits_f32(b);
        if (isnan(f))
            continue;
        if (bf16_from_float(f) != (uint16_t)fp_bits_from_double(f, DT_BF16, RM_RINT))
            bad++;
    }
    for (uint32_t h = 0; h < 0x10000; h++) {
        float f = bf16_to_float((uint16_t)h);
        if (!isnan(f) && bf16_from_float(f) != h)
            bad++;
    }
    CHECK_EQ_INT(bad, 0);
}

void test_interp_fp16_matches_hardware_conversion(void) {
    /* the general routine against the host's own float -> double -> float path for FP32, and
     * FP16 against an independent formula on many random floats */
    uint64_t state = 99;
    int bad = 0;
    for (int i = 0; i < 200000; i++) {
        double d = ldexp((double)(splitmix64(&state) >> 11), -53) * ldexp(1.0, (int)(splitmix64(&state) % 80) - 40);
        if (splitmix64(&state) & 1)
            d = -d;
        if (fp_bits_from_double(d, DT_FP32, RM_RINT) != f32_bits((float)d))
            bad++;
        /* FP16 by scaling: round(|d| / ulp) with ties to even, for normal halves */
        float f = (float)d;
        double a = fabs((double)f);
        if (a >= 0x1p-14 && a < 65504) {
            int e = ilogb(a);
            double ulp = ldexp(1.0, e - 10), q = a / ulp, fl = floor(q), r = q - fl;
            double m = r > 0.5 || (r == 0.5 && fmod(fl, 2) != 0) ? fl + 1 : fl;
            double want = copysign(m * ulp, f);
            if (fp16_to_float(fp16_from_float(f)) != (float)want)
                bad++;
        }
    }
    CHECK_EQ_INT(bad, 0);
}

void test_interp_round_modes(void) {
    double tie = 1.0 + 0x1p-11, ntie = -tie;
    static const uint16_t up[7] = {0x3c00, 0x3c00, 0x3c01, 0x3c00, 0x3c01, 0x3c00, 0x3c01};
    static const uint16_t down[7] = {0xbc00, 0xbc00, 0xbc01, 0xbc01, 0xbc00, 0xbc00, 0xbc01};
    for (int m = 0; m < 7; m++) {
        CHECK_EQ_INT(fp_bits_from_double(tie, DT_FP16, (RoundMode)m), up[m]);
        CHECK_EQ_INT(fp_bits_from_double(ntie, DT_FP16, (RoundMode)m), down[m]);
    }
    /* round to odd: an inexact result gets an odd last bit; an exact one stays */
    CHECK_EQ_INT(fp_bits_from_double(1.0 + 0x1p-12, DT_FP16, RM_ODD), 0x3c01);
    CHECK_EQ_INT(fp_bits_from_double(1.0 + 0x1p-9, DT_FP16, RM_ODD), 0x3c02);
    /* overflow follows the direction */
    CHECK_EQ_INT(fp_bits_from_double(1e6, DT_FP16, RM_TRUNC), 0x7bff);
    CHECK_EQ_INT(fp_bits_from_double(1e6, DT_FP16, RM_CEIL), 0x7c00);
    CHECK_EQ_INT(fp_bits_from_double(1e6, DT_FP16, RM_FLOOR), 0x7bff);
    CHECK_EQ_INT(fp_bits_from_double(-1e6, DT_FP16, RM_CEIL), 0xfbff);
    CHECK_EQ_INT(fp_bits_from_double(-1e6, DT_FP16, RM_FLOOR), 0xfc00);
    CHECK_EQ_INT(fp_bits_from_double(1e6, DT_FP16, RM_ODD), 0x7bff);
    CHECK_EQ_INT(fp_bits_from_double(1e6, DT_FP16, RM_ROUND), 0x7c00);
    /* integers to floats, exactly rounded: 2^24 + 1 is a tie in FP32 */
    CHECK_EQ_INT(fp_bits_from_int(false, (1u << 24) + 1, DT_FP32, RM_RINT), f32_bits(16777216.0f));
    CHECK_EQ_INT(fp_bits_from_int(false, (1u << 24) + 1, DT_FP32, RM_CEIL), f32_bits(16777218.0f));
    CHECK_EQ_INT(fp_bits_from_int(false, (1u << 24) + 3, DT_FP32, RM_RINT), f32_bits(16777220.0f));
    CHECK_EQ_INT(fp_bits_from_int(true, UINT64_C(1) << 63, DT_FP32, RM_RINT), f32_bits(-0x1p63f));
    /* floats to integers */
    static const int64_t pos[7] = {2, 2, 3, 2, 3, 2, 3}, neg[7] = {-2, -2, -3, -3, -2, -2, -3};
    for (int m = 0; m < 7; m++) {
        CHECK_EQ_INT(int_from_double(2.5, DT_INT32, (RoundMode)m), pos[m]);
        CHECK_EQ_INT(int_from_double(-2.5, DT_INT32, (RoundMode)m), neg[m]);
    }
    CHECK_EQ_INT(int_from_double(3.5, DT_INT32, RM_RINT), 4);
    CHECK_EQ_INT(int_from_double(4.0, DT_INT32, RM_ODD), 4);
    CHECK_EQ_INT(int_from_double(4.2, DT_INT32, RM_ODD), 5);
    CHECK_EQ_INT(int_from_double(300, DT_INT8, RM_RINT), 127);
    CHECK_EQ_INT(int_from_double(-300, DT_INT8, RM_RINT), -128);
    CHECK_EQ_INT(int_from_double(-5, DT_UINT8, RM_RINT), 0);
    CHECK_EQ_INT(int_from_double(1e30, DT_INT64, RM_RINT), INT64_MAX);
    CHECK_EQ_INT(int_from_double(-1e30, DT_INT64, RM_RINT), INT64_MIN);
    CHECK_EQ_INT(int_from_double(NAN, DT_INT32, RM_RINT), 0);
    CHECK_EQ_INT(dtype_wrap(300, DT_INT8), 44);
    CHECK_EQ_INT(dtype_wrap(-1, DT_UINT16), 65535);
}

/* ---- scalars ---- */

static Scalar I64(int64_t v) { return scalar_int(DT_INT64, v); }

static int64_t ibin(BinOp op, Scalar a, Scalar b, DType dt, bool *ok) {
    Scalar r;
    const char *err;
    *ok = scalar_binary(op, a, b, dt, &r, &err);
    return *ok ? r.i : 0;
}

void test_interp_scalar_floor_division(void) {
    static const struct {
        int64_t a, b, q, m;
    } cases[] = {
        {-7, 2, -4, 1}, {7, -2, -4, -1}, {-7, -2, 3, -1}, {7, 2, 3, 1}, {-8, 2, -4, 0}, {0, -3, 0, 0},
        {INT64_MIN, -1, INT64_MIN, 0}, {INT64_MIN, 3, -3074457345618258603, 1},
    };
    bool ok;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CHECK_EQ_INT(ibin(BIN_FLOORDIV, I64(cases[i].a), I64(cases[i].b), DT_INT64, &ok), cases[i].q);
        CHECK(ok);
        CHECK_EQ_INT(ibin(BIN_MOD, I64(cases[i].a), I64(cases[i].b), DT_INT64, &ok), cases[i].m);
        CHECK(ok);
    }
    Scalar r;
    const char *err;
    CHECK(!scalar_binary(BIN_FLOORDIV, I64(5), I64(0), DT_INT64, &r, &err) && strstr(err, "division by zero"));
    CHECK(!scalar_binary(BIN_MOD, I64(5), I64(0), DT_INT64, &r, &err) && strstr(err, "modulo by zero"));
    CHECK(!scalar_binary(BIN_DIV, I64(5), I64(0), DT_FP32, &r, &err));
    /* floats: Python's semantics, in float */
    Scalar x = scalar_float(DT_FP32, -7.0), y = scalar_float(DT_FP32, 2.0);
    CHECK(scalar_binary(BIN_FLOORDIV, x, y, DT_FP32, &r, &err) && r.f == -4.0);
    CHECK(scalar_binary(BIN_MOD, x, y, DT_FP32, &r, &err) && r.f == 1.0);
    CHECK(scalar_binary(BIN_MOD, scalar_float(DT_FP32, 7.5), scalar_float(DT_FP32, -2.0), DT_FP32, &r, &err) &&
          r.f == -0.5);
    CHECK(scalar_binary(BIN_DIV, I64(7), I64(2), DT_FP32, &r, &err) && r.f == 3.5);
    /* unsigned 64-bit division is unsigned */
    Scalar big = scalar_int(DT_UINT64, -2); /* 2^64 - 2 */
    CHECK(scalar_binary(BIN_FLOORDIV, big, scalar_int(DT_UINT64, 2), DT_UINT64, &r, &err) &&
          (uint64_t)r.i == UINT64_C(0x7fffffffffffffff));
}

void test_interp_scalar_wrap_and_floats(void) {
    bool ok;
    Scalar i32max = scalar_int(DT_INT32, 2147483647);
    CHECK_EQ_INT(ibin(BIN_ADD, i32max, scalar_int(DT_INT32, 1), DT_INT32, &ok), INT32_MIN);
    CHECK_EQ_INT(ibin(BIN_MUL, scalar_int(DT_INT8, 100), scalar_int(DT_INT8, 3), DT_INT8, &ok), 44);
    CHECK_EQ_INT(ibin(BIN_SUB, scalar_int(DT_UINT8, 0), scalar_int(DT_UINT8, 1), DT_UINT8, &ok), 255);
    CHECK_EQ_INT(ibin(BIN_ADD, scalar_int(DT_UINT64, -1), scalar_int(DT_UINT64, 1), DT_UINT64, &ok), 0);
    CHECK_EQ_INT(ibin(BIN_ADD, I64(INT64_MAX), I64(1), DT_INT64, &ok), INT64_MIN);
    CHECK_EQ_INT(ibin(BIN_SHL, I64(1), I64(63), DT_INT64, &ok), INT64_MIN);
    CHECK_EQ_INT(ibin(BIN_SHL, I64(1), I64(64), DT_INT64, &ok), 0);
    CHECK_EQ_INT(ibin(BIN_SHR, I64(-8), I64(1), DT_INT64, &ok), -4);
    CHECK_EQ_INT(ibin(BIN_SHR, I64(-7), I64(1), DT_INT64, &ok), -4); /* rounds down, like Python */
    CHECK_EQ_INT(ibin(BIN_SHR, I64(-1), I64(100), DT_INT64, &ok), -1);
    ibin(BIN_SHL, I64(1), I64(-1), DT_INT64, &ok);
    CHECK(!ok);
    CHECK_EQ_INT(ibin(BIN_POW, I64(3), I64(4), DT_INT64, &ok), 81);
    CHECK_EQ_INT(ibin(BIN_POW, I64(2), I64(64), DT_INT64, &ok), 0);
    ibin(BIN_POW, I64(2), I64(-1), DT_INT64, &ok);
    CHECK(!ok);
    CHECK_EQ_INT(ibin(BIN_LT, scalar_int(DT_UINT64, -1), scalar_int(DT_UINT64, 1), DT_BOOL, &ok), 0); /* unsigned */
    CHECK_EQ_INT(ibin(BIN_LT, scalar_int(DT_UINT64, -1), I64(0), DT_BOOL, &ok), 1); /* promoted to INT64 */
    CHECK_EQ_INT(ibin(BIN_MIN, I64(-3), I64(2), DT_INT64, &ok), -3);
    /* FP32 computes in float, not double */
    Scalar r;
    const char *err;
    Scalar a = scalar_float(DT_FP32, 0.1), b = scalar_float(DT_FP32, 0.2);
    CHECK(scalar_binary(BIN_ADD, a, b, DT_FP32, &r, &err));
    volatile float fa = 0.1f, fb = 0.2f;
    float want = fa + fb;
    CHECK(r.f == (double)want);
    CHECK(a.f == (double)0.1f);
    /* FP16 rounds every result to FP16 */
    Scalar h1 = scalar_float(DT_FP16, 1.0), h2 = scalar_float(DT_FP16, 0x1p-11);
    CHECK(scalar_binary(BIN_ADD, h1, h2, DT_FP16, &r, &err) && r.f == 1.0);
    CHECK(scalar_float(DT_FP16, 0.1).f == (double)fp16_to_float(0x2e66));
    /* conversions */
    CHECK_EQ_INT(scalar_convert(scalar_float(DT_FP32, -2.7), DT_INT32).i, -2);
    CHECK_EQ_INT(scalar_convert(I64(300), DT_INT8).i, 44);
    CHECK_EQ_INT(scalar_convert(I64(-1), DT_UINT8).i, 255);
    CHECK(scalar_convert(I64(16777217), DT_FP32).f == 16777216.0);
    CHECK_EQ_INT(scalar_cast(scalar_float(DT_FP32, 2.5), DT_INT32, RM_ROUND).i, 3);
    CHECK_EQ_INT(scalar_convert(scalar_float(DT_FP32, 0.5), DT_BOOL).i, 1);
    Scalar u;
    CHECK(scalar_unary(UN_NEG, I64(INT64_MIN), DT_INT64, &u, &err) && u.i == INT64_MIN);
    CHECK(scalar_unary(UN_BITNOT, scalar_int(DT_UINT8, 0), DT_UINT8, &u, &err) && u.i == 255);
    CHECK(scalar_unary(UN_ABS, scalar_float(DT_FP32, -1.5), DT_FP32, &u, &err) && u.f == 1.5);
}

/* ---- bitmaps and the generator ---- */

void test_interp_bitmaps(void) {
    uint8_t a[16] = {0}, b[16] = {0};
    bits_set(a, 3, 70, true);
    CHECK_EQ_INT(bits_first_clear(a, 3, 70), -1);
    CHECK_EQ_INT(bits_first_clear(a, 0, 10), 0);
    CHECK_EQ_INT(bits_first_clear(a, 3, 71), 70);
    bits_set(a, 40, 1, false);
    CHECK_EQ_INT(bits_first_clear(a, 3, 70), 37);
    bits_copy(b, 5, a, 3, 70);
    CHECK_EQ_INT(bits_first_clear(b, 5, 70), 37);
    CHECK(!bit_get(b, 4) && bit_get(b, 5) && !bit_get(b, 42) && bit_get(b, 74) && !bit_get(b, 75));
    uint8_t c[16] = {0};
    bits_copy(c, 8, a, 0, 80); /* byte-aligned path */
    CHECK(!bit_get(c, 10) && bit_get(c, 11) && !bit_get(c, 48) && bit_get(c, 80) && !bit_get(c, 81));
}

void test_interp_generator(void) {
    int64_t shape[2] = {16, 16};
    Array *a = array_new(DT_FP32, 2, shape, MEM_DDR), *b = array_new(DT_FP32, 2, shape, MEM_DDR);
    Array *h = array_new(DT_FP16, 2, shape, MEM_DDR), *i8 = array_new(DT_INT32, 2, shape, MEM_DDR);
    gen_fill(a, "x", 1);
    gen_fill(b, "x", 1);
    CHECK(memcmp(a->st->data, b->st->data, 256 * 4) == 0);
    CHECK_EQ_INT(array_count_uninit(a), 0);
    gen_fill(b, "y", 1);
    CHECK(memcmp(a->st->data, b->st->data, 256 * 4) != 0);
    gen_fill(b, "x", 2);
    CHECK(memcmp(a->st->data, b->st->data, 256 * 4) != 0);
    gen_fill(h, "x", 1);
    gen_fill(i8, "x", 1);
    bool in_range = true;
    for (int i = 0; i < 256; i++) {
        float x = elem(a, i), y = elem(h, i), z = elem(i8, i);
        in_range &= x >= -1 && x < 1 && y >= -1 && y < 1 && z >= -8 && z < 8 && z == floorf(z);
        in_range &= fabsf(y) <= fabsf(x); /* FP16 rounds toward zero from the same draw */
    }
    CHECK(in_range);
    /* the first draw of "x" with seed 1, by the documented recipe */
    uint64_t st = 1 ^ fnv1a64("x", 1, UINT64_C(0xcbf29ce484222325));
    double want = (double)(splitmix64(&st) >> 40) / 8388608.0 - 1.0;
    CHECK(elem(a, 0) == (float)want);
    Scalar s = gen_scalar(DT_INT64, "n", 7);
    CHECK(s.i >= 1 && s.i <= 8);
    array_release(a);
    array_release(b);
    array_release(h);
    array_release(i8);
}

/* ---- .npy ---- */

static Array *filled(DType dt, int rank, const int64_t *shape) {
    Array *a = array_new(dt, rank, shape, MEM_DDR);
    for (int64_t i = 0; i < a->n; i++)
        a->st->data[i * (int64_t)dtype_size(dt)] = (uint8_t)(i * 7 + 1);
    array_mark_init(a);
    return a;
}

void test_interp_npy_roundtrip(void) {
    static const DType dts[] = {DT_FP32, DT_FP16, DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, DT_UINT16,
                                DT_UINT32, DT_UINT64, DT_BOOL, DT_BF16};
    int64_t shape3[3] = {2, 3, 5}, shape1[1] = {5};
    for (size_t k = 0; k < sizeof dts / sizeof dts[0]; k++)
        for (int form = 0; form < 3; form++) {
            int rank = form == 0 ? 3 : form == 1 ? 1 : 0;
            Array *a = filled(dts[k], rank, form == 0 ? shape3 : shape1), *b = NULL;
            if (dts[k] == DT_BOOL)
                for (int64_t i = 0; i < a->n; i++)
                    a->st->data[i] &= 1;
            Buf enc = {0}, err = {0};
            npy_encode(&enc, a);
            size_t hlen = (size_t)(uint8_t)enc.data[8] | (size_t)(uint8_t)enc.data[9] << 8;
            CHECK((10 + hlen) % 64 == 0 && enc.data[10 + hlen - 1] == '\n');
            bool ok = npy_decode((const uint8_t *)enc.data, enc.len, &b, &err);
            CHECK(ok);
            if (ok) {
                CHECK_EQ_INT(b->dt, dts[k] == DT_BF16 ? DT_UINT16 : dts[k]); /* bf16 travels as '<u2' bits */
                CHECK_EQ_INT(b->rank, rank);
                CHECK_EQ_INT(b->n, a->n);
                CHECK(memcmp(a->st->data, b->st->data, (size_t)a->n * dtype_size(a->dt)) == 0);
                CHECK_EQ_INT(array_count_uninit(b), 0);
            }
            if (form == 1)
                CHECK(strstr(enc.data + 10, "'shape': (5,)") != NULL);
            if (form == 2)
                CHECK(strstr(enc.data + 10, "'shape': ()") != NULL);
            array_release(a);
            array_release(b);
            buf_free(&enc);
            buf_free(&err);
        }
    /* a strided view is written in row-major order */
    int64_t shape2[2] = {3, 4};
    Array *m = filled(DT_INT32, 2, shape2), *b = NULL;
    int64_t tshape[2] = {4, 3}, tstride[2] = {1, 4};
    Array *t = array_view(m, 2, tshape, tstride, 0);
    Buf enc = {0}, err = {0};
    npy_encode(&enc, t);
    CHECK(npy_decode((const uint8_t *)enc.data, enc.len, &b, &err));
    if (b)
        for (int64_t i = 0; i < 12; i++)
            CHECK(elem(b, i) == elem(m, (i % 3) * 4 + i / 3));
    array_release(b);
    array_release(t);
    array_release(m);
    buf_free(&enc);
    buf_free(&err);
}

/* A .npy file with the given header dict (padded) and n data bytes. */
static void npy_with(Buf *out, int major, const char *dict, size_t ndata) {
    out->len = 0;
    buf_putn(out, "\x93NUMPY", 6);
    buf_putc(out, (char)major);
    buf_putc(out, 0);
    size_t hlen = strlen(dict) + 1;
    buf_putc(out, (char)(hlen & 0xff));
    buf_putc(out, (char)(hlen >> 8));
    if (major >= 2) {
        buf_putc(out, 0);
        buf_putc(out, 0);
    }
    buf_puts(out, dict);
    buf_putc(out, '\n');
    for (size_t i = 0; i < ndata; i++)
        buf_putc(out, 0);
}

static bool npy_fails(const Buf *b, const char *want) {
    Array *a = NULL;
    Buf err = {0};
    bool ok = npy_decode((const uint8_t *)b->data, b->len, &a, &err);
    bool matched = !ok && !a && err.data && strstr(err.data, want);
    if (!matched)
        unit_fail(__FILE__, __LINE__, "want an error containing '%s', got %s", want, ok ? "success" : err.data);
    array_release(a);
    buf_free(&err);
    return matched;
}

void test_interp_npy_malformed(void) {
    Buf b = {0};
    buf_puts(&b, "NUMPY");
    npy_fails(&b, "bad magic");
    b.len = 0;
    buf_putn(&b, "\x93NUMPX\x01\x00\x10\x00", 10);
    npy_fails(&b, "bad magic");
    npy_with(&b, 9, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8);
    npy_fails(&b, "version 9.0");
    npy_with(&b, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8);
    b.len = 20; /* cut inside the header */
    npy_fails(&b, "truncated header");
    npy_with(&b, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 7);
    npy_fails(&b, "truncated data");
    npy_with(&b, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 9);
    npy_fails(&b, "1 bytes after the data");
    npy_with(&b, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 16);
    npy_fails(&b, "float64");
    npy_with(&b, 1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8);
    npy_fails(&b, "big-endian");
    npy_with(&b, 1, "{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", 16);
    npy_fails(&b, "unsupported dtype '<c8'");
    npy_with(&b, 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16);
    npy_fails(&b, "Fortran");
    npy_with(&b, 1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", 8);
    npy_fails(&b, "structured");
    npy_with(&b, 1, "{'descr': '<f4', 'shape': (2,), }", 8);
    npy_fails(&b, "missing key 'fortran_order'");
    npy_with(&b, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }", 8);
    npy_fails(&b, "non-negative");
    npy_with(&b, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", 8);
    npy_fails(&b, "unknown key 'x'");
    npy_with(&b, 1, "['descr']", 8);
    npy_fails(&b, "expected '{'");
    /* version 2.0 with a 4-byte header length reads */
    npy_with(&b, 2, "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", 3);
    Array *a = NULL;
    Buf err = {0};
    CHECK(npy_decode((const uint8_t *)b.data, b.len, &a, &err) && a && a->n == 3 && a->dt == DT_UINT8);
    array_release(a);
    buf_free(&err);
    buf_free(&b);
}

/* ---- whole programs: the examples against plain C loops ---- */

void test_interp_softmax_reference(void) {
    T t;
    if (!t_file(&t, "examples/softmax.py")) {
        unit_fail(__FILE__, __LINE__, "cannot load examples/softmax.py: %s", t_diags(&t));
        t_free(&t);
        return;
    }
    InterpResult r = t_run(&t, NULL, 1);
    CHECK(r.ok && r.nrets == 1);
    const Value *xv = param(&r, "x");
    if (r.ok && xv && r.rets[0].kind == V_TENSOR) {
        /* the input is exactly what the generator gives for "x" with seed 1 */
        Array *x = array_new(DT_FP32, xv->a->rank, xv->a->shape, MEM_DDR);
        gen_fill(x, "x", 1);
        CHECK(memcmp(x->st->data, xv->a->st->data, (size_t)x->n * 4) == 0);
        float want[256 * 64];
        for (int i = 0; i < 256; i++) {
            const float *row = (const float *)x->st->data + i * 64;
            float mx = row[0], sum = 0;
            for (int j = 1; j < 64; j++)
                mx = row[j] > mx ? row[j] : mx;
            for (int j = 0; j < 64; j++) {
                want[i * 64 + j] = expf(row[j] - mx);
                sum += want[i * 64 + j];
            }
            for (int j = 0; j < 64; j++)
                want[i * 64 + j] /= sum;
        }
        CHECK_ARRAY(r.rets[0].a, want, 256 * 64, 1e-6f);
        array_release(x);
    }
    interp_result_free(&r);
    t_free(&t);
}

void test_interp_rmsnorm_reference(void) {
    T t;
    if (!t_file(&t, "examples/rmsnorm.py")) {
        unit_fail(__FILE__, __LINE__, "cannot load examples/rmsnorm.py");
        t_free(&t);
        return;
    }
    InterpResult r = t_run(&t, NULL, 1);
    const Value *xv = param(&r, "x"), *wv = param(&r, "weight");
    CHECK(r.ok && r.nrets == 1 && xv && wv);
    if (r.ok && xv && wv) {
        const float *x = (const float *)xv->a->st->data, *w = (const float *)wv->a->st->data;
        float want[64 * 128];
        for (int i = 0; i < 64; i++) {
            float ss = 0;
            for (int j = 0; j < 128; j++)
                ss += x[i * 128 + j] * x[i * 128 + j];
            float inv = 1.0f / sqrtf(ss * 0.0078125f + 1e-6f);
            for (int j = 0; j < 128; j++)
                want[i * 128 + j] = x[i * 128 + j] * inv * w[j];
        }
        CHECK_ARRAY(r.rets[0].a, want, 64 * 128, 1e-6f);
    }
    interp_result_free(&r);
    t_free(&t);
}

void test_interp_matmul_reference(void) {
    T t;
    if (!t_file(&t, "examples/matmul.py")) {
        unit_fail(__FILE__, __LINE__, "cannot load examples/matmul.py");
        t_free(&t);
        return;
    }
    InterpResult r = t_run(&t, NULL, 1);
    const Value *av = param(&r, "a"), *bv = param(&r, "b");
    CHECK(r.ok && r.nrets == 1 && av && bv && av->a->dt == DT_FP16);
    if (r.ok && av && bv) {
        const uint16_t *a = (const uint16_t *)av->a->st->data, *b = (const uint16_t *)bv->a->st->data;
        static float want[128 * 128];
        for (int m = 0; m < 128; m++)
            for (int n = 0; n < 128; n++) {
                float acc = 0; /* FP16 products accumulate in FP32, k in order */
                for (int k = 0; k < 256; k++)
                    acc += fp16_to_float(a[m * 256 + k]) * fp16_to_float(b[k * 128 + n]);
                want[m * 128 + n] = acc;
            }
        CHECK_EQ_INT(r.rets[0].a->dt, DT_FP32);
        CHECK_ARRAY(r.rets[0].a, want, 128 * 128, 1e-5f);
    }
    interp_result_free(&r);
    t_free(&t);
}

void test_interp_dag_reference(void) {
    T t;
    if (!t_file(&t, "examples/dag.py")) {
        unit_fail(__FILE__, __LINE__, "cannot load examples/dag.py");
        t_free(&t);
        return;
    }
    InterpResult r = t_run(&t, NULL, 1);
    const Value *av = param(&r, "a"), *bv = param(&r, "b");
    CHECK(r.ok && r.nrets == 2 && av && bv);
    if (r.ok && r.nrets == 2 && av && bv) {
        const float *a = (const float *)av->a->st->data, *b = (const float *)bv->a->st->data;
        static float f[128 * 128], h[128 * 128];
        for (int i = 0; i < 128 * 128; i++) {
            float c = a[i] + b[i], d = c + 1.0f, e = c + 2.0f, g = d * e;
            f[i] = g + c;
            h[i] = c * c + f[i];
        }
        CHECK_ARRAY(r.rets[0].a, f, 128 * 128, 0);
        CHECK_ARRAY(r.rets[1].a, h, 128 * 128, 0);
    }
    interp_result_free(&r);
    t_free(&t);
}

/* tensor.view/assemble/reshape/matmul/transpose/dim (tests/programs/tensor_ops.py). */
void test_interp_tensor_ops_reference(void) {
    T t;
    if (!t_file(&t, "tests/programs/tensor_ops.py")) {
        unit_fail(__FILE__, __LINE__, "cannot load tests/programs/tensor_ops.py");
        t_free(&t);
        return;
    }
    InterpResult r = t_run(&t, "shapes", 3);
    const Value *xv = param(&r, "x"), *wv = param(&r, "w");
    CHECK(r.ok && r.nrets == 2 && xv && wv);
    if (r.ok && r.nrets == 2 && xv && wv) {
        const float *x = (const float *)xv->a->st->data, *w = (const float *)wv->a->st->data;
        static float s[32 * 128], want[32 * 64];
        for (int i = 0; i < 32 * 128; i++)
            s[i] = x[i] + x[32 * 128 + i];
        for (int j = 0; j < 32; j++)      /* part = transpose(whole @ w), whole = [s; s] */
            for (int i = 0; i < 64; i++) {
                float acc = 0;
                for (int k = 0; k < 128; k++)
                    acc += s[(i % 32) * 128 + k] * w[k * 32 + j];
                want[j * 64 + i] = acc;
            }
        CHECK_EQ_INT(r.rets[0].a->shape[0], 32);
        CHECK_EQ_INT(r.rets[0].a->shape[1], 64);
        CHECK_ARRAY(r.rets[0].a, want, 32 * 64, 1e-6f);
        CHECK(r.rets[1].kind == V_SCALAR && r.rets[1].s.i == 64);
    }
    interp_result_free(&r);
    t_free(&t);
}

/* ---- small programs ---- */

static const char *const NON_SSA =
    "import pypto.language as pl\n"
    "\n"
    "@pl.program\n"
    "class P:\n"
    "    @pl.function\n"
    "    def f(self, n: pl.Scalar[pl.INT64]) -> tuple[pl.Scalar[pl.INT64], pl.Scalar[pl.INT64]]:\n"
    "        total = 0\n"
    "        last = -1\n"
    "        for i in pl.range(n):\n"
    "            if i % 2 == 0:\n"
    "                continue\n"
    "            if i > 7:\n"
    "                break\n"
    "            total = total + i\n"
    "            last = i\n"
    "        return total, last\n";

void test_interp_non_ssa_loops(void) {
    T t;
    CHECK(t_text(&t, NON_SSA));
    if (!t.p) {
        unit_fail(__FILE__, __LINE__, "%s", t_diags(&t));
        t_free(&t);
        return;
    }
    Inputs in = {0};
    inputs_add_number(&in, intern_cstr(t.c.names, "n"), "20", "test");
    InterpResult r = interp_run(&t.c, t.p, NULL, &in);
    CHECK(r.ok && r.nrets == 2);
    if (r.ok && r.nrets == 2) {
        CHECK_EQ_INT(r.rets[0].s.i, 1 + 3 + 5 + 7);
        CHECK_EQ_INT(r.rets[1].s.i, 7);
    }
    interp_result_free(&r);
    inputs_free(&in);
    t_free(&t);
}

static const char *const ERRORS =
    "import pypto.language as pl\n"
    "\n"
    "@pl.program\n"
    "class E:\n"
    "    @pl.function(type=pl.FunctionType.InCore)\n"
    "    def oob(self, x: pl.Tensor[[64, 64], pl.FP32], i: pl.INT64, out: pl.Tensor[[64, 64], pl.FP32]) -> pl.Tensor[[64, 64], pl.FP32]:\n"
    "        t = pl.load(x, [i * 64, 0], [64, 64])\n"
    "        r = pl.store(t, [0, 0], [64, 64], out)\n"
    "        return r\n"
    "\n"
    "    @pl.function(type=pl.FunctionType.InCore)\n"
    "    def uninit(self, out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:\n"
    "        t = pl.tile.create_tile([16, 16], dtype=pl.FP32, target_memory=pl.Mem.Vec)\n"
    "        u = pl.tile.exp(t)\n"
    "        r = pl.store(u, [0, 0], [16, 16], out)\n"
    "        return r\n"
    "\n"
    "    @pl.function\n"
    "    def divide(self, a: pl.Scalar[pl.INT64], b: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:\n"
    "        c = a // (b - b)\n"
    "        return c\n";

void test_interp_run_time_errors(void) {
    T t;
    CHECK(t_text(&t, ERRORS));
    if (!t.p) {
        unit_fail(__FILE__, __LINE__, "%s", t_diags(&t));
        t_free(&t);
        return;
    }
    Inputs in = {0};
    inputs_add_number(&in, intern_cstr(t.c.names, "i"), "1", "test");
    InterpResult r = interp_run(&t.c, t.p, "oob", &in);
    inputs_free(&in);
    CHECK(!r.ok);
    CHECK(strstr(t_diags(&t), "test.py:7:13: error: run time: tile.load reads rows 64..127 of a [64, 64] tensor 'x'"));
    interp_result_free(&r);
    r = t_run(&t, "uninit", 1);
    CHECK(!r.ok);
    CHECK(strstr(t_diags(&t), "run time: tile.exp reads an uninitialised element [0, 0] of 't'"));
    interp_result_free(&r);
    r = t_run(&t, "divide", 1);
    CHECK(!r.ok);
    CHECK(strstr(t_diags(&t), "run time: integer division by zero in '//'"));
    interp_result_free(&r);
    r = t_run(&t, "nosuch", 1);
    CHECK(!r.ok && strstr(t_diags(&t), "no function 'nosuch'"));
    interp_result_free(&r);
    t_free(&t);
}

/* The same program printed and parsed again runs to the same results (the seam for a driver
 * that runs the program after every pass). */
void test_interp_results_compare(void) {
    T a, b;
    if (!t_file(&a, "examples/dag.py")) {
        unit_fail(__FILE__, __LINE__, "cannot load examples/dag.py");
        t_free(&a);
        return;
    }
    Buf printed = {0};
    print_program(&printed, a.p);
    CHECK(t_text(&b, printed.data));
    InterpResult ra = t_run(&a, NULL, 5), rb = t_run(&b, NULL, 5), rc = t_run(&b, NULL, 6);
    Buf why = {0};
    CHECK(results_compare(&ra, &rb, 0, 0, &why));
    CHECK(!results_compare(&ra, &rc, 1e-3, 0, &why) && why.len > 0);
    interp_result_free(&ra);
    interp_result_free(&rb);
    interp_result_free(&rc);
    buf_free(&why);
    buf_free(&printed);
    t_free(&a);
    t_free(&b);
}
