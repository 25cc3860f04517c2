/*
 * chronik.h — the public API of libchronik, an embeddable, durable,
 * Kafka-wire-compatible streaming engine.
 *
 * This header is the whole API and its reference.  Handles are opaque.
 * Every fallible call returns a chronik_err_t (CHRONIK_OK == 0); Kafka
 * protocol error codes (>= -1) pass through unchanged and library-local
 * errors use the range <= -200.  The last error message of an engine handle
 * is available from chronik_errmsg(); calls that fail before a handle exists
 * write into a caller buffer (errbuf, errlen).
 *
 * Ownership, in three patterns:
 *   (a) memory the library allocates for the caller is released with the
 *       matching _free() (or chronik_free()); _free(NULL) does nothing;
 *   (b) an object passed to a call that adopts it is adopted only on success;
 *   (c) borrowed views (records returned by chronik_fetch_next) stay valid
 *       until the owning object is freed.
 *
 * Thread safety: a chronik_t may be used from any number of threads at once.
 * A chronik_conf_t and a chronik_fetch_t belong to one thread at a time.
 */
#ifndef CHRONIK_H
#define CHRONIK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(CHRONIK_BUILDING) && defined(__GNUC__)
#define CHRONIK_API __attribute__((visibility("default")))
#else
#define CHRONIK_API
#endif

#define CHRONIK_VERSION_MAJOR 0
#define CHRONIK_VERSION_MINOR 1
#define CHRONIK_VERSION_PATCH 0
#define CHRONIK_VERSION_NUM ((CHRONIK_VERSION_MAJOR << 16) | (CHRONIK_VERSION_MINOR << 8) | CHRONIK_VERSION_PATCH)

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */
/* ------------------------------------------------------------------------ */

