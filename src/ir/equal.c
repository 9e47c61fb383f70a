/* equal.c - structural equality and hashing of programs.
 *
 * One walk turns a program into a stream of 64-bit tokens, a prefix-free encoding of its
 * tree: every node starts with a tag, every array with its length, every string with its
 * length and then its bytes. Two programs are equal when their streams are; the hash is
 * FNV-1a over the stream, so equal programs hash alike by construction.
 *
 * What the stream holds is what the canonical text shows (so parse(print(p)) equals p):
 * Locs, Var ids, the Func pointer of a call and the inferred types of non-constant
 * expressions are left out; the type of a constant is kept (it prints as a cast). A block is
 * the flat list of its statements: nested S_SEQs, empty ones and a NULL body all print alike.
 *
 * Variables are numbered in the order the walk first meets them (a definition, or a use
 * before any definition). With names == false a variable is that number alone, so two
 * programs are equal when one is the other with its variables renamed one-to-one; with
 * names == true its name is compared as well. A variable's name (when compared) and type
 * go into the stream once, where it is first met. */
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"

enum {
    T_NULL = 1,
    T_VAR_NEW,
    T_VAR_OLD,
    T_STR,
    T_BLOCK,
    T_END,
    T_FUNC,
    T_PROGRAM,
    T_EXPR = 100,  /* + ExprKind */
    T_STMT = 200,  /* + StmtKind */
    T_TYPE = 300,  /* + TypeKind */
};

typedef struct {
    bool names;
    /* the stream: kept (for equality) and hashed */
    bool keep;
    uint64_t *toks;
    size_t len, cap;
    uint64_t hash;
    Map vars;  /* Var -> its number + 1 */
    int nvars;
} Enc;

static void emit(Enc *w, uint64_t t) {
    for (int i = 0; i < 8; i++) {
        w->hash ^= (t >> (8 * i)) & 0xff;
        w->hash *= UINT64_C(0x100000001b3);
    }
    if (!w->keep)
        return;
    if (w->len == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 1024;
        uint64_t *toks = realloc(w->toks, cap * sizeof *toks);
        if (!toks)
            ICE("out of memory (%zu tokens)", cap);
        w->toks = toks;
        w->cap = cap;
    }
    w->toks[w->len++] = t;
}

static void enc_free(Enc *w) {
    free(w->toks);
    map_free(&w->vars);
}

static void enc_str(Enc *w, const char *s) {
    if (!s) {
        emit(w, T_NULL);
        return;
    }
    size_t n = strlen(s);
    emit(w, T_STR);
    emit(w, n);
    for (size_t i = 0; i < n; i += 8) {
        uint64_t t = 0;
        for (size_t k = 0; k < 8 && i + k < n; k++)
            t |= (uint64_t)(unsigned char)s[i + k] << (8 * k);
        emit(w, t);
    }
}

static void enc_type(Enc *w, const Type *t);
static void enc_expr(Enc *w, const Expr *e);

static void enc_var(Enc *w, const Var *v) {
    if (!v) {
        emit(w, T_NULL);
        return;
    }
    uintptr_t num = (uintptr_t)map_get(&w->vars, v);
    if (num) {
        emit(w, T_VAR_OLD);
        emit(w, (uint64_t)num - 1);
        return;
    }
    map_put(&w->vars, v, (void *)(uintptr_t)++w->nvars);
    emit(w, T_VAR_NEW);
    if (w->names)
        enc_str(w, v->name);
    enc_type(w, v->type);
}

static void enc_vars(Enc *w, int n, Var **vs) {
    emit(w, (uint64_t)n);
    for (int i = 0; i < n; i++)
        enc_var(w, vs ? vs[i] : NULL);
}

static void enc_exprs(Enc *w, int n, Expr **es) {
    emit(w, (uint64_t)n);
    for (int i = 0; i < n; i++)
        enc_expr(w, es ? es[i] : NULL);
}

