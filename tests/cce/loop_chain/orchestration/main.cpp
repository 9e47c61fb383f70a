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
    const ChipTensor &out = orch_args.tensor(1).ref();  // returned
    uint64_t n_bits = orch_args.scalar(0);
    int64_t n = static_cast<int64_t>(n_bits);

    PTO2_SCOPE() {
        ChipTensor acc = x;  // carried
        float scale = 0.5f;
        for (int64_t i = 0; i < 1000; i += 1) {
            ChipTensor m{};
            if ((i % n) == 0) {
                uint32_t y_shape[2] = {16, 16};
                TensorCreateInfo y_ci(y_shape, 2, DataType::FLOAT32);
                CoreTaskArgs t0;
                t0.add_input(acc);
                t0.add_output(y_ci);  // runtime-allocated intermediate
                TaskOutputTensors t0_out = rt_submit_aiv_task(0, t0);
                const ChipTensor &y = t0_out.get_ref(0);
                m = y;
            } else {
                uint32_t z_shape[2] = {16, 16};
                TensorCreateInfo z_ci(z_shape, 2, DataType::FLOAT32);
                CoreTaskArgs t1;
                t1.add_input(acc);
                t1.add_output(z_ci);  // runtime-allocated intermediate
                t1.add_scalar(ptoc_f32_bits(scale));
                TaskOutputTensors t1_out = rt_submit_aiv_task(1, t1);
                const ChipTensor &z = t1_out.get_ref(0);
                m = z;
            }
            float s2 = scale * 0.999f;
            acc = m;
            scale = s2;
        }
        const ChipTensor &acc2 = acc;
        float scale2 = scale;

        CoreTaskArgs t2;
        t2.add_input(acc2);
        t2.add_output(out);  // returned: an external tensor
        t2.add_scalar(ptoc_f32_bits(scale2));
        rt_submit_aiv_task(1, t2);
    }
}

}  // extern "C"
