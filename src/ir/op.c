/* op.c - the op registry: lookup by name, the unified pl.NAME dispatch, and op_call, which checks a
 * call against its op's schema (the schema language is documented in ops.def) and infers the
 * result type (one small function per family of ops, chosen by a switch over every OpId).
 *
 * Schemas are parsed again on every call: they are a few dozen bytes, and parsing them here keeps
 * the file free of state. A malformed schema is a bug in ops.def (an ICE); the unit tests call
 * every op once, so such a bug cannot survive `make test`. */
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"

const OpInfo op_table[OP__COUNT] = {
#define OP(id, name, pipe, eff, pto, cpp, args, attrs) {OP_##id, name, pipe, eff, pto, cpp, args, attrs},
#include "ir/ops.def"
#undef OP
};

/* ---- lookup ---- */

const OpInfo *op_lookup(const char *name) {
    const char *dot = name ? strchr(name, '.') : NULL;
    if (!dot)
        return NULL;
    const char *level = name;
    size_t n = (size_t)(dot - name);
    if (n == 5 && strncmp(name, "block", 5) == 0) /* block.X is the older name of tile.X */
        level = "tile", n = 4;
    for (int i = 0; i < OP__COUNT; i++) {
        const char *op = op_table[i].name;
        if (op[0] == level[0] && op[n] == '.' && op[n + 1] == dot[1] && /* cheap rejections first */
            strncmp(op, level, n) == 0 && strcmp(op + n + 1, dot + 1) == 0)
            return &op_table[i];
    }
    return NULL;
}

/* The op NAME at one level ("tile", "tensor", "system"), or NULL. */
static const OpInfo *at_level(const char *level, const char *name) {
    char buf[96];
    int n = snprintf(buf, sizeof buf, "%s.%s", level, name);
    return n > 0 && n < (int)sizeof buf ? op_lookup(buf) : NULL;
}

