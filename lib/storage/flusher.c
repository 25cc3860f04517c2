/*
 * flusher.c — the group-commit thread.  Appends mark their log dirty (and,
 * under flush.policy=always, wake the thread); each round takes the whole
 * dirty set at once and lets every log fdatasync what was written since its
 * previous round and publish its new durable offset (ck_log_sync_round).
 * However many producers appended meanwhile, a log costs one fdatasync per
 * round.  Under `interval` the thread wakes every interval_ms instead; under
 * `os` it only syncs segments that were rolled (and everything at close).
 *
 * The flusher also keeps a registry of open logs so that ck_flusher_free can
 * sync logs that are still open, and an in_flight flag per log so that
 * ck_log_close never frees a log the thread is working on.
 */
#include <errno.h>
#include <time.h>

#include "storage/storage_int.h"

struct ck_flusher {
    ck_flush_policy policy;
    int             interval_ms;
    pthread_t       th;
    pthread_mutex_t mu;
    pthread_cond_t  work;       /* dirty logs queued, or stop */
    pthread_cond_t  done;       /* a round finished with its logs */
    bool            stop;
    ck_log         *dirty;      /* singly linked through dirty_next */
    ck_log         *reg;        /* every open log, doubly linked */
    uint64_t        syncs;      /* atomic */
};

static void *flusher_main(void *arg)
{
    ck_flusher *fl = arg;
    ck_log *batch, *log;

    pthread_mutex_lock(&fl->mu);
    while (!fl->stop) {
        if (fl->policy == CK_FLUSH_INTERVAL) {
            struct timespec ts;
            int64_t ns;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            ns = (int64_t)ts.tv_nsec + (int64_t)fl->interval_ms * 1000000;
            ts.tv_sec += (time_t)(ns / 1000000000);
            ts.tv_nsec = (long)(ns % 1000000000);
            while (!fl->stop && pthread_cond_timedwait(&fl->work, &fl->mu, &ts) != ETIMEDOUT)
                ;
        } else {
            while (!fl->stop && fl->dirty == NULL)
                pthread_cond_wait(&fl->work, &fl->mu);
        }
        if (fl->stop)
            break;
        batch = fl->dirty;
        fl->dirty = NULL;
        for (log = batch; log != NULL; log = log->dirty_next) {
            log->in_dirty = false;
            log->in_flight = true;
        }
        pthread_mutex_unlock(&fl->mu);
        for (log = batch; log != NULL; log = log->dirty_next)
            ck_log_sync_round(log);
        pthread_mutex_lock(&fl->mu);
        for (log = batch; log != NULL;) {
            ck_log *next = log->dirty_next;
            log->in_flight = false;
            log->dirty_next = NULL;
            if (log->in_dirty) {           /* written again during the round */
                log->dirty_next = fl->dirty;
                fl->dirty = log;
            }
            log = next;
        }
        pthread_cond_broadcast(&fl->done);
    }
    pthread_mutex_unlock(&fl->mu);
    return NULL;
}

/** @brief Starts the flusher thread (see storage.h).  NULL on failure. */
ck_flusher *ck_flusher_new(ck_flush_policy policy, int interval_ms)
{
    ck_flusher *fl = ck_calloc(1, sizeof(*fl));
    pthread_condattr_t ca;

    fl->policy = policy;
    fl->interval_ms = interval_ms > 0 ? interval_ms : 1000;
    pthread_mutex_init(&fl->mu, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&fl->work, &ca);
    pthread_condattr_destroy(&ca);
    pthread_cond_init(&fl->done, NULL);
    if (pthread_create(&fl->th, NULL, flusher_main, fl) != 0) {
        pthread_cond_destroy(&fl->work);
        pthread_cond_destroy(&fl->done);
        pthread_mutex_destroy(&fl->mu);
        ck_free(fl);
        return NULL;
    }
    return fl;
}

/** @brief Stops the thread, then syncs logs still registered and detaches
 *  them (their later close syncs on its own).  NULL ok.  Owner thread. */
void ck_flusher_free(ck_flusher *fl)
{
    ck_log *log, *next;

    if (fl == NULL)
        return;
    pthread_mutex_lock(&fl->mu);
    fl->stop = true;
    pthread_cond_broadcast(&fl->work);
    pthread_mutex_unlock(&fl->mu);
    pthread_join(fl->th, NULL);
    for (log = fl->reg; log != NULL; log = next) {
        next = log->reg_next;
        ck_log_sync_round(log);
        pthread_mutex_lock(&log->mu);
        log->fl = NULL;
        log->in_dirty = false;
        log->dirty_next = log->reg_prev = log->reg_next = NULL;
        pthread_mutex_unlock(&log->mu);
    }
    pthread_cond_destroy(&fl->work);
    pthread_cond_destroy(&fl->done);
    pthread_mutex_destroy(&fl->mu);
    ck_free(fl);
}

/** @brief The flusher's policy.  Any thread. */
ck_flush_policy ck_flusher_policy(const ck_flusher *fl)
{
    return fl->policy;
}

/** @brief fdatasync calls so far.  Any thread. */
uint64_t ck_flusher_syncs(const ck_flusher *fl)
{
    return __atomic_load_n(&fl->syncs, __ATOMIC_RELAXED);
}

/** @brief Counts one fdatasync (any thread). */
void ck_flusher_count_sync(ck_flusher *fl)
{
    if (fl != NULL)
        __atomic_add_fetch(&fl->syncs, 1, __ATOMIC_RELAXED);
}

/** @brief Adds log to the registry (ck_log_open). */
void ck_flusher_register(ck_flusher *fl, ck_log *log)
{
    pthread_mutex_lock(&fl->mu);
    log->reg_prev = NULL;
    log->reg_next = fl->reg;
    if (fl->reg != NULL)
        fl->reg->reg_prev = log;
    fl->reg = log;
    pthread_mutex_unlock(&fl->mu);
}

/** @brief Removes log from the dirty list and the registry, waiting for a
 *  round in progress to finish with it (ck_log_close; no log mu held). */
void ck_flusher_unregister(ck_flusher *fl, ck_log *log)
{
    ck_log **pp;

    pthread_mutex_lock(&fl->mu);
    for (pp = &fl->dirty; *pp != NULL; pp = &(*pp)->dirty_next) {
        if (*pp == log) {
            *pp = log->dirty_next;
            break;
        }
    }
    log->in_dirty = false;
    while (log->in_flight)
        pthread_cond_wait(&fl->done, &fl->mu);
    if (log->reg_prev != NULL)
        log->reg_prev->reg_next = log->reg_next;
    else if (fl->reg == log)
        fl->reg = log->reg_next;
    if (log->reg_next != NULL)
        log->reg_next->reg_prev = log->reg_prev;
    log->reg_prev = log->reg_next = log->dirty_next = NULL;
    pthread_mutex_unlock(&fl->mu);
}

/** @brief Queues log for the next round; wake signals the thread now.
 *  Called with log->mu held (lock order log->mu, fl->mu). */
void ck_flusher_mark_dirty(ck_flusher *fl, ck_log *log, bool wake)
{
    pthread_mutex_lock(&fl->mu);
    if (!log->in_dirty) {
        log->in_dirty = true;
        /* a log in flight is re-queued: its dirty_next link is rebuilt at the
         * end of the round, so queue it after the round instead */
        if (!log->in_flight) {
            log->dirty_next = fl->dirty;
            fl->dirty = log;
        }
    }
    if (wake)
        pthread_cond_signal(&fl->work);
    pthread_mutex_unlock(&fl->mu);
}
