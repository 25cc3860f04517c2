/*
 * alloc.c — allocation wrappers that abort with a message on out-of-memory,
 * so callers never check for NULL (the approach of Redis' zmalloc).  Safe to
 * call from any thread.
 */
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>

static void oom(size_t n)
{
    fprintf(stderr, "libchronik: out of memory allocating %zu bytes\n", n);
    abort();
}

/** @brief malloc that never returns NULL (n == 0 gives a unique pointer). */
void *ck_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (CK_UNLIKELY(p == NULL))
        oom(n);
    return p;
}

/** @brief calloc that never returns NULL. */
void *ck_calloc(size_t n, size_t sz)
{
    void *p;
    if (n == 0 || sz == 0)
        n = sz = 1;
    if (sz && n > SIZE_MAX / sz)
        oom(SIZE_MAX);
    p = calloc(n, sz);
    if (CK_UNLIKELY(p == NULL))
        oom(n * sz);
    return p;
}

/** @brief realloc that never returns NULL. */
void *ck_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (CK_UNLIKELY(q == NULL))
        oom(n);
    return q;
}

/** @brief strdup that never returns NULL; NULL in gives NULL out. */
char *ck_strdup(const char *s)
{
    if (s == NULL)
        return NULL;
    return ck_memdup(s, strlen(s) + 1);
}

/** @brief Copies at most n bytes of s plus a NUL; NULL in gives NULL out. */
char *ck_strndup(const char *s, size_t n)
{
    char *d;
    if (s == NULL)
        return NULL;
    n = strnlen(s, n);
    d = ck_malloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/** @brief Copies n bytes into fresh memory. */
void *ck_memdup(const void *p, size_t n)
{
    void *d = ck_malloc(n);
    if (n)
        memcpy(d, p, n);
    return d;
}

/** @brief free; NULL is fine. */
void ck_free(void *p)
{
    free(p);
}
