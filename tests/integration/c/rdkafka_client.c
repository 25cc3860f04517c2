/*
 * rdkafka_client — the librdkafka C API against a chronik-server, for the
 * integration tests (tests/integration/test_rdkafka.py drives it).
 *
 *   rdkafka_client BROKER TOPIC N CODEC ACKS IDEMPOTENT
 *
 * Produces N messages to partition 0 (message i: key "key-i", value
 * "value-i" padded to a size that varies with i, headers idx=i and a
 * null-valued header, CreateTime 1600000000000 + i), checks that every
 * delivery report succeeded with offset i (acks 1/all), then reads the
 * partition from the beginning with an assigned consumer and checks every
 * message, its headers and its timestamp.  Prints "ok N" and exits 0; any
 * mismatch or error prints what is wrong and exits 1.  Bounded: delivery
 * and consumption each give up after 60 s.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>

#define TS_BASE INT64_C(1600000000000)

static int g_delivered;
static int g_delivery_errors;
static int64_t *g_offsets;

static void make_value(int i, char *buf, size_t cap, size_t *len) {
    int n = snprintf(buf, cap, "value-%d-", i);
    size_t pad = (size_t)(i % 512);
    if ((size_t)n + pad >= cap) pad = cap - (size_t)n - 1;
    memset(buf + n, 'a' + i % 26, pad);
    *len = (size_t)n + pad;
}

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *msg, void *opaque) {
    (void)rk, (void)opaque;
    intptr_t idx = (intptr_t)msg->_private;
    if (msg->err) {
        if (g_delivery_errors++ < 5)
            fprintf(stderr, "rdkafka_client: delivery of %d failed: %s\n", (int)idx, rd_kafka_err2str(msg->err));
    } else {
        g_offsets[idx] = msg->offset;
    }
    g_delivered++;
}

static rd_kafka_t *new_client(rd_kafka_type_t type, const char *const *kv) {
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    for (; kv[0]; kv += 2) {
        if (rd_kafka_conf_set(conf, kv[0], kv[1], err, sizeof(err)) != RD_KAFKA_CONF_OK) {
            fprintf(stderr, "rdkafka_client: %s=%s: %s\n", kv[0], kv[1], err);
            rd_kafka_conf_destroy(conf);
            return NULL;
        }
    }
    if (type == RD_KAFKA_PRODUCER) rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_t *rk = rd_kafka_new(type, conf, err, sizeof(err));
    if (!rk) {
        fprintf(stderr, "rdkafka_client: rd_kafka_new: %s\n", err);
        rd_kafka_conf_destroy(conf);
    }
    return rk;
}

static int produce(const char *broker, const char *topic, int n, const char *codec, const char *acks,
                   const char *idem) {
    const char *kv[] = {"bootstrap.servers", broker, "compression.codec", codec, "acks", acks,
                        "enable.idempotence", idem, "linger.ms", "5", "message.timeout.ms", "60000", NULL};
    char value[1024], key[32];
    int ret = 1;
    rd_kafka_t *rk = new_client(RD_KAFKA_PRODUCER, kv);
    if (!rk) goto out;
    for (int i = 0; i < n; i++) {
        size_t vlen;
        make_value(i, value, sizeof(value), &vlen);
        snprintf(key, sizeof(key), "key-%d", i);
        char idx[16];
        snprintf(idx, sizeof(idx), "%d", i);
        rd_kafka_resp_err_t err;
        do {
            err = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(0),
                                    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key, strlen(key)),
                                    RD_KAFKA_V_VALUE(value, vlen), RD_KAFKA_V_HEADER("idx", idx, -1),
                                    RD_KAFKA_V_HEADER("null", NULL, 0), RD_KAFKA_V_TIMESTAMP(TS_BASE + i),
                                    RD_KAFKA_V_OPAQUE((void *)(intptr_t)i), RD_KAFKA_V_END);
            if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) rd_kafka_poll(rk, 10);
        } while (err == RD_KAFKA_RESP_ERR__QUEUE_FULL);
        if (err) {
            fprintf(stderr, "rdkafka_client: produce %d: %s\n", i, rd_kafka_err2str(err));
            goto out_destroy;
        }
        rd_kafka_poll(rk, 0);
    }
    if (rd_kafka_flush(rk, 60000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        fprintf(stderr, "rdkafka_client: flush timed out (%d of %d delivered)\n", g_delivered, n);
        goto out_destroy;
    }
    if (g_delivery_errors) goto out_destroy;
    if (strcmp(acks, "0") != 0) {
        for (int i = 0; i < n; i++) {
            if (g_offsets[i] != i) {
                fprintf(stderr, "rdkafka_client: message %d got offset %" PRId64 "\n", i, g_offsets[i]);
                goto out_destroy;
            }
        }
    }
    ret = 0;
out_destroy:
    rd_kafka_destroy(rk);
out:
    return ret;
}

static int check_message(const rd_kafka_message_t *m, int i) {
    char value[1024], key[32], idx[16];
    size_t vlen;
    const void *hv;
    size_t hlen;
    rd_kafka_headers_t *hdrs = NULL;
    rd_kafka_timestamp_type_t tstype;
    make_value(i, value, sizeof(value), &vlen);
    snprintf(key, sizeof(key), "key-%d", i);
    snprintf(idx, sizeof(idx), "%d", i);
    if (m->offset != i || m->key_len != strlen(key) || memcmp(m->key, key, m->key_len) != 0 ||
        m->len != vlen || memcmp(m->payload, value, vlen) != 0) {
        fprintf(stderr, "rdkafka_client: message %d differs (offset %" PRId64 ")\n", i, m->offset);
        return 1;
    }
    if (rd_kafka_message_timestamp(m, &tstype) != TS_BASE + i || tstype != RD_KAFKA_TIMESTAMP_CREATE_TIME) {
        fprintf(stderr, "rdkafka_client: message %d timestamp differs\n", i);
        return 1;
    }
    if (rd_kafka_message_headers(m, &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR || rd_kafka_header_cnt(hdrs) != 2 ||
        rd_kafka_header_get_last(hdrs, "idx", &hv, &hlen) != RD_KAFKA_RESP_ERR_NO_ERROR || hlen != strlen(idx) ||
        memcmp(hv, idx, hlen) != 0 ||
        rd_kafka_header_get_last(hdrs, "null", &hv, &hlen) != RD_KAFKA_RESP_ERR_NO_ERROR || hv != NULL) {
        fprintf(stderr, "rdkafka_client: message %d headers differ\n", i);
        return 1;
    }
    return 0;
}

static int consume(const char *broker, const char *topic, int n) {
    const char *kv[] = {"bootstrap.servers", broker, "group.id", "rdkafka-client", "enable.auto.commit", "false",
                        "enable.partition.eof", "false", "fetch.wait.max.ms", "100", NULL};
    int ret = 1, got = 0;
    rd_kafka_topic_partition_list_t *parts = NULL;
    rd_kafka_t *rk = new_client(RD_KAFKA_CONSUMER, kv);
    if (!rk) goto out;
    rd_kafka_poll_set_consumer(rk);
    parts = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(parts, topic, 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
    if (rd_kafka_assign(rk, parts) != RD_KAFKA_RESP_ERR_NO_ERROR) goto out_close;
    time_t deadline = time(NULL) + 60;
    while (got < n && time(NULL) < deadline) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 200);
        if (!m) continue;
        if (m->err) {
            fprintf(stderr, "rdkafka_client: consume: %s\n", rd_kafka_message_errstr(m));
            rd_kafka_message_destroy(m);
            goto out_close;
        }
        int bad = check_message(m, got);
        rd_kafka_message_destroy(m);
        if (bad) goto out_close;
        got++;
    }
    if (got != n) fprintf(stderr, "rdkafka_client: read %d of %d messages in 60 s\n", got, n);
    else ret = 0;
out_close:
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
out:
    if (parts) rd_kafka_topic_partition_list_destroy(parts);
    return ret;
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: rdkafka_client BROKER TOPIC N CODEC ACKS IDEMPOTENT\n");
        return 2;
    }
    int n = atoi(argv[3]), ret = 1;
    if (n <= 0) return 2;
    g_offsets = calloc((size_t)n, sizeof(*g_offsets));
    if (!g_offsets) return 1;
    if (produce(argv[1], argv[2], n, argv[4], argv[5], argv[6]) == 0 && consume(argv[1], argv[2], n) == 0) {
        printf("ok %d\n", n);
        ret = 0;
    }
    free(g_offsets);
    return ret;
}
