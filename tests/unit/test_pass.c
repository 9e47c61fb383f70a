#define _POSIX_C_SOURCE 200809L
/* test_pass.c - the pass manager (pass/pass.c), the verifier and property detection
 * (pass/verify.c), and the artifact root (util/fs.c). Violations the passes should never
 * produce are made by hand: a program is parsed, then a copy is changed. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"
#include "unit.h"

/* A parsed program whose diagnostics go to memory. */
typedef struct {
    Diags d;
    Ctx c;
    Source src;
    FILE *f;
    char *text;
    size_t len;
    Program *p;
    PassCtx pc;
} T;

static Program *parse_text(T *t, const char *text) {
    memset(t, 0, sizeof *t);
    t->f = open_memstream(&t->text, &t->len);
    diags_init(&t->d, t->f);
    t->d.color = false;
    ctx_init(&t->c, &t->d);
    t->src = (Source){"t.py", text, strlen(text)};
    t->p = parse_program(&t->c, &t->src);
    t->pc.c = &t->c;
    return t->p;
}

/* Everything diagnosed so far. */
static const char *diags_text(T *t) {
    fflush(t->f);
    return t->text ? t->text : "";
}

static void done(T *t) {
    fclose(t->f);
    free(t->text);
    ctx_free(&t->c);
}

#define CHECK_CONTAINS(hay, needle)                                                    \
    do {                                                                               \
        const char *h_ = (hay);                                                        \
        if (!strstr(h_, (needle)))                                                     \
            unit_fail(__FILE__, __LINE__, "'%s' not in:\n%s", (needle), h_);          \
    } while (0)

/* The body statements of function i, and a copy of the program whose function i has the
 * statements `items`. */
static Stmt **body(Program *p, int i) { return p->funcs[i]->body->seq.items; }

static Program *with_body(T *t, int i, int n, Stmt **items) {
    Program *q = program_shell(&t->c, t->p);
    q->funcs[i]->body = mk_seq(&t->c, q->funcs[i]->body->loc, n, items);
    return q;
}

static Stmt *copy(T *t, const Stmt *s) { return arena_dup(t->c.arena, s, sizeof *s); }

static const char *const SCALARS =
    "import pypto.language as pl\n"
    "\n"
    "@pl.program\n"
    "class P:\n"
    "    @pl.function\n"
    "    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:\n"
    "        a = x + 1\n"
    "        b = a * 2\n"
    "        for i, (acc,) in pl.range(0, 4, 1, init_values=(b,)):\n"
    "            acc2 = acc + i\n"
    "            out = pl.yield_(acc2)\n"
    "        return out\n";

/* ---- pipelines ---- */

void test_pass_pipeline_parse_errors(void) {
    Pipeline pl;
    Buf err = {0};
    CHECK(!pipeline_parse(&pl, "RunVerifier,Frobnicate", &err));
    CHECK_EQ_STR(err.data, "unknown pass 'Frobnicate' (ptoc passes lists them)");
    err.len = 0;
    CHECK(!pipeline_parse(&pl, "RunVerifier,,Simplify", &err));
    CHECK_EQ_STR(err.data, "empty or overlong pass name in 'RunVerifier,,Simplify'");
    err.len = 0;
    CHECK(!pipeline_parse(&pl, "", &err));
    CHECK_EQ_STR(err.data, "no passes given");
    err.len = 0;
    Buf many = {0};
    for (int i = 0; i < 65; i++)
        buf_printf(&many, "%sSimplify", i ? "," : "");
    CHECK(!pipeline_parse(&pl, many.data, &err));
    CHECK(strncmp(err.data, "too many passes in", 18) == 0);
    err.len = 0;
    CHECK(pipeline_parse(&pl, "RunVerifier,Simplify", &err));
    CHECK_EQ_INT(pl.n, 2);
    CHECK_EQ_STR(pl.passes[1]->name, "Simplify");
    buf_free(&many);
    buf_free(&err);
}

