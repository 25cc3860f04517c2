/*
 * test_kafka_admin.c — the admin handlers of lib/kafka/h_admin.c driven over
 * a real listener (127.0.0.1, free port) on a real engine in a temporary
 * directory.  Requests are encoded with the generated codecs and sent over
 * a raw socket; responses are decoded with the generated decoders.  Each API
 * is exercised at its lowest and highest version, on success and on each
 * error code the handler can give.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "kafka/handlers.h"
#include "kafka/kafka_internal.h"
#include "meta/meta.h"
#include "protocol/kmsg.h"
#include "harness/kafka_fx.h"

/* The handler table under test (what handlers.c registers for these keys). */
static const ck_khandler admin_table[] = {
    { CK_API_CREATE_TOPICS, 0, 7, ck_h_CreateTopics },
    { CK_API_DELETE_TOPICS, 0, 6, ck_h_DeleteTopics },
    { CK_API_DELETE_RECORDS, 0, 2, ck_h_DeleteRecords },
    { CK_API_DESCRIBE_CONFIGS, 0, 4, ck_h_DescribeConfigs },
    { CK_API_ALTER_CONFIGS, 0, 2, ck_h_AlterConfigs },
    { CK_API_DESCRIBE_LOG_DIRS, 0, 4, ck_h_DescribeLogDirs },
    { CK_API_CREATE_PARTITIONS, 0, 3, ck_h_CreatePartitions },
    { CK_API_INCREMENTAL_ALTER_CONFIGS, 0, 1, ck_h_IncrementalAlterConfigs },
    { CK_API_DESCRIBE_CLUSTER, 0, 1, ck_h_DescribeCluster },
};

/* ====================================================================== */
/* Fixture: an engine, a listener and a connected client                   */
/* ====================================================================== */

static void fx_open(fx *f, const char *const *extra_conf)
{
    const char *conf[16] = { "flush.policy", "os" };
    size_t n = 2;
    for (int i = 0; extra_conf && extra_conf[i] && n + 2 < CK_ARRAY_LEN(conf); i += 2) {
        conf[n++] = extra_conf[i];
        conf[n++] = extra_conf[i + 1];
    }
    conf[n] = NULL;
    kfx_open(f, admin_table, CK_ARRAY_LEN(admin_table), 1, conf);
}

static int setup(void **state)
{
    fx *f = ck_calloc(1, sizeof *f);
    fx_open(f, NULL);
    *state = f;
    return 0;
}

static int setup_nodelete(void **state)
{
    static const char *const conf[] = { "delete.topic.enable", "false", NULL };
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

static ck_str S(const char *s)
{
    ck_str out;
    out.p = s;
    out.len = s ? (int32_t)strlen(s) : -1;
    return out;
}

static bool str_has(ck_str s, const char *needle)
{
    char buf[1024];
    if (s.len < 0 || (size_t)s.len >= sizeof buf)
        return false;
    memcpy(buf, s.p, (size_t)s.len);
    buf[s.len] = '\0';
    return strstr(buf, needle) != NULL;
}

/* ====================================================================== */
/* Request builders                                                        */
/* ====================================================================== */

/* One CreatableTopic: configs is a NULL-terminated key, value list. */
static void ct_topic(fx *f, ck_CreateTopicsRequest_CreatableTopic *t, const char *name, int32_t np, int16_t rf,
                     const char *const *configs)
{
    int32_t nc = 0;
    ck_CreateTopicsRequest_CreatableTopic_init(t);
    t->Name = S(name);
    t->NumPartitions = np;
    t->ReplicationFactor = rf;
    while (configs && configs[2 * nc])
        nc++;
    ck_CreateTopicsRequest_CreatableTopicConfig_array_alloc(&f->arena, &t->Configs, nc);
    for (int32_t i = 0; i < nc; i++) {
        t->Configs.a[i].Name = S(configs[2 * i]);
        t->Configs.a[i].Value = S(configs[2 * i + 1]);
    }
}

/* Creates one topic at version ver; returns the result. */
static ck_CreateTopicsResponse_CreatableTopicResult *create1(fx *f, int16_t ver, const char *name, int32_t np,
                                                             int16_t rf, const char *const *configs, bool validate)
{
    ck_CreateTopicsRequest req;
    ck_CreateTopicsResponse *resp;
    ck_CreateTopicsRequest_init(&req);
    ck_CreateTopicsRequest_CreatableTopic_array_alloc(&f->arena, &req.Topics, 1);
    ct_topic(f, &req.Topics.a[0], name, np, rf, configs);
    req.validateOnly = validate;
    resp = call(f, CK_API_CREATE_TOPICS, ver, &req);
    assert_int_equal(resp->Topics.n, 1);
    assert_true(str_is(resp->Topics.a[0].Name, name));
    return &resp->Topics.a[0];
}

static int32_t partitions_of(fx *f, const char *topic)
{
    int32_t n = -1;
    if (chronik_topic_partitions(f->eng, topic, &n) != 0)
        return -1;
    return n;
}

/* ====================================================================== */
/* CreateTopics                                                            */
/* ====================================================================== */

static void test_create_topics_v0(void **state)
{
    fx *f = *state;
    ck_CreateTopicsResponse_CreatableTopicResult *r;

    r = create1(f, 0, "t0", 3, 1, NULL, false);
    assert_int_equal(r->ErrorCode, 0);
    assert_int_equal(partitions_of(f, "t0"), 3);

    r = create1(f, 0, "t0", 3, 1, NULL, false);
    assert_int_equal(r->ErrorCode, CHRONIK_ERR_TOPIC_ALREADY_EXISTS);

    r = create1(f, 0, "tdef", -1, -1, NULL, false);
    assert_int_equal(r->ErrorCode, 0);
    assert_int_equal(partitions_of(f, "tdef"), 1);

    r = create1(f, 0, "trf", 1, 3, NULL, false);
    assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_REPLICATION_FACTOR);
    assert_int_equal(partitions_of(f, "trf"), -1);

    r = create1(f, 0, "bad/name", 1, 1, NULL, false);
    assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_TOPIC_EXCEPTION);

    r = create1(f, 0, "tzero", 0, 1, NULL, false);
    assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_PARTITIONS);

    {
        static const char *const bad[] = { "retention.ms", "soon", NULL };
        r = create1(f, 0, "tbadcfg", 1, 1, bad, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_CONFIG);
    }
    {
        static const char *const unk[] = { "no.such.key", "1", NULL };
        r = create1(f, 0, "tunkcfg", 1, 1, unk, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_CONFIG);
    }
}

static void test_create_topics_assignments(void **state)
{
    fx *f = *state;
    ck_CreateTopicsRequest req;
    ck_CreateTopicsResponse *resp;
    ck_CreateTopicsRequest_CreatableTopic *t;

    /* Two partitions, both on node 1 (this node): accepted. */
    ck_CreateTopicsRequest_init(&req);
    ck_CreateTopicsRequest_CreatableTopic_array_alloc(&f->arena, &req.Topics, 1);
    t = &req.Topics.a[0];
    ct_topic(f, t, "tassign", -1, -1, NULL);
    ck_CreateTopicsRequest_CreatableReplicaAssignment_array_alloc(&f->arena, &t->Assignments, 2);
    for (int i = 0; i < 2; i++) {
        t->Assignments.a[i].PartitionIndex = i;
        CK_ARRAY_ALLOC(&f->arena, t->Assignments.a[i].BrokerIds, 1);
        t->Assignments.a[i].BrokerIds.a[0] = 1;
    }
    resp = call(f, CK_API_CREATE_TOPICS, 4, &req);
    assert_int_equal(resp->Topics.a[0].ErrorCode, 0);
    assert_int_equal(partitions_of(f, "tassign"), 2);

    /* A replica on broker 2, which does not exist. */
    t->Name = S("tassign2");
    t->Assignments.a[1].BrokerIds.a[0] = 2;
    resp = call(f, CK_API_CREATE_TOPICS, 4, &req);
    assert_int_equal(resp->Topics.a[0].ErrorCode, CHRONIK_ERR_INVALID_REPLICA_ASSIGNMENT);
    assert_true(resp->Topics.a[0].ErrorMessage.len > 0);
    assert_int_equal(partitions_of(f, "tassign2"), -1);

    /* Assignments together with a partition count. */
    t->Assignments.a[1].BrokerIds.a[0] = 1;
    t->NumPartitions = 2;
    resp = call(f, CK_API_CREATE_TOPICS, 4, &req);
    assert_int_equal(resp->Topics.a[0].ErrorCode, CHRONIK_ERR_INVALID_REQUEST);
}

