/*
 * engine_internal.h — the layout of the engine, topic and partition objects,
 * shared by engine.c (registry, produce, fetch) and producer.c (idempotent
 * producer state).  Nothing outside lib/engine includes it.
 */
#ifndef CK_ENGINE_INTERNAL_H
#define CK_ENGINE_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "engine/engine.h"
#include "meta/meta.h"

/* A produce waiting for durability (flush.policy=always). */
typedef struct ck_durable_waiter {
    int64_t                   last_offset;  /* complete once HWM > last_offset */
    int64_t                   t0_us;        /* when the produce arrived (latency) */
    ck_produce_cb             cb;
    void                     *opaque;
    ck_produce_result         res;
    struct ck_durable_waiter *next;
} ck_durable_waiter;

/* Idempotent producer state of one producer id on one partition. */
#define CK_PRODUCER_BATCHES 5
typedef struct ck_pbatch {
    int32_t first_seq, last_seq;
    int64_t base_offset, last_offset;
    int64_t timestamp;
} ck_pbatch;

typedef struct ck_pstate {
    int64_t   producer_id;
    int16_t   epoch;
    int32_t   nbatches;                   /* valid entries in ring */
    int32_t   head;                       /* index of the newest */
    ck_pbatch ring[CK_PRODUCER_BATCHES];
    int64_t   last_timestamp;
    int64_t   txn_first_offset;           /* open transaction's first offset, -1 */
    int32_t   coordinator_epoch;
} ck_pstate;

struct ck_partition {
    ck_topic        *topic;               /* back pointer (not a reference) */
    int32_t          index;
    ck_log          *log;                 /* NULL once deleted */
    char            *dir;
    pthread_rwlock_t life;                /* read: using log; write: deleting */
    pthread_mutex_t  produce_lock;        /* idempotence check + append */
    pthread_mutex_t  wait_lock;           /* waiters and watches */
    ck_durable_waiter *wait_head, *wait_tail;
    ck_watch         watches;             /* sentinel of a circular list */
    ck_map           producers;           /* "pid" (8 bytes) -> ck_pstate* */
    int64_t          snapshot_offset;     /* producer-state snapshot covers below */
    _Atomic int64_t  round_robin;
    /* transactions: first_unstable is written under produce_lock */
    _Atomic int64_t  first_unstable;      /* first offset of the earliest open txn, INT64_MAX if none */
    pthread_mutex_t  txn_lock;            /* guards aborted */
    ck_aborted_txn  *aborted;             /* ordered by last_offset */
    size_t           naborted, abcap;
};

struct ck_topic {
    _Atomic int32_t  refs;
    ck_engine       *eng;
    char            *name;
    uint8_t          id[16];
    _Atomic int32_t  npart;
    ck_partition   **_Atomic parts;       /* array of capacity cap */
    int32_t          cap;
    void           **old_parts;           /* retired arrays, freed with the topic */
    int32_t          nold;
    pthread_mutex_t  conf_lock;
    ck_topic_conf    conf;
    _Atomic bool     deleted;
    int64_t          created_ms;
};

struct chronik {
    chronik_conf_t *_Atomic conf;         /* current broker conf; replaced whole on a dynamic change */
    chronik_conf_t **old_confs;           /* replaced confs, freed at close (readers may hold them) */
    size_t           nold_confs;          /* guarded by admin_lock */
    char            *data_dir;
    char            *logs_dir;
    ck_meta         *meta;
    ck_flusher      *flusher;
    char             cluster_id[64];
    int32_t          node_id;

    pthread_rwlock_t topics_lock;         /* guards the maps */
    ck_map           topics;              /* name -> ck_topic* (one ref) */
    pthread_mutex_t  admin_lock;          /* serialises create/delete/alter */

    ck_engine_stats  stats;

    /* Features keep their state in extension slots (ck_engine_ext). */
    pthread_mutex_t  ext_lock;            /* serialises ck_engine_ext_set */
    pthread_mutex_t  ext_start_lock;      /* serialises ck_engine_ext_start / _take */
    struct { const ck_ext_key *key; void *_Atomic value; } ext[CK_ENGINE_EXT_MAX];
    _Atomic int      ext_count;           /* slots in use */

    void            *txn;                 /* transaction coordinator (ck_engine_txn_attach) */
    struct { ck_topic_listener_fn fn; void *opaque; } listeners[8];
    int              nlisteners;          /* guarded by admin_lock */
    ck_txn_verify_fn txn_verify;          /* its produce check (with txn) */
    void           (*txn_free)(void *txn); /* frees it at close if still registered */

    pthread_t        bg_thread;           /* retention, producer snapshots */
    bool             bg_started;
    pthread_mutex_t  bg_lock;
    pthread_cond_t   bg_cond;
    bool             closing;

    int              wake_fd[2];          /* ck_engine_wait / ck_engine_shutdown */
    _Atomic bool     shutdown_requested;
};

/* producer.c */
int  ck_producer_check(ck_partition *p, const ck_batch_hdr *h, ck_produce_result *res, bool *duplicate);
void ck_producer_update(ck_partition *p, const ck_batch_hdr *h);
void ck_producer_state_free(ck_partition *p);
int  ck_producer_state_load(ck_partition *p);
int  ck_producer_state_save(ck_partition *p);
void ck_producer_marker(ck_partition *p, const ck_batch_hdr *h, int type, bool persist);
void ck_producer_lso_update(ck_partition *p);
int  ck_control_batch_type(const uint8_t *b, size_t len);

/* engine.c */
void ck_partition_conf_to_log(const ck_topic_conf *tc, ck_log_conf *lc);

#endif