void test_pass_needs_message(void) {
    T t;
    /* x is bound twice: not SSA, so RunVerifier may not run */
    if (!parse_text(&t, "import pypto.language as pl\n\n@pl.function\ndef f(x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:\n"
                        "    x = x + 1\n    return x\n"))
        return;
    Pipeline pl;
    Buf err = {0};
    CHECK(pipeline_parse(&pl, "RunVerifier", &err));
    unsigned have = program_props(t.p);
    CHECK(!(have & PROP_SSA));
    CHECK(pipeline_run(&t.pc, t.p, have, &pl, NULL, NULL) == NULL);
    CHECK_CONTAINS(diags_text(&t), "error: pass RunVerifier needs SSA (every variable assigned once), which the program "
                                   "does not have at that point (run ");
    buf_free(&err);
    done(&t);
}

/* ---- property detection ---- */

void test_pass_props_scalars(void) {
    T t;
    if (!parse_text(&t, SCALARS))
        return;
    unsigned p = program_props(t.p);
    CHECK(p & PROP_SSA);
    CHECK(p & PROP_FLAT);
    CHECK(p & PROP_OUTLINED);
    /* no InCore function: the kernel-level properties are not claimed */
    CHECK(!(p & (PROP_TILED | PROP_MEMREF | PROP_REUSED | PROP_SYNCED | PROP_ADDRESSED)));
    done(&t);
}

void test_pass_props_nested_scope_kernel(void) {
    T t;
    if (!parse_text(&t, "import pypto.language as pl\n\n@pl.program\nclass P:\n"
                        "    @pl.function(type=pl.FunctionType.InCore)\n"
                        "    def k(self, a: pl.Tensor[[16, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:\n"
                        "        t = pl.exp(pl.load(a, [0, 0], [16, 16]))\n"
                        "        r = pl.store(t, [0, 0], [16, 16], out)\n"
                        "        return r\n"
                        "\n"
                        "    @pl.function\n"
                        "    def g(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:\n"
                        "        with pl.incore():\n"
                        "            b = pl.add(a, a)\n"
                        "        return b\n"))
        return;
    unsigned p = program_props(t.p);
    CHECK(p & PROP_SSA);
    CHECK(!(p & PROP_FLAT));
    CHECK(!(p & PROP_OUTLINED));
    CHECK(!(p & PROP_TILED));
    CHECK_EQ_STR(diags_text(&t), ""); /* detection is silent */
    done(&t);
}

void test_pass_props_after_memory_passes(void) {
    T t;
    if (!parse_text(&t, "import pypto.language as pl\n\n@pl.program\nclass P:\n"
                        "    @pl.function(type=pl.FunctionType.InCore)\n"
                        "    def k(self, a: pl.Tensor[[16, 16], pl.FP32, pl.MemRef(\"mem_ddr_0\", 0, 1024)], "
                        "out: pl.Out[pl.Tensor[[16, 16], pl.FP32, pl.MemRef(\"mem_ddr_1\", 0, 1024)]]) "
                        "-> pl.Tensor[[16, 16], pl.FP32, pl.MemRef(\"mem_ddr_1\", 0, 1024)]:\n"
                        "        mem_vec_0: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 1024)\n"
                        "        t: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_0, 0, 1024), pl.Mem.Vec] = pl.load(a, [0, 0], [16, 16])\n"
                        "        pl.system.sync_src(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.MTE3, event_id=0)\n"
                        "        pl.system.sync_dst(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.MTE3, event_id=0)\n"
                        "        r: pl.Tensor[[16, 16], pl.FP32, pl.MemRef(\"mem_ddr_1\", 0, 1024)] = pl.store(t, [0, 0], [16, 16], out)\n"
                        "        return r\n"))
        return;
    unsigned all = (1u << PROP__COUNT) - 1;
    CHECK_EQ_INT(program_props(t.p), all);
    CHECK(verify_program(&t.pc, t.p, all));
    CHECK_EQ_STR(diags_text(&t), "");
    done(&t);
}

