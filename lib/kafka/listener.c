/*
 * listener.c — the Kafka listener's lifecycle: parsing "host:port", binding
 * the listening socket, starting and stopping the event loops, accepting
 * connections (loop 0, round-robin hand-off to the loops), the advertised
 * address, and the per-listener handler lookup table.
 *
 * ck_kafka_start (kafka.c) reads the engine configuration and calls
 * ck_kafka_start_opts here; tests call ck_kafka_start_opts directly with
 * their own handler tables and limits, without an engine.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kafka/kafka_internal.h"

#define LISTEN_BACKLOG 1024
#define ACCEPT_BATCH 64
#define ACCEPT_PAUSE_MS 100

/* ===================================================================== */
/* Addresses                                                              */
/* ===================================================================== */

/* Splits "host:port", "[v6]:port" or ":port" (port required unless
 * port_optional; *port = -1 then).  0, or -1 with err filled. */
static int split_host_port(const char *s, bool port_optional, char *host, size_t hostlen, int *port, char *err,
                           size_t errlen)
{
    const char *h = s, *hend, *colon = NULL;
    char *end;
    long p;

    *port = -1;
    if (*s == '[') {
        h = s + 1;
        hend = strchr(h, ']');
        if (!hend || (hend[1] != '\0' && hend[1] != ':'))
            goto bad;
        if (hend[1] == ':')
            colon = hend + 1;
    } else {
        colon = strrchr(s, ':');
        hend = colon ? colon : s + strlen(s);
    }
    if ((size_t)(hend - h) >= hostlen)
        goto bad;
    memcpy(host, h, (size_t)(hend - h));
    host[hend - h] = '\0';
    if (!colon) {
        if (!port_optional)
            goto bad;
        return 0;
    }
    errno = 0;
    p = strtol(colon + 1, &end, 10);
    if (colon[1] == '\0' || *end != '\0' || errno || p < 0 || p > 65535)
        goto bad;
    *port = (int)p;
    return 0;
bad:
    snprintf(err, errlen, "bad address \"%s\": expected host:port or [ipv6]:port", s);
    return -1;
}

static bool host_is_wildcard(const char *h)
{
    return *h == '\0' || strcmp(h, "0.0.0.0") == 0 || strcmp(h, "::") == 0 || strcmp(h, "*") == 0;
}

/* advertised.listeners: the first entry of a comma list, an optional
 * "NAME://" prefix dropped, then "host", "host:port" or "[v6]:port".  No
 * host: the bind host, or "localhost" when bound to a wildcard address.
 * No port: the bound port. */
static void set_advertised(ck_kafka *k, const char *adv)
{
    char buf[256], host[256], err[320];
    const char *p, *sep;
    int port = -1;
    size_t n;

    host[0] = '\0';
    if (adv && *adv) {
        sep = strchr(adv, ',');
        n = sep ? (size_t)(sep - adv) : strlen(adv);
        if (n >= sizeof(buf))
            n = sizeof(buf) - 1;
        memcpy(buf, adv, n);
        buf[n] = '\0';
        p = strstr(buf, "://");
        p = p ? p + 3 : buf;
        if (split_host_port(p, true, host, sizeof(host), &port, err, sizeof(err)) != 0) {
            CK_WARN(CK_KAFKA_LOG, "advertised.listeners: %s; using the bind address", err);
            host[0] = '\0';
            port = -1;
        }
    }
    if (host[0])
        snprintf(k->adv_host, sizeof(k->adv_host), "%s", host);
    else if (host_is_wildcard(k->bind_host))
        snprintf(k->adv_host, sizeof(k->adv_host), "localhost");
    else
        snprintf(k->adv_host, sizeof(k->adv_host), "%s", k->bind_host);
    k->adv_port = port >= 0 ? port : k->port;
}

static int bind_listener(ck_kafka *k, const char *host, int port, char *err, size_t errlen)
{
    struct addrinfo hints, *res = NULL, *ai;
    char portstr[16];
    int fd = -1, rc, one = 1, saved = 0;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof(ss);

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    snprintf(portstr, sizeof(portstr), "%d", port);
    rc = getaddrinfo(*host && strcmp(host, "*") != 0 ? host : NULL, portstr, &hints, &res);
    if (rc != 0) {
        snprintf(err, errlen, "cannot resolve \"%s\": %s", host, gai_strerror(rc));
        return -1;
    }
    for (ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            saved = errno;
            continue;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, LISTEN_BACKLOG) == 0)
            break;
        saved = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        snprintf(err, errlen, "cannot listen on %s:%d: %s", host, port, strerror(saved ? saved : EADDRNOTAVAIL));
        return -1;
    }
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
        if (ss.ss_family == AF_INET)
            k->port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
        else if (ss.ss_family == AF_INET6)
            k->port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    }
    k->listen_fd = fd;
    return 0;
}

