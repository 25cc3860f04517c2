/*
 * conn.c — one Kafka client connection: reading size-prefixed frames,
 * decoding the request header and body, dispatching to the handler, and
 * writing the responses strictly in request order.
 *
 * Reading.  The loop reads into its scratch buffer (readv: the rest of a
 * partially received frame first, then the scratch), so one syscall usually
 * brings many pipelined frames.  Each whole frame is copied into the
 * request's own memory (ck_kreq.frame: inline after the request when small,
 * else a buffer from the loop's frame cache) and dispatched in order; a
 * frame larger than what arrived gets its memory at once and is filled by
 * later reads directly.  The frame memory goes back to the loop when the
 * request finishes (through the slot when it finishes on another thread).
 * A size that is <= 0 or above socket.request.max.bytes, a header or body
 * that does not decode, or an API/version without a handler (except
 * ApiVersions, which gets Kafka's v0 UNSUPPORTED_VERSION answer) is logged
 * once and closes the connection after the responses queued before it.
 *
 * Ordering.  Every request gets a slot at the tail of the connection's queue
 * when it arrives.  The completer (any thread) encodes the response frame
 * into the slot and hands the slot to the loop (kafka_internal.h); the loop
 * writes ready slots from the head only, gathering consecutive ones into one
 * sendmsg and sending spliced file ranges (ck_wb_ext) with sendfile.
 *
 * Backpressure.  A connection with too many queued requests or bytes stops
 * reading (input already read is stashed) until its queue drains to half, so
 * a client that never reads its responses cannot grow server memory.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <unistd.h>

#include "kafka/kafka_internal.h"

#define CONN_IOV 64
#define API_VERSIONS_KEY 18

static size_t conn_input(ck_kconn *conn, const uint8_t *p, size_t len);

/* ===================================================================== */
/* Lifetime                                                               */
/* ===================================================================== */

/** @brief A connection on fd (owned) from peer sa, with one reference (the
 *  loop's, released by ck_kconn_close).  Any thread. */
ck_kconn *ck_kconn_new(ck_kafka *k, int fd, const struct sockaddr *sa, socklen_t salen)
{
    ck_kconn *conn = ck_calloc(1, sizeof(*conn));
    char ip[INET6_ADDRSTRLEN] = "?";

    atomic_init(&conn->refs, 1);
    atomic_init(&conn->closed, false);
    conn->fd = fd;
    conn->k = k;
    atomic_fetch_add(&k->refs, 1);
    if (sa && sa->sa_family == AF_INET && salen >= (socklen_t)sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
        snprintf(conn->peer, sizeof(conn->peer), "%s:%u", ip, (unsigned)ntohs(in->sin_port));
    } else if (sa && sa->sa_family == AF_INET6 && salen >= (socklen_t)sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip));
        snprintf(conn->peer, sizeof(conn->peer), "[%s]:%u", ip, (unsigned)ntohs(in6->sin6_port));
    } else {
        snprintf(conn->peer, sizeof(conn->peer), "fd %d", fd);
    }
    return conn;
}

/** @brief Takes a reference on conn.  Any thread holding one. */
void ck_kconn_keep(ck_kconn *conn) { atomic_fetch_add_explicit(&conn->refs, 1, memory_order_relaxed); }

/** @brief Drops a reference; the last frees conn (handler storage
 *  included) and releases the listener.  Any thread. */
void ck_kconn_release(ck_kconn *conn)
{
    ck_kafka *k;
    int i;

    if (!conn || atomic_fetch_sub_explicit(&conn->refs, 1, memory_order_acq_rel) != 1)
        return;
    for (i = 0; i < CK_KCONN_NSLOTS; i++)
        if (conn->slots[i] && conn->slot_free[i])
            conn->slot_free[i](conn->slots[i]);
    ck_free(conn->stash);
    k = conn->k;
    ck_free(conn);
    ck_kafka_release(k);
}

static void stats_conns(ck_kconn *conn, int delta)
{
    uint64_t *ac = conn->k->opts.active_connections;
    if (ac)
        __atomic_fetch_add(ac, (uint64_t)(int64_t)delta, __ATOMIC_RELAXED);
}

/** @brief Registers conn in loop's epoll set (or closes it when the loop is
 *  stopping).  Loop thread. */
