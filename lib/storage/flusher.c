/*
 * flusher.c — the group-commit workers.  Appends mark their log dirty (and,
 * under flush.policy=always, wake a worker); a worker takes the log off the
 * ready queue and runs one flush ticket on it (ck_log_sync_round): it
 * fdatasyncs what was written since the previous ticket began and publishes
 * the new durable offset.  However many producers appended meanwhile, one
 * fdatasync covers them all.
 *
 * Under `always` several workers run: logs are synced in parallel, and a log
 * written again while its fdatasync is in progress is queued at once, so a
 * second worker starts the next fdatasync right away (up to CK_SYNC_SLOTS
 * per log) instead of after the first one and its callbacks; log.c
 * publishes the tickets in order.  Under `interval` one worker wakes every
 * interval_ms and flushes every log written since; under `os` one worker
 * only syncs segments that were rolled (and everything at close).
 *
 * The flusher also keeps a registry of open logs so that ck_flusher_free can
 * sync logs that are still open, and an in_flight count per log so that
 * ck_log_close never frees a log a worker is using.
 */
#include <errno.h>
#include <time.h>

#include "storage/storage_int.h"

#define FLUSH_WORKERS 4    /* under flush.policy=always */

enum { Q_NONE = 0, Q_READY, Q_TICK };

struct ck_flusher {
    ck_flush_policy policy;
    int             interval_ms;
    int             nworkers;
    pthread_t       th[FLUSH_WORKERS];
    pthread_mutex_t mu;
    pthread_cond_t  work;       /* a log became ready, or stop */
    pthread_cond_t  done;       /* a worker finished with a log */
    bool            stop;
    ck_log         *ready;      /* FIFO through dirty_next: flush now */
    ck_log         *ready_tail;
    ck_log         *tick;       /* written under `interval`: flush at the next tick */
    int64_t         next_tick_ms;
    ck_log         *reg;        /* every open log, doubly linked */
    uint64_t        syncs;      /* atomic */
};

/* ---- queues (fl->mu held) ------------------------------------------------ */

static void push_ready(ck_flusher *fl, ck_log *log)
{
    log->dirty_next = NULL;
    if (fl->ready_tail != NULL)
        fl->ready_tail->dirty_next = log;
    else
        fl->ready = log;
    fl->ready_tail = log;
    log->queued = Q_READY;
}

static ck_log *pop_ready(ck_flusher *fl)
{
    ck_log *log = fl->ready;

    if (log != NULL) {
        fl->ready = log->dirty_next;
        if (fl->ready == NULL)
            fl->ready_tail = NULL;
        log->dirty_next = NULL;
        log->queued = Q_NONE;
    }
    return log;
}

/* Takes log off whichever queue holds it. */
static void unqueue(ck_flusher *fl, ck_log *log)
{
    ck_log **pp = log->queued == Q_READY ? &fl->ready : &fl->tick, *prev = NULL;

    if (log->queued == Q_NONE)
        return;
    for (; *pp != NULL; prev = *pp, pp = &(*pp)->dirty_next) {
        if (*pp == log) {
            *pp = log->dirty_next;
            if (log->queued == Q_READY && fl->ready_tail == log)
                fl->ready_tail = prev;
            break;
        }
    }
    log->dirty_next = NULL;
    log->queued = Q_NONE;
}

/* Under `interval`: moves the logs written since the last tick to the ready
 * queue when the tick is due; returns the ms until the next one. */
static int64_t tick(ck_flusher *fl)
{
    int64_t now = ck_mono_ms();

    if (now >= fl->next_tick_ms) {
        while (fl->tick != NULL) {
            ck_log *log = fl->tick;
            fl->tick = log->dirty_next;
            push_ready(fl, log);
        }
        fl->next_tick_ms = now + fl->interval_ms;
    }
    return fl->next_tick_ms - now;
}

static void *flusher_main(void *arg)
{
    ck_flusher *fl = arg;
    ck_log *log;

    pthread_mutex_lock(&fl->mu);
    while (!fl->stop) {
        int64_t wait_ms = fl->policy == CK_FLUSH_INTERVAL ? tick(fl) : -1;
        log = pop_ready(fl);
        if (log == NULL) {
            if (wait_ms >= 0) {
                struct timespec ts;
                int64_t ns;
                clock_gettime(CLOCK_MONOTONIC, &ts);
                ns = (int64_t)ts.tv_nsec + wait_ms * 1000000;
                ts.tv_sec += (time_t)(ns / 1000000000);
                ts.tv_nsec = (long)(ns % 1000000000);
                pthread_cond_timedwait(&fl->work, &fl->mu, &ts);
            } else {
                pthread_cond_wait(&fl->work, &fl->mu);
            }
            continue;
        }
        log->in_dirty = false;
        log->in_flight++;
        if (fl->ready != NULL)      /* more work than this worker: wake another */
            pthread_cond_signal(&fl->work);
        pthread_mutex_unlock(&fl->mu);
        ck_log_sync_round(log);
        pthread_mutex_lock(&fl->mu);
        log->in_flight--;
        /* written again while all its slots were busy: queue it now (this
         * worker takes it next unless others are queued before it) */
        if (log->in_dirty && log->queued == Q_NONE)
            push_ready(fl, log);
        pthread_cond_broadcast(&fl->done);
    }
    pthread_mutex_unlock(&fl->mu);
    return NULL;
}

