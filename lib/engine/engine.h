/*
 * engine.h — the engine object behind chronik_t: the topic/partition
 * registry, in-process produce and fetch, idempotent-producer state, high
 * watermarks, and waiters woken on append and on durability.
 *
 * Everything above (kafka/, group/, txn/, sql/, http/) reaches the logs
 * through this interface.  Topics are refcounted: a ck_topic obtained from a
 * lookup stays valid (even if the topic is deleted meanwhile) until released;
 * its partitions live as long as it does.
 *
 * Produce completes in one of two ways: at once (the call returns
 * CK_DONE with the result filled) or later (CK_PENDING: the callback runs
 * exactly once, on the flusher thread, when the records are durable).
 */
#ifndef CK_ENGINE_H
#define CK_ENGINE_H

#include "chronik.h"
#include "util/util.h"
#include "record/record.h"
#include "storage/storage.h"
#include "engine/conf.h"

typedef struct chronik ck_engine;
typedef struct ck_topic ck_topic;
typedef struct ck_partition ck_partition;
typedef struct ck_meta ck_meta;

#define CK_DONE 0
#define CK_PENDING 1

/* ---------------------------------------------------------------------- */
/* Engine                                                                   */
/* ---------------------------------------------------------------------- */

/** @brief Opens the engine at conf's data.dir (conf is copied): the metadata
 *  store, every topic's logs (recovered after a crash), the flusher and the
 *  background thread.  0, or a chronik_err_t with err saying why (*out NULL).
 *  Called by the public layer only, which then starts the features. */
int ck_engine_open(const chronik_conf_t *conf, ck_engine **out, char *err, size_t errlen);
/** @brief Closes what ck_engine_open opened; the features are stopped
 *  first.  NULL does nothing. */
void ck_engine_close(ck_engine *eng);

/** @brief The engine's current broker configuration.  A dynamic change
 *  (ck_engine_broker_config_replace) publishes a new object; the one
 *  returned never changes and stays valid until the engine closes.  Any
 *  thread. */
const chronik_conf_t *ck_engine_conf(ck_engine *eng);
/** @brief Replaces the dynamic broker configs of one level
 *  (CK_SRC_DYNAMIC_DEFAULT: AlterConfigs on broker "", CK_SRC_DYNAMIC_BROKER:
 *  on this node's id) with keys[i] = vals[i], i < n: validated all or
 *  nothing (errors of ck_conf_dynamic_replace), then, unless validate_only,
 *  stored in the metadata store (reloaded at open) and applied: topics
 *  without an override follow the new values at once.  Admin thread. */
int ck_engine_broker_config_replace(ck_engine *eng, ck_conf_source level, const char *const *keys,
                                    const char *const *vals, size_t n, bool validate_only, char *err,
                                    size_t errlen);
ck_meta *ck_engine_meta(ck_engine *eng);
ck_flusher *ck_engine_flusher(ck_engine *eng);
const char *ck_engine_cluster_id(ck_engine *eng);
int32_t ck_engine_node_id(ck_engine *eng);
/** @brief Sets the thread-local last error message of chronik_errmsg. */
void ck_engine_set_errmsg(const char *fmt, ...) CK_PRINTF(1, 2);
/** @brief The calling thread's last error message ("" if none). */
const char *ck_engine_errmsg(void);

/** @brief Blocks until ck_engine_shutdown is called; returns at once if it
 *  already was.  Any thread but a signal handler. */
void ck_engine_wait(ck_engine *eng);
/** @brief Asks ck_engine_wait to return.  Async-signal-safe. */
void ck_engine_shutdown(ck_engine *eng);
/** @brief Runs time and size retention on every partition now. */
void ck_engine_retention_run(ck_engine *eng);

/* ---------------------------------------------------------------------- */
/* Extension slots                                                          */
/* ---------------------------------------------------------------------- */

/* A feature above the engine keeps its per-engine state in a slot named by
 * the address of a static key it owns, so the engine carries no field for
 * any feature:
 *
 *     static const ck_ext_key group_key = {"group"};
 *     ck_engine_ext_set(eng, &group_key, gc);  ...  ck_engine_ext(eng, &group_key);
 */