void ck_kconn_register(ck_kloop *loop, ck_kconn *conn)
{
    struct epoll_event ev;

    conn->loop = loop;
    conn->next = loop->conns;
    conn->prev = NULL;
    if (loop->conns)
        loop->conns->prev = conn;
    loop->conns = conn;
    loop->nconns++;
    atomic_fetch_add_explicit(&loop->st_conns, 1, memory_order_relaxed);
    stats_conns(conn, 1);
    conn->last_active_ms = loop->now_ms;
    if (loop->stopping) {
        ck_kconn_close(conn, CK_LOG_DEBUG, "listener stopping");
        return;
    }
    memset(&ev, 0, sizeof(ev));
    ev.events = EPOLLIN;
    ev.data.ptr = conn;
    if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, conn->fd, &ev) < 0) {
        CK_WARN(CK_KAFKA_LOG, "%s: epoll_ctl: %s", conn->peer, strerror(errno));
        ck_kconn_close(conn, CK_LOG_DEBUG, "epoll registration failed");
        return;
    }
    conn->ev_mask = EPOLLIN;
    CK_DEBUG(CK_KAFKA_LOG, "%s: connected (loop %d)", conn->peer, loop->idx);
}

/** @brief Frees a slot and its encoded output.  Any thread owning it. */
void ck_kslot_free(ck_kslot *slot)
{
    ck_wb_free(&slot->out);
    ck_free(slot->fbuf);
    ck_free(slot->why);
    ck_free(slot);
}

/* Gives a request frame buffer back to loop's cache when called on that
 * loop's thread, else frees it (the loop is gone).  Any thread. */
static void frame_release(ck_kloop *loop, uint8_t *buf, size_t cap)
{
    if (!buf)
        return;
    if (ck_kloop_current() == loop)
        ck_kloop_frame_put(loop, buf, cap);
    else
        ck_free(buf);
}

/* Frees a request, its arena and its frame memory.  The loop thread, or any
 * thread once the frame buffer was handed to the slot (req_done). */
static void req_free(ck_kreq_int *ri)
{
    ck_arena_free(&ri->req.arena);
    frame_release(ri->loop, ri->fbuf, ri->fcap);
    ck_free(ri);
}

/** @brief Closes the socket at once: unsent and unparsed data are dropped,
 *  pending requests complete later into nothing.  Logs why at lvl.  Loop thread. */
void ck_kconn_close(ck_kconn *conn, ck_log_level lvl, const char *why)
{
    ck_kloop *loop = conn->loop;
    ck_kslot *s, *next;

    if (atomic_load_explicit(&conn->closed, memory_order_relaxed))
        return;
    CK_LOG(lvl, CK_KAFKA_LOG, "%s: closing connection: %s", conn->peer, why);
    atomic_store(&conn->closed, true);
    epoll_ctl(loop->epfd, EPOLL_CTL_DEL, conn->fd, NULL);
    close(conn->fd);
    conn->fd = -1;
    conn->ev_mask = 0;
    if (conn->prev)
        conn->prev->next = conn->next;
    else
        loop->conns = conn->next;
    if (conn->next)
        conn->next->prev = conn->prev;
    conn->prev = conn->next = NULL;
    loop->nconns--;
    atomic_fetch_sub_explicit(&loop->st_conns, 1, memory_order_relaxed);
    stats_conns(conn, -1);
    if (conn->partial) {
        req_free(conn->partial);
        conn->partial = NULL;
    }
    ck_free(conn->stash);
    conn->stash = NULL;
    conn->stash_len = conn->stash_off = 0;
    /* Written-or-ready slots go now; pending ones belong to their completer
     * until it hands them back (ck_kconn_apply then frees them). */
    for (s = conn->qhead; s; s = next) {
        next = s->next;
        s->next = NULL;
        if (s->state != CK_SLOT_PENDING)
            ck_kslot_free(s);
    }
    atomic_fetch_sub_explicit(&loop->st_inflight, conn->inflight, memory_order_relaxed);
    atomic_fetch_sub_explicit(&loop->st_queued, conn->queued, memory_order_relaxed);
    conn->qhead = conn->qtail = NULL;
    conn->inflight = 0;
    conn->queued = 0;
    ck_kconn_release(conn);
}

/* ===================================================================== */
/* Epoll interest and backpressure                                        */
/* ===================================================================== */

static bool conn_can_read(const ck_kconn *conn)
{
    return !conn->paused && !conn->closing && !conn->loop->stopping &&
           !atomic_load_explicit(&conn->closed, memory_order_relaxed);
}

