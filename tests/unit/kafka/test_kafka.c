/*
 * test_kafka.c — the Kafka listener core (lib/kafka: listener, loops,
 * connections, ordering, ApiVersions) over raw sockets, without an engine.
 *
 * The listener runs with a test handler table: ApiVersions (the real
 * handler) plus test handlers on keys whose codecs are simple:
 *   Heartbeat (12)       completes from a worker thread after a random delay,
 *                        in random order; ErrorCode = GenerationId
 *   ListGroups (16)      deferred (ck_kreq_defer); ErrorCode 1 if shutting down
 *   FindCoordinator (10) no response (like acks=0)
 *   LeaveGroup (13)      ck_kreq_close_conn
 *   Produce (0) v3       large frames: checks that its records bytes still
 *                        hold the pattern the client wrote (a frame buffer
 *                        reused while its request lives would break it) when
 *                        it completes: inline with acks=1, from the worker
 *                        thread otherwise; BaseOffset = the records length,
 *                        ErrorCode 0 or CORRUPT_MESSAGE (2)
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>

#include "kafka/handlers.h"
#include "kafka/kafka_internal.h"

#define K_APIVERSIONS 18
#define K_HEARTBEAT 12
#define K_LISTGROUPS 16
#define K_FINDCOORD 10
#define K_LEAVEGROUP 13
#define K_FETCH 1
#define K_PRODUCE 0

/* ===================================================================== */
/* Async worker: completes Heartbeat requests from another thread         */
/* ===================================================================== */

typedef struct pend {
    ck_kreq *req;
    int64_t  due_us;
} pend;

static pthread_mutex_t w_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t w_cond = PTHREAD_COND_INITIALIZER;
static pend w_items[4096];
static size_t w_n;
static bool w_quit;
static atomic_int w_max_delay_us = 3000;
static atomic_int w_fixed_delay_us = -1;    /* >= 0: every item waits exactly this */
static pthread_t w_thread;

static void produce_complete(ck_kreq *req);

/* Completes a request the worker held back.  Worker thread. */
static void complete_async(ck_kreq *req)
{
    if (req->api_key == K_PRODUCE) {
        produce_complete(req);
    } else {
        ck_HeartbeatRequest *hb = req->body;
        ck_HeartbeatResponse resp;
        ck_HeartbeatResponse_init(&resp);
        resp.ErrorCode = (int16_t)hb->GenerationId;
        ck_kreq_respond(req, &resp);
    }
}

static void *worker_main(void *arg)
{
    unsigned seed = 12345;
    (void)arg;
    pthread_mutex_lock(&w_mtx);
    for (;;) {
        int64_t now = ck_mono_us();
        size_t i, ready = 0, pick;
        size_t cand[4096];
        if (w_n == 0) {
            if (w_quit)
                break;
            pthread_cond_wait(&w_cond, &w_mtx);
            continue;
        }
        for (i = 0; i < w_n; i++)
            if (w_items[i].due_us <= now)
                cand[ready++] = i;
        if (ready == 0) {
            pthread_mutex_unlock(&w_mtx);
            usleep(200);
            pthread_mutex_lock(&w_mtx);
            continue;
        }
        pick = cand[rand_r(&seed) % ready];
        {
            ck_kreq *req = w_items[pick].req;
            w_items[pick] = w_items[--w_n];
            pthread_mutex_unlock(&w_mtx);
            complete_async(req);
            pthread_mutex_lock(&w_mtx);
        }
    }
    pthread_mutex_unlock(&w_mtx);
    return NULL;
}

static void worker_start(void)
{
    w_quit = false;
    w_n = 0;
    assert_int_equal(pthread_create(&w_thread, NULL, worker_main, NULL), 0);
}

/* Waits for every queued item to complete, then joins the worker. */
static void worker_stop(void)
{
    pthread_mutex_lock(&w_mtx);
    w_quit = true;
    pthread_cond_signal(&w_cond);
    pthread_mutex_unlock(&w_mtx);
    pthread_join(w_thread, NULL);
}

/* Queues req for the worker, due after a random (or the fixed) delay. */
static void worker_queue(ck_kreq *req)
{
    static unsigned seed = 7;
    pthread_mutex_lock(&w_mtx);
    assert_true(w_n < CK_ARRAY_LEN(w_items));
    w_items[w_n].req = req;
    w_items[w_n].due_us = ck_mono_us() + (w_fixed_delay_us >= 0 ? w_fixed_delay_us
                                                                 : (int)(rand_r(&seed) % (unsigned)(w_max_delay_us + 1)));
    w_n++;
    pthread_cond_signal(&w_cond);
    pthread_mutex_unlock(&w_mtx);
}

static int h_heartbeat(ck_kreq *req)
{
    worker_queue(req);
    return CK_PENDING;
}

/* ===================================================================== */
/* Deferred, no-response and closing handlers                             */
/* ===================================================================== */

static atomic_int d_fired, d_fired_shutdown;
static ck_kreq *_Atomic d_last;      /* last deferred request, for wake tests */
static int64_t d_delay_ms = 50;

static void listgroups_fire(ck_kreq *req, bool shutting_down)
{
    ck_ListGroupsResponse resp;
    ck_ListGroupsResponse_init(&resp);
    resp.ErrorCode = shutting_down ? 1 : 0;
    atomic_store(&d_last, NULL);
    atomic_fetch_add(&d_fired, 1);
    if (shutting_down)
        atomic_fetch_add(&d_fired_shutdown, 1);
    ck_kreq_respond(req, &resp);
}

static int h_listgroups(ck_kreq *req)
{
    atomic_store(&d_last, req);
    ck_kreq_defer(req, d_delay_ms, listgroups_fire);
    return CK_PENDING;
}

static int h_findcoord(ck_kreq *req)
{
    ck_kreq_no_response(req);
    return CK_DONE;
}

static int h_leavegroup(ck_kreq *req)
{
    ck_kreq_close_conn(req, "test: LeaveGroup closes");
    return CK_DONE;
}

/* Fetch v4 whose response ends with a spliced file range (the records of
 * its only partition are the last field): the bytes of the next pipelined
 * response must come after the file bytes, not before them. */
static int f_fd = -1;
static size_t f_len;