/* ---- verification of hand-made violations ---- */

void test_pass_verify_assigned_twice(void) {
    T t;
    if (!parse_text(&t, SCALARS))
        return;
    /* b = a * 2 now binds a second 'a' */
    Stmt *s = copy(&t, body(t.p, 0)[1]);
    Var *a2 = var_new(&t.c, s->assign.vars[0]->loc, intern_cstr(t.c.names, "a"), s->assign.vars[0]->type);
    s->assign.vars = &a2;
    Stmt *items[] = {body(t.p, 0)[0], s};
    Program *q = with_body(&t, 0, 2, items);
    q->funcs[0]->nrets = 0;
    t.pc.pass = "ConvertToSSA";
    CHECK(!verify_program(&t.pc, q, PROP_SSA));
    CHECK_CONTAINS(diags_text(&t), "t.py:8:9: error: after ConvertToSSA: [ssa] 'a' is assigned twice\n");
    CHECK_CONTAINS(diags_text(&t), "t.py:7:9: note: 'a' is first assigned here\n");
    done(&t);
}

void test_pass_verify_use_not_dominated(void) {
    T t;
    if (!parse_text(&t, SCALARS))
        return;
    /* return acc2, which is defined only inside the loop */
    Stmt *loop = body(t.p, 0)[2];
    Stmt *ret = copy(&t, body(t.p, 0)[3]);
    Expr *use = mk_var(&t.c, ret->vals.vals[0]->loc, loop->loop.body->seq.items[0]->assign.vars[0]);
    ret->vals.vals = &use;
    Stmt *items[] = {body(t.p, 0)[0], body(t.p, 0)[1], loop, ret};
    Program *q = with_body(&t, 0, 4, items);
    CHECK(!verify_program(&t.pc, q, PROP_SSA));
    CHECK_CONTAINS(diags_text(&t), "t.py:12:16: error: in the input: [ssa] 'acc2' is used where its definition does not reach\n");
    CHECK_CONTAINS(diags_text(&t), "t.py:10:13: note: 'acc2' is defined here\n");
    /* without the SSA rules, the same program is fine */
    CHECK(verify_program(&t.pc, q, 0));
    done(&t);
}

void test_pass_verify_yield_type(void) {
    T t;
    if (!parse_text(&t, SCALARS))
        return;
    Stmt *loop = copy(&t, body(t.p, 0)[2]);
    Stmt *yield = copy(&t, loop->loop.body->seq.items[1]);
    Expr *f = mk_float(&t.c, yield->vals.vals[0]->loc, 1.5);
    yield->vals.vals = &f;
    Stmt *inner[] = {loop->loop.body->seq.items[0], yield};
    loop->loop.body = mk_seq(&t.c, loop->loop.body->loc, 2, inner);
    Stmt *items[] = {body(t.p, 0)[0], body(t.p, 0)[1], loop, body(t.p, 0)[3]};
    Program *q = with_body(&t, 0, 4, items);
    t.pc.pass = "Simplify";
    CHECK(!verify_program(&t.pc, q, PROP_SSA | PROP_FLAT));
    CHECK_CONTAINS(diags_text(&t), "error: after Simplify: [type] yielded value 1 has type pl.Scalar[pl.FP32] but 'acc' is "
                                   "pl.Scalar[pl.INT64]\n");
    done(&t);
}

void test_pass_verify_missing_yield(void) {
    T t;
    if (!parse_text(&t, SCALARS))
        return;
    Stmt *loop = copy(&t, body(t.p, 0)[2]);
    loop->loop.body = mk_seq(&t.c, loop->loop.body->loc, 1, loop->loop.body->seq.items);
    Stmt *items[] = {body(t.p, 0)[0], body(t.p, 0)[1], loop, body(t.p, 0)[3]};
    CHECK(!verify_program(&t.pc, with_body(&t, 0, 4, items), 0));
    CHECK_CONTAINS(diags_text(&t), "t.py:10:13: error: in the input: [type] the body must end with a yield of 1 value\n");
    done(&t);
}

