/*
 * chronik-bench.c — the Kafka-protocol benchmark of chronik, written on
 * librdkafka's public API only, so that it measures what a real client sees.
 *
 * Workloads (the first argument):
 *   produce   N messages of S bytes from C producer instances (one
 *             connection each) to P partitions: msg/s and MB/s from the first
 *             produce call until every delivery report arrived.
 *   consume   the same messages read back from the beginning with the
 *             simple (group-less) consumer, in chunks: produce a chunk, then
 *             time reading it back.  Chunks keep under 4 MiB per partition
 *             because librdkafka's mock cluster keeps only ~5 MiB.
 *   e2e       a fixed rate for a fixed time; every payload carries its send
 *             time; the consumer (fetch.wait.max.ms as configured) reports
 *             end-to-end latency p50/p99/p99.9/max.
 *   idle      N client connections (each after one ApiVersions exchange)
 *             left idle: the broker's RSS before and after (embedded, or
 *             --pid of a server).
 *   recovery  (embedded only) a child process writes --bytes into a log and
 *             is killed with SIGKILL; the time chronik_open then takes.
 *
 * Targets, each measured with the same workload, interleaved run by run so
 * that machine load drifts evenly over them:
 *   --bootstrap host:port   a running chronik-server (or any Kafka broker)
 *   --mock                  librdkafka's in-process mock cluster (no CRC
 *                           check, no disk): the peer baseline; every other
 *                           target is also reported as a ratio against it
 *   --embedded              libchronik inside this process: chronik_open on
 *                           a temporary directory + chronik_kafka_listen on
 *                           127.0.0.1:0
 * Without a target option, --bootstrap localhost:9092 is used.
 *
 * Output: one machine-readable line per workload and target,
 *   BENCH chronik-bench op=produce target=embedded ... msgs_per_s=... vs_mock=...
 * (medians of --runs runs), then a human table.  Timings are never asserted:
 * this is a program, see docs/PERFORMANCE.md for method and results.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "chronik.h"

#define MAX_RUNS 15
#define MAX_TARGETS 3
#define MAX_XPROPS 32
#define CHUNK_BYTES_PER_PART (4u << 20)
#define TS_BYTES 8
/* consume: a chunk's first fetch must not wait behind a fetch parked at the
 * end of the previous chunk (the mock always waits fetch.wait.max.ms) */
#define CONSUME_FETCH_WAIT_MS 10

/* ===================================================================== */
/* Options                                                                */
/* ===================================================================== */

typedef struct bench_opts {
    const char *op;
    int64_t     messages;
    size_t      size;
    const char *acks;
    int         linger_ms;          /* -1: librdkafka's default (produce), 0 (e2e) */
    const char *compression;
    bool        idempotence;
    int         partitions;
    int         concurrency;
    int         runs;
    int64_t     chunk;              /* consume: messages per chunk, 0: auto */
    int         rate;               /* e2e msg/s */
    int         duration_s;         /* e2e */
    int         fetch_wait_ms;      /* e2e consumer fetch.wait.max.ms */
    int         connections;        /* idle */
    int         pid;                /* idle: server pid for RSS */
    int64_t     bytes;              /* recovery */
    const char *flush_policy;       /* embedded */
    const char *data_dir;           /* embedded base dir */
    const char *bootstrap;
    bool        mock, embedded;
    const char *xprops[MAX_XPROPS]; /* key=value for every client */
    int         nxprops;
} bench_opts;

typedef enum target_kind { TGT_MOCK, TGT_EMBEDDED, TGT_SERVER } target_kind;

typedef struct target {
    target_kind              kind;
    const char              *name;
    char                     bootstrap[512];
    rd_kafka_t              *mock_rk;
    rd_kafka_mock_cluster_t *mcluster;
    chronik_t               *eng;
    char                     dir[4096];
} target;

static const char *kind_name(target_kind k)
{
    return k == TGT_MOCK ? "mock" : k == TGT_EMBEDDED ? "embedded" : "server";
}

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static double median(const double *v, int n)
{
    double s[MAX_RUNS];

    memcpy(s, v, (size_t)n * sizeof(*v));
    qsort(s, (size_t)n, sizeof(*s), cmp_dbl);
    return s[n / 2];
}

/* Median of n values, sorting v in place (any n > 0). */
static double median_sort(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_dbl);
    return v[n / 2];
}

/* RSS of pid (0: this process) in KiB, or -1. */
static long rss_kib(int pid)
{
    char path[64], line[256];
    FILE *f;
    long kib = -1;

    if (pid > 0)
        snprintf(path, sizeof(path), "/proc/%d/status", pid);
    else
        snprintf(path, sizeof(path), "/proc/self/status");
    f = fopen(path, "r");
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof(line), f) != NULL) {
        if (strncmp(line, "VmRSS:", 6) == 0) {
            kib = strtol(line + 6, NULL, 10);
            break;
        }
    }
    fclose(f);
    return kib;
}

/* ===================================================================== */
/* Client configuration                                                   */
/* ===================================================================== */

static int conf_set(rd_kafka_conf_t *conf, const char *k, const char *v)
{
    char err[256];

    if (rd_kafka_conf_set(conf, k, v, err, sizeof(err)) != RD_KAFKA_CONF_OK) {
        fprintf(stderr, "chronik-bench: %s=%s: %s\n", k, v, err);
        return -1;
    }
    return 0;
}

/* A client configuration for bootstrap with the -X overrides applied last. */
static rd_kafka_conf_t *client_conf(const bench_opts *o, const char *bootstrap)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    int i, rc = 0;

    rc |= conf_set(conf, "bootstrap.servers", bootstrap);
    rc |= conf_set(conf, "client.id", "chronik-bench");
    for (i = 0; i < o->nxprops; i++) {
        char kv[512], *eq;
        snprintf(kv, sizeof(kv), "%s", o->xprops[i]);
        eq = strchr(kv, '=');
        if (eq == NULL) {
            fprintf(stderr, "chronik-bench: -X %s: expected key=value\n", kv);
            rc = -1;
            continue;
        }
        *eq = '\0';
        rc |= conf_set(conf, kv, eq + 1);
    }
    if (rc != 0) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    return conf;
}

