#define _POSIX_C_SOURCE 200809L
/* main.c - the ptoc command: one table of subcommands, each a function, sharing one option
 * parser. Exit status: 0 success, 1 a diagnosed error (in the input, a pass, or writing the
 * output), 2 bad usage. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ptoc.h"

enum { EXIT_DIAG = 1, EXIT_USAGE = 2 };

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *args;
    const char *help;
} Command;

static int usage_error(const char *fmt, const char *arg) {
    fprintf(stderr, "ptoc: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nrun 'ptoc --help' for usage\n");
    return EXIT_USAGE;
}

/* ---- options ---- */

/* The options a command accepts, as a set. */
enum {
    OPT_PASSES = 1 << 0,      /* --passes LIST, --strategy NAME */
    OPT_VERIFY = 1 << 1,      /* --no-verify */
    OPT_ROUNDTRIP = 1 << 2,   /* --check-roundtrip */
    OPT_COMPILE = 1 << 3,     /* --backend, -o, --no-dump-passes, --reproducible */
    OPT_TARGET = 1 << 4,      /* --capacity SPEC */
    OPT_RUN = 1 << 5,         /* --run / --validate, --entry, --seed, --input, --set */
};

typedef struct {
    const char *cmd;
    const char *path;         /* the input file */
    const char *passes, *strategy, *backend, *out, *capacity;
    bool no_verify, roundtrip, no_dump, reproducible, no_loc;
    bool run;                 /* --run, --validate: validate every pass in the interpreter */
    RunArgs ra;
    int argc;                 /* compile: the arguments after "compile" (recorded in manifests) */
    char **argv;
} Options;

/* --input/--set NAME=VALUE into list (at most 64); 0 or a usage error. */
static int run_list(const char *cmd, const char *opt, const char *v, const char **list, int *n) {
    if (*n >= 64) {
        fprintf(stderr, "ptoc: %s: more than 64 %s options\n", cmd, opt);
        return EXIT_USAGE;
    }
    list[(*n)++] = v;
    return 0;
}

/* Parses argv into o; returns 0, or the exit status of a usage error. */
static int parse_options(const char *cmd, unsigned allowed, int argc, char **argv, Options *o) {
    memset(o, 0, sizeof *o);
    o->cmd = cmd;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        const char **value = NULL;
        if ((allowed & OPT_PASSES) && strcmp(a, "--passes") == 0)
            value = &o->passes;
        else if ((allowed & OPT_PASSES) && strcmp(a, "--strategy") == 0)
            value = &o->strategy;
        else if ((allowed & OPT_COMPILE) && strcmp(a, "--backend") == 0)
            value = &o->backend;
        else if ((allowed & OPT_COMPILE) && strcmp(a, "-o") == 0)
            value = &o->out;
        else if ((allowed & OPT_TARGET) && strcmp(a, "--capacity") == 0)
            value = &o->capacity;
        else if ((allowed & OPT_RUN) && (strcmp(a, "--run") == 0 || strcmp(a, "--validate") == 0))
            o->run = true;
        else if ((allowed & OPT_RUN) && strcmp(a, "--entry") == 0)
            value = &o->ra.entry;
        else if ((allowed & OPT_RUN) && strcmp(a, "--seed") == 0)
            value = &o->ra.seed;
        else if ((allowed & OPT_RUN) && (strcmp(a, "--input") == 0 || strcmp(a, "--set") == 0)) {
            if (!has_value)
                value = &o->ra.entry; /* reported below: needs a value */
            else if (run_list(cmd, a, argv[++i], a[2] == 'i' ? o->ra.inputs : o->ra.sets,
                              a[2] == 'i' ? &o->ra.ninputs : &o->ra.nsets))
                return EXIT_USAGE;
        }
        else if ((allowed & OPT_VERIFY) && strcmp(a, "--no-verify") == 0)
            o->no_verify = true;
        else if ((allowed & OPT_ROUNDTRIP) && strcmp(a, "--check-roundtrip") == 0)
            o->roundtrip = true;
        else if ((allowed & OPT_COMPILE) && strcmp(a, "--no-dump-passes") == 0)
            o->no_dump = true;
        else if ((allowed & OPT_COMPILE) && strcmp(a, "--reproducible") == 0)
            o->reproducible = true;
        else if ((allowed & OPT_COMPILE) && strcmp(a, "--no-loc") == 0)
            o->no_loc = true;
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "ptoc: %s: unknown option '%s'\nrun 'ptoc --help' for usage\n", cmd, a);
            return EXIT_USAGE;
        } else if (o->path) {
            fprintf(stderr, "ptoc: %s: more than one input file ('%s')\nrun 'ptoc --help' for usage\n", cmd, a);
            return EXIT_USAGE;
        } else
            o->path = a;
        if (value) {
            if (!has_value || !argv[i + 1][0]) {
                fprintf(stderr, "ptoc: %s: option '%s' needs a value\nrun 'ptoc --help' for usage\n", cmd, a);
                return EXIT_USAGE;
            }
            *value = argv[++i];
        }
    }
    if (!o->path) {
        fprintf(stderr, "ptoc: %s: no input file\nrun 'ptoc --help' for usage\n", cmd);
        return EXIT_USAGE;
    }
    if (o->passes && o->strategy)
        return usage_error("%s: --passes and --strategy exclude each other", cmd);
    if (!o->run && (o->ra.entry || o->ra.seed || o->ra.ninputs || o->ra.nsets))
        return usage_error("%s: --entry, --seed, --input and --set need --run (--validate)", cmd);
    return 0;
}

