/* arena.c - bump allocation in chunks; everything is freed at once. */
#include <stdlib.h>
#include <string.h>

#include "ptoc.h"

typedef struct Chunk {
    struct Chunk *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
} Chunk;

struct Arena {
    Chunk *head;
};

enum { CHUNK_SIZE = 64 * 1024 };

static void *xmalloc(size_t n) {
    void *p = malloc(n);
    if (!p)
        ICE("out of memory (%zu bytes)", n);
    return p;
}

Arena *arena_new(void) {
    Arena *a = xmalloc(sizeof *a);
    a->head = NULL;
    return a;
}

void arena_free(Arena *a) {
    if (!a)
        return;
    for (Chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}

void *arena_alloc(Arena *a, size_t size) {
    size = (size + 15) & ~(size_t)15;
    Chunk *c = a->head;
    if (!c || c->cap - c->used < size) {
        size_t cap = size > CHUNK_SIZE ? size : CHUNK_SIZE;
        c = xmalloc(sizeof *c + cap);
        c->used = 0;
        c->cap = cap;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void *arena_dup(Arena *a, const void *p, size_t size) {
    if (size == 0)
        return NULL;
    void *q = arena_alloc(a, size);
    memcpy(q, p, size);
    return q;
}

void vec_push(PtrVec *v, void *p) {
    if (v->len == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 8;
        void **items = realloc(v->items, sizeof(void *) * (size_t)v->cap);
        if (!items)
            ICE("out of memory");
        v->items = items;
    }
    v->items[v->len++] = p;
}

void **vec_finish(Arena *a, PtrVec *v) {
    void **items = arena_dup(a, v->items, sizeof(void *) * (size_t)v->len);
    vec_free(v);
    return items;
}

void vec_free(PtrVec *v) {
    free(v->items);
    v->items = NULL;
    v->len = v->cap = 0;
}
