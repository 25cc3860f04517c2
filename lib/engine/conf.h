/*
 * conf.h — the declarative configuration table behind chronik_conf_t and
 * topic configs.  One X-macro table per scope (broker, topic) gives each
 * key's name, type, default, range and documentation; set/get/dup, topic
 * config validation, DescribeConfigs and the generated docs/config.md all
 * read the same table.
 *
 * Types: BOOL ("true"/"false"), INT (int32), LONG (int64), STRING, ENUM
 * (one of a '|' separated list), FLUSH (flush.policy: always | os |
 * interval.ms=N).  Ranges apply to INT/LONG.
 */
#ifndef CK_CONF_H
#define CK_CONF_H

#include "util/util.h"
#include "chronik.h"

typedef enum ck_conf_type {
    CK_CT_BOOL, CK_CT_INT, CK_CT_LONG, CK_CT_STRING, CK_CT_ENUM, CK_CT_FLUSH, CK_CT_LIST
} ck_conf_type;

/* X(ID, "name", TYPE, "default", min, max, "enum values or NULL", sensitive, "doc") */
#define CK_BROKER_CONF(X) \
    X(DATA_DIR, "data.dir", CK_CT_STRING, "./data", 0, 0, NULL, 0, "Directory holding logs, metadata and feature indexes.") \
    X(FLUSH_POLICY, "flush.policy", CK_CT_FLUSH, "always", 0, 0, NULL, 0, "always: acknowledge after fdatasync (group commit); interval.ms=N: acknowledge on write and sync every N ms; os: leave flushing to the OS.") \
    X(NODE_ID, "node.id", CK_CT_INT, "1", 0, 2147483647, NULL, 0, "This broker's id in Metadata responses.") \
    X(CLUSTER_ID, "cluster.id", CK_CT_STRING, "", 0, 0, NULL, 0, "Cluster id; generated and stored on first open when empty.") \
    X(BIND_ADDRESS, "bind.address", CK_CT_STRING, "0.0.0.0", 0, 0, NULL, 0, "Address the Kafka listener binds (CHRONIK_BIND_ADDR).") \
    X(KAFKA_PORT, "kafka.port", CK_CT_INT, "9092", 0, 65535, NULL, 0, "Kafka listener port (CHRONIK_KAFKA_PORT); 0 picks a free port.") \
    X(ADVERTISED_LISTENERS, "advertised.listeners", CK_CT_STRING, "", 0, 0, NULL, 0, "host[:port] returned to clients in Metadata (CHRONIK_ADVERTISED_ADDR); empty: the bind address, or localhost for 0.0.0.0.") \
    X(KAFKA_IO_THREADS, "kafka.io.threads", CK_CT_INT, "0", 0, 256, NULL, 0, "Event-loop threads of the Kafka listener; 0: one per core.") \
    X(SOCKET_REQUEST_MAX_BYTES, "socket.request.max.bytes", CK_CT_INT, "104857600", 1024, 2147483647, NULL, 0, "Largest request frame accepted.") \
    X(CONNECTIONS_MAX_IDLE_MS, "connections.max.idle.ms", CK_CT_LONG, "600000", 0, INT64_MAX, NULL, 0, "Idle connections are closed after this long; 0 disables.") \
    X(NUM_PARTITIONS, "num.partitions", CK_CT_INT, "1", 1, 1000000, NULL, 0, "Partitions of auto-created topics.") \
    X(AUTO_CREATE_TOPICS_ENABLE, "auto.create.topics.enable", CK_CT_BOOL, "true", 0, 0, NULL, 0, "Create unknown topics on Metadata and Produce requests.") \
    X(DELETE_TOPIC_ENABLE, "delete.topic.enable", CK_CT_BOOL, "true", 0, 0, NULL, 0, "Allow topic deletion.") \
    X(DEFAULT_REPLICATION_FACTOR, "default.replication.factor", CK_CT_INT, "1", 1, 1, NULL, 0, "Replication factor (a single node: always 1).") \
    X(MESSAGE_MAX_BYTES, "message.max.bytes", CK_CT_INT, "1048588", 0, 2147483647, NULL, 0, "Largest record batch accepted (topic: max.message.bytes).") \
    X(LOG_SEGMENT_BYTES, "log.segment.bytes", CK_CT_INT, "1073741824", 14, 2147483647, NULL, 0, "Segment size (topic: segment.bytes).") \
    X(LOG_ROLL_MS, "log.roll.ms", CK_CT_LONG, "604800000", 1, INT64_MAX, NULL, 0, "Segment age that forces a roll (topic: segment.ms).") \
    X(LOG_RETENTION_MS, "log.retention.ms", CK_CT_LONG, "604800000", -1, INT64_MAX, NULL, 0, "Delete segments older than this; -1 keeps forever (topic: retention.ms).") \
    X(LOG_RETENTION_BYTES, "log.retention.bytes", CK_CT_LONG, "-1", -1, INT64_MAX, NULL, 0, "Delete oldest segments beyond this size per partition; -1 no limit (topic: retention.bytes).") \
    X(LOG_INDEX_INTERVAL_BYTES, "log.index.interval.bytes", CK_CT_INT, "4096", 0, 2147483647, NULL, 0, "Bytes between offset index entries (topic: index.interval.bytes).") \
    X(LOG_RETENTION_CHECK_INTERVAL_MS, "log.retention.check.interval.ms", CK_CT_LONG, "300000", 1, INT64_MAX, NULL, 0, "How often retention runs.") \
    X(LOG_MESSAGE_TIMESTAMP_TYPE, "log.message.timestamp.type", CK_CT_ENUM, "CreateTime", 0, 0, "CreateTime|LogAppendTime", 0, "Timestamp type of stored records (topic: message.timestamp.type).") \
    X(LOG_CLEANUP_POLICY, "log.cleanup.policy", CK_CT_LIST, "delete", 0, 0, "delete|compact", 0, "Cleanup policy (topic: cleanup.policy).") \
    X(COMPRESSION_TYPE, "compression.type", CK_CT_ENUM, "producer", 0, 0, "producer|uncompressed|none|gzip|snappy|lz4|zstd", 0, "Compression of stored batches; producer keeps what the producer sent.") \
    X(MIN_INSYNC_REPLICAS, "min.insync.replicas", CK_CT_INT, "1", 1, 1, NULL, 0, "Minimum in-sync replicas (a single node: 1).") \
    X(FETCH_MAX_BYTES, "fetch.max.bytes", CK_CT_INT, "57671680", 1024, 2147483647, NULL, 0, "Upper bound of one fetch response.") \
    X(OFFSETS_RETENTION_MINUTES, "offsets.retention.minutes", CK_CT_INT, "10080", 1, 2147483647, NULL, 0, "Committed offsets of empty groups expire after this.") \
    X(OFFSET_METADATA_MAX_BYTES, "offset.metadata.max.bytes", CK_CT_INT, "4096", 0, 2147483647, NULL, 0, "Largest committed-offset metadata string.") \
    X(GROUP_INITIAL_REBALANCE_DELAY_MS, "group.initial.rebalance.delay.ms", CK_CT_INT, "3000", 0, 2147483647, NULL, 0, "Delay of the first rebalance of an empty group.") \
    X(GROUP_MIN_SESSION_TIMEOUT_MS, "group.min.session.timeout.ms", CK_CT_INT, "6000", 0, 2147483647, NULL, 0, "Smallest session timeout a member may ask for.") \
    X(GROUP_MAX_SESSION_TIMEOUT_MS, "group.max.session.timeout.ms", CK_CT_INT, "1800000", 0, 2147483647, NULL, 0, "Largest session timeout a member may ask for.") \
    X(GROUP_MAX_SIZE, "group.max.size", CK_CT_INT, "2147483647", 1, 2147483647, NULL, 0, "Most members in one group.") \
    X(TRANSACTION_MAX_TIMEOUT_MS, "transaction.max.timeout.ms", CK_CT_INT, "900000", 1, 2147483647, NULL, 0, "Largest transaction timeout a producer may ask for.") \
    X(TRANSACTIONAL_ID_EXPIRATION_MS, "transactional.id.expiration.ms", CK_CT_INT, "604800000", 1, 2147483647, NULL, 0, "Idle transactional ids expire after this.") \
    X(PRODUCER_ID_EXPIRATION_MS, "producer.id.expiration.ms", CK_CT_INT, "86400000", 1, 2147483647, NULL, 0, "Idle producer ids' sequence state expires after this.") \
    X(LOG_LEVEL, "log.level", CK_CT_ENUM, "info", 0, 0, "error|warn|info|debug|trace", 0, "Log verbosity (CHRONIK_LOG, RUST_LOG).") \
    X(HTTP_LISTEN, "http.listen", CK_CT_STRING, "0.0.0.0:6092", 0, 0, NULL, 0, "REST API address host:port (CHRONIK_HTTP_PORT sets the port); empty or \"off\" disables.") \
    X(HTTP_MAX_BODY_BYTES, "http.max.body.bytes", CK_CT_INT, "10485760", 1, 2147483647, NULL, 0, "Largest REST request body.") \
    X(ADMIN_API_KEY, "admin.api.key", CK_CT_STRING, "", 0, 0, NULL, 1, "When set, mutating REST endpoints require it (CHRONIK_ADMIN_API_KEY).") \
    X(SQL_TIMEOUT_MS, "sql.timeout.ms", CK_CT_INT, "30000", 1, 2147483647, NULL, 0, "Longest a SQL query may run.") \
    X(SQL_MAX_ROWS, "sql.max.rows", CK_CT_INT, "10000", 1, 2147483647, NULL, 0, "Most rows a SQL query returns.") \
    X(SQL_THREADS, "sql.threads", CK_CT_INT, "2", 1, 64, NULL, 0, "Concurrent SQL queries.") \
    X(SEARCH_MAX_SIZE, "search.max.size", CK_CT_INT, "10000", 1, 1000000, NULL, 0, "Largest from + size of a search (Elasticsearch's index.max_result_window).") \
    X(SEARCH_TIMEOUT_MS, "search.timeout.ms", CK_CT_INT, "30000", 1, 2147483647, NULL, 0, "Longest a search may run; beyond it the answer is partial with timed_out: true.") \
    X(SEARCH_MAX_DEPTH, "search.max.depth", CK_CT_INT, "20", 1, 100, NULL, 0, "Deepest nesting of bool queries accepted.") \
    X(SEARCH_MAX_CLAUSES, "search.max.clauses", CK_CT_INT, "1024", 1, 65536, NULL, 0, "Most query clauses (leaves) in one search.")

