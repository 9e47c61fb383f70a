#define _POSIX_C_SOURCE 200809L
/* cli.c - `ptoc run FILE [--entry F] [--seed N] [--input NAME=PATH.npy ...] [--set NAME=VALUE ...]
 * [--output-dir D] [--backend interp|cce ...]`: runs a program in the interpreter, or through the
 * cce backend on the CPU runtime (src/run/, docs/cpu-runtime.md), and reports its results. Both
 * take the same inputs (inputs_from_args, the interpreter's binding) and print the same way, so
 * that their outputs can be diffed.
 *
 * Standard output, one line per result: `entry: NAME`, then every parameter of the entry with
 * its final value, then `returnI` for every returned value:
 *     x: [256, 64] FP32 min=-0.99 max=0.99 mean=0.0012 fnv1a=0123456789abcdef (generated)
 *     n: INT64 = 5
 * With --output-dir D, each tensor parameter goes to D/NAME.npy and each returned value to
 * D/returnI.npy (a scalar as a 0-d array). Exit status: 0, 1 for a diagnosed error (parse, run
 * time, input files; with --backend cce a C++ compile error, a runtime failure, or with --check a
 * difference from the interpreter), 2 for bad usage. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "interp/interp.h"
#include "run/run.h"

enum { EXIT_OK = 0, EXIT_DIAG = 1, EXIT_USAGE = 2 };

typedef struct {
    const char *path, *entry, *outdir;
    uint64_t seed;
    PtrVec inputs; /* "NAME=PATH" */
    PtrVec sets;   /* "NAME=VALUE" */
    bool cce;      /* --backend cce (default: interp) */
    bool check, stats;
    const char *cce_option; /* the first option only --backend cce takes, for the message */
    CceRunOptions run;
} Options;

#define USAGE                                                                                           \
    "usage: ptoc run FILE [--entry F] [--seed N] [--input NAME=FILE.npy ...] [--set NAME=VALUE ...]\n"  \
    "                [--output-dir D] [--backend interp|cce [--workers V,C] [--check] [--stats]\n"     \
    "                [--rt-config NAME=N,...] [--keep-tree DIR] [--no-cache]]\n"

static int usage(const char *fmt, const char *arg) {
    fprintf(stderr, "ptoc: run: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n" USAGE);
    return EXIT_USAGE;
}

/* "--opt VALUE" or "--opt=VALUE": the value, advancing *i; NULL when it is not this option. */
static const char *option(int argc, char **argv, int *i, const char *name, bool *missing) {
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n])
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

/* A parsed value of --workers or --rt-config: 0, or a usage error. */
static int run_option(bool ok, Buf *err) {
    int rc = ok ? EXIT_OK : usage("%s", err->data);
    buf_free(err);
    return rc;
}

/* Whether argument a is an option only --backend cce takes. */
static bool cce_only_option(const char *a) {
    static const char *const names[] = {"--check", "--stats", "--no-cache", "--workers", "--rt-config", "--keep-tree"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        size_t n = strlen(names[i]);
        if (!strncmp(a, names[i], n) && (a[n] == 0 || a[n] == '='))
            return true;
    }
    return false;
}

static int parse_options(int argc, char **argv, Options *o) {
    cce_run_options_init(&o->run);
    for (int i = 0; i < argc; i++) {
        bool missing = false;
        const char *v, *a = argv[i];
        Buf err = {0};
        int rc = EXIT_OK;
        if (!strcmp(a, "--check"))
            o->check = true;
        else if (!strcmp(a, "--stats"))
            o->stats = true;
        else if (!strcmp(a, "--no-cache"))
            o->run.no_cache = true;
        else if ((v = option(argc, argv, &i, "--workers", &missing)))
            rc = run_option(cce_parse_workers(v, &o->run.rt, &err), &err);
        else if ((v = option(argc, argv, &i, "--rt-config", &missing)))
            rc = run_option(cce_parse_rt_config(v, &o->run.rt, &err), &err);
        else if ((v = option(argc, argv, &i, "--keep-tree", &missing)))
            o->run.keep_tree = v;
        else if ((v = option(argc, argv, &i, "--backend", &missing))) {
            if (strcmp(v, "interp") && strcmp(v, "cce"))
                return usage("unknown backend '%s' (interp or cce)", v);
            o->cce = !strcmp(v, "cce");
        } else if ((v = option(argc, argv, &i, "--entry", &missing)))
            o->entry = v;
        else if ((v = option(argc, argv, &i, "--seed", &missing))) {
            char *end;
            errno = 0;
            o->seed = strtoull(v, &end, 0);
            if (end == v || *end || errno)
                return usage("--seed needs a non-negative integer, got '%s'", v);
        } else if ((v = option(argc, argv, &i, "--input", &missing)))
            vec_push(&o->inputs, (void *)v);
        else if ((v = option(argc, argv, &i, "--set", &missing)))
            vec_push(&o->sets, (void *)v);
        else if ((v = option(argc, argv, &i, "--output-dir", &missing)))
            o->outdir = v;
        else if (missing)
            return usage("option '%s' needs a value", argv[i]);
        else if (argv[i][0] == '-' && argv[i][1])
            return usage("unknown option '%s'", argv[i]);
        else if (o->path)
            return usage("more than one input file ('%s')", argv[i]);
        else
            o->path = argv[i];
        if (rc)
            return rc;
        if (!o->cce_option && cce_only_option(a))
            o->cce_option = a;
    }
    if (!o->path)
        return usage("%s", "no input file");
    if (o->cce_option && !o->cce)
        return usage("%s needs --backend cce", o->cce_option);
    for (int i = 0; i < o->inputs.len + o->sets.len; i++) {
        const char *s = i < o->inputs.len ? o->inputs.items[i] : o->sets.items[i - o->inputs.len];
        const char *eq = strchr(s, '=');
        if (!eq || eq == s || !eq[1])
            return usage(i < o->inputs.len ? "--input needs NAME=FILE.npy, got '%s'" : "--set needs NAME=VALUE, got '%s'",
                         s);
    }
    return EXIT_OK;
}

