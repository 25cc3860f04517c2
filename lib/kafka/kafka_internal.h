/*
 * kafka_internal.h — the private structures of the Kafka listener shared by
 * listener.c (bind, accept, lifecycle), loop.c (event-loop threads, timers,
 * cross-thread completion) and conn.c (framing, dispatch, ordered writes).
 *
 * Threading model.  Each ck_kloop is one thread with its own epoll set; a
 * connection belongs to exactly one loop and all of its I/O state is touched
 * only by that thread.  The one exception is completion: a handler may finish
 * a request on any thread.  The completer encodes the response into the
 * request's slot (which nobody else touches while the slot is pending), then
 * hands the slot to the loop through the loop's completion queue (mutex +
 * eventfd).  The loop marks the slot ready and writes ready slots strictly in
 * arrival order.
 *
 * Request frames.  A frame smaller than CK_KFRAME_MIN lives in the same
 * allocation as its request.  A larger one (a produce batch) gets a buffer
 * from its loop's frame cache: a few buffers that finished requests gave
 * back, so that a stream of large frames reuses memory that is already
 * mapped instead of faulting fresh pages in for every frame.  A request
 * finishing on another thread hands its buffer to its slot, and the loop
 * takes it back when it applies the slot.  The cache is bounded in count
 * and bytes, never keeps a frame larger than its byte bound, and frees a
 * buffer nobody reused for CK_KFRAME_IDLE_MS.
 *
 * Lifetimes.  A connection is refcounted: the loop holds one reference while
 * the socket is open and every pending request slot holds one, so a request
 * that completes after its client went away is simply dropped.  Every
 * connection holds a reference on the listener, so late completions after
 * ck_kafka_stop still find valid memory; the last release frees it.
 */
#ifndef CK_KAFKA_INTERNAL_H
#define CK_KAFKA_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>

#include "kafka/kafka.h"

#define CK_KAFKA_LOG "kafka"
#define CK_KCONN_NSLOTS 4

/* Backpressure defaults: a connection stops reading when it holds this many
 * unanswered-or-unsent requests or bytes (request frames not yet answered
 * plus encoded responses not yet written), and resumes below half. */
#define CK_KAFKA_MAX_INFLIGHT    1024
#define CK_KAFKA_MAX_QUEUED      (64u << 20)

/* Request frame buffers (see above). */
#define CK_KFRAME_MIN            (64u * 1024u)   /* smaller frames stay inline */
#define CK_KFRAME_CACHE_MAX      16              /* buffers a loop keeps */
#define CK_KFRAME_CACHE_BYTES    (32u << 20)     /* bytes a loop keeps */
#define CK_KFRAME_IDLE_MS        2000            /* a kept buffer unused this long is freed */

/* Options of one listener.  ck_kafka_opts_init fills them from the engine's
 * configuration (or built-in defaults when eng is NULL); tests override them. */
typedef struct ck_kafka_opts {
    int                io_threads;        /* event loops; 0: online CPUs */
    int64_t            request_max_bytes; /* largest frame accepted */
    int64_t            idle_ms;           /* close idle connections; 0: never */
    const char        *advertised;        /* "host[:port]", optional scheme://; NULL/"": bind host */
    const ck_khandler *handlers;          /* sorted by api key; NULL: ck_kafka_handlers() */
    size_t             nhandlers;
    size_t             max_inflight;      /* 0: CK_KAFKA_MAX_INFLIGHT */
    size_t             max_queued_bytes;  /* 0: CK_KAFKA_MAX_QUEUED */
    uint64_t          *active_connections; /* engine stats counter, or NULL */
    int                sndbuf;            /* tests: SO_SNDBUF of accepted sockets; 0: the system's */
} ck_kafka_opts;

typedef struct ck_kloop ck_kloop;
typedef struct ck_kslot ck_kslot;
typedef struct ck_kreq_int ck_kreq_int;

/* Slot states. */
enum { CK_SLOT_PENDING = 0, CK_SLOT_READY, CK_SLOT_NORESP, CK_SLOT_CLOSE };

/* One request's place in its connection's response order. */
struct ck_kslot {
    ck_kslot  *next;         /* connection order queue (loop thread) */
    ck_kslot  *cq_next;      /* loop completion queue (under loop->mtx) */
    ck_kconn  *conn;
    int        state;        /* loop thread: CK_SLOT_* */
    int        result;       /* written by the completer before hand-off */
    size_t     frame_len;    /* accounted in conn->queued while pending */
    char      *why;          /* CK_SLOT_CLOSE: reason (owned) */
    uint8_t   *fbuf;         /* request frame buffer to give back to the loop, or NULL */
    size_t     fcap;
    ck_wb      out;          /* size prefix + response header + body */
    size_t     mpos;         /* write cursor: memory bytes sent */
    size_t     xi;           /* write cursor: ext ranges fully sent */
    size_t     xoff;         /* write cursor: bytes of ext[xi] sent */
};

