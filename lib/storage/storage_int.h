/*
 * storage_int.h — private structures of the storage layer, shared by
 * segment.c (segment files, offset/time indexes, chunked batch scanning),
 * log.c (open/recovery, append, read, retention) and flusher.c (the
 * group-commit workers).  Nothing outside lib/storage includes this file.
 *
 * Locking: each log has a mutex `mu` guarding its segment list, the active
 * segment's size/indexes, the pending list and its flush tickets; the
 * flusher has its own mutex guarding its queues and registry.  Order:
 * log->mu before fl->mu; the flusher never takes a log mutex while holding
 * its own.  cb_mu serialises durable callbacks of one log (taken without mu
 * held).
 *
 * Flush tickets: every flush of a log by a flusher worker is a ticket with a
 * sequence number and a target (the log end when it began).  Under
 * flush.policy=always up to CK_SYNC_SLOTS tickets of one log run at once, so
 * data written while an fdatasync is in progress gets its own fdatasync at
 * once instead of after that one.  Tickets are published in sequence order:
 * the durable offset moves to a ticket's target only when it and every
 * earlier ticket succeeded, and after any failure nothing is published again.
 * Concurrent tickets fdatasync through distinct file descriptors (slot 0 the
 * segment's own, slot k sync_fds[k - 1]), because the kernel reports a
 * writeback error once per open file: on one shared descriptor, a later
 * ticket could consume the error that belongs to an earlier ticket's data,
 * and the earlier one would wrongly succeed.  Tickets that sync rolled
 * segments, the directory or write a checkpoint are exclusive: they begin
 * only when no other ticket of the log is in flight, and none begins while
 * they do their I/O.
 */
#ifndef CK_STORAGE_INT_H
#define CK_STORAGE_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "storage/storage.h"

#define CK_OIDX_ENTRY 8    /* relative offset int32 + position int32 */
#define CK_TIDX_ENTRY 12   /* timestamp int64 + relative offset int32 */
#define CK_SEG_NAME_LEN 20
#define CK_SYNC_SLOTS 2    /* flush tickets of one log in flight at once */

/* One sparse index (offset or time) of a segment: a heap array while the
 * segment is active, a read-only mapping of the file once sealed. */
typedef struct ck_idx {
    uint8_t *p;         /* entries */
    size_t   n;         /* entry count */
    size_t   cap;       /* heap capacity in entries (0 when mapped) */
    size_t   map_len;   /* bytes mapped (0 for heap) */
    size_t   written;   /* entries already written to the file */
    int      fd;        /* open while active or not yet synced, else -1 */
} ck_idx;

typedef struct ck_seg {
    int64_t base;             /* base offset (file name) */
    int     fd;               /* the .log file, open until the last release */
    int     sync_fds[CK_SYNC_SLOTS - 1];  /* more descriptors of the .log for
                                 concurrent fdatasyncs (-1: not open) */
    bool    sync_fds_failed;  /* opening one failed: not tried again */
    int64_t size;             /* bytes of whole batches written (log mu) */
    int64_t next_offset;      /* last offset + 1 (log mu) */
    int64_t max_ts;           /* largest batch maxTimestamp, -1 if none */
    int64_t max_ts_batch;     /* base offset of the batch holding max_ts */
    int64_t created_ms;       /* wall clock of the first append, 0 if empty */
    int64_t bytes_since_idx;  /* bytes appended since the last index entry */
    bool    sealed;           /* no longer appended to */
    bool    idx_ready;        /* indexes usable (heap, or mapped once sealed) */
    ck_idx  oidx, tidx;
    int     refs;             /* atomic */
    char   *prefix;           /* "<dir>/<base:020>" */
} ck_seg;

typedef struct ck_ckpt {
    int64_t seg_base, pos, next_offset, max_ts, max_ts_batch;
} ck_ckpt;

