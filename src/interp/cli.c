#define _POSIX_C_SOURCE 200809L
/* cli.c - `ptoc run FILE [--entry F] [--seed N] [--input NAME=PATH.npy ...] [--set NAME=VALUE ...]
 * [--output-dir D]`: runs a program in the interpreter and reports its results.
 *
 * Standard output, one line per result: `entry: NAME`, then every parameter of the entry with
 * its final value, then `returnI` for every returned value:
 *     x: [256, 64] FP32 min=-0.99 max=0.99 mean=0.0012 fnv1a=0123456789abcdef (generated)
 *     n: INT64 = 5
 * With --output-dir D, each tensor parameter goes to D/NAME.npy and each returned value to
 * D/returnI.npy (a scalar as a 0-d array). Exit status: 0, 1 for a diagnosed error (parse, run
 * time, input files), 2 for bad usage. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "interp/interp.h"

enum { EXIT_OK = 0, EXIT_DIAG = 1, EXIT_USAGE = 2 };

typedef struct {
    const char *path, *entry, *outdir;
    uint64_t seed;
    PtrVec inputs; /* "NAME=PATH" */
    PtrVec sets;   /* "NAME=VALUE" */
} Options;

static int usage(const char *fmt, const char *arg) {
    fprintf(stderr, "ptoc: run: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: ptoc run FILE [--entry F] [--seed N] [--input NAME=FILE.npy ...] "
                    "[--set NAME=VALUE ...] [--output-dir D]\n");
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

static int parse_options(int argc, char **argv, Options *o) {
    for (int i = 0; i < argc; i++) {
        bool missing = false;
        const char *v;
        if ((v = option(argc, argv, &i, "--entry", &missing)))
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
    }
    if (!o->path)
        return usage("%s", "no input file");
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
        fprintf(stderr, "usage: ptoc run FILE [--entry F] [--seed N] [--input NAME=FILE.npy ...] "
                        "[--set NAME=VALUE ...] [--output-dir D]\n");
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
        InterpResult r = interp_run(&c, p, o->entry, &in);
        if (!r.ok) {
            rc = EXIT_DIAG;
        } else {
            Buf out = {0};
            buf_printf(&out, "entry: %s\n", r.entry->name);
            for (int i = 0; i < r.nparams; i++)
                summarize(&out, r.params[i].name, &r.params[i].v, r.params[i].generated);
            for (int i = 0; i < r.nrets; i++) {
                char name[32];
                snprintf(name, sizeof name, "return%d", i);
                summarize(&out, name, &r.rets[i], false);
            }
            fwrite(out.data, 1, out.len, stdout);
            buf_free(&out);
            if (o->outdir)
                rc = write_outputs(o->outdir, &r);
        }
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
