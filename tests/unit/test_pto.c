#define _POSIX_C_SOURCE 200809L
/* test_pto.c - the pto backend (src/backend/pto/): the pieces (types, constants, the space
 * rule, the registry's coverage) and small kernels compiled in memory, each output also put
 * through the structural checker (pto_check.h). The examples' full outputs are golden files
 * (tests/pto/golden/, compared by tests/run.sh). */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "backend/pto/pto.h"
#include "pto_check.h"
#include "ptoc.h"
#include "unit.h"

/* One compilation in memory: diagnostics into a string, output.pto into out. */
typedef struct {
    Diags d;
    Ctx c;
    Source src;
    FILE *f;
    char *diag;
    size_t dlen;
    Buf out;
    bool ok;
} E;

static bool emit_text(E *e, const char *name, const char *text, const char *passes, bool loc) {
    memset(e, 0, sizeof *e);
    e->f = open_memstream(&e->diag, &e->dlen);
    diags_init(&e->d, e->f);
    e->d.color = false;
    ctx_init(&e->c, &e->d);
    e->src = (Source){name, text, strlen(text)};
    Program *p = parse_program(&e->c, &e->src);
    if (p && passes) {
        Pipeline pl;
        Buf err = {0};
        Target target;
        target_default(&target);
        PassCtx pc = {.c = &e->c, .target = &target};
        if (pipeline_parse(&pl, passes, &err))
            p = pipeline_run(&pc, p, program_props(p), &pl, NULL, NULL);
        else
            p = NULL;
        buf_free(&err);
        buf_free(&pc.memory_json);
        buf_free(&pc.sync_json);
    }
    PtoOptions o;
    pto_options_default(&o);
    o.loc = loc;
    e->ok = p && pto_emit(&e->c, p, &o, &e->out);
    fflush(e->f);
    if (e->ok) {
        Buf err = {0};
        buf_putc(&e->out, '\0');
        e->out.len--;
        if (!pto_check(e->out.data, &err))
            unit_fail(__FILE__, __LINE__, "the output of %s fails the structural check: %s", name, err.data);
        buf_free(&err);
    }
    return e->ok;
}

static const char *diags(E *e) { return e->diag ? e->diag : ""; }
static const char *out(E *e) { return e->out.data ? e->out.data : ""; }

static void done(E *e) {
    fclose(e->f);
    free(e->diag);
    buf_free(&e->out);
    ctx_free(&e->c);
}

#define CHECK_CONTAINS(hay, needle)                                                    \
    do {                                                                               \
        const char *h_ = (hay);                                                        \
        if (!strstr(h_, (needle)))                                                     \
            unit_fail(__FILE__, __LINE__, "'%s' not in:\n%s", (needle), h_);          \
    } while (0)

#define CHECK_LACKS(hay, needle)                                                       \
    do {                                                                               \
        const char *h_ = (hay);                                                        \
        if (strstr(h_, (needle)))                                                      \
            unit_fail(__FILE__, __LINE__, "'%s' unexpectedly in:\n%s", (needle), h_); \
    } while (0)