/* Levenshtein distance, capped: names longer than 63 bytes are never "close". */
static int edit_distance(const char *a, const char *b) {
    size_t na = strlen(a), nb = strlen(b);
    if (na > 63 || nb > 63)
        return 99;
    int row[64];
    for (size_t j = 0; j <= nb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= nb; j++) {
            int up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/* Keeps the closest of the candidates offered so far (within distance 2). */
typedef struct {
    const char *want;
    char best[64];
    int dist;
} Closest;

static void offer(Closest *cl, const char *s, size_t n) {
    char name[64];
    if (n >= sizeof name)
        return;
    memcpy(name, s, n);
    name[n] = 0;
    int d = edit_distance(cl->want, name);
    if (d <= 2 && d < cl->dist) {
        cl->dist = d;
        memcpy(cl->best, name, n + 1);
    }
}

/* ---- unified pl.NAME(...) ---- */

static bool has_type(const Expr *e, TypeKind k) { return e && e->type && e->type->kind == k; }

/* Unified names that are not "<level>.<name>". pl.create: tensor.create, since the unified call
 * cannot see its keywords to tell a tile creation (which is spelled pl.create_tile) from it. */
static const struct { const char *from, *to; } unified_alias[] = {
    {"create_tensor", "tensor.create"},
    {"create", "tensor.create"},
};

/* With a scalar second argument these become their scalar forms (language.md). */
static const struct { const char *name, *tile, *tensor; } scalar_form[] = {
    {"add", "adds", "add_scalar"}, {"sub", "subs", "sub_scalar"}, {"mul", "muls", "mul_scalar"},
    {"div", "divs", "div_scalar"}, {"cmp", "cmps", NULL},
};

static void unknown_unified(Ctx *c, Loc loc, const char *name) {
    Closest cl = {name, "", 99};
    for (int i = 0; i < OP__COUNT; i++) {
        const char *short_name = strchr(op_table[i].name, '.') + 1;
        offer(&cl, short_name, strlen(short_name));
    }
    for (size_t i = 0; i < sizeof unified_alias / sizeof unified_alias[0]; i++)
        offer(&cl, unified_alias[i].from, strlen(unified_alias[i].from));
    error_at(c, loc, "unknown op 'pl.%s'", name);
    if (cl.dist <= 2)
        hint(c, "did you mean 'pl.%s'?", cl.best);
}

static void needs_tile_or_tensor(Ctx *c, Loc loc, const char *name, int nargs, Expr **args) {
    if (nargs == 0) {
        error_at(c, loc, "pl.%s needs a Tensor or a Tile as its first argument", name);
        return;
    }
    Buf b = {0};
    if (args[0]->type)
        type_print(&b, args[0]->type);
    else
        expr_print(&b, args[0]);
    error_at(c, args[0]->loc, "pl.%s: the first argument must be a Tensor or a Tile, got %s", name, b.data);
    buf_free(&b);
}

const OpInfo *op_unified(Ctx *c, Loc loc, Str name, int nargs, Expr **args) {
    for (size_t i = 0; i < sizeof unified_alias / sizeof unified_alias[0]; i++)
        if (strcmp(name, unified_alias[i].from) == 0)
            return op_lookup(unified_alias[i].to);
    const OpInfo *tile = at_level("tile", name), *tensor = at_level("tensor", name);
    if (!tile && !tensor) {
        const OpInfo *sys = at_level("system", name);
        if (!sys)
            unknown_unified(c, loc, name);
        return sys;
    }
    /* A name at one level goes there; one at both goes by the first argument. */
    bool on_tiles = !tensor || (tile && nargs > 0 && has_type(args[0], TY_TILE));
    if (tile && tensor && !on_tiles && !(nargs > 0 && has_type(args[0], TY_TENSOR))) {
        needs_tile_or_tensor(c, loc, name, nargs, args);
        return NULL;
    }
    if (nargs >= 2 && has_type(args[1], TY_SCALAR))
        for (size_t i = 0; i < sizeof scalar_form / sizeof scalar_form[0]; i++) {
            const char *to = on_tiles ? scalar_form[i].tile : scalar_form[i].tensor;
            if (strcmp(name, scalar_form[i].name) == 0 && to)
                return at_level(on_tiles ? "tile" : "tensor", to);
        }
    return on_tiles ? tile : tensor;
}

/* ---- schemas ---- */

typedef struct {
    const char *s;
    int n;
} Slice;

typedef enum { AK_TENSOR, AK_TILE, AK_SCALAR, AK_SHAPE, AK_INT, AK_MEM } ArgKind;
typedef enum { TK_DTYPE, TK_MEM, TK_PIPE, TK_BOOL, TK_INT, TK_ENUM } AttrKind;

static const char *const arg_kind_name[] = {"tensor", "tile", "scalar", "shape", "int", "mem", NULL};
static const char *const attr_kind_name[] = {"dtype", "mem", "pipe", "bool", "int", "enum", NULL};

/* One argument or attribute of a schema. */
typedef struct {
    Slice name;
    int kind;          /* ArgKind or AttrKind */
    Slice list;        /* mem(A|B), enum(A|B): the choices; n == 0: any */
    bool ranged;       /* int(LO..HI) */
    int64_t lo, hi;
    bool optional;     /* '?' or a default */
    Slice def;         /* the default's text; n == 0: none */
} Field;

enum { MAX_FIELDS = 8 };

typedef struct {
    int nargs, nattrs;
    Field args[MAX_FIELDS], attrs[MAX_FIELDS];
} Schema;

static bool slice_is(Slice a, const char *s, size_t n) {
    return (size_t)a.n == n && memcmp(a.s, s, n) == 0;
}

static int word_index(const char *const *words, const char *s, size_t n) {
    for (int i = 0; words[i]; i++)
        if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0)
            return i;
    return -1;
}

/* Index of s (n bytes) among the '|'-separated items of list, or -1. */
static int list_index(Slice list, const char *s, size_t n) {
    const char *p = list.s, *end = list.s + list.n;
    for (int i = 0; p < end; i++) {
        const char *q = memchr(p, '|', (size_t)(end - p));
        if (!q)
            q = end;
        if ((size_t)(q - p) == n && memcmp(p, s, n) == 0)
            return i;
        p = q + 1;
    }
    return -1;
}

static int list_count(Slice list) {
    int n = list.n > 0;
    for (int i = 0; i < list.n; i++)
        n += list.s[i] == '|';
    return n;
}

/* "LO..HI" into f->lo, f->hi. */
static bool parse_range(Field *f, Slice r) {
    char buf[48], *end;
    if (r.n <= 0 || r.n >= (int)sizeof buf)
        return false;
    memcpy(buf, r.s, (size_t)r.n);
    buf[r.n] = 0;
    f->lo = strtoll(buf, &end, 10);
    if (end == buf || strncmp(end, "..", 2) != 0)
        return false;
    char *hi = end + 2;
    f->hi = strtoll(hi, &end, 10);
    return end != hi && *end == 0 && f->lo <= f->hi;
}

static int parse_fields(const OpInfo *op, const char *p, bool attrs, Field *out) {
    int n = 0;
    while (*p) {
        if (n == MAX_FIELDS)
            ICE("%s: more than %d schema fields", op->name, MAX_FIELDS);
        Field *f = &out[n++];
        memset(f, 0, sizeof *f);
        f->name.s = p;
        while (*p && *p != ':' && *p != ',')
            p++;
        f->name.n = (int)(p - f->name.s);
        if (*p++ != ':' || f->name.n == 0)
            ICE("%s: schema field without a name or kind", op->name);
        const char *k = p;
        while (*p >= 'a' && *p <= 'z')
            p++;
        f->kind = word_index(attrs ? attr_kind_name : arg_kind_name, k, (size_t)(p - k));
        if (f->kind < 0)
            ICE("%s: unknown schema kind '%.*s'", op->name, (int)(p - k), k);
        if (*p == '(') {
            const char *l = ++p;
            while (*p && *p != ')')
                p++;
            Slice in = {l, (int)(p - l)};
            if (*p++ != ')' || !attrs)
                ICE("%s: bad '(' in schema", op->name);
            if (f->kind == TK_INT) {
                f->ranged = true;
                if (!parse_range(f, in))
                    ICE("%s: bad range '%.*s'", op->name, in.n, in.s);
            } else if (f->kind == TK_MEM || f->kind == TK_ENUM) {
                f->list = in;
            } else {
                ICE("%s: kind '%s' takes no list", op->name, attr_kind_name[f->kind]);
            }
        }
        if (*p == '?') {
            f->optional = true;
            p++;
        } else if (*p == '=' && attrs) {
            f->optional = true;
            f->def.s = ++p;
            while (*p && *p != ',')
                p++;
            f->def.n = (int)(p - f->def.s);
        }
        if (*p == ',')
            p++;
        else if (*p)
            ICE("%s: junk in schema at '%s'", op->name, p);
    }
    return n;
}

static bool attr_default(const Field *f, int64_t *out);

static void parse_schema(const OpInfo *op, Schema *s) {
    int64_t v;
    s->nargs = parse_fields(op, op->args, false, s->args);
    s->nattrs = parse_fields(op, op->attrs, true, s->attrs);
    for (int i = 0; i + 1 < s->nargs; i++)
        if (s->args[i].optional)
            ICE("%s: only the last argument may be optional", op->name);
    for (int i = 0; i < s->nattrs; i++)
        if (s->attrs[i].def.n && !attr_default(&s->attrs[i], &v))
            ICE("%s: bad default '%.*s'", op->name, s->attrs[i].def.n, s->attrs[i].def.s);
}

static const Field *find_field(const Field *fs, int n, const char *name, size_t len) {
    for (int i = 0; i < n; i++)
        if (slice_is(fs[i].name, name, len))
            return &fs[i];
    return NULL;
}

/* ---- attribute values ---- */

/* The value of attribute f given as v, as an integer (see op_attr_value); false when v does not
 * fit f. Never diagnoses. */
static bool attr_decode(const Field *f, const Expr *v, int64_t *out) {
    int64_t i;
    switch ((AttrKind)f->kind) {
    case TK_DTYPE:
        if (v->kind != E_SYM || v->sym.kind != SYM_DTYPE)
            return false;
        *out = v->sym.value;
        return true;
    case TK_PIPE:
        if (v->kind != E_SYM || v->sym.kind != SYM_PIPE)
            return false;
        *out = v->sym.value;
        return true;
    case TK_MEM:
        if (v->kind == E_SYM && v->sym.kind == SYM_MEM)
            i = v->sym.value;
        else if (!expr_is_const_int(v, &i) || i < 0 || i > MEM_Acc) /* PyPTO's 0..5 */
            return false;
        if (i < 0 || i >= MEM__COUNT)
            return false;
        if (f->list.n && list_index(f->list, memspace_name[i], strlen(memspace_name[i])) < 0)
            return false;
        *out = i;
        return true;
    case TK_BOOL:
        if (v->kind != E_BOOL)
            return false;
        *out = v->b;
        return true;
    case TK_INT:
        if (!expr_is_const_int(v, &i) || (f->ranged && (i < f->lo || i > f->hi)))
            return false;
        *out = i;
        return true;
    case TK_ENUM:
        if (v->kind == E_STR && v->s)
            i = list_index(f->list, v->s, strlen(v->s));
        else if (!expr_is_const_int(v, &i) || i >= list_count(f->list))
            return false;
        if (i < 0)
            return false;
        *out = i;
        return true;
    }
    return false;
}

/* The default of attribute f decoded like attr_decode; false when it has none. */
static bool attr_default(const Field *f, int64_t *out) {
    char d[48];
    if (f->def.n <= 0 || f->def.n >= (int)sizeof d)
        return false;
    memcpy(d, f->def.s, (size_t)f->def.n);
    d[f->def.n] = 0;
    DType dt;
    MemSpace m;
    Pipe p;
    char *end;
    switch ((AttrKind)f->kind) {
    case TK_DTYPE:
        return dtype_lookup(d, &dt) ? (*out = dt, true) : false;
    case TK_MEM:
        if (!memspace_lookup(d, &m) || (f->list.n && list_index(f->list, d, strlen(d)) < 0))
            return false;
        *out = m;
        return true;
    case TK_PIPE:
        return pipe_lookup(d, &p) ? (*out = p, true) : false;
    case TK_BOOL:
        *out = strcmp(d, "true") == 0;
        return *out || strcmp(d, "false") == 0;
    case TK_INT:
        *out = strtoll(d, &end, 10);
        return *end == 0 && end != d && (!f->ranged || (*out >= f->lo && *out <= f->hi));
    case TK_ENUM:
        *out = list_index(f->list, d, strlen(d));
        return *out >= 0;
    }
    return false;
}

/* "one of A, B, C", each item spelled by fmt ("%.*s" and a variant). */
static void put_choices(Buf *b, Slice list, const char *fmt) {
    buf_puts(b, "one of ");
    for (const char *p = list.s, *end = list.s + list.n; p < end;) {
        const char *q = memchr(p, '|', (size_t)(end - p));
        if (!q)
            q = end;
        if (p != list.s)
            buf_puts(b, ", ");
        buf_printf(b, fmt, (int)(q - p), p);
        p = q + 1;
    }
}

/* What attribute f accepts, for messages. */
static void attr_expected(Buf *b, const Field *f) {
    switch ((AttrKind)f->kind) {
    case TK_DTYPE:
        buf_puts(b, "a data type such as pl.FP32");
        return;
    case TK_PIPE:
        buf_puts(b, "a pipe such as pl.Pipe.V");
        return;
    case TK_BOOL:
        buf_puts(b, "True or False");
        return;
    case TK_INT:
        buf_puts(b, "an integer constant");
        if (f->ranged)
            buf_printf(b, " in %lld..%lld", (long long)f->lo, (long long)f->hi);
        return;
    case TK_MEM:
        if (f->list.n)
            put_choices(b, f->list, "pl.Mem.%.*s");
        else
            buf_puts(b, "a memory space pl.Mem.X or an integer 0..5");
        return;
    case TK_ENUM:
        put_choices(b, f->list, "\"%.*s\"");
        buf_printf(b, " (or 0..%d)", list_count(f->list) - 1);
        return;
    }
}

Expr *op_attr(const Expr *call, const char *name) {
    if (!call || call->kind != E_OP)
        return NULL;
    for (int i = 0; i < call->call.nkw; i++)
        if (strcmp(call->call.kw[i].name, name) == 0)
            return call->call.kw[i].value;
    return NULL;
}

bool op_attr_value(const Expr *call, const char *name, int64_t *out) {
    if (!call || call->kind != E_OP || !call->call.op)
        return false;
    Schema sc;
    parse_schema(call->call.op, &sc);
    const Field *f = find_field(sc.attrs, sc.nattrs, name, strlen(name));
    if (!f)
        return false;
    Expr *v = op_attr(call, name);
    return v ? attr_decode(f, v, out) : attr_default(f, out);
}

const char *op_enum_name(const OpInfo *op, const char *attr, int64_t idx, char *buf, size_t n) {
    size_t len = strlen(attr);
    for (const char *p = op->attrs; p && *p;) {
        if (strncmp(p, attr, len) == 0 && strncmp(p + len, ":enum(", 6) == 0) {
            const char *item = p + len + 6;
            for (int64_t i = 0; i < idx && *item && *item != ')'; i++) {
                item += strcspn(item, "|)");
                if (*item == '|')
                    item++;
            }
            size_t k = strcspn(item, "|)");
            if (k == 0 || k >= n)
                return NULL;
            memcpy(buf, item, k);
            buf[k] = '\0';
            return buf;
        }
        p = strchr(p, ',');
        p = p ? p + 1 : NULL;
    }
    return NULL;
}

/* ---- checking a call ---- */

/* A call being checked and typed. */
typedef struct {
    Ctx *c;
    Loc loc;
    const OpInfo *op;
    Schema sc;
    Expr *slot[MAX_FIELDS]; /* the arguments by schema position */
    Kwarg *attrs;           /* the attributes in the order given, positional ones first */
    int nattrs;
    Expr *e;                /* the E_OP, once built */
} Call;

/* Text for messages, copied into the arena so several fit in one message. */
static const char *spell_type(Call *k, const Type *t) {
    Buf b = {0};
    type_print(&b, t);
    char *s = arena_strndup(k->c->arena, b.data, b.len);
    buf_free(&b);
    return s;
}

static const char *spell_expr(Call *k, const Expr *e) {
    Buf b = {0};
    expr_print(&b, e);
    char *s = arena_strndup(k->c->arena, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

static const char *spell_shape(Call *k, int rank, Expr **shape) {
    Buf b = {0};
    buf_putc(&b, '[');
    for (int i = 0; i < rank; i++) {
        if (i)
            buf_puts(&b, ", ");
        expr_print(&b, shape[i]);
    }
    buf_putc(&b, ']');
    char *s = arena_strndup(k->c->arena, b.data, b.len);
    buf_free(&b);
    return s;
}

/* What a value is, for "got ..." in messages: its type, or its text when it has none. */
static const char *spell_value(Call *k, const Expr *e) {
    if (e->type && e->kind != E_TUPLE)
        return spell_type(k, e->type);
    const char *text = spell_expr(k, e);
    if (e->kind == E_LIST || e->kind == E_TUPLE) {
        size_t n = strlen(text) + 8;
        char *s = arena_alloc(k->c->arena, n);
        snprintf(s, n, "a list %s", text);
        return s;
    }
    return text;
}

/* "op: MESSAGE" at loc. */
static void err(Call *k, Loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err(Call *k, Loc loc, const char *fmt, ...) {
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    error_at(k->c, loc, "%s: %s", k->op->name, b.data ? b.data : "");
    buf_free(&b);
}

/* "op: argument I (NAME) MESSAGE" at the argument. */
static void err_arg(Call *k, int i, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err_arg(Call *k, int i, const char *fmt, ...) {
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    const Field *f = &k->sc.args[i];
    error_at(k->c, k->e->call.args[i]->loc, "%s: argument %d (%.*s) %s", k->op->name, i + 1, f->name.n, f->name.s,
             b.data ? b.data : "");
    buf_free(&b);
}

static bool arg_fits(ArgKind kind, const Expr *e) {
    int64_t i;
    switch (kind) {
    case AK_TENSOR:
        return has_type(e, TY_TENSOR);
    case AK_TILE:
        return has_type(e, TY_TILE);
    case AK_SCALAR:
        return has_type(e, TY_SCALAR);
    case AK_SHAPE:
        return e->kind == E_LIST || e->kind == E_TUPLE;
    case AK_INT:
        return expr_is_const_int(e, &i);
    case AK_MEM:
        return (e->kind == E_SYM && e->sym.kind == SYM_MEM) || (expr_is_const_int(e, &i) && i >= 0 && i <= MEM_Acc);
    }
    return false;
}

static const char *const arg_expected[] = {
    "a Tensor", "a Tile", "a scalar", "a list of integer scalars", "an integer constant",
    "a memory space pl.Mem.X or an integer 0..5",
};

static bool check_arg(Call *k, int i) {
    Expr *e = k->e->call.args[i];
    const Field *f = &k->sc.args[i];
    if (!arg_fits((ArgKind)f->kind, e)) {
        err_arg(k, i, "must be %s, got %s", arg_expected[f->kind], spell_value(k, e));
        return false;
    }
    if (f->kind != AK_SHAPE)
        return true;
    bool ok = true;
    for (int j = 0; j < e->list.n; j++) {
        Expr *d = e->list.items[j];
        if (!has_type(d, TY_SCALAR) || !dtype_is_int(d->type->dtype)) {
            error_at(k->c, d->loc, "%s: argument %d (%.*s): element %d must be an integer scalar, got %s",
                     k->op->name, i + 1, f->name.n, f->name.s, j + 1, spell_value(k, d));
            ok = false;
        }
    }
    return ok;
}

static bool check_attr(Call *k, const Kwarg *kw) {
    const Field *f = find_field(k->sc.attrs, k->sc.nattrs, kw->name, strlen(kw->name));
    int64_t decoded;
    if (attr_decode(f, kw->value, &decoded))
        return true;
    Buf want = {0};
    attr_expected(&want, f);
    /* constants and enumerators read best as written; other values by their type */
    const Expr *v = kw->value;
    bool literal = !v->type || v->kind == E_INT || v->kind == E_FLOAT || v->kind == E_BOOL;
    err(k, v->loc, "attribute %s must be %s, got %s", kw->name, want.data,
        literal ? spell_expr(k, v) : spell_type(k, v->type));
    buf_free(&want);
    return false;
}

/* "lhs, rhs, cmp_type=" for arity messages. */
static const char *signature(Call *k) {
    Buf b = {0};
    for (int i = 0; i < k->sc.nargs; i++)
        buf_printf(&b, "%s%.*s%s", i ? ", " : "", k->sc.args[i].name.n, k->sc.args[i].name.s,
                   k->sc.args[i].optional ? "?" : "");
    for (int i = 0; i < k->sc.nattrs; i++)
        buf_printf(&b, "%s%.*s=", k->sc.nargs || i ? ", " : "", k->sc.attrs[i].name.n, k->sc.attrs[i].name.s);
    char *s = arena_strndup(k->c->arena, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

static void unknown_keyword(Call *k, const Kwarg *kw) {
    Closest cl = {kw->name, "", 99};
    for (int i = 0; i < k->sc.nargs; i++)
        offer(&cl, k->sc.args[i].name.s, (size_t)k->sc.args[i].name.n);
    for (int i = 0; i < k->sc.nattrs; i++)
        offer(&cl, k->sc.attrs[i].name.s, (size_t)k->sc.attrs[i].name.n);
    err(k, kw->loc, "unknown keyword '%s'", kw->name);
    if (cl.dist <= 2)
        hint(k->c, "did you mean '%s'?", cl.best);
    else
        hint(k->c, "%s takes (%s)", k->op->name, signature(k));
}

static Type *infer(Call *k);

/* Positional values fill the arguments, then the attributes, in order. */
static bool fill_positional(Call *k, int nargs, Expr **args) {
    int ai = 0;
    for (int i = 0; i < nargs; i++) {
        Expr *e = args[i];
        while (ai < k->sc.nargs && k->sc.args[ai].optional && !arg_fits((ArgKind)k->sc.args[ai].kind, e))
            ai++;
        if (ai < k->sc.nargs) {
            k->slot[ai++] = e;
        } else if (k->nattrs < k->sc.nattrs) {
            const Field *f = &k->sc.attrs[k->nattrs];
            k->attrs[k->nattrs++] = (Kwarg){intern(k->c->names, f->name.s, (size_t)f->name.n), e, e->loc};
        } else {
            int most = k->sc.nargs + k->sc.nattrs;
            err(k, e->loc, "too many arguments: takes at most %d positional value%s (%s), got %d", most,
                most == 1 ? "" : "s", signature(k), nargs);
            return false;
        }
    }
    return true;
}

/* A keyword names an argument or an attribute, once. */
static bool fill_keyword(Call *k, const Kwarg *kw) {
    size_t len = strlen(kw->name);
    const Field *f = find_field(k->sc.args, k->sc.nargs, kw->name, len);
    if (f) {
        Expr **slot = &k->slot[f - k->sc.args];
        if (*slot) {
            err(k, kw->loc, "argument '%s' given twice", kw->name);
            return false;
        }
        *slot = kw->value;
        return true;
    }
    if (!find_field(k->sc.attrs, k->sc.nattrs, kw->name, len)) {
        unknown_keyword(k, kw);
        return false;
    }
    for (int j = 0; j < k->nattrs; j++)
        if (strcmp(k->attrs[j].name, kw->name) == 0) {
            err(k, kw->loc, "attribute '%s' given twice", kw->name);
            return false;
        }
    k->attrs[k->nattrs++] = *kw;
    return true;
}

/* Every required argument and attribute is there. */
static bool check_missing(Call *k) {
    bool ok = true;
    for (int i = 0; i < k->sc.nargs; i++)
        if (!k->slot[i] && !k->sc.args[i].optional) {
            err(k, k->loc, "missing argument %d (%.*s)", i + 1, k->sc.args[i].name.n, k->sc.args[i].name.s);
            ok = false;
        }
    for (int i = 0; i < k->sc.nattrs; i++) {
        const Field *f = &k->sc.attrs[i];
        bool given = false;
        for (int j = 0; j < k->nattrs; j++)
            given |= slice_is(f->name, k->attrs[j].name, strlen(k->attrs[j].name));
        if (!given && !f->optional) {
            err(k, k->loc, "missing attribute %.*s", f->name.n, f->name.s);
            ok = false;
        }
    }
    return ok;
}

static Expr *build(Call *k) {
    int n = 0; /* the arguments given are a prefix: only the last may be optional */
    for (int i = 0; i < k->sc.nargs; i++)
        if (k->slot[i])
            n = i + 1;
    Expr *e = ARENA_NEW(k->c->arena, Expr);
    e->kind = E_OP;
    e->loc = k->loc;
    e->call.op = k->op;
    e->call.nargs = n;
    e->call.args = ARENA_ARRAY(k->c->arena, Expr *, n);
    memcpy(e->call.args, k->slot, sizeof(Expr *) * (size_t)n);
    e->call.nkw = k->nattrs;
    e->call.kw = k->attrs;
    return e;
}

/* A memory space given by its number (target_memory=2) is kept as its enumerator
 * (pl.Mem.Mat), so that the printed text is canonical. */
static void canonical_mems(Call *k) {
    Expr *e = k->e;
    for (int i = 0; i < e->call.nkw; i++) {
        Kwarg *kw = &e->call.kw[i];
        const Field *f = find_field(k->sc.attrs, k->sc.nattrs, kw->name, strlen(kw->name));
        int64_t v;
        if (f->kind == TK_MEM && kw->value->kind == E_INT && attr_decode(f, kw->value, &v))
            kw->value = mk_sym(k->c, kw->value->loc, SYM_MEM, (int)v);
    }
    for (int i = 0; i < e->call.nargs; i++) {
        Expr *a = e->call.args[i];
        if (k->sc.args[i].kind == AK_MEM && a->kind == E_INT && a->i >= 0 && a->i < MEM_Bias)
            e->call.args[i] = mk_sym(k->c, a->loc, SYM_MEM, (int)a->i);
    }
}

Expr *op_call(Ctx *c, Loc loc, const OpInfo *op, int nargs, Expr **args, int nkw, Kwarg *kw) {
    Call k = {.c = c, .loc = loc, .op = op};
    parse_schema(op, &k.sc);
    k.attrs = ARENA_ARRAY(c->arena, Kwarg, nargs + nkw);
    if (!fill_positional(&k, nargs, args))
        return NULL;
    bool ok = true;
    for (int i = 0; i < nkw; i++)
        ok &= fill_keyword(&k, &kw[i]);
    if (!ok || !check_missing(&k))
        return NULL;
    Expr *e = k.e = build(&k);
    for (int i = 0; i < e->call.nargs; i++)
        ok &= check_arg(&k, i);
    for (int i = 0; i < e->call.nkw; i++)
        ok &= check_attr(&k, &e->call.kw[i]);
    if (!ok || !(e->type = infer(&k)))
        return NULL;
    canonical_mems(&k);
    return e;
}

/* ---- result types ---- */

static Expr *arg(Call *k, int i) { return k->e->call.args[i]; }
static Type *arg_type(Call *k, int i) { return k->e->call.args[i]->type; }

static bool const_dim(const Expr *e, int64_t *v) { return expr_is_const_int(e, v); }

static bool is_one(const Expr *e) {
    int64_t v;
    return const_dim(e, &v) && v == 1;
}

/* Two dimensions that are certainly different: constants that differ. */
static bool dims_differ(const Expr *a, const Expr *b) {
    int64_t x, y;
    return const_dim(a, &x) && const_dim(b, &y) && x != y;
}

static Type *shaped(Call *k, TypeKind kind, int rank, Expr **shape, DType dt) {
    return kind == TY_TILE ? ty_tile(k->c, rank, shape, dt) : ty_tensor(k->c, rank, shape, dt);
}

/* Static number of elements of a shape, or -1. */
static int64_t numel(int rank, Expr **shape) {
    int64_t n = 1, d;
    for (int i = 0; i < rank; i++) {
        if (!const_dim(shape[i], &d))
            return -1;
        n *= d;
    }
    return n;
}

static int list_len(Call *k, int i) { return arg(k, i)->list.n; }
static Expr **list_items(Call *k, int i) { return arg(k, i)->list.items; }

/* A shape argument: constant dimensions must be positive. */
static bool check_dims(Call *k, int i) {
    bool ok = true;
    int64_t v;
    if (list_len(k, i) == 0) {
        err_arg(k, i, "must have at least one dimension");
        return false;
    }
    for (int j = 0; j < list_len(k, i); j++)
        if (const_dim(list_items(k, i)[j], &v) && v <= 0) {
            err(k, list_items(k, i)[j]->loc, "dimension %d must be positive, got %lld", j + 1, (long long)v);
            ok = false;
        }
    return ok;
}

/* A list argument with one entry per dimension of a `rank`-dimensional value. */
static bool check_len(Call *k, int i, int rank, const char *of) {
    if (list_len(k, i) == rank)
        return true;
    err_arg(k, i, "has %d element%s, but %s has rank %d", list_len(k, i), list_len(k, i) == 1 ? "" : "s", of, rank);
    return false;
}

/* offsets + sizes inside dims wherever all are constants; offsets never negative. */
static bool check_window(Call *k, int offs_arg, int rank, Expr **dims, Expr **sizes) {
    Expr **offs = list_items(k, offs_arg);
    for (int j = 0; j < rank; j++) {
        int64_t o, s, d;
        if (!const_dim(offs[j], &o))
            continue;
        if (o < 0) {
            err(k, offs[j]->loc, "offset %lld in dimension %d is negative", (long long)o, j + 1);
            return false;
        }
        if (const_dim(sizes[j], &s) && const_dim(dims[j], &d) && o + s > d) {
            err(k, offs[j]->loc, "offset %lld + size %lld exceeds dimension %d of size %lld", (long long)o,
                (long long)s, j + 1, (long long)d);
            return false;
        }
    }
    return true;
}

/* An axis argument or attribute, normalised to 0..rank-1 (negative counts from the end). */
static bool norm_axis(Call *k, Loc loc, int64_t *axis, int rank) {
    int64_t a = *axis < 0 ? *axis + rank : *axis;
    if (a < 0 || a >= rank) {
        err(k, loc, "axis %lld is out of range for rank %d", (long long)*axis, rank);
        return false;
    }
    *axis = a;
    return true;
}

/* NumPy broadcasting of two shapes, aligned from the right: a missing dim or a static 1 takes the
 * other side's dim; equal dims are kept. NULL (diagnosed) on a clash. */
static Expr **broadcast(Call *k, int ra, Expr **a, int rb, Expr **b, int *rank) {
    int r = ra > rb ? ra : rb;
    Expr **out = ARENA_ARRAY(k->c->arena, Expr *, r);
    for (int i = 0; i < r; i++) {
        int ia = ra - r + i, ib = rb - r + i;
        Expr *da = ia >= 0 ? a[ia] : NULL, *db = ib >= 0 ? b[ib] : NULL;
        if (!da || (is_one(da) && db))
            out[i] = db;
        else if (!db || is_one(db) || expr_equal(da, db))
            out[i] = da;
        else {
            err(k, k->loc, "cannot broadcast %s and %s", spell_shape(k, ra, a), spell_shape(k, rb, b));
            return NULL;
        }
    }
    *rank = r;
    return out;
}

/* ops.md: a number as scalar operand is an FP32 constant when the other operand is floating. */
static void number_as(Call *k, int i, DType other) {
    Expr *s = arg(k, i);
    if (s->kind == E_INT && s->type && s->type->dtype == DT_INT64 && dtype_is_float(other))
        k->e->call.args[i] = mk_float(k->c, s->loc, (double)s->i);
}

/* tensor.create, tile.create_tile, tile.full */
static Type *infer_create(Call *k) {
    if (!check_dims(k, 0))
        return NULL;
    int64_t dt, v;
    if (k->op->id == OP_TILE_CREATE_TILE)
        for (int j = 0; j < list_len(k, 0); j++)
            if (!const_dim(list_items(k, 0)[j], &v)) {
                err(k, list_items(k, 0)[j]->loc, "dimension %d must be a constant, got %s", j + 1,
                    spell_expr(k, list_items(k, 0)[j]));
                return NULL;
            }
    if (!op_attr_value(k->e, "dtype", &dt)) /* tile.full without dtype: the value's */
        dt = arg_type(k, 1)->dtype;
    if (k->op->id == OP_TILE_FULL)
        number_as(k, 1, (DType)dt);
    TypeKind kind = k->op->id == OP_TENSOR_CREATE ? TY_TENSOR : TY_TILE;
    return shaped(k, kind, list_len(k, 0), list_items(k, 0), (DType)dt);
}

static Type *infer_read(Call *k) {
    Type *t = arg_type(k, 0);
    if (!check_len(k, 1, t->rank, "the tensor"))
        return NULL;
    for (int j = 0; j < t->rank; j++) {
        int64_t i, d;
        Expr *x = list_items(k, 1)[j];
        if (const_dim(x, &i) && (i < 0 || (const_dim(t->shape[j], &d) && i >= d))) {
            err(k, x->loc, "index %lld is out of range for dimension %d of %s", (long long)i, j + 1,
                spell_type(k, t));
            return NULL;
        }
    }
    return ty_scalar(k->c, t->dtype);
}

static Type *infer_dim(Call *k) {
    int64_t axis;
    expr_is_const_int(arg(k, 1), &axis);
    if (!norm_axis(k, arg(k, 1)->loc, &axis, arg_type(k, 0)->rank))
        return NULL;
    return ty_scalar(k->c, DT_INT64);
}

/* tensor.view, tile.view: (source, shape, offset) */
static Type *infer_view(Call *k) {
    Type *t = arg_type(k, 0);
    const char *of = t->kind == TY_TILE ? "the tile" : "the tensor";
    if (!check_dims(k, 1) || !check_len(k, 1, t->rank, of) || !check_len(k, 2, t->rank, of) ||
        !check_window(k, 2, t->rank, t->shape, list_items(k, 1)))
        return NULL;
    return shaped(k, t->kind, t->rank, list_items(k, 1), t->dtype);
}

static Type *infer_assemble(Call *k) {
    Type *target = arg_type(k, 0), *src = arg_type(k, 1);
    if (src->dtype != target->dtype || src->rank != target->rank) {
        err_arg(k, 1, "must have the target's dtype and rank: target %s, source %s", spell_type(k, target),
                spell_type(k, src));
        return NULL;
    }
    if (!check_len(k, 2, target->rank, "the target") || !check_window(k, 2, target->rank, target->shape, src->shape))
        return NULL;
    return ty_copy(k->c, target);
}

static Type *infer_reshape(Call *k) {
    Type *t = arg_type(k, 0);
    if (!check_dims(k, 1))
        return NULL;
    int64_t from = numel(t->rank, t->shape), to = numel(list_len(k, 1), list_items(k, 1));
    if (from >= 0 && to >= 0 && from != to) {
        err(k, arg(k, 1)->loc, "cannot reshape %s (%lld elements) to %s (%lld elements)",
            spell_shape(k, t->rank, t->shape), (long long)from, spell_shape(k, list_len(k, 1), list_items(k, 1)),
            (long long)to);
        return NULL;
    }
    return shaped(k, t->kind, list_len(k, 1), list_items(k, 1), t->dtype);
}

static Type *infer_transpose(Call *k) {
    Type *t = arg_type(k, 0);
    int64_t a1, a2;
    expr_is_const_int(arg(k, 1), &a1);
    expr_is_const_int(arg(k, 2), &a2);
    if (!norm_axis(k, arg(k, 1)->loc, &a1, t->rank) || !norm_axis(k, arg(k, 2)->loc, &a2, t->rank))
        return NULL;
    Expr **shape = ARENA_ARRAY(k->c->arena, Expr *, t->rank);
    memcpy(shape, t->shape, sizeof(Expr *) * (size_t)t->rank);
    shape[a1] = t->shape[a2];
    shape[a2] = t->shape[a1];
    return shaped(k, t->kind, t->rank, shape, t->dtype);
}

/* Two tiles or two tensors: broadcast shape, promoted dtype (add ... minimum, cmp). */
static Type *infer_elementwise(Call *k) {
    Type *a = arg_type(k, 0), *b = arg_type(k, 1);
    int rank;
    Expr **shape = broadcast(k, a->rank, a->shape, b->rank, b->shape, &rank);
    return shape ? shaped(k, a->kind, rank, shape, dtype_promote(a->dtype, b->dtype)) : NULL;
}

/* A tile or tensor and a scalar: its shape, promoted dtype (adds ..., add_scalar ..., cmps). */
static Type *infer_scalar_elementwise(Call *k) {
    Type *t = arg_type(k, 0);
    number_as(k, 1, t->dtype);
    return shaped(k, t->kind, t->rank, t->shape, dtype_promote(t->dtype, arg_type(k, 1)->dtype));
}

/* Same shape and dtype, a fresh type without memory (unary tile ops, ub_copy). */
static Type *infer_same(Call *k) {
    Type *t = arg_type(k, 0);
    return shaped(k, t->kind, t->rank, t->shape, t->dtype);
}

static Type *infer_exp(Call *k) {
    Type *t = arg_type(k, 0);
    return shaped(k, t->kind, t->rank, t->shape, dtype_is_float(t->dtype) ? t->dtype : DT_FP32);
}

static Type *infer_cast(Call *k) {
    Type *t = arg_type(k, 0);
    int64_t dt;
    op_attr_value(k->e, "target_type", &dt);
    return shaped(k, t->kind, t->rank, t->shape, (DType)dt);
}

/* Checks that K of lhs and rhs agree when both are constants. */
static bool check_k(Call *k, int li, Expr *kl, int ri, Expr *kr) {
    if (!dims_differ(kl, kr))
        return true;
    const Field *l = &k->sc.args[li], *r = &k->sc.args[ri];
    err(k, arg(k, ri)->loc, "inner dimensions differ: %.*s %s has K = %s, %.*s %s has K = %s", l->name.n, l->name.s,
        spell_shape(k, arg_type(k, li)->rank, arg_type(k, li)->shape), spell_expr(k, kl), r->name.n, r->name.s,
        spell_shape(k, arg_type(k, ri)->rank, arg_type(k, ri)->shape), spell_expr(k, kr));
    return false;
}

/* tensor.matmul: [.., M, K] x [.., K, N] -> [.., M, N] (a_trans/b_trans swap the last two). */
static Type *infer_tensor_matmul(Call *k) {
    Type *l = arg_type(k, 0), *r = arg_type(k, 1);
    for (int i = 0; i < 2; i++)
        if (arg_type(k, i)->rank < 2) {
            err_arg(k, i, "must have rank 2 or more, got %s", spell_type(k, arg_type(k, i)));
            return NULL;
        }
    int64_t at = 0, bt = 0, dt;
    op_attr_value(k->e, "a_trans", &at);
    op_attr_value(k->e, "b_trans", &bt);
    Expr *m = l->shape[l->rank - 2 + (int)at], *kl = l->shape[l->rank - 1 - (int)at];
    Expr *kr = r->shape[r->rank - 2 + (int)bt], *n = r->shape[r->rank - 1 - (int)bt];
    if (!check_k(k, 0, kl, 1, kr))
        return NULL;
    int rank;
    Expr **batch = broadcast(k, l->rank - 2, l->shape, r->rank - 2, r->shape, &rank);
    if (!batch)
        return NULL;
    Expr **shape = ARENA_ARRAY(k->c->arena, Expr *, rank + 2);
    memcpy(shape, batch, sizeof(Expr *) * (size_t)rank);
    shape[rank] = m;
    shape[rank + 1] = n;
    if (!op_attr_value(k->e, "out_dtype", &dt))
        dt = dtype_promote(l->dtype, r->dtype);
    return ty_tensor(k->c, rank + 2, shape, (DType)dt);
}

/* tile.matmul(lhs, rhs), tile.matmul_acc(acc, lhs, rhs): [M, K] x [K, N] -> [M, N] in Acc, whose
 * dtype is FP32 for float operands and INT32 for integer ones (the cube's accumulators). */
static Type *infer_tile_matmul(Call *k) {
    int li = k->op->id == OP_TILE_MATMUL_ACC, ri = li + 1;
    for (int i = 0; i < k->e->call.nargs; i++)
        if (arg_type(k, i)->rank != 2) {
            err_arg(k, i, "must be a 2-D Tile, got %s", spell_type(k, arg_type(k, i)));
            return NULL;
        }
    Type *l = arg_type(k, li), *r = arg_type(k, ri);
    if (!check_k(k, li, l->shape[1], ri, r->shape[0]))
        return NULL;
    Expr *shape[2] = {l->shape[0], r->shape[1]};
    DType dt = dtype_is_float(dtype_promote(l->dtype, r->dtype)) ? DT_FP32 : DT_INT32;
    if (li) {
        Type *acc = arg_type(k, 0);
        if (dims_differ(acc->shape[0], shape[0]) || dims_differ(acc->shape[1], shape[1])) {
            err_arg(k, 0, "is %s, but the product is %s", spell_shape(k, 2, acc->shape), spell_shape(k, 2, shape));
            return NULL;
        }
        dt = acc->dtype;
    }
    return ty_tile(k->c, 2, shape, dt);
}

/* tile.sum/max/min (axis, keepdim) and tensor.row_max/row_sum (axis, keep_dim). */
static Type *infer_reduce(Call *k) {
    Type *t = arg_type(k, 0);
    int64_t axis = -1, keep = 0;
    op_attr_value(k->e, "axis", &axis);
    if (!op_attr_value(k->e, "keepdim", &keep))
        op_attr_value(k->e, "keep_dim", &keep);
    Expr *given = op_attr(k->e, "axis");
    if (!norm_axis(k, given ? given->loc : k->loc, &axis, t->rank))
        return NULL;
    Expr **shape = ARENA_ARRAY(k->c->arena, Expr *, t->rank);
    int rank = 0;
    for (int i = 0; i < t->rank; i++)
        if (i != axis)
            shape[rank++] = t->shape[i];
        else if (keep)
            shape[rank++] = mk_int(k->c, k->loc, 1);
    if (rank == 0)
        return ty_scalar(k->c, t->dtype);
    return shaped(k, t->kind, rank, shape, t->dtype);
}

/* tile.row_sum/max/min(tile, tmp_tile): [.., N] -> [.., 1] */
static Type *infer_row_reduce(Call *k) {
    Type *t = arg_type(k, 0), *tmp = arg_type(k, 1);
    if (t->rank < 1) {
        err_arg(k, 0, "must have at least one dimension, got %s", spell_type(k, t));
        return NULL;
    }
    if (tmp->dtype != t->dtype) {
        err_arg(k, 1, "must have the tile's dtype, got %s for %s", spell_type(k, tmp), spell_type(k, t));
        return NULL;
    }
    Expr **shape = ARENA_ARRAY(k->c->arena, Expr *, t->rank);
    memcpy(shape, t->shape, sizeof(Expr *) * (size_t)t->rank);
    shape[t->rank - 1] = mk_int(k->c, k->loc, 1);
    return ty_tile(k->c, t->rank, shape, t->dtype);
}

/* row_expand_* (tile [M, N], row_vec [M, 1]) and col_expand* (tile [M, N], col_vec [1, N]):
 * the tile's shape; col_expand keeps the target's dtype, the others promote. */
static Type *infer_expand(Call *k, bool rows) {
    Type *t = arg_type(k, 0), *v = arg_type(k, 1);
    if (t->rank != 2 || v->rank != 2) {
        err_arg(k, t->rank != 2 ? 0 : 1, "must be a 2-D Tile, got %s", spell_type(k, t->rank != 2 ? t : v));
        return NULL;
    }
    int keep = rows ? 0 : 1, one = 1 - keep; /* the dimension that must match, the one that is 1 */
    if (!is_one(v->shape[one]) || dims_differ(v->shape[keep], t->shape[keep])) {
        Expr *want[2];
        want[keep] = t->shape[keep];
        want[one] = mk_int(k->c, k->loc, 1);
        err_arg(k, 1, "must be %s for a tile %s, got %s", spell_shape(k, 2, want), spell_shape(k, 2, t->shape),
                spell_shape(k, 2, v->shape));
        return NULL;
    }
    DType dt = k->op->id == OP_TILE_COL_EXPAND ? t->dtype : dtype_promote(t->dtype, v->dtype);
    return ty_tile(k->c, 2, t->shape, dt);
}

static Type *infer_expands(Call *k) {
    Type *t = arg_type(k, 0);
    number_as(k, 1, t->dtype);
    return ty_tile(k->c, t->rank, t->shape, t->dtype);
}

static Type *infer_load(Call *k) {
    Type *t = arg_type(k, 0);
    if (!check_len(k, 1, t->rank, "the tensor") || !check_len(k, 2, t->rank, "the tensor") || !check_dims(k, 2) ||
        !check_window(k, 1, t->rank, t->shape, list_items(k, 2)))
        return NULL;
    return ty_tile(k->c, t->rank, list_items(k, 2), t->dtype);
}

/* tile.store, tile.l0c_store (tile, offsets, shapes, output_tensor): the output tensor's type. */
static Type *infer_store(Call *k) {
    Type *tile = arg_type(k, 0), *out = arg_type(k, 3);
    if (!check_len(k, 1, out->rank, "the output tensor") || !check_len(k, 2, out->rank, "the output tensor") ||
        !check_dims(k, 2) || !check_window(k, 1, out->rank, out->shape, list_items(k, 2)))
        return NULL;
    int64_t want = numel(list_len(k, 2), list_items(k, 2)), have = numel(tile->rank, tile->shape);
    if (want >= 0 && have >= 0 && want != have) {
        err_arg(k, 2, "%s holds %lld elements, but the tile %s holds %lld",
                spell_shape(k, list_len(k, 2), list_items(k, 2)), (long long)want, spell_type(k, tile),
                (long long)have);
        return NULL;
    }
    return ty_copy(k->c, out);
}

static Type *infer_move(Call *k) {
    Type *t = arg_type(k, 0);
    int64_t tr = 0;
    op_attr_value(k->e, "transpose", &tr);
    if (tr && t->rank != 2) {
        err_arg(k, 0, "must be a 2-D Tile to transpose, got %s", spell_type(k, t));
        return NULL;
    }
    Expr *swapped[2];
    if (tr) {
        swapped[0] = t->shape[1];
        swapped[1] = t->shape[0];
    }
    return ty_tile(k->c, t->rank, tr ? swapped : t->shape, t->dtype);
}

static Type *infer_alloc(Call *k) {
    if (!dtype_is_int(arg_type(k, 1)->dtype)) {
        err_arg(k, 1, "must be an integer, got %s", spell_type(k, arg_type(k, 1)));
        return NULL;
    }
    return ty_ptr(k->c);
}

/* Ops without a value (system.*) have the empty tuple type. */
static Type *no_value(Call *k) { return ty_tuple(k->c, 0, NULL); }

/* The result type of a call whose arguments and attributes passed the schema; NULL (diagnosed)
 * on a shape or dtype error. No default: the compiler names any op left out. */
static Type *infer(Call *k) {
    switch (k->op->id) {
    case OP_TENSOR_CREATE:
    case OP_TILE_CREATE_TILE:
    case OP_TILE_FULL:
        return infer_create(k);
    case OP_TENSOR_READ:
        return infer_read(k);
    case OP_TENSOR_DIM:
        return infer_dim(k);
    case OP_TENSOR_VIEW:
    case OP_TILE_VIEW:
        return infer_view(k);
    case OP_TENSOR_ASSEMBLE:
        return infer_assemble(k);
    case OP_TENSOR_RESHAPE:
    case OP_TILE_RESHAPE:
        return infer_reshape(k);
    case OP_TENSOR_TRANSPOSE:
    case OP_TILE_TRANSPOSE:
        return infer_transpose(k);
    case OP_TENSOR_ADD:
    case OP_TENSOR_SUB:
    case OP_TENSOR_MUL:
    case OP_TENSOR_DIV:
    case OP_TENSOR_MAXIMUM:
    case OP_TILE_ADD:
    case OP_TILE_SUB:
    case OP_TILE_MUL:
    case OP_TILE_DIV:
    case OP_TILE_MAXIMUM:
    case OP_TILE_MINIMUM:
    case OP_TILE_CMP:
        return infer_elementwise(k);
    case OP_TENSOR_ADD_SCALAR:
    case OP_TENSOR_SUB_SCALAR:
    case OP_TENSOR_MUL_SCALAR:
    case OP_TENSOR_DIV_SCALAR:
    case OP_TILE_ADDS:
    case OP_TILE_SUBS:
    case OP_TILE_MULS:
    case OP_TILE_DIVS:
    case OP_TILE_CMPS:
        return infer_scalar_elementwise(k);
    case OP_TENSOR_MATMUL:
        return infer_tensor_matmul(k);
    case OP_TILE_MATMUL:
    case OP_TILE_MATMUL_ACC:
        return infer_tile_matmul(k);
    case OP_TENSOR_EXP:
        return infer_exp(k);
    case OP_TILE_UB_COPY:
    case OP_TILE_NEG:
    case OP_TILE_EXP:
    case OP_TILE_RECIP:
    case OP_TILE_SQRT:
    case OP_TILE_RSQRT:
    case OP_TILE_LOG:
    case OP_TILE_ABS:
    case OP_TILE_RELU:
        return infer_same(k);
    case OP_TENSOR_CAST:
    case OP_TILE_CAST:
        return infer_cast(k);
    case OP_TENSOR_ROW_MAX:
    case OP_TENSOR_ROW_SUM:
    case OP_TILE_SUM:
    case OP_TILE_MAX:
    case OP_TILE_MIN:
        return infer_reduce(k);
    case OP_TILE_ROW_SUM:
    case OP_TILE_ROW_MAX:
    case OP_TILE_ROW_MIN:
        return infer_row_reduce(k);
    case OP_TILE_ROW_EXPAND_ADD:
    case OP_TILE_ROW_EXPAND_SUB:
    case OP_TILE_ROW_EXPAND_MUL:
    case OP_TILE_ROW_EXPAND_DIV:
        return infer_expand(k, true);
    case OP_TILE_COL_EXPAND:
    case OP_TILE_COL_EXPAND_MUL:
    case OP_TILE_COL_EXPAND_DIV:
    case OP_TILE_COL_EXPAND_SUB:
        return infer_expand(k, false);
    case OP_TILE_EXPANDS:
        return infer_expands(k);
    case OP_TILE_LOAD:
        return infer_load(k);
    case OP_TILE_STORE:
    case OP_TILE_L0C_STORE:
        return infer_store(k);
    case OP_TILE_MOVE:
        return infer_move(k);
    case OP_TILE_GET_BLOCK_IDX:
        return ty_scalar(k->c, DT_UINT64);
    case OP_TILE_ALLOC:
        return infer_alloc(k);
    case OP_SYSTEM_SYNC_SRC:
    case OP_SYSTEM_SYNC_DST:
    case OP_SYSTEM_BAR_V:
    case OP_SYSTEM_BAR_M:
    case OP_SYSTEM_BAR_ALL:
        return no_value(k);
    case OP__COUNT:
        break;
    }
    ICE("op %s has no result rule", k->op->name);
}
