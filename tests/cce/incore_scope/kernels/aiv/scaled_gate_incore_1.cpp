// scaled_gate_incore_1: InCore kernel (AIV / vector)
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

static __aicore__ void scaled_gate_incore_1(__gm__ float *s, __gm__ float *x, __gm__ float *z, __gm__ float *m_out) {
    Tile<TileType::Vec, float, 64, 128, BLayout::RowMajor, 64, 128> z_tile;
    TASSIGN(z_tile, 0x0);
    Tile<TileType::Vec, float, 64, 128, BLayout::RowMajor, 64, 128> x_tile;
    TASSIGN(x_tile, 0x8000);
    Tile<TileType::Vec, float, 64, 128, BLayout::RowMajor, 64, 128> w_tile;
    TASSIGN(w_tile, 0x10000);
    Tile<TileType::Vec, float, 64, 128, BLayout::RowMajor, 64, 128> s_tile;
    TASSIGN(s_tile, 0x0);
    Tile<TileType::Vec, float, 64, 128, BLayout::RowMajor, 64, 128> m_tile;
    TASSIGN(m_tile, 0x8000);
    GlobalTensor<float, Shape<1, 1, 1, 64, 128>, Stride<1, 1, 1, 128, 1>> g_z_tile(z);
    TLOAD(z_tile, g_z_tile);
    GlobalTensor<float, Shape<1, 1, 1, 64, 128>, Stride<1, 1, 1, 128, 1>> g_x_tile(x);
    TLOAD(x_tile, g_x_tile);
    set_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    wait_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    TADD(w_tile, z_tile, x_tile);
    set_flag(PIPE_V, PIPE_MTE2, EVENT_ID0);
    wait_flag(PIPE_V, PIPE_MTE2, EVENT_ID0);
    GlobalTensor<float, Shape<1, 1, 1, 64, 128>, Stride<1, 1, 1, 128, 1>> g_s_tile(s);
    TLOAD(s_tile, g_s_tile);
    set_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    wait_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    TMAX(m_tile, w_tile, s_tile);
    set_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    wait_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    GlobalTensor<float, Shape<1, 1, 1, 64, 128>, Stride<1, 1, 1, 128, 1>> g_m(m_out);
    TSTORE(g_m, m_tile);
    pipe_barrier(PIPE_ALL);
}

extern "C" __aicore__ __attribute__((always_inline)) void kernel_entry(__gm__ int64_t *args) {
    __gm__ ChipTensor *s_t = reinterpret_cast<__gm__ ChipTensor *>(args[0]);
    __gm__ ChipTensor *x_t = reinterpret_cast<__gm__ ChipTensor *>(args[1]);
    __gm__ ChipTensor *z_t = reinterpret_cast<__gm__ ChipTensor *>(args[2]);
    __gm__ ChipTensor *m_out_t = reinterpret_cast<__gm__ ChipTensor *>(args[3]);
    scaled_gate_incore_1(reinterpret_cast<__gm__ float *>(s_t->buffer.addr) + s_t->start_offset,
                         reinterpret_cast<__gm__ float *>(x_t->buffer.addr) + x_t->start_offset,
                         reinterpret_cast<__gm__ float *>(z_t->buffer.addr) + z_t->start_offset,
                         reinterpret_cast<__gm__ float *>(m_out_t->buffer.addr) + m_out_t->start_offset);
}