static int h_fetch(ck_kreq *req)
{
    ck_FetchResponse resp;
    ck_FetchResponse_init(&resp);
    ck_FetchResponse_FetchableTopicResponse_array_alloc(&req->arena, &resp.Responses, 1);
    resp.Responses.a[0].Topic = ck_str_from_cstr("t");
    ck_FetchResponse_PartitionData_array_alloc(&req->arena, &resp.Responses.a[0].Partitions, 1);
    ck_FetchResponse_PartitionData *pd = &resp.Responses.a[0].Partitions.a[0];
    pd->Records.fd = f_fd;
    pd->Records.file_off = 0;
    pd->Records.len = (int32_t)f_len;
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* The byte a test produce frame carries at records offset i. */
static uint8_t produce_byte(int32_t corr, size_t i) { return (uint8_t)((size_t)corr * 131u + i * 7u + (i >> 12)); }

/* Answers a test Produce: ErrorCode 0 when every records byte still holds
 * the client's pattern, CORRUPT_MESSAGE (2) otherwise.  Any thread. */
static void produce_complete(ck_kreq *req)
{
    ck_ProduceRequest *pr = req->body;
    const ck_records *rec = &pr->TopicData.a[0].PartitionData.a[0].Records;
    ck_ProduceResponse resp;
    ck_ProduceResponse_PartitionProduceResponse *pp;
    int16_t err = 0;
    int32_t i;

    for (i = 0; i < rec->len; i++) {
        if (rec->p[i] != produce_byte(req->correlation_id, (size_t)i)) {
            err = 2;
            break;
        }
    }
    ck_ProduceResponse_init(&resp);
    ck_ProduceResponse_TopicProduceResponse_array_alloc(&req->arena, &resp.Responses, 1);
    resp.Responses.a[0].Name = pr->TopicData.a[0].Name;
    pp = ck_ProduceResponse_PartitionProduceResponse_array_alloc(&req->arena, &resp.Responses.a[0].PartitionResponses,
                                                                 1);
    pp->Index = 0;
    pp->ErrorCode = err;
    pp->BaseOffset = rec->len;
    ck_kreq_respond(req, &resp);
}

static int h_produce(ck_kreq *req)
{
    ck_ProduceRequest *pr = req->body;

    if (pr->TopicData.n != 1 || pr->TopicData.a[0].PartitionData.n != 1) {
        ck_kreq_close_conn(req, "test: produce needs one partition");
        return CK_DONE;
    }
    if (pr->Acks == 1) {
        produce_complete(req);
        return CK_DONE;
    }
    worker_queue(req);
    return CK_PENDING;
}

static const ck_khandler test_handlers[] = {
    {K_PRODUCE, 3, 3, h_produce},
    {K_FETCH, 4, 4, h_fetch},
    {K_FINDCOORD, 0, 3, h_findcoord},
    {K_HEARTBEAT, 0, 4, h_heartbeat},
    {K_LEAVEGROUP, 0, 5, h_leavegroup},
    {K_LISTGROUPS, 0, 5, h_listgroups},
    {K_APIVERSIONS, 0, 4, ck_h_ApiVersions},
};

/* ===================================================================== */
/* Listener and client helpers                                            */
/* ===================================================================== */

static ck_kafka *start_opts(ck_kafka_opts *o, const char *addr, int *port)
{
    ck_kafka *k = NULL;
    char err[256] = "";
    int rc;

    o->handlers = test_handlers;
    o->nhandlers = CK_ARRAY_LEN(test_handlers);
    rc = ck_kafka_start_opts(NULL, addr, o, port, &k, err, sizeof(err));
    if (rc != 0)
        fail_msg("start %s: %d %s", addr, rc, err);
    assert_non_null(k);
    assert_true(*port > 0);
    return k;
}

static ck_kafka *start(int threads, int *port)
{
    ck_kafka_opts o;
    memset(&o, 0, sizeof(o));
    o.io_threads = threads;
    o.request_max_bytes = 1 << 20;
    return start_opts(&o, "127.0.0.1:0", port);
}

static int cli_connect_family(int family, int port)
{
    int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct timeval tv = {10, 0};
    struct sockaddr_storage ss;
    socklen_t sl;

    assert_true(fd >= 0);
    memset(&ss, 0, sizeof(ss));
    if (family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)&ss;
        in->sin_family = AF_INET;
        in->sin_port = htons((uint16_t)port);
        in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        sl = sizeof(*in);
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        in6->sin6_addr = in6addr_loopback;
        sl = sizeof(*in6);
    }
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    assert_int_equal(connect(fd, (struct sockaddr *)&ss, sl), 0);
    return fd;
}

static int cli_connect(int port) { return cli_connect_family(AF_INET, port); }

static void send_all(int fd, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n > 0) {
        ssize_t r = send(fd, b, n, MSG_NOSIGNAL);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            fail_msg("send: %s", strerror(errno));
        b += r;
        n -= (size_t)r;
    }
}

/* Reads exactly n bytes: 0, or -1 on EOF/error (errno kept). */
static int recv_all(int fd, void *p, size_t n)
{
    uint8_t *b = p;
    while (n > 0) {
        ssize_t r = recv(fd, b, n, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        b += r;
        n -= (size_t)r;
    }
    return 0;
}

/* Appends a request frame to wb. */
static void put_req(ck_wb *wb, int16_t key, int16_t ver, int32_t corr, const void *req)
{
    assert_int_equal(ck_protocol_request_write(wb, key, ver, corr, ck_str_from_cstr("test-client"), req), 0);
}

static void put_apiversions(ck_wb *wb, int16_t ver, int32_t corr)
{
    ck_ApiVersionsRequest r;
    ck_ApiVersionsRequest_init(&r);
    r.ClientSoftwareName = ck_str_from_cstr("chronik-test");
    r.ClientSoftwareVersion = ck_str_from_cstr("1.0");
    put_req(wb, K_APIVERSIONS, ver, corr, &r);
}

static void put_heartbeat(ck_wb *wb, int32_t corr, int32_t gen)
{
    ck_HeartbeatRequest r;
    ck_HeartbeatRequest_init(&r);
    r.GroupId = ck_str_from_cstr("g");
    r.MemberId = ck_str_from_cstr("m");
    r.GenerationId = gen;
    put_req(wb, K_HEARTBEAT, 0, corr, &r);
}

static void put_simple(ck_wb *wb, int16_t key, int32_t corr)
{
    uint8_t msg[512];
    void *r = msg;
    assert_true(ck_request_struct_size(key) <= sizeof(msg));
    assert_int_equal(ck_request_init(key, r), 0);
    put_req(wb, key, 0, corr, r);
}

/* Appends a test Produce v3 frame whose records are n bytes of the
 * produce_byte pattern of corr. */
static void put_produce(ck_wb *wb, int32_t corr, int16_t acks, size_t n)
{
    ck_ProduceRequest r;
    ck_ProduceRequest_TopicProduceData td;
    ck_ProduceRequest_PartitionProduceData pd;
    uint8_t *rec = ck_malloc(n ? n : 1);
    size_t i;

    for (i = 0; i < n; i++)
        rec[i] = produce_byte(corr, i);
    ck_ProduceRequest_init(&r);
    ck_ProduceRequest_TopicProduceData_init(&td);
    ck_ProduceRequest_PartitionProduceData_init(&pd);
    r.Acks = acks;
    r.TimeoutMs = 30000;
    td.Name = ck_str_from_cstr("t");
    pd.Index = 0;
    pd.Records.p = rec;
    pd.Records.len = (int32_t)n;
    pd.Records.fd = -1;
    td.PartitionData.n = 1;
    td.PartitionData.a = &pd;
    r.TopicData.n = 1;
    r.TopicData.a = &td;
    put_req(wb, K_PRODUCE, 3, corr, &r);
    ck_free(rec);
}

/* Reads one response frame and decodes it as key/ver; returns the body
 * (arena) and its correlation id, or fails the test. */
static void *read_resp(int fd, ck_arena *a, int16_t key, int16_t ver, int32_t *corr)
{
    uint8_t sz[4];
    uint8_t *body;
    void *resp = NULL;
    int32_t n;

    if (recv_all(fd, sz, 4) != 0)
        fail_msg("recv size: %s", strerror(errno));
    n = (int32_t)ck_be32(sz);
    assert_true(n >= 4 && n < (1 << 24));
    body = ck_arena_alloc(a, (size_t)n);
    if (recv_all(fd, body, (size_t)n) != 0)
        fail_msg("recv body: %s", strerror(errno));
    if (ck_protocol_response_parse(body, (size_t)n, key, ver, a, corr, &resp) != 0)
        fail_msg("response of key %d v%d does not parse", key, ver);
    return resp;
}

/* true when the server closed fd (EOF or reset) within timeout_ms; any
 * bytes that arrive first are skipped. */
static bool closed_by_server(int fd, int timeout_ms)
{
    int64_t end = ck_mono_ms() + timeout_ms;
    uint8_t buf[4096];

    while (ck_mono_ms() < end) {
        struct pollfd pfd = {fd, POLLIN, 0};
        ssize_t r;
        if (poll(&pfd, 1, 50) <= 0)
            continue;
        r = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
            return true;
    }
    return false;
}

static void check_apiversions(const ck_ApiVersionsResponse *r, int16_t err)
{
    int32_t i;
    bool found = false;
    assert_int_equal(r->ErrorCode, err);
    assert_int_equal(r->ApiKeys.n, (int32_t)CK_ARRAY_LEN(test_handlers));
    for (i = 0; i < r->ApiKeys.n; i++) {
        if (r->ApiKeys.a[i].ApiKey == K_APIVERSIONS) {
            assert_int_equal(r->ApiKeys.a[i].MinVersion, 0);
            assert_int_equal(r->ApiKeys.a[i].MaxVersion, 4);
            found = true;
        }
    }
    assert_true(found);
}

/* One ApiVersions round trip on a fresh connection. */
static void ping(int port)
{
    int fd = cli_connect(port);
    ck_wb wb;
    ck_arena a;
    int32_t corr = 0;
    ck_ApiVersionsResponse *r;

    ck_wb_init(&wb, 0);
    ck_arena_init(&a);
    put_apiversions(&wb, 3, 4242);
    send_all(fd, wb.buf, wb.len);
    r = read_resp(fd, &a, K_APIVERSIONS, 3, &corr);
    assert_int_equal(corr, 4242);
    check_apiversions(r, 0);
    close(fd);
    ck_wb_free(&wb);
    ck_arena_free(&a);
}

/* Reads a test Produce response: corr, no error, BaseOffset n. */
static void expect_produce(int fd, ck_arena *a, int32_t corr, size_t n)
{
    int32_t c = -1;
    ck_ProduceResponse *r = read_resp(fd, a, K_PRODUCE, 3, &c);

    assert_int_equal(c, corr);
    assert_int_equal(r->Responses.n, 1);
    assert_int_equal(r->Responses.a[0].PartitionResponses.n, 1);
    assert_int_equal(r->Responses.a[0].PartitionResponses.a[0].ErrorCode, 0);
    assert_int_equal(r->Responses.a[0].PartitionResponses.a[0].BaseOffset, (int64_t)n);
}

static size_t count_fds(void)
{
    size_t n = 0;
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

static int count_threads(void)
{
    char line[256];
    int n = -1;
    FILE *f = fopen("/proc/self/status", "r");
    assert_non_null(f);
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "Threads: %d", &n) == 1)
            break;
    fclose(f);
    return n;
}