static int count(const char *hay, const char *needle) {
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

static const char *const header =
    "import pypto.language as pl\n"
    "\n"
    "\n"
    "@pl.program\n"
    "class P:\n"
    "    @pl.function(type=pl.FunctionType.InCore)\n";

/* A program: the header, then the kernel's text (def line and body, indented 4). */
static char *program(const char *kernel) {
    char *s = malloc(strlen(header) + strlen(kernel) + 1);
    sprintf(s, "%s%s", header, kernel);
    return s;
}

static const char *const vec_kernel =
    "    def k(self, a: pl.Tensor[[32, 64], pl.FP32], n: pl.Scalar[pl.INT64], s: pl.Scalar[pl.FP32],\n"
    "          out: pl.Out[pl.Tensor[[32, 64], pl.FP32]]) -> pl.Tensor[[32, 64], pl.FP32]:\n"
    "        t = pl.load(a, [0, 0], [32, 64])\n"
    "        u = pl.tile.muls(t, s)\n"
    "        tmp = pl.tile.create_tile([32, 64], dtype=pl.FP32, target_memory=pl.Mem.Vec)\n"
    "        r = pl.tile.row_sum(u, tmp)\n"
    "        q = pl.tile.muls(r, 0.5)\n"
    "        v = pl.tile.row_expand_mul(u, q)\n"
    "        o = pl.store(v, [0, 0], [32, 64], out)\n"
    "        return o\n";

/* ---- the module and the signature ---- */

void test_pto_no_kernels(void) {
    E e;
    CHECK(!emit_text(&e, "t.py",
                     "import pypto.language as pl\n\n@pl.function\ndef f(x: pl.Scalar[pl.INT64]) -> "
                     "pl.Scalar[pl.INT64]:\n    return x\n",
                     NULL, true));
    CHECK_CONTAINS(diags(&e), "error: the pto backend compiles InCore kernels; this program has none");
    CHECK_CONTAINS(diags(&e), "hint: mark a kernel");
    done(&e);
}

void test_pto_signature_views_constants(void) {
    E e;
    char *src = program(vec_kernel);
    CHECK(emit_text(&e, "t.py", src, "ConvertToSSA", false));
    CHECK_CONTAINS(out(&e), "// run with: ptoas --enable-insert-sync output.pto\nmodule {\n");
    CHECK_CONTAINS(out(&e),
                   "  func.func @k(%a: !pto.ptr<f32>, %n: index, %s: f32, %out: !pto.ptr<f32>) {\n");
    CHECK_CONTAINS(out(&e), "%tv_a = pto.make_tensor_view %a, shape = [%c32, %c64], strides = [%c64, %c1] : "
                            "!pto.tensor_view<?x?xf32>\n");
    /* each constant once, before everything else */
    CHECK_EQ_INT(count(out(&e), "= arith.constant 0 : index"), 1);
    CHECK_EQ_INT(count(out(&e), "= arith.constant 64 : index"), 1);
    CHECK(strstr(out(&e), "%c0 = arith.constant") < strstr(out(&e), "pto.make_tensor_view"));
    CHECK_CONTAINS(out(&e), "%cst = arith.constant 5.000000e-01 : f32\n");
    CHECK_CONTAINS(out(&e), "    return\n  }\n}\n");
    CHECK_LACKS(out(&e), "loc(");
    done(&e);
    free(src);
}

void test_pto_locations(void) {
    E e;
    char *src = program(vec_kernel);
    CHECK(emit_text(&e, "dir/a\"b.py", src, "ConvertToSSA", true));
    /* the load is on line 9, column 9 (its statement) */
    CHECK_CONTAINS(out(&e), "outs(%t : !pto.tile_buf<loc=vec, dtype=f32, rows=32, cols=64, v_row=32, v_col=64, "
                            "blayout=row_major, slayout=none_box, fractal=512, pad=0>) loc(\"dir/a\\\"b.py\":9:9)\n");
    CHECK_CONTAINS(out(&e), "  } loc(\"dir/a\\\"b.py\":7:9)\n}\n");
    /* every op line has one */
    for (const char *p = out(&e); (p = strstr(p, " = ")); p++) {
        const char *eol = strchr(p, '\n');
        const char *l = strstr(p, "loc(");
        CHECK(l && l < eol);
    }
    done(&e);
    free(src);
}

void test_pto_deterministic(void) {
    E a, b;
    char *src = program(vec_kernel);
    CHECK(emit_text(&a, "t.py", src, "ConvertToSSA,FlattenCallExpr,InitMemRef", true));
    CHECK(emit_text(&b, "t.py", src, "ConvertToSSA,FlattenCallExpr,InitMemRef", true));
    CHECK_EQ_STR(out(&a), out(&b));
    done(&a);
    done(&b);
    free(src);
}

/* ---- tiles ---- */

void test_pto_column_vectors(void) {
    E e;
    char *src = program(vec_kernel);
    CHECK(emit_text(&e, "t.py", src, "ConvertToSSA", false));
    const char *col = "!pto.tile_buf<loc=vec, dtype=f32, rows=32, cols=1, v_row=32, v_col=1, blayout=col_major, "
                      "slayout=none_box, fractal=512, pad=0>";
    const char *row = "!pto.tile_buf<loc=vec, dtype=f32, rows=1, cols=32, v_row=1, v_col=32, blayout=row_major, "
                      "slayout=none_box, fractal=512, pad=0>";
    Buf want = {0};
    buf_printf(&want, "%%r = pto.alloc_tile : %s\n", col);
    CHECK_CONTAINS(out(&e), want.data);
    /* the vector op works on the column as a row, through treshape */
    want.len = 0;
    buf_printf(&want, "%%r_row = pto.treshape %%r : %s -> %s\n", col, row);
    CHECK_CONTAINS(out(&e), want.data);
    want.len = 0;
    buf_printf(&want, "pto.tmuls ins(%%r_row, %%cst : %s, f32) outs(%%q_row : %s)\n", row, row);
    CHECK_CONTAINS(out(&e), want.data);
    /* the row reduction and the expansion take it as it is */
    want.len = 0;
    buf_printf(&want, "outs(%%r : %s)\n", col);
    CHECK_CONTAINS(out(&e), want.data);
    CHECK_CONTAINS(out(&e), "pto.trowexpandmul ins(%u, %q : ");
    buf_free(&want);
    done(&e);
    free(src);
}

void test_pto_cube_layouts(void) {
    static const char *const k =
        "    def mm(self, a: pl.Tensor[[16, 32], pl.FP16], b: pl.Tensor[[32, 16], pl.FP16],\n"
        "           c: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> pl.Tensor[[16, 16], pl.FP32]:\n"
        "        a1 = pl.load(a, [0, 0], [16, 32], target_memory=pl.Mem.Mat)\n"
        "        b1 = pl.load(b, [0, 0], [32, 16], target_memory=pl.Mem.Mat)\n"
        "        a0 = pl.move(a1, target_memory=pl.Mem.Left)\n"
        "        b0 = pl.move(b1, target_memory=pl.Mem.Right)\n"
        "        acc = pl.tile.matmul(a0, b0)\n"
        "        acc2 = pl.tile.matmul_acc(acc, a0, b0)\n"
        "        r = pl.tile.l0c_store(acc2, [0, 0], [16, 16], c)\n"
        "        return r\n";
    E e;
    char *src = program(k);
    CHECK(emit_text(&e, "t.py", src, "ConvertToSSA", false));
    CHECK_CONTAINS(out(&e), "%a1 = pto.alloc_tile : !pto.tile_buf<loc=mat, dtype=f16, rows=16, cols=32, v_row=16, "
                            "v_col=32, blayout=col_major, slayout=row_major, fractal=512, pad=0>\n");
    CHECK_CONTAINS(out(&e), "%a0 = pto.alloc_tile : !pto.tile_buf<loc=left, dtype=f16, rows=16, cols=32, v_row=16, "
                            "v_col=32, blayout=row_major, slayout=row_major, fractal=512, pad=0>\n");
    CHECK_CONTAINS(out(&e), "%b0 = pto.alloc_tile : !pto.tile_buf<loc=right, dtype=f16, rows=32, cols=16, v_row=32, "
                            "v_col=16, blayout=row_major, slayout=col_major, fractal=512, pad=0>\n");
    CHECK_CONTAINS(out(&e), "%acc = pto.alloc_tile : !pto.tile_buf<loc=acc, dtype=f32, rows=16, cols=16, v_row=16, "
                            "v_col=16, blayout=col_major, slayout=row_major, fractal=1024, pad=0>\n");
    CHECK_CONTAINS(out(&e), "pto.tmatmul ins(%a0, %b0 : ");
    CHECK_CONTAINS(out(&e), "pto.tmatmul.acc ins(%acc, %a0, %b0 : ");
    CHECK_CONTAINS(out(&e), "pto.tmov ins(%a1 : ");
    CHECK_CONTAINS(out(&e), "pto.tstore ins(%acc2 : ");
    /* matmul_acc writes a separate variable, a separate buffer (no memory passes ran) */
    CHECK_CONTAINS(out(&e), "%acc2 = pto.alloc_tile");
    done(&e);
    free(src);
}

void test_pto_loop_carried_tile_keeps_its_buffer(void) {
    static const char *const k =
        "    def acc(self, x: pl.Tensor[[64, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> "
        "pl.Tensor[[16, 16], pl.FP32]:\n"
        "        first = pl.load(x, [0, 0], [16, 16])\n"
        "        for i, (s,) in pl.range(1, 4, init_values=(first,)):\n"
        "            t = pl.load(x, [i * 16, 0], [16, 16])\n"
        "            nxt = pl.add(s, t)\n"
        "            s_out = pl.yield_(nxt)\n"
        "        r = pl.store(s_out, [0, 0], [16, 16], out)\n"
        "        return r\n";
    E e;
    char *src = program(k);
    CHECK(emit_text(&e, "t.py", src, "ConvertToSSA", false));
    CHECK_CONTAINS(out(&e), "scf.for %i = %c1 to %c4 step %c1 {\n");
    CHECK_CONTAINS(out(&e), "pto.tadd ins(%first, %t : ");
    CHECK_CONTAINS(out(&e), "outs(%first : ");
    CHECK_CONTAINS(out(&e), "pto.tstore ins(%first : ");
    CHECK_EQ_INT(count(out(&e), "pto.alloc_tile"), 2);
    CHECK_LACKS(out(&e), "iter_args");
    done(&e);
    free(src);
}

/* ---- scalars ---- */

void test_pto_scalar_ops(void) {
    static const char *const k =
        "    def sc(self, x: pl.Tensor[[64, 16], pl.FP32], n: pl.Scalar[pl.INT64], f: pl.Scalar[pl.FP32],\n"
        "           out: pl.Out[pl.Tensor[[64, 16], pl.FP32]]) -> pl.Tensor[[64, 16], pl.FP32]:\n"
        "        a = n % 3\n"
        "        b = n // 4\n"
        "        c = pl.cast(n, pl.FP32) / f\n"
        "        d = -f\n"
        "        g = a < b or c >= 2.0\n"
        "        h = max(a, b) - min(a, 1)\n"
        "        t = pl.load(x, [h * 16, 0], [16, 16])\n"
        "        u = pl.tile.adds(t, c)\n"
        "        o = pl.store(u, [h * 16, 0], [16, 16], out)\n"
        "        return o\n";
    E e;
    char *src = program(k);
    CHECK(emit_text(&e, "t.py", src, "ConvertToSSA", false));
    const char *o = out(&e);
    /* Python's %: a - (a // b) * b */
    CHECK_CONTAINS(o, "arith.floordivsi %n, %c3 : index\n");
    CHECK_CONTAINS(o, "%a = arith.subi %n, ");
    CHECK_CONTAINS(o, "%b = arith.floordivsi %n, %c4 : index\n");
    CHECK_CONTAINS(o, "arith.index_cast %n : index to i64\n");
    CHECK_CONTAINS(o, " : i64 to f32\n");
    CHECK_CONTAINS(o, "%c = arith.divf ");
    CHECK_CONTAINS(o, "%d = arith.negf %f : f32\n");
    CHECK_CONTAINS(o, "arith.cmpi slt, %a, %b : index\n");
    CHECK_CONTAINS(o, "arith.cmpf oge, %c, %cst : f32\n");
    CHECK_CONTAINS(o, "%g = arith.ori ");
    CHECK_CONTAINS(o, "arith.maxsi %a, %b : index\n");
    CHECK_CONTAINS(o, "arith.minsi %a, %c1 : index\n");
    CHECK_CONTAINS(o, "pto.tadds ins(%t, %c : ");
    done(&e);
    free(src);
}

void test_pto_scalar_results_of_loops_and_ifs(void) {
    static const char *const k =
        "    def sc(self, x: pl.Tensor[[64, 16], pl.FP32], n: pl.Scalar[pl.INT64],\n"
        "           out: pl.Out[pl.Tensor[[64, 16], pl.FP32]]) -> pl.Tensor[[64, 16], pl.FP32]:\n"
        "        for i, (acc,) in pl.range(0, n, 1, init_values=(0,)):\n"
        "            if i > 2:\n"
        "                v = pl.yield_(acc + i)\n"
        "            else:\n"
        "                v = pl.yield_(acc)\n"
        "            total = pl.yield_(v)\n"
        "        t = pl.load(x, [total, 0], [16, 16])\n"
        "        o = pl.store(t, [0, 0], [16, 16], out)\n"
        "        return o\n";
    E e;
    char *src = program(k);
    CHECK(emit_text(&e, "t.py", src, "ConvertToSSA", false));
    const char *o = out(&e);
    CHECK_CONTAINS(o, "%total = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %c0) -> (index) {\n");
    CHECK_CONTAINS(o, "%v = scf.if ");
    CHECK_CONTAINS(o, " -> (index) {\n");
    CHECK_CONTAINS(o, "      } else {\n        scf.yield %acc : index\n      }\n");
    CHECK_CONTAINS(o, "      scf.yield %v : index\n    }\n");
    CHECK_CONTAINS(o, "offsets = [%total, %c0]");
    done(&e);
    free(src);
}

void test_pto_block_idx(void) {
    static const char *const k =
        "    def b(self, x: pl.Tensor[[64, 16], pl.FP32], out: pl.Out[pl.Tensor[[64, 16], pl.FP32]]) -> "
        "pl.Tensor[[64, 16], pl.FP32]:\n"
        "        bid = pl.tile.get_block_idx()\n"
        "        row = pl.cast(bid, pl.INT64) * 16\n"
        "        t = pl.load(x, [row, 0], [16, 16])\n"
        "        o = pl.store(t, [row, 0], [16, 16], out)\n"
        "        return o\n";
    E e;
    char *src = program(k);
    CHECK(emit_text(&e, "t.py", src, "ConvertToSSA", false));
    CHECK_CONTAINS(out(&e), "%block_idx = pto.get_block_idx\n    %bid = arith.index_cast %block_idx : i64 to index\n");
    CHECK_CONTAINS(out(&e), "%row = arith.muli %bid, %c16 : index\n");
    done(&e);
    free(src);
}

void test_pto_float_literals(void) {
    static const char *const k =
        "    def fl(self, x: pl.Tensor[[16, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> "
        "pl.Tensor[[16, 16], pl.FP32]:\n"
        "        t = pl.load(x, [0, 0], [16, 16])\n"
        "        a = pl.tile.adds(t, 0.1)\n"
        "        b = pl.tile.muls(a, 1.0 / 3.0)\n"
        "        c = pl.tile.adds(b, float(\"inf\"))\n"
        "        d = pl.tile.subs(c, 0.1)\n"
        "        o = pl.store(d, [0, 0], [16, 16], out)\n"
        "        return o\n";
    E e;
    char *src = program(k);
    CHECK(emit_text(&e, "t.py", src, "ConvertToSSA", false));
    CHECK_CONTAINS(out(&e), "%cst = arith.constant 1.000000e-01 : f32\n");
    CHECK_CONTAINS(out(&e), "%cst_1 = arith.constant 3.3333333e-01 : f32\n");
    CHECK_CONTAINS(out(&e), "%cst_2 = arith.constant 0x7F800000 : f32\n");
    CHECK_EQ_INT(count(out(&e), "arith.constant 1.000000e-01"), 1);
    done(&e);
    free(src);
}

/* ---- addresses and sync ---- */

void test_pto_level3_and_sync(void) {
    static const char *const k =
        "    def k3(self, a: pl.Tensor[[16, 16], pl.FP32, pl.MemRef(\"mem_ddr_0\", 0, 1024)],\n"
        "           out: pl.Out[pl.Tensor[[16, 16], pl.FP32, pl.MemRef(\"mem_ddr_1\", 0, 1024)]]) -> pl.Tensor[[16, 16], "
        "pl.FP32, pl.MemRef(\"mem_ddr_1\", 0, 1024)]:\n"
        "        mem_vec_0: pl.Ptr = pl.tile.alloc(pl.Mem.Vec, 2048)\n"
        "        t: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_0, 0, 1024), pl.Mem.Vec] = pl.tile.load(a, [0, 0], [16, 16])\n"
        "        pl.system.sync_src(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=2)\n"
        "        pl.system.sync_dst(set_pipe=pl.Pipe.MTE2, wait_pipe=pl.Pipe.V, event_id=2)\n"
        "        u: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_0, 1024, 1024), pl.Mem.Vec] = pl.tile.exp(t)\n"
        "        pl.system.bar_v()\n"
        "        v: pl.Tile[[16, 16], pl.FP32, pl.MemRef(mem_vec_0, 0, 1024), pl.Mem.Vec] = pl.tile.relu(u)\n"
        "        pl.system.bar_all()\n"
        "        o: pl.Tensor[[16, 16], pl.FP32, pl.MemRef(\"mem_ddr_1\", 0, 1024)] = pl.tile.store(v, [0, 0], [16, 16], out)\n"
        "        return o\n";
    E e;
    char *src = program(k);
    CHECK(emit_text(&e, "t.py", src, NULL, false));
    const char *o = out(&e);
    CHECK_CONTAINS(o, "// run with: ptoas --pto-level=level3 output.pto\n");
    CHECK_CONTAINS(o, "%c0_i64 = arith.constant 0 : i64\n");
    CHECK_CONTAINS(o, "%t = pto.alloc_tile addr = %c0_i64 : ");
    CHECK_CONTAINS(o, "%u = pto.alloc_tile addr = %c1024_i64 : ");
    /* v shares t's bytes and type: the same value */
    CHECK_EQ_INT(count(o, "pto.alloc_tile"), 2);
    CHECK_CONTAINS(o, "pto.trelu ins(%u : ");
    CHECK_CONTAINS(o, "outs(%t : ");
    CHECK_CONTAINS(o, "    pto.set_flag[<PIPE_MTE2>, <PIPE_V>, <EVENT_ID2>]\n    pto.wait_flag[<PIPE_MTE2>, <PIPE_V>, <EVENT_ID2>]\n");
    CHECK_CONTAINS(o, "    pto.barrier <PIPE_V>\n");
    CHECK_CONTAINS(o, "    pto.barrier <PIPE_ALL>\n");
    done(&e);
    free(src);
}

/* ---- errors ---- */

static void check_error(const char *kernel, const char *passes, const char *want) {
    E e;
    char *src = program(kernel);
    CHECK(!emit_text(&e, "t.py", src, passes, false));
    CHECK_CONTAINS(diags(&e), want);
    done(&e);
    free(src);
}

void test_pto_errors(void) {
    /* not SSA: a value defined in a loop used after it */
    check_error("    def k(self, x: pl.Tensor[[64, 16], pl.FP32], out: pl.Out[pl.Tensor[[16, 16], pl.FP32]]) -> "
                "pl.Tensor[[16, 16], pl.FP32]:\n"
                "        acc = 0\n"
                "        for i in pl.range(0, 4, 1):\n"
                "            acc = acc + i\n"
                "        t = pl.load(x, [acc, 0], [16, 16])\n"
                "        o = pl.store(t, [0, 0], [16, 16], out)\n"
                "        return o\n",
                NULL, "t.py:11:25: error: 'acc' is defined inside a loop or if and used after it");
    /* a tile parameter */
    check_error("    def k(self, t: pl.Tile[[16, 16], pl.FP32]) -> pl.Tile[[16, 16], pl.FP32]:\n"
                "        return t\n",
                NULL, "error: parameter 't': a kernel for ptoas takes tensors and scalars only");
    /* a dtype without a PTO spelling */
    check_error("    def k(self, x: pl.Tensor[[16, 16], pl.HF8]) -> pl.Tensor[[16, 16], pl.HF8]:\n"
                "        return x\n",
                NULL, "error: dtype HF8 has no PTO spelling");
    /* a return of a scalar */
    check_error("    def k(self, n: pl.Scalar[pl.INT64]) -> pl.Scalar[pl.INT64]:\n"
                "        return n\n",
                NULL, "error: a kernel returns the tensors it writes");
    /* a non-positive step */
    check_error("    def k(self, x: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:\n"
                "        for i in pl.range(4, 0, -1):\n"
                "            t = pl.load(x, [0, 0], [16, 16])\n"
                "        return x\n",
                "ConvertToSSA", "error: scf.for needs a positive step, got -1");
    /* tmov between spaces ptoas does not move between */
    check_error("    def k(self, x: pl.Tensor[[16, 16], pl.FP32]) -> pl.Tensor[[16, 16], pl.FP32]:\n"
                "        t = pl.load(x, [0, 0], [16, 16])\n"
                "        u = pl.move(t, target_memory=pl.Mem.Left)\n"
                "        return x\n",
                "ConvertToSSA", "error: tile.move from Vec to Left: tmov moves Mat to Left/Right/Bias");
}

/* ---- pieces ---- */

void test_pto_space_rule(void) {
    const OpInfo *mm = op_lookup("tile.matmul"), *rs = op_lookup("tile.reshape"), *ex = op_lookup("tile.exp");
    Expr call = {.kind = E_OP};
    call.call.op = mm;
    CHECK_EQ_INT(pto_op_space(&call), MEM_Acc);
    call.call.op = rs;
    CHECK_EQ_INT(pto_op_space(&call), -1);
    call.call.op = ex;
    CHECK_EQ_INT(pto_op_space(&call), MEM_Vec);
    call.call.op = op_lookup("tile.load");
    CHECK_EQ_INT(pto_op_space(&call), MEM_Vec); /* target_memory's default */
}

void test_pto_registry_covers_tile_ops(void) {
    /* every tile and system op has a PTO op in ops.def, except the two that only allocate */
    for (int i = 0; i < OP__COUNT; i++) {
        const OpInfo *op = &op_table[i];
        bool tile = strncmp(op->name, "tile.", 5) == 0 || strncmp(op->name, "system.", 7) == 0;
        if (!tile || op->id == OP_TILE_CREATE_TILE || op->id == OP_TILE_ALLOC)
            continue;
        if (!op->pto || strncmp(op->pto, "pto.", 4) != 0)
            unit_fail(__FILE__, __LINE__, "%s has no PTO op", op->name);
    }
}

void test_pto_tile_buf_spelling(void) {
    TileBuf t = {MEM_Vec, DT_BF16, 16, 32, -1, 8, false, SL_NONE_BOX, 512};
    Buf b = {0};
    pto_tilebuf_print(&b, &t);
    CHECK_EQ_STR(b.data, "!pto.tile_buf<loc=vec, dtype=bf16, rows=16, cols=32, v_row=?, v_col=8, blayout=row_major, "
                         "slayout=none_box, fractal=512, pad=0>");
    TileBuf r = pto_tilebuf_as_row(&(TileBuf){MEM_Vec, DT_FP32, 8, 1, 8, 1, true, SL_NONE_BOX, 512});
    CHECK_EQ_INT(r.rows, 1);
    CHECK_EQ_INT(r.cols, 8);
    CHECK_EQ_INT(r.vcol, 8);
    CHECK(!r.col_major);
    b.len = 0;
    pto_tensor_view_type(&b, 3, DT_INT8);
    buf_putc(&b, '\0');
    CHECK_EQ_STR(b.data, "!pto.tensor_view<?x?x?xi8>");
    buf_free(&b);
}

/* Every example compiles under both strategies, with and without locations, into modules the
 * structural checker accepts (emit_text checks each). */
void test_pto_examples_pass_the_checker(void) {
    DIR *d = opendir("examples");
    CHECK(d != NULL);
    if (!d)
        return;
    int n = 0;
    for (struct dirent *ent; (ent = readdir(d));) {
        size_t len = strlen(ent->d_name);
        if (len < 4 || strcmp(ent->d_name + len - 3, ".py") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "examples/%s", ent->d_name);
        Buf text = {0};
        if (!read_file(path, &text))
            continue;
        buf_putc(&text, '\0');
        for (int s = 0; s < 2; s++) {
            E e;
            const char *strategy = strategy_passes(s ? "Default" : "PTOAS");
            if (!emit_text(&e, path, text.data, strategy, s == 0) && !strstr(diags(&e), "has none"))
                unit_fail(__FILE__, __LINE__, "%s (%s): %s", path, s ? "Default" : "PTOAS", diags(&e));
            n += e.ok;
            done(&e);
        }
        buf_free(&text);
    }
    closedir(d);
    CHECK(n >= 16);
}
