// k: InCore kernel (AIV / vector)
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

static __aicore__ void k(__gm__ float *a, __gm__ float *c) {
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> x;
    TASSIGN(x, 0x0);
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> y;
    TASSIGN(y, 0x400);
    GlobalTensor<float, Shape<1, 1, 1, 16, 16>, Stride<1, 1, 1, 16, 1>> g_x(a);
    TLOAD(x, g_x);
    set_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    wait_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    TEXP(y, x);
    set_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    wait_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    GlobalTensor<float, Shape<1, 1, 1, 16, 16>, Stride<1, 1, 1, 16, 1>> g_r(c);
    TSTORE(g_r, y);
    pipe_barrier(PIPE_ALL);
}

extern "C" __aicore__ __attribute__((always_inline)) void kernel_entry(__gm__ int64_t *args) {
    __gm__ ChipTensor *a_t = reinterpret_cast<__gm__ ChipTensor *>(args[0]);
    __gm__ ChipTensor *c_t = reinterpret_cast<__gm__ ChipTensor *>(args[1]);
    k(reinterpret_cast<__gm__ float *>(a_t->buffer.addr) + a_t->start_offset,
      reinterpret_cast<__gm__ float *>(c_t->buffer.addr) + c_t->start_offset);
}