/* The request as allocated by the listener: the public part, its slot,
 * deferral state, and the frame bytes right after the struct. */
struct ck_kreq_int {
    ck_kreq      req;                /* req.priv == this */
    ck_kslot    *slot;
    ck_kloop    *loop;
    void       (*defer_fn)(ck_kreq *req, bool shutting_down);
    int64_t      defer_at;           /* mono ms */
    size_t       heap_idx;           /* index in loop->heap, or SIZE_MAX */
    bool         deferred;           /* under loop->mtx */
    bool         wake_queued;        /* under loop->mtx */
    ck_kreq_int *wake_prev, *wake_next;
    uint8_t     *fbuf;               /* the frame's cached buffer, or NULL: inline after the struct */
    size_t       fcap;
};

/* A kept request frame buffer. */
typedef struct ck_kframe {
    uint8_t *buf;
    size_t   cap;
    int64_t  kept_ms;                /* when it was given back (mono ms) */
} ck_kframe;

struct ck_kconn {
    atomic_int    refs;
    atomic_bool   closed;            /* set once by the loop thread */
    int           fd;
    ck_kloop     *loop;
    ck_kafka     *k;
    char          peer[64];
    ck_kconn     *prev, *next;       /* loop->conns (open connections) */
    uint32_t      ev_mask;           /* current epoll interest */
    bool          want_write;        /* output blocked: EPOLLOUT armed */
    bool          paused;            /* backpressure: not reading */
    bool          dirty;             /* in loop->dirty */
    bool          closing;           /* protocol error: close after queued output */
    int16_t       raw_api;           /* next frame is a raw payload for this api (ck_kconn_expect_raw), 0: none */
    int64_t       last_active_ms;
    /* input */
    uint8_t       hdr[4];
    unsigned      hdr_have;
    ck_kreq_int  *partial;           /* frame being filled */
    size_t        partial_have;
    uint8_t      *stash;             /* unparsed input kept while paused */
    size_t        stash_off, stash_len;
    /* output order */
    ck_kslot     *qhead, *qtail;
    size_t        inflight;          /* slots in the queue */
    size_t        queued;            /* pending frame bytes + unsent response bytes */
    /* handler storage */
    void         *slots[CK_KCONN_NSLOTS];
    void        (*slot_free[CK_KCONN_NSLOTS])(void *);
};

/* A deferred request heap entry is the ck_kreq_int itself (heap_idx). */
struct ck_kloop {
    ck_kafka       *k;
    int             idx;
    pthread_t       thread;
    bool            started;
    int             epfd;
    int             evfd;
    uint8_t        *scratch;         /* read buffer (loop thread) */
    size_t          scratch_len;
    int64_t         now_ms;          /* cached monotonic time */
    ck_kconn       *conns;           /* open connections */
    size_t          nconns;
    ck_kconn      **dirty;           /* connections with output to flush */
    size_t          ndirty, dirty_cap;
    ck_kreq_int   **heap;            /* deferred requests, min-heap by defer_at */
    size_t          nheap, heap_cap;
    int64_t         next_sweep_ms;
    int64_t         accept_resume_ms; /* loop 0: listen fd paused after EMFILE */
    bool            stopping;        /* loop thread: stop sequence begun */
    int64_t         stop_deadline_ms;
    ck_kframe       frames[CK_KFRAME_CACHE_MAX]; /* kept frame buffers, oldest first */
    size_t          nframes, frame_bytes;
    /* shared with other threads, under mtx */
    pthread_mutex_t mtx;
    ck_kslot       *cq_head, *cq_tail;   /* completed slots */
    ck_kreq_int    *wake_head;           /* woken deferred requests */
    ck_kconn       *newconns;            /* accepted, to register (linked by next) */
    bool            stop_requested;
    bool            dead;                /* thread gone: completions are dropped */
    /* statistics written by the loop thread (relaxed), read by anyone */
    atomic_size_t   st_conns, st_inflight, st_queued;
    atomic_size_t   st_frame_bytes;                /* bytes kept in frames[] */
    atomic_size_t   st_frame_reused, st_frame_allocated; /* large frames served from frames[] / malloc */
};

struct ck_kafka {
    atomic_int         refs;             /* 1 (owner) + live connections */
    ck_engine         *eng;
    ck_kafka_opts      opts;
    const ck_khandler *handlers;
    size_t             nhandlers;
    const ck_khandler **by_key;          /* api key -> handler, size nkeys */
    size_t             nkeys;
    int                listen_fd;
    int                port;
    char               bind_host[256];
    char               adv_host[256];
    int                adv_port;
    unsigned           rr;               /* round-robin accept target (loop 0) */
    ck_kloop          *loops;
    int                nloops;
    atomic_bool        stopping;
};

/* listener.c */
/** @brief Fills o from eng's configuration (defaults when eng is NULL). */
void ck_kafka_opts_init(ck_engine *eng, ck_kafka_opts *o);
/** @brief ck_kafka_start with explicit options (tests: handler tables,
 *  timeouts, limits).  o is copied; o->handlers must outlive the listener. */
