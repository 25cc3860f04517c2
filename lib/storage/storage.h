/*
 * storage.h — one partition log on disk, and the group-commit flusher.
 *
 * A log is a directory of segments `<base-offset:020>.log` holding record
 * batches exactly in Kafka's v2 wire layout, each with a sparse offset index
 * (`.index`: relative offset int32, file position int32, big-endian) and a
 * time index (`.timeindex`: timestamp int64, relative offset int32).  Appends
 * assign offsets by rewriting each batch's baseOffset in place and write the
 * bytes as received.  The flusher's workers fsync logs written since their
 * last flush (group commit; under `always` a log written during an fsync
 * gets its next one started at once, on another worker) and advance each
 * log's durable offset — the high watermark — in order, then call the log's
 * durable callback.
 *
 * Recovery on open CRC-checks everything after the recovery checkpoint, cuts
 * a torn or corrupt tail at the last good batch (logging offset and bytes
 * dropped) and rebuilds the indexes for that part.  It never refuses to open
 * because of a bad tail.
 *
 * Thread model: appends to one log are serialised by the log's mutex; reads
 * run concurrently with appends (they take the mutex only to pin a segment);
 * the durable callback runs on a flusher worker (or on the appending thread
 * when flush.policy is not `always`), one call at a time per log, with
 * durable_end increasing.
 */
#ifndef CK_STORAGE_H
#define CK_STORAGE_H

#include "util/util.h"
#include "record/record.h"

typedef enum ck_flush_policy {
    CK_FLUSH_ALWAYS = 0,      /* ack after fdatasync (default) */
    CK_FLUSH_INTERVAL,        /* ack on write, fdatasync every interval_ms */
    CK_FLUSH_OS,              /* ack on write, the OS flushes (Kafka's default) */
} ck_flush_policy;

typedef struct ck_log_conf {
    int64_t segment_bytes;         /* roll when the active segment would exceed it (default 1 GiB) */
    int64_t segment_ms;            /* roll when the active segment is older (default 7 days) */
    int64_t retention_ms;          /* -1: keep forever (default 7 days) */
    int64_t retention_bytes;       /* -1: no size limit (default) */
    int32_t index_interval_bytes;  /* bytes between index entries (default 4096) */
} ck_log_conf;

void ck_log_conf_defaults(ck_log_conf *c);

typedef struct ck_flusher ck_flusher;
typedef struct ck_log ck_log;

/** @brief Starts the flusher's worker threads (several under
 *  CK_FLUSH_ALWAYS, one otherwise).  interval_ms is used by
 *  CK_FLUSH_INTERVAL.  NULL on failure (thread creation). */
ck_flusher *ck_flusher_new(ck_flush_policy policy, int interval_ms);
/** @brief Stops and joins the workers, then syncs every log still registered.
 *  All logs must have been closed first (or are synced as they are). NULL ok. */
void ck_flusher_free(ck_flusher *fl);
ck_flush_policy ck_flusher_policy(const ck_flusher *fl);
/** @brief Count of fdatasync calls made so far (for metrics and tests). */
uint64_t ck_flusher_syncs(const ck_flusher *fl);

/** @brief Called when the durable offset (high watermark) of log advances to
 *  durable_end (exclusive: the next offset to be made durable).  Runs on a
 *  flusher worker or the appending thread, never twice at once for one log,
 *  durable_end increasing from call to call; must not call back into the
 *  log except for the lock-free getters. */
typedef void (*ck_log_durable_cb)(void *opaque, ck_log *log, int64_t durable_end);

/** @brief Opens or creates the log in dir (created if absent), recovering
 *  as described above.  Returns 0, or a chronik_err_t (IO, CORRUPT only when
 *  the directory itself is unusable) with err filled. */
int ck_log_open(const char *dir, const ck_log_conf *conf, ck_flusher *fl, ck_log **out, char *err, size_t errlen);
/** @brief Registers the durable callback (one per log; before appends begin). */
void ck_log_set_durable_cb(ck_log *log, ck_log_durable_cb cb, void *opaque);
/** @brief Replaces the log's configuration (segment/retention settings). */
void ck_log_set_conf(ck_log *log, const ck_log_conf *conf);
/** @brief Syncs, writes the recovery checkpoint and frees.  NULL ok. */
void ck_log_close(ck_log *log);
/** @brief Closes the log and removes its directory.  NULL ok. */
int ck_log_destroy(ck_log *log);