/* Applies the -X overrides again after workload settings (they win). */
static int apply_xprops(const bench_opts *o, rd_kafka_conf_t *conf)
{
    int i, rc = 0;

    for (i = 0; i < o->nxprops; i++) {
        char kv[512], *eq;
        snprintf(kv, sizeof(kv), "%s", o->xprops[i]);
        eq = strchr(kv, '=');
        if (eq != NULL) {
            *eq = '\0';
            rc |= conf_set(conf, kv, eq + 1);
        }
    }
    return rc;
}

/* ===================================================================== */
/* Targets                                                                */
/* ===================================================================== */

static int target_start(target *t, target_kind kind, const bench_opts *o)
{
    char err[512];
    int rc = -1;

    memset(t, 0, sizeof(*t));
    t->kind = kind;
    t->name = kind_name(kind);
    if (kind == TGT_MOCK) {
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        conf_set(conf, "log_level", "3");
        t->mock_rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
        if (t->mock_rk == NULL) {
            fprintf(stderr, "chronik-bench: mock handle: %s\n", err);
            rd_kafka_conf_destroy(conf);
            goto out;
        }
        t->mcluster = rd_kafka_mock_cluster_new(t->mock_rk, 1);
        if (t->mcluster == NULL) {
            fprintf(stderr, "chronik-bench: rd_kafka_mock_cluster_new failed\n");
            goto out;
        }
        snprintf(t->bootstrap, sizeof(t->bootstrap), "%s", rd_kafka_mock_cluster_bootstraps(t->mcluster));
    } else if (kind == TGT_EMBEDDED) {
        chronik_conf_t *conf = chronik_conf_new();
        int port = 0;
        const char *base = o->data_dir;
        if (base == NULL)
            base = getenv("TMPDIR") != NULL && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
        snprintf(t->dir, sizeof(t->dir), "%s/chronik-bench.XXXXXX", base);
        if (mkdtemp(t->dir) == NULL) {
            fprintf(stderr, "chronik-bench: mkdtemp %s: %s\n", t->dir, strerror(errno));
            t->dir[0] = '\0';
            chronik_conf_free(conf);
            goto out;
        }
        if (chronik_conf_set(conf, "data.dir", t->dir, err, sizeof(err)) != CHRONIK_OK ||
            chronik_conf_set(conf, "flush.policy", o->flush_policy, err, sizeof(err)) != CHRONIK_OK ||
            chronik_conf_set(conf, "log.level", "warn", err, sizeof(err)) != CHRONIK_OK ||
            chronik_open(conf, &t->eng, err, sizeof(err)) != CHRONIK_OK) {
            fprintf(stderr, "chronik-bench: embedded engine: %s\n", err);
            chronik_conf_free(conf);
            goto out;
        }
        chronik_conf_free(conf);
        if (chronik_kafka_listen(t->eng, "127.0.0.1:0", &port) != CHRONIK_OK) {
            fprintf(stderr, "chronik-bench: embedded listener: %s\n", chronik_errmsg(t->eng));
            goto out;
        }
        snprintf(t->bootstrap, sizeof(t->bootstrap), "127.0.0.1:%d", port);
    } else {
        snprintf(t->bootstrap, sizeof(t->bootstrap), "%s", o->bootstrap);
    }
    rc = 0;
out:
    return rc;
}

static void rmtree(const char *dir)
{
    pid_t pid;

    if (dir == NULL || dir[0] == '\0')
        return;
    pid = fork();
    if (pid == 0) {
        execlp("rm", "rm", "-rf", dir, (char *)NULL);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
}

static void target_stop(target *t)
{
    if (t->mcluster != NULL)
        rd_kafka_mock_cluster_destroy(t->mcluster);
    if (t->mock_rk != NULL)
        rd_kafka_destroy(t->mock_rk);
    if (t->eng != NULL)
        chronik_close(t->eng);
    rmtree(t->dir);
    memset(t, 0, sizeof(*t));
}

/* Creates topic with `partitions` partitions on the target. */
static int target_topic(target *t, const bench_opts *o, const char *topic, int partitions)
{
    char err[512];
    int rc = -1;

    if (t->kind == TGT_MOCK) {
        if (rd_kafka_mock_topic_create(t->mcluster, topic, partitions, 1) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            fprintf(stderr, "chronik-bench: mock topic %s failed\n", topic);
            goto out;
        }
        rc = 0;
    } else if (t->kind == TGT_EMBEDDED) {
        if (chronik_topic_create(t->eng, topic, partitions, NULL) != CHRONIK_OK) {
            fprintf(stderr, "chronik-bench: topic %s: %s\n", topic, chronik_errmsg(t->eng));
            goto out;
        }
        rc = 0;
    } else {
        rd_kafka_conf_t *conf = client_conf(o, t->bootstrap);
        rd_kafka_t *rk;
        rd_kafka_NewTopic_t *nt;
        rd_kafka_queue_t *q;
        rd_kafka_event_t *ev;
        if (conf == NULL)
            goto out;
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
        if (rk == NULL) {
            fprintf(stderr, "chronik-bench: admin client: %s\n", err);
            rd_kafka_conf_destroy(conf);
            goto out;
        }
        nt = rd_kafka_NewTopic_new(topic, partitions, 1, err, sizeof(err));
        q = rd_kafka_queue_new(rk);
        rd_kafka_CreateTopics(rk, &nt, 1, NULL, q);
        ev = rd_kafka_queue_poll(q, 30000);
        if (ev == NULL) {
            fprintf(stderr, "chronik-bench: CreateTopics %s timed out\n", topic);
        } else if (rd_kafka_event_error(ev)) {
            fprintf(stderr, "chronik-bench: CreateTopics %s: %s\n", topic, rd_kafka_event_error_string(ev));
        } else {
            const rd_kafka_CreateTopics_result_t *res = rd_kafka_event_CreateTopics_result(ev);
            size_t cnt = 0;
            const rd_kafka_topic_result_t **tr = rd_kafka_CreateTopics_result_topics(res, &cnt);
            if (cnt == 1 && rd_kafka_topic_result_error(tr[0]) != RD_KAFKA_RESP_ERR_NO_ERROR)
                fprintf(stderr, "chronik-bench: CreateTopics %s: %s\n", topic,
                        rd_kafka_topic_result_error_string(tr[0]));
            else
                rc = 0;
        }
        if (ev != NULL)
            rd_kafka_event_destroy(ev);
        rd_kafka_NewTopic_destroy(nt);
        rd_kafka_queue_destroy(q);
        rd_kafka_destroy(rk);
    }
out:
    return rc;
}

/* ===================================================================== */
/* Produce                                                                */
/* ===================================================================== */

typedef struct producer {
    const bench_opts  *o;
    const char        *bootstrap;
    const char        *topic;
    int64_t            count;
    int                first_partition;
    bool               stamp;       /* write the send time into each payload (e2e) */
    pthread_barrier_t *start;
    int64_t            delivered;   /* atomic */
    int64_t            failed;      /* atomic */
    rd_kafka_resp_err_t first_err;
    double             t_start;     /* after the start barrier */
    double             t_end;
    int                err;
} producer;

static void dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    producer *p = opaque;

    (void)rk;
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (__atomic_fetch_add(&p->failed, 1, __ATOMIC_RELAXED) == 0)
            p->first_err = m->err;
    } else {
        __atomic_fetch_add(&p->delivered, 1, __ATOMIC_RELAXED);
    }
}

