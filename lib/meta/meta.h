/*
 * meta.h — the durable metadata store of libchronik, on LMDB.
 *
 * Everything that is not a log lives here: the topic list with configs and
 * ids, committed consumer offsets, idempotent/transactional producer state,
 * transaction coordinator state, group metadata, SCRAM users, ACLs, client
 * quotas and a small key/value table (cluster id, producer id counter).
 * One LMDB environment under <data.dir>/meta/ holds one named database per table;
 * every write is one LMDB write transaction, synced before it returns, so
 * each change is committed whole or not at all.
 *
 * A data directory belongs to one process: ck_meta_open takes an exclusive
 * flock on <data.dir>/chronik.lock and fails with CHRONIK_ERR_LOCKED while
 * another open handle (in this or another process) holds it.
 *
 * Threads: a ck_meta may be used from any number of threads at once.  Write
 * transactions serialize on LMDB's writer lock; readers run concurrently and
 * never block writers.  A batch must be committed or aborted by the thread
 * that began it, and that thread must not call other writing ck_meta
 * functions while its batch is open (it would wait for itself).
 *
 * Errors are chronik_err_t codes: INVALID_ARG, IO (an LMDB or system error),
 * CORRUPT (a stored value that does not decode), NOT_FOUND, LOCKED.  Calls
 * without an err buffer leave their message in ck_meta_errmsg().
 */
#ifndef CK_META_H
#define CK_META_H

#include "chronik.h"
#include "util/util.h"

typedef struct ck_meta ck_meta;
typedef struct ck_meta_batch ck_meta_batch;

/** The named databases of the environment. */
typedef enum ck_meta_table {
    CK_META_TOPICS,      /* topic name → encoded ck_meta_topic (use the ck_meta_topic_* calls) */
    CK_META_OFFSETS,     /* group \0 topic \0 partition → committed offset */
    CK_META_PRODUCERS,   /* idempotent/transactional producer id state */
    CK_META_TXNS,        /* transaction coordinator state */
    CK_META_GROUPS,      /* group metadata */
    CK_META_USERS,       /* SCRAM credentials */
    CK_META_ACLS,        /* ACL bindings */
    CK_META_KV,          /* cluster id, producer id counter, misc */
    CK_META_QUOTAS,      /* client quota entities and their values */
    CK_META__COUNT
} ck_meta_table;

/* ---------------------------------------------------------------------- */
/* Environment                                                              */
/* ---------------------------------------------------------------------- */

/** @brief Opens (creating if needed) the metadata store of data directory
 *  `dir` (the environment lives in dir/meta/).  Returns NULL on failure with
 *  err naming the path and the cause.  Caller frees with ck_meta_close. */
ck_meta *ck_meta_open(const char *dir, char *err, size_t errlen);
/** @brief ck_meta_open returning the chronik_err_t: 0 and *out set, or
 *  LOCKED (another handle holds the directory), IO, INVALID_ARG. */
int ck_meta_open2(const char *dir, ck_meta **out, char *err, size_t errlen);
/** @brief Closes the environment and releases the directory lock.  NULL does
 *  nothing.  No other call may be running on m. */
void ck_meta_close(ck_meta *m);
/** @brief The last error message of a ck_meta call on m ("" if none); the
 *  string is a per-thread copy, valid until this thread's next call of it. */
const char *ck_meta_errmsg(ck_meta *m);
/** @brief The path of the LMDB environment (dir/meta).  Borrowed: valid until close. */
const char *ck_meta_path(const ck_meta *m);

/* ---------------------------------------------------------------------- */
/* Topics                                                                   */
/* ---------------------------------------------------------------------- */

typedef struct ck_meta_topic {
    char    *name;
    uint8_t  id[16];
    int32_t  partitions;
    char   **configs;        /* NULL-terminated key, value, ... list; may be NULL */
    int64_t  created_ms;
} ck_meta_topic;

/** @brief Inserts or replaces topic t (keyed by name) in one write txn.
 *  t stays the caller's.  Any thread. */
int  ck_meta_topic_put(ck_meta *m, const ck_meta_topic *t);
/** @brief Deletes topic name; NOT_FOUND if absent.  Any thread. */
int  ck_meta_topic_del(ck_meta *m, const char *name);
/** @brief Reads topic name into *out (owned: ck_meta_topic_clear); NOT_FOUND if absent. */
int  ck_meta_topic_get(ck_meta *m, const char *name, ck_meta_topic *out);
/** @brief Every topic in name order: *out is an array of *n (owned:
 *  ck_meta_topics_free; NULL when there are none).  Any thread. */
int  ck_meta_topic_list(ck_meta *m, ck_meta_topic **out, size_t *n);
/** @brief Frees an array from ck_meta_topic_list.  NULL does nothing. */
void ck_meta_topics_free(ck_meta_topic *topics, size_t n);
/** @brief Frees the members of one topic (not t itself) and zeroes it. */
void ck_meta_topic_clear(ck_meta_topic *t);
/** @brief Encodes t into wb (the versioned value layout; exposed for tests). */
void ck_meta_topic_encode(const ck_meta_topic *t, ck_wb *wb);
/** @brief Decodes a topic value (name given separately); CORRUPT on a bad layout. */
int  ck_meta_topic_decode(const char *name, size_t nlen, const void *val, size_t vlen, ck_meta_topic *out);

