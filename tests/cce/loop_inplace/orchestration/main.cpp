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
    const ChipTensor &x = orch_args.tensor(0).ref();
    const ChipTensor &r = orch_args.tensor(1).ref();  // returned
    uint64_t n_bits = orch_args.scalar(0);
    int64_t n = static_cast<int64_t>(n_bits);

    CoreTaskArgs t0;
    t0.add_input(x);
    t0.add_output(r);  // returned: an external tensor
    rt_submit_aiv_task(0, t0);
    const ChipTensor &c = r;
    const ChipTensor &acc = c;
    for (int64_t i = 0; i < n; i += 1) {
        CoreTaskArgs t1;
        t1.add_inout(acc);
        t1.add_scalar(ptoc_f32_bits(static_cast<float>(i) * 0.5f));
        rt_submit_aiv_task(1, t1);
    }
}

}  // extern "C"
