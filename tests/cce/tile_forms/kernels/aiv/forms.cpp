// forms: InCore kernel (AIV / vector)
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

static __aicore__ void forms(__gm__ float *a, __gm__ float *b, __gm__ float *c) {
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> x;
    TASSIGN(x, 0x0);
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> y;
    TASSIGN(y, 0x400);
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> gt;
    TASSIGN(gt, 0x800);
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> le;
    TASSIGN(le, 0x400);
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> s;
    TASSIGN(s, 0xC00);
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> z;
    TASSIGN(z, 0x400);
    Tile<TileType::Vec, int32_t, 16, 16, BLayout::RowMajor, 16, 16> i;
    TASSIGN(i, 0x0);
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> f;
    TASSIGN(f, 0x400);
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> g;
    TASSIGN(g, 0x0);
    Tile<TileType::Vec, float, 16, 16, BLayout::RowMajor, 16, 16> t;
    TASSIGN(t, 0x400);
    Tile<TileType::Vec, float, 8, 16, BLayout::RowMajor, 8, 16> bottom;
    TASSIGN(bottom, 0x0);
    Tile<TileType::Vec, float, 16, 8, BLayout::RowMajor, 16, 8> r;
    TASSIGN(r, 0x0);
    Tile<TileType::Vec, float, 16, 8, BLayout::RowMajor, 16, 8> u;
    TASSIGN(u, 0x200);
    GlobalTensor<float, Shape<1, 1, 1, 16, 16>, Stride<1, 1, 1, 16, 1>> g_x(a);
    TLOAD(x, g_x);
    GlobalTensor<float, Shape<1, 1, 1, 16, 16>, Stride<1, 1, 1, 16, 1>> g_y(b);
    TLOAD(y, g_y);
    set_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    wait_flag(PIPE_MTE2, PIPE_V, EVENT_ID0);
    TCMP(gt, x, y, CmpMode::GT);
    pipe_barrier(PIPE_V);
    TCMPS(le, x, 0.5f, CmpMode::LE);
    pipe_barrier(PIPE_V);
    TADD(s, gt, le);
    pipe_barrier(PIPE_V);
    TMULS(z, x, 10.0f);
    pipe_barrier(PIPE_V);
    TCVT(i, z, RoundMode::CAST_FLOOR);
    pipe_barrier(PIPE_V);
    TCVT(f, i, RoundMode::CAST_ROUND);
    pipe_barrier(PIPE_V);
    TADD(g, f, s);
    pipe_barrier(PIPE_V);
    TTRANS(t, g, t);
    set_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    pipe_barrier(PIPE_V);
    Tile<TileType::Vec, float, 8, 16, BLayout::RowMajor, 8, 16> bottom_src;
    TASSIGN(bottom_src, 0x600);  // t + 8 rows
    TMOV(bottom, bottom_src);
    TRESHAPE(r, bottom);
    pipe_barrier(PIPE_V);
    TEXP(u, r);
    set_flag(PIPE_V, PIPE_MTE3, EVENT_ID1);
    wait_flag(PIPE_V, PIPE_MTE3, EVENT_ID0);
    GlobalTensor<float, Shape<1, 1, 1, 16, 16>, Stride<1, 1, 1, 16, 1>> g_out(c);
    TSTORE(g_out, t);
    wait_flag(PIPE_V, PIPE_MTE3, EVENT_ID1);
    GlobalTensor<float, Shape<1, 1, 1, 16, 8>, Stride<1, 1, 1, 16, 1>> g_out2(c + 8);
    TSTORE(g_out2, u);
    pipe_barrier(PIPE_ALL);
}

extern "C" __aicore__ __attribute__((always_inline)) void kernel_entry(__gm__ int64_t *args) {
    __gm__ ChipTensor *a_t = reinterpret_cast<__gm__ ChipTensor *>(args[0]);
    __gm__ ChipTensor *b_t = reinterpret_cast<__gm__ ChipTensor *>(args[1]);
    __gm__ ChipTensor *c_t = reinterpret_cast<__gm__ ChipTensor *>(args[2]);
    forms(reinterpret_cast<__gm__ float *>(a_t->buffer.addr) + a_t->start_offset,
          reinterpret_cast<__gm__ float *>(b_t->buffer.addr) + b_t->start_offset,
          reinterpret_cast<__gm__ float *>(c_t->buffer.addr) + c_t->start_offset);
}