/* X(NAME, value, description).  Kafka codes keep Kafka's numbers and names. */
#define CHRONIK_ERRORS(X)                                                                        \
    X(OK, 0, "Success")                                                                          \
    X(UNKNOWN_SERVER_ERROR, -1, "Unexpected server error")                                       \
    X(OFFSET_OUT_OF_RANGE, 1, "Offset out of range")                                             \
    X(CORRUPT_MESSAGE, 2, "Message is corrupt (CRC or layout)")                                  \
    X(UNKNOWN_TOPIC_OR_PARTITION, 3, "Unknown topic or partition")                               \
    X(INVALID_FETCH_SIZE, 4, "Invalid fetch size")                                               \
    X(LEADER_NOT_AVAILABLE, 5, "Leader not available")                                           \
    X(NOT_LEADER_OR_FOLLOWER, 6, "Not leader or follower")                                       \
    X(REQUEST_TIMED_OUT, 7, "Request timed out")                                                 \
    X(MESSAGE_TOO_LARGE, 10, "Message too large")                                                \
    X(OFFSET_METADATA_TOO_LARGE, 12, "Offset metadata too large")                                \
    X(NETWORK_EXCEPTION, 13, "Network exception")                                                \
    X(COORDINATOR_LOAD_IN_PROGRESS, 14, "Coordinator load in progress")                          \
    X(COORDINATOR_NOT_AVAILABLE, 15, "Coordinator not available")                                \
    X(NOT_COORDINATOR, 16, "Not coordinator")                                                    \
    X(INVALID_TOPIC_EXCEPTION, 17, "Invalid topic name")                                         \
    X(RECORD_LIST_TOO_LARGE, 18, "Record batch too large")                                       \
    X(NOT_ENOUGH_REPLICAS, 19, "Not enough replicas")                                            \
    X(INVALID_REQUIRED_ACKS, 21, "Invalid required acks")                                        \
    X(ILLEGAL_GENERATION, 22, "Illegal generation")                                              \
    X(INCONSISTENT_GROUP_PROTOCOL, 23, "Inconsistent group protocol")                            \
    X(INVALID_GROUP_ID, 24, "Invalid group id")                                                  \
    X(UNKNOWN_MEMBER_ID, 25, "Unknown member id")                                                \
    X(INVALID_SESSION_TIMEOUT, 26, "Invalid session timeout")                                    \
    X(REBALANCE_IN_PROGRESS, 27, "Rebalance in progress")                                        \
    X(INVALID_COMMIT_OFFSET_SIZE, 28, "Invalid commit offset size")                              \
    X(TOPIC_AUTHORIZATION_FAILED, 29, "Topic authorization failed")                              \
    X(GROUP_AUTHORIZATION_FAILED, 30, "Group authorization failed")                              \
    X(CLUSTER_AUTHORIZATION_FAILED, 31, "Cluster authorization failed")                          \
    X(INVALID_TIMESTAMP, 32, "Invalid timestamp")                                                \
    X(UNSUPPORTED_SASL_MECHANISM, 33, "Unsupported SASL mechanism")                              \
    X(ILLEGAL_SASL_STATE, 34, "Illegal SASL state")                                              \
    X(UNSUPPORTED_VERSION, 35, "Unsupported version")                                            \
    X(TOPIC_ALREADY_EXISTS, 36, "Topic already exists")                                          \
    X(INVALID_PARTITIONS, 37, "Invalid number of partitions")                                    \
    X(INVALID_REPLICATION_FACTOR, 38, "Invalid replication factor")                              \
    X(INVALID_REPLICA_ASSIGNMENT, 39, "Invalid replica assignment")                              \
    X(INVALID_CONFIG, 40, "Invalid configuration")                                               \
    X(NOT_CONTROLLER, 41, "Not controller")                                                      \
    X(INVALID_REQUEST, 42, "Invalid request")                                                    \
    X(UNSUPPORTED_FOR_MESSAGE_FORMAT, 43, "Unsupported for message format")                      \
    X(POLICY_VIOLATION, 44, "Policy violation")                                                  \
    X(OUT_OF_ORDER_SEQUENCE_NUMBER, 45, "Out of order sequence number")                          \
    X(DUPLICATE_SEQUENCE_NUMBER, 46, "Duplicate sequence number")                                \
    X(INVALID_PRODUCER_EPOCH, 47, "Invalid producer epoch")                                      \
    X(INVALID_TXN_STATE, 48, "Invalid transaction state")                                        \
    X(INVALID_PRODUCER_ID_MAPPING, 49, "Invalid producer id mapping")                            \
    X(INVALID_TRANSACTION_TIMEOUT, 50, "Invalid transaction timeout")                            \
    X(CONCURRENT_TRANSACTIONS, 51, "Concurrent transactions")                                    \
    X(TRANSACTION_COORDINATOR_FENCED, 52, "Transaction coordinator fenced")                      \
    X(TRANSACTIONAL_ID_AUTHORIZATION_FAILED, 53, "Transactional id authorization failed")        \
    X(SECURITY_DISABLED, 54, "Security disabled")                                                \
    X(OPERATION_NOT_ATTEMPTED, 55, "Operation not attempted")                                    \
    X(KAFKA_STORAGE_ERROR, 56, "Storage error")                                                  \
    X(LOG_DIR_NOT_FOUND, 57, "Log directory not found")                                          \
    X(SASL_AUTHENTICATION_FAILED, 58, "SASL authentication failed")                              \
    X(UNKNOWN_PRODUCER_ID, 59, "Unknown producer id")                                            \
    X(REASSIGNMENT_IN_PROGRESS, 60, "Reassignment in progress")                                  \
    X(NON_EMPTY_GROUP, 68, "Group is not empty")                                                 \
    X(GROUP_ID_NOT_FOUND, 69, "Group id not found")                                              \
    X(FETCH_SESSION_ID_NOT_FOUND, 70, "Fetch session id not found")                              \
    X(INVALID_FETCH_SESSION_EPOCH, 71, "Invalid fetch session epoch")                            \
    X(LISTENER_NOT_FOUND, 72, "Listener not found")                                              \
    X(TOPIC_DELETION_DISABLED, 73, "Topic deletion disabled")                                    \
    X(FENCED_LEADER_EPOCH, 74, "Fenced leader epoch")                                            \
    X(UNKNOWN_LEADER_EPOCH, 75, "Unknown leader epoch")                                          \
    X(UNSUPPORTED_COMPRESSION_TYPE, 76, "Unsupported compression type")                          \
    X(STALE_BROKER_EPOCH, 77, "Stale broker epoch")                                              \
    X(OFFSET_NOT_AVAILABLE, 78, "Offset not available")                                          \
    X(MEMBER_ID_REQUIRED, 79, "Member id required")                                              \
    X(PREFERRED_LEADER_NOT_AVAILABLE, 80, "Preferred leader not available")                      \
    X(GROUP_MAX_SIZE_REACHED, 81, "Group max size reached")                                      \
    X(FENCED_INSTANCE_ID, 82, "Fenced instance id")                                              \
    X(ELIGIBLE_LEADERS_NOT_AVAILABLE, 83, "Eligible leaders not available")                      \
    X(ELECTION_NOT_NEEDED, 84, "Election not needed")                                            \
    X(NO_REASSIGNMENT_IN_PROGRESS, 85, "No reassignment in progress")                            \
    X(GROUP_SUBSCRIBED_TO_TOPIC, 86, "Group subscribed to topic")                                \
    X(INVALID_RECORD, 87, "Invalid record")                                                      \
    X(UNSTABLE_OFFSET_COMMIT, 88, "Unstable offset commit")                                      \
    X(THROTTLING_QUOTA_EXCEEDED, 89, "Throttling quota exceeded")                                \
    X(PRODUCER_FENCED, 90, "Producer fenced")                                                    \
    X(RESOURCE_NOT_FOUND, 91, "Resource not found")                                              \
    X(DUPLICATE_RESOURCE, 92, "Duplicate resource")                                              \
    X(UNACCEPTABLE_CREDENTIAL, 93, "Unacceptable credential")                                    \
    X(INCONSISTENT_VOTER_SET, 94, "Inconsistent voter set")                                      \
    X(INVALID_UPDATE_VERSION, 95, "Invalid update version")                                      \
    X(FEATURE_UPDATE_FAILED, 96, "Feature update failed")                                        \
    X(PRINCIPAL_DESERIALIZATION_FAILURE, 97, "Principal deserialization failure")                \
    X(SNAPSHOT_NOT_FOUND, 98, "Snapshot not found")                                              \
    X(POSITION_OUT_OF_RANGE, 99, "Position out of range")                                        \
    X(UNKNOWN_TOPIC_ID, 100, "Unknown topic id")                                                 \
    X(DUPLICATE_BROKER_REGISTRATION, 101, "Duplicate broker registration")                       \
    X(BROKER_ID_NOT_REGISTERED, 102, "Broker id not registered")                                 \
    X(INCONSISTENT_TOPIC_ID, 103, "Inconsistent topic id")                                       \
    X(INCONSISTENT_CLUSTER_ID, 104, "Inconsistent cluster id")                                   \
    X(TRANSACTIONAL_ID_NOT_FOUND, 105, "Transactional id not found")                             \
    X(FETCH_SESSION_TOPIC_ID_ERROR, 106, "Fetch session topic id error")                         \
    X(INELIGIBLE_REPLICA, 107, "Ineligible replica")                                             \
    X(NEW_LEADER_ELECTED, 108, "New leader elected")                                             \
    X(OFFSET_MOVED_TO_TIERED_STORAGE, 109, "Offset moved to tiered storage")                     \
    X(FENCED_MEMBER_EPOCH, 110, "Fenced member epoch")                                           \
    X(UNRELEASED_INSTANCE_ID, 111, "Unreleased instance id")                                     \
    X(UNSUPPORTED_ASSIGNOR, 112, "Unsupported assignor")                                         \
    X(STALE_MEMBER_EPOCH, 113, "Stale member epoch")                                             \
    X(MISMATCHED_ENDPOINT_TYPE, 114, "Mismatched endpoint type")                                 \
    X(UNSUPPORTED_ENDPOINT_TYPE, 115, "Unsupported endpoint type")                               \
    X(UNKNOWN_CONTROLLER_ID, 116, "Unknown controller id")                                       \
    X(UNKNOWN_SUBSCRIPTION_ID, 117, "Unknown subscription id")                                   \
    X(TELEMETRY_TOO_LARGE, 118, "Telemetry too large")                                           \
    X(INVALID_REGISTRATION, 119, "Invalid registration")                                         \
    X(TRANSACTION_ABORTABLE, 120, "Transaction abortable")                                       \
    X(INVALID_RECORD_STATE, 121, "Invalid record state")                                         \
    X(SHARE_SESSION_NOT_FOUND, 122, "Share session not found")                                   \
    X(INVALID_SHARE_SESSION_EPOCH, 123, "Invalid share session epoch")                           \
    X(FENCED_STATE_EPOCH, 124, "Fenced state epoch")                                             \
    X(INVALID_VOTER_KEY, 125, "Invalid voter key")                                               \
    X(DUPLICATE_VOTER, 126, "Duplicate voter")                                                   \
    X(VOTER_NOT_FOUND, 127, "Voter not found")                                                   \
    X(INVALID_REGULAR_EXPRESSION, 128, "Invalid regular expression")                             \
    X(REBOOTSTRAP_REQUIRED, 129, "Rebootstrap required")                                         \
    /* library-local errors */                                                                   \
    X(INVALID_ARG, -200, "Invalid argument")                                                     \
    X(IO, -201, "I/O error")                                                                     \
    X(CORRUPT, -202, "Data on disk is corrupt")                                                  \
    X(NOMEM, -203, "Out of memory")                                                              \
    X(CLOSED, -204, "Engine is closed")                                                          \
    X(UNKNOWN_CONFIG, -205, "Unknown configuration key")                                         \
    X(TIMED_OUT, -206, "Timed out")                                                              \
    X(EXISTS, -207, "Already exists")                                                            \
    X(NOT_FOUND, -208, "Not found")                                                              \
    X(BUSY, -209, "Resource busy")                                                               \
    X(UNSUPPORTED, -210, "Not supported by this build")                                          \
    X(SQL, -211, "SQL error")                                                                    \
    X(READ_ONLY, -212, "Read-only operation required")                                           \
    X(LOCKED, -213, "Data directory is in use by another process")