/* A producer handle with the workload's settings; NULL on error. */
static rd_kafka_t *producer_new(const bench_opts *o, const char *bootstrap, void *opaque, int linger_ms)
{
    rd_kafka_conf_t *conf = client_conf(o, bootstrap);
    rd_kafka_t *rk;
    char err[512], num[32];
    int rc = 0;

    if (conf == NULL)
        return NULL;
    rc |= conf_set(conf, "acks", o->idempotence ? "all" : o->acks);
    if (linger_ms >= 0) {
        snprintf(num, sizeof(num), "%d", linger_ms);
        rc |= conf_set(conf, "linger.ms", num);
    }
    rc |= conf_set(conf, "compression.type", o->compression);
    rc |= conf_set(conf, "enable.idempotence", o->idempotence ? "true" : "false");
    rc |= conf_set(conf, "queue.buffering.max.messages", "1000000");
    rc |= apply_xprops(o, conf);
    if (rc != 0) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_conf_set_dr_msg_cb(conf, dr_cb);
    rd_kafka_conf_set_opaque(conf, opaque);
    rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
    if (rk == NULL) {
        fprintf(stderr, "chronik-bench: producer: %s\n", err);
        rd_kafka_conf_destroy(conf);
    }
    return rk;
}

/* Connects and learns the topic's metadata before the clock starts. */
static int warm_up(rd_kafka_t *rk, rd_kafka_topic_t *rkt)
{
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR__TIMED_OUT;
    int tries;

    for (tries = 0; tries < 50; tries++) {
        err = rd_kafka_metadata(rk, 0, rkt, &md, 5000);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            bool ok = md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR &&
                      md->topics[0].partition_cnt > 0;
            rd_kafka_metadata_destroy(md);
            if (ok)
                return 0;
        }
        usleep(100000);
    }
    fprintf(stderr, "chronik-bench: metadata: %s\n", rd_kafka_err2str(err));
    return -1;
}

static void *producer_main(void *arg)
{
    producer *p = arg;
    const bench_opts *o = p->o;
    int linger = o->linger_ms >= 0 ? o->linger_ms : (p->stamp ? 0 : -1);
    rd_kafka_t *rk = producer_new(o, p->bootstrap, p, linger);
    rd_kafka_topic_t *rkt = NULL;
    uint8_t *payload = calloc(1, o->size < TS_BYTES ? TS_BYTES : o->size);
    int64_t i, t0 = 0, interval_ns = o->rate > 0 ? 1000000000LL / o->rate : 0;
    bool ok = false;

    if (rk != NULL) {
        rkt = rd_kafka_topic_new(rk, p->topic, NULL);
        ok = payload != NULL && warm_up(rk, rkt) == 0;
    }
    pthread_barrier_wait(p->start);
    p->t_start = now_s();
    if (!ok) {
        p->err = 1;
        goto out;
    }
    memset(payload, 'x', o->size);
    t0 = now_ns();
    for (i = 0; i < p->count; i++) {
        int32_t part = (int32_t)((p->first_partition + i) % o->partitions);
        int flags = 0;
        if (p->stamp) {
            int64_t due = t0 + i * interval_ns, ts;
            while ((ts = now_ns()) < due) {
                int64_t left = due - ts;
                if (left > 200000)
                    rd_kafka_poll(rk, (int)(left / 1000000 > 0 ? left / 1000000 : 0));
                else if (left > 20000)
                    usleep((useconds_t)(left / 1000));
            }
            ts = now_ns();
            memcpy(payload, &ts, TS_BYTES);
            flags = RD_KAFKA_MSG_F_COPY;
        }
        while (rd_kafka_produce(rkt, part, flags, payload, o->size, NULL, 0, NULL) == -1) {
            rd_kafka_resp_err_t e = rd_kafka_last_error();
            if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                fprintf(stderr, "chronik-bench: produce: %s\n", rd_kafka_err2str(e));
                p->err = 1;
                goto out;
            }
            rd_kafka_poll(rk, 1);
        }
        if ((i & 1023) == 0)
            rd_kafka_poll(rk, 0);
    }
    if (rd_kafka_flush(rk, 600000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        fprintf(stderr, "chronik-bench: flush timed out\n");
        p->err = 1;
    }
    p->t_end = now_s();
    if (p->failed > 0) {
        fprintf(stderr, "chronik-bench: %" PRId64 " deliveries failed (first: %s)\n", p->failed,
                rd_kafka_err2str(p->first_err));
        p->err = 1;
    }
out:
    if (rkt != NULL)
        rd_kafka_topic_destroy(rkt);
    if (rk != NULL) {
        /* keep the payload alive until every queued message is gone */
        rd_kafka_flush(rk, 10000);
        rd_kafka_destroy(rk);
    }
    free(payload);
    return NULL;
}