typedef struct ck_ext_key {
    const char *name;             /* for diagnostics */
} ck_ext_key;

#define CK_ENGINE_EXT_MAX 32

/* A value started on demand (a listener): ck_engine_ext_start runs start
 * and stores what it made under key, unless the key holds a value already
 * (EXISTS); ck_engine_ext_take clears the key and hands back its value, to
 * be stopped by the caller.  The two are serialised per engine. */
typedef int (*ck_ext_start_fn)(ck_engine *eng, void *arg, void **out, char *err, size_t errlen);

/** @brief Starts and stores the value of key once (see above): 0, EXISTS
 *  (err: "<what> is already running"), start's error, or BUSY when no slot
 *  is left (the value is then stopped with stop).  Any thread. */
int ck_engine_ext_start(ck_engine *eng, const ck_ext_key *key, const char *what, ck_ext_start_fn start,
                        void (*stop)(void *value), void *arg, char *err, size_t errlen);
/** @brief Clears key and returns what it held (NULL if nothing).  Any thread. */
void *ck_engine_ext_take(ck_engine *eng, const ck_ext_key *key);

/** @brief The value stored under key, or NULL.  Lock-free; any thread. */
void *ck_engine_ext(ck_engine *eng, const ck_ext_key *key);
/** @brief Stores value (NULL clears) under key.  Returns 0, or BUSY when
 *  CK_ENGINE_EXT_MAX keys are in use.  Any thread; concurrent readers see the
 *  old or the new value. */
int ck_engine_ext_set(ck_engine *eng, const ck_ext_key *key, void *value);

/* Engine-wide counters (relaxed atomics), for /metrics and tests. */
typedef struct ck_engine_stats {
    uint64_t messages_in;          /* records appended */
    uint64_t bytes_in;
    uint64_t batches_in;
    uint64_t messages_out;         /* records handed out by fetches (approx: batches' counts) */
    uint64_t bytes_out;
    uint64_t produce_requests, fetch_requests;
    ck_hist  produce_latency;      /* receipt to acknowledgement (durable under flush.policy=always) */
    ck_hist  fetch_latency;        /* receipt to answer, long-poll waits included */
    uint64_t active_connections;
} ck_engine_stats;
ck_engine_stats *ck_engine_stats_get(ck_engine *eng);

/* ---------------------------------------------------------------------- */
/* Topics                                                                   */
/* ---------------------------------------------------------------------- */

/** @brief Checks Kafka's topic name rules: [a-zA-Z0-9._-], 1..249 chars, not "." or "..". */
bool ck_topic_name_valid(const char *name, size_t len);

/** @brief Creates a topic.  configs: NULL-terminated key,value list (may be
 *  NULL).  validate_only checks everything but creates nothing.  Errors
 *  (chronik_err_t): INVALID_TOPIC_EXCEPTION, INVALID_PARTITIONS,
 *  INVALID_CONFIG, TOPIC_ALREADY_EXISTS, KAFKA_STORAGE_ERROR; err says why. */
int ck_engine_topic_create(ck_engine *eng, const char *name, int32_t partitions, const char *const *configs,
                           bool validate_only, char *err, size_t errlen);
int ck_engine_topic_delete(ck_engine *eng, const char *name, char *err, size_t errlen);
int ck_engine_topic_add_partitions(ck_engine *eng, const char *name, int32_t total, bool validate_only,
                                   char *err, size_t errlen);
/** @brief Sets/removes (value NULL) one topic config override, persisted. */
int ck_engine_topic_config_set(ck_engine *eng, const char *name, const char *key, const char *value,
                               char *err, size_t errlen);
/** @brief Replaces all overrides (AlterConfigs semantics). */
int ck_engine_topic_config_replace(ck_engine *eng, const char *name, const char *const *kv, bool validate_only,
                                   char *err, size_t errlen);

