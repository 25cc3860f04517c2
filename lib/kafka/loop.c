/*
 * loop.c — the event-loop threads of the Kafka listener.
 *
 * Each loop owns an epoll set, an eventfd other threads use to wake it, and
 * the connections handed to it by the acceptor (loop 0).  One iteration:
 * epoll_wait (timeout = the next timer), handle socket events, drain the
 * shared queues (completed requests, woken deferred requests, new
 * connections, a stop request), run due timers (deferred requests, the idle
 * sweep, accept resumption), then flush every connection that has output
 * ready — so the responses of one read batch leave in one write.
 *
 * Deferred requests (long-poll fetches) sit in a min-heap ordered by their
 * deadline.  ck_kreq_wake from another thread queues the request under the
 * loop's mutex and writes the eventfd; the loop then runs its callback.
 *
 * Request frame buffers: each loop keeps a few large frame buffers that
 * finished requests gave back (kafka_internal.h), reuses the best fitting
 * one for the next large frame, and frees those nobody reused for
 * CK_KFRAME_IDLE_MS as one of its timers.
 *
 * Stopping: the loop stops reading, runs every deferred request with
 * shutting_down = true, keeps writing responses until every connection's
 * queue is empty or ~2 s passed, closes everything and marks itself dead so
 * that completions arriving later are dropped by their own thread.
 */
#include <errno.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "kafka/kafka_internal.h"

#define LOOP_EVENTS      256
#define LOOP_SCRATCH     (256u * 1024u)
#define LOOP_STOP_GRACE  2000   /* ms to flush pending responses on stop */

static __thread ck_kloop *tl_loop;

/* ===================================================================== */
/* Setup                                                                  */
/* ===================================================================== */

/** @brief Creates loop's epoll set and eventfd.  0 or -1 with errno.  Thread: the starter. */
int ck_kloop_init(ck_kafka *k, ck_kloop *loop, int idx)
{
    struct epoll_event ev;
    int rc = -1;

    memset(loop, 0, sizeof(*loop));
    loop->k = k;
    loop->idx = idx;
    loop->epfd = -1;
    loop->evfd = -1;
    atomic_init(&loop->st_conns, 0);
    atomic_init(&loop->st_inflight, 0);
    atomic_init(&loop->st_queued, 0);
    atomic_init(&loop->st_frame_bytes, 0);
    atomic_init(&loop->st_frame_reused, 0);
    atomic_init(&loop->st_frame_allocated, 0);
    pthread_mutex_init(&loop->mtx, NULL);
    loop->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (loop->epfd < 0)
        goto out;
    loop->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (loop->evfd < 0)
        goto out;
    memset(&ev, 0, sizeof(ev));
    ev.events = EPOLLIN;
    ev.data.ptr = &loop->evfd;
    if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, loop->evfd, &ev) < 0)
        goto out;
    loop->scratch_len = LOOP_SCRATCH;
    loop->scratch = ck_malloc(loop->scratch_len);
    rc = 0;
out:
    return rc;
}

/** @brief Closes the loop's fds and frees its buffers; the mutex and the
 *  dead flag stay valid for late completions.  Thread: after the join. */
void ck_kloop_destroy(ck_kloop *loop)
{
    if (loop->epfd >= 0)
        close(loop->epfd);
    if (loop->evfd >= 0)
        close(loop->evfd);
    loop->epfd = loop->evfd = -1;
    while (loop->nframes > 0)
        ck_free(loop->frames[--loop->nframes].buf);
    loop->frame_bytes = 0;
    atomic_store_explicit(&loop->st_frame_bytes, 0, memory_order_relaxed);
    ck_free(loop->scratch);
    ck_free(loop->dirty);
    ck_free(loop->heap);
    loop->scratch = NULL;
    loop->dirty = NULL;
    loop->heap = NULL;
}

/** @brief The loop whose thread is calling, or NULL.  Any thread. */
ck_kloop *ck_kloop_current(void) { return tl_loop; }

