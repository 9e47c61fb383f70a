/* scalar.c - scalar arithmetic with each dtype's semantics: integers wrap at their width, //
 * and % follow Python (floor), / is true division, FP32 computes in float (never double),
 * FP16/BF16 compute in float and round the result to their format. */
#include <math.h>

#include "interp/interp.h"

/* dtype_is_float, inline: scalar code asks on every operation. */
static bool is_float(DType dt) { return dtype_info[dt].kind == DK_FLOAT; }
static bool is_u64(DType dt) { return dt == DT_UINT64; }

/* The nearest value of float dtype dt to x (x exact), as a double. */
static double round_float(double x, DType dt, RoundMode m) {
    if (dt == DT_FP32 && (m == RM_RINT || m == RM_NONE))
        return (float)x;
    return fp_bits_to_double(fp_bits_from_double(x, dt, m), dt);
}

Scalar scalar_int(DType dt, int64_t v) {
    Scalar s = {.dt = DT_INT64, .i = v};
    return scalar_convert(s, dt);
}

Scalar scalar_float(DType dt, double v) {
    Scalar s = {.dt = dt};
    if (is_float(dt))
        s.f = round_float(v, dt, RM_RINT);
    else
        s.i = int_from_double(v, dt, RM_TRUNC);
    return s;
}

double scalar_to_double(Scalar s) {
    if (is_float(s.dt))
        return s.f;
    return is_u64(s.dt) ? (double)(uint64_t)s.i : (double)s.i;
}

bool scalar_truth(Scalar s) { return is_float(s.dt) ? s.f != 0 : s.i != 0; }

Scalar scalar_cast(Scalar s, DType to, RoundMode m) {
    Scalar r = {.dt = to};
    if (s.dt == to)
        return s;
    if (to == DT_BOOL) {
        r.i = scalar_truth(s);
        return r;
    }
    if (is_float(s.dt)) {
        if (is_float(to))
            r.f = round_float(s.f, to, m);
        else
            r.i = int_from_double(s.f, to, m);
        return r;
    }
    if (!is_float(to)) {
        r.i = dtype_wrap(s.i, to);
        return r;
    }
    bool neg = !is_u64(s.dt) && s.i < 0;
    uint64_t mag = neg ? (uint64_t)0 - (uint64_t)s.i : (uint64_t)s.i;
    r.f = fp_bits_to_double(fp_bits_from_int(neg, mag, to, m == RM_NONE ? RM_RINT : m), to);
    return r;
}

Scalar scalar_convert(Scalar s, DType to) {
    if (s.dt == to) /* the common case, before choosing a mode */
        return s;
    return scalar_cast(s, to, is_float(s.dt) && !is_float(to) ? RM_TRUNC : RM_RINT);
}

/* ---- floats: computed in float, rounded to the result dtype ---- */

/* Python's float floor division and modulo (floatobject.c float_divmod), in float. */
static void float_divmod(float a, float b, float *div, float *mod) {
    float m = fmodf(a, b), d;
    d = (a - m) / b;
    if (m != 0) {
        if ((b < 0) != (m < 0)) {
            m += b;
            d -= 1;
        }
    } else {
        m = copysignf(0.0f, b);
    }
    if (d != 0) {
        float fl = floorf(d);
        if (d - fl > 0.5f)
            fl += 1;
        d = fl;
    } else {
        d = copysignf(0.0f, a / b);
    }
    *div = d;
    *mod = m;
}

static bool float_binary(BinOp op, float a, float b, float *out) {
    float d, m;
    switch (op) {
    case BIN_ADD: *out = a + b; return true;
    case BIN_SUB: *out = a - b; return true;
    case BIN_MUL: *out = a * b; return true;
    case BIN_DIV: *out = a / b; return true;
    case BIN_FLOORDIV:
        if (b == 0) {
            *out = a / b; /* IEEE: +-inf, or NaN for 0 // 0 */
            return true;
        }
        float_divmod(a, b, &d, &m);
        *out = d;
        return true;
    case BIN_MOD:
        if (b == 0) {
            *out = NAN;
            return true;
        }
        float_divmod(a, b, &d, &m);
        *out = m;
        return true;
    case BIN_POW: *out = powf(a, b); return true;
    case BIN_MIN: *out = b < a ? b : a; return true; /* Python's min(a, b) */
    case BIN_MAX: *out = b > a ? b : a; return true;
    case BIN_EQ: case BIN_NE: case BIN_LT: case BIN_LE: case BIN_GT: case BIN_GE:
    case BIN_AND: case BIN_OR: case BIN_BITAND: case BIN_BITOR: case BIN_BITXOR: case BIN_SHL: case BIN_SHR:
        break;
    }
    return false;
}

