/*
 * h_admin.c — the Kafka admin request handlers: CreateTopics, DeleteTopics,
 * CreatePartitions, DescribeConfigs, AlterConfigs, IncrementalAlterConfigs,
 * DeleteRecords, DescribeCluster and DescribeLogDirs.
 *
 * Each handler runs inline on the connection's loop thread, turns the decoded
 * request (lib/protocol) into calls on the engine (lib/engine/engine.h), and
 * answers at once with ck_kreq_respond.  Responses are built in the request's
 * arena, so nothing here is freed by hand except topic references and
 * config snapshots.  This node is a single broker: replication factors above
 * one and assignments to other brokers are refused.  DescribeConfigs and the
 * configs of a CreateTopics v5+ answer are generated from the configuration
 * table (lib/engine/conf.h), so names, types, defaults, sources, synonyms
 * and documentation always match what the engine enforces.  Broker configs
 * Kafka marks dynamic are altered on the broker resource, named "" (the
 * cluster default, source DYNAMIC_DEFAULT_BROKER_CONFIG) or this node's id
 * (DYNAMIC_BROKER_CONFIG), as Kafka does; the engine stores them and topics
 * without an override follow them.  As in Kafka, a broker change that fails
 * validation (read-only key, bad value) answers INVALID_REQUEST, a topic
 * change INVALID_CONFIG.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/statvfs.h>

#include "kafka/handlers.h"
#include "security/security.h"
#include "protocol/kmsg.h"

/* Kafka's ConfigResource types, config sources and config operations. */
#define RES_TOPIC  2
#define RES_BROKER 4

#define SRC_DYNAMIC_TOPIC  CK_SRC_DYNAMIC_TOPIC
#define SRC_DEFAULT        CK_SRC_DEFAULT

#define OP_SET      0
#define OP_DELETE   1
#define OP_APPEND   2
#define OP_SUBTRACT 3

/* Authorized cluster operations without an authorizer (every operation the
 * cluster resource supports): CREATE, ALTER, DESCRIBE, CLUSTER_ACTION,
 * DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE. */
#define CLUSTER_OPS ((1 << 5) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 12))

#define ERRLEN 256

/* ====================================================================== */
/* Small helpers                                                           */
/* ====================================================================== */

/* A NUL-terminated copy of s in the arena, or NULL for a null string. */
static char *cstr(ck_arena *a, ck_str s)
{
    if (s.len < 0)
        return NULL;
    return ck_arena_strndup(a, s.p ? s.p : "", (size_t)s.len);
}

/* A response string for a C string (NULL → null), copied into the arena so
 * it outlives stack buffers. */
static ck_str kstr(ck_arena *a, const char *s)
{
    ck_str out;
    if (!s) {
        out.p = NULL;
        out.len = -1;
    } else {
        size_t n = strlen(s);
        out.p = ck_arena_strndup(a, s, n);
        out.len = (int32_t)n;
    }
    return out;
}

/* A response string borrowing s (static, or already in the arena). */
static ck_str kref(const char *s)
{
    ck_str out;
    out.p = s;
    out.len = s ? (int32_t)strlen(s) : -1;
    return out;
}

static ck_str knull(void)
{
    ck_str out = { NULL, -1 };
    return out;
}

static bool str_is(ck_str x, const char *s)
{
    size_t n = strlen(s);
    return x.len >= 0 && (size_t)x.len == n && memcmp(x.p, s, n) == 0;
}

/* Duplicate marks of mark_dups. */
#define DUP_NONE   0   /* the key occurs once */
#define DUP_FIRST  1   /* first occurrence of a key that occurs again */
#define DUP_REPEAT 2   /* a later occurrence */

/* Marks duplicate keys among keys[0..n) in linear time (a request may
 * carry millions of entries).  Returns n marks from the arena. */
static uint8_t *mark_dups(ck_arena *a, const ck_str *keys, int32_t n)
{
    uint8_t *marks = ck_arena_alloc(a, (size_t)(n > 0 ? n : 1));
    ck_map seen;

    ck_map_init(&seen);
    for (int32_t i = 0; i < n; i++) {
        size_t len = keys[i].len > 0 ? (size_t)keys[i].len : 0;
        const char *k = keys[i].p ? keys[i].p : "";
        void *first = ck_map_get(&seen, k, len);
        if (first) {
            marks[(intptr_t)first - 1] = DUP_FIRST;
            marks[i] = DUP_REPEAT;
        } else {
            ck_map_put(&seen, k, len, (void *)(intptr_t)(i + 1));
        }
    }
    ck_map_free(&seen);
    return marks;
}

/* A key for mark_dups made of a one-byte tag and bytes (resource type and
 * name; null versus empty names; topic ids), in the arena. */
static ck_str dup_key(ck_arena *a, int8_t tag, const void *p, int32_t len)
{
    ck_str k;
    char *buf;
    size_t n = len > 0 ? (size_t)len : 0;

    buf = ck_arena_alloc(a, n + 1);
    buf[0] = (char)tag;
    if (n)
        memcpy(buf + 1, p, n);
    k.p = buf;
    k.len = (int32_t)(n + 1);
    return k;
}

static void *arena_array(ck_arena *a, int32_t n, size_t elem)
{
    return ck_arena_alloc(a, (size_t)(n > 0 ? n : 1) * elem);
}

/* Maps an engine error onto the Kafka code sent on the wire: Kafka codes
 * pass through, library-local ones (<= -200) become their nearest Kafka
 * equivalent. */
static int16_t wire_err(int rc)
{
    switch (rc) {
    case CHRONIK_ERR_UNKNOWN_CONFIG:
        return CHRONIK_ERR_INVALID_CONFIG;
    case CHRONIK_ERR_EXISTS:
        return CHRONIK_ERR_TOPIC_ALREADY_EXISTS;
    case CHRONIK_ERR_NOT_FOUND:
        return CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
    case CHRONIK_ERR_IO:
    case CHRONIK_ERR_CORRUPT:
        return CHRONIK_ERR_KAFKA_STORAGE_ERROR;
    case CHRONIK_ERR_INVALID_ARG:
        return CHRONIK_ERR_INVALID_REQUEST;
    default:
        if (rc < -1 || rc > INT16_MAX)
            return CHRONIK_ERR_UNKNOWN_SERVER_ERROR;
        return (int16_t)rc;
    }
}

/* ACL check of a configs request on one resource (h_security.h): op on the
 * topic, or on the cluster for broker resources.  0 or the *_AUTHORIZATION_
 * FAILED code, with err filled. */
static int config_auth(ck_kreq *req, int8_t type, ck_str name, int op, char *err, size_t errlen)
{
    if (type == RES_TOPIC) {
        if (ck_kreq_authorized(req, op, CK_RES_TOPIC, name.p, name.len > 0 ? (size_t)name.len : 0))
            return 0;
        snprintf(err, errlen, "Topic authorization failed.");
        return CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;
    }
    if (ck_kreq_authorized_cluster(req, op))
        return 0;
    snprintf(err, errlen, "Cluster authorization failed.");
    return CHRONIK_ERR_CLUSTER_AUTHORIZATION_FAILED;
}

/* The error message for rc: the engine's text when it gave one, else the
 * code's description; null for success. */
static ck_str err_msg(ck_arena *a, int16_t code, const char *err)
{
    if (code == 0)
        return knull();
    if (err && err[0])
        return kstr(a, err);
    return kstr(a, chronik_strerror((chronik_err_t)code));
}

/* A NULL-terminated key, value list for the engine.  Null values are
 * refused by the caller before this is built. */
typedef struct kvlist {
    const char **kv;
} kvlist;

/* ====================================================================== */
/* Config descriptions (shared by DescribeConfigs and CreateTopics v5+)    */
/* ====================================================================== */

typedef struct cfg_syn {
    const char *name;
    const char *value;
    int8_t      source;
} cfg_syn;

/* One described config; every string is static (the table) or in the
 * request's arena, so responses borrow them. */
typedef struct cfg_entry {
    const char *name;
    const char *value;        /* NULL: null (sensitive) */
    bool        read_only;
    bool        is_default;
    bool        sensitive;
    int8_t      source;
    int8_t      type;
    const char *doc;
    int         nsyn;
    cfg_syn     syn[5];
} cfg_entry;

/* The broker levels, highest precedence first. */
static const ck_conf_source broker_levels[] = {
    CK_SRC_DYNAMIC_BROKER, CK_SRC_DYNAMIC_DEFAULT, CK_SRC_STATIC, CK_SRC_DEFAULT,
};