static void conn_update_mask(ck_kconn *conn)
{
    uint32_t m = 0;
    struct epoll_event ev;

    if (atomic_load_explicit(&conn->closed, memory_order_relaxed))
        return;
    if (conn_can_read(conn))
        m |= EPOLLIN;
    if (conn->want_write)
        m |= EPOLLOUT;
    if (m == conn->ev_mask)
        return;
    memset(&ev, 0, sizeof(ev));
    ev.events = m;
    ev.data.ptr = conn;
    if (epoll_ctl(conn->loop->epfd, EPOLL_CTL_MOD, conn->fd, &ev) < 0) {
        CK_WARN(CK_KAFKA_LOG, "%s: epoll_ctl: %s", conn->peer, strerror(errno));
        ck_kconn_close(conn, CK_LOG_DEBUG, "epoll_ctl failed");
        return;
    }
    conn->ev_mask = m;
}

static bool conn_over_limit(const ck_kconn *conn)
{
    const ck_kafka_opts *o = &conn->k->opts;
    return conn->inflight >= o->max_inflight || conn->queued >= o->max_queued_bytes;
}

static bool conn_below_resume(const ck_kconn *conn)
{
    const ck_kafka_opts *o = &conn->k->opts;
    return conn->inflight <= o->max_inflight / 2 && conn->queued <= o->max_queued_bytes / 2;
}

/** @brief Stops reading for good (the listener is stopping); unparsed input
 *  is dropped.  Loop thread. */
void ck_kconn_stop_reading(ck_kconn *conn)
{
    if (conn->partial) {
        req_free(conn->partial);
        conn->partial = NULL;
    }
    ck_free(conn->stash);
    conn->stash = NULL;
    conn->stash_len = conn->stash_off = 0;
    conn_update_mask(conn);
}

/* ===================================================================== */
/* Slots and completion                                                   */
/* ===================================================================== */

static ck_kslot *slot_new(ck_kconn *conn, size_t frame_len)
{
    ck_kslot *s = ck_calloc(1, sizeof(*s));

    s->conn = conn;
    s->state = CK_SLOT_PENDING;
    s->frame_len = frame_len;
    if (conn->qtail)
        conn->qtail->next = s;
    else
        conn->qhead = s;
    conn->qtail = s;
    conn->inflight++;
    conn->queued += frame_len;
    atomic_fetch_add_explicit(&conn->loop->st_inflight, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&conn->loop->st_queued, frame_len, memory_order_relaxed);
    ck_kconn_keep(conn);   /* released when the slot is applied */
    return s;
}

/** @brief Applies a completed slot: ready for writing, or dropped if the
 *  connection closed meanwhile.  Releases the slot's connection reference.
 *  Loop thread (or any thread once the loop is dead). */
void ck_kconn_apply(ck_kslot *slot)
{
    ck_kconn *conn = slot->conn;
    ck_kloop *loop = conn->loop;
    size_t out;

    frame_release(loop, slot->fbuf, slot->fcap);
    slot->fbuf = NULL;
    if (atomic_load_explicit(&conn->closed, memory_order_acquire)) {
        ck_kslot_free(slot);
        ck_kconn_release(conn);
        return;
    }
    slot->state = slot->result;
    out = ck_wb_total(&slot->out);
    conn->queued = conn->queued - slot->frame_len + out;
    atomic_fetch_sub_explicit(&loop->st_queued, slot->frame_len, memory_order_relaxed);
    atomic_fetch_add_explicit(&loop->st_queued, out, memory_order_relaxed);
    if (slot->state == CK_SLOT_CLOSE)
        conn->closing = true;
    ck_kloop_mark_dirty(loop, conn);
    ck_kconn_release(conn);
}

/* Hands a completed slot to its loop.  Any thread. */
static void slot_complete(ck_kslot *slot)
{
    ck_kloop *loop = slot->conn->loop;
    bool first;

    if (ck_kloop_current() == loop) {
        ck_kconn_apply(slot);
        return;
    }
    pthread_mutex_lock(&loop->mtx);
    if (loop->dead) {
        pthread_mutex_unlock(&loop->mtx);
        ck_kconn_apply(slot);
        return;
    }
    slot->cq_next = NULL;
    first = loop->cq_head == NULL;
    if (loop->cq_tail)
        loop->cq_tail->cq_next = slot;
    else
        loop->cq_head = slot;
    loop->cq_tail = slot;
    pthread_mutex_unlock(&loop->mtx);
    if (first)
        ck_kloop_signal(loop);
}

