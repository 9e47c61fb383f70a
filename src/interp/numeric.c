/* numeric.c - element formats: FP16/BF16/FP32 rounding in every cast mode, integer
 * conversions, runs of elements to and from compute buffers, initialisation bitmaps.
 *
 * One rounding routine serves every float conversion: a value given exactly as
 * (-1)^neg * mag * 2^e (any double, any 64-bit integer) is rounded once to the target format,
 * so there is never double rounding, and subnormals, overflow and the modes fall out of the
 * same few lines. */
#include <math.h>
#include <string.h>

#include "interp/interp.h"

const char *const round_mode_name[7] = {"none", "rint", "round", "floor", "ceil", "trunc", "odd"};

/* The dtypes without an element format here, as case labels. */
#define CASE_UNRUNNABLE                                                                            \
    case DT_INT4: case DT_UINT4: case DT_FP4: case DT_FP8E4M3FN: case DT_FP8E5M2: case DT_HF4: \
    case DT_HF8: case DT__COUNT

bool dtype_runnable(DType dt) {
    switch (dt) {
    case DT_BOOL: case DT_INT8: case DT_INT16: case DT_INT32: case DT_INT64:
    case DT_UINT8: case DT_UINT16: case DT_UINT32: case DT_UINT64:
    case DT_FP16: case DT_FP32: case DT_BF16:
        return true;
    CASE_UNRUNNABLE:
        return false;
    }
    return false;
}

size_t dtype_size(DType dt) {
    int bits = dtype_info[dt].bits;
    return bits <= 8 ? 1 : (size_t)bits / 8;
}

/* ---- float formats ---- */

typedef struct {
    int ebits, mbits; /* exponent and stored mantissa bits */
    int bias;
} FpFormat;

static const FpFormat FMT_FP32 = {8, 23, 127}, FMT_FP16 = {5, 10, 15}, FMT_BF16 = {8, 7, 127};

static const FpFormat *format_of(DType dt) {
    return dt == DT_FP16 ? &FMT_FP16 : dt == DT_BF16 ? &FMT_BF16 : &FMT_FP32;
}

static uint32_t fmt_sign(const FpFormat *f) { return 1u << (f->ebits + f->mbits); }
static uint32_t fmt_inf(const FpFormat *f) { return ((1u << f->ebits) - 1) << f->mbits; }
static uint32_t fmt_max(const FpFormat *f) { return fmt_inf(f) - 1; } /* largest finite */
static uint32_t fmt_qnan(const FpFormat *f) { return fmt_inf(f) | (1u << (f->mbits - 1)); }

static int msb64(uint64_t x) {
    int n = 63;
    while (!(x >> n))
        n--;
    return n;
}

/* The magnitude on overflow: infinity or the largest finite value, as the mode rounds. */
static uint32_t overflow(const FpFormat *f, bool neg, RoundMode m) {
    bool to_inf = true;
    switch (m) {
    case RM_NONE: case RM_RINT: case RM_ROUND: break;
    case RM_FLOOR: to_inf = neg; break;
    case RM_CEIL: to_inf = !neg; break;
    case RM_TRUNC: case RM_ODD: to_inf = false; break;
    }
    return to_inf ? fmt_inf(f) : fmt_max(f);
}

