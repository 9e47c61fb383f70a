/* test_pto_check.c - the structural checker of .pto files (pto_check.h) and its tests: it
 * accepts every PTO example ptoas accepted (tests/pto/ref/, copies of the spec's examples) and
 * rejects mutated copies of them. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pto_check.h"
#include "unit.h"

/* ---- tokens of one line ---- */

typedef enum { K_VALUE, K_SYMBOL, K_TYPE, K_IDENT, K_NUMBER, K_STRING, K_ATTR, K_PUNCT, K_ARROW } Kind;

typedef struct {
    Kind kind;
    const char *s;
    int n;
} Tok;

typedef struct {
    Tok *t;
    int n, cap;
} Line;

static void push_tok(Line *l, Kind k, const char *s, int n) {
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 32;
        l->t = realloc(l->t, sizeof *l->t * (size_t)l->cap);
    }
    l->t[l->n++] = (Tok){k, s, n};
}

static bool name_ch(char c) { return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '$'; }

/* Past a balanced <...> starting at p ('<'); NULL when unbalanced on the line. */
static const char *skip_angles(const char *p, const char *end) {
    int depth = 0;
    for (; p < end; p++) {
        if (*p == '<')
            depth++;
        else if (*p == '>' && p[-1] != '-' && --depth == 0)
            return p + 1;
    }
    return NULL;
}

static bool tokenize(const char *p, const char *end, Line *l, const char **bad) {
    while (p < end) {
        const char *s = p;
        char c = *p;
        if (c == ' ' || c == '\t' || c == '\r') {
            p++;
            continue;
        }
        if (c == '/' && p + 1 < end && p[1] == '/')
            break;
        if (c == '%' || c == '@' || c == '^') {
            p++;
            while (p < end && (name_ch(*p) || *p == '-' || *p == '#'))
                p++;
            push_tok(l, c == '%' ? K_VALUE : c == '@' ? K_SYMBOL : K_IDENT, s, (int)(p - s));
        } else if (c == '!' || c == '#') {
            p++;
            while (p < end && name_ch(*p))
                p++;
            if (p < end && *p == '<' && !(p = skip_angles(p, end))) {
                *bad = s;
                return false;
            }
            push_tok(l, c == '!' ? K_TYPE : K_ATTR, s, (int)(p - s));
        } else if (c == '"') {
            for (p++; p < end && *p != '"'; p++)
                if (*p == '\\')
                    p++;
            if (p >= end) {
                *bad = s;
                return false;
            }
            p++;
            push_tok(l, K_STRING, s, (int)(p - s));
        } else if (isdigit((unsigned char)c) || (c == '-' && p + 1 < end && isdigit((unsigned char)p[1]))) {
            for (p++; p < end && (isalnum((unsigned char)*p) || *p == '.' ||
                                  ((*p == '+' || *p == '-') && (p[-1] == 'e' || p[-1] == 'E')));
                 p++)
                ;
            push_tok(l, K_NUMBER, s, (int)(p - s));
        } else if (c == '-' && p + 1 < end && p[1] == '>') {
            p += 2;
            push_tok(l, K_ARROW, s, 2);
        } else if (isalpha((unsigned char)c) || c == '_') {
            while (p < end && name_ch(*p))
                p++;
            if (p < end && *p == '<' && !(p = skip_angles(p, end))) { /* memref<256xi64> */
                *bad = s;
                return false;
            }
            push_tok(l, K_IDENT, s, (int)(p - s));
        } else {
            p++;
            push_tok(l, K_PUNCT, s, 1);
        }
    }
    return true;
}

static bool is(const Tok *t, const char *s) { return (int)strlen(s) == t->n && strncmp(t->s, s, (size_t)t->n) == 0; }
static bool punct(const Tok *t, char c) { return t->kind == K_PUNCT && t->s[0] == c; }

/* ---- the checker's state ---- */

typedef struct {
    char *name, *type; /* type NULL: not known yet */
    int line;
} Def;

typedef struct {
    Def *defs;
    int n, cap;
    bool isolated;     /* a function: names outside are not visible */
    Def *pending;      /* results of the op that opened the region, defined when it closes */
    int npending;
    bool else_ok;      /* an scf.if region: may continue with `} else {` */
} Scope;

typedef struct {
    Scope *sc;
    int n, cap;
    int line;
    Buf *err;
    bool failed;
} Check;

static void fail(Check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(Check *c, const char *fmt, ...) {
    if (c->failed)
        return;
    c->failed = true;
    buf_printf(c->err, "line %d: ", c->line);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(c->err, fmt, ap);
    va_end(ap);
}

static char *dup_tok(const Tok *t) {
    char *s = malloc((size_t)t->n + 1);
    memcpy(s, t->s, (size_t)t->n);
    s[t->n] = '\0';
    return s;
}

/* A type as text without blanks, so that spacing never makes two spellings differ. */
static char *type_text(const Tok *t) {
    char *s = malloc((size_t)t->n + 1);
    int k = 0;
    for (int i = 0; i < t->n; i++)
        if (!isspace((unsigned char)t->s[i]))
            s[k++] = t->s[i];
    s[k] = '\0';
    return s;
}

static void scope_push(Check *c, bool isolated) {
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 8;
        c->sc = realloc(c->sc, sizeof *c->sc * (size_t)c->cap);
    }
    c->sc[c->n++] = (Scope){.isolated = isolated};
}

static void defs_free(Def *d, int n) {
    for (int i = 0; i < n; i++) {
        free(d[i].name);
        free(d[i].type);
    }
    free(d);
}