typedef enum chronik_err {
#define CHRONIK_ERR_ENUM_(name, value, desc) CHRONIK_ERR_##name = value,
    CHRONIK_ERRORS(CHRONIK_ERR_ENUM_)
#undef CHRONIK_ERR_ENUM_
    CHRONIK_ERR__END_ = -9999
} chronik_err_t;

#define CHRONIK_OK CHRONIK_ERR_OK

/** @brief Library version string, e.g. "0.1.0".  Static storage. */
CHRONIK_API const char *chronik_version(void);
/** @brief Human description of err.  Static storage; never NULL. */
CHRONIK_API const char *chronik_strerror(chronik_err_t err);
/** @brief Symbolic name of err without prefix, e.g. "UNKNOWN_TOPIC_OR_PARTITION". */
CHRONIK_API const char *chronik_err_name(chronik_err_t err);

/** @brief Releases memory the library allocated for the caller (pattern a). */
CHRONIK_API void chronik_free(void *ptr);

/* ------------------------------------------------------------------------ */
/* Configuration                                                             */
/* ------------------------------------------------------------------------ */

typedef struct chronik_conf chronik_conf_t;

/** @brief A configuration with every key at its default; NULL only on OOM. */
CHRONIK_API chronik_conf_t *chronik_conf_new(void);
/** @brief A deep copy of conf; NULL only on OOM. */
CHRONIK_API chronik_conf_t *chronik_conf_dup(const chronik_conf_t *conf);
/** @brief Sets key to value after validating both.  Unknown key →
 *  CHRONIK_ERR_UNKNOWN_CONFIG, bad value → CHRONIK_ERR_INVALID_CONFIG; errbuf
 *  (may be NULL) names the key and what is wrong.  Keys are Kafka property
 *  names ("data.dir", "flush.policy", "log.segment.bytes", ...). */
CHRONIK_API chronik_err_t chronik_conf_set(chronik_conf_t *conf, const char *key, const char *value,
                                           char *errbuf, size_t errlen);
