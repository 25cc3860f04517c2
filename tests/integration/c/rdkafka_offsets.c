/*
 * rdkafka_offsets — committed-offset metadata through librdkafka's C API
 * against a chronik-server, for tests/integration/test_commit_metadata.py.
 *
 *   rdkafka_offsets BROKER TOPIC GROUP assign|subscribe|txn
 *
 * TOPIC must exist with at least 3 partitions.  The consumer (group GROUP,
 * no auto commit, no automatic offset store) either assigns partitions
 * 0-2 itself (its commits are simple ones: generation -1, no member id) or
 * subscribes and waits until the group gave it all three (member commits).
 * With txn, a transactional producer commits the offsets of steps 1 and 2
 * instead, with rd_kafka_send_offsets_to_transaction() (TxnOffsetCommit)
 * and a committed transaction, and an assigned consumer reads them.
 * It then
 *   1. stores offset 3 on partition 0 with rd_kafka_offsets_store() and
 *      metadata "metadata" including its terminating NUL (9 bytes), and
 *      commits the stored offsets (rd_kafka_commit(NULL));
 *   2. commits offset 5 on partition 1 with metadata "Hello\0world!" (12
 *      bytes) and offset 6 on partition 2 with no metadata;
 *   3. reads the three back with rd_kafka_committed() and checks offsets,
 *      metadata sizes and bytes (no metadata may come back as NULL or as
 *      zero bytes: librdkafka sends an empty string for it).
 * Two client limits are allowed for: librdkafka before 2.2.0 drops the
 * metadata given to rd_kafka_offsets_store() (then step 1 commits the same
 * 9 bytes with rd_kafka_commit() instead), and before 2.6.1 committed()
 * copies metadata with strndup and then reads metadata_size bytes of the
 * copy, past its end when a NUL sits inside (librdkafka #4649): then step
 * 3 does not read partition 1 back (test_commit_metadata.py reads its
 * bytes with another client).  Prints "ok" (or "ok (...)" naming the
 * limits that applied) and exits 0; a mismatch prints what differs and
 * exits 1.
 * Bounded: every call has a timeout, the group wait gives up after 60 s.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>

#define TIMEOUT_MS 30000

static const char HELLO[] = "Hello\0world!";       /* 12 bytes, a NUL in the middle */
static const char STORED[] = "metadata";           /* stored with its NUL: 9 bytes */

static void print_meta(const char *what, const rd_kafka_topic_partition_t *p) {
    fprintf(stderr, "rdkafka_offsets: %s: partition %" PRId32 " offset %" PRId64 " err %s metadata_size %zu:",
            what, p->partition, p->offset, rd_kafka_err2str(p->err), p->metadata_size);
    for (size_t i = 0; p->metadata && i < p->metadata_size; i++)
        fprintf(stderr, " %02x", ((const unsigned char *)p->metadata)[i]);
    fprintf(stderr, "%s\n", p->metadata ? "" : " (NULL)");
}

/* Checks a committed() entry: offset and metadata (md NULL: none). */
static int check(const rd_kafka_topic_partition_t *p, int64_t offset, const void *md, size_t mdlen) {
    int ok = p->err == RD_KAFKA_RESP_ERR_NO_ERROR && p->offset == offset;
    if (md)
        ok = ok && p->metadata && p->metadata_size == mdlen && memcmp(p->metadata, md, mdlen) == 0;
    else
        ok = ok && p->metadata_size == 0;
    if (!ok) print_meta("committed() differs", p);
    return ok ? 0 : 1;
}

/* The offsets of steps 1 and 2 in one list (partitions 0-2). */
static rd_kafka_topic_partition_list_t *offsets_to_commit(const char *topic) {
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(3);
    rd_kafka_topic_partition_t *tp = rd_kafka_topic_partition_list_add(l, topic, 0);
    tp->offset = 3;
    tp->metadata = malloc(sizeof(STORED));
    memcpy(tp->metadata, STORED, sizeof(STORED));
    tp->metadata_size = sizeof(STORED);
    tp = rd_kafka_topic_partition_list_add(l, topic, 1);
    tp->offset = 5;
    tp->metadata = malloc(sizeof(HELLO) - 1);
    memcpy(tp->metadata, HELLO, sizeof(HELLO) - 1);
    tp->metadata_size = sizeof(HELLO) - 1;
    rd_kafka_topic_partition_list_add(l, topic, 2)->offset = 6;
    return l;
}

/* A transactional producer sends the offsets to group in one committed
 * transaction.  0 on success. */
