/*
 * test_kafka_data.c — the data-path handlers of lib/kafka/h_data.c
 * (Metadata, Produce, Fetch, ListOffsets, OffsetForLeaderEpoch,
 * InitProducerId, DescribeProducers) driven over a real listener
 * (127.0.0.1, free port) on a real engine in a temporary directory, with
 * flush.policy=always so produce completes on the flusher thread.  Requests
 * are encoded with the generated codecs and sent over raw sockets; responses
 * are decoded with the generated decoders.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "kafka/handlers.h"
#include "kafka/kafka_internal.h"
#include "protocol/kmsg.h"
#include "harness/kafka_fx.h"

/* The handler table under test, with the version ranges h_data.c serves. */
static const ck_khandler data_table[] = {
    { CK_API_PRODUCE, 0, 11, ck_h_Produce },
    { CK_API_FETCH, 0, 17, ck_h_Fetch },
    { CK_API_LIST_OFFSETS, 0, 10, ck_h_ListOffsets },
    { CK_API_METADATA, 0, 12, ck_h_Metadata },
    { CK_API_INIT_PRODUCER_ID, 0, 5, ck_h_InitProducerId },
    { CK_API_OFFSET_FOR_LEADER_EPOCH, 0, 4, ck_h_OffsetForLeaderEpoch },
    { CK_API_DESCRIBE_PRODUCERS, 0, 0, ck_h_DescribeProducers },
};

/* ====================================================================== */
/* Fixture                                                                 */
/* ====================================================================== */

static void fx_open(fx *f, const char *const *extra_conf)
{
    kfx_open(f, data_table, CK_ARRAY_LEN(data_table), 2, extra_conf);
}

static int setup(void **state)
{
    fx *f = ck_calloc(1, sizeof *f);
    fx_open(f, NULL);
    *state = f;
    return 0;
}

static int setup_noauto(void **state)
{
    static const char *const conf[] = { "auto.create.topics.enable", "false", NULL };
    fx *f = ck_calloc(1, sizeof *f);
    fx_open(f, conf);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    fx_close(f);
    ck_free(f);
    return 0;
}

/* ====================================================================== */
/* Wire helpers                                                            */
/* ====================================================================== */

static void create_topic(fx *f, const char *name, int32_t np, const char *const *configs)
{
    char err[256];
    assert_int_equal(ck_engine_topic_create(f->eng, name, np, configs, false, err, sizeof err), 0);
}

/* ====================================================================== */
/* Records                                                                 */
/* ====================================================================== */

typedef struct bopts {
    int64_t pid;
    int16_t epoch;
    int32_t seq;
    int64_t ts;
    int     nrec;
    size_t  value_len;
} bopts;

/* A v2 batch of nrec records "k<i>"/"v<i>" (or value_len-byte values) in the arena. */
static ck_records build_batch(fx *f, const bopts *b)
{
    ck_wb wb;
    ck_batch_opts o;
    ck_rec_in recs[16];
    char keys[16][16], vals[16][16];
    char *big = NULL;
    char err[128];
    ck_records r;
    uint8_t *copy;

    assert_true(b->nrec > 0 && b->nrec <= 16);
    if (b->value_len) {
        big = ck_malloc(b->value_len);
        memset(big, 'x', b->value_len);
    }
    for (int i = 0; i < b->nrec; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i);
        snprintf(vals[i], sizeof vals[i], "v%d", i);
        memset(&recs[i], 0, sizeof recs[i]);
        recs[i].key = keys[i];
        recs[i].key_len = (int32_t)strlen(keys[i]);
        recs[i].value = big ? big : vals[i];
        recs[i].value_len = big ? (int32_t)b->value_len : (int32_t)strlen(vals[i]);
        recs[i].timestamp = b->ts ? b->ts + i : ck_now_ms();
    }
    ck_batch_opts_init(&o);
    if (b->pid >= 0) {
        o.producer_id = b->pid;
        o.producer_epoch = b->epoch;
        o.base_sequence = b->seq;
    }
    ck_wb_init(&wb, 256);
    assert_int_equal(ck_batch_build(&wb, &o, recs, (size_t)b->nrec, err, sizeof err), 0);
    copy = ck_arena_alloc(&f->arena, wb.len);
    memcpy(copy, wb.buf, wb.len);
    memset(&r, 0, sizeof r);
    r.p = copy;
    r.len = (int32_t)wb.len;
    r.fd = -1;
    ck_wb_free(&wb);
    ck_free(big);
    return r;
}

static ck_records simple_batch(fx *f, int nrec)
{
    bopts b = { -1, -1, -1, 0, nrec, 0 };
    return build_batch(f, &b);
}

/* Counts the records of the v2 batches in p (checking each batch) and
 * returns the base offset of the first in *first. */
static int count_v2(const uint8_t *p, size_t len, int64_t *first)
{
    size_t pos = 0;
    int n = 0;

    *first = -1;
    while (pos < len) {
        ck_batch_hdr h;
        assert_int_equal(ck_batch_validate(p + pos, len - pos, true, &h), CK_BATCH_OK);
        if (*first < 0)
            *first = h.base_offset;
        n += h.records_count;
        pos += ck_batch_size(&h);
    }
    return n;
}

/* Counts the entries of an uncompressed v0/v1 message set, checking magic. */
static int count_msgset(const uint8_t *p, size_t len, int magic, int64_t *first)
{
    size_t pos = 0;
    int n = 0;

    *first = -1;
    while (pos + 12 <= len) {
        int64_t off = (int64_t)ck_be64(p + pos);
        uint32_t size = ck_be32(p + pos + 8);
        assert_true(pos + 12 + size <= len);
        assert_int_equal(p[pos + 12 + 4], magic);
        if (*first < 0)
            *first = off;
        n++;
        pos += 12 + size;
    }
    return n;
}

/* ====================================================================== */
/* Request builders                                                        */
/* ====================================================================== */

