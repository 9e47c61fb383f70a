/* main.c - the ptoc command: one table of subcommands, each a function.
 * Exit status: 0 success, 1 a diagnosed error in the input, 2 bad usage. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

/* Runs the passes of `list` on in->prog; the target is the default one. */
static int run_passes(Input *in, const char *list) {
    Pipeline pl;
    Buf err = {0};
    if (!pipeline_parse(&pl, list, &err)) {
        fprintf(stderr, "ptoc: %s\n", err.data);
        buf_free(&err);
        return EXIT_USAGE;
    }
    Target target;
    target_default(&target);
    PassCtx pc = {.c = &in->ctx, .target = &target};
    Program *p = pipeline_run(&pc, in->prog, program_props(in->prog), &pl, NULL, NULL);
    buf_free(&pc.memory_json);
    buf_free(&pc.sync_json);
    if (!p)
        return EXIT_DIAG;
    in->prog = p;
    return 0;
}

static int cmd_print(int argc, char **argv) {
    const char *path = NULL, *passes = NULL;
    bool roundtrip = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--check-roundtrip") == 0)
            roundtrip = true;
        else if (strcmp(argv[i], "--passes") == 0 && i + 1 < argc)
            passes = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("print: unknown option '%s'", argv[i]);
        else if (path)
            return usage_error("print: more than one input file ('%s')", argv[i]);
        else
            path = argv[i];
    }
    if (!path)
        return usage_error("%s", "print: no input file");
    Input in;
    int rc = load(&in, path);
    if (rc == 0 && passes)
        rc = run_passes(&in, passes);
    if (rc == 0) {
        Buf out = {0};
        print_program(&out, in.prog);
        if (roundtrip)
            rc = check_roundtrip(&in, &out);
        else
            fwrite(out.data, 1, out.len, stdout);
        buf_free(&out);
    }
    unload(&in);
    return rc;
}

static int cmd_check(int argc, char **argv) {
    const char *path = NULL;
    for (int i = 0; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1])
            return usage_error("check: unknown option '%s'", argv[i]);
        if (path)
            return usage_error("check: more than one input file ('%s')", argv[i]);
        path = argv[i];
    }
    if (!path)
        return usage_error("%s", "check: no input file");
    Input in;
    int rc = load(&in, path);
    unload(&in);
    return rc;
}

static int cmd_help(int argc, char **argv);

static const Command commands[] = {
    {"print", cmd_print, "FILE [--passes LIST] [--check-roundtrip]",
     "parse and type-check FILE, run the passes of LIST (comma-separated), print the canonical\n"
     "                  text; --check-roundtrip instead checks that the text parses back to the same\n"
     "                  program and prints the same"},
    {"check", cmd_check, "FILE", "parse and type-check FILE only"},
    {"help", cmd_help, "", "show this help"},
};

static int cmd_help(int argc, char **argv) {
    (void)argc;
    (void)argv;
    printf("ptoc %s - a compiler for PTO tile programs\n\n", PTOC_VERSION);
    printf("usage: ptoc COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        printf("  %-6s %-25s %s\n", commands[i].name, commands[i].args, commands[i].help);
    printf("\nFILE may be '-' for standard input.\n"
           "options: --help, --version\n"
           "exit status: 0 success, 1 errors in the input, 2 bad usage\n"
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
