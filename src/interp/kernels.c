/* kernels.c - the loops of the interpreter: element-wise ops with NumPy broadcasting,
 * reductions, matmul, casts and strided copies.
 *
 * Every kernel converts its operands once into a compute buffer (float for float dtypes, int64
 * for integers; an FP32 operand already in shape is used in place), runs one tight loop with
 * the op chosen outside it, and converts the result into the output's dtype. Outputs are
 * fresh row-major arrays that never alias an input. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p)
        ICE("out of memory (%zu bytes)", n);
    return p;
}

static bool same_shape(const Array *a, int rank, const int64_t *shape) {
    if (a->rank != rank)
        return false;
    for (int i = 0; i < rank; i++)
        if (a->shape[i] != shape[i])
            return false;
    return true;
}

bool broadcast_shape(int ra, const int64_t *a, int rb, const int64_t *b, int *rank, int64_t *out) {
    int r = ra > rb ? ra : rb;
    for (int i = 0; i < r; i++) {
        int ia = i - (r - ra), ib = i - (r - rb);
        int64_t x = ia >= 0 ? a[ia] : 1, y = ib >= 0 ? b[ib] : 1;
        if (x != y && x != 1 && y != 1)
            return false;
        out[i] = x == 1 ? y : x;
    }
    *rank = r;
    return true;
}

/* ---- reading operands into compute buffers ---- */

typedef void (*RunTo)(void *dst, const void *src, DType dt, int64_t n, int64_t stride);

static void to_f32(void *dst, const void *src, DType dt, int64_t n, int64_t stride) {
    run_to_f32(dst, src, dt, n, stride);
}

static void to_i64(void *dst, const void *src, DType dt, int64_t n, int64_t stride) {
    run_to_i64(dst, src, dt, n, stride);
}

/* Elements as they are (the same dtype on both sides). */
static void to_raw(void *dst, const void *src, DType dt, int64_t n, int64_t stride) {
    size_t size = dtype_size(dt);
    if (stride == 1)
        memcpy(dst, src, (size_t)n * size);
    else
        for (int64_t i = 0; i < n; i++)
            elem_put_raw(dst, size, i, elem_get_raw(src, size, i * stride));
}

/* a broadcast to `shape` (dims aligned from the right), converted by run into dst. */
static void gather(void *dst, size_t dsize, RunTo run, const Array *a, int rank, const int64_t *shape) {
    int64_t st[MAX_RANK], idx[MAX_RANK] = {0}, total = 1;
    for (int d = 0; d < rank; d++) {
        int ad = d - (rank - a->rank);
        st[d] = ad < 0 || a->shape[ad] == 1 ? 0 : a->stride[ad];
        total *= shape[d];
    }
    if (rank == 0) {
        run(dst, array_at(a, a->offset), a->dt, 1, 1);
        return;
    }
    int64_t len = shape[rank - 1];
    for (int64_t flat = 0; flat < total; flat += len) {
        int64_t at = a->offset;
        for (int d = 0; d < rank - 1; d++)
            at += idx[d] * st[d];
        run((uint8_t *)dst + (size_t)flat * dsize, array_at(a, at), a->dt, len, st[rank - 1]);
        for (int d = rank - 2; d >= 0; d--) {
            if (++idx[d] < shape[d])
                break;
            idx[d] = 0;
        }
    }
}

/* a as floats in out's shape: a's own elements when they already are, else a new buffer
 * (*own set: the caller frees it). */
static float *operand_f32(const Array *a, const Array *out, bool *own) {
    *own = !(a->dt == DT_FP32 && array_contiguous(a) && same_shape(a, out->rank, out->shape));
    if (!*own)
        return array_at(a, a->offset);
    float *buf = xmalloc(sizeof(float) * (size_t)out->n);
    gather(buf, sizeof(float), to_f32, a, out->rank, out->shape);
    return buf;
}

static int64_t *operand_i64(const Array *a, const Array *out) {
    int64_t *buf = xmalloc(sizeof(int64_t) * (size_t)out->n);
    gather(buf, sizeof(int64_t), to_i64, a, out->rank, out->shape);
    return buf;
}

/* ---- element-wise binary ---- */

#define LOOP(EXPR)                          \
    for (int64_t i = 0; i < n; i++) {       \
        r[i] = (EXPR);                      \
    }

