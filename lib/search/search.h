/*
 * search.h — full-text search over topics.  Topics with
 * searchable.enabled=true are indexed by a worker thread into one SQLite
 * FTS5 table per topic (<data.dir>/search/<topic>.db), whose rows point at
 * (partition, offset): the log stays the source of truth for _source.  The
 * query side speaks Elasticsearch's request and response shapes (query DSL,
 * hits, errors), for the REST API (lib/http) and chronik_search.
 *
 * Freshness: a search takes each partition's high watermark when it starts
 * and indexes the part the worker has not reached yet on the spot (under
 * the writer's lock), so it sees every record acknowledged before it
 * started, and never one that is not acknowledged.
 *
 * Threads: every function may be called from any thread, except the
 * feature hooks (engine open / close / admin thread).
 */
#ifndef CK_SEARCH_H
#define CK_SEARCH_H

#include "chronik.h"
#include "engine/engine.h"
#include "util/util.h"

typedef struct ck_search ck_search;

/** @brief The search feature (lib/chronik's table): opens or rebuilds the
 *  indexes and starts the indexer at open, tracks topic events, stops at
 *  close. */
extern const ck_feature ck_search_feature;
/** @brief The running instance of eng, or NULL.  Borrowed until close. */
ck_search *ck_search_of(ck_engine *eng);

/* What a request asks for (REST route or chronik_search). */
typedef enum ck_search_op {
    CK_SOP_SEARCH,        /* /{index}/_search, /_search */
    CK_SOP_COUNT,         /* /{index}/_count */
    CK_SOP_DOC,           /* /{index}/_doc/{id} */
    CK_SOP_MAPPING,       /* /{index}/_mapping, /_mapping */
    CK_SOP_CAT_INDICES,   /* /_cat/indices[/{index}] */
    CK_SOP_STATS,         /* /_search/stats */
    CK_SOP_INFO           /* GET /: the Elasticsearch node information */
} ck_search_op;

typedef struct ck_search_req {
    ck_search_op       op;
    const char        *indices;   /* comma-separated names / patterns; NULL or "" or "_all": every searchable topic */
    const char        *doc_id;    /* CK_SOP_DOC */
    const char        *body;      /* JSON request body (may be NULL) */
    size_t             body_len;
    const char *const *args;      /* URL parameters: NULL-terminated key, value list (may be NULL) */
} ck_search_req;

/** @brief Runs one request and appends the answer to out: Elasticsearch's
 *  response JSON (or text for _cat without format=json).  Returns the HTTP
 *  status; on an error (>= 400) out holds {"error":{"root_cause":[...],
 *  "type","reason"},"status":N} and err (may be NULL) the reason.
 *  *content_type (may be NULL) receives a static MIME type. */
int ck_search_handle(ck_search *s, const ck_search_req *req, ck_wb *out, const char **content_type, char *err,
                     size_t errlen);

/** @brief The chronik_err_t for an HTTP status of ck_search_handle. */
int ck_search_status_err(int status);

/* Counters for /metrics. */
typedef struct ck_search_stats {
    uint64_t queries, errors, timeouts;
    uint64_t query_us;            /* total search time */
    uint64_t docs_indexed;        /* since open */
    uint64_t commits, rebuilds;
    int64_t  indexes;             /* searchable topics */
    int64_t  docs;                /* documents in the indexes */
    int64_t  lag_records;         /* sum over indexes */
    int64_t  lag_ms;              /* the largest */
    int64_t  backfill_pending;    /* records still to index after (re)starts */
} ck_search_stats;

/** @brief A snapshot of the counters (relaxed reads) and of every index's
 *  gauges.  Any thread. */
void ck_search_stats_get(ck_search *s, ck_search_stats *out);

/** @brief Blocks until every searchable topic's index has caught up with
 *  the high watermarks as they were when called, or timeout_ms passed.  0
 *  or TIMED_OUT.  For tests and benchmarks. */
int ck_search_wait_indexed(ck_search *s, const char *topic, int timeout_ms);

#endif
