#define _POSIX_C_SOURCE 200809L
/* diag.c - every diagnostic: "file:line:col: level: message", the line, a caret.
 *
 * While held (diags_hold), diagnostics are kept and written by diags_flush in source order,
 * each error with the notes and hints that follow it, so that errors found by different
 * phases (the lexer runs before the parser) still read top to bottom. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptoc.h"

/* One held error with its notes and hints. */
typedef struct Held {
    int line, col, seq;
    Buf text;
} Held;

void diags_init(Diags *d, FILE *out) {
    const char *nc = getenv("NO_COLOR");
    memset(d, 0, sizeof *d);
    d->out = out;
    d->color = isatty(fileno(out)) && !(nc && nc[0]);
    d->max_errors = 50;
}

static const char *color(const Diags *d, const char *code) { return d->color ? code : ""; }

/* The text of line `line` of src, without its newline. */
static const char *line_text(const Source *src, int line, int *len) {
    const char *p = src->text, *end = src->text + src->len;
    for (int l = 1; l < line && p < end; p++)
        if (*p == '\n')
            l++;
    const char *q = p;
    while (q < end && *q != '\n' && *q != '\r')
        q++;
    *len = (int)(q - p);
    return p;
}

static void show_line(Diags *d, Buf *b, Loc loc) {
    int len;
    const char *text = line_text(loc.src, loc.line, &len);
    for (int i = 0; i < len; i++) /* one column per byte: tabs and control bytes print as one */
        buf_putc(b, text[i] == '\t' ? ' ' : (unsigned char)text[i] < 0x20 ? '?' : text[i]);
    buf_putc(b, '\n');
    int col = loc.col < 1 ? 1 : loc.col;
    for (int i = 1; i < col; i++)
        buf_putc(b, ' ');
    int n = loc.len < 1 ? 1 : loc.len;
    if (col - 1 + n > len && len >= col)
        n = len - col + 1;
    buf_printf(b, "%s^", color(d, "\033[1;32m"));
    for (int i = 1; i < n; i++)
        buf_putc(b, '~');
    buf_printf(b, "%s\n", color(d, "\033[0m"));
}

static void format(Diags *d, Buf *b, DiagLevel level, Loc loc, const char *fmt, va_list ap) {
    static const char *const names[] = {"error", "note", "hint"};
    static const char *const colors[] = {"\033[1;31m", "\033[1;36m", "\033[1;36m"};
    if (level == DIAG_HINT && !loc.src) {
        buf_printf(b, "  %shint:%s ", color(d, colors[level]), color(d, "\033[0m"));
        buf_vprintf(b, fmt, ap);
        buf_putc(b, '\n');
        return;
    }
    if (loc.src)
        buf_printf(b, "%s%s:%d:%d: ", color(d, "\033[1m"), loc.src->name, loc.line, loc.col);
    buf_printf(b, "%s%s:%s%s ", color(d, colors[level]), names[level], color(d, "\033[0m"), color(d, "\033[1m"));
    buf_vprintf(b, fmt, ap);
    buf_printf(b, "%s\n", color(d, "\033[0m"));
    if (loc.src && loc.line > 0)
        show_line(d, b, loc);
}

void vdiag(Diags *d, DiagLevel level, Loc loc, const char *fmt, va_list ap) {
    if (level == DIAG_ERROR)
        d->nerrors++;
    if (d->max_errors && d->nerrors > d->max_errors) {
        if (level == DIAG_ERROR && d->nerrors == d->max_errors + 1 && !d->held)
            fprintf(d->out, "too many errors; stopping here\n");
        return;
    }
    if (!d->held) {
        Buf b = {0};
        format(d, &b, level, loc, fmt, ap);
        fwrite(b.data, 1, b.len, d->out);
        buf_free(&b);
        return;
    }
    if (level == DIAG_ERROR || d->nheld == 0) {
        if (d->nheld == d->capheld) {
            d->capheld = d->capheld ? 2 * d->capheld : 16;
            Held *h = realloc(d->held_items, sizeof(Held) * (size_t)d->capheld);
            if (!h)
                ICE("out of memory");
            d->held_items = h;
        }
        Held *h = &d->held_items[d->nheld];
        *h = (Held){loc.src ? loc.line : 0, loc.src ? loc.col : 0, d->nheld, {0}};
        d->nheld++;
    }
    format(d, &d->held_items[d->nheld - 1].text, level, loc, fmt, ap);
}

void diag(Diags *d, DiagLevel level, Loc loc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vdiag(d, level, loc, fmt, ap);
    va_end(ap);
}

void diags_hold(Diags *d) { d->held++; }

static int by_position(const void *a, const void *b) {
    const Held *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void diags_flush(Diags *d) {
    if (!d->held || --d->held > 0)
        return;
    if (d->nheld > 1)
        qsort(d->held_items, (size_t)d->nheld, sizeof(Held), by_position);
    for (int i = 0; i < d->nheld; i++) {
        fwrite(d->held_items[i].text.data, 1, d->held_items[i].text.len, d->out);
        buf_free(&d->held_items[i].text);
    }
    if (d->max_errors && d->nerrors > d->max_errors)
        fprintf(d->out, "too many errors; stopping here\n");
    free(d->held_items);
    d->held_items = NULL;
    d->nheld = d->capheld = 0;
}

_Noreturn void ice(const char *file, int line, const char *fmt, ...) {
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "%s:%d: internal compiler error: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nplease report this as a ptoc bug, with the input that caused it\n", stderr);
    abort();
}