struct ck_log {
    char           *dir;
    ck_log_conf     conf;
    ck_flusher     *fl;
    ck_flush_policy policy;
    pthread_mutex_t mu;
    ck_seg        **segs;         /* ordered by base; the last is active */
    int             nseg, segcap;
    ck_seg        **pending;      /* rolled, not yet synced (each holds a ref) */
    int             npending, pendcap;
    bool            dir_dirty;    /* a segment file was created since the last dir fsync */
    bool            failed;       /* sticky I/O failure */
    int64_t         start, end, durable;   /* atomics */
    /* flush tickets (mu; see the top of this file) */
    int64_t         sync_end;     /* end covered by the latest ticket begun */
    int64_t         last_ckpt_ms;
    uint64_t        tk_next;      /* sequence number of the next ticket */
    uint64_t        tk_pub;       /* tickets below it are published */
    uint64_t        tk_io_done;   /* tickets whose I/O has finished */
    int64_t         tk_end[CK_SYNC_SLOTS];    /* targets of unpublished tickets, by seq % slots */
    bool            tk_ok[CK_SYNC_SLOTS];     /* their I/O succeeded */
    bool            excl_busy;    /* an exclusive ticket is doing its I/O */
    bool            ckpt_busy;    /* a ticket is writing the checkpoint */
    pthread_cond_t  tk_cv;        /* a ticket finished, was published or released */
    pthread_mutex_t cb_mu;
    ck_log_durable_cb cb;
    void           *cb_opaque;
    int64_t         cb_last;      /* cb_mu */
    ck_log_recovery rec;
    /* flusher links (fl->mu) */
    ck_log         *dirty_next;   /* next in the queue it is on */
    int             queued;       /* which flusher queue holds it (flusher.c), 0: none */
    bool            in_dirty;     /* written since a worker last took it */
    int             in_flight;    /* flusher workers inside ck_log_sync_round for it */
    ck_log         *reg_prev, *reg_next;
};

/* ---- segment.c ---------------------------------------------------------- */

/* A chunked reader over one segment file up to `limit` bytes. */
typedef struct ck_scan {
    int      fd;
    uint8_t *buf;
    size_t   cap;
    int64_t  off;      /* file position of buf[0] */
    size_t   len;      /* valid bytes in buf */
    int64_t  limit;    /* never read at or past it */
    int      ioerr;    /* errno of a failed pread, sticky */
} ck_scan;

void ck_scan_init(ck_scan *s, int fd, uint8_t *buf, size_t cap, int64_t limit);
/** @brief View of [pos, pos+n) or NULL (beyond limit, n > cap, or I/O error). */
const uint8_t *ck_scan_at(ck_scan *s, int64_t pos, size_t n);
/** @brief Header of the batch at pos: 1 ok, 0 no whole batch there, -1 I/O error. */
int ck_scan_hdr(ck_scan *s, int64_t pos, ck_batch_hdr *h);
/** @brief Full CRC check of the batch at pos whose header is h: 0 ok, 1 bad, -1 I/O. */
int ck_scan_verify(ck_scan *s, int64_t pos, const ck_batch_hdr *h);

/** @brief Reads up to len bytes at off; returns bytes read (short at EOF) or -1. */
ssize_t ck_storage_pread(int fd, void *buf, size_t len, int64_t off);

ck_seg *ck_seg_new(const char *dir, int64_t base);
/** @brief Creates a fresh empty segment (truncating stale files); NULL + errno. */
ck_seg *ck_seg_create(const char *dir, int64_t base);
/** @brief Opens an existing segment's .log file; NULL + errno. */
ck_seg *ck_seg_open(const char *dir, int64_t base);
void    ck_seg_keep(ck_seg *seg);
void    ck_seg_release(ck_seg *seg);
/** @brief Unlinks the segment's files, .txnindex included (the fds stay valid). */
void    ck_seg_unlink(ck_seg *seg);
void    ck_seg_path(const ck_seg *seg, const char *ext, char *out, size_t outlen);

void    ck_idx_add_offset(ck_seg *seg, int64_t offset, int64_t pos);
void    ck_idx_add_time(ck_seg *seg, int64_t ts, int64_t offset);
/** @brief Last time index entry's timestamp, or -1. */
int64_t ck_idx_last_ts(const ck_seg *seg);
/** @brief Loads the valid prefix of both index files into heap arrays
 *  (entries below max_pos / max_rel), truncating the files to it; opens the
 *  index fds.  0 or -1 (errno). */