/* (-1)^neg * mag * 2^e rounded to format f in mode m: the bits. */
static uint32_t round_to(const FpFormat *f, bool neg, uint64_t mag, int e, RoundMode m) {
    uint32_t sign = neg ? fmt_sign(f) : 0;
    if (mag == 0)
        return sign;
    int top = msb64(mag) + e;          /* the value lies in [2^top, 2^(top+1)) */
    int emin = 1 - f->bias;
    int q = (top < emin ? emin : top) - f->mbits; /* the exponent of one unit in the last place */
    int shift = q - e;
    uint64_t m_int;
    int vs_half;       /* the dropped part against half a unit: -1 below, 0 equal, 1 above */
    bool inexact;
    if (shift <= 0) {  /* exact: the value has no bits below the last place */
        m_int = mag << -shift;
        vs_half = -1;
        inexact = false;
    } else if (shift > 64) {
        m_int = 0;
        vs_half = -1;  /* mag < 2^64 <= half */
        inexact = true;
    } else {
        uint64_t rem = shift == 64 ? mag : mag & ((UINT64_C(1) << shift) - 1);
        uint64_t half = UINT64_C(1) << (shift - 1);
        m_int = shift == 64 ? 0 : mag >> shift;
        vs_half = rem < half ? -1 : rem > half;
        inexact = rem != 0;
    }
    bool up = false;
    switch (m) {
    case RM_NONE:
    case RM_RINT: up = vs_half > 0 || (vs_half == 0 && (m_int & 1)); break;
    case RM_ROUND: up = vs_half >= 0; break;
    case RM_FLOOR: up = inexact && neg; break;
    case RM_CEIL: up = inexact && !neg; break;
    case RM_TRUNC: break;
    case RM_ODD:
        if (inexact)
            m_int |= 1;
        break;
    }
    m_int += up;
    if (m_int >> (f->mbits + 1)) { /* rounded up into the next binade */
        m_int >>= 1;
        q++;
    }
    if (!(m_int >> f->mbits))      /* subnormal (or zero): the exponent field is 0 */
        return sign | (uint32_t)m_int;
    int biased = q + f->mbits + f->bias;
    if (biased > 2 * f->bias)
        return sign | overflow(f, neg, m);
    return sign | ((uint32_t)biased << f->mbits) | ((uint32_t)m_int & ((1u << f->mbits) - 1));
}

uint32_t fp_bits_from_double(double x, DType to, RoundMode m) {
    const FpFormat *f = format_of(to);
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    bool neg = b >> 63;
    int ex = (int)((b >> 52) & 0x7ff);
    uint64_t frac = b & ((UINT64_C(1) << 52) - 1);
    if (ex == 0x7ff)
        return (neg ? fmt_sign(f) : 0) | (frac ? fmt_qnan(f) : fmt_inf(f));
    if (ex == 0)
        return round_to(f, neg, frac, -1074, m);
    return round_to(f, neg, frac | (UINT64_C(1) << 52), ex - 1075, m);
}

uint32_t fp_bits_from_int(bool neg, uint64_t mag, DType to, RoundMode m) {
    return round_to(format_of(to), neg, mag, 0, m);
}

double fp_bits_to_double(uint32_t bits, DType dt) {
    if (dt == DT_FP16)
        return fp16_to_float((uint16_t)bits);
    if (dt == DT_BF16)
        return bf16_to_float((uint16_t)bits);
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

float fp16_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16, e = (h >> 10) & 31, m = h & 0x3ff, bits;
    float f;
    if (e == 0) { /* zero or subnormal: m * 2^-24, exact in float */
        f = (float)m * 0x1p-24f;
        return sign ? -f : f;
    }
    if (e == 31)
        bits = sign | 0x7f800000u | (m << 13); /* infinity, or NaN keeping its payload */
    else
        bits = sign | ((e + 112) << 23) | (m << 13);
    memcpy(&f, &bits, sizeof f);
    return f;
}