static void test_create_topics_v7(void **state)
{
    fx *f = *state;
    static const char *const cfg[] = { "columnar.enabled", "true", "searchable.enabled", "true",
                                       "vector.enabled", "true", "retention.ms", "3600000", NULL };
    ck_CreateTopicsResponse_CreatableTopicResult *r;
    char buf[64];
    bool seen_col = false, seen_seg = false;

    /* validate_only: everything checked and reported, nothing created. */
    r = create1(f, 7, "tv", 2, -1, cfg, true);
    assert_int_equal(r->ErrorCode, 0);
    assert_int_equal(r->NumPartitions, 2);
    assert_int_equal(partitions_of(f, "tv"), -1);

    r = create1(f, 7, "tv", 2, -1, cfg, false);
    assert_int_equal(r->ErrorCode, 0);
    assert_true(r->ErrorMessage.len < 0);
    assert_int_equal(r->NumPartitions, 2);
    assert_int_equal(r->ReplicationFactor, 1);
    assert_false(ck_protocol_uuid_is_zero(r->TopicId));
    assert_true(r->Configs.n > 0);
    for (int32_t i = 0; i < r->Configs.n; i++) {
        if (str_is(r->Configs.a[i].Name, "columnar.enabled")) {
            seen_col = true;
            assert_true(str_is(r->Configs.a[i].Value, "true"));
            assert_int_equal(r->Configs.a[i].ConfigSource, 1);
            assert_false(r->Configs.a[i].ReadOnly);
        }
        if (str_is(r->Configs.a[i].Name, "segment.bytes")) {
            seen_seg = true;
            assert_true(str_is(r->Configs.a[i].Value, "1073741824"));
            assert_int_equal(r->Configs.a[i].ConfigSource, 5);
        }
    }
    assert_true(seen_col && seen_seg);
    assert_int_equal(partitions_of(f, "tv"), 2);
    assert_int_equal(chronik_topic_config_get(f->eng, "tv", "columnar.enabled", buf, sizeof buf), 0);
    assert_string_equal(buf, "true");
    assert_int_equal(chronik_topic_config_get(f->eng, "tv", "searchable.enabled", buf, sizeof buf), 0);
    assert_string_equal(buf, "true");
    assert_int_equal(chronik_topic_config_get(f->eng, "tv", "vector.enabled", buf, sizeof buf), 0);
    assert_string_equal(buf, "true");

    r = create1(f, 7, "tv", 2, -1, NULL, false);
    assert_int_equal(r->ErrorCode, CHRONIK_ERR_TOPIC_ALREADY_EXISTS);
    assert_true(r->ErrorMessage.len > 0);
    assert_int_equal(r->NumPartitions, -1);

    r = create1(f, 7, "tv2", 1, 2, NULL, false);
    assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_REPLICATION_FACTOR);
    assert_true(str_has(r->ErrorMessage, "single node"));

    {
        static const char *const bad[] = { "cleanup.policy", "shred", NULL };
        r = create1(f, 7, "tv3", 1, 1, bad, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_CONFIG);
        assert_true(str_has(r->ErrorMessage, "cleanup.policy"));
    }
    r = create1(f, 7, "..", 1, 1, NULL, false);
    assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_TOPIC_EXCEPTION);
}

static void test_create_topics_duplicates(void **state)
{
    fx *f = *state;
    ck_CreateTopicsRequest req;
    ck_CreateTopicsResponse *resp;

    ck_CreateTopicsRequest_init(&req);
    ck_CreateTopicsRequest_CreatableTopic_array_alloc(&f->arena, &req.Topics, 3);
    ct_topic(f, &req.Topics.a[0], "dup", 1, 1, NULL);
    ct_topic(f, &req.Topics.a[1], "single", 1, 1, NULL);
    ct_topic(f, &req.Topics.a[2], "dup", 1, 1, NULL);
    resp = call(f, CK_API_CREATE_TOPICS, 7, &req);
    assert_int_equal(resp->Topics.n, 2);
    assert_true(str_is(resp->Topics.a[0].Name, "dup"));
    assert_int_equal(resp->Topics.a[0].ErrorCode, CHRONIK_ERR_INVALID_REQUEST);
    assert_true(str_is(resp->Topics.a[1].Name, "single"));
    assert_int_equal(resp->Topics.a[1].ErrorCode, 0);
    assert_int_equal(partitions_of(f, "dup"), -1);
}

/* ====================================================================== */
/* DeleteTopics                                                            */
/* ====================================================================== */

