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
    const ChipTensor &a = orch_args.tensor(0).ref();
    const ChipTensor &b = orch_args.tensor(1).ref();
    const ChipTensor &c = orch_args.tensor(2).ref();  // returned

    CoreTaskArgs t0;
    t0.add_input(a);
    t0.add_input(b);
    t0.add_output(c);  // returned: an external tensor
    rt_submit_aiv_task(0, t0);
}

}  // extern "C"