float bf16_to_float(uint16_t h) {
    uint32_t bits = (uint32_t)h << 16;
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

uint16_t fp16_from_float(float f) { return (uint16_t)fp_bits_from_double(f, DT_FP16, RM_RINT); }

uint16_t bf16_from_float(float f) {
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    if ((b & 0x7fffffffu) > 0x7f800000u) /* NaN: keep it quiet and a NaN */
        return (uint16_t)((b >> 16) | 0x40);
    /* round to nearest even on the dropped 16 bits; a carry into the exponent is right,
     * including overflow to infinity */
    return (uint16_t)((b + 0x7fffu + ((b >> 16) & 1)) >> 16);
}

/* ---- integers ---- */


/* Round half to even, without depending on the floating-point environment. */
static double round_even(double x) {
    double fl = floor(x), d = x - fl; /* exact for |x| < 2^52; larger doubles are integers */
    if (d > 0.5 || (d == 0.5 && fmod(fl, 2.0) != 0))
        return fl + 1;
    return fl;
}

static double round_int(double x, RoundMode m) {
    double t;
    switch (m) {
    case RM_NONE:
    case RM_RINT: return round_even(x);
    case RM_ROUND: return round(x);
    case RM_FLOOR: return floor(x);
    case RM_CEIL: return ceil(x);
    case RM_TRUNC: return trunc(x);
    case RM_ODD:
        t = trunc(x); /* of the two neighbours, the odd one */
        if (t != x && fmod(t, 2.0) == 0)
            t += x > 0 ? 1 : -1;
        return t;
    }
    return trunc(x);
}

int64_t int_from_double(double x, DType dt, RoundMode m) {
    if (dt == DT_BOOL)
        return x != 0;
    if (isnan(x))
        return 0;
    double r = round_int(x, m);
    int bits = dtype_info[dt].bits;
    if (dtype_info[dt].kind == DK_UINT) {
        if (r <= 0)
            return 0;
        if (bits == 64)
            return r >= 0x1p64 ? -1 : (int64_t)(uint64_t)r;
        double hi = ldexp(1.0, bits) - 1;
        return (int64_t)(r >= hi ? hi : r);
    }
    double lim = ldexp(1.0, bits - 1);
    if (r >= lim)
        return bits == 64 ? INT64_MAX : (int64_t)(lim - 1);
    if (r < -lim)
        return bits == 64 ? INT64_MIN : (int64_t)-lim;
    return (int64_t)r;
}

/* ---- runs of elements ---- */

uint64_t elem_get_raw(const void *base, size_t size, int64_t i) {
    const uint8_t *p = (const uint8_t *)base + (size_t)i * size;
    switch (size) {
    case 1: return *p;
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

void elem_put_raw(void *base, size_t size, int64_t i, uint64_t raw) {
    uint8_t *p = (uint8_t *)base + (size_t)i * size;
    switch (size) {
    case 1: *p = (uint8_t)raw; return;
    case 2: { uint16_t v = (uint16_t)raw; memcpy(p, &v, 2); return; }
    case 4: { uint32_t v = (uint32_t)raw; memcpy(p, &v, 4); return; }
    default: memcpy(p, &raw, 8); return;
    }
}

/* The loops below switch on the dtype once per run, never per element. */
#define RUN_CONVERT(T, EXPR)                                          \
    do {                                                              \
        const T *s_ = (const T *)src;                                 \
        for (int64_t i = 0; i < n; i++) {                             \
            T v = s_[i * stride];                                     \
            dst[i] = (EXPR);                                          \
        }                                                             \
    } while (0)

void run_to_f32(float *dst, const void *src, DType dt, int64_t n, int64_t stride) {
    switch (dt) {
    case DT_FP32:
        if (stride == 1)
            memcpy(dst, src, (size_t)n * sizeof(float));
        else
            RUN_CONVERT(float, v);
        return;
    case DT_FP16: RUN_CONVERT(uint16_t, fp16_to_float(v)); return;
    case DT_BF16: RUN_CONVERT(uint16_t, bf16_to_float(v)); return;
    case DT_BOOL: RUN_CONVERT(uint8_t, v ? 1.0f : 0.0f); return;
    case DT_INT8: RUN_CONVERT(int8_t, (float)v); return;
    case DT_INT16: RUN_CONVERT(int16_t, (float)v); return;
    case DT_INT32: RUN_CONVERT(int32_t, (float)v); return;
    case DT_INT64: RUN_CONVERT(int64_t, (float)v); return;
    case DT_UINT8: RUN_CONVERT(uint8_t, (float)v); return;
    case DT_UINT16: RUN_CONVERT(uint16_t, (float)v); return;
    case DT_UINT32: RUN_CONVERT(uint32_t, (float)v); return;
    case DT_UINT64: RUN_CONVERT(uint64_t, (float)v); return;
    CASE_UNRUNNABLE:
        break;
    }
    ICE("run_to_f32: dtype %s", dtype_info[dt].name);
}

void run_to_f64(double *dst, const void *src, DType dt, int64_t n, int64_t stride) {
    switch (dt) {
    case DT_FP32: RUN_CONVERT(float, v); return;
    case DT_FP16: RUN_CONVERT(uint16_t, fp16_to_float(v)); return;
    case DT_BF16: RUN_CONVERT(uint16_t, bf16_to_float(v)); return;
    case DT_BOOL: RUN_CONVERT(uint8_t, v ? 1.0 : 0.0); return;
    case DT_INT8: RUN_CONVERT(int8_t, (double)v); return;
    case DT_INT16: RUN_CONVERT(int16_t, (double)v); return;
    case DT_INT32: RUN_CONVERT(int32_t, (double)v); return;
    case DT_INT64: RUN_CONVERT(int64_t, (double)v); return;
    case DT_UINT8: RUN_CONVERT(uint8_t, (double)v); return;
    case DT_UINT16: RUN_CONVERT(uint16_t, (double)v); return;
    case DT_UINT32: RUN_CONVERT(uint32_t, (double)v); return;
    case DT_UINT64: RUN_CONVERT(uint64_t, (double)v); return;
    CASE_UNRUNNABLE:
        break;
    }
    ICE("run_to_f64: dtype %s", dtype_info[dt].name);
}

void run_to_i64(int64_t *dst, const void *src, DType dt, int64_t n, int64_t stride) {
    switch (dt) {
    case DT_BOOL: RUN_CONVERT(uint8_t, v != 0); return;
    case DT_INT8: RUN_CONVERT(int8_t, v); return;
    case DT_INT16: RUN_CONVERT(int16_t, v); return;
    case DT_INT32: RUN_CONVERT(int32_t, v); return;
    case DT_INT64: RUN_CONVERT(int64_t, v); return;
    case DT_UINT8: RUN_CONVERT(uint8_t, v); return;
    case DT_UINT16: RUN_CONVERT(uint16_t, v); return;
    case DT_UINT32: RUN_CONVERT(uint32_t, v); return;
    case DT_UINT64: RUN_CONVERT(uint64_t, (int64_t)v); return;
    case DT_FP32: RUN_CONVERT(float, int_from_double(v, DT_INT64, RM_TRUNC)); return;
    case DT_FP16: RUN_CONVERT(uint16_t, int_from_double(fp16_to_float(v), DT_INT64, RM_TRUNC)); return;
    case DT_BF16: RUN_CONVERT(uint16_t, int_from_double(bf16_to_float(v), DT_INT64, RM_TRUNC)); return;
    CASE_UNRUNNABLE:
        break;
    }
    ICE("run_to_i64: dtype %s", dtype_info[dt].name);
}

#define RUN_STORE(S, T, EXPR)                                         \
    do {                                                              \
        T *d_ = (T *)dst;                                             \
        for (int64_t i = 0; i < n; i++) {                             \
            S v = src[i];                                             \
            d_[i] = (T)(EXPR);                                        \
        }                                                             \
    } while (0)

#define SRC_T float
void run_from_f32(void *dst, DType dt, const float *src, int64_t n) {
    switch (dt) {
    case DT_FP32: memcpy(dst, src, (size_t)n * sizeof(float)); return;
    case DT_FP16: RUN_STORE(SRC_T, uint16_t, fp16_from_float(v)); return;
    case DT_BF16: RUN_STORE(SRC_T, uint16_t, bf16_from_float(v)); return;
    case DT_BOOL: RUN_STORE(SRC_T, uint8_t, v != 0); return;
    case DT_INT8: case DT_INT16: case DT_INT32: case DT_INT64:
    case DT_UINT8: case DT_UINT16: case DT_UINT32: case DT_UINT64: {
        size_t size = dtype_size(dt);
        for (int64_t i = 0; i < n; i++)
            elem_put_raw(dst, size, i, (uint64_t)int_from_double(src[i], dt, RM_TRUNC));
        return;
    }
    CASE_UNRUNNABLE:
        break;
    }
    ICE("run_from_f32: dtype %s", dtype_info[dt].name);
}

#undef SRC_T

static uint32_t float_bits_of_int(int64_t v, DType dt) {
    return v < 0 ? fp_bits_from_int(true, (uint64_t)0 - (uint64_t)v, dt, RM_RINT)
                 : fp_bits_from_int(false, (uint64_t)v, dt, RM_RINT);
}

#define SRC_T int64_t
void run_from_i64(void *dst, DType dt, const int64_t *src, int64_t n) {
    switch (dt) {
    case DT_FP32: case DT_FP16: case DT_BF16: {
        size_t size = dtype_size(dt);
        for (int64_t i = 0; i < n; i++)
            elem_put_raw(dst, size, i, float_bits_of_int(src[i], dt));
        return;
    }
    case DT_BOOL: RUN_STORE(SRC_T, uint8_t, v != 0); return;
    case DT_INT8: RUN_STORE(SRC_T, int8_t, (uint64_t)v); return;
    case DT_INT16: RUN_STORE(SRC_T, int16_t, (uint64_t)v); return;
    case DT_INT32: RUN_STORE(SRC_T, int32_t, (uint64_t)v); return;
    case DT_INT64: memcpy(dst, src, (size_t)n * sizeof(int64_t)); return;
    case DT_UINT8: RUN_STORE(SRC_T, uint8_t, v); return;
    case DT_UINT16: RUN_STORE(SRC_T, uint16_t, v); return;
    case DT_UINT32: RUN_STORE(SRC_T, uint32_t, v); return;
    case DT_UINT64: RUN_STORE(SRC_T, uint64_t, v); return;
    CASE_UNRUNNABLE:
        break;
    }
    ICE("run_from_i64: dtype %s", dtype_info[dt].name);
}
#undef SRC_T

/* ---- bitmaps ---- */

void bits_set(uint8_t *map, int64_t from, int64_t n, bool v) {
    int64_t i = from, end = from + n;
    for (; i < end && (i & 7); i++)
        map[i >> 3] = v ? map[i >> 3] | (uint8_t)(1u << (i & 7)) : map[i >> 3] & (uint8_t)~(1u << (i & 7));
    if (end - i >= 8) {
        memset(map + (i >> 3), v ? 0xff : 0, (size_t)((end - i) >> 3));
        i += (end - i) & ~(int64_t)7;
    }
    for (; i < end; i++)
        map[i >> 3] = v ? map[i >> 3] | (uint8_t)(1u << (i & 7)) : map[i >> 3] & (uint8_t)~(1u << (i & 7));
}

void bits_copy(uint8_t *dst, int64_t dfrom, const uint8_t *src, int64_t sfrom, int64_t n) {
    if (((dfrom | sfrom) & 7) == 0 && n >= 8) { /* byte-aligned: whole bytes at once */
        memmove(dst + (dfrom >> 3), src + (sfrom >> 3), (size_t)(n >> 3));
        int64_t done = n & ~(int64_t)7;
        dfrom += done, sfrom += done, n -= done;
    }
    for (int64_t i = 0; i < n; i++) {
        int64_t d = dfrom + i;
        if (bit_get(src, sfrom + i))
            dst[d >> 3] |= (uint8_t)(1u << (d & 7));
        else
            dst[d >> 3] &= (uint8_t) ~(1u << (d & 7));
    }
}

int64_t bits_first_clear(const uint8_t *map, int64_t from, int64_t n) {
    int64_t i = from, end = from + n;
    for (; i < end && (i & 7); i++)
        if (!bit_get(map, i))
            return i - from;
    for (; end - i >= 8; i += 8)
        if (map[i >> 3] != 0xff)
            break;
    for (; i < end; i++)
        if (!bit_get(map, i))
            return i - from;
    return -1;
}
