// tile_test.cpp - kernels over pto/pto-inst.hpp run on the CPU tile library (tests/run.sh, "the CPU
// tile library"): golden kernels of tests/cce/ against plain C++ references, and hand-written
// kernels for the spellings the golden trees do not hold yet (run-time valid shapes, TCMP/TCMPS,
// TCVT, TRESHAPE, TTRANS, column reductions and expansions, half scalars) and for the errors a
// kernel can make. One line per check; tests/tile/tile_test.expected is the output.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include <pto/pto-inst.hpp>
#include "tensor.h"
using namespace pto;

// Golden kernels, each kernel_entry under its own name.
#define kernel_entry softmax_entry
#include "../cce/softmax/kernels/aiv/softmax_kernel.cpp"
#undef kernel_entry
#define kernel_entry rmsnorm_entry
#include "../cce/rmsnorm/kernels/aiv/rmsnorm_kernel.cpp"
#undef kernel_entry
#define kernel_entry exp_cols_entry
#include "../cce/dynamic_cols/kernels/aiv/exp_cols.cpp"
#undef kernel_entry
#define kernel_entry matmul_entry
#include "../cce/matmul/kernels/aic/matmul_kernel.cpp"
#undef kernel_entry

namespace {

// ---- harness ----

struct Tensor {
    std::vector<unsigned char> bytes;
    ChipTensor t;
    Tensor(uint32_t dt, uint32_t rows, uint32_t cols) : bytes(size_t(rows) * cols * ptoc_dtype_size(dt)) {
        t = ChipTensor{{reinterpret_cast<uint64_t>(bytes.data()), bytes.size()}, 0, 2, {rows, cols, 0, 0, 0}, dt};
    }
    template <typename T> T *data() { return reinterpret_cast<T *>(bytes.data()); }
    int64_t arg() { return reinterpret_cast<int64_t>(&t); }
};

float input(int i, int seed) { return float((i * 7 + seed * 13) % 23 - 11) * 0.125f + float(seed) * 0.0625f; }

// Runs entry(args) on a fresh core of type; prints "name: ok" or the kernel's error.
bool run(const char *name, int type, void (*entry)(int64_t *), int64_t *args, int64_t block = 0) {
    PtocCore *core = ptoc_core_new(type);
    ptoc_core_set_block_idx(core, block);
    ptoc_core_begin(core, name);
    entry(args);
    char err[600] = "";
    bool ok = ptoc_core_end(core, err, sizeof err);
    ptoc_core_free(core);
    if (!ok)
        std::printf("%s: error: %s\n", name, err);
    return ok;
}

// "name: ok", or the first element that differs by more than tol (relative to max(1, |want|)).
void compare(const char *name, const float *got, const std::vector<double> &want, double tol) {
    for (size_t i = 0; i < want.size(); i++)
        if (!(std::fabs(got[i] - want[i]) <= tol * std::fmax(1.0, std::fabs(want[i])))) {
            std::printf("%s: element %zu is %.9g, want %.9g\n", name, i, double(got[i]), want[i]);
            return;
        }
    std::printf("%s: ok (%zu elements)\n", name, want.size());
}

// ---- golden kernels ----

void golden_softmax() {
    Tensor x(PTOC_DT_FLOAT32, 256, 64), out(PTOC_DT_FLOAT32, 256, 64);
    for (int i = 0; i < 256 * 64; i++)
        x.data<float>()[i] = input(i, 1) * 4;
    int64_t args[] = {x.arg(), out.arg()};
    if (!run("softmax", PTOC_CORE_AIV, softmax_entry, args))
        return;
    std::vector<double> want(256 * 64);
    for (int r = 0; r < 256; r++) {
        const float *row = x.data<float>() + r * 64;
        double m = row[0], s = 0;
        for (int j = 0; j < 64; j++)
            m = std::fmax(m, row[j]);
        for (int j = 0; j < 64; j++)
            s += std::exp(row[j] - m);
        for (int j = 0; j < 64; j++)
            want[r * 64 + j] = std::exp(row[j] - m) / s;
    }
    compare("softmax", out.data<float>(), want, 1e-6);
}

void golden_rmsnorm() {
    Tensor x(PTOC_DT_FLOAT32, 64, 128), w(PTOC_DT_FLOAT32, 1, 128), out(PTOC_DT_FLOAT32, 64, 128);
    for (int i = 0; i < 64 * 128; i++)
        x.data<float>()[i] = input(i, 2);
    for (int i = 0; i < 128; i++)
        w.data<float>()[i] = input(i, 3);
    int64_t args[] = {x.arg(), w.arg(), out.arg()};
    if (!run("rmsnorm", PTOC_CORE_AIV, rmsnorm_entry, args))
        return;
    std::vector<double> want(64 * 128);
    for (int r = 0; r < 64; r++) {
        double s = 0;
        for (int j = 0; j < 128; j++)
            s += double(x.data<float>()[r * 128 + j]) * x.data<float>()[r * 128 + j];
        double inv = 1 / std::sqrt(s / 128 + 1e-6);
        for (int j = 0; j < 128; j++)
            want[r * 128 + j] = x.data<float>()[r * 128 + j] * inv * w.data<float>()[j];
    }
    compare("rmsnorm", out.data<float>(), want, 1e-5);
}

// Dynamic columns: the view's row stride is a run-time value (Stride<1, 1, 1, -1, 1>(M)).
void golden_exp_cols() {
    const int n = 64, M = 192;
    Tensor x(PTOC_DT_FLOAT32, n, M), out(PTOC_DT_FLOAT32, n, M);
    for (int i = 0; i < n * M; i++)
        x.data<float>()[i] = input(i, 4);
    int64_t args[] = {x.arg(), out.arg(), n, M};
    if (!run("exp_cols", PTOC_CORE_AIV, exp_cols_entry, args))
        return;
    std::vector<double> want(n * M);
    for (int i = 0; i < n * M; i++)
        want[i] = std::exp(double(x.data<float>()[i]));
    compare("exp_cols", out.data<float>(), want, 1e-6);
}

// FP16 operands, FP32 accumulation over four K steps, the Acc tiles sharing their bytes.
void golden_matmul() {
    Tensor a(PTOC_DT_FLOAT16, 128, 256), b(PTOC_DT_FLOAT16, 256, 128), c(PTOC_DT_FLOAT32, 128, 128);
    for (int i = 0; i < 128 * 256; i++) {
        a.data<half>()[i] = half(input(i, 5));
        b.data<half>()[i] = half(input(i, 6));
    }
    int64_t args[] = {a.arg(), b.arg(), c.arg()};
    if (!run("matmul", PTOC_CORE_AIC, matmul_entry, args))
        return;
    std::vector<double> want(128 * 128);
    for (int i = 0; i < 128; i++)
        for (int j = 0; j < 128; j++) {
            double s = 0;
            for (int k = 0; k < 256; k++)
                s += double(float(a.data<half>()[i * 256 + k])) * float(b.data<half>()[k * 128 + j]);
            want[i * 128 + j] = s;
        }
    compare("matmul", c.data<float>(), want, 1e-6);
}

// ---- hand-written kernels ----

// A run-time valid shape [vr, vc] inside a 16 x 16 tile, over a view with run-time shape and
// stride; the rest of the output stays as it was.
void dyn_valid_kernel(__gm__ float *x, __gm__ float *y, int64_t vr, int64_t vc, int64_t stride) {
    using T = Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, -1, -1>;
    using G = GlobalTensor<float, Shape<1, 1, 1, -1, -1>, Stride<1, 1, 1, -1, 1>>;
    T t(vr, vc), u(vr, vc);
    TASSIGN(t, 0x0);
    TASSIGN(u, 0x400);
    G gx(x, Shape<1, 1, 1, -1, -1>(vr, vc), Stride<1, 1, 1, -1, 1>(stride));
    G gy(y, Shape<1, 1, 1, -1, -1>(vr, vc), Stride<1, 1, 1, -1, 1>(stride));
    TLOAD(t, gx);
    set_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    wait_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    TMULS(u, t, 2);
    TADDS(u, u, 0.5f);
    set_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    wait_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    TSTORE(gy, u);
}

void dyn_valid_entry(int64_t *args) {
    ChipTensor *x = reinterpret_cast<ChipTensor *>(args[0]), *y = reinterpret_cast<ChipTensor *>(args[1]);
    dyn_valid_kernel(reinterpret_cast<float *>(x->buffer.addr) + x->start_offset,
                     reinterpret_cast<float *>(y->buffer.addr) + y->start_offset, args[2], args[3], args[4]);
}

void dyn_valid() {
    Tensor x(PTOC_DT_FLOAT32, 8, 10), y(PTOC_DT_FLOAT32, 8, 10);
    for (int i = 0; i < 80; i++) {
        x.data<float>()[i] = float(i);
        y.data<float>()[i] = -1;
    }
    x.t.start_offset = y.t.start_offset = 11; // the window starts at row 1, column 1
    int64_t args[] = {x.arg(), y.arg(), 5, 7, 10};
    if (!run("dyn_valid", PTOC_CORE_AIV, dyn_valid_entry, args))
        return;
    std::vector<double> want(80);
    for (int i = 0; i < 80; i++) {
        int r = i / 10, c = i % 10;
        want[i] = r >= 1 && r <= 5 && c >= 1 && c <= 7 ? i * 2 + 0.5 : -1;
    }
    compare("dyn_valid", y.data<float>(), want, 0);
}

// TCMP / TCMPS write 1 or 0; TCVT rounds as asked; TRESHAPE and TTRANS move elements.
void forms_kernel(__gm__ float *a, __gm__ float *b, __gm__ float *out) {
    using T = Tile<TileType::Vec, float, 4, 8, BLayout::RowMajor, 4, 8>;
    using TI = Tile<TileType::Vec, int32_t, 4, 8, BLayout::RowMajor, 4, 8>;
    using TT = Tile<TileType::Vec, float, 8, 8, BLayout::RowMajor, 8, 4>;
    using TF = Tile<TileType::Vec, float, 1, 32, BLayout::RowMajor, 1, 32>;
    using G = GlobalTensor<float, Shape<1, 1, 1, 4, 8>, Stride<1, 1, 1, 8, 1>>;
    using GT = GlobalTensor<float, Shape<1, 1, 1, 8, 4>, Stride<1, 1, 1, 4, 1>>;
    T ta, tb, lt, ge, fl;
    TI ti;
    TT tt;
    TF tf;
    TASSIGN(ta, 0x0);
    TASSIGN(tb, 0x80);
    TASSIGN(lt, 0x100);
    TASSIGN(ge, 0x180);
    TASSIGN(ti, 0x200);
    TASSIGN(fl, 0x280);
    TASSIGN(tt, 0x300);
    TASSIGN(tf, 0x400);
    G ga(a), gb(b), go(out);
    TLOAD(ta, ga);
    TLOAD(tb, gb);
    TCMP(lt, ta, tb, CmpMode::LT);
    TCMPS(ge, ta, 0.5f, CmpMode::GE);
    TCVT(ti, ta, RoundMode::CAST_FLOOR);
    TCVT(fl, ti, RoundMode::CAST_NONE);
    TTRANS(tt, ta, tf);
    TRESHAPE(tf, ta);
    TSTORE(go, lt);
    TASSIGN(go, out + 32);
    TSTORE(go, ge);
    TASSIGN(go, out + 64);
    TSTORE(go, fl);
    GT gt(out + 96);
    TSTORE(gt, tt);
    GlobalTensor<float, Shape<1, 1, 1, 1, 32>, Stride<1, 1, 1, 32, 1>> gf(out + 128);
    TSTORE(gf, tf);
}

void forms_entry(int64_t *args) {
    ChipTensor *a = reinterpret_cast<ChipTensor *>(args[0]), *b = reinterpret_cast<ChipTensor *>(args[1]),
               *o = reinterpret_cast<ChipTensor *>(args[2]);
    forms_kernel(reinterpret_cast<float *>(a->buffer.addr), reinterpret_cast<float *>(b->buffer.addr),
                 reinterpret_cast<float *>(o->buffer.addr));
}

void forms() {
    Tensor a(PTOC_DT_FLOAT32, 4, 8), b(PTOC_DT_FLOAT32, 4, 8), out(PTOC_DT_FLOAT32, 5, 32);
    for (int i = 0; i < 32; i++) {
        a.data<float>()[i] = input(i, 7);
        b.data<float>()[i] = input(i, 8);
    }
    int64_t args[] = {a.arg(), b.arg(), out.arg()};
    if (!run("forms", PTOC_CORE_AIV, forms_entry, args))
        return;
    std::vector<double> want(160);
    const float *x = a.data<float>(), *y = b.data<float>();
    for (int i = 0; i < 32; i++) {
        want[i] = x[i] < y[i];
        want[32 + i] = x[i] >= 0.5f;
        want[64 + i] = std::floor(x[i]);
        want[96 + i] = x[(i % 4) * 8 + i / 4]; // [8, 4]: element (i / 4, i % 4) is a[i % 4][i / 4]
        want[128 + i] = x[i];
    }
    compare("forms", out.data<float>(), want, 0);
}

// Column reductions, row minimum, the column and row expansions, both TEXPANDS and TCOLEXPAND
// forms, half tiles with a half scalar, int32 tiles with an integer scalar.
void family_kernel(__gm__ float *a, __gm__ half *h, __gm__ int32_t *n, __gm__ float *out, __gm__ half *hout,
                   __gm__ int32_t *nout) {
    using T = Tile<TileType::Vec, float, 4, 8, BLayout::RowMajor, 4, 8>;
    using TRow = Tile<TileType::Vec, float, 1, 8, BLayout::RowMajor, 1, 8>;
    using TCol = Tile<TileType::Vec, float, 4, 8, BLayout::RowMajor, 4, 1>;
    using TH = Tile<TileType::Vec, half, 2, 16, BLayout::RowMajor, 2, 16>;
    using TN = Tile<TileType::Vec, int32_t, 1, 8, BLayout::RowMajor, 1, 8>;
    using G = GlobalTensor<float, Shape<1, 1, 1, 4, 8>, Stride<1, 1, 1, 8, 1>>;
    T ta, x1, x2, x3, tmp;
    TRow csum, cmax;
    TCol rmin;
    TH th;
    TN tn;
    TASSIGN(ta, 0x0);
    TASSIGN(x1, 0x80);
    TASSIGN(x2, 0x100);
    TASSIGN(x3, 0x180);
    TASSIGN(tmp, 0x200);
    TASSIGN(csum, 0x280);
    TASSIGN(cmax, 0x2A0);
    TASSIGN(rmin, 0x300);
    TASSIGN(th, 0x400);
    TASSIGN(tn, 0x440);
    G ga(a), go(out);
    TLOAD(ta, ga);
    TCOLSUM(csum, ta, tmp);
    TCOLMAX(cmax, ta);
    TROWMIN(rmin, ta, tmp);
    TCOLEXPANDSUB(x1, ta, cmax);   // a - colmax
    TROWEXPANDADD(x2, x1, rmin);   // + rowmin
    TCOLEXPAND(x3, ta, csum);      // colsum repeated
    TCOLEXPANDDIV(x3, x3, cmax);
    TEXPANDS(tmp, 3);              // then tmp = 3 + x2
    TADD(x2, x2, tmp);
    TSTORE(go, x2);
    TASSIGN(go, out + 32);
    TSTORE(go, x3);
    GlobalTensor<half, Shape<1, 1, 1, 2, 16>, Stride<1, 1, 1, 16, 1>> gh(h), gho(hout);
    TLOAD(th, gh);
    TMULS(th, th, half(0.5f));
    TEXPANDS(x1, th, 0.0f);        // the tile.expands form (x1 is not read)
    TSTORE(gho, th);
    GlobalTensor<int32_t, Shape<1, 1, 1, 1, 8>, Stride<1, 1, 1, 8, 1>> gn(n), gno(nout);
    TLOAD(tn, gn);
    TDIVS(tn, tn, 3);
    TMAXS(tn, tn, int32_t(-1));
    TSTORE(gno, tn);
}

void family_entry(int64_t *args) {
    auto t = [&](int i) { return reinterpret_cast<ChipTensor *>(args[i])->buffer.addr; };
    family_kernel(reinterpret_cast<float *>(t(0)), reinterpret_cast<half *>(t(1)), reinterpret_cast<int32_t *>(t(2)),
                  reinterpret_cast<float *>(t(3)), reinterpret_cast<half *>(t(4)), reinterpret_cast<int32_t *>(t(5)));
}

void family() {
    Tensor a(PTOC_DT_FLOAT32, 4, 8), h(PTOC_DT_FLOAT16, 2, 16), n(PTOC_DT_INT32, 1, 8);
    Tensor out(PTOC_DT_FLOAT32, 2, 32), hout(PTOC_DT_FLOAT16, 2, 16), nout(PTOC_DT_INT32, 1, 8);
    for (int i = 0; i < 32; i++) {
        a.data<float>()[i] = input(i, 9) + 0.25f * (i % 3);
        h.data<half>()[i] = half(input(i, 10) * 3);
    }
    const int32_t nv[8] = {-7, -3, -1, 0, 1, 5, 9, 100};
    std::memcpy(n.data<int32_t>(), nv, sizeof nv);
    int64_t args[] = {a.arg(), h.arg(), n.arg(), out.arg(), hout.arg(), nout.arg()};
    if (!run("family", PTOC_CORE_AIV, family_entry, args))
        return;
    const float *x = a.data<float>();
    std::vector<double> want(64), hwant(32), nwant(8);
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 8; c++) {
            float cs = 0, cm = x[c], rm = x[r * 8];
            for (int k = 0; k < 4; k++)
                cs += x[k * 8 + c], cm = std::fmax(cm, x[k * 8 + c]);
            for (int k = 0; k < 8; k++)
                rm = std::fmin(rm, x[r * 8 + k]);
            want[r * 8 + c] = (x[r * 8 + c] - cm) + rm + 3;
            want[32 + r * 8 + c] = cs / cm;
        }
    compare("family float", out.data<float>(), want, 1e-6);
    std::vector<float> hgot(32);
    for (int i = 0; i < 32; i++) {
        hwant[i] = float(half(float(h.data<half>()[i]) * 0.5f));
        hgot[i] = float(hout.data<half>()[i]);
    }
    compare("family half", hgot.data(), hwant, 0);
    std::vector<float> ngot(8);
    for (int i = 0; i < 8; i++) {
        int32_t q = nv[i] / 3 - ((nv[i] % 3 != 0) && (nv[i] < 0)); // floor division, as the interpreter
        nwant[i] = q > -1 ? q : -1;
        ngot[i] = float(nout.data<int32_t>()[i]);
    }
    compare("family int32", ngot.data(), nwant, 0);
}

