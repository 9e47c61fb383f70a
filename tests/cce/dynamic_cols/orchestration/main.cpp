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
    const ChipTensor &x = orch_args.tensor(0).ref();
    const ChipTensor &z = orch_args.tensor(1).ref();  // returned
    uint64_t n_bits = orch_args.scalar(0);
    int64_t n = static_cast<int64_t>(n_bits);
    int64_t M = static_cast<int64_t>(orch_args.scalar(1));  // dynamic dimension

    PTO2_SCOPE() {
        uint32_t y_shape[2] = {static_cast<uint32_t>(n), static_cast<uint32_t>(M)};
        TensorCreateInfo y_ci(y_shape, 2, DataType::FLOAT32);
        CoreTaskArgs t0;
        t0.add_input(x);
        t0.add_output(y_ci);  // runtime-allocated intermediate
        t0.add_scalar(n_bits);
        t0.add_scalar(static_cast<uint64_t>(M));  // dynamic dimension
        TaskOutputTensors t0_out = rt_submit_aiv_task(0, t0);
        const ChipTensor &y = t0_out.get_ref(0);

        CoreTaskArgs t1;
        t1.add_input(y);
        t1.add_output(z);  // returned: an external tensor
        t1.add_scalar(n_bits);
        t1.add_scalar(static_cast<uint64_t>(M));  // dynamic dimension
        rt_submit_aiv_task(0, t1);
    }
}

}  // extern "C"
