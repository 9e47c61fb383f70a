// scaled_gate_incore_0: InCore kernel (AIV / vector)
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

static __aicore__ void scaled_gate_incore_0(__gm__ float *bias, __gm__ float *gate, __gm__ float *x, __gm__ float *s_out, __gm__ float *z_out) {
    Tile<TileType::Vec, float, 32, 128, BLayout::RowMajor, 32, 128> x_tile;
    TASSIGN(x_tile, 0x0);
    Tile<TileType::Vec, float, 32, 128, BLayout::RowMajor, 32, 128> bias_tile;
    TASSIGN(bias_tile, 0x4000);
    Tile<TileType::Vec, float, 32, 128, BLayout::RowMajor, 32, 128> s_tile;
    TASSIGN(s_tile, 0x8000);
    Tile<TileType::Vec, float, 32, 128, BLayout::RowMajor, 32, 128> gate_tile;
    TASSIGN(gate_tile, 0x0);
    Tile<TileType::Vec, float, 32, 128, BLayout::RowMajor, 32, 128> e_tile;
    TASSIGN(e_tile, 0x4000);
    Tile<TileType::Vec, float, 32, 128, BLayout::RowMajor, 32, 128> y_tile;
    TASSIGN(y_tile, 0x0);
    Tile<TileType::Vec, float, 32, 128, BLayout::RowMajor, 32, 128> z_tile;
    TASSIGN(z_tile, 0x4000);
    set_flag(PIPE_V, PIPE_MTE2, EVENT_ID0);
    set_flag(PIPE_MTE3, PIPE_MTE2, EVENT_ID0);
    for (int64_t i = 0; i < 64; i += 32) {
        wait_flag(PIPE_V, PIPE_MTE2, EVENT_ID0);
        GlobalTensor<float, Shape<1, 1, 1, 32, 128>, Stride<1, 1, 1, 128, 1>> g_x_tile(x + i * 128);
        TLOAD(x_tile, g_x_tile);
        wait_flag(PIPE_MTE3, PIPE_MTE2, EVENT_ID0);
        GlobalTensor<float, Shape<1, 1, 1, 32, 128>, Stride<1, 1, 1, 128, 1>> g_bias_tile(bias + i * 128);
        TLOAD(bias_tile, g_bias_tile);
        set_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
        wait_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
        TADD(s_tile, x_tile, bias_tile);
        set_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
        set_flag(PIPE_V, PIPE_MTE2, EVENT_ID0);
        wait_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
        GlobalTensor<float, Shape<1, 1, 1, 32, 128>, Stride<1, 1, 1, 128, 1>> g_s_store(s_out + i * 128);
        TSTORE(g_s_store, s_tile);
        wait_flag(PIPE_V, PIPE_MTE2, EVENT_ID0);
        GlobalTensor<float, Shape<1, 1, 1, 32, 128>, Stride<1, 1, 1, 128, 1>> g_gate_tile(gate + i * 128);
        TLOAD(gate_tile, g_gate_tile);
        set_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
        wait_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
        TEXP(e_tile, gate_tile);
        pipe_barrier(PIPE_V);
        TMUL(y_tile, s_tile, e_tile);
        pipe_barrier(PIPE_V);
        TMULS(z_tile, y_tile, 0.5f);
        set_flag(PIPE_V, PIPE_MTE2, EVENT_ID0);
        set_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
        wait_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
        GlobalTensor<float, Shape<1, 1, 1, 32, 128>, Stride<1, 1, 1, 128, 1>> g_z_store(z_out + i * 128);
        TSTORE(g_z_store, z_tile);
        set_flag(PIPE_MTE3, PIPE_MTE2, EVENT_ID0);
    }
    wait_flag(PIPE_V, PIPE_MTE2, EVENT_ID0);
    wait_flag(PIPE_MTE3, PIPE_MTE2, EVENT_ID0);
    pipe_barrier(PIPE_ALL);
}

extern "C" __aicore__ __attribute__((always_inline)) void kernel_entry(__gm__ int64_t *args) {
    __gm__ ChipTensor *bias_t = reinterpret_cast<__gm__ ChipTensor *>(args[0]);
    __gm__ ChipTensor *gate_t = reinterpret_cast<__gm__ ChipTensor *>(args[1]);
    __gm__ ChipTensor *x_t = reinterpret_cast<__gm__ ChipTensor *>(args[2]);
    __gm__ ChipTensor *s_out_t = reinterpret_cast<__gm__ ChipTensor *>(args[3]);
    __gm__ ChipTensor *z_out_t = reinterpret_cast<__gm__ ChipTensor *>(args[4]);
    scaled_gate_incore_0(reinterpret_cast<__gm__ float *>(bias_t->buffer.addr) + bias_t->start_offset,
                         reinterpret_cast<__gm__ float *>(gate_t->buffer.addr) + gate_t->start_offset,
                         reinterpret_cast<__gm__ float *>(x_t->buffer.addr) + x_t->start_offset,
                         reinterpret_cast<__gm__ float *>(s_out_t->buffer.addr) + s_out_t->start_offset,
                         reinterpret_cast<__gm__ float *>(z_out_t->buffer.addr) + z_out_t->start_offset);
}
