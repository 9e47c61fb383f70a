/* parse.c - the program language (language.md) into typed IR.
 *
 * Recursive descent over the token array. Each parse function is named after the
 * grammar rule it parses, with the rule as its comment. The file is read in two
 * passes: the first reads module-level declarations and every function's header
 * (so calls may refer to functions defined later), the second the bodies.
 *
 * Errors: a syntax error reports once and marks the statement as failed; the
 * statement loop then skips to the next line (and over a block the failed header
 * opened). A type error returns NULL up the expression; callers stay silent on
 * NULL, so one mistake gives one message. Names a failed statement would have
 * bound are "poisoned": uses of them are silent too. */
#include <stdlib.h>
#include <string.h>

#include "parse/parse.h"

enum { MAX_DEPTH = 100 };

#define KEYWORDS(X)                                                                        \
    X(and) X(as) X(assert) X(async) X(await) X(break) X(class) X(continue) X(def) X(del)   \
    X(elif) X(else) X(except) X(finally) X(for) X(from) X(global) X(if) X(import) X(in)    \
    X(is) X(lambda) X(nonlocal) X(not) X(or) X(pass) X(raise) X(return) X(try) X(while)    \
    X(with) X(yield) X(True) X(False) X(None)

typedef enum {
#define X(k) KW_##k,
    KEYWORDS(X)
#undef X
    KW__COUNT
} Keyword;

/* The targets written on the left of a pl.yield_, kept until the enclosing construct is built. */
typedef struct {
    int n;
    Str *names;
    Type **annots; /* NULL entries where not annotated */
    Loc *locs;
} YieldTargets;

/* What owns the block being parsed: decides where pl.yield_ may stand. */
typedef enum { OWNER_FUNC, OWNER_LOOP, OWNER_IF, OWNER_WITH } BlockOwner;

typedef struct {
    Func *fn;
    int body;        /* token index of the ':' that starts the body */
    bool in_class;
    bool strict_ssa;
} FuncSrc;

typedef struct {
    Ctx *c;
    const Source *src;
    Token **toks;
    int ntoks, pos;
    Str kw[KW__COUNT];
    Str pl;           /* the alias of pypto.language */
    bool imported;    /* the import was seen (a use without it is reported once) */
    bool import_reported;
    Str self;
    bool failed;      /* a syntax error in the current statement */
    int depth;
    Map module;       /* name -> Var (pl.dynamic) or Expr (a module constant) */
    Map is_dyn;       /* name -> non-NULL when the module binding is a Var */
    PtrVec funcs;     /* FuncSrc */
    Map func_by_name; /* name -> FuncSrc */
    Str prog_name;
    Loc prog_loc;
    bool prog_strict;
    bool have_class;
    /* per function */
    FuncSrc *cur;
    Map scope;        /* name -> Var (type NULL: poisoned) */
    Map yields;       /* Stmt (S_YIELD) -> YieldTargets */
    PtrVec pending;   /* YieldTargets of yields whose construct is not finished */
    int errors_at_start;
    int loop_depth;
} Parser;

/* ---- tokens ---- */

static Token *peek(Parser *P) { return P->toks[P->pos]; }
static Token *peek_at(Parser *P, int k) {
    int i = P->pos + k;
    return P->toks[i < P->ntoks ? i : P->ntoks - 1];
}
static Token *next(Parser *P) {
    Token *t = P->toks[P->pos];
    if (t->kind != T_EOF)
        P->pos++;
    return t;
}

static bool is_op(const Token *t, const char *op) { return t->kind == T_OP && strcmp(t->sval, op) == 0; }
static bool at_op(Parser *P, const char *op) { return is_op(peek(P), op); }
static bool is_kw(Parser *P, const Token *t, Keyword k) { return t->kind == T_NAME && t->sval == P->kw[k]; }
static bool at_kw(Parser *P, Keyword k) { return is_kw(P, peek(P), k); }

static bool accept_op(Parser *P, const char *op) {
    if (!at_op(P, op))
        return false;
    next(P);
    return true;
}

static const char *tok_desc(const Token *t, char *buf, size_t n) {
    switch (t->kind) {
    case T_NAME: snprintf(buf, n, "'%s'", t->sval); break;
    case T_OP: snprintf(buf, n, "'%s'", t->sval); break;
    case T_INT: snprintf(buf, n, "number %lld", (long long)t->ival); break;
    case T_FLOAT: snprintf(buf, n, "number %g", t->fval); break;
    case T_STRING: snprintf(buf, n, "a string"); break;
    case T_NEWLINE: snprintf(buf, n, "end of line"); break;
    case T_INDENT: snprintf(buf, n, "an indented block"); break;
    case T_DEDENT: snprintf(buf, n, "the end of the block"); break;
    case T_EOF: snprintf(buf, n, "end of file"); break;
    }
    return buf;
}

