/* npy.c - NumPy .npy files: the magic, a version, a header length, a Python dict literal
 * ({'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }) padded with spaces to a
 * multiple of 64 bytes and ended by a newline, then the elements in C order. Only
 * little-endian data is read or written (the hosts ptoc runs on are little-endian). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"

static const struct {
    const char *descr;
    DType dt;
} npy_types[] = {
    {"<f4", DT_FP32}, {"<f2", DT_FP16}, {"|i1", DT_INT8}, {"<i1", DT_INT8}, {"<i2", DT_INT16},
    {"<i4", DT_INT32}, {"<i8", DT_INT64}, {"|u1", DT_UINT8}, {"<u1", DT_UINT8}, {"<u2", DT_UINT16},
    {"<u4", DT_UINT32}, {"<u8", DT_UINT64}, {"|b1", DT_BOOL}, {"<b1", DT_BOOL},
};

/* The descr written for dt (BF16: its raw bits as '<u2'). */
static const char *descr_of(DType dt) {
    if (dt == DT_BF16)
        return "<u2";
    for (size_t i = 0; i < sizeof npy_types / sizeof npy_types[0]; i++)
        if (npy_types[i].dt == dt)
            return npy_types[i].descr;
    return NULL;
}

/* ---- the header ---- */

typedef struct {
    const char *p, *end;
    Buf *err;
    bool have_descr, have_order, have_shape;
    char descr[16];
    bool fortran;
    int rank;
    int64_t shape[MAX_RANK];
} Header;

static bool herr(Header *h, const char *fmt, const char *arg) {
    buf_puts(h->err, "malformed header: ");
    buf_printf(h->err, fmt, arg);
    return false;
}

static void skip_ws(Header *h) {
    while (h->p < h->end && (*h->p == ' ' || *h->p == '\t' || *h->p == '\n' || *h->p == '\r'))
        h->p++;
}

static bool accept(Header *h, char c) {
    skip_ws(h);
    if (h->p < h->end && *h->p == c) {
        h->p++;
        return true;
    }
    return false;
}

/* A quoted string (no escapes: dtype strings and key names have none). */
static bool string(Header *h, char *out, size_t cap) {
    skip_ws(h);
    if (h->p >= h->end || (*h->p != '\'' && *h->p != '"'))
        return herr(h, "expected a string%s", "");
    char q = *h->p++;
    const char *s = h->p;
    while (h->p < h->end && *h->p != q)
        h->p++;
    if (h->p >= h->end)
        return herr(h, "unterminated string%s", "");
    size_t n = (size_t)(h->p - s);
    h->p++;
    if (n >= cap)
        return herr(h, "string too long%s", "");
    memcpy(out, s, n);
    out[n] = 0;
    return true;
}

static bool word(Header *h, const char *w) {
    size_t n = strlen(w);
    skip_ws(h);
    if ((size_t)(h->end - h->p) >= n && memcmp(h->p, w, n) == 0) {
        h->p += n;
        return true;
    }
    return false;
}

static bool shape_tuple(Header *h) {
    if (!accept(h, '('))
        return herr(h, "'shape' must be a tuple%s", "");
    h->rank = 0;
    while (!accept(h, ')')) {
        skip_ws(h);
        int64_t v = 0;
        const char *s = h->p;
        while (h->p < h->end && *h->p >= '0' && *h->p <= '9') {
            if (v > (INT64_MAX - 9) / 10)
                return herr(h, "a dimension is too large%s", "");
            v = v * 10 + (*h->p++ - '0');
        }
        if (h->p == s)
            return herr(h, "'shape' must hold non-negative integers%s", "");
        if (h->p < h->end && *h->p == 'L') /* Python 2 wrote 3L */
            h->p++;
        if (h->rank == MAX_RANK)
            return herr(h, "more than 8 dimensions%s", "");
        h->shape[h->rank++] = v;
        if (!accept(h, ',')) {
            if (!accept(h, ')'))
                return herr(h, "expected ',' or ')' in 'shape'%s", "");
            break;
        }
    }
    return true;
}

static bool parse_header(Header *h) {
    if (!accept(h, '{'))
        return herr(h, "expected '{'%s", "");
    while (!accept(h, '}')) {
        char key[32];
        if (!string(h, key, sizeof key))
            return false;
        if (!accept(h, ':'))
            return herr(h, "expected ':' after a key%s", "");
        if (strcmp(key, "descr") == 0) {
            skip_ws(h);
            if (h->p < h->end && *h->p == '[') {
                buf_puts(h->err, "structured dtypes are not supported");
                return false;
            }
            if (!string(h, h->descr, sizeof h->descr))
                return false;
            h->have_descr = true;
        } else if (strcmp(key, "fortran_order") == 0) {
            if (word(h, "True"))
                h->fortran = true;
            else if (!word(h, "False"))
                return herr(h, "'fortran_order' must be True or False%s", "");
            h->have_order = true;
        } else if (strcmp(key, "shape") == 0) {
            if (!shape_tuple(h))
                return false;
            h->have_shape = true;
        } else {
            return herr(h, "unknown key '%s'", key);
        }
        if (!accept(h, ',')) {
            if (!accept(h, '}'))
                return herr(h, "expected ',' or '}'%s", "");
            break;
        }
    }
    skip_ws(h);
    if (h->p != h->end)
        return herr(h, "text after the dictionary%s", "");
    if (!h->have_descr || !h->have_order || !h->have_shape)
        return herr(h, "missing key '%s'", !h->have_descr ? "descr" : !h->have_order ? "fortran_order" : "shape");
    return true;
}