/* Appends to e a synonym (name, value in the arena) for each level of broker
 * key bk that sets it; only_default keeps the DYNAMIC_DEFAULT one alone. */
static void add_broker_synonyms(ck_arena *a, const chronik_conf_t *broker, int bk, bool sensitive, bool only_default,
                                cfg_entry *e)
{
    for (size_t i = 0; i < CK_ARRAY_LEN(broker_levels) && e->nsyn < (int)CK_ARRAY_LEN(e->syn); i++) {
        const char *v = ck_conf_broker_level(broker, bk, broker_levels[i]);
        if (!v || (only_default && broker_levels[i] != CK_SRC_DYNAMIC_DEFAULT))
            continue;
        e->syn[e->nsyn].name = ck_conf_broker_name(bk);
        e->syn[e->nsyn].value = sensitive ? NULL : ck_arena_strndup(a, v, strlen(v));
        e->syn[e->nsyn].source = (int8_t)broker_levels[i];
        e->nsyn++;
    }
}

/* Describes topic key `key` of a topic whose config is tc, as Kafka does:
 * the synonyms are the topic override, then the broker synonym at each
 * level that sets it; the source is the first synonym's (DEFAULT_CONFIG
 * when there is none: a key without broker synonym and override). */
static void describe_topic_key(ck_arena *a, const ck_topic_conf *tc, const chronik_conf_t *broker, int key,
                               cfg_entry *e)
{
    int syn = ck_conf_topic_synonym(key);
    const char *val = ck_topic_conf_value(tc, broker, key, NULL, 0);   /* borrowed from tc or broker */

    memset(e, 0, sizeof *e);
    e->name = ck_conf_topic_name(key);
    e->sensitive = ck_conf_topic_sensitive(key);
    e->value = e->sensitive ? NULL : val ? ck_arena_strndup(a, val, strlen(val)) : "";
    e->read_only = false;
    e->type = ck_conf_topic_kafka_type(key);
    e->doc = ck_conf_topic_doc(key);
    e->is_default = !tc->str[key];
    if (tc->str[key]) {
        e->syn[e->nsyn].name = e->name;
        e->syn[e->nsyn].value = e->value;
        e->syn[e->nsyn].source = SRC_DYNAMIC_TOPIC;
        e->nsyn++;
    }
    if (syn >= 0)
        add_broker_synonyms(a, broker, syn, e->sensitive, false, e);
    e->source = e->nsyn > 0 ? e->syn[0].source : SRC_DEFAULT;
}

/* Describes broker key `key`: its effective value (per_broker) or its
 * dynamic cluster default (the resource named ""). */
static void describe_broker_key(ck_arena *a, const chronik_conf_t *broker, int key, bool per_broker, cfg_entry *e)
{
    const char *v = per_broker ? ck_conf_str(broker, (ck_broker_key)key)
                               : ck_conf_broker_level(broker, key, CK_SRC_DYNAMIC_DEFAULT);

    memset(e, 0, sizeof *e);
    e->name = ck_conf_broker_name(key);
    e->sensitive = ck_conf_broker_sensitive(key);
    e->value = e->sensitive ? NULL : ck_arena_strndup(a, v ? v : "", v ? strlen(v) : 0);
    e->read_only = !ck_conf_broker_dynamic(key);
    e->type = ck_conf_broker_kafka_type(key);
    e->doc = ck_conf_broker_doc(key);
    add_broker_synonyms(a, broker, key, e->sensitive, !per_broker, e);
    e->source = e->nsyn > 0 ? e->syn[0].source : SRC_DEFAULT;
    e->is_default = e->source == SRC_DEFAULT;
}

/* Whether name is wanted by a DescribeConfigs key filter (null: all). */
static bool key_wanted(const ck_DescribeConfigsRequest_DescribeConfigsResource *res, const char *name)
{
    if (res->ConfigurationKeys.n < 0)
        return true;
    for (int32_t i = 0; i < res->ConfigurationKeys.n; i++)
        if (str_is(res->ConfigurationKeys.a[i], name))
            return true;
    return false;
}

/* ====================================================================== */
/* CreateTopics                                                            */
/* ====================================================================== */

/* Fills r->Configs (v5+) from a topic config. */
static void create_result_configs(ck_arena *a, const ck_topic_conf *tc, const chronik_conf_t *broker,
                                  ck_CreateTopicsResponse_CreatableTopicResult *r)
{
    r->Configs.n = CK_TK__COUNT;
    r->Configs.a = arena_array(a, CK_TK__COUNT, sizeof *r->Configs.a);
    for (int k = 0; k < CK_TK__COUNT; k++) {
        ck_CreateTopicsResponse_CreatableTopicConfigs *c = &r->Configs.a[k];
        cfg_entry e;
        describe_topic_key(a, tc, broker, k, &e);
        ck_CreateTopicsResponse_CreatableTopicConfigs_init(c);
        c->Name = kref(e.name);
        c->Value = kref(e.value);
        c->ReadOnly = e.read_only;
        c->ConfigSource = e.source;
        c->IsSensitive = e.sensitive;
    }
}

/* Checks a manual assignment: partitions 0..n-1, each on this node only.
 * 0 or INVALID_REPLICA_ASSIGNMENT with err filled. */
static int check_create_assignments(ck_arena *a, const ck_CreateTopicsRequest_CreatableTopic *t, int32_t node,
                                    char *err, size_t errlen)
{
    int32_t n = t->Assignments.n;
    bool *seen = arena_array(a, n, sizeof *seen);
    for (int32_t i = 0; i < n; i++) {
        const ck_CreateTopicsRequest_CreatableReplicaAssignment *as = &t->Assignments.a[i];
        if (as->PartitionIndex < 0 || as->PartitionIndex >= n) {
            snprintf(err, errlen, "Partitions must be numbered 0..%d; got partition %d.", (int)(n - 1),
                     (int)as->PartitionIndex);
            return CHRONIK_ERR_INVALID_REPLICA_ASSIGNMENT;
        }
        if (seen[as->PartitionIndex]) {
            snprintf(err, errlen, "Partition %d is assigned more than once.", (int)as->PartitionIndex);
            return CHRONIK_ERR_INVALID_REPLICA_ASSIGNMENT;
        }
        seen[as->PartitionIndex] = true;
        if (as->BrokerIds.n != 1 || as->BrokerIds.a[0] != node) {
            snprintf(err, errlen, "Partition %d must be assigned to exactly this broker (%d): single node.",
                     (int)as->PartitionIndex, (int)node);
            return CHRONIK_ERR_INVALID_REPLICA_ASSIGNMENT;
        }
    }
    return 0;
}

/* Builds the engine's config list of a CreatableTopic.  0 or INVALID_CONFIG
 * (null value) with err filled. */
static int create_configs(ck_arena *a, const ck_CreateTopicsRequest_CreatableTopic *t, kvlist *kv, char *err,
                          size_t errlen)
{
    int32_t n = t->Configs.n > 0 ? t->Configs.n : 0;
    bool seen[CK_TK__COUNT] = { false };
    kv->kv = arena_array(a, 2 * n + 1, sizeof *kv->kv);
    for (int32_t i = 0; i < n; i++) {
        const ck_CreateTopicsRequest_CreatableTopicConfig *c = &t->Configs.a[i];
        char *name = cstr(a, c->Name);
        int k = name ? ck_conf_topic_key(name) : -1;
        if (!name || c->Value.len < 0) {
            snprintf(err, errlen, "Null value not supported for topic config '%s'.", name ? name : "(null)");
            return CHRONIK_ERR_INVALID_CONFIG;
        }
        /* Unknown keys are left to the engine, which names them. */
        if (k >= 0 && seen[k]) {
            snprintf(err, errlen, "Config '%s' is given more than once.", name);
            return CHRONIK_ERR_INVALID_CONFIG;
        }
        if (k >= 0)
            seen[k] = true;
        kv->kv[2 * i] = name;
        kv->kv[2 * i + 1] = cstr(a, c->Value);
    }
    kv->kv[2 * n] = NULL;
    return 0;
}

