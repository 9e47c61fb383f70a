// Orchestration scaled_gate: one task per kernel call
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
    const ChipTensor &gate = orch_args.tensor(1).ref();
    const ChipTensor &bias = orch_args.tensor(2).ref();
    const ChipTensor &m = orch_args.tensor(3).ref();  // returned

    PTO2_SCOPE() {
        uint32_t s_shape[2] = {64, 128};
        TensorCreateInfo s_ci(s_shape, 2, DataType::FLOAT32);
        uint32_t z_shape[2] = {64, 128};
        TensorCreateInfo z_ci(z_shape, 2, DataType::FLOAT32);
        CoreTaskArgs t0;
        t0.add_input(bias);
        t0.add_input(gate);
        t0.add_input(x);
        t0.add_output(s_ci);  // runtime-allocated intermediate
        t0.add_output(z_ci);  // runtime-allocated intermediate
        TaskOutputTensors t0_out = rt_submit_aiv_task(0, t0);
        const ChipTensor &s = t0_out.get_ref(0);
        const ChipTensor &z = t0_out.get_ref(1);

        CoreTaskArgs t1;
        t1.add_input(s);
        t1.add_input(x);
        t1.add_input(z);
        t1.add_output(m);  // returned: an external tensor
        rt_submit_aiv_task(1, t1);
    }
}

}  // extern "C"