static bool dtype_of_descr(const char *d, DType *out, Buf *err) {
    for (size_t i = 0; i < sizeof npy_types / sizeof npy_types[0]; i++)
        if (strcmp(npy_types[i].descr, d) == 0) {
            *out = npy_types[i].dt;
            return true;
        }
    buf_printf(err, "unsupported dtype '%s'", d);
    if (d[0] == '>')
        buf_puts(err, " (big-endian data: save it little-endian)");
    else if (strcmp(d, "<f8") == 0)
        buf_puts(err, " (float64: ptoc has no FP64; save a.astype(np.float32))");
    else
        buf_puts(err, " (supported: <f4 <f2 |i1 <i2 <i4 <i8 |u1 <u2 <u4 <u8 |b1)");
    return false;
}

/* ---- reading ---- */

bool npy_decode(const uint8_t *bytes, size_t n, Array **out, Buf *err) {
    *out = NULL;
    if (n < 10 || memcmp(bytes, "\x93NUMPY", 6) != 0) {
        buf_puts(err, "not a .npy file (bad magic)");
        return false;
    }
    int major = bytes[6], minor = bytes[7];
    size_t hlen, hstart;
    if (major == 1) {
        hlen = (size_t)bytes[8] | (size_t)bytes[9] << 8;
        hstart = 10;
    } else if ((major == 2 || major == 3) && n >= 12) {
        hlen = (size_t)bytes[8] | (size_t)bytes[9] << 8 | (size_t)bytes[10] << 16 | (size_t)bytes[11] << 24;
        hstart = 12;
    } else if (major == 2 || major == 3) {
        buf_puts(err, "truncated header");
        return false;
    } else {
        buf_printf(err, "unsupported .npy format version %d.%d", major, minor);
        return false;
    }
    if (hlen > n - hstart) {
        buf_puts(err, "truncated header");
        return false;
    }
    Header h = {.p = (const char *)bytes + hstart, .end = (const char *)bytes + hstart + hlen, .err = err};
    DType dt;
    if (!parse_header(&h) || !dtype_of_descr(h.descr, &dt, err))
        return false;
    if (h.fortran) {
        buf_puts(err, "Fortran-order data is not supported (save np.ascontiguousarray(a))");
        return false;
    }
    Array *a = array_new(dt, h.rank, h.shape, MEM_DDR);
    if (!a) {
        buf_puts(err, "the array is too large");
        return false;
    }
    size_t need = (size_t)a->n * dtype_size(dt), have = n - hstart - hlen;
    if (have != need) {
        Buf sb = {0};
        shape_print(&sb, h.rank, h.shape);
        if (have < need)
            buf_printf(err, "truncated data: %zu bytes for a %s array of %s needing %zu", have, sb.data,
                       dtype_info[dt].name, need);
        else
            buf_printf(err, "%zu bytes after the data of a %s array of %s", have - need, sb.data, dtype_info[dt].name);
        buf_free(&sb);
        array_release(a);
        return false;
    }
    memcpy(a->st->data, bytes + hstart + hlen, need);
    if (dt == DT_BOOL) /* any non-zero byte is True */
        for (int64_t i = 0; i < a->n; i++)
            a->st->data[i] = a->st->data[i] != 0;
    array_mark_init(a);
    *out = a;
    return true;
}

bool npy_read(const char *path, Array **out, Buf *err) {
    Buf text = {0};
    *out = NULL;
    if (!read_file(path, &text)) {
        buf_printf(err, "cannot read: %s", strerror(errno));
        buf_free(&text);
        return false;
    }
    bool ok = npy_decode((const uint8_t *)(text.data ? text.data : ""), text.len, out, err);
    buf_free(&text);
    return ok;
}

/* ---- writing ---- */

static bool append_row(const Array *a, int64_t at, int64_t len, int64_t stride, int64_t flat, void *ud) {
    (void)flat;
    Buf *out = ud;
    size_t size = dtype_size(a->dt);
    if (stride == 1) {
        buf_putn(out, (const char *)array_at(a, at), (size_t)len * size);
        return true;
    }
    for (int64_t i = 0; i < len; i++)
        buf_putn(out, (const char *)array_at(a, at + i * stride), size);
    return true;
}

void npy_encode(Buf *out, const Array *a) {
    Buf dict = {0};
    buf_printf(&dict, "{'descr': '%s', 'fortran_order': False, 'shape': (", descr_of(a->dt));
    for (int i = 0; i < a->rank; i++)
        buf_printf(&dict, "%s%lld", i ? ", " : "", (long long)a->shape[i]);
    buf_puts(&dict, a->rank == 1 ? ",), }" : "), }");
    size_t total = 10 + dict.len + 1, pad = (64 - total % 64) % 64;
    buf_putn(out, "\x93NUMPY\x01\x00", 8);
    size_t hlen = dict.len + pad + 1;
    buf_putc(out, (char)(hlen & 0xff));
    buf_putc(out, (char)(hlen >> 8));
    buf_putn(out, dict.data, dict.len);
    for (size_t i = 0; i < pad; i++)
        buf_putc(out, ' ');
    buf_putc(out, '\n');
    buf_free(&dict);
    array_each_row(a, append_row, out);
}

bool npy_write(const char *path, const Array *a, Buf *err) {
    Buf data = {0};
    npy_encode(&data, a);
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(data.data, 1, data.len, f) == data.len;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok)
        buf_printf(err, "cannot write: %s", strerror(errno));
    buf_free(&data);
    return ok;
}