/* ===================================================================== */
/* Handler table                                                          */
/* ===================================================================== */

static void build_lookup(ck_kafka *k)
{
    size_t i, nkeys = 0;

    for (i = 0; i < k->nhandlers; i++)
        if (k->handlers[i].api_key >= 0 && (size_t)k->handlers[i].api_key + 1 > nkeys)
            nkeys = (size_t)k->handlers[i].api_key + 1;
    k->nkeys = nkeys;
    k->by_key = ck_calloc(nkeys ? nkeys : 1, sizeof(*k->by_key));
    for (i = 0; i < k->nhandlers; i++)
        if (k->handlers[i].api_key >= 0 && k->handlers[i].fn)
            k->by_key[k->handlers[i].api_key] = &k->handlers[i];
}

/** @brief The handler k serves api_key with, or NULL.  Any thread. */
const ck_khandler *ck_kafka_lookup(const ck_kafka *k, int16_t api_key)
{
    if (api_key < 0 || (size_t)api_key >= k->nkeys)
        return NULL;
    return k->by_key[api_key];
}

/** @brief k's handler table and its size.  Any thread. */
const ck_khandler *ck_kafka_table(const ck_kafka *k, size_t *n)
{
    *n = k->nhandlers;
    return k->handlers;
}

/* ===================================================================== */
/* Lifecycle                                                              */
/* ===================================================================== */

/** @brief Drops a reference on k; the last frees it.  Any thread. */
void ck_kafka_release(ck_kafka *k)
{
    int i;

    if (!k || atomic_fetch_sub_explicit(&k->refs, 1, memory_order_acq_rel) != 1)
        return;
    for (i = 0; i < k->nloops; i++)
        pthread_mutex_destroy(&k->loops[i].mtx);
    ck_free(k->loops);
    ck_free(k->by_key);
    ck_free(k);
}

/* Stops and joins the started loops, closes the socket, drops the owner's
 * reference.  The starting or stopping thread. */
static void kafka_teardown(ck_kafka *k)
{
    int i;

    atomic_store(&k->stopping, true);
    for (i = 0; i < k->nloops; i++)
        if (k->loops[i].started)
            ck_kloop_request_stop(&k->loops[i]);
    for (i = 0; i < k->nloops; i++)
        if (k->loops[i].started)
            pthread_join(k->loops[i].thread, NULL);
    if (k->listen_fd >= 0)
        close(k->listen_fd);
    k->listen_fd = -1;
    for (i = 0; i < k->nloops; i++)
        ck_kloop_destroy(&k->loops[i]);
    ck_kafka_release(k);
}

/** @brief Starts a listener with explicit options.  0, or a chronik_err_t
 *  with err filled.  Thread: any (not a loop thread). */
int ck_kafka_start_opts(ck_engine *eng, const char *host_port, const ck_kafka_opts *o, int *bound_port,
                        ck_kafka **out, char *err, size_t errlen)
{
    ck_kafka *k = NULL;
    char host[256];
    int port, i, nloops, rc = CHRONIK_ERR_INVALID_ARG;
    struct epoll_event ev;

    *out = NULL;
    if (!host_port || split_host_port(host_port, false, host, sizeof(host), &port, err, errlen) != 0) {
        if (!host_port)
            snprintf(err, errlen, "no listener address");
        goto out;
    }
    k = ck_calloc(1, sizeof(*k));
    atomic_init(&k->refs, 1);
    atomic_init(&k->stopping, false);
    k->eng = eng;
    k->opts = *o;
    k->listen_fd = -1;
    if (k->opts.request_max_bytes <= 0)
        k->opts.request_max_bytes = 104857600;
    if (k->opts.max_inflight == 0)
        k->opts.max_inflight = CK_KAFKA_MAX_INFLIGHT;
    if (k->opts.max_queued_bytes == 0)
        k->opts.max_queued_bytes = CK_KAFKA_MAX_QUEUED;
    k->handlers = o->handlers;
    k->nhandlers = o->handlers ? o->nhandlers : 0;
    k->opts.advertised = NULL;   /* parsed below; the caller's string is not kept */
    build_lookup(k);
    snprintf(k->bind_host, sizeof(k->bind_host), "%s", host);

    if (bind_listener(k, host, port, err, errlen) != 0) {
        rc = CHRONIK_ERR_IO;
        goto fail;
    }
    set_advertised(k, o->advertised);

    nloops = o->io_threads > 0 ? o->io_threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    nloops = CK_MAX(1, CK_MIN(nloops, 256));
    k->loops = ck_calloc((size_t)nloops, sizeof(*k->loops));
    for (i = 0; i < nloops; i++) {
        if (ck_kloop_init(k, &k->loops[i], i) != 0) {
            snprintf(err, errlen, "event loop setup: %s", strerror(errno));
            k->nloops = i + 1;
            rc = CHRONIK_ERR_IO;
            goto fail;
        }
    }
    k->nloops = nloops;
    memset(&ev, 0, sizeof(ev));
    ev.events = EPOLLIN;
    ev.data.ptr = &k->listen_fd;
    if (epoll_ctl(k->loops[0].epfd, EPOLL_CTL_ADD, k->listen_fd, &ev) < 0) {
        snprintf(err, errlen, "epoll_ctl: %s", strerror(errno));
        rc = CHRONIK_ERR_IO;
        goto fail;
    }
    for (i = 0; i < nloops; i++) {
        int e = pthread_create(&k->loops[i].thread, NULL, ck_kloop_main, &k->loops[i]);
        if (e != 0) {
            snprintf(err, errlen, "cannot start event loop thread: %s", strerror(e));
            rc = CHRONIK_ERR_IO;
            goto fail;
        }
        k->loops[i].started = true;
    }
    CK_INFO(CK_KAFKA_LOG, "listening on %s:%d (%d event loops), advertised as %s:%d", *host ? host : "*", k->port,
            nloops, k->adv_host, k->adv_port);
    if (bound_port)
        *bound_port = k->port;
    *out = k;
    rc = 0;
    goto out;
fail:
    kafka_teardown(k);
out:
    return rc;
}