/* The dtype a constant prints with (a NULL or non-scalar type prints as the default). */
static uint64_t const_dtype(const Expr *e, DType dflt) {
    return e->type && e->type->kind == TY_SCALAR ? (uint64_t)e->type->dtype : (uint64_t)dflt;
}

static void enc_expr(Enc *w, const Expr *e) {
    if (!e) {
        emit(w, T_NULL);
        return;
    }
    emit(w, T_EXPR + (uint64_t)e->kind);
    switch (e->kind) {
    case E_VAR:
        enc_var(w, e->var);
        return;
    case E_INT:
        emit(w, (uint64_t)e->i);
        emit(w, const_dtype(e, DT_INT64));
        return;
    case E_FLOAT: {
        uint64_t bits;
        memcpy(&bits, &e->f, sizeof bits);
        emit(w, bits);
        emit(w, const_dtype(e, DT_FP32));
        return;
    }
    case E_BOOL:
        emit(w, e->b);
        return;
    case E_STR:
        enc_str(w, e->s);
        return;
    case E_BINARY:
        emit(w, (uint64_t)e->bin.op);
        enc_expr(w, e->bin.l);
        enc_expr(w, e->bin.r);
        return;
    case E_UNARY:
        emit(w, (uint64_t)e->un.op);
        enc_expr(w, e->un.e);
        return;
    case E_CAST:
        emit(w, (uint64_t)e->cast.to);
        enc_expr(w, e->cast.e);
        return;
    case E_OP:
        emit(w, e->call.op ? (uint64_t)e->call.op->id + 1 : 0);
        enc_exprs(w, e->call.nargs, e->call.args);
        emit(w, (uint64_t)e->call.nkw);
        for (int i = 0; i < e->call.nkw; i++) {
            enc_str(w, e->call.kw ? e->call.kw[i].name : NULL);
            enc_expr(w, e->call.kw ? e->call.kw[i].value : NULL);
        }
        return;
    case E_CALL:
        enc_str(w, e->fcall.name);
        enc_exprs(w, e->fcall.nargs, e->fcall.args);
        return;
    case E_TUPLE:
    case E_LIST:
        enc_exprs(w, e->list.n, e->list.items);
        return;
    case E_INDEX:
        emit(w, (uint64_t)e->index.index);
        enc_expr(w, e->index.e);
        return;
    case E_SYM:
        emit(w, (uint64_t)e->sym.kind);
        emit(w, (uint64_t)e->sym.value);
        return;
    }
}

static void enc_memref(Enc *w, const MemRef *m) {
    if (!m) {
        emit(w, T_NULL);
        return;
    }
    emit(w, T_STR); /* any tag other than T_NULL */
    enc_expr(w, m->base);
    enc_expr(w, m->offset);
    enc_expr(w, m->size);
}

static void enc_type(Enc *w, const Type *t) {
    if (!t) {
        emit(w, T_NULL);
        return;
    }
    emit(w, T_TYPE + (uint64_t)t->kind);
    switch (t->kind) {
    case TY_SCALAR:
        emit(w, (uint64_t)t->dtype);
        return;
    case TY_TENSOR:
    case TY_TILE:
        emit(w, (uint64_t)t->dtype);
        enc_exprs(w, t->rank, t->shape);
        enc_memref(w, t->memref);
        if (t->kind == TY_TENSOR) {
            emit(w, (uint64_t)t->layout);
            return;
        }
        emit(w, t->has_space ? (uint64_t)t->space + 1 : 0);
        if (t->valid)
            enc_exprs(w, t->rank, t->valid);
        else
            emit(w, T_NULL);
        return;
    case TY_TUPLE:
        emit(w, (uint64_t)t->nelems);
        for (int i = 0; i < t->nelems; i++)
            enc_type(w, t->elems ? t->elems[i] : NULL);
        return;
    case TY_PTR:
        return;
    }
}

static void enc_stmt(Enc *w, const Stmt *s);

/* The statements of s, flattening nested blocks. */
static void enc_items(Enc *w, const Stmt *s) {
    if (!s)
        return;
    if (s->kind != S_SEQ) {
        enc_stmt(w, s);
        return;
    }
    for (int i = 0; i < s->seq.n; i++)
        enc_items(w, s->seq.items ? s->seq.items[i] : NULL);
}