/* Topic configs: X(ID, "name", TYPE, "broker synonym or NULL", min, max, "enum values or NULL", "doc").
 * A topic config's default is its broker synonym's value (or the listed
 * default when it has none: the FEATURE defaults below). */
#define CK_TOPIC_CONF(X) \
    X(CLEANUP_POLICY, "cleanup.policy", CK_CT_LIST, "log.cleanup.policy", NULL, 0, 0, "delete|compact", "delete or compact (compaction keeps the latest record per key).") \
    X(COMPRESSION_TYPE, "compression.type", CK_CT_ENUM, "compression.type", NULL, 0, 0, "producer|uncompressed|none|gzip|snappy|lz4|zstd", "Compression of stored batches.") \
    X(SEGMENT_BYTES, "segment.bytes", CK_CT_INT, "log.segment.bytes", NULL, 14, 2147483647, NULL, "Segment size.") \
    X(SEGMENT_MS, "segment.ms", CK_CT_LONG, "log.roll.ms", NULL, 1, INT64_MAX, NULL, "Segment age that forces a roll.") \
    X(RETENTION_MS, "retention.ms", CK_CT_LONG, "log.retention.ms", NULL, -1, INT64_MAX, NULL, "Delete segments older than this; -1 forever.") \
    X(RETENTION_BYTES, "retention.bytes", CK_CT_LONG, "log.retention.bytes", NULL, -1, INT64_MAX, NULL, "Size limit per partition; -1 none.") \
    X(INDEX_INTERVAL_BYTES, "index.interval.bytes", CK_CT_INT, "log.index.interval.bytes", NULL, 0, 2147483647, NULL, "Bytes between index entries.") \
    X(MAX_MESSAGE_BYTES, "max.message.bytes", CK_CT_INT, "message.max.bytes", NULL, 0, 2147483647, NULL, "Largest record batch accepted.") \
    X(MESSAGE_TIMESTAMP_TYPE, "message.timestamp.type", CK_CT_ENUM, "log.message.timestamp.type", NULL, 0, 0, "CreateTime|LogAppendTime", "Timestamp type.") \
    X(MIN_INSYNC_REPLICAS, "min.insync.replicas", CK_CT_INT, "min.insync.replicas", NULL, 1, 1, NULL, "Minimum in-sync replicas (1).") \
    X(COLUMNAR_ENABLED, "columnar.enabled", CK_CT_BOOL, NULL, "false", 0, 0, NULL, "Materialize JSON values into typed SQL columns.") \
    X(SEARCHABLE_ENABLED, "searchable.enabled", CK_CT_BOOL, NULL, "false", 0, 0, NULL, "Index values for full-text search.") \
    X(SEARCHABLE_FIELDS, "searchable.fields", CK_CT_STRING, NULL, "", 0, 0, NULL, "JSON paths to index (comma separated, nested as a.b); empty: every string field of a JSON value, or the whole value when it is not JSON.") \
    X(SEARCHABLE_ANALYZER, "searchable.analyzer", CK_CT_ENUM, NULL, "standard", 0, 0, "standard|porter|trigram", "Tokenizer of the search index: standard (unicode61, diacritics removed), porter (English stemming), trigram (substring search).") \
    X(SEARCHABLE_KEY, "searchable.key", CK_CT_BOOL, NULL, "false", 0, 0, NULL, "Also index the record key (as the field _key).") \
    X(VECTOR_ENABLED, "vector.enabled", CK_CT_BOOL, NULL, "false", 0, 0, NULL, "Embed a field into a vector index.") \
    X(VECTOR_FIELD, "vector.field", CK_CT_STRING, NULL, "", 0, 0, NULL, "JSON field to embed; empty: the whole value.") \
    X(VECTOR_PROVIDER, "vector.provider", CK_CT_STRING, NULL, "hash", 0, 0, NULL, "Embedding provider: hash, openai, callback.") \
    X(STORAGE_S3_ENABLED, "storage.s3.enabled", CK_CT_BOOL, NULL, "false", 0, 0, NULL, "Accepted for compatibility; object storage is not used by a local node.")

