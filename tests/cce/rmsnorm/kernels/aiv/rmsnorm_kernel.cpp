// rmsnorm_kernel: InCore kernel (AIV / vector)
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

static __aicore__ void rmsnorm_kernel(__gm__ float *x, __gm__ float *weight, __gm__ float *out) {
    Tile<TileType::Vec, float, 64, 128, BLayout::RowMajor, 64, 128> tx;
    TASSIGN(tx, 0x0);
    Tile<TileType::Vec, float, 1, 128, BLayout::RowMajor, 1, 128> tw;
    TASSIGN(tw, 0x8000);
    Tile<TileType::Vec, float, 64, 128, BLayout::RowMajor, 64, 128> tmp;
    TASSIGN(tmp, 0x8200);
    Tile<TileType::Vec, float, 64, 128, BLayout::RowMajor, 64, 128> sq;
    TASSIGN(sq, 0x10200);
    Tile<TileType::Vec, float, 64, 8, BLayout::RowMajor, 64, 1> sum_sq;
    TASSIGN(sum_sq, 0x18200);
    Tile<TileType::Vec, float, 64, 8, BLayout::RowMajor, 64, 1> mean_sq;
    TASSIGN(mean_sq, 0x8200);
    Tile<TileType::Vec, float, 64, 8, BLayout::RowMajor, 64, 1> var_eps;
    TASSIGN(var_eps, 0x8A00);
    Tile<TileType::Vec, float, 64, 8, BLayout::RowMajor, 64, 1> inv_rms;
    TASSIGN(inv_rms, 0x8200);
    Tile<TileType::Vec, float, 64, 128, BLayout::RowMajor, 64, 128> normed;
    TASSIGN(normed, 0x8A00);
    Tile<TileType::Vec, float, 64, 128, BLayout::RowMajor, 64, 128> y;
    TASSIGN(y, 0x0);
    GlobalTensor<float, Shape<1, 1, 1, 64, 128>, Stride<1, 1, 1, 128, 1>> g_tx(x);
    TLOAD(tx, g_tx);
    set_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    GlobalTensor<float, Shape<1, 1, 1, 1, 128>, Stride<1, 1, 1, 128, 1>> g_tw(weight);
    TLOAD(tw, g_tw);
    set_flag(PIPE_MTE2, PIPE_V, EVENT_ID1);
    wait_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    TMUL(sq, tx, tx);
    pipe_barrier(PIPE_V);
    TROWSUM(sum_sq, sq, tmp);
    pipe_barrier(PIPE_V);
    TMULS(mean_sq, sum_sq, 0.0078125f);
    pipe_barrier(PIPE_V);
    TADDS(var_eps, mean_sq, 1e-06f);
    pipe_barrier(PIPE_V);
    TRSQRT(inv_rms, var_eps);
    pipe_barrier(PIPE_V);
    TROWEXPANDMUL(normed, tx, inv_rms);
    wait_flag(PIPE_MTE2, PIPE_V, EVENT_ID1);
    pipe_barrier(PIPE_V);
    TCOLEXPANDMUL(y, normed, tw);
    set_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    wait_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    GlobalTensor<float, Shape<1, 1, 1, 64, 128>, Stride<1, 1, 1, 128, 1>> g_result(out);
    TSTORE(g_result, y);
    pipe_barrier(PIPE_ALL);
}

extern "C" __aicore__ __attribute__((always_inline)) void kernel_entry(__gm__ int64_t *args) {
    __gm__ ChipTensor *x_t = reinterpret_cast<__gm__ ChipTensor *>(args[0]);
    __gm__ ChipTensor *weight_t = reinterpret_cast<__gm__ ChipTensor *>(args[1]);
    __gm__ ChipTensor *out_t = reinterpret_cast<__gm__ ChipTensor *>(args[2]);
    rmsnorm_kernel(reinterpret_cast<__gm__ float *>(x_t->buffer.addr) + x_t->start_offset,
                   reinterpret_cast<__gm__ float *>(weight_t->buffer.addr) + weight_t->start_offset,
                   reinterpret_cast<__gm__ float *>(out_t->buffer.addr) + out_t->start_offset);
}