/* Frees the request part (arena, frame); its slot lives on.  Off the loop
 * thread a cached frame buffer rides back to the loop in the slot.  Any thread. */
static void req_done(ck_kreq_int *ri)
{
    if (ck_kloop_current() == ri->loop) {
        if (ri->heap_idx != SIZE_MAX)
            ck_kloop_undefer(ri->loop, ri);
    } else if (ri->fbuf) {
        ri->slot->fbuf = ri->fbuf;
        ri->slot->fcap = ri->fcap;
        ri->fbuf = NULL;
    }
    req_free(ri);
}

static int slot_encode(ck_kslot *s, int16_t api_key, int16_t version, int32_t corr, const void *resp)
{
    ck_wb_reserve(&s->out, 256);   /* one allocation for most responses */
    if (ck_protocol_response_write(&s->out, api_key, version, corr, resp) != 0 ||
        ck_wb_total(&s->out) - 4 > (size_t)INT32_MAX) {
        ck_wb_free(&s->out);
        return -1;
    }
    return 0;
}

/** @brief Encodes resp as req's response, queues it in order and frees req.  Any thread. */
void ck_kreq_respond(ck_kreq *req, const void *resp)
{
    ck_kreq_int *ri = req->priv;
    ck_kslot *s = ri->slot;

    if (atomic_load_explicit(&req->conn->closed, memory_order_relaxed)) {
        s->result = CK_SLOT_NORESP;
    } else if (slot_encode(s, req->api_key, req->api_version, req->correlation_id, resp) == 0) {
        s->result = CK_SLOT_READY;
    } else {
        char why[96];
        snprintf(why, sizeof(why), "response encoding failed (api %d v%d)", req->api_key, req->api_version);
        CK_ERR(CK_KAFKA_LOG, "%s: %s", req->conn->peer, why);
        s->result = CK_SLOT_CLOSE;
        s->why = ck_strdup(why);
    }
    req_done(ri);
    slot_complete(s);
}

/** @brief Answers a raw request (ck_kconn_expect_raw) with a size prefix
 *  and data, no response header; frees req.  Any thread. */
void ck_kreq_respond_raw(ck_kreq *req, const void *data, size_t len)
{
    ck_kreq_int *ri = req->priv;
    ck_kslot *s = ri->slot;
    uint8_t be[4];

    if (atomic_load_explicit(&req->conn->closed, memory_order_relaxed)) {
        s->result = CK_SLOT_NORESP;
    } else {
        ck_put_be32(be, (uint32_t)len);
        ck_wb_put(&s->out, be, 4);
        if (len > 0)
            ck_wb_put(&s->out, data, len);
        s->result = CK_SLOT_READY;
    }
    req_done(ri);
    slot_complete(s);
}

/** @brief The next frame of conn is a raw payload for api_key.  Loop thread. */
void ck_kconn_expect_raw(ck_kconn *conn, int16_t api_key) { conn->raw_api = api_key; }

/** @brief Lets req's response carry spliced file ranges (ck_wb_ext) whose
 *  refs fn releases once sent or dropped.  Loop thread. */
bool ck_kreq_output_release(ck_kreq *req, ck_wb_ext_release_fn fn)
{
    ck_kreq_int *ri = req->priv;

    if (atomic_load_explicit(&req->conn->closed, memory_order_relaxed))
        return false;
    ri->slot->out.release = fn;
    return true;
}

/** @brief Completes req without a response; frees req.  Any thread. */
void ck_kreq_no_response(ck_kreq *req)
{
    ck_kreq_int *ri = req->priv;
    ck_kslot *s = ri->slot;

    s->result = CK_SLOT_NORESP;
    req_done(ri);
    slot_complete(s);
}

/** @brief Closes req's connection after the responses before it; frees req.  Any thread. */
void ck_kreq_close_conn(ck_kreq *req, const char *why)
{
    ck_kreq_int *ri = req->priv;
    ck_kslot *s = ri->slot;

    s->result = CK_SLOT_CLOSE;
    s->why = ck_strdup(why ? why : "closed by handler");
    req_done(ri);
    slot_complete(s);
}

/* A protocol error on the loop thread: log once, stop reading, close after
 * what was queued before.  Loop thread. */