/** @brief Copies the current value of key into buf (NUL-terminated, truncated
 *  to buflen).  CHRONIK_ERR_UNKNOWN_CONFIG for an unknown key. */
CHRONIK_API chronik_err_t chronik_conf_get(const chronik_conf_t *conf, const char *key, char *buf, size_t buflen);
CHRONIK_API void chronik_conf_free(chronik_conf_t *conf);

/* ------------------------------------------------------------------------ */
/* Engine                                                                    */
/* ------------------------------------------------------------------------ */

typedef struct chronik chronik_t;

/** @brief Opens (creating if needed) the engine at conf's "data.dir",
 *  recovering logs after a crash.  conf is copied, not adopted.  On failure
 *  *out is NULL and errbuf says why. */
CHRONIK_API chronik_err_t chronik_open(const chronik_conf_t *conf, chronik_t **out, char *errbuf, size_t errlen);
/** @brief Stops listeners, completes what is in flight, flushes, and frees
 *  the engine.  NULL does nothing.  No call may be running on it. */
CHRONIK_API void chronik_close(chronik_t *chronik);
/** @brief The message of the last error on this engine in the calling
 *  thread; "" if none.  Valid until the thread's next call. */
CHRONIK_API const char *chronik_errmsg(chronik_t *chronik);

/* ------------------------------------------------------------------------ */
/* Topics                                                                    */
/* ------------------------------------------------------------------------ */

/** @brief Creates topic with `partitions` partitions.  configs is a
 *  NULL-terminated list of key, value pairs (topic-level Kafka names such as
 *  "retention.ms", "segment.bytes", "cleanup.policy"), may be NULL.
 *  Errors: INVALID_TOPIC_EXCEPTION, INVALID_PARTITIONS, INVALID_CONFIG,
 *  TOPIC_ALREADY_EXISTS, IO. */
CHRONIK_API chronik_err_t chronik_topic_create(chronik_t *chronik, const char *topic, int32_t partitions,
                                               const char *const *configs);
/** @brief Deletes topic and its data.  UNKNOWN_TOPIC_OR_PARTITION if absent. */
CHRONIK_API chronik_err_t chronik_topic_delete(chronik_t *chronik, const char *topic);
/** @brief Grows topic to `partitions` partitions (never shrinks: INVALID_PARTITIONS). */
CHRONIK_API chronik_err_t chronik_topic_create_partitions(chronik_t *chronik, const char *topic, int32_t partitions);
/** @brief *partitions = the topic's partition count. */
CHRONIK_API chronik_err_t chronik_topic_partitions(chronik_t *chronik, const char *topic, int32_t *partitions);
/** @brief A newly allocated NUL-separated, double-NUL-terminated list of
 *  topic names in *names (free with chronik_free); *count names. */
CHRONIK_API chronik_err_t chronik_topic_list(chronik_t *chronik, char **names, size_t *count);
/** @brief Sets (value != NULL) or removes (value == NULL: back to default)
 *  one topic config.  INVALID_CONFIG names a bad key or value. */
CHRONIK_API chronik_err_t chronik_topic_config_set(chronik_t *chronik, const char *topic, const char *key,
                                                   const char *value);
/** @brief Copies the topic's effective value of key into buf. */
CHRONIK_API chronik_err_t chronik_topic_config_get(chronik_t *chronik, const char *topic, const char *key,
                                                   char *buf, size_t buflen);

/* ------------------------------------------------------------------------ */
/* Records                                                                   */
/* ------------------------------------------------------------------------ */

/* Plain value structs (their layout is part of the ABI). */
typedef struct chronik_header {
    const char *key;              /* NUL-terminated UTF-8 */
    const void *value;            /* NULL: null value */
    size_t      value_len;
} chronik_header_t;

typedef struct chronik_record {
    const void *key;   size_t key_len;      /* key == NULL: null key */
    const void *value; size_t value_len;    /* value == NULL: null value (tombstone) */
    int64_t timestamp;                      /* ms since the epoch; -1 on produce: now */
    const chronik_header_t *headers; size_t header_count;
} chronik_record_t;

/** @brief Appends `count` records to topic/partition as one batch and returns
 *  once they are durable per flush.policy.  partition -1 picks one (murmur2
 *  of the first key, else round robin).  *base_offset (may be NULL) receives
 *  the first record's offset.  Thread-safe.  Errors: UNKNOWN_TOPIC_OR_PARTITION,
 *  INVALID_ARG, MESSAGE_TOO_LARGE, KAFKA_STORAGE_ERROR / IO. */
CHRONIK_API chronik_err_t chronik_produce(chronik_t *chronik, const char *topic, int32_t partition,
                                          const chronik_record_t *records, size_t count, int64_t *base_offset);

/* Options of chronik_produce_with_options (a plain value struct). */
typedef struct chronik_produce_opts {
    int32_t compression;     /* in: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd */
    int32_t partition_out;   /* out: the partition written (useful with -1) */
} chronik_produce_opts_t;
/** @brief chronik_produce with options: the batch is compressed with
 *  opts->compression, and opts->partition_out receives the partition the
 *  records went to (the one picked when partition is -1).  opts may be NULL
 *  (then it is chronik_produce).  Errors as chronik_produce, plus INVALID_ARG
 *  for an unknown compression. */