/* Stops and joins the first n workers. */
static void stop_workers(ck_flusher *fl, int n)
{
    int i;

    pthread_mutex_lock(&fl->mu);
    fl->stop = true;
    pthread_cond_broadcast(&fl->work);
    pthread_mutex_unlock(&fl->mu);
    for (i = 0; i < n; i++)
        pthread_join(fl->th[i], NULL);
}

/** @brief Starts the flusher's workers (see storage.h).  NULL on failure. */
ck_flusher *ck_flusher_new(ck_flush_policy policy, int interval_ms)
{
    ck_flusher *fl = ck_calloc(1, sizeof(*fl));
    pthread_condattr_t ca;
    int i;

    fl->policy = policy;
    fl->interval_ms = interval_ms > 0 ? interval_ms : 1000;
    fl->nworkers = policy == CK_FLUSH_ALWAYS ? FLUSH_WORKERS : 1;
    fl->next_tick_ms = ck_mono_ms() + fl->interval_ms;
    pthread_mutex_init(&fl->mu, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&fl->work, &ca);
    pthread_condattr_destroy(&ca);
    pthread_cond_init(&fl->done, NULL);
    for (i = 0; i < fl->nworkers; i++) {
        if (pthread_create(&fl->th[i], NULL, flusher_main, fl) != 0) {
            stop_workers(fl, i);
            pthread_cond_destroy(&fl->work);
            pthread_cond_destroy(&fl->done);
            pthread_mutex_destroy(&fl->mu);
            ck_free(fl);
            return NULL;
        }
    }
    return fl;
}

/** @brief Stops the workers, then syncs logs still registered and detaches
 *  them (their later close syncs on its own).  NULL ok.  Owner thread. */
void ck_flusher_free(ck_flusher *fl)
{
    ck_log *log, *next;

    if (fl == NULL)
        return;
    stop_workers(fl, fl->nworkers);
    for (log = fl->reg; log != NULL; log = next) {
        next = log->reg_next;
        ck_log_sync_round(log);
        pthread_mutex_lock(&log->mu);
        log->fl = NULL;
        log->in_dirty = false;
        log->queued = Q_NONE;
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

/** @brief Workers inside a flush of log right now (tests).  Any thread. */
int ck_flusher_log_workers(ck_flusher *fl, ck_log *log)
{
    int n;

    pthread_mutex_lock(&fl->mu);
    n = log->in_flight;
    pthread_mutex_unlock(&fl->mu);
    return n;
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

/** @brief Removes log from the queues and the registry, waiting for the
 *  workers using it to finish (ck_log_close; no log mu held). */
void ck_flusher_unregister(ck_flusher *fl, ck_log *log)
{
    pthread_mutex_lock(&fl->mu);
    unqueue(fl, log);
    log->in_dirty = false;
    while (log->in_flight > 0) {
        pthread_cond_wait(&fl->done, &fl->mu);
        unqueue(fl, log);   /* a finishing worker may have queued it again */
        log->in_dirty = false;
    }
    if (log->reg_prev != NULL)
        log->reg_prev->reg_next = log->reg_next;
    else if (fl->reg == log)
        fl->reg = log->reg_next;
    if (log->reg_next != NULL)
        log->reg_next->reg_prev = log->reg_prev;
    log->reg_prev = log->reg_next = log->dirty_next = NULL;
    pthread_mutex_unlock(&fl->mu);
}

/** @brief Queues log: on the ready queue (and wakes a worker) when wake,
 *  else for the next `interval` tick.  A log whose every slot is busy is
 *  queued when a worker finishes with it.  Called with log->mu held (lock
 *  order log->mu, fl->mu). */
void ck_flusher_mark_dirty(ck_flusher *fl, ck_log *log, bool wake)
{
    pthread_mutex_lock(&fl->mu);
    log->in_dirty = true;
    if (wake && log->queued == Q_TICK)
        unqueue(fl, log);
    if (log->queued == Q_NONE && log->in_flight < CK_SYNC_SLOTS) {
        if (wake) {
            push_ready(fl, log);
            /* only when it was queued now: an append to a log already
             * queued, or whose slots are all busy, wakes nobody */
            pthread_cond_signal(&fl->work);
        } else {
            log->dirty_next = fl->tick;
            fl->tick = log;
            log->queued = Q_TICK;
        }
    }
    pthread_mutex_unlock(&fl->mu);
}