static void binary_f32(EwBinary op, float *r, const float *x, const float *y, int64_t n) {
    switch (op) {
    case EW_ADD: LOOP(x[i] + y[i]); return;
    case EW_SUB: LOOP(x[i] - y[i]); return;
    case EW_MUL: LOOP(x[i] * y[i]); return;
    case EW_DIV: LOOP(x[i] / y[i]); return;
    case EW_MAX: LOOP(isnan(x[i]) || x[i] > y[i] ? x[i] : y[i]); return; /* NaN propagates */
    case EW_MIN: LOOP(isnan(x[i]) || x[i] < y[i] ? x[i] : y[i]); return;
    case EW_EQ: LOOP(x[i] == y[i] ? 1.0f : 0.0f); return;
    case EW_NE: LOOP(x[i] != y[i] ? 1.0f : 0.0f); return;
    case EW_LT: LOOP(x[i] < y[i] ? 1.0f : 0.0f); return;
    case EW_LE: LOOP(x[i] <= y[i] ? 1.0f : 0.0f); return;
    case EW_GT: LOOP(x[i] > y[i] ? 1.0f : 0.0f); return;
    case EW_GE: LOOP(x[i] >= y[i] ? 1.0f : 0.0f); return;
    }
}

/* The same with a scalar right operand (adds, muls, cmps ...). */
static void binary_f32_s(EwBinary op, float *r, const float *x, float y, int64_t n) {
    switch (op) {
    case EW_ADD: LOOP(x[i] + y); return;
    case EW_SUB: LOOP(x[i] - y); return;
    case EW_MUL: LOOP(x[i] * y); return;
    case EW_DIV: LOOP(x[i] / y); return;
    case EW_MAX: LOOP(isnan(x[i]) || x[i] > y ? x[i] : y); return;
    case EW_MIN: LOOP(isnan(x[i]) || x[i] < y ? x[i] : y); return;
    case EW_EQ: LOOP(x[i] == y ? 1.0f : 0.0f); return;
    case EW_NE: LOOP(x[i] != y ? 1.0f : 0.0f); return;
    case EW_LT: LOOP(x[i] < y ? 1.0f : 0.0f); return;
    case EW_LE: LOOP(x[i] <= y ? 1.0f : 0.0f); return;
    case EW_GT: LOOP(x[i] > y ? 1.0f : 0.0f); return;
    case EW_GE: LOOP(x[i] >= y ? 1.0f : 0.0f); return;
    }
}

/* Integers: wrapping arithmetic, floor division (Python's //); u: compare as unsigned. False
 * at the first zero divisor (*bad: its index). */
static bool binary_i64(EwBinary op, bool u, int64_t *r, const int64_t *x, const int64_t *y, int64_t n, int64_t *bad) {
    switch (op) {
    case EW_ADD: LOOP((int64_t)((uint64_t)x[i] + (uint64_t)y[i])); return true;
    case EW_SUB: LOOP((int64_t)((uint64_t)x[i] - (uint64_t)y[i])); return true;
    case EW_MUL: LOOP((int64_t)((uint64_t)x[i] * (uint64_t)y[i])); return true;
    case EW_DIV:
        for (int64_t i = 0; i < n; i++) {
            int64_t a = x[i], b = y[i];
            if (b == 0) {
                *bad = i;
                return false;
            }
            if (u)
                r[i] = (int64_t)((uint64_t)a / (uint64_t)b);
            else if (b == -1)
                r[i] = (int64_t)(0 - (uint64_t)a);
            else
                r[i] = a / b - ((a % b != 0) && ((a % b < 0) != (b < 0)));
        }
        return true;
    case EW_MAX: if (u) LOOP((uint64_t)x[i] > (uint64_t)y[i] ? x[i] : y[i]) else LOOP(x[i] > y[i] ? x[i] : y[i]) return true;
    case EW_MIN: if (u) LOOP((uint64_t)x[i] < (uint64_t)y[i] ? x[i] : y[i]) else LOOP(x[i] < y[i] ? x[i] : y[i]) return true;
    case EW_EQ: LOOP(x[i] == y[i]); return true;
    case EW_NE: LOOP(x[i] != y[i]); return true;
    case EW_LT: if (u) LOOP((uint64_t)x[i] < (uint64_t)y[i]) else LOOP(x[i] < y[i]) return true;
    case EW_LE: if (u) LOOP((uint64_t)x[i] <= (uint64_t)y[i]) else LOOP(x[i] <= y[i]) return true;
    case EW_GT: if (u) LOOP((uint64_t)x[i] > (uint64_t)y[i]) else LOOP(x[i] > y[i]) return true;
    case EW_GE: if (u) LOOP((uint64_t)x[i] >= (uint64_t)y[i]) else LOOP(x[i] >= y[i]) return true;
    }
    return true;
}