/* The pipeline the options ask for: --passes, --strategy, or the given default strategy (NULL:
 * none). *strategy is set to the strategy's name, NULL for a pass list. Usage errors return 2. */
static int options_pipeline(const Options *o, const char *dflt, Pipeline *pl, const char **strategy) {
    const char *list = o->passes;
    *strategy = NULL;
    if (!list) {
        *strategy = o->strategy ? o->strategy : dflt;
        if (!*strategy) {
            pl->n = 0;
            return 0;
        }
        list = strategy_passes(*strategy);
        if (!list) {
            fprintf(stderr, "ptoc: %s: unknown strategy '%s' (ptoc passes lists them)\n", o->cmd, *strategy);
            return EXIT_USAGE;
        }
    }
    Buf err = {0};
    if (!pipeline_parse(pl, list, &err)) {
        fprintf(stderr, "ptoc: %s%s%s\n", err.data, *strategy ? " in strategy " : "", *strategy ? *strategy : "");
        buf_free(&err);
        return EXIT_USAGE;
    }
    return 0;
}

/* The target: the default one with the capacities of --capacity. Usage errors return 2. */
static int options_target(const Options *o, Target *t) {
    target_default(t);
    Buf err = {0};
    if (o->capacity && !target_set(t, o->capacity, &err)) {
        fprintf(stderr, "ptoc: %s: --capacity: %s\n", o->cmd, err.data);
        buf_free(&err);
        return EXIT_USAGE;
    }
    return 0;
}

/* ---- the input ---- */

/* One input file, parsed into a context the caller frees. */
typedef struct {
    Diags diag;
    Ctx ctx;
    Source src;
    Buf text;
    Program *prog;
} Input;

static int load(Input *in, const char *path) {
    memset(in, 0, sizeof *in);
    diags_init(&in->diag, stderr);
    ctx_init(&in->ctx, &in->diag);
    if (!read_file(path, &in->text)) {
        fprintf(stderr, "ptoc: cannot read '%s': %s\n", path, strerror(errno));
        return EXIT_DIAG;
    }
    in->src.name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    in->src.text = in->text.data ? in->text.data : "";
    in->src.len = in->text.len;
    in->prog = parse_program(&in->ctx, &in->src);
    return in->prog ? 0 : EXIT_DIAG;
}

static void unload(Input *in) {
    ctx_free(&in->ctx);
    buf_free(&in->text);
}