static ck_MetadataResponse *metadata(fx *f, int16_t ver, const char *const *names, int n, bool allow)
{
    ck_MetadataRequest req;
    ck_MetadataRequest_init(&req);
    if (n < 0) {
        req.Topics.n = -1;
    } else {
        ck_MetadataRequest_MetadataRequestTopic_array_alloc(&f->arena, &req.Topics, n);
        for (int i = 0; i < n; i++)
            req.Topics.a[i].Name = ck_str_from_cstr(names[i]);
    }
    req.AllowAutoTopicCreation = allow;
    return call(f, CK_API_METADATA, ver, &req);
}

static ck_ProduceResponse_PartitionProduceResponse *produce_fd(fx *f, int fd, int16_t ver, int16_t acks,
                                                               const char *topic, int32_t part, ck_records recs)
{
    ck_ProduceRequest req;
    ck_ProduceResponse *resp;

    ck_ProduceRequest_init(&req);
    req.Acks = acks;
    req.TimeoutMs = 5000;
    ck_ProduceRequest_TopicProduceData_array_alloc(&f->arena, &req.TopicData, 1);
    req.TopicData.a[0].Name = ck_str_from_cstr(topic);
    ck_ProduceRequest_PartitionProduceData_array_alloc(&f->arena, &req.TopicData.a[0].PartitionData, 1);
    req.TopicData.a[0].PartitionData.a[0].Index = part;
    req.TopicData.a[0].PartitionData.a[0].Records = recs;
    if (acks == 0) {
        send_req(f, fd, CK_API_PRODUCE, ver, &req);
        return NULL;
    }
    resp = call_fd(f, fd, CK_API_PRODUCE, ver, &req);
    assert_int_equal(resp->Responses.n, 1);
    assert_true(str_is(resp->Responses.a[0].Name, topic));
    assert_int_equal(resp->Responses.a[0].PartitionResponses.n, 1);
    assert_int_equal(resp->Responses.a[0].PartitionResponses.a[0].Index, part);
    return &resp->Responses.a[0].PartitionResponses.a[0];
}

static ck_ProduceResponse_PartitionProduceResponse *produce(fx *f, int16_t ver, int16_t acks, const char *topic,
                                                            int32_t part, ck_records recs)
{
    return produce_fd(f, f->fd, ver, acks, topic, part, recs);
}

typedef struct fpart {
    int32_t partition;
    int64_t offset;
} fpart;

/* A fetch request for one topic (by name, or by id for v13+). */
static void fetch_req(fx *f, ck_FetchRequest *req, int16_t ver, const char *topic, const fpart *parts, int n,
                      int32_t min_bytes, int32_t max_wait)
{
    ck_FetchRequest_init(req);
    req->MaxWaitMs = max_wait;
    req->MinBytes = min_bytes;
    req->MaxBytes = 1 << 20;
    if (n == 0) {
        req->Topics.n = 0;
        return;
    }
    ck_FetchRequest_FetchTopic_array_alloc(&f->arena, &req->Topics, 1);
    req->Topics.a[0].Topic = ck_str_from_cstr(topic);
    if (ver >= 13) {
        ck_topic *t = ck_engine_topic_get(f->eng, topic, strlen(topic));
        if (t) {
            memcpy(req->Topics.a[0].TopicId, ck_topic_id(t), 16);
            ck_topic_release(t);
        } else {
            memset(req->Topics.a[0].TopicId, 0x5a, 16);
        }
    }
    ck_FetchRequest_FetchPartition_array_alloc(&f->arena, &req->Topics.a[0].Partitions, n);
    for (int i = 0; i < n; i++) {
        req->Topics.a[0].Partitions.a[i].Partition = parts[i].partition;
        req->Topics.a[0].Partitions.a[i].FetchOffset = parts[i].offset;
        req->Topics.a[0].Partitions.a[i].PartitionMaxBytes = 1 << 20;
    }
}

static ck_FetchResponse *fetch1(fx *f, int16_t ver, const char *topic, int32_t part, int64_t off)
{
    ck_FetchRequest req;
    fpart p = { part, off };
    fetch_req(f, &req, ver, topic, &p, 1, 0, 0);
    return call(f, CK_API_FETCH, ver, &req);
}

/* ====================================================================== */
/* Metadata                                                                */
/* ====================================================================== */