static bool binary_float(Array *out, EwBinary op, const Array *a, const Array *b, const Scalar *s, DType ct) {
    bool own_x, own_y = false;
    int64_t n = out->n;
    float *x = operand_f32(a, out, &own_x), *y = NULL, sv = 0;
    if (s)
        sv = (float)scalar_convert(*s, ct).f;
    else
        y = operand_f32(b, out, &own_y);
    bool direct = out->dt == DT_FP32;
    float *r = direct ? array_at(out, 0) : xmalloc(sizeof(float) * (size_t)n);
    if (s)
        binary_f32_s(op, r, x, sv, n);
    else
        binary_f32(op, r, x, y, n);
    if (!direct) {
        run_from_f32(array_at(out, 0), out->dt, r, n);
        free(r);
    }
    if (own_x)
        free(x);
    if (own_y)
        free(y);
    return true;
}

static bool binary_int(Array *out, EwBinary op, const Array *a, const Array *b, const Scalar *s, DType ct,
                       int64_t *bad) {
    int64_t n = out->n, *x = operand_i64(a, out), *y, *r = xmalloc(sizeof(int64_t) * (size_t)n);
    if (s) {
        y = xmalloc(sizeof(int64_t) * (size_t)n);
        int64_t v = scalar_convert(*s, ct).i;
        for (int64_t i = 0; i < n; i++)
            y[i] = v;
    } else {
        y = operand_i64(b, out);
    }
    bool ok = binary_i64(op, ct == DT_UINT64, r, x, y, n, bad);
    if (ok)
        run_from_i64(array_at(out, 0), out->dt, r, n);
    free(x);
    free(y);
    free(r);
    return ok;
}

bool k_binary(Array *out, EwBinary op, const Array *a, const Array *b, const Scalar *s, int64_t *bad) {
    DType ct = dtype_promote(a->dt, s ? s->dt : b->dt);
    bool ok = dtype_is_float(ct) ? binary_float(out, op, a, b, s, ct) : binary_int(out, op, a, b, s, ct, bad);
    if (ok)
        bits_set(out->st->init, 0, out->n, true);
    return ok;
}

/* ---- element-wise unary ---- */

static void unary_f32(EwUnary op, float *r, const float *x, int64_t n) {
    switch (op) {
    case EW_NEG: LOOP(-x[i]); return;
    case EW_EXP: LOOP(expf(x[i])); return;
    case EW_RECIP: LOOP(1.0f / x[i]); return;
    case EW_SQRT: LOOP(sqrtf(x[i])); return;
    case EW_RSQRT: LOOP(1.0f / sqrtf(x[i])); return;
    case EW_LOG: LOOP(logf(x[i])); return;
    case EW_ABS: LOOP(fabsf(x[i])); return;
    case EW_RELU: LOOP(x[i] > 0 || isnan(x[i]) ? x[i] : 0.0f); return;
    }
}

void k_unary(Array *out, EwUnary op, const Array *a) {
    int64_t n = out->n;
    bool int_op = op == EW_NEG || op == EW_ABS || op == EW_RELU;
    if (!dtype_is_float(a->dt) && !dtype_is_float(out->dt) && int_op) {
        int64_t *x = operand_i64(a, out), *r = xmalloc(sizeof(int64_t) * (size_t)n);
        bool u = dtype_info[a->dt].kind != DK_SINT;
        switch (op) {
        case EW_NEG: LOOP((int64_t)(0 - (uint64_t)x[i])); break;
        case EW_ABS: LOOP(u || x[i] >= 0 ? x[i] : (int64_t)(0 - (uint64_t)x[i])); break;
        case EW_RELU: LOOP(u || x[i] > 0 ? x[i] : 0); break;
        case EW_EXP: case EW_RECIP: case EW_SQRT: case EW_RSQRT: case EW_LOG: break;
        }
        run_from_i64(array_at(out, 0), out->dt, r, n);
        free(x);
        free(r);
    } else { /* floats; an integer operand of exp/sqrt/... goes through float */
        bool own;
        float *x = operand_f32(a, out, &own);
        bool direct = out->dt == DT_FP32;
        float *r = direct ? array_at(out, 0) : xmalloc(sizeof(float) * (size_t)n);
        unary_f32(op, r, x, n);
        if (!direct) {
            run_from_f32(array_at(out, 0), out->dt, r, n);
            free(r);
        }
        if (own)
            free(x);
    }
    bits_set(out->st->init, 0, out->n, true);
}