static Def *lookup(Check *c, const char *name, int n) {
    for (int s = c->n - 1; s >= 0; s--) {
        for (int i = 0; i < c->sc[s].n; i++)
            if ((int)strlen(c->sc[s].defs[i].name) == n && strncmp(c->sc[s].defs[i].name, name, (size_t)n) == 0)
                return &c->sc[s].defs[i];
        if (c->sc[s].isolated)
            break;
    }
    return NULL;
}

static void define_in(Check *c, Scope *s, const Tok *v, const char *type) {
    Def *old = lookup(c, v->s, v->n);
    if (old) {
        fail(c, "%.*s is defined again (first at line %d)", v->n, v->s, old->line);
        return;
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->defs = realloc(s->defs, sizeof *s->defs * (size_t)s->cap);
    }
    s->defs[s->n++] = (Def){dup_tok(v), type ? strdup(type) : NULL, c->line};
}

static void define(Check *c, const Tok *v, const char *type) {
    if (c->n == 0) {
        fail(c, "%.*s is defined outside a function", v->n, v->s);
        return;
    }
    define_in(c, &c->sc[c->n - 1], v, type);
}

/* A use of v, with the type the text gives it there (NULL: none). */
static void use(Check *c, const Tok *v, const char *type) {
    Def *d = lookup(c, v->s, v->n);
    if (!d) {
        fail(c, "%.*s is used but not defined before", v->n, v->s);
        return;
    }
    if (!type)
        return;
    if (!d->type)
        d->type = strdup(type);
    else if (strcmp(d->type, type) != 0)
        fail(c, "%.*s is used as %s but is %s (line %d)", v->n, v->s, type, d->type, d->line);
}

static void use_typed_tok(Check *c, const Tok *v, const Tok *type) {
    char *t = type ? type_text(type) : NULL;
    use(c, v, t);
    free(t);
}

/* ---- types ---- */

static bool is_int(const char *s, bool allow_dyn) {
    if (allow_dyn && (strcmp(s, "?") == 0 || strcmp(s, "-1") == 0))
        return true;
    if (!*s)
        return false;
    for (const char *p = s; *p; p++)
        if (!isdigit((unsigned char)*p))
            return false;
    return true;
}

static bool one_of(const char *s, const char *const *set) {
    for (; *set; set++)
        if (strcmp(s, *set) == 0)
            return true;
    return false;
}

/* A builtin element type: i8, ui16, si32, f16, bf16, f8E4M3FN, index ... */
static bool is_elem_type(const char *s) {
    static const char *const named[] = {"f16", "f32", "f64", "bf16", "tf32", "index", NULL};
    if (one_of(s, named))
        return true;
    if (s[0] == 'f' && (s[1] == '8' || s[1] == '4' || s[1] == '6') && isalpha((unsigned char)s[2]))
        return true;
    const char *d = s[0] == 'i' ? s + 1 : (s[0] == 'u' || s[0] == 's') && s[1] == 'i' ? s + 2 : NULL;
    return d && is_int(d, false);
}

/* Splits "a, b, c" (the text between the type's angle brackets) at top-level commas. */
static int split_fields(char *s, char **out, int max) {
    int n = 0, depth = 0;
    char *start = s;
    for (char *p = s;; p++) {
        if (*p == '<' || *p == '(' || *p == '[')
            depth++;
        else if (*p == '>' || *p == ')' || *p == ']')
            depth--;
        if ((*p == ',' && depth == 0) || !*p) {
            bool last = !*p;
            *p = '\0';
            if (n < max)
                out[n] = start;
            n++;
            start = p + 1;
            if (last)
                break;
        }
    }
    return n;
}

/* "32x32xf32" (dims then element type); dyn: '?' allowed as a dim. */
static bool shape_type(const char *s, bool dyn, int min_rank) {
    int rank = 0;
    const char *p = s;
    for (;;) {
        const char *x = strchr(p, 'x');
        if (!x)
            break;
        char dim[32];
        size_t n = (size_t)(x - p);
        if (n == 0 || n >= sizeof dim)
            return false;
        memcpy(dim, p, n);
        dim[n] = '\0';
        if (!(is_int(dim, false) || (dyn && strcmp(dim, "?") == 0)))
            break; /* not a dim: the rest is the element type */
        rank++;
        p = x + 1;
    }
    return rank >= min_rank && is_elem_type(p);
}

static const char *const locs[] = {"mat", "left", "right", "acc", "vec", "bias", "scaling", NULL};
static const char *const blayouts[] = {"row_major", "col_major", NULL};
static const char *const slayouts[] = {"none_box", "row_major", "col_major", NULL};

static bool field_value_ok(const char *key, const char *v) {
    if (strcmp(key, "loc") == 0)
        return one_of(v, locs);
    if (strcmp(key, "dtype") == 0)
        return is_elem_type(v);
    if (strcmp(key, "rows") == 0 || strcmp(key, "cols") == 0 || strcmp(key, "fractal") == 0)
        return is_int(v, false) && atoi(v) > 0;
    if (strcmp(key, "v_row") == 0 || strcmp(key, "v_col") == 0)
        return is_int(v, true);
    if (strcmp(key, "blayout") == 0)
        return one_of(v, blayouts);
    if (strcmp(key, "slayout") == 0)
        return one_of(v, slayouts);
    if (strcmp(key, "pad") == 0)
        return is_int(v, false) && atoi(v) <= 3;
    if (strcmp(key, "compact") == 0)
        return is_int(v, false) && atoi(v) <= 2;
    return false;
}

