/*
 * conf.h — the declarative configuration table behind chronik_conf_t and
 * topic configs.  One X-macro table per scope (broker, topic) gives each
 * key's name, type, default, range and documentation; set/get/dup, topic
 * config validation, DescribeConfigs and the generated docs/config.md all
 * read the same table.
 *
 * Types: BOOL ("true"/"false"), INT (int32), LONG (int64), DOUBLE, STRING,
 * ENUM (one of a '|' separated list), FLUSH (flush.policy: always | os |
 * interval.ms=N), LIST (a comma-separated subset of the '|' separated
 * values; with no values listed, Kafka's replica throttle list: empty, "*",
 * or partition:broker pairs).  Ranges apply to INT/LONG/DOUBLE; for
 * compression.gzip.level the range [-1, 9] excludes 0, as in Kafka.
 *
 * Broker keys listed in CK_BROKER_DYNAMIC are the ones Kafka lets
 * AlterConfigs / IncrementalAlterConfigs change at runtime (cluster-wide
 * defaults, or per broker); every other broker key is read-only after open.
 */
#ifndef CK_CONF_H
#define CK_CONF_H

#include "util/util.h"
#include "chronik.h"

typedef enum ck_conf_type {
    CK_CT_BOOL, CK_CT_INT, CK_CT_LONG, CK_CT_STRING, CK_CT_ENUM, CK_CT_FLUSH, CK_CT_LIST, CK_CT_DOUBLE
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
    X(NUM_PARTITIONS, "num.partitions", CK_CT_INT, "1", 1, 1000000, NULL, 0, "Partitions of auto-created topics and of CreateTopics without a count; dynamic here, read-only in Kafka.") \
    X(AUTO_CREATE_TOPICS_ENABLE, "auto.create.topics.enable", CK_CT_BOOL, "true", 0, 0, NULL, 0, "Create unknown topics on Metadata and Produce requests.") \
    X(DELETE_TOPIC_ENABLE, "delete.topic.enable", CK_CT_BOOL, "true", 0, 0, NULL, 0, "Allow topic deletion.") \
    X(DEFAULT_REPLICATION_FACTOR, "default.replication.factor", CK_CT_INT, "1", 1, 1, NULL, 0, "Replication factor (a single node: always 1).") \
    X(MESSAGE_MAX_BYTES, "message.max.bytes", CK_CT_INT, "1048588", 0, 2147483647, NULL, 0, "Largest record batch accepted (topic: max.message.bytes).") \
    X(LOG_SEGMENT_BYTES, "log.segment.bytes", CK_CT_INT, "1073741824", 1048576, 2147483647, NULL, 0, "Segment size (topic: segment.bytes).") \
    X(LOG_ROLL_MS, "log.roll.ms", CK_CT_LONG, "604800000", 1, INT64_MAX, NULL, 0, "Segment age that forces a roll (topic: segment.ms).") \
    X(LOG_RETENTION_MS, "log.retention.ms", CK_CT_LONG, "604800000", -1, INT64_MAX, NULL, 0, "Delete segments older than this; -1 keeps forever (topic: retention.ms).") \
    X(LOG_RETENTION_BYTES, "log.retention.bytes", CK_CT_LONG, "-1", INT64_MIN, INT64_MAX, NULL, 0, "Delete oldest segments beyond this size per partition; negative: no limit (topic: retention.bytes).") \
    X(LOG_INDEX_INTERVAL_BYTES, "log.index.interval.bytes", CK_CT_INT, "4096", 0, 2147483647, NULL, 0, "Bytes between offset index entries (topic: index.interval.bytes).") \
    X(LOG_RETENTION_CHECK_INTERVAL_MS, "log.retention.check.interval.ms", CK_CT_LONG, "300000", 1, INT64_MAX, NULL, 0, "How often retention runs.") \
    X(LOG_MESSAGE_TIMESTAMP_TYPE, "log.message.timestamp.type", CK_CT_ENUM, "CreateTime", 0, 0, "CreateTime|LogAppendTime", 0, "Timestamp type of stored records (topic: message.timestamp.type).") \
    X(LOG_CLEANUP_POLICY, "log.cleanup.policy", CK_CT_LIST, "delete", 0, 0, "delete|compact", 0, "Cleanup policy (topic: cleanup.policy).") \
    X(COMPRESSION_TYPE, "compression.type", CK_CT_ENUM, "producer", 0, 0, "producer|uncompressed|gzip|snappy|lz4|zstd", 0, "Compression of stored batches; producer keeps what the producer sent (topic: compression.type).") \
    X(COMPRESSION_GZIP_LEVEL, "compression.gzip.level", CK_CT_INT, "-1", -1, 9, NULL, 0, "gzip level when batches are recompressed to gzip; -1: zlib's default (topic: compression.gzip.level).") \
    X(COMPRESSION_LZ4_LEVEL, "compression.lz4.level", CK_CT_INT, "9", 1, 17, NULL, 0, "lz4 level when batches are recompressed to lz4 (topic: compression.lz4.level).") \
    X(COMPRESSION_ZSTD_LEVEL, "compression.zstd.level", CK_CT_INT, "3", -131072, 22, NULL, 0, "zstd level when batches are recompressed to zstd (topic: compression.zstd.level).") \
    X(LOG_ROLL_JITTER_MS, "log.roll.jitter.ms", CK_CT_LONG, "0", 0, INT64_MAX, NULL, 0, "Largest random jitter subtracted from the roll time (topic: segment.jitter.ms).") \
    X(LOG_INDEX_SIZE_MAX_BYTES, "log.index.size.max.bytes", CK_CT_INT, "10485760", 4, 2147483647, NULL, 0, "Largest offset index of a segment (topic: segment.index.bytes).") \
    X(LOG_FLUSH_INTERVAL_MESSAGES, "log.flush.interval.messages", CK_CT_LONG, "9223372036854775807", 1, INT64_MAX, NULL, 0, "Messages written before a forced fsync (topic: flush.messages); flush.policy governs syncing here.") \
    X(LOG_FLUSH_INTERVAL_MS, "log.flush.interval.ms", CK_CT_LONG, "9223372036854775807", 0, INT64_MAX, NULL, 0, "Longest a message stays unsynced (topic: flush.ms); flush.policy governs syncing here.") \
    X(LOG_SEGMENT_DELETE_DELAY_MS, "log.segment.delete.delay.ms", CK_CT_LONG, "60000", 0, INT64_MAX, NULL, 0, "Delay before a deleted segment's files are removed (topic: file.delete.delay.ms).") \
    X(LOG_CLEANER_DELETE_RETENTION_MS, "log.cleaner.delete.retention.ms", CK_CT_LONG, "86400000", 0, INT64_MAX, NULL, 0, "How long compaction keeps delete tombstones (topic: delete.retention.ms).") \
    X(LOG_CLEANER_MIN_COMPACTION_LAG_MS, "log.cleaner.min.compaction.lag.ms", CK_CT_LONG, "0", 0, INT64_MAX, NULL, 0, "Youngest a record may be to be compacted (topic: min.compaction.lag.ms).") \
    X(LOG_CLEANER_MAX_COMPACTION_LAG_MS, "log.cleaner.max.compaction.lag.ms", CK_CT_LONG, "9223372036854775807", 1, INT64_MAX, NULL, 0, "Oldest a record may stay uncompacted (topic: max.compaction.lag.ms).") \
    X(LOG_CLEANER_MIN_CLEANABLE_RATIO, "log.cleaner.min.cleanable.ratio", CK_CT_DOUBLE, "0.5", 0, 1, NULL, 0, "Dirty ratio above which a log is compacted (topic: min.cleanable.dirty.ratio).") \
    X(LOG_CLEANER_ENABLE, "log.cleaner.enable", CK_CT_BOOL, "true", 0, 0, NULL, 0, "Run the log cleaner that compacts cleanup.policy=compact topics in the background.") \
    X(LOG_CLEANER_THREADS, "log.cleaner.threads", CK_CT_INT, "1", 1, 64, NULL, 0, "Threads compacting logs (one partition at a time each).") \
    X(LOG_CLEANER_DEDUPE_BUFFER_SIZE, "log.cleaner.dedupe.buffer.size", CK_CT_LONG, "134217728", 1048576, INT64_MAX, NULL, 0, "Memory for the key map of one compaction pass, shared by the cleaner threads; a pass maps as many dirty segments as fit.") \
    X(LOG_CLEANER_BACKOFF_MS, "log.cleaner.backoff.ms", CK_CT_LONG, "15000", 1, INT64_MAX, NULL, 0, "Time the cleaner waits between rounds over the compacted logs.") \
    X(LOG_PREALLOCATE, "log.preallocate", CK_CT_BOOL, "false", 0, 0, NULL, 0, "Preallocate segment files (topic: preallocate).") \
    X(LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS, "log.message.timestamp.before.max.ms", CK_CT_LONG, "9223372036854775807", 0, INT64_MAX, NULL, 0, "Furthest a CreateTime timestamp may lie in the past (topic: message.timestamp.before.max.ms).") \
    X(LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS, "log.message.timestamp.after.max.ms", CK_CT_LONG, "3600000", 0, INT64_MAX, NULL, 0, "Furthest a CreateTime timestamp may lie in the future (topic: message.timestamp.after.max.ms).") \
    X(LOG_MESSAGE_TIMESTAMP_DIFFERENCE_MAX_MS, "log.message.timestamp.difference.max.ms", CK_CT_LONG, "9223372036854775807", 0, INT64_MAX, NULL, 0, "Removed in Kafka 4.0 (use the before/after keys); accepted and stored (topic: message.timestamp.difference.max.ms).") \
    X(LOG_MESSAGE_DOWNCONVERSION_ENABLE, "log.message.downconversion.enable", CK_CT_BOOL, "true", 0, 0, NULL, 0, "Kafka 4.0 no-op, accepted and stored (topic: message.downconversion.enable).") \
    X(LOG_LOCAL_RETENTION_MS, "log.local.retention.ms", CK_CT_LONG, "-2", -2, INT64_MAX, NULL, 0, "Local retention of tiered topics; -2: log.retention.ms (topic: local.retention.ms).") \
    X(LOG_LOCAL_RETENTION_BYTES, "log.local.retention.bytes", CK_CT_LONG, "-2", -2, INT64_MAX, NULL, 0, "Local size limit of tiered topics; -2: log.retention.bytes (topic: local.retention.bytes).") \
    X(UNCLEAN_LEADER_ELECTION_ENABLE, "unclean.leader.election.enable", CK_CT_BOOL, "false", 0, 0, NULL, 0, "Elect out-of-sync replicas as leaders (a single node has no other replica) (topic: unclean.leader.election.enable).") \
    X(MIN_INSYNC_REPLICAS, "min.insync.replicas", CK_CT_INT, "1", 1, 2147483647, NULL, 0, "Minimum in-sync replicas for acks=all (topic: min.insync.replicas).") \
    X(FETCH_MAX_BYTES, "fetch.max.bytes", CK_CT_INT, "57671680", 1024, 2147483647, NULL, 0, "Upper bound of one fetch response.") \
    X(OFFSETS_RETENTION_MINUTES, "offsets.retention.minutes", CK_CT_INT, "10080", 1, 2147483647, NULL, 0, "Committed offsets of empty groups expire after this.") \
    X(OFFSET_METADATA_MAX_BYTES, "offset.metadata.max.bytes", CK_CT_INT, "4096", 0, 2147483647, NULL, 0, "Largest committed-offset metadata string.") \
    X(OFFSETS_TOPIC_NUM_PARTITIONS, "offsets.topic.num.partitions", CK_CT_INT, "50", 1, 2147483647, NULL, 0, "Partitions of the internal topic __consumer_offsets when it is created (a group goes to abs(hashCode(group id)) modulo its partition count).") \
    X(GROUP_INITIAL_REBALANCE_DELAY_MS, "group.initial.rebalance.delay.ms", CK_CT_INT, "3000", 0, 2147483647, NULL, 0, "Delay of the first rebalance of an empty group.") \
    X(GROUP_MIN_SESSION_TIMEOUT_MS, "group.min.session.timeout.ms", CK_CT_INT, "6000", 0, 2147483647, NULL, 0, "Smallest session timeout a member may ask for.") \
    X(GROUP_MAX_SESSION_TIMEOUT_MS, "group.max.session.timeout.ms", CK_CT_INT, "1800000", 0, 2147483647, NULL, 0, "Largest session timeout a member may ask for.") \
    X(GROUP_MAX_SIZE, "group.max.size", CK_CT_INT, "2147483647", 1, 2147483647, NULL, 0, "Most members in one group.") \
    X(GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS, "group.consumer.heartbeat.interval.ms", CK_CT_INT, "5000", 1, 2147483647, NULL, 0, "Heartbeat interval given to members of consumer-protocol groups (KIP-848).") \
    X(GROUP_CONSUMER_SESSION_TIMEOUT_MS, "group.consumer.session.timeout.ms", CK_CT_INT, "45000", 1, 2147483647, NULL, 0, "A consumer-protocol member that does not heartbeat for this long is removed.") \
    X(GROUP_CONSUMER_ASSIGNORS, "group.consumer.assignors", CK_CT_LIST, "uniform,range", 0, 0, "uniform|range", 0, "Server-side assignors of consumer-protocol groups; the first is the default.") \
    X(GROUP_CONSUMER_MAX_SIZE, "group.consumer.max.size", CK_CT_INT, "2147483647", 1, 2147483647, NULL, 0, "Most members in one consumer-protocol group.") \
    X(CLIENT_TELEMETRY_METRICS, "client.telemetry.metrics", CK_CT_STRING, "*", 0, 0, NULL, 0, "Client metrics (KIP-714) the broker subscribes clients to: comma-separated name prefixes, * for all, empty for none.") \
    X(CLIENT_TELEMETRY_PUSH_INTERVAL_MS, "client.telemetry.push.interval.ms", CK_CT_INT, "30000", 100, 3600000, NULL, 0, "How often subscribed clients push their metrics.") \
    X(TELEMETRY_MAX_BYTES, "telemetry.max.bytes", CK_CT_INT, "1048576", 1, 2147483647, NULL, 0, "Largest client metrics push accepted.") \
    X(TRANSACTION_MAX_TIMEOUT_MS, "transaction.max.timeout.ms", CK_CT_INT, "900000", 1, 2147483647, NULL, 0, "Largest transaction timeout a producer may ask for.") \
    X(TRANSACTIONAL_ID_EXPIRATION_MS, "transactional.id.expiration.ms", CK_CT_INT, "604800000", 1, 2147483647, NULL, 0, "Idle transactional ids expire after this.") \
    X(PRODUCER_ID_EXPIRATION_MS, "producer.id.expiration.ms", CK_CT_INT, "86400000", 1, 2147483647, NULL, 0, "Idle producer ids' sequence state expires after this.") \
    X(LOG_LEVEL, "log.level", CK_CT_ENUM, "info", 0, 0, "error|warn|info|debug|trace", 0, "Log verbosity (CHRONIK_LOG, RUST_LOG).") \
    X(HTTP_LISTEN, "http.listen", CK_CT_STRING, ":6092", 0, 0, NULL, 0, "REST API address host:port; no host (\":port\") listens on bind.address (CHRONIK_HTTP_PORT sets the port); empty or \"off\" disables.") \
    X(HTTP_MAX_BODY_BYTES, "http.max.body.bytes", CK_CT_INT, "10485760", 1, 2147483647, NULL, 0, "Largest REST request body.") \
    X(ADMIN_API_KEY, "admin.api.key", CK_CT_STRING, "", 0, 0, NULL, 1, "When set, mutating REST endpoints require it (CHRONIK_ADMIN_API_KEY).") \
    X(SQL_TIMEOUT_MS, "sql.timeout.ms", CK_CT_INT, "30000", 1, 2147483647, NULL, 0, "Longest a SQL query may run.") \
    X(SQL_MAX_ROWS, "sql.max.rows", CK_CT_INT, "10000", 1, 2147483647, NULL, 0, "Most rows a SQL query returns.") \
    X(SQL_THREADS, "sql.threads", CK_CT_INT, "2", 1, 64, NULL, 0, "Concurrent SQL queries.") \
    X(LISTENERS, "listeners", CK_CT_STRING, "", 0, 0, NULL, 0, "Kafka listeners as NAME://host:port,...; names map to protocols through listener.security.protocol.map (PLAINTEXT and SASL_PLAINTEXT are served; SSL and SASL_SSL are refused at open). Empty: one PLAINTEXT listener on bind.address:kafka.port.") \
    X(LISTENER_SECURITY_PROTOCOL_MAP, "listener.security.protocol.map", CK_CT_STRING, "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL", 0, 0, NULL, 0, "Listener name to security protocol, NAME:PROTOCOL,...") \
    X(SASL_ENABLED_MECHANISMS, "sasl.enabled.mechanisms", CK_CT_LIST, "SCRAM-SHA-256,SCRAM-SHA-512", 0, 0, "PLAIN|SCRAM-SHA-256|SCRAM-SHA-512", 0, "SASL mechanisms offered on SASL listeners.") \
    X(SSL_CERTIFICATE_LOCATION, "ssl.certificate.location", CK_CT_STRING, "", 0, 0, NULL, 0, "PEM certificate chain of TLS listeners (none can be configured yet).") \
    X(SSL_KEY_LOCATION, "ssl.key.location", CK_CT_STRING, "", 0, 0, NULL, 0, "PEM private key of TLS listeners (none can be configured yet).") \
    X(SSL_KEY_PASSWORD, "ssl.key.password", CK_CT_STRING, "", 0, 0, NULL, 1, "Password of ssl.key.location, if encrypted.") \
    X(SSL_CA_LOCATION, "ssl.ca.location", CK_CT_STRING, "", 0, 0, NULL, 0, "PEM CA certificates that client certificates are verified against.") \
    X(SSL_CLIENT_AUTH, "ssl.client.auth", CK_CT_ENUM, "none", 0, 0, "none|requested|required", 0, "Client certificates on TLS listeners: none, requested or required.") \
    X(SSL_PRINCIPAL_MAPPING_RULES, "ssl.principal.mapping.rules", CK_CT_STRING, "DEFAULT", 0, 0, NULL, 0, "Certificate subject DN to principal name: DEFAULT and RULE:pattern/replacement/[LU], comma separated (checked at open).") \
    X(SUPER_USERS, "super.users", CK_CT_STRING, "", 0, 0, NULL, 0, "Principals the authorizer allows everything, separated by ';' (User:admin;User:ops).") \
    X(AUTHORIZER_ENABLED, "authorizer.enabled", CK_CT_BOOL, "false", 0, 0, NULL, 0, "Check ACLs on every Kafka request (Kafka's per-API rules); off: everything is allowed and the ACL APIs answer SECURITY_DISABLED.") \
    X(ALLOW_EVERYONE_IF_NO_ACL_FOUND, "allow.everyone.if.no.acl.found", CK_CT_BOOL, "false", 0, 0, NULL, 0, "With the authorizer on, allow an action on a resource that has no ACL at all.") \
    X(CONNECTIONS_MAX_REAUTH_MS, "connections.max.reauth.ms", CK_CT_LONG, "0", 0, INT64_MAX, NULL, 0, "SASL session lifetime (KIP-368): clients must re-authenticate within it or their connection is closed; 0: sessions never expire.") \
    X(CONNECTION_FAILED_AUTHENTICATION_DELAY_MS, "connection.failed.authentication.delay.ms", CK_CT_INT, "100", 0, 60000, NULL, 0, "Delay of the answer to a failed SASL authentication.") \
    X(QUOTA_WINDOW_NUM, "quota.window.num", CK_CT_INT, "11", 2, 1000, NULL, 0, "Windows client quota rates are measured over.") \
    X(QUOTA_WINDOW_SIZE_SECONDS, "quota.window.size.seconds", CK_CT_INT, "1", 1, 3600, NULL, 0, "Length of one client quota window; also the longest throttle time.") \
    X(VECTOR_ENDPOINT, "vector.endpoint", CK_CT_STRING, "https://api.openai.com/v1/embeddings", 0, 0, NULL, 0, "OpenAI-compatible embeddings endpoint (topic: vector.endpoint); a base URL ending in /v1 gets /embeddings appended.") \
    X(VECTOR_API_KEY, "vector.api.key", CK_CT_STRING, "", 0, 0, NULL, 1, "API key of the openai provider (topic: vector.api.key); empty: the OPENAI_API_KEY environment variable.") \
    X(VECTOR_MODEL, "vector.model", CK_CT_STRING, "text-embedding-3-small", 0, 0, NULL, 0, "Embedding model of the openai provider (topic: vector.model).") \
    X(VECTOR_BATCH_SIZE, "vector.batch.size", CK_CT_INT, "64", 1, 2048, NULL, 0, "Records per embeddings request.") \
    X(VECTOR_CONCURRENCY, "vector.concurrency", CK_CT_INT, "4", 1, 64, NULL, 0, "Embeddings requests in flight at once.") \
    X(VECTOR_REQUEST_TIMEOUT_MS, "vector.request.timeout.ms", CK_CT_INT, "30000", 100, 2147483647, NULL, 0, "Longest one embeddings request may take.") \
    X(VECTOR_RETRIES, "vector.retries", CK_CT_INT, "3", 0, 100, NULL, 0, "Retries of one embeddings request after a 429, a 5xx or a connection error, with exponential backoff.") \
    X(VECTOR_RETRY_BACKOFF_MS, "vector.retry.backoff.ms", CK_CT_INT, "200", 1, 2147483647, NULL, 0, "First backoff between retries (doubled each time; a Retry-After header is honoured up to the maximum).") \
    X(VECTOR_RETRY_BACKOFF_MAX_MS, "vector.retry.backoff.max.ms", CK_CT_INT, "30000", 1, 2147483647, NULL, 0, "Longest backoff, between retries and between attempts of a topic whose provider keeps failing.") \
    X(VECTOR_PERSIST_INTERVAL_MS, "vector.persist.interval.ms", CK_CT_LONG, "10000", 0, INT64_MAX, NULL, 0, "How often a changed index is written to vector/<topic>.hnsw with its progress; 0: only at close.") \
    X(VECTOR_QUERY_TAIL_MAX_RECORDS, "vector.query.tail.max.records", CK_CT_INT, "100000", 0, 2147483647, NULL, 0, "Most not-yet-indexed records a query scores exactly; beyond it the answer is marked partial.") \
    X(SEARCH_MAX_SIZE, "search.max.size", CK_CT_INT, "10000", 1, 1000000, NULL, 0, "Largest from + size of a search (Elasticsearch's index.max_result_window).") \
    X(SEARCH_TIMEOUT_MS, "search.timeout.ms", CK_CT_INT, "30000", 1, 2147483647, NULL, 0, "Longest a search may run; beyond it the answer is partial with timed_out: true.") \
    X(SEARCH_MAX_DEPTH, "search.max.depth", CK_CT_INT, "20", 1, 100, NULL, 0, "Deepest nesting of bool queries accepted.") \
    X(SEARCH_MAX_CLAUSES, "search.max.clauses", CK_CT_INT, "1024", 1, 65536, NULL, 0, "Most query clauses (leaves) in one search.") \
    X(SCHEMA_REGISTRY_ENABLE, "schema.registry.enable", CK_CT_BOOL, "true", 0, 0, NULL, 0, "Run the schema registry (Confluent's REST API on the REST listener, schemas kept in schema.topic).") \
    X(SCHEMA_TOPIC, "schema.topic", CK_CT_STRING, "_schemas", 0, 0, NULL, 0, "Topic holding the schema registry's log (created with one partition and no retention); read at open.") \
    X(SCHEMA_COMPATIBILITY_LEVEL, "schema.compatibility.level", CK_CT_ENUM, "BACKWARD", 0, 0, "BACKWARD|BACKWARD_TRANSITIVE|FORWARD|FORWARD_TRANSITIVE|FULL|FULL_TRANSITIVE|NONE", 0, "Global compatibility level of the schema registry until PUT /config sets one.") \
    X(SCHEMA_MAX_BYTES, "schema.max.bytes", CK_CT_INT, "4194304", 1024, 2147483647, NULL, 0, "Largest schema registration or check request (a larger one is an invalid schema, 42201).") \
    X(HTTP_CONSOLE, "http.console", CK_CT_BOOL, "true", 0, 0, NULL, 0, "Serve the web console from the REST listener (at / for browsers, and /ui); false: 404.")

/* Topic configs: X(ID, "name", TYPE, "broker synonym or NULL", min, max, "enum values or NULL", "doc").
 * A topic config's default is its broker synonym's value (or the listed
 * default when it has none: the FEATURE defaults below). */
#define CK_TOPIC_CONF(X) \
    X(CLEANUP_POLICY, "cleanup.policy", CK_CT_LIST, "log.cleanup.policy", NULL, 0, 0, "delete|compact", "delete and/or compact: compact keeps the last record per key (log cleaner; keyless records are refused), delete applies retention.ms/retention.bytes (both apply with compact,delete).") \
    X(COMPRESSION_TYPE, "compression.type", CK_CT_ENUM, "compression.type", NULL, 0, 0, "producer|uncompressed|gzip|snappy|lz4|zstd", "Compression of stored batches: producer keeps the producer's codec, any other value recompresses to it.") \
    X(SEGMENT_BYTES, "segment.bytes", CK_CT_INT, "log.segment.bytes", NULL, 14, 2147483647, NULL, "Segment size.") \
    X(SEGMENT_MS, "segment.ms", CK_CT_LONG, "log.roll.ms", NULL, 1, INT64_MAX, NULL, "Segment age that forces a roll.") \
    X(RETENTION_MS, "retention.ms", CK_CT_LONG, "log.retention.ms", NULL, -1, INT64_MAX, NULL, "Delete segments older than this; -1 forever.") \
    X(RETENTION_BYTES, "retention.bytes", CK_CT_LONG, "log.retention.bytes", NULL, INT64_MIN, INT64_MAX, NULL, "Size limit per partition; negative: none.") \
    X(INDEX_INTERVAL_BYTES, "index.interval.bytes", CK_CT_INT, "log.index.interval.bytes", NULL, 0, 2147483647, NULL, "Bytes between index entries.") \
    X(MAX_MESSAGE_BYTES, "max.message.bytes", CK_CT_INT, "message.max.bytes", NULL, 0, 2147483647, NULL, "Largest record batch accepted.") \
    X(MESSAGE_TIMESTAMP_TYPE, "message.timestamp.type", CK_CT_ENUM, "log.message.timestamp.type", NULL, 0, 0, "CreateTime|LogAppendTime", "Timestamp type.") \
    X(MESSAGE_TIMESTAMP_BEFORE_MAX_MS, "message.timestamp.before.max.ms", CK_CT_LONG, "log.message.timestamp.before.max.ms", NULL, 0, INT64_MAX, NULL, "CreateTime only: the furthest a record's timestamp may lie before the broker's clock.") \
    X(MESSAGE_TIMESTAMP_AFTER_MAX_MS, "message.timestamp.after.max.ms", CK_CT_LONG, "log.message.timestamp.after.max.ms", NULL, 0, INT64_MAX, NULL, "CreateTime only: the furthest a record's timestamp may lie after the broker's clock.") \
    X(MESSAGE_TIMESTAMP_DIFFERENCE_MAX_MS, "message.timestamp.difference.max.ms", CK_CT_LONG, "log.message.timestamp.difference.max.ms", NULL, 0, INT64_MAX, NULL, "Removed in Kafka 4.0 (superseded by the before/after keys); stored only.") \
    X(MIN_INSYNC_REPLICAS, "min.insync.replicas", CK_CT_INT, "min.insync.replicas", NULL, 1, 2147483647, NULL, "Minimum in-sync replicas for acks=all; stored (a single node has one replica).") \
    X(COMPRESSION_GZIP_LEVEL, "compression.gzip.level", CK_CT_INT, "compression.gzip.level", NULL, -1, 9, NULL, "gzip level used when compression.type=gzip recompresses; -1: zlib's default.") \
    X(COMPRESSION_LZ4_LEVEL, "compression.lz4.level", CK_CT_INT, "compression.lz4.level", NULL, 1, 17, NULL, "lz4 level used when compression.type=lz4 recompresses.") \
    X(COMPRESSION_ZSTD_LEVEL, "compression.zstd.level", CK_CT_INT, "compression.zstd.level", NULL, -131072, 22, NULL, "zstd level used when compression.type=zstd recompresses (negative levels: zstd's default).") \
    X(DELETE_RETENTION_MS, "delete.retention.ms", CK_CT_LONG, "log.cleaner.delete.retention.ms", NULL, 0, INT64_MAX, NULL, "How long compaction keeps delete tombstones and removable transaction markers after the pass that first keeps them.") \
    X(FILE_DELETE_DELAY_MS, "file.delete.delay.ms", CK_CT_LONG, "log.segment.delete.delay.ms", NULL, 0, INT64_MAX, NULL, "Delay before a deleted segment's files go; stored only (files are removed at once).") \
    X(FLUSH_MESSAGES, "flush.messages", CK_CT_LONG, "log.flush.interval.messages", NULL, 1, INT64_MAX, NULL, "Messages between forced fsyncs; stored only (the broker's flush.policy decides).") \
    X(FLUSH_MS, "flush.ms", CK_CT_LONG, "log.flush.interval.ms", NULL, 0, INT64_MAX, NULL, "Time between forced fsyncs; stored only (the broker's flush.policy decides).") \
    X(FOLLOWER_REPLICATION_THROTTLED_REPLICAS, "follower.replication.throttled.replicas", CK_CT_LIST, NULL, "", 0, 0, NULL, "Replicas throttled on the follower side (partition:broker pairs or *); stored only (a single node has no followers).") \
    X(LEADER_REPLICATION_THROTTLED_REPLICAS, "leader.replication.throttled.replicas", CK_CT_LIST, NULL, "", 0, 0, NULL, "Replicas throttled on the leader side (partition:broker pairs or *); stored only (a single node has no followers).") \
    X(LOCAL_RETENTION_BYTES, "local.retention.bytes", CK_CT_LONG, "log.local.retention.bytes", NULL, -2, INT64_MAX, NULL, "Local size limit of a tiered topic; -2: retention.bytes.  Stored only.") \
    X(LOCAL_RETENTION_MS, "local.retention.ms", CK_CT_LONG, "log.local.retention.ms", NULL, -2, INT64_MAX, NULL, "Local retention of a tiered topic; -2: retention.ms.  Stored only.") \
    X(MAX_COMPACTION_LAG_MS, "max.compaction.lag.ms", CK_CT_LONG, "log.cleaner.max.compaction.lag.ms", NULL, 1, INT64_MAX, NULL, "Oldest a record may stay uncompacted: a dirty record older than this makes the log due whatever its dirty ratio.") \
    X(MESSAGE_DOWNCONVERSION_ENABLE, "message.downconversion.enable", CK_CT_BOOL, "log.message.downconversion.enable", NULL, 0, 0, NULL, "A no-op in Kafka 4.0; stored only (old-format fetches are always converted).") \
    X(MIN_CLEANABLE_DIRTY_RATIO, "min.cleanable.dirty.ratio", CK_CT_DOUBLE, "log.cleaner.min.cleanable.ratio", NULL, 0, 1, NULL, "Dirty ratio (dirty bytes over cleanable bytes) at which compaction runs.") \
    X(MIN_COMPACTION_LAG_MS, "min.compaction.lag.ms", CK_CT_LONG, "log.cleaner.min.compaction.lag.ms", NULL, 0, INT64_MAX, NULL, "Youngest a record may be to be compacted: segments holding newer records stay uncleaned.") \
    X(PREALLOCATE, "preallocate", CK_CT_BOOL, "log.preallocate", NULL, 0, 0, NULL, "Preallocate segment files; stored only.") \
    X(REMOTE_STORAGE_ENABLE, "remote.storage.enable", CK_CT_BOOL, NULL, "false", 0, 0, NULL, "Tier sealed segments to remote storage; stored only.") \
    X(REMOTE_LOG_COPY_DISABLE, "remote.log.copy.disable", CK_CT_BOOL, NULL, "false", 0, 0, NULL, "Stop copying segments of a tiered topic; stored only.") \
    X(REMOTE_LOG_DELETE_ON_DISABLE, "remote.log.delete.on.disable", CK_CT_BOOL, NULL, "false", 0, 0, NULL, "Delete remote data when tiering is turned off; stored only.") \
    X(SEGMENT_INDEX_BYTES, "segment.index.bytes", CK_CT_INT, "log.index.size.max.bytes", NULL, 4, 2147483647, NULL, "Largest offset index of a segment; stored only.") \
    X(SEGMENT_JITTER_MS, "segment.jitter.ms", CK_CT_LONG, "log.roll.jitter.ms", NULL, 0, INT64_MAX, NULL, "Largest random jitter subtracted from segment.ms; stored only.") \
    X(UNCLEAN_LEADER_ELECTION_ENABLE, "unclean.leader.election.enable", CK_CT_BOOL, "unclean.leader.election.enable", NULL, 0, 0, NULL, "Elect out-of-sync replicas as leaders; stored only (a single node has no other replica).") \
    X(COLUMNAR_ENABLED, "columnar.enabled", CK_CT_BOOL, NULL, "false", 0, 0, NULL, "Materialize JSON values into typed SQL columns.") \
    X(SEARCHABLE_ENABLED, "searchable.enabled", CK_CT_BOOL, NULL, "false", 0, 0, NULL, "Index values for full-text search.") \
    X(SEARCHABLE_FIELDS, "searchable.fields", CK_CT_STRING, NULL, "", 0, 0, NULL, "JSON paths to index (comma separated, nested as a.b); empty: every string field of a JSON value, or the whole value when it is not JSON.") \
    X(SEARCHABLE_ANALYZER, "searchable.analyzer", CK_CT_ENUM, NULL, "standard", 0, 0, "standard|porter|trigram", "Tokenizer of the search index: standard (unicode61, diacritics removed), porter (English stemming), trigram (substring search).") \
    X(SEARCHABLE_KEY, "searchable.key", CK_CT_BOOL, NULL, "false", 0, 0, NULL, "Also index the record key (as the field _key).") \
    X(VECTOR_ENABLED, "vector.enabled", CK_CT_BOOL, NULL, "false", 0, 0, NULL, "Embed a field into a vector index.") \
    X(VECTOR_FIELD, "vector.field", CK_CT_STRING, NULL, "", 0, 0, NULL, "JSON path (a.b or $.a.b) of the text to embed, or with vector.source=field of the record's vector (a JSON array of numbers); empty: the whole value.") \
    X(VECTOR_SOURCE, "vector.source", CK_CT_ENUM, NULL, "embed", 0, 0, "embed|field", "embed: compute each record's vector from its text with vector.provider; field: the record already carries its vector at vector.field.") \
    X(VECTOR_PROVIDER, "vector.provider", CK_CT_ENUM, NULL, "hash", 0, 0, "hash|openai|callback", "Embedding provider: hash (deterministic local feature hashing, no network), openai (an OpenAI-compatible /v1/embeddings endpoint), callback (chronik_vector_set_embedder).") \
    X(VECTOR_MODEL, "vector.model", CK_CT_STRING, "vector.model", NULL, 0, 0, NULL, "Embedding model sent to the openai provider.") \
    X(VECTOR_DIMENSIONS, "vector.dimensions", CK_CT_INT, NULL, "0", 0, 16384, NULL, "Vector dimensions; 0: the provider's (hash 256, openai the model's, field the first vector's length).  Sent to the openai provider when set.") \
    X(VECTOR_METRIC, "vector.metric", CK_CT_ENUM, NULL, "cosine", 0, 0, "cosine|l2|ip", "Similarity: cosine (vectors normalised), l2 (Euclidean) or ip (inner product).") \
    X(VECTOR_HNSW_M, "vector.hnsw.m", CK_CT_INT, NULL, "16", 2, 256, NULL, "HNSW: links per node (M).") \
    X(VECTOR_HNSW_EF_CONSTRUCTION, "vector.hnsw.ef_construction", CK_CT_INT, NULL, "200", 4, 4096, NULL, "HNSW: candidate list size while building.") \
    X(VECTOR_HNSW_EF_SEARCH, "vector.hnsw.ef_search", CK_CT_INT, NULL, "100", 1, 100000, NULL, "HNSW: candidate list size of a query (at least k); a request's ef_search overrides it.") \
    X(VECTOR_ENDPOINT, "vector.endpoint", CK_CT_STRING, "vector.endpoint", NULL, 0, 0, NULL, "OpenAI-compatible embeddings endpoint of the openai provider.") \
    X(VECTOR_API_KEY, "vector.api.key", CK_CT_STRING, "vector.api.key", NULL, 0, 0, NULL, "API key of the openai provider (sensitive: never logged or shown).") \
    X(STORAGE_S3_ENABLED, "storage.s3.enabled", CK_CT_BOOL, NULL, "false", 0, 0, NULL, "Accepted for compatibility; object storage is not used by a local node.") \
    X(CONFLUENT_VALUE_SCHEMA_VALIDATION, "confluent.value.schema.validation", CK_CT_BOOL, NULL, "false", 0, 0, NULL, "Reject (INVALID_RECORD) produced values that are not in the schema registry's wire format (0x00, a 4-byte id) with an id registered under the subject {topic}-value.")

/* cleanup.policy bits in ck_topic_conf.num (LIST: bit i is the i-th value of "delete|compact"). */
#define CK_CLEANUP_DELETE  0x1
#define CK_CLEANUP_COMPACT 0x2

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

/* The broker keys AlterConfigs may change at runtime: the broker synonyms
 * of topic configs Kafka marks dynamic (cluster-wide), and num.partitions. */
#define CK_BROKER_DYNAMIC(X) \
    X(NUM_PARTITIONS) X(MESSAGE_MAX_BYTES) X(LOG_SEGMENT_BYTES) X(LOG_ROLL_MS) X(LOG_ROLL_JITTER_MS) \
    X(LOG_RETENTION_MS) X(LOG_RETENTION_BYTES) X(LOG_INDEX_INTERVAL_BYTES) X(LOG_INDEX_SIZE_MAX_BYTES) \
    X(LOG_FLUSH_INTERVAL_MESSAGES) X(LOG_FLUSH_INTERVAL_MS) X(LOG_SEGMENT_DELETE_DELAY_MS) \
    X(LOG_CLEANUP_POLICY) X(LOG_CLEANER_DELETE_RETENTION_MS) X(LOG_CLEANER_MIN_COMPACTION_LAG_MS) \
    X(LOG_CLEANER_MAX_COMPACTION_LAG_MS) X(LOG_CLEANER_MIN_CLEANABLE_RATIO) X(LOG_PREALLOCATE) \
    X(LOG_MESSAGE_TIMESTAMP_TYPE) X(LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS) X(LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS) \
    X(LOG_MESSAGE_TIMESTAMP_DIFFERENCE_MAX_MS) X(LOG_MESSAGE_DOWNCONVERSION_ENABLE) X(LOG_LOCAL_RETENTION_MS) \
    X(LOG_LOCAL_RETENTION_BYTES) X(COMPRESSION_TYPE) X(COMPRESSION_GZIP_LEVEL) X(COMPRESSION_LZ4_LEVEL) \
    X(COMPRESSION_ZSTD_LEVEL) X(MIN_INSYNC_REPLICAS) X(UNCLEAN_LEADER_ELECTION_ENABLE)

/* Kafka's DescribeConfigs config sources, in the order a value is looked
 * up: a topic override, then its broker synonym set dynamically for this
 * broker, dynamically as the cluster default, statically, else the default. */
typedef enum ck_conf_source {
    CK_SRC_DYNAMIC_TOPIC   = 1,   /* DYNAMIC_TOPIC_CONFIG */
    CK_SRC_DYNAMIC_BROKER  = 2,   /* DYNAMIC_BROKER_CONFIG: AlterConfigs on broker "<node id>" */
    CK_SRC_DYNAMIC_DEFAULT = 3,   /* DYNAMIC_DEFAULT_BROKER_CONFIG: AlterConfigs on broker "" */
    CK_SRC_STATIC          = 4,   /* STATIC_BROKER_CONFIG: chronik_conf_set before open */
    CK_SRC_DEFAULT         = 5    /* DEFAULT_CONFIG: the table default */
} ck_conf_source;

/* chronik_conf_t: the broker scope.  Values are kept as validated strings
 * plus their parsed integer form; the effective value of a key is its
 * dynamic per-broker value, else its dynamic cluster default, else its
 * static value, else the table default. */
struct chronik_conf {
    char   *str[CK_BK__COUNT];     /* effective value (owned) */
    int64_t num[CK_BK__COUNT];     /* parsed: bools 0/1, ints, flush interval, doubles' IEEE bits */
    bool    set[CK_BK__COUNT];     /* explicitly set (source STATIC_BROKER_CONFIG) */
    char   *stat[CK_BK__COUNT];    /* the static value when set (owned), else NULL */
    char   *dyn_broker[CK_BK__COUNT];   /* dynamic per-broker value (owned) or NULL */
    char   *dyn_default[CK_BK__COUNT];  /* dynamic cluster default (owned) or NULL */
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
/** @brief Whether topic key holds a secret: its broker synonym is sensitive
 *  (DescribeConfigs, the REST API and docs never show its value). */
bool ck_conf_topic_sensitive(int key);
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
/** @brief Kafka's checks across keys of a topic config about to be set (tc,
 *  over broker; prev: the topic's config before the change, NULL at
 *  creation): min.compaction.lag.ms <= max.compaction.lag.ms, and for a
 *  remote.storage.enable topic no compaction and local.retention.* within
 *  retention.*; turning remote storage off needs
 *  remote.log.delete.on.disable.  0, or INVALID_CONFIG with err naming the
 *  keys.  Not applied to stored configs when they are loaded. */
int ck_topic_conf_check(const ck_topic_conf *tc, const chronik_conf_t *broker, const ck_topic_conf *prev,
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
 *  INT 3, LONG 5, DOUBLE 6, LIST 7, PASSWORD 9 for sensitive strings); 0 if
 *  out of range. */
int8_t ck_conf_broker_kafka_type(int key);
int8_t ck_conf_topic_kafka_type(int key);
/** @brief Effective parsed value of a topic key: the override's, else the
 *  broker synonym's *current* value, else the default (LIST: bit i set for
 *  the i-th listed value; FLUSH: 0 always, -1 os, N interval). */
int64_t ck_topic_conf_num(const ck_topic_conf *tc, const chronik_conf_t *broker, int key);
/** @brief Recomputes tc->num from its overrides and broker (call after the
 *  broker configuration changed). */
void ck_topic_conf_refresh(ck_topic_conf *tc, const chronik_conf_t *broker);

/* ---- Dynamic broker configuration ---- */

/** @brief Whether broker key may be changed at runtime (CK_BROKER_DYNAMIC). */
bool ck_conf_broker_dynamic(int key);
/** @brief Where broker key's effective value comes from (CK_SRC_DYNAMIC_BROKER,
 *  _DYNAMIC_DEFAULT, _STATIC or _DEFAULT). */
ck_conf_source ck_conf_broker_source(const chronik_conf_t *c, int key);
/** @brief Broker key's value at one level (a CK_SRC_* other than
 *  DYNAMIC_TOPIC), borrowed from c; NULL when that level does not set it. */
const char *ck_conf_broker_level(const chronik_conf_t *c, int key, ck_conf_source level);
/** @brief Replaces every dynamic value of one level (CK_SRC_DYNAMIC_BROKER or
 *  CK_SRC_DYNAMIC_DEFAULT) of c with keys[i] = vals[i], i < n, and
 *  recomputes the effective values.  All or nothing: 0, or with c unchanged
 *  and err naming the key: UNKNOWN_CONFIG (no such broker key),
 *  INVALID_REQUEST (a read-only key, a key given twice, a NULL value, a bad
 *  level), INVALID_CONFIG (a value the key's type or range refuses).
 *  The caller owns c (not shared while this runs). */
int ck_conf_dynamic_replace(chronik_conf_t *c, ck_conf_source level, const char *const *keys,
                            const char *const *vals, size_t n, char *err, size_t errlen);
/** @brief Appends the dynamic values of one level to wb as a sequence of
 *  NUL-terminated name, value strings (the form the metadata store keeps). */
void ck_conf_dynamic_encode(const chronik_conf_t *c, ck_conf_source level, ck_wb *wb);
/** @brief Splits buf[0..len) written by ck_conf_dynamic_encode into *keys and
 *  *vals (*n entries; one ck_malloc'd block each, pointing into buf, freed
 *  with ck_free).  false when buf is malformed. */
bool ck_conf_dynamic_decode(const void *buf, size_t len, const char ***keys, const char ***vals, size_t *n);

#endif