#undef LOOP

void k_fill(Array *out, Scalar s) {
    Scalar v = scalar_convert(s, out->dt);
    uint64_t raw;
    if (dtype_is_float(out->dt))
        raw = fp_bits_from_double(v.f, out->dt, RM_RINT);
    else
        raw = (uint64_t)v.i;
    size_t size = dtype_size(out->dt);
    for (int64_t i = 0; i < out->n; i++)
        elem_put_raw(out->st->data, size, array_index(out, i), raw);
    array_mark_init(out);
}

/* ---- conversions and copies ---- */

/* n elements of sdt (stride sstride) into n contiguous elements of ddt, rounding in mode m. */
static void convert_run(void *dst, DType ddt, const void *src, DType sdt, int64_t n, int64_t sstride, RoundMode m) {
    size_t ds = dtype_size(ddt), ss = dtype_size(sdt);
    if (ddt == sdt) {
        if (sstride == 1)
            memcpy(dst, src, (size_t)n * ds);
        else
            for (int64_t i = 0; i < n; i++)
                elem_put_raw(dst, ds, i, elem_get_raw(src, ss, i * sstride));
        return;
    }
    enum { CHUNK = 256 };
    for (int64_t i0 = 0; i0 < n; i0 += CHUNK) {
        int64_t k = n - i0 < CHUNK ? n - i0 : CHUNK;
        const uint8_t *s = (const uint8_t *)src + (size_t)(i0 * sstride) * ss;
        uint8_t *d = (uint8_t *)dst + (size_t)i0 * ds;
        if (dtype_is_float(sdt)) {
            double buf[CHUNK];
            run_to_f64(buf, s, sdt, k, sstride);
            for (int64_t j = 0; j < k; j++)
                elem_put_raw(d, ds, j,
                             dtype_is_float(ddt) ? fp_bits_from_double(buf[j], ddt, m)
                                                 : (uint64_t)int_from_double(buf[j], ddt, m));
        } else {
            int64_t buf[CHUNK];
            run_to_i64(buf, s, sdt, k, sstride);
            if (!dtype_is_float(ddt)) {
                run_from_i64(d, ddt, buf, k);
                continue;
            }
            RoundMode fm = m == RM_NONE ? RM_RINT : m;
            for (int64_t j = 0; j < k; j++) {
                bool neg = sdt != DT_UINT64 && buf[j] < 0;
                uint64_t mag = neg ? 0 - (uint64_t)buf[j] : (uint64_t)buf[j];
                elem_put_raw(d, ds, j, fp_bits_from_int(neg, mag, ddt, fm));
            }
        }
    }
}

/* A row of one side of a copy against a contiguous buffer on the other side. */
typedef struct {
    void *buf;         /* contiguous elements of dtype bdt */
    uint8_t *bits;     /* their bitmap, from bit 0 */
    DType bdt;
    RoundMode m;
    bool into_buf;     /* the row is read into buf (else written from it) */
} CopyRows;

static bool copy_row(const Array *a, int64_t at, int64_t len, int64_t stride, int64_t flat, void *ud) {
    CopyRows *c = ud;
    size_t bs = dtype_size(c->bdt), as = dtype_size(a->dt);
    uint8_t *bp = (uint8_t *)c->buf + (size_t)flat * bs;
    if (c->into_buf) {
        convert_run(bp, c->bdt, array_at(a, at), a->dt, len, stride, c->m);
        if (stride == 1)
            bits_copy(c->bits, flat, a->st->init, at, len);
        else
            for (int64_t i = 0; i < len; i++)
                bits_copy(c->bits, flat + i, a->st->init, at + i * stride, 1);
        return true;
    }
    if (stride == 1) {
        convert_run(array_at(a, at), a->dt, bp, c->bdt, len, 1, c->m);
        bits_copy(a->st->init, at, c->bits, flat, len);
        return true;
    }
    enum { CHUNK = 256 };
    uint64_t tmp[CHUNK]; /* convert a chunk, then scatter it */
    for (int64_t i0 = 0; i0 < len; i0 += CHUNK) {
        int64_t k = len - i0 < CHUNK ? len - i0 : CHUNK;
        convert_run(tmp, a->dt, bp + (size_t)i0 * bs, c->bdt, k, 1, c->m);
        for (int64_t j = 0; j < k; j++) {
            int64_t to = at + (i0 + j) * stride;
            elem_put_raw(a->st->data, as, to, elem_get_raw(tmp, as, j));
            bits_copy(a->st->init, to, c->bits, flat + i0 + j, 1);
        }
    }
    return true;
}