/* Produces total messages from nprod producers; returns msg/s or -1. */
static double produce_run(const bench_opts *o, const char *bootstrap, const char *topic, int64_t total, int nprod,
                          bool stamp)
{
    producer *ps = calloc((size_t)nprod, sizeof(*ps));
    pthread_t *th = calloc((size_t)nprod, sizeof(*th));
    pthread_barrier_t start;
    double t0, t1 = 0, rps = -1;
    int i, err = 0;

    if (ps == NULL || th == NULL)
        goto out;
    pthread_barrier_init(&start, NULL, (unsigned)nprod + 1);
    for (i = 0; i < nprod; i++) {
        ps[i].o = o;
        ps[i].bootstrap = bootstrap;
        ps[i].topic = topic;
        ps[i].count = total / nprod + (i < total % nprod ? 1 : 0);
        ps[i].first_partition = i % o->partitions;
        ps[i].stamp = stamp;
        ps[i].start = &start;
        if (pthread_create(&th[i], NULL, producer_main, &ps[i]) != 0) {
            fprintf(stderr, "chronik-bench: pthread_create failed\n");
            exit(1);
        }
    }
    pthread_barrier_wait(&start);
    /* The clock starts when the first producer passes the barrier: this
     * thread may be descheduled past the end of a short run. */
    t0 = 0;
    for (i = 0; i < nprod; i++) {
        pthread_join(th[i], NULL);
        err |= ps[i].err;
        if (t0 == 0 || ps[i].t_start < t0)
            t0 = ps[i].t_start;
        if (ps[i].t_end > t1)
            t1 = ps[i].t_end;
    }
    pthread_barrier_destroy(&start);
    if (!err && t1 > t0)
        rps = (double)total / (t1 - t0);
out:
    free(ps);
    free(th);
    return rps;
}

/* ===================================================================== */
/* Consume                                                                */
/* ===================================================================== */

typedef struct consumer {
    rd_kafka_t       *rk;
    rd_kafka_topic_t *rkt;
    rd_kafka_queue_t *q;
    int               partitions;
    int64_t          *next;     /* per partition: next offset to read */
} consumer;

static int consumer_open(consumer *c, const bench_opts *o, const char *bootstrap, const char *topic, int fetch_wait_ms)
{
    rd_kafka_conf_t *conf = client_conf(o, bootstrap);
    char err[512], num[32];

    memset(c, 0, sizeof(*c));
    if (conf == NULL)
        return -1;
    if (fetch_wait_ms >= 0) {
        snprintf(num, sizeof(num), "%d", fetch_wait_ms);
        conf_set(conf, "fetch.wait.max.ms", num);
    }
    if (apply_xprops(o, conf) != 0) {
        rd_kafka_conf_destroy(conf);
        return -1;
    }
    c->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
    if (c->rk == NULL) {
        fprintf(stderr, "chronik-bench: consumer: %s\n", err);
        rd_kafka_conf_destroy(conf);
        return -1;
    }
    c->rkt = rd_kafka_topic_new(c->rk, topic, NULL);
    c->q = rd_kafka_queue_new(c->rk);
    c->partitions = o->partitions;
    c->next = calloc((size_t)o->partitions, sizeof(*c->next));
    return 0;
}

static void consumer_close(consumer *c)
{
    if (c->q != NULL)
        rd_kafka_queue_destroy(c->q);
    if (c->rkt != NULL)
        rd_kafka_topic_destroy(c->rkt);
    if (c->rk != NULL)
        rd_kafka_destroy(c->rk);
    free(c->next);
    memset(c, 0, sizeof(*c));
}

static int consumer_start(consumer *c)
{
    int i;

    for (i = 0; i < c->partitions; i++) {
        if (rd_kafka_consume_start_queue(c->rkt, i, c->next[i], c->q) != 0) {
            fprintf(stderr, "chronik-bench: consume_start: %s\n", rd_kafka_err2str(rd_kafka_last_error()));
            return -1;
        }
    }
    return 0;
}

static void consumer_stop(consumer *c)
{
    int i;

    for (i = 0; i < c->partitions; i++)
        rd_kafka_consume_stop(c->rkt, i);
}

typedef struct read_state {
    consumer *c;
    int64_t   got;
    void    (*on_msg)(void *, const rd_kafka_message_t *);
    void     *opaque;
} read_state;

static void read_cb(rd_kafka_message_t *m, void *opaque)
{
    read_state *rs = opaque;
    consumer *c = rs->c;

    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (m->partition >= 0 && m->partition < c->partitions && m->offset + 1 > c->next[m->partition]) {
            c->next[m->partition] = m->offset + 1;
            rs->got++;
            if (rs->on_msg != NULL)
                rs->on_msg(rs->opaque, m);
        }
    } else if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        fprintf(stderr, "chronik-bench: consume: %s\n", rd_kafka_message_errstr(m));
    }
}

/* Reads `want` messages (calling on_msg for each when set); 0 or -1 on
 * timeout.  The callback API hands over every message as soon as it is
 * queued (rd_kafka_consume_batch_queue would wait for a full batch). */
static int consumer_read(consumer *c, int64_t want, int timeout_s, void (*on_msg)(void *, const rd_kafka_message_t *),
                         void *opaque)
{
    read_state rs = { c, 0, on_msg, opaque };
    double deadline = now_s() + timeout_s;

    while (rs.got < want) {
        rd_kafka_consume_callback_queue(c->q, 100, read_cb, &rs);
        if (rs.got < want && now_s() > deadline) {
            fprintf(stderr, "chronik-bench: consume timed out with %" PRId64 " of %" PRId64 " messages\n", rs.got,
                    want);
            return -1;
        }
    }
    return 0;
}

/* Chunked consume: produce a chunk, read it back timed; returns msg/s over
 * all chunks, and in *chunk_median the median of the chunks' own rates
 * (one stalled chunk on a loaded machine moves the first, not the second). */
