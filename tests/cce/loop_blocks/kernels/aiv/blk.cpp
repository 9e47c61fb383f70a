// blk: InCore kernel (AIV / vector)
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

static __aicore__ void blk(__gm__ float *a, float s, __gm__ float *c) {
    Tile<TileType::Vec, float, 16, 64, BLayout::RowMajor, 16, 64> x;
    TASSIGN(x, 0x0);
    Tile<TileType::Vec, float, 16, 64, BLayout::RowMajor, 16, 64> y;
    TASSIGN(y, 0x1000);
    GlobalTensor<float, Shape<1, 1, 1, 16, 64>, Stride<1, 1, 1, 64, 1>> g_x(a);
    TLOAD(x, g_x);
    set_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    wait_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    TMULS(y, x, s);
    set_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    wait_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    GlobalTensor<float, Shape<1, 1, 1, 16, 64>, Stride<1, 1, 1, 64, 1>> g_r(c);
    TSTORE(g_r, y);
    pipe_barrier(PIPE_ALL);
}

extern "C" __aicore__ __attribute__((always_inline)) void kernel_entry(__gm__ int64_t *args) {
    __gm__ ChipTensor *a_t = reinterpret_cast<__gm__ ChipTensor *>(args[0]);
    __gm__ ChipTensor *c_t = reinterpret_cast<__gm__ ChipTensor *>(args[1]);
    union { uint64_t u64; float val; } s_conv;
    s_conv.u64 = args[2];
    blk(reinterpret_cast<__gm__ float *>(a_t->buffer.addr) + a_t->start_offset,
        s_conv.val,
        reinterpret_cast<__gm__ float *>(c_t->buffer.addr) + c_t->start_offset);
}