void test_pass_verify_nested_call(void) {
    T t;
    if (!parse_text(&t, "import pypto.language as pl\n\n@pl.program\nclass P:\n"
                        "    @pl.function\n"
                        "    def f(self, a: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:\n"
                        "        b = pl.exp(a)\n"
                        "        c = pl.add(b, a)\n"
                        "        return c\n"))
        return;
    CHECK(program_props(t.p) & PROP_FLAT);
    /* c = pl.add(pl.exp(a), a) */
    Stmt *s = copy(&t, body(t.p, 0)[1]);
    Expr *call = arena_dup(t.c.arena, s->assign.value, sizeof(Expr));
    call->call.args = ARENA_ARRAY(t.c.arena, Expr *, 2);
    call->call.args[0] = body(t.p, 0)[0]->assign.value;
    call->call.args[1] = s->assign.value->call.args[1];
    s->assign.value = call;
    Stmt *items[] = {s, body(t.p, 0)[2]};
    Program *q = with_body(&t, 0, 2, items);
    t.pc.pass = "FlattenCallExpr";
    CHECK(!verify_program(&t.pc, q, PROP_FLAT));
    CHECK_CONTAINS(diags_text(&t),
                   "t.py:7:13: error: after FlattenCallExpr: [flat] the call of pl.tensor.exp is nested in the arguments of another call\n");
    CHECK(!(program_props(q) & PROP_FLAT));
    done(&t);
}

void test_pass_verify_call_and_return(void) {
    T t;
    if (!parse_text(&t, "import pypto.language as pl\n\n@pl.program\nclass P:\n"
                        "    @pl.function\n"
                        "    def g(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:\n"
                        "        return n\n"
                        "\n"
                        "    @pl.function\n"
                        "    def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:\n"
                        "        y = self.g(x)\n"
                        "        return y\n"))
        return;
    /* g now returns a BOOL */
    Program *q = program_shell(&t.c, t.p);
    Func *g = q->funcs[0];
    g->rets = ARENA_ARRAY(t.c.arena, Type *, 1);
    g->rets[0] = ty_scalar(&t.c, DT_BOOL);
    CHECK(!verify_program(&t.pc, q, PROP_SSA));
    const char *out = diags_text(&t);
    CHECK_CONTAINS(out, "t.py:7:16: error: in the input: [type] 'g' returns pl.Scalar[pl.BOOL], got pl.Scalar[pl.INT64]\n");
    CHECK_CONTAINS(out, "t.py:11:9: error: in the input: [type] 'y' is pl.Scalar[pl.INT64] but its value is pl.Scalar[pl.BOOL]\n");
    /* g now takes an FP32 (a new parameter: the old one's use is now undefined) */
    q = program_shell(&t.c, t.p);
    g = q->funcs[0];
    Var *p = var_new(&t.c, g->params[0]->loc, g->params[0]->name, ty_scalar(&t.c, DT_FP32));
    g->params = &p;
    CHECK(!verify_program(&t.pc, q, PROP_SSA));
    out = diags_text(&t);
    CHECK_CONTAINS(out, "t.py:7:16: error: in the input: [ssa] 'n' is not defined in 'g'\n");
    CHECK_CONTAINS(out, "t.py:11:20: error: in the input: [type] argument 1 of 'g' ('n') must be pl.Scalar[pl.FP32], got "
                        "pl.Scalar[pl.INT64]\n");
    done(&t);
}

