// bump: InCore kernel (AIV / vector)
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

static __aicore__ void bump(__gm__ float *acc, float s) {
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> t;
    TASSIGN(t, 0x0);
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> u;
    TASSIGN(u, 0x400);
    GlobalTensor<float, Shape<1, 1, 1, 16, 16>, Stride<1, 1, 1, 16, 1>> g_t(acc);
    TLOAD(t, g_t);
    set_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    wait_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    TADDS(u, t, s);
    set_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    wait_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    GlobalTensor<float, Shape<1, 1, 1, 16, 16>, Stride<1, 1, 1, 16, 1>> g_r(acc);
    TSTORE(g_r, u);
    pipe_barrier(PIPE_ALL);
}

extern "C" __aicore__ __attribute__((always_inline)) void kernel_entry(__gm__ int64_t *args) {
    __gm__ ChipTensor *acc_t = reinterpret_cast<__gm__ ChipTensor *>(args[0]);
    union { uint64_t u64; float val; } s_conv;
    s_conv.u64 = args[1];
    bump(reinterpret_cast<__gm__ float *>(acc_t->buffer.addr) + acc_t->start_offset,
         s_conv.val);
}