/* ---- integers: computed in 64 bits, wrapped to the result dtype ---- */

static int64_t wrap_add(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }
static int64_t wrap_sub(int64_t a, int64_t b) { return (int64_t)((uint64_t)a - (uint64_t)b); }
static int64_t wrap_mul(int64_t a, int64_t b) { return (int64_t)((uint64_t)a * (uint64_t)b); }

/* Python's // and % on signed integers; INT64_MIN // -1 wraps to INT64_MIN. */
static void floor_divmod(int64_t a, int64_t b, int64_t *q, int64_t *r) {
    if (b == -1) {
        *q = wrap_sub(0, a);
        *r = 0;
        return;
    }
    int64_t qq = a / b, rr = a % b;
    if (rr != 0 && ((rr < 0) != (b < 0))) {
        qq--;
        rr += b;
    }
    *q = qq;
    *r = rr;
}

static bool int_binary(BinOp op, int64_t a, int64_t b, DType dt, int64_t *out, const char **err) {
    bool u = is_u64(dt), sgn = dtype_info[dt].kind == DK_SINT;
    uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
    int64_t q, r;
    switch (op) {
    case BIN_ADD: *out = wrap_add(a, b); return true;
    case BIN_SUB: *out = wrap_sub(a, b); return true;
    case BIN_MUL: *out = wrap_mul(a, b); return true;
    case BIN_FLOORDIV:
    case BIN_MOD:
        if (b == 0) {
            *err = op == BIN_MOD ? "integer modulo by zero" : "integer division by zero";
            return false;
        }
        if (u) {
            *out = (int64_t)(op == BIN_MOD ? ua % ub : ua / ub);
            return true;
        }
        floor_divmod(a, b, &q, &r);
        *out = op == BIN_MOD ? r : q;
        return true;
    case BIN_POW: {
        if (b < 0 && !u) {
            *err = "negative exponent in an integer power";
            return false;
        }
        uint64_t base = ua, e = ub, acc = 1; /* square and multiply, wrapping */
        while (e) {
            if (e & 1)
                acc *= base;
            base *= base;
            e >>= 1;
        }
        *out = (int64_t)acc;
        return true;
    }
    case BIN_MIN: *out = u ? (ub < ua ? b : a) : (b < a ? b : a); return true;
    case BIN_MAX: *out = u ? (ub > ua ? b : a) : (b > a ? b : a); return true;
    case BIN_BITAND: *out = a & b; return true;
    case BIN_BITOR: *out = a | b; return true;
    case BIN_BITXOR: *out = a ^ b; return true;
    case BIN_SHL:
    case BIN_SHR:
        if (b < 0 && !u) {
            *err = "negative shift count";
            return false;
        }
        if (op == BIN_SHL)
            *out = ub >= 64 ? 0 : (int64_t)(ua << ub);
        else if (sgn) /* arithmetic: Python's >> on a negative number rounds down */
            *out = ub >= 64 ? (a < 0 ? -1 : 0) : (a < 0 ? ~(~a >> ub) : a >> ub);
        else
            *out = ub >= 64 ? 0 : (int64_t)(ua >> ub);
        return true;
    case BIN_DIV: case BIN_EQ: case BIN_NE: case BIN_LT: case BIN_LE: case BIN_GT: case BIN_GE:
    case BIN_AND: case BIN_OR:
        break;
    }
    return false;
}