static void test_delete_topics_v0(void **state)
{
    fx *f = *state;
    ck_DeleteTopicsRequest req;
    ck_DeleteTopicsResponse *resp;

    assert_int_equal(chronik_topic_create(f->eng, "d1", 1, NULL), 0);
    ck_DeleteTopicsRequest_init(&req);
    CK_ARRAY_ALLOC(&f->arena, req.TopicNames, 2);
    req.TopicNames.a[0] = S("d1");
    req.TopicNames.a[1] = S("nope");
    req.TimeoutMs = 1000;
    resp = call(f, CK_API_DELETE_TOPICS, 0, &req);
    assert_int_equal(resp->Responses.n, 2);
    assert_true(str_is(resp->Responses.a[0].Name, "d1"));
    assert_int_equal(resp->Responses.a[0].ErrorCode, 0);
    assert_true(str_is(resp->Responses.a[1].Name, "nope"));
    assert_int_equal(resp->Responses.a[1].ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_int_equal(partitions_of(f, "d1"), -1);
}

static void test_delete_topics_v6(void **state)
{
    fx *f = *state;
    ck_DeleteTopicsRequest req;
    ck_DeleteTopicsResponse *resp;
    ck_CreateTopicsResponse_CreatableTopicResult *r;
    uint8_t id[16];
    uint8_t unknown[16];

    r = create1(f, 7, "byid", 1, 1, NULL, false);
    assert_int_equal(r->ErrorCode, 0);
    memcpy(id, r->TopicId, 16);
    assert_int_equal(chronik_topic_create(f->eng, "byname", 1, NULL), 0);
    memset(unknown, 0x5a, sizeof unknown);

    ck_DeleteTopicsRequest_init(&req);
    ck_DeleteTopicsRequest_DeleteTopicState_array_alloc(&f->arena, &req.Topics, 4);
    memcpy(req.Topics.a[0].TopicId, id, 16);
    req.Topics.a[1].Name = S("byname");
    memcpy(req.Topics.a[2].TopicId, unknown, 16);
    req.Topics.a[3].Name = S("ghost");
    resp = call(f, CK_API_DELETE_TOPICS, 6, &req);
    assert_int_equal(resp->Responses.n, 4);
    assert_int_equal(resp->Responses.a[0].ErrorCode, 0);
    assert_true(str_is(resp->Responses.a[0].Name, "byid"));
    assert_memory_equal(resp->Responses.a[0].TopicId, id, 16);
    assert_int_equal(resp->Responses.a[1].ErrorCode, 0);
    assert_int_equal(resp->Responses.a[2].ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_ID);
    assert_true(resp->Responses.a[2].Name.len < 0);
    assert_int_equal(resp->Responses.a[3].ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_true(resp->Responses.a[3].ErrorMessage.len > 0);
    assert_int_equal(partitions_of(f, "byid"), -1);
    assert_int_equal(partitions_of(f, "byname"), -1);
}

static void test_delete_topics_disabled(void **state)
{
    fx *f = *state;
    ck_DeleteTopicsRequest req;
    ck_DeleteTopicsResponse *resp;

    assert_int_equal(chronik_topic_create(f->eng, "keep", 1, NULL), 0);
    ck_DeleteTopicsRequest_init(&req);
    ck_DeleteTopicsRequest_DeleteTopicState_array_alloc(&f->arena, &req.Topics, 1);
    req.Topics.a[0].Name = S("keep");
    resp = call(f, CK_API_DELETE_TOPICS, 6, &req);
    assert_int_equal(resp->Responses.a[0].ErrorCode, CHRONIK_ERR_TOPIC_DELETION_DISABLED);

    ck_DeleteTopicsRequest_init(&req);
    CK_ARRAY_ALLOC(&f->arena, req.TopicNames, 1);
    req.TopicNames.a[0] = S("keep");
    resp = call(f, CK_API_DELETE_TOPICS, 0, &req);
    assert_int_equal(resp->Responses.a[0].ErrorCode, CHRONIK_ERR_INVALID_REQUEST);
    assert_int_equal(partitions_of(f, "keep"), 1);
}

/* ====================================================================== */
/* CreatePartitions                                                        */
/* ====================================================================== */

static ck_CreatePartitionsResponse_CreatePartitionsTopicResult *grow(fx *f, int16_t ver, const char *name,
                                                                     int32_t count, int32_t assign_broker,
                                                                     bool validate)
{
    ck_CreatePartitionsRequest req;
    ck_CreatePartitionsResponse *resp;
    ck_CreatePartitionsRequest_CreatePartitionsTopic *t;

    ck_CreatePartitionsRequest_init(&req);
    ck_CreatePartitionsRequest_CreatePartitionsTopic_array_alloc(&f->arena, &req.Topics, 1);
    t = &req.Topics.a[0];
    t->Name = S(name);
    t->Count = count;
    t->Assignments.n = -1;
    if (assign_broker >= 0) {
        int32_t add = count - (partitions_of(f, name) > 0 ? partitions_of(f, name) : 0);
        ck_CreatePartitionsRequest_CreatePartitionsAssignment_array_alloc(&f->arena, &t->Assignments, add);
        for (int32_t i = 0; i < add; i++) {
            CK_ARRAY_ALLOC(&f->arena, t->Assignments.a[i].BrokerIds, 1);
            t->Assignments.a[i].BrokerIds.a[0] = assign_broker;
        }
    }
    req.TimeoutMs = 1000;
    req.ValidateOnly = validate;
    resp = call(f, CK_API_CREATE_PARTITIONS, ver, &req);
    assert_int_equal(resp->Results.n, 1);
    assert_true(str_is(resp->Results.a[0].Name, name));
    return &resp->Results.a[0];
}

static void test_create_partitions(void **state)
{
    fx *f = *state;
    ck_CreatePartitionsResponse_CreatePartitionsTopicResult *r;

    for (int16_t ver = 0; ver <= 3; ver += 3) {
        const char *name = ver == 0 ? "g0" : "g3";
        assert_int_equal(chronik_topic_create(f->eng, name, 2, NULL), 0);

        r = grow(f, ver, name, 4, -1, true);
        assert_int_equal(r->ErrorCode, 0);
        assert_int_equal(partitions_of(f, name), 2);

        r = grow(f, ver, name, 4, -1, false);
        assert_int_equal(r->ErrorCode, 0);
        assert_true(r->ErrorMessage.len < 0);
        assert_int_equal(partitions_of(f, name), 4);

        r = grow(f, ver, name, 4, -1, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_PARTITIONS);
        assert_true(str_has(r->ErrorMessage, "already has 4"));

        r = grow(f, ver, name, 3, -1, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_PARTITIONS);
        assert_true(r->ErrorMessage.len > 0);

        r = grow(f, ver, name, 6, 1, false);
        assert_int_equal(r->ErrorCode, 0);
        assert_int_equal(partitions_of(f, name), 6);

        r = grow(f, ver, name, 7, 2, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_REPLICA_ASSIGNMENT);
        assert_int_equal(partitions_of(f, name), 6);

        r = grow(f, ver, "nosuch", 7, -1, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    }
}

/* ====================================================================== */
/* DescribeConfigs                                                         */
/* ====================================================================== */

static ck_DescribeConfigsResponse_DescribeConfigsResult *describe(fx *f, int16_t ver, int8_t type, const char *name,
                                                                  const char *only_key, bool syn, bool doc)
{
    ck_DescribeConfigsRequest req;
    ck_DescribeConfigsResponse *resp;
    ck_DescribeConfigsRequest_DescribeConfigsResource *res;

    ck_DescribeConfigsRequest_init(&req);
    ck_DescribeConfigsRequest_DescribeConfigsResource_array_alloc(&f->arena, &req.Resources, 1);
    res = &req.Resources.a[0];
    res->ResourceType = type;
    res->ResourceName = S(name);
    if (only_key) {
        CK_ARRAY_ALLOC(&f->arena, res->ConfigurationKeys, 1);
        res->ConfigurationKeys.a[0] = S(only_key);
    } else {
        res->ConfigurationKeys.n = -1;
    }
    req.IncludeSynonyms = syn;
    req.IncludeDocumentation = doc;
    resp = call(f, CK_API_DESCRIBE_CONFIGS, ver, &req);
    assert_int_equal(resp->Results.n, 1);
    assert_int_equal(resp->Results.a[0].ResourceType, type);
    assert_true(str_is(resp->Results.a[0].ResourceName, name));
    return &resp->Results.a[0];
}

static const ck_DescribeConfigsResponse_DescribeConfigsResourceResult *
find_cfg(const ck_DescribeConfigsResponse_DescribeConfigsResult *r, const char *name)
{
    for (int32_t i = 0; i < r->Configs.n; i++)
        if (str_is(r->Configs.a[i].Name, name))
            return &r->Configs.a[i];
    return NULL;
}

static void test_describe_configs_v0(void **state)
{
    fx *f = *state;
    static const char *const cfg[] = { "retention.ms", "1000", NULL };
    const ck_DescribeConfigsResponse_DescribeConfigsResult *r;
    const ck_DescribeConfigsResponse_DescribeConfigsResourceResult *c;

    assert_int_equal(chronik_topic_create(f->eng, "dc", 1, cfg), 0);
    r = describe(f, 0, 2, "dc", NULL, false, false);
    assert_int_equal(r->ErrorCode, 0);
    assert_int_equal(r->Configs.n, CK_TK__COUNT);
    c = find_cfg(r, "retention.ms");
    assert_non_null(c);
    assert_true(str_is(c->Value, "1000"));
    assert_false(c->IsDefault);
    assert_false(c->ReadOnly);
    c = find_cfg(r, "segment.bytes");
    assert_non_null(c);
    assert_true(c->IsDefault);
    assert_true(str_is(c->Value, "1073741824"));
    assert_non_null(find_cfg(r, "columnar.enabled"));

    r = describe(f, 0, 2, "missing", NULL, false, false);
    assert_int_equal(r->ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);

    r = describe(f, 0, 3, "dc", NULL, false, false);
    assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_REQUEST);

    r = describe(f, 0, 4, "1", NULL, false, false);
    assert_int_equal(r->ErrorCode, 0);
    assert_int_equal(r->Configs.n, CK_BK__COUNT);
    c = find_cfg(r, "num.partitions");
    assert_non_null(c);
    assert_false(c->ReadOnly);   /* dynamic */
    assert_true(c->IsDefault);
    c = find_cfg(r, "data.dir");
    assert_non_null(c);
    assert_true(c->ReadOnly);
    assert_false(c->IsDefault);   /* set at start */
}

static void test_describe_configs_v4(void **state)
{
    fx *f = *state;
    static const char *const cfg[] = { "cleanup.policy", "compact", NULL };
    const ck_DescribeConfigsResponse_DescribeConfigsResult *r;
    const ck_DescribeConfigsResponse_DescribeConfigsResourceResult *c;

    assert_int_equal(chronik_topic_create(f->eng, "dc4", 1, cfg), 0);
    r = describe(f, 4, 2, "dc4", NULL, true, true);
    assert_int_equal(r->ErrorCode, 0);
    assert_int_equal(r->Configs.n, CK_TK__COUNT);

    c = find_cfg(r, "cleanup.policy");
    assert_non_null(c);
    assert_true(str_is(c->Value, "compact"));
    assert_int_equal(c->ConfigSource, 1);
    assert_int_equal(c->ConfigType, 7);
    assert_true(c->Documentation.len > 0);
    assert_int_equal(c->Synonyms.n, 2);
    assert_true(str_is(c->Synonyms.a[0].Name, "cleanup.policy"));
    assert_int_equal(c->Synonyms.a[0].Source, 1);
    assert_true(str_is(c->Synonyms.a[1].Name, "log.cleanup.policy"));
    assert_true(str_is(c->Synonyms.a[1].Value, "delete"));
    assert_int_equal(c->Synonyms.a[1].Source, 5);

    c = find_cfg(r, "retention.ms");
    assert_non_null(c);
    assert_int_equal(c->ConfigSource, 5);
    assert_int_equal(c->ConfigType, 5);
    c = find_cfg(r, "segment.bytes");
    assert_int_equal(c->ConfigType, 3);
    c = find_cfg(r, "columnar.enabled");
    assert_non_null(c);
    assert_int_equal(c->ConfigType, 1);
    assert_true(str_is(c->Value, "false"));
    c = find_cfg(r, "compression.type");
    assert_int_equal(c->ConfigType, 2);

    /* Key filter. */
    r = describe(f, 4, 2, "dc4", "retention.ms", false, false);
    assert_int_equal(r->Configs.n, 1);
    assert_int_equal(r->Configs.a[0].Synonyms.n, 0);
    assert_true(r->Configs.a[0].Documentation.len < 0);

    /* A double, a replica throttle list, a key without broker synonym. */
    r = describe(f, 4, 2, "dc4", NULL, true, true);
    c = find_cfg(r, "min.cleanable.dirty.ratio");
    assert_non_null(c);
    assert_int_equal(c->ConfigType, 6);
    assert_true(str_is(c->Value, "0.5"));
    assert_int_equal(c->ConfigSource, 5);
    c = find_cfg(r, "leader.replication.throttled.replicas");
    assert_non_null(c);
    assert_int_equal(c->ConfigType, 7);
    assert_true(str_is(c->Value, ""));
    assert_int_equal(c->ConfigSource, 5);
    assert_int_equal(c->Synonyms.n, 0);   /* as Kafka: no broker synonym, no override */
    c = find_cfg(r, "message.timestamp.after.max.ms");
    assert_non_null(c);
    assert_true(str_is(c->Value, "3600000"));
    assert_int_equal(c->Synonyms.n, 1);
    assert_true(str_is(c->Synonyms.a[0].Name, "log.message.timestamp.after.max.ms"));

    /* The cluster default holds only dynamically set keys: none yet. */
    r = describe(f, 4, 4, "", NULL, true, true);
    assert_int_equal(r->ErrorCode, 0);
    assert_int_equal(r->Configs.n, 0);

    /* The broker by id: every key. */
    r = describe(f, 4, 4, "1", NULL, true, true);
    assert_int_equal(r->ErrorCode, 0);
    assert_int_equal(r->Configs.n, CK_BK__COUNT);
    c = find_cfg(r, "data.dir");
    assert_non_null(c);
    assert_int_equal(c->ConfigSource, 4);
    assert_true(str_is(c->Value, f->dir));
    assert_true(c->ReadOnly);
    assert_int_equal(c->Synonyms.n, 2);   /* static, then the table default */
    assert_int_equal(c->Synonyms.a[0].Source, 4);
    assert_int_equal(c->Synonyms.a[1].Source, 5);
    c = find_cfg(r, "admin.api.key");
    assert_non_null(c);
    assert_true(c->IsSensitive);
    assert_true(c->Value.len < 0);
    assert_int_equal(c->ConfigType, 9);
    assert_true(c->ReadOnly);
    assert_int_equal(c->Synonyms.n, 1);
    assert_true(c->Synonyms.a[0].Value.len < 0);   /* sensitive in synonyms too */
    c = find_cfg(r, "log.retention.ms");
    assert_int_equal(c->ConfigSource, 5);
    assert_int_equal(c->ConfigType, 5);
    assert_false(c->ReadOnly);
    c = find_cfg(r, "log.cleaner.min.cleanable.ratio");
    assert_non_null(c);
    assert_int_equal(c->ConfigType, 6);

    r = describe(f, 4, 4, "7", NULL, false, false);
    assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_REQUEST);
    r = describe(f, 4, 2, "missing", NULL, false, false);
    assert_int_equal(r->ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_true(r->ErrorMessage.len > 0);
    r = describe(f, 4, 8, "1", NULL, false, false);
    assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_REQUEST);
}

/* ====================================================================== */
/* AlterConfigs                                                            */
/* ====================================================================== */

static ck_AlterConfigsResponse_AlterConfigsResourceResponse *alter(fx *f, int16_t ver, int8_t type, const char *name,
                                                                   const char *const *kv, bool validate)
{
    ck_AlterConfigsRequest req;
    ck_AlterConfigsResponse *resp;
    ck_AlterConfigsRequest_AlterConfigsResource *res;
    int32_t n = 0;

    while (kv && kv[2 * n])
        n++;
    ck_AlterConfigsRequest_init(&req);
    ck_AlterConfigsRequest_AlterConfigsResource_array_alloc(&f->arena, &req.Resources, 1);
    res = &req.Resources.a[0];
    res->ResourceType = type;
    res->ResourceName = S(name);
    ck_AlterConfigsRequest_AlterableConfig_array_alloc(&f->arena, &res->Configs, n);
    for (int32_t i = 0; i < n; i++) {
        res->Configs.a[i].Name = S(kv[2 * i]);
        res->Configs.a[i].Value = S(kv[2 * i + 1]);
    }
    req.ValidateOnly = validate;
    resp = call(f, CK_API_ALTER_CONFIGS, ver, &req);
    assert_int_equal(resp->Responses.n, 1);
    assert_int_equal(resp->Responses.a[0].ResourceType, type);
    assert_true(str_is(resp->Responses.a[0].ResourceName, name));
    return &resp->Responses.a[0];
}

static void test_alter_configs(void **state)
{
    fx *f = *state;
    static const char *const first[] = { "retention.ms", "5000", "segment.ms", "60000", NULL };
    static const char *const second[] = { "retention.ms", "7000", NULL };
    static const char *const bad[] = { "retention.ms", "-5", NULL };
    static const char *const unknown[] = { "no.such.config", "1", NULL };
    char buf[64];
    char ac[16];

    for (int16_t ver = 0; ver <= 2; ver += 2) {
        ck_AlterConfigsResponse_AlterConfigsResourceResponse *r;

        snprintf(ac, sizeof ac, "ac%d", (int)ver);
        assert_int_equal(chronik_topic_create(f->eng, ac, 1, NULL), 0);

        r = alter(f, ver, 2, ac, first, true);
        assert_int_equal(r->ErrorCode, 0);
        assert_int_equal(chronik_topic_config_get(f->eng, ac, "retention.ms", buf, sizeof buf), 0);
        assert_string_equal(buf, "604800000");

        r = alter(f, ver, 2, ac, first, false);
        assert_int_equal(r->ErrorCode, 0);
        assert_true(r->ErrorMessage.len < 0);
        assert_int_equal(chronik_topic_config_get(f->eng, ac, "segment.ms", buf, sizeof buf), 0);
        assert_string_equal(buf, "60000");

        /* Replaces all overrides: segment.ms returns to its default. */
        r = alter(f, ver, 2, ac, second, false);
        assert_int_equal(r->ErrorCode, 0);
        assert_int_equal(chronik_topic_config_get(f->eng, ac, "retention.ms", buf, sizeof buf), 0);
        assert_string_equal(buf, "7000");
        assert_int_equal(chronik_topic_config_get(f->eng, ac, "segment.ms", buf, sizeof buf), 0);
        assert_string_equal(buf, "604800000");

        r = alter(f, ver, 2, ac, bad, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_CONFIG);
        assert_true(str_has(r->ErrorMessage, "retention.ms"));
        r = alter(f, ver, 2, ac, unknown, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_CONFIG);

        r = alter(f, ver, 2, "nope", second, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
        /* Broker resources take broker keys: a topic key is unknown there. */
        r = alter(f, ver, 4, "1", second, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_CONFIG);
        assert_true(str_has(r->ErrorMessage, "retention.ms"));
        r = alter(f, ver, 4, "7", second, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_REQUEST);
        r = alter(f, ver, 99, "x", second, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_REQUEST);
    }
}

/* ====================================================================== */
/* IncrementalAlterConfigs                                                 */
/* ====================================================================== */

typedef struct iop {
    const char *name;
    int8_t      op;
    const char *value;
} iop;

static ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse *
ialter(fx *f, int16_t ver, int8_t type, const char *name, const iop *ops, int32_t nops, bool validate)
{
    ck_IncrementalAlterConfigsRequest req;
    ck_IncrementalAlterConfigsResponse *resp;
    ck_IncrementalAlterConfigsRequest_AlterConfigsResource *res;

    ck_IncrementalAlterConfigsRequest_init(&req);
    ck_IncrementalAlterConfigsRequest_AlterConfigsResource_array_alloc(&f->arena, &req.Resources, 1);
    res = &req.Resources.a[0];
    res->ResourceType = type;
    res->ResourceName = S(name);
    ck_IncrementalAlterConfigsRequest_AlterableConfig_array_alloc(&f->arena, &res->Configs, nops);
    for (int32_t i = 0; i < nops; i++) {
        res->Configs.a[i].Name = S(ops[i].name);
        res->Configs.a[i].ConfigOperation = ops[i].op;
        res->Configs.a[i].Value = S(ops[i].value);
    }
    req.ValidateOnly = validate;
    resp = call(f, CK_API_INCREMENTAL_ALTER_CONFIGS, ver, &req);
    assert_int_equal(resp->Responses.n, 1);
    return &resp->Responses.a[0];
}

static void test_incremental_alter_configs(void **state)
{
    fx *f = *state;
    char buf[64];
    char topic[16];

    for (int16_t ver = 0; ver <= 1; ver++) {
        ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse *r;
        iop set[] = { { "retention.ms", 0, "9000" }, { "columnar.enabled", 0, "true" } };
        iop del[] = { { "retention.ms", 1, NULL } };
        iop app[] = { { "cleanup.policy", 2, "compact" } };
        iop sub[] = { { "cleanup.policy", 3, "delete" } };
        iop badapp[] = { { "retention.ms", 2, "1" } };
        iop badop[] = { { "retention.ms", 9, "1" } };
        iop dupk[] = { { "retention.ms", 0, "1" }, { "retention.ms", 0, "2" } };
        iop badval[] = { { "segment.bytes", 0, "tiny" } };

        snprintf(topic, sizeof topic, "ia%d", (int)ver);
        assert_int_equal(chronik_topic_create(f->eng, topic, 1, NULL), 0);

        r = ialter(f, ver, 2, topic, set, 2, true);
        assert_int_equal(r->ErrorCode, 0);
        assert_int_equal(chronik_topic_config_get(f->eng, topic, "retention.ms", buf, sizeof buf), 0);
        assert_string_equal(buf, "604800000");

        r = ialter(f, ver, 2, topic, set, 2, false);
        assert_int_equal(r->ErrorCode, 0);
        assert_int_equal(chronik_topic_config_get(f->eng, topic, "retention.ms", buf, sizeof buf), 0);
        assert_string_equal(buf, "9000");

        r = ialter(f, ver, 2, topic, app, 1, false);
        assert_int_equal(r->ErrorCode, 0);
        assert_int_equal(chronik_topic_config_get(f->eng, topic, "cleanup.policy", buf, sizeof buf), 0);
        assert_non_null(strstr(buf, "delete"));
        assert_non_null(strstr(buf, "compact"));
        /* Other overrides are kept by an incremental change. */
        assert_int_equal(chronik_topic_config_get(f->eng, topic, "columnar.enabled", buf, sizeof buf), 0);
        assert_string_equal(buf, "true");

        r = ialter(f, ver, 2, topic, sub, 1, false);
        assert_int_equal(r->ErrorCode, 0);
        assert_int_equal(chronik_topic_config_get(f->eng, topic, "cleanup.policy", buf, sizeof buf), 0);
        assert_string_equal(buf, "compact");

        r = ialter(f, ver, 2, topic, del, 1, false);
        assert_int_equal(r->ErrorCode, 0);
        assert_int_equal(chronik_topic_config_get(f->eng, topic, "retention.ms", buf, sizeof buf), 0);
        assert_string_equal(buf, "604800000");

        r = ialter(f, ver, 2, topic, badapp, 1, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_CONFIG);
        assert_true(r->ErrorMessage.len > 0);
        r = ialter(f, ver, 2, topic, badop, 1, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_REQUEST);
        r = ialter(f, ver, 2, topic, dupk, 2, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_REQUEST);
        r = ialter(f, ver, 2, topic, badval, 1, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_CONFIG);
        assert_true(str_has(r->ErrorMessage, "segment.bytes"));

        r = ialter(f, ver, 2, "nope", set, 1, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
        r = ialter(f, ver, 4, "", set, 1, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_CONFIG);   /* retention.ms: not a broker key */
        assert_true(str_has(r->ErrorMessage, "retention.ms"));
        r = ialter(f, ver, 1, "x", set, 1, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_REQUEST);
    }
}

/* ====================================================================== */
/* Every Kafka topic config through CreateTopics; dynamic broker configs  */
/* ====================================================================== */

static void test_create_topics_kafka_configs(void **state)
{
    fx *f = *state;
    static const char *const cfg[] = {
        "delete.retention.ms", "1000", "file.delete.delay.ms", "5", "flush.messages", "10", "flush.ms", "100",
        "follower.replication.throttled.replicas", "0:1", "leader.replication.throttled.replicas", "*",
        "local.retention.bytes", "-2", "local.retention.ms", "-2", "max.compaction.lag.ms", "60000",
        "message.downconversion.enable", "false", "message.timestamp.after.max.ms", "1000",
        "message.timestamp.before.max.ms", "2000", "message.timestamp.difference.max.ms", "3000",
        "min.cleanable.dirty.ratio", "0.25", "min.compaction.lag.ms", "7", "min.insync.replicas", "1",
        "preallocate", "true", "remote.storage.enable", "false", "segment.index.bytes", "4096",
        "segment.jitter.ms", "10", "unclean.leader.election.enable", "true", "compression.gzip.level", "5",
        NULL };
    ck_CreateTopicsResponse_CreatableTopicResult *r;
    const ck_DescribeConfigsResponse_DescribeConfigsResult *d;
    const ck_DescribeConfigsResponse_DescribeConfigsResourceResult *c;
    int found = 0;

    r = create1(f, 7, "kc", 1, -1, cfg, false);
    assert_int_equal(r->ErrorCode, 0);
    for (int32_t i = 0; i < r->Configs.n; i++)
        for (int j = 0; cfg[j]; j += 2)
            if (str_is(r->Configs.a[i].Name, cfg[j])) {
                assert_true(str_is(r->Configs.a[i].Value, cfg[j + 1]));
                assert_int_equal(r->Configs.a[i].ConfigSource, 1);
                found++;
            }
    assert_int_equal(found, 22);
    d = describe(f, 4, 2, "kc", "delete.retention.ms", true, true);
    assert_int_equal(d->Configs.n, 1);
    c = &d->Configs.a[0];
    assert_true(str_is(c->Value, "1000"));
    assert_int_equal(c->ConfigSource, 1);
    assert_int_equal(c->Synonyms.n, 2);
    assert_true(str_is(c->Synonyms.a[1].Name, "log.cleaner.delete.retention.ms"));
    assert_true(str_is(c->Synonyms.a[1].Value, "86400000"));
    assert_int_equal(c->Synonyms.a[1].Source, 5);

    /* Kafka's ranges, naming the key. */
    {
        static const char *const bad1[] = { "delete.retention.ms", "-1", NULL };
        static const char *const bad2[] = { "min.cleanable.dirty.ratio", "2", NULL };
        static const char *const bad3[] = { "follower.replication.throttled.replicas", "x", NULL };
        static const char *const bad4[] = { "compression.type", "none", NULL };
        r = create1(f, 7, "kc2", 1, -1, bad1, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_CONFIG);
        assert_true(str_has(r->ErrorMessage, "delete.retention.ms"));
        r = create1(f, 7, "kc2", 1, -1, bad2, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_CONFIG);
        assert_true(str_has(r->ErrorMessage, "min.cleanable.dirty.ratio"));
        r = create1(f, 7, "kc2", 1, -1, bad3, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_CONFIG);
        assert_true(str_has(r->ErrorMessage, "follower.replication.throttled.replicas"));
        r = create1(f, 7, "kc2", 1, -1, bad4, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_CONFIG);
        assert_true(str_has(r->ErrorMessage, "compression.type"));
    }
    /* Checks across keys, at creation and on alter. */
    {
        static const char *const lag[] = { "min.compaction.lag.ms", "5000", "max.compaction.lag.ms", "1000", NULL };
        iop lag_up[] = { { "min.compaction.lag.ms", 0, "9223372036854775807" } };
        ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse *ir;
        r = create1(f, 7, "kc2", 1, -1, lag, false);
        assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_CONFIG);
        assert_true(str_has(r->ErrorMessage, "max.compaction.lag.ms"));
        ir = ialter(f, 1, 2, "kc", lag_up, 1, false);   /* above kc's max.compaction.lag.ms=60000 */
        assert_int_equal(ir->ErrorCode, CHRONIK_ERR_INVALID_CONFIG);
        assert_true(str_has(ir->ErrorMessage, "min.compaction.lag.ms"));
    }
}

/* Closes the listener and engine and opens them again on the same data
 * directory (a restart). */
static void fx_restart(fx *f)
{
    chronik_conf_t *conf = chronik_conf_new();
    ck_kafka_opts o;
    char err[256];

    close(f->fd);
    ck_kafka_stop(f->k);
    chronik_close(f->eng);
    assert_int_equal(chronik_conf_set(conf, "data.dir", f->dir, err, sizeof err), 0);
    assert_int_equal(chronik_conf_set(conf, "flush.policy", "os", err, sizeof err), 0);
    assert_int_equal(chronik_open(conf, &f->eng, err, sizeof err), 0);
    chronik_conf_free(conf);
    ck_kafka_opts_init(f->eng, &o);
    o.io_threads = 1;
    o.advertised = "127.0.0.1";
    o.handlers = admin_table;
    o.nhandlers = CK_ARRAY_LEN(admin_table);
    assert_int_equal(ck_kafka_start_opts(f->eng, "127.0.0.1:0", &o, &f->port, &f->k, err, sizeof err), 0);
    f->fd = connect_port(f->port);
}

static void test_broker_dynamic_configs(void **state)
{
    fx *f = *state;
    static const char *const over[] = { "retention.ms", "5000", NULL };
    const ck_DescribeConfigsResponse_DescribeConfigsResult *d;
    const ck_DescribeConfigsResponse_DescribeConfigsResourceResult *c;
    ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse *r;
    ck_AlterConfigsResponse_AlterConfigsResourceResponse *ar;
    char buf[64];
    iop setdef[] = { { "log.retention.ms", 0, "12345" }, { "message.max.bytes", 0, "2000000" } };
    iop setnode[] = { { "log.retention.ms", 0, "777" } };
    iop ro[] = { { "data.dir", 0, "/elsewhere" } };
    iop badv[] = { { "log.retention.ms", 0, "-9" } };
    iop app[] = { { "log.cleanup.policy", 2, "compact" } };
    iop badapp[] = { { "log.retention.ms", 2, "1" } };
    iop del[] = { { "log.retention.ms", 1, NULL } };
    static const char *const legacy[] = { "num.partitions", "3", NULL };

    assert_int_equal(chronik_topic_create(f->eng, "bt", 1, NULL), 0);
    assert_int_equal(chronik_topic_create(f->eng, "bo", 1, over), 0);

    /* validate_only changes nothing. */
    r = ialter(f, 1, 4, "", setdef, 2, true);
    assert_int_equal(r->ErrorCode, 0);
    d = describe(f, 4, 4, "", NULL, false, false);
    assert_int_equal(d->Configs.n, 0);

    /* The cluster default. */
    r = ialter(f, 1, 4, "", setdef, 2, false);
    assert_int_equal(r->ErrorCode, 0);
    d = describe(f, 4, 4, "", NULL, true, false);
    assert_int_equal(d->Configs.n, 2);
    c = find_cfg(d, "log.retention.ms");
    assert_true(str_is(c->Value, "12345"));
    assert_int_equal(c->ConfigSource, 3);
    assert_false(c->ReadOnly);
    assert_int_equal(c->Synonyms.n, 1);
    assert_int_equal(c->Synonyms.a[0].Source, 3);

    /* A topic without override follows it; one with keeps its own. */
    d = describe(f, 4, 2, "bt", "retention.ms", true, false);
    c = &d->Configs.a[0];
    assert_true(str_is(c->Value, "12345"));
    assert_int_equal(c->ConfigSource, 3);
    assert_int_equal(c->Synonyms.n, 2);
    assert_true(str_is(c->Synonyms.a[0].Name, "log.retention.ms"));
    assert_int_equal(c->Synonyms.a[0].Source, 3);
    assert_true(str_is(c->Synonyms.a[1].Value, "604800000"));
    assert_int_equal(c->Synonyms.a[1].Source, 5);
    assert_int_equal(chronik_topic_config_get(f->eng, "bt", "max.message.bytes", buf, sizeof buf), 0);
    assert_string_equal(buf, "2000000");
    d = describe(f, 4, 2, "bo", "retention.ms", true, false);
    c = &d->Configs.a[0];
    assert_true(str_is(c->Value, "5000"));
    assert_int_equal(c->ConfigSource, 1);
    assert_int_equal(c->Synonyms.n, 3);

    /* This node's own value wins. */
    r = ialter(f, 0, 4, "1", setnode, 1, false);
    assert_int_equal(r->ErrorCode, 0);
    d = describe(f, 4, 4, "1", "log.retention.ms", true, false);
    c = &d->Configs.a[0];
    assert_true(str_is(c->Value, "777"));
    assert_int_equal(c->ConfigSource, 2);
    assert_int_equal(c->Synonyms.n, 3);
    assert_true(str_is(c->Synonyms.a[1].Value, "12345"));
    d = describe(f, 4, 2, "bt", "retention.ms", false, false);
    assert_true(str_is(d->Configs.a[0].Value, "777"));

    /* Refusals, as Kafka answers them. */
    r = ialter(f, 1, 4, "", ro, 1, false);
    assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_REQUEST);
    assert_true(str_has(r->ErrorMessage, "data.dir"));
    r = ialter(f, 1, 4, "", badv, 1, false);
    assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_REQUEST);
    assert_true(str_has(r->ErrorMessage, "log.retention.ms"));
    r = ialter(f, 1, 4, "", badapp, 1, false);
    assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_CONFIG);
    r = ialter(f, 1, 4, "2", setnode, 1, false);
    assert_int_equal(r->ErrorCode, CHRONIK_ERR_INVALID_REQUEST);
    d = describe(f, 4, 4, "", "log.retention.ms", false, false);
    assert_true(str_is(d->Configs.a[0].Value, "12345"));

    /* APPEND to a list starts from the default. */
    r = ialter(f, 1, 4, "", app, 1, false);
    assert_int_equal(r->ErrorCode, 0);
    assert_int_equal(chronik_topic_config_get(f->eng, "bt", "cleanup.policy", buf, sizeof buf), 0);
    assert_string_equal(buf, "delete,compact");

    /* Survives a restart. */
    fx_restart(f);
    d = describe(f, 4, 4, "1", "log.retention.ms", true, false);
    assert_true(str_is(d->Configs.a[0].Value, "777"));
    assert_int_equal(d->Configs.a[0].ConfigSource, 2);
    d = describe(f, 4, 2, "bt", "cleanup.policy", false, false);
    assert_true(str_is(d->Configs.a[0].Value, "delete,compact"));
    assert_int_equal(d->Configs.a[0].ConfigSource, 3);

    /* DELETE, then the legacy AlterConfigs replacing the whole level. */
    r = ialter(f, 1, 4, "1", del, 1, false);
    assert_int_equal(r->ErrorCode, 0);
    d = describe(f, 4, 2, "bt", "retention.ms", false, false);
    assert_true(str_is(d->Configs.a[0].Value, "12345"));
    ar = alter(f, 2, 4, "", legacy, false);
    assert_int_equal(ar->ErrorCode, 0);
    d = describe(f, 4, 4, "", NULL, false, false);
    assert_int_equal(d->Configs.n, 1);
    assert_true(str_is(d->Configs.a[0].Name, "num.partitions"));
    d = describe(f, 4, 2, "bt", "retention.ms", false, false);
    assert_true(str_is(d->Configs.a[0].Value, "604800000"));
    assert_int_equal(d->Configs.a[0].ConfigSource, 5);
    {
        ck_CreateTopicsResponse_CreatableTopicResult *cr = create1(f, 7, "np", -1, -1, NULL, false);
        assert_int_equal(cr->ErrorCode, 0);
        assert_int_equal(partitions_of(f, "np"), 3);
    }
}

