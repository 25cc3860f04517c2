/*
 * embedded_startup.c — how fast an embedded broker is ready, and how small.
 *
 * Each run creates a fresh temporary data directory, opens an engine with
 * chronik_open, starts its Kafka listener on 127.0.0.1 with a free port
 * (chronik_kafka_listen), and then times a real client — librdkafka — from
 * rd_kafka_new to the first successful Metadata round trip
 * (rd_kafka_metadata).  It prints the median, minimum and 90th percentile of
 * "open + listen" and of "open to first Metadata" over --runs runs, then the
 * resident memory of the process before the engine opens and once an engine
 * with a listener has idled for a second.  The engine settings are those of
 * the Python EmbeddedBroker (flush.policy=os, one network thread, no REST
 * listener) so the two benchmarks compare.
 *
 * Usage: embedded_startup [--runs N] [--idle-ms MS]
 */
#include <errno.h>
#include <ftw.h>
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chronik.h"

#define MAX_RUNS 1000

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* VmRSS of this process in KiB, or -1. */
static long rss_kib(void) {
    long kib = -1;
    char line[256];
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    while (fgets(line, sizeof(line), f)) {
        if (strncmp(line, "VmRSS:", 6) == 0) {
            kib = strtol(line + 6, NULL, 10);
            break;
        }
    }
    fclose(f);
    return kib;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void rm_tree(const char *dir) {
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Opens an engine in dir and starts its listener; *port receives the port. */
static chronik_t *open_broker(const char *dir, int *port) {
    static const char *const settings[] = {
        "flush.policy", "os", "kafka.io.threads", "1", "http.listen", "off", "log.level", "warn",
    };
    char err[512] = "";
    chronik_t *ck = NULL;
    chronik_conf_t *conf = chronik_conf_new();
    if (!conf) goto out;
    if (chronik_conf_set(conf, "data.dir", dir, err, sizeof(err))) goto out_fail;
    for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i += 2)
        if (chronik_conf_set(conf, settings[i], settings[i + 1], err, sizeof(err))) goto out_fail;
    if (chronik_open(conf, &ck, err, sizeof(err))) goto out_fail;
    if (chronik_kafka_listen(ck, "127.0.0.1:0", port)) {
        snprintf(err, sizeof(err), "kafka_listen: %s", chronik_errmsg(ck));
        chronik_close(ck);
        ck = NULL;
        goto out_fail;
    }
    goto out;
out_fail:
    fprintf(stderr, "embedded_startup: %s\n", err);
out:
    chronik_conf_free(conf);
    return ck;
}

/* One Metadata round trip with librdkafka; 0 on success. */
static int metadata_round_trip(int port) {
    int rc = -1;
    char bs[64], err[512];
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_t *rk = NULL;
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    snprintf(bs, sizeof(bs), "127.0.0.1:%d", port);
    if (rd_kafka_conf_set(conf, "bootstrap.servers", bs, err, sizeof(err)) != RD_KAFKA_CONF_OK) goto out_conf;
    rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
    if (!rk) goto out_conf;
    rd_kafka_resp_err_t kerr = rd_kafka_metadata(rk, 1, NULL, &md, 10000);
    if (kerr) {
        fprintf(stderr, "embedded_startup: metadata: %s\n", rd_kafka_err2str(kerr));
        goto out;
    }
    rc = md->broker_cnt == 1 && md->brokers[0].port == port ? 0 : -1;
    if (rc) fprintf(stderr, "embedded_startup: metadata names an unexpected broker\n");
    rd_kafka_metadata_destroy(md);
    goto out;
out_conf:
    fprintf(stderr, "embedded_startup: rdkafka: %s\n", err);
    rd_kafka_conf_destroy(conf);
out:
    if (rk) rd_kafka_destroy(rk);
    return rc;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void report(const char *what, double *v, int n) {
    qsort(v, (size_t)n, sizeof(double), cmp_double);
    double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    int p90 = (int)(0.9 * (n - 1) + 0.5);
    printf("%-28s median %7.2f ms   min %7.2f ms   p90 %7.2f ms   (%d runs)\n", what, median, v[0], v[p90], n);
}

/* Makes a fresh temporary directory into buf; 0 on success. */
static int make_dir(char *buf, size_t len) {
    const char *tmp = getenv("TMPDIR");
    snprintf(buf, len, "%s/chronik-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(buf)) {
        fprintf(stderr, "embedded_startup: mkdtemp %s: %s\n", buf, strerror(errno));
        return -1;
    }
    return 0;
}

int main(int argc, char **argv) {
    int runs = 20, idle_ms = 1000, status = 1, port = 0;
    static double listen_ms[MAX_RUNS], ready_ms[MAX_RUNS];
    char dir[512];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--idle-ms") == 0 && i + 1 < argc) idle_ms = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: %s [--runs N] [--idle-ms MS]\n", argv[0]);
            return 2;
        }
    }
    if (runs < 1 || runs > MAX_RUNS || idle_ms < 0) {
        fprintf(stderr, "embedded_startup: --runs must be 1..%d and --idle-ms >= 0\n", MAX_RUNS);
        return 2;
    }
    /* Idle memory first, while the heap is fresh. */
    long rss_before = rss_kib();
    if (make_dir(dir, sizeof(dir))) goto out;
    chronik_t *idle = open_broker(dir, &port);
    if (!idle) {
        rm_tree(dir);
        goto out;
    }
    usleep((useconds_t)idle_ms * 1000);
    long rss_idle = rss_kib();
    chronik_close(idle);
    rm_tree(dir);

    for (int i = 0; i < runs; i++) {
        if (make_dir(dir, sizeof(dir))) goto out;
        double t0 = now_ms();
        chronik_t *ck = open_broker(dir, &port);
        double t1 = now_ms();
        int rc = ck ? metadata_round_trip(port) : -1;
        double t2 = now_ms();
        chronik_close(ck);
        rm_tree(dir);
        if (rc) goto out;
        listen_ms[i] = t1 - t0;
        ready_ms[i] = t2 - t0;
    }
    printf("libchronik %s, librdkafka %s, %ld CPUs, data in %s\n", chronik_version(), rd_kafka_version_str(),
           sysconf(_SC_NPROCESSORS_ONLN), getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    report("open + listen", listen_ms, runs);
    report("open to first Metadata", ready_ms, runs);
    printf("RSS: before open %ld KiB; idle engine with listener after %d ms %ld KiB (engine: +%ld KiB)\n",
           rss_before, idle_ms, rss_idle, rss_idle - rss_before);
    status = 0;
out:
    return status;
}