/** @brief Appends data[0..len), one or more complete v2 batches already
 *  validated by the caller.  Rewrites each batch's baseOffset in place, so
 *  data must be writable.  *base_offset / *last_offset receive the offsets
 *  of the first and last record.  Returns 0 when written (not yet durable
 *  under `always`: wait for the durable callback), or KAFKA_STORAGE_ERROR
 *  after an I/O failure; the log then refuses every further append until it
 *  is reopened (sticky failure).  Thread-safe. */
int ck_log_append(ck_log *log, uint8_t *data, size_t len, int64_t *base_offset, int64_t *last_offset);

/** @brief Lock-free getters.  end: next offset to be written; durable: the
 *  high watermark (next offset not yet durable); start: log start offset. */
int64_t ck_log_start_offset(const ck_log *log);
int64_t ck_log_end_offset(const ck_log *log);
int64_t ck_log_durable_offset(const ck_log *log);
/** @brief true once a write or fsync failed: the log refuses appends and,
 *  under `always`, its durable offset stops advancing (waiters for offsets
 *  beyond it should be failed with KAFKA_STORAGE_ERROR).  Lock-free. */
bool ck_log_failed(const ck_log *log);
/** @brief Bytes of all segment files. */
int64_t ck_log_size_bytes(ck_log *log);
/** @brief Number of segments. */
int ck_log_segment_count(ck_log *log);

/* A range of one segment file holding whole batches; it pins the segment
 * (its fd stays open) until ck_log_slice_release, even if retention deletes
 * the segment meanwhile. */
typedef struct ck_log_slice {
    int      fd;
    int64_t  pos;            /* file position of the first batch */
    size_t   len;            /* bytes: whole batches only */
    int64_t  first_offset;   /* base offset of the first batch */
    int64_t  next_offset;    /* last offset of the last batch + 1 */
    void    *seg;            /* pinned segment */
} ck_log_slice;

/** @brief Finds the batches holding offsets [offset, max_offset) in one
 *  segment, at most max_bytes of them but always at least one whole batch
 *  when any is readable (Kafka's "first batch even if larger" rule).
 *  max_offset is normally the high watermark.  On success *slice is filled
 *  (len 0 when offset == max_offset: nothing to read yet); call again with
 *  slice->next_offset to continue into later segments.  OFFSET_OUT_OF_RANGE
 *  when offset < start or offset > max_offset.  Thread-safe. */
int ck_log_read(ck_log *log, int64_t offset, int64_t max_offset, size_t max_bytes, ck_log_slice *slice);
void ck_log_slice_release(ck_log_slice *slice);
/** @brief Convenience: ck_log_read repeated across segments, copying up to
 *  max_bytes of whole batches into out.  *next_offset: where to continue. */
int ck_log_read_copy(ck_log *log, int64_t offset, int64_t max_offset, size_t max_bytes, ck_wb *out,
                     int64_t *next_offset);
/** @brief A pinned segment's fd reference helpers (for ck_wb splicing). */
void ck_log_seg_keep(void *seg);
void ck_log_seg_release(void *seg);

/** @brief First offset whose record timestamp is >= ts (through the time
 *  index, then the batches); *offset = -1 when none (caller answers with
 *  the high watermark).  Only offsets below max_offset are considered. */
int ck_log_offset_for_time(ck_log *log, int64_t ts, int64_t max_offset, int64_t *offset, int64_t *found_ts);
/** @brief Offset and timestamp of the record with the largest timestamp below max_offset. */
int ck_log_max_timestamp(ck_log *log, int64_t max_offset, int64_t *offset, int64_t *ts);

/** @brief Advances the log start offset to new_start (durably) and deletes
 *  segments wholly below it.  OFFSET_OUT_OF_RANGE if new_start > durable. */
int ck_log_delete_before(ck_log *log, int64_t new_start);
/** @brief Deletes whole old segments by retention.ms / retention.bytes (never
 *  the active one unless empty), advancing the start offset.  *deleted_segments may be NULL. */
int ck_log_retention(ck_log *log, int64_t now_ms, int *deleted_segments);

/** @brief Calls cb for the header of every batch with last offset >= from,
 *  in order, up to the written end (used to rebuild producer state).  A
 *  non-zero return from cb stops the scan and is returned. */
int ck_log_scan(ck_log *log, int64_t from, int (*cb)(void *opaque, const ck_batch_hdr *hdr), void *opaque);

/** @brief Recovery facts of the last ck_log_open (for logs and tests). */
typedef struct ck_log_recovery {
    int64_t truncated_bytes;     /* bytes cut from a torn/corrupt tail */
    int64_t truncated_at;        /* offset where the tail was cut, or -1 */
    int64_t scanned_bytes;       /* bytes CRC-checked */
} ck_log_recovery;
void ck_log_last_recovery(const ck_log *log, ck_log_recovery *rec);