/* The fields of the legacy spelling, in their fixed order; compact may follow. */
static const char *const legacy_keys[] = {"loc", "dtype", "rows", "cols", "v_row", "v_col",
                                          "blayout", "slayout", "fractal", "pad", "compact"};

static const char *tile_buf_problem(char *inner) {
    char *f[16];
    int n = split_fields(inner, f, 16);
    for (int i = 0; i < n && i < 16; i++)
        while (*f[i] == ' ')
            f[i]++;
    if (n > 12)
        return "too many fields";
    if (strchr(f[0], '=')) { /* legacy: all ten fields, fixed order */
        if (n < 10 || n > 11)
            return "the legacy spelling needs all ten fields (loc, dtype, rows, cols, v_row, v_col, blayout, slayout, fractal, pad)";
        for (int i = 0; i < n; i++) {
            char *eq = strchr(f[i], '=');
            if (!eq)
                return "a field without '='";
            *eq = '\0';
            if (strcmp(f[i], legacy_keys[i]) != 0)
                return "fields out of the fixed order (loc, dtype, rows, cols, v_row, v_col, blayout, slayout, fractal, pad)";
            if (!field_value_ok(f[i], eq + 1))
                return "a field with an invalid value";
        }
        return NULL;
    }
    /* compact: <loc, RxCxT[, key=value]...>, each key at most once */
    if (n < 2 || !one_of(f[0], locs) || !shape_type(f[1], false, 2))
        return "the compact spelling starts with the location and RxCxDTYPE";
    static const char *const keys[] = {"valid", "blayout", "slayout", "fractal", "pad", "compact", NULL};
    bool seen[6] = {false};
    for (int i = 2; i < n; i++) {
        char *eq = strchr(f[i], '=');
        if (!eq)
            return "a field without '='";
        *eq = '\0';
        int k = 0;
        while (keys[k] && strcmp(keys[k], f[i]) != 0)
            k++;
        if (!keys[k] || seen[k])
            return "an unknown or repeated field";
        seen[k] = true;
        char *v = eq + 1;
        if (k == 0) {
            char *x = strchr(v, 'x');
            if (!x)
                return "valid=RxC";
            *x = '\0';
            if (!is_int(v, true) || !is_int(x + 1, true))
                return "valid=RxC";
        } else if (!field_value_ok(keys[k], v))
            return "a field with an invalid value";
    }
    return NULL;
}

static void check_type(Check *c, const Tok *t) {
    char *s = type_text(t);
    char *lt = strchr(s, '<');
    size_t len = strlen(s);
    const char *problem = NULL;
    if (lt && s[len - 1] == '>') {
        s[len - 1] = '\0';
        *lt = '\0';
        char *inner = lt + 1;
        if (strcmp(s, "!pto.tile_buf") == 0)
            problem = tile_buf_problem(inner);
        else if (strcmp(s, "!pto.tensor_view") == 0 || strcmp(s, "!pto.partition_tensor_view") == 0)
            problem = shape_type(inner, true, 1) ? NULL : "expected <DIMSxDTYPE> with dims integers or '?'";
        else if (strcmp(s, "!pto.ptr") == 0)
            problem = is_elem_type(inner) ? NULL : "expected !pto.ptr<DTYPE> (no address space)";
    } else if (strcmp(s, "!pto.tile_buf") == 0 || strcmp(s, "!pto.ptr") == 0 || strcmp(s, "!pto.tensor_view") == 0 ||
               strcmp(s, "!pto.partition_tensor_view") == 0)
        problem = "missing <...>";
    if (problem)
        fail(c, "%.*s: %s", t->n, t->s, problem);
    free(s);
}

/* ---- ops ---- */

static bool is_type_tok(const Tok *t) { return t->kind == K_TYPE || t->kind == K_IDENT; }

/* Index of the first token at or after i that is punct ch at depth 0 of ()[]{}, or n. */
static int find_top(const Line *l, int i, int n, char ch) {
    int depth = 0;
    for (; i < n; i++) {
        const Tok *t = &l->t[i];
        if (depth == 0 && punct(t, ch))
            return i;
        if (punct(t, '(') || punct(t, '[') || punct(t, '{'))
            depth++;
        else if (punct(t, ')') || punct(t, ']') || punct(t, '}'))
            depth--;
    }
    return n;
}

static int matching(const Line *l, int open, int n) {
    int depth = 0;
    for (int i = open; i < n; i++) {
        if (punct(&l->t[i], '(') || punct(&l->t[i], '[') || punct(&l->t[i], '{'))
            depth++;
        else if ((punct(&l->t[i], ')') || punct(&l->t[i], ']') || punct(&l->t[i], '}')) && --depth == 0)
            return i;
    }
    return n;
}

/* Values of [a, b) (skipping an attribute dict) paired with the types after the ':' of [a, b):
 * `%x, %y {attr} : T1, T2`. One type for several values applies to all. */
static void typed_group(Check *c, const Line *l, int a, int b, bool *used) {
    int colon = find_top(l, a, b, ':');
    const Tok *vals[32], *types[32];
    int nv = 0, nt = 0;
    for (int i = a; i < colon; i++) {
        if (punct(&l->t[i], '{')) {
            i = matching(l, i, colon);
            continue;
        }
        if (l->t[i].kind == K_VALUE && nv < 32) {
            used[i] = true;
            vals[nv++] = &l->t[i];
        }
    }
    for (int i = colon + 1; i < b; i++)
        if (is_type_tok(&l->t[i]) && nt < 32)
            types[nt++] = &l->t[i];
    if (colon < b && nt != nv && nt != 1) {
        fail(c, "%d values but %d types", nv, nt);
        return;
    }
    for (int i = 0; i < nv; i++)
        use_typed_tok(c, vals[i], colon < b ? types[nt == 1 ? 0 : i] : NULL);
}

