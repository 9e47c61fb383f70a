/* value.c - values: storage with initialisation bitmaps, arrays (tensors and tiles, possibly
 * strided windows), tuples; the input generator; summaries and checksums.
 *
 * Arrays, storages and tuples are reference counted: a tensor written by a kernel is the same
 * object its caller holds, and values die as soon as the last variable holding them is
 * rebound, so loops do not pile up tiles. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"

/* ---- storage and arrays ---- */

static Storage *storage_new(DType dt, int64_t n, MemSpace space) {
    size_t size = dtype_size(dt);
    Storage *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->refs = 1;
    s->dt = dt;
    s->n = n;
    s->space = space;
    s->data = calloc((size_t)(n > 0 ? n : 1), size);
    s->init = calloc((size_t)(n > 0 ? (n + 7) / 8 : 1), 1);
    if (!s->data || !s->init) {
        free(s->data);
        free(s->init);
        free(s);
        return NULL;
    }
    return s;
}

static void storage_release(Storage *s) {
    if (!s || --s->refs > 0)
        return;
    if (s->borrowed)
        simspace_release(s->sim);
    else
        free(s->data);
    free(s->init);
    free(s);
}

SimSpace *simspace_new(MemSpace space, int64_t cap) {
    SimSpace *sp = calloc(1, sizeof *sp);
    if (!sp)
        ICE("out of memory");
    *sp = (SimSpace){1, space, cap, calloc((size_t)cap, 1), calloc((size_t)cap, sizeof(const Expr *))};
    if (!sp->bytes || !sp->owner)
        ICE("out of memory");
    return sp;
}

void simspace_release(SimSpace *sp) {
    if (!sp || --sp->refs > 0)
        return;
    free(sp->bytes);
    free(sp->owner);
    free(sp);
}

static void set_row_major(Array *a) {
    int64_t st = 1;
    for (int i = a->rank - 1; i >= 0; i--) {
        a->stride[i] = st;
        st *= a->shape[i];
    }
}

/* The element count of a shape, or -1 when negative or too large. */
static int64_t shape_numel(int rank, const int64_t *shape) {
    int64_t n = 1;
    for (int i = 0; i < rank; i++) {
        if (shape[i] < 0)
            return -1;
        if (shape[i] && n > (INT64_C(1) << ARRAY_MAX_ELEMS_LOG2) / shape[i])
            return -1;
        n *= shape[i];
    }
    return n > (INT64_C(1) << ARRAY_MAX_ELEMS_LOG2) ? -1 : n;
}

Array *array_new(DType dt, int rank, const int64_t *shape, MemSpace space) {
    int64_t n = shape_numel(rank, shape);
    if (n < 0 || rank > MAX_RANK || !dtype_runnable(dt))
        return NULL;
    Array *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->st = storage_new(dt, n, space);
    if (!a->st) {
        free(a);
        return NULL;
    }
    a->refs = 1;
    a->dt = dt;
    a->rank = rank;
    a->n = n;
    if (rank)
        memcpy(a->shape, shape, sizeof(int64_t) * (size_t)rank);
    set_row_major(a);
    return a;
}

Array *array_placed(DType dt, int rank, const int64_t *shape, SimSpace *sp, int64_t addr, const Expr *writer) {
    Array *a = array_new(dt, rank, shape, sp->space);
    if (!a)
        return NULL;
    Storage *s = a->st;
    free(s->data);
    s->data = sp->bytes + addr;
    s->borrowed = true;
    s->sim = sp;
    sp->refs++;
    s->addr = addr;
    s->writer = writer;
    int64_t bytes = a->n * (int64_t)dtype_size(dt);
    for (int64_t i = 0; i < bytes; i++)
        sp->owner[addr + i] = writer;
    return a;
}

Array array_swapped(const Array *a, int d1, int d2) {
    Array v = *a;
    v.shape[d1] = a->shape[d2], v.shape[d2] = a->shape[d1];
    v.stride[d1] = a->stride[d2], v.stride[d2] = a->stride[d1];
    return v;
}

Array *array_view(const Array *base, int rank, const int64_t *shape, const int64_t *stride, int64_t offset) {
    Array *a = calloc(1, sizeof *a);
    if (!a)
        ICE("out of memory");
    a->refs = 1;
    a->st = base->st;
    a->st->refs++;
    a->dt = base->dt;
    a->rank = rank;
    a->offset = offset;
    a->n = 1;
    for (int i = 0; i < rank; i++) {
        a->shape[i] = shape[i];
        a->stride[i] = stride[i];
        a->n *= shape[i];
    }
    return a;
}

Array *array_retain(Array *a) {
    a->refs++;
    return a;
}

void array_release(Array *a) {
    if (!a || --a->refs > 0)
        return;
    storage_release(a->st);
    free(a);
}

bool array_contiguous(const Array *a) {
    int64_t st = 1;
    for (int i = a->rank - 1; i >= 0; i--) {
        if (a->shape[i] != 1 && a->stride[i] != st)
            return false;
        st *= a->shape[i];
    }
    return true;
}