void test_pass_verify_call_binds_dims(void) {
    T t;
    if (!parse_text(&t, "import pypto.language as pl\n\nN = pl.dynamic(\"N\")\n\n@pl.program\nclass P:\n"
                        "    @pl.function(type=pl.FunctionType.InCore)\n"
                        "    def k(self, n: pl.Scalar[pl.INT64], a: pl.Tensor[[n, N], pl.FP32], "
                        "out: pl.Out[pl.Tensor[[n, N], pl.FP32]]) -> pl.Tensor[[n, N], pl.FP32]:\n"
                        "        return out\n"
                        "\n"
                        "    @pl.function(type=pl.FunctionType.Orchestration)\n"
                        "    def main(self, m: pl.Scalar[pl.INT64], x: pl.Tensor[[m, 32], pl.FP32]) -> pl.Tensor[[m, 32], pl.FP32]:\n"
                        "        r: pl.Tensor[[m, 32], pl.FP32] = self.k(m, x)\n"
                        "        return r\n"))
        return;
    CHECK(verify_program(&t.pc, t.p, PROP_SSA | PROP_FLAT));
    CHECK_EQ_STR(diags_text(&t), "");
    done(&t);
}

void test_pass_verify_outlined_and_memref(void) {
    T t;
    if (!parse_text(&t, "import pypto.language as pl\n\n@pl.program\nclass P:\n"
                        "    @pl.function(type=pl.FunctionType.InCore)\n"
                        "    def k(self, a: pl.Tensor[[16, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:\n"
                        "        c = pl.add(a, a)\n"
                        "        with pl.incore():\n"
                        "            t = pl.load(a, [0, 0], [16, 16])\n"
                        "        r = pl.store(t, [0, 0], [16, 16], out)\n"
                        "        return r\n"))
        return;
    t.pc.pass = "InitMemRef";
    CHECK(!verify_program(&t.pc, t.p, PROP_OUTLINED | PROP_TILED | PROP_MEMREF));
    const char *out = diags_text(&t);
    CHECK_CONTAINS(out, "t.py:8:9: error: after InitMemRef: [outlined] a 'with pl.incore():' region is left in 'k'\n");
    CHECK_CONTAINS(out, "t.py:7:13: error: after InitMemRef: [tiled] pl.tensor.add in InCore function 'k' (kernels compute "
                        "with tile ops)\n");
    CHECK_CONTAINS(out, "t.py:6:17: error: after InitMemRef: [memref] 'a' (pl.Tensor[[16, 16], pl.FP32]) has no memory "
                        "reference\n");
    CHECK_CONTAINS(out, "t.py:9:13: error: after InitMemRef: [memref] 't' (pl.Tile[[16, 16], pl.FP32]) has no memory reference\n");
    done(&t);
}

void test_pass_verify_addressed_and_synced(void) {
    T t;
    if (!parse_text(&t, "import pypto.language as pl\n\n@pl.program\nclass P:\n"
                        "    @pl.function(type=pl.FunctionType.InCore)\n"
                        "    def k(self, a: pl.Tensor[[16, 16], pl.FP32, pl.MemRef(\"mem_ddr_0\", 0, 1024)], "
                        "out: pl.Out[pl.Tensor[[16, 16], pl.FP32, pl.MemRef(\"mem_ddr_1\", 0, 1024)]]) "
                        "-> pl.Tensor[[16, 16], pl.FP32, pl.MemRef(\"mem_ddr_1\", 0, 1024)]:\n"
                        "        m: pl.Ptr = pl.tile.alloc(pl.Mem.Mat, 1024)\n"
                        "        t: pl.Tile[[16, 16], pl.FP32, pl.MemRef(m, 0, 1024), pl.Mem.Vec] = pl.load(a, [0, 0], [16, 16])\n"
                        "        u: pl.Tile[[16, 16], pl.FP32, pl.MemRef(\"mem_vec_9\", 0, 1024), pl.Mem.Vec] = pl.exp(t)\n"
                        "        pl.system.sync_dst(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.MTE3, event_id=3)\n"
                        "        pl.system.sync_src(set_pipe=pl.Pipe.V, wait_pipe=pl.Pipe.V)\n"
                        "        r: pl.Tensor[[16, 16], pl.FP32, pl.MemRef(\"mem_ddr_1\", 0, 1024)] = pl.store(u, [0, 0], [16, 16], out)\n"
                        "        return r\n"))
        return;
    unsigned p = program_props(t.p);
    CHECK(p & PROP_MEMREF);
    CHECK(!(p & (PROP_ADDRESSED | PROP_REUSED | PROP_SYNCED)));
    t.pc.pass = "AllocateMemoryAddr";
    CHECK(!verify_program(&t.pc, t.p, PROP_ADDRESSED | PROP_SYNCED));
    const char *out = diags_text(&t);
    CHECK_CONTAINS(out, "t.py:8:9: error: after AllocateMemoryAddr: [addressed] 't' is in Vec but its buffer 'm' is in Mat\n");
    CHECK_CONTAINS(out, "t.py:9:9: error: after AllocateMemoryAddr: [addressed] the memory reference of 'u' is not a buffer "
                        "from pl.tile.alloc\n");
    CHECK_CONTAINS(out, "t.py:10:9: error: after AllocateMemoryAddr: [synced] pl.system.sync_dst waits for event 3 from V to "
                        "MTE3, which no earlier sync_src sets\n");
    CHECK_CONTAINS(out, "t.py:11:9: error: after AllocateMemoryAddr: [synced] pl.system.sync_src between pipe V and itself\n");
    done(&t);
}