typedef enum ck_broker_key {
#define CK_BK_ENUM_(id, name, type, def, mn, mx, en, sens, doc) CK_BK_##id,
    CK_BROKER_CONF(CK_BK_ENUM_)
#undef CK_BK_ENUM_
    CK_BK__COUNT
} ck_broker_key;

typedef enum ck_topic_key {
#define CK_TK_ENUM_(id, name, type, syn, def, mn, mx, en, doc) CK_TK_##id,
    CK_TOPIC_CONF(CK_TK_ENUM_)
#undef CK_TK_ENUM_
    CK_TK__COUNT
} ck_topic_key;

/* chronik_conf_t: the broker scope.  Values are kept as validated strings
 * plus their parsed integer form. */
struct chronik_conf {
    char   *str[CK_BK__COUNT];     /* current value (owned) */
    int64_t num[CK_BK__COUNT];     /* parsed: bools 0/1, ints, flush interval */
    bool    set[CK_BK__COUNT];     /* explicitly set (source STATIC_BROKER_CONFIG) */
};

/** @brief Key lookup by name; -1 if unknown. */
int ck_conf_broker_key(const char *name);
int ck_conf_topic_key(const char *name);
/** @brief Metadata about keys for DescribeConfigs and docs. */
const char *ck_conf_broker_name(int key);
const char *ck_conf_broker_doc(int key);
ck_conf_type ck_conf_broker_type(int key);
bool ck_conf_broker_sensitive(int key);
const char *ck_conf_topic_name(int key);
const char *ck_conf_topic_doc(int key);
ck_conf_type ck_conf_topic_type(int key);
/** @brief The broker key that supplies the topic key's default, or -1. */
int ck_conf_topic_synonym(int key);

