#define _POSIX_C_SOURCE 200809L
/* validate.c - pass-by-pass validation (`ptoc check --run`, `ptoc compile --validate`): the
 * input program runs in the interpreter before the first pass (the reference), and the program
 * again after every pass, on the same inputs; every output must equal the reference's. The
 * first pass whose program differs is an error naming the output, the first differing element,
 * both values and the two dumps (passes_dump/NN_...) to diff.
 *
 * No current pass reorders float math, so every comparison is bit-exact; a pass listed in
 * reorders_float would be compared within a per-dtype tolerance (integers stay exact). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"

struct Validation {
    Ctx *c;
    const RunArgs *ra;
    uint64_t seed;
    FILE *log;               /* a line per stage, or NULL */
    const char *entry;       /* the reference's entry, by name, for every later run */
    InterpResult ref;
    char prev_dump[200];     /* the dump of the last stage that agreed */
};

/* Passes that may reorder float math (none yet): compared within a tolerance. */
static const char *const reorders_float[] = {NULL};

static bool pass_reorders_float(const char *name) {
    for (int i = 0; reorders_float[i]; i++)
        if (strcmp(reorders_float[i], name) == 0)
            return true;
    return false;
}

/* The tolerance of one float dtype (0 for integers, which compare exactly). */
static void dtype_tolerance(DType dt, double *rtol, double *atol) {
    *rtol = *atol = 0;
    if (!dtype_is_float(dt))
        return;
    bool half = dt == DT_FP16 || dt == DT_BF16;
    *rtol = dt == DT_BF16 ? 1e-2 : half ? 1e-3 : 1e-5;
    *atol = dt == DT_BF16 ? 1e-2 : half ? 1e-3 : 1e-6;
}

static void value_tolerance(const Value *v, double *rtol, double *atol) {
    double r = 0, a = 0;
    switch (v->kind) {
    case V_SCALAR: dtype_tolerance(v->s.dt, &r, &a); break;
    case V_TENSOR: case V_TILE: dtype_tolerance(v->a->dt, &r, &a); break;
    case V_TUPLE:
        for (int i = 0; i < v->tup->n; i++)
            value_tolerance(&v->tup->items[i], rtol, atol);
        break;
    case V_NONE: case V_PTR: break;
    }
    if (r > *rtol)
        *rtol = r;
    if (a > *atol)
        *atol = a;
}

/* The loosest tolerance of the reference's outputs' dtypes (also ptoc run --check). */
void result_tolerance(const InterpResult *r, double *rtol, double *atol) {
    *rtol = *atol = 0;
    for (int i = 0; i < r->nparams; i++)
        value_tolerance(&r->params[i].v, rtol, atol);
    for (int i = 0; i < r->nrets; i++)
        value_tolerance(&r->rets[i], rtol, atol);
}

/* Runs p on fresh inputs (a run writes its tensor inputs in place). */
static InterpResult run_once(Validation *v, const Program *p, const char *entry, int *status) {
    Inputs in = {0};
    InterpResult r = {0};
    *status = inputs_from_args(v->c, "validate", v->seed, v->ra->ninputs, v->ra->inputs, v->ra->nsets, v->ra->sets,
                               &in);
    if (*status == 0) {
        r = interp_run(v->c, p, entry, &in);
        if (!r.ok)
            *status = 1;
    }
    inputs_free(&in);
    return r;
}

Validation *validation_begin(Ctx *c, const Program *input, const RunArgs *ra, FILE *log, int *status) {
    uint64_t seed = 0;
    if (ra->seed) {
        char *end;
        errno = 0;
        seed = strtoull(ra->seed, &end, 0);
        if (end == ra->seed || *end || errno || ra->seed[0] == '-') {
            fprintf(stderr, "ptoc: --seed needs a non-negative integer, got '%s'\n", ra->seed);
            *status = 2;
            return NULL;
        }
    }
    Validation *v = calloc(1, sizeof *v);
    if (!v)
        ICE("out of memory");
    *v = (Validation){.c = c, .ra = ra, .seed = seed, .log = log};
    snprintf(v->prev_dump, sizeof v->prev_dump, "passes_dump/00_frontend.py");
    v->ref = run_once(v, input, ra->entry, status);
    if (*status) {
        if (*status == 1 && v->ref.entry)
            diag(c->diag, DIAG_NOTE, (Loc){0}, "validation: the input program does not run, so passes cannot be checked");
        validation_end(v);
        return NULL;
    }
    v->entry = v->ref.entry->name;
    if (log)
        fprintf(log, "validate: entry %s, seed %llu: the input program runs\n", v->entry, (unsigned long long)seed);
    return v;
}

bool validation_after_pass(PassCtx *pc, const PassInfo *pass, int index, const Program *p, void *ud) {
    Validation *v = ud;
    (void)pc;
    char dump[200];
    snprintf(dump, sizeof dump, "passes_dump/%02d_after_%s.py", index + 1, pass->name);
    int status;
    InterpResult r = run_once(v, p, v->entry, &status);
    double rtol = 0, atol = 0;
    if (pass_reorders_float(pass->name))
        result_tolerance(&v->ref, &rtol, &atol);
    Buf why = {0};
    bool ok = status == 0 && results_compare(&v->ref, &r, rtol, atol, &why);
    if (status)
        diag(v->c->diag, DIAG_ERROR, (Loc){0}, "validation: the program after pass '%s' does not run; diff %s %s",
             pass->name, v->prev_dump, dump);
    else if (!ok)
        diag(v->c->diag, DIAG_ERROR, (Loc){0}, "validation: pass '%s' changes the result: %s (before the pass against "
             "after it); diff %s %s", pass->name, why.data, v->prev_dump, dump);
    else if (v->log) {
        if (rtol == 0 && atol == 0)
            fprintf(v->log, "validate: %02d %s: bit-exact\n", index + 1, pass->name);
        else
            fprintf(v->log, "validate: %02d %s: within rtol=%g atol=%g\n", index + 1, pass->name, rtol, atol);
    }
    buf_free(&why);
    interp_result_free(&r);
    if (ok)
        snprintf(v->prev_dump, sizeof v->prev_dump, "%s", dump);
    return ok;
}

void validation_end(Validation *v) {
    if (!v)
        return;
    interp_result_free(&v->ref);
    free(v);
}
