// orch_api.cpp - the orchestration API (runtime/cpu/include/pto_orchestration_api.h) on the CPU
// runtime: orchestrations written as the cce trees write them run, and give the results their
// kernels compute. tests/run.sh builds it with $BIN/libptoc.a. Output: one line per failed check,
// then `orch_api: N checks, N failed`; exit status 1 when a check failed.
#include <cstdio>
#include <cstring>
#include <string>

#include "pto_orchestration_api.h"

static int nchecks, nfailed;

static void check(bool ok, const char *what, int line) {
    nchecks++;
    if (!ok) {
        nfailed++;
        std::printf("FAIL orch_api.cpp:%d: %s\n", line, what);
    }
}
#define CHECK(x) check((x), #x, __LINE__)

static float *f32(int64_t *args, int i) {
    const ChipTensor *t = reinterpret_cast<const ChipTensor *>(args[i]);
    return reinterpret_cast<float *>(t->buffer.addr) + t->start_offset;
}

static uint64_t numel(int64_t *args, int i) {
    const ChipTensor *t = reinterpret_cast<const ChipTensor *>(args[i]);
    uint64_t n = 1;
    for (uint32_t d = 0; d < t->ndims; d++)
        n *= t->shape[d];
    return n;
}

static uint64_t bits(float f) {
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

static float from_bits(int64_t b) {
    uint32_t u = static_cast<uint32_t>(b);
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}

// c = a + b (AIV), c = a * b (AIC), y = x * s (AIV)
static void k_add(int64_t *args) {
    for (uint64_t i = 0; i < numel(args, 2); i++)
        f32(args, 2)[i] = f32(args, 0)[i] + f32(args, 1)[i];
}
static void k_mul(int64_t *args) {
    for (uint64_t i = 0; i < numel(args, 2); i++)
        f32(args, 2)[i] = f32(args, 0)[i] * f32(args, 1)[i];
}
static void k_scale(int64_t *args) {
    for (uint64_t i = 0; i < numel(args, 1); i++)
        f32(args, 1)[i] = f32(args, 0)[i] * from_bits(args[2]);
}

enum { R = 16, C = 16, N = R * C };

// As the trees write it: tensors 0 a, 1 b IN, 2 d OUT; scalar 0 alpha.
// c = a * b (AIC, intermediate); e = c + a (intermediate, inner scope); d = e * alpha.
extern "C" void orch_entry(const ChipTaskArgs &orch_args) {
    const ChipTensor &a = orch_args.tensor(0).ref();
    const ChipTensor &b = orch_args.tensor(1).ref();
    const ChipTensor &d = orch_args.tensor(2).ref();
    uint64_t alpha_bits = orch_args.scalar(0);

    PTO2_SCOPE() {
        uint32_t c_shape[2] = {R, C};
        TensorCreateInfo c_ci(c_shape, 2, DataType::FLOAT32);
        CoreTaskArgs t0;
        t0.add_input(a);
        t0.add_input(b);
        t0.add_output(c_ci);
        TaskOutputTensors t0_out = rt_submit_aic_task(1, t0);
        const ChipTensor &c = t0_out.get_ref(0);
        CHECK(t0_out.size() == 1);
        CHECK(c.ndims == 2 && c.shape[0] == R && c.shape[1] == C && c.dtype == PTOC_DT_FLOAT32);
        CHECK(c.buffer.size == N * sizeof(float));
        CHECK(t0_out.get_ref(1).buffer.addr == 0);

        PTO2_SCOPE() {
            uint32_t e_shape[2] = {R, C};
            TensorCreateInfo e_ci(e_shape, 2, DataType::FLOAT32);
            CoreTaskArgs t1;
            t1.add_input(c);
            t1.add_input(a);
            t1.add_output(e_ci);
            TaskOutputTensors t1_out = rt_submit_aiv_task(0, t1);
            const ChipTensor &e = t1_out.get_ref(0);

            CoreTaskArgs t2;
            t2.add_input(e);
            t2.add_output(d);
            t2.add_scalar(alpha_bits);
            rt_submit_aiv_task(2, t2);
        }
    }
}

static void run_entry(void *ud) { orch_entry(*static_cast<const ChipTaskArgs *>(ud)); }

// One task with 33 tensors: the runtime refuses it, naming the count.
static void too_many(void *ud) {
    const ChipTaskArgs &args = *static_cast<const ChipTaskArgs *>(ud);
    CoreTaskArgs t;
    for (int i = 0; i < 33; i++)
        t.add_input(args.tensor(0).ref());
    rt_submit_aiv_task(0, t);
}

// An index past the parameters: a tensor without a buffer, which the runtime refuses.
static void past_end(void *ud) {
    const ChipTaskArgs &args = *static_cast<const ChipTaskArgs *>(ud);
    CHECK(args.scalar(5) == 0);
    CoreTaskArgs t;
    t.add_input(args.tensor(7).ref());
    t.add_input(args.tensor(0).ref());
    t.add_output(args.tensor(2).ref());
    rt_submit_aiv_task(0, t);
}

static ChipTensor tensor_of(float *p) {
    ChipTensor t{};
    t.buffer.addr = reinterpret_cast<uint64_t>(p);
    t.buffer.size = N * sizeof(float);
    t.ndims = 2;
    t.shape[0] = R;
    t.shape[1] = C;
    t.dtype = PTOC_DT_FLOAT32;
    return t;
}

int main() {
    static float a[N], b[N], d[N];
    for (int i = 0; i < N; i++) {
        a[i] = static_cast<float>(i % 13);
        b[i] = 0.25f * static_cast<float>(i % 5);
    }
    PtocRtConfig cfg;
    ptoc_rt_config_default(&cfg);
    char err[1024];
    PtocRt *rt = ptoc_rt_new(&cfg, err, sizeof err);
    if (!rt) {
        std::printf("FAIL ptoc_rt_new: %s\n", err);
        return 1;
    }
    CHECK(ptoc_rt_set_kernel(rt, 0, PTOC_CORE_AIV, k_add, "add"));
    CHECK(ptoc_rt_set_kernel(rt, 1, PTOC_CORE_AIC, k_mul, "mul"));
    CHECK(ptoc_rt_set_kernel(rt, 2, PTOC_CORE_AIV, k_scale, "scale"));

    ChipTaskArgs args{};
    args.ntensors = 3;
    args.tensors[0] = tensor_of(a);
    args.tensors[1] = tensor_of(b);
    args.tensors[2] = tensor_of(d);
    args.nscalars = 1;
    args.scalars[0] = bits(1.5f);
    CHECK(args.tensor_count() == 3 && args.scalar_count() == 1);

    bool ok = ptoc_rt_run(rt, run_entry, &args, err, sizeof err);
    CHECK(ok);
    if (!ok)
        std::printf("    %s\n", err);
    int bad = 0;
    for (int i = 0; i < N; i++)
        bad += d[i] != (a[i] * b[i] + a[i]) * 1.5f;
    CHECK(bad == 0);
    PtocRtStats s;
    ptoc_rt_stats(rt, &s);
    CHECK(s.tasks[PTOC_CORE_AIV] == 2 && s.tasks[PTOC_CORE_AIC] == 1);
    CHECK(s.res[PTOC_RES_ARENA].high_water >= 64 + N * sizeof(float));

    CHECK(!ptoc_rt_run(rt, too_many, &args, err, sizeof err));
    CHECK(std::string(err) == "task 0 (kernel add, func_id 0): 33 tensors (at most 32)");
    CHECK(!ptoc_rt_run(rt, past_end, &args, err, sizeof err));
    CHECK(std::string(err) == "task 0 (kernel add, func_id 0): tensor 0 has no buffer (address 0)");

    // outside a run: nothing happens
    CHECK(ptoc_rt_current() == nullptr);
    PTO2_SCOPE() {
        uint32_t shape[1] = {4};
        CoreTaskArgs t;
        t.add_output(TensorCreateInfo(shape, 1, DataType::INT32));
        TaskOutputTensors out = rt_submit_aiv_task(0, t);
        CHECK(out.size() == 1 && out.get_ref(0).buffer.addr == 0);
    }
    ptoc_rt_free(rt);
    std::printf("orch_api: %d checks, %d failed\n", nchecks, nfailed);
    return nfailed ? 1 : 0;
}
