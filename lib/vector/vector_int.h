/*
 * vector_int.h — what the files of lib/vector share: the instance, the
 * per-topic index state, the embedding providers (embed.c, openai.c), the
 * JSON reader (vjson.c), the index files (store.c), the worker (worker.c)
 * and the query path (search.c).  Nothing outside lib/vector includes it.
 *
 * Locks: vs->lock (mutex) guards the topic map, the worker's flags and each
 * topic's error state; vt->rw (rwlock) guards a topic's graph, label tables,
 * progress and dimensions: queries read-lock it, the worker — the only
 * writer — write-locks it to add or delete vectors and reads without it.
 * Order: a partition's wait lock (watch callbacks) -> vs->lock; vt->rw is
 * never taken while holding vs->lock.
 */
#ifndef CK_VECTOR_INT_H
#define CK_VECTOR_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include "vector/hnsw_shim.h"
#include "vector/vector.h"

#define CK_VEC_SUB "vector"

/* vector.source / vector.provider / vector.metric: indexes in conf.h's lists. */
#define CK_VEC_SRC_EMBED 0
#define CK_VEC_SRC_FIELD 1
#define CK_VEC_PROV_HASH 0
#define CK_VEC_PROV_OPENAI 1
#define CK_VEC_PROV_CALLBACK 2
#define CK_VEC_COSINE 0
#define CK_VEC_L2 1
#define CK_VEC_IP 2

#define CK_VEC_HASH_DIMS 256          /* the hash provider's dimensions when vector.dimensions is 0 */
#define CK_VEC_MAX_DIMS 16384
/* Labels: partition << CK_VEC_PART_SHIFT | offset. */
#define CK_VEC_PART_SHIFT 40
#define CK_VEC_OFFSET_MASK ((UINT64_C(1) << CK_VEC_PART_SHIFT) - 1)

static inline uint64_t ck_vec_label(int32_t part, int64_t off) {
    return ((uint64_t)(uint32_t)part << CK_VEC_PART_SHIFT) | ((uint64_t)off & CK_VEC_OFFSET_MASK);
}

/* The effective vector.* configuration of a topic (strings owned). */
typedef struct ck_vec_cfg {
    bool    enabled;
    int     source, provider, metric;
    int32_t dims;                 /* configured; 0: the provider's */
    int32_t m, ef_construction, ef_search;
    char   *field, *model, *endpoint, *api_key;
} ck_vec_cfg;

/** @brief Reads the vector.* keys of t (broker defaults applied; the API
 *  key falls back to OPENAI_API_KEY).  Free with ck_vec_cfg_free. */
void ck_vec_cfg_read(ck_engine *eng, ck_topic *t, ck_vec_cfg *cfg);
void ck_vec_cfg_free(ck_vec_cfg *cfg);
/** @brief What decides the vectors and the graph (not ef_search, endpoint
 *  or key): an index built under another signature is rebuilt. */
void ck_vec_cfg_signature(const ck_vec_cfg *cfg, char *out, size_t outlen);
/** @brief The dimensions a topic's vectors have before any is seen: the
 *  configured ones, else the hash provider's; 0 when only the provider or
 *  the first record can tell. */
int32_t ck_vec_cfg_dims(const ck_vec_cfg *cfg);
const char *ck_vec_provider_name(int provider);
const char *ck_vec_metric_name(int metric);

/* ===================================================================== */
/* JSON reading (vjson.c): jsmn underneath                               */
/* ===================================================================== */

typedef struct ck_vjson {
    const char *js;
    size_t      len;
    void       *tok;              /* jsmn tokens; [0] is the root */
    int         ntok;
} ck_vjson;

#define CK_VJ_OBJECT 1
#define CK_VJ_ARRAY 2
#define CK_VJ_STRING 3
#define CK_VJ_PRIMITIVE 4

/** @brief Parses js (len bytes) as exactly one JSON value.  0, or -1 with
 *  err describing the problem.  Free with ck_vjson_free (also on error). */
int ck_vjson_parse(ck_vjson *d, const char *js, size_t len, char *err, size_t errlen);
void ck_vjson_free(ck_vjson *d);
/** @brief Type (CK_VJ_*) of token i. */
int ck_vjson_type(const ck_vjson *d, int i);
/** @brief Members of an object (pairs) or elements of an array at i. */
int ck_vjson_size(const ck_vjson *d, int i);
/** @brief The token after i's subtree (its next sibling's index, or ntok). */
int ck_vjson_skip(const ck_vjson *d, int i);
/** @brief Members of object obj: the value of key, -1 when absent. */
int ck_vjson_member(const ck_vjson *d, int obj, const char *key);
/** @brief Walks a dotted path ("a.b", "$.a.b") from the root: the value's
 *  token, or -1. */