/* Creates (or validates) one topic and fills r. */
static void create_one(ck_kreq *req, const ck_CreateTopicsRequest_CreatableTopic *t, bool validate_only,
                       ck_CreateTopicsResponse_CreatableTopicResult *r)
{
    ck_engine *eng = req->eng;
    const chronik_conf_t *broker = ck_engine_conf(eng);
    char err[ERRLEN] = "";
    int rc = 0;
    int32_t partitions = t->NumPartitions;
    char *name = cstr(&req->arena, t->Name);
    kvlist kv = { NULL };
    ck_topic_conf tc;
    bool have_tc = false;

    if (!name || !ck_topic_name_valid(name, strlen(name))) {
        snprintf(err, sizeof err,
                 "Invalid topic name: must be 1..249 characters of [a-zA-Z0-9._-], not '.' or '..'.");
        rc = CHRONIK_ERR_INVALID_TOPIC_EXCEPTION;
        goto out;
    }
    /* CREATE on the cluster or on the topic */
    if (!ck_kreq_authorized_cluster(req, CK_OP_CREATE) &&
        !ck_kreq_authorized(req, CK_OP_CREATE, CK_RES_TOPIC, name, strlen(name))) {
        snprintf(err, sizeof err, "Authorization failed.");
        rc = CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;
        goto out;
    }
    if (t->Assignments.n > 0) {
        if (t->NumPartitions != -1 || t->ReplicationFactor != -1) {
            snprintf(err, sizeof err, "Both numPartitions or replicationFactor and replicasAssignments were set. "
                                      "Both cannot be used at the same time.");
            rc = CHRONIK_ERR_INVALID_REQUEST;
            goto out;
        }
        rc = check_create_assignments(&req->arena, t, ck_engine_node_id(eng), err, sizeof err);
        if (rc)
            goto out;
        partitions = t->Assignments.n;
    } else {
        if (partitions == -1) {
            partitions = (int32_t)ck_conf_num(broker, CK_BK_NUM_PARTITIONS);
        } else if (partitions <= 0) {
            snprintf(err, sizeof err, "Number of partitions must be larger than 0 (or -1 for the default).");
            rc = CHRONIK_ERR_INVALID_PARTITIONS;
            goto out;
        }
        if (t->ReplicationFactor > 1) {
            snprintf(err, sizeof err, "Replication factor: %d larger than available brokers: 1 (single node).",
                     (int)t->ReplicationFactor);
            rc = CHRONIK_ERR_INVALID_REPLICATION_FACTOR;
            goto out;
        }
        if (t->ReplicationFactor == 0 || t->ReplicationFactor < -1) {
            snprintf(err, sizeof err, "Replication factor must be larger than 0 (or -1 for the default).");
            rc = CHRONIK_ERR_INVALID_REPLICATION_FACTOR;
            goto out;
        }
    }
    rc = create_configs(&req->arena, t, &kv, err, sizeof err);
    if (rc)
        goto out;
    rc = ck_engine_topic_create(eng, name, partitions, kv.kv, validate_only, err, sizeof err);
    if (rc)
        goto out;
    if (req->api_version >= 5) {
        /* The effective configs as stored (or as they would be). */
        ck_topic *topic = validate_only ? NULL : ck_engine_topic_get(eng, name, strlen(name));
        if (topic) {
            ck_topic_conf_snapshot(topic, &tc);
            memcpy(r->TopicId, ck_topic_id(topic), 16);
            partitions = ck_topic_partition_count(topic);
            ck_topic_release(topic);
            have_tc = true;
        } else if (ck_topic_conf_init(&tc, broker, kv.kv, err, sizeof err) == 0) {
            have_tc = true;
        }
        err[0] = '\0';
        r->NumPartitions = partitions;
        r->ReplicationFactor = 1;
        if (have_tc)
            create_result_configs(&req->arena, &tc, broker, r);
    }
out:
    r->Name = t->Name;
    r->ErrorCode = wire_err(rc);
    r->ErrorMessage = err_msg(&req->arena, r->ErrorCode, err);
    if (r->ErrorCode) {
        r->NumPartitions = -1;
        r->ReplicationFactor = -1;
        r->Configs.n = -1;
        r->Configs.a = NULL;
    }
    if (have_tc)
        ck_topic_conf_free(&tc);
}

/** @brief CreateTopics v0-7: creates (or validates) each topic on this node.
 *  Loop thread; responds before returning. */
int ck_h_CreateTopics(ck_kreq *req)
{
    const ck_CreateTopicsRequest *in = req->body;
    ck_CreateTopicsResponse out;
    int32_t n = in->Topics.n > 0 ? in->Topics.n : 0;
    int32_t nout = 0;
    ck_str *names = arena_array(&req->arena, n, sizeof *names);
    uint8_t *dups;

    for (int32_t i = 0; i < n; i++)
        names[i] = in->Topics.a[i].Name;
    dups = mark_dups(&req->arena, names, n);
    ck_CreateTopicsResponse_init(&out);
    out.ThrottleTimeMs = 0;
    out.Topics.a = arena_array(&req->arena, n, sizeof *out.Topics.a);
    for (int32_t i = 0; i < n; i++) {
        const ck_CreateTopicsRequest_CreatableTopic *t = &in->Topics.a[i];
        ck_CreateTopicsResponse_CreatableTopicResult *r;
        if (dups[i] == DUP_REPEAT)
            continue;   /* answered once, with the first occurrence */
        r = &out.Topics.a[nout++];
        ck_CreateTopicsResponse_CreatableTopicResult_init(r);
        if (dups[i] == DUP_FIRST) {
            r->Name = t->Name;
            r->ErrorCode = CHRONIK_ERR_INVALID_REQUEST;
            r->ErrorMessage = kstr(&req->arena, "Duplicate topic name in the request.");
            r->Configs.n = -1;
            continue;
        }
        create_one(req, t, in->validateOnly, r);
    }
    out.Topics.n = nout;
    ck_kreq_respond(req, &out);
    return CK_DONE;
}

/* ====================================================================== */
/* DeleteTopics                                                            */
/* ====================================================================== */

/* Deletes the topic named name (C string) or with id (when name is NULL). */
static void delete_one(ck_kreq *req, const char *name, const uint8_t *id,
                       ck_DeleteTopicsResponse_DeletableTopicResult *r)
{
    ck_engine *eng = req->eng;
    char err[ERRLEN] = "";
    int rc = 0;
    ck_topic *topic = NULL;

    if (!ck_conf_num(ck_engine_conf(eng), CK_BK_DELETE_TOPIC_ENABLE)) {
        /* As Kafka: versions before 3 have no TOPIC_DELETION_DISABLED. */
        snprintf(err, sizeof err, "Topic deletion is disabled (delete.topic.enable=false).");
        rc = req->api_version < 3 ? CHRONIK_ERR_INVALID_REQUEST : CHRONIK_ERR_TOPIC_DELETION_DISABLED;
        goto out;
    }
    if (name)
        topic = ck_engine_topic_get(eng, name, strlen(name));
    else
        topic = ck_engine_topic_get_by_id(eng, id);
    if (!topic) {
        if (name)
            snprintf(err, sizeof err, "Topic '%s' does not exist.", name);
        else
            snprintf(err, sizeof err, "No topic has the given topic id.");
        rc = name ? CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION : CHRONIK_ERR_UNKNOWN_TOPIC_ID;
        goto out;
    }
    r->Name = kstr(&req->arena, ck_topic_name(topic));
    memcpy(r->TopicId, ck_topic_id(topic), 16);
    if (!ck_kreq_authorized(req, CK_OP_DELETE, CK_RES_TOPIC, ck_topic_name(topic), strlen(ck_topic_name(topic)))) {
        snprintf(err, sizeof err, "Authorization failed.");
        rc = CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;
        goto out;
    }
    rc = ck_engine_topic_delete(eng, ck_topic_name(topic), err, sizeof err);
out:
    if (topic)
        ck_topic_release(topic);
    r->ErrorCode = wire_err(rc);
    r->ErrorMessage = err_msg(&req->arena, r->ErrorCode, err);
}

/** @brief DeleteTopics v0-6: by name (v0-5) or by name or topic id (v6).
 *  Loop thread; responds before returning. */
