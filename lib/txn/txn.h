/*
 * txn.h — the transaction coordinator: Kafka's TransactionCoordinator for
 * one node.  It maps transactional ids to producer ids and epochs (an
 * InitProducerId bumps the epoch and so fences the previous producer; an
 * ongoing transaction of the fenced producer is aborted), tracks the
 * partitions and consumer groups of each ongoing transaction, keeps
 * transactional offset commits pending until the transaction commits, and
 * ends transactions by writing COMMIT/ABORT control batches to every
 * partition of the transaction.
 *
 * States are Kafka's: Empty, Ongoing, PrepareCommit, PrepareAbort,
 * CompleteCommit, CompleteAbort, Dead, PrepareEpochFence.  Every transition
 * is written to LMDB (CK_META_TXNS, key = transactional id) before it is
 * acted upon, so that after a crash a transaction found in PrepareCommit or
 * PrepareAbort has its markers written again and completes; an Ongoing one
 * continues (or times out).  Pending offsets are stored with the
 * transaction and move to the group offsets store (CK_META_OFFSETS, the
 * layout of lib/group) in the same LMDB write that completes a commit.
 *
 * The coordinator registers a check with the engine so that a transactional
 * batch is appended only for a partition added to its producer's ongoing
 * transaction, with the current epoch.  A timer thread aborts transactions
 * older than their transaction.timeout.ms (bumping the epoch: the silent
 * producer is fenced), completes transactions whose markers are durable and
 * retries marker writes that failed.
 *
 * Threads and locks: one coordinator mutex guards every transaction; it is
 * held while a transition is written to LMDB and while markers are handed
 * to the engine.  Marker durability callbacks only queue the completion for
 * the timer thread.  ck_txn_end completes through a callback that runs
 * exactly once, on the timer thread (or in ck_tcoord_tick without one),
 * never with the coordinator mutex held.
 */
#ifndef CK_TXN_H
#define CK_TXN_H

#include "engine/engine.h"
#include "meta/meta.h"
#include "util/util.h"

typedef struct ck_tcoord ck_tcoord;

typedef enum ck_txn_state {
    CK_TXN_EMPTY = 0,
    CK_TXN_ONGOING,
    CK_TXN_PREPARE_COMMIT,
    CK_TXN_PREPARE_ABORT,
    CK_TXN_COMPLETE_COMMIT,
    CK_TXN_COMPLETE_ABORT,
    CK_TXN_DEAD,
    CK_TXN_PREPARE_EPOCH_FENCE,
    CK_TXN__STATES
} ck_txn_state;

/** @brief Kafka's name of a state ("Empty", "Ongoing", ...). */
const char *ck_txn_state_name(ck_txn_state s);
/** @brief The state named name (len bytes), or -1. */
int ck_txn_state_parse(const char *name, size_t len);

/* Longest transactional id accepted. */
#define CK_TXN_ID_MAX 255

/* ---------------------------------------------------------------------- */
/* Lifecycle                                                                */
/* ---------------------------------------------------------------------- */

typedef struct ck_tcoord_opts {
    bool     no_thread;                 /* tests: no timer thread; call ck_tcoord_tick */
    int64_t (*clock_ms)(void *opaque);  /* wall ms for start times and timeouts; NULL: ck_now_ms */
    void    *clock_opaque;
} ck_tcoord_opts;

/** @brief A coordinator for eng: loads every transaction from LMDB, writes
 *  the markers of those found in a Prepare state, and registers the
 *  produce check with the engine.  opts may be NULL.  Free with
 *  ck_tcoord_free before eng closes.  Any thread. */
ck_tcoord *ck_tcoord_new(ck_engine *eng, const ck_tcoord_opts *opts);
/** @brief Unregisters from the engine, waits (bounded) for markers in
 *  flight, stops the timer thread and frees.  NULL ok. */
void ck_tcoord_free(ck_tcoord *tc);
/** @brief Runs what the timer thread does once: completions whose markers
 *  are durable, retries, and timeouts at the coordinator clock's now. */
void ck_tcoord_tick(ck_tcoord *tc);

/** @brief The engine's coordinator, created on first use.  Any thread. */
ck_tcoord *ck_txn_coord(ck_engine *eng);
/** @brief Creates eng's coordinator now (recovery at startup): call after
 *  the engine opened.  0 or a chronik_err_t. */
int ck_txn_start(ck_engine *eng);
/** @brief Frees eng's coordinator if one exists: call after the Kafka
 *  listener stopped and before the engine closes.  NULL ok. */
void ck_txn_shutdown(ck_engine *eng);
/** @brief The transaction feature (lib/chronik's table): at start,
 *  transactions a crash left open are completed or aborted. */
extern const ck_feature ck_txn_feature;

/* ---------------------------------------------------------------------- */
/* Requests.  Errors are Kafka codes; PRODUCER_FENCED is returned for a     */
/* stale epoch (callers answering old request versions map it to           */
/* INVALID_PRODUCER_EPOCH).                                                 */
/* ---------------------------------------------------------------------- */