int64_t array_index(const Array *a, int64_t i) {
    int64_t at = a->offset;
    for (int d = a->rank - 1; d >= 0; d--) {
        if (a->shape[d] == 0)
            return at;
        at += (i % a->shape[d]) * a->stride[d];
        i /= a->shape[d];
    }
    return at;
}

bool array_each_row(const Array *a, RowFn fn, void *ud) {
    if (a->n == 0)
        return true;
    if (a->rank == 0 || array_contiguous(a))
        return fn(a, a->offset, a->n, 1, 0, ud);
    int64_t len = a->shape[a->rank - 1], idx[MAX_RANK] = {0};
    for (int64_t flat = 0; flat < a->n; flat += len) {
        int64_t at = a->offset;
        for (int d = 0; d < a->rank - 1; d++)
            at += idx[d] * a->stride[d];
        if (!fn(a, at, len, a->stride[a->rank - 1], flat, ud))
            return false;
        for (int d = a->rank - 2; d >= 0; d--) {
            if (++idx[d] < a->shape[d])
                break;
            idx[d] = 0;
        }
    }
    return true;
}

typedef struct {
    int64_t first, count;
    bool first_only;
} UninitScan;

static bool scan_row(const Array *a, int64_t at, int64_t len, int64_t stride, int64_t flat, void *ud) {
    UninitScan *u = ud;
    for (int64_t i = 0; i < len;) {
        int64_t off;
        if (stride == 1) {
            off = bits_first_clear(a->st->init, at + i, len - i);
            if (off < 0)
                break;
            i += off;
        } else if (bit_get(a->st->init, at + i * stride)) {
            i++;
            continue;
        }
        if (u->first < 0)
            u->first = flat + i;
        u->count++;
        if (u->first_only)
            return false;
        i++;
    }
    return true;
}

int64_t array_first_uninit(const Array *a) {
    UninitScan u = {-1, 0, true};
    array_each_row(a, scan_row, &u);
    return u.first;
}

int64_t array_count_uninit(const Array *a) {
    UninitScan u = {-1, 0, false};
    array_each_row(a, scan_row, &u);
    return u.count;
}

static bool mark_row(const Array *a, int64_t at, int64_t len, int64_t stride, int64_t flat, void *ud) {
    (void)flat, (void)ud;
    if (stride == 1)
        bits_set(a->st->init, at, len, true);
    else
        for (int64_t i = 0; i < len; i++)
            bits_set(a->st->init, at + i * stride, 1, true);
    return true;
}

void array_mark_init(Array *a) { array_each_row(a, mark_row, NULL); }

Array *array_contig(Array *a) {
    if (array_contiguous(a))
        return array_retain(a);
    Array *c = array_new(a->dt, a->rank, a->shape, a->st->space);
    if (!c)
        ICE("out of memory copying an array of %lld elements", (long long)a->n);
    k_copy(c, a);
    return c;
}

void shape_print(Buf *b, int rank, const int64_t *shape) {
    buf_putc(b, '[');
    for (int i = 0; i < rank; i++)
        buf_printf(b, "%s%lld", i ? ", " : "", (long long)shape[i]);
    buf_putc(b, ']');
}

void index_print(Buf *b, const Array *a, int64_t flat) {
    int64_t idx[MAX_RANK];
    for (int d = a->rank - 1; d >= 0; d--) {
        idx[d] = a->shape[d] ? flat % a->shape[d] : 0;
        flat = a->shape[d] ? flat / a->shape[d] : 0;
    }
    shape_print(b, a->rank, idx);
}

/* ---- values ---- */

Value value_scalar(Scalar s) { return (Value){.kind = V_SCALAR, .s = s}; }

Value value_array(ValueKind k, Array *a) { return (Value){.kind = k, .a = a}; }

Value value_tuple(int n, Value *items) {
    Tuple *t = malloc(sizeof *t + sizeof(Value) * (size_t)n);
    if (!t)
        ICE("out of memory");
    t->refs = 1;
    t->n = n;
    memcpy(t->items, items, sizeof(Value) * (size_t)n);
    return (Value){.kind = V_TUPLE, .tup = t};
}

Value value_retain(Value v) {
    switch (v.kind) {
    case V_TENSOR: case V_TILE: v.a->refs++; break;
    case V_TUPLE: v.tup->refs++; break;
    case V_NONE: case V_SCALAR: case V_PTR: break;
    }
    return v;
}

void value_release(Value *v) {
    switch (v->kind) {
    case V_TENSOR: case V_TILE: array_release(v->a); break;
    case V_TUPLE:
        if (--v->tup->refs == 0) {
            for (int i = 0; i < v->tup->n; i++)
                value_release(&v->tup->items[i]);
            free(v->tup);
        }
        break;
    case V_NONE: case V_SCALAR: case V_PTR: break;
    }
    v->kind = V_NONE;
}

const char *value_kind_name(ValueKind k) {
    switch (k) {
    case V_NONE: return "no value";
    case V_SCALAR: return "a scalar";
    case V_TENSOR: return "a tensor";
    case V_TILE: return "a tile";
    case V_TUPLE: return "a tuple";
    case V_PTR: return "a buffer";
    }
    return "?";
}