// get_block_idx() is the core's block index.
void block_entry(int64_t *args) {
    *reinterpret_cast<int64_t *>(reinterpret_cast<ChipTensor *>(args[0])->buffer.addr) = get_block_idx();
}

void block() {
    Tensor t(PTOC_DT_INT64, 1, 1);
    int64_t args[] = {t.arg()};
    if (run("block", PTOC_CORE_AIV, block_entry, args, 3))
        std::printf("block: get_block_idx() = %lld\n", static_cast<long long>(*t.data<int64_t>()));
}

// ---- errors: recorded by the core, reported by ptoc_core_end ----

void err_assign_entry(int64_t *) {
    Tile<TileType::Vec, float, 128, 128, BLayout::RowMajor, 128, 128> big;
    TASSIGN(big, 0x28000);
}

void err_space_entry(int64_t *) {
    TileLeft<half, 16, 16> l;
    TASSIGN(l, 0x0);
}

void err_wait_entry(int64_t *) {
    set_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    wait_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    wait_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
}

void err_unwaited_entry(int64_t *) { set_flag(PIPE_M, PIPE_FIX, EVENT_ID3); }

void err_valid_entry(int64_t *) {
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, -1, -1> t(17, 16);
    TASSIGN(t, 0x0);
    TEXPANDS(t, 1.0f);
}

void err_shape_entry(int64_t *) {
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> a;
    Tile<TileType::Vec, float, 16, 8, BLayout::RowMajor, 16, 8> b;
    TASSIGN(a, 0x0);
    TASSIGN(b, 0x400);
    TEXPANDS(a, 1.0f);
    TADD(b, a, a);
}

void errors() {
    run("err_assign", PTOC_CORE_AIV, err_assign_entry, nullptr);
    run("err_space", PTOC_CORE_AIV, err_space_entry, nullptr);
    run("err_wait", PTOC_CORE_AIV, err_wait_entry, nullptr);
    run("err_unwaited", PTOC_CORE_AIC, err_unwaited_entry, nullptr);
    run("err_valid", PTOC_CORE_AIV, err_valid_entry, nullptr);
    run("err_shape", PTOC_CORE_AIV, err_shape_entry, nullptr);
}

} // namespace

int main() {
    golden_softmax();
    golden_rmsnorm();
    golden_exp_cols();
    golden_matmul();
    dyn_valid();
    forms();
    family();
    block();
    errors();
    return 0;
}