/* Parses the printed text again and checks that it is the same program and prints the same. */
static int check_roundtrip(Input *in, const Buf *printed) {
    Diags d;
    Ctx c;
    diags_init(&d, stderr);
    ctx_init(&c, &d);
    char name[1024];
    snprintf(name, sizeof name, "%s (printed)", in->src.name);
    Source src = {name, printed->data, printed->len};
    Program *again = parse_program(&c, &src);
    int rc = 0;
    if (!again) {
        fprintf(stderr, "%s: error: the printed program does not parse again\n", in->src.name);
        rc = EXIT_DIAG;
    } else if (!program_equal(in->prog, again, true)) {
        fprintf(stderr, "%s: error: the printed program parses to a different program\n", in->src.name);
        rc = EXIT_DIAG;
    } else if (program_hash(in->prog, true) != program_hash(again, true)) {
        fprintf(stderr, "%s: error: equal programs hash differently\n", in->src.name);
        rc = EXIT_DIAG;
    } else {
        Buf second = {0};
        print_program(&second, again);
        if (second.len != printed->len || memcmp(second.data, printed->data, printed->len) != 0) {
            fprintf(stderr, "%s: error: printing the re-parsed program gives different text\n", in->src.name);
            rc = EXIT_DIAG;
        }
        buf_free(&second);
    }
    ctx_free(&c);
    return rc;
}

/* Runs the pipeline the options name on in->prog, verifying after every pass unless
 * --no-verify; no files are written. */
static int run_passes(Input *in, const Options *o) {
    Pipeline pl;
    const char *strategy;
    Target target;
    int rc = options_pipeline(o, NULL, &pl, &strategy);
    if (!rc)
        rc = options_target(o, &target);
    Validation *v = NULL;
    if (!rc && o->run && !(v = validation_begin(&in->ctx, in->prog, &o->ra, stdout, &rc)))
        return rc;
    if (rc || pl.n == 0) {
        validation_end(v);
        return rc;
    }
    PassCtx pc = {.c = &in->ctx, .target = &target};
    Driver d;
    driver_init(&d, &pc, in->prog);
    d.verify = !o->no_verify;
    d.check = v ? validation_after_pass : NULL;
    d.check_ud = v;
    Program *p = driver_run(&d, in->prog, &pl);
    validation_end(v);
    buf_free(&pc.memory_json);
    buf_free(&pc.sync_json);
    if (!p)
        return EXIT_DIAG;
    in->prog = p;
    return 0;
}

/* ---- commands ---- */

static int cmd_print(int argc, char **argv) {
    Options o;
    int rc = parse_options("print", OPT_PASSES | OPT_VERIFY | OPT_ROUNDTRIP | OPT_TARGET, argc, argv, &o);
    if (rc)
        return rc;
    Input in;
    rc = load(&in, o.path);
    if (rc == 0)
        rc = run_passes(&in, &o);
    if (rc == 0) {
        Buf out = {0};
        print_program(&out, in.prog);
        if (o.roundtrip)
            rc = check_roundtrip(&in, &out);
        else
            fwrite(out.data, 1, out.len, stdout);
        buf_free(&out);
    }
    unload(&in);
    return rc;
}

static int cmd_check(int argc, char **argv) {
    Options o;
    int rc = parse_options("check", OPT_PASSES | OPT_VERIFY | OPT_TARGET | OPT_RUN, argc, argv, &o);
    if (rc)
        return rc;
    Input in;
    rc = load(&in, o.path);
    if (rc == 0)
        rc = run_passes(&in, &o);
    unload(&in);
    return rc;
}

/* The backends: each picks the default strategy; emit writes its files into the artifact root
 * (NULL: nothing to write). Backends not yet implemented are listed as unavailable. */
typedef struct {
    const char *name;
    const char *strategy;
    bool available;
    bool (*emit)(PassCtx *pc, const Program *p, const Options *o, Artifacts *out, Buf *err);
    /* after the reports: files that describe the whole tree (NULL: none) */
    bool (*finish)(PassCtx *pc, const Program *p, const Options *o, const char *strategy, const Pipeline *pl,
                   Artifacts *out, Buf *err);
} Backend;

/* The pto backend: output.pto (the PTO-ISA MLIR module for ptoas) in the artifact root. */
static bool emit_pto(PassCtx *pc, const Program *p, const Options *o, Artifacts *out, Buf *err) {
    PtoOptions po;
    pto_options_default(&po);
    po.loc = !o->no_loc;
    Buf text = {0};
    bool ok = pto_emit(pc->c, p, &po, &text) && artifacts_write(out, "output.pto", text.data, text.len, err);
    buf_free(&text);
    return ok;
}