static int txn_commit(const char *broker, const char *topic, const char *group) {
    char err[512];
    int ret = 1;
    rd_kafka_error_t *error = NULL;
    rd_kafka_consumer_group_metadata_t *cgmd = NULL;
    rd_kafka_topic_partition_list_t *offs = NULL;
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_t *rk;
    const char *kv[] = {"bootstrap.servers", broker, "transactional.id", group, "socket.timeout.ms", "20000", NULL};

    for (int i = 0; kv[i]; i += 2) {
        if (rd_kafka_conf_set(conf, kv[i], kv[i + 1], err, sizeof(err)) != RD_KAFKA_CONF_OK) {
            fprintf(stderr, "rdkafka_offsets: %s=%s: %s\n", kv[i], kv[i + 1], err);
            rd_kafka_conf_destroy(conf);
            return 1;
        }
    }
    rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
    if (!rk) {
        fprintf(stderr, "rdkafka_offsets: rd_kafka_new (producer): %s\n", err);
        rd_kafka_conf_destroy(conf);
        return 1;
    }
    if ((error = rd_kafka_init_transactions(rk, TIMEOUT_MS)) || (error = rd_kafka_begin_transaction(rk)))
        goto out;
    offs = offsets_to_commit(topic);
    cgmd = rd_kafka_consumer_group_metadata_new(group);
    if ((error = rd_kafka_send_offsets_to_transaction(rk, offs, cgmd, TIMEOUT_MS)) ||
        (error = rd_kafka_commit_transaction(rk, TIMEOUT_MS)))
        goto out;
    ret = 0;
out:
    if (error) {
        fprintf(stderr, "rdkafka_offsets: transaction: %s\n", rd_kafka_error_string(error));
        rd_kafka_error_destroy(error);
    }
    if (cgmd) rd_kafka_consumer_group_metadata_destroy(cgmd);
    if (offs) rd_kafka_topic_partition_list_destroy(offs);
    rd_kafka_destroy(rk);
    return ret;
}

/* Waits (polling) until the group assigned all three partitions. */
static int wait_assigned(rd_kafka_t *rk) {
    time_t deadline = time(NULL) + 60;
    while (time(NULL) < deadline) {
        rd_kafka_topic_partition_list_t *a = NULL;
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 200);
        int n = 0;
        if (m) rd_kafka_message_destroy(m);
        if (rd_kafka_assignment(rk, &a) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            n = a->cnt;
            rd_kafka_topic_partition_list_destroy(a);
        }
        if (n == 3) return 0;
    }
    fprintf(stderr, "rdkafka_offsets: the group assigned no 3 partitions within 60 s\n");
    return 1;
}