static void copy_mode(Array *dst, const Array *src, RoundMode m) {
    ASSERT(dst->n == src->n);
    if (array_contiguous(dst) && dst->st != src->st) { /* read src's rows straight into dst */
        CopyRows c = {array_at(dst, dst->offset), NULL, dst->dt, m, true};
        if (dst->offset & 7) {
            c.bits = calloc((size_t)(dst->n + 7) / 8 + 1, 1);
            if (!c.bits)
                ICE("out of memory");
            array_each_row(src, copy_row, &c);
            bits_copy(dst->st->init, dst->offset, c.bits, 0, dst->n);
            free(c.bits);
        } else {
            c.bits = dst->st->init + (dst->offset >> 3);
            array_each_row(src, copy_row, &c);
        }
        return;
    }
    /* through a contiguous copy of src in dst's dtype */
    CopyRows c = {xmalloc((size_t)src->n * dtype_size(dst->dt)), calloc((size_t)(src->n + 7) / 8 + 1, 1), dst->dt, m,
                  true};
    if (!c.bits)
        ICE("out of memory");
    array_each_row(src, copy_row, &c);
    c.into_buf = false;
    c.m = RM_RINT; /* same dtype now: no rounding */
    array_each_row(dst, copy_row, &c);
    free(c.buf);
    free(c.bits);
}

void k_copy(Array *dst, const Array *src) { copy_mode(dst, src, RM_RINT); }

void k_cast(Array *out, const Array *a, RoundMode m) { copy_mode(out, a, m); }

void k_broadcast(Array *out, const Array *a) {
    if (a->dt == out->dt && out->offset == 0 && array_contiguous(out)) {
        gather(array_at(out, 0), dtype_size(out->dt), to_raw, a, out->rank, out->shape);
        bits_set(out->st->init, 0, out->n, true);
        return;
    }
    Array *tmp = array_new(a->dt, out->rank, out->shape, out->st->space);
    if (!tmp)
        ICE("out of memory");
    k_broadcast(tmp, a);
    k_copy(out, tmp);
    array_release(tmp);
}

/* ---- reductions ---- */