/* A syntax error: reported once per statement. */
static void syntax_error(Parser *P, Loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void syntax_error(Parser *P, Loc loc, const char *fmt, ...) {
    if (P->failed)
        return;
    P->failed = true;
    if (peek(P)->lexbad || (P->pos > 0 && P->toks[P->pos - 1]->lexbad))
        return; /* the lexer already reported this line */
    va_list ap;
    va_start(ap, fmt);
    vdiag(P->c->diag, DIAG_ERROR, loc, fmt, ap);
    va_end(ap);
}

static bool expect_op(Parser *P, const char *op, const char *what) {
    if (accept_op(P, op))
        return true;
    char buf[64];
    syntax_error(P, peek(P)->loc, "expected '%s'%s%s, got %s", op, what ? " " : "", what ? what : "",
                 tok_desc(peek(P), buf, sizeof buf));
    return false;
}

static Token *expect_name(Parser *P, const char *what) {
    Token *t = peek(P);
    if (t->kind == T_NAME) {
        for (int k = 0; k < KW__COUNT; k++)
            if (t->sval == P->kw[k]) {
                syntax_error(P, t->loc, "'%s' is a keyword and cannot be used as %s", t->sval, what);
                return NULL;
            }
        return next(P);
    }
    char buf[64];
    syntax_error(P, t->loc, "expected %s, got %s", what, tok_desc(t, buf, sizeof buf));
    return NULL;
}

static bool expect_newline(Parser *P) {
    if (peek(P)->kind == T_NEWLINE) {
        next(P);
        return true;
    }
    if (peek(P)->kind == T_EOF || peek(P)->kind == T_DEDENT)
        return true;
    char buf[64];
    Token *t = peek(P);
    if (is_op(t, ";"))
        syntax_error(P, t->loc, "one statement per line: ';' is not supported");
    else
        syntax_error(P, t->loc, "expected end of line, got %s", tok_desc(t, buf, sizeof buf));
    return false;
}

static void poison(Parser *P, Loc loc, Str name);

/* Inside a function, the names a skipped statement assigns are poisoned (see poison). */
static void poison_skipped(Parser *P, int from, int to) {
    if (!P->cur)
        return;
    for (int i = from; i < to; i++) {
        Token *t = P->toks[i], *n = P->toks[i + 1];
        if (t->kind == T_NAME && (is_op(n, "=") || is_op(n, ":") || is_op(n, ",")))
            poison(P, t->loc, t->sval);
    }
}

/* Skips the rest of the logical line; then an indented block under it, if any. */
static void skip_line(Parser *P) {
    int from = P->pos;
    while (peek(P)->kind != T_NEWLINE && peek(P)->kind != T_EOF)
        next(P);
    if (peek(P)->kind == T_NEWLINE)
        next(P);
    if (peek(P)->kind == T_INDENT) {
        int depth = 0;
        do {
            Token *t = next(P);
            if (t->kind == T_INDENT)
                depth++;
            else if (t->kind == T_DEDENT)
                depth--;
            else if (t->kind == T_EOF)
                break;
        } while (depth > 0);
    }
    poison_skipped(P, from, P->pos);
}

static Loc span(Loc a, Loc b) {
    if (a.line == b.line && b.col + b.len > a.col)
        a.len = b.col + b.len - a.col;
    return a;
}

static Loc prev_loc(Parser *P) { return P->toks[P->pos > 0 ? P->pos - 1 : 0]->loc; }

static bool enter(Parser *P, Loc loc) {
    if (++P->depth <= MAX_DEPTH)
        return true;
    syntax_error(P, loc, "nested too deeply (the limit is %d levels)", MAX_DEPTH);
    return false;
}
static void leave(Parser *P) { P->depth--; }

/* A line the lexer reported: skipped whole (with the block it opens); the names it would bind
 * are poisoned. */
static bool skip_lexbad(Parser *P);
static bool comprehension_ahead(Parser *P);

/* ---- names ---- */

static int edit_distance(const char *a, const char *b) {
    int la = (int)strlen(a), lb = (int)strlen(b);
    if (la > 30 || lb > 30)
        return 99;
    int d[32][32];
    for (int i = 0; i <= la; i++)
        d[i][0] = i;
    for (int j = 0; j <= lb; j++)
        d[0][j] = j;
    for (int i = 1; i <= la; i++)
        for (int j = 1; j <= lb; j++) {
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

static void suggest_name(Parser *P, Str name) {
    Str best = NULL;
    int bestd = 3;
    const Map *maps[] = {&P->scope, &P->module};
    for (int m = 0; m < 2; m++)
        for (size_t i = 0; i < maps[m]->cap; i++) {
            Str k = maps[m]->keys[i];
            if (!k)
                continue;
            int d = edit_distance(name, k);
            if (d < bestd || (d == bestd && best && strcmp(k, best) < 0)) {
                bestd = d;
                best = k;
            }
        }
    if (best && bestd <= (int)strlen(name) / 2 + 1)
        hint(P->c, "did you mean '%s'?", best);
}

/* Binds name to a new variable of type t in the current function. */
static Var *bind(Parser *P, Loc loc, Str name, Type *t) {
    Var *old = map_get(&P->scope, name);
    if (old && P->cur && P->cur->strict_ssa && old->type && t) {
        error_at(P->c, loc, "'%s' is already bound (strict_ssa forbids re-binding a name)", name);
        note_at(P->c, old->loc, "'%s' was bound here", name);
    }
    Var *v = var_new(P->c, loc, name, t);
    map_put(&P->scope, name, v);
    return v;
}

static void poison(Parser *P, Loc loc, Str name) {
    if (P->cur && !map_get(&P->scope, name))
        map_put(&P->scope, name, var_new(P->c, loc, name, NULL));
}

/* Resolves a name used in an expression; NULL when undefined (diagnosed) or poisoned. */
static Expr *name_ref(Parser *P, Token *t) {
    Var *v = map_get(&P->scope, t->sval);
    if (v)
        return v->type ? mk_var(P->c, t->loc, v) : NULL;
    void *m = map_get(&P->module, t->sval);
    if (m && map_get(&P->is_dyn, t->sval))
        return mk_var(P->c, t->loc, m);
    if (m) {
        Expr *e = arena_dup(P->c->arena, m, sizeof(Expr));
        e->loc = t->loc;
        return e;
    }
    if (t->sval == P->self)
        error_at(P->c, t->loc, "'self' can only be used to call another function: self.f(...)");
    else if (t->sval == P->pl)
        error_at(P->c, t->loc, "'%s' alone is not a value; use %s.NAME", t->sval, t->sval);
    else {
        error_at(P->c, t->loc, "undefined name '%s'", t->sval);
        suggest_name(P, t->sval);
    }
    return NULL;
}

/* ---- types ---- */

static Type *parse_type(Parser *P, ParamDir *dir);
static Expr *parse_expr(Parser *P);

static char *type_str(const Type *t) {
    static char bufs[2][256];
    static int which;
    Buf b = {0};
    type_print(&b, t);
    char *out = bufs[which ^= 1];
    snprintf(out, 256, "%s", b.data ? b.data : "?");
    buf_free(&b);
    return out;
}

/* Whether a value of type `val` may be bound where `want` is written: the same kind, dtype and
 * shape; details `want` leaves out (memory, valid shape) may be anything. */
static bool type_compatible(const Type *want, const Type *val) {
    if (!want || !val)
        return true;
    if (want->kind != val->kind)
        return false;
    switch (want->kind) {
    case TY_SCALAR:
        return want->dtype == val->dtype;
    case TY_PTR:
        return true;
    case TY_TUPLE:
        if (want->nelems != val->nelems)
            return false;
        for (int i = 0; i < want->nelems; i++)
            if (!type_compatible(want->elems[i], val->elems[i]))
                return false;
        return true;
    case TY_TENSOR:
    case TY_TILE:
        if (want->dtype != val->dtype || want->rank != val->rank || !shape_equal(want->rank, want->shape, val->shape))
            return false;
        if (want->kind == TY_TENSOR && want->layout != val->layout)
            return false;
        if (want->memref && val->memref && !type_equal(want, val))
            return false;
        if (want->has_space && val->has_space && want->space != val->space)
            return false;
        if (want->valid && val->valid && !shape_equal(want->rank, want->valid, val->valid))
            return false;
        return true;
    }
    return false;
}

/* Reads `pl . NAME ( . NAME )*` after the alias; returns the number of parts. */
static int parse_pl_path(Parser *P, Token **parts, int max) {
    int n = 0;
    Token *alias = next(P);
    if (!P->imported && !P->import_reported) {
        P->import_reported = true;
        error_at(P->c, alias->loc, "'%s' is not defined", alias->sval);
        hint(P->c, "add `import pypto.language as %s` at the top of the file", alias->sval);
    }
    while (accept_op(P, ".")) {
        Token *t = expect_name(P, "a name after '.'");
        if (!t)
            return 0;
        if (n < max)
            parts[n] = t;
        n++;
    }
    if (n == 0)
        syntax_error(P, peek(P)->loc, "expected '.' after '%s'", P->pl);
    return n > max ? max + 1 : n;
}

static bool at_pl(Parser *P) { return peek(P)->kind == T_NAME && peek(P)->sval == P->pl && is_op(peek_at(P, 1), "."); }

/* dtype: pl.FP32 */
static bool parse_dtype(Parser *P, DType *out) {
    if (!at_pl(P)) {
        char buf[64];
        syntax_error(P, peek(P)->loc, "expected a data type such as %s.FP32, got %s", P->pl, tok_desc(peek(P), buf, sizeof buf));
        return false;
    }
    Token *parts[2];
    int n = parse_pl_path(P, parts, 1);
    if (n == 1 && dtype_lookup(parts[0]->sval, out))
        return true;
    if (n >= 1)
        syntax_error(P, parts[0]->loc, "unknown data type '%s.%s'", P->pl, parts[0]->sval);
    return false;
}

/* shape: '[' expr (',' expr)* ']'  -- dimensions are integer scalars */
static Expr **parse_shape(Parser *P, int *rank) {
    PtrVec dims = {0};
    if (!expect_op(P, "[", "to start a shape"))
        return NULL;
    while (!at_op(P, "]") && !P->failed) {
        Expr *e = parse_expr(P);
        if (!e) {
            P->failed = true; /* diagnosed */
            break;
        }
        int64_t v;
        if (!e->type || e->type->kind != TY_SCALAR || !dtype_is_int(e->type->dtype)) {
            error_at(P->c, e->loc, "a dimension must be an integer");
            P->failed = true;
        } else if (expr_is_const_int(e, &v) && v <= 0) {
            error_at(P->c, e->loc, "a dimension must be positive, got %lld", (long long)v);
            P->failed = true;
        }
        vec_push(&dims, e);
        if (!accept_op(P, ","))
            break;
    }
    if (!P->failed && dims.len == 0)
        syntax_error(P, peek(P)->loc, "a shape needs at least one dimension");
    if (P->failed || !expect_op(P, "]", "to end the shape")) {
        vec_free(&dims);
        return NULL;
    }
    *rank = dims.len;
    return (Expr **)vec_finish(P->c->arena, &dims);
}

/* memref: pl.MemRef '(' (NAME | STRING) ',' expr ',' expr ')' */
static MemRef *parse_memref(Parser *P) {
    MemRef *m = ARENA_NEW(P->c->arena, MemRef);
    if (!expect_op(P, "(", "after MemRef"))
        return NULL;
    Token *t = peek(P);
    if (t->kind == T_STRING) {
        next(P);
        m->base = mk_str(P->c, t->loc, t->sval);
    } else if (t->kind == T_NAME) {
        next(P);
        m->base = name_ref(P, t);
        if (!m->base)
            P->failed = true;
        else if (!m->base->type || m->base->type->kind != TY_PTR) {
            error_at(P->c, t->loc, "the base of a MemRef must be a %s.Ptr (from %s.tile.alloc), got %s", P->pl, P->pl,
                     type_str(m->base->type));
            P->failed = true;
        }
    } else {
        syntax_error(P, t->loc, "expected a buffer name or string as the MemRef base");
    }
    if (P->failed || !expect_op(P, ",", "after the MemRef base"))
        return NULL;
    m->offset = parse_expr(P);
    if (!m->offset || !expect_op(P, ",", "after the MemRef offset"))
        return NULL;
    m->size = parse_expr(P);
    if (!m->size || !expect_op(P, ")", "to end the MemRef"))
        return NULL;
    return m;
}

/* tileview: pl.TileView '(' [valid_shape '=' shape] ')' */
static bool parse_tileview(Parser *P, Type *t) {
    if (!expect_op(P, "(", "after TileView"))
        return false;
    while (!at_op(P, ")") && !P->failed) {
        Token *k = expect_name(P, "a TileView field");
        if (!k || !expect_op(P, "=", "after the field name"))
            return false;
        if (strcmp(k->sval, "valid_shape") != 0) {
            syntax_error(P, k->loc, "unknown TileView field '%s' (ptoc knows valid_shape)", k->sval);
            return false;
        }
        int rank = 0;
        Expr **valid = parse_shape(P, &rank);
        if (!valid)
            return false;
        if (rank != t->rank) {
            error_at(P->c, k->loc, "valid_shape has %d dimensions but the tile has %d", rank, t->rank);
            P->failed = true;
            return false;
        }
        t->valid = valid;
        if (!accept_op(P, ","))
            break;
    }
    return expect_op(P, ")", "to end the TileView");
}

/* shaped: pl.(Tensor|Tile) '[' shape ',' dtype (',' memref | space | layout | tileview)* ']' */
static Type *parse_shaped(Parser *P, TypeKind kind, Loc loc) {
    int rank = 0;
    DType dt;
    if (!expect_op(P, "[", kind == TY_TENSOR ? "after Tensor" : "after Tile"))
        return NULL;
    Expr **shape = parse_shape(P, &rank);
    if (!shape || !expect_op(P, ",", "between the shape and the data type") || !parse_dtype(P, &dt))
        return NULL;
    Type *t = kind == TY_TENSOR ? ty_tensor(P->c, rank, shape, dt) : ty_tile(P->c, rank, shape, dt);
    while (accept_op(P, ",") && !at_op(P, "]")) {
        if (!at_pl(P)) {
            syntax_error(P, peek(P)->loc, "expected a memory reference, memory space, layout or TileView");
            return NULL;
        }
        Token *parts[3];
        int n = parse_pl_path(P, parts, 2);
        if (n == 0)
            return NULL;
        const char *a = parts[0]->sval;
        MemSpace ms;
        if (n == 1 && strcmp(a, "MemRef") == 0) {
            if (!(t->memref = parse_memref(P)))
                return NULL;
        } else if (n == 2 && (strcmp(a, "Mem") == 0 || strcmp(a, "MemorySpace") == 0) && kind == TY_TILE &&
                   memspace_lookup(parts[1]->sval, &ms)) {
            t->has_space = true;
            t->space = ms;
        } else if (n == 1 && kind == TY_TENSOR && (!strcmp(a, "ND") || !strcmp(a, "DN") || !strcmp(a, "NZ"))) {
            t->layout = a[0] == 'N' ? (a[1] == 'D' ? LAYOUT_ND : LAYOUT_NZ) : LAYOUT_DN;
        } else if (n == 1 && kind == TY_TILE && strcmp(a, "TileView") == 0) {
            if (!parse_tileview(P, t))
                return NULL;
        } else {
            syntax_error(P, parts[0]->loc, "'%s.%s%s%s' is not allowed in a %s type", P->pl, a, n > 1 ? "." : "",
                         n > 1 ? parts[1]->sval : "", kind == TY_TENSOR ? "Tensor" : "Tile");
            return NULL;
        }
    }
    if (!expect_op(P, "]", "to end the type"))
        return NULL;
    (void)loc;
    return t;
}

/* type: pl.Tensor[...] | pl.Tile[...] | pl.Scalar[dtype] | pl.DTYPE | pl.Ptr
 *     | pl.Out[type] | pl.InOut[type] | tuple[type, ...] | int | float | bool */
static Type *parse_type(Parser *P, ParamDir *dir) {
    Token *t = peek(P);
    if (!enter(P, t->loc))
        return NULL;
    Type *ty = NULL;
    if (t->kind == T_NAME && t->sval != P->pl) {
        next(P);
        if (strcmp(t->sval, "tuple") == 0 || strcmp(t->sval, "Tuple") == 0) {
            PtrVec elems = {0};
            if (expect_op(P, "[", "after tuple")) {
                do {
                    Type *e = parse_type(P, NULL);
                    if (!e)
                        break;
                    vec_push(&elems, e);
                } while (accept_op(P, ","));
                if (!P->failed && expect_op(P, "]", "to end the tuple type")) {
                    int n = elems.len;
                    ty = ty_tuple(P->c, n, (Type **)elems.items);
                }
            }
            vec_free(&elems);
        } else if (strcmp(t->sval, "int") == 0) {
            ty = ty_scalar(P->c, DT_INT64);
        } else if (strcmp(t->sval, "float") == 0) {
            ty = ty_scalar(P->c, DT_FP32);
        } else if (strcmp(t->sval, "bool") == 0) {
            ty = ty_scalar(P->c, DT_BOOL);
        } else {
            syntax_error(P, t->loc, "expected a type such as %s.Tensor[[16, 16], %s.FP32], got '%s'", P->pl, P->pl, t->sval);
        }
        leave(P);
        return ty;
    }
    if (!at_pl(P)) {
        char buf[64];
        syntax_error(P, t->loc, "expected a type, got %s", tok_desc(t, buf, sizeof buf));
        leave(P);
        return NULL;
    }
    Token *parts[2];
    int n = parse_pl_path(P, parts, 1);
    DType dt;
    if (n != 1) {
        if (n > 1)
            syntax_error(P, parts[0]->loc, "unknown type '%s.%s...'", P->pl, parts[0]->sval);
    } else if (strcmp(parts[0]->sval, "Tensor") == 0) {
        ty = parse_shaped(P, TY_TENSOR, t->loc);
    } else if (strcmp(parts[0]->sval, "Tile") == 0) {
        ty = parse_shaped(P, TY_TILE, t->loc);
    } else if (strcmp(parts[0]->sval, "Scalar") == 0) {
        if (expect_op(P, "[", "after Scalar") && parse_dtype(P, &dt) && expect_op(P, "]", "to end the type"))
            ty = ty_scalar(P->c, dt);
    } else if (strcmp(parts[0]->sval, "Ptr") == 0) {
        ty = ty_ptr(P->c);
    } else if (strcmp(parts[0]->sval, "Out") == 0 || strcmp(parts[0]->sval, "InOut") == 0) {
        if (!dir)
            syntax_error(P, parts[0]->loc, "%s.%s[...] is only for function parameters", P->pl, parts[0]->sval);
        else if (expect_op(P, "[", "after the direction")) {
            *dir = parts[0]->sval[0] == 'O' ? DIR_OUT : DIR_INOUT;
            ty = parse_type(P, NULL);
            if (ty && ty->kind != TY_TENSOR) {
                syntax_error(P, parts[0]->loc, "only tensors can be %s parameters", parts[0]->sval);
                ty = NULL;
            }
            if (ty && !expect_op(P, "]", "to end the type"))
                ty = NULL;
        }
    } else if (dtype_lookup(parts[0]->sval, &dt)) {
        ty = ty_scalar(P->c, dt);
    } else {
        syntax_error(P, parts[0]->loc, "unknown type '%s.%s'", P->pl, parts[0]->sval);
    }
    leave(P);
    return ty;
}

/* ---- expressions ---- */

static Expr *parse_or(Parser *P);

typedef struct {
    PtrVec args;   /* Expr */
    int nkw;
    Kwarg *kw;
    Loc end;       /* the closing ')' */
    bool bad;      /* an argument failed (diagnosed) */
} CallArgs;

/* args: '(' [arg (',' arg)* [',']] ')'    arg: expr | NAME '=' expr */
static bool parse_call_args(Parser *P, CallArgs *a) {
    PtrVec kws = {0};
    memset(a, 0, sizeof *a);
    if (comprehension_ahead(P))
        return false;
    next(P); /* '(' */
    while (!at_op(P, ")") && !P->failed) {
        Token *t = peek(P);
        if (is_op(t, "*") || is_op(t, "**")) {
            syntax_error(P, t->loc, "'%s' argument unpacking is not supported", t->sval);
            break;
        }
        if (t->kind == T_NAME && is_op(peek_at(P, 1), "=")) {
            next(P);
            next(P);
            Kwarg *k = ARENA_NEW(P->c->arena, Kwarg);
            k->name = t->sval;
            k->loc = t->loc;
            for (int i = 0; i < kws.len; i++)
                if (((Kwarg *)kws.items[i])->name == k->name) {
                    syntax_error(P, t->loc, "keyword argument '%s' repeated", k->name);
                    break;
                }
            k->value = parse_expr(P);
            if (!k->value)
                a->bad = true;
            vec_push(&kws, k);
        } else {
            if (kws.len) {
                syntax_error(P, t->loc, "positional argument after keyword arguments");
                break;
            }
            Expr *e = parse_expr(P);
            if (!e)
                a->bad = true;
            vec_push(&a->args, e);
        }
        if (peek(P)->kind == T_NAME && is_kw(P, peek(P), KW_for)) {
            syntax_error(P, peek(P)->loc, "comprehensions are not supported");
            break;
        }
        if (!accept_op(P, ","))
            break;
    }
    a->end = peek(P)->loc;
    if (P->failed || !expect_op(P, ")", "to end the arguments")) {
        vec_free(&a->args);
        vec_free(&kws);
        return false;
    }
    a->nkw = kws.len;
    a->kw = ARENA_ARRAY(P->c->arena, Kwarg, kws.len);
    for (int i = 0; i < kws.len; i++)
        a->kw[i] = *(Kwarg *)kws.items[i];
    vec_free(&kws);
    return true;
}

static void call_args_free(CallArgs *a) { vec_free(&a->args); }

static bool no_kwargs(Parser *P, CallArgs *a, const char *fn) {
    if (a->nkw == 0)
        return true;
    error_at(P->c, a->kw[0].loc, "%s takes no keyword arguments", fn);
    return false;
}

static FuncSrc *find_func(Parser *P, Str name) { return map_get(&P->func_by_name, name); }

/* Checks argument i of a call of f against its parameter, whose type is read with the
 * bindings made so far; a dimension that is a still unbound variable (a dynamic dimension) is
 * bound to the argument's. Dimensions that stay symbolic are checked at run time. */
static bool bind_argument(Parser *P, Func *f, int i, Expr *e, Map *bind) {
    Var *p = f->params[i];
    Type *want = subst_type(P->c, p->type, bind);
    bool ok = e->type && type_compatible(want, e->type);
    for (int d = 0; ok && d < want->rank && (want->kind == TY_TENSOR || want->kind == TY_TILE); d++)
        if (want->shape[d]->kind == E_VAR && !map_get(bind, want->shape[d]->var))
            map_put(bind, want->shape[d]->var, e->type->shape[d]); /* a dimension bound as it is */
    if (!ok && e->type && e->type->kind == want->kind && (want->kind == TY_TENSOR || want->kind == TY_TILE) &&
        e->type->dtype == want->dtype && e->type->rank == want->rank) {
        ok = true;
        for (int d = 0; d < want->rank; d++) {
            Expr *w = want->shape[d], *got = e->type->shape[d];
            int64_t x, y;
            if (expr_equal(w, got))
                continue;
            if (w->kind == E_VAR && !map_get(bind, w->var))
                map_put(bind, w->var, got);
            else if (expr_is_const_int(w, &x) && expr_is_const_int(got, &y))
                ok = false;
        }
    }
    if (!ok)
        error_at(P->c, e->loc, "argument %d of '%s' (%s) must be %s, got %s", i + 1, f->name, p->name, type_str(want),
                 e->type ? type_str(e->type) : "a non-value");
    return ok;
}

/* A call of a program function: checks arguments against parameters. Trailing tensor
 * parameters left out are outputs the callee's caller gets as results. */
static Expr *program_call(Parser *P, Token *name, CallArgs *a) {
    FuncSrc *fs = find_func(P, name->sval);
    Loc loc = span(name->loc, a->end);
    if (!fs) {
        error_at(P->c, name->loc, "unknown function '%s'", name->sval);
        return NULL;
    }
    Func *f = fs->fn;
    if (!no_kwargs(P, a, "a program function") || a->bad)
        return NULL;
    int n = a->args.len;
    if (n > f->nparams) {
        error_at(P->c, loc, "'%s' takes %d argument%s, got %d", f->name, f->nparams, f->nparams == 1 ? "" : "s", n);
        note_at(P->c, f->loc, "'%s' is defined here", f->name);
        return NULL;
    }
    /* The callee's types may name its scalar parameters and the program's dynamic dimensions:
     * bind them to this call's arguments and the arguments' dimensions. */
    Map bind = {0};
    for (int i = 0; i < n; i++)
        if (f->params[i]->type->kind == TY_SCALAR)
            map_put(&bind, f->params[i], a->args.items[i]);
    bool ok = true;
    for (int i = 0; i < n; i++)
        ok &= bind_argument(P, f, i, a->args.items[i], &bind);
    for (int i = n; i < f->nparams && ok; i++)
        if (f->params[i]->type->kind != TY_TENSOR) {
            error_at(P->c, loc, "missing argument '%s' of '%s' (only trailing tensor parameters may be left out, as outputs)",
                     f->params[i]->name, f->name);
            ok = false;
        }
    if (!ok) {
        map_free(&bind);
        return NULL;
    }
    Expr *e = ARENA_NEW(P->c->arena, Expr);
    e->kind = E_CALL;
    e->loc = loc;
    e->fcall.name = f->name;
    e->fcall.nargs = n;
    e->fcall.args = arena_dup(P->c->arena, a->args.items, sizeof(Expr *) * (size_t)n);
    Type **rets = ARENA_ARRAY(P->c->arena, Type *, f->nrets);
    for (int i = 0; i < f->nrets; i++)
        rets[i] = subst_type(P->c, f->rets[i], &bind);
    map_free(&bind);
    e->type = f->nrets == 1 ? rets[0] : ty_tuple(P->c, f->nrets, rets);
    return e;
}

/* float("inf"), float("-inf"), float("nan"), and float/int/bool of a scalar */
static Expr *builtin_call(Parser *P, Token *name, CallArgs *a) {
    const char *n = name->sval;
    Loc loc = span(name->loc, a->end);
    int want = strcmp(n, "min") == 0 || strcmp(n, "max") == 0 ? 2 : 1;
    if (!no_kwargs(P, a, n) || a->bad)
        return NULL;
    if (a->args.len != want) {
        error_at(P->c, loc, "%s() takes %d argument%s, got %d", n, want, want == 1 ? "" : "s", a->args.len);
        return NULL;
    }
    Expr **args = (Expr **)a->args.items;
    if (strcmp(n, "min") == 0 || strcmp(n, "max") == 0)
        return mk_binary(P->c, loc, n[1] == 'i' ? BIN_MIN : BIN_MAX, args[0], args[1]);
    if (strcmp(n, "abs") == 0)
        return mk_unary(P->c, loc, UN_ABS, args[0]);
    if (strcmp(n, "float") == 0 && args[0]->kind == E_STR) {
        const char *s = args[0]->s;
        if (!strcmp(s, "inf") || !strcmp(s, "-inf") || !strcmp(s, "nan"))
            return mk_float(P->c, loc, s[0] == '-' ? -1.0 / 0.0 : s[0] == 'i' ? 1.0 / 0.0 : 0.0 / 0.0);
        error_at(P->c, args[0]->loc, "float() of a string takes \"inf\", \"-inf\" or \"nan\"");
        return NULL;
    }
    DType to = n[0] == 'f' ? DT_FP32 : n[0] == 'i' ? DT_INT64 : DT_BOOL;
    return mk_cast(P->c, loc, args[0], to);
}

/* pl.cast(x, dtype[, mode]): a scalar cast, or tensor.cast / tile.cast */
static Expr *cast_call(Parser *P, Loc loc, CallArgs *a) {
    if (a->bad)
        return NULL;
    Expr **args = (Expr **)a->args.items;
    if (a->args.len >= 1 && args[0]->type && args[0]->type->kind == TY_SCALAR) {
        Expr *to = a->args.len == 2 ? args[1] : a->nkw == 1 && strcmp(a->kw[0].name, "target_type") == 0 ? a->kw[0].value : NULL;
        if (!to || a->args.len + a->nkw != 2 || to->kind != E_SYM || to->sym.kind != SYM_DTYPE) {
            error_at(P->c, loc, "%s.cast of a scalar takes the value and a data type: %s.cast(x, %s.INT32)", P->pl, P->pl, P->pl);
            return NULL;
        }
        return mk_cast(P->c, loc, args[0], (DType)to->sym.value);
    }
    Str name = intern_cstr(P->c->names, "cast");
    const OpInfo *op = op_unified(P->c, loc, name, a->args.len, args);
    return op ? op_call(P->c, loc, op, a->args.len, args, a->nkw, a->kw) : NULL;
}

/* The pl.NAME forms that are statements or types, named when misused in an expression. */
static const char *misplaced(const char *n) {
    static const char *const forms[][2] = {
        {"yield_", "pl.yield_ must end a loop or if body: x = pl.yield_(v)"},
        {"range", "pl.range is only for `for` loops"},
        {"parallel", "pl.parallel is only for `for` loops"},
        {"while_", "pl.while_ is only for `for (...) in pl.while_(init_values=...)` loops"},
        {"cond", "pl.cond must be the first statement of a pl.while_ loop"},
        {"dynamic", "pl.dynamic is only for module-level declarations: N = pl.dynamic(\"N\")"},
        {"incore", "pl.incore() is only for `with pl.incore():`"},
        {"MemRef", "pl.MemRef is only for types"},
        {"TileView", "pl.TileView is only for types"},
        {"program", "pl.program is a decorator"},
        {"function", "pl.function is a decorator"},
    };
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
        if (strcmp(forms[i][0], n) == 0)
            return forms[i][1];
    return NULL;
}

/* pl_ref: pl '.' NAME ('.' NAME)* [args]: an op call, a cast, or an enumerator */
static Expr *parse_pl_ref(Parser *P) {
    Token *start = peek(P);
    Token *parts[3];
    int n = parse_pl_path(P, parts, 2);
    if (n == 0)
        return NULL;
    if (n > 2) {
        syntax_error(P, parts[0]->loc, "unknown name '%s.%s.%s...'", P->pl, parts[0]->sval, parts[1]->sval);
        return NULL;
    }
    const char *a = parts[0]->sval, *b = n == 2 ? parts[1]->sval : NULL;
    Loc loc = span(start->loc, parts[n - 1]->loc);
    if (at_op(P, "(")) {
        CallArgs args;
        if (!parse_call_args(P, &args))
            return NULL;
        Loc cloc = span(start->loc, args.end);
        Expr *e = NULL;
        if (n == 2 && (!strcmp(a, "tensor") || !strcmp(a, "tile") || !strcmp(a, "block") || !strcmp(a, "system"))) {
            char full[160];
            snprintf(full, sizeof full, "%s.%s", a, b);
            const OpInfo *op = op_lookup(full);
            if (!op) {
                error_at(P->c, loc, "unknown op '%s.%s.%s'", P->pl, a, b);
                Str bname = intern_cstr(P->c->names, b);
                (void)bname;
            } else if (!args.bad) {
                e = op_call(P->c, cloc, op, args.args.len, (Expr **)args.args.items, args.nkw, args.kw);
            }
        } else if (n == 1 && strcmp(a, "cast") == 0) {
            e = cast_call(P, cloc, &args);
        } else if (n == 1 && misplaced(a)) {
            error_at(P->c, loc, "%s", misplaced(a));
        } else if (n == 1) {
            if (!args.bad) {
                const OpInfo *op = op_unified(P->c, loc, parts[0]->sval, args.args.len, (Expr **)args.args.items);
                if (op)
                    e = op_call(P->c, cloc, op, args.args.len, (Expr **)args.args.items, args.nkw, args.kw);
            }
        } else {
            error_at(P->c, loc, "unknown function '%s.%s.%s'", P->pl, a, b);
        }
        call_args_free(&args);
        return e;
    }
    DType dt;
    MemSpace ms;
    Pipe pipe;
    if (n == 1 && dtype_lookup(a, &dt))
        return mk_sym(P->c, loc, SYM_DTYPE, (int)dt);
    if (n == 2 && (!strcmp(a, "Mem") || !strcmp(a, "MemorySpace")) && memspace_lookup(b, &ms))
        return mk_sym(P->c, loc, SYM_MEM, (int)ms);
    if (n == 2 && (!strcmp(a, "Pipe") || !strcmp(a, "PipeType")) && pipe_lookup(b, &pipe))
        return mk_sym(P->c, loc, SYM_PIPE, (int)pipe);
    const char *lay = n == 1 ? a : n == 2 && !strcmp(a, "TensorLayout") ? b : "";
    for (int i = 0; i < 3; i++)
        if (strcmp(lay, layout_name[i]) == 0)
            return mk_sym(P->c, loc, SYM_LAYOUT, i);
    if (n == 1 && (!strcmp(a, "Tensor") || !strcmp(a, "Tile") || !strcmp(a, "Scalar")))
        error_at(P->c, loc, "a type is not a value here");
    else if (n == 1 && misplaced(a))
        error_at(P->c, loc, "%s", misplaced(a));
    else
        error_at(P->c, loc, "unknown name '%s.%s%s%s'", P->pl, a, b ? "." : "", b ? b : "");
    return NULL;
}

/* A `for` directly inside the bracket at P->pos: a comprehension, reported before its parts. */
static bool comprehension_ahead(Parser *P) {
    int depth = 0;
    for (int i = P->pos; i < P->ntoks; i++) {
        Token *t = P->toks[i];
        if (t->kind == T_NEWLINE || t->kind == T_EOF)
            return false;
        if (t->kind == T_OP && strchr("([{", t->sval[0]) && !t->sval[1])
            depth++;
        else if (t->kind == T_OP && strchr(")]}", t->sval[0]) && !t->sval[1] && --depth == 0)
            return false;
        else if (depth == 1 && is_kw(P, t, KW_for)) {
            syntax_error(P, t->loc, "comprehensions are not supported");
            return true;
        }
    }
    return false;
}

/* list: '[' [expr (',' expr)* [',']] ']' */
static Expr *parse_list(Parser *P) {
    if (comprehension_ahead(P))
        return NULL;
    Token *open = next(P);
    PtrVec items = {0};
    bool bad = false;
    while (!at_op(P, "]") && !P->failed) {
        Expr *e = parse_expr(P);
        if (!e)
            bad = true;
        vec_push(&items, e);
        if (at_kw(P, KW_for)) {
            syntax_error(P, peek(P)->loc, "comprehensions are not supported");
            break;
        }
        if (!accept_op(P, ","))
            break;
    }
    Loc end = peek(P)->loc;
    if (P->failed || !expect_op(P, "]", "to end the list") || bad) {
        vec_free(&items);
        return NULL;
    }
    Expr *e = mk_list(P->c, span(open->loc, end), E_LIST, items.len, (Expr **)items.items);
    vec_free(&items);
    return e;
}

/* paren: '(' ')' | '(' expr ')' | '(' expr ',' [expr (',' expr)* [',']] ')' */
static Expr *parse_paren(Parser *P) {
    if (comprehension_ahead(P))
        return NULL;
    Token *open = next(P);
    PtrVec items = {0};
    bool tuple = false, bad = false;
    while (!at_op(P, ")") && !P->failed) {
        Expr *e = parse_expr(P);
        if (!e)
            bad = true;
        vec_push(&items, e);
        if (at_kw(P, KW_for)) {
            syntax_error(P, peek(P)->loc, "generator expressions are not supported");
            break;
        }
        if (!accept_op(P, ","))
            break;
        tuple = true;
    }
    Loc end = peek(P)->loc;
    if (P->failed || !expect_op(P, ")", "to close '('") || bad) {
        vec_free(&items);
        return NULL;
    }
    Expr *e;
    if (items.len == 1 && !tuple) {
        e = items.items[0];
    } else {
        e = mk_list(P->c, span(open->loc, end), E_TUPLE, items.len, (Expr **)items.items);
    }
    vec_free(&items);
    return e;
}

/* atom: NAME | NUMBER | STRING | True | False | pl_ref | self '.' NAME args | NAME args
 *     | list | paren */
static Expr *parse_atom(Parser *P) {
    Token *t = peek(P);
    char buf[64];
    switch (t->kind) {
    case T_INT:
        next(P);
        return mk_int(P->c, t->loc, t->ival);
    case T_FLOAT:
        next(P);
        return mk_float(P->c, t->loc, t->fval);
    case T_STRING:
        next(P);
        return mk_str(P->c, t->loc, t->sval);
    case T_OP:
        if (is_op(t, "["))
            return parse_list(P);
        if (is_op(t, "("))
            return parse_paren(P);
        if (is_op(t, "{"))
            syntax_error(P, t->loc, "dictionaries and sets are not supported");
        else
            syntax_error(P, t->loc, "expected an expression, got %s", tok_desc(t, buf, sizeof buf));
        return NULL;
    case T_NAME:
        break;
    case T_NEWLINE:
    case T_INDENT:
    case T_DEDENT:
    case T_EOF:
        syntax_error(P, t->loc, "expected an expression, got %s", tok_desc(t, buf, sizeof buf));
        return NULL;
    }
    if (is_kw(P, t, KW_True) || is_kw(P, t, KW_False)) {
        next(P);
        return mk_bool(P->c, t->loc, is_kw(P, t, KW_True));
    }
    if (is_kw(P, t, KW_lambda)) {
        syntax_error(P, t->loc, "lambda is not supported");
        return NULL;
    }
    if (is_kw(P, t, KW_None)) {
        syntax_error(P, t->loc, "None is not a value in this language");
        return NULL;
    }
    if (is_kw(P, t, KW_yield) || is_kw(P, t, KW_await)) {
        syntax_error(P, t->loc, "'%s' is not supported", t->sval);
        if (is_kw(P, t, KW_yield))
            hint(P->c, "carry values out of loops and ifs with x = %s.yield_(v)", P->pl);
        return NULL;
    }
    for (int k = 0; k < KW__COUNT; k++)
        if (t->sval == P->kw[k]) {
            syntax_error(P, t->loc, "expected an expression, got keyword '%s'", t->sval);
            return NULL;
        }
    if (is_op(peek_at(P, 1), ":=")) {
        syntax_error(P, peek_at(P, 1)->loc, "':=' is not supported");
        return NULL;
    }
    if (t->sval == P->pl && is_op(peek_at(P, 1), "."))
        return parse_pl_ref(P);
    if (t->sval == P->self && is_op(peek_at(P, 1), ".") && !map_get(&P->scope, t->sval)) {
        next(P);
        next(P);
        Token *name = expect_name(P, "a function name after 'self.'");
        if (!name)
            return NULL;
        if (!at_op(P, "(")) {
            syntax_error(P, peek(P)->loc, "expected '(': self.%s can only be called", name->sval);
            return NULL;
        }
        CallArgs a;
        if (!parse_call_args(P, &a))
            return NULL;
        Expr *e = program_call(P, name, &a);
        call_args_free(&a);
        return e;
    }
    next(P);
    if (at_op(P, "(") && !map_get(&P->scope, t->sval)) {
        const char *n = t->sval;
        bool builtin = !strcmp(n, "min") || !strcmp(n, "max") || !strcmp(n, "abs") || !strcmp(n, "float") ||
                       !strcmp(n, "int") || !strcmp(n, "bool");
        FuncSrc *callee = builtin ? NULL : find_func(P, t->sval);
        if (callee && callee->in_class) {
            error_at(P->c, t->loc, "'%s' is a method of the program: call it as self.%s(...)", n, n);
            CallArgs a;
            if (parse_call_args(P, &a))
                call_args_free(&a);
            return NULL;
        }
        if (!builtin && !callee) {
            error_at(P->c, t->loc, "unknown function '%s'", n);
            if (!strcmp(n, "range") || !strcmp(n, "len") || !strcmp(n, "print"))
                hint(P->c, "Python built-ins are not part of the language; loops use %s.range", P->pl);
            else
                suggest_name(P, t->sval);
            CallArgs a;
            if (parse_call_args(P, &a))
                call_args_free(&a);
            return NULL;
        }
        CallArgs a;
        if (!parse_call_args(P, &a))
            return NULL;
        Expr *e = builtin ? builtin_call(P, t, &a) : program_call(P, t, &a);
        call_args_free(&a);
        return e;
    }
    return name_ref(P, t);
}

/* postfix: atom ('[' INT ']' | '.' NAME)* */
static Expr *parse_postfix(Parser *P) {
    Expr *e = parse_atom(P);
    for (;;) {
        Token *t = peek(P);
        if (is_op(t, "[")) {
            next(P);
            Token *ix = peek(P);
            bool neg = accept_op(P, "-");
            Token *num = peek(P);
            if (num->kind != T_INT || !is_op(peek_at(P, 1), "]")) {
                syntax_error(P, ix->loc, "only constant indices of tuple values are supported: t[0]");
                return NULL;
            }
            next(P);
            Loc end = next(P)->loc;
            if (!e)
                return NULL;
            e = mk_index(P->c, span(e->loc, end), e, (int)(neg ? -num->ival : num->ival));
        } else if (is_op(t, ".")) {
            syntax_error(P, t->loc, "attribute access is not supported (only %s.NAME and self.NAME(...))", P->pl);
            return NULL;
        } else if (is_op(t, "(") && e) {
            syntax_error(P, t->loc, "this value cannot be called");
            return NULL;
        } else {
            return e;
        }
    }
}

/* power: postfix ['**' factor] */
static Expr *parse_factor(Parser *P);
static Expr *parse_power(Parser *P) {
    Expr *l = parse_postfix(P);
    if (!at_op(P, "**"))
        return l;
    Loc loc = next(P)->loc;
    Expr *r = parse_factor(P);
    return l && r ? mk_binary(P->c, span(l->loc, r->loc), BIN_POW, l, r) : NULL;
    (void)loc;
}

/* factor: ('-' | '+' | '~') factor | power */
static Expr *parse_factor(Parser *P) {
    Token *t = peek(P);
    if (is_op(t, "-") || is_op(t, "+") || is_op(t, "~")) {
        next(P);
        if (!enter(P, t->loc))
            return NULL;
        Expr *e = parse_factor(P);
        leave(P);
        if (!e || is_op(t, "+"))
            return e;
        return mk_unary(P->c, span(t->loc, e->loc), is_op(t, "-") ? UN_NEG : UN_BITNOT, e);
    }
    return parse_power(P);
}

typedef struct {
    const char *op;
    BinOp bin;
} BinTok;

/* One level of left-associative binary operators. */
static Expr *parse_binary_level(Parser *P, Expr *(*sub)(Parser *), const BinTok *ops, int nops) {
    Expr *l = sub(P);
    for (;;) {
        Token *t = peek(P);
        int k = -1;
        for (int i = 0; i < nops; i++)
            if (is_op(t, ops[i].op))
                k = i;
        if (k < 0)
            return l;
        next(P);
        Expr *r = sub(P);
        if (!l || !r)
            l = NULL;
        else
            l = mk_binary(P->c, span(l->loc, r->loc), ops[k].bin, l, r);
        if (P->failed)
            return NULL;
    }
}

/* term: factor (('*' | '/' | '//' | '%') factor)* */
static Expr *parse_term(Parser *P) {
    static const BinTok ops[] = {{"*", BIN_MUL}, {"/", BIN_DIV}, {"//", BIN_FLOORDIV}, {"%", BIN_MOD}};
    if (at_op(P, "@")) {
        syntax_error(P, peek(P)->loc, "'@' is not supported; use %s.matmul", P->pl);
        return NULL;
    }
    Expr *e = parse_binary_level(P, parse_factor, ops, 4);
    if (at_op(P, "@"))
        syntax_error(P, peek(P)->loc, "'@' is not supported; use %s.matmul", P->pl);
    return P->failed ? NULL : e;
}

/* arith: term (('+' | '-') term)* */
static Expr *parse_arith(Parser *P) {
    static const BinTok ops[] = {{"+", BIN_ADD}, {"-", BIN_SUB}};
    return parse_binary_level(P, parse_term, ops, 2);
}

/* shift: arith (('<<' | '>>') arith)* */
static Expr *parse_shift(Parser *P) {
    static const BinTok ops[] = {{"<<", BIN_SHL}, {">>", BIN_SHR}};
    return parse_binary_level(P, parse_arith, ops, 2);
}

/* bitand: shift ('&' shift)* */
static Expr *parse_bitand(Parser *P) {
    static const BinTok ops[] = {{"&", BIN_BITAND}};
    return parse_binary_level(P, parse_shift, ops, 1);
}

/* bitxor: bitand ('^' bitand)* */
static Expr *parse_bitxor(Parser *P) {
    static const BinTok ops[] = {{"^", BIN_BITXOR}};
    return parse_binary_level(P, parse_bitand, ops, 1);
}

/* bitor: bitxor ('|' bitxor)* */
static Expr *parse_bitor(Parser *P) {
    static const BinTok ops[] = {{"|", BIN_BITOR}};
    return parse_binary_level(P, parse_bitxor, ops, 1);
}

static int comparison_op(Parser *P, BinOp *op) {
    static const BinTok ops[] = {{"==", BIN_EQ}, {"!=", BIN_NE}, {"<", BIN_LT},
                                 {"<=", BIN_LE}, {">", BIN_GT},  {">=", BIN_GE}};
    Token *t = peek(P);
    for (int i = 0; i < 6; i++)
        if (is_op(t, ops[i].op)) {
            *op = ops[i].bin;
            return 1;
        }
    if (is_kw(P, t, KW_in) || is_kw(P, t, KW_is) || (is_kw(P, t, KW_not) && is_kw(P, peek_at(P, 1), KW_in)))
        return -1;
    return 0;
}

/* comparison: bitor [compare_op bitor]   (one comparison: chains are errors) */
static Expr *parse_comparison(Parser *P) {
    Expr *l = parse_bitor(P);
    BinOp op;
    int k = comparison_op(P, &op);
    if (k < 0) {
        syntax_error(P, peek(P)->loc, "'%s' is not supported", peek(P)->sval);
        return NULL;
    }
    if (k == 0)
        return l;
    next(P);
    Expr *r = parse_bitor(P);
    if (comparison_op(P, &op) != 0) {
        syntax_error(P, peek(P)->loc, "chained comparisons are not supported");
        hint(P->c, "write (a < b) and (b < c)");
        return NULL;
    }
    return l && r ? mk_binary(P->c, span(l->loc, r->loc), op, l, r) : NULL;
}

/* not: 'not' not | comparison */
static Expr *parse_not(Parser *P) {
    Token *t = peek(P);
    if (!is_kw(P, t, KW_not))
        return parse_comparison(P);
    next(P);
    if (!enter(P, t->loc))
        return NULL;
    Expr *e = parse_not(P);
    leave(P);
    return e ? mk_unary(P->c, span(t->loc, e->loc), UN_NOT, e) : NULL;
}

/* and: not ('and' not)* */
static Expr *parse_and(Parser *P) {
    Expr *l = parse_not(P);
    while (at_kw(P, KW_and)) {
        next(P);
        Expr *r = parse_not(P);
        l = l && r ? mk_binary(P->c, span(l->loc, r->loc), BIN_AND, l, r) : NULL;
    }
    return l;
}

/* or: and ('or' and)* */
static Expr *parse_or(Parser *P) {
    Expr *l = parse_and(P);
    while (at_kw(P, KW_or)) {
        next(P);
        Expr *r = parse_and(P);
        l = l && r ? mk_binary(P->c, span(l->loc, r->loc), BIN_OR, l, r) : NULL;
    }
    return l;
}

/* expr: or   (no conditional expressions) */
static Expr *parse_expr(Parser *P) {
    Token *t = peek(P);
    if (!enter(P, t->loc))
        return NULL;
    Expr *e = parse_or(P);
    leave(P);
    if (at_kw(P, KW_if)) {
        syntax_error(P, peek(P)->loc, "conditional expressions (a if c else b) are not supported");
        return NULL;
    }
    if (at_op(P, ":=")) {
        syntax_error(P, peek(P)->loc, "':=' is not supported");
        return NULL;
    }
    return P->failed ? NULL : e;
}

/* exprlist: expr (',' expr)* [',']  -- several make a tuple */
static Expr *parse_exprlist(Parser *P) {
    Expr *first = parse_expr(P);
    if (!at_op(P, ","))
        return first;
    PtrVec items = {0};
    bool bad = !first;
    vec_push(&items, first);
    while (accept_op(P, ",")) {
        Token *t = peek(P);
        if (t->kind == T_NEWLINE || t->kind == T_EOF || is_op(t, ")") || is_op(t, "="))
            break;
        Expr *e = parse_expr(P);
        if (!e)
            bad = true;
        vec_push(&items, e);
    }
    Expr *e = bad || P->failed ? NULL : mk_list(P->c, first->loc, E_TUPLE, items.len, (Expr **)items.items);
    if (e)
        e->loc = span(first->loc, ((Expr *)items.items[items.len - 1])->loc);
    vec_free(&items);
    return e;
}

static bool skip_lexbad(Parser *P) {
    bool bad = false;
    for (int i = P->pos; i < P->ntoks && P->toks[i]->kind != T_NEWLINE && P->toks[i]->kind != T_EOF; i++)
        bad |= P->toks[i]->lexbad;
    if (!bad)
        return false;
    /* leading targets: NAME (',' NAME)* ('=' | ':'), or a for loop's names */
    for (int i = P->pos; i < P->ntoks; i++) {
        Token *t = P->toks[i];
        if (t->kind == T_NAME && !is_kw(P, t, KW_for) && (is_op(P->toks[i + 1], "=") || is_op(P->toks[i + 1], ",") ||
                                                         is_op(P->toks[i + 1], ":") || is_op(P->toks[i + 1], ")")))
            poison(P, t->loc, t->sval);
        else if (!(t->kind == T_OP && (is_op(t, ",") || is_op(t, "("))) && !is_kw(P, t, KW_for))
            break;
    }
    skip_line(P);
    return true;
}

/* ---- statements ---- */

static Stmt *parse_block(Parser *P, BlockOwner owner, Expr **cond_out, Var **cond_scope);

static bool is_value(const Expr *e) { return e && e->type && !(e->type->kind == TY_TUPLE && e->type->nelems == 0); }

/* Checks that `val` can be bound where the annotation `want` is written. */
static bool check_annot(Parser *P, Loc loc, Type *want, Expr *val) {
    if (!want || !val || !val->type)
        return true;
    if (type_compatible(want, val->type))
        return true;
    error_at(P->c, loc, "the annotation %s does not match the value's type %s", type_str(want), type_str(val->type));
    return false;
}

/* A constant scalar takes the annotated scalar type: x: pl.Scalar[pl.INT32] = 5 */
static Expr *coerce_const(Parser *P, Type *want, Expr *val) {
    if (want && val && want->kind == TY_SCALAR && val->type && val->type->kind == TY_SCALAR &&
        val->type->dtype != want->dtype && (val->kind == E_INT || val->kind == E_FLOAT || val->kind == E_BOOL))
        return mk_cast(P->c, val->loc, val, want->dtype);
    return val;
}

typedef struct {
    int n;
    Token *names[64];
    Type *annot;   /* one target only */
    Loc annot_loc;
} Targets;

/* targets: NAME [':' type] | NAME (',' NAME)+ [','] | '(' NAME (',' NAME)* [','] ')' */
static bool parse_targets(Parser *P, Targets *t) {
    t->n = 0;
    t->annot = NULL;
    bool paren = accept_op(P, "(");
    do {
        if (at_op(P, "=") || (paren && at_op(P, ")")))
            break;
        Token *name = peek(P);
        if (name->kind != T_NAME) {
            char buf[64];
            syntax_error(P, name->loc, "cannot assign to %s", tok_desc(name, buf, sizeof buf));
            return false;
        }
        if (!expect_name(P, "an assignment target"))
            return false;
        if (at_op(P, "[") || at_op(P, ".")) {
            syntax_error(P, peek(P)->loc, "only names can be assigned to (no subscripts or attributes)");
            return false;
        }
        if (t->n == 64) {
            syntax_error(P, name->loc, "too many assignment targets");
            return false;
        }
        t->names[t->n++] = name;
    } while (accept_op(P, ","));
    if (paren && !expect_op(P, ")", "to end the targets"))
        return false;
    if (t->n == 0) {
        syntax_error(P, peek(P)->loc, "expected a name to assign to");
        return false;
    }
    if (at_op(P, ":")) {
        Token *colon = next(P);
        if (t->n != 1 || paren) {
            syntax_error(P, colon->loc, "only a single name can be annotated");
            return false;
        }
        t->annot_loc = peek(P)->loc;
        t->annot = parse_type(P, NULL);
        if (!t->annot)
            return false;
        t->annot_loc = span(t->annot_loc, prev_loc(P));
    }
    return true;
}

static void poison_targets(Parser *P, Targets *t) {
    for (int i = 0; i < t->n; i++)
        poison(P, t->names[i]->loc, t->names[i]->sval);
}

/* yield: [targets '='] pl.yield_ '(' [expr (',' expr)*] ')'  -- the targets are the enclosing
 * construct's return variables, bound when it is built. */
static Stmt *parse_yield(Parser *P, Targets *tg, BlockOwner owner, Loc loc) {
    Token *parts[1];
    parse_pl_path(P, parts, 1);
    CallArgs a;
    if (!at_op(P, "(")) {
        syntax_error(P, peek(P)->loc, "expected '(' after %s.yield_", P->pl);
        return NULL;
    }
    if (!parse_call_args(P, &a))
        return NULL;
    Stmt *s = NULL;
    if (owner != OWNER_LOOP && owner != OWNER_IF) {
        error_at(P->c, loc, "%s.yield_ must be the last statement of a loop or if body", P->pl);
    } else if (a.nkw) {
        error_at(P->c, a.kw[0].loc, "%s.yield_ takes no keyword arguments", P->pl);
    } else if (tg->n && tg->n != a.args.len) {
        error_at(P->c, loc, "%d target%s for %d yielded value%s", tg->n, tg->n == 1 ? "" : "s", a.args.len,
                 a.args.len == 1 ? "" : "s");
    } else if (!a.bad) {
        bool ok = true;
        for (int i = 0; i < a.args.len; i++)
            if (!is_value(a.args.items[i])) {
                error_at(P->c, ((Expr *)a.args.items[i])->loc, "this expression has no value to yield");
                ok = false;
            }
        if (ok && tg->annot && a.args.len == 1) {
            a.args.items[0] = coerce_const(P, tg->annot, a.args.items[0]);
            ok = check_annot(P, tg->annot_loc, tg->annot, a.args.items[0]);
        }
        if (ok) {
            s = stmt_new(P->c, S_YIELD, span(loc, a.end));
            s->vals.n = a.args.len;
            s->vals.vals = arena_dup(P->c->arena, a.args.items, sizeof(Expr *) * (size_t)a.args.len);
            YieldTargets *yt = ARENA_NEW(P->c->arena, YieldTargets);
            yt->n = tg->n;
            yt->names = ARENA_ARRAY(P->c->arena, Str, tg->n);
            yt->locs = ARENA_ARRAY(P->c->arena, Loc, tg->n);
            yt->annots = ARENA_ARRAY(P->c->arena, Type *, tg->n);
            for (int i = 0; i < tg->n; i++) {
                yt->names[i] = tg->names[i]->sval;
                yt->locs[i] = tg->names[i]->loc;
            }
            if (tg->n == 1)
                yt->annots[0] = tg->annot;
            map_put(&P->yields, s, yt);
            vec_push(&P->pending, yt);
        }
    }
    call_args_free(&a);
    return s;
}

static bool at_pl_name(Parser *P, const char *name) {
    return at_pl(P) && peek_at(P, 2)->kind == T_NAME && strcmp(peek_at(P, 2)->sval, name) == 0;
}

/* Looks ahead on this line for a top-level '=' (an assignment) or augmented assignment. */
static const Token *find_assign(Parser *P) {
    int depth = 0;
    for (int i = P->pos; i < P->ntoks; i++) {
        Token *t = P->toks[i];
        if (t->kind == T_NEWLINE || t->kind == T_EOF)
            return NULL;
        if (t->kind != T_OP)
            continue;
        if (strchr("([{", t->sval[0]) && t->sval[1] == 0)
            depth++;
        else if (strchr(")]}", t->sval[0]) && t->sval[1] == 0)
            depth--;
        else if (depth == 0 && (strcmp(t->sval, "=") == 0 ||
                                (strlen(t->sval) >= 2 && t->sval[strlen(t->sval) - 1] == '=' &&
                                 strcmp(t->sval, "==") && strcmp(t->sval, "!=") && strcmp(t->sval, "<=") &&
                                 strcmp(t->sval, ">="))))
            return t;
    }
    return NULL;
}

/* assign: targets '=' (yield | exprlist) */
static Stmt *parse_assign(Parser *P, BlockOwner owner) {
    Token *start = peek(P);
    Targets tg;
    if (!parse_targets(P, &tg))
        return NULL;
    Token *eq = peek(P);
    if (is_op(eq, ":") || !is_op(eq, "=")) {
        if (eq->kind == T_OP && eq->sval[0] && eq->sval[strlen(eq->sval) - 1] == '=' && strcmp(eq->sval, "=")) {
            syntax_error(P, eq->loc, "augmented assignment '%s' is not supported", eq->sval);
            hint(P->c, "write x = x %.*s y", (int)strlen(eq->sval) - 1, eq->sval);
        } else {
            syntax_error(P, eq->loc, "expected '=' in the assignment");
        }
        poison_targets(P, &tg);
        return NULL;
    }
    next(P);
    if (find_assign(P)) {
        syntax_error(P, find_assign(P)->loc, "chained assignment is not supported");
        poison_targets(P, &tg);
        return NULL;
    }
    if (at_pl_name(P, "yield_")) {
        Stmt *s = parse_yield(P, &tg, owner, start->loc);
        if (!s)
            poison_targets(P, &tg);
        return s;
    }
    Expr *val = parse_exprlist(P);
    if (val && tg.annot)
        val = coerce_const(P, tg.annot, val);
    if (!val || !check_annot(P, tg.annot_loc, tg.annot, val)) {
        poison_targets(P, &tg);
        return NULL;
    }
    if (!is_value(val)) {
        error_at(P->c, val->loc, "this expression has no value to assign");
        poison_targets(P, &tg);
        return NULL;
    }
    Type *t = val->type;
    if (tg.n > 1 && (t->kind != TY_TUPLE || t->nelems != tg.n)) {
        error_at(P->c, val->loc, "cannot unpack %s into %d names", type_str(t), tg.n);
        poison_targets(P, &tg);
        return NULL;
    }
    Stmt *s = stmt_new(P->c, S_ASSIGN, span(start->loc, val->loc));
    s->assign.n = tg.n;
    s->assign.value = val;
    s->assign.vars = ARENA_ARRAY(P->c->arena, Var *, tg.n);
    for (int i = 0; i < tg.n; i++) {
        Type *vt = tg.n == 1 ? (tg.annot ? tg.annot : t) : t->elems[i];
        s->assign.vars[i] = bind(P, tg.names[i]->loc, tg.names[i]->sval, vt);
    }
    return s;
}

/* return: 'return' [exprlist] */
static Stmt *parse_return(Parser *P) {
    Token *kw = next(P);
    Stmt *s = stmt_new(P->c, S_RETURN, kw->loc);
    Func *f = P->cur->fn;
    if (peek(P)->kind == T_NEWLINE || peek(P)->kind == T_EOF || peek(P)->kind == T_DEDENT) {
        if (f->nrets) {
            error_at(P->c, kw->loc, "'%s' must return %d value%s", f->name, f->nrets, f->nrets == 1 ? "" : "s");
            return NULL;
        }
        return s;
    }
    Expr *e = parse_exprlist(P);
    if (!e)
        return NULL;
    int n = e->kind == E_TUPLE && f->nrets != 1 ? e->list.n : 1;
    Expr **vals = n == 1 ? &e : e->list.items;
    if (n != f->nrets) {
        if (f->nrets == 0)
            error_at(P->c, e->loc, "'%s' declares no return type but returns a value", f->name);
        else
            error_at(P->c, e->loc, "'%s' returns %d value%s, got %d", f->name, f->nrets, f->nrets == 1 ? "" : "s", n);
        if (f->nrets == 0)
            hint(P->c, "add a return annotation: def %s(...) -> TYPE:", f->name);
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        if (!is_value(vals[i])) {
            error_at(P->c, vals[i]->loc, "this expression has no value to return");
            return NULL;
        }
        vals[i] = coerce_const(P, f->rets[i], vals[i]);
        if (!type_compatible(f->rets[i], vals[i]->type)) {
            error_at(P->c, vals[i]->loc, "'%s' returns %s, got %s", f->name, type_str(f->rets[i]), type_str(vals[i]->type));
            return NULL;
        }
    }
    s->loc = span(kw->loc, e->loc);
    s->vals.n = n;
    s->vals.vals = arena_dup(P->c->arena, vals, sizeof(Expr *) * (size_t)n);
    return s;
}

/* Ends a construct begun when P->pending had `mark` entries: on failure the names its yields
 * would have bound are poisoned, so that their uses stay silent. */
static Stmt *end_construct(Parser *P, int mark, Stmt *s) {
    if (!s)
        for (int i = mark; i < P->pending.len; i++) {
            YieldTargets *yt = P->pending.items[i];
            for (int j = 0; j < yt->n; j++)
                poison(P, yt->locs[j], yt->names[j]);
        }
    P->pending.len = mark;
    return s;
}

/* The final yield of a body (when there is one) and its targets. */
static YieldTargets *final_yield(Parser *P, Stmt *body, Stmt **y) {
    *y = NULL;
    if (!body || body->seq.n == 0)
        return NULL;
    Stmt *last = body->seq.items[body->seq.n - 1];
    if (last->kind != S_YIELD)
        return NULL;
    *y = last;
    return map_get(&P->yields, last);
}

static Var **bind_rets(Parser *P, YieldTargets *yt, Type **types) {
    Var **rets = ARENA_ARRAY(P->c->arena, Var *, yt->n);
    for (int i = 0; i < yt->n; i++)
        rets[i] = bind(P, yt->locs[i], yt->names[i], yt->annots[i] ? yt->annots[i] : types[i]);
    return rets;
}

/* Checks the yield that ends a loop body against the loop-carried variables and binds the
 * loop's return variables. */
static bool finish_carried(Parser *P, Loc loc, int n, Var **iters, Stmt *body, Var ***rets, const char *what) {
    Stmt *y;
    YieldTargets *yt = final_yield(P, body, &y);
    if (n == 0) {
        if (y) {
            error_at(P->c, y->loc, "%s.yield_ in a loop without init_values", P->pl);
            return false;
        }
        return true;
    }
    if (!y) {
        error_at(P->c, loc, "a %s with init_values must end with %s.yield_ of the %d carried value%s", what, P->pl, n,
                 n == 1 ? "" : "s");
        return false;
    }
    if (y->vals.n != n) {
        error_at(P->c, y->loc, "%s.yield_ gives %d value%s for %d carried value%s", P->pl, y->vals.n, y->vals.n == 1 ? "" : "s",
                 n, n == 1 ? "" : "s");
        return false;
    }
    for (int i = 0; i < n; i++)
        if (!type_compatible(iters[i]->type, y->vals.vals[i]->type)) {
            error_at(P->c, y->vals.vals[i]->loc, "yielded value %d has type %s but '%s' is %s", i + 1,
                     type_str(y->vals.vals[i]->type), iters[i]->name, type_str(iters[i]->type));
            return false;
        }
    if (yt->n == 0) {
        error_at(P->c, y->loc, "name the loop's results: x_out = %s.yield_(...)", P->pl);
        return false;
    }
    Type **types = ARENA_ARRAY(P->c->arena, Type *, n);
    for (int i = 0; i < n; i++)
        types[i] = iters[i]->type;
    *rets = bind_rets(P, yt, types);
    return true;
}

/* init_values: '(' expr (',' expr)* [','] ')' | expr */
static bool carried_inits(Parser *P, Expr *iv, int want, Expr ***inits, Loc loc) {
    int n = iv->kind == E_TUPLE ? iv->list.n : 1;
    Expr **items = iv->kind == E_TUPLE ? iv->list.items : &iv;
    if (n != want) {
        error_at(P->c, loc, "%d loop-carried name%s for %d init_values", want, want == 1 ? "" : "s", n);
        return false;
    }
    for (int i = 0; i < n; i++)
        if (!is_value(items[i])) {
            error_at(P->c, items[i]->loc, "an init value must be a value");
            return false;
        }
    *inits = arena_dup(P->c->arena, items, sizeof(Expr *) * (size_t)n);
    return true;
}

/* for: 'for' (NAME | NAME ',' '(' names ')' | '(' names ')') 'in' iter ':' block
 * iter: pl.range(args [, init_values=...]) | pl.parallel(...) | pl.while_(init_values=...) */
static Stmt *parse_for(Parser *P) {
    Token *kw = next(P);
    Token *iv = NULL, *names[64];
    int n = 0;
    bool carried = false;
    if (peek(P)->kind == T_NAME && !at_kw(P, KW_in)) {
        iv = expect_name(P, "a loop variable");
        if (!iv)
            return NULL;
        if (accept_op(P, ",")) {
            carried = true;
            if (!expect_op(P, "(", "around the loop-carried names"))
                return NULL;
        }
    } else if (accept_op(P, "(")) {
        carried = true;
    } else {
        syntax_error(P, peek(P)->loc, "expected a loop variable");
        return NULL;
    }
    if (carried) {
        while (!at_op(P, ")")) {
            Token *t = expect_name(P, "a loop-carried name");
            if (!t)
                return NULL;
            if (n == 64) {
                syntax_error(P, t->loc, "too many loop-carried values");
                return NULL;
            }
            names[n++] = t;
            if (!accept_op(P, ","))
                break;
        }
        if (!expect_op(P, ")", "to end the loop-carried names"))
            return NULL;
    }
    if (!at_kw(P, KW_in)) {
        syntax_error(P, peek(P)->loc, "expected 'in' in the for statement");
        return NULL;
    }
    next(P);
    if (!at_pl(P)) {
        syntax_error(P, peek(P)->loc, "loops iterate over %s.range(...), %s.parallel(...) or %s.while_(...)", P->pl, P->pl, P->pl);
        return NULL;
    }
    Token *parts[2];
    Token *ptok = peek_at(P, 2);
    if (parse_pl_path(P, parts, 1) != 1)
        return NULL;
    const char *kind = parts[0]->sval;
    bool is_range = !strcmp(kind, "range"), is_par = !strcmp(kind, "parallel"), is_while = !strcmp(kind, "while_");
    if (!is_range && !is_par && !is_while) {
        syntax_error(P, ptok->loc, "loops iterate over %s.range(...), %s.parallel(...) or %s.while_(...)", P->pl, P->pl, P->pl);
        return NULL;
    }
    if (!at_op(P, "(")) {
        syntax_error(P, peek(P)->loc, "expected '(' after %s.%s", P->pl, kind);
        return NULL;
    }
    CallArgs a;
    if (!parse_call_args(P, &a))
        return NULL;
    Loc hloc = span(kw->loc, a.end);
    Expr *init = NULL;
    bool ok = !a.bad;
    for (int i = 0; i < a.nkw && ok; i++) {
        if (strcmp(a.kw[i].name, "init_values") == 0)
            init = a.kw[i].value;
        else {
            error_at(P->c, a.kw[i].loc, "unknown keyword '%s' for %s.%s (known: init_values)", a.kw[i].name, P->pl, kind);
            ok = false;
        }
    }
    Stmt *s = NULL;
    if (ok && is_while) {
        if (iv || !carried) {
            error_at(P->c, hloc, "a %s.while_ loop binds only its carried values: for (a, b) in %s.while_(init_values=(a0, b0))", P->pl, P->pl);
            ok = false;
        } else if (a.args.len || !init) {
            error_at(P->c, hloc, "%s.while_ takes only init_values=(...)", P->pl);
            ok = false;
        }
        s = stmt_new(P->c, S_WHILE, hloc);
        s->wloop.n = n;
        if (ok && !carried_inits(P, init, n, &s->wloop.inits, init->loc))
            ok = false;
    } else if (ok) {
        if (!iv) {
            error_at(P->c, hloc, "a %s.%s loop needs a loop variable", P->pl, kind);
            ok = false;
        } else if (a.args.len < 1 || a.args.len > 3) {
            error_at(P->c, hloc, "%s.%s takes 1 to 3 bounds (stop | start, stop[, step]), got %d", P->pl, kind, a.args.len);
            ok = false;
        } else if (carried && !init) {
            error_at(P->c, hloc, "loop-carried names need init_values=(...)");
            ok = false;
        } else if (!carried && init) {
            error_at(P->c, init->loc, "init_values need loop-carried names: for i, (acc,) in %s.%s(..., init_values=(x,))", P->pl, kind);
            ok = false;
        }
        Expr **b = (Expr **)a.args.items;
        for (int i = 0; ok && i < a.args.len; i++)
            if (!b[i]->type || b[i]->type->kind != TY_SCALAR || !dtype_is_int(b[i]->type->dtype)) {
                error_at(P->c, b[i]->loc, "loop bounds must be integers, got %s", b[i]->type ? type_str(b[i]->type) : "a non-value");
                ok = false;
            }
        int64_t step;
        if (ok && a.args.len == 3 && expr_is_const_int(b[2], &step) && step == 0) {
            error_at(P->c, b[2]->loc, "the loop step must not be zero");
            ok = false;
        }
        s = stmt_new(P->c, S_FOR, hloc);
        s->loop.parallel = is_par;
        s->loop.n = n;
        if (ok) {
            s->loop.start = a.args.len >= 2 ? b[0] : mk_int(P->c, b[0]->loc, 0);
            s->loop.stop = a.args.len >= 2 ? b[1] : b[0];
            s->loop.step = a.args.len == 3 ? b[2] : mk_int(P->c, b[0]->loc, 1);
            if (init && !carried_inits(P, init, n, &s->loop.inits, init->loc))
                ok = false;
        }
    }
    call_args_free(&a);
    if (!ok) {
        if (iv)
            poison(P, iv->loc, iv->sval);
        for (int i = 0; i < n; i++)
            poison(P, names[i]->loc, names[i]->sval);
        P->failed = true; /* skip the body: its names would only cascade */
        return NULL;
    }
    Var **iters = ARENA_ARRAY(P->c->arena, Var *, n);
    Expr **inits = is_while ? s->wloop.inits : s->loop.inits;
    if (iv)
        s->loop.iv = bind(P, iv->loc, iv->sval, ty_scalar(P->c, DT_INT64));
    for (int i = 0; i < n; i++)
        iters[i] = bind(P, names[i]->loc, names[i]->sval, inits[i]->type);
    P->loop_depth++;
    Expr *cond = NULL;
    Stmt *body = parse_block(P, OWNER_LOOP, is_while ? &cond : NULL, NULL);
    P->loop_depth--;
    if (!body)
        return NULL;
    Var **rets = NULL;
    if (!finish_carried(P, hloc, n, iters, body, &rets, is_while ? "while loop" : "loop"))
        return NULL;
    if (is_while) {
        s->wloop.iters = iters;
        s->wloop.rets = rets;
        s->wloop.cond = cond;
        s->wloop.body = body;
    } else {
        s->loop.iters = iters;
        s->loop.rets = rets;
        s->loop.body = body;
    }
    return s;
}

/* A condition: a scalar expression. On an error the statement's body is skipped. */
static Expr *parse_condition(Parser *P, const char *what) {
    Expr *cond = parse_expr(P);
    if (!cond)
        P->failed = true; /* diagnosed: skip the body, whose names would only cascade */
    if (cond && (!cond->type || cond->type->kind != TY_SCALAR)) {
        error_at(P->c, cond->loc, "%s condition must be a scalar, got %s", what,
                 cond->type ? type_str(cond->type) : "a non-value");
        P->failed = true;
        return NULL;
    }
    return cond;
}

/* while: 'while' expr ':' block */
static Stmt *parse_while(Parser *P) {
    Token *kw = next(P);
    Expr *cond = parse_condition(P, "a while");
    if (!cond)
        return NULL;
    Stmt *s = stmt_new(P->c, S_WHILE, span(kw->loc, cond->loc));
    s->wloop.cond = cond;
    P->loop_depth++;
    s->wloop.body = parse_block(P, OWNER_LOOP, NULL, NULL);
    P->loop_depth--;
    if (!s->wloop.body)
        return NULL;
    Stmt *y;
    final_yield(P, s->wloop.body, &y);
    if (y) {
        error_at(P->c, y->loc, "%s.yield_ in a while loop without carried values", P->pl);
        hint(P->c, "carry values with: for (a,) in %s.while_(init_values=(a0,)):", P->pl);
        return NULL;
    }
    return s;
}

/* if: 'if' expr ':' block ('elif' expr ':' block)* ['else' ':' block] */
static Stmt *parse_if(Parser *P) {
    Token *kw = next(P);
    Expr *cond = parse_condition(P, "an if");
    if (!cond)
        return NULL;
    Stmt *s = stmt_new(P->c, S_IF, span(kw->loc, cond->loc));
    s->ifs.cond = cond;
    s->ifs.then = parse_block(P, OWNER_IF, NULL, NULL);
    if (!s->ifs.then)
        return NULL;
    /* the names bound by then-branch yields must not be visible in the else branch */
    Stmt *ythen, *yelse = NULL;
    YieldTargets *tthen = final_yield(P, s->ifs.then, &ythen), *telse = NULL;
    if (at_kw(P, KW_elif)) {
        Stmt *inner = parse_if(P);
        if (!inner)
            return NULL;
        Stmt *items[2] = {inner, NULL};
        int nitems = 1;
        if (inner->ifs.n) {
            /* the else branch yields what the nested if yields */
            Stmt *fwd = stmt_new(P->c, S_YIELD, inner->loc);
            fwd->vals.n = inner->ifs.n;
            fwd->vals.vals = ARENA_ARRAY(P->c->arena, Expr *, inner->ifs.n);
            YieldTargets *yt = ARENA_NEW(P->c->arena, YieldTargets);
            yt->n = inner->ifs.n;
            yt->names = ARENA_ARRAY(P->c->arena, Str, yt->n);
            yt->locs = ARENA_ARRAY(P->c->arena, Loc, yt->n);
            yt->annots = ARENA_ARRAY(P->c->arena, Type *, yt->n);
            for (int i = 0; i < inner->ifs.n; i++) {
                fwd->vals.vals[i] = mk_var(P->c, inner->loc, inner->ifs.rets[i]);
                yt->names[i] = inner->ifs.rets[i]->name;
                yt->locs[i] = inner->ifs.rets[i]->loc;
            }
            map_put(&P->yields, fwd, yt);
            items[nitems++] = fwd;
        }
        s->ifs.els = mk_seq(P->c, inner->loc, nitems, items);
    } else if (at_kw(P, KW_else)) {
        next(P);
        s->ifs.els = parse_block(P, OWNER_IF, NULL, NULL);
        if (!s->ifs.els)
            return NULL;
    }
    if (s->ifs.els)
        telse = final_yield(P, s->ifs.els, &yelse);
    if (!ythen && !yelse)
        return s;
    if (!ythen || !yelse) {
        error_at(P->c, (ythen ? ythen : yelse)->loc, "only one branch of this if yields values");
        hint(P->c, "both branches must end with %s.yield_ of the same names", P->pl);
        return NULL;
    }
    int n = ythen->vals.n;
    if (yelse->vals.n != n || telse->n != tthen->n) {
        error_at(P->c, yelse->loc, "the branches of this if yield different numbers of values (%d and %d)", n, yelse->vals.n);
        return NULL;
    }
    if (tthen->n == 0) {
        error_at(P->c, ythen->loc, "name the if's results: x = %s.yield_(...)", P->pl);
        return NULL;
    }
    Type **types = ARENA_ARRAY(P->c->arena, Type *, n);
    for (int i = 0; i < n; i++) {
        if (tthen->names[i] != telse->names[i]) {
            error_at(P->c, telse->locs[i], "the branches of this if yield into different names ('%s' and '%s')",
                     tthen->names[i], telse->names[i]);
            return NULL;
        }
        Type *want = tthen->annots[i] ? tthen->annots[i] : ythen->vals.vals[i]->type;
        if (!type_compatible(want, yelse->vals.vals[i]->type)) {
            error_at(P->c, yelse->vals.vals[i]->loc, "the branches of this if yield different types for '%s': %s and %s",
                     tthen->names[i], type_str(want), type_str(yelse->vals.vals[i]->type));
            return NULL;
        }
        types[i] = ythen->vals.vals[i]->type;
    }
    s->ifs.n = n;
    s->ifs.rets = bind_rets(P, tthen, types);
    return s;
}

/* with: 'with' pl.incore '(' ')' ':' block */
static Stmt *parse_with(Parser *P) {
    Token *kw = next(P);
    if (!at_pl_name(P, "incore")) {
        syntax_error(P, peek(P)->loc, "only `with %s.incore():` is supported", P->pl);
        return NULL;
    }
    Token *parts[1];
    parse_pl_path(P, parts, 1);
    if (!expect_op(P, "(", "after incore") || !expect_op(P, ")", "after incore("))
        return NULL;
    if (at_kw(P, KW_as)) {
        syntax_error(P, peek(P)->loc, "'as' is not supported here");
        return NULL;
    }
    Stmt *s = stmt_new(P->c, S_SCOPE, span(kw->loc, prev_loc(P)));
    s->scope.body = parse_block(P, OWNER_WITH, NULL, NULL);
    return s->scope.body ? s : NULL;
}

static const char *unsupported_stmt(Parser *P, Token *t) {
    static const struct { Keyword kw; const char *msg; } table[] = {
        {KW_try, "try statements are not supported"},
        {KW_except, "try statements are not supported"},
        {KW_finally, "try statements are not supported"},
        {KW_raise, "raise is not supported"},
        {KW_global, "global is not supported"},
        {KW_nonlocal, "nonlocal is not supported"},
        {KW_del, "del is not supported"},
        {KW_assert, "assert is not supported"},
        {KW_import, "imports inside functions are not supported"},
        {KW_from, "imports inside functions are not supported"},
        {KW_class, "classes inside functions are not supported"},
        {KW_def, "functions inside functions are not supported"},
        {KW_async, "async is not supported"},
        {KW_lambda, "lambda is not supported"},
        {KW_yield, "'yield' is not supported; carry values with x = pl.yield_(v)"},
        {KW_else, "'else' without a matching if"},
        {KW_elif, "'elif' without a matching if"},
    };
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (is_kw(P, t, table[i].kw))
            return table[i].msg;
    return NULL;
}

/* stmt: for | while | if | with | return | break | continue | pass | assign | yield | expr */
static Stmt *parse_stmt(Parser *P, BlockOwner owner) {
    Token *t = peek(P);
    const char *unsup;
    if (t->kind == T_INDENT) {
        syntax_error(P, t->loc, "unexpected indent");
        return NULL;
    }
    if (is_op(t, "@")) {
        syntax_error(P, t->loc, "decorators are only for @%s.program classes and @%s.function definitions", P->pl, P->pl);
        return NULL;
    }
    if ((unsup = unsupported_stmt(P, t))) {
        syntax_error(P, t->loc, "%s", unsup);
        return NULL;
    }
    int mark = P->pending.len;
    if (is_kw(P, t, KW_for))
        return end_construct(P, mark, parse_for(P));
    if (is_kw(P, t, KW_while))
        return end_construct(P, mark, parse_while(P));
    if (is_kw(P, t, KW_if))
        return end_construct(P, mark, parse_if(P));
    if (is_kw(P, t, KW_with))
        return parse_with(P);
    Stmt *s = NULL;
    if (is_kw(P, t, KW_return)) {
        s = parse_return(P);
    } else if (is_kw(P, t, KW_break) || is_kw(P, t, KW_continue)) {
        next(P);
        if (P->loop_depth == 0)
            error_at(P->c, t->loc, "'%s' outside a loop", t->sval);
        else
            s = stmt_new(P->c, is_kw(P, t, KW_break) ? S_BREAK : S_CONTINUE, t->loc);
    } else if (is_kw(P, t, KW_pass)) {
        next(P);
        s = mk_seq(P->c, t->loc, 0, NULL);
    } else if (find_assign(P) || (t->kind == T_NAME && is_op(peek_at(P, 1), ":"))) {
        s = parse_assign(P, owner);
    } else if (at_pl_name(P, "yield_")) {
        Targets none = {0};
        s = parse_yield(P, &none, owner, t->loc);
    } else if (at_pl_name(P, "cond")) {
        syntax_error(P, t->loc, "%s.cond must be the first statement of a %s.while_ loop", P->pl, P->pl);
    } else {
        Expr *e = parse_exprlist(P);
        if (e && e->kind == E_STR)
            s = mk_seq(P->c, t->loc, 0, NULL); /* a docstring or string statement: nothing */
        else if (e) {
            s = stmt_new(P->c, S_EVAL, e->loc);
            s->eval.e = e;
        }
    }
    if (!P->failed)
        expect_newline(P);
    return s;
}

/* block: ':' (NEWLINE INDENT stmt+ DEDENT | simple_stmt NEWLINE)
 * A pl.while_ body (cond_out set) starts with pl.cond(expr). */
static Stmt *parse_block(Parser *P, BlockOwner owner, Expr **cond_out, Var **cond_scope) {
    (void)cond_scope;
    Token *colon = peek(P);
    if (!expect_op(P, ":", "to start the block"))
        return NULL;
    if (!enter(P, colon->loc))
        return NULL;
    PtrVec items = {0};
    bool indented = peek(P)->kind == T_NEWLINE;
    if (indented) {
        next(P);
        if (peek(P)->kind != T_INDENT) {
            syntax_error(P, peek(P)->loc, "expected an indented block");
            leave(P);
            return NULL;
        }
        next(P);
    }
    bool first = true, bad = false;
    for (;;) {
        Token *t = peek(P);
        if (t->kind == T_EOF || t->kind == T_DEDENT)
            break;
        if (t->kind == T_NEWLINE) {
            next(P);
            continue;
        }
        Stmt *s = NULL;
        if (skip_lexbad(P)) {
            bad = true;
            first = false;
        } else if (cond_out && first) {
            first = false;
            if (!at_pl_name(P, "cond")) {
                error_at(P->c, t->loc, "a %s.while_ loop must start with %s.cond(condition)", P->pl, P->pl);
                bad = true;
            } else {
                Token *parts[1];
                parse_pl_path(P, parts, 1);
                CallArgs a;
                if (at_op(P, "(") && parse_call_args(P, &a)) {
                    if (a.args.len != 1 || a.nkw) {
                        error_at(P->c, t->loc, "%s.cond takes one condition", P->pl);
                        bad = true;
                    } else if (!a.bad) {
                        Expr *c = a.args.items[0];
                        if (!c->type || c->type->kind != TY_SCALAR) {
                            error_at(P->c, c->loc, "a while condition must be a scalar");
                            bad = true;
                        } else {
                            *cond_out = c;
                        }
                    } else {
                        bad = true;
                    }
                    call_args_free(&a);
                } else if (!P->failed) {
                    syntax_error(P, peek(P)->loc, "expected '(' after %s.cond", P->pl);
                }
                if (!P->failed)
                    expect_newline(P);
            }
        } else {
            first = false;
            s = parse_stmt(P, owner);
            if (!s)
                bad = true;
        }
        if (P->failed) {
            skip_line(P);
            while (at_kw(P, KW_elif) || at_kw(P, KW_else)) /* the rest of a failed if */
                skip_line(P);
            P->failed = false;
            bad = true;
        }
        if (s && !(s->kind == S_SEQ && s->seq.n == 0))
            vec_push(&items, s);
        if (!indented)
            break;
    }
    if (indented && peek(P)->kind == T_DEDENT)
        next(P);
    leave(P);
    /* a yield anywhere but at the end is an error */
    for (int i = 0; i + 1 < items.len; i++) {
        Stmt *s = items.items[i];
        if (s->kind == S_YIELD) {
            error_at(P->c, s->loc, "%s.yield_ must be the last statement of its block", P->pl);
            bad = true;
        }
    }
    if (bad) {
        vec_free(&items);
        return NULL;
    }
    int n = items.len;
    return mk_seq(P->c, colon->loc, n, (Stmt **)vec_finish(P->c->arena, &items));
}

/* ---- functions and the module ---- */

static bool parse_bool_kw(Parser *P, Kwarg *k, bool *out) {
    if (k->value && k->value->kind == E_BOOL) {
        *out = k->value->b;
        return true;
    }
    error_at(P->c, k->loc, "%s must be True or False", k->name);
    return false;
}

/* decorator args: '(' [NAME '=' value (',' NAME '=' value)*] ')' for pl.function / pl.program */
static bool parse_decorator_args(Parser *P, bool is_func, FuncKind *kind, bool *strict) {
    if (!at_op(P, "("))
        return true;
    next(P);
    bool ok = true;
    while (!at_op(P, ")") && !P->failed) {
        Token *k = expect_name(P, "a decorator argument");
        if (!k || !expect_op(P, "=", "after the argument name"))
            return false;
        if (is_func && strcmp(k->sval, "type") == 0) {
            Token *parts[3];
            Token *at = peek(P);
            int n = at_pl(P) ? parse_pl_path(P, parts, 2) : 0;
            if (n == 2 && strcmp(parts[0]->sval, "FunctionType") == 0) {
                int i = 0;
                while (i < 3 && strcmp(parts[1]->sval, funckind_name[i]))
                    i++;
                if (i < 3)
                    *kind = (FuncKind)i;
                else {
                    syntax_error(P, parts[1]->loc, "unknown function type '%s' (Opaque, InCore, Orchestration)", parts[1]->sval);
                    return false;
                }
            } else if (!P->failed) {
                syntax_error(P, at->loc, "expected %s.FunctionType.InCore, .Orchestration or .Opaque", P->pl);
                return false;
            }
        } else if (strcmp(k->sval, "strict_ssa") == 0) {
            Kwarg kw = {k->sval, parse_expr(P), k->loc};
            if (!kw.value || !parse_bool_kw(P, &kw, strict))
                ok = false;
        } else {
            syntax_error(P, k->loc, "unknown argument '%s' for @%s.%s", k->sval, P->pl, is_func ? "function" : "program");
            return false;
        }
        if (!accept_op(P, ","))
            break;
    }
    return expect_op(P, ")", "to end the decorator") && ok;
}

/* Skips a function body (first pass): ':' then an indented block or the rest of the line. */
static void skip_body(Parser *P) {
    while (peek(P)->kind != T_NEWLINE && peek(P)->kind != T_EOF)
        next(P);
    skip_line(P);
}

/* funcdef: '@' pl.function [decorator args] NEWLINE 'def' NAME '(' params ')' ['->' type] block
 * params: [self ','] NAME ':' type (',' NAME ':' type)* [','] */
/* After a failed decorator: skips it, and the definition it decorates. */
static void skip_decorated(Parser *P, Keyword what) {
    while (peek(P)->kind != T_NEWLINE && peek(P)->kind != T_EOF)
        next(P);
    if (peek(P)->kind == T_NEWLINE)
        next(P);
    if (at_kw(P, what))
        skip_line(P);
    P->failed = false;
}

static void parse_funcdef(Parser *P, bool in_class, Token *at) {
    FuncKind kind = FN_OPAQUE;
    bool strict = P->prog_strict;
    if (at) {
        Token *parts[2];
        Token *d = peek(P);
        int n = at_pl(P) ? parse_pl_path(P, parts, 1) : 0;
        if (n != 1 || strcmp(parts[0]->sval, "function") != 0) {
            if (!P->failed)
                syntax_error(P, d->loc, "expected @%s.function", P->pl);
            skip_decorated(P, KW_def);
            return;
        }
        if (!parse_decorator_args(P, true, &kind, &strict) || !expect_newline(P)) {
            skip_decorated(P, KW_def);
            return;
        }
    }
    if (!at_kw(P, KW_def)) {
        syntax_error(P, peek(P)->loc, "expected 'def' after the decorator");
        return;
    }
    next(P);
    Token *name = expect_name(P, "a function name");
    if (!name || !expect_op(P, "(", "after the function name"))
        return;
    Func *f = ARENA_NEW(P->c->arena, Func);
    f->name = name->sval;
    f->kind = kind;
    f->loc = name->loc;
    Map saved = P->scope;
    P->scope = (Map){0};
    PtrVec params = {0};
    PtrVec dirs = {0};
    bool first = true, ok = true;
    while (!at_op(P, ")") && !P->failed) {
        Token *pn = peek(P);
        if (is_op(pn, "*") || is_op(pn, "**")) {
            syntax_error(P, pn->loc, "'%s' parameters are not supported", pn->sval);
            break;
        }
        if (!expect_name(P, "a parameter name"))
            break;
        if (first && in_class) {
            first = false;
            if (pn->sval != P->self) {
                syntax_error(P, pn->loc, "the first parameter of a method must be 'self'");
                break;
            }
            if (!accept_op(P, ","))
                break;
            continue;
        }
        if (first && !in_class && pn->sval == P->self) {
            syntax_error(P, pn->loc, "'self' is only for methods of a @%s.program class", P->pl);
            break;
        }
        first = false;
        if (!at_op(P, ":")) {
            syntax_error(P, pn->loc, "parameter '%s' needs a type annotation", pn->sval);
            break;
        }
        next(P);
        ParamDir dir = DIR_IN;
        Type *t = parse_type(P, &dir);
        if (!t)
            break;
        if (at_op(P, "=")) {
            syntax_error(P, peek(P)->loc, "default parameter values are not supported");
            break;
        }
        if (t->kind == TY_TUPLE) {
            syntax_error(P, pn->loc, "a parameter cannot be a tuple");
            break;
        }
        if (map_get(&P->scope, pn->sval)) {
            error_at(P->c, pn->loc, "duplicate parameter '%s'", pn->sval);
            ok = false;
        }
        Var *v = var_new(P->c, pn->loc, pn->sval, t);
        map_put(&P->scope, pn->sval, v);
        vec_push(&params, v);
        vec_push(&dirs, (void *)(intptr_t)dir);
        if (!accept_op(P, ","))
            break;
    }
    if (!P->failed && first && in_class)
        syntax_error(P, peek(P)->loc, "the first parameter of a method must be 'self'");
    if (!P->failed)
        expect_op(P, ")", "to end the parameters");
    PtrVec rets = {0};
    if (!P->failed && accept_op(P, "->")) {
        if (at_kw(P, KW_None)) {
            next(P);
        } else {
            Type *t = parse_type(P, NULL);
            if (t && t->kind == TY_TUPLE)
                for (int i = 0; i < t->nelems; i++)
                    vec_push(&rets, t->elems[i]);
            else if (t)
                vec_push(&rets, t);
        }
    }
    map_free(&P->scope);
    P->scope = saved;
    if (P->failed || !ok || !at_op(P, ":")) {
        if (!P->failed && ok)
            syntax_error(P, peek(P)->loc, "expected ':' to start the function body");
        P->failed = true; /* the caller skips the rest of the header and the body */
        vec_free(&params);
        vec_free(&dirs);
        vec_free(&rets);
        return;
    }
    f->nparams = params.len;
    f->dirs = ARENA_ARRAY(P->c->arena, ParamDir, params.len);
    for (int i = 0; i < dirs.len; i++)
        f->dirs[i] = (ParamDir)(intptr_t)dirs.items[i];
    vec_free(&dirs);
    f->params = (Var **)vec_finish(P->c->arena, &params);
    f->nrets = rets.len;
    f->rets = (Type **)vec_finish(P->c->arena, &rets);
    FuncSrc *fs = ARENA_NEW(P->c->arena, FuncSrc);
    fs->fn = f;
    fs->body = P->pos;
    fs->in_class = in_class;
    fs->strict_ssa = strict;
    FuncSrc *dup = find_func(P, f->name);
    if (dup) {
        error_at(P->c, name->loc, "function '%s' is defined twice", f->name);
        note_at(P->c, dup->fn->loc, "first defined here");
    } else {
        map_put(&P->func_by_name, f->name, fs);
        vec_push(&P->funcs, fs);
    }
    skip_body(P);
}

/* class: '@' pl.program [args] NEWLINE 'class' NAME [ '(' ')' ] ':' NEWLINE INDENT
 *        [docstring] funcdef+ DEDENT */
static void parse_class(Parser *P) {
    bool strict = false;
    FuncKind unused;
    if (!parse_decorator_args(P, false, &unused, &strict) || !expect_newline(P)) {
        skip_decorated(P, KW_class);
        return;
    }
    if (!at_kw(P, KW_class)) {
        syntax_error(P, peek(P)->loc, "expected 'class' after @%s.program", P->pl);
        return;
    }
    next(P);
    Token *name = expect_name(P, "a program name");
    if (!name)
        return;
    if (P->have_class) {
        syntax_error(P, name->loc, "a file holds one @%s.program class", P->pl);
        return;
    }
    P->have_class = true;
    P->prog_name = name->sval;
    P->prog_loc = name->loc;
    P->prog_strict = strict;
    if (accept_op(P, "(") && !expect_op(P, ")", "(base classes are not supported)"))
        return;
    if (!expect_op(P, ":", "after the class name") || !expect_newline(P))
        return;
    if (peek(P)->kind != T_INDENT) {
        syntax_error(P, peek(P)->loc, "expected the indented body of the class");
        return;
    }
    next(P);
    int nfuncs = P->funcs.len, errors = P->c->diag->nerrors;
    while (peek(P)->kind != T_DEDENT && peek(P)->kind != T_EOF) {
        Token *t = peek(P);
        if (t->kind == T_NEWLINE) {
            next(P);
            continue;
        }
        if (skip_lexbad(P))
            continue;
        if (t->kind == T_STRING) { /* the class docstring */
            next(P);
            expect_newline(P);
        } else if (is_op(t, "@")) {
            next(P);
            parse_funcdef(P, true, t);
        } else if (is_kw(P, t, KW_def)) {
            error_at(P->c, t->loc, "methods of a @%s.program class need @%s.function", P->pl, P->pl);
            P->failed = true;
        } else if (is_kw(P, t, KW_pass)) {
            next(P);
            expect_newline(P);
        } else {
            syntax_error(P, t->loc, "a program class holds only @%s.function methods", P->pl);
        }
        if (P->failed) {
            skip_line(P);
            P->failed = false;
        }
    }
    if (P->funcs.len == nfuncs && P->c->diag->nerrors == errors)
        error_at(P->c, name->loc, "program '%s' has no functions", name->sval);
    if (peek(P)->kind == T_DEDENT)
        next(P);
}

/* import: 'import' 'pypto' '.' 'language' 'as' NAME | 'from' 'pypto' 'import' 'language' 'as' NAME */
static void parse_import(Parser *P) {
    Token *t = next(P);
    bool from = is_kw(P, t, KW_from);
    Token *a = peek(P);
    bool ok;
    if (from) {
        ok = a->kind == T_NAME && !strcmp(a->sval, "pypto") && is_kw(P, peek_at(P, 1), KW_import) &&
             peek_at(P, 2)->kind == T_NAME && !strcmp(peek_at(P, 2)->sval, "language");
        if (ok)
            P->pos += 3;
    } else {
        ok = a->kind == T_NAME && !strcmp(a->sval, "pypto") && is_op(peek_at(P, 1), ".") &&
             peek_at(P, 2)->kind == T_NAME && !strcmp(peek_at(P, 2)->sval, "language");
        if (ok)
            P->pos += 3;
    }
    if (!ok) {
        syntax_error(P, a->loc, "only `import pypto.language as pl` is supported");
        return;
    }
    if (!at_kw(P, KW_as)) {
        syntax_error(P, peek(P)->loc, "expected 'as NAME' (import pypto.language as pl)");
        return;
    }
    next(P);
    Token *alias = expect_name(P, "an alias");
    if (alias && expect_newline(P)) {
        P->pl = alias->sval;
        P->imported = true;
    }
}

/* module_assign: NAME '=' pl.dynamic '(' STRING ')' | NAME '=' constant-expression */
static void parse_module_assign(Parser *P) {
    Token *name = next(P);
    next(P); /* '=' */
    if (map_get(&P->module, name->sval)) {
        error_at(P->c, name->loc, "'%s' is already defined", name->sval);
        P->failed = true;
        return;
    }
    if (at_pl_name(P, "dynamic")) {
        Token *parts[1];
        parse_pl_path(P, parts, 1);
        if (!expect_op(P, "(", "after pl.dynamic"))
            return;
        Token *s = peek(P);
        if (s->kind != T_STRING) {
            syntax_error(P, s->loc, "%s.dynamic takes the dimension's name as a string", P->pl);
            return;
        }
        next(P);
        if (!expect_op(P, ")", "after the name") || !expect_newline(P))
            return;
        if (strcmp(s->sval, name->sval) != 0) {
            error_at(P->c, s->loc, "the dynamic dimension '%s' must be bound to the same name (got '%s')", s->sval, name->sval);
            return;
        }
        Var *v = var_new(P->c, name->loc, name->sval, ty_scalar(P->c, DT_INT64));
        map_put(&P->module, name->sval, v);
        map_put(&P->is_dyn, name->sval, v);
        return;
    }
    Expr *e = parse_expr(P);
    if (!e)
        return;
    if (e->kind != E_INT && e->kind != E_FLOAT && e->kind != E_BOOL) {
        error_at(P->c, e->loc, "a module-level name must be a constant or %s.dynamic(\"%s\")", P->pl, name->sval);
        return;
    }
    if (expect_newline(P))
        map_put(&P->module, name->sval, e);
}

/* file: (import | module_assign | class | funcdef | NEWLINE)* EOF */
static void parse_file(Parser *P) {
    while (peek(P)->kind != T_EOF) {
        Token *t = peek(P);
        if (t->kind == T_NEWLINE) {
            next(P);
            continue;
        }
        if (skip_lexbad(P))
            continue;
        if (t->kind == T_INDENT) {
            syntax_error(P, t->loc, "unexpected indent");
        } else if (t->kind == T_DEDENT) {
            next(P);
            continue;
        } else if (is_kw(P, t, KW_import) || is_kw(P, t, KW_from)) {
            parse_import(P);
        } else if (t->kind == T_STRING) {
            next(P); /* module docstring */
            expect_newline(P);
        } else if (is_op(t, "@")) {
            next(P);
            Token *p = peek_at(P, 2);
            if (at_pl(P) && p->kind == T_NAME && strcmp(p->sval, "program") == 0) {
                Token *parts[1];
                parse_pl_path(P, parts, 1);
                parse_class(P);
            } else if (at_pl(P) && p->kind == T_NAME && strcmp(p->sval, "function") == 0) {
                parse_funcdef(P, false, t);
            } else {
                syntax_error(P, peek(P)->loc, "unknown decorator (expected @%s.program or @%s.function)", P->pl, P->pl);
                skip_decorated(P, at_kw(P, KW_def) ? KW_def : KW_class);
                while (peek(P)->kind != T_NEWLINE && peek(P)->kind != T_EOF && !at_kw(P, KW_def) && !at_kw(P, KW_class))
                    next(P);
                if (at_kw(P, KW_def) || at_kw(P, KW_class))
                    skip_line(P);
            }
        } else if (is_kw(P, t, KW_def)) {
            error_at(P->c, t->loc, "functions need a @%s.function decorator", P->pl);
            P->failed = true;
        } else if (is_kw(P, t, KW_class)) {
            error_at(P->c, t->loc, "classes need a @%s.program decorator", P->pl);
            P->failed = true;
        } else if (t->kind == T_NAME && is_op(peek_at(P, 1), "=")) {
            parse_module_assign(P);
        } else {
            syntax_error(P, t->loc, "expected an import, a @%s.program class or a @%s.function at module level", P->pl, P->pl);
        }
        if (P->failed) {
            skip_line(P);
            P->failed = false;
        }
    }
}

static void parse_body(Parser *P, FuncSrc *fs) {
    Func *f = fs->fn;
    P->cur = fs;
    P->scope = (Map){0};
    P->loop_depth = 0;
    for (int i = 0; i < f->nparams; i++)
        map_put(&P->scope, f->params[i]->name, f->params[i]);
    P->pos = fs->body;
    P->failed = false;
    f->body = parse_block(P, OWNER_FUNC, NULL, NULL);
    if (!f->body && P->c->diag->nerrors == P->errors_at_start)
        ICE("the body of '%s' failed without a diagnostic", f->name);
    P->cur = NULL;
    if (P->failed)
        P->failed = false;
    map_free(&P->scope);
}

/* Orders functions callees first (stable otherwise); reports recursion. */
typedef struct {
    Parser *P;
    Map state;    /* Func -> 1 visiting, 2 done */
    PtrVec order;
    bool ok;
} Sorter;

static void visit_func(Sorter *s, Func *f, Loc from);

static void visit_calls_expr(Sorter *s, Expr *e) {
    if (!e)
        return;
    switch (e->kind) {
    case E_CALL:
        for (int i = 0; i < e->fcall.nargs; i++)
            visit_calls_expr(s, e->fcall.args[i]);
        visit_func(s, find_func(s->P, e->fcall.name)->fn, e->loc);
        return;
    case E_OP:
        for (int i = 0; i < e->call.nargs; i++)
            visit_calls_expr(s, e->call.args[i]);
        return;
    case E_BINARY:
        visit_calls_expr(s, e->bin.l);
        visit_calls_expr(s, e->bin.r);
        return;
    case E_UNARY: visit_calls_expr(s, e->un.e); return;
    case E_CAST: visit_calls_expr(s, e->cast.e); return;
    case E_TUPLE:
    case E_LIST:
        for (int i = 0; i < e->list.n; i++)
            visit_calls_expr(s, e->list.items[i]);
        return;
    case E_INDEX: visit_calls_expr(s, e->index.e); return;
    case E_VAR: case E_INT: case E_FLOAT: case E_BOOL: case E_STR: case E_SYM:
        return;
    }
}

static void visit_calls_stmt(Sorter *s, Stmt *st) {
    if (!st)
        return;
    switch (st->kind) {
    case S_ASSIGN: visit_calls_expr(s, st->assign.value); return;
    case S_EVAL: visit_calls_expr(s, st->eval.e); return;
    case S_SEQ:
        for (int i = 0; i < st->seq.n; i++)
            visit_calls_stmt(s, st->seq.items[i]);
        return;
    case S_FOR:
        for (int i = 0; i < st->loop.n; i++)
            visit_calls_expr(s, st->loop.inits[i]);
        visit_calls_stmt(s, st->loop.body);
        return;
    case S_IF:
        visit_calls_expr(s, st->ifs.cond);
        visit_calls_stmt(s, st->ifs.then);
        visit_calls_stmt(s, st->ifs.els);
        return;
    case S_YIELD:
    case S_RETURN:
        for (int i = 0; i < st->vals.n; i++)
            visit_calls_expr(s, st->vals.vals[i]);
        return;
    case S_WHILE:
        for (int i = 0; i < st->wloop.n; i++)
            visit_calls_expr(s, st->wloop.inits[i]);
        visit_calls_expr(s, st->wloop.cond);
        visit_calls_stmt(s, st->wloop.body);
        return;
    case S_SCOPE: visit_calls_stmt(s, st->scope.body); return;
    case S_BREAK:
    case S_CONTINUE:
        return;
    }
}

static void visit_func(Sorter *s, Func *f, Loc from) {
    intptr_t st = (intptr_t)map_get(&s->state, f);
    if (st == 2)
        return;
    if (st == 1) {
        if (s->ok)
            error_at(s->P->c, from, "recursive call of '%s': functions may not call themselves, directly or not", f->name);
        s->ok = false;
        return;
    }
    map_put(&s->state, f, (void *)1);
    visit_calls_stmt(s, f->body);
    map_put(&s->state, f, (void *)2);
    vec_push(&s->order, f);
}

Program *parse_program(Ctx *c, const Source *src) {
    int before = c->diag->nerrors;
    Parser P = {.c = c, .src = src, .errors_at_start = before};
#define X(k) P.kw[KW_##k] = intern_cstr(c->names, #k);
    KEYWORDS(X)
#undef X
    P.pl = intern_cstr(c->names, "pl");
    P.self = intern_cstr(c->names, "self");
    diags_hold(c->diag);
    P.toks = lex(c, src, &P.ntoks);
    parse_file(&P);
    for (int i = 0; i < P.funcs.len; i++)
        parse_body(&P, P.funcs.items[i]);
    Program *p = NULL;
    if (P.funcs.len == 0 && c->diag->nerrors == before) {
        Loc loc = {src, 1, 1, 1};
        error_at(c, loc, "no @%s.program class or @%s.function in this file", P.pl, P.pl);
    }
    if (c->diag->nerrors == before) {
        Sorter s = {.P = &P, .ok = true};
        for (int i = 0; i < P.funcs.len; i++)
            visit_func(&s, ((FuncSrc *)P.funcs.items[i])->fn, ((FuncSrc *)P.funcs.items[i])->fn->loc);
        p = ARENA_NEW(c->arena, Program);
        FuncSrc *first = P.funcs.items[0];
        p->name = P.have_class ? P.prog_name : first->fn->name;
        p->loc = P.have_class ? P.prog_loc : first->fn->loc;
        p->strict_ssa = P.prog_strict;
        PtrVec dyns = {0};
        for (size_t i = 0; i < P.is_dyn.cap; i++)
            if (P.is_dyn.keys[i])
                vec_push(&dyns, P.is_dyn.vals[i]);
        /* declaration order: Var ids grow with it */
        for (int i = 1; i < dyns.len; i++)
            for (int j = i; j > 0 && ((Var *)dyns.items[j - 1])->id > ((Var *)dyns.items[j])->id; j--) {
                void *tmp = dyns.items[j];
                dyns.items[j] = dyns.items[j - 1];
                dyns.items[j - 1] = tmp;
            }
        p->ndyn = dyns.len;
        p->dyns = (Var **)vec_finish(c->arena, &dyns);
        p->nfuncs = s.order.len;
        p->funcs = (Func **)vec_finish(c->arena, &s.order);
        map_free(&s.state);
        if (c->diag->nerrors != before)
            p = NULL;
    }
    vec_free(&P.funcs);
    map_free(&P.module);
    map_free(&P.is_dyn);
    map_free(&P.func_by_name);
    map_free(&P.yields);
    vec_free(&P.pending);
    diags_flush(c->diag);
    return p;
}
