/*
 * arena.c — a bump allocator: allocations are carved from chunks and released
 * all at once by ck_arena_reset/ck_arena_free.  Used for request-scoped
 * decoding.  Not thread-safe: one arena belongs to one thread at a time.
 */
#include "util/util.h"

#define ARENA_CHUNK 4096

struct ck_arena_chunk {
    ck_arena_chunk *next;
    size_t          cap;
    /* 8-byte aligned payload follows */
    uint64_t        data[];
};

/** @brief Initialises an empty arena (no allocation). */
void ck_arena_init(ck_arena *a)
{
    memset(a, 0, sizeof(*a));
}

/** @brief Zeroed, 8-byte-aligned memory valid until ck_arena_reset/free. */
void *ck_arena_alloc(ck_arena *a, size_t n)
{
    size_t need = (n + 7) & ~(size_t)7;
    uint8_t *p;

    if (need < n)
        need = n; /* overflow guard; ck_malloc below aborts on absurd sizes */
    if (a->head == NULL || a->cap - a->used < need) {
        size_t cap = need > ARENA_CHUNK ? need : ARENA_CHUNK;
        ck_arena_chunk *c = ck_malloc(sizeof(*c) + cap);
        c->cap = cap;
        if (a->head && need > ARENA_CHUNK && a->cap - a->used >= ARENA_CHUNK / 4) {
            /* Big allocation: keep the current head's free space for later. */
            c->next = a->head->next;
            a->head->next = c;
            memset(c->data, 0, need);
            return c->data;
        }
        c->next = a->head;
        a->head = c;
        a->used = 0;
        a->cap = cap;
    }
    p = (uint8_t *)a->head->data + a->used;
    a->used += need;
    memset(p, 0, need);
    return p;
}

/** @brief Copies s[0..n) plus a NUL into the arena. */
char *ck_arena_strndup(ck_arena *a, const char *s, size_t n)
{
    char *d = ck_arena_alloc(a, n + 1);
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/** @brief Releases all allocations, keeping the newest chunk for reuse. */
void ck_arena_reset(ck_arena *a)
{
    ck_arena_chunk *c;

    if (a->head == NULL)
        return;
    c = a->head->next;
    while (c) {
        ck_arena_chunk *next = c->next;
        ck_free(c);
        c = next;
    }
    a->head->next = NULL;
    a->cap = a->head->cap;
    a->used = 0;
}

/** @brief Releases everything; the arena may be reused after ck_arena_init. */
void ck_arena_free(ck_arena *a)
{
    ck_arena_chunk *c = a->head;
    while (c) {
        ck_arena_chunk *next = c->next;
        ck_free(c);
        c = next;
    }
    memset(a, 0, sizeof(*a));
}