void k_reduce(Array *out, Reduce op, const Array *a, int axis) {
    int64_t outer = 1, len = a->shape[axis], inner = 1;
    for (int d = 0; d < axis; d++)
        outer *= a->shape[d];
    for (int d = axis + 1; d < a->rank; d++)
        inner *= a->shape[d];
    size_t size = dtype_size(a->dt);
    const uint8_t *base = array_at(a, a->offset);
    if (dtype_is_float(a->dt)) {
        float *slab = xmalloc(sizeof(float) * (size_t)(len * inner)), *acc = xmalloc(sizeof(float) * (size_t)outer * (size_t)inner);
        for (int64_t o = 0; o < outer; o++) {
            float *r = acc + o * inner;
            run_to_f32(slab, base + (size_t)(o * len * inner) * size, a->dt, len * inner, 1);
            for (int64_t j = 0; j < inner; j++)
                r[j] = op == RED_SUM || len == 0 ? 0.0f : slab[j];
            for (int64_t k = op == RED_SUM ? 0 : 1; k < len; k++) {
                const float *x = slab + k * inner;
                switch (op) {
                case RED_SUM: for (int64_t j = 0; j < inner; j++) r[j] += x[j]; break;
                case RED_MAX: for (int64_t j = 0; j < inner; j++) r[j] = isnan(r[j]) || r[j] > x[j] ? r[j] : x[j]; break;
                case RED_MIN: for (int64_t j = 0; j < inner; j++) r[j] = isnan(r[j]) || r[j] < x[j] ? r[j] : x[j]; break;
                }
            }
        }
        run_from_f32(array_at(out, 0), out->dt, acc, outer * inner);
        free(slab);
        free(acc);
    } else {
        bool u = a->dt == DT_UINT64;
        int64_t *slab = xmalloc(sizeof(int64_t) * (size_t)(len * inner)), *acc = xmalloc(sizeof(int64_t) * (size_t)outer * (size_t)inner);
        for (int64_t o = 0; o < outer; o++) {
            int64_t *r = acc + o * inner;
            run_to_i64(slab, base + (size_t)(o * len * inner) * size, a->dt, len * inner, 1);
            for (int64_t j = 0; j < inner; j++)
                r[j] = op == RED_SUM || len == 0 ? 0 : slab[j];
            for (int64_t k = op == RED_SUM ? 0 : 1; k < len; k++) {
                const int64_t *x = slab + k * inner;
                for (int64_t j = 0; j < inner; j++) {
                    int64_t v = x[j];
                    bool gt = u ? (uint64_t)v > (uint64_t)r[j] : v > r[j];
                    switch (op) {
                    case RED_SUM: r[j] = (int64_t)((uint64_t)r[j] + (uint64_t)v); break;
                    case RED_MAX: if (gt) r[j] = v; break;
                    case RED_MIN: if (!gt && v != r[j]) r[j] = v; break;
                    }
                }
            }
        }
        run_from_i64(array_at(out, 0), out->dt, acc, outer * inner);
        free(slab);
        free(acc);
    }
    bits_set(out->st->init, 0, out->n, true);
}

/* ---- matmul ---- */

void k_matmul(Array *out, const Array *acc, const Array *l, bool lt, const Array *r, bool rt) {
    Array L = lt ? array_swapped(l, 0, 1) : *l, R = rt ? array_swapped(r, 0, 1) : *r; /* stored transposed */
    int64_t M = L.shape[0], K = L.shape[1], N = R.shape[1];
    int64_t lshape[2] = {M, K}, rshape[2] = {K, N}, oshape[2] = {M, N};
    if (dtype_is_float(dtype_promote(l->dt, r->dt))) {
        float *a = xmalloc(sizeof(float) * (size_t)(M * K)), *b = xmalloc(sizeof(float) * (size_t)(K * N));
        float *c = xmalloc(sizeof(float) * (size_t)(M * N));
        gather(a, sizeof(float), to_f32, &L, 2, lshape);
        gather(b, sizeof(float), to_f32, &R, 2, rshape);
        if (acc)
            gather(c, sizeof(float), to_f32, acc, 2, oshape);
        else
            memset(c, 0, sizeof(float) * (size_t)(M * N));
        /* c[m, n] accumulates its products in k order, in float */
        for (int64_t m = 0; m < M; m++) {
            float *crow = c + m * N;
            for (int64_t k = 0; k < K; k++) {
                float x = a[m * K + k];
                const float *brow = b + k * N;
                for (int64_t n = 0; n < N; n++)
                    crow[n] += x * brow[n];
            }
        }
        run_from_f32(array_at(out, out->offset), out->dt, c, M * N);
        free(a), free(b), free(c);
    } else {
        int64_t *a = xmalloc(sizeof(int64_t) * (size_t)(M * K)), *b = xmalloc(sizeof(int64_t) * (size_t)(K * N));
        int64_t *c = xmalloc(sizeof(int64_t) * (size_t)(M * N));
        gather(a, sizeof(int64_t), to_i64, &L, 2, lshape);
        gather(b, sizeof(int64_t), to_i64, &R, 2, rshape);
        if (acc)
            gather(c, sizeof(int64_t), to_i64, acc, 2, oshape);
        else
            memset(c, 0, sizeof(int64_t) * (size_t)(M * N));
        for (int64_t m = 0; m < M; m++)
            for (int64_t k = 0; k < K; k++) {
                uint64_t x = (uint64_t)a[m * K + k];
                for (int64_t n = 0; n < N; n++)
                    c[m * N + n] = (int64_t)((uint64_t)c[m * N + n] + x * (uint64_t)b[k * N + n]);
            }
        run_from_i64(array_at(out, out->offset), out->dt, c, M * N);
        free(a), free(b), free(c);
    }
    bits_set(out->st->init, out->offset, M * N, true);
}