static void conn_fail(ck_kconn *conn, const char *why)
{
    ck_kslot *s;

    CK_WARN(CK_KAFKA_LOG, "%s: %s; closing connection", conn->peer, why);
    conn->closing = true;
    s = slot_new(conn, 0);
    s->result = CK_SLOT_CLOSE;
    ck_kconn_apply(s);
}

/* ===================================================================== */
/* Dispatch                                                               */
/* ===================================================================== */

/* A request for a frame of frame_len bytes: small frames inline after the
 * struct, large ones in a buffer from the loop's cache.  Loop thread. */
static ck_kreq_int *req_new(ck_kconn *conn, size_t frame_len)
{
    ck_kreq_int *ri;

    if (frame_len >= CK_KFRAME_MIN) {
        ri = ck_malloc(sizeof(*ri));
        memset(ri, 0, sizeof(*ri));
        ri->fbuf = ck_kloop_frame_get(conn->loop, frame_len, &ri->fcap);
        ri->req.frame = ri->fbuf;
    } else {
        ri = ck_malloc(sizeof(*ri) + frame_len);
        memset(ri, 0, sizeof(*ri));
        ri->req.frame = (uint8_t *)(ri + 1);
    }
    ri->req.eng = conn->k->eng;
    ri->req.conn = conn;
    ri->req.frame_len = frame_len;
    ri->req.priv = ri;
    ck_arena_init(&ri->req.arena);
    ri->loop = conn->loop;
    ri->heap_idx = SIZE_MAX;
    return ri;
}

/* Kafka's answer to an ApiVersions request it cannot parse at that version
 * (KIP-511): UNSUPPORTED_VERSION in a v0 body with the supported keys. */
static void answer_apiversions_fallback(ck_kconn *conn, ck_kreq_int *ri)
{
    ck_ApiVersionsResponse resp;
    ck_kslot *s = slot_new(conn, ri->req.frame_len);

    ck_kafka_apiversions_fill(conn->k, &ri->req.arena, &resp, CHRONIK_ERR_UNSUPPORTED_VERSION);
    s->result = slot_encode(s, API_VERSIONS_KEY, 0, ri->req.correlation_id, &resp) == 0 ? CK_SLOT_READY
                                                                                         : CK_SLOT_CLOSE;
    req_free(ri);
    ck_kconn_apply(s);
}

static void conn_dispatch(ck_kconn *conn, ck_kreq_int *ri)
{
    ck_kreq *req = &ri->req;
    ck_req_header h;
    const ck_khandler *hd;
    ck_rd rd;
    char why[128];
    int rc;

    if (conn->raw_api != 0) {
        /* a raw payload (the SASL tokens after a v0 SaslHandshake): no header */
        req->api_key = conn->raw_api;
        req->api_version = CK_KREQ_RAW_VERSION;
        req->correlation_id = 0;
        req->body = NULL;
        conn->raw_api = 0;
        hd = ck_kafka_lookup(conn->k, req->api_key);
        if (!hd) {
            snprintf(why, sizeof(why), "no handler for a raw frame of api key %d", req->api_key);
            goto fail;
        }
        ri->slot = slot_new(conn, req->frame_len);
        hd->fn(req);
        return;
    }
    memset(&h, 0, sizeof(h));
    ck_rd_init(&rd, req->frame, req->frame_len);
    rc = ck_protocol_request_header_decode(&rd, &h);
    req->api_key = h.api_key;
    req->api_version = h.api_version;
    req->correlation_id = h.correlation_id;
    if (rc == CK_PROTO_MALFORMED) {
        snprintf(why, sizeof(why), "malformed request header (%zu bytes, api %d v%d)", req->frame_len, h.api_key,
                 h.api_version);
        goto fail;
    }
    hd = ck_kafka_lookup(conn->k, h.api_key);
    if (!hd || h.api_version < hd->min_version || h.api_version > hd->max_version) {
        if (h.api_key == API_VERSIONS_KEY) {
            answer_apiversions_fallback(conn, ri);
            return;
        }
        if (hd)
            snprintf(why, sizeof(why), "unsupported version %d of api key %d (%d..%d)", h.api_version, h.api_key,
                     hd->min_version, hd->max_version);
        else
            snprintf(why, sizeof(why), "no handler for api key %d (version %d)", h.api_key, h.api_version);
        goto fail;
    }
    req->client_id = ck_str_dup(&req->arena, h.client_id);
    if (ck_request_decode(h.api_key, h.api_version, &rd, &req->arena, &req->body) != 0) {
        snprintf(why, sizeof(why), "malformed request body (api %d v%d, correlation id %d)", h.api_key,
                 h.api_version, h.correlation_id);
        goto fail;
    }
    ri->slot = slot_new(conn, req->frame_len);
    hd->fn(req);   /* CK_DONE or CK_PENDING: either way the slot completes */
    return;
fail:
    req_free(ri);
    conn_fail(conn, why);
}