/* Stored configs a later table refuses (compression.type=none, accepted
 * before Kafka's list was followed; a broker key no longer dynamic) are
 * dropped one by one at open: the others are kept. */
static void test_stored_configs_partly_refused(void **state)
{
    fx *f = *state;
    static const char *const cfg[] = { "retention.ms", "1234", NULL };
    static const char stored_dyn[] = "data.dir\0/elsewhere\0log.retention.ms\0999\0";
    char *kv[] = { "retention.ms", "1234", "compression.type", "none", NULL };
    const ck_DescribeConfigsResponse_DescribeConfigsResult *d;
    ck_meta_topic mt;
    char buf[64];

    assert_int_equal(chronik_topic_create(f->eng, "old", 1, cfg), 0);
    assert_int_equal(ck_meta_topic_get(ck_engine_meta(f->eng), "old", &mt), 0);
    {
        char **keep = mt.configs;
        mt.configs = kv;
        assert_int_equal(ck_meta_topic_put(ck_engine_meta(f->eng), &mt), 0);
        mt.configs = keep;
    }
    ck_meta_topic_clear(&mt);
    assert_int_equal(ck_meta_put(ck_engine_meta(f->eng), CK_META_KV, "broker.config.dynamic.default",
                                 strlen("broker.config.dynamic.default"), stored_dyn, sizeof stored_dyn - 1), 0);
    fx_restart(f);
    assert_int_equal(chronik_topic_config_get(f->eng, "old", "retention.ms", buf, sizeof buf), 0);
    assert_string_equal(buf, "1234");
    assert_int_equal(chronik_topic_config_get(f->eng, "old", "compression.type", buf, sizeof buf), 0);
    assert_string_equal(buf, "producer");
    d = describe(f, 4, 4, "", NULL, false, false);
    assert_int_equal(d->Configs.n, 1);
    assert_true(str_is(d->Configs.a[0].Name, "log.retention.ms"));
    assert_true(str_is(d->Configs.a[0].Value, "999"));
    d = describe(f, 4, 4, "1", "data.dir", false, false);
    assert_true(str_is(d->Configs.a[0].Value, f->dir));
}

