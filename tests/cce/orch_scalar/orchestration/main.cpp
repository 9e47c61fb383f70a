// Orchestration main: one task per kernel call
#include <stddef.h>
#include <stdint.h>

#include "pto_orchestration_api.h"

extern "C" {

__attribute__((visibility("default"))) PTO2OrchestrationConfig
aicpu_orchestration_config(const ChipTaskArgs &orch_args) {
    (void)orch_args;
    return PTO2OrchestrationConfig{.expected_arg_count = 4};
}

__attribute__((visibility("default"))) void aicpu_orchestration_entry(const ChipTaskArgs &orch_args) {
    const ChipTensor &a = orch_args.tensor(0).ref();
    const ChipTensor &c = orch_args.tensor(1).ref();  // returned
    uint64_t n_bits = orch_args.scalar(0);
    int64_t n = static_cast<int64_t>(n_bits);
    uint64_t s_bits = orch_args.scalar(1);

    CoreTaskArgs t0;
    t0.add_input(a);
    t0.add_output(c);  // returned: an external tensor
    t0.add_scalar(static_cast<uint64_t>(n * 16));
    t0.add_scalar(s_bits);
    rt_submit_aiv_task(0, t0);
}

}  // extern "C"
