// Orchestration main: one task per kernel call
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pto_orchestration_api.h"

extern "C" {

__attribute__((visibility("default"))) PTO2OrchestrationConfig
aicpu_orchestration_config(const ChipTaskArgs &orch_args) {
    (void)orch_args;
    return PTO2OrchestrationConfig{.expected_arg_count = 3};
}

static inline uint64_t ptoc_f32_bits(float v) {
    uint32_t u;
    memcpy(&u, &v, sizeof u);
    return u;
}

__attribute__((visibility("default"))) void aicpu_orchestration_entry(const ChipTaskArgs &orch_args) {
    const ChipTensor &a = orch_args.tensor(0).ref();
    const ChipTensor &c = orch_args.tensor(1).ref();  // returned
    uint64_t s_bits = orch_args.scalar(0);
    union { uint64_t u64; float val; } s_conv;
    s_conv.u64 = s_bits;
    float s = s_conv.val;

    for (int64_t i = 0; i < 64; i += 1) {
        ChipTensor av = a;  // a view: rows of a
        av.start_offset += static_cast<uint64_t>(i * 16) * 64;
        av.shape[0] = static_cast<uint32_t>(16);
        ChipTensor cv = c;  // a view: rows of c
        cv.start_offset += static_cast<uint64_t>(i * 16) * 64;
        cv.shape[0] = static_cast<uint32_t>(16);
        float k = (s * 2.0f) + static_cast<float>(i);
        CoreTaskArgs t0;
        t0.add_input(av);
        t0.add_output(cv);
        t0.add_scalar(ptoc_f32_bits(k));
        rt_submit_aiv_task(0, t0);
    }
}

}  // extern "C"