/** @brief Wakes loop's epoll_wait.  Any thread; loop not destroyed. */
void ck_kloop_signal(ck_kloop *loop)
{
    uint64_t one = 1;
    ssize_t r;

    do {
        r = write(loop->evfd, &one, sizeof(one));
    } while (r < 0 && errno == EINTR);
    /* EAGAIN: the counter is saturated, so the loop is awake anyway. */
}

/** @brief Queues conn (accepted elsewhere) for registration on loop.  Any thread. */
void ck_kloop_adopt(ck_kloop *loop, ck_kconn *conn)
{
    bool first, dead;

    pthread_mutex_lock(&loop->mtx);
    dead = loop->dead;
    first = loop->newconns == NULL;
    if (!dead) {
        conn->next = loop->newconns;
        loop->newconns = conn;
    }
    pthread_mutex_unlock(&loop->mtx);
    if (dead) {
        /* The target finished its stop before the acceptor began its own. */
        close(conn->fd);
        conn->fd = -1;
        atomic_store(&conn->closed, true);
        ck_kconn_release(conn);
    } else if (first) {
        ck_kloop_signal(loop);
    }
}

/** @brief Asks loop to run its stop sequence.  Any thread. */
void ck_kloop_request_stop(ck_kloop *loop)
{
    pthread_mutex_lock(&loop->mtx);
    loop->stop_requested = true;
    pthread_mutex_unlock(&loop->mtx);
    ck_kloop_signal(loop);
}

/** @brief Adds conn to the flush list (keeps a reference).  Loop thread. */
void ck_kloop_mark_dirty(ck_kloop *loop, ck_kconn *conn)
{
    if (conn->dirty)
        return;
    if (loop->ndirty == loop->dirty_cap) {
        loop->dirty_cap = loop->dirty_cap ? loop->dirty_cap * 2 : 64;
        loop->dirty = ck_realloc(loop->dirty, loop->dirty_cap * sizeof(*loop->dirty));
    }
    conn->dirty = true;
    ck_kconn_keep(conn);
    loop->dirty[loop->ndirty++] = conn;
}

/* ===================================================================== */
/* Request frame buffers                                                  */
/* ===================================================================== */

/* The size allocated for a frame of len bytes: len rounded up to a quarter
 * of its power of two, so that frames of nearly the same size (one
 * producer's batches) share a size and reuse each other's buffers, with at
 * most a quarter wasted. */
static size_t frame_class(size_t len)
{
    size_t step = (size_t)1 << (63 - __builtin_clzll((unsigned long long)len));

    step = step >= 4 ? step / 4 : 1;
    return (len + step - 1) / step * step;
}

/* Frees the kept buffer at index i.  Loop thread. */
static void frame_drop(ck_kloop *loop, size_t i)
{
    ck_kframe f = loop->frames[i];

    memmove(&loop->frames[i], &loop->frames[i + 1], (loop->nframes - i - 1) * sizeof(loop->frames[0]));
    loop->nframes--;
    loop->frame_bytes -= f.cap;
    atomic_store_explicit(&loop->st_frame_bytes, loop->frame_bytes, memory_order_relaxed);
    ck_free(f.buf);
}

/** @brief A frame buffer of at least len bytes: the smallest kept one that
 *  fits without wasting more than three quarters, else a new one.  Loop thread. */