/* ---------------------------------------------------------------------- */
/* Generic tables                                                           */
/* ---------------------------------------------------------------------- */

/** @brief Largest key length accepted (LMDB's limit, 511 by default). */
size_t ck_meta_max_key(const ck_meta *m);
/** @brief Stores key → val in table (insert or replace), one synced write txn. */
int ck_meta_put(ck_meta *m, ck_meta_table table, const void *key, size_t klen, const void *val, size_t vlen);
/** @brief *val = a ck_malloc'd copy of key's value (caller ck_free's it; a
 *  zero-length value still gives a non-NULL pointer), *vlen its length.
 *  NOT_FOUND if absent. */
int ck_meta_get(ck_meta *m, ck_meta_table table, const void *key, size_t klen, void **val, size_t *vlen);
/** @brief Deletes key; NOT_FOUND if absent. */
int ck_meta_del(ck_meta *m, ck_meta_table table, const void *key, size_t klen);

/** Scan callback: k/v are borrowed for the duration of the call only.
 *  Return non-zero to stop the scan. */
typedef int (*ck_meta_scan_fn)(void *opaque, const void *k, size_t kl, const void *v, size_t vl);
/** @brief Calls cb for every key starting with prefix (plen 0: all keys), in
 *  key order, inside one read txn (a consistent snapshot).  Returns 0, the
 *  callback's non-zero value when it stopped the scan, or an error.  cb must
 *  not write to m. */
int ck_meta_scan(ck_meta *m, ck_meta_table table, const void *prefix, size_t plen, ck_meta_scan_fn cb, void *opaque);
/** @brief Deletes every key starting with prefix in one write txn; *deleted
 *  (may be NULL) gets the count.  0 also when nothing matched. */
int ck_meta_del_prefix(ck_meta *m, ck_meta_table table, const void *prefix, size_t plen, size_t *deleted);

/* ---------------------------------------------------------------------- */
/* Batches: several writes in one LMDB write txn (all or nothing)           */
/* ---------------------------------------------------------------------- */

/** @brief Begins a write batch (waits for other writers).  NULL on error
 *  (message in ck_meta_errmsg).  Commit or abort it from the same thread. */
ck_meta_batch *ck_meta_batch_begin(ck_meta *m);
/** @brief Adds a put; a failure makes the batch fail at commit (sticky). */
int  ck_meta_batch_put(ck_meta_batch *b, ck_meta_table table, const void *key, size_t klen,
                       const void *val, size_t vlen);
/** @brief Adds a delete (an absent key is not an error). */
int  ck_meta_batch_del(ck_meta_batch *b, ck_meta_table table, const void *key, size_t klen);
/** @brief Deletes every key with the prefix inside the batch. */
int  ck_meta_batch_del_prefix(ck_meta_batch *b, ck_meta_table table, const void *prefix, size_t plen);
/** @brief Reads inside the batch (sees its own writes); like ck_meta_get. */
int  ck_meta_batch_get(ck_meta_batch *b, ck_meta_table table, const void *key, size_t klen, void **val, size_t *vlen);
/** @brief Adds a topic put / delete to the batch. */
int  ck_meta_batch_topic_put(ck_meta_batch *b, const ck_meta_topic *t);
int  ck_meta_batch_topic_del(ck_meta_batch *b, const char *name);
/** @brief Commits and frees b: 0 when every write is durable, else the first
 *  error and nothing was written. */
int  ck_meta_batch_commit(ck_meta_batch *b);
/** @brief Discards every write of b and frees it.  NULL does nothing. */
void ck_meta_batch_abort(ck_meta_batch *b);

/* ---------------------------------------------------------------------- */
/* Counters and ids                                                         */
/* ---------------------------------------------------------------------- */

/** @brief Number of producer ids reserved per durable write. */
#define CK_META_PID_BLOCK 1000

/** @brief Allocates the next producer id: strictly increasing, never reused,
 *  even after a crash (a block is persisted before any of it is handed out).
 *  Any thread. */
int ck_meta_next_producer_id(ck_meta *m, int64_t *pid);
/** @brief The cluster id: 22 characters of base64url (a random 16-byte
 *  UUID, as Kafka makes them), generated and stored on first call, stable
 *  across reopen.  out gets it NUL-terminated. */
int ck_meta_cluster_id(ck_meta *m, char out[23]);
/** @brief A random version-4 UUID that is neither all zero nor Kafka's
 *  reserved metadata topic id (for topic ids). */
void ck_meta_uuid(uint8_t out[16]);
/** @brief Kafka's base64url text form (22 chars, no padding) of a UUID. */
void ck_meta_uuid_str(const uint8_t id[16], char out[23]);

#endif /* CK_META_H */