static inline int64_t ck_conf_num(const chronik_conf_t *c, ck_broker_key k) { return c->num[k]; }
static inline const char *ck_conf_str(const chronik_conf_t *c, ck_broker_key k) { return c->str[k]; }

/** @brief Validates value for topic key (name).  0, or INVALID_CONFIG /
 *  UNKNOWN_CONFIG (chronik_err_t) with err naming the key and the problem. */
int ck_conf_topic_validate(const char *name, const char *value, char *err, size_t errlen);

/* A topic's config overrides (name → value) and their effective values. */
typedef struct ck_topic_conf {
    char   *str[CK_TK__COUNT];     /* override (owned) or NULL: default */
    int64_t num[CK_TK__COUNT];     /* effective parsed value (bools 0/1; enums: index in the list) */
} ck_topic_conf;

/** @brief Fills tc from overrides (NULL-terminated key, value list; may be
 *  NULL) on top of the broker defaults.  Validates each; on error tc is
 *  left empty and the error (INVALID_CONFIG) names the key. */
int  ck_topic_conf_init(ck_topic_conf *tc, const chronik_conf_t *broker, const char *const *kv, char *err, size_t errlen);
/** @brief Sets (value != NULL) or deletes one override, revalidating. */
int  ck_topic_conf_set(ck_topic_conf *tc, const chronik_conf_t *broker, const char *name, const char *value,
                       char *err, size_t errlen);