int inputs_from_args(Ctx *c, const char *cmd, uint64_t seed, int nin, const char *const *ins, int nset,
                     const char *const *sets, Inputs *in) {
    in->seed = seed;
    for (int i = 0; i < nin + nset; i++) {
        const char *s = i < nin ? ins[i] : sets[i - nin], *eq = strchr(s, '=');
        if (!eq || eq == s || !eq[1]) {
            fprintf(stderr, "ptoc: %s: %s '%s'\n", cmd, i < nin ? "--input needs NAME=FILE.npy, got" : "--set needs NAME=VALUE, got", s);
            return EXIT_USAGE;
        }
    }
    for (int i = 0; i < nin; i++) {
        const char *s = ins[i], *eq = strchr(s, '=');
        Array *a;
        Buf err = {0};
        if (!npy_read(eq + 1, &a, &err)) {
            fprintf(stderr, "ptoc: error: %s: %s\n", eq + 1, err.data);
            buf_free(&err);
            return EXIT_DIAG;
        }
        inputs_add_array(in, intern(c->names, s, (size_t)(eq - s)), a, eq + 1);
    }
    for (int i = 0; i < nset; i++) {
        const char *s = sets[i], *eq = strchr(s, '=');
        if (!inputs_add_number(in, intern(c->names, s, (size_t)(eq - s)), eq + 1, "--set")) {
            fprintf(stderr, "ptoc: %s: --set needs a number, got '%s'\n", cmd, s);
            return EXIT_USAGE;
        }
    }
    return EXIT_OK;
}

/* The inputs from --input and --set; false (reported) on a bad file or value. */
static int read_inputs(Ctx *c, const Options *o, Inputs *in) {
    int rc = inputs_from_args(c, "run", o->seed, o->inputs.len, (const char *const *)o->inputs.items, o->sets.len,
                              (const char *const *)o->sets.items, in);
    if (rc == EXIT_USAGE)
        fputs(USAGE, stderr);
    return rc;
}

static void summarize(Buf *b, const char *name, const Value *v, bool generated) {
    buf_printf(b, "%s: ", name);
    switch (v->kind) {
    case V_SCALAR:
        buf_printf(b, "%s = ", dtype_info[v->s.dt].name);
        scalar_print(b, v->s);
        break;
    case V_TENSOR:
    case V_TILE:
        array_summary(b, v->a);
        break;
    case V_TUPLE: buf_printf(b, "a tuple of %d values", v->tup->n); break;
    case V_PTR: buf_printf(b, "a %s buffer of %lld bytes", memspace_name[v->ptr.space], (long long)v->ptr.size); break;
    case V_NONE: buf_puts(b, "no value"); break;
    }
    if (generated)
        buf_puts(b, " (generated)");
    buf_putc(b, '\n');
}

/* The value as an array for a .npy file: a scalar becomes a 0-d array. NULL: nothing to write. */
static Array *as_array(const Value *v) {
    if (v->kind == V_TENSOR || v->kind == V_TILE)
        return array_retain(v->a);
    if (v->kind != V_SCALAR)
        return NULL;
    Array *a = array_new(v->s.dt, 0, NULL, MEM_DDR);
    if (!a)
        return NULL;
    k_fill(a, v->s);
    return a;
}

static int write_one(const char *dir, const char *name, const Value *v) {
    Array *a = as_array(v);
    if (!a)
        return EXIT_OK;
    Buf path = {0}, err = {0};
    buf_printf(&path, "%s/%s.npy", dir, name);
    int rc = EXIT_OK;
    if (!npy_write(path.data, a, &err)) {
        fprintf(stderr, "ptoc: error: %s: %s\n", path.data, err.data);
        rc = EXIT_DIAG;
    }
    array_release(a);
    buf_free(&path);
    buf_free(&err);
    return rc;
}

