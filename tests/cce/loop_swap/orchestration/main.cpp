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
    const ChipTensor &y = orch_args.tensor(1).ref();
    const ChipTensor &out = orch_args.tensor(2).ref();  // returned

    ChipTensor a = x;  // carried
    ChipTensor b = y;  // carried
    for (int64_t i = 0; i < 4; i += 1) {
        ChipTensor a_next = b;
        ChipTensor b_next = a;
        a = a_next;
        b = b_next;
    }
    const ChipTensor &a2 = a;
    const ChipTensor &b2 = b;
    CoreTaskArgs t0;
    t0.add_input(a2);
    t0.add_input(b2);
    t0.add_output(out);  // returned: an external tensor
    rt_submit_aiv_task(0, t0);
}

}  // extern "C"