int ck_vjson_path(const ck_vjson *d, const char *path);
/** @brief Appends the unescaped text of string token i to out; false when
 *  i is not a string or holds a bad escape. */
bool ck_vjson_string(const ck_vjson *d, int i, ck_wb *out);
/** @brief Number token i as a double / as an integer (no fraction). */
bool ck_vjson_double(const ck_vjson *d, int i, double *v);
bool ck_vjson_int(const ck_vjson *d, int i, int64_t *v);
/** @brief true/false literal i. */
bool ck_vjson_bool(const ck_vjson *d, int i, bool *v);
/** @brief Raw text of token i. */
const char *ck_vjson_text(const ck_vjson *d, int i, size_t *n);
/** @brief true when p[0..n) is exactly one JSON value (strict). */
bool ck_vjson_valid(const char *p, size_t n);

/* ===================================================================== */
/* Embedding (embed.c, openai.c)                                         */
/* ===================================================================== */

/* A batch of texts to embed. */
typedef struct ck_vec_texts {
    const char **text;
    size_t      *len;
    size_t       n;
} ck_vec_texts;

/* Counters of a provider's work for one topic (relaxed atomics). */
typedef struct ck_vec_counters {
    _Atomic uint64_t requests;    /* HTTP requests / callback calls */
    _Atomic uint64_t retries;     /* requests repeated after 429, 5xx, connection errors */
    _Atomic uint64_t failures;    /* embedding calls that failed in the end */
    _Atomic uint64_t records;     /* texts embedded */
} ck_vec_counters;

/** @brief Embeds texts with cfg's provider into out (n * *dims floats, room
 *  for n * CK_VEC_MAX_DIMS is not needed: *dims in is the expected
 *  dimension or 0 when unknown, out is reallocated to fit).  *out may be
 *  NULL on entry (ck_malloc'd; caller frees).  Normalises for cosine.
 *  ok[i] false marks a text without a usable vector (no token, zero
 *  vector).  0, or a chronik_err_t with err filled (the key never appears
 *  in it).  Blocking (network); any thread. */
int ck_vec_embed(ck_vector *vs, const char *topic, const ck_vec_cfg *cfg, const ck_vec_texts *tx, int32_t *dims,
                 float **out, bool *ok, ck_vec_counters *cnt, char *err, size_t errlen);

/** @brief The openai provider (openai.c): POSTs the texts in batches of
 *  vector.batch.size, at most vector.concurrency requests at once, retrying
 *  429 / 5xx / connection errors with backoff.  Same contract as
 *  ck_vec_embed without normalisation. */
int ck_vec_openai_embed(ck_vector *vs, const ck_vec_cfg *cfg, const ck_vec_texts *tx, int32_t *dims, float **out,
                        ck_vec_counters *cnt, char *err, size_t errlen);
/** @brief One-time libcurl initialisation (any thread; idempotent). */
void ck_vec_openai_global_init(void);

/** @brief L2-normalises v in place; false when it is zero or not finite. */
bool ck_vec_normalize(float *v, int32_t dims);
/** @brief Distance in the topic's metric, the same the graph reports:
 *  1 - dot (cosine, ip) or squared Euclidean (l2). */
float ck_vec_distance(int metric, const float *a, const float *b, int32_t dims);
/** @brief Elasticsearch-style _score of a distance. */
double ck_vec_score(int metric, float dist);

/** @brief The text of a record's value to embed: the value at path (a
 *  string unescaped, another scalar or a container as its JSON text), or
 *  the whole value when path is empty.  Appends to scratch and points
 *  text and tlen into it or into val.  false when there is none (null or
 *  empty value, no such field, JSON null). */
bool ck_vec_record_text(const uint8_t *val, int32_t vlen, const char *path, ck_wb *scratch, const char **text,
                        size_t *tlen);
/** @brief The vector a record carries at path (a JSON array of numbers)
 *  into out (grown; *cap floats), *dims its length.  false when absent or
 *  malformed. */
bool ck_vec_record_vector(const uint8_t *val, int32_t vlen, const char *path, float **out, size_t *cap,
                          int32_t *dims);

