// pto/pto-inst.hpp - ptoc's CPU implementation of the pto-isa tile library: what the kernels of a
// cce tree compile against to run on this machine (`ptoc run --backend cce`). C++17, header only.
//
// The templates carry the types, layouts and static checks; every op is one call into the C
// tile library (ptoc_tile.h, runtime/cpu/tile.c), which runs it on the calling thread's current
// core with the interpreter's kernels. A tile's storage is Rows x Cols elements, row-major, at its
// TASSIGN address, whatever BLayout/SLayout/fractal it names (ptoc's CPU representation).
// Documentation: docs/cpu-runtime.md, "The tile library".
#ifndef PTO_PTO_INST_HPP
#define PTO_PTO_INST_HPP

#include <algorithm> // std::min/std::max in generated scalar code
#include <cmath>     // std::pow, std::abs, INFINITY
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include "ptoc_tile.h"

#ifndef __gm__
#define __gm__
#endif
#ifndef __aicore__
#define __aicore__
#endif

// The kernels' exported kernel_entry carries always_inline for the device compiler; GCC warns
// that it cannot inline an exported function on the host.
#pragma GCC diagnostic ignored "-Wattributes"

// ---- 16-bit float storage types: arithmetic goes through float ----

struct half {
    uint16_t bits;
    half() = default;
    half(float f) : bits(ptoc_fp16_from_float(f)) {}
    operator float() const { return ptoc_fp16_to_float(bits); }
};

struct bfloat16_t {
    uint16_t bits;
    bfloat16_t() = default;
    bfloat16_t(float f) : bits(ptoc_bf16_from_float(f)) {}
    operator float() const { return ptoc_bf16_to_float(bits); }
};

static_assert(sizeof(half) == 2 && sizeof(bfloat16_t) == 2 && std::is_trivial<half>::value &&
                  std::is_trivial<bfloat16_t>::value,
              "half and bfloat16_t are plain 16-bit storage");

// ---- synchronisation (the CCE intrinsics' names; pipes in ptoc's Pipe order) ----

enum pipe_t : int { PIPE_MTE1, PIPE_MTE2, PIPE_MTE3, PIPE_V, PIPE_M, PIPE_FIX, PIPE_S, PIPE_ALL };
enum event_t : int { EVENT_ID0, EVENT_ID1, EVENT_ID2, EVENT_ID3, EVENT_ID4, EVENT_ID5, EVENT_ID6, EVENT_ID7 };

inline void set_flag(pipe_t set, pipe_t wait, event_t ev) { ptoc_set_flag(set, wait, ev); }
inline void wait_flag(pipe_t set, pipe_t wait, event_t ev) { ptoc_wait_flag(set, wait, ev); }
inline void pipe_barrier(pipe_t pipe) { ptoc_pipe_barrier(pipe); }
inline int64_t get_block_idx() { return ptoc_get_block_idx(); }