/** @brief Effective value as a string (override, else default); never NULL for a known key. */
const char *ck_topic_conf_value(const ck_topic_conf *tc, const chronik_conf_t *broker, int key, char *buf, size_t buflen);
void ck_topic_conf_copy(ck_topic_conf *dst, const ck_topic_conf *src);
void ck_topic_conf_free(ck_topic_conf *tc);

/** @brief Writes docs/config.md content (Markdown tables of both scopes) into wb. */
void ck_conf_write_markdown(ck_wb *wb);

/* ---- Additions: defaults, Kafka config types, effective numbers ---- */

/** @brief Table default of a broker key; NULL if out of range. */
const char *ck_conf_broker_default(int key);
/** @brief Default of a topic key without a broker conf at hand: its broker
 *  synonym's table default, else its listed default; NULL if out of range. */
const char *ck_conf_topic_default(int key);
/** @brief Kafka's DescribeConfigs ConfigType of a key (BOOLEAN 1, STRING 2,
 *  INT 3, LONG 5, LIST 7, PASSWORD 9 for sensitive strings); 0 if out of range. */
int8_t ck_conf_broker_kafka_type(int key);
int8_t ck_conf_topic_kafka_type(int key);
/** @brief Effective parsed value of a topic key: the override's, else the
 *  broker synonym's *current* value, else the default (LIST: bit i set for
 *  the i-th listed value; FLUSH: 0 always, -1 os, N interval). */
int64_t ck_topic_conf_num(const ck_topic_conf *tc, const chronik_conf_t *broker, int key);
/** @brief Recomputes tc->num from its overrides and broker (call after the
 *  broker configuration changed). */
void ck_topic_conf_refresh(ck_topic_conf *tc, const chronik_conf_t *broker);

#endif