int ck_h_DeleteTopics(ck_kreq *req)
{
    const ck_DeleteTopicsRequest *in = req->body;
    ck_DeleteTopicsResponse out;
    int32_t n;
    ck_str *keys;
    uint8_t *dups;

    ck_DeleteTopicsResponse_init(&out);
    if (req->api_version >= 6)
        n = in->Topics.n > 0 ? in->Topics.n : 0;
    else
        n = in->TopicNames.n > 0 ? in->TopicNames.n : 0;
    /* A topic named twice is deleted (and answered) once. */
    keys = arena_array(&req->arena, n, sizeof *keys);
    for (int32_t i = 0; i < n; i++) {
        if (req->api_version < 6)
            keys[i] = dup_key(&req->arena, 'n', in->TopicNames.a[i].p, in->TopicNames.a[i].len);
        else if (in->Topics.a[i].Name.len >= 0)
            keys[i] = dup_key(&req->arena, 'n', in->Topics.a[i].Name.p, in->Topics.a[i].Name.len);
        else
            keys[i] = dup_key(&req->arena, 'i', in->Topics.a[i].TopicId, 16);
    }
    dups = mark_dups(&req->arena, keys, n);
    out.Responses.a = arena_array(&req->arena, n, sizeof *out.Responses.a);
    out.Responses.n = 0;
    for (int32_t i = 0; i < n; i++) {
        ck_DeleteTopicsResponse_DeletableTopicResult *r = &out.Responses.a[out.Responses.n];
        ck_str name;
        const uint8_t *id = NULL;

        if (dups[i] == DUP_REPEAT)
            continue;
        if (req->api_version >= 6) {
            name = in->Topics.a[i].Name;
            id = in->Topics.a[i].TopicId;
        } else {
            name = in->TopicNames.a[i];
        }
        out.Responses.n++;
        ck_DeleteTopicsResponse_DeletableTopicResult_init(r);
        r->Name = name;
        if (id)
            memcpy(r->TopicId, id, 16);
        if (name.len >= 0 && id && !ck_protocol_uuid_is_zero(id)) {
            r->ErrorCode = CHRONIK_ERR_INVALID_REQUEST;
            r->ErrorMessage = kstr(&req->arena, "You may not specify both topic name and topic id.");
        } else if (name.len >= 0) {
            delete_one(req, cstr(&req->arena, name), NULL, r);
        } else if (id && !ck_protocol_uuid_is_zero(id)) {
            delete_one(req, NULL, id, r);
        } else {
            r->ErrorCode = CHRONIK_ERR_INVALID_REQUEST;
            r->ErrorMessage = kstr(&req->arena, "Neither topic name nor topic id was given.");
        }
    }
    ck_kreq_respond(req, &out);
    return CK_DONE;
}

/* ====================================================================== */
/* CreatePartitions                                                        */
/* ====================================================================== */

static int create_partitions_one(ck_kreq *req, const ck_CreatePartitionsRequest_CreatePartitionsTopic *t,
                                 bool validate_only, char *err, size_t errlen)
{
    ck_engine *eng = req->eng;
    int rc = 0;
    char *name = cstr(&req->arena, t->Name);
    ck_topic *topic = name ? ck_engine_topic_get(eng, name, strlen(name)) : NULL;
    int32_t cur;
    int32_t node = ck_engine_node_id(eng);

    if (!topic) {
        snprintf(err, errlen, "The topic '%s' does not exist.", name ? name : "(null)");
        rc = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        goto out;
    }
    cur = ck_topic_partition_count(topic);
    if (t->Count == cur) {
        snprintf(err, errlen, "Topic already has %d partitions.", (int)cur);
        rc = CHRONIK_ERR_INVALID_PARTITIONS;
        goto out;
    }
    if (t->Count < cur) {
        snprintf(err, errlen, "Topic currently has %d partitions, which is higher than the requested %d.", (int)cur,
                 (int)t->Count);
        rc = CHRONIK_ERR_INVALID_PARTITIONS;
        goto out;
    }
    if (t->Assignments.n >= 0) {
        if (t->Assignments.n != t->Count - cur) {
            snprintf(err, errlen, "Increasing the number of partitions by %d but %d assignments provided.",
                     (int)(t->Count - cur), (int)t->Assignments.n);
            rc = CHRONIK_ERR_INVALID_REPLICA_ASSIGNMENT;
            goto out;
        }
        for (int32_t i = 0; i < t->Assignments.n; i++) {
            const ck_CreatePartitionsRequest_CreatePartitionsAssignment *as = &t->Assignments.a[i];
            if (as->BrokerIds.n != 1 || as->BrokerIds.a[0] != node) {
                snprintf(err, errlen, "New partition %d must be assigned to exactly this broker (%d): single node.",
                         (int)(cur + i), (int)node);
                rc = CHRONIK_ERR_INVALID_REPLICA_ASSIGNMENT;
                goto out;
            }
        }
    }
    rc = ck_engine_topic_add_partitions(eng, name, t->Count, validate_only, err, errlen);
out:
    if (topic)
        ck_topic_release(topic);
    return rc;
}

/** @brief CreatePartitions v0-3: grows topics (assignments only to this node).
 *  Loop thread; responds before returning. */
int ck_h_CreatePartitions(ck_kreq *req)
{
    const ck_CreatePartitionsRequest *in = req->body;
    ck_CreatePartitionsResponse out;
    int32_t n = in->Topics.n > 0 ? in->Topics.n : 0;
    ck_str *names = arena_array(&req->arena, n, sizeof *names);
    uint8_t *dups;

    for (int32_t i = 0; i < n; i++)
        names[i] = in->Topics.a[i].Name;
    dups = mark_dups(&req->arena, names, n);
    ck_CreatePartitionsResponse_init(&out);
    out.Results.n = 0;
    out.Results.a = arena_array(&req->arena, n, sizeof *out.Results.a);
    for (int32_t i = 0; i < n; i++) {
        const ck_CreatePartitionsRequest_CreatePartitionsTopic *t = &in->Topics.a[i];
        ck_CreatePartitionsResponse_CreatePartitionsTopicResult *r;
        char err[ERRLEN] = "";
        int rc = 0;

        if (dups[i] == DUP_REPEAT)
            continue;   /* answered once, with the first occurrence */
        r = &out.Results.a[out.Results.n++];
        ck_CreatePartitionsResponse_CreatePartitionsTopicResult_init(r);
        r->Name = t->Name;
        if (dups[i] == DUP_FIRST) {
            snprintf(err, sizeof err, "Duplicate topic in the request.");
            rc = CHRONIK_ERR_INVALID_REQUEST;
        } else if ((rc = config_auth(req, RES_TOPIC, t->Name, CK_OP_ALTER, err, sizeof err)) == 0) {
            rc = create_partitions_one(req, t, in->ValidateOnly, err, sizeof err);
        }
        r->ErrorCode = wire_err(rc);
        r->ErrorMessage = err_msg(&req->arena, r->ErrorCode, err);
    }
    ck_kreq_respond(req, &out);
    return CK_DONE;
}

/* ====================================================================== */
/* Config resources: shared checks                                         */
/* ====================================================================== */

/* Checks a broker resource name: this node's id or "" (cluster default). */
static bool broker_name_ok(ck_engine *eng, ck_str name)
{
    char id[16];
    if (name.len == 0)
        return true;
    snprintf(id, sizeof id, "%d", (int)ck_engine_node_id(eng));
    return str_is(name, id);
}

/* ====================================================================== */
/* DescribeConfigs                                                         */
/* ====================================================================== */

/* Converts e into a DescribeConfigs result entry. */
static void fill_described(ck_kreq *req, const cfg_entry *e, bool synonyms, bool docs,
                           ck_DescribeConfigsResponse_DescribeConfigsResourceResult *c)
{
    ck_DescribeConfigsResponse_DescribeConfigsResourceResult_init(c);
    c->Name = kref(e->name);
    c->Value = kref(e->value);
    c->ReadOnly = e->read_only;
    c->IsDefault = e->is_default;
    c->ConfigSource = e->source;
    c->IsSensitive = e->sensitive;
    c->ConfigType = e->type;
    c->Documentation = docs ? kref(e->doc) : knull();
    c->Synonyms.n = 0;
    c->Synonyms.a = NULL;
    if (synonyms && req->api_version >= 1) {
        c->Synonyms.n = e->nsyn;
        c->Synonyms.a = arena_array(&req->arena, e->nsyn, sizeof *c->Synonyms.a);
        for (int i = 0; i < e->nsyn; i++) {
            ck_DescribeConfigsResponse_DescribeConfigsSynonym *s = &c->Synonyms.a[i];
            ck_DescribeConfigsResponse_DescribeConfigsSynonym_init(s);
            s->Name = kref(e->syn[i].name);
            s->Value = kref(e->syn[i].value);
            s->Source = e->syn[i].source;
        }
    }
}