static double consume_run(const bench_opts *o, const char *bootstrap, const char *topic, double *chunk_median)
{
    int64_t chunk = o->chunk, left = o->messages;
    double busy = 0, rps = -1, *rates = NULL;
    int nrates = 0;
    consumer c;
    bench_opts po = *o;

    *chunk_median = -1;
    if (chunk <= 0) {
        chunk = (int64_t)CHUNK_BYTES_PER_PART / (int64_t)(o->size + 24) * o->partitions;
        if (chunk < 1)
            chunk = 1;
    }
    po.rate = 0;
    rates = calloc((size_t)((o->messages + chunk - 1) / chunk), sizeof(*rates));
    if (rates == NULL || consumer_open(&c, o, bootstrap, topic, CONSUME_FETCH_WAIT_MS) != 0) {
        free(rates);
        return -1;
    }
    while (left > 0) {
        int64_t n = left < chunk ? left : chunk;
        double t0, dt;
        if (produce_run(&po, bootstrap, topic, n, 1, false) < 0) {
            fprintf(stderr, "chronik-bench: consume: producing a chunk of %" PRId64 " failed\n", n);
            goto out;
        }
        t0 = now_s();
        if (consumer_start(&c) != 0 || consumer_read(&c, n, 120, NULL, NULL) != 0)
            goto out;
        dt = now_s() - t0;
        busy += dt;
        rates[nrates++] = (double)n / dt;
        consumer_stop(&c);
        left -= n;
    }
    rps = (double)o->messages / busy;
    *chunk_median = median_sort(rates, nrates);
out:
    consumer_close(&c);
    free(rates);
    return rps;
}

/* ===================================================================== */
/* End to end                                                             */
/* ===================================================================== */

typedef struct lat_sink {
    int64_t *lat_ns;
    int64_t  n, cap;
    int64_t  skip_before_ns;   /* warm-up: messages sent earlier are not counted */
} lat_sink;

static void lat_msg(void *opaque, const rd_kafka_message_t *m)
{
    lat_sink *s = opaque;
    int64_t sent;

    if (m->len < TS_BYTES)
        return;
    memcpy(&sent, m->payload, TS_BYTES);
    if (sent < s->skip_before_ns || s->n >= s->cap)
        return;
    s->lat_ns[s->n++] = now_ns() - sent;
}

typedef struct e2e_result {
    double p50_ms, p99_ms, p999_ms, max_ms, rate;
} e2e_result;

typedef struct e2e_prod {
    const bench_opts *o;
    const char       *bootstrap;
    const char       *topic;
    int64_t           total;
    double            rps;
} e2e_prod;

static void *e2e_prod_main(void *arg)
{
    e2e_prod *ep = arg;

    ep->rps = produce_run(ep->o, ep->bootstrap, ep->topic, ep->total, 1, true);
    return NULL;
}

static int e2e_run(const bench_opts *o, const char *bootstrap, const char *topic, e2e_result *r)
{
    int64_t total = (int64_t)o->rate * o->duration_s;
    lat_sink sink;
    consumer c;
    pthread_t th;
    e2e_prod ep = { o, bootstrap, topic, total, -1 };
    int rc = -1;

    memset(&sink, 0, sizeof(sink));
    sink.cap = total;
    sink.lat_ns = calloc((size_t)total, sizeof(int64_t));
    /* messages of the first second (connection set-up) are not counted */
    sink.skip_before_ns = now_ns() + 1000000000LL;
    if (sink.lat_ns == NULL || consumer_open(&c, o, bootstrap, topic, o->fetch_wait_ms) != 0)
        goto out_free;
    if (consumer_start(&c) != 0)
        goto out_close;
    pthread_create(&th, NULL, e2e_prod_main, &ep);
    rc = consumer_read(&c, total, o->duration_s + 60, lat_msg, &sink);
    pthread_join(th, NULL);
    consumer_stop(&c);
    if (rc == 0 && ep.rps > 0 && sink.n > 0) {
        qsort(sink.lat_ns, (size_t)sink.n, sizeof(int64_t), cmp_i64);
        r->p50_ms = (double)sink.lat_ns[sink.n / 2] / 1e6;
        r->p99_ms = (double)sink.lat_ns[(int64_t)((double)(sink.n - 1) * 0.99)] / 1e6;
        r->p999_ms = (double)sink.lat_ns[(int64_t)((double)(sink.n - 1) * 0.999)] / 1e6;
        r->max_ms = (double)sink.lat_ns[sink.n - 1] / 1e6;
        r->rate = ep.rps;
    } else {
        rc = -1;
    }
out_close:
    consumer_close(&c);
out_free:
    free(sink.lat_ns);
    return rc;
}

/* ===================================================================== */
/* Idle connections                                                       */
/* ===================================================================== */

/* Connects to host:port and does one ApiVersions v0 round trip; fd or -1. */
static int idle_connect(const char *bootstrap)
{
    char host[256], *colon;
    struct addrinfo hints, *ai = NULL;
    uint8_t req[64], resp[4096];
    size_t rl = 0;
    int fd = -1;
    ssize_t n;
    int32_t len;

    snprintf(host, sizeof(host), "%s", bootstrap);
    colon = strrchr(host, ':');
    if (colon == NULL)
        return -1;
    *colon = '\0';
    memset(&hints, 0, sizeof(hints));
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, colon + 1, &hints, &ai) != 0)
        return -1;
    fd = socket(ai->ai_family, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) != 0)
        goto fail;
    /* size, api_key 18, version 0, correlation id 1, client id "b" */
    memcpy(req, "\x00\x00\x00\x0b\x00\x12\x00\x00\x00\x00\x00\x01\x00\x01" "b", 15);
    if (write(fd, req, 15) != 15)
        goto fail;
    while (rl < 4) {
        n = read(fd, resp + rl, sizeof(resp) - rl);
        if (n <= 0)
            goto fail;
        rl += (size_t)n;
    }
    len = (int32_t)(((uint32_t)resp[0] << 24) | ((uint32_t)resp[1] << 16) | ((uint32_t)resp[2] << 8) | resp[3]);
    while ((int64_t)rl < (int64_t)len + 4) {
        n = read(fd, resp, sizeof(resp));
        if (n <= 0)
            goto fail;
        rl += (size_t)n;
    }
    freeaddrinfo(ai);
    return fd;
fail:
    if (fd >= 0)
        close(fd);
    freeaddrinfo(ai);
    return -1;
}

static int idle_run(const bench_opts *o, target *t, long *rss_before, long *rss_after)
{
    int *fds = calloc((size_t)o->connections, sizeof(int));
    int i, n = 0, rc = -1, pid = t->kind == TGT_EMBEDDED ? 0 : o->pid;

    if (fds == NULL)
        return -1;
    if (t->kind != TGT_EMBEDDED && pid <= 0) {
        fprintf(stderr, "chronik-bench: idle against a server needs --pid of the server\n");
        goto out;
    }
    sleep(1);
    *rss_before = rss_kib(pid);
    for (i = 0; i < o->connections; i++) {
        fds[i] = idle_connect(t->bootstrap);
        if (fds[i] < 0) {
            fprintf(stderr, "chronik-bench: connection %d: %s\n", i, strerror(errno));
            goto out;
        }
        n++;
    }
    sleep(2);
    *rss_after = rss_kib(pid);
    rc = 0;
out:
    for (i = 0; i < n; i++)
        close(fds[i]);
    free(fds);
    return rc;
}

