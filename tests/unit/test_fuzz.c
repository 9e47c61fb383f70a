/* test_fuzz.c - the parser on thousands of mutated examples: it must never crash or hang,
 * must report an error whenever it rejects a file, and whatever it accepts must print and
 * parse back to the same program. Deterministic: a fixed seed per file. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"
#include "unit.h"

/* PTOC_FUZZ_N and PTOC_FUZZ_SEED run a longer or different campaign by hand. */
enum { MUTATIONS_PER_FILE = 500 };

static uint64_t rng_next(uint64_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Characters that matter to the lexer and parser, so mutations reach deep paths. */
static const char alphabet[] = "()[]{}:,.=+-*/%<>!&|^~@#'\"\\\n    \tpl0123456789xyz_eE";

static void mutate(Buf *out, const char *text, size_t len, uint64_t *seed) {
    size_t a = len ? rng_next(seed) % len : 0, b = len ? rng_next(seed) % len : 0;
    if (a > b) {
        size_t t = a;
        a = b;
        b = t;
    }
    if (b - a > 40)
        b = a + 40;
    switch (rng_next(seed) % 6) {
    case 0: /* delete a span */
        buf_putn(out, text, a);
        buf_putn(out, text + b, len - b);
        break;
    case 1: /* insert a character */
        buf_putn(out, text, a);
        buf_putc(out, alphabet[rng_next(seed) % (sizeof alphabet - 1)]);
        buf_putn(out, text + a, len - a);
        break;
    case 2: /* replace a character */
        buf_putn(out, text, len);
        if (len)
            out->data[a] = alphabet[rng_next(seed) % (sizeof alphabet - 1)];
        break;
    case 3: /* duplicate a span */
        buf_putn(out, text, b);
        buf_putn(out, text + a, len - a);
        break;
    case 4: /* truncate */
        buf_putn(out, text, a);
        break;
    default: /* two mutations */
        {
            Buf tmp = {0};
            mutate(&tmp, text, len, seed);
            mutate(out, tmp.data ? tmp.data : "", tmp.len, seed);
            buf_free(&tmp);
        }
        break;
    }
    if (!out->data)
        buf_puts(out, "");
}

static void fuzz_file(const char *path, FILE *sink, int *accepted, int *rejected) {
    Buf text = {0};
    if (!read_file(path, &text)) {
        CHECK(!"cannot read an example");
        return;
    }
    const char *env_n = getenv("PTOC_FUZZ_N"), *env_seed = getenv("PTOC_FUZZ_SEED");
    int count = env_n ? atoi(env_n) : MUTATIONS_PER_FILE;
    uint64_t seed = (0x9E3779B97F4A7C15ull ^ text.len) + (env_seed ? strtoull(env_seed, NULL, 10) : 0);
    for (int i = 0; i < count; i++) {
        Buf m = {0};
        mutate(&m, text.data, text.len, &seed);
        Diags d = {.out = sink};
        Ctx c;
        ctx_init(&c, &d);
        Source src = {path, m.data, m.len};
        Program *p = parse_program(&c, &src);
        if (!p) {
            CHECK(d.nerrors > 0);
            ++*rejected;
        } else {
            CHECK_EQ_INT(d.nerrors, 0);
            ++*accepted;
            Buf printed = {0};
            print_program(&printed, p);
            Diags d2 = {.out = sink};
            Ctx c2;
            ctx_init(&c2, &d2);
            Source src2 = {"printed", printed.data, printed.len};
            Program *q = parse_program(&c2, &src2);
            CHECK(q != NULL);
            if (q && !program_equal(p, q, true)) {
                unit_fail(__FILE__, __LINE__, "mutation %d of %s does not round-trip (input in %s)", i, path,
                          "build/fuzz_failure.py");
                FILE *f = fopen("build/fuzz_failure.py", "w");
                if (f) {
                    fwrite(m.data, 1, m.len, f);
                    fclose(f);
                }
            }
            ctx_free(&c2);
            buf_free(&printed);
        }
        ctx_free(&c);
        buf_free(&m);
    }
    buf_free(&text);
}

void test_fuzz_mutated_examples(void) {
    FILE *sink = fopen("/dev/null", "w");
    DIR *dir = opendir("examples");
    CHECK(sink && dir);
    if (!sink || !dir)
        return;
    char *names[64];
    int n = 0;
    for (struct dirent *e; (e = readdir(dir)) && n < 64;) {
        size_t len = strlen(e->d_name);
        if (len > 3 && strcmp(e->d_name + len - 3, ".py") == 0) {
            names[n] = malloc(len + 10);
            snprintf(names[n++], len + 10, "examples/%s", e->d_name);
        }
    }
    closedir(dir);
    int accepted = 0, rejected = 0;
    for (int i = 0; i < n; i++) {
        fuzz_file(names[i], sink, &accepted, &rejected);
        free(names[i]);
    }
    fclose(sink);
    CHECK(n >= 8);
    CHECK(rejected > 0); /* the mutations do reach the error paths */
}