/* The cce backend: the kernel tree (docs/cce-backend.md) in the artifact root. */
static bool emit_cce(PassCtx *pc, const Program *p, const Options *o, Artifacts *out, Buf *err) {
    (void)o;
    CceTree tree = {0};
    bool ok = cce_emit(pc->c, p, &tree);
    for (int i = 0; ok && i < tree.n; i++)
        ok = artifacts_write(out, tree.files[i].path, tree.files[i].text.data, tree.files[i].text.len, err);
    cce_tree_free(&tree);
    return ok;
}

/* The cce backend's manifest.json, hashing every file written before it. The command line is
 * recorded with the output directory as "<DIR>", so that it does not depend on where the tree is. */
static bool finish_cce(PassCtx *pc, const Program *p, const Options *o, const char *strategy, const Pipeline *pl,
                       Artifacts *out, Buf *err) {
    const char *argv[80], *passes[64];
    int argc = 0;
    argv[argc++] = "ptoc";
    argv[argc++] = "compile";
    for (int i = 0; i < o->argc && argc < 80; i++)
        argv[argc++] = i > 0 && strcmp(o->argv[i - 1], "-o") == 0 ? "<DIR>" : o->argv[i];
    for (int i = 0; i < pl->n; i++)
        passes[i] = pl->passes[i]->name;
    CceManifestInfo mi = {argc, argv, strategy, pl->n, passes};
    Buf text = {0};
    bool ok = cce_manifest(pc->c, p, &mi, out->tmp, &text, err) &&
              artifacts_write(out, "manifest.json", text.data, text.len, err);
    buf_free(&text);
    return ok;
}

static const Backend backends[] = {
    {"none", "Default", true, NULL, NULL},
    {"pto", "PTOAS", true, emit_pto, NULL},
    {"cce", "Default", true, emit_cce, finish_cce},
};

static int find_backend(const char *name, const Backend **out) {
    if (!name)
        return usage_error("%s", "compile: --backend is required (none, pto or cce)");
    for (size_t i = 0; i < sizeof backends / sizeof *backends; i++)
        if (strcmp(backends[i].name, name) == 0) {
            if (!backends[i].available) {
                fprintf(stderr, "ptoc: compile: backend '%s' is not available yet\n", name);
                return EXIT_USAGE;
            }
            *out = &backends[i];
            return 0;
        }
    return usage_error("compile: unknown backend '%s' (none, pto or cce)", name);
}

/* SOURCE_DATE_EPOCH as a time, when set: reproducible builds take their time from it. */
static int source_date_epoch(bool *set, time_t *t) {
    const char *s = getenv("SOURCE_DATE_EPOCH");
    *set = s && *s;
    if (!*set)
        return 0;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < 0) {
        fprintf(stderr, "ptoc: SOURCE_DATE_EPOCH must be a number of seconds, not '%s'\n", s);
        return EXIT_USAGE;
    }
    *t = (time_t)v;
    return 0;
}

/* build_output/<program>_<YYYYmmdd-HHMMSS>: local time; the UTC time of SOURCE_DATE_EPOCH when
 * set; no time at all for --reproducible without it (so that two runs name the same root). */