/* The type after the last ':' of [a, n) and, for `: T1 -> T2`, the one after the arrow. */
static int last_colon(const Line *l, int a, int n) {
    int k = -1;
    for (int i = a; i < n; i++)
        if (punct(&l->t[i], ':'))
            k = i;
    return k;
}

static bool opname_is(const Tok *t, const char *const *names) {
    for (; *names; names++)
        if (is(t, *names))
            return true;
    return false;
}

static const char *const casts[] = {"arith.index_cast", "arith.index_castui", "arith.sitofp", "arith.uitofp",
                                    "arith.fptosi", "arith.fptoui", "arith.extf", "arith.truncf", "arith.extsi",
                                    "arith.extui", "arith.trunci", "arith.bitcast", NULL};
static const char *const no_operand_i64[] = {"pto.get_block_idx", "pto.get_block_num", "pto.get_subblock_idx",
                                             "pto.get_subblock_num", NULL};

typedef struct {
    const Tok *res[16];
    int nres;
    char *rtype[16]; /* the results' types, owned */
} Results;

static void set_rtype(Results *r, int i, const Tok *t) {
    if (i < 16 && t) {
        free(r->rtype[i]);
        r->rtype[i] = type_text(t);
    }
}

static void set_rtype_str(Results *r, int i, const char *s) {
    if (i < 16) {
        free(r->rtype[i]);
        r->rtype[i] = strdup(s);
    }
}

/* Uses and result types of one op line (tokens [op, n); the region brace already removed). */
static void op_types(Check *c, const Line *l, int op, int n, Results *r, bool *used) {
    const Tok *name = &l->t[op];
    int colon = last_colon(l, op, n);
    const Tok *T = colon >= 0 && colon + 1 < n && is_type_tok(&l->t[colon + 1]) ? &l->t[colon + 1] : NULL;
    const Tok *T2 = NULL;
    if (T && colon + 3 < n + 1 && colon + 2 < n && (l->t[colon + 2].kind == K_ARROW || is(&l->t[colon + 2], "to")))
        T2 = colon + 3 < n ? &l->t[colon + 3] : NULL;
    /* ins(...) / outs(...) groups */
    bool dps = false;
    for (int i = op + 1; i + 1 < n; i++)
        if ((is(&l->t[i], "ins") || is(&l->t[i], "outs")) && punct(&l->t[i + 1], '(')) {
            int close = matching(l, i + 1, n);
            typed_group(c, l, i + 2, close, used);
            dps = true;
            i = close;
        }
    if (dps)
        return;
    if (is(name, "arith.constant")) {
        if (T)
            set_rtype(r, 0, T);
        else if (op + 1 < n && (is(&l->t[op + 1], "true") || is(&l->t[op + 1], "false")))
            set_rtype_str(r, 0, "i1");
        return;
    }
    if (is(name, "arith.cmpi") || is(name, "arith.cmpf")) {
        typed_group(c, l, op + 2, n, used);
        set_rtype_str(r, 0, "i1");
        return;
    }
    if (opname_is(name, casts) && T && T2) {
        typed_group(c, l, op + 1, colon + 2, used);
        set_rtype(r, 0, T2);
        return;
    }
    if (is(name, "arith.select") && T) {
        int comma = find_top(l, op + 1, n, ',');
        if (comma < n && l->t[op + 1].kind == K_VALUE) {
            use(c, &l->t[op + 1], "i1");
            used[op + 1] = true;
        }
        typed_group(c, l, comma + 1, n, used);
        set_rtype(r, 0, T);
        return;
    }
    if (strncmp(name->s, "arith.", 6) == 0 && T) {
        typed_group(c, l, op + 1, n, used);
        set_rtype(r, 0, T);
        return;
    }
    if (is(name, "pto.make_tensor_view") || is(name, "pto.partition_view")) {
        bool first = true;
        for (int i = op + 1; i < (colon >= 0 ? colon : n); i++) {
            if (l->t[i].kind != K_VALUE)
                continue;
            used[i] = true;
            if (first && is(name, "pto.partition_view"))
                use_typed_tok(c, &l->t[i], T);
            else if (first)
                use(c, &l->t[i], NULL);
            else
                use(c, &l->t[i], "index");
            first = false;
        }
        set_rtype(r, 0, T2 ? T2 : T);
        return;
    }
    if (is(name, "pto.alloc_tile")) {
        for (int i = op + 1; i + 2 < n; i++)
            if (l->t[i].kind == K_IDENT && punct(&l->t[i + 1], '=') && l->t[i + 2].kind == K_VALUE) {
                use(c, &l->t[i + 2], is(&l->t[i], "addr") ? "i64" : "index");
                used[i + 2] = true;
            }
        set_rtype(r, 0, T);
        return;
    }
    if (is(name, "pto.treshape") || is(name, "pto.bitcast")) {
        typed_group(c, l, op + 1, colon + 2, used);
        set_rtype(r, 0, T2);
        return;
    }
    if (is(name, "pto.subset")) {
        if (op + 1 < n && l->t[op + 1].kind == K_VALUE) {
            use_typed_tok(c, &l->t[op + 1], T);
            used[op + 1] = true;
        }
        for (int i = op + 2; i < n; i++)
            if (l->t[i].kind == K_VALUE) {
                use(c, &l->t[i], "index");
                used[i] = true;
            }
        return;
    }
    if (opname_is(name, no_operand_i64)) {
        set_rtype_str(r, 0, "i64");
        return;
    }
    if (is(name, "pto.set_flag_dyn") || is(name, "pto.wait_flag_dyn")) {
        for (int i = op + 1; i < n; i++)
            if (l->t[i].kind == K_VALUE) {
                use(c, &l->t[i], "index");
                used[i] = true;
            }
        return;
    }
    if (colon >= 0)
        typed_group(c, l, op + 1, n, used);
}