/* ===================================================================== */
/* Recovery after kill -9                                                 */
/* ===================================================================== */

/* Child: writes o->bytes into topic "recovery" as fast as it can, reports
 * "ready" on the pipe and waits to be killed. */
static void recovery_child(const bench_opts *o, const char *dir, int wfd)
{
    chronik_conf_t *conf = chronik_conf_new();
    chronik_t *eng = NULL;
    chronik_record_t recs[1000];
    char err[256], *value = malloc(1000);
    int64_t written = 0;
    int i;

    if (value == NULL || chronik_conf_set(conf, "data.dir", dir, err, sizeof(err)) != CHRONIK_OK ||
        chronik_conf_set(conf, "flush.policy", o->flush_policy, err, sizeof(err)) != CHRONIK_OK ||
        chronik_conf_set(conf, "log.level", "warn", err, sizeof(err)) != CHRONIK_OK ||
        chronik_open(conf, &eng, err, sizeof(err)) != CHRONIK_OK ||
        chronik_topic_create(eng, "recovery", 1, NULL) != CHRONIK_OK)
        _exit(1);
    memset(value, 'r', 1000);
    memset(recs, 0, sizeof(recs));
    for (i = 0; i < 1000; i++) {
        recs[i].value = value;
        recs[i].value_len = 1000;
        recs[i].timestamp = -1;
    }
    while (written < o->bytes) {
        if (chronik_produce(eng, "recovery", 0, recs, 1000, NULL) != CHRONIK_OK)
            _exit(1);
        written += 1000 * 1000;
    }
    if (write(wfd, "ready", 5) != 5)
        _exit(1);
    for (;;)
        pause();
}

static int recovery_run(const bench_opts *o, double *open_ms, int64_t *hwm)
{
    char dir[4096], err[256], buf[8];
    const char *base = o->data_dir;
    chronik_conf_t *conf = NULL;
    chronik_t *eng = NULL;
    int pfd[2], rc = -1, status;
    int64_t start = 0;
    pid_t pid;
    double t0;

    if (base == NULL)
        base = getenv("TMPDIR") != NULL && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(dir, sizeof(dir), "%s/chronik-bench-recovery.XXXXXX", base);
    if (mkdtemp(dir) == NULL || pipe(pfd) != 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        close(pfd[0]);
        recovery_child(o, dir, pfd[1]);
    }
    close(pfd[1]);
    if (pid < 0 || read(pfd[0], buf, 5) != 5) {
        fprintf(stderr, "chronik-bench: recovery child failed\n");
        if (pid > 0)
            kill(pid, SIGKILL);
        goto out;
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    conf = chronik_conf_new();
    chronik_conf_set(conf, "data.dir", dir, err, sizeof(err));
    chronik_conf_set(conf, "flush.policy", o->flush_policy, err, sizeof(err));
    chronik_conf_set(conf, "log.level", "warn", err, sizeof(err));
    t0 = now_s();
    if (chronik_open(conf, &eng, err, sizeof(err)) != CHRONIK_OK) {
        fprintf(stderr, "chronik-bench: reopen: %s\n", err);
        goto out;
    }
    *open_ms = (now_s() - t0) * 1000;
    if (chronik_offsets(eng, "recovery", 0, &start, hwm) != CHRONIK_OK)
        goto out;
    rc = 0;
out:
    close(pfd[0]);
    chronik_close(eng);
    chronik_conf_free(conf);
    rmtree(dir);
    return rc;
}

/* ===================================================================== */
/* Main                                                                   */
/* ===================================================================== */

static void usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s produce|consume|e2e|idle|recovery [options]\n"
            "targets (several may be given; measured side by side):\n"
            "  --bootstrap host:port   a running broker (default localhost:9092 when no other target)\n"
            "  --mock                  librdkafka's in-process mock cluster (the baseline)\n"
            "  --embedded              libchronik in this process on 127.0.0.1:0\n"
            "workload:\n"
            "  --messages N (1000000)  --size BYTES (100)  --acks 0|1|all (1)\n"
            "  --linger MS (librdkafka default; e2e: 0)  --compression none|gzip|snappy|lz4|zstd\n"
            "  --idempotence  --partitions N (1)  --concurrency N producers (1)  --runs R (3)\n"
            "  --chunk N (consume: messages per chunk; default 4 MiB per partition)\n"
            "  --rate MSG/S (e2e: 10000)  --duration S (e2e: 10)  --fetch-wait-ms MS (e2e: 500)\n"
            "  --connections N (idle: 1000)  --pid PID (idle: server process to measure)\n"
            "  --bytes N[m|g] (recovery: 1g)\n"
            "embedded:\n"
            "  --flush-policy always|os|interval.ms=N (always)  --data-dir DIR ($TMPDIR or /tmp)\n"
            "  -X key=value            any librdkafka property for every client\n",
            argv0);
}

static int64_t parse_bytes(const char *s)
{
    char *end;
    double v = strtod(s, &end);

    if (*end == 'k' || *end == 'K')
        v *= 1e3;
    else if (*end == 'm' || *end == 'M')
        v *= 1e6;
    else if (*end == 'g' || *end == 'G')
        v *= 1e9;
    return (int64_t)v;
}

