// init: InCore kernel (AIV / vector)
#include <cstdint>
#include <pto/pto-inst.hpp>
#include "tensor.h"
using namespace pto;
#ifndef __gm__
#define __gm__
#endif
#ifndef __aicore__
#define __aicore__ [aicore]
#endif

static __aicore__ void init(__gm__ float *x, __gm__ float *out) {
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> t;
    TASSIGN(t, 0x0);
    GlobalTensor<float, Shape<1, 1, 1, 16, 16>, Stride<1, 1, 1, 16, 1>> g_t(x);
    TLOAD(t, g_t);
    set_flag(PIPE_MTE2, PIPE_MTE3, EVENT_ID0);
    wait_flag(PIPE_MTE2, PIPE_MTE3, EVENT_ID0);
    GlobalTensor<float, Shape<1, 1, 1, 16, 16>, Stride<1, 1, 1, 16, 1>> g_r(out);
    TSTORE(g_r, t);
    pipe_barrier(PIPE_ALL);
}

extern "C" __aicore__ __attribute__((always_inline)) void kernel_entry(__gm__ int64_t *args) {
    __gm__ ChipTensor *x_t = reinterpret_cast<__gm__ ChipTensor *>(args[0]);
    __gm__ ChipTensor *out_t = reinterpret_cast<__gm__ ChipTensor *>(args[1]);
    init(reinterpret_cast<__gm__ float *>(x_t->buffer.addr) + x_t->start_offset,
         reinterpret_cast<__gm__ float *>(out_t->buffer.addr) + out_t->start_offset);
}