/* `%r, %s = scf.for %i = %a to %b step %c iter_args(%x = %y, ...) -> (T, ...) {` */
static void scf_for(Check *c, const Line *l, int op, int n, Results *r, bool *used) {
    Scope body = {0};
    int i = op + 1;
    if (!(i + 7 <= n && l->t[i].kind == K_VALUE && punct(&l->t[i + 1], '=') && is(&l->t[i + 3], "to") &&
          is(&l->t[i + 5], "step"))) {
        fail(c, "expected scf.for %%i = %%lb to %%ub step %%s");
        return;
    }
    used[i] = true;
    const int bounds[3] = {i + 2, i + 4, i + 6};
    for (int k = 0; k < 3; k++) {
        used[bounds[k]] = true;
        if (l->t[bounds[k]].kind == K_VALUE)
            use(c, &l->t[bounds[k]], "index");
    }
    define_in(c, &body, &l->t[i], "index");
    i += 7;
    const Tok *args[16];
    int nargs = 0;
    if (i < n && is(&l->t[i], "iter_args") && i + 1 < n && punct(&l->t[i + 1], '(')) {
        int close = matching(l, i + 1, n);
        const Tok *inits[16];
        for (int k = i + 2; k + 2 < close + 1 && nargs < 16; k += 4) {
            if (l->t[k].kind != K_VALUE || !punct(&l->t[k + 1], '=') || l->t[k + 2].kind != K_VALUE) {
                fail(c, "expected iter_args(%%x = %%init, ...)");
                defs_free(body.defs, body.n);
                return;
            }
            used[k] = used[k + 2] = true;
            args[nargs] = &l->t[k];
            inits[nargs++] = &l->t[k + 2];
        }
        i = close + 1;
        const Tok *types[16];
        int nt = 0;
        if (i + 1 < n && l->t[i].kind == K_ARROW && punct(&l->t[i + 1], '(')) {
            int tclose = matching(l, i + 1, n);
            for (int k = i + 2; k < tclose; k++)
                if (is_type_tok(&l->t[k]) && nt < 16)
                    types[nt++] = &l->t[k];
        }
        if (nt != nargs)
            fail(c, "%d iter_args but %d types", nargs, nt);
        for (int k = 0; k < nargs && k < nt; k++) {
            char *t = type_text(types[k]);
            use(c, inits[k], t);
            define_in(c, &body, args[k], t);
            set_rtype(r, k, types[k]);
            free(t);
        }
    }
    if (r->nres != nargs)
        fail(c, "scf.for with %d iter_args has %d results", nargs, r->nres);
    /* the loop's scope: its variable and iter_args; the results come when it closes */
    scope_push(c, false);
    Scope *s = &c->sc[c->n - 1];
    *s = body;
    s->isolated = false;
}

static void results_pending(Check *c, Results *r) {
    Scope *s = &c->sc[c->n - 1];
    s->pending = calloc((size_t)(r->nres > 0 ? r->nres : 1), sizeof *s->pending);
    for (int k = 0; k < r->nres; k++)
        s->pending[k] = (Def){dup_tok(r->res[k]), r->rtype[k] ? strdup(r->rtype[k]) : NULL, c->line};
    s->npending = r->nres;
}

static void scope_pop(Check *c) {
    Scope s = c->sc[--c->n];
    defs_free(s.defs, s.n);
    for (int k = 0; k < s.npending; k++) {
        Tok t = {K_VALUE, s.pending[k].name, (int)strlen(s.pending[k].name)};
        define(c, &t, s.pending[k].type);
    }
    defs_free(s.pending, s.npending);
}

/* `func.func @f(%a: T, ...) [-> ...] {` */
static void func_open(Check *c, const Line *l, int op, int n) {
    if (op + 2 >= n || l->t[op + 1].kind != K_SYMBOL || !punct(&l->t[op + 2], '(')) {
        fail(c, "expected func.func @name(...)");
        return;
    }
    int close = matching(l, op + 2, n);
    scope_push(c, true);
    for (int i = op + 3; i < close; i++)
        if (l->t[i].kind == K_VALUE) {
            const Tok *type = i + 2 < close + 1 && punct(&l->t[i + 1], ':') ? &l->t[i + 2] : NULL;
            char *t = type ? type_text(type) : NULL;
            if (!type)
                fail(c, "argument %.*s has no type", l->t[i].n, l->t[i].s);
            define(c, &l->t[i], t);
            free(t);
        }
}

