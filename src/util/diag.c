#define _POSIX_C_SOURCE 200809L
/* diag.c - every diagnostic: "file:line:col: level: message", the line, a caret. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptoc.h"

void diags_init(Diags *d, FILE *out) {
    const char *nc = getenv("NO_COLOR");
    d->out = out;
    d->color = isatty(fileno(out)) && !(nc && nc[0]);
    d->nerrors = 0;
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

static void show_line(Diags *d, Loc loc) {
    int len;
    const char *text = line_text(loc.src, loc.line, &len);
    for (int i = 0; i < len; i++)
        fputc(text[i] == '\t' ? ' ' : (unsigned char)text[i] < 0x20 ? '?' : text[i], d->out); /* one column each */
    fputc('\n', d->out);
    int col = loc.col < 1 ? 1 : loc.col;
    for (int i = 1; i < col; i++)
        fputc(' ', d->out);
    int n = loc.len < 1 ? 1 : loc.len;
    if (col - 1 + n > len && len >= col)
        n = len - col + 1;
    fprintf(d->out, "%s^", color(d, "\033[1;32m"));
    for (int i = 1; i < n; i++)
        fputc('~', d->out);
    fprintf(d->out, "%s\n", color(d, "\033[0m"));
}

void vdiag(Diags *d, DiagLevel level, Loc loc, const char *fmt, va_list ap) {
    static const char *const names[] = {"error", "note", "hint"};
    static const char *const colors[] = {"\033[1;31m", "\033[1;36m", "\033[1;36m"};
    if (level == DIAG_ERROR)
        d->nerrors++;
    if (d->max_errors && d->nerrors > d->max_errors) {
        if (level == DIAG_ERROR && d->nerrors == d->max_errors + 1)
            fprintf(d->out, "too many errors; stopping here\n");
        return;
    }
    if (level == DIAG_HINT && !loc.src) {
        fprintf(d->out, "  %shint:%s ", color(d, colors[level]), color(d, "\033[0m"));
        vfprintf(d->out, fmt, ap);
        fputc('\n', d->out);
        return;
    }
    if (loc.src)
        fprintf(d->out, "%s%s:%d:%d: ", color(d, "\033[1m"), loc.src->name, loc.line, loc.col);
    fprintf(d->out, "%s%s:%s%s ", color(d, colors[level]), names[level], color(d, "\033[0m"),
            color(d, "\033[1m"));
    vfprintf(d->out, fmt, ap);
    fprintf(d->out, "%s\n", color(d, "\033[0m"));
    if (loc.src && loc.line > 0)
        show_line(d, loc);
}

void diag(Diags *d, DiagLevel level, Loc loc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vdiag(d, level, loc, fmt, ap);
    va_end(ap);
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