int ck_kafka_start_opts(ck_engine *eng, const char *host_port, const ck_kafka_opts *o, int *bound_port,
                        ck_kafka **out, char *err, size_t errlen);
/** @brief The listener's handler for api_key, or NULL.  Any thread. */
const ck_khandler *ck_kafka_lookup(const ck_kafka *k, int16_t api_key);
/** @brief The listener's handler table (what ApiVersions advertises). */
const ck_khandler *ck_kafka_table(const ck_kafka *k, size_t *n);
/** @brief Drops a reference on k; the last one frees it.  Any thread. */
void ck_kafka_release(ck_kafka *k);
/** @brief Accepts pending connections on the listen fd.  Loop 0 only. */
void ck_kafka_accept(ck_kloop *loop);

/* loop.c */
/** @brief Creates loop's epoll and eventfd; 0 or -1 with errno. */
int  ck_kloop_init(ck_kafka *k, ck_kloop *loop, int idx);
/** @brief Frees what ck_kloop_init made (thread already joined). */
void ck_kloop_destroy(ck_kloop *loop);
/** @brief The thread body of one event loop. */
void *ck_kloop_main(void *arg);
/** @brief Hands a new connection to loop (any thread). */
void ck_kloop_adopt(ck_kloop *loop, ck_kconn *conn);
/** @brief Asks the loop to stop (any thread). */
void ck_kloop_request_stop(ck_kloop *loop);
/** @brief Wakes the loop's epoll_wait (any thread). */
void ck_kloop_signal(ck_kloop *loop);
/** @brief The loop whose thread is running, or NULL. */
ck_kloop *ck_kloop_current(void);
/** @brief Marks conn for flushing at the end of the iteration.  Loop thread. */
void ck_kloop_mark_dirty(ck_kloop *loop, ck_kconn *conn);
/** @brief Removes ri from the deferral heap if it is there.  Loop thread. */
void ck_kloop_undefer(ck_kloop *loop, ck_kreq_int *ri);
/** @brief A buffer of at least len (>= CK_KFRAME_MIN) bytes for a request
 *  frame, reused from the loop's cache when one fits; *cap receives its
 *  size.  Give it back with ck_kloop_frame_put (or ck_free).  Loop thread. */
uint8_t *ck_kloop_frame_get(ck_kloop *loop, size_t len, size_t *cap);
/** @brief Takes back a frame buffer of cap bytes: kept for reuse within the
 *  cache's bounds (the oldest kept ones make room), else freed.  Loop thread. */
void ck_kloop_frame_put(ck_kloop *loop, uint8_t *buf, size_t cap);

/* conn.c */
/** @brief A new connection on fd (owned), not yet registered. */
ck_kconn *ck_kconn_new(ck_kafka *k, int fd, const struct sockaddr *sa, socklen_t salen);
void ck_kconn_keep(ck_kconn *conn);
/** @brief Drops a reference; the last frees the connection.  Any thread. */
void ck_kconn_release(ck_kconn *conn);
/** @brief Registers conn in loop's epoll set.  Loop thread. */
void ck_kconn_register(ck_kloop *loop, ck_kconn *conn);
/** @brief Handles epoll events of conn.  Loop thread. */
void ck_kconn_on_event(ck_kconn *conn, uint32_t events);
/** @brief Writes what is ready in order; applies backpressure.  Loop thread. */
void ck_kconn_flush(ck_kconn *conn);
/** @brief Closes the socket, drops written/unsent output.  Loop thread. */
void ck_kconn_close(ck_kconn *conn, ck_log_level lvl, const char *why);
/** @brief Applies a completed slot (loop thread): marks it ready. */
void ck_kconn_apply(ck_kslot *slot);
/** @brief Stops reading conn for good (listener stopping).  Loop thread. */
void ck_kconn_stop_reading(ck_kconn *conn);
/** @brief Frees a slot (and its encoded output). */
void ck_kslot_free(ck_kslot *slot);

/* h_core.c */
/** @brief Fills an ApiVersions response (any version) from k's handler
 *  table; arrays are allocated in arena. */
void ck_kafka_apiversions_fill(ck_kafka *k, ck_arena *arena, void *resp, int16_t error_code);

/** @brief Open connections, queued requests and queued bytes over all
 *  loops (relaxed snapshot, for tests and metrics).  Any thread. */
void ck_kafka_debug_counts(ck_kafka *k, size_t *conns, size_t *inflight, size_t *queued);
/** @brief Frame buffer cache over all loops (relaxed snapshot): bytes kept
 *  now, large frames served from the cache and freshly allocated since the
 *  start.  Any argument may be NULL.  Any thread. */
void ck_kafka_debug_frames(ck_kafka *k, size_t *kept_bytes, size_t *reused, size_t *allocated);

#endif