static void describe_resource(ck_kreq *req, const ck_DescribeConfigsRequest_DescribeConfigsResource *res,
                              bool synonyms, bool docs, ck_DescribeConfigsResponse_DescribeConfigsResult *r)
{
    ck_engine *eng = req->eng;
    const chronik_conf_t *broker = ck_engine_conf(eng);
    int rc = 0;
    char err[ERRLEN] = "";
    int32_t n = 0;

    r->ResourceType = res->ResourceType;
    r->ResourceName = res->ResourceName;
    r->Configs.n = 0;
    r->Configs.a = NULL;
    if ((res->ResourceType == RES_TOPIC || res->ResourceType == RES_BROKER) &&
        (rc = config_auth(req, res->ResourceType, res->ResourceName, CK_OP_DESCRIBE_CONFIGS, err, sizeof err)) != 0) {
        r->ErrorCode = (int16_t)rc;
        r->ErrorMessage = err_msg(&req->arena, r->ErrorCode, err);
        return;
    }
    if (res->ResourceType == RES_TOPIC) {
        char *name = cstr(&req->arena, res->ResourceName);
        ck_topic *topic = name ? ck_engine_topic_get(eng, name, strlen(name)) : NULL;
        ck_topic_conf tc;
        if (!topic) {
            snprintf(err, sizeof err, "Topic '%s' does not exist.", name ? name : "(null)");
            rc = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
            goto out;
        }
        ck_topic_conf_snapshot(topic, &tc);
        ck_topic_release(topic);
        r->Configs.a = arena_array(&req->arena, CK_TK__COUNT, sizeof *r->Configs.a);
        for (int k = 0; k < CK_TK__COUNT; k++) {
            cfg_entry e;
            if (!key_wanted(res, ck_conf_topic_name(k)))
                continue;
            describe_topic_key(&req->arena, &tc, broker, k, &e);
            fill_described(req, &e, synonyms, docs, &r->Configs.a[n++]);
        }
        ck_topic_conf_free(&tc);
    } else if (res->ResourceType == RES_BROKER) {
        if (!broker_name_ok(eng, res->ResourceName)) {
            snprintf(err, sizeof err, "Unexpected broker id, expected %d or empty string.",
                     (int)ck_engine_node_id(eng));
            rc = CHRONIK_ERR_INVALID_REQUEST;
            goto out;
        }
        /* By node id: every key; as "" (the cluster default): the keys
         * set dynamically for the cluster, as Kafka answers. */
        bool per_broker = res->ResourceName.len > 0;
        r->Configs.a = arena_array(&req->arena, CK_BK__COUNT, sizeof *r->Configs.a);
        for (int k = 0; k < CK_BK__COUNT; k++) {
            cfg_entry e;
            if (!key_wanted(res, ck_conf_broker_name(k)))
                continue;
            if (!per_broker && !ck_conf_broker_level(broker, k, CK_SRC_DYNAMIC_DEFAULT))
                continue;
            describe_broker_key(&req->arena, broker, k, per_broker, &e);
            fill_described(req, &e, synonyms, docs, &r->Configs.a[n++]);
        }
    } else {
        snprintf(err, sizeof err, "Unsupported resource type %d (only topics (2) and brokers (4)).",
                 (int)res->ResourceType);
        rc = CHRONIK_ERR_INVALID_REQUEST;
        goto out;
    }
    r->Configs.n = n;
out:
    r->ErrorCode = wire_err(rc);
    r->ErrorMessage = err_msg(&req->arena, r->ErrorCode, err);
}

/** @brief DescribeConfigs v0-4: topic and broker resources from the config
 *  table.  Loop thread; responds before returning. */
int ck_h_DescribeConfigs(ck_kreq *req)
{
    const ck_DescribeConfigsRequest *in = req->body;
    ck_DescribeConfigsResponse out;
    int32_t n = in->Resources.n > 0 ? in->Resources.n : 0;
    bool synonyms = req->api_version >= 1 && in->IncludeSynonyms;
    bool docs = req->api_version >= 3 && in->IncludeDocumentation;

    ck_DescribeConfigsResponse_init(&out);
    out.Results.n = n;
    out.Results.a = arena_array(&req->arena, n, sizeof *out.Results.a);
    for (int32_t i = 0; i < n; i++) {
        ck_DescribeConfigsResponse_DescribeConfigsResult_init(&out.Results.a[i]);
        describe_resource(req, &in->Resources.a[i], synonyms, docs, &out.Results.a[i]);
    }
    ck_kreq_respond(req, &out);
    return CK_DONE;
}

/* ====================================================================== */
/* AlterConfigs and IncrementalAlterConfigs                                */
/* ====================================================================== */

/* Checks the resource type and name shared by both alter APIs: 0 when it is
 * an existing topic (name_out set), else an error code with err filled. */
static int alter_target(ck_kreq *req, int8_t type, ck_str rname, char **name_out, char *err, size_t errlen)
{
    ck_engine *eng = req->eng;
    ck_topic *topic;
    char *name;

    *name_out = NULL;
    if (type != RES_TOPIC) {
        snprintf(err, errlen, "Unsupported resource type %d (only topics (2) and brokers (4)).", (int)type);
        return CHRONIK_ERR_INVALID_REQUEST;
    }
    name = cstr(&req->arena, rname);
    topic = name ? ck_engine_topic_get(eng, name, strlen(name)) : NULL;
    if (!topic) {
        snprintf(err, errlen, "Topic '%s' does not exist.", name ? name : "(null)");
        return CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
    }
    ck_topic_release(topic);
    *name_out = name;
    return 0;
}

/* The dynamic level a broker resource name addresses ("" the cluster
 * default, this node's id the node); 0 with err filled for another id. */
static ck_conf_source broker_level(ck_kreq *req, ck_str rname, char *err, size_t errlen)
{
    if (!broker_name_ok(req->eng, rname)) {
        snprintf(err, errlen, "Unexpected broker id, expected %d or empty string.", (int)ck_engine_node_id(req->eng));
        return (ck_conf_source)0;
    }
    return rname.len > 0 ? CK_SRC_DYNAMIC_BROKER : CK_SRC_DYNAMIC_DEFAULT;
}

/* Hands a broker level's new dynamic set to the engine.  Kafka answers a
 * broker change that fails validation with INVALID_REQUEST (an unknown key
 * with INVALID_CONFIG). */
static int broker_replace(ck_kreq *req, ck_conf_source level, const char **keys, const char **vals, int32_t n,
                          bool validate_only, char *err, size_t errlen)
{
    int rc = ck_engine_broker_config_replace(req->eng, level, keys, vals, (size_t)n, validate_only, err, errlen);
    return rc == CHRONIK_ERR_INVALID_CONFIG ? CHRONIK_ERR_INVALID_REQUEST : rc;
}

/* AlterConfigs on a broker resource: the given keys become the level's whole
 * dynamic set. */
static int alter_broker(ck_kreq *req, const ck_AlterConfigsRequest_AlterConfigsResource *res, bool validate_only,
                        char *err, size_t errlen)
{
    ck_conf_source level = broker_level(req, res->ResourceName, err, errlen);
    int32_t n = res->Configs.n > 0 ? res->Configs.n : 0;
    const char **keys = arena_array(&req->arena, n, sizeof *keys);
    const char **vals = arena_array(&req->arena, n, sizeof *vals);

    if (!level)
        return CHRONIK_ERR_INVALID_REQUEST;
    for (int32_t i = 0; i < n; i++) {
        keys[i] = cstr(&req->arena, res->Configs.a[i].Name);
        vals[i] = cstr(&req->arena, res->Configs.a[i].Value);
        if (!keys[i] || !vals[i]) {
            snprintf(err, errlen, "Null value not supported for : %s", keys[i] ? keys[i] : "(null)");
            return CHRONIK_ERR_INVALID_REQUEST;
        }
    }
    return broker_replace(req, level, keys, vals, n, validate_only, err, errlen);
}

static int alter_one(ck_kreq *req, const ck_AlterConfigsRequest_AlterConfigsResource *res, bool validate_only,
                     char *err, size_t errlen)
{
    char *name;
    int rc;
    int32_t n = res->Configs.n > 0 ? res->Configs.n : 0;
    const char **kv;
    bool seen[CK_TK__COUNT] = { false };

    if ((res->ResourceType == RES_TOPIC || res->ResourceType == RES_BROKER) &&
        (rc = config_auth(req, res->ResourceType, res->ResourceName, CK_OP_ALTER_CONFIGS, err, errlen)) != 0)
        return rc;
    if (res->ResourceType == RES_BROKER)
        return alter_broker(req, res, validate_only, err, errlen);
    rc = alter_target(req, res->ResourceType, res->ResourceName, &name, err, errlen);
    if (rc)
        goto out;
    kv = arena_array(&req->arena, 2 * n + 1, sizeof *kv);
    for (int32_t i = 0; i < n; i++) {
        const ck_AlterConfigsRequest_AlterableConfig *c = &res->Configs.a[i];
        char *key = cstr(&req->arena, c->Name);
        int k = key ? ck_conf_topic_key(key) : -1;
        if (!key || c->Value.len < 0) {
            snprintf(err, errlen, "Null value not supported for topic config '%s'.", key ? key : "(null)");
            rc = CHRONIK_ERR_INVALID_CONFIG;
            goto out;
        }
        /* Unknown keys are left to the engine, which names them. */
        if (k >= 0 && seen[k]) {
            snprintf(err, errlen, "Config '%s' is given more than once.", key);
            rc = CHRONIK_ERR_INVALID_REQUEST;
            goto out;
        }
        if (k >= 0)
            seen[k] = true;
        kv[2 * i] = key;
        kv[2 * i + 1] = cstr(&req->arena, c->Value);
    }
    kv[2 * n] = NULL;
    rc = ck_engine_topic_config_replace(req->eng, name, kv, validate_only, err, errlen);
out:
    return rc;
}