static void op_line(Check *c, const Line *l, int n, bool opens) {
    Results r = {{0}, 0, {0}};
    int i = 0;
    bool *used = calloc((size_t)n + 1, sizeof *used);
    if (l->t[0].kind == K_VALUE) {
        for (;;) {
            if (i >= n || l->t[i].kind != K_VALUE) {
                fail(c, "expected a result name");
                goto done;
            }
            if (r.nres < 16)
                r.res[r.nres++] = &l->t[i];
            used[i] = true;
            i++;
            if (i < n && punct(&l->t[i], ','))
                i++;
            else
                break;
        }
        if (i >= n || !punct(&l->t[i], '=')) {
            fail(c, "expected '=' after the results");
            goto done;
        }
        i++;
    }
    if (i >= n || l->t[i].kind != K_IDENT) {
        fail(c, "expected an op name");
        goto done;
    }
    const Tok *name = &l->t[i];
    if (is(name, "scf.for")) {
        if (!opens)
            fail(c, "scf.for without a region");
        scf_for(c, l, i, n, &r, used);
        if (opens && !c->failed)
            results_pending(c, &r);
        goto uses;
    }
    if (is(name, "scf.if")) {
        used[i + 1] = true;
        if (i + 1 < n && l->t[i + 1].kind == K_VALUE)
            use(c, &l->t[i + 1], "i1");
        int k = 0;
        if (i + 3 < n && l->t[i + 2].kind == K_ARROW)
            for (int j = i + 3; j < n; j++)
                if (is_type_tok(&l->t[j]))
                    set_rtype(&r, k++, &l->t[j]);
        if (k != r.nres)
            fail(c, "scf.if with %d result types has %d results", k, r.nres);
        if (!opens)
            fail(c, "scf.if without a region");
        scope_push(c, false);
        c->sc[c->n - 1].else_ok = true;
        results_pending(c, &r);
        goto uses;
    }
    op_types(c, l, i, n, &r, used);
    for (int k = 0; k < r.nres; k++)
        define(c, r.res[k], r.rtype[k]);
    if (opens)
        scope_push(c, false);
uses:
    for (int k = i + 1; k < n; k++)
        if (l->t[k].kind == K_VALUE && !used[k])
            use(c, &l->t[k], NULL);
done:
    for (int k = 0; k < 16; k++)
        free(r.rtype[k]);
    free(used);
}

/* ---- lines ---- */

static int strip_loc(const Line *l, int n) {
    if (n >= 3 && punct(&l->t[n - 1], ')')) {
        for (int i = n - 2; i > 0; i--)
            if (punct(&l->t[i], '(') && is(&l->t[i - 1], "loc") && matching(l, i, n) == n - 1)
                return i - 1;
    }
    return n;
}

static bool balanced(const Line *l, int a, int n) {
    char stack[256];
    int depth = 0;
    for (int i = a; i < n; i++) {
        const Tok *t = &l->t[i];
        if (t->kind != K_PUNCT)
            continue;
        char ch = t->s[0];
        if (ch == '(' || ch == '[' || ch == '{') {
            if (depth == (int)sizeof stack)
                return false;
            stack[depth++] = ch;
        } else if (ch == ')' || ch == ']' || ch == '}') {
            char want = ch == ')' ? '(' : ch == ']' ? '[' : '{';
            if (depth == 0 || stack[--depth] != want)
                return false;
        }
    }
    return depth == 0;
}

static void check_line(Check *c, Line *l) {
    int n = strip_loc(l, l->n);
    int a = 0;
    for (int i = 0; i < n; i++)
        if (l->t[i].kind == K_TYPE)
            check_type(c, &l->t[i]);
    /* `}` closes a region, `} else {` opens the other branch of an scf.if */
    if (n > 0 && punct(&l->t[0], '}')) {
        if (c->n == 0) {
            fail(c, "'}' closes nothing");
            return;
        }
        if (n >= 3 && is(&l->t[1], "else") && punct(&l->t[2], '{')) {
            if (!c->sc[c->n - 1].else_ok) {
                fail(c, "else after a region that is not an scf.if's");
                return;
            }
            Scope *s = &c->sc[c->n - 1];
            defs_free(s->defs, s->n);
            s->defs = NULL;
            s->n = s->cap = 0;
            s->else_ok = false;
            a = 3;
        } else {
            scope_pop(c);
            a = 1;
        }
    }
    if (a >= n)
        return;
    bool opens = punct(&l->t[n - 1], '{');
    int end = opens ? n - 1 : n;
    if (!balanced(l, a, end)) {
        fail(c, "unbalanced brackets");
        return;
    }
    const Tok *first = &l->t[a];
    Line sub = {l->t + a, end - a, 0};
    if (is(first, "module")) {
        if (!opens)
            fail(c, "module without a region");
        scope_push(c, true);
    } else if (is(first, "func.func")) {
        if (!opens)
            fail(c, "func.func without a body");
        func_open(c, &sub, 0, end - a);
    } else
        op_line(c, &sub, end - a, opens);
}

bool pto_check(const char *text, Buf *err) {
    Check c = {.err = err};
    Line l = {0};
    const char *p = text;
    while (*p && !c.failed) {
        const char *eol = strchr(p, '\n');
        if (!eol)
            eol = p + strlen(p);
        c.line++;
        l.n = 0;
        const char *bad = NULL;
        if (!tokenize(p, eol, &l, &bad))
            fail(&c, "unbalanced '<' or '\"' at column %d", (int)(bad - p) + 1);
        else if (l.n > 0)
            check_line(&c, &l);
        p = *eol ? eol + 1 : eol;
    }
    if (!c.failed && c.n > 0) {
        c.line++;
        fail(&c, "%d region%s not closed at the end", c.n, c.n == 1 ? "" : "s");
    }
    while (c.n > 0) {
        Scope *s = &c.sc[--c.n];
        defs_free(s->defs, s->n);
        defs_free(s->pending, s->npending);
    }
    free(c.sc);
    free(l.t);
    return !c.failed;
}