static int write_outputs(const char *dir, const InterpResult *r) {
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "ptoc: error: cannot create '%s': %s\n", dir, strerror(errno));
        return EXIT_DIAG;
    }
    for (int i = 0; i < r->nparams; i++)
        if (r->params[i].v.kind == V_TENSOR && write_one(dir, r->params[i].name, &r->params[i].v))
            return EXIT_DIAG;
    for (int i = 0; i < r->nrets; i++) {
        char name[32];
        snprintf(name, sizeof name, "return%d", i);
        if (write_one(dir, name, &r->rets[i]))
            return EXIT_DIAG;
    }
    return EXIT_OK;
}

static void print_results(const InterpResult *r) {
    Buf out = {0};
    buf_printf(&out, "entry: %s\n", r->entry->name);
    for (int i = 0; i < r->nparams; i++)
        summarize(&out, r->params[i].name, &r->params[i].v, r->params[i].generated);
    for (int i = 0; i < r->nrets; i++) {
        char name[32];
        snprintf(name, sizeof name, "return%d", i);
        summarize(&out, name, &r->rets[i], false);
    }
    fwrite(out.data, 1, out.len, stdout);
    buf_free(&out);
}

/* The runtime keeps no initialisation bits: an element of a cce run's output counts as written
 * where the interpreter's is (elements neither run writes are zero in both). */
static void adopt_init(const Value *ref, Value *got) {
    if (ref->kind != V_TENSOR || got->kind != V_TENSOR || !array_contiguous(ref->a) || !array_contiguous(got->a) ||
        ref->a->n != got->a->n)
        return;
    bits_copy(got->a->st->init, got->a->offset, ref->a->st->init, ref->a->offset, ref->a->n);
}

/* --check: the interpreter on the same inputs (read again: runs write their tensors in place),
 * every output compared with validation's tolerance rules. */
static int check(Ctx *c, const Program *p, const Options *o, InterpResult *got) {
    Inputs in = {0};
    int rc = read_inputs(c, o, &in);
    if (rc) {
        inputs_free(&in);
        return rc;
    }
    InterpResult ref = interp_run(c, p, o->entry, &in);
    rc = ref.ok ? EXIT_OK : EXIT_DIAG;
    double rtol, atol;
    Buf why = {0};
    for (int i = 0; !rc && i < ref.nparams && i < got->nparams; i++)
        adopt_init(&ref.params[i].v, &got->params[i].v);
    for (int i = 0; !rc && i < ref.nrets && i < got->nrets; i++)
        adopt_init(&ref.rets[i], &got->rets[i]);
    if (!rc) {
        result_tolerance(&ref, &rtol, &atol);
        bool exact = results_compare(&ref, got, 0, 0, &why); /* reported even where a tolerance applies */
        buf_free(&why);
        if (exact)
            printf("check: every output equals the interpreter's (bit-exact)\n");
        else if (results_compare(&ref, got, rtol, atol, &why))
            printf("check: every output agrees with the interpreter's within rtol=%g atol=%g (the tolerance of "
                   "its loosest float dtype; integers exact)\n", rtol, atol);
        else {
            fprintf(stderr, "ptoc: run: check: the cce run differs from the interpreter: %s (interpreter against "
                            "cce, within rtol=%g atol=%g)\n", why.data, rtol, atol);
            rc = EXIT_DIAG;
        }
    }
    buf_free(&why);
    interp_result_free(&ref);
    inputs_free(&in);
    return rc;
}

static int run(const Options *o) {
    Diags d;
    Ctx c;
    Buf text = {0};
    diags_init(&d, stderr);
    ctx_init(&c, &d);
    int rc = EXIT_OK;
    Inputs in = {0};
    if (!read_file(o->path, &text)) {
        fprintf(stderr, "ptoc: cannot read '%s': %s\n", o->path, strerror(errno));
        rc = EXIT_DIAG;
    }
    Source src = {strcmp(o->path, "-") == 0 ? "<stdin>" : o->path, text.data ? text.data : "", text.len};
    Program *p = rc ? NULL : parse_program(&c, &src);
    if (!rc && !p)
        rc = EXIT_DIAG;
    if (!rc)
        rc = read_inputs(&c, o, &in);
    if (!rc) {
        InterpResult r;
        PtocRtStats stats;
        if (o->cce)
            rc = cce_run(&c, p, o->entry, &in, &o->run, &r, &stats);
        else
            rc = (r = interp_run(&c, p, o->entry, &in)).ok ? EXIT_OK : EXIT_DIAG;
        if (!rc)
            print_results(&r);
        if (!rc && o->outdir)
            rc = write_outputs(o->outdir, &r);
        if (!rc && o->check)
            rc = check(&c, p, o, &r);
        if (!rc && o->stats)
            cce_stats_print(stdout, &stats);
        interp_result_free(&r);
    }
    inputs_free(&in);
    ctx_free(&c);
    buf_free(&text);
    return rc;
}

int interp_cli(int argc, char **argv) {
    Options o = {0};
    int rc = parse_options(argc, argv, &o);
    if (rc == EXIT_OK)
        rc = run(&o);
    vec_free(&o.inputs);
    vec_free(&o.sets);
    return rc;
}