namespace pto {

enum class TileType { Vec, Mat, Left, Right, Acc };
enum class BLayout { RowMajor, ColMajor };
enum class SLayout { NoneBox, RowMajor, ColMajor };
enum class CmpMode { EQ, NE, LT, LE, GT, GE };
enum class RoundMode { CAST_NONE, CAST_RINT, CAST_ROUND, CAST_FLOOR, CAST_CEIL, CAST_TRUNC, CAST_ODD };

namespace detail {

template <typename T> struct always_false : std::false_type {};

// The runtime dtype of an element type.
template <typename T> constexpr uint32_t dtype_of() {
    if constexpr (std::is_same<T, float>::value) return PTOC_DT_FLOAT32;
    else if constexpr (std::is_same<T, half>::value) return PTOC_DT_FLOAT16;
    else if constexpr (std::is_same<T, bfloat16_t>::value) return PTOC_DT_BFLOAT16;
    else if constexpr (std::is_same<T, bool>::value) return PTOC_DT_BOOL;
    else if constexpr (std::is_integral<T>::value && std::is_signed<T>::value)
        return sizeof(T) == 1   ? PTOC_DT_INT8
               : sizeof(T) == 2 ? PTOC_DT_INT16
               : sizeof(T) == 4 ? PTOC_DT_INT32
                                : PTOC_DT_INT64;
    else if constexpr (std::is_integral<T>::value)
        return sizeof(T) == 1   ? PTOC_DT_UINT8
               : sizeof(T) == 2 ? PTOC_DT_UINT16
               : sizeof(T) == 4 ? PTOC_DT_UINT32
                                : PTOC_DT_UINT64;
    else
        static_assert(always_false<T>::value, "not an element type of the tile library");
    return PTOC_DT__COUNT;
}

// A scalar operand with its C++ type's dtype (a double literal counts as FP32).
template <typename S> inline PtocScalar scalar(S s) {
    if constexpr (std::is_same<S, float>::value) {
        uint32_t b;
        std::memcpy(&b, &s, sizeof b);
        return PtocScalar{PTOC_DT_FLOAT32, b};
    } else if constexpr (std::is_same<S, double>::value) {
        return scalar(static_cast<float>(s));
    } else if constexpr (std::is_same<S, half>::value || std::is_same<S, bfloat16_t>::value) {
        return PtocScalar{dtype_of<S>(), s.bits};
    } else if constexpr (std::is_integral<S>::value && std::is_signed<S>::value) {
        return PtocScalar{dtype_of<S>(), static_cast<uint64_t>(static_cast<int64_t>(s))};
    } else if constexpr (std::is_integral<S>::value) {
        return PtocScalar{dtype_of<S>(), static_cast<uint64_t>(s)};
    } else {
        static_assert(always_false<S>::value, "not a scalar operand of the tile library");
        return PtocScalar{};
    }
}

struct TileBase {};
struct GlobalBase {};

} // namespace detail

template <typename X> constexpr bool is_tile_v = std::is_base_of<detail::TileBase, X>::value;
template <typename X> constexpr bool is_global_v = std::is_base_of<detail::GlobalBase, X>::value;

// ---- tiles ----

// VR/VC = -1: the valid shape is given at run time, T t(vr, vc).
template <TileType Loc_, typename T, int R, int C, BLayout BL = BLayout::RowMajor, int VR = R, int VC = C,
          SLayout SL = SLayout::NoneBox, int Fractal = 512>
class Tile : public detail::TileBase {
    static_assert(R > 0 && C > 0, "a tile has at least one row and one column");
    static_assert(VR == -1 || (VR >= 0 && VR <= R), "the valid rows lie inside the tile");
    static_assert(VC == -1 || (VC >= 0 && VC <= C), "the valid columns lie inside the tile");
    static_assert(Loc_ != TileType::Vec || (C * sizeof(T)) % 32 == 0, "a Vec tile's row is a multiple of 32 bytes");
    static_assert(Loc_ != TileType::Acc || std::is_same<T, float>::value || std::is_same<T, int32_t>::value,
                  "an Acc tile holds float or int32_t");
    static_assert(Fractal > 0, "a fractal size is positive");

  public:
    using DType = T;
    static constexpr TileType Loc = Loc_;
    static constexpr int Rows = R, Cols = C, ValidRow = VR, ValidCol = VC;
    static constexpr BLayout BLayout_ = BL;
    static constexpr SLayout SLayout_ = SL;

    Tile() : ptoc_{nullptr, -1, space(), detail::dtype_of<T>(), R, C, VR, VC} {}
    // A valid shape that contradicts a static one is recorded as invalid (-1).
    Tile(int64_t vr, int64_t vc)
        : ptoc_{nullptr, -1, space(), detail::dtype_of<T>(), R, C, valid(VR, vr), valid(VC, vc)} {}

    PtocTile ptoc_; // what the C library sees