/* ---- tests ---- */

static char *slurp(const char *path) {
    Buf b = {0};
    if (!read_file(path, &b))
        return NULL;
    buf_putc(&b, '\0');
    return b.data;
}

static bool accepts(const char *text) {
    Buf err = {0};
    bool ok = pto_check(text, &err);
    if (!ok)
        printf("  checker: %s\n", err.data);
    buf_free(&err);
    return ok;
}

static bool rejects(const char *text) {
    Buf err = {0};
    bool ok = pto_check(text, &err);
    buf_free(&err);
    return !ok;
}

/* The sorted .pto files of a directory. */
static int list_pto(const char *dir, char ***out) {
    DIR *d = opendir(dir);
    int n = 0;
    *out = NULL;
    if (!d)
        return -1;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".pto") != 0)
            continue;
        *out = realloc(*out, sizeof **out * (size_t)(n + 1));
        (*out)[n] = malloc(strlen(dir) + len + 2);
        sprintf((*out)[n++], "%s/%s", dir, e->d_name);
    }
    closedir(d);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp((*out)[j - 1], (*out)[j]) > 0; j--) {
            char *t = (*out)[j];
            (*out)[j] = (*out)[j - 1];
            (*out)[j - 1] = t;
        }
    return n;
}

static void free_list(char **l, int n) {
    for (int i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

void test_pto_check_accepts_references(void) {
    char **files;
    int n = list_pto("tests/pto/ref", &files);
    CHECK(n >= 16);
    for (int i = 0; i < n; i++) {
        char *text = slurp(files[i]);
        CHECK(text != NULL);
        if (text && !accepts(text))
            unit_fail(__FILE__, __LINE__, "%s is rejected", files[i]);
        free(text);
    }
    free_list(files, n);
}

void test_pto_check_accepts_goldens(void) {
    char **files;
    int n = list_pto("tests/pto/golden", &files);
    CHECK(n > 0);
    for (int i = 0; i < n; i++) {
        char *text = slurp(files[i]);
        CHECK(text != NULL);
        if (text && !accepts(text))
            unit_fail(__FILE__, __LINE__, "%s is rejected", files[i]);
        free(text);
    }
    free_list(files, n);
}

/* ---- mutations ---- */

/* A copy of text with [at, at + n) replaced by rep. */
static char *splice(const char *text, const char *at, size_t n, const char *rep) {
    size_t pre = (size_t)(at - text), rl = strlen(rep), tl = strlen(text);
    char *s = malloc(tl - n + rl + 1);
    memcpy(s, text, pre);
    memcpy(s + pre, rep, rl);
    memcpy(s + pre + rl, at + n, tl - pre - n + 1);
    return s;
}

static const char *line_start(const char *text, const char *p) {
    while (p > text && p[-1] != '\n')
        p--;
    return p;
}

static size_t line_len(const char *p) {
    const char *e = strchr(p, '\n');
    return e ? (size_t)(e - p) + 1 : strlen(p);
}

/* The definition line of a value that is used later: `    %x = ...`. */
static const char *used_def_line(const char *text) {
    for (const char *p = text; (p = strstr(p, " = ")); p++) {
        const char *ls = line_start(text, p);
        const char *v = ls;
        while (*v == ' ')
            v++;
        if (*v != '%')
            continue;
        size_t n = strcspn(v, " ,:=");
        char name[128];
        if (n + 2 >= sizeof name)
            continue;
        memcpy(name, v, n);
        name[n] = '\0';
        /* used on a later line, as a whole name */
        for (const char *u = strstr(ls + line_len(ls), name); u; u = strstr(u + 1, name)) {
            char after = u[n];
            if (!(isalnum((unsigned char)after) || after == '_'))
                return ls;
        }
    }
    return NULL;
}

/* Drops the definition of a value used later. */
static char *mutate_drop_def(const char *text) {
    const char *ls = used_def_line(text);
    return ls ? splice(text, ls, line_len(ls), "") : NULL;
}

/* Duplicates the definition line of a value. */
static char *mutate_dup_def(const char *text) {
    const char *ls = used_def_line(text);
    if (!ls)
        return NULL;
    size_t n = line_len(ls);
    char *line = malloc(n + 1);
    memcpy(line, ls, n);
    line[n] = '\0';
    char *twice = malloc(2 * n + 1);
    sprintf(twice, "%s%s", line, line);
    char *s = splice(text, ls, n, twice);
    free(line);
    free(twice);
    return s;
}

/* Changes the type of the last use that spells one: a digit inside its last !pto type. */
static char *mutate_use_type(const char *text) {
    const char *best = NULL;
    for (const char *p = text; (p = strstr(p, "!pto.")); p++) {
        const char *ls = line_start(text, p);
        if (strstr(ls, "alloc_tile") && strstr(ls, "alloc_tile") < p)
            continue; /* a definition, not a use */
        best = p;
    }
    if (!best)
        best = strstr(text, "memref<256");
    if (!best)
        return NULL;
    for (const char *d = best; *d && *d != '\n'; d++)
        if (isdigit((unsigned char)*d) && d[-1] != 'f' && d[-1] != 'i') {
            char rep[2] = {*d == '9' ? '1' : (char)(*d + 1), '\0'};
            return splice(text, d, 1, rep);
        }
    return NULL;
}

/* Removes the last closing brace. */
static char *mutate_unbalance(const char *text) {
    const char *b = strrchr(text, '}');
    return b ? splice(text, b, 1, "") : NULL;
}

/* Drops one field of a tile_buf: slayout in the legacy spelling, the location in the compact one. */
static char *mutate_drop_field(const char *text) {
    const char *f = strstr(text, ", slayout=");
    if (f && strstr(text, "!pto.tile_buf<loc="))
        return splice(text, f, strcspn(f + 1, ",>") + 1, "");
    f = strstr(text, "!pto.tile_buf<vec, ");
    return f ? splice(text, f + 14, 5, "") : NULL;
}

/* Swaps rows and cols of one legacy tile_buf. */
static char *mutate_reorder(const char *text) {
    const char *r = strstr(text, "rows=");
    if (!r)
        return NULL;
    const char *c = strstr(r, ", cols=");
    size_t rn = (size_t)(c - r), cn = strcspn(c + 2, ",>");
    char rows[64], cols[64], rep[160];
    if (rn >= sizeof rows || cn >= sizeof cols)
        return NULL;
    memcpy(rows, r, rn);
    rows[rn] = '\0';
    memcpy(cols, c + 2, cn);
    cols[cn] = '\0';
    snprintf(rep, sizeof rep, "%s, %s", cols, rows);
    return splice(text, r, rn + 2 + cn, rep);
}

typedef char *(*Mutation)(const char *);

static void check_mutation(const char *name, Mutation m, int min_applied) {
    char **files;
    int n = list_pto("tests/pto/ref", &files), applied = 0;
    for (int i = 0; i < n; i++) {
        char *text = slurp(files[i]);
        char *bad = text ? m(text) : NULL;
        if (bad && strcmp(bad, text) != 0) {
            applied++;
            if (!rejects(bad))
                unit_fail(__FILE__, __LINE__, "%s of %s is accepted", name, files[i]);
        }
        free(bad);
        free(text);
    }
    if (applied < min_applied)
        unit_fail(__FILE__, __LINE__, "%s applied to %d files only", name, applied);
    free_list(files, n);
}

void test_pto_check_rejects_dropped_definition(void) { check_mutation("dropping a definition", mutate_drop_def, 15); }
void test_pto_check_rejects_duplicated_definition(void) { check_mutation("duplicating a definition", mutate_dup_def, 15); }
void test_pto_check_rejects_changed_use_type(void) { check_mutation("changing a use's type", mutate_use_type, 15); }
void test_pto_check_rejects_unbalanced_brace(void) { check_mutation("dropping a brace", mutate_unbalance, 16); }
void test_pto_check_rejects_dropped_field(void) { check_mutation("dropping a tile_buf field", mutate_drop_field, 14); }
void test_pto_check_rejects_reordered_fields(void) { check_mutation("reordering tile_buf fields", mutate_reorder, 13); }

/* Hand-made cases: each a minimal module, first the accepted form, then broken ones. */
static const char *const small_ok =
    "module {\n"
    "  func.func @k(%a: !pto.ptr<f32>, %n: index) {\n"
    "    %c0 = arith.constant 0 : index\n"
    "    %t = pto.alloc_tile : !pto.tile_buf<vec, 16x16xf32, valid=16x16>\n"
    "    %r = scf.for %i = %c0 to %n step %c0 iter_args(%x = %c0) -> (index) {\n"
    "      %y = arith.addi %x, %i : index\n"
    "      scf.yield %y : index\n"
    "    } loc(\"a.py\":3:4)\n"
    "    %b = arith.cmpi slt, %r, %n : index\n"
    "    scf.if %b {\n"
    "      pto.texp ins(%t : !pto.tile_buf<vec, 16x16xf32, valid=16x16>) outs(%t : !pto.tile_buf<vec, 16x16xf32, valid=16x16>)\n"
    "    } else {\n"
    "    }\n"
    "    return\n"
    "  }\n"
    "}\n";

void test_pto_check_small_cases(void) {
    CHECK(accepts(small_ok));
    /* a loop's result is not visible in its body */
    char *s = splice(small_ok, strstr(small_ok, "%x, %i"), 2, "%r");
    CHECK(rejects(s));
    free(s);
    /* a loop variable is not visible after the loop */
    s = splice(small_ok, strstr(small_ok, "%r, %n"), 2, "%i");
    CHECK(rejects(s));
    free(s);
    /* an i1 condition used as index */
    s = splice(small_ok, strstr(small_ok, "scf.if %b"), 9, "scf.if %c0");
    CHECK(rejects(s));
    free(s);
    /* an address space in a pointer type */
    s = splice(small_ok, strstr(small_ok, "!pto.ptr<f32>"), 13, "!pto.ptr<f32, gm>");
    CHECK(rejects(s));
    free(s);
    /* else after a loop */
    CHECK(rejects("module {\n  func.func @k(%n: index) {\n    scf.for %i = %n to %n step %n {\n    } else {\n    }\n"
                  "    return\n  }\n}\n"));
    /* a bad partition view */
    CHECK(rejects("module {\n  func.func @k(%v: !pto.partition_tensor_view<32xx32xf32>) {\n    return\n  }\n}\n"));
    /* an unknown compact field */
    CHECK(rejects("module {\n  func.func @k(%v: !pto.tile_buf<vec, 16x16xf32, colour=red>) {\n    return\n  }\n}\n"));
    /* a region left open */
    CHECK(rejects("module {\n  func.func @k() {\n    return\n  }\n"));
}
