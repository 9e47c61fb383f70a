// softmax_kernel: InCore kernel (AIV / vector)
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

static __aicore__ void softmax_kernel(__gm__ float *x, __gm__ float *out) {
    Tile<TileType::Vec, float, 64, 64, BLayout::RowMajor, 64, 64> tmp;
    TASSIGN(tmp, 0x0);
    Tile<TileType::Vec, float, 64, 64, BLayout::RowMajor, 64, 64> tx;
    TASSIGN(tx, 0x4000);
    Tile<TileType::Vec, float, 64, 8, BLayout::RowMajor, 64, 1> row_max;
    TASSIGN(row_max, 0x8000);
    Tile<TileType::Vec, float, 64, 64, BLayout::RowMajor, 64, 64> shifted;
    TASSIGN(shifted, 0x8800);
    Tile<TileType::Vec, float, 64, 64, BLayout::RowMajor, 64, 64> e;
    TASSIGN(e, 0x4000);
    Tile<TileType::Vec, float, 64, 8, BLayout::RowMajor, 64, 1> row_sum;
    TASSIGN(row_sum, 0x8000);
    Tile<TileType::Vec, float, 64, 64, BLayout::RowMajor, 64, 64> y;
    TASSIGN(y, 0x8800);
    set_flag(PIPE_V, PIPE_MTE2, EVENT_ID0);
    set_flag(PIPE_MTE3, PIPE_V, EVENT_ID0);
    for (int64_t r = 0; r < 256; r += 64) {
        wait_flag(PIPE_V, PIPE_MTE2, EVENT_ID0);
        GlobalTensor<float, Shape<1, 1, 1, 64, 64>, Stride<1, 1, 1, 64, 1>> g_tx(x + r * 64);
        TLOAD(tx, g_tx);
        set_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
        wait_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
        TROWMAX(row_max, tx, tmp);
        wait_flag(PIPE_MTE3, PIPE_V, EVENT_ID0);
        pipe_barrier(PIPE_V);
        TROWEXPANDSUB(shifted, tx, row_max);
        pipe_barrier(PIPE_V);
        TEXP(e, shifted);
        pipe_barrier(PIPE_V);
        TROWSUM(row_sum, e, tmp);
        pipe_barrier(PIPE_V);
        TROWEXPANDDIV(y, e, row_sum);
        set_flag(PIPE_V, PIPE_MTE2, EVENT_ID0);
        set_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
        wait_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
        GlobalTensor<float, Shape<1, 1, 1, 64, 64>, Stride<1, 1, 1, 64, 1>> g_o_next(out + r * 64);
        TSTORE(g_o_next, y);
        set_flag(PIPE_MTE3, PIPE_V, EVENT_ID0);
    }
    wait_flag(PIPE_V, PIPE_MTE2, EVENT_ID0);
    wait_flag(PIPE_MTE3, PIPE_V, EVENT_ID0);
    pipe_barrier(PIPE_ALL);
}

extern "C" __aicore__ __attribute__((always_inline)) void kernel_entry(__gm__ int64_t *args) {
    __gm__ ChipTensor *x_t = reinterpret_cast<__gm__ ChipTensor *>(args[0]);
    __gm__ ChipTensor *out_t = reinterpret_cast<__gm__ ChipTensor *>(args[1]);
    softmax_kernel(reinterpret_cast<__gm__ float *>(x_t->buffer.addr) + x_t->start_offset,
                   reinterpret_cast<__gm__ float *>(out_t->buffer.addr) + out_t->start_offset);
}