static void default_root(Buf *dir, const char *program, bool reproducible, bool have_epoch, time_t epoch) {
    buf_printf(dir, "build_output/%s", program);
    if (reproducible && !have_epoch)
        return;
    struct tm tm;
    time_t t = have_epoch ? epoch : time(NULL);
    if (have_epoch)
        gmtime_r(&t, &tm);
    else
        localtime_r(&t, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    buf_printf(dir, "_%s", stamp);
}

/* Runs the pipeline with dumps and verification, lets the backend emit, writes the reports:
 * all into the temporary artifact root, which the caller commits on success. */
static bool compile_into(Input *in, const Options *o, const Backend *be, const Pipeline *pl, const char *strategy,
                         const Target *target, Artifacts *art, bool reproducible) {
    PassCtx pc = {.c = &in->ctx, .target = target};
    Driver d;
    driver_init(&d, &pc, in->prog);
    d.out = art;
    d.verify = !o->no_verify;
    d.dump = !o->no_dump;
    d.timing = !reproducible;
    int status = 0;
    Validation *v = NULL;
    if (o->run && !(v = validation_begin(&in->ctx, in->prog, &o->ra, stderr, &status)))
        return false;
    d.check = v ? validation_after_pass : NULL;
    d.check_ud = v;
    Program *p = driver_run(&d, in->prog, pl);
    validation_end(v);
    Buf err = {0};
    bool ok = p && (!be->emit || be->emit(&pc, p, o, art, &err)) && driver_write_reports(&d, strategy, &err) &&
              (!be->finish || be->finish(&pc, p, o, strategy, pl, art, &err));
    if (!ok && err.len)
        fprintf(stderr, "ptoc: %s\n", err.data);
    buf_free(&err);
    buf_free(&pc.memory_json);
    buf_free(&pc.sync_json);
    return ok;
}

/* `ptoc verify-tree DIR` (docs/cce-backend.md). */
static int cmd_verify_tree(int argc, char **argv) {
    if (argc != 1 || argv[0][0] == '-')
        return usage_error("%s", "verify-tree: expected exactly one directory");
    return cce_verify_tree(argv[0], stdout) ? EXIT_DIAG : 0;
}

static int cmd_compile(int argc, char **argv) {
    Options o;
    const Backend *be = NULL;
    Pipeline pl;
    const char *strategy;
    Target target;
    bool have_epoch;
    time_t epoch = 0;
    int rc = parse_options("compile", OPT_PASSES | OPT_VERIFY | OPT_COMPILE | OPT_TARGET | OPT_RUN, argc, argv, &o);
    o.argc = argc;
    o.argv = argv;
    if (!rc)
        rc = find_backend(o.backend, &be);
    if (!rc)
        rc = options_pipeline(&o, be->strategy, &pl, &strategy);
    if (!rc)
        rc = options_target(&o, &target);
    if (!rc)
        rc = source_date_epoch(&have_epoch, &epoch);
    if (rc)
        return rc;
    bool reproducible = o.reproducible || have_epoch;
    Input in;
    rc = load(&in, o.path);
    if (rc) {
        unload(&in);
        return rc;
    }
    Buf dir = {0}, err = {0};
    if (o.out)
        buf_puts(&dir, o.out);
    else
        default_root(&dir, in.prog->name, reproducible, have_epoch, epoch);
    Artifacts art;
    if (!artifacts_begin(&art, dir.data, &err) ||
        !compile_into(&in, &o, be, &pl, strategy, &target, &art, reproducible) ||
        !artifacts_commit(&art, &err)) {
        if (err.len)
            fprintf(stderr, "ptoc: %s\n", err.data);
        rc = EXIT_DIAG;
    } else
        printf("%s\n", art.dir);
    artifacts_end(&art);
    buf_free(&dir);
    buf_free(&err);
    unload(&in);
    return rc;
}

static void prop_names(Buf *b, unsigned props) {
    static const char *const names[] = {
#define X(n, d) #n,
        PROPS(X)
#undef X
    };
    const char *sep = "";
    for (int i = 0; i < PROP__COUNT; i++)
        if (props & (1u << i)) {
            buf_printf(b, "%s%s", sep, names[i]);
            sep = ",";
        }
    if (!props)
        buf_puts(b, "-");
}

static int cmd_passes(int argc, char **argv) {
    (void)argv;
    if (argc > 0)
        return usage_error("passes: unexpected argument '%s'", argv[0]);
    printf("passes (needs -> gives):\n");
    for (int i = 0; i < pass_count; i++) {
        const PassInfo *p = &pass_table[i];
        Buf b = {0};
        prop_names(&b, p->needs);
        buf_puts(&b, " -> ");
        prop_names(&b, p->gives);
        if (p->kills) {
            buf_puts(&b, " (kills ");
            prop_names(&b, p->kills);
            buf_puts(&b, ")");
        }
        printf("  %-24s %-26s %s\n", p->name, b.data, p->help);
        buf_free(&b);
    }
    printf("\nstrategies:\n");
#define X(n, list) printf("  %-8s %s\n", #n, list);
    STRATEGIES(X)
#undef X
    printf("\nproperties:\n");
    static const char *const names[] = {
#define X(n, d) #n,
        PROPS(X)
#undef X
    };
    for (int i = 0; i < PROP__COUNT; i++)
        printf("  %-10s %s\n", names[i], prop_desc[i]);
    return 0;
}

static int cmd_help(int argc, char **argv);

static const Command commands[] = {
    {"print", cmd_print, "FILE [--passes LIST | --strategy NAME] [--capacity SPEC] [--no-verify] [--check-roundtrip]",
     "parse and type-check FILE, run the passes (verifying after each), print the canonical text;\n"
     "        --check-roundtrip instead checks that the text parses back to the same program and\n"
     "        prints the same"},
    {"check", cmd_check,
     "FILE [--passes LIST | --strategy NAME] [--capacity SPEC] [--no-verify]\n"
     "        [--run [--entry F] [--seed N] [--input NAME=FILE.npy ...] [--set NAME=VALUE ...]]",
     "parse and type-check FILE, run the passes (verifying after each); no output; --run also\n"
     "        runs the program in the interpreter before the first pass and after every pass on\n"
     "        the same inputs (as `ptoc run` takes them) and names the first pass that changes an\n"
     "        output (bit-exact), printing a line per stage"},
    {"compile", cmd_compile,
     "FILE --backend none|pto|cce [-o DIR] [--strategy NAME | --passes LIST]\n"
     "        [--capacity SPEC] [--no-dump-passes] [--no-verify] [--reproducible] [--no-loc]\n"
     "        [--validate [--entry F] [--seed N] [--input NAME=FILE.npy ...] [--set NAME=VALUE ...]]",
     "compile FILE into the artifact root DIR (default build_output/PROGRAM_YYYYmmdd-HHMMSS):\n"
     "        passes_dump/ (the text after each pass), report/ (passes.json, memory.json,\n"
     "        sync.json) and the backend's output; the strategy defaults to the backend's\n"
     "        (pto: PTOAS, otherwise Default); --reproducible (or SOURCE_DATE_EPOCH) gives\n"
     "        byte-identical trees; --no-loc leaves the source locations out of output.pto;\n"
     "        --validate checks every pass as check --run does (lines on standard error);\n"
     "        prints DIR"},
    {"verify-tree", cmd_verify_tree, "DIR",
     "check a cce tree against its manifest.json: every file's SHA-256, files the manifest does\n"
     "        not list, func_ids, kernel sources; prints each difference (exit status 1) or that it\n"
     "        matches"},
    {"passes", cmd_passes, "", "list the passes, the strategies and the properties"},
    {"run", interp_cli,
     "FILE [--entry F] [--seed N] [--input NAME=FILE.npy ...] [--set NAME=VALUE ...] [--output-dir D]\n"
     "        [--backend interp|cce [--workers V,C] [--check] [--stats] [--keep-tree DIR] [--no-cache]\n"
     "        [--rt-config task_ring=N,tensor_map=N,dep_pool=N,ready_queue=N,arena=BYTES]]",
     "run FILE in the reference interpreter (docs/interpreter.md); prints each result's summary;\n"
     "        --backend cce compiles it with the cce backend, builds the tree with ${CXX:-g++} (objects\n"
     "        cached in $PTOC_CACHE_DIR, default ~/.cache/ptoc) and runs it on the CPU runtime with\n"
     "        V vector and C cube workers (default 2,1), printing the same lines; --check also runs\n"
     "        the interpreter on the same inputs and compares every output; --stats prints the\n"
     "        runtime's counters (docs/cpu-runtime.md)"},
    {"help", cmd_help, "", "show this help"},
};

static int cmd_help(int argc, char **argv) {
    (void)argc;
    (void)argv;
    printf("ptoc %s - a compiler for PTO tile programs\n\n", PTOC_VERSION);
    printf("usage: ptoc COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        printf("  %s %s\n        %s\n", commands[i].name, commands[i].args, commands[i].help);
    printf("\nFILE may be '-' for standard input. LIST is comma-separated pass names. SPEC sets on-chip\n"
           "capacities in bytes (K, M suffixes) and the alignment: Vec=196608,Acc=128K,align=32.\n"
           "options: --help, --version\n"
           "exit status: 0 success, 1 errors (in the input, a pass, or writing files), 2 bad usage\n"
           "diagnostics are coloured on a terminal unless NO_COLOR is set\n");
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2)
        return usage_error("%s", "no command given");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
        return cmd_help(0, NULL);
    if (strcmp(cmd, "--version") == 0) {
        printf("ptoc %s\n", PTOC_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(cmd, commands[i].name) == 0) {
            for (int j = 2; j < argc; j++)
                if (strcmp(argv[j], "--help") == 0)
                    return cmd_help(0, NULL);
            return commands[i].run(argc - 2, argv + 2);
        }
    return usage_error("unknown command '%s'", cmd);
}