/** @brief AlterConfigs v0-2: replaces all overrides of each topic, or every
 *  dynamic config of a broker level.  Loop thread; responds. */
int ck_h_AlterConfigs(ck_kreq *req)
{
    const ck_AlterConfigsRequest *in = req->body;
    ck_AlterConfigsResponse out;
    int32_t n = in->Resources.n > 0 ? in->Resources.n : 0;
    ck_str *keys = arena_array(&req->arena, n, sizeof *keys);
    uint8_t *dups;

    for (int32_t i = 0; i < n; i++)
        keys[i] = dup_key(&req->arena, in->Resources.a[i].ResourceType, in->Resources.a[i].ResourceName.p,
                          in->Resources.a[i].ResourceName.len);
    dups = mark_dups(&req->arena, keys, n);
    ck_AlterConfigsResponse_init(&out);
    out.Responses.n = 0;
    out.Responses.a = arena_array(&req->arena, n, sizeof *out.Responses.a);
    for (int32_t i = 0; i < n; i++) {
        const ck_AlterConfigsRequest_AlterConfigsResource *res = &in->Resources.a[i];
        ck_AlterConfigsResponse_AlterConfigsResourceResponse *r;
        char err[ERRLEN] = "";
        int rc = 0;

        if (dups[i] == DUP_REPEAT)
            continue;   /* answered once, with the first occurrence */
        r = &out.Responses.a[out.Responses.n++];
        if (dups[i] == DUP_FIRST) {
            snprintf(err, sizeof err, "Resource is given more than once in the request.");
            rc = CHRONIK_ERR_INVALID_REQUEST;
        } else {
            rc = alter_one(req, res, in->ValidateOnly, err, sizeof err);
        }
        ck_AlterConfigsResponse_AlterConfigsResourceResponse_init(r);
        r->ResourceType = res->ResourceType;
        r->ResourceName = res->ResourceName;
        r->ErrorCode = wire_err(rc);
        r->ErrorMessage = err_msg(&req->arena, r->ErrorCode, err);
    }
    ck_kreq_respond(req, &out);
    return CK_DONE;
}

/* The items of a comma-separated list value, in the arena. */
typedef struct list_items {
    char   **item;
    int32_t  n;
} list_items;

static void list_split(ck_arena *a, const char *v, list_items *li)
{
    int32_t cap = 1;
    const char *p;

    for (p = v; *p; p++)
        if (*p == ',')
            cap++;
    li->item = arena_array(a, cap, sizeof *li->item);
    li->n = 0;
    p = v;
    while (*p) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        const char *s = p, *e = p + len;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (e > s)
            li->item[li->n++] = ck_arena_strndup(a, s, (size_t)(e - s));
        if (!q)
            break;
        p = q + 1;
    }
}

static bool list_has(const list_items *li, const char *s)
{
    for (int32_t i = 0; i < li->n; i++)
        if (strcmp(li->item[i], s) == 0)
            return true;
    return false;
}

static char *list_join(ck_arena *a, const list_items *li)
{
    size_t len = 1;
    char *out, *w;

    for (int32_t i = 0; i < li->n; i++)
        len += strlen(li->item[i]) + 1;
    out = ck_arena_alloc(a, len);
    w = out;
    for (int32_t i = 0; i < li->n; i++) {
        size_t l = strlen(li->item[i]);
        if (i)
            *w++ = ',';
        memcpy(w, li->item[i], l);
        w += l;
    }
    *w = '\0';
    return out;
}

/* Applies one APPEND or SUBTRACT of `value` to the current value `cur`. */
static char *list_apply(ck_arena *a, const char *cur, const char *value, int op)
{
    list_items have, delta, res;

    list_split(a, cur, &have);
    list_split(a, value, &delta);
    res.item = arena_array(a, have.n + delta.n, sizeof *res.item);
    res.n = 0;
    for (int32_t i = 0; i < have.n; i++)
        if (op != OP_SUBTRACT || !list_has(&delta, have.item[i]))
            res.item[res.n++] = have.item[i];
    if (op == OP_APPEND)
        for (int32_t i = 0; i < delta.n; i++)
            if (!list_has(&res, delta.item[i]))
                res.item[res.n++] = delta.item[i];
    return list_join(a, &res);
}

/* IncrementalAlterConfigs on a broker resource: the level's current dynamic
 * set with each operation applied, handed to the engine whole.  APPEND and
 * SUBTRACT start from the level's value, else the key's default (Kafka). */
static int incremental_broker(ck_kreq *req, const ck_IncrementalAlterConfigsRequest_AlterConfigsResource *res,
                              bool validate_only, char *err, size_t errlen)
{
    const chronik_conf_t *broker = ck_engine_conf(req->eng);
    ck_conf_source level = broker_level(req, res->ResourceName, err, errlen);
    int32_t n = res->Configs.n > 0 ? res->Configs.n : 0;
    const char *next[CK_BK__COUNT];
    bool seen[CK_BK__COUNT] = { false };
    const char **keys, **vals;
    int32_t nk = 0;

    if (!level)
        return CHRONIK_ERR_INVALID_REQUEST;
    for (int k = 0; k < CK_BK__COUNT; k++)
        next[k] = ck_conf_broker_level(broker, k, level);
    for (int32_t i = 0; i < n; i++) {
        const ck_IncrementalAlterConfigsRequest_AlterableConfig *c = &res->Configs.a[i];
        char *key = cstr(&req->arena, c->Name);
        char *value = cstr(&req->arena, c->Value);
        int k = key ? ck_conf_broker_key(key) : -1;
        const char *cur;

        if (k < 0) {
            snprintf(err, errlen, "Unknown broker config '%s'.", key ? key : "(null)");
            return CHRONIK_ERR_INVALID_CONFIG;
        }
        if (seen[k]) {
            snprintf(err, errlen, "Error due to duplicate config keys: '%s'.", key);
            return CHRONIK_ERR_INVALID_REQUEST;
        }
        seen[k] = true;
        if (c->ConfigOperation != OP_DELETE && !value) {
            snprintf(err, errlen, "Null value not supported for : %s", key);
            return CHRONIK_ERR_INVALID_REQUEST;
        }
        switch (c->ConfigOperation) {
        case OP_SET:
            next[k] = value;
            break;
        case OP_DELETE:
            next[k] = NULL;
            break;
        case OP_APPEND:
        case OP_SUBTRACT:
            if (ck_conf_broker_type(k) != CK_CT_LIST) {
                snprintf(err, errlen, "Config value %s is not allowed for config key: %s",
                         c->ConfigOperation == OP_APPEND ? "append" : "subtract", key);
                return CHRONIK_ERR_INVALID_CONFIG;
            }
            cur = next[k] ? next[k] : ck_conf_broker_default(k);
            next[k] = list_apply(&req->arena, cur ? cur : "", value, c->ConfigOperation);
            break;
        default:
            snprintf(err, errlen, "Unknown operations type %d for '%s'.", (int)c->ConfigOperation, key);
            return CHRONIK_ERR_INVALID_REQUEST;
        }
    }
    keys = arena_array(&req->arena, CK_BK__COUNT, sizeof *keys);
    vals = arena_array(&req->arena, CK_BK__COUNT, sizeof *vals);
    for (int k = 0; k < CK_BK__COUNT; k++) {
        if (!next[k])
            continue;
        keys[nk] = ck_conf_broker_name(k);
        vals[nk++] = ck_arena_strndup(&req->arena, next[k], strlen(next[k]));   /* next may borrow broker */
    }
    return broker_replace(req, level, keys, vals, nk, validate_only, err, errlen);
}

