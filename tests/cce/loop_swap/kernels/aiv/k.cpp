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

static __aicore__ void k(__gm__ float *x, __gm__ float *y, __gm__ float *out) {
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> t;
    TASSIGN(t, 0x0);
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> u;
    TASSIGN(u, 0x400);
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> v;
    TASSIGN(v, 0x800);
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> w;
    TASSIGN(w, 0x0);
    GlobalTensor<float, Shape<1, 1, 1, 16, 16>, Stride<1, 1, 1, 16, 1>> g_t(x);
    TLOAD(t, g_t);
    GlobalTensor<float, Shape<1, 1, 1, 16, 16>, Stride<1, 1, 1, 16, 1>> g_u(y);
    TLOAD(u, g_u);
    set_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    wait_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    TSUB(v, t, u);
    float p = 1.0f;
    float q = 2.0f;
    for (int64_t i = 0; i < 3; i += 1) {
        float p_next = q;
        float q_next = (p + q);
        p = p_next;
        q = q_next;
    }
    float p2 = p;
    pipe_barrier(PIPE_V);
    TADDS(w, v, p2);
    set_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    wait_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    GlobalTensor<float, Shape<1, 1, 1, 16, 16>, Stride<1, 1, 1, 16, 1>> g_r(out);
    TSTORE(g_r, w);
    pipe_barrier(PIPE_ALL);
}

extern "C" __aicore__ __attribute__((always_inline)) void kernel_entry(__gm__ int64_t *args) {
    __gm__ ChipTensor *x_t = reinterpret_cast<__gm__ ChipTensor *>(args[0]);
    __gm__ ChipTensor *y_t = reinterpret_cast<__gm__ ChipTensor *>(args[1]);
    __gm__ ChipTensor *out_t = reinterpret_cast<__gm__ ChipTensor *>(args[2]);
    k(reinterpret_cast<__gm__ float *>(x_t->buffer.addr) + x_t->start_offset,
      reinterpret_cast<__gm__ float *>(y_t->buffer.addr) + y_t->start_offset,
      reinterpret_cast<__gm__ float *>(out_t->buffer.addr) + out_t->start_offset);
}