/* ===================================================================== */
/* Tests                                                                  */
/* ===================================================================== */

static void test_apiversions_versions(void **state)
{
    int port, v, fd;
    ck_kafka *k = start(2, &port);
    ck_wb wb;
    ck_arena a;

    (void)state;
    fd = cli_connect(port);
    ck_wb_init(&wb, 0);
    ck_arena_init(&a);
    for (v = 0; v <= 4; v++) {
        int32_t corr = 0;
        ck_ApiVersionsResponse *r;
        ck_wb_reset(&wb);
        put_apiversions(&wb, (int16_t)v, 100 + v);
        send_all(fd, wb.buf, wb.len);
        r = read_resp(fd, &a, K_APIVERSIONS, (int16_t)v, &corr);
        assert_int_equal(corr, 100 + v);
        check_apiversions(r, 0);
        if (v >= 1)
            assert_int_equal(r->ThrottleTimeMs, 0);
        if (v >= 3)
            assert_int_equal(r->FinalizedFeaturesEpoch, -1);
    }
    close(fd);
    ck_wb_free(&wb);
    ck_arena_free(&a);
    ck_kafka_stop(k);
}

/* An ApiVersions version above the handler's range: UNSUPPORTED_VERSION in
 * a v0 body, header v0, the request's correlation id (KIP-511). */
static void test_apiversions_unsupported(void **state)
{
    int port, fd;
    ck_kafka *k = start(1, &port);
    uint8_t frame[64];
    size_t n = 0;
    ck_arena a;
    int32_t corr = 0;
    ck_ApiVersionsResponse *r;

    (void)state;
    /* ApiVersions v7, header v2: key, version, correlation, client id,
     * empty tagged fields, then a body we cannot know. */
    ck_put_be16(frame + 4, K_APIVERSIONS);
    ck_put_be16(frame + 6, 7);
    ck_put_be32(frame + 8, 777);
    ck_put_be16(frame + 12, 1);
    frame[14] = 'x';
    frame[15] = 0;
    frame[16] = 0x11;
    frame[17] = 0x22;
    n = 18;
    ck_put_be32(frame, (uint32_t)(n - 4));
    fd = cli_connect(port);
    send_all(fd, frame, n);
    ck_arena_init(&a);
    r = read_resp(fd, &a, K_APIVERSIONS, 0, &corr);
    assert_int_equal(corr, 777);
    check_apiversions(r, CHRONIK_ERR_UNSUPPORTED_VERSION);
    /* The connection stays usable. */
    {
        ck_wb wb;
        ck_wb_init(&wb, 0);
        put_apiversions(&wb, 2, 778);
        send_all(fd, wb.buf, wb.len);
        r = read_resp(fd, &a, K_APIVERSIONS, 2, &corr);
        assert_int_equal(corr, 778);
        ck_wb_free(&wb);
    }
    close(fd);
    ck_arena_free(&a);
    ck_kafka_stop(k);
}

static void test_pipelined(void **state)
{
    int port, fd, i;
    ck_kafka *k = start(2, &port);
    ck_wb wb;
    ck_arena a;

    (void)state;
    ck_wb_init(&wb, 0);
    ck_arena_init(&a);
    for (i = 0; i < 200; i++)
        put_apiversions(&wb, (int16_t)(i % 5), 1000 + i);
    fd = cli_connect(port);
    send_all(fd, wb.buf, wb.len);
    for (i = 0; i < 200; i++) {
        int32_t corr = 0;
        ck_ApiVersionsResponse *r = read_resp(fd, &a, K_APIVERSIONS, (int16_t)(i % 5), &corr);
        assert_int_equal(corr, 1000 + i);
        assert_int_equal(r->ErrorCode, 0);
        ck_arena_reset(&a);
    }
    close(fd);
    ck_wb_free(&wb);
    ck_arena_free(&a);
    ck_kafka_stop(k);
}

/* A response ending in a file range, pipelined with others: each arrives
 * whole and in order (the memory of a later response is never sent before
 * the file bytes of an earlier one). */
/* Fetch responses whose last bytes are a file range of len bytes, each
 * followed by pipelined ApiVersions; small client receive (rcvbuf) and
 * server send (sndbuf) buffers (0: the system's) make the server's writes
 * partial. */