static int incremental_one(ck_kreq *req, const ck_IncrementalAlterConfigsRequest_AlterConfigsResource *res,
                           bool validate_only, char *err, size_t errlen)
{
    ck_engine *eng = req->eng;
    const chronik_conf_t *broker = ck_engine_conf(eng);
    char *name;
    ck_topic *topic = NULL;
    ck_topic_conf tc;
    bool have_tc = false;
    int32_t n = res->Configs.n > 0 ? res->Configs.n : 0;
    const char **kv;
    int32_t nkv = 0;
    bool seen[CK_TK__COUNT] = { false };

    if ((res->ResourceType == RES_TOPIC || res->ResourceType == RES_BROKER) &&
        config_auth(req, res->ResourceType, res->ResourceName, CK_OP_ALTER_CONFIGS, err, errlen) != 0)
        return res->ResourceType == RES_TOPIC ? CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED
                                              : CHRONIK_ERR_CLUSTER_AUTHORIZATION_FAILED;
    int rc;

    if (res->ResourceType == RES_BROKER)
        return incremental_broker(req, res, validate_only, err, errlen);
    rc = alter_target(req, res->ResourceType, res->ResourceName, &name, err, errlen);
    if (rc)
        goto out;
    topic = ck_engine_topic_get(eng, name, strlen(name));
    if (!topic) {
        snprintf(err, errlen, "Topic '%s' does not exist.", name);
        rc = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        goto out;
    }
    ck_topic_conf_snapshot(topic, &tc);
    have_tc = true;
    for (int32_t i = 0; i < n; i++) {
        const ck_IncrementalAlterConfigsRequest_AlterableConfig *c = &res->Configs.a[i];
        char *key = cstr(&req->arena, c->Name);
        char *value = cstr(&req->arena, c->Value);
        int k = key ? ck_conf_topic_key(key) : -1;

        if (k < 0) {
            snprintf(err, errlen, "Unknown topic config '%s'.", key ? key : "(null)");
            rc = CHRONIK_ERR_INVALID_CONFIG;
            goto out;
        }
        if (seen[k]) {
            snprintf(err, errlen, "Config '%s' is given more than once.", key);
            rc = CHRONIK_ERR_INVALID_REQUEST;
            goto out;
        }
        seen[k] = true;
        switch (c->ConfigOperation) {
        case OP_SET:
            if (!value) {
                snprintf(err, errlen, "Null value not supported for SET of '%s'.", key);
                rc = CHRONIK_ERR_INVALID_REQUEST;
                goto out;
            }
            break;
        case OP_DELETE:
            value = NULL;
            break;
        case OP_APPEND:
        case OP_SUBTRACT: {
            const char *cur;
            if (ck_conf_topic_type(k) != CK_CT_LIST) {
                snprintf(err, errlen, "Config '%s' is not a list: %s is only for list configs.", key,
                         c->ConfigOperation == OP_APPEND ? "APPEND" : "SUBTRACT");
                rc = CHRONIK_ERR_INVALID_CONFIG;
                goto out;
            }
            if (!value) {
                snprintf(err, errlen, "Null value not supported for %s of '%s'.",
                         c->ConfigOperation == OP_APPEND ? "APPEND" : "SUBTRACT", key);
                rc = CHRONIK_ERR_INVALID_REQUEST;
                goto out;
            }
            cur = ck_topic_conf_value(&tc, broker, k, NULL, 0);
            value = list_apply(&req->arena, cur ? cur : "", value, c->ConfigOperation);
            if (!value[0]) {
                snprintf(err, errlen, "Config '%s' would become an empty list.", key);
                rc = CHRONIK_ERR_INVALID_CONFIG;
                goto out;
            }
            break;
        }
        default:
            snprintf(err, errlen, "Unknown config operation %d for '%s'.", (int)c->ConfigOperation, key);
            rc = CHRONIK_ERR_INVALID_REQUEST;
            goto out;
        }
        rc = ck_topic_conf_set(&tc, broker, key, value, err, errlen);
        if (rc)
            goto out;
    }
    /* The resulting overrides, applied at once (all or nothing). */
    kv = arena_array(&req->arena, 2 * CK_TK__COUNT + 1, sizeof *kv);
    for (int k = 0; k < CK_TK__COUNT; k++) {
        if (!tc.str[k])
            continue;
        kv[nkv++] = ck_conf_topic_name(k);
        kv[nkv++] = ck_arena_strndup(&req->arena, tc.str[k], strlen(tc.str[k]));
    }
    kv[nkv] = NULL;
    rc = ck_engine_topic_config_replace(eng, name, kv, validate_only, err, errlen);
out:
    if (have_tc)
        ck_topic_conf_free(&tc);
    if (topic)
        ck_topic_release(topic);
    return rc;
}

/** @brief IncrementalAlterConfigs v0-1: SET, DELETE, APPEND and SUBTRACT on
 *  topic configs and dynamic broker configs, all or nothing per resource.
 *  Loop thread; responds. */
int ck_h_IncrementalAlterConfigs(ck_kreq *req)
{
    const ck_IncrementalAlterConfigsRequest *in = req->body;
    ck_IncrementalAlterConfigsResponse out;
    int32_t n = in->Resources.n > 0 ? in->Resources.n : 0;
    ck_str *keys = arena_array(&req->arena, n, sizeof *keys);
    uint8_t *dups;

    for (int32_t i = 0; i < n; i++)
        keys[i] = dup_key(&req->arena, in->Resources.a[i].ResourceType, in->Resources.a[i].ResourceName.p,
                          in->Resources.a[i].ResourceName.len);
    dups = mark_dups(&req->arena, keys, n);
    ck_IncrementalAlterConfigsResponse_init(&out);
    out.Responses.n = 0;
    out.Responses.a = arena_array(&req->arena, n, sizeof *out.Responses.a);
    for (int32_t i = 0; i < n; i++) {
        const ck_IncrementalAlterConfigsRequest_AlterConfigsResource *res = &in->Resources.a[i];
        ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse *r;
        char err[ERRLEN] = "";
        int rc = 0;

        if (dups[i] == DUP_REPEAT)
            continue;   /* answered once, with the first occurrence */
        r = &out.Responses.a[out.Responses.n++];
        if (dups[i] == DUP_FIRST) {
            snprintf(err, sizeof err, "Resource is given more than once in the request.");
            rc = CHRONIK_ERR_INVALID_REQUEST;
        } else {
            rc = incremental_one(req, res, in->ValidateOnly, err, sizeof err);
        }
        ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse_init(r);
        r->ResourceType = res->ResourceType;
        r->ResourceName = res->ResourceName;
        r->ErrorCode = wire_err(rc);
        r->ErrorMessage = err_msg(&req->arena, r->ErrorCode, err);
    }
    ck_kreq_respond(req, &out);
    return CK_DONE;
}

/* ====================================================================== */
/* DeleteRecords                                                           */
/* ====================================================================== */

static void delete_records_one(ck_topic *topic, const ck_DeleteRecordsRequest_DeleteRecordsPartition *dp,
                               ck_DeleteRecordsResponse_DeleteRecordsPartitionResult *r)
{
    ck_partition *p = topic ? ck_topic_partition(topic, dp->PartitionIndex) : NULL;
    int64_t lw = -1;
    int rc;

    r->PartitionIndex = dp->PartitionIndex;
    if (!p) {
        rc = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        goto out;
    }
    /* -1 means the high watermark; beyond it is OFFSET_OUT_OF_RANGE. */
    rc = ck_partition_delete_records(p, dp->Offset, &lw);
out:
    r->ErrorCode = wire_err(rc);
    r->LowWatermark = r->ErrorCode ? -1 : lw;
}

/** @brief DeleteRecords v0-2: advances partitions' log start offsets.
 *  Loop thread; responds before returning. */
