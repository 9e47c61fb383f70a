/* buf.c - growable strings, and reading whole files. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"

static void reserve(Buf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *data = realloc(b->data, cap);
    if (!data)
        ICE("out of memory (%zu bytes)", cap);
    b->data = data;
    b->cap = cap;
}

void buf_putn(Buf *b, const char *s, size_t n) {
    reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void buf_putc(Buf *b, char c) { buf_putn(b, &c, 1); }

void buf_puts(Buf *b, const char *s) { buf_putn(b, s, strlen(s)); }

void buf_vprintf(Buf *b, const char *fmt, va_list ap) {
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0)
        ICE("bad format '%s'", fmt);
    reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(Buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_free(Buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

bool read_file(const char *path, Buf *out) {
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return false;
    char chunk[65536];
    size_t n;
    reserve(out, 0);
    out->data[out->len] = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_putn(out, chunk, n);
    bool ok = !ferror(f);
    int err = errno;
    if (!is_stdin)
        fclose(f);
    if (!ok)
        errno = err ? err : EIO;
    return ok;
}