int     ck_idx_load(ck_seg *seg, int64_t max_pos, int64_t max_rel);
/** @brief Writes entries not yet in the files; 0 or -1. */
int     ck_idx_write_tail(ck_seg *seg);
/** @brief fsyncs the index files that are open; 0 or -1. */
int     ck_idx_sync(ck_seg *seg);
/** @brief Closes the index fds (after a sync). */
void    ck_idx_close_fds(ck_seg *seg);
/** @brief The descriptor flush slot `slot` fdatasyncs through: slot 0 the
 *  segment's own, another one opened (read-only) on first use; -1 when it
 *  cannot be opened, and tickets on the segment then run exclusively.  Log
 *  mu held. */
int     ck_seg_sync_fd(ck_seg *seg, int slot);
/** @brief Closes the extra descriptors (a synced rolled segment).  Caller is
 *  the only user of them. */
void    ck_seg_close_sync_fds(ck_seg *seg);
/** @brief Appends the final max-timestamp entry, writes the tails and drops
 *  the heap arrays: the segment becomes read-only.  0 or -1. */
int     ck_seg_seal(ck_seg *seg);
/** @brief Maps a sealed segment's indexes for lookups (log mu held). */
void    ck_seg_map(ck_seg *seg);
/** @brief Checks a sealed segment's index files against its size; on
 *  success sets max_ts from the time index and returns true. */
bool    ck_seg_check_sealed(ck_seg *seg, int64_t fsize);
/** @brief File position of the last indexed batch at or before offset. */
int64_t ck_idx_lookup(const ck_seg *seg, int64_t offset);
/** @brief Offset to start a timestamp search at: the batch of the last time
 *  entry with timestamp < ts (else the segment base). */
int64_t ck_idx_lookup_time(const ck_seg *seg, int64_t ts);
/** @brief Offset of the last time entry with offset < max_offset, or -1;
 *  its timestamp in *ts. */
int64_t ck_idx_last_time_below(const ck_seg *seg, int64_t max_offset, int64_t *ts);

/* ---- cleaner.c ------------------------------------------------------------ */

/** @brief Deletes `*.cleaned` files and finishes (a `.log.swap` exists) or
 *  undoes (it does not) interrupted compaction swaps in dir.  0 or -1 with
 *  errno.  Owner thread, before the segments are listed at open. */
int ck_clean_recover(const char *dir);

/* ---- log.c / flusher.c ---------------------------------------------------- */

/** @brief One flush ticket for log: syncs what was written since the
 *  previous ticket began, publishes the durable offset in ticket order and
 *  calls the durable callback (see the top of this file).  Returns at once
 *  when there is nothing to sync.  A flusher worker (at most CK_SYNC_SLOTS
 *  at once per log), or the owner in ck_flusher_free.  Takes log->mu. */
void ck_log_sync_round(ck_log *log);
/** @brief Tickets of log whose I/O has finished (tests).  Takes log->mu. */
uint64_t ck_log_tickets_done(ck_log *log);
/** @brief Test hook: when set, every fdatasync of segment data calls it
 *  instead (it returns as fdatasync does, errno set on failure).  Set it
 *  before the appends whose flushes it should see; clear it while no flush
 *  is in progress. */
extern int (*ck_storage_sync_hook)(ck_log *log, int fd);
void ck_flusher_register(ck_flusher *fl, ck_log *log);
/** @brief Removes log from the dirty list and waits until the flusher no
 *  longer uses it; then unregisters it. */
void ck_flusher_unregister(ck_flusher *fl, ck_log *log);
/** @brief Queues log for the next round (log mu held); wake: signal now. */
void ck_flusher_mark_dirty(ck_flusher *fl, ck_log *log, bool wake);
/** @brief Counts one fdatasync. */
void ck_flusher_count_sync(ck_flusher *fl);
/** @brief Workers inside a flush of log right now (tests).  Takes fl->mu. */
int ck_flusher_log_workers(ck_flusher *fl, ck_log *log);

#endif