int ck_h_DeleteRecords(ck_kreq *req)
{
    const ck_DeleteRecordsRequest *in = req->body;
    ck_DeleteRecordsResponse out;
    int32_t n = in->Topics.n > 0 ? in->Topics.n : 0;

    ck_DeleteRecordsResponse_init(&out);
    out.Topics.n = n;
    out.Topics.a = arena_array(&req->arena, n, sizeof *out.Topics.a);
    for (int32_t i = 0; i < n; i++) {
        const ck_DeleteRecordsRequest_DeleteRecordsTopic *t = &in->Topics.a[i];
        ck_DeleteRecordsResponse_DeleteRecordsTopicResult *r = &out.Topics.a[i];
        int32_t np = t->Partitions.n > 0 ? t->Partitions.n : 0;
        ck_topic *topic = t->Name.len > 0 ? ck_engine_topic_get(req->eng, t->Name.p, (size_t)t->Name.len) : NULL;

        ck_DeleteRecordsResponse_DeleteRecordsTopicResult_init(r);
        r->Name = t->Name;
        r->Partitions.n = np;
        r->Partitions.a = arena_array(&req->arena, np, sizeof *r->Partitions.a);
        bool ok = ck_kreq_authorized(req, CK_OP_DELETE, CK_RES_TOPIC, t->Name.p, t->Name.len > 0 ? (size_t)t->Name.len : 0);
        for (int32_t j = 0; j < np; j++) {
            ck_DeleteRecordsResponse_DeleteRecordsPartitionResult_init(&r->Partitions.a[j]);
            if (!ok) {
                r->Partitions.a[j].PartitionIndex = t->Partitions.a[j].PartitionIndex;
                r->Partitions.a[j].ErrorCode = CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;
                r->Partitions.a[j].LowWatermark = -1;
                continue;
            }
            delete_records_one(topic, &t->Partitions.a[j], &r->Partitions.a[j]);
        }
        if (topic)
            ck_topic_release(topic);
    }
    ck_kreq_respond(req, &out);
    return CK_DONE;
}

/* ====================================================================== */
/* DescribeCluster                                                         */
/* ====================================================================== */

/** @brief DescribeCluster v0-1: this node as the only broker and the
 *  controller.  Loop thread; responds before returning. */
int ck_h_DescribeCluster(ck_kreq *req)
{
    const ck_DescribeClusterRequest *in = req->body;
    ck_DescribeClusterResponse out;
    ck_kafka *k = ck_kreq_listener(req);
    int8_t etype = req->api_version >= 1 ? in->EndpointType : 1;

    ck_DescribeClusterResponse_init(&out);
    out.EndpointType = etype;
    out.ClusterId = kstr(&req->arena, ck_engine_cluster_id(req->eng));
    if (etype != 1) {
        /* 2 (controllers) is a valid type this broker endpoint does not
         * serve; anything else is unknown. */
        out.ErrorCode = etype == 2 ? CHRONIK_ERR_MISMATCHED_ENDPOINT_TYPE : CHRONIK_ERR_UNSUPPORTED_ENDPOINT_TYPE;
        out.ErrorMessage = kstr(&req->arena, etype == 2 ? "This endpoint serves brokers (1), not controllers (2)."
                                                        : "Unknown endpoint type.");
        out.ControllerId = -1;
        out.Brokers.n = 0;
        goto respond;
    }
    out.ControllerId = ck_engine_node_id(req->eng);
    out.Brokers.n = 1;
    out.Brokers.a = arena_array(&req->arena, 1, sizeof *out.Brokers.a);
    ck_DescribeClusterResponse_DescribeClusterBroker_init(&out.Brokers.a[0]);
    out.Brokers.a[0].BrokerId = ck_engine_node_id(req->eng);
    out.Brokers.a[0].Host = kstr(&req->arena, ck_kafka_advertised_host(k));
    out.Brokers.a[0].Port = ck_kafka_advertised_port(k);
    out.Brokers.a[0].Rack = knull();
    out.ClusterAuthorizedOperations = in->IncludeClusterAuthorizedOperations ? CLUSTER_OPS : INT32_MIN;
respond:
    ck_kreq_respond(req, &out);
    return CK_DONE;
}

/* ====================================================================== */
/* DescribeLogDirs                                                         */
/* ====================================================================== */

/* Appends partition p's description to the topic result. */
static void logdir_partition(ck_partition *p, ck_DescribeLogDirsResponse_DescribeLogDirsPartition *d)
{
    ck_DescribeLogDirsResponse_DescribeLogDirsPartition_init(d);
    d->PartitionIndex = ck_partition_index(p);
    d->PartitionSize = ck_partition_size_bytes(p);
    d->OffsetLag = 0;
    d->IsFutureKey = false;
}

/* Describes topic (all partitions when want is NULL, else those listed). */
static void logdir_topic(ck_kreq *req, ck_topic *topic, const ck_DescribeLogDirsRequest_DescribableLogDirTopic *want,
                         ck_DescribeLogDirsResponse_DescribeLogDirsTopic *r)
{
    int32_t np = ck_topic_partition_count(topic);
    int32_t cap = want ? (want->Partitions.n > 0 ? want->Partitions.n : 0) : np;
    bool *seen = arena_array(&req->arena, np, sizeof *seen);   /* each partition once */

    ck_DescribeLogDirsResponse_DescribeLogDirsTopic_init(r);
    r->Name = kstr(&req->arena, ck_topic_name(topic));
    r->Partitions.a = arena_array(&req->arena, cap, sizeof *r->Partitions.a);
    r->Partitions.n = 0;
    for (int32_t i = 0; i < cap; i++) {
        int32_t idx = want ? want->Partitions.a[i] : i;
        ck_partition *p = ck_topic_partition(topic, idx);
        if (!p || seen[idx])
            continue;
        seen[idx] = true;
        logdir_partition(p, &r->Partitions.a[r->Partitions.n++]);
    }
}

/** @brief DescribeLogDirs v0-4: the one log directory <data.dir>/logs with
 *  each partition's size.  Loop thread; responds before returning. */
int ck_h_DescribeLogDirs(ck_kreq *req)
{
    const ck_DescribeLogDirsRequest *in = req->body;
    ck_DescribeLogDirsResponse out;
    ck_DescribeLogDirsResponse_DescribeLogDirsResult *d;
    const char *data_dir = ck_conf_str(ck_engine_conf(req->eng), CK_BK_DATA_DIR);
    char path[PATH_MAX + 8];
    char abs[PATH_MAX];
    struct statvfs vfs;
    ck_topic **topics = NULL;
    size_t ntopics = 0;
    int32_t nres = 0;

    ck_DescribeLogDirsResponse_init(&out);
    if (!ck_kreq_authorized_cluster(req, CK_OP_DESCRIBE)) {
        /* as Kafka: no log dirs, and from v3 on the error */
        out.ErrorCode = CHRONIK_ERR_CLUSTER_AUTHORIZATION_FAILED;
        out.Results.n = 0;
        ck_kreq_respond(req, &out);
        return CK_DONE;
    }
    out.ErrorCode = 0;
    out.Results.n = 1;
    out.Results.a = arena_array(&req->arena, 1, sizeof *out.Results.a);
    d = &out.Results.a[0];
    ck_DescribeLogDirsResponse_DescribeLogDirsResult_init(d);
    snprintf(path, sizeof path, "%s/logs", data_dir ? data_dir : ".");
    d->LogDir = kstr(&req->arena, realpath(path, abs) ? abs : path);
    d->ErrorCode = 0;
    if (statvfs(path, &vfs) == 0) {
        d->TotalBytes = (int64_t)vfs.f_blocks * (int64_t)vfs.f_frsize;
        d->UsableBytes = (int64_t)vfs.f_bavail * (int64_t)vfs.f_frsize;
    } else {
        d->TotalBytes = -1;
        d->UsableBytes = -1;
    }
    if (in->Topics.n < 0) {
        topics = ck_engine_topic_list(req->eng, &ntopics);
        d->Topics.a = arena_array(&req->arena, (int32_t)ntopics, sizeof *d->Topics.a);
        for (size_t i = 0; i < ntopics; i++)
            logdir_topic(req, topics[i], NULL, &d->Topics.a[nres++]);
    } else {
        ck_str *names = arena_array(&req->arena, in->Topics.n, sizeof *names);
        uint8_t *dups;
        for (int32_t i = 0; i < in->Topics.n; i++)
            names[i] = in->Topics.a[i].Topic;
        dups = mark_dups(&req->arena, names, in->Topics.n);
        d->Topics.a = arena_array(&req->arena, in->Topics.n, sizeof *d->Topics.a);
        for (int32_t i = 0; i < in->Topics.n; i++) {
            const ck_DescribeLogDirsRequest_DescribableLogDirTopic *w = &in->Topics.a[i];
            ck_topic *topic;
            if (dups[i] == DUP_REPEAT || w->Topic.len <= 0)
                continue;
            topic = ck_engine_topic_get(req->eng, w->Topic.p, (size_t)w->Topic.len);
            if (!topic)
                continue;
            logdir_topic(req, topic, w, &d->Topics.a[nres++]);
            ck_topic_release(topic);
        }
    }
    d->Topics.n = nres;
    if (topics)
        ck_topics_release(topics, ntopics);
    ck_kreq_respond(req, &out);
    return CK_DONE;
}
