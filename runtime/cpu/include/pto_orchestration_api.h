/* pto_orchestration_api.h - the orchestration API of a cce tree (orchestration/NAME.cpp, see
 * docs/cce-backend.md) on ptoc's CPU runtime: a thin C++17 layer over ptoc_rt.h. The submit
 * functions and PTO2_SCOPE act on the runtime whose orchestration the calling thread runs
 * (ptoc_rt_current); outside a run they do nothing.
 *
 * Malformed arguments (too many tensors or scalars, an unknown dtype...) are not checked here:
 * the runtime rejects the submission and fails the run with a message. */
#ifndef PTO_ORCHESTRATION_API_H
#define PTO_ORCHESTRATION_API_H

#include <stddef.h>
#include <stdint.h>
#include <type_traits>

#include "tensor.h"

enum class DataType : uint32_t {
#define X(rt, ir) rt = PTOC_DT_##rt,
    PTOC_DTYPES(X)
#undef X
};

namespace ptoc_orch {
/* What an out-of-range index yields: a zero-size tensor, which the runtime rejects by name. */
inline const ChipTensor zero_tensor{};
}  // namespace ptoc_orch

/* orch_args.tensor(i): the i-th tensor parameter, as .ref(). */
struct ChipTensorArg {
    const ChipTensor *p;
    const ChipTensor &ref() const { return *p; }
};

/* The entry's arguments: a PtocOrchArgs (the runtime's caller passes one) with accessors. */
struct ChipTaskArgs : PtocOrchArgs {
    int tensor_count() const { return ntensors; }
    int scalar_count() const { return nscalars; }
    ChipTensorArg tensor(int i) const {
        return ChipTensorArg{i >= 0 && i < ntensors && i < PTOC_MAX_TENSORS ? &tensors[i] : &ptoc_orch::zero_tensor};
    }
    uint64_t scalar(int i) const { return i >= 0 && i < nscalars && i < PTOC_MAX_SCALARS ? scalars[i] : 0; }
};
static_assert(sizeof(ChipTaskArgs) == sizeof(PtocOrchArgs) && std::is_standard_layout<ChipTaskArgs>::value,
              "ChipTaskArgs is a PtocOrchArgs");

struct PTO2OrchestrationConfig {
    int expected_arg_count; /* tensor and scalar parameters of the entry */
};

/* The shape and dtype of an intermediate the runtime allocates (CoreTaskArgs::add_output). */
struct TensorCreateInfo {
    PtocTensorCreate ci;
    TensorCreateInfo(const uint32_t *shape, uint32_t ndims, DataType dtype) : ci{} {
        ci.ndims = ndims; /* more than PTOC_MAX_RANK: the runtime rejects it */
        for (uint32_t d = 0; d < ndims && d < PTOC_MAX_RANK; d++)
            ci.shape[d] = shape[d];
        ci.dtype = static_cast<uint32_t>(dtype);
    }
};

/* The arguments of one task, in the kernel's parameter order: tensors, then scalars. Beyond the
 * limits only the counts grow, so that the runtime reports the excess. */
class CoreTaskArgs {
public:
    CoreTaskArgs() : a_{} {}
    void add_input(const ChipTensor &t) { add(PTOC_ARG_IN, &t, nullptr); }
    void add_output(const ChipTensor &t) { add(PTOC_ARG_OUT, &t, nullptr); }
    void add_output(const TensorCreateInfo &ci) { add(PTOC_ARG_OUT, nullptr, &ci); }
    void add_inout(const ChipTensor &t) { add(PTOC_ARG_INOUT, &t, nullptr); }
    void add_scalar(uint64_t bits) {
        if (a_.nscalars < PTOC_MAX_SCALARS)
            a_.scalars[a_.nscalars] = bits;
        a_.nscalars++;
    }
    const PtocTaskArgs &args() const { return a_; }

private:
    void add(int dir, const ChipTensor *t, const TensorCreateInfo *ci) {
        if (a_.ntensors < PTOC_MAX_TENSORS) {
            auto &x = a_.tensors[a_.ntensors];
            x.dir = dir;
            x.create = ci != nullptr;
            if (t)
                x.t = *t;
            else
                x.ci = ci->ci;
        }
        a_.ntensors++;
    }
    PtocTaskArgs a_;
};

/* The intermediates a submission created, in add_output order, held by value. */
class TaskOutputTensors {
public:
    TaskOutputTensors() : t_{}, n_(0) {}
    int size() const { return n_; }
    const ChipTensor &get_ref(int i) const { return i >= 0 && i < n_ ? t_[i] : ptoc_orch::zero_tensor; }

private:
    friend TaskOutputTensors ptoc_orch_submit(int core_type, int func_id, const CoreTaskArgs &args);
    ChipTensor t_[PTOC_MAX_TENSORS];
    int n_;
};

inline TaskOutputTensors ptoc_orch_submit(int core_type, int func_id, const CoreTaskArgs &args) {
    TaskOutputTensors out;
    const PtocTaskArgs &a = args.args();
    for (int i = 0; i < a.ntensors && i < PTOC_MAX_TENSORS; i++)
        out.n_ += a.tensors[i].create;
    ptoc_rt_submit(ptoc_rt_current(), core_type, func_id, &a, out.t_);
    return out;
}

inline TaskOutputTensors rt_submit_aiv_task(int func_id, const CoreTaskArgs &args) {
    return ptoc_orch_submit(PTOC_CORE_AIV, func_id, args);
}
inline TaskOutputTensors rt_submit_aic_task(int func_id, const CoreTaskArgs &args) {
    return ptoc_orch_submit(PTOC_CORE_AIC, func_id, args);
}

namespace ptoc_orch {
/* The scope of PTO2_SCOPE: intermediates created inside are freed after it ends, once their
 * tasks have finished. */
class Scope {
public:
    Scope() : rt_(ptoc_rt_current()) { ptoc_rt_scope_begin(rt_); }
    ~Scope() { ptoc_rt_scope_end(rt_); }
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

private:
    PtocRt *rt_;
};
}  // namespace ptoc_orch

/* PTO2_SCOPE() { ... }: the guard lives as long as the statement that follows. */
#define PTO2_SCOPE() if (ptoc_orch::Scope pto2_scope_guard_; true)

#endif
