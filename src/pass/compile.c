#define _POSIX_C_SOURCE 200809L
/* compile.c - pipelines as the commands run them: after every pass the program is verified
 * against the properties it should have by then, its text dumped, its size and the pass's wall
 * time recorded; then the reports of report/ are written. */
#include <string.h>

#include "ptoc.h"

/* ---- IR size ---- */

typedef struct { int stmts, exprs, vars; } Size;

static void count_expr(Expr *e, void *ud) {
    (void)e;
    ((Size *)ud)->exprs++;
}

static bool count_stmt(Stmt *s, void *ud) {
    Size *n = ud;
    if (s->kind != S_SEQ)
        n->stmts++;
    PtrVec defs = {0};
    stmt_defs(s, &defs);
    n->vars += defs.len;
    vec_free(&defs);
    return true;
}

static Size program_size(const Program *p) {
    Size n = {0, 0, p->ndyn};
    for (int i = 0; i < p->nfuncs; i++) {
        n.vars += p->funcs[i]->nparams;
        walk_stmts(p->funcs[i]->body, count_stmt, &n);
        walk_stmt_exprs(p->funcs[i]->body, count_expr, &n);
    }
    return n;
}

/* ---- running ---- */

static bool dump(Driver *d, const char *name, const Program *p) {
    Buf text = {0}, path = {0}, err = {0};
    print_program(&text, p);
    buf_printf(&path, "passes_dump/%s.py", name);
    bool ok = artifacts_write(d->out, path.data, text.data ? text.data : "", text.len, &err);
    if (!ok)
        diag(d->pc->c->diag, DIAG_ERROR, (Loc){0}, "%s", err.data);
    buf_free(&text);
    buf_free(&path);
    buf_free(&err);
    return ok;
}

static bool after_pass(PassCtx *pc, const PassInfo *pass, int index, const Program *p, void *ud) {
    Driver *d = ud;
    double t = clock_ms();
    d->have = (d->have & ~pass->kills) | pass->gives;
    if (d->nstats < (int)(sizeof d->stats / sizeof *d->stats)) {
        Size n = program_size(p);
        d->stats[d->nstats++] = (PassStat){pass->name, d->timing ? t - d->mark : 0, n.stmts, n.exprs, n.vars};
    }
    if (d->verify && !verify_program(d->pc, p, d->have))
        return false;
    if (d->out && d->dump) {
        char name[160];
        snprintf(name, sizeof name, "%02d_after_%s", index + 1, pass->name);
        if (!dump(d, name, p))
            return false;
    }
    if (d->check && !d->check(pc, pass, index, p, d->check_ud))
        return false;
    d->mark = clock_ms(); /* the hook's own work is not the next pass's time */
    return true;
}

void driver_init(Driver *d, PassCtx *pc, const Program *input) {
    memset(d, 0, sizeof *d);
    d->pc = pc;
    d->verify = true;
    d->dump = true;
    d->timing = true;
    d->have = program_props(input);
}

Program *driver_run(Driver *d, const Program *p, const Pipeline *pl) {
    if (d->out && d->dump && !dump(d, "00_frontend", p))
        return NULL;
    d->mark = clock_ms();
    return pipeline_run(d->pc, p, d->have, pl, after_pass, d);
}

/* ---- reports ---- */

static void json_str(Buf *b, const char *s) {
    buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            buf_printf(b, "\\u%04x", c);
        else
            buf_putc(b, (char)c);
    }
    buf_putc(b, '"');
}

/* {"kernels": [ ... ]} around the ",\n"-separated objects the passes added. */
static bool write_kernels(Driver *d, const char *rel, const Buf *objs, Buf *err) {
    Buf b = {0};
    if (objs->len)
        buf_printf(&b, "{\"kernels\": [\n%.*s\n]}\n", (int)objs->len, objs->data);
    else
        buf_puts(&b, "{\"kernels\": []}\n");
    bool ok = artifacts_write(d->out, rel, b.data, b.len, err);
    buf_free(&b);
    return ok;
}

bool driver_write_reports(Driver *d, const char *strategy, Buf *err) {
    Buf b = {0};
    buf_puts(&b, "{\n  \"strategy\": ");
    if (strategy)
        json_str(&b, strategy);
    else
        buf_puts(&b, "null");
    buf_puts(&b, ",\n  \"passes\": [");
    for (int i = 0; i < d->nstats; i++) {
        const PassStat *s = &d->stats[i];
        buf_printf(&b, "%s\n    {\"index\": %d, \"pass\": ", i ? "," : "", i + 1);
        json_str(&b, s->pass);
        if (d->timing)
            buf_printf(&b, ", \"wall_ms\": %.3f", s->wall_ms);
        else
            buf_puts(&b, ", \"wall_ms\": 0");
        buf_printf(&b, ", \"stmts\": %d, \"exprs\": %d, \"vars\": %d}", s->stmts, s->exprs, s->vars);
    }
    buf_puts(&b, d->nstats ? "\n  ]\n}\n" : "]\n}\n");
    bool ok = artifacts_write(d->out, "report/passes.json", b.data, b.len, err) &&
              write_kernels(d, "report/memory.json", &d->pc->memory_json, err) &&
              write_kernels(d, "report/sync.json", &d->pc->sync_json, err);
    buf_free(&b);
    return ok;
}
