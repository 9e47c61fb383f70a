// kernel_add: InCore kernel (AIV / vector)
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

static __aicore__ void kernel_add(__gm__ float *a, __gm__ float *b, __gm__ float *out) {
    Tile<TileType::Vec, float, 128, 128, BLayout::RowMajor, 128, 128> ta;
    TASSIGN(ta, 0x0);
    Tile<TileType::Vec, float, 128, 128, BLayout::RowMajor, 128, 128> tb;
    TASSIGN(tb, 0x10000);
    Tile<TileType::Vec, float, 128, 128, BLayout::RowMajor, 128, 128> tc;
    TASSIGN(tc, 0x20000);
    GlobalTensor<float, Shape<1, 1, 1, 128, 128>, Stride<1, 1, 1, 128, 1>> g_ta(a);
    TLOAD(ta, g_ta);
    GlobalTensor<float, Shape<1, 1, 1, 128, 128>, Stride<1, 1, 1, 128, 1>> g_tb(b);
    TLOAD(tb, g_tb);
    set_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    wait_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    TADD(tc, ta, tb);
    set_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    wait_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    GlobalTensor<float, Shape<1, 1, 1, 128, 128>, Stride<1, 1, 1, 128, 1>> g_r(out);
    TSTORE(g_r, tc);
    pipe_barrier(PIPE_ALL);
}

extern "C" __aicore__ __attribute__((always_inline)) void kernel_entry(__gm__ int64_t *args) {
    __gm__ ChipTensor *a_t = reinterpret_cast<__gm__ ChipTensor *>(args[0]);
    __gm__ ChipTensor *b_t = reinterpret_cast<__gm__ ChipTensor *>(args[1]);
    __gm__ ChipTensor *out_t = reinterpret_cast<__gm__ ChipTensor *>(args[2]);
    kernel_add(reinterpret_cast<__gm__ float *>(a_t->buffer.addr) + a_t->start_offset,
               reinterpret_cast<__gm__ float *>(b_t->buffer.addr) + b_t->start_offset,
               reinterpret_cast<__gm__ float *>(out_t->buffer.addr) + out_t->start_offset);
}