/** @brief The active segment's .log fd, for fault-injection tests only
 *  (e.g. replacing it with a read-only fd to provoke a sticky failure). */
int ck_log_active_fd(ck_log *log);

/* ---------------------------------------------------------------------- */
/* Log compaction (cleaner.c)                                               */
/* ---------------------------------------------------------------------- */

/* What a compaction pass may do (a compacted topic's configs). */
typedef struct ck_clean_conf {
    double  min_dirty_ratio;      /* min.cleanable.dirty.ratio: clean when dirty/total bytes reach it */
    int64_t min_lag_ms;           /* min.compaction.lag.ms: younger segments stay uncleaned */
    int64_t max_lag_ms;           /* max.compaction.lag.ms: an older dirty record forces a pass */
    int64_t delete_retention_ms;  /* delete.retention.ms: tombstones/markers live this long after a pass */
    int64_t stable_end;           /* first offset that must not be cleaned (first unstable offset) */
    size_t  map_bytes;            /* log.cleaner.dedupe.buffer.size: key map memory */
    bool    force;                /* clean even below min_dirty_ratio (offline compaction) */
    const bool *stop;             /* NULL, or set (atomically) to end the pass early between segments */
} ck_clean_conf;

/* What a pass found and did. */
typedef struct ck_clean_stats {
    bool    cleaned;              /* a pass ran (it was due) */
    int     segments;             /* segments rewritten */
    int64_t bytes_read, bytes_written;
    int64_t records_removed;
    int64_t clean_bytes, dirty_bytes;   /* cleanable bytes before the pass */
    double  dirty_ratio;          /* dirty / (clean + dirty) before the pass */
    int64_t lag_ms;               /* age of the oldest dirty record before the pass */
    int64_t first_dirty;          /* the first dirty offset after the pass */
} ck_clean_stats;

/** @brief Kafka's defaults (ratio 0.5, no lags, one day of tombstones,
 *  128 MiB of map, stable_end unlimited). */
void ck_clean_conf_defaults(ck_clean_conf *cc);
/** @brief One compaction pass (cleaner.c's comment says what is kept):
 *  measures how dirty the sealed segments below the first uncleanable
 *  offset are and, when due (dirty ratio, max lag, a delete horizon passed,
 *  or cc->force), rewrites them keeping the last record per key, offsets
 *  unchanged.  *st is filled either way.  Returns 0, or
 *  KAFKA_STORAGE_ERROR / CORRUPT_MESSAGE with err filled (the old segments
 *  stay; a failed swap makes the log refuse appends until reopened, where
 *  recovery finishes or undoes it).  Passes of one log must not overlap;
 *  appends and reads may run meanwhile.  Any thread. */
int ck_log_clean(ck_log *log, const ck_clean_conf *cc, int64_t now_ms, ck_clean_stats *st, char *err,
                 size_t errlen);
/** @brief Fault injection for tests: when set, called at each step of a
 *  pass ("mapped", "cleaned-file", "cleaned", "renamed-swap",
 *  "swap-decided", "renamed-live", "swapped", "removed-empty", "done"). */
extern void (*ck_clean_test_hook)(const char *step);

/* ---------------------------------------------------------------------- */
/* Transaction index (txnindex.c)                                           */
/* ---------------------------------------------------------------------- */

/* One aborted transaction, as kept in its marker's segment `.txnindex`. */
typedef struct ck_txn_entry {
    int64_t producer_id;
    int64_t first_offset;     /* the transaction's first offset in this log */
    int64_t last_offset;      /* the offset of its ABORT marker */
    int64_t last_stable;      /* the last stable offset when the marker was written */
} ck_txn_entry;
#define CK_TXN_ENTRY_SIZE 34

/** @brief Appends e to the `.txnindex` of the segment holding e->last_offset
 *  and syncs it.  0, INVALID_ARG (offset not in the log) or
 *  KAFKA_STORAGE_ERROR.  Any thread. */
int ck_log_txn_append(ck_log *log, const ck_txn_entry *e);
/** @brief Every entry of the log's segments ordered by last offset: *out
 *  (ck_free; NULL when none) of *n.  Entries outside their segment (a cut
 *  tail) are dropped and the file rewritten.  Any thread (used at open). */
int ck_log_txn_load(ck_log *log, ck_txn_entry **out, size_t *n);

#endif