/* ===================================================================== */
/* Reading                                                                */
/* ===================================================================== */

/* Parses whole frames out of p and dispatches them in order; stops early
 * when reading should stop (paused, closing, stopping).  Returns the bytes
 * consumed.  Loop thread. */
static size_t conn_input(ck_kconn *conn, const uint8_t *p, size_t len)
{
    size_t len0 = len;
    const ck_kafka_opts *o = &conn->k->opts;
    int64_t now_us = len ? ck_mono_us() : 0;

    while (len > 0) {
        int32_t size;
        ck_kreq_int *ri;

        if (!conn_can_read(conn))
            break;
        if (conn->hdr_have < 4) {
            size_t take = CK_MIN(4 - conn->hdr_have, len);
            memcpy(conn->hdr + conn->hdr_have, p, take);
            conn->hdr_have += (unsigned)take;
            p += take;
            len -= take;
            if (conn->hdr_have < 4)
                break;
            size = (int32_t)ck_be32(conn->hdr);
            if (size <= 0 || (int64_t)size > o->request_max_bytes) {
                char why[96];
                snprintf(why, sizeof(why), "request size %d out of range (1..%lld)", size,
                         (long long)o->request_max_bytes);
                conn_fail(conn, why);
                return len0;
            }
        }
        size = (int32_t)ck_be32(conn->hdr);
        ri = req_new(conn, (size_t)size);
        conn->hdr_have = 0;
        if (len < (size_t)size) {
            memcpy(ri->req.frame, p, len);
            conn->partial = ri;
            conn->partial_have = len;
            len = 0;
            break;
        }
        memcpy(ri->req.frame, p, (size_t)size);
        p += size;
        len -= (size_t)size;
        ri->req.received_us = now_us;
        conn_dispatch(conn, ri);
        if (conn_over_limit(conn) && !conn->paused) {
            conn->paused = true;
            conn_update_mask(conn);
        }
    }
    return len0 - len;
}

/* Keeps input that was read but not parsed (the connection paused). */
static void conn_keep_input(ck_kconn *conn, const uint8_t *p, size_t len)
{
    if (len == 0 || !conn->paused || conn->closing || conn->loop->stopping ||
        atomic_load_explicit(&conn->closed, memory_order_relaxed))
        return;
    conn->stash = ck_memdup(p, len);
    conn->stash_off = 0;
    conn->stash_len = len;
}

static void conn_read(ck_kconn *conn)
{
    ck_kloop *loop = conn->loop;
    int iter;

    for (iter = 0; iter < 4 && conn_can_read(conn); iter++) {
        struct iovec iov[2];
        int niov = 0;
        size_t want = 0, got;
        ssize_t r;

        if (conn->partial) {
            iov[niov].iov_base = conn->partial->req.frame + conn->partial_have;
            iov[niov].iov_len = conn->partial->req.frame_len - conn->partial_have;
            want += iov[niov++].iov_len;
        }
        iov[niov].iov_base = loop->scratch;
        iov[niov].iov_len = loop->scratch_len;
        want += iov[niov++].iov_len;
        r = readv(conn->fd, iov, niov);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            ck_kconn_close(conn, errno == ECONNRESET ? CK_LOG_DEBUG : CK_LOG_INFO, strerror(errno));
            return;
        }
        if (r == 0) {
            ck_kconn_close(conn, CK_LOG_DEBUG, "closed by peer");
            return;
        }
        conn->last_active_ms = loop->now_ms;
        got = (size_t)r;
        if (conn->partial) {
            ck_kreq_int *ri = conn->partial;
            size_t take = CK_MIN(got, ri->req.frame_len - conn->partial_have);
            conn->partial_have += take;
            got -= take;
            if (conn->partial_have == ri->req.frame_len) {
                conn->partial = NULL;
                ri->req.received_us = ck_mono_us();
                conn_dispatch(conn, ri);
                if (conn_over_limit(conn) && !conn->paused) {
                    conn->paused = true;
                    conn_update_mask(conn);
                }
            }
        }
        if (got) {
            size_t used = conn_input(conn, loop->scratch, got);
            conn_keep_input(conn, loop->scratch + used, got - used);
        }
        if ((size_t)r < want)
            break;   /* the socket is drained */
    }
}