uint8_t *ck_kloop_frame_get(ck_kloop *loop, size_t len, size_t *cap)
{
    size_t i, best = SIZE_MAX;
    uint8_t *buf;

    for (i = 0; i < loop->nframes; i++) {
        size_t c = loop->frames[i].cap;
        if (c >= len && c / 4 <= len && (best == SIZE_MAX || c < loop->frames[best].cap))
            best = i;
    }
    if (best != SIZE_MAX) {
        buf = loop->frames[best].buf;
        *cap = loop->frames[best].cap;
        memmove(&loop->frames[best], &loop->frames[best + 1],
                (loop->nframes - best - 1) * sizeof(loop->frames[0]));
        loop->nframes--;
        loop->frame_bytes -= *cap;
        atomic_store_explicit(&loop->st_frame_bytes, loop->frame_bytes, memory_order_relaxed);
        atomic_fetch_add_explicit(&loop->st_frame_reused, 1, memory_order_relaxed);
        return buf;
    }
    *cap = frame_class(len);
    atomic_fetch_add_explicit(&loop->st_frame_allocated, 1, memory_order_relaxed);
    return ck_malloc(*cap);
}

/** @brief Keeps buf for reuse (evicting the oldest kept buffers to stay
 *  within the bounds), or frees it when it alone exceeds them.  Loop thread. */
void ck_kloop_frame_put(ck_kloop *loop, uint8_t *buf, size_t cap)
{
    if (!buf)
        return;
    if (cap > CK_KFRAME_CACHE_BYTES || loop->stopping) {
        ck_free(buf);
        return;
    }
    while (loop->nframes == CK_KFRAME_CACHE_MAX || loop->frame_bytes + cap > CK_KFRAME_CACHE_BYTES)
        frame_drop(loop, 0);
    loop->frames[loop->nframes].buf = buf;
    loop->frames[loop->nframes].cap = cap;
    loop->frames[loop->nframes].kept_ms = loop->now_ms;
    loop->nframes++;
    loop->frame_bytes += cap;
    atomic_store_explicit(&loop->st_frame_bytes, loop->frame_bytes, memory_order_relaxed);
}

/* Frees the kept buffers nobody reused for CK_KFRAME_IDLE_MS (the oldest
 * come first).  Loop thread. */
static void frames_trim(ck_kloop *loop)
{
    while (loop->nframes > 0 && loop->now_ms - loop->frames[0].kept_ms >= CK_KFRAME_IDLE_MS)
        frame_drop(loop, 0);
}

/* ===================================================================== */
/* Deferred requests: a min-heap by deadline                              */
/* ===================================================================== */

static void heap_swap(ck_kloop *loop, size_t a, size_t b)
{
    ck_kreq_int *t = loop->heap[a];
    loop->heap[a] = loop->heap[b];
    loop->heap[b] = t;
    loop->heap[a]->heap_idx = a;
    loop->heap[b]->heap_idx = b;
}

static void heap_up(ck_kloop *loop, size_t i)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (loop->heap[parent]->defer_at <= loop->heap[i]->defer_at)
            break;
        heap_swap(loop, parent, i);
        i = parent;
    }
}

static void heap_down(ck_kloop *loop, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < loop->nheap && loop->heap[l]->defer_at < loop->heap[m]->defer_at)
            m = l;
        if (r < loop->nheap && loop->heap[r]->defer_at < loop->heap[m]->defer_at)
            m = r;
        if (m == i)
            break;
        heap_swap(loop, i, m);
        i = m;
    }
}

static void heap_push(ck_kloop *loop, ck_kreq_int *ri)
{
    if (loop->nheap == loop->heap_cap) {
        loop->heap_cap = loop->heap_cap ? loop->heap_cap * 2 : 16;
        loop->heap = ck_realloc(loop->heap, loop->heap_cap * sizeof(*loop->heap));
    }
    ri->heap_idx = loop->nheap;
    loop->heap[loop->nheap++] = ri;
    heap_up(loop, ri->heap_idx);
}

static void heap_remove(ck_kloop *loop, ck_kreq_int *ri)
{
    size_t i = ri->heap_idx;
    ck_kreq_int *moved;

    if (i == SIZE_MAX)
        return;
    ri->heap_idx = SIZE_MAX;
    loop->nheap--;
    if (i == loop->nheap)
        return;
    moved = loop->heap[loop->nheap];
    loop->heap[i] = moved;
    moved->heap_idx = i;
    heap_down(loop, i);
    heap_up(loop, moved->heap_idx);
}