/* What happened to a topic, for topic listeners and features. */
typedef enum ck_topic_event {
    CK_TOPIC_CREATED,
    CK_TOPIC_DELETED,
    CK_TOPIC_PARTITIONS_ADDED,
    CK_TOPIC_CONFIG_CHANGED
} ck_topic_event;

/** @brief Registers fn to be called (on the admin caller's thread, after the
 *  change is stored, with the engine's admin lock held) whenever a topic is
 *  created, deleted, grows partitions or changes configs.  fn must only
 *  record or signal, never call back into topic administration.  At most 8;
 *  BUSY beyond. */
typedef void (*ck_topic_listener_fn)(void *opaque, const char *topic, ck_topic_event ev);
int ck_engine_add_topic_listener(ck_engine *eng, ck_topic_listener_fn fn, void *opaque);
void ck_engine_remove_topic_listener(ck_engine *eng, ck_topic_listener_fn fn, void *opaque);

/* ---------------------------------------------------------------------- */
/* Features                                                                 */
/* ---------------------------------------------------------------------- */

/* A feature is a subsystem above the engine (consumer groups, transactions,
 * SQL, search, the Kafka and REST listeners, ...) that plugs into the public
 * layer (lib/chronik) through this interface.  The public layer lists the
 * features in one table: chronik_open starts them in table order once the
 * engine has recovered, forwards topic events to them, and chronik_close
 * stops them in reverse order.  Every member may be NULL. */
typedef struct ck_feature {
    const char *name;
    /** Starts the feature on eng (its threads, its state in an extension
     *  slot).  0, or a chronik_err_t with err saying why: chronik_open then
     *  stops what was started and fails.  Engine-open thread. */
    int (*start)(ck_engine *eng, char *err, size_t errlen);
    /** Stops the feature and frees its state: completes what is in flight,
     *  waits for its threads.  Does nothing when the feature is not running
     *  (start failed, was never called, or the feature starts on demand and
     *  was not asked to).  Engine-close thread; no public call is running. */
    void (*stop)(ck_engine *eng);
    /** A topic was created, deleted, grew partitions or changed configs (the
     *  change is stored).  Runs on the admin caller's thread with the
     *  engine's admin lock held: record or signal only. */
    void (*topic_event)(ck_engine *eng, const char *topic, ck_topic_event ev);
} ck_feature;

/** @brief Looks up a topic by name (len bytes, not NUL-terminated) and
 *  returns it kept (release with ck_topic_release), or NULL. */
ck_topic *ck_engine_topic_get(ck_engine *eng, const char *name, size_t len);
ck_topic *ck_engine_topic_get_by_id(ck_engine *eng, const uint8_t id[16]);
/** @brief All topics, each kept; free the array with ck_topics_release. */
ck_topic **ck_engine_topic_list(ck_engine *eng, size_t *n);
void ck_topics_release(ck_topic **topics, size_t n);

void ck_topic_keep(ck_topic *t);
void ck_topic_release(ck_topic *t);
const char *ck_topic_name(const ck_topic *t);
const uint8_t *ck_topic_id(const ck_topic *t);
int32_t ck_topic_partition_count(const ck_topic *t);
/** @brief Partition idx of t, or NULL when out of range.  Borrowed from t. */
ck_partition *ck_topic_partition(ck_topic *t, int32_t idx);
/** @brief The partition a record with this key goes to when the producer
 *  leaves the choice to the broker: murmur2 of the key (as Kafka's default
 *  partitioner), round robin when key is NULL.  Any thread. */
int32_t ck_topic_pick_partition(ck_topic *t, const void *key, size_t key_len);
/** @brief A snapshot copy of the topic's config (free with ck_topic_conf_free). */
void ck_topic_conf_snapshot(ck_topic *t, ck_topic_conf *out);
bool ck_topic_deleted(const ck_topic *t);

/* ---------------------------------------------------------------------- */
/* Partitions: produce                                                      */
/* ---------------------------------------------------------------------- */

ck_topic *ck_partition_topic(ck_partition *p);
int32_t ck_partition_index(const ck_partition *p);
ck_log *ck_partition_log(ck_partition *p);

