/* ir.c - the compilation context, variables, statements, functions, programs. */
#include <string.h>

#include "ptoc.h"

const char *const funckind_name[3] = {"Opaque", "InCore", "Orchestration"};

void ctx_init(Ctx *c, Diags *d) {
    memset(c, 0, sizeof *c);
    c->arena = arena_new();
    c->names = interner_new();
    c->diag = d;
}

void ctx_free(Ctx *c) {
    arena_free(c->arena);
    interner_free(c->names);
    c->arena = NULL;
    c->names = NULL;
}

Var *var_new(Ctx *c, Loc loc, Str name, Type *type) {
    Var *v = ARENA_NEW(c->arena, Var);
    v->name = name;
    v->type = type;
    v->loc = loc;
    v->id = c->nvars++;
    return v;
}

Stmt *stmt_new(Ctx *c, StmtKind k, Loc loc) {
    Stmt *s = ARENA_NEW(c->arena, Stmt);
    s->kind = k;
    s->loc = loc;
    return s;
}

Stmt *mk_assign(Ctx *c, Loc loc, Var *v, Expr *value) {
    Stmt *s = stmt_new(c, S_ASSIGN, loc);
    s->assign.n = 1;
    s->assign.vars = ARENA_ARRAY(c->arena, Var *, 1);
    s->assign.vars[0] = v;
    s->assign.value = value;
    return s;
}

Stmt *mk_seq(Ctx *c, Loc loc, int n, Stmt **items) {
    Stmt *s = stmt_new(c, S_SEQ, loc);
    s->seq.n = n;
    s->seq.items = arena_dup(c->arena, items, sizeof(Stmt *) * (size_t)n);
    return s;
}

Func *program_find(const Program *p, Str name) {
    for (int i = 0; i < p->nfuncs; i++)
        if (p->funcs[i]->name == name)
            return p->funcs[i];
    return NULL;
}
