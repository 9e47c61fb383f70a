/* test_validate.c - pass-by-pass validation (src/interp/validate.c): a pipeline with a fake pass
 * that changes a constant is stopped at that pass, and the error names the pass, the output,
 * the first differing element, both values and the two dumps to diff; a correct pipeline
 * validates. */
#include <stdlib.h>

#include "interp/interp.h"
#include "unit.h"

static const char good_text[] =
    "import pypto.language as pl\n"
    "\n"
    "@pl.program\n"
    "class P:\n"
    "    @pl.function\n"
    "    def main(self, x: pl.Tensor[[4, 8], pl.FP32]) -> pl.Tensor[[4, 8], pl.FP32]:\n"
    "        y = pl.tensor.add_scalar(x, 1.0)\n"
    "        return y\n";

/* The same program with another constant: what the fake pass returns. The Source outlives the
 * test's Ctx (the Program points into it). */
static const char bad_text[] =
    "import pypto.language as pl\n"
    "\n"
    "@pl.program\n"
    "class P:\n"
    "    @pl.function\n"
    "    def main(self, x: pl.Tensor[[4, 8], pl.FP32]) -> pl.Tensor[[4, 8], pl.FP32]:\n"
    "        y = pl.tensor.add_scalar(x, 2.0)\n"
    "        return y\n";
static const Source bad_src = {"bad.py", bad_text, sizeof bad_text - 1};

static Program *fake_change_constant(PassCtx *pc, const Program *p) {
    (void)p;
    return parse_program(pc->c, &bad_src);
}

static Program *fake_identity(PassCtx *pc, const Program *p) {
    (void)pc;
    return (Program *)p;
}

/* Runs pass_table's ConvertToSSA, then `fake`, then FlattenCallExpr with validation; returns
 * whether the pipeline succeeded and the diagnostics in diag. */
static bool validate_with(PassFn fake, Buf *diag) {
    Diags d;
    Ctx c;
    FILE *out = tmpfile();
    diags_init(&d, out ? out : stderr);
    d.color = false;
    ctx_init(&c, &d);
    Source src = {"good.py", good_text, sizeof good_text - 1};
    Program *p = parse_program(&c, &src);
    bool ok = false;
    if (p) {
        PassInfo fake_info = {"FakePass", fake, 0, 0, 0, "a test pass"};
        Pipeline pl = {3, {pass_lookup("ConvertToSSA"), &fake_info, pass_lookup("FlattenCallExpr")}};
        Target target;
        target_default(&target);
        PassCtx pc = {.c = &c, .target = &target};
        RunArgs ra = {.seed = "3"};
        int status = 0;
        Validation *v = validation_begin(&c, p, &ra, NULL, &status);
        Driver dr;
        driver_init(&dr, &pc, p);
        dr.check = validation_after_pass;
        dr.check_ud = v;
        ok = v && driver_run(&dr, p, &pl) != NULL;
        validation_end(v);
        buf_free(&pc.memory_json);
        buf_free(&pc.sync_json);
    }
    if (out) {
        fflush(out);
        long n = ftell(out);
        rewind(out);
        char *text = calloc((size_t)(n > 0 ? n : 0) + 1, 1);
        if (text && n > 0 && fread(text, 1, (size_t)n, out) == (size_t)n)
            buf_puts(diag, text);
        free(text);
        fclose(out);
    }
    ctx_free(&c);
    return ok;
}

void test_validate_names_first_changing_pass(void) {
    Buf diag = {0};
    CHECK(!validate_with(fake_change_constant, &diag));
    const char *t = diag.data ? diag.data : "";
    CHECK(strstr(t, "validation: pass 'FakePass' changes the result") != NULL);
    CHECK(strstr(t, "output 'return0': element [0, 0]") != NULL);
    CHECK(strstr(t, "diff passes_dump/01_after_ConvertToSSA.py passes_dump/02_after_FakePass.py") != NULL);
    CHECK(strstr(t, "FlattenCallExpr") == NULL); /* the pipeline stopped at the fake pass */
    if (!strstr(t, "FakePass"))
        unit_fail(__FILE__, __LINE__, "diagnostics: %s", t);
    buf_free(&diag);
}

void test_validate_identity_pass_passes(void) {
    Buf diag = {0};
    CHECK(validate_with(fake_identity, &diag));
    CHECK(diag.len == 0);
    buf_free(&diag);
}