/* Unlinks ri from the wake list.  loop->mtx held. */
static void wake_unlink(ck_kloop *loop, ck_kreq_int *ri)
{
    if (!ri->wake_queued)
        return;
    if (ri->wake_prev)
        ri->wake_prev->wake_next = ri->wake_next;
    else
        loop->wake_head = ri->wake_next;
    if (ri->wake_next)
        ri->wake_next->wake_prev = ri->wake_prev;
    ri->wake_prev = ri->wake_next = NULL;
    ri->wake_queued = false;
}

/** @brief Forgets ri's deferral (heap and wake list).  Loop thread. */
void ck_kloop_undefer(ck_kloop *loop, ck_kreq_int *ri)
{
    pthread_mutex_lock(&loop->mtx);
    ri->deferred = false;
    wake_unlink(loop, ri);
    pthread_mutex_unlock(&loop->mtx);
    heap_remove(loop, ri);
}

/* Runs ri's deferred callback now.  Loop thread. */
static void defer_fire(ck_kloop *loop, ck_kreq_int *ri)
{
    void (*fn)(ck_kreq *, bool) = ri->defer_fn;

    ck_kloop_undefer(loop, ri);
    ri->defer_fn = NULL;
    if (fn)
        fn(&ri->req, loop->stopping);
}

/** @brief Runs fn(req) on req's loop after delay_ms or when woken.  Loop thread. */
void ck_kreq_defer(ck_kreq *req, int64_t delay_ms, void (*fn)(ck_kreq *req, bool shutting_down))
{
    ck_kreq_int *ri = req->priv;
    ck_kloop *loop = ri->loop;

    if (ri->heap_idx != SIZE_MAX)
        ck_kloop_undefer(loop, ri);
    ri->defer_fn = fn;
    ri->defer_at = loop->stopping ? 0 : loop->now_ms + CK_MAX(delay_ms, 0);
    pthread_mutex_lock(&loop->mtx);
    ri->deferred = true;
    pthread_mutex_unlock(&loop->mtx);
    heap_push(loop, ri);
}

/** @brief Makes a deferred request run now (idempotent).  Any thread. */
void ck_kreq_wake(ck_kreq *req)
{
    ck_kreq_int *ri = req->priv;
    ck_kloop *loop = ri->loop;
    bool signal = false;

    pthread_mutex_lock(&loop->mtx);
    if (ri->deferred && !ri->wake_queued && !loop->dead) {
        ri->wake_queued = true;
        ri->wake_prev = NULL;
        ri->wake_next = loop->wake_head;
        if (loop->wake_head)
            loop->wake_head->wake_prev = ri;
        signal = loop->wake_head == NULL;
        loop->wake_head = ri;
    }
    pthread_mutex_unlock(&loop->mtx);
    if (signal)
        ck_kloop_signal(loop);
}

/* Runs the deferred requests whose deadline passed (during stop: all of
 * them), at most as many as were due at the start (a callback may re-defer). */
static void run_timers(ck_kloop *loop)
{
    size_t budget = loop->nheap;

    while (budget-- > 0 && loop->nheap > 0 && loop->heap[0]->defer_at <= loop->now_ms)
        defer_fire(loop, loop->heap[0]);
}

/* Runs the woken deferred requests.  Loop thread. */
static void run_wakes(ck_kloop *loop)
{
    for (;;) {
        ck_kreq_int *ri;

        pthread_mutex_lock(&loop->mtx);
        ri = loop->wake_head;
        pthread_mutex_unlock(&loop->mtx);
        if (!ri)
            break;
        defer_fire(loop, ri);
    }
}

/* ===================================================================== */
/* The loop                                                               */
/* ===================================================================== */

