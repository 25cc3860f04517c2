/*
 * hnsw_shim.h — the C interface of the one C++ file of libchronik: a thin
 * wrapper around Debian's header-only hnswlib (libhnswlib-dev), the HNSW
 * graph behind vector search.  Nothing here knows about topics: a graph of
 * fixed-dimension float vectors, each under a 64-bit label chosen by the
 * caller, searched for its k nearest neighbours.
 *
 * Spaces: CK_HNSW_L2 (squared Euclidean distance) and CK_HNSW_IP (distance
 * 1 - dot product; cosine when the caller normalises the vectors).
 *
 * Threads: ck_hnsw_search, ck_hnsw_vector, ck_hnsw_count / _deleted /
 * _capacity / _dim and ck_hnsw_save may run concurrently with each other;
 * ck_hnsw_add and ck_hnsw_mark_deleted need exclusive access (the caller's
 * write lock).  No C++ exception crosses this interface: failures come back
 * as -1 / NULL with err filled.
 */
#ifndef CK_HNSW_SHIM_H
#define CK_HNSW_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CK_HNSW_L2 0
#define CK_HNSW_IP 1

typedef struct ck_hnsw ck_hnsw;

/** @brief A new empty graph of dim-dimensional vectors in space (CK_HNSW_*)
 *  with room for capacity vectors (grown on demand), m links per node and
 *  ef_construction candidates while building; seed fixes the level draws.
 *  NULL with err filled on a bad argument or no memory. */
ck_hnsw *ck_hnsw_new(int space, int32_t dim, size_t capacity, int32_t m, int32_t ef_construction, uint64_t seed,
                     char *err, size_t errlen);
/** @brief Frees h.  NULL does nothing. */
void ck_hnsw_free(ck_hnsw *h);

/** @brief Adds vec (dim floats) under label, growing the capacity when full;
 *  a label already present is updated in place (and undeleted).  0, or -1
 *  with err filled.  Exclusive access. */
int ck_hnsw_add(ck_hnsw *h, const float *vec, uint64_t label, char *err, size_t errlen);
/** @brief Marks label deleted: searches skip it from now on.  0, or -1 when
 *  the label is unknown or already deleted.  Exclusive access. */
int ck_hnsw_mark_deleted(ck_hnsw *h, uint64_t label);

/** @brief The k nearest live vectors to q, closest first, searching with
 *  max(ef, k) candidates: labels[i] and dists[i] (both k long) for i <
 *  the returned count; -1 on an internal error.  Concurrent-safe. */
int64_t ck_hnsw_search(const ck_hnsw *h, const float *q, size_t k, size_t ef, uint64_t *labels, float *dists);
/** @brief The distance between a and b in h's space (what search reports). */
float ck_hnsw_distance(const ck_hnsw *h, const float *a, const float *b);
/** @brief The stored vector of a live label (dim floats, borrowed until the
 *  next exclusive call), or NULL when absent or deleted. */
const float *ck_hnsw_vector(const ck_hnsw *h, uint64_t label);

/** @brief Vectors stored (deleted ones included), of which deleted, and the
 *  current capacity; the dimension. */
size_t ck_hnsw_count(const ck_hnsw *h);
size_t ck_hnsw_deleted(const ck_hnsw *h);
size_t ck_hnsw_capacity(const ck_hnsw *h);
int32_t ck_hnsw_dim(const ck_hnsw *h);

/** @brief A new graph holding only h's live vectors (same labels and
 *  parameters), or NULL with err filled.  Concurrent with searches of h. */
ck_hnsw *ck_hnsw_compact(const ck_hnsw *h, char *err, size_t errlen);

/** @brief Writes h in hnswlib's own file format to path (truncating it).
 *  0, or -1 with err filled.  Concurrent with searches of h. */
int ck_hnsw_save(const ck_hnsw *h, const char *path, char *err, size_t errlen);
/** @brief Loads a graph written by ck_hnsw_save whose vectors are
 *  dim-dimensional in space.  The caller checks the file's integrity first
 *  (hnswlib trusts its input).  NULL with err filled on failure. */
ck_hnsw *ck_hnsw_load(const char *path, int space, int32_t dim, int32_t m, int32_t ef_construction, char *err,
                      size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