  private:
    static constexpr int32_t space() {
        return Loc_ == TileType::Vec    ? PTOC_SPACE_VEC
               : Loc_ == TileType::Mat  ? PTOC_SPACE_MAT
               : Loc_ == TileType::Left ? PTOC_SPACE_LEFT
               : Loc_ == TileType::Right ? PTOC_SPACE_RIGHT
                                         : PTOC_SPACE_ACC;
    }
    static int32_t valid(int fixed, int64_t given) {
        return (fixed >= 0 && given != fixed) || given < 0 || given > INT32_MAX ? -1 : static_cast<int32_t>(given);
    }
};

template <typename T, int R, int C, int VR = R, int VC = C>
using TileLeft = Tile<TileType::Left, T, R, C, BLayout::RowMajor, VR, VC, SLayout::RowMajor, 512>;
template <typename T, int R, int C, int VR = R, int VC = C>
using TileRight = Tile<TileType::Right, T, R, C, BLayout::RowMajor, VR, VC, SLayout::ColMajor, 512>;
template <typename T, int R, int C, int VR = R, int VC = C>
using TileAcc = Tile<TileType::Acc, T, R, C, BLayout::ColMajor, VR, VC, SLayout::RowMajor, 1024>;

// ---- global tensors: 5-D shapes and strides, -1 for a run-time value given to the constructor ----

namespace detail {
template <int D0, int D1, int D2, int D3, int D4> struct Dims {
    static constexpr int S0 = D0, S1 = D1, S2 = D2, S3 = D3, S4 = D4;
    int64_t v[5];
    Dims() : v{D0, D1, D2, D3, D4} {}
    // The run-time values, in order, for the -1 entries.
    template <typename A0, typename... A> explicit Dims(A0 a0, A... rest) : v{D0, D1, D2, D3, D4} {
        const int64_t given[] = {static_cast<int64_t>(a0), static_cast<int64_t>(rest)...};
        size_t k = 0;
        for (int i = 0; i < 5; i++)
            if (v[i] == -1 && k < sizeof given / sizeof given[0])
                v[i] = given[k++];
    }
};
} // namespace detail

template <int D0, int D1, int D2, int D3, int D4> struct Shape : detail::Dims<D0, D1, D2, D3, D4> {
    using detail::Dims<D0, D1, D2, D3, D4>::Dims;
};
template <int D0, int D1, int D2, int D3, int D4> struct Stride : detail::Dims<D0, D1, D2, D3, D4> {
    using detail::Dims<D0, D1, D2, D3, D4>::Dims;
};

// A view of global memory; ptoc's CPU library takes 2-D views (Shape<1, 1, 1, R, C>).
template <typename T, typename Sh, typename St> class GlobalTensor : public detail::GlobalBase {
    static_assert(Sh::S0 == 1 && Sh::S1 == 1 && Sh::S2 == 1, "the CPU tile library takes Shape<1, 1, 1, R, C> views");

  public:
    using DType = T;
    explicit GlobalTensor(T *data = nullptr) : data_(data), shape_(), stride_() {}
    GlobalTensor(T *data, const Sh &shape, const St &stride) : data_(data), shape_(shape), stride_(stride) {}

    PtocGlobal ptoc() const {
        return PtocGlobal{const_cast<std::remove_const_t<T> *>(data_), detail::dtype_of<std::remove_const_t<T>>(),
                          shape_.v[3], shape_.v[4], stride_.v[3], stride_.v[4]};
    }

    T *data_;
    Sh shape_;
    St stride_;
};

namespace detail {
template <typename X, typename A> inline void tassign(X &x, A a, const char *name) {
    if constexpr (is_tile_v<X>) {
        static_assert(std::is_integral<A>::value, "TASSIGN places a tile at an integer address");
        x.ptoc_.name = name;
        // an address no space has stays one (the library reports it), never a negative "unassigned"
        bool wild = a < 0 || static_cast<uint64_t>(a) > static_cast<uint64_t>(INT64_MAX) / 2;
        x.ptoc_.addr = wild ? INT64_MAX / 2 : static_cast<int64_t>(a);
        ptoc_tile_assign(&x.ptoc_);
    } else {
        static_assert(is_global_v<X>, "TASSIGN takes a tile or a GlobalTensor");
        (void)name;
        x.data_ = a;
    }
}
} // namespace detail

// TASSIGN(tile, address) / TASSIGN(global, pointer); a macro so that messages can name the tile.
#define TASSIGN(x, a) ::pto::detail::tassign((x), (a), #x)

// ---- ops ----

#define PTOC_TILES_(...) static_assert(::pto::detail::all_tiles<__VA_ARGS__>(), "the operands are tiles")
namespace detail {
template <typename... X> constexpr bool all_tiles() { return (is_tile_v<X> && ...); }
} // namespace detail

template <typename D, typename G> inline void TLOAD(D &dst, const G &src) {
    static_assert(is_tile_v<D> && is_global_v<G>, "TLOAD(tile, global)");
    static_assert(std::is_same<typename D::DType, std::remove_const_t<typename G::DType>>::value,
                  "TLOAD keeps the element type");
    PtocGlobal g = src.ptoc();
    ptoc_tile_load(&dst.ptoc_, &g);
}

template <typename G, typename S> inline void TSTORE(G &dst, const S &src) {
    static_assert(is_global_v<G> && is_tile_v<S>, "TSTORE(global, tile)");
    PtocGlobal g = dst.ptoc();
    ptoc_tile_store(&g, &src.ptoc_);
}

template <typename D, typename S> inline void TMOV(D &dst, const S &src) {
    PTOC_TILES_(D, S);
    ptoc_tile_move(&dst.ptoc_, &src.ptoc_);
}

#define PTOC_BINARY_(NAME, OP)                                                   \
    template <typename D, typename A, typename B> inline void NAME(D &dst, const A &a, const B &b) { \
        PTOC_TILES_(D, A, B);                                                    \
        ptoc_tile_binary(OP, &dst.ptoc_, &a.ptoc_, &b.ptoc_);                    \
    }
PTOC_BINARY_(TADD, PTOC_BIN_ADD)
PTOC_BINARY_(TSUB, PTOC_BIN_SUB)
PTOC_BINARY_(TMUL, PTOC_BIN_MUL)
PTOC_BINARY_(TDIV, PTOC_BIN_DIV)
PTOC_BINARY_(TMAX, PTOC_BIN_MAX)
PTOC_BINARY_(TMIN, PTOC_BIN_MIN)
#undef PTOC_BINARY_

#define PTOC_BINARY_SCALAR_(NAME, OP)                                            \
    template <typename D, typename A, typename S> inline void NAME(D &dst, const A &a, S s) { \
        PTOC_TILES_(D, A);                                                       \
        ptoc_tile_binary_scalar(OP, &dst.ptoc_, &a.ptoc_, detail::scalar(s));    \
    }
PTOC_BINARY_SCALAR_(TADDS, PTOC_BIN_ADD)
PTOC_BINARY_SCALAR_(TSUBS, PTOC_BIN_SUB)
PTOC_BINARY_SCALAR_(TMULS, PTOC_BIN_MUL)
PTOC_BINARY_SCALAR_(TDIVS, PTOC_BIN_DIV)
PTOC_BINARY_SCALAR_(TMAXS, PTOC_BIN_MAX)
PTOC_BINARY_SCALAR_(TMINS, PTOC_BIN_MIN)
#undef PTOC_BINARY_SCALAR_

// CPU semantics: each element of dst is 1 or 0 (the device writes a packed mask).
template <typename D, typename A, typename B> inline void TCMP(D &dst, const A &a, const B &b, CmpMode mode) {
    PTOC_TILES_(D, A, B);
    ptoc_tile_binary(static_cast<PtocBinary>(PTOC_BIN_EQ + static_cast<int>(mode)), &dst.ptoc_, &a.ptoc_, &b.ptoc_);
}
template <typename D, typename A, typename S> inline void TCMPS(D &dst, const A &a, S s, CmpMode mode) {
    PTOC_TILES_(D, A);
    ptoc_tile_binary_scalar(static_cast<PtocBinary>(PTOC_BIN_EQ + static_cast<int>(mode)), &dst.ptoc_, &a.ptoc_,
                            detail::scalar(s));
}

#define PTOC_UNARY_(NAME, OP)                                                    \
    template <typename D, typename S> inline void NAME(D &dst, const S &src) {   \
        PTOC_TILES_(D, S);                                                       \
        ptoc_tile_unary(OP, &dst.ptoc_, &src.ptoc_);                             \
    }
PTOC_UNARY_(TNEG, PTOC_UN_NEG)
PTOC_UNARY_(TEXP, PTOC_UN_EXP)
PTOC_UNARY_(TRECIP, PTOC_UN_RECIP)
PTOC_UNARY_(TSQRT, PTOC_UN_SQRT)
PTOC_UNARY_(TRSQRT, PTOC_UN_RSQRT)
PTOC_UNARY_(TLOG, PTOC_UN_LOG)
PTOC_UNARY_(TABS, PTOC_UN_ABS)
PTOC_UNARY_(TRELU, PTOC_UN_RELU)
#undef PTOC_UNARY_

// Reductions: (dst, src, tmp) or (dst, src); the CPU needs no tmp.
#define PTOC_REDUCE_(NAME, OP, AXIS)                                             \
    template <typename D, typename S> inline void NAME(D &dst, const S &src) {   \
        PTOC_TILES_(D, S);                                                       \
        ptoc_tile_reduce(OP, AXIS, &dst.ptoc_, &src.ptoc_);                      \
    }                                                                            \
    template <typename D, typename S, typename T> inline void NAME(D &dst, const S &src, const T &) { \
        PTOC_TILES_(T);                                                          \
        NAME(dst, src);                                                          \
    }
PTOC_REDUCE_(TROWSUM, PTOC_RED_SUM, 1)
PTOC_REDUCE_(TROWMAX, PTOC_RED_MAX, 1)
PTOC_REDUCE_(TROWMIN, PTOC_RED_MIN, 1)
PTOC_REDUCE_(TCOLSUM, PTOC_RED_SUM, 0)
PTOC_REDUCE_(TCOLMAX, PTOC_RED_MAX, 0)
PTOC_REDUCE_(TCOLMIN, PTOC_RED_MIN, 0)
#undef PTOC_REDUCE_

#define PTOC_EXPAND_(NAME, OP, ROWS)                                             \
    template <typename D, typename S, typename V> inline void NAME(D &dst, const S &src, const V &vec) { \
        PTOC_TILES_(D, S, V);                                                    \
        ptoc_tile_expand(OP, ROWS, &dst.ptoc_, &src.ptoc_, &vec.ptoc_);          \
    }
PTOC_EXPAND_(TROWEXPANDADD, PTOC_BIN_ADD, true)
PTOC_EXPAND_(TROWEXPANDSUB, PTOC_BIN_SUB, true)
PTOC_EXPAND_(TROWEXPANDMUL, PTOC_BIN_MUL, true)
PTOC_EXPAND_(TROWEXPANDDIV, PTOC_BIN_DIV, true)
PTOC_EXPAND_(TCOLEXPANDADD, PTOC_BIN_ADD, false)
PTOC_EXPAND_(TCOLEXPANDSUB, PTOC_BIN_SUB, false)
PTOC_EXPAND_(TCOLEXPANDMUL, PTOC_BIN_MUL, false)
PTOC_EXPAND_(TCOLEXPANDDIV, PTOC_BIN_DIV, false)
#undef PTOC_EXPAND_

// TCOLEXPAND(dst, vec), or (dst, target, vec) as tile.col_expand's operands: target only gives
// the shape, which is dst's.
template <typename D, typename V> inline void TCOLEXPAND(D &dst, const V &vec) {
    PTOC_TILES_(D, V);
    ptoc_tile_col_expand(&dst.ptoc_, &vec.ptoc_);
}
template <typename D, typename T, typename V> inline void TCOLEXPAND(D &dst, const T &, const V &vec) {
    PTOC_TILES_(T);
    TCOLEXPAND(dst, vec);
}

// TEXPANDS(dst, scalar), or (dst, target, scalar) as tile.expands's operands.
template <typename D, typename S> inline void TEXPANDS(D &dst, S s) {
    PTOC_TILES_(D);
    ptoc_tile_fill(&dst.ptoc_, detail::scalar(s));
}
template <typename D, typename T, typename S> inline void TEXPANDS(D &dst, const T &, S s) {
    PTOC_TILES_(T);
    TEXPANDS(dst, s);
}

template <typename A, typename L, typename R> inline void TMATMUL(A &acc, const L &l, const R &r) {
    PTOC_TILES_(A, L, R);
    static_assert(A::Loc == TileType::Acc && L::Loc == TileType::Left && R::Loc == TileType::Right,
                  "TMATMUL(Acc, Left, Right)");
    ptoc_tile_matmul(&acc.ptoc_, nullptr, &l.ptoc_, &r.ptoc_);
}
template <typename A, typename B, typename L, typename R>
inline void TMATMUL_ACC(A &out, const B &in, const L &l, const R &r) {
    PTOC_TILES_(A, B, L, R);
    static_assert(A::Loc == TileType::Acc && B::Loc == TileType::Acc && L::Loc == TileType::Left &&
                      R::Loc == TileType::Right,
                  "TMATMUL_ACC(Acc, Acc, Left, Right)");
    ptoc_tile_matmul(&out.ptoc_, &in.ptoc_, &l.ptoc_, &r.ptoc_);
}
template <typename A, typename L, typename R> inline void TMATMUL_ACC(A &acc, const L &l, const R &r) {
    TMATMUL_ACC(acc, acc, l, r);
}

template <typename D, typename S> inline void TCVT(D &dst, const S &src, RoundMode mode) {
    PTOC_TILES_(D, S);
    ptoc_tile_cast(&dst.ptoc_, &src.ptoc_, static_cast<PtocCastMode>(PTOC_CAST_NONE + static_cast<int>(mode)));
}

// A byte-preserving reinterpretation: on the CPU a copy (on the device an alias).
template <typename D, typename S> inline void TRESHAPE(D &dst, const S &src) {
    PTOC_TILES_(D, S);
    static_assert(D::Rows * D::Cols * sizeof(typename D::DType) == S::Rows * S::Cols * sizeof(typename S::DType),
                  "TRESHAPE keeps the tile's bytes");
    ptoc_tile_reshape(&dst.ptoc_, &src.ptoc_);
}

// dst[i][j] = src[j][i] over src's valid region; tmp is not needed on the CPU.
template <typename D, typename S> inline void TTRANS(D &dst, const S &src) {
    PTOC_TILES_(D, S);
    ptoc_tile_transpose(&dst.ptoc_, &src.ptoc_);
}
template <typename D, typename S, typename T> inline void TTRANS(D &dst, const S &src, const T &) {
    PTOC_TILES_(T);
    TTRANS(dst, src);
}

#undef PTOC_TILES_

} // namespace pto

#endif