/* compression.<codec>.level is used when compression.type recompresses:
 * the same compressible batch stored at gzip level 1 and level 9 differs
 * in size (and zstd 1 versus 19 likewise). */
static int64_t stored_size_with(fx *f, const char *topic, const char *codec, const char *level_key,
                                const char *level)
{
    const char *cfg[] = { "compression.type", codec, level_key, level, NULL };
    chronik_record_t recs[64];
    static char vals[64][1024];
    uint32_t x = 12345;   /* a fixed pseudo-random text: compressible, not trivially */
    ck_topic *t;
    int64_t size;

    for (int i = 0; i < 64; i++) {
        size_t o = 0;
        while (o + 16 < sizeof vals[i]) {
            x = x * 1103515245u + 12345u;
            o += (size_t)snprintf(vals[i] + o, sizeof vals[i] - o, "w%u ", (x >> 16) % 97);
        }
        memset(&recs[i], 0, sizeof recs[i]);
        recs[i].value = vals[i];
        recs[i].value_len = o;
        recs[i].timestamp = -1;
    }
    assert_int_equal(chronik_topic_create(f->eng, topic, 1, cfg), 0);
    assert_int_equal(chronik_produce(f->eng, topic, 0, recs, 64, NULL), 0);
    t = ck_engine_topic_get(f->eng, topic, strlen(topic));
    assert_non_null(t);
    size = ck_partition_size_bytes(ck_topic_partition(t, 0));
    ck_topic_release(t);
    return size;
}

