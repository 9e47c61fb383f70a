/* intern.c - one copy of every name, so names compare by pointer. */
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"

struct Interner {
    Arena *arena;
    Str *slots;     /* open addressing, power-of-two size */
    size_t cap, len;
};

static uint64_t hash(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

Interner *interner_new(void) {
    Interner *in = calloc(1, sizeof *in);
    if (!in)
        ICE("out of memory");
    in->arena = arena_new();
    in->cap = 1024;
    in->slots = calloc(in->cap, sizeof(Str));
    if (!in->slots)
        ICE("out of memory");
    return in;
}

void interner_free(Interner *in) {
    if (!in)
        return;
    arena_free(in->arena);
    free(in->slots);
    free(in);
}

static void grow(Interner *in) {
    size_t cap = in->cap * 2;
    Str *slots = calloc(cap, sizeof(Str));
    if (!slots)
        ICE("out of memory");
    for (size_t i = 0; i < in->cap; i++) {
        Str s = in->slots[i];
        if (!s)
            continue;
        size_t j = hash(s, strlen(s)) & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = s;
    }
    free(in->slots);
    in->slots = slots;
    in->cap = cap;
}

Str intern(Interner *in, const char *s, size_t n) {
    if (2 * (in->len + 1) > in->cap)
        grow(in);
    size_t i = hash(s, n) & (in->cap - 1);
    for (; in->slots[i]; i = (i + 1) & (in->cap - 1)) {
        Str t = in->slots[i];
        if (strncmp(t, s, n) == 0 && t[n] == 0)
            return t;
    }
    in->slots[i] = arena_strndup(in->arena, s, n);
    in->len++;
    return in->slots[i];
}

Str intern_cstr(Interner *in, const char *s) { return intern(in, s, strlen(s)); }