static int parse_opts(int argc, char **argv, bench_opts *o)
{
    int i;

    memset(o, 0, sizeof(*o));
    o->messages = 1000000;
    o->size = 100;
    o->acks = "1";
    o->linger_ms = -1;
    o->compression = "none";
    o->partitions = 1;
    o->concurrency = 1;
    o->runs = 3;
    o->rate = 10000;
    o->duration_s = 10;
    o->fetch_wait_ms = 500;
    o->connections = 1000;
    o->bytes = 1000000000;
    o->flush_policy = "always";
    if (argc < 2)
        return -1;
    o->op = argv[1];
    for (i = 2; i < argc; i++) {
        const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(k, "--mock") == 0) {
            o->mock = true;
            continue;
        }
        if (strcmp(k, "--embedded") == 0) {
            o->embedded = true;
            continue;
        }
        if (strcmp(k, "--idempotence") == 0) {
            o->idempotence = true;
            continue;
        }
        if (v == NULL)
            return -1;
        i++;
        if (strcmp(k, "--messages") == 0)
            o->messages = parse_bytes(v);
        else if (strcmp(k, "--size") == 0)
            o->size = (size_t)parse_bytes(v);
        else if (strcmp(k, "--acks") == 0)
            o->acks = strcmp(v, "all") == 0 ? "all" : v;
        else if (strcmp(k, "--linger") == 0)
            o->linger_ms = atoi(v);
        else if (strcmp(k, "--compression") == 0)
            o->compression = v;
        else if (strcmp(k, "--partitions") == 0)
            o->partitions = atoi(v);
        else if (strcmp(k, "--concurrency") == 0)
            o->concurrency = atoi(v);
        else if (strcmp(k, "--runs") == 0)
            o->runs = atoi(v);
        else if (strcmp(k, "--chunk") == 0)
            o->chunk = parse_bytes(v);
        else if (strcmp(k, "--rate") == 0)
            o->rate = atoi(v);
        else if (strcmp(k, "--duration") == 0)
            o->duration_s = atoi(v);
        else if (strcmp(k, "--fetch-wait-ms") == 0)
            o->fetch_wait_ms = atoi(v);
        else if (strcmp(k, "--connections") == 0)
            o->connections = atoi(v);
        else if (strcmp(k, "--pid") == 0)
            o->pid = atoi(v);
        else if (strcmp(k, "--bytes") == 0)
            o->bytes = parse_bytes(v);
        else if (strcmp(k, "--flush-policy") == 0)
            o->flush_policy = v;
        else if (strcmp(k, "--data-dir") == 0)
            o->data_dir = v;
        else if (strcmp(k, "--bootstrap") == 0)
            o->bootstrap = v;
        else if (strcmp(k, "-X") == 0 && o->nxprops < MAX_XPROPS)
            o->xprops[o->nxprops++] = v;
        else
            return -1;
    }
    if (strcmp(o->op, "produce") != 0 && strcmp(o->op, "consume") != 0 && strcmp(o->op, "e2e") != 0 &&
        strcmp(o->op, "idle") != 0 && strcmp(o->op, "recovery") != 0)
        return -1;
    if (o->messages < 1 || o->size < 1 || o->partitions < 1 || o->concurrency < 1 || o->runs < 1 ||
        o->runs > MAX_RUNS || o->rate < 1 || o->duration_s < 1 || o->connections < 1)
        return -1;
    if (strcmp(o->acks, "0") != 0 && strcmp(o->acks, "1") != 0 && strcmp(o->acks, "all") != 0 &&
        strcmp(o->acks, "-1") != 0)
        return -1;
    if (strcmp(o->op, "e2e") == 0 && o->size < TS_BYTES)
        o->size = TS_BYTES;
    if (!o->mock && !o->embedded && o->bootstrap == NULL)
        o->bootstrap = "localhost:9092";
    return 0;
}

