/* lex.c - the Python-syntax subset as tokens, with NEWLINE/INDENT/DEDENT.
 *
 * The whole file becomes one token array. Newlines inside brackets and after a
 * backslash join lines, blank and comment-only lines produce nothing, as in Python.
 * Errors are reported and the offending characters skipped, so one run reports
 * every lexical error. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse/parse.h"

enum { MAX_INDENT = 100, MAX_BRACKETS = 200 };

typedef struct {
    Ctx *c;
    const Source *src;
    const char *p;      /* current character */
    const char *line_start;
    int line;
    PtrVec toks;
    int indents[MAX_INDENT + 1];
    int nindent;
    char brackets[MAX_BRACKETS];  /* open brackets, innermost last */
    Loc bracket_locs[MAX_BRACKETS];
    int nbrackets;
    bool indent_reported;
    int overflow;       /* brackets opened beyond MAX_BRACKETS (the parser reports the depth) */
    int bad_line;       /* the last line with a lexical error: its tokens are marked lexbad */
} Lexer;

static Loc loc_here(Lexer *L, const char *start, int len) {
    return (Loc){L->src, L->line, (int)(start - L->line_start) + 1, len > 0 ? len : 1};
}

static Token *push(Lexer *L, TokKind k, const char *start, int len) {
    Token *t = ARENA_NEW(L->c->arena, Token);
    t->kind = k;
    t->loc = loc_here(L, start, len);
    t->lexbad = L->bad_line == L->line && k != T_NEWLINE && k != T_INDENT && k != T_DEDENT;
    vec_push(&L->toks, t);
    return t;
}

