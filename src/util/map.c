/* map.c - a hash map from pointers (interned names, IR nodes) to pointers. */
#include <stdlib.h>

#include "ptoc.h"

static size_t slot(const void *key, size_t cap) {
    uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32) & (cap - 1);
}

void *map_get(const Map *m, const void *key) {
    if (!m->cap)
        return NULL;
    for (size_t i = slot(key, m->cap); m->keys[i]; i = (i + 1) & (m->cap - 1))
        if (m->keys[i] == key)
            return m->vals[i];
    return NULL;
}

static void grow(Map *m) {
    Map n = {0};
    n.cap = m->cap ? m->cap * 2 : 64;
    n.keys = calloc(n.cap, sizeof *n.keys);
    n.vals = calloc(n.cap, sizeof *n.vals);
    if (!n.keys || !n.vals)
        ICE("out of memory");
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            map_put(&n, m->keys[i], m->vals[i]);
    map_free(m);
    *m = n;
}

void map_put(Map *m, const void *key, void *val) {
    ASSERT(key);
    if (2 * (m->len + 1) > m->cap)
        grow(m);
    size_t i = slot(key, m->cap);
    for (; m->keys[i]; i = (i + 1) & (m->cap - 1))
        if (m->keys[i] == key) {
            m->vals[i] = val;
            return;
        }
    m->keys[i] = key;
    m->vals[i] = val;
    m->len++;
}

void map_free(Map *m) {
    free(m->keys);
    free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->len = 0;
}
