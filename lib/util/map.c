/*
 * map.c — a string-keyed hash map with open addressing (linear probing,
 * tombstones on delete, grown at 70% load counting tombstones).  Keys are
 * copied (and NUL-terminated); values are borrowed.  Not thread-safe: the
 * owner serialises access.
 */
#include "util/util.h"

static char tomb_marker;
#define TOMB (&tomb_marker)

/** @brief 64-bit FNV-1a with a final avalanche mix. Any thread. */
uint64_t ck_hash_bytes(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint64_t h = 0xcbf29ce484222325ull;
    size_t i;

    for (i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

/** @brief Initialises an empty map (no allocation). */
void ck_map_init(ck_map *m)
{
    memset(m, 0, sizeof(*m));
}

/** @brief Frees the keys and the table, not the values; m may be re-inited. */
void ck_map_free(ck_map *m)
{
    size_t i;
    for (i = 0; i < m->cap; i++)
        if (m->slots[i].key && m->slots[i].key != TOMB)
            ck_free(m->slots[i].key);
    ck_free(m->slots);
    memset(m, 0, sizeof(*m));
}

/* Index of the slot holding key, or SIZE_MAX. */
static size_t map_find(const ck_map *m, const char *key, size_t klen, uint64_t h)
{
    size_t mask, i;

    if (m->cap == 0)
        return SIZE_MAX;
    mask = m->cap - 1;
    for (i = h & mask;; i = (i + 1) & mask) {
        const ck_map_entry *e = &m->slots[i];
        if (e->key == NULL)
            return SIZE_MAX;
        if (e->key != TOMB && e->hash == h && e->klen == klen && memcmp(e->key, key, klen) == 0)
            return i;
    }
}

static void map_grow(ck_map *m)
{
    size_t ncap = m->cap ? m->cap : 8;
    ck_map_entry *old = m->slots;
    size_t ocap = m->cap, i;

    /* Tombstones are dropped by the rehash, so only live entries count. */
    while ((m->count + 1) * 10 >= ncap * 7)
        ncap *= 2;
    m->slots = ck_calloc(ncap, sizeof(*m->slots));
    m->cap = ncap;
    m->tomb = 0;
    for (i = 0; i < ocap; i++) {
        ck_map_entry *e = &old[i];
        size_t j;
        if (e->key == NULL || e->key == TOMB)
            continue;
        for (j = e->hash & (ncap - 1); m->slots[j].key; j = (j + 1) & (ncap - 1))
            ;
        m->slots[j] = *e;
    }
    ck_free(old);
}

/** @brief Looks key up; the value or NULL. */
void *ck_map_get(const ck_map *m, const char *key, size_t klen)
{
    size_t i = map_find(m, key, klen, ck_hash_bytes(key, klen));
    return i == SIZE_MAX ? NULL : m->slots[i].val;
}

/** @brief Inserts (copying key) or replaces; returns the previous value or NULL. */
void *ck_map_put(ck_map *m, const char *key, size_t klen, void *val)
{
    uint64_t h = ck_hash_bytes(key, klen);
    size_t i = map_find(m, key, klen, h), mask;
    ck_map_entry *e;
    void *prev;

    if (i != SIZE_MAX) {
        prev = m->slots[i].val;
        m->slots[i].val = val;
        return prev;
    }
    if ((m->count + m->tomb + 1) * 10 >= m->cap * 7)
        map_grow(m);
    mask = m->cap - 1;
    for (i = h & mask; m->slots[i].key && m->slots[i].key != TOMB; i = (i + 1) & mask)
        ;
    e = &m->slots[i];
    if (e->key == TOMB)
        m->tomb--;
    e->key = ck_malloc(klen + 1);
    memcpy(e->key, key, klen);
    e->key[klen] = '\0';
    e->klen = klen;
    e->hash = h;
    e->val = val;
    m->count++;
    return NULL;
}

/** @brief Removes key; returns its value or NULL. */
void *ck_map_del(ck_map *m, const char *key, size_t klen)
{
    size_t i = map_find(m, key, klen, ck_hash_bytes(key, klen));
    void *prev;

    if (i == SIZE_MAX)
        return NULL;
    prev = m->slots[i].val;
    ck_free(m->slots[i].key);
    m->slots[i].key = TOMB;
    m->slots[i].val = NULL;
    m->count--;
    m->tomb++;
    return prev;
}

/** @brief Iteration: *it starts at 0; false at the end.  Any out pointer may be NULL.
 *  The map must not be modified during iteration except by ck_map_del of the
 *  entry just returned. */
bool ck_map_next(const ck_map *m, size_t *it, const char **key, size_t *klen, void **val)
{
    while (*it < m->cap) {
        const ck_map_entry *e = &m->slots[(*it)++];
        if (e->key == NULL || e->key == TOMB)
            continue;
        if (key)
            *key = e->key;
        if (klen)
            *klen = e->klen;
        if (val)
            *val = e->val;
        return true;
    }
    return false;
}