static void test_compression_level_applied(void **state)
{
    fx *f = *state;
    int64_t gz1 = stored_size_with(f, "gz1", "gzip", "compression.gzip.level", "1");
    int64_t gz9 = stored_size_with(f, "gz9", "gzip", "compression.gzip.level", "9");
    int64_t zs1 = stored_size_with(f, "zs1", "zstd", "compression.zstd.level", "1");
    int64_t zs19 = stored_size_with(f, "zs19", "zstd", "compression.zstd.level", "19");

    assert_true(gz1 > 0 && zs1 > 0);
    assert_true(gz9 < gz1);
    assert_true(zs19 < zs1);
    assert_true(gz1 < 64 * 1024);   /* compressed at all */
}

/* ====================================================================== */
/* DeleteRecords                                                           */
/* ====================================================================== */

static void produce_n(fx *f, const char *topic, int n)
{
    for (int i = 0; i < n; i++) {
        chronik_record_t rec;
        char v[32];
        memset(&rec, 0, sizeof rec);
        snprintf(v, sizeof v, "value-%d", i);
        rec.value = v;
        rec.value_len = strlen(v);
        rec.timestamp = -1;
        assert_int_equal(chronik_produce(f->eng, topic, 0, &rec, 1, NULL), 0);
    }
}