/* Takes the shared queues and applies them.  Loop thread. */
static void drain_shared(ck_kloop *loop)
{
    ck_kslot *cq;
    ck_kconn *nc;
    bool stop;
    uint64_t v;

    while (read(loop->evfd, &v, sizeof(v)) < 0 && errno == EINTR) {
    }
    pthread_mutex_lock(&loop->mtx);
    cq = loop->cq_head;
    loop->cq_head = loop->cq_tail = NULL;
    nc = loop->newconns;
    loop->newconns = NULL;
    stop = loop->stop_requested;
    pthread_mutex_unlock(&loop->mtx);

    while (cq) {
        ck_kslot *next = cq->cq_next;
        ck_kconn_apply(cq);
        cq = next;
    }
    while (nc) {
        ck_kconn *next = nc->next;
        ck_kconn_register(loop, nc);
        nc = next;
    }
    run_wakes(loop);
    if (stop && !loop->stopping) {
        ck_kafka *k = loop->k;
        ck_kconn *conn;
        size_t i;

        loop->stopping = true;
        loop->stop_deadline_ms = loop->now_ms + LOOP_STOP_GRACE;
        if (loop->idx == 0 && k->listen_fd >= 0 && loop->accept_resume_ms == 0)
            epoll_ctl(loop->epfd, EPOLL_CTL_DEL, k->listen_fd, NULL);
        loop->accept_resume_ms = 0;
        for (conn = loop->conns; conn; conn = conn->next)
            ck_kconn_stop_reading(conn);
        for (i = 0; i < loop->nheap; i++)
            loop->heap[i]->defer_at = 0;
    }
}

static void flush_dirty(ck_kloop *loop)
{
    size_t i;

    /* Flushing may resume reading and dispatch more requests, which may
     * append to the list: iterate by index and re-read the array. */
    for (i = 0; i < loop->ndirty; i++) {
        ck_kconn *conn = loop->dirty[i];
        conn->dirty = false;
        if (!atomic_load_explicit(&conn->closed, memory_order_relaxed))
            ck_kconn_flush(conn);
        ck_kconn_release(conn);
    }
    loop->ndirty = 0;
}

static int64_t sweep_interval(const ck_kloop *loop)
{
    int64_t idle = loop->k->opts.idle_ms;
    return CK_MAX(CK_MIN(idle / 4, 1000), 5);
}

static void sweep_idle(ck_kloop *loop)
{
    int64_t idle = loop->k->opts.idle_ms;
    ck_kconn *conn, *next;

    if (idle <= 0 || loop->now_ms < loop->next_sweep_ms)
        return;
    loop->next_sweep_ms = loop->now_ms + sweep_interval(loop);
    for (conn = loop->conns; conn; conn = next) {
        next = conn->next;
        if (!conn->qhead && loop->now_ms - conn->last_active_ms >= idle)
            ck_kconn_close(conn, CK_LOG_DEBUG, "idle (connections.max.idle.ms)");
    }
}

static int next_timeout(const ck_kloop *loop)
{
    int64_t t = INT64_MAX;

    if (loop->nheap > 0)
        t = loop->heap[0]->defer_at - loop->now_ms;
    if (loop->k->opts.idle_ms > 0 && loop->conns)
        t = CK_MIN(t, loop->next_sweep_ms - loop->now_ms);
    if (loop->accept_resume_ms > 0)
        t = CK_MIN(t, loop->accept_resume_ms - loop->now_ms);
    if (loop->stopping)
        t = CK_MIN(t, loop->stop_deadline_ms - loop->now_ms);
    if (loop->nframes > 0)
        t = CK_MIN(t, loop->frames[0].kept_ms + CK_KFRAME_IDLE_MS - loop->now_ms);
    if (t == INT64_MAX)
        return -1;
    if (t < 0)
        return 0;
    return (int)CK_MIN(t, 60000);
}

static bool stop_done(const ck_kloop *loop)
{
    const ck_kconn *conn;

    if (loop->now_ms >= loop->stop_deadline_ms)
        return true;
    if (loop->nheap > 0)
        return false;
    for (conn = loop->conns; conn; conn = conn->next)
        if (conn->qhead)
            return false;
    return true;
}