typedef struct ck_produce_result {
    int     err;                  /* chronik_err_t / Kafka error code */
    int64_t base_offset;          /* -1 on error */
    int64_t log_append_time;      /* -1 unless the topic uses LogAppendTime */
    int64_t log_start_offset;
    char    errmsg[160];          /* for ProduceResponse.ErrorMessage / RecordErrors */
    int32_t record_error_index;   /* -1, or the batch-relative index of a bad record */
} ck_produce_result;

typedef void (*ck_produce_cb)(void *opaque, const ck_produce_result *res);

/* Flags for ck_partition_produce. */
#define CK_PRODUCE_ACKS0   0x1   /* acks=0: no completion wanted (durability unchanged) */
#define CK_PRODUCE_NOWAIT  0x2   /* complete on write even under flush.policy=always (acks=1 policy choice) */
#define CK_PRODUCE_CONTROL 0x4   /* internal: control batches (txn markers) allowed */
#define CK_PRODUCE_TRUSTED 0x8   /* batches built in this process (ck_batch_from_records):
                                    their CRC and record layout are not checked again */

/** @brief Appends a produce request's record set for this partition: data
 *  holds one or more v2 batches (or a legacy v0/v1 message set, converted
 *  here), writable (offsets are rewritten in place).  Validates layout, CRC,
 *  counts, message.max.bytes, timestamp type (rewriting LogAppendTime),
 *  idempotent sequences (duplicates are answered with the original offset,
 *  gaps with OUT_OF_ORDER_SEQUENCE_NUMBER, stale epochs with
 *  INVALID_PRODUCER_EPOCH), then appends.  Returns CK_DONE with *res filled
 *  (success, duplicate, or error), or CK_PENDING: cb(opaque, res) will run
 *  exactly once when the batch is durable (or the log failed).  Any thread. */
int ck_partition_produce(ck_partition *p, uint8_t *data, size_t len, int flags, ck_produce_result *res,
                         ck_produce_cb cb, void *opaque);

/** @brief ck_partition_produce that blocks until the result is known (the
 *  records are durable, or the produce failed).  For embedders' threads,
 *  never for event loops. */
void ck_partition_produce_sync(ck_partition *p, uint8_t *data, size_t len, int flags, ck_produce_result *res);

/** @brief Appends one v2 batch built from the public record views to out,
 *  with the options in bo (codec, producer id/epoch/sequence, attributes).
 *  Timestamps of -1 become now.  Returns 0, or INVALID_ARG /
 *  MESSAGE_TOO_LARGE with err naming the bad record.  Any thread. */
int ck_batch_from_records(const chronik_record_t *records, size_t count, const ck_batch_opts *bo, ck_wb *out,
                          char *err, size_t errlen);

/* ---------------------------------------------------------------------- */
/* Partitions: fetch                                                        */
/* ---------------------------------------------------------------------- */

typedef struct ck_part_offsets {
    int64_t log_start;
    int64_t high_watermark;       /* durable end */
    int64_t last_stable;          /* LSO: first offset of an open transaction, else HWM */
    int64_t log_end;              /* written end (may exceed the HWM briefly) */
} ck_part_offsets;

void ck_partition_offsets(ck_partition *p, ck_part_offsets *o);

/** @brief Reads whole batches from offset up to the HWM (isolation 0) or
 *  the LSO (isolation 1), about max_bytes, within one segment: see
 *  ck_log_read.  *o receives the partition's offsets at read time.
 *  OFFSET_OUT_OF_RANGE when offset is outside [log start, HWM]. */
int ck_partition_read(ck_partition *p, int64_t offset, int isolation, size_t max_bytes, ck_log_slice *slice,
                      ck_part_offsets *o);

/** @brief Copies whole batches from offset up to the HWM (about max_bytes,
 *  at least one batch) into out; *next receives the offset after the last
 *  batch copied, *o the partition's offsets at read time.  For embedders'
 *  reads (no file descriptors leave the engine).  OFFSET_OUT_OF_RANGE when
 *  offset is outside [log start, HWM], UNKNOWN_TOPIC_OR_PARTITION once the
 *  topic is deleted.  Any thread. */
