/*
 * rdkafka_recent.c — client calls of a recent librdkafka (the one that
 * @confluentinc/kafka-javascript bundles and builds) that Debian's 2.0
 * lacks, for test_recent_apis.py, which compiles this file against it:
 *
 *   rdkafka_recent elect BOOTSTRAP TOPIC NPART [TYPE]
 *       ElectLeaders (preferred, or unclean with TYPE=unclean) for
 *       partitions 0..NPART (one more than the topic has); prints one line
 *       "TOPIC PARTITION ERRNAME" per result, then "ok".
 *   rdkafka_recent elect-all BOOTSTRAP
 *       ElectLeaders for every partition (null list); prints the number of
 *       results, then "ok".
 *   rdkafka_recent telemetry BOOTSTRAP TOPIC CLIENT_ID SECONDS
 *       a producer with enable.metrics.push=true producing one record every
 *       100 ms for SECONDS, then closing (its last push is a terminating
 *       one); prints "ok N" with N records delivered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>

static rd_kafka_t *client(rd_kafka_type_t type, const char *bootstrap, const char *client_id, int push) {
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof(err)) ||
        rd_kafka_conf_set(conf, "client.id", client_id, err, sizeof(err)) ||
        rd_kafka_conf_set(conf, "enable.metrics.push", push ? "true" : "false", err, sizeof(err))) {
        fprintf(stderr, "conf: %s\n", err);
        exit(2);
    }
    rd_kafka_t *rk = rd_kafka_new(type, conf, err, sizeof(err));
    if (!rk) {
        fprintf(stderr, "rd_kafka_new: %s\n", err);
        exit(2);
    }
    return rk;
}

static int elect(const char *bootstrap, const char *topic, int npart, const char *type) {
    rd_kafka_t *rk = client(RD_KAFKA_PRODUCER, bootstrap, "elect", 0);
    rd_kafka_topic_partition_list_t *parts = NULL;
    if (topic) {
        parts = rd_kafka_topic_partition_list_new(npart + 1);
        for (int p = 0; p <= npart; p++) rd_kafka_topic_partition_list_add(parts, topic, p);
    }
    rd_kafka_ElectLeaders_t *el = rd_kafka_ElectLeaders_new(
        type && strcmp(type, "unclean") == 0 ? RD_KAFKA_ELECTION_TYPE_UNCLEAN : RD_KAFKA_ELECTION_TYPE_PREFERRED,
        parts);
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_ElectLeaders(rk, el, NULL, q);
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 30000);
    int rc = 1;
    if (!ev) {
        fprintf(stderr, "no ElectLeaders result\n");
    } else if (rd_kafka_event_error(ev)) {
        fprintf(stderr, "ElectLeaders: %s\n", rd_kafka_event_error_string(ev));
    } else {
        size_t n;
        const rd_kafka_topic_partition_result_t **res =
            rd_kafka_ElectLeaders_result_partitions(rd_kafka_event_ElectLeaders_result(ev), &n);
        if (!topic) printf("%zu\n", n);
        for (size_t i = 0; i < n; i++) {
            const rd_kafka_topic_partition_t *tp = rd_kafka_topic_partition_result_partition(res[i]);
            const rd_kafka_error_t *e = rd_kafka_topic_partition_result_error(res[i]);
            printf("%s %d %s\n", tp->topic, (int)tp->partition, e ? rd_kafka_error_name(e) : "NO_ERROR");
        }
        printf("ok\n");
        rc = 0;
    }
    if (ev) rd_kafka_event_destroy(ev);
    rd_kafka_ElectLeaders_destroy(el);
    if (parts) rd_kafka_topic_partition_list_destroy(parts);
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(rk);
    return rc;
}

static int delivered;

static void dr(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
    (void)rk;
    (void)opaque;
    if (!m->err) delivered++;
}

static int telemetry(const char *bootstrap, const char *topic, const char *client_id, int seconds) {
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof(err)) ||
        rd_kafka_conf_set(conf, "client.id", client_id, err, sizeof(err)) ||
        rd_kafka_conf_set(conf, "enable.metrics.push", "true", err, sizeof(err)) ||
        rd_kafka_conf_set(conf, "linger.ms", "5", err, sizeof(err))) {
        fprintf(stderr, "conf: %s\n", err);
        return 2;
    }
    rd_kafka_conf_set_dr_msg_cb(conf, dr);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
    if (!rk) {
        fprintf(stderr, "rd_kafka_new: %s\n", err);
        return 2;
    }
    int sent = 0;
    for (int i = 0; i < seconds * 10; i++) {
        char v[32];
        snprintf(v, sizeof(v), "telemetry-%d", i);
        if (rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_VALUE(v, strlen(v)),
                              RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END) == 0)
            sent++;
        rd_kafka_poll(rk, 100);
    }
    rd_kafka_flush(rk, 30000);
    rd_kafka_destroy(rk);
    printf("ok %d\n", delivered);
    return delivered == sent ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc >= 6 && strcmp(argv[1], "elect") == 0)
        return elect(argv[2], argv[3], atoi(argv[4]), argc > 5 ? argv[5] : NULL);
    if (argc >= 5 && strcmp(argv[1], "elect") == 0) return elect(argv[2], argv[3], atoi(argv[4]), NULL);
    if (argc >= 3 && strcmp(argv[1], "elect-all") == 0) return elect(argv[2], NULL, 0, NULL);
    if (argc >= 6 && strcmp(argv[1], "telemetry") == 0)
        return telemetry(argv[2], argv[3], argv[4], atoi(argv[5]));
    fprintf(stderr, "usage: %s elect|elect-all|telemetry ...\n", argv[0]);
    return 2;
}