CHRONIK_API chronik_err_t chronik_produce_with_options(chronik_t *chronik, const char *topic, int32_t partition,
                                                       const chronik_record_t *records, size_t count,
                                                       chronik_produce_opts_t *opts, int64_t *base_offset);
/** @brief The earlier name of chronik_produce_with_options, kept for programs
 *  built against it; the same call. */
CHRONIK_API chronik_err_t chronik_produce2(chronik_t *chronik, const char *topic, int32_t partition,
                                           const chronik_record_t *records, size_t count,
                                           chronik_produce_opts_t *opts, int64_t *base_offset);

typedef struct chronik_fetch chronik_fetch_t;

/** @brief Reads records from `offset` up to the high watermark, about
 *  max_bytes of batches (at least one whole batch), waiting up to timeout_ms
 *  for data when there is none yet.  *out is freed with chronik_fetch_free.
 *  OFFSET_OUT_OF_RANGE if offset < log start or > high watermark. */
CHRONIK_API chronik_err_t chronik_fetch(chronik_t *chronik, const char *topic, int32_t partition, int64_t offset,
                                        size_t max_bytes, int timeout_ms, chronik_fetch_t **out);
/** @brief Next record of the fetch: 1 and *record / *offset filled (views
 *  valid until chronik_fetch_free), or 0 at the end.  Records before the
 *  requested offset inside the first batch are skipped; control records are
 *  never returned. */
CHRONIK_API int chronik_fetch_next(chronik_fetch_t *fetch, chronik_record_t *record, int64_t *offset);
/** @brief The offset just after the last record returned so far (the next offset to fetch). */
CHRONIK_API int64_t chronik_fetch_next_offset(const chronik_fetch_t *fetch);
/** @brief The partition's high watermark when the fetch was answered. */
CHRONIK_API int64_t chronik_fetch_high_watermark(const chronik_fetch_t *fetch);
CHRONIK_API void chronik_fetch_free(chronik_fetch_t *fetch);

/** @brief The partition's log start offset and high watermark (durable end). */
CHRONIK_API chronik_err_t chronik_offsets(chronik_t *chronik, const char *topic, int32_t partition,
                                          int64_t *log_start, int64_t *high_watermark);
/** @brief The first offset whose timestamp is >= timestamp_ms, or the high
 *  watermark if none (Kafka ListOffsets semantics).  -2 earliest, -1 latest. */
CHRONIK_API chronik_err_t chronik_offset_for_time(chronik_t *chronik, const char *topic, int32_t partition,
                                                  int64_t timestamp_ms, int64_t *offset);
/** @brief Advances the log start offset to before_offset (whole segments
 *  below it are deleted).  -1 means the high watermark.  OFFSET_OUT_OF_RANGE
 *  if before_offset > high watermark. */
CHRONIK_API chronik_err_t chronik_delete_records(chronik_t *chronik, const char *topic, int32_t partition,
                                                 int64_t before_offset);
/** @brief Forces retention (time and size) to run now on every partition. */
CHRONIK_API chronik_err_t chronik_retention_run(chronik_t *chronik);

/* ------------------------------------------------------------------------ */
/* Network listeners                                                         */
/* ------------------------------------------------------------------------ */

/** @brief Starts the Kafka protocol listener on host_port ("host:port";
 *  port 0 picks a free port).  *bound_port (may be NULL) receives the port.
 *  One Kafka listener per engine; it stops in chronik_close. */
CHRONIK_API chronik_err_t chronik_kafka_listen(chronik_t *chronik, const char *host_port, int *bound_port);

/** @brief Applies the environment variables users of the reference server
 *  know: CHRONIK_DATA_DIR, CHRONIK_BIND_ADDR, CHRONIK_ADVERTISED_ADDR,
 *  CHRONIK_KAFKA_PORT, CHRONIK_HTTP_PORT, CHRONIK_ADMIN_API_KEY, CHRONIK_LOG
 *  (RUST_LOG as an alias), CHRONIK_FLUSH_POLICY.  Errors as chronik_conf_set,
 *  with errbuf naming the variable.  (CHRONIK_SASL_USERS is not a
 *  configuration value: chronik_open reads it, see "Security".) */
CHRONIK_API chronik_err_t chronik_conf_apply_env(chronik_conf_t *conf, char *errbuf, size_t errlen);

/** @brief Starts the listeners the engine's configuration asks for (Kafka on
 *  bind.address:kafka.port; the REST API on http.listen when built in) and
 *  writes a one-line summary of where each listens into info (may be NULL). */
CHRONIK_API chronik_err_t chronik_serve(chronik_t *chronik, char *info, size_t infolen);

/** @brief Blocks until chronik_shutdown is called (or a signal handler calls
 *  it) — for servers.  Returns at once if already shut down. */
CHRONIK_API void chronik_wait(chronik_t *chronik);
/** @brief Async-signal-safe: asks chronik_wait to return. */
CHRONIK_API void chronik_shutdown(chronik_t *chronik);

/* ------------------------------------------------------------------------ */
/* SQL                                                                       */
/* ------------------------------------------------------------------------ */

/* Every topic is a table `{topic}` (_partition, _offset, _timestamp, _key,
 * _value, _headers; JSON values reachable with SQLite's JSON functions, e.g.
 * _value->>'$.amount').  Topics with columnar.enabled=true also have typed
 * columns: `{topic}_cold` (materialized), `{topic}_hot` (the tail not yet
 * materialized), `{topic}` (their union: every acknowledged message) and
 * `{topic}_raw`.  Queries are read-only and bounded by sql.timeout.ms,
 * sql.max.rows and sql.threads. */