/* ===================================================================== */
/* Topics and the instance                                                */
/* ===================================================================== */

/* Label table of one partition: the offsets (ascending) and timestamps of
 * the vectors in the graph; entries [del, n) are live. */
typedef struct ck_vec_part {
    int64_t *off;
    int64_t *ts;
    size_t   n, cap, del;
    int64_t  progress;            /* next offset to index */
} ck_vec_part;

/** @brief Appends (off, ts) to a label table. */
void ck_vec_part_push(ck_vec_part *pt, int64_t off, int64_t ts);

/* Topic states shown by stats. */
#define CK_VEC_ST_LOADING 0
#define CK_VEC_ST_OK 1
#define CK_VEC_ST_ERROR 2

typedef struct ck_vec_topic {
    char            *name;        /* immutable */
    uint8_t          id[16];      /* immutable */
    char            *path;        /* <dir>/<topic>.hnsw */
    char            *meta_path;   /* <dir>/<topic>.meta */
    ck_topic        *topic;       /* kept */
    ck_vector       *vs;
    _Atomic int      refs;        /* the map's + queries' */

    /* graph, labels, progress: written by the worker under rw (write),
     * read by queries under rw (read) */
    pthread_rwlock_t rw;
    ck_hnsw         *index;
    int32_t          dims;        /* 0 until known */
    ck_vec_part     *parts;
    int32_t          nparts;
    char             sig[512];    /* signature the graph was built under */
    bool             loaded;

    /* worker only */
    ck_vec_cfg       cfg;
    ck_watch        *watches;
    int32_t          nwatch;
    bool             dirty;
    int64_t          last_persist;
    _Atomic int64_t  retry_at;     /* mono ms; also cleared by chronik_vector_set_embedder */
    int64_t          backoff_ms;

    /* under vs->lock */
    int              state;
    char             last_error[300];
    int64_t          error_since;  /* wall ms */
    int64_t          failures_in_row;
    int64_t          persisted_at; /* wall ms */
    uint64_t         persisted_count;

    ck_vec_counters  cnt;
    _Atomic uint64_t searches;
    _Atomic uint64_t no_text;     /* records without text (or usable vector) */
    _Atomic uint64_t invalid;     /* vector.source=field records without a valid vector */
    _Atomic uint64_t indexed_total;
} ck_vec_topic;

struct ck_vector {
    ck_engine       *eng;
    char            *dir;         /* <data.dir>/vector */
    pthread_mutex_t  lock;
    pthread_cond_t   cond;        /* wakes the worker */
    pthread_cond_t   progress_cond;
    ck_map           topics;      /* name -> ck_vec_topic* */
    bool             stop, kick, data, paused, swept;
    uint64_t         persist_req, persist_done;   /* ck_vector_persist_now's requests */
    pthread_t        thr;
    bool             started;

    /* the callback provider */
    pthread_rwlock_t cb_lock;
    chronik_vector_embed_fn cb;
    void            *cb_opaque;

    /* broker settings */
    int32_t          batch_size, concurrency, timeout_ms, retries, backoff_ms, backoff_max_ms, tail_max;
    int64_t          persist_ms;

    ck_hist          search_latency;
    _Atomic uint64_t st_searches, st_search_errors;
};

/** @brief The topic's state under name, kept (release with
 *  ck_vec_topic_release), or NULL.  Any thread. */
ck_vec_topic *ck_vec_topic_get(ck_vector *vs, const char *name);
void ck_vec_topic_release(ck_vec_topic *vt);

/** @brief Records an embedding failure / success of vt (error state). */
void ck_vec_topic_fail(ck_vec_topic *vt, const char *msg);
void ck_vec_topic_ok(ck_vec_topic *vt);

/* Index files (store.c); worker thread. */
/** @brief Loads vt's graph, labels and progress from its files when they
 *  exist, are intact and match sig; otherwise starts empty (progress at the
 *  log start) and removes stale files.  Sets vt->loaded. */
void ck_vec_store_load(ck_vec_topic *vt, const char *sig);
/** @brief Writes vt's graph and meta atomically (temp files, fsync,
 *  rename).  0 or -1 (logged). */
int ck_vec_store_save(ck_vec_topic *vt);
/** @brief Removes vt's files. */
void ck_vec_store_remove(const char *path, const char *meta_path);

/* Worker (worker.c). */
int  ck_vec_worker_start(ck_vector *vs);
void ck_vec_worker_stop(ck_vector *vs);

#endif