/** @brief InitProducerId with a transactional id: a producer id and a new
 *  epoch for txn_id.  exp_pid/exp_epoch (-1 when absent, v3+) name the
 *  caller's current ones (KIP-360).  An ongoing transaction is aborted
 *  with a bumped epoch and CONCURRENT_TRANSACTIONS is returned (retry).
 *  Errors: INVALID_REQUEST, INVALID_TRANSACTION_TIMEOUT,
 *  CONCURRENT_TRANSACTIONS, PRODUCER_FENCED, KAFKA_STORAGE_ERROR.  Any thread. */
int16_t ck_txn_init_pid(ck_tcoord *tc, const char *txn_id, int32_t timeout_ms, int64_t exp_pid, int16_t exp_epoch,
                        int64_t *pid, int16_t *epoch);

typedef struct ck_txn_tp {
    const char *topic;
    int32_t     partition;
    int16_t     error;               /* out */
} ck_txn_tp;

/** @brief AddPartitionsToTxn: adds tps to txn_id's transaction (durably),
 *  which becomes Ongoing.  verify_only checks membership only.  Fills each
 *  error and returns the one that applied to all (0 if per partition).
 *  Any thread. */
int16_t ck_txn_add_partitions(ck_tcoord *tc, const char *txn_id, int64_t pid, int16_t epoch, ck_txn_tp *tps,
                              size_t n, bool verify_only);
/** @brief AddOffsetsToTxn: adds group's offsets to the transaction. */
int16_t ck_txn_add_offsets(ck_tcoord *tc, const char *txn_id, int64_t pid, int16_t epoch, const char *group);

typedef struct ck_txn_offset {
    const char *topic;
    int32_t     partition;
    int64_t     offset;
    int32_t     leader_epoch;        /* -1 if none */
    const void *metadata;            /* metadata_len bytes, NUL bytes included */
    int32_t     metadata_len;        /* -1: null metadata (metadata unused) */
    int16_t     error;               /* out */
} ck_txn_offset;

/** @brief TxnOffsetCommit: keeps offs pending in the transaction (durably)
 *  until it commits; the metadata bytes (or null) are committed as sent,
 *  OFFSET_METADATA_TOO_LARGE above offset.metadata.max.bytes.  Fills each
 *  error; returns the one that applied to all. */
int16_t ck_txn_offset_commit(ck_tcoord *tc, const char *txn_id, const char *group, int64_t pid, int16_t epoch,
                             ck_txn_offset *offs, size_t n);

typedef void (*ck_txn_end_cb)(void *opaque, int16_t error);

/** @brief EndTxn: commits or aborts txn_id's transaction.  cb runs exactly
 *  once: with 0 once the markers are durable and the transaction is
 *  complete, or with the error (INVALID_PRODUCER_ID_MAPPING,
 *  PRODUCER_FENCED, CONCURRENT_TRANSACTIONS, INVALID_TXN_STATE...).  It may
 *  run before this returns (errors, retried ends).  Any thread. */
void ck_txn_end(ck_tcoord *tc, const char *txn_id, int64_t pid, int16_t epoch, bool commit, ck_txn_end_cb cb,
                void *opaque);

/* ---------------------------------------------------------------------- */
/* Introspection                                                            */
/* ---------------------------------------------------------------------- */

typedef struct ck_txn_desc {
    int16_t             error;       /* TRANSACTIONAL_ID_NOT_FOUND */
    const char         *txn_id;
    ck_txn_state        state;
    int32_t             timeout_ms;
    int64_t             start_ms;    /* -1 when no transaction is open */
    int64_t             producer_id;
    int16_t             producer_epoch;
    size_t              ntps;
    const char *const  *topics;      /* ntps entries, sorted by topic then partition */
    const int32_t      *partitions;
} ck_txn_desc;

typedef void (*ck_txn_desc_fn)(void *opaque, const ck_txn_desc *d);
/** @brief Describes txn_id; fn runs once, pointers valid during the call. */
void ck_txn_describe(ck_tcoord *tc, const char *txn_id, ck_txn_desc_fn fn, void *opaque);

typedef struct ck_txn_listing {
    char        *txn_id;
    int64_t      producer_id;
    ck_txn_state state;
    int64_t      start_ms;           /* -1 when no transaction is open */
} ck_txn_listing;

/** @brief Every transactional id, sorted: *out (ck_txn_listings_free) of *n. */
void ck_txn_list(ck_tcoord *tc, ck_txn_listing **out, size_t *n);
void ck_txn_listings_free(ck_txn_listing *l, size_t n);
/** @brief The coordinator clock (wall ms). */
int64_t ck_tcoord_now(ck_tcoord *tc);

/** @brief Whether an open transaction holds a pending offset commit of
 *  group on topic/partition (OffsetFetch RequireStable answers
 *  UNSTABLE_OFFSET_COMMIT then).  false when eng has no coordinator.  Any thread. */
bool ck_txn_offsets_pending(ck_engine *eng, const char *group, const char *topic, int32_t partition);

#endif /* CK_TXN_H */