/* Storage class of a SQL value. */
#define CHRONIK_SQL_NULL    0
#define CHRONIK_SQL_INTEGER 1
#define CHRONIK_SQL_REAL    2
#define CHRONIK_SQL_TEXT    3
#define CHRONIK_SQL_BLOB    4

/* A plain value struct (its layout is part of the ABI): a query parameter or
 * a result cell.  TEXT is UTF-8 (len bytes, and NUL-terminated in results);
 * BLOB is len bytes.  Result cells are borrowed: valid during the callback. */
typedef struct chronik_sql_value {
    int32_t     type;     /* CHRONIK_SQL_* */
    int64_t     i;        /* INTEGER */
    double      r;        /* REAL */
    const void *data;     /* TEXT, BLOB */
    size_t      len;      /* TEXT, BLOB: bytes */
} chronik_sql_value_t;

/* Called once per result row: ncols columns with their names, types (the
 * declared type, else the value's storage class: "INTEGER", "REAL", "TEXT",
 * "BLOB", "NULL") and values, all borrowed for the duration of the call.
 * Return 0 to continue, non-zero to stop the query early. */
typedef int (*chronik_sql_row_cb)(void *opaque, int32_t ncols, const char *const *names,
                                  const char *const *types, const chronik_sql_value_t *values);

/** @brief Runs one read-only SQL statement; params (may be NULL) bind ?1..?n.
 *  max_rows <= 0 means sql.max.rows (larger values are capped to it);
 *  *truncated (may be NULL) is set to 1 when rows were left out.  cb runs on
 *  the calling thread.  Errors (message from chronik_errmsg, SQLite's text
 *  for SQL errors): SQL, READ_ONLY (writes, DDL, ATTACH, PRAGMA), TIMED_OUT
 *  (sql.timeout.ms, or no query slot), INVALID_ARG, UNSUPPORTED (SQL not
 *  running on this engine). */
CHRONIK_API chronik_err_t chronik_sql(chronik_t *chronik, const char *query, const chronik_sql_value_t *params,
                                      size_t nparams, int64_t max_rows, chronik_sql_row_cb cb, void *opaque,
                                      int32_t *truncated);
/** @brief chronik_sql answering with the whole result as JSON
 *  {"columns":[{"name","type"}...],"rows":[[...]...],"row_count":N,
 *  "truncated":bool,"took_ms":X} in *json (NUL-terminated, *len bytes; free
 *  with chronik_free).  Errors as chronik_sql; *json is NULL then. */
CHRONIK_API chronik_err_t chronik_sql_json(chronik_t *chronik, const char *query, const chronik_sql_value_t *params,
                                           size_t nparams, int64_t max_rows, char **json, size_t *len);

/* ------------------------------------------------------------------------ */
/* Vectors                                                                   */
/* ------------------------------------------------------------------------ */

/* Topics with vector.enabled=true are indexed for k-nearest-neighbour search
 * (HNSW) by a worker off the produce path.  Each record's text (the JSON
 * value's vector.field, or the whole value) is embedded by vector.provider:
 * "hash" (deterministic local feature hashing, no network), "openai" (any
 * OpenAI-compatible /v1/embeddings endpoint: vector.endpoint, vector.model,
 * vector.api.key or OPENAI_API_KEY) or "callback" (the function registered
 * below); with vector.source=field the record carries its vector at
 * vector.field.  A search sees every acknowledged record: what the index
 * does not hold yet is scored exactly at query time.  docs/VECTORS.md has
 * the request and answer formats. */

/* An embedding function: writes count vectors of dims floats (count * dims,
 * row after row) into vectors for texts[i] (lens[i] bytes of UTF-8, not
 * NUL-terminated), for topic.  Returns 0, or non-zero when it cannot embed
 * now: the topic then enters its error state and the same records are
 * offered again later (none is skipped), and a query that needed it fails.
 * It may be called from several threads at once (the indexing worker and
 * query threads); the views are valid during the call only. */
typedef int (*chronik_vector_embed_fn)(void *opaque, const char *topic, const char *const *texts, const size_t *lens,
                                       size_t count, int32_t dims, float *vectors);

/** @brief Registers fn (with opaque) as the embedder of topics with
 *  vector.provider=callback (which need vector.dimensions > 0), replacing an
 *  earlier one; fn NULL removes it.  Returns once no call of the previous
 *  function is running, so its opaque may be freed then.  fn must not call
 *  this function.  Errors: UNSUPPORTED (vector search not running). */
CHRONIK_API chronik_err_t chronik_vector_set_embedder(chronik_t *chronik, chronik_vector_embed_fn fn, void *opaque);

/** @brief Runs one k-NN search on topic.  request_json:
 *  {"query": "text" | "vector": [numbers], "k": 10, "ef_search"?: N,
 *   "filter"?: {"_partition"|"_offset"|"_timestamp": N or {"gte","gt","lte","lt"}},
 *   "_source"?: bool}.  *response_json (free with chronik_free) receives
 *  Elasticsearch-shaped hits: {"took","timed_out","hits":{"total",
 *  "max_score","hits":[{"_index","_id":"topic-partition-offset","_score",
 *  "_partition","_offset","_timestamp","_source"}...]},"vector":{...}}.
 *  Errors (message from chronik_errmsg): UNKNOWN_TOPIC_OR_PARTITION,
 *  INVALID_CONFIG (the topic is not vector-enabled), INVALID_ARG (malformed
 *  request, wrong dimensions), NETWORK_EXCEPTION (the provider could not
 *  embed the query), UNSUPPORTED (vector search not running). */
