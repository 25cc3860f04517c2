/*
 * vector.h — vector search over topics.  A topic with vector.enabled=true
 * gets one HNSW index (hnsw_shim.h over hnswlib) in
 * <data.dir>/vector/<topic>.hnsw, built by a worker thread that tails the
 * topic's partitions off the produce path (like lib/sql's materializer):
 * each record's text (vector.field of its JSON value, or the whole value) is
 * embedded by the topic's provider — hash (deterministic local feature
 * hashing), openai (an OpenAI-compatible /v1/embeddings endpoint over
 * libcurl) or callback (chronik_vector_set_embedder) — or, with
 * vector.source=field, the record carries its vector itself.  Labels of the
 * graph are (partition, offset).
 *
 * A k-NN query (ck_vector_search) sees every acknowledged record: the
 * index is searched under a read lock together with a snapshot of the
 * worker's progress, and the tail not yet indexed is read from the log,
 * embedded and scored exactly at query time, then merged.
 *
 * The index is written with its progress every vector.persist.interval.ms
 * and at close, so a restart resumes where it stopped; a missing, corrupt or
 * outdated file (another model, dimensions, metric, field...) is rebuilt
 * from the log.  Records below a partition's log start (retention,
 * DeleteRecords) are marked deleted in the graph, which is compacted when
 * deletions dominate; a deleted topic's files are removed.
 *
 * When the provider fails (endpoint down, HTTP errors after retries, no
 * callback registered) the topic enters an error state shown by its stats
 * and /metrics, the worker backs off exponentially and resumes at the first
 * record not yet indexed: no record is ever skipped.
 *
 * Threads: every function may be called from any thread, except
 * ck_vector_start / ck_vector_stop (engine open / close).
 */
#ifndef CK_VECTOR_H
#define CK_VECTOR_H

#include "chronik.h"
#include "engine/engine.h"
#include "util/util.h"

typedef struct ck_vector ck_vector;

/* ---------------------------------------------------------------------- */
/* Lifecycle (engine hooks)                                                 */
/* ---------------------------------------------------------------------- */

/** @brief Starts vector search on eng: creates <data.dir>/vector, starts
 *  the indexing worker and stores the instance in eng's extension slot.
 *  0, or a chronik_err_t (IO) with err filled.  Engine-open thread. */
int ck_vector_start(ck_engine *eng, char *err, size_t errlen);
/** @brief Stops the worker (each index is written with its progress) and
 *  frees the instance; waits for queries in flight.  Does nothing when not
 *  running.  Engine-close thread. */
void ck_vector_stop(ck_engine *eng);
/** @brief The running instance of eng, or NULL.  Borrowed until close. */
ck_vector *ck_vector_of(ck_engine *eng);
/** @brief Wakes the worker to re-read topic (created, deleted, configs
 *  changed).  Never blocks on I/O; vs may be NULL. */
void ck_vector_topic_changed(ck_vector *vs, const char *topic);
/** @brief The vector feature (lib/chronik's table). */
extern const ck_feature ck_vector_feature;

/* ---------------------------------------------------------------------- */
/* Queries                                                                  */
/* ---------------------------------------------------------------------- */

/* Why a call failed: a chronik_err_t for the C API, and the HTTP status and
 * error type the REST API answers with. */
typedef struct ck_vec_error {
    int  rc;                      /* chronik_err_t */
    int  http;                    /* 400, 404, 503, 500... */
    char type[48];                /* e.g. "unknown_topic", "parse_error" */
    char reason[512];
} ck_vec_error;

/** @brief Runs one k-NN search on topic; req is the JSON request
 *  (len bytes):
 *    {"query": "text" | "vector": [numbers], "k": 10, "ef_search"?: N,
 *     "filter"?: {"_partition": N | [N...] | range, "_offset": range,
 *                 "_timestamp": range},        range: {"gte","gt","lte","lt"}
 *     "_source"?: true | false}
 *  and the answer, appended to out, is Elasticsearch-shaped:
 *    {"took":ms,"timed_out":false,"hits":{"total":{"value":n,"relation":"eq"},
 *     "max_score":s,"hits":[{"_index":topic,"_id":"topic-p-o","_score":s,
 *     "_partition":p,"_offset":o,"_timestamp":t,"_source":{...}}...]},
 *     "vector":{"indexed_hits":n,"tail_scanned":n,"partial":false}}
 *  Returns 0, or fills e (out unchanged): UNKNOWN_TOPIC_OR_PARTITION (404),
 *  INVALID_CONFIG (400, topic not vector-enabled: names vector.enabled),
 *  INVALID_ARG (400: malformed JSON, bad field, wrong dimensions),
 *  NETWORK_EXCEPTION (503: the provider failed to embed the query). */
int ck_vector_search(ck_vector *vs, const char *topic, const char *req, size_t len, ck_wb *out, ck_vec_error *e);

/** @brief The topic's vector index state as JSON (appended to out):
 *  configuration (never the API key), records indexed / deleted / pending,
 *  per-partition progress, the provider's counters and its error state.
 *  0, or e filled (404 unknown topic, 400 not vector-enabled). */
int ck_vector_stats_json(ck_vector *vs, const char *topic, ck_wb *out, ck_vec_error *e);

/** @brief Appends the vector metric families (Prometheus text) to out. */
void ck_vector_metrics_render(ck_engine *eng, ck_wb *out);

/* ---------------------------------------------------------------------- */
/* Embedding                                                                */
/* ---------------------------------------------------------------------- */

/** @brief The hash provider: a deterministic embedding of text (len bytes)
 *  into dims floats — feature hashing of lower-cased word tokens and of
 *  their character 3-grams, with a sign hash, L2-normalised.  Returns false
 *  (out zeroed) when the text has no token. */
bool ck_vector_hash_embed(const char *text, size_t len, int32_t dims, float *out);

/* ---------------------------------------------------------------------- */
/* Tests and benchmarks                                                     */
/* ---------------------------------------------------------------------- */

/** @brief Blocks until every record of topic below the high watermarks (as
 *  they were when called) is indexed or skipped, or timeout_ms passed.  0,
 *  TIMED_OUT, or UNKNOWN_TOPIC_OR_PARTITION when the topic is not indexed. */
int ck_vector_wait_indexed(ck_vector *vs, const char *topic, int timeout_ms);
/** @brief Pauses (true) or resumes the worker, so tests can keep records in
 *  the unindexed tail. */
void ck_vector_test_pause(ck_vector *vs, bool paused);
/** @brief Writes every changed index now (as the periodic persist does). */
void ck_vector_persist_now(ck_vector *vs);

#endif