static void enc_block(Enc *w, const Stmt *s) {
    emit(w, T_BLOCK);
    enc_items(w, s);
    emit(w, T_END);
}

static void enc_stmt(Enc *w, const Stmt *s) {
    emit(w, T_STMT + (uint64_t)s->kind);
    switch (s->kind) {
    case S_ASSIGN:
        enc_expr(w, s->assign.value);
        enc_vars(w, s->assign.n, s->assign.vars);
        return;
    case S_EVAL:
        enc_expr(w, s->eval.e);
        return;
    case S_SEQ:
        enc_block(w, s);
        return;
    case S_FOR:
        emit(w, s->loop.parallel);
        enc_expr(w, s->loop.start);
        enc_expr(w, s->loop.stop);
        enc_expr(w, s->loop.step);
        enc_exprs(w, s->loop.n, s->loop.inits);
        enc_var(w, s->loop.iv);
        enc_vars(w, s->loop.n, s->loop.iters);
        enc_block(w, s->loop.body);
        enc_vars(w, s->loop.n, s->loop.rets);
        return;
    case S_IF:
        enc_expr(w, s->ifs.cond);
        enc_block(w, s->ifs.then);
        enc_block(w, s->ifs.els);
        enc_vars(w, s->ifs.n, s->ifs.rets);
        return;
    case S_YIELD:
    case S_RETURN:
        enc_exprs(w, s->vals.n, s->vals.vals);
        return;
    case S_WHILE:
        enc_exprs(w, s->wloop.n, s->wloop.inits);
        enc_vars(w, s->wloop.n, s->wloop.iters);
        enc_expr(w, s->wloop.cond);
        enc_block(w, s->wloop.body);
        enc_vars(w, s->wloop.n, s->wloop.rets);
        return;
    case S_BREAK:
    case S_CONTINUE:
        return;
    case S_SCOPE:
        enc_block(w, s->scope.body);
        return;
    }
}

static void enc_func(Enc *w, const Func *f) {
    if (!f) {
        emit(w, T_NULL);
        return;
    }
    emit(w, T_FUNC);
    enc_str(w, f->name);
    emit(w, (uint64_t)f->kind);
    emit(w, (uint64_t)f->nparams);
    for (int i = 0; i < f->nparams; i++) {
        emit(w, f->dirs ? (uint64_t)f->dirs[i] : (uint64_t)DIR_IN);
        enc_var(w, f->params ? f->params[i] : NULL);
    }
    emit(w, (uint64_t)f->nrets);
    for (int i = 0; i < f->nrets; i++)
        enc_type(w, f->rets ? f->rets[i] : NULL);
    enc_block(w, f->body);
}

static void enc_program(Enc *w, const Program *p) {
    w->hash = UINT64_C(0xcbf29ce484222325);
    if (!p) {
        emit(w, T_NULL);
        return;
    }
    emit(w, T_PROGRAM);
    enc_str(w, p->name);
    emit(w, p->strict_ssa);
    enc_vars(w, p->ndyn, p->dyns);
    emit(w, (uint64_t)p->nfuncs);
    for (int i = 0; i < p->nfuncs; i++)
        enc_func(w, p->funcs ? p->funcs[i] : NULL);
}

bool program_equal(const Program *a, const Program *b, bool names) {
    if (a == b)
        return true;
    Enc wa = {.names = names, .keep = true}, wb = {.names = names, .keep = true};
    enc_program(&wa, a);
    enc_program(&wb, b);
    bool eq = wa.len == wb.len && (wa.len == 0 || memcmp(wa.toks, wb.toks, wa.len * sizeof *wa.toks) == 0);
    enc_free(&wa);
    enc_free(&wb);
    return eq;
}

uint64_t program_hash(const Program *p, bool names) {
    Enc w = {.names = names, .keep = false};
    enc_program(&w, p);
    enc_free(&w);
    return w.hash;
}