/* ===================================================================== */
/* Writing                                                                */
/* ===================================================================== */

/* Skips fully sent (or empty) file ranges at the cursor. */
static void slot_norm(ck_kslot *s)
{
    while (s->xi < s->out.next && s->mpos == s->out.ext[s->xi].at && s->xoff == s->out.ext[s->xi].len) {
        s->xi++;
        s->xoff = 0;
    }
}

static size_t slot_mem_end(const ck_kslot *s) { return s->xi < s->out.next ? s->out.ext[s->xi].at : s->out.len; }

static bool slot_sent(ck_kslot *s)
{
    slot_norm(s);
    return s->mpos == s->out.len && s->xi == s->out.next;
}

static void conn_pop(ck_kconn *conn)
{
    ck_kslot *s = conn->qhead;
    size_t out = ck_wb_total(&s->out);

    conn->qhead = s->next;
    if (!conn->qhead)
        conn->qtail = NULL;
    conn->inflight--;
    conn->queued -= out;
    atomic_fetch_sub_explicit(&conn->loop->st_inflight, 1, memory_order_relaxed);
    atomic_fetch_sub_explicit(&conn->loop->st_queued, out, memory_order_relaxed);
    ck_kslot_free(s);
}

/* Writes the head slot's current file range.  1: progress, 0: would block,
 * -1: the connection was closed. */
static int conn_send_file(ck_kconn *conn, ck_kslot *s)
{
    ck_wb_ext *e = &s->out.ext[s->xi];
    off_t off = (off_t)(e->off + (int64_t)s->xoff);
    ssize_t r = sendfile(conn->fd, e->fd, &off, e->len - s->xoff);

    if (r < 0) {
        if (errno == EINTR)
            return 1;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 0;
        ck_kconn_close(conn, errno == EPIPE || errno == ECONNRESET ? CK_LOG_DEBUG : CK_LOG_WARN, strerror(errno));
        return -1;
    }
    if (r == 0) {
        ck_kconn_close(conn, CK_LOG_WARN, "log file range shorter than announced (truncated segment)");
        return -1;
    }
    s->xoff += (size_t)r;
    return 1;
}

/* Gathers memory from consecutive ready slots into one sendmsg.  1:
 * everything given was written, 0: would block or partial, -1: closed. */
