/* normalize_stmt_structure.c - NormalizeStmtStructure: every body is one flat S_SEQ (nested
 * sequences spliced in, empty ones dropped), an empty else is removed. Other passes may build
 * nested blocks freely and rely on this pass for the canonical shape. */
#include "ptoc.h"

static Stmt *normalize(Ctx *c, Stmt *s);

static Stmt *block(Ctx *c, Stmt *s) {
    StmtList l = {0};
    if (s && s->kind == S_SEQ)
        for (int i = 0; i < s->seq.n; i++)
            stmts_push(&l, normalize(c, s->seq.items[i]));
    else
        stmts_push(&l, normalize(c, s));
    return stmts_finish(c, &l, s ? s->loc : (Loc){0});
}

static Stmt *normalize(Ctx *c, Stmt *s) {
    if (!s)
        return NULL;
    Stmt *n;
    switch (s->kind) {
    case S_SEQ:
        return block(c, s);
    case S_FOR:
        n = arena_dup(c->arena, s, sizeof *s);
        n->loop.body = block(c, s->loop.body);
        return n;
    case S_IF:
        n = arena_dup(c->arena, s, sizeof *s);
        n->ifs.then = block(c, s->ifs.then);
        n->ifs.els = s->ifs.els ? block(c, s->ifs.els) : NULL;
        if (n->ifs.els && n->ifs.els->seq.n == 0)
            n->ifs.els = NULL;
        return n;
    case S_WHILE:
        n = arena_dup(c->arena, s, sizeof *s);
        n->wloop.body = block(c, s->wloop.body);
        return n;
    case S_SCOPE:
        n = arena_dup(c->arena, s, sizeof *s);
        n->scope.body = block(c, s->scope.body);
        return n;
    case S_ASSIGN: case S_EVAL: case S_YIELD: case S_RETURN: case S_BREAK: case S_CONTINUE:
        return s;
    }
    return s;
}

Program *pass_normalize_stmt_structure(PassCtx *pc, const Program *p) {
    Program *q = program_shell(pc->c, p);
    for (int i = 0; i < q->nfuncs; i++)
        q->funcs[i]->body = block(pc->c, q->funcs[i]->body);
    return q;
}