static void file_range_rounds(size_t len, int rcvbuf, int sndbuf, int rounds)
{
    char path[] = "/tmp/chronik-kafka-test-XXXXXX";
    uint8_t *content = ck_malloc(len);
    ck_kafka_opts o;
    int port, fd, round;
    size_t i;
    ck_kafka *k;
    ck_wb wb;
    ck_arena a;

    for (i = 0; i < len; i++)
        content[i] = (uint8_t)(i * 7 + 3 + (i >> 16));
    f_fd = mkstemp(path);
    assert_true(f_fd >= 0);
    unlink(path);
    assert_int_equal(ck_write_all(f_fd, content, len), 0);
    f_len = len;
    memset(&o, 0, sizeof(o));
    o.io_threads = 1;
    o.request_max_bytes = 1 << 20;
    o.sndbuf = sndbuf;
    k = start_opts(&o, "127.0.0.1:0", &port);
    ck_arena_init(&a);
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (rcvbuf > 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
    {
        struct sockaddr_in in;
        struct timeval tv = {10, 0};
        memset(&in, 0, sizeof(in));
        in.sin_family = AF_INET;
        in.sin_port = htons((uint16_t)port);
        in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
        assert_int_equal(connect(fd, (struct sockaddr *)&in, sizeof(in)), 0);
    }
    for (round = 0; round < rounds; round++) {
        ck_FetchRequest fr;
        int32_t corr = 0;
        int j;
        ck_FetchResponse *r;
        ck_wb_init(&wb, 0);
        ck_FetchRequest_init(&fr);
        put_req(&wb, K_FETCH, 4, 1, &fr);
        for (j = 0; j < 3; j++)
            put_apiversions(&wb, 3, 2 + j);
        send_all(fd, wb.buf, wb.len);
        r = read_resp(fd, &a, K_FETCH, 4, &corr);
        assert_int_equal(corr, 1);
        assert_int_equal(r->Responses.n, 1);
        assert_int_equal(r->Responses.a[0].Partitions.a[0].Records.len, (int32_t)len);
        assert_memory_equal(r->Responses.a[0].Partitions.a[0].Records.p, content, len);
        for (j = 0; j < 3; j++) {
            ck_ApiVersionsResponse *v = read_resp(fd, &a, K_APIVERSIONS, 3, &corr);
            assert_int_equal(corr, 2 + j);
            assert_int_equal(v->ErrorCode, 0);
        }
        ck_arena_reset(&a);
        ck_wb_free(&wb);
    }
    close(fd);
    ck_arena_free(&a);
    ck_kafka_stop(k);
    close(f_fd);
    f_fd = -1;
    ck_free(content);
}

static void test_file_range_at_end(void **state)
{
    (void)state;
    file_range_rounds(3000, 0, 0, 20);
}

/* Ranges of several MiB to a client whose small receive buffer, with a
 * small server send buffer, makes most sendfile calls partial: the bytes
 * arrive whole and in order, and the responses behind them after them. */
static void test_file_range_large(void **state)
{
    size_t len = (3u << 20) + 12345;

    (void)state;
    file_range_rounds(len, 0, 0, 3);
    file_range_rounds(len, 8192, 16384, 2);
}

/* Handlers completing on another thread in random order still give
 * responses in request order, interleaved with inline ones. */
static void test_out_of_order(void **state)
{
    int port, fd, i, c;
    ck_kafka *k = start(3, &port);
    ck_wb wb;
    ck_arena a;
    const int N = 600;

    (void)state;
    w_fixed_delay_us = -1;
    worker_start();
    ck_wb_init(&wb, 0);
    ck_arena_init(&a);
    for (c = 0; c < 3; c++) {
        fd = cli_connect(port);
        ck_wb_reset(&wb);
        for (i = 0; i < N; i++) {
            if (i % 3 == 2)
                put_apiversions(&wb, 1, i);
            else
                put_heartbeat(&wb, i, i * 7 % 30000);
        }
        send_all(fd, wb.buf, wb.len);
        for (i = 0; i < N; i++) {
            int32_t corr = -1;
            if (i % 3 == 2) {
                ck_ApiVersionsResponse *r = read_resp(fd, &a, K_APIVERSIONS, 1, &corr);
                assert_int_equal(r->ErrorCode, 0);
            } else {
                ck_HeartbeatResponse *r = read_resp(fd, &a, K_HEARTBEAT, 0, &corr);
                assert_int_equal(r->ErrorCode, i * 7 % 30000);
            }
            assert_int_equal(corr, i);
            ck_arena_reset(&a);
        }
        close(fd);
    }
    worker_stop();
    ck_wb_free(&wb);
    ck_arena_free(&a);
    ck_kafka_stop(k);
}

static void expect_closed_after(int port, const void *bytes, size_t n, bool then_close_client)
{
    int fd = cli_connect(port);
    send_all(fd, bytes, n);
    if (then_close_client) {
        close(fd);
        return;
    }
    assert_true(closed_by_server(fd, 3000));
    close(fd);
}

static void test_bad_frames(void **state)
{
    int port;
    ck_kafka *k = start(2, &port);
    uint8_t b[64];
    ck_wb wb;

    (void)state;
    /* size 0, negative, > max, 2 GiB */
    ck_put_be32(b, 0);
    expect_closed_after(port, b, 4, false);
    ping(port);
    ck_put_be32(b, (uint32_t)-5);
    expect_closed_after(port, b, 4, false);
    ck_put_be32(b, 0x7fffffff);
    expect_closed_after(port, b, 4, false);
    ck_put_be32(b, 0x80000000u);
    expect_closed_after(port, b, 4, false);
    ping(port);
    /* a header too short to hold key, version and correlation id */
    ck_put_be32(b, 3);
    memset(b + 4, 0, 3);
    expect_closed_after(port, b, 7, false);
    /* garbage: unknown API key 999 */
    ck_put_be32(b, 20);
    memset(b + 4, 0xAB, 20);
    ck_put_be16(b + 4, 999);
    expect_closed_after(port, b, 24, false);
    /* a known API without a handler (Metadata) */
    ck_wb_init(&wb, 0);
    put_simple(&wb, 3, 1);
    expect_closed_after(port, wb.buf, wb.len, false);
    /* a version outside the handler's range (Heartbeat v4 is ok, v5 is not a codec version) */
    ck_put_be32(b, 10);
    ck_put_be16(b + 4, K_HEARTBEAT);
    ck_put_be16(b + 6, 5);
    ck_put_be32(b + 8, 1);
    ck_put_be16(b + 12, 0xffff);
    expect_closed_after(port, b, 14, false);
    /* a body that does not decode: Heartbeat v0 whose GroupId claims 1000 bytes */
    ck_put_be32(b, 16);
    ck_put_be16(b + 4, K_HEARTBEAT);
    ck_put_be16(b + 6, 0);
    ck_put_be32(b + 8, 2);
    ck_put_be16(b + 12, 0xffff);
    ck_put_be16(b + 14, 1000);
    memset(b + 16, 'g', 4);
    expect_closed_after(port, b, 20, false);
    /* truncated frame, then the client goes away (partial frame freed) */
    ck_put_be32(b, 100);
    memset(b + 4, 0, 10);
    expect_closed_after(port, b, 14, true);
    /* truncated size prefix, then the client goes away */
    expect_closed_after(port, b, 2, true);
    /* a good request followed by a bad one: the good one is answered first */
    {
        int fd = cli_connect(port);
        ck_arena a;
        int32_t corr = 0;
        ck_wb_reset(&wb);
        put_apiversions(&wb, 0, 55);
        ck_put_be32(ck_wb_reserve(&wb, 4), 0);
        wb.len += 4;
        send_all(fd, wb.buf, wb.len);
        ck_arena_init(&a);
        read_resp(fd, &a, K_APIVERSIONS, 0, &corr);
        assert_int_equal(corr, 55);
        assert_true(closed_by_server(fd, 3000));
        close(fd);
        ck_arena_free(&a);
    }
    ck_wb_free(&wb);
    ping(port);
    ck_kafka_stop(k);
}

static void test_noresp_and_close_conn(void **state)
{
    int port, fd;
    ck_kafka *k = start(1, &port);
    ck_wb wb;
    ck_arena a;
    int32_t corr = 0;

    (void)state;
    ck_wb_init(&wb, 0);
    ck_arena_init(&a);
    fd = cli_connect(port);
    put_simple(&wb, K_FINDCOORD, 1);
    put_apiversions(&wb, 1, 2);
    put_simple(&wb, K_FINDCOORD, 3);
    put_apiversions(&wb, 1, 4);
    put_simple(&wb, K_LEAVEGROUP, 5);
    put_apiversions(&wb, 1, 6);
    send_all(fd, wb.buf, wb.len);
    read_resp(fd, &a, K_APIVERSIONS, 1, &corr);
    assert_int_equal(corr, 2);
    read_resp(fd, &a, K_APIVERSIONS, 1, &corr);
    assert_int_equal(corr, 4);
    /* LeaveGroup closed the connection: request 6 is never answered. */
    assert_true(closed_by_server(fd, 3000));
    close(fd);
    ck_wb_free(&wb);
    ck_arena_free(&a);
    ping(port);
    ck_kafka_stop(k);
}

/* A client that writes without reading: the server stops reading it once
 * its queue is full, memory stays bounded, and every response arrives once
 * the client reads. */
static void test_never_reads(void **state)
{
    ck_kafka_opts o;
    int port, fd, rcv = 4096;
    ck_kafka *k;
    ck_wb wb;
    ck_arena a;
    size_t sent = 0, off = 0, conns, inflight, queued, got, max_seen = 0;
    int64_t last_progress;

    (void)state;
    memset(&o, 0, sizeof(o));
    o.io_threads = 1;
    o.max_inflight = 200;
    o.max_queued_bytes = 256 * 1024;
    k = start_opts(&o, "127.0.0.1:0", &port);
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &rcv, sizeof(rcv));
    {
        struct sockaddr_in in;
        memset(&in, 0, sizeof(in));
        in.sin_family = AF_INET;
        in.sin_port = htons((uint16_t)port);
        in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        assert_int_equal(connect(fd, (struct sockaddr *)&in, sizeof(in)), 0);
    }
    ck_wb_init(&wb, 0);
    ck_arena_init(&a);
    /* Write ApiVersions requests (100 at a time) until the socket stays full
     * for 300 ms: kernel buffers fill, then the server's queue, then the
     * server stops reading. */
    last_progress = ck_mono_ms();
    while (ck_mono_ms() - last_progress < 300 && sent < 2000000) {
        ssize_t r;
        if (off == wb.len) {
            int j;
            ck_wb_reset(&wb);
            off = 0;
            for (j = 0; j < 100; j++)
                put_apiversions(&wb, 0, (int32_t)sent++);
        }
        r = send(fd, wb.buf + off, wb.len - off, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (r > 0) {
            off += (size_t)r;
            last_progress = ck_mono_ms();
        } else {
            ck_kafka_debug_counts(k, NULL, &inflight, NULL);
            max_seen = CK_MAX(max_seen, inflight);
            assert_true(inflight <= o.max_inflight);
            usleep(1000);
        }
    }
    assert_true(sent < 2000000);
    ck_kafka_debug_counts(k, &conns, &inflight, &queued);
    assert_int_equal(conns, 1);
    if (getenv("CK_TEST_LOG"))
        fprintf(stderr, "never_reads: sent %zu, server holds %zu requests (at most %zu), %zu bytes\n", sent, inflight,
                max_seen, queued);
    assert_true(max_seen >= o.max_inflight / 2);   /* the server did stop reading */
    assert_true(inflight <= o.max_inflight);
    assert_true(queued <= o.max_queued_bytes + 64 * 1024);
    /* Finish the last request, then read everything. */
    {
        struct timeval tv = {10, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    }
    {
        /* The rest of a half-written frame goes out while we read. */
        size_t left = wb.len - off;
        got = 0;
        while (left > 0) {
            ssize_t r = send(fd, wb.buf + off, left, MSG_DONTWAIT | MSG_NOSIGNAL);
            int32_t corr = -1;
            if (r > 0) {
                off += (size_t)r;
                left -= (size_t)r;
                continue;
            }
            read_resp(fd, &a, K_APIVERSIONS, 0, &corr);
            assert_int_equal(corr, (int32_t)got);
            got++;
            ck_arena_reset(&a);
        }
    }
    for (; got < sent; got++) {
        int32_t corr = -1;
        read_resp(fd, &a, K_APIVERSIONS, 0, &corr);
        assert_int_equal(corr, (int32_t)got);
        ck_arena_reset(&a);
    }
    close(fd);
    ck_wb_free(&wb);
    ck_arena_free(&a);
    ck_kafka_stop(k);
}

/* Far more pipelined requests than the in-flight limit, in one write: the
 * connection pauses and resumes many times over its kept input. */
static void test_backpressure_resume(void **state)
{
    ck_kafka_opts o;
    int port, fd, i;
    ck_kafka *k;
    ck_wb wb;
    ck_arena a;
    const int N = 3000;

    (void)state;
    memset(&o, 0, sizeof(o));
    o.io_threads = 1;
    o.max_inflight = 8;
    k = start_opts(&o, "127.0.0.1:0", &port);
    w_max_delay_us = 200;
    worker_start();
    ck_wb_init(&wb, 0);
    ck_arena_init(&a);
    for (i = 0; i < N; i++) {
        if (i % 4 == 0)
            put_heartbeat(&wb, i, i % 1000);
        else
            put_apiversions(&wb, (int16_t)(i % 5), i);
    }
    fd = cli_connect(port);
    send_all(fd, wb.buf, wb.len);
    for (i = 0; i < N; i++) {
        int32_t corr = -1;
        if (i % 4 == 0) {
            ck_HeartbeatResponse *r = read_resp(fd, &a, K_HEARTBEAT, 0, &corr);
            assert_int_equal(r->ErrorCode, i % 1000);
        } else {
            read_resp(fd, &a, K_APIVERSIONS, (int16_t)(i % 5), &corr);
        }
        assert_int_equal(corr, i);
        ck_arena_reset(&a);
    }
    close(fd);
    worker_stop();
    w_max_delay_us = 3000;
    ck_wb_free(&wb);
    ck_arena_free(&a);
    ck_kafka_stop(k);
}

static void test_idle_timeout(void **state)
{
    ck_kafka_opts o;
    int port, fd, busy;
    ck_kafka *k;
    int64_t t0;

    (void)state;
    memset(&o, 0, sizeof(o));
    o.io_threads = 1;
    o.idle_ms = 150;
    k = start_opts(&o, "127.0.0.1:0", &port);
    fd = cli_connect(port);
    /* A connection that keeps talking stays open. */
    busy = cli_connect(port);
    t0 = ck_mono_ms();
    while (ck_mono_ms() - t0 < 400) {
        ck_wb wb;
        ck_arena a;
        int32_t corr;
        ck_wb_init(&wb, 0);
        ck_arena_init(&a);
        put_apiversions(&wb, 0, 9);
        send_all(busy, wb.buf, wb.len);
        read_resp(busy, &a, K_APIVERSIONS, 0, &corr);
        ck_wb_free(&wb);
        ck_arena_free(&a);
        usleep(50 * 1000);
    }
    assert_true(closed_by_server(fd, 2000));
    assert_false(closed_by_server(busy, 10));
    close(fd);
    close(busy);
    ck_kafka_stop(k);
}

static void test_defer_and_wake(void **state)
{
    int port, fd;
    ck_kafka *k = start(1, &port);
    ck_wb wb;
    ck_arena a;
    int32_t corr = 0;
    ck_ListGroupsResponse *r;
    int64_t t0;

    (void)state;
    ck_wb_init(&wb, 0);
    ck_arena_init(&a);
    fd = cli_connect(port);
    /* Timer: about 50 ms; an ApiVersions behind it waits its turn. */
    d_delay_ms = 50;
    t0 = ck_mono_ms();
    put_simple(&wb, K_LISTGROUPS, 1);
    put_apiversions(&wb, 0, 2);
    send_all(fd, wb.buf, wb.len);
    r = read_resp(fd, &a, K_LISTGROUPS, 0, &corr);
    assert_int_equal(corr, 1);
    assert_int_equal(r->ErrorCode, 0);
    assert_true(ck_mono_ms() - t0 >= 45);
    read_resp(fd, &a, K_APIVERSIONS, 0, &corr);
    assert_int_equal(corr, 2);
    /* Wake from another thread long before the 10 s deadline. */
    d_delay_ms = 10000;
    ck_wb_reset(&wb);
    put_simple(&wb, K_LISTGROUPS, 3);
    t0 = ck_mono_ms();
    send_all(fd, wb.buf, wb.len);
    while (atomic_load(&d_last) == NULL)
        usleep(1000);
    usleep(20 * 1000);
    ck_kreq_wake(atomic_load(&d_last));
    r = read_resp(fd, &a, K_LISTGROUPS, 0, &corr);
    assert_int_equal(corr, 3);
    assert_int_equal(r->ErrorCode, 0);
    assert_true(ck_mono_ms() - t0 < 5000);
    /* Stop with a deferred request pending: it runs with shutting_down and
     * its response still reaches the client; stop is quick. */
    ck_wb_reset(&wb);
    put_simple(&wb, K_LISTGROUPS, 4);
    send_all(fd, wb.buf, wb.len);
    while (atomic_load(&d_last) == NULL)
        usleep(1000);
    atomic_store(&d_fired_shutdown, 0);
    t0 = ck_mono_ms();
    ck_kafka_stop(k);
    assert_true(ck_mono_ms() - t0 < 1500);
    assert_int_equal(atomic_load(&d_fired_shutdown), 1);
    r = read_resp(fd, &a, K_LISTGROUPS, 0, &corr);
    assert_int_equal(corr, 4);
    assert_int_equal(r->ErrorCode, 1);
    assert_true(closed_by_server(fd, 2000));
    close(fd);
    ck_wb_free(&wb);
    ck_arena_free(&a);
}

/* Requests completing after their connection closed, and after the
 * listener stopped, are dropped without leaks or crashes. */
static void test_late_completion(void **state)
{
    int port, fd, i;
    ck_kafka *k = start(2, &port);
    ck_wb wb;

    (void)state;
    w_fixed_delay_us = 200 * 1000;
    worker_start();
    ck_wb_init(&wb, 0);
    for (i = 0; i < 20; i++)
        put_heartbeat(&wb, i, i);
    fd = cli_connect(port);
    send_all(fd, wb.buf, wb.len);
    usleep(50 * 1000);
    close(fd);   /* gone before the completions */
    usleep(300 * 1000);
    /* Now across a stop: completions land ~2.5 s later, after the grace. */
    w_fixed_delay_us = 2500 * 1000;
    fd = cli_connect(port);
    send_all(fd, wb.buf, wb.len);
    usleep(50 * 1000);
    ck_kafka_stop(k);
    close(fd);
    worker_stop();   /* completes them against the stopped listener */
    w_fixed_delay_us = -1;
    ck_wb_free(&wb);
}

static void test_start_stop_many(void **state)
{
    size_t fds0, fds1;
    int th0, th1, i;

    (void)state;
    {
        int port;
        ck_kafka *k = start(2, &port);   /* warm-up: lazily created fds and threads */
        ping(port);
        ck_kafka_stop(k);
    }
    fds0 = count_fds();
    th0 = count_threads();
    for (i = 0; i < 200; i++) {
        int port;
        ck_kafka *k = start(i % 4, &port);
        if (i % 20 == 0) {
            int fd = cli_connect(port);   /* a connection open at stop */
            ping(port);
            ck_kafka_stop(k);
            close(fd);
        } else {
            ck_kafka_stop(k);
        }
    }
    fds1 = count_fds();
    th1 = count_threads();
    assert_int_equal(fds0, fds1);
    assert_int_equal(th0, th1);
}

static void test_addresses(void **state)
{
    ck_kafka_opts o;
    ck_kafka *k;
    char err[256];
    int port, rc;

    (void)state;
    memset(&o, 0, sizeof(o));
    o.io_threads = 1;
    /* bind address itself */
    k = start_opts(&o, "127.0.0.1:0", &port);
    assert_string_equal(ck_kafka_advertised_host(k), "127.0.0.1");
    assert_int_equal(ck_kafka_advertised_port(k), port);
    ck_kafka_stop(k);
    /* wildcard: localhost */
    k = start_opts(&o, "0.0.0.0:0", &port);
    assert_string_equal(ck_kafka_advertised_host(k), "localhost");
    assert_int_equal(ck_kafka_advertised_port(k), port);
    ping(port);
    ck_kafka_stop(k);
    /* advertised.listeners forms */
    o.advertised = "PLAINTEXT://broker.example:19092";
    k = start_opts(&o, "127.0.0.1:0", &port);
    assert_string_equal(ck_kafka_advertised_host(k), "broker.example");
    assert_int_equal(ck_kafka_advertised_port(k), 19092);
    ck_kafka_stop(k);
    o.advertised = "myhost";
    k = start_opts(&o, "127.0.0.1:0", &port);
    assert_string_equal(ck_kafka_advertised_host(k), "myhost");
    assert_int_equal(ck_kafka_advertised_port(k), port);
    ck_kafka_stop(k);
    o.advertised = "[::1]:9999,OTHER://x:1";
    k = start_opts(&o, "127.0.0.1:0", &port);
    assert_string_equal(ck_kafka_advertised_host(k), "::1");
    assert_int_equal(ck_kafka_advertised_port(k), 9999);
    ck_kafka_stop(k);
    o.advertised = NULL;
    /* IPv6 literal (skipped when the host has no IPv6 loopback) */
    o.handlers = test_handlers;
    o.nhandlers = CK_ARRAY_LEN(test_handlers);
    rc = ck_kafka_start_opts(NULL, "[::1]:0", &o, &port, &k, err, sizeof(err));
    if (rc == 0) {
        int fd = cli_connect_family(AF_INET6, port);
        ck_wb wb;
        ck_arena a;
        int32_t corr = 0;
        ck_wb_init(&wb, 0);
        ck_arena_init(&a);
        put_apiversions(&wb, 2, 66);
        send_all(fd, wb.buf, wb.len);
        read_resp(fd, &a, K_APIVERSIONS, 2, &corr);
        assert_int_equal(corr, 66);
        assert_string_equal(ck_kafka_advertised_host(k), "::1");
        close(fd);
        ck_wb_free(&wb);
        ck_arena_free(&a);
        ck_kafka_stop(k);
    }
    /* bad addresses */
    assert_int_not_equal(ck_kafka_start_opts(NULL, "127.0.0.1", &o, &port, &k, err, sizeof(err)), 0);
    assert_null(k);
    assert_int_not_equal(ck_kafka_start_opts(NULL, "127.0.0.1:99999", &o, &port, &k, err, sizeof(err)), 0);
    assert_int_not_equal(ck_kafka_start_opts(NULL, "[::1:0", &o, &port, &k, err, sizeof(err)), 0);
    assert_int_not_equal(ck_kafka_start_opts(NULL, "256.1.1.1:0", &o, &port, &k, err, sizeof(err)), 0);
    /* a port in use */
    {
        ck_kafka *k1 = start_opts(&o, "127.0.0.1:0", &port);
        char addr[64];
        int port2;
        snprintf(addr, sizeof(addr), "127.0.0.1:%d", port);
        rc = ck_kafka_start_opts(NULL, addr, &o, &port2, &k, err, sizeof(err));
        assert_int_equal(rc, CHRONIK_ERR_IO);
        assert_non_null(strstr(err, "cannot listen"));
        ck_kafka_stop(k1);
    }
    ck_kafka_stop(NULL);
}

/* Many clients on many loops at once. */
static void *client_main(void *arg)
{
    int port = *(int *)arg, fd, round, i;
    ck_wb wb;
    ck_arena a;

    fd = cli_connect(port);
    ck_wb_init(&wb, 0);
    ck_arena_init(&a);
    for (round = 0; round < 20; round++) {
        ck_wb_reset(&wb);
        for (i = 0; i < 50; i++) {
            if (i % 2)
                put_heartbeat(&wb, round * 100 + i, i);
            else
                put_apiversions(&wb, 3, round * 100 + i);
        }
        send_all(fd, wb.buf, wb.len);
        for (i = 0; i < 50; i++) {
            int32_t corr = -1;
            read_resp(fd, &a, i % 2 ? K_HEARTBEAT : K_APIVERSIONS, i % 2 ? 0 : 3, &corr);
            assert_int_equal(corr, round * 100 + i);
            ck_arena_reset(&a);
        }
    }
    close(fd);
    ck_wb_free(&wb);
    ck_arena_free(&a);
    return NULL;
}

static void test_many_clients(void **state)
{
    int port, i;
    ck_kafka *k = start(4, &port);
    pthread_t th[16];
    size_t conns = 1;
    int64_t t0;

    (void)state;
    w_max_delay_us = 500;
    w_fixed_delay_us = -1;
    worker_start();
    for (i = 0; i < 16; i++)
        assert_int_equal(pthread_create(&th[i], NULL, client_main, &port), 0);
    for (i = 0; i < 16; i++)
        pthread_join(th[i], NULL);
    worker_stop();
    t0 = ck_mono_ms();
    while (conns != 0 && ck_mono_ms() - t0 < 2000) {
        ck_kafka_debug_counts(k, &conns, NULL, NULL);
        usleep(1000);
    }
    assert_int_equal(conns, 0);
    ck_kafka_stop(k);
    w_max_delay_us = 3000;
}

/* Large request frames reuse the loop's kept buffers, whether their request
 * finished on the loop thread or on another one; a buffer is never reused
 * while its request lives (each handler checks its bytes at completion). */
static void test_frame_reuse(void **state)
{
    ck_kafka_opts o;
    ck_kafka *k;
    int port, fd, i;
    ck_wb wb;
    ck_arena a;
    size_t kept, reused, allocated, sizes[48];
    unsigned seed = 99;

    (void)state;
    memset(&o, 0, sizeof(o));
    o.io_threads = 1;
    o.request_max_bytes = 8 << 20;
    k = start_opts(&o, "127.0.0.1:0", &port);
    w_max_delay_us = 2000;
    w_fixed_delay_us = -1;
    worker_start();
    ck_wb_init(&wb, 0);
    ck_arena_init(&a);
    fd = cli_connect(port);
    /* One at a time, alternately finished inline and by the worker: the
     * sizes span two size classes, so two buffers serve all 40 frames. */
    for (i = 0; i < 40; i++) {
        size_t n = 900000 + (size_t)i * 2500;
        ck_wb_reset(&wb);
        put_produce(&wb, i, i % 2 ? 1 : -1, n);
        send_all(fd, wb.buf, wb.len);
        expect_produce(fd, &a, i, n);
        ck_arena_reset(&a);
    }
    ck_kafka_debug_frames(k, &kept, &reused, &allocated);
    assert_int_equal(allocated, 2);
    assert_int_equal(reused, 38);
    assert_true(kept > 0 && kept <= CK_KFRAME_CACHE_BYTES);
    /* Many at once, of mixed sizes, completed in random order: every frame
     * still holds its own bytes when it completes. */
    ck_wb_reset(&wb);
    for (i = 0; i < 48; i++) {
        sizes[i] = CK_KFRAME_MIN - 16 + (size_t)rand_r(&seed) % (1536u * 1024u);
        put_produce(&wb, 1000 + i, i % 3 == 0 ? 1 : -1, sizes[i]);
    }
    send_all(fd, wb.buf, wb.len);
    for (i = 0; i < 48; i++) {
        expect_produce(fd, &a, 1000 + i, sizes[i]);
        ck_arena_reset(&a);
    }
    ck_kafka_debug_frames(k, &kept, &reused, &allocated);
    assert_true(kept <= CK_KFRAME_CACHE_BYTES);
    assert_true(reused > 38);
    close(fd);
    worker_stop();
    w_max_delay_us = 3000;
    ck_wb_free(&wb);
    ck_arena_free(&a);
    ck_kafka_stop(k);
}

/* Kept frame buffers are bounded: an idle listener gives them all back, and
 * a frame larger than the cache's byte bound is never kept. */
static void test_frame_bounds(void **state)
{
    ck_kafka_opts o;
    ck_kafka *k;
    int port, fd, i;
    ck_wb wb;
    ck_arena a;
    size_t kept = 0, reused, allocated, allocated0, huge = CK_KFRAME_CACHE_BYTES + (1u << 20);
    int64_t t0;

    (void)state;
    memset(&o, 0, sizeof(o));
    o.io_threads = 2;
    o.request_max_bytes = 64 << 20;
    k = start_opts(&o, "127.0.0.1:0", &port);
    ck_wb_init(&wb, 0);
    ck_arena_init(&a);
    fd = cli_connect(port);
    for (i = 0; i < 4; i++) {
        ck_wb_reset(&wb);
        put_produce(&wb, i, 1, (size_t)(i + 1) << 20);
        send_all(fd, wb.buf, wb.len);
        expect_produce(fd, &a, i, (size_t)(i + 1) << 20);
        ck_arena_reset(&a);
    }
    ck_kafka_debug_frames(k, &kept, NULL, &allocated0);
    assert_true(kept >= (1u << 20));
    /* The connection stays open and idle: the buffers go anyway. */
    t0 = ck_mono_ms();
    while (ck_mono_ms() - t0 < 30000) {
        ck_kafka_debug_frames(k, &kept, NULL, NULL);
        if (kept == 0)
            break;
        usleep(10 * 1000);
    }
    assert_int_equal(kept, 0);
    /* A huge frame is served and then freed at once. */
    ck_wb_reset(&wb);
    put_produce(&wb, 77, 1, huge);
    send_all(fd, wb.buf, wb.len);
    expect_produce(fd, &a, 77, huge);
    ck_kafka_debug_frames(k, &kept, &reused, &allocated);
    assert_int_equal(kept, 0);
    assert_int_equal(allocated, allocated0 + 1);
    ping(port);
    close(fd);
    ck_wb_free(&wb);
    ck_arena_free(&a);
    ck_kafka_stop(k);
}

/* ===================================================================== */
/* Many connections at once                                               */
/* ===================================================================== */

#define STORM_CONNS   500
#define STORM_THREADS 10
#define STORM_PER     (STORM_CONNS / STORM_THREADS)

typedef struct storm_client {
    int                port;
    int                first;            /* correlation id of its first connection */
    pthread_barrier_t *go;
    int                fds[STORM_PER];
} storm_client;

/* Connects its share of the storm as soon as every client thread is ready
 * and sends one ApiVersions on each connection right away. */
static void *storm_main(void *arg)
{
    storm_client *c = arg;
    int i;

    pthread_barrier_wait(c->go);
    for (i = 0; i < STORM_PER; i++) {
        ck_wb wb;
        c->fds[i] = cli_connect(c->port);
        ck_wb_init(&wb, 0);
        put_apiversions(&wb, 3, c->first + i);
        send_all(c->fds[i], wb.buf, wb.len);
        ck_wb_free(&wb);
    }
    return NULL;
}

/* Keeps the loops busy with completions from another thread (Heartbeats
 * finished by the worker) while the storm's connections are handed out. */
typedef struct storm_noise {
    int         port;
    atomic_bool stop;
    int         rounds;
} storm_noise;

static void *noise_main(void *arg)
{
    storm_noise *n = arg;
    int fd = cli_connect(n->port), i;
    ck_wb wb;
    ck_arena a;

    ck_wb_init(&wb, 0);
    ck_arena_init(&a);
    while (!atomic_load(&n->stop)) {
        ck_wb_reset(&wb);
        for (i = 0; i < 32; i++)
            put_heartbeat(&wb, i, i);
        send_all(fd, wb.buf, wb.len);
        for (i = 0; i < 32; i++) {
            int32_t corr = -1;
            read_resp(fd, &a, K_HEARTBEAT, 0, &corr);
            ck_arena_reset(&a);
        }
        n->rounds++;
    }
    close(fd);
    ck_wb_free(&wb);
    ck_arena_free(&a);
    return NULL;
}

/* Raises the soft fd limit to the hard one; false when even that is too
 * low for need descriptors. */
static bool fd_limit_at_least(rlim_t need)
{
    struct rlimit rl;

    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return false;
    if (rl.rlim_cur < need && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            return false;
    }
    return rl.rlim_cur >= need;
}

/* Reads the storm's answers; returns how many arrived (each checked) before
 * every connection was answered or the generous bound passed. */
static int storm_collect(storm_client *cl, int64_t bound_ms)
{
    static struct pollfd pfd[STORM_CONNS];
    static int corr_of[STORM_CONNS];
    int i, j, left = 0, answered = 0;
    int64_t deadline = ck_mono_ms() + bound_ms;
    ck_arena a;

    ck_arena_init(&a);
    for (i = 0; i < STORM_THREADS; i++) {
        for (j = 0; j < STORM_PER; j++) {
            pfd[left].fd = cl[i].fds[j];
            pfd[left].events = POLLIN;
            corr_of[left] = cl[i].first + j;
            left++;
        }
    }
    while (left > 0 && ck_mono_ms() < deadline) {
        int n = poll(pfd, (nfds_t)left, 100);
        if (n <= 0)
            continue;
        for (i = 0; i < left;) {
            int32_t corr = -1;
            ck_ApiVersionsResponse *r;
            if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                i++;
                continue;
            }
            r = read_resp(pfd[i].fd, &a, K_APIVERSIONS, 3, &corr);
            assert_int_equal(corr, corr_of[i]);
            check_apiversions(r, 0);
            ck_arena_reset(&a);
            answered++;
            close(pfd[i].fd);
            left--;
            pfd[i] = pfd[left];
            corr_of[i] = corr_of[left];
        }
    }
    for (i = 0; i < left; i++) {
        fprintf(stderr, "connection with correlation id %d got no ApiVersions answer\n", corr_of[i]);
        close(pfd[i].fd);
    }
    ck_arena_free(&a);
    return answered;
}

/* 500 clients connect at once, each sends ApiVersions at once: every one is
 * handed to a loop and answered, with 1, 2 and 4 loops (the acceptor keeps
 * some, the others are adopted), while cross-thread completions keep the
 * loops' shared queues busy. */
static void test_connect_storm(void **state)
{
    static const int loops[] = {1, 2, 4};
    size_t li;

    (void)state;
    if (!fd_limit_at_least(2 * STORM_CONNS + 64)) {
        skip();
        return;
    }
    w_max_delay_us = 300;
    w_fixed_delay_us = -1;
    worker_start();
    for (li = 0; li < CK_ARRAY_LEN(loops); li++) {
        int port, i;
        ck_kafka *k = start(loops[li], &port);
        static storm_client cl[STORM_THREADS];
        pthread_t th[STORM_THREADS], nth;
        pthread_barrier_t go;
        storm_noise noise;
        size_t conns = 1;
        int64_t t0;

        memset(&noise, 0, sizeof(noise));
        noise.port = port;
        atomic_init(&noise.stop, false);
        assert_int_equal(pthread_create(&nth, NULL, noise_main, &noise), 0);
        pthread_barrier_init(&go, NULL, STORM_THREADS);
        for (i = 0; i < STORM_THREADS; i++) {
            cl[i].port = port;
            cl[i].first = 100000 * (int)(li + 1) + i * STORM_PER;
            cl[i].go = &go;
            assert_int_equal(pthread_create(&th[i], NULL, storm_main, &cl[i]), 0);
        }
        for (i = 0; i < STORM_THREADS; i++)
            pthread_join(th[i], NULL);
        pthread_barrier_destroy(&go);
        assert_int_equal(storm_collect(cl, 60000), STORM_CONNS);
        atomic_store(&noise.stop, true);
        pthread_join(nth, NULL);
        assert_true(noise.rounds > 0);
        /* Every storm connection leaves its loop again. */
        t0 = ck_mono_ms();
        while (conns != 0 && ck_mono_ms() - t0 < 30000) {
            ck_kafka_debug_counts(k, &conns, NULL, NULL);
            usleep(1000);
        }
        assert_int_equal(conns, 0);
        ck_kafka_stop(k);
    }
    worker_stop();
    w_max_delay_us = 3000;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_apiversions_versions),
        cmocka_unit_test(test_apiversions_unsupported),
        cmocka_unit_test(test_pipelined),
        cmocka_unit_test(test_file_range_at_end),
        cmocka_unit_test(test_file_range_large),
        cmocka_unit_test(test_out_of_order),
        cmocka_unit_test(test_bad_frames),
        cmocka_unit_test(test_noresp_and_close_conn),
        cmocka_unit_test(test_never_reads),
        cmocka_unit_test(test_backpressure_resume),
        cmocka_unit_test(test_idle_timeout),
        cmocka_unit_test(test_defer_and_wake),
        cmocka_unit_test(test_late_completion),
        cmocka_unit_test(test_start_stop_many),
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_many_clients),
        cmocka_unit_test(test_frame_reuse),
        cmocka_unit_test(test_frame_bounds),
        cmocka_unit_test(test_connect_storm),
    };
    signal(SIGPIPE, SIG_IGN);
    if (getenv("CK_TEST_FILTER"))
        cmocka_set_test_filter(getenv("CK_TEST_FILTER"));   /* e.g. "test_frame*" */
    if (!getenv("CK_TEST_LOG"))
        ck_log_threshold = CK_LOG_ERROR;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