/* A lexical error at loc: reported, and the statement on its line is skipped by the parser. */
static void lex_error(Lexer *L, Loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void lex_error(Lexer *L, Loc loc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vdiag(L->c->diag, DIAG_ERROR, loc, fmt, ap);
    va_end(ap);
    L->bad_line = loc.line;
    for (int i = L->toks.len - 1; i >= 0; i--) {
        Token *t = L->toks.items[i];
        if (t->loc.line != loc.line || t->kind == T_NEWLINE)
            break;
        if (t->kind != T_INDENT && t->kind != T_DEDENT)
            t->lexbad = true;
    }
}

/* Operators of two or three characters, longest first so that "**=" wins over "**". */
static const char *const multi_puncts[] = {
    "**=", "//=", ">>=", "<<=", "...",
    "**", "//", "==", "!=", "<=", ">=", "<<", ">>", "->", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
    "^=", "@=", ":=",
};
static const char single_puncts[] = "+-*/%<>=()[]{},:.;&|^~@";

/* The length of the operator at p (the longest that matches), 0 when there is none. */
static size_t punct_len(const char *p) {
    if (!p[0])
        return 0;
    if (p[1] && strchr("=*/<>.", p[1])) /* every second character of a longer operator */
        for (size_t i = 0; i < sizeof multi_puncts / sizeof *multi_puncts; i++) {
            const char *m = multi_puncts[i];
            if (p[0] == m[0] && p[1] == m[1] && (!m[2] || p[2] == m[2]))
                return m[2] ? 3 : 2;
        }
    return strchr(single_puncts, p[0]) ? 1 : 0;
}

static bool is_ident_start(int ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_'; }
static bool is_digit(int ch) { return ch >= '0' && ch <= '9'; }
static bool is_ident(int ch) { return is_ident_start(ch) || is_digit(ch); }

static void lex_number(Lexer *L) {
    const char *s = L->p, *q = s;
    bool is_float = false;
    char text[128];
    int n = 0;
    if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X' || q[1] == 'b' || q[1] == 'B' || q[1] == 'o' || q[1] == 'O')) {
        int base = (q[1] == 'x' || q[1] == 'X') ? 16 : (q[1] == 'b' || q[1] == 'B') ? 2 : 8;
        q += 2;
        while (is_ident(*q))
            if (*q++ != '_' && n < 120)
                text[n++] = q[-1];
        text[n] = 0;
        char *end;
        errno = 0;
        unsigned long long v = strtoull(text, &end, base);
        Token *t = push(L, T_INT, s, (int)(q - s));
        if (n == 0 || *end || errno || v > INT64_MAX)
            lex_error(L, t->loc, errno || v > INT64_MAX ? "integer literal too large" : "malformed number");
        t->ival = (int64_t)v;
        L->p = q;
        return;
    }
    while (is_digit(*q) || *q == '_' || *q == '.' || *q == 'e' || *q == 'E' ||
           ((*q == '+' || *q == '-') && (q[-1] == 'e' || q[-1] == 'E'))) {
        if (*q == '.' || *q == 'e' || *q == 'E')
            is_float = true;
        if (*q != '_' && n < 120)
            text[n++] = *q;
        q++;
    }
    bool bad = is_ident_start(*q);
    while (is_ident(*q))
        q++;
    text[n] = 0;
    Token *t = push(L, is_float ? T_FLOAT : T_INT, s, (int)(q - s));
    L->p = q;
    char *end;
    errno = 0;
    if (is_float)
        t->fval = strtod(text, &end);
    else
        t->ival = strtoll(text, &end, 10);
    if (bad || *end || n == 0 || (n > 1 && !is_float && text[0] == '0' && strspn(text, "0") != (size_t)n))
        lex_error(L, t->loc, "malformed number '%.*s'", (int)(q - s), s);
    else if (errno == ERANGE && !is_float)
        lex_error(L, t->loc, "integer literal too large for 64 bits");
}

static int hexval(char ch) {
    return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

static void lex_string(Lexer *L, bool keep) {
    const char *s = L->p;
    char quote = *s;
    bool triple = s[1] == quote && s[2] == quote;
    const char *q = s + (triple ? 3 : 1);
    Buf b = {0};
    int start_line = L->line;
    const char *start_line_start = L->line_start;
    for (;;) {
        if (!*q || (!triple && (*q == '\n' || *q == '\r'))) {
            L->line = start_line;
            L->line_start = start_line_start;
            lex_error(L, loc_here(L, s, 1), "unterminated string literal");
            L->nbrackets = L->overflow = 0; /* the rest of the line is lost; so are its brackets */
            if (triple) { /* the rest of the file was swallowed; stop at its end */
                while (*q) {
                    if (*q == '\n') {
                        L->line++;
                        L->line_start = q + 1;
                    }
                    q++;
                }
            }
            L->p = q;
            buf_free(&b);
            return;
        }
        if (triple ? (q[0] == quote && q[1] == quote && q[2] == quote) : *q == quote)
            break;
        if (*q == '\\' && q[1]) {
            char e = q[1];
            q += 2;
            switch (e) {
            case 'n': buf_putc(&b, '\n'); break;
            case 't': buf_putc(&b, '\t'); break;
            case 'r': buf_putc(&b, '\r'); break;
            case 'x': { /* \xHH, as the printer writes control bytes */
                int hi = hexval(q[0]), lo = hi < 0 ? -1 : hexval(q[1]);
                if (lo < 0 || (hi == 0 && lo == 0)) {
                    lex_error(L, loc_here(L, q - 2, 2), "bad \\x escape (two hex digits, not 00)");
                    break;
                }
                buf_putc(&b, (char)(hi * 16 + lo));
                q += 2;
                break;
            }
            case '\\': buf_putc(&b, '\\'); break;
            case '\'': buf_putc(&b, '\''); break;
            case '"': buf_putc(&b, '"'); break;
            case '\n': L->line++; L->line_start = q; break;
            default: buf_putc(&b, '\\'); buf_putc(&b, e); break;
            }
            continue;
        }
        if (*q == '\n') {
            L->line++;
            L->line_start = q + 1;
        }
        buf_putc(&b, *q++);
    }
    q += triple ? 3 : 1;
    int end_line = L->line;
    const char *end_line_start = L->line_start;
    L->line = start_line;
    L->line_start = start_line_start;
    if (keep) {
        Token *t = push(L, T_STRING, s, start_line == end_line ? (int)(q - s) : 3);
        t->sval = intern(L->c->names, b.data ? b.data : "", b.len);
    }
    L->line = end_line;
    L->line_start = end_line_start;
    buf_free(&b);
    L->p = q;
}

static void open_bracket(Lexer *L, char ch, Loc loc) {
    if (L->nbrackets < MAX_BRACKETS) {
        L->bracket_locs[L->nbrackets] = loc;
        L->brackets[L->nbrackets++] = ch;
    } else {
        L->overflow++;
    }
}

static void close_bracket(Lexer *L, char ch, Loc loc) {
    static const char *const pairs = "()[]{}";
    char open = strchr(pairs, ch)[-1];
    if (L->overflow > 0) {
        L->overflow--;
        return;
    }
    if (L->nbrackets == 0) {
        lex_error(L, loc, "unmatched '%c'", ch);
        return;
    }
    if (L->brackets[L->nbrackets - 1] != open) {
        char want = strchr(pairs, L->brackets[L->nbrackets - 1])[1];
        lex_error(L, loc, "closing '%c' does not match '%c'", ch, L->brackets[L->nbrackets - 1]);
        note_at(L->c, L->bracket_locs[L->nbrackets - 1], "'%c' opened here; expected '%c'",
                L->brackets[L->nbrackets - 1], want);
    }
    L->nbrackets--;
}

static void lex_punct(Lexer *L) {
    size_t n = punct_len(L->p);
    if (n) {
        Token *t = push(L, T_OP, L->p, (int)n);
        t->sval = intern(L->c->names, L->p, n);
        if (n == 1 && strchr("([{", *L->p))
            open_bracket(L, *L->p, t->loc);
        else if (n == 1 && strchr(")]}", *L->p))
            close_bracket(L, *L->p, t->loc);
        L->p += n;
        return;
    }
    const char *s = L->p;
    n = 1;
    unsigned char ch = (unsigned char)*s;
    if (ch >= 0x80) /* one UTF-8 character */
        while ((s[n] & 0xC0) == 0x80)
            n++;
    Loc loc = loc_here(L, s, 1);
    if (ch >= 0x20 && ch < 0x7f)
        lex_error(L, loc, "unexpected character '%c'", ch);
    else if (ch >= 0x80)
        lex_error(L, loc, "unexpected character '%.*s' (only ASCII is allowed outside strings and comments)", (int)n, s);
    else
        lex_error(L, loc, "unexpected character 0x%02x", ch);
    L->p += n;
}

/* At the start of a logical line: measure indentation, emit INDENT/DEDENTs. Returns false for
 * blank and comment-only lines. */
static bool lex_indent(Lexer *L) {
    const char *q = L->p;
    int width = 0;
    bool tab = false;
    for (; *q == ' ' || *q == '\t' || *q == '\f'; q++) {
        if (*q == '\t')
            tab = true;
        width = *q == '\t' ? (width / 8 + 1) * 8 : width + 1; /* tabs stop every 8, as in Python */
    }
    if (*q == '#' || *q == '\n' || *q == '\r' || !*q) {
        L->p = q;
        return false;
    }
    if (tab) {
        lex_error(L, loc_here(L, L->p, (int)(q - L->p)), "tab in indentation");
        hint(L->c, "indent with spaces only (4 per level)");
    }
    L->p = q;
    int cur = L->indents[L->nindent];
    if (width > cur) {
        if (L->nindent == MAX_INDENT) {
            if (!L->indent_reported)
                lex_error(L, loc_here(L, q, 1), "blocks nested too deeply (the limit is %d)", MAX_INDENT);
            L->indent_reported = true;
            L->bad_line = L->line;
            return true;
        }
        L->indents[++L->nindent] = width;
        push(L, T_INDENT, q, 1);
        return true;
    }
    while (width < L->indents[L->nindent]) {
        L->nindent--;
        push(L, T_DEDENT, q, 1);
    }
    if (width != L->indents[L->nindent]) {
        lex_error(L, loc_here(L, q, 1), "unindent does not match any outer indentation level");
        /* treat it as the enclosing level so that parsing goes on */
    }
    return true;
}

Token **lex(Ctx *c, const Source *src, int *ntoks) {
    Lexer L = {.c = c, .src = src, .p = src->text, .line_start = src->text, .line = 1};
    bool at_line_start = true;
    if ((unsigned char)L.p[0] == 0xEF && (unsigned char)L.p[1] == 0xBB && (unsigned char)L.p[2] == 0xBF)
        L.p += 3; /* UTF-8 byte order mark */
    while (*L.p || (size_t)(L.p - src->text) < src->len) {
        if (!*L.p) { /* a NUL byte inside the file */
            lex_error(&L, loc_here(&L, L.p, 1), "unexpected NUL byte");
            L.p++;
            continue;
        }
        if (at_line_start && L.nbrackets == 0) {
            at_line_start = false;
            if (!lex_indent(&L)) {
                while (*L.p && *L.p != '\n')
                    L.p++;
                continue;
            }
        }
        char ch = *L.p;
        if (ch == '\n' || ch == '\r') {
            if (ch == '\r' && L.p[1] == '\n')
                L.p++;
            if (L.nbrackets == 0 && L.toks.len && ((Token *)L.toks.items[L.toks.len - 1])->kind != T_NEWLINE)
                push(&L, T_NEWLINE, L.p, 1);
            L.p++;
            L.line++;
            L.line_start = L.p;
            at_line_start = L.nbrackets == 0; /* inside brackets lines join */
            continue;
        }
        if (ch == ' ' || ch == '\t' || ch == '\f') {
            L.p++;
            continue;
        }
        if (ch == '#') {
            while (*L.p && *L.p != '\n' && *L.p != '\r')
                L.p++;
            continue;
        }
        if (ch == '\\' && (L.p[1] == '\n' || (L.p[1] == '\r' && L.p[2] == '\n'))) {
            L.p += L.p[1] == '\r' ? 3 : 2;
            L.line++;
            L.line_start = L.p;
            continue;
        }
        if (is_digit(ch) || (ch == '.' && is_digit(L.p[1]))) {
            lex_number(&L);
        } else if (is_ident_start(ch)) {
            const char *s = L.p;
            while (is_ident(*L.p))
                L.p++;
            if ((*L.p == '"' || *L.p == '\'') && L.p - s <= 2 && strchr("rRbBfFuU", *s)) {
                lex_error(&L, loc_here(&L, s, (int)(L.p - s)), "string prefix '%.*s' is not supported",
                          (int)(L.p - s), s);
                lex_string(&L, false); /* read over it */
                continue;
            }
            Token *t = push(&L, T_NAME, s, (int)(L.p - s));
            t->sval = intern(c->names, s, (size_t)(L.p - s));
        } else if (ch == '"' || ch == '\'') {
            lex_string(&L, true);
        } else {
            lex_punct(&L);
        }
    }
    if (L.nbrackets > 0) {
        /* the innermost one is where the user should look; what follows it is one broken statement */
        Loc open = L.bracket_locs[L.nbrackets - 1];
        lex_error(&L, open, "'%c' was never closed", L.brackets[L.nbrackets - 1]);
        for (int i = 0; i < L.toks.len; i++) {
            Token *t = L.toks.items[i];
            if (t->loc.line > open.line || (t->loc.line == open.line && t->loc.col >= open.col))
                t->lexbad = true;
        }
    }
    if (L.toks.len && ((Token *)L.toks.items[L.toks.len - 1])->kind != T_NEWLINE)
        push(&L, T_NEWLINE, L.p, 1);
    while (L.nindent > 0) {
        L.nindent--;
        push(&L, T_DEDENT, L.p, 1);
    }
    push(&L, T_EOF, L.p, 1);
    *ntoks = L.toks.len;
    return (Token **)vec_finish(c->arena, &L.toks);
}