CHRONIK_API chronik_err_t chronik_vector_search(chronik_t *chronik, const char *topic, const char *request_json,
                                                char **response_json);
/** @brief The topic's index state as JSON in *stats_json (free with
 *  chronik_free): records indexed, pending and deleted, per-partition
 *  progress, provider counters and error state (never the API key).
 *  Errors as chronik_vector_search. */
CHRONIK_API chronik_err_t chronik_vector_stats(chronik_t *chronik, const char *topic, char **stats_json);

/* ------------------------------------------------------------------------ */
/* Consumer groups                                                           */
/* ------------------------------------------------------------------------ */

/** @brief Commits offset (the next offset to consume) for group on
 *  topic/partition, with optional metadata (a C string; NULL: ""), durably — a simple
 *  (standalone) commit, as a Kafka consumer with assign() makes it.  Allowed
 *  only while the group has no members (else UNKNOWN_MEMBER_ID).  Errors:
 *  INVALID_GROUP_ID, UNKNOWN_TOPIC_OR_PARTITION, OFFSET_METADATA_TOO_LARGE,
 *  UNKNOWN_MEMBER_ID, INVALID_ARG. */
CHRONIK_API chronik_err_t chronik_offset_commit(chronik_t *chronik, const char *group, const char *topic,
                                                int32_t partition, int64_t offset, const char *metadata);
/** @brief chronik_offset_commit with the metadata as bytes, as Kafka
 *  clients send it: the metadata_len bytes at metadata (NUL bytes included)
 *  are stored and read back exactly; metadata NULL commits null metadata
 *  (metadata_len is then ignored), which reads back apart from empty
 *  metadata.  OFFSET_METADATA_TOO_LARGE above offset.metadata.max.bytes
 *  bytes.  Errors otherwise as chronik_offset_commit. */
CHRONIK_API chronik_err_t chronik_offset_commit_v2(chronik_t *chronik, const char *group, const char *topic,
                                                   int32_t partition, int64_t offset, const void *metadata,
                                                   size_t metadata_len);
/** @brief *offset = group's committed offset of topic/partition, or -1 if
 *  none was committed.  Errors: INVALID_GROUP_ID, INVALID_ARG. */
CHRONIK_API chronik_err_t chronik_offset_fetch(chronik_t *chronik, const char *group, const char *topic,
                                               int32_t partition, int64_t *offset);
/** @brief chronik_offset_fetch that also returns the committed metadata:
 *  *metadata is a copy of its *metadata_len bytes (free with chronik_free;
 *  a NUL follows the bytes, so text metadata is a C string), or NULL (and
 *  *metadata_len 0) when the offset was committed with null metadata or
 *  none was committed (*offset -1).  Empty metadata gives a non-NULL
 *  *metadata of length 0.  Errors as chronik_offset_fetch. */
CHRONIK_API chronik_err_t chronik_offset_fetch_v2(chronik_t *chronik, const char *group, const char *topic,
                                                  int32_t partition, int64_t *offset, void **metadata,
                                                  size_t *metadata_len);
/** @brief A newly allocated NUL-separated, double-NUL-terminated list of the
 *  known groups (with members or committed offsets) in *names (free with
 *  chronik_free); *count names, sorted. */
CHRONIK_API chronik_err_t chronik_group_list(chronik_t *chronik, char **names, size_t *count);
/** @brief A JSON description of group in *json (free with chronik_free):
 *  {"group_id", "state", "protocol_type", "protocol", "generation",
 *   "members": [{"member_id", "group_instance_id", "client_id", "client_host",
 *   "assignment": [{"topic", "partitions": [..]}]}],
 *   "offsets": [{"topic", "partition", "offset", "metadata"}]}.
 *  An unknown group is described with state "Dead". */
CHRONIK_API chronik_err_t chronik_group_describe(chronik_t *chronik, const char *group, char **json);
/** @brief Deletes group and its committed offsets.  NON_EMPTY_GROUP while it
 *  has members, GROUP_ID_NOT_FOUND if unknown. */
CHRONIK_API chronik_err_t chronik_group_delete(chronik_t *chronik, const char *group);

/* ------------------------------------------------------------------------ */
/* HTTP (REST API)                                                           */
/* ------------------------------------------------------------------------ */

/* Endpoints: GET /health, GET /metrics (Prometheus text), GET|POST /topics,
 * GET|DELETE /topics/{name}, POST /_sql, GET /_sql/describe/{topic},
 * GET /_sql/tables, POST /_vector/{topic}/search, GET /_vector/{topic}/stats.  Errors are {"error":{"type","reason"},"status":N}.
 * When admin.api.key is set, POST /topics and DELETE /topics/{name} require
 * it in X-API-Key or "Authorization: Bearer" (401 otherwise); reads,
 * including POST /_sql (read-only statements), stay open. */

/** @brief Starts the REST listener on host_port ("host:port", "[v6]:port",
 *  or ":port" for the engine's bind.address; port 0 picks a free port).  *bound_port (may be NULL) receives the port.
 *  One REST listener per engine; it stops in chronik_close.  Errors:
 *  INVALID_ARG (bad address), EXISTS (already running), IO (bind failed). */