/* ---- the generator ---- */

uint64_t splitmix64(uint64_t *state) {
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

uint64_t fnv1a64(const void *data, size_t n, uint64_t h) {
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

#define FNV_BASIS UINT64_C(0xcbf29ce484222325)

static uint64_t gen_state(const char *name, uint64_t seed) { return seed ^ fnv1a64(name, strlen(name), FNV_BASIS); }

/* One generated element of dt from a random word, as raw bits. */
static uint64_t gen_raw(DType dt, uint64_t r) {
    switch (dtype_info[dt].kind) {
    case DK_FLOAT: {
        /* k / 2^23 - 1 for a 24-bit k: exact in FP32, in [-1, 1); narrower formats round
         * toward zero, which keeps the value inside [-1, 1) */
        double v = (double)(r >> 40) / 8388608.0 - 1.0;
        return fp_bits_from_double(v, dt, RM_TRUNC);
    }
    case DK_SINT: return (uint64_t)((int64_t)(r >> 60) - 8);
    case DK_UINT: return r >> 61;
    case DK_BOOL: return r >> 63;
    }
    return 0;
}

void gen_fill(Array *a, const char *name, uint64_t seed) {
    uint64_t state = gen_state(name, seed);
    size_t size = dtype_size(a->dt);
    bool contig = array_contiguous(a);
    for (int64_t i = 0; i < a->n; i++) {
        uint64_t r = splitmix64(&state), at = (uint64_t)(contig ? a->offset + i : array_index(a, i));
        if (a->dt == DT_FP32) { /* exact in FP32: no rounding to do */
            float v = (float)((double)(r >> 40) / 8388608.0 - 1.0);
            memcpy(a->st->data + at * 4, &v, 4);
        } else {
            elem_put_raw(a->st->data, size, (int64_t)at, gen_raw(a->dt, r));
        }
    }
    array_mark_init(a);
}

Scalar gen_scalar(DType dt, const char *name, uint64_t seed) {
    uint64_t state = gen_state(name, seed), r = splitmix64(&state);
    Scalar s = {.dt = dt};
    if (dtype_is_float(dt))
        s.f = fp_bits_to_double((uint32_t)gen_raw(dt, r), dt);
    else if (dt == DT_BOOL)
        s.i = (int64_t)(r >> 63);
    else /* integer scalars are mostly sizes and counts: 1 .. 8 */
        s.i = (int64_t)(r >> 61) + 1;
    return s;
}

/* ---- summaries ---- */

typedef struct {
    uint64_t hash;
    double min, max, sum;
    int64_t count, uninit;
} Stats;

static bool stats_row(const Array *a, int64_t at, int64_t len, int64_t stride, int64_t flat, void *ud) {
    (void)flat;
    Stats *s = ud;
    size_t size = dtype_size(a->dt);
    enum { CHUNK = 256 };
    double v[CHUNK];
    for (int64_t i0 = 0; i0 < len; i0 += CHUNK) {
        int64_t n = len - i0 < CHUNK ? len - i0 : CHUNK, k0 = at + i0 * stride;
        if (stride == 1) /* little-endian hosts: the elements' bytes as stored */
            s->hash = fnv1a64(array_at(a, k0), (size_t)n * size, s->hash);
        else
            for (int64_t i = 0; i < n; i++)
                s->hash = fnv1a64(array_at(a, k0 + i * stride), size, s->hash);
        run_to_f64(v, array_at(a, k0), a->dt, n, stride);
        for (int64_t i = 0; i < n; i++) {
            if (!bit_get(a->st->init, k0 + i * stride)) {
                s->uninit++;
                continue;
            }
            if (s->count == 0 || v[i] < s->min || isnan(v[i]))
                s->min = v[i];
            if (s->count == 0 || v[i] > s->max || isnan(v[i]))
                s->max = v[i];
            s->sum += v[i];
            s->count++;
        }
    }
    return true;
}

static Stats stats_of(const Array *a) {
    Stats s = {FNV_BASIS, 0, 0, 0, 0, 0};
    array_each_row(a, stats_row, &s);
    return s;
}

uint64_t array_checksum(const Array *a) { return stats_of(a).hash; }

void array_summary(Buf *b, const Array *a) {
    Stats s = stats_of(a);
    shape_print(b, a->rank, a->shape);
    buf_printf(b, " %s", dtype_info[a->dt].name);
    if (s.count) {
        double v[3] = {s.min, s.max, s.sum / (double)s.count};
        const char *label[3] = {"min", "max", "mean"};
        for (int i = 0; i < 3; i++) /* a NaN prints as nan, whatever its sign */
            buf_printf(b, v[i] != v[i] ? " %s=nan" : " %s=%.6g", label[i], v[i]);
    } else
        buf_puts(b, " min=- max=- mean=-");
    if (s.uninit)
        buf_printf(b, " uninit=%lld", (long long)s.uninit);
    buf_printf(b, " fnv1a=%016llx", (unsigned long long)s.hash);
}