int main(int argc, char **argv) {
    char err[512];
    int ret = 1;
    rd_kafka_t *rk;
    rd_kafka_conf_t *conf;
    rd_kafka_topic_partition_list_t *parts = NULL, *commit = NULL, *got = NULL;
    rd_kafka_topic_partition_t *tp;
    rd_kafka_resp_err_t e;
    int version = rd_kafka_version();
    int store_keeps_metadata = version >= 0x020200ff;        /* librdkafka #4171 */
    int committed_keeps_bytes = version >= 0x020601ff;       /* librdkafka #4876 */

    if (argc != 5 || (strcmp(argv[4], "assign") != 0 && strcmp(argv[4], "subscribe") != 0 &&
                      strcmp(argv[4], "txn") != 0)) {
        fprintf(stderr, "usage: rdkafka_offsets BROKER TOPIC GROUP assign|subscribe|txn\n");
        return 2;
    }
    const char *topic = argv[2];
    int txn = strcmp(argv[4], "txn") == 0;
    if (txn) {
        if (txn_commit(argv[1], topic, argv[3]) != 0) return 1;
        store_keeps_metadata = 1;      /* TxnOffsetCommit carries it in every version */
    }
    const char *kv[] = {"bootstrap.servers", argv[1], "group.id", argv[3], "enable.auto.commit", "false",
                        "enable.auto.offset.store", "false", "enable.partition.eof", "false",
                        "session.timeout.ms", "10000", "socket.timeout.ms", "20000", NULL};
    conf = rd_kafka_conf_new();
    for (int i = 0; kv[i]; i += 2) {
        if (rd_kafka_conf_set(conf, kv[i], kv[i + 1], err, sizeof(err)) != RD_KAFKA_CONF_OK) {
            fprintf(stderr, "rdkafka_offsets: %s=%s: %s\n", kv[i], kv[i + 1], err);
            rd_kafka_conf_destroy(conf);
            return 1;
        }
    }
    rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
    if (!rk) {
        fprintf(stderr, "rdkafka_offsets: rd_kafka_new: %s\n", err);
        rd_kafka_conf_destroy(conf);
        return 1;
    }
    rd_kafka_poll_set_consumer(rk);
    parts = rd_kafka_topic_partition_list_new(3);
    for (int p = 0; p < 3; p++)
        rd_kafka_topic_partition_list_add(parts, topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    if (strcmp(argv[4], "subscribe") != 0) {
        if ((e = rd_kafka_assign(rk, parts)) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            fprintf(stderr, "rdkafka_offsets: assign: %s\n", rd_kafka_err2str(e));
            goto out;
        }
    } else {
        rd_kafka_topic_partition_list_t *sub = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(sub, topic, RD_KAFKA_PARTITION_UA);
        e = rd_kafka_subscribe(rk, sub);
        rd_kafka_topic_partition_list_destroy(sub);
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
            fprintf(stderr, "rdkafka_offsets: subscribe: %s\n", rd_kafka_err2str(e));
            goto out;
        }
        if (wait_assigned(rk) != 0) goto out;
    }

    if (txn) goto read_back;

    /* 1. offsets_store with metadata, then a commit of the stored offsets. */
    commit = rd_kafka_topic_partition_list_new(1);
    tp = rd_kafka_topic_partition_list_add(commit, topic, 0);
    tp->offset = 3;
    tp->metadata = malloc(sizeof(STORED));
    memcpy(tp->metadata, STORED, sizeof(STORED));
    tp->metadata_size = sizeof(STORED);
    if (store_keeps_metadata) {
        if ((e = rd_kafka_offsets_store(rk, commit)) != RD_KAFKA_RESP_ERR_NO_ERROR || commit->elems[0].err) {
            fprintf(stderr, "rdkafka_offsets: offsets_store: %s / %s\n", rd_kafka_err2str(e),
                    rd_kafka_err2str(commit->elems[0].err));
            goto out;
        }
        e = rd_kafka_commit(rk, NULL, 0);
    } else {
        e = rd_kafka_commit(rk, commit, 0);
    }
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR || commit->elems[0].err) {
        fprintf(stderr, "rdkafka_offsets: commit of offset 3: %s / %s\n", rd_kafka_err2str(e),
                rd_kafka_err2str(commit->elems[0].err));
        goto out;
    }
    rd_kafka_topic_partition_list_destroy(commit);
    commit = NULL;

    /* 2. an explicit commit: metadata with a NUL byte, and none. */
    commit = rd_kafka_topic_partition_list_new(2);
    tp = rd_kafka_topic_partition_list_add(commit, topic, 1);
    tp->offset = 5;
    tp->metadata = malloc(sizeof(HELLO) - 1);
    memcpy(tp->metadata, HELLO, sizeof(HELLO) - 1);
    tp->metadata_size = sizeof(HELLO) - 1;
    rd_kafka_topic_partition_list_add(commit, topic, 2)->offset = 6;
    if ((e = rd_kafka_commit(rk, commit, 0)) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        fprintf(stderr, "rdkafka_offsets: commit: %s\n", rd_kafka_err2str(e));
        goto out;
    }
    for (int i = 0; i < commit->cnt; i++) {
        if (commit->elems[i].err) {
            print_meta("commit failed", &commit->elems[i]);
            goto out;
        }
    }

    /* 3. committed() returns exactly what was committed. */
read_back:
    got = rd_kafka_topic_partition_list_new(3);
    for (int p = 0; p < 3; p++)
        if (p != 1 || committed_keeps_bytes) rd_kafka_topic_partition_list_add(got, topic, p);
    if ((e = rd_kafka_committed(rk, got, TIMEOUT_MS)) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        fprintf(stderr, "rdkafka_offsets: committed: %s\n", rd_kafka_err2str(e));
        goto out;
    }
    rd_kafka_topic_partition_list_sort(got, NULL, NULL);
    if (got->cnt != (committed_keeps_bytes ? 3 : 2)) {
        fprintf(stderr, "rdkafka_offsets: committed() gave %d partitions\n", got->cnt);
        goto out;
    }
    if (check(&got->elems[0], 3, STORED, sizeof(STORED)) +
            (committed_keeps_bytes ? check(&got->elems[1], 5, HELLO, sizeof(HELLO) - 1) : 0) +
            check(&got->elems[got->cnt - 1], 6, NULL, 0) ==
        0) {
        printf("ok%s%s%s%s\n", store_keeps_metadata && committed_keeps_bytes ? "" : " (librdkafka",
               store_keeps_metadata ? "" : " < 2.2.0: offsets_store drops metadata;",
               committed_keeps_bytes ? "" : " < 2.6.1: committed() cannot read metadata with a NUL inside;",
               store_keeps_metadata && committed_keeps_bytes ? "" : " allowed for)");
        ret = 0;
    }
out:
    if (got) rd_kafka_topic_partition_list_destroy(got);
    if (commit) rd_kafka_topic_partition_list_destroy(commit);
    if (parts) rd_kafka_topic_partition_list_destroy(parts);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return ret;
}