/* Closes everything and marks the loop dead.  Loop thread, last thing. */
static void loop_finish(ck_kloop *loop)
{
    ck_kslot *cq;
    ck_kconn *nc;
    int pass;

    while (loop->conns)
        ck_kconn_close(loop->conns, CK_LOG_DEBUG, "listener stopping");
    flush_dirty(loop);
    for (pass = 0; pass < 3 && loop->nheap > 0; pass++) {
        size_t i;
        for (i = 0; i < loop->nheap; i++)
            loop->heap[i]->defer_at = 0;
        run_timers(loop);
    }
    while (loop->nheap > 0) {
        ck_kreq_int *ri = loop->heap[0];
        CK_ERR(CK_KAFKA_LOG, "deferred request (api %d) kept re-deferring at shutdown; dropped",
               ri->req.api_key);
        ck_kloop_undefer(loop, ri);
        ri->defer_fn = NULL;
        ck_kreq_no_response(&ri->req);
    }

    pthread_mutex_lock(&loop->mtx);
    loop->dead = true;
    cq = loop->cq_head;
    loop->cq_head = loop->cq_tail = NULL;
    nc = loop->newconns;
    loop->newconns = NULL;
    while (loop->wake_head)
        wake_unlink(loop, loop->wake_head);
    pthread_mutex_unlock(&loop->mtx);

    while (cq) {
        ck_kslot *next = cq->cq_next;
        ck_kconn_apply(cq);
        cq = next;
    }
    while (nc) {
        ck_kconn *next = nc->next;
        ck_kconn_register(loop, nc);   /* closes it: the loop is stopping */
        nc = next;
    }
    flush_dirty(loop);
}

/** @brief The body of one event-loop thread (arg: its ck_kloop). */
void *ck_kloop_main(void *arg)
{
    ck_kloop *loop = arg;
    ck_kafka *k = loop->k;
    struct epoll_event evs[LOOP_EVENTS];
    sigset_t set;

    /* sendfile has no MSG_NOSIGNAL: a write to a reset socket must not
     * kill the process.  SIGPIPE is thread-directed, so blocking it here
     * keeps it away from the application's threads too. */
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    tl_loop = loop;
    loop->now_ms = ck_mono_ms();
    loop->next_sweep_ms = loop->now_ms + sweep_interval(loop);

    for (;;) {
        int n = epoll_wait(loop->epfd, evs, LOOP_EVENTS, next_timeout(loop));
        int i;

        if (n < 0) {
            if (errno != EINTR) {
                CK_ERR(CK_KAFKA_LOG, "epoll_wait: %s", strerror(errno));
                break;
            }
            n = 0;
        }
        loop->now_ms = ck_mono_ms();
        for (i = 0; i < n; i++) {
            void *p = evs[i].data.ptr;
            if (p == &loop->evfd)
                drain_shared(loop);
            else if (p == &k->listen_fd)
                ck_kafka_accept(loop);
            else
                ck_kconn_on_event(p, evs[i].events);
        }
        if (loop->accept_resume_ms > 0 && loop->now_ms >= loop->accept_resume_ms && !loop->stopping) {
            struct epoll_event ev;
            memset(&ev, 0, sizeof(ev));
            ev.events = EPOLLIN;
            ev.data.ptr = &k->listen_fd;
            loop->accept_resume_ms = 0;
            epoll_ctl(loop->epfd, EPOLL_CTL_ADD, k->listen_fd, &ev);
        }
        run_timers(loop);
        flush_dirty(loop);
        frames_trim(loop);
        if (loop->stopping) {
            if (stop_done(loop))
                break;
        } else {
            sweep_idle(loop);
        }
    }
    loop_finish(loop);
    tl_loop = NULL;
    return NULL;
}