void test_pass_run_verifier_stage(void) {
    T t;
    if (!parse_text(&t, SCALARS))
        return;
    Pipeline pl;
    Buf err = {0};
    CHECK(pipeline_parse(&pl, "RunVerifier", &err));
    Program *q = pipeline_run(&t.pc, t.p, program_props(t.p), &pl, NULL, NULL);
    CHECK(q != NULL && q != t.p);
    CHECK(q && program_equal(q, t.p, true));
    /* a violation is reported as found before RunVerifier */
    Stmt *s = copy(&t, body(t.p, 0)[1]);
    Var *a2 = var_new(&t.c, s->assign.vars[0]->loc, intern_cstr(t.c.names, "a"), s->assign.vars[0]->type);
    s->assign.vars = &a2;
    Stmt *items[] = {body(t.p, 0)[0], s, body(t.p, 0)[2], body(t.p, 0)[3]};
    CHECK(pipeline_run(&t.pc, with_body(&t, 0, 4, items), PROP_SSA | PROP_FLAT, &pl, NULL, NULL) == NULL);
    CHECK_CONTAINS(diags_text(&t), "error: before RunVerifier: [ssa] 'a' is assigned twice\n");
    buf_free(&err);
    done(&t);
}

/* ---- the artifact root ---- */

static bool file_is(const char *path, const char *text) {
    Buf b = {0};
    bool ok = read_file(path, &b) && b.len == strlen(text) && memcmp(b.data, text, b.len) == 0;
    buf_free(&b);
    return ok;
}

