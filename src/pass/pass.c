/* pass.c - the pass manager: the table of passes, strategies, pipelines and their checks. */
#include <string.h>

#include "ptoc.h"

const PassInfo pass_table[] = {
#define PASS(name, fn, needs, gives, kills, help) {#name, fn, needs, gives, kills, help},
#include "pass/passes.def"
#undef PASS
};
const int pass_count = (int)(sizeof pass_table / sizeof *pass_table);

const char *const prop_desc[PROP__COUNT] = {
#define X(n, d) d,
    PROPS(X)
#undef X
};

const PassInfo *pass_lookup(const char *name) {
    for (int i = 0; i < pass_count; i++)
        if (strcmp(pass_table[i].name, name) == 0)
            return &pass_table[i];
    return NULL;
}

const char *strategy_passes(const char *name) {
#define X(n, list) \
    if (strcmp(name, #n) == 0) \
        return list;
    STRATEGIES(X)
#undef X
    return NULL;
}

bool pipeline_parse(Pipeline *pl, const char *list, Buf *err) {
    pl->n = 0;
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char name[128];
        if (n == 0 || n >= sizeof name) {
            buf_printf(err, "empty or overlong pass name in '%s'", list);
            return false;
        }
        memcpy(name, p, n);
        name[n] = 0;
        const PassInfo *pass = pass_lookup(name);
        if (!pass) {
            buf_printf(err, "unknown pass '%s' (ptoc passes lists them)", name);
            return false;
        }
        if (pl->n == (int)(sizeof pl->passes / sizeof *pl->passes)) {
            buf_printf(err, "too many passes in '%s'", list);
            return false;
        }
        pl->passes[pl->n++] = pass;
        p = end ? end + 1 : p + n;
    }
    if (pl->n == 0) {
        buf_printf(err, "no passes given");
        return false;
    }
    return true;
}

/* Names of the passes that give property bit b, for the message about a missing one. */
static void givers(Buf *b, int bit) {
    const char *sep = "";
    for (int i = 0; i < pass_count; i++)
        if (pass_table[i].gives & (1u << bit)) {
            buf_printf(b, "%s%s", sep, pass_table[i].name);
            sep = ", ";
        }
}

Program *pipeline_run(PassCtx *pc, const Program *p, unsigned have, const Pipeline *pl, PassHook after, void *ud) {
    const Program *cur = p;
    for (int i = 0; i < pl->n; i++) {
        const PassInfo *pass = pl->passes[i];
        unsigned missing = pass->needs & ~have;
        if (missing) {
            for (int b = 0; b < PROP__COUNT; b++)
                if (missing & (1u << b)) {
                    Buf g = {0};
                    givers(&g, b);
                    if (g.len)
                        diag(pc->c->diag, DIAG_ERROR, (Loc){0},
                             "pass %s needs %s, which the program does not have at that point (run %s before it)",
                             pass->name, prop_desc[b], g.data);
                    else
                        diag(pc->c->diag, DIAG_ERROR, (Loc){0}, "pass %s needs %s, which no pass gives", pass->name,
                             prop_desc[b]);
                    buf_free(&g);
                }
            return NULL;
        }
        pc->pass = pass->name;
        Program *next = pass->run(pc, cur);
        if (!next)
            return NULL;
        have = (have & ~pass->kills) | pass->gives;
        if (after && !after(pc, pass, i, next, ud))
            return NULL;
        cur = next;
    }
    pc->pass = NULL;
    return (Program *)cur;
}