static void test_delete_records(void **state)
{
    fx *f = *state;

    assert_int_equal(chronik_topic_create(f->eng, "dr", 1, NULL), 0);
    produce_n(f, "dr", 10);
    for (int16_t ver = 0; ver <= 2; ver += 2) {
        ck_DeleteRecordsRequest req;
        ck_DeleteRecordsResponse *resp;
        ck_DeleteRecordsRequest_DeleteRecordsTopic *t;
        const ck_DeleteRecordsResponse_DeleteRecordsTopicResult *rt;

        ck_DeleteRecordsRequest_init(&req);
        ck_DeleteRecordsRequest_DeleteRecordsTopic_array_alloc(&f->arena, &req.Topics, 2);
        t = &req.Topics.a[0];
        t->Name = S("dr");
        ck_DeleteRecordsRequest_DeleteRecordsPartition_array_alloc(&f->arena, &t->Partitions, 3);
        t->Partitions.a[0].PartitionIndex = 0;
        t->Partitions.a[0].Offset = ver == 0 ? 4 : -1;
        t->Partitions.a[1].PartitionIndex = 5;
        t->Partitions.a[1].Offset = 1;
        t->Partitions.a[2].PartitionIndex = 0;
        t->Partitions.a[2].Offset = 11;
        req.Topics.a[1].Name = S("nosuch");
        ck_DeleteRecordsRequest_DeleteRecordsPartition_array_alloc(&f->arena, &req.Topics.a[1].Partitions, 1);
        req.TimeoutMs = 1000;
        resp = call(f, CK_API_DELETE_RECORDS, ver, &req);
        assert_int_equal(resp->Topics.n, 2);
        rt = &resp->Topics.a[0];
        assert_true(str_is(rt->Name, "dr"));
        assert_int_equal(rt->Partitions.n, 3);
        assert_int_equal(rt->Partitions.a[0].ErrorCode, 0);
        assert_int_equal(rt->Partitions.a[0].LowWatermark, ver == 0 ? 4 : 10);
        assert_int_equal(rt->Partitions.a[1].ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
        assert_int_equal(rt->Partitions.a[1].PartitionIndex, 5);
        assert_int_equal(rt->Partitions.a[2].ErrorCode, CHRONIK_ERR_OFFSET_OUT_OF_RANGE);
        assert_int_equal(resp->Topics.a[1].Partitions.a[0].ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    }
}

/* ====================================================================== */
/* DescribeCluster                                                         */
/* ====================================================================== */

static void test_describe_cluster(void **state)
{
    fx *f = *state;
    ck_DescribeClusterRequest req;
    ck_DescribeClusterResponse *resp;

    ck_DescribeClusterRequest_init(&req);
    resp = call(f, CK_API_DESCRIBE_CLUSTER, 0, &req);
    assert_int_equal(resp->ErrorCode, 0);
    assert_true(str_is(resp->ClusterId, ck_engine_cluster_id(f->eng)));
    assert_int_equal(resp->ControllerId, ck_engine_node_id(f->eng));
    assert_int_equal(resp->Brokers.n, 1);
    assert_int_equal(resp->Brokers.a[0].BrokerId, ck_engine_node_id(f->eng));
    assert_true(str_is(resp->Brokers.a[0].Host, "127.0.0.1"));
    assert_int_equal(resp->Brokers.a[0].Port, f->port);
    assert_true(resp->Brokers.a[0].Rack.len < 0);
    assert_int_equal(resp->ClusterAuthorizedOperations, INT32_MIN);

    req.IncludeClusterAuthorizedOperations = true;
    req.EndpointType = 1;
    resp = call(f, CK_API_DESCRIBE_CLUSTER, 1, &req);
    assert_int_equal(resp->ErrorCode, 0);
    assert_int_equal(resp->EndpointType, 1);
    assert_int_equal(resp->Brokers.n, 1);
    assert_true(resp->ClusterAuthorizedOperations > 0);

    req.EndpointType = 2;
    resp = call(f, CK_API_DESCRIBE_CLUSTER, 1, &req);
    assert_int_equal(resp->ErrorCode, CHRONIK_ERR_MISMATCHED_ENDPOINT_TYPE);
    req.EndpointType = 7;
    resp = call(f, CK_API_DESCRIBE_CLUSTER, 1, &req);
    assert_int_equal(resp->ErrorCode, CHRONIK_ERR_UNSUPPORTED_ENDPOINT_TYPE);
}

/* ====================================================================== */
/* DescribeLogDirs                                                         */
/* ====================================================================== */

static void test_describe_log_dirs(void **state)
{
    fx *f = *state;
    char logs[128];

    snprintf(logs, sizeof logs, "%s/logs", f->dir);
    assert_int_equal(chronik_topic_create(f->eng, "ld", 2, NULL), 0);
    assert_int_equal(chronik_topic_create(f->eng, "ld2", 1, NULL), 0);
    produce_n(f, "ld", 5);
    for (int16_t ver = 0; ver <= 4; ver += 4) {
        ck_DescribeLogDirsRequest req;
        ck_DescribeLogDirsResponse *resp;
        const ck_DescribeLogDirsResponse_DescribeLogDirsResult *d;

        /* All topics. */
        ck_DescribeLogDirsRequest_init(&req);
        req.Topics.n = -1;
        resp = call(f, CK_API_DESCRIBE_LOG_DIRS, ver, &req);
        assert_int_equal(resp->Results.n, 1);
        d = &resp->Results.a[0];
        assert_int_equal(d->ErrorCode, 0);
        assert_true(str_is(d->LogDir, logs));
        assert_int_equal(d->Topics.n, 2);
        for (int32_t i = 0; i < d->Topics.n; i++) {
            const ck_DescribeLogDirsResponse_DescribeLogDirsTopic *t = &d->Topics.a[i];
            if (str_is(t->Name, "ld")) {
                assert_int_equal(t->Partitions.n, 2);
                for (int32_t j = 0; j < 2; j++) {
                    const ck_DescribeLogDirsResponse_DescribeLogDirsPartition *p = &t->Partitions.a[j];
                    assert_int_equal(p->OffsetLag, 0);
                    assert_false(p->IsFutureKey);
                    assert_true(p->PartitionIndex == 0 || p->PartitionIndex == 1);
                    assert_true(p->PartitionIndex == 0 ? p->PartitionSize > 0 : p->PartitionSize >= 0);
                }
            } else {
                assert_true(str_is(t->Name, "ld2"));
                assert_int_equal(t->Partitions.n, 1);
            }
        }
        if (ver >= 4) {
            assert_true(d->TotalBytes > 0);
            assert_true(d->UsableBytes >= 0 && d->UsableBytes <= d->TotalBytes);
        }

        /* One partition of one topic; unknown ones are left out. */
        ck_DescribeLogDirsRequest_DescribableLogDirTopic_array_alloc(&f->arena, &req.Topics, 2);
        req.Topics.a[0].Topic = S("ld");
        CK_ARRAY_ALLOC(&f->arena, req.Topics.a[0].Partitions, 2);
        req.Topics.a[0].Partitions.a[0] = 0;
        req.Topics.a[0].Partitions.a[1] = 9;
        req.Topics.a[1].Topic = S("ghost");
        CK_ARRAY_ALLOC(&f->arena, req.Topics.a[1].Partitions, 1);
        resp = call(f, CK_API_DESCRIBE_LOG_DIRS, ver, &req);
        d = &resp->Results.a[0];
        assert_int_equal(d->Topics.n, 1);
        assert_true(str_is(d->Topics.a[0].Name, "ld"));
        assert_int_equal(d->Topics.a[0].Partitions.n, 1);
        assert_int_equal(d->Topics.a[0].Partitions.a[0].PartitionIndex, 0);
        assert_true(d->Topics.a[0].Partitions.a[0].PartitionSize > 0);
    }
}

/* ====================================================================== */
/* Duplicates and large requests                                           */
/* ====================================================================== */

static void test_duplicates_large(void **state)
{
    fx *f = *state;
    const int32_t many = 200000;

    assert_int_equal(chronik_topic_create(f->eng, "big", 1, NULL), 0);

    /* A name repeated 200,000 times is answered once (and quickly). */
    {
        ck_DeleteTopicsRequest req;
        ck_DeleteTopicsResponse *resp;
        ck_DeleteTopicsRequest_init(&req);
        CK_ARRAY_ALLOC(&f->arena, req.TopicNames, many);
        for (int32_t i = 0; i < many; i++)
            req.TopicNames.a[i] = S(i % 2 ? "ghost" : "big");
        resp = call(f, CK_API_DELETE_TOPICS, 5, &req);
        assert_int_equal(resp->Responses.n, 2);
        assert_int_equal(resp->Responses.a[0].ErrorCode, 0);
        assert_int_equal(resp->Responses.a[1].ErrorCode, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    }

    /* 200,000 manual assignments to this node. */
    {
        ck_CreateTopicsRequest req;
        ck_CreateTopicsResponse *resp;
        ck_CreateTopicsRequest_CreatableTopic *t;
        ck_CreateTopicsRequest_init(&req);
        ck_CreateTopicsRequest_CreatableTopic_array_alloc(&f->arena, &req.Topics, 1);
        t = &req.Topics.a[0];
        ct_topic(f, t, "huge", -1, -1, NULL);
        ck_CreateTopicsRequest_CreatableReplicaAssignment_array_alloc(&f->arena, &t->Assignments, many);
        for (int32_t i = 0; i < many; i++) {
            t->Assignments.a[i].PartitionIndex = many - 1 - i;
            CK_ARRAY_ALLOC(&f->arena, t->Assignments.a[i].BrokerIds, 1);
            t->Assignments.a[i].BrokerIds.a[0] = 1;
        }
        t->Assignments.a[many - 1].PartitionIndex = many - 1;   /* one index twice */
        resp = call(f, CK_API_CREATE_TOPICS, 7, &req);
        assert_int_equal(resp->Topics.a[0].ErrorCode, CHRONIK_ERR_INVALID_REPLICA_ASSIGNMENT);
        assert_int_equal(partitions_of(f, "huge"), -1);
    }

    /* Duplicated topics and resources: one INVALID_REQUEST answer each. */
    {
        ck_CreatePartitionsRequest req;
        ck_CreatePartitionsResponse *resp;
        assert_int_equal(chronik_topic_create(f->eng, "cp", 1, NULL), 0);
        ck_CreatePartitionsRequest_init(&req);
        ck_CreatePartitionsRequest_CreatePartitionsTopic_array_alloc(&f->arena, &req.Topics, 3);
        for (int i = 0; i < 3; i++) {
            req.Topics.a[i].Name = S("cp");
            req.Topics.a[i].Count = 2 + i;
            req.Topics.a[i].Assignments.n = -1;
        }
        resp = call(f, CK_API_CREATE_PARTITIONS, 3, &req);
        assert_int_equal(resp->Results.n, 1);
        assert_int_equal(resp->Results.a[0].ErrorCode, CHRONIK_ERR_INVALID_REQUEST);
        assert_int_equal(partitions_of(f, "cp"), 1);
    }
    {
        ck_IncrementalAlterConfigsRequest req;
        ck_IncrementalAlterConfigsResponse *resp;
        ck_IncrementalAlterConfigsRequest_init(&req);
        ck_IncrementalAlterConfigsRequest_AlterConfigsResource_array_alloc(&f->arena, &req.Resources, 3);
        req.Resources.a[0].ResourceType = 2;
        req.Resources.a[0].ResourceName = S("cp");
        req.Resources.a[1].ResourceType = 4;
        req.Resources.a[1].ResourceName = S("cp");
        req.Resources.a[2].ResourceType = 2;
        req.Resources.a[2].ResourceName = S("cp");
        resp = call(f, CK_API_INCREMENTAL_ALTER_CONFIGS, 1, &req);
        assert_int_equal(resp->Responses.n, 2);
        assert_int_equal(resp->Responses.a[0].ResourceType, 2);
        assert_int_equal(resp->Responses.a[0].ErrorCode, CHRONIK_ERR_INVALID_REQUEST);
        assert_int_equal(resp->Responses.a[1].ResourceType, 4);
    }
    {
        ck_AlterConfigsRequest req;
        ck_AlterConfigsResponse *resp;
        ck_AlterConfigsRequest_init(&req);
        ck_AlterConfigsRequest_AlterConfigsResource_array_alloc(&f->arena, &req.Resources, 2);
        req.Resources.a[0].ResourceType = 2;
        req.Resources.a[0].ResourceName = S("cp");
        req.Resources.a[1].ResourceType = 2;
        req.Resources.a[1].ResourceName = S("cp");
        resp = call(f, CK_API_ALTER_CONFIGS, 2, &req);
        assert_int_equal(resp->Responses.n, 1);
        assert_int_equal(resp->Responses.a[0].ErrorCode, CHRONIK_ERR_INVALID_REQUEST);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_topics_v0, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_topics_assignments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_topics_v7, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_topics_duplicates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_topics_v0, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_topics_v6, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_topics_disabled, setup_nodelete, teardown),
        cmocka_unit_test_setup_teardown(test_create_partitions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_describe_configs_v0, setup, teardown),
        cmocka_unit_test_setup_teardown(test_describe_configs_v4, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alter_configs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_incremental_alter_configs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_topics_kafka_configs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_broker_dynamic_configs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compression_level_applied, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stored_configs_partly_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_describe_cluster, setup, teardown),
        cmocka_unit_test_setup_teardown(test_describe_log_dirs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicates_large, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