static void test_metadata(void **state)
{
    fx *f = *state;
    ck_MetadataResponse *r;
    const char *names[3];
    int16_t versions[] = { 0, 1, 4, 7, 9, 10, 12 };

    create_topic(f, "meta-a", 3, NULL);
    names[0] = "meta-a";
    for (size_t vi = 0; vi < CK_ARRAY_LEN(versions); vi++) {
        int16_t v = versions[vi];
        r = metadata(f, v, names, 1, false);
        assert_int_equal(r->Brokers.n, 1);
        assert_int_equal(r->Brokers.a[0].NodeId, ck_engine_node_id(f->eng));
        assert_true(str_is(r->Brokers.a[0].Host, "127.0.0.1"));
        assert_int_equal(r->Brokers.a[0].Port, f->port);
        if (v >= 1)
            assert_int_equal(r->ControllerId, ck_engine_node_id(f->eng));
        if (v >= 2)
            assert_true(str_is(r->ClusterId, ck_engine_cluster_id(f->eng)));
        assert_int_equal(r->Topics.n, 1);
        assert_int_equal(r->Topics.a[0].ErrorCode, 0);
        assert_true(str_is(r->Topics.a[0].Name, "meta-a"));
        assert_int_equal(r->Topics.a[0].Partitions.n, 3);
        for (int i = 0; i < 3; i++) {
            ck_MetadataResponse_MetadataResponsePartition *p = &r->Topics.a[0].Partitions.a[i];
            assert_int_equal(p->PartitionIndex, i);
            assert_int_equal(p->LeaderId, ck_engine_node_id(f->eng));
            assert_int_equal(p->ReplicaNodes.n, 1);
            assert_int_equal(p->IsrNodes.n, 1);
            if (v >= 7)
                assert_int_equal(p->LeaderEpoch, 0);
        }
        if (v >= 8)
            assert_int_equal(r->Topics.a[0].TopicAuthorizedOperations, INT32_MIN);
        if (v >= 10)
            assert_false(ck_protocol_uuid_is_zero(r->Topics.a[0].TopicId));
    }

    /* All topics: null (v1+) or empty (v0); none: empty (v1+). */
    create_topic(f, "meta-b", 1, NULL);
    r = metadata(f, 12, NULL, -1, false);
    assert_int_equal(r->Topics.n, 2);
    r = metadata(f, 0, NULL, 0, false);
    assert_int_equal(r->Topics.n, 2);
    r = metadata(f, 5, NULL, 0, false);
    assert_int_equal(r->Topics.n, 0);

    /* Auto-creation: v4+ asks, v0-3 follow the broker setting. */
    names[0] = "auto-1";
    r = metadata(f, 9, names, 1, false);
    assert_int_equal(r->Topics.a[0].ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    r = metadata(f, 9, names, 1, true);
    assert_int_equal(r->Topics.a[0].ErrorCode, 0);
    assert_int_equal(r->Topics.a[0].Partitions.n, 1);
    names[0] = "auto-2";
    r = metadata(f, 1, names, 1, false);
    assert_int_equal(r->Topics.a[0].ErrorCode, 0);

    /* Invalid names. */
    names[0] = "bad/name";
    names[1] = "";
    r = metadata(f, 12, names, 2, true);
    assert_int_equal(r->Topics.a[0].ErrorCode, CHRONIK_ERR_INVALID_TOPIC_EXCEPTION);
    assert_int_equal(r->Topics.a[1].ErrorCode, CHRONIK_ERR_INVALID_TOPIC_EXCEPTION);

    /* Authorized operations when asked for. */
    {
        ck_MetadataRequest req;
        ck_MetadataRequest_init(&req);
        ck_MetadataRequest_MetadataRequestTopic_array_alloc(&f->arena, &req.Topics, 1);
        req.Topics.a[0].Name = ck_str_from_cstr("meta-a");
        req.IncludeTopicAuthorizedOperations = true;
        r = call(f, CK_API_METADATA, 10, &req);
        assert_true(r->Topics.a[0].TopicAuthorizedOperations > 0);
    }

    /* By topic id (v12), known and unknown. */
    {
        ck_MetadataRequest req;
        ck_topic *t = ck_engine_topic_get(f->eng, "meta-a", 6);
        assert_non_null(t);
        ck_MetadataRequest_init(&req);
        ck_MetadataRequest_MetadataRequestTopic_array_alloc(&f->arena, &req.Topics, 2);
        req.Topics.a[0].Name.len = -1;
        memcpy(req.Topics.a[0].TopicId, ck_topic_id(t), 16);
        req.Topics.a[1].Name.len = -1;
        memset(req.Topics.a[1].TopicId, 7, 16);
        ck_topic_release(t);
        r = call(f, CK_API_METADATA, 12, &req);
        assert_int_equal(r->Topics.n, 2);
        assert_int_equal(r->Topics.a[0].ErrorCode, 0);
        assert_true(str_is(r->Topics.a[0].Name, "meta-a"));
        assert_int_equal(r->Topics.a[1].ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_ID);
        assert_true(r->Topics.a[1].Name.len < 0);
    }
}

static void test_metadata_noauto(void **state)
{
    fx *f = *state;
    const char *names[] = { "nope" };
    ck_MetadataResponse *r = metadata(f, 12, names, 1, true);
    assert_int_equal(r->Topics.a[0].ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    r = metadata(f, 0, names, 1, true);
    assert_int_equal(r->Topics.a[0].ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_int_equal(produce(f, 9, -1, "nope", 0, simple_batch(f, 1))->ErrorCode,
                     CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
}

/* ====================================================================== */
/* Produce and fetch                                                       */
/* ====================================================================== */

static void test_produce_fetch(void **state)
{
    fx *f = *state;
    ck_ProduceResponse_PartitionProduceResponse *pr;
    ck_FetchResponse *fr;
    ck_FetchResponse_PartitionData *pd;
    int16_t pver[] = { 3, 5, 7, 8, 9, 11 };
    int16_t fver[] = { 4, 7, 11, 12, 13, 15, 17 };
    int64_t next = 0, first;

    create_topic(f, "pf", 2, NULL);
    for (size_t i = 0; i < CK_ARRAY_LEN(pver); i++) {
        pr = produce(f, pver[i], i % 2 ? 1 : -1, "pf", 1, simple_batch(f, 3));
        assert_int_equal(pr->ErrorCode, 0);
        assert_int_equal(pr->BaseOffset, next);
        if (pver[i] >= 2)
            assert_int_equal(pr->LogAppendTimeMs, -1);
        if (pver[i] >= 5)
            assert_int_equal(pr->LogStartOffset, 0);
        next += 3;
    }
    for (size_t i = 0; i < CK_ARRAY_LEN(fver); i++) {
        fr = fetch1(f, fver[i], "pf", 1, 3);
        assert_int_equal(fr->Responses.n, 1);
        assert_int_equal(fr->Responses.a[0].Partitions.n, 1);
        pd = &fr->Responses.a[0].Partitions.a[0];
        assert_int_equal(pd->ErrorCode, 0);
        assert_int_equal(pd->HighWatermark, next);
        assert_int_equal(pd->LastStableOffset, next);
        assert_int_equal(count_v2(pd->Records.p, (size_t)pd->Records.len, &first), (int)next - 3);
        assert_int_equal(first, 3);
        if (fver[i] >= 13)
            assert_false(ck_protocol_uuid_is_zero(fr->Responses.a[0].TopicId));
        else
            assert_true(str_is(fr->Responses.a[0].Topic, "pf"));
        if (fver[i] >= 7)
            assert_int_equal(fr->SessionId, 0);
    }

    /* At the end: no records, no error. */
    fr = fetch1(f, 12, "pf", 1, next);
    assert_int_equal(fr->Responses.a[0].Partitions.a[0].ErrorCode, 0);
    assert_int_equal(fr->Responses.a[0].Partitions.a[0].Records.len, 0);

    /* Down-conversion for old fetch versions: v0/v1 magic 0, v2/v3 magic 1. */
    for (int16_t v = 0; v <= 3; v++) {
        fr = fetch1(f, v, "pf", 1, 0);
        pd = &fr->Responses.a[0].Partitions.a[0];
        assert_int_equal(pd->ErrorCode, 0);
        assert_int_equal(count_msgset(pd->Records.p, (size_t)pd->Records.len, v <= 1 ? 0 : 1, &first), (int)next);
        assert_int_equal(first, 0);
    }

    /* Errors. */
    fr = fetch1(f, 12, "pf", 1, next + 100);
    assert_int_equal(fr->Responses.a[0].Partitions.a[0].ErrorCode, CHRONIK_ERR_OFFSET_OUT_OF_RANGE);
    fr = fetch1(f, 12, "pf", 7, 0);
    assert_int_equal(fr->Responses.a[0].Partitions.a[0].ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    fr = fetch1(f, 12, "no-such-topic", 0, 0);
    assert_int_equal(fr->Responses.a[0].Partitions.a[0].ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    fr = fetch1(f, 13, "no-such-topic", 0, 0);
    assert_int_equal(fr->Responses.a[0].Partitions.a[0].ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_ID);

    pr = produce(f, 9, 2, "pf", 0, simple_batch(f, 1));
    assert_int_equal(pr->ErrorCode, CHRONIK_ERR_INVALID_REQUIRED_ACKS);
    pr = produce(f, 9, -1, "pf", 9, simple_batch(f, 1));
    assert_int_equal(pr->ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    {
        ck_records nul = { NULL, -1, -1, 0, NULL };
        pr = produce(f, 9, -1, "pf", 0, nul);
        assert_int_equal(pr->ErrorCode, CHRONIK_ERR_CORRUPT_MESSAGE);
    }
    pr = produce(f, 9, -1, "bad/topic", 0, simple_batch(f, 1));
    assert_int_equal(pr->ErrorCode, CHRONIK_ERR_INVALID_TOPIC_EXCEPTION);
    /* A corrupted batch (CRC). */
    {
        ck_records r = simple_batch(f, 2);
        ((uint8_t *)(uintptr_t)r.p)[r.len - 1] ^= 0xff;
        pr = produce(f, 9, -1, "pf", 0, r);
        assert_int_equal(pr->ErrorCode, CHRONIK_ERR_CORRUPT_MESSAGE);
        assert_true(pr->ErrorMessage.len > 0);
    }

    /* Auto-creation on produce. */
    pr = produce(f, 9, -1, "auto-on-produce", 0, simple_batch(f, 2));
    assert_int_equal(pr->ErrorCode, 0);
    assert_int_equal(pr->BaseOffset, 0);
}

static void test_produce_legacy_and_acks0(void **state)
{
    fx *f = *state;
    ck_ProduceResponse_PartitionProduceResponse *pr;
    ck_FetchResponse *fr;
    ck_records v2 = simple_batch(f, 4);
    ck_wb ms;
    char err[128];
    ck_records legacy;
    int64_t first;

    create_topic(f, "legacy", 1, NULL);
    /* Produce v2 with a magic-1 message set (an old client). */
    ck_wb_init(&ms, 256);
    assert_int_equal(ck_v2_to_msgset(v2.p, (size_t)v2.len, 1, &ms, err, sizeof err), 0);
    legacy.p = ck_arena_alloc(&f->arena, ms.len);
    memcpy((void *)(uintptr_t)legacy.p, ms.buf, ms.len);
    legacy.len = (int32_t)ms.len;
    legacy.fd = -1;
    legacy.file_off = 0;
    legacy.ref = NULL;
    ck_wb_free(&ms);
    pr = produce(f, 2, 1, "legacy", 0, legacy);
    assert_int_equal(pr->ErrorCode, 0);
    assert_int_equal(pr->BaseOffset, 0);

    /* acks=0: no response; the next request on the connection is answered. */
    produce(f, 9, 0, "legacy", 0, simple_batch(f, 2));
    produce(f, 3, 0, "legacy", 0, simple_batch(f, 2));
    pr = produce(f, 9, -1, "legacy", 0, simple_batch(f, 1));
    assert_int_equal(pr->ErrorCode, 0);
    assert_int_equal(pr->BaseOffset, 8);
    fr = fetch1(f, 11, "legacy", 0, 0);
    assert_int_equal(count_v2(fr->Responses.a[0].Partitions.a[0].Records.p,
                              (size_t)fr->Responses.a[0].Partitions.a[0].Records.len, &first), 9);
}

static void test_message_too_large(void **state)
{
    fx *f = *state;
    static const char *const conf[] = { "max.message.bytes", "1000", NULL };
    bopts b = { -1, -1, -1, 0, 2, 2000 };
    ck_ProduceResponse_PartitionProduceResponse *pr;

    create_topic(f, "small", 1, conf);
    pr = produce(f, 9, -1, "small", 0, build_batch(f, &b));
    assert_int_equal(pr->ErrorCode, CHRONIK_ERR_MESSAGE_TOO_LARGE);
    assert_int_equal(pr->BaseOffset, -1);
    b.value_len = 10;
    pr = produce(f, 9, -1, "small", 0, build_batch(f, &b));
    assert_int_equal(pr->ErrorCode, 0);
}

/* Several partitions in one produce complete independently. */
static void test_produce_multi(void **state)
{
    fx *f = *state;
    ck_ProduceRequest req;
    ck_ProduceResponse *resp;

    create_topic(f, "multi", 4, NULL);
    ck_ProduceRequest_init(&req);
    req.Acks = -1;
    req.TimeoutMs = 5000;
    ck_ProduceRequest_TopicProduceData_array_alloc(&f->arena, &req.TopicData, 2);
    req.TopicData.a[0].Name = ck_str_from_cstr("multi");
    ck_ProduceRequest_PartitionProduceData_array_alloc(&f->arena, &req.TopicData.a[0].PartitionData, 4);
    for (int i = 0; i < 4; i++) {
        req.TopicData.a[0].PartitionData.a[i].Index = i;
        req.TopicData.a[0].PartitionData.a[i].Records = simple_batch(f, i + 1);
    }
    req.TopicData.a[1].Name = ck_str_from_cstr("bad/one");
    ck_ProduceRequest_PartitionProduceData_array_alloc(&f->arena, &req.TopicData.a[1].PartitionData, 1);
    req.TopicData.a[1].PartitionData.a[0].Records = simple_batch(f, 1);
    for (int round = 0; round < 3; round++) {
        resp = call(f, CK_API_PRODUCE, 9, &req);
        assert_int_equal(resp->Responses.n, 2);
        for (int i = 0; i < 4; i++) {
            assert_int_equal(resp->Responses.a[0].PartitionResponses.a[i].ErrorCode, 0);
            assert_int_equal(resp->Responses.a[0].PartitionResponses.a[i].BaseOffset, round * (i + 1));
        }
        assert_int_equal(resp->Responses.a[1].PartitionResponses.a[0].ErrorCode,
                         CHRONIK_ERR_INVALID_TOPIC_EXCEPTION);
    }
}

/* Response MaxBytes (KIP-74) and read_committed. */
static void test_fetch_limits(void **state)
{
    fx *f = *state;
    ck_FetchRequest req;
    ck_FetchResponse *fr;
    fpart parts[2] = { { 0, 0 }, { 1, 0 } };
    bopts b = { -1, -1, -1, 0, 2, 3000 };
    int64_t first;

    create_topic(f, "lim", 2, NULL);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(produce(f, 9, -1, "lim", 0, build_batch(f, &b))->ErrorCode, 0);
        assert_int_equal(produce(f, 9, -1, "lim", 1, build_batch(f, &b))->ErrorCode, 0);
    }
    /* Smaller than one batch: the first partition still gets one whole
     * batch, the second nothing, both with their offsets. */
    fetch_req(f, &req, 11, "lim", parts, 2, 1, 0);
    req.MaxBytes = 100;
    fr = call(f, CK_API_FETCH, 11, &req);
    assert_int_equal(fr->Responses.a[0].Partitions.n, 2);
    assert_int_equal(count_v2(fr->Responses.a[0].Partitions.a[0].Records.p,
                              (size_t)fr->Responses.a[0].Partitions.a[0].Records.len, &first), 2);
    assert_int_equal(fr->Responses.a[0].Partitions.a[1].Records.len, 0);
    assert_int_equal(fr->Responses.a[0].Partitions.a[1].HighWatermark, 6);
    /* PartitionMaxBytes bounds each partition. */
    fetch_req(f, &req, 11, "lim", parts, 2, 1, 0);
    req.Topics.a[0].Partitions.a[0].PartitionMaxBytes = 13000;   /* two ~6 KB batches */
    fr = call(f, CK_API_FETCH, 11, &req);
    assert_int_equal(count_v2(fr->Responses.a[0].Partitions.a[0].Records.p,
                              (size_t)fr->Responses.a[0].Partitions.a[0].Records.len, &first), 4);
    assert_int_equal(count_v2(fr->Responses.a[0].Partitions.a[1].Records.p,
                              (size_t)fr->Responses.a[0].Partitions.a[1].Records.len, &first), 6);
    /* read_committed: up to the LSO, with an (empty) aborted list. */
    fetch_req(f, &req, 11, "lim", parts, 1, 1, 0);
    req.IsolationLevel = 1;
    fr = call(f, CK_API_FETCH, 11, &req);
    assert_int_equal(fr->Responses.a[0].Partitions.a[0].LastStableOffset, 6);
    assert_int_equal(fr->Responses.a[0].Partitions.a[0].AbortedTransactions.n, 0);
    fetch_req(f, &req, 11, "lim", parts, 1, 1, 0);
    fr = call(f, CK_API_FETCH, 11, &req);
    assert_int_equal(fr->Responses.a[0].Partitions.a[0].AbortedTransactions.n, -1);
}

/* ====================================================================== */
/* Long poll                                                               */
/* ====================================================================== */

typedef struct delayed {
    ck_engine  *eng;
    const char *topic;
    int         delay_ms;
} delayed;

static void *produce_later(void *arg)
{
    delayed *d = arg;
    chronik_record_t rec;
    int64_t off;

    usleep((useconds_t)d->delay_ms * 1000);
    memset(&rec, 0, sizeof rec);
    rec.value = "late";
    rec.value_len = 4;
    rec.timestamp = -1;
    assert_int_equal(chronik_produce(d->eng, d->topic, 0, &rec, 1, &off), 0);
    return NULL;
}

static void test_fetch_long_poll(void **state)
{
    fx *f = *state;
    ck_FetchRequest req;
    ck_FetchResponse *fr;
    fpart p = { 0, 0 };
    pthread_t th;
    delayed d = { f->eng, "lp", 100 };
    int64_t t0, el, first;
    int fd2;

    create_topic(f, "lp", 1, NULL);

    /* Times out empty. */
    fetch_req(f, &req, 12, "lp", &p, 1, 1, 300);
    t0 = ck_mono_ms();
    fr = call(f, CK_API_FETCH, 12, &req);
    el = ck_mono_ms() - t0;
    assert_true(el >= 250);
    assert_true(el < 3000);
    assert_int_equal(fr->Responses.a[0].Partitions.a[0].Records.len, 0);

    /* Woken by a produce well before MaxWaitMs. */
    fetch_req(f, &req, 12, "lp", &p, 1, 1, 10000);
    assert_int_equal(pthread_create(&th, NULL, produce_later, &d), 0);
    t0 = ck_mono_ms();
    fr = call(f, CK_API_FETCH, 12, &req);
    el = ck_mono_ms() - t0;
    pthread_join(th, NULL);
    assert_true(el < 5000);
    assert_int_equal(count_v2(fr->Responses.a[0].Partitions.a[0].Records.p,
                              (size_t)fr->Responses.a[0].Partitions.a[0].Records.len, &first), 1);

    /* A parked fetch does not block other connections. */
    fd2 = connect_port(f->port);
    p.offset = 1;
    fetch_req(f, &req, 12, "lp", &p, 1, 1, 1500);
    {
        int32_t corr = send_req(f, fd2, CK_API_FETCH, 12, &req);
        ck_MetadataResponse *mr;
        t0 = ck_mono_ms();
        mr = metadata(f, 12, NULL, -1, false);
        assert_true(mr->Topics.n >= 1);
        assert_true(ck_mono_ms() - t0 < 1000);
        fr = recv_resp(f, fd2, CK_API_FETCH, 12, corr);
        assert_int_equal(fr->Responses.a[0].Partitions.a[0].Records.len, 0);
    }
    /* A client that goes away while its fetch is parked. */
    send_req(f, fd2, CK_API_FETCH, 12, &req);
    close(fd2);
    usleep(50 * 1000);
    assert_non_null(metadata(f, 12, NULL, -1, false));
}

/* ====================================================================== */
/* Fetch sessions                                                          */
/* ====================================================================== */

static ck_ListOffsetsResponse_ListOffsetsPartitionResponse *list_offsets(fx *f, int16_t ver, const char *topic,
                                                                         int32_t part, int64_t ts);

static ck_FetchResponse *session_fetch(fx *f, int16_t ver, int32_t id, int32_t epoch, const fpart *parts, int n,
                                       const int32_t *forget, int nforget)
{
    ck_FetchRequest req;
    fetch_req(f, &req, ver, "sess", parts, n, 0, 0);
    req.SessionId = id;
    req.SessionEpoch = epoch;
    if (nforget > 0) {
        ck_FetchRequest_ForgottenTopic_array_alloc(&f->arena, &req.ForgottenTopicsData, 1);
        req.ForgottenTopicsData.a[0].Topic = ck_str_from_cstr("sess");
        if (ver >= 13) {
            ck_topic *t = ck_engine_topic_get(f->eng, "sess", 4);
            memcpy(req.ForgottenTopicsData.a[0].TopicId, ck_topic_id(t), 16);
            ck_topic_release(t);
        }
        CK_ARRAY_ALLOC(&f->arena, req.ForgottenTopicsData.a[0].Partitions, nforget);
        for (int i = 0; i < nforget; i++)
            req.ForgottenTopicsData.a[0].Partitions.a[i] = forget[i];
    }
    return call(f, CK_API_FETCH, ver, &req);
}

static int nparts_of(const ck_FetchResponse *fr)
{
    int n = 0;
    for (int i = 0; i < fr->Responses.n; i++)
        n += fr->Responses.a[i].Partitions.n;
    return n;
}

static void run_sessions(fx *f, int16_t ver)
{
    ck_FetchResponse *fr;
    fpart parts[2] = { { 0, 0 }, { 1, 0 } };
    int32_t id;
    int64_t first;
    int32_t forget1 = 1;
    chronik_record_t rec;
    int64_t off;

    memset(&rec, 0, sizeof rec);
    rec.value = "s";
    rec.value_len = 1;
    rec.timestamp = -1;

    /* Start at the ends, so that only new data shows up. */
    parts[0].offset = list_offsets(f, 5, "sess", 0, -1)->Offset;
    parts[1].offset = list_offsets(f, 5, "sess", 1, -1)->Offset;

    /* A full request creates the session and answers every partition. */
    fr = session_fetch(f, ver, 0, 0, parts, 2, NULL, 0);
    assert_int_equal(fr->ErrorCode, 0);
    id = fr->SessionId;
    assert_true(id > 0);
    assert_int_equal(nparts_of(fr), 2);

    /* Nothing changed: an empty incremental response. */
    fr = session_fetch(f, ver, id, 1, NULL, 0, NULL, 0);
    assert_int_equal(fr->ErrorCode, 0);
    assert_int_equal(fr->SessionId, id);
    assert_int_equal(nparts_of(fr), 0);

    /* New data on partition 0: only it comes back, from the cached offset. */
    assert_int_equal(chronik_produce(f->eng, "sess", 0, &rec, 1, &off), 0);
    fr = session_fetch(f, ver, id, 2, NULL, 0, NULL, 0);
    assert_int_equal(nparts_of(fr), 1);
    assert_int_equal(fr->Responses.a[0].Partitions.a[0].PartitionIndex, 0);
    assert_int_equal(count_v2(fr->Responses.a[0].Partitions.a[0].Records.p,
                              (size_t)fr->Responses.a[0].Partitions.a[0].Records.len, &first), 1);
    assert_int_equal(first, off);

    /* The client moves partition 0 on and forgets partition 1. */
    parts[0].offset = off + 1;
    fr = session_fetch(f, ver, id, 3, parts, 1, &forget1, 1);
    assert_int_equal(nparts_of(fr), 0);
    assert_int_equal(chronik_produce(f->eng, "sess", 1, &rec, 1, &off), 0);
    fr = session_fetch(f, ver, id, 4, NULL, 0, NULL, 0);
    assert_int_equal(nparts_of(fr), 0);

    /* Wrong epoch, unknown id. */
    fr = session_fetch(f, ver, id, 9, NULL, 0, NULL, 0);
    assert_int_equal(fr->ErrorCode, CHRONIK_ERR_INVALID_FETCH_SESSION_EPOCH);
    fr = session_fetch(f, ver, id + 1000, 1, NULL, 0, NULL, 0);
    assert_int_equal(fr->ErrorCode, CHRONIK_ERR_FETCH_SESSION_ID_NOT_FOUND);

    /* Closing it (epoch -1) makes a sessionless fetch; the id is gone after. */
    fr = session_fetch(f, ver, id, -1, parts, 2, NULL, 0);
    assert_int_equal(fr->ErrorCode, 0);
    assert_int_equal(fr->SessionId, 0);
    assert_int_equal(nparts_of(fr), 2);
    fr = session_fetch(f, ver, id, 5, NULL, 0, NULL, 0);
    assert_int_equal(fr->ErrorCode, CHRONIK_ERR_FETCH_SESSION_ID_NOT_FOUND);

    /* Many sessions on one connection: the oldest are evicted, no leak. */
    for (int i = 0; i < 20; i++) {
        fr = session_fetch(f, ver, 0, 0, parts, 2, NULL, 0);
        assert_true(fr->SessionId > 0);
    }
}

static void test_fetch_sessions(void **state)
{
    fx *f = *state;
    create_topic(f, "sess", 2, NULL);
    run_sessions(f, 7);
    run_sessions(f, 12);
    run_sessions(f, 13);
    run_sessions(f, 17);
}

/* ====================================================================== */
/* ListOffsets, OffsetForLeaderEpoch                                       */
/* ====================================================================== */

static ck_ListOffsetsResponse_ListOffsetsPartitionResponse *list_offsets(fx *f, int16_t ver, const char *topic,
                                                                         int32_t part, int64_t ts)
{
    ck_ListOffsetsRequest req;
    ck_ListOffsetsResponse *resp;

    ck_ListOffsetsRequest_init(&req);
    req.ReplicaId = -1;
    ck_ListOffsetsRequest_ListOffsetsTopic_array_alloc(&f->arena, &req.Topics, 1);
    req.Topics.a[0].Name = ck_str_from_cstr(topic);
    ck_ListOffsetsRequest_ListOffsetsPartition_array_alloc(&f->arena, &req.Topics.a[0].Partitions, 1);
    req.Topics.a[0].Partitions.a[0].PartitionIndex = part;
    req.Topics.a[0].Partitions.a[0].Timestamp = ts;
    req.Topics.a[0].Partitions.a[0].MaxNumOffsets = 1;
    resp = call(f, CK_API_LIST_OFFSETS, ver, &req);
    assert_int_equal(resp->Topics.n, 1);
    assert_int_equal(resp->Topics.a[0].Partitions.n, 1);
    return &resp->Topics.a[0].Partitions.a[0];
}

static void test_list_offsets(void **state)
{
    fx *f = *state;
    ck_ListOffsetsResponse_ListOffsetsPartitionResponse *lp;
    int64_t base = 1700000000000LL;

    create_topic(f, "lo", 1, NULL);
    for (int i = 0; i < 3; i++) {
        bopts b = { -1, -1, -1, base + 1000 * i, 2, 0 };   /* offsets 2i, 2i+1: ts base+1000i, +1 */
        assert_int_equal(produce(f, 9, -1, "lo", 0, build_batch(f, &b))->ErrorCode, 0);
    }
    for (int16_t v = 1; v <= 10; v++) {
        lp = list_offsets(f, v, "lo", 0, -2);
        assert_int_equal(lp->ErrorCode, 0);
        assert_int_equal(lp->Offset, 0);
        lp = list_offsets(f, v, "lo", 0, -1);
        assert_int_equal(lp->Offset, 6);
        lp = list_offsets(f, v, "lo", 0, base + 1000);
        assert_int_equal(lp->ErrorCode, 0);
        assert_int_equal(lp->Offset, 2);
        assert_int_equal(lp->Timestamp, base + 1000);
        lp = list_offsets(f, v, "lo", 0, base + 1500);
        assert_int_equal(lp->Offset, 4);
        lp = list_offsets(f, v, "lo", 0, base + 100000);
        assert_int_equal(lp->Offset, -1);
        if (v >= 4)
            assert_int_equal(list_offsets(f, v, "lo", 0, -2)->LeaderEpoch, 0);
        if (v >= 7) {
            lp = list_offsets(f, v, "lo", 0, -3);
            assert_int_equal(lp->ErrorCode, 0);
            assert_int_equal(lp->Offset, 5);
            assert_int_equal(lp->Timestamp, base + 2001);
        }
    }
    lp = list_offsets(f, 0, "lo", 0, -1);
    assert_int_equal(lp->ErrorCode, 0);
    assert_int_equal(lp->OldStyleOffsets.n, 1);
    assert_int_equal(lp->OldStyleOffsets.a[0], 6);
    lp = list_offsets(f, 0, "lo", 0, -2);
    assert_int_equal(lp->OldStyleOffsets.a[0], 0);
    assert_int_equal(list_offsets(f, 5, "lo", 3, -1)->ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_int_equal(list_offsets(f, 5, "none", 0, -1)->ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
}

static void test_offset_for_leader_epoch(void **state)
{
    fx *f = *state;
    ck_OffsetForLeaderEpochRequest req;
    ck_OffsetForLeaderEpochResponse *resp;

    create_topic(f, "ole", 1, NULL);
    assert_int_equal(produce(f, 9, -1, "ole", 0, simple_batch(f, 5))->ErrorCode, 0);
    for (int16_t v = 0; v <= 4; v++) {
        ck_OffsetForLeaderEpochRequest_init(&req);
        ck_OffsetForLeaderEpochRequest_OffsetForLeaderTopic_array_alloc(&f->arena, &req.Topics, 2);
        req.Topics.a[0].Topic = ck_str_from_cstr("ole");
        ck_OffsetForLeaderEpochRequest_OffsetForLeaderPartition_array_alloc(&f->arena, &req.Topics.a[0].Partitions, 3);
        req.Topics.a[0].Partitions.a[0].Partition = 0;
        req.Topics.a[0].Partitions.a[0].LeaderEpoch = 0;
        req.Topics.a[0].Partitions.a[1].Partition = 0;
        req.Topics.a[0].Partitions.a[1].LeaderEpoch = 4;
        req.Topics.a[0].Partitions.a[2].Partition = 5;
        req.Topics.a[1].Topic = ck_str_from_cstr("none");
        ck_OffsetForLeaderEpochRequest_OffsetForLeaderPartition_array_alloc(&f->arena, &req.Topics.a[1].Partitions, 1);
        resp = call(f, CK_API_OFFSET_FOR_LEADER_EPOCH, v, &req);
        assert_int_equal(resp->Topics.n, 2);
        assert_int_equal(resp->Topics.a[0].Partitions.a[0].ErrorCode, 0);
        assert_int_equal(resp->Topics.a[0].Partitions.a[0].EndOffset, 5);
        if (v >= 1)
            assert_int_equal(resp->Topics.a[0].Partitions.a[0].LeaderEpoch, 0);
        assert_int_equal(resp->Topics.a[0].Partitions.a[1].EndOffset, -1);
        assert_int_equal(resp->Topics.a[0].Partitions.a[2].ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
        assert_int_equal(resp->Topics.a[1].Partitions.a[0].ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    }
}

/* ====================================================================== */
/* Idempotent producers                                                    */
/* ====================================================================== */

static ck_InitProducerIdResponse *init_pid(fx *f, int16_t ver, const char *txn_id)
{
    ck_InitProducerIdRequest req;
    ck_InitProducerIdRequest_init(&req);
    req.TransactionalId = ck_str_from_cstr(txn_id);
    req.TransactionTimeoutMs = 60000;
    return call(f, CK_API_INIT_PRODUCER_ID, ver, &req);
}

static void test_idempotent(void **state)
{
    fx *f = *state;
    ck_InitProducerIdResponse *ip;
    ck_ProduceResponse_PartitionProduceResponse *pr;
    ck_DescribeProducersRequest dreq;
    ck_DescribeProducersResponse *dresp;
    int64_t pid, prev = -1;
    bopts b;

    for (int16_t v = 0; v <= 5; v++) {
        ip = init_pid(f, v, NULL);
        assert_int_equal(ip->ErrorCode, 0);
        assert_true(ip->ProducerId >= 0);
        assert_true(ip->ProducerId != prev);
        assert_int_equal(ip->ProducerEpoch, 0);
        prev = ip->ProducerId;
    }
    /* A transactional id goes to the transaction coordinator: a fresh id, epoch 0. */
    assert_int_equal(init_pid(f, 4, "txn-1")->ErrorCode, 0);
    pid = prev;

    create_topic(f, "idem", 1, NULL);
    b = (bopts){ pid, 0, 0, 0, 3, 0 };
    pr = produce(f, 9, -1, "idem", 0, build_batch(f, &b));
    assert_int_equal(pr->ErrorCode, 0);
    assert_int_equal(pr->BaseOffset, 0);
    b.seq = 3;
    pr = produce(f, 9, -1, "idem", 0, build_batch(f, &b));
    assert_int_equal(pr->ErrorCode, 0);
    assert_int_equal(pr->BaseOffset, 3);
    /* A retry of the second batch: the original offset, nothing appended. */
    pr = produce(f, 9, -1, "idem", 0, build_batch(f, &b));
    assert_int_equal(pr->ErrorCode, 0);
    assert_int_equal(pr->BaseOffset, 3);
    /* A gap. */
    b.seq = 10;
    pr = produce(f, 9, -1, "idem", 0, build_batch(f, &b));
    assert_int_equal(pr->ErrorCode, CHRONIK_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER);
    assert_int_equal(list_offsets(f, 5, "idem", 0, -1)->Offset, 6);

    ck_DescribeProducersRequest_init(&dreq);
    ck_DescribeProducersRequest_TopicRequest_array_alloc(&f->arena, &dreq.Topics, 2);
    dreq.Topics.a[0].Name = ck_str_from_cstr("idem");
    CK_ARRAY_ALLOC(&f->arena, dreq.Topics.a[0].PartitionIndexes, 2);
    dreq.Topics.a[0].PartitionIndexes.a[0] = 0;
    dreq.Topics.a[0].PartitionIndexes.a[1] = 4;
    dreq.Topics.a[1].Name = ck_str_from_cstr("none");
    CK_ARRAY_ALLOC(&f->arena, dreq.Topics.a[1].PartitionIndexes, 1);
    dresp = call(f, CK_API_DESCRIBE_PRODUCERS, 0, &dreq);
    assert_int_equal(dresp->Topics.n, 2);
    assert_int_equal(dresp->Topics.a[0].Partitions.a[0].ErrorCode, 0);
    assert_int_equal(dresp->Topics.a[0].Partitions.a[0].ActiveProducers.n, 1);
    assert_int_equal(dresp->Topics.a[0].Partitions.a[0].ActiveProducers.a[0].ProducerId, pid);
    assert_int_equal(dresp->Topics.a[0].Partitions.a[0].ActiveProducers.a[0].LastSequence, 5);
    assert_int_equal(dresp->Topics.a[0].Partitions.a[1].ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_int_equal(dresp->Topics.a[1].Partitions.a[0].ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_metadata, setup, teardown),
        cmocka_unit_test_setup_teardown(test_metadata_noauto, setup_noauto, teardown),
        cmocka_unit_test_setup_teardown(test_produce_fetch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_produce_legacy_and_acks0, setup, teardown),
        cmocka_unit_test_setup_teardown(test_message_too_large, setup, teardown),
        cmocka_unit_test_setup_teardown(test_produce_multi, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fetch_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fetch_long_poll, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fetch_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_offsets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offset_for_leader_epoch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_idempotent, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
