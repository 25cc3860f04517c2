/*
 * kafka_fx.h — the shared fixture of the handler tests (tests/unit/kafka_*):
 * a real engine in a temporary directory, a Kafka listener on 127.0.0.1:0
 * with the caller's handler table, one client socket, and request/response
 * helpers over it using the generated codecs.  Header-only (static
 * functions); include it after cmocka.h.
 */
#ifndef CK_TEST_KAFKA_FX_H
#define CK_TEST_KAFKA_FX_H

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "chronik.h"
#include "engine/engine.h"
#include "kafka/kafka_internal.h"
#include "protocol/protocol.h"

typedef struct fx {
    char       dir[64];
    ck_engine *eng;
    ck_kafka  *k;
    int        port;
    int        fd;
    int32_t    corr;
    ck_arena   arena;       /* decoded responses and request arrays */
} fx;

/* A connected client socket with a 20 s receive timeout. */
static inline int connect_port(int port)
{
    struct sockaddr_in sa;
    struct timeval tv = { 20, 0 };
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    assert_true(fd >= 0);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Opens the engine (conf: NULL-terminated key, value list, may be NULL)
 * and a listener serving handlers with io_threads loops; connects f->fd. */
static inline void kfx_open(fx *f, const ck_khandler *handlers, size_t nhandlers, int io_threads,
                            const char *const *conf_kv)
{
    chronik_conf_t *conf = chronik_conf_new();
    ck_kafka_opts o;
    char err[256];

    memset(f, 0, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/ck_kfx_XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    assert_int_equal(chronik_conf_set(conf, "data.dir", f->dir, err, sizeof err), 0);
    for (int i = 0; conf_kv && conf_kv[i]; i += 2)
        assert_int_equal(chronik_conf_set(conf, conf_kv[i], conf_kv[i + 1], err, sizeof err), 0);
    assert_int_equal(chronik_open(conf, &f->eng, err, sizeof err), 0);
    chronik_conf_free(conf);

    ck_kafka_opts_init(f->eng, &o);
    o.io_threads = io_threads;
    o.advertised = "127.0.0.1";
    o.handlers = handlers;
    o.nhandlers = nhandlers;
    assert_int_equal(ck_kafka_start_opts(f->eng, "127.0.0.1:0", &o, &f->port, &f->k, err, sizeof err), 0);
    assert_true(f->port > 0);
    f->fd = connect_port(f->port);
    ck_arena_init(&f->arena);
}

static inline void fx_close(fx *f)
{
    if (f->fd >= 0)
        close(f->fd);
    ck_kafka_stop(f->k);
    chronik_close(f->eng);
    ck_arena_free(&f->arena);
    ck_rmtree(f->dir);
}

static inline void send_all(int fd, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        assert_true(w > 0);
        p += w;
        n -= (size_t)w;
    }
}

static inline void recv_all(int fd, uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t r = recv(fd, p, n, 0);
        if (r < 0 && errno == EINTR)
            continue;
        assert_true(r > 0);
        p += r;
        n -= (size_t)r;
    }
}

/* Sends request msg on fd; returns its correlation id. */
static inline int32_t send_req(fx *f, int fd, int16_t key, int16_t ver, const void *msg)
{
    ck_wb wb;

    ck_wb_init(&wb, 256);
    assert_int_equal(ck_protocol_request_write(&wb, key, ver, ++f->corr, ck_str_from_cstr("kfx-test"), msg), 0);
    send_all(fd, wb.buf, wb.len);
    ck_wb_free(&wb);
    return f->corr;
}

/* Reads one response frame from fd, checks its correlation id and that it
 * decodes exactly to its end; the result lives in f->arena. */
static inline void *recv_resp(fx *f, int fd, int16_t key, int16_t ver, int32_t corr)
{
    uint8_t szb[4];
    uint8_t *frame;
    int32_t size;
    ck_ResponseHeader rh;
    ck_rd rd;
    void *out = NULL;

    recv_all(fd, szb, 4);
    size = (int32_t)ck_be32(szb);
    assert_true(size > 0 && size < (64 << 20));
    frame = ck_arena_alloc(&f->arena, (size_t)size);
    recv_all(fd, frame, (size_t)size);
    ck_rd_init(&rd, frame, (size_t)size);
    assert_int_equal(ck_ResponseHeader_decode(&rd, &f->arena, ck_response_header_version(key, ver), &rh), 0);
    assert_int_equal(rh.CorrelationId, corr);
    assert_int_equal(ck_response_decode(key, ver, &rd, &f->arena, &out), 0);
    assert_int_equal(ck_rd_left(&rd), 0);
    return out;
}

/* Sends msg and returns the decoded response (in f->arena). */
static inline void *call_fd(fx *f, int fd, int16_t key, int16_t ver, const void *msg)
{
    int32_t corr = send_req(f, fd, key, ver, msg);
    return recv_resp(f, fd, key, ver, corr);
}

static inline void *call(fx *f, int16_t key, int16_t ver, const void *msg)
{
    return call_fd(f, f->fd, key, ver, msg);
}

static inline bool str_is(ck_str s, const char *lit)
{
    return s.len >= 0 && (size_t)s.len == strlen(lit) && memcmp(s.p, lit, (size_t)s.len) == 0;
}

#endif
