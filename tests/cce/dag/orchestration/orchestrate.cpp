// Orchestration orchestrate: one task per kernel call
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
    const ChipTensor &b = orch_args.tensor(1).ref();
    const ChipTensor &f = orch_args.tensor(2).ref();  // returned
    const ChipTensor &h = orch_args.tensor(3).ref();  // returned

    PTO2_SCOPE() {
        uint32_t c_shape[2] = {128, 128};
        TensorCreateInfo c_ci(c_shape, 2, DataType::FLOAT32);
        CoreTaskArgs t0;
        t0.add_input(a);
        t0.add_input(b);
        t0.add_output(c_ci);  // runtime-allocated intermediate
        TaskOutputTensors t0_out = rt_submit_aiv_task(0, t0);
        const ChipTensor &c = t0_out.get_ref(0);

        uint32_t d_shape[2] = {128, 128};
        TensorCreateInfo d_ci(d_shape, 2, DataType::FLOAT32);
        CoreTaskArgs t1;
        t1.add_input(c);
        t1.add_output(d_ci);  // runtime-allocated intermediate
        t1.add_scalar(0x3F800000ULL /* 1 */);
        TaskOutputTensors t1_out = rt_submit_aiv_task(1, t1);
        const ChipTensor &d = t1_out.get_ref(0);

        uint32_t e_shape[2] = {128, 128};
        TensorCreateInfo e_ci(e_shape, 2, DataType::FLOAT32);
        CoreTaskArgs t2;
        t2.add_input(c);
        t2.add_output(e_ci);  // runtime-allocated intermediate
        t2.add_scalar(0x40000000ULL /* 2 */);
        TaskOutputTensors t2_out = rt_submit_aiv_task(1, t2);
        const ChipTensor &e = t2_out.get_ref(0);

        uint32_t g_shape[2] = {128, 128};
        TensorCreateInfo g_ci(g_shape, 2, DataType::FLOAT32);
        CoreTaskArgs t3;
        t3.add_input(d);
        t3.add_input(e);
        t3.add_output(g_ci);  // runtime-allocated intermediate
        TaskOutputTensors t3_out = rt_submit_aiv_task(2, t3);
        const ChipTensor &g = t3_out.get_ref(0);

        CoreTaskArgs t4;
        t4.add_input(g);
        t4.add_input(c);
        t4.add_output(f);  // returned: an external tensor
        rt_submit_aiv_task(0, t4);

        CoreTaskArgs t5;
        t5.add_input(c);
        t5.add_input(f);
        t5.add_output(h);  // returned: an external tensor
        rt_submit_aiv_task(3, t5);
    }
}

}  // extern "C"