/** @brief Stops accepting, lets in-flight requests finish (deferred ones run
 *  with shutting_down), flushes responses for up to ~2 s, closes the
 *  connections and joins the loops.  NULL ok.  Not from a loop thread. */
void ck_kafka_stop(ck_kafka *k)
{
    if (!k)
        return;
    kafka_teardown(k);
}

/** @brief Accepts pending connections and hands them out round-robin.  Loop 0. */
void ck_kafka_accept(ck_kloop *loop)
{
    ck_kafka *k = loop->k;
    int i;

    for (i = 0; i < ACCEPT_BATCH; i++) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof(ss);
        ck_kconn *conn;
        ck_kloop *target;
        int fd, one = 1;

        fd = accept4(k->listen_fd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            CK_WARN(CK_KAFKA_LOG, "accept: %s; pausing accepts for %d ms", strerror(errno), ACCEPT_PAUSE_MS);
            epoll_ctl(loop->epfd, EPOLL_CTL_DEL, k->listen_fd, NULL);
            loop->accept_resume_ms = loop->now_ms + ACCEPT_PAUSE_MS;
            break;
        }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        if (k->opts.sndbuf > 0)
            setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &k->opts.sndbuf, sizeof(k->opts.sndbuf));
        conn = ck_kconn_new(k, fd, (struct sockaddr *)&ss, sl);
        target = &k->loops[k->rr++ % (unsigned)k->nloops];
        if (target == loop)
            ck_kconn_register(loop, conn);
        else
            ck_kloop_adopt(target, conn);
    }
}

/* ===================================================================== */
/* Accessors                                                              */
/* ===================================================================== */

/** @brief The host returned to clients in Metadata/FindCoordinator. */
const char *ck_kafka_advertised_host(ck_kafka *k) { return k->adv_host; }

/** @brief The port returned to clients (advertised, else the bound port). */
int ck_kafka_advertised_port(ck_kafka *k) { return k->adv_port; }

/** @brief Open connections, queued requests and bytes (relaxed).  Any thread. */
void ck_kafka_debug_counts(ck_kafka *k, size_t *conns, size_t *inflight, size_t *queued)
{
    size_t c = 0, f = 0, q = 0;
    int i;

    for (i = 0; i < k->nloops; i++) {
        c += atomic_load_explicit(&k->loops[i].st_conns, memory_order_relaxed);
        f += atomic_load_explicit(&k->loops[i].st_inflight, memory_order_relaxed);
        q += atomic_load_explicit(&k->loops[i].st_queued, memory_order_relaxed);
    }
    if (conns)
        *conns = c;
    if (inflight)
        *inflight = f;
    if (queued)
        *queued = q;
}

/** @brief Frame buffer cache over all loops (relaxed).  Any thread. */
void ck_kafka_debug_frames(ck_kafka *k, size_t *kept_bytes, size_t *reused, size_t *allocated)
{
    size_t b = 0, r = 0, a = 0;
    int i;

    for (i = 0; i < k->nloops; i++) {
        b += atomic_load_explicit(&k->loops[i].st_frame_bytes, memory_order_relaxed);
        r += atomic_load_explicit(&k->loops[i].st_frame_reused, memory_order_relaxed);
        a += atomic_load_explicit(&k->loops[i].st_frame_allocated, memory_order_relaxed);
    }
    if (kept_bytes)
        *kept_bytes = b;
    if (reused)
        *reused = r;
    if (allocated)
        *allocated = a;
}