CHRONIK_API chronik_err_t chronik_http_listen(chronik_t *chronik, const char *host_port, int *bound_port);

/* ------------------------------------------------------------------------ */
/* Transactions                                                              */
/* ------------------------------------------------------------------------ */

/* A transactional producer for embedded use, with Kafka's semantics: the
 * records and offsets of a transaction become visible to read_committed
 * consumers (and OffsetFetch) all at once on commit, and never after an
 * abort.  Use one handle from one thread at a time; it runs one
 * transaction after another (the next starts with the next produce or
 * send_offsets after a commit or abort). */
typedef struct chronik_txn chronik_txn_t;

/** @brief Registers transactional_id with the engine's transaction
 *  coordinator and returns a producer for it in *out (free with
 *  chronik_txn_free).  An earlier producer with the same id is fenced (its
 *  open transaction is aborted; its next call fails with PRODUCER_FENCED).
 *  timeout_ms is transaction.timeout.ms: a transaction open longer is
 *  aborted by the engine.  Errors: INVALID_ARG, INVALID_TRANSACTION_TIMEOUT
 *  (above transaction.max.timeout.ms), CONCURRENT_TRANSACTIONS, IO. */
CHRONIK_API chronik_err_t chronik_txn_begin(chronik_t *chronik, const char *transactional_id, int32_t timeout_ms,
                                            chronik_txn_t **out);
/** @brief Appends `count` records to topic/partition (>= 0) inside the
 *  current transaction (starting one if none is open) and returns once they
 *  are durable; *base_offset (may be NULL) receives the first offset.
 *  Errors: UNKNOWN_TOPIC_OR_PARTITION, PRODUCER_FENCED (sticky),
 *  CONCURRENT_TRANSACTIONS, INVALID_ARG, storage errors. */
CHRONIK_API chronik_err_t chronik_txn_produce(chronik_txn_t *txn, const char *topic, int32_t partition,
                                              const chronik_record_t *records, size_t count, int64_t *base_offset);
/** @brief Commits offset (the next offset to consume) for group on
 *  topic/partition as part of the current transaction: OffsetFetch sees it
 *  only once the transaction commits (exactly-once consume-transform-
 *  produce).  Errors as chronik_txn_produce, plus INVALID_GROUP_ID. */
CHRONIK_API chronik_err_t chronik_txn_send_offsets(chronik_txn_t *txn, const char *group, const char *topic,
                                                   int32_t partition, int64_t offset);
/** @brief Commits the current transaction: returns once its commit markers
 *  are durable and its offsets committed.  OK when nothing is open. */
CHRONIK_API chronik_err_t chronik_txn_commit(chronik_txn_t *txn);
/** @brief Aborts the current transaction (its records are skipped by
 *  read_committed consumers, its offsets dropped).  OK when nothing is open. */
CHRONIK_API chronik_err_t chronik_txn_abort(chronik_txn_t *txn);
/** @brief Aborts an open transaction and frees txn.  NULL does nothing. */
CHRONIK_API void chronik_txn_free(chronik_txn_t *txn);

/* ------------------------------------------------------------------------ */
/* Security                                                                  */
/* ------------------------------------------------------------------------ */

/* Users authenticate with SASL SCRAM-SHA-256, SCRAM-SHA-512 or PLAIN (PLAIN
 * is checked against the SCRAM-SHA-512 credential).  Only SCRAM credentials
 * are stored, in the metadata store: a random salt, the iteration count,
 * StoredKey and ServerKey (RFC 5802); never a password.  There are no
 * default users.  CHRONIK_SASL_USERS="user:password,..." creates or updates
 * users (both mechanisms) at chronik_open.  These calls are trusted: they
 * check no ACL.  See docs/SECURITY.md for what the Kafka listener enforces
 * in this version (SASL, TLS and ACLs are not wired to it yet). */

/** @brief Creates or replaces user's SCRAM credential for mechanism
 *  ("SCRAM-SHA-256", "SCRAM-SHA-512", or NULL for both) from password
 *  (NUL-terminated, used as given), with a fresh random salt and iterations
 *  (0: 4096; else 4096..16384).  The password is not kept.  Errors:
 *  INVALID_ARG (NULL user or password), UNSUPPORTED_SASL_MECHANISM,
 *  UNACCEPTABLE_CREDENTIAL (empty user, user longer than 256 bytes, empty
 *  password, iterations out of range), IO; chronik_errmsg says why. */
CHRONIK_API chronik_err_t chronik_user_upsert(chronik_t *chronik, const char *user, const char *mechanism,
                                              const char *password, int32_t iterations);
/** @brief Deletes user's credential for mechanism (NULL: every mechanism).
 *  RESOURCE_NOT_FOUND when there was none; UNSUPPORTED_SASL_MECHANISM. */
CHRONIK_API chronik_err_t chronik_user_delete(chronik_t *chronik, const char *user, const char *mechanism);
/** @brief Every user with their credentials as JSON in *json (NUL-terminated;
 *  free with chronik_free), sorted by user:
 *  [{"user":"alice","credentials":[{"mechanism":"SCRAM-SHA-256",
 *  "iterations":4096},...]},...].  *count (may be NULL) gets the number of
 *  users.  No secret is included. */
CHRONIK_API chronik_err_t chronik_user_list(chronik_t *chronik, char **json, size_t *count);

#ifdef __cplusplus
}
#endif
#endif /* CHRONIK_H */
