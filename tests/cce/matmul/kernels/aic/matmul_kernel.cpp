// matmul_kernel: InCore kernel (AIC / cube)
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

static __aicore__ void matmul_kernel(__gm__ half *a, __gm__ half *b, __gm__ float *c) {
    Tile<TileType::Mat, half, 128, 64, BLayout::ColMajor, 128, 64, SLayout::RowMajor, 512> a_l1;
    TASSIGN(a_l1, 0x0);
    Tile<TileType::Mat, half, 64, 128, BLayout::ColMajor, 64, 128, SLayout::RowMajor, 512> b_l1;
    TASSIGN(b_l1, 0x4000);
    TileLeft<half, 128, 64, 128, 64> a_l0;
    TASSIGN(a_l0, 0x0);
    TileRight<half, 64, 128, 64, 128> b_l0;
    TASSIGN(b_l0, 0x0);
    TileAcc<float, 128, 128, 128, 128> acc0;
    TASSIGN(acc0, 0x0);
    Tile<TileType::Mat, half, 128, 64, BLayout::ColMajor, 128, 64, SLayout::RowMajor, 512> ak_l1;
    TASSIGN(ak_l1, 0x0);
    Tile<TileType::Mat, half, 64, 128, BLayout::ColMajor, 64, 128, SLayout::RowMajor, 512> bk_l1;
    TASSIGN(bk_l1, 0x4000);
    TileLeft<half, 128, 64, 128, 64> ak_l0;
    TASSIGN(ak_l0, 0x0);
    TileRight<half, 64, 128, 64, 128> bk_l0;
    TASSIGN(bk_l0, 0x0);
    TileAcc<float, 128, 128, 128, 128> acc_next;
    TASSIGN(acc_next, 0x0);
    TileAcc<float, 128, 128, 128, 128> acc;
    TASSIGN(acc, 0x0);
    TileAcc<float, 128, 128, 128, 128> acc_final;
    TASSIGN(acc_final, 0x0);
    GlobalTensor<half, Shape<1, 1, 1, 128, 64>, Stride<1, 1, 1, 256, 1>> g_a_l1(a);
    TLOAD(a_l1, g_a_l1);
    set_flag(PIPE_MTE2, PIPE_MTE1, EVENT_ID0);
    GlobalTensor<half, Shape<1, 1, 1, 64, 128>, Stride<1, 1, 1, 128, 1>> g_b_l1(b);
    TLOAD(b_l1, g_b_l1);
    set_flag(PIPE_MTE2, PIPE_MTE1, EVENT_ID1);
    wait_flag(PIPE_MTE2, PIPE_MTE1, EVENT_ID0);
    TMOV(a_l0, a_l1);
    wait_flag(PIPE_MTE2, PIPE_MTE1, EVENT_ID1);
    TMOV(b_l0, b_l1);
    set_flag(PIPE_MTE1, PIPE_M, EVENT_ID0);
    wait_flag(PIPE_MTE1, PIPE_M, EVENT_ID0);
    TMATMUL(acc0, a_l0, b_l0);
    set_flag(PIPE_MTE1, PIPE_MTE2, EVENT_ID0);
    set_flag(PIPE_MTE1, PIPE_MTE2, EVENT_ID1);
    set_flag(PIPE_M, PIPE_MTE1, EVENT_ID0);
    for (int64_t k = 64; k < 256; k += 64) {
        wait_flag(PIPE_MTE1, PIPE_MTE2, EVENT_ID0);
        GlobalTensor<half, Shape<1, 1, 1, 128, 64>, Stride<1, 1, 1, 256, 1>> g_ak_l1(a + k);
        TLOAD(ak_l1, g_ak_l1);
        set_flag(PIPE_MTE2, PIPE_MTE1, EVENT_ID0);
        wait_flag(PIPE_MTE1, PIPE_MTE2, EVENT_ID1);
        GlobalTensor<half, Shape<1, 1, 1, 64, 128>, Stride<1, 1, 1, 128, 1>> g_bk_l1(b + k * 128);
        TLOAD(bk_l1, g_bk_l1);
        set_flag(PIPE_MTE2, PIPE_MTE1, EVENT_ID1);
        wait_flag(PIPE_M, PIPE_MTE1, EVENT_ID0);
        wait_flag(PIPE_MTE2, PIPE_MTE1, EVENT_ID0);
        TMOV(ak_l0, ak_l1);
        set_flag(PIPE_MTE1, PIPE_MTE2, EVENT_ID0);
        wait_flag(PIPE_MTE2, PIPE_MTE1, EVENT_ID1);
        TMOV(bk_l0, bk_l1);
        set_flag(PIPE_MTE1, PIPE_MTE2, EVENT_ID1);
        set_flag(PIPE_MTE1, PIPE_M, EVENT_ID0);
        wait_flag(PIPE_MTE1, PIPE_M, EVENT_ID0);
        TMATMUL_ACC(acc_next, acc, ak_l0, bk_l0);
        set_flag(PIPE_M, PIPE_MTE1, EVENT_ID0);
    }
    wait_flag(PIPE_MTE1, PIPE_MTE2, EVENT_ID0);
    wait_flag(PIPE_MTE1, PIPE_MTE2, EVENT_ID1);
    wait_flag(PIPE_M, PIPE_MTE1, EVENT_ID0);
    set_flag(PIPE_M, PIPE_FIX, EVENT_ID0);
    wait_flag(PIPE_M, PIPE_FIX, EVENT_ID0);
    GlobalTensor<float, Shape<1, 1, 1, 128, 128>, Stride<1, 1, 1, 128, 1>> g_result(c);
    TSTORE(g_result, acc_final);
    pipe_barrier(PIPE_ALL);
}

extern "C" __aicore__ __attribute__((always_inline)) void kernel_entry(__gm__ int64_t *args) {
    __gm__ ChipTensor *a_t = reinterpret_cast<__gm__ ChipTensor *>(args[0]);
    __gm__ ChipTensor *b_t = reinterpret_cast<__gm__ ChipTensor *>(args[1]);
    __gm__ ChipTensor *c_t = reinterpret_cast<__gm__ ChipTensor *>(args[2]);
    matmul_kernel(reinterpret_cast<__gm__ half *>(a_t->buffer.addr) + a_t->start_offset,
                  reinterpret_cast<__gm__ half *>(b_t->buffer.addr) + b_t->start_offset,
                  reinterpret_cast<__gm__ float *>(c_t->buffer.addr) + c_t->start_offset);
}