static int conn_send_mem(ck_kconn *conn)
{
    struct iovec iov[CONN_IOV];
    struct msghdr msg;
    size_t n = 0, total = 0, left;
    ck_kslot *t;
    ssize_t r;

    for (t = conn->qhead; t && n < CONN_IOV; t = t->next) {
        size_t end;
        if (t->state == CK_SLOT_NORESP)
            continue;
        if (t->state != CK_SLOT_READY)
            break;
        slot_norm(t);
        end = slot_mem_end(t);
        if (t->mpos == end)
            break;   /* at a file range: sent on its own */
        iov[n].iov_base = t->out.buf + t->mpos;
        iov[n].iov_len = end - t->mpos;
        total += iov[n++].iov_len;
        if (end != t->out.len || t->xi < t->out.next)
            break;   /* a file range follows (possibly at the very end of the memory) */
    }
    if (n == 0)
        return 1;
    memset(&msg, 0, sizeof(msg));
    msg.msg_iov = iov;
    msg.msg_iovlen = n;
    do {
        r = sendmsg(conn->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 0;
        ck_kconn_close(conn, errno == EPIPE || errno == ECONNRESET ? CK_LOG_DEBUG : CK_LOG_WARN, strerror(errno));
        return -1;
    }
    left = (size_t)r;
    for (t = conn->qhead; t && left > 0; t = t->next) {
        size_t take;
        if (t->state == CK_SLOT_NORESP)
            continue;
        take = CK_MIN(left, slot_mem_end(t) - t->mpos);
        t->mpos += take;
        left -= take;
    }
    return (size_t)r == total ? 1 : 0;
}

/** @brief Writes ready responses in order, closes at a close marker, and
 *  adjusts reading (backpressure).  Loop thread. */
void ck_kconn_flush(ck_kconn *conn)
{
    conn->want_write = false;
    for (;;) {
        ck_kslot *s;
        int rc;

        while ((s = conn->qhead) != NULL && s->state != CK_SLOT_PENDING) {
            if (s->state == CK_SLOT_CLOSE) {
                if (s->why)
                    CK_WARN(CK_KAFKA_LOG, "%s: %s", conn->peer, s->why);
                ck_kconn_close(conn, CK_LOG_DEBUG, s->why ? s->why : "protocol error");
                return;
            }
            if (s->state == CK_SLOT_READY && !slot_sent(s))
                break;
            conn_pop(conn);
        }
        if (!s || s->state != CK_SLOT_READY)
            break;
        if (s->mpos == slot_mem_end(s) && s->xi < s->out.next)
            rc = conn_send_file(conn, s);
        else
            rc = conn_send_mem(conn);
        if (rc < 0)
            return;
        if (rc == 0) {
            conn->want_write = true;
            break;
        }
    }
    if (conn->want_write && conn->closing) {
        /* A client we are closing on does not read: do not wait for it. */
        ck_kconn_close(conn, CK_LOG_DEBUG, "peer not reading before close");
        return;
    }
    if (conn->paused && conn_below_resume(conn)) {
        /* Parse what was kept, in place: detached while parsing (a close
         * frees conn->stash), re-attached with its offset if we pause again. */
        uint8_t *stash = conn->stash;
        size_t off = conn->stash_off, len = conn->stash_len;

        conn->paused = false;
        conn->stash = NULL;
        conn->stash_off = conn->stash_len = 0;
        if (len > off)
            off += conn_input(conn, stash + off, len - off);
        if (off < len && conn->paused && !conn->closing &&
            !atomic_load_explicit(&conn->closed, memory_order_relaxed)) {
            conn->stash = stash;
            conn->stash_off = off;
            conn->stash_len = len;
        } else {
            ck_free(stash);
        }
        if (atomic_load_explicit(&conn->closed, memory_order_relaxed))
            return;
    }
    conn_update_mask(conn);
}

/** @brief Handles epoll events of conn.  Loop thread. */
void ck_kconn_on_event(ck_kconn *conn, uint32_t events)
{
    ck_kconn_keep(conn);
    if (events & EPOLLERR) {
        int err = 0;
        socklen_t len = sizeof(err);
        getsockopt(conn->fd, SOL_SOCKET, SO_ERROR, &err, &len);
        ck_kconn_close(conn, CK_LOG_DEBUG, err ? strerror(err) : "socket error");
        goto out;
    }
    if (events & EPOLLOUT)
        ck_kconn_flush(conn);
    if (atomic_load_explicit(&conn->closed, memory_order_relaxed))
        goto out;
    if (events & (EPOLLIN | EPOLLHUP)) {
        if (conn_can_read(conn))
            conn_read(conn);
        else if (events & EPOLLHUP)
            ck_kconn_close(conn, CK_LOG_DEBUG, "hang-up");
    }
out:
    ck_kconn_release(conn);
}

/* ===================================================================== */
/* Accessors                                                              */
/* ===================================================================== */

/** @brief The listener req arrived on.  Any thread while req is live. */
ck_kafka *ck_kreq_listener(ck_kreq *req) { return req->conn->k; }

/** @brief The peer as "ip:port".  Valid while the connection is referenced. */
const char *ck_kconn_peer(ck_kconn *conn) { return conn->peer; }

/** @brief Handler storage slot (0..3) of conn, or NULL.  Loop thread. */
void *ck_kconn_slot_get(ck_kconn *conn, int slot)
{
    if (slot < 0 || slot >= CK_KCONN_NSLOTS)
        return NULL;
    return conn->slots[slot];
}

/** @brief Stores data in slot (0..3); a different previous value is freed
 *  with its free_fn.  data is freed with free_fn when conn goes away.  Loop thread. */
void ck_kconn_slot_set(ck_kconn *conn, int slot, void *data, void (*free_fn)(void *))
{
    if (slot < 0 || slot >= CK_KCONN_NSLOTS)
        return;
    if (conn->slots[slot] && conn->slots[slot] != data && conn->slot_free[slot])
        conn->slot_free[slot](conn->slots[slot]);
    conn->slots[slot] = data;
    conn->slot_free[slot] = free_fn;
}