/* -1, 0, 1, or 2 when unordered (a NaN). */
static int compare(Scalar a, Scalar b) {
    if (is_float(a.dt))
        return a.f < b.f ? -1 : a.f > b.f ? 1 : a.f == b.f ? 0 : 2;
    if (is_u64(a.dt))
        return (uint64_t)a.i < (uint64_t)b.i ? -1 : (uint64_t)a.i > (uint64_t)b.i;
    return a.i < b.i ? -1 : a.i > b.i;
}

bool scalar_binary(BinOp op, Scalar a, Scalar b, DType result, Scalar *out, const char **err) {
    int c;
    *err = NULL;
    switch (op) {
    case BIN_EQ: case BIN_NE: case BIN_LT: case BIN_LE: case BIN_GT: case BIN_GE: {
        DType dt = dtype_promote(a.dt, b.dt);
        c = compare(scalar_convert(a, dt), scalar_convert(b, dt));
        bool v = op == BIN_EQ ? c == 0 : op == BIN_NE ? c != 0 : op == BIN_LT ? c == -1
               : op == BIN_LE ? (c == -1 || c == 0) : op == BIN_GT ? c == 1 : (c == 1 || c == 0);
        *out = scalar_int(result, v);
        return true;
    }
    case BIN_AND:
        *out = scalar_int(result, scalar_truth(a) && scalar_truth(b));
        return true;
    case BIN_OR:
        *out = scalar_int(result, scalar_truth(a) || scalar_truth(b));
        return true;
    case BIN_DIV: case BIN_FLOORDIV: case BIN_MOD:
        /* an integer divisor of zero is an error even when the result is a float */
        if (!is_float(b.dt) && b.i == 0) {
            *err = op == BIN_MOD ? "integer modulo by zero" : "integer division by zero";
            return false;
        }
        break;
    case BIN_ADD: case BIN_SUB: case BIN_MUL: case BIN_POW: case BIN_MIN: case BIN_MAX:
    case BIN_BITAND: case BIN_BITOR: case BIN_BITXOR: case BIN_SHL: case BIN_SHR:
        break;
    }
    Scalar x = scalar_convert(a, result), y = scalar_convert(b, result);
    out->dt = result;
    if (is_float(result)) {
        float f;
        if (!float_binary(op, (float)x.f, (float)y.f, &f)) {
            *err = "operator not defined on floats";
            return false;
        }
        out->f = round_float(f, result, RM_RINT);
        return true;
    }
    int64_t v;
    if (!int_binary(op, x.i, y.i, result, &v, err)) {
        if (!*err)
            *err = "operator not defined on integers";
        return false;
    }
    out->i = dtype_wrap(v, result);
    return true;
}

bool scalar_unary(UnOp op, Scalar a, DType result, Scalar *out, const char **err) {
    *err = NULL;
    if (op == UN_NOT) {
        *out = scalar_int(result, !scalar_truth(a));
        return true;
    }
    Scalar x = scalar_convert(a, result);
    out->dt = result;
    if (is_float(result)) {
        switch (op) {
        case UN_NEG: out->f = -x.f; return true;
        case UN_ABS: out->f = fabs(x.f); return true;
        case UN_BITNOT: case UN_NOT: break;
        }
        *err = "operator not defined on floats";
        return false;
    }
    int64_t v = x.i;
    switch (op) {
    case UN_NEG: v = wrap_sub(0, v); break;
    case UN_ABS: v = is_u64(result) || v >= 0 ? v : wrap_sub(0, v); break;
    case UN_BITNOT: v = ~v; break;
    case UN_NOT: break;
    }
    out->i = dtype_wrap(v, result);
    return true;
}

void scalar_print(Buf *b, Scalar s) {
    if (s.dt == DT_BOOL)
        buf_puts(b, s.i ? "True" : "False");
    else if (is_float(s.dt) && s.f != s.f)
        buf_puts(b, "nan");
    else if (is_float(s.dt))
        buf_printf(b, "%.9g", s.f);
    else if (is_u64(s.dt))
        buf_printf(b, "%llu", (unsigned long long)(uint64_t)s.i);
    else
        buf_printf(b, "%lld", (long long)s.i);
}