static void raise_nofile(void)
{
    struct rlimit rl;

    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

/* The workload's parameters as key=value text for the BENCH line. */
static void describe(const bench_opts *o, char *buf, size_t len)
{
    if (strcmp(o->op, "e2e") == 0)
        snprintf(buf, len, "size=%zu acks=%s partitions=%d rate=%d duration_s=%d fetch_wait_ms=%d linger_ms=%d", o->size,
                 o->acks, o->partitions, o->rate, o->duration_s, o->fetch_wait_ms,
                 o->linger_ms >= 0 ? o->linger_ms : 0);
    else
        snprintf(buf, len,
                 "size=%zu acks=%s partitions=%d concurrency=%d linger_ms=%d compression=%s idempotence=%d "
                 "messages=%" PRId64,
                 o->size, o->idempotence ? "all" : o->acks, o->partitions, o->concurrency, o->linger_ms,
                 o->compression, o->idempotence ? 1 : 0, o->messages);
}

int main(int argc, char **argv)
{
    bench_opts o;
    target_kind kinds[MAX_TARGETS];
    target tg[MAX_TARGETS];
    double cmed[MAX_TARGETS][MAX_RUNS];
    double rps[MAX_TARGETS][MAX_RUNS], p50[MAX_TARGETS][MAX_RUNS], p99[MAX_TARGETS][MAX_RUNS],
        p999[MAX_TARGETS][MAX_RUNS], pmax[MAX_TARGETS][MAX_RUNS];
    char desc[512];
    int nk = 0, k, r, mock_idx = -1;

    if (parse_opts(argc, argv, &o) != 0) {
        usage(argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    raise_nofile();
    describe(&o, desc, sizeof(desc));

    if (strcmp(o.op, "recovery") == 0) {
        double ms[MAX_RUNS];
        int64_t hwm = 0;
        for (r = 0; r < o.runs; r++) {
            if (recovery_run(&o, &ms[r], &hwm) != 0)
                return 1;
            fprintf(stderr, "  run %d: open after kill -9: %.1f ms (high watermark %" PRId64 ")\n", r + 1, ms[r],
                    hwm);
        }
        printf("BENCH chronik-bench op=recovery target=embedded flush_policy=%s bytes=%" PRId64
               " runs=%d open_ms=%.1f high_watermark=%" PRId64 "\n",
               o.flush_policy, o.bytes, o.runs, median(ms, o.runs), hwm);
        printf("\n%-10s %-12s %14s %12s\n", "op", "target", "bytes", "open ms");
        printf("%-10s %-12s %14" PRId64 " %12.1f\n", "recovery", "embedded", o.bytes, median(ms, o.runs));
        return 0;
    }

    if (o.mock) {
        mock_idx = nk;
        kinds[nk++] = TGT_MOCK;
    }
    if (o.embedded)
        kinds[nk++] = TGT_EMBEDDED;
    if (o.bootstrap != NULL)
        kinds[nk++] = TGT_SERVER;

    if (strcmp(o.op, "idle") == 0) {
        for (k = 0; k < nk; k++) {
            long before = 0, after = 0;
            if (kinds[k] == TGT_MOCK)
                continue;
            if (target_start(&tg[k], kinds[k], &o) != 0 || idle_run(&o, &tg[k], &before, &after) != 0)
                return 1;
            printf("BENCH chronik-bench op=idle target=%s connections=%d rss_idle_kib=%ld rss_connected_kib=%ld "
                   "kib_per_connection=%.1f\n",
                   tg[k].name, o.connections, before, after, (double)(after - before) / o.connections);
            printf("\n%-10s %-10s %12s %14s %16s %10s\n", "op", "target", "connections", "idle RSS MiB",
                   "connected MiB", "KiB/conn");
            printf("%-10s %-10s %12d %14.1f %16.1f %10.1f\n", "idle", tg[k].name, o.connections, before / 1024.0,
                   after / 1024.0, (double)(after - before) / o.connections);
            target_stop(&tg[k]);
        }
        return 0;
    }

    for (k = 0; k < nk; k++) {
        if (target_start(&tg[k], kinds[k], &o) != 0)
            return 1;
        fprintf(stderr, "  target %-8s at %s\n", tg[k].name, tg[k].bootstrap);
    }
    for (r = 0; r < o.runs; r++) {
        for (k = 0; k < nk; k++) {
            char topic[128];
            int rc = 0;
            snprintf(topic, sizeof(topic), "bench-%s-%d-%d-%d", o.op, (int)getpid(), r, k);
            if (target_topic(&tg[k], &o, topic, o.partitions) != 0)
                return 1;
            if (strcmp(o.op, "produce") == 0) {
                rps[k][r] = produce_run(&o, tg[k].bootstrap, topic, o.messages, o.concurrency, false);
                rc = rps[k][r] < 0;
            } else if (strcmp(o.op, "consume") == 0) {
                rps[k][r] = consume_run(&o, tg[k].bootstrap, topic, &cmed[k][r]);
                rc = rps[k][r] < 0;
            } else {
                e2e_result er;
                memset(&er, 0, sizeof(er));
                rc = e2e_run(&o, tg[k].bootstrap, topic, &er);
                rps[k][r] = er.rate;
                p50[k][r] = er.p50_ms;
                p99[k][r] = er.p99_ms;
                p999[k][r] = er.p999_ms;
                pmax[k][r] = er.max_ms;
            }
            if (rc != 0) {
                fprintf(stderr, "chronik-bench: %s against %s failed\n", o.op, tg[k].name);
                return 1;
            }
            if (strcmp(o.op, "e2e") == 0)
                fprintf(stderr, "  run %d %-8s p50 %.2f ms p99 %.2f ms p99.9 %.2f ms max %.2f ms\n", r + 1,
                        tg[k].name, p50[k][r], p99[k][r], p999[k][r], pmax[k][r]);
            else if (strcmp(o.op, "consume") == 0)
                fprintf(stderr, "  run %d %-8s %.0f msg/s (chunk median %.0f)\n", r + 1, tg[k].name, rps[k][r],
                        cmed[k][r]);
            else
                fprintf(stderr, "  run %d %-8s %.0f msg/s\n", r + 1, tg[k].name, rps[k][r]);
        }
    }
    for (k = 0; k < nk; k++) {
        double m = median(rps[k], o.runs);
        char vs[192] = "";
        if (mock_idx >= 0 && k != mock_idx && strcmp(o.op, "e2e") != 0) {
            /* ratio of the medians, and the median of each run's own ratio
             * (robust to load that drifts between runs) */
            double paired[MAX_RUNS];
            for (r = 0; r < o.runs; r++)
                paired[r] = rps[k][r] / rps[mock_idx][r];
            snprintf(vs, sizeof(vs), " vs_mock=%.3f vs_mock_paired=%.3f", m / median(rps[mock_idx], o.runs),
                     median(paired, o.runs));
        }
        if (strcmp(o.op, "consume") == 0) {
            /* the same from the median chunk of each run */
            size_t l = strlen(vs);
            snprintf(vs + l, sizeof(vs) - l, " chunk_median_msgs_per_s=%.0f", median(cmed[k], o.runs));
            if (mock_idx >= 0 && k != mock_idx) {
                double paired[MAX_RUNS];
                for (r = 0; r < o.runs; r++)
                    paired[r] = cmed[k][r] / cmed[mock_idx][r];
                l = strlen(vs);
                snprintf(vs + l, sizeof(vs) - l, " chunk_vs_mock_paired=%.3f", median(paired, o.runs));
            }
        }
        if (strcmp(o.op, "e2e") == 0)
            printf("BENCH chronik-bench op=e2e target=%s %s runs=%d p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f "
                   "max_ms=%.3f\n",
                   tg[k].name, desc, o.runs, median(p50[k], o.runs), median(p99[k], o.runs),
                   median(p999[k], o.runs), median(pmax[k], o.runs));
        else
            printf("BENCH chronik-bench op=%s target=%s %s runs=%d msgs_per_s=%.0f mb_per_s=%.1f%s\n", o.op,
                   tg[k].name, desc, o.runs, m, m * (double)o.size / 1e6, vs);
    }
    if (strcmp(o.op, "e2e") == 0) {
        printf("\n%-10s %-10s %10s %10s %10s %10s\n", "op", "target", "p50 ms", "p99 ms", "p99.9 ms", "max ms");
        for (k = 0; k < nk; k++)
            printf("%-10s %-10s %10.2f %10.2f %10.2f %10.2f\n", o.op, tg[k].name, median(p50[k], o.runs),
                   median(p99[k], o.runs), median(p999[k], o.runs), median(pmax[k], o.runs));
    } else {
        printf("\n%-10s %-10s %14s %10s %9s\n", "op", "target", "msg/s", "MB/s", "vs mock");
        for (k = 0; k < nk; k++) {
            double m = median(rps[k], o.runs);
            char vs[32] = "-";
            if (mock_idx >= 0 && k != mock_idx)
                snprintf(vs, sizeof(vs), "%.1f%%", 100.0 * m / median(rps[mock_idx], o.runs));
            printf("%-10s %-10s %14.0f %10.1f %9s\n", o.op, tg[k].name, m, m * (double)o.size / 1e6, vs);
        }
    }
    for (k = 0; k < nk; k++)
        target_stop(&tg[k]);
    return 0;
}