void test_pass_artifacts(void) {
    char base[] = "/tmp/ptoc-unit-XXXXXX";
    if (!mkdtemp(base))
        return;
    Buf dir = {0}, err = {0}, path = {0};
    buf_printf(&dir, "%s/a/b/root", base);
    Artifacts art;
    CHECK(artifacts_begin(&art, dir.data, &err));
    CHECK(artifacts_write(&art, "x/y.txt", "one", 3, &err));
    CHECK(!fs_exists(dir.data));
    CHECK(artifacts_commit(&art, &err));
    artifacts_end(&art);
    buf_printf(&path, "%s/x/y.txt", dir.data);
    CHECK(file_is(path.data, "one"));
    /* a second root replaces the first */
    CHECK(artifacts_begin(&art, dir.data, &err));
    CHECK(artifacts_write(&art, "z.txt", "two", 3, &err));
    CHECK(artifacts_commit(&art, &err));
    artifacts_end(&art);
    CHECK(!fs_exists(path.data));
    /* an abandoned root leaves the previous one and no temporary directory */
    CHECK(artifacts_begin(&art, dir.data, &err));
    artifacts_end(&art);
    path.len = 0;
    buf_printf(&path, "%s/z.txt", dir.data);
    CHECK(file_is(path.data, "two"));
    /* a directory without the marker is never replaced */
    path.len = 0;
    buf_printf(&path, "%s/user", base);
    CHECK(fs_mkdirs(path.data, &err));
    CHECK(!artifacts_begin(&art, path.data, &err));
    CHECK_CONTAINS(err.data ? err.data : "", "exists and is not a ptoc artifact root");
    artifacts_end(&art);
    CHECK(fs_is_dir(path.data));
    /* only the roots and the user directory remain */
    path.len = 0;
    buf_printf(&path, "%s/a/b", base);
    int n = 0;
    DIR *d = opendir(path.data);
    for (struct dirent *e; d && (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    CHECK_EQ_INT(n, 1);
    err.len = 0;
    CHECK(fs_remove_tree(base, &err));
    CHECK(!fs_exists(base));
    buf_free(&dir);
    buf_free(&err);
    buf_free(&path);
}

/* ---- Simplify ---- */

void test_pass_simplify_keeps_input(void) {
    T t;
    if (!parse_text(&t, "import pypto.language as pl\n\n@pl.function\n"
                        "def f(x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:\n"
                        "    k = 4\n    unused = x * 2\n    if k > 3:\n        a = x + k\n        r = pl.yield_(a)\n"
                        "    else:\n        r = pl.yield_(x)\n    return r\n"))
        return;
    Buf before = {0}, after = {0}, out = {0}, err = {0};
    print_program(&before, t.p);
    Pipeline pl;
    CHECK(pipeline_parse(&pl, "Simplify", &err));
    Program *q = pipeline_run(&t.pc, t.p, program_props(t.p), &pl, NULL, NULL);
    CHECK(q != NULL);
    print_program(&after, t.p);
    CHECK_EQ_STR(after.data, before.data); /* the input is untouched */
    if (q) {
        print_program(&out, q);
        CHECK_CONTAINS(out.data, "def f(self, x: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:\n"
                                 "        a: pl.Scalar[pl.INT64] = x + 4\n"
                                 "        return a\n");
        CHECK(verify_program(&t.pc, q, PROP_SSA | PROP_FLAT));
    }
    buf_free(&before);
    buf_free(&after);
    buf_free(&out);
    buf_free(&err);
    done(&t);
}

/* NormalizeStmtStructure: nested and empty blocks built by hand come out as one flat block,
 * bodies that are single statements become blocks, empty elses disappear. */
void test_pass_normalize_flattens_blocks(void) {
    T t;
    if (!parse_text(&t, SCALARS))
        return;
    Stmt **b = body(t.p, 0), *a = b[0], *ret = b[t.p->funcs[0]->body->seq.n - 1];
    Stmt *ifs = stmt_new(&t.c, S_IF, a->loc);
    ifs->ifs.cond = mk_bool(&t.c, a->loc, true);
    ifs->ifs.then = copy(&t, b[1]);                 /* a bare statement, not a block */
    ifs->ifs.els = mk_seq(&t.c, a->loc, 0, NULL);   /* an empty else */
    Stmt *inner[] = {a, mk_seq(&t.c, a->loc, 0, NULL)};
    Stmt *outer[] = {mk_seq(&t.c, a->loc, 2, inner), ifs, ret};
    Program *q = with_body(&t, 0, 3, outer);
    Program *r = pass_normalize_stmt_structure(&t.pc, q);
    Stmt *s = r->funcs[0]->body;
    CHECK_EQ_INT(s->seq.n, 3);
    if (s->seq.n == 3) {
        CHECK(s->seq.items[0] == a);
        CHECK_EQ_INT(s->seq.items[1]->kind, S_IF);
        CHECK_EQ_INT(s->seq.items[1]->ifs.then->kind, S_SEQ);
        CHECK(s->seq.items[1]->ifs.els == NULL);
    }
    CHECK_EQ_INT(q->funcs[0]->body->seq.n, 3); /* the input is untouched */
    CHECK_EQ_INT(q->funcs[0]->body->seq.items[0]->kind, S_SEQ);
    done(&t);
}