int ck_partition_read_copy(ck_partition *p, int64_t offset, size_t max_bytes, ck_wb *out, int64_t *next,
                           ck_part_offsets *o);

/* A waiter for new durable data on a partition (long-poll fetch).  The
 * callback runs on the thread that advanced the HWM (usually the flusher)
 * with the partition's lock held: it must only signal (e.g. write an
 * eventfd), never call back into the engine. */
typedef struct ck_watch {
    void (*cb)(void *opaque, ck_partition *p);
    void *opaque;
    struct ck_watch *prev, *next;   /* engine-owned links */
    ck_partition *part;             /* engine-owned */
} ck_watch;

/** @brief Arms w on p: w->cb fires (once per HWM advance) until unwatched. */
void ck_partition_watch(ck_partition *p, ck_watch *w);
/** @brief Disarms w; after it returns the callback is not running and will not run. */
void ck_partition_unwatch(ck_watch *w);

/** @brief First offset with timestamp >= ts (-1: latest/HWM, -2: earliest,
 *  -3: max timestamp); *found_ts receives its timestamp (or -1). */
int ck_partition_offset_for_time(ck_partition *p, int64_t ts, int isolation, int64_t *offset, int64_t *found_ts);
int ck_partition_delete_records(ck_partition *p, int64_t before, int64_t *low_watermark);
/** @brief Bytes of the partition's segment files (0 once deleted).  Any thread. */
int64_t ck_partition_size_bytes(ck_partition *p);

/* ---------------------------------------------------------------------- */
/* Idempotent producers                                                     */
/* ---------------------------------------------------------------------- */

/** @brief A fresh producer id (durable counter) for InitProducerId. */
int ck_engine_producer_id_alloc(ck_engine *eng, int64_t *pid);

/* DescribeProducers: the active producers of a partition. */
typedef struct ck_producer_info {
    int64_t producer_id;
    int16_t producer_epoch;
    int32_t last_sequence;
    int64_t last_timestamp;
    int32_t coordinator_epoch;
    int64_t current_txn_start_offset;   /* -1 if none */
} ck_producer_info;
/** @brief ck_malloc'd array of the partition's producers (free with ck_free). */
int ck_partition_producers(ck_partition *p, ck_producer_info **out, size_t *n);

/* ---------------------------------------------------------------------- */
/* Transactions: last stable offset, aborted transactions, verification     */
/* ---------------------------------------------------------------------- */

/* One aborted transaction of a partition (Fetch's AbortedTransactions). */
typedef struct ck_aborted_txn {
    int64_t producer_id;
    int64_t first_offset;         /* the transaction's first offset here */
    int64_t last_offset;          /* its ABORT marker's offset */
} ck_aborted_txn;

/** @brief The aborted transactions overlapping [from, to) — marker at or
 *  after from and first offset before to — ordered by marker offset, in
 *  *out (ck_free; NULL when none) of *n.  Any thread. */
int ck_partition_aborted_txns(ck_partition *p, int64_t from, int64_t to, ck_aborted_txn **out, size_t *n);

/* Checks a transactional data batch of producer id/epoch against the
 * transaction coordinator before it is appended to p: 0, or a Kafka error
 * (INVALID_PRODUCER_EPOCH, INVALID_TXN_STATE...) with msg filled.  Runs on
 * the producing thread with no engine lock held. */
typedef int (*ck_txn_verify_fn)(void *txn, ck_partition *p, int64_t producer_id, int16_t producer_epoch,
                                char *msg, size_t msglen);

/** @brief Registers the transaction coordinator (txn, verify) of eng, or
 *  removes it (txn NULL).  Removal only once nothing produces any more.
 *  free_fn (may be NULL) is called by ck_engine_close on a coordinator still
 *  registered then, before the partitions close. */
void ck_engine_txn_attach(ck_engine *eng, void *txn, ck_txn_verify_fn verify, void (*free_fn)(void *txn));
/** @brief The registered transaction coordinator, or NULL.  Any thread. */
void *ck_engine_txn(ck_engine *eng);

#endif
