// scale_rows: InCore kernel (AIV / vector)
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

static __aicore__ void scale_rows(__gm__ float *x, float alpha, __gm__ float *out, int64_t N) {
    Tile<TileType::Vec, float, 32, 128, BLayout::RowMajor, 32, 128> t;
    TASSIGN(t, 0x0);
    Tile<TileType::Vec, float, 32, 128, BLayout::RowMajor, 32, 128> s;
    TASSIGN(s, 0x4000);
    Tile<TileType::Vec, float, 32, 128, BLayout::RowMajor, 32, 128> u;
    TASSIGN(u, 0x0);
    set_flag(PIPE_MTE3, PIPE_MTE2, EVENT_ID0);
    for (int64_t i = 0; i < N; i += 32) {
        wait_flag(PIPE_MTE3, PIPE_MTE2, EVENT_ID0);
        GlobalTensor<float, Shape<1, 1, 1, 32, 128>, Stride<1, 1, 1, 128, 1>> g_t(x + i * 128);
        TLOAD(t, g_t);
        set_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
        wait_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
        TMULS(s, t, alpha);
        pipe_barrier(PIPE_V);
        TEXP(u, s);
        set_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
        wait_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
        GlobalTensor<float, Shape<1, 1, 1, 32, 128>, Stride<1, 1, 1, 128, 1>> g_stored(out + i * 128);
        TSTORE(g_stored, u);
        set_flag(PIPE_MTE3, PIPE_MTE2, EVENT_ID0);
    }
    wait_flag(PIPE_MTE3, PIPE_MTE2, EVENT_ID0);
    pipe_barrier(PIPE_ALL);
}

extern "C" __aicore__ __attribute__((always_inline)) void kernel_entry(__gm__ int64_t *args) {
    __gm__ ChipTensor *x_t = reinterpret_cast<__gm__ ChipTensor *>(args[0]);
    __gm__ ChipTensor *out_t = reinterpret_cast<__gm__ ChipTensor *>(args[1]);
    union { uint64_t u64; float val; } alpha_conv;
    alpha_conv.u64 = args[2];
    int64_t N = static_cast<int64_t>(args[3]);  // dynamic dimension
    scale_rows(reinterpret_cast<__gm__ float *>(x_t->buffer.addr) + x_t->start_offset,
               alpha_conv.val,
               reinterpret_cast<__gm__ float *>(out_t->buffer.addr) + out_t->start_offset,
               N);
}
