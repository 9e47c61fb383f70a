/* types.c - data types, memory spaces, pipes and the Type constructors. */
#include <string.h>

#include "ptoc.h"

const DTypeInfo dtype_info[DT__COUNT] = {
#define X(n, bits, kind, pto, cpp) {#n, bits, kind, pto, cpp},
    DTYPES(X)
#undef X
};

const char *const memspace_name[MEM__COUNT] = {
#define X(n, pto, old) #n,
    MEMSPACES(X)
#undef X
};

const char *const memspace_pto[MEM__COUNT] = {
#define X(n, pto, old) pto,
    MEMSPACES(X)
#undef X
};

static const char *const memspace_old[MEM__COUNT] = {
#define X(n, pto, old) old,
    MEMSPACES(X)
#undef X
};

const char *const pipe_name[PIPE__COUNT] = {
#define X(n, sp) #n,
    PIPES(X)
#undef X
};

const char *const pipe_spell[PIPE__COUNT] = {
#define X(n, sp) sp,
    PIPES(X)
#undef X
};

const char *const layout_name[3] = {"ND", "DN", "NZ"};

bool dtype_is_float(DType t) { return dtype_info[t].kind == DK_FLOAT; }

bool dtype_is_int(DType t) {
    return dtype_info[t].kind == DK_SINT || dtype_info[t].kind == DK_UINT;
}

DType dtype_promote(DType a, DType b) {
    if (a == b)
        return a;
    bool fa = dtype_is_float(a), fb = dtype_is_float(b);
    if (fa != fb)
        return fa ? a : b;
    int ba = dtype_info[a].bits, bb = dtype_info[b].bits;
    if (ba != bb)
        return ba > bb ? a : b;
    /* equal bits: signed beats unsigned; among floats (FP16/BF16) the left one stays */
    if (dtype_info[a].kind == DK_SINT || dtype_info[b].kind == DK_SINT)
        return dtype_info[a].kind == DK_SINT ? a : b;
    return a;
}

int64_t dtype_wrap(int64_t v, DType dt) {
    if (dt == DT_BOOL)
        return v != 0;
    int bits = dtype_info[dt].bits;
    if (bits >= 64)
        return v;
    uint64_t mask = (UINT64_C(1) << bits) - 1, u = (uint64_t)v & mask;
    if (dtype_info[dt].kind == DK_SINT && (u >> (bits - 1)))
        u |= ~mask;
    return (int64_t)u;
}

bool dtype_lookup(const char *name, DType *out) {
    for (int i = 0; i < DT__COUNT; i++)
        if (strcmp(dtype_info[i].name, name) == 0) {
            *out = (DType)i;
            return true;
        }
    if (strcmp(name, "BFLOAT16") == 0)
        return *out = DT_BF16, true;
    if (strcmp(name, "INDEX") == 0)
        return *out = DT_INT64, true;
    return false;
}

bool memspace_lookup(const char *name, MemSpace *out) {
    for (int i = 0; i < MEM__COUNT; i++)
        if (strcmp(memspace_name[i], name) == 0 || (memspace_old[i] && strcmp(memspace_old[i], name) == 0)) {
            *out = (MemSpace)i;
            return true;
        }
    return false;
}

bool pipe_lookup(const char *name, Pipe *out) {
    for (int i = 0; i < PIPE__COUNT; i++)
        if (strcmp(pipe_name[i], name) == 0 || strcmp(pipe_spell[i], name) == 0) {
            *out = (Pipe)i;
            return true;
        }
    return false;
}

static Type *new_type(Ctx *c, TypeKind k) {
    Type *t = ARENA_NEW(c->arena, Type);
    t->kind = k;
    return t;
}

Type *ty_scalar(Ctx *c, DType dt) {
    if (!c->scalars[dt]) {
        c->scalars[dt] = new_type(c, TY_SCALAR);
        c->scalars[dt]->dtype = dt;
    }
    return c->scalars[dt];
}

static Type *shaped(Ctx *c, TypeKind k, int rank, Expr **shape, DType dt) {
    Type *t = new_type(c, k);
    t->rank = rank;
    t->shape = arena_dup(c->arena, shape, sizeof(Expr *) * (size_t)rank);
    t->dtype = dt;
    return t;
}

Type *ty_tensor(Ctx *c, int rank, Expr **shape, DType dt) { return shaped(c, TY_TENSOR, rank, shape, dt); }

Type *ty_tile(Ctx *c, int rank, Expr **shape, DType dt) { return shaped(c, TY_TILE, rank, shape, dt); }

Type *ty_tuple(Ctx *c, int n, Type **elems) {
    Type *t = new_type(c, TY_TUPLE);
    t->nelems = n;
    t->elems = arena_dup(c->arena, elems, sizeof(Type *) * (size_t)n);
    return t;
}

Type *ty_ptr(Ctx *c) { return new_type(c, TY_PTR); }

Type *ty_copy(Ctx *c, const Type *t) { return arena_dup(c->arena, t, sizeof *t); }

bool shape_equal(int rank, Expr **a, Expr **b) {
    for (int i = 0; i < rank; i++)
        if (!expr_equal(a[i], b[i]))
            return false;
    return true;
}

static bool memref_equal(const MemRef *a, const MemRef *b) {
    if (!a || !b)
        return a == b;
    return expr_equal(a->base, b->base) && expr_equal(a->offset, b->offset) && expr_equal(a->size, b->size);
}

bool type_equal(const Type *a, const Type *b) {
    if (a == b)
        return true;
    if (!a || !b || a->kind != b->kind)
        return false;
    switch (a->kind) {
    case TY_SCALAR:
        return a->dtype == b->dtype;
    case TY_PTR:
        return true;
    case TY_TUPLE:
        if (a->nelems != b->nelems)
            return false;
        for (int i = 0; i < a->nelems; i++)
            if (!type_equal(a->elems[i], b->elems[i]))
                return false;
        return true;
    case TY_TENSOR:
    case TY_TILE:
        if (a->dtype != b->dtype || a->rank != b->rank || !shape_equal(a->rank, a->shape, b->shape))
            return false;
        if (!memref_equal(a->memref, b->memref) || a->has_space != b->has_space || a->layout != b->layout)
            return false;
        if (a->has_space && a->space != b->space)
            return false;
        if (!a->valid || !b->valid)
            return a->valid == b->valid;
        return shape_equal(a->rank, a->valid, b->valid);
    }
    return false;
}

int64_t type_numel(const Type *t) {
    int64_t n = 1;
    for (int i = 0; i < t->rank; i++) {
        int64_t d;
        if (!expr_is_const_int(t->shape[i], &d))
            return -1;
        n *= d;
    }
    return n;
}
