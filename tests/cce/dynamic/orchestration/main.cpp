// Orchestration main: one task per kernel call
#include <stddef.h>
#include <stdint.h>

#include "pto_orchestration_api.h"

extern "C" {

__attribute__((visibility("default"))) PTO2OrchestrationConfig
aicpu_orchestration_config(const ChipTaskArgs &orch_args) {
    (void)orch_args;
    return PTO2OrchestrationConfig{.expected_arg_count = 3};
}

__attribute__((visibility("default"))) void aicpu_orchestration_entry(const ChipTaskArgs &orch_args) {
    const ChipTensor &x = orch_args.tensor(0).ref();
    const ChipTensor &y = orch_args.tensor(1).ref();  // returned
    int64_t N = static_cast<int64_t>(orch_args.scalar(0));  // dynamic dimension

    CoreTaskArgs t0;
    t0.add_input(x);
    t0.add_output(y);  // returned: an external tensor
    t0.add_scalar(0x40000000ULL /* 2 */);
    t0.add_scalar(static_cast<uint64_t>(N));  // dynamic dimension
    rt_submit_aiv_task(0, t0);
}

}  // extern "C"
