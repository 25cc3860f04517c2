/*
 * h_data.c — the Kafka data-path handlers: Metadata, Produce, Fetch,
 * ListOffsets, OffsetForLeaderEpoch, InitProducerId and DescribeProducers.
 *
 * They translate the generated request structs (lib/protocol/kmsg.h) into
 * engine calls (lib/engine/engine.h) and answer with the generated response
 * structs through ck_kreq_respond.  Everything a response points to lives in
 * the request's arena or frame, which stay valid until the response is
 * encoded.
 *
 * Produce submits every partition's record set to the engine and answers
 * when the last one is durable: completions are counted with an atomic, and
 * the last completer (the loop thread or the flusher thread) responds.
 *
 * Fetch answers from the segment files without copying (a ck_records with a
 * file range and a pinned segment as its reference, released with the
 * encoded buffer), down-converts v2 batches to message sets for Fetch v0-v3,
 * keeps incremental fetch sessions (KIP-227) per connection, and parks on the
 * partitions' watches (ck_partition_watch + ck_kreq_defer) while fewer than
 * MinBytes are available.
 *
 * Thread: handlers run on the connection's loop thread; produce completions
 * run on the flusher thread.  Fetch state (sessions, parked fetches) is only
 * touched by the loop thread of its connection.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "group/group.h"
#include "kafka/h_txn.h"
#include "kafka/handlers.h"
#include "protocol/kmsg.h"
#include "security/security.h"

#define H_LOG "kafka"

/* The ck_kconn slot holding a connection's fetch sessions. */
#define FETCH_CONN_SLOT 0
/* Fetch sessions one connection may hold (the least recently used goes). */
#define FETCH_SESSIONS_PER_CONN 8
/* Partitions one fetch session may track. */
#define FETCH_SESSION_MAX_PARTS 100000

/* Authorized-operation bitfields when no ACLs are configured: everything a
 * topic (READ..ALTER_CONFIGS) or the cluster allows. */
#define TOPIC_ALL_OPERATIONS 0x0DF8
#define CLUSTER_ALL_OPERATIONS 0x1FA0
#define NO_AUTHORIZED_OPERATIONS INT32_MIN

/* ====================================================================== */
/* Helpers                                                                 */
/* ====================================================================== */

static ck_str str_null(void)
{
    ck_str s = { NULL, -1 };
    return s;
}

/* A ck_str view of a NUL-terminated string with static or longer-lived storage. */
static ck_str str_of(const char *s)
{
    ck_str r = { s, s ? (int32_t)strlen(s) : -1 };
    return r;
}

/* A copy of s[0..n) in the arena. */
static ck_str str_dup(ck_arena *a, const char *s, size_t n)
{
    ck_str r = { ck_arena_strndup(a, s, n), (int32_t)n };
    return r;
}

/* An engine or library error as a Kafka error code for a response field. */
static int16_t kerr(int err)
{
    if (err >= -1 && err < 200)
        return (int16_t)err;
    if (err == CHRONIK_ERR_IO || err == CHRONIK_ERR_CORRUPT)
        return CHRONIK_ERR_KAFKA_STORAGE_ERROR;
    return CHRONIK_ERR_UNKNOWN_SERVER_ERROR;
}

/* The leader-epoch check of Fetch/ListOffsets/OffsetForLeaderEpoch: this
 * node's only epoch is 0; -1 means the client does not check. */
static int16_t check_leader_epoch(int32_t current)
{
    if (current < 0 || current == 0)
        return 0;
    return CHRONIK_ERR_UNKNOWN_LEADER_EPOCH;
}

/* Looks a topic up by name and, when allowed, creates it with the broker's
 * num.partitions; __consumer_offsets, like Kafka's, is created on its first
 * request by name with its own settings (offsets.topic.num.partitions,
 * compacted).  Returns 0 with *out kept, or a Kafka error code. */
static int16_t topic_get_or_create(ck_engine *eng, ck_str name, bool create, ck_topic **out)
{
    char buf[256];
    char err[160];
    int rc;

    *out = NULL;
    if (name.len <= 0 || !ck_topic_name_valid(name.p, (size_t)name.len))
        return CHRONIK_ERR_INVALID_TOPIC_EXCEPTION;
    *out = ck_engine_topic_get(eng, name.p, (size_t)name.len);
    if (*out)
        return 0;
    if ((size_t)name.len == strlen(CK_OFFSETS_TOPIC) && memcmp(name.p, CK_OFFSETS_TOPIC, (size_t)name.len) == 0) {
        ck_offsets_topic_ensure(eng);
        *out = ck_engine_topic_get(eng, name.p, (size_t)name.len);
        return *out ? 0 : CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
    }
    if (!create)
        return CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
    memcpy(buf, name.p, (size_t)name.len);
    buf[name.len] = '\0';
    rc = ck_engine_topic_create(eng, buf, (int32_t)ck_conf_num(ck_engine_conf(eng), CK_BK_NUM_PARTITIONS), NULL,
                                false, err, sizeof(err));
    if (rc != 0 && rc != CHRONIK_ERR_TOPIC_ALREADY_EXISTS) {
        CK_WARN(H_LOG, "auto-creating topic %s failed: %s", buf, err);
        return kerr(rc);
    }
    if (rc == 0)
        CK_INFO(H_LOG, "auto-created topic %s", buf);
    *out = ck_engine_topic_get(eng, name.p, (size_t)name.len);
    return *out ? 0 : CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
}

static bool auto_create_enabled(ck_engine *eng)
{
    return ck_conf_num(ck_engine_conf(eng), CK_BK_AUTO_CREATE_TOPICS_ENABLE) != 0;
}

/* ACL checks (h_security.h): op on the topic named name. */
static bool topic_ok(ck_kreq *req, int op, const char *name, size_t len)
{
    return ck_kreq_authorized(req, op, CK_RES_TOPIC, name, len);
}

static bool topic_ok_str(ck_kreq *req, int op, ck_str name)
{
    return name.len >= 0 ? topic_ok(req, op, name.p, (size_t)name.len) : topic_ok(req, op, "", 0);
}

/* Creating a topic takes CREATE on the cluster or on the topic. */
static bool create_ok(ck_kreq *req, ck_str name)
{
    return ck_kreq_authorized_cluster(req, CK_OP_CREATE) || topic_ok_str(req, CK_OP_CREATE, name);
}

/* Would topic_get_or_create create name?  Only when it does not exist. */
static bool topic_exists(ck_engine *eng, ck_str name)
{
    ck_topic *t = name.len > 0 ? ck_engine_topic_get(eng, name.p, (size_t)name.len) : NULL;

    if (t == NULL)
        return false;
    ck_topic_release(t);
    return true;
}

static void stat_add(uint64_t *counter, uint64_t v)
{
    __atomic_fetch_add(counter, v, __ATOMIC_RELAXED);
}

/* ====================================================================== */
/* Metadata                                                                */
/* ====================================================================== */

/* Fills one topic entry of a Metadata response from t. */
static void metadata_fill_topic(ck_kreq *req, ck_MetadataResponse_MetadataResponseTopic *out, ck_topic *t,
                                int32_t authorized_ops)
{
    int32_t node = ck_engine_node_id(req->eng);
    int32_t nparts = ck_topic_partition_count(t);
    int32_t i;

    out->ErrorCode = 0;
    out->Name = str_of(ck_arena_strndup(&req->arena, ck_topic_name(t), strlen(ck_topic_name(t))));
    memcpy(out->TopicId, ck_topic_id(t), 16);
    out->IsInternal = ck_topic_name_internal(ck_topic_name(t), strlen(ck_topic_name(t)));
    out->TopicAuthorizedOperations = authorized_ops;
    ck_MetadataResponse_MetadataResponsePartition_array_alloc(&req->arena, &out->Partitions, nparts);
    for (i = 0; i < nparts; i++) {
        ck_MetadataResponse_MetadataResponsePartition *mp = &out->Partitions.a[i];
        mp->ErrorCode = 0;
        mp->PartitionIndex = i;
        mp->LeaderId = node;
        mp->LeaderEpoch = 0;
        CK_ARRAY_ALLOC(&req->arena, mp->ReplicaNodes, 1);
        mp->ReplicaNodes.a[0] = node;
        CK_ARRAY_ALLOC(&req->arena, mp->IsrNodes, 1);
        mp->IsrNodes.a[0] = node;
        mp->OfflineReplicas.n = 0;
        mp->OfflineReplicas.a = NULL;
    }
}

/** @brief Metadata v0-12: this node as the only broker and controller, the
 *  requested (or all) topics, auto-creating unknown ones when allowed.
 *  Loop thread; completes before returning. */
int ck_h_Metadata(ck_kreq *req)
{
    const ck_MetadataRequest *mr = req->body;
    int16_t v = req->api_version;
    ck_engine *eng = req->eng;
    ck_kafka *k = ck_kreq_listener(req);
    ck_MetadataResponse resp;
    ck_topic **all = NULL;
    size_t nall = 0, i;
    int32_t ops = mr->IncludeTopicAuthorizedOperations ? TOPIC_ALL_OPERATIONS : NO_AUTHORIZED_OPERATIONS;
    bool create = auto_create_enabled(eng) && (v < 4 || mr->AllowAutoTopicCreation);
    bool list_all = mr->Topics.n < 0 || (v == 0 && mr->Topics.n == 0);

    ck_MetadataResponse_init(&resp);
    ck_MetadataResponse_MetadataResponseBroker_array_alloc(&req->arena, &resp.Brokers, 1);
    resp.Brokers.a[0].NodeId = ck_engine_node_id(eng);
    resp.Brokers.a[0].Host = str_of(ck_kafka_advertised_host(k));
    resp.Brokers.a[0].Port = ck_kafka_advertised_port(k);
    resp.Brokers.a[0].Rack = str_null();
    resp.ClusterId = str_of(ck_engine_cluster_id(eng));
    resp.ControllerId = ck_engine_node_id(eng);
    resp.ClusterAuthorizedOperations =
        mr->IncludeClusterAuthorizedOperations ? CLUSTER_ALL_OPERATIONS : NO_AUTHORIZED_OPERATIONS;

    if (list_all) {
        size_t n = 0;
        bool *shown;
        all = ck_engine_topic_list(eng, &nall);
        shown = ck_arena_alloc(&req->arena, nall ? nall : 1);
        for (i = 0; i < nall; i++) {
            /* topics the principal may not DESCRIBE are left out */
            shown[i] = !ck_topic_deleted(all[i]) &&
                       topic_ok(req, CK_OP_DESCRIBE, ck_topic_name(all[i]), strlen(ck_topic_name(all[i])));
            n += shown[i];
        }
        ck_MetadataResponse_MetadataResponseTopic_array_alloc(&req->arena, &resp.Topics, (int32_t)n);
        n = 0;
        for (i = 0; i < nall; i++) {
            if (!shown[i])
                continue;
            metadata_fill_topic(req, &resp.Topics.a[n++], all[i], ops);
        }
        ck_topics_release(all, nall);
    } else {
        ck_MetadataResponse_MetadataResponseTopic_array_alloc(&req->arena, &resp.Topics, mr->Topics.n);
        for (i = 0; i < (size_t)mr->Topics.n; i++) {
            const ck_MetadataRequest_MetadataRequestTopic *rt = &mr->Topics.a[i];
            ck_MetadataResponse_MetadataResponseTopic *out = &resp.Topics.a[i];
            ck_topic *t = NULL;
            int16_t err;

            if (rt->Name.len < 0 && v >= 10) {
                /* By topic id (v12): unknown ids answer with a null name. */
                t = ck_engine_topic_get_by_id(eng, rt->TopicId);
                err = t ? 0 : CHRONIK_ERR_UNKNOWN_TOPIC_ID;
                if (t && !topic_ok(req, CK_OP_DESCRIBE, ck_topic_name(t), strlen(ck_topic_name(t)))) {
                    ck_topic_release(t);
                    t = NULL;
                    err = CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;
                }
            } else if (!topic_ok_str(req, CK_OP_DESCRIBE, rt->Name)) {
                err = CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;
            } else if (create && !create_ok(req, rt->Name) && !topic_exists(eng, rt->Name)) {
                err = CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;   /* not created */
            } else {
                err = topic_get_or_create(eng, rt->Name, create, &t);
            }
            if (err == 0) {
                metadata_fill_topic(req, out, t, ops);
            } else {
                out->ErrorCode = err;
                out->Name = rt->Name.len >= 0 ? rt->Name : str_null();
                memcpy(out->TopicId, rt->TopicId, 16);
                out->TopicAuthorizedOperations = ops;
                out->Partitions.n = 0;
            }
            if (t)
                ck_topic_release(t);
        }
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* ====================================================================== */
/* Produce                                                                 */
/* ====================================================================== */

typedef struct produce_ctx {
    atomic_int         pending;      /* submitted partitions not completed, + 1 for the handler */
    ck_kreq           *req;
    bool               no_response;  /* acks=0 */
    atomic_bool        failed;       /* some partition answered with an error */
    ck_ProduceResponse resp;
} produce_ctx;

/* One partition of a produce: the completion writes only here, so no arena
 * allocation happens off the loop thread. */
typedef struct produce_slot {
    produce_ctx                                  *ctx;
    ck_ProduceResponse_PartitionProduceResponse  *out;
    ck_ProduceResponse_BatchIndexAndErrorMessage  rec_err;
    char                                          errmsg[sizeof(((ck_produce_result *)0)->errmsg)];
} produce_slot;

static void produce_fill(produce_slot *s, const ck_produce_result *res)
{
    ck_ProduceResponse_PartitionProduceResponse *out = s->out;

    out->ErrorCode = kerr(res->err);
    if (res->err)
        atomic_store(&s->ctx->failed, true);
    out->BaseOffset = res->err ? -1 : res->base_offset;
    out->LogAppendTimeMs = res->err ? -1 : res->log_append_time;
    out->LogStartOffset = res->err ? -1 : res->log_start_offset;
    if (res->err && res->errmsg[0]) {
        size_t n = strnlen(res->errmsg, sizeof(res->errmsg) - 1);
        memcpy(s->errmsg, res->errmsg, n);
        s->errmsg[n] = '\0';
        out->ErrorMessage.p = s->errmsg;
        out->ErrorMessage.len = (int32_t)n;
        if (res->record_error_index >= 0) {
            s->rec_err.BatchIndex = res->record_error_index;
            s->rec_err.BatchIndexErrorMessage = out->ErrorMessage;
            out->RecordErrors.n = 1;
            out->RecordErrors.a = &s->rec_err;
        }
    }
}

static void produce_set_error(produce_slot *s, int16_t err, const char *msg)
{
    ck_produce_result res;

    memset(&res, 0, sizeof(res));
    res.err = err;
    res.base_offset = -1;
    res.record_error_index = -1;
    snprintf(res.errmsg, sizeof(res.errmsg), "%s", msg);
    produce_fill(s, &res);
}

/* Drops one pending count; the last one answers and frees the request. */
static bool produce_put(produce_ctx *ctx)
{
    ck_kreq *req = ctx->req;

    if (atomic_fetch_sub_explicit(&ctx->pending, 1, memory_order_acq_rel) != 1)
        return false;
    /* acks=0 has no response: like Kafka, a failure closes the connection
     * so that the producer notices. */
    if (ctx->no_response && atomic_load(&ctx->failed))
        ck_kreq_close_conn(req, "produce with acks=0 failed");
    else if (ctx->no_response)
        ck_kreq_no_response(req);
    else
        ck_kreq_respond(req, &ctx->resp);
    return true;
}

/* Durable completion of one partition: flusher thread. */
static void produce_done(void *opaque, const ck_produce_result *res)
{
    produce_slot *s = opaque;

    produce_fill(s, res);
    produce_put(s->ctx);
}

/** @brief Produce v0-11 (v0-2 message sets are converted by the engine):
 *  appends each partition's records and answers when all are durable
 *  (acks 1 and -1), or not at all (acks 0).  Loop thread; may complete on
 *  the flusher thread. */
static int produce_run(ck_kreq *req, int32_t throttle_ms);

/* A produce passing through its client's quota (the body is swapped for
 * this while the request waits). */
typedef struct produce_held {
    ck_ProduceRequest *body;
    ck_kquota_ticket   ticket;
    int32_t            throttle_ms;
} produce_held;

static int produce_admit(ck_kreq *req);

static void produce_go(ck_kreq *req, bool shutting_down)
{
    produce_held *h = req->body;

    (void)shutting_down;
    req->body = h->body;
    produce_run(req, h->throttle_ms);
}

static void produce_wait_done(ck_kreq *req, bool shutting_down)
{
    if (shutting_down)
        produce_go(req, true);
    else
        produce_admit(req);
}

/* Waits while the connection is muted by an earlier throttle, then counts
 * the request's bytes: over the quota, the request is held for the
 * throttle time (and answered with it); nothing is dropped. */
static int produce_admit(ck_kreq *req)
{
    produce_held *h = req->body;
    ck_ProduceRequest *pr = h->body;
    double bytes = 0;
    int64_t wait = ck_kreq_quota_admit(req, CK_QUOTA_PRODUCE, &h->ticket), throttle;
    int32_t ti, pi;

    if (wait > 0) {
        ck_kreq_defer(req, wait, produce_wait_done);
        return CK_PENDING;
    }
    for (ti = 0; ti < pr->TopicData.n; ti++)
        for (pi = 0; pi < pr->TopicData.a[ti].PartitionData.n; pi++)
            bytes += pr->TopicData.a[ti].PartitionData.a[pi].Records.len > 0
                         ? pr->TopicData.a[ti].PartitionData.a[pi].Records.len : 0;
    throttle = ck_kreq_quota(req, CK_QUOTA_PRODUCE, bytes);
    h->throttle_ms = (int32_t)throttle;
    if (throttle > 0) {
        ck_kreq_defer(req, throttle, produce_go);
        return CK_PENDING;
    }
    req->body = h->body;
    return produce_run(req, 0);
}

/** @brief Produce v0-11.  A client over its producer_byte_rate quota has
 *  its request held for the throttle time (nothing is dropped), then
 *  answered with ThrottleTimeMs; the connection's later produces wait, in
 *  order, until then before they are counted.  May complete later from any
 *  thread. */
int ck_h_Produce(ck_kreq *req)
{
    produce_held *h = ck_arena_alloc(&req->arena, sizeof(*h));

    memset(h, 0, sizeof(*h));
    h->body = req->body;
    req->body = h;
    return produce_admit(req);
}

static int produce_run(ck_kreq *req, int32_t throttle_ms)
{
    ck_ProduceRequest *pr = req->body;
    ck_engine *eng = req->eng;
    produce_ctx *ctx = ck_arena_alloc(&req->arena, sizeof(*ctx));
    bool acks_ok = pr->Acks == 0 || pr->Acks == 1 || pr->Acks == -1;
    bool create = auto_create_enabled(eng);
    int flags = pr->Acks == 0 ? CK_PRODUCE_ACKS0 : 0;
    int32_t ntopics = pr->TopicData.n > 0 ? pr->TopicData.n : 0;
    int32_t ti, pi;
    bool txn_ok = req->api_version < 3 || pr->TransactionalId.len < 0 ||
                  ck_kreq_authorized(req, CK_OP_WRITE, CK_RES_TRANSACTIONAL_ID, pr->TransactionalId.p,
                                     (size_t)(pr->TransactionalId.len > 0 ? pr->TransactionalId.len : 0));

    atomic_init(&ctx->pending, 1);
    atomic_init(&ctx->failed, false);
    ctx->req = req;
    ctx->no_response = pr->Acks == 0;
    ck_ProduceResponse_init(&ctx->resp);
    ctx->resp.ThrottleTimeMs = throttle_ms;
    ck_ProduceResponse_TopicProduceResponse_array_alloc(&req->arena, &ctx->resp.Responses, ntopics);
    for (ti = 0; ti < ntopics; ti++) {
        ck_ProduceRequest_TopicProduceData *td = &pr->TopicData.a[ti];
        ck_ProduceResponse_TopicProduceResponse *tr = &ctx->resp.Responses.a[ti];
        int32_t nparts = td->PartitionData.n > 0 ? td->PartitionData.n : 0;
        ck_topic *t = NULL;
        int16_t terr;
        produce_slot *slots;

        if (!acks_ok)
            terr = CHRONIK_ERR_INVALID_REQUIRED_ACKS;
        else if (!txn_ok)
            terr = CHRONIK_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
        else if (!topic_ok_str(req, CK_OP_WRITE, td->Name))
            terr = CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;
        else
            terr = topic_get_or_create(eng, td->Name, create && (create_ok(req, td->Name) || topic_exists(eng, td->Name)),
                                       &t);

        tr->Name = td->Name;
        ck_ProduceResponse_PartitionProduceResponse_array_alloc(&req->arena, &tr->PartitionResponses, nparts);
        slots = nparts > 0 ? ck_arena_alloc(&req->arena, sizeof(*slots) * (size_t)nparts) : NULL;
        for (pi = 0; pi < nparts; pi++) {
            ck_ProduceRequest_PartitionProduceData *pd = &td->PartitionData.a[pi];
            produce_slot *s = &slots[pi];
            ck_partition *p;
            ck_produce_result res;
            int rc;

            s->ctx = ctx;
            s->out = &tr->PartitionResponses.a[pi];
            s->out->Index = pd->Index;
            if (terr) {
                produce_set_error(s, terr, terr == CHRONIK_ERR_INVALID_REQUIRED_ACKS ? "acks must be 0, 1 or -1"
                                           : terr == CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED ? "Topic authorization failed"
                                           : terr == CHRONIK_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED
                                               ? "Transactional id authorization failed"
                                               : "unknown or invalid topic");
                continue;
            }
            p = ck_topic_partition(t, pd->Index);
            if (!p) {
                produce_set_error(s, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION, "no such partition");
                continue;
            }
            if (pd->Records.len <= 0 || !pd->Records.p) {
                produce_set_error(s, CHRONIK_ERR_CORRUPT_MESSAGE, "null or empty record set");
                continue;
            }
            atomic_fetch_add_explicit(&ctx->pending, 1, memory_order_relaxed);
            /* The frame belongs to the request and is writable: the engine
             * rewrites base offsets (and LogAppendTime) in place. */
            rc = ck_partition_produce(p, (uint8_t *)(uintptr_t)pd->Records.p, (size_t)pd->Records.len, flags, &res,
                                      produce_done, s);
            if (rc == CK_DONE) {
                produce_fill(s, &res);
                atomic_fetch_sub_explicit(&ctx->pending, 1, memory_order_acq_rel);
            }
        }
        if (t)
            ck_topic_release(t);
    }
    return produce_put(ctx) ? CK_DONE : CK_PENDING;
}

/* ====================================================================== */
/* Fetch sessions (KIP-227), per connection                                */
/* ====================================================================== */

typedef struct fsess_part {
    char    *name;              /* owned; NULL for sessions keyed by topic id */
    int32_t  name_len;
    uint8_t  id[16];
    int32_t  partition;
    int64_t  fetch_offset;
    int32_t  max_bytes;
    int64_t  hwm, lso, log_start; /* last values sent; -1: never sent */
    bool     gone;              /* forgotten, awaiting compaction */
} fsess_part;

typedef struct fsess {
    atomic_int    refs;
    int32_t       id;
    int32_t       epoch;        /* the next epoch expected */
    bool          by_id;        /* v13+: partitions keyed by topic id */
    int64_t       used_ms;
    ck_map        index;        /* key -> fsess_part* */
    fsess_part  **parts;        /* in insertion order */
    size_t        n, cap;
    size_t        ngone;
} fsess;

typedef struct fsess_table {
    fsess *s[FETCH_SESSIONS_PER_CONN];
} fsess_table;

static atomic_int fsess_next_id = 0;

static int32_t fsess_new_id(void)
{
    int32_t id;

    if (atomic_load(&fsess_next_id) == 0) {
        int expected = 0;
        atomic_compare_exchange_strong(&fsess_next_id, &expected, (int)(ck_mono_ns() & 0x3fffffff) | 1);
    }
    do {
        id = atomic_fetch_add(&fsess_next_id, 1) & 0x7fffffff;
    } while (id == 0);
    return id;
}

static int32_t fsess_next_epoch(int32_t epoch)
{
    return epoch == INT32_MAX ? 1 : epoch + 1;
}

/* The map key of a session partition: "I" + id + partition, or "N" + name + partition. */
static size_t fsess_key(bool by_id, const char *name, int32_t name_len, const uint8_t id[16], int32_t partition,
                        uint8_t *buf, size_t cap)
{
    size_t n = 1 + (by_id ? 16 : (size_t)(name_len > 0 ? name_len : 0)) + 4;

    if (n > cap)
        return n;
    buf[0] = by_id ? 'I' : 'N';
    if (by_id)
        memcpy(buf + 1, id, 16);
    else if (name_len > 0)
        memcpy(buf + 1, name, (size_t)name_len);
    ck_put_be32(buf + n - 4, (uint32_t)partition);
    return n;
}

/* Finds (or with add, creates) the session's entry for a partition. */
static fsess_part *fsess_find(fsess *s, const char *name, int32_t name_len, const uint8_t id[16], int32_t partition,
                              bool add)
{
    uint8_t small[300];
    uint8_t *key = small;
    size_t klen = fsess_key(s->by_id, name, name_len, id, partition, small, sizeof(small));
    fsess_part *sp;

    if (klen > sizeof(small)) {
        key = ck_malloc(klen);
        fsess_key(s->by_id, name, name_len, id, partition, key, klen);
    }
    sp = ck_map_get(&s->index, (const char *)key, klen);
    if (!sp && add && s->n - s->ngone < FETCH_SESSION_MAX_PARTS) {
        sp = ck_calloc(1, sizeof(*sp));
        if (!s->by_id && name_len > 0) {
            sp->name = ck_strndup(name, (size_t)name_len);
            sp->name_len = name_len;
        }
        if (id)
            memcpy(sp->id, id, 16);
        sp->partition = partition;
        sp->hwm = sp->lso = sp->log_start = -1;
        if (s->n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 16;
            s->parts = ck_realloc(s->parts, s->cap * sizeof(*s->parts));
        }
        s->parts[s->n++] = sp;
        ck_map_put(&s->index, (const char *)key, klen, sp);
    }
    if (key != small)
        ck_free(key);
    return sp;
}

static void fsess_forget(fsess *s, const char *name, int32_t name_len, const uint8_t id[16], int32_t partition)
{
    uint8_t small[300];
    uint8_t *key = small;
    size_t klen = fsess_key(s->by_id, name, name_len, id, partition, small, sizeof(small));
    fsess_part *sp;

    if (klen > sizeof(small)) {
        key = ck_malloc(klen);
        fsess_key(s->by_id, name, name_len, id, partition, key, klen);
    }
    sp = ck_map_del(&s->index, (const char *)key, klen);
    if (sp) {
        sp->gone = true;
        s->ngone++;
    }
    if (key != small)
        ck_free(key);
}

/* Frees forgotten entries, keeping the order of the others. */
static void fsess_compact(fsess *s)
{
    size_t i, j = 0;

    if (s->ngone == 0)
        return;
    for (i = 0; i < s->n; i++) {
        if (s->parts[i]->gone) {
            ck_free(s->parts[i]->name);
            ck_free(s->parts[i]);
        } else {
            s->parts[j++] = s->parts[i];
        }
    }
    s->n = j;
    s->ngone = 0;
}

static fsess *fsess_new(bool by_id)
{
    fsess *s = ck_calloc(1, sizeof(*s));

    atomic_init(&s->refs, 1);
    s->id = fsess_new_id();
    s->epoch = 1;
    s->by_id = by_id;
    s->used_ms = ck_mono_ms();
    ck_map_init(&s->index);
    return s;
}

static void fsess_release(fsess *s)
{
    size_t i;

    if (!s || atomic_fetch_sub(&s->refs, 1) != 1)
        return;
    for (i = 0; i < s->n; i++) {
        ck_free(s->parts[i]->name);
        ck_free(s->parts[i]);
    }
    ck_free(s->parts);
    ck_map_free(&s->index);
    ck_free(s);
}

static void fsess_table_free(void *p)
{
    fsess_table *tab = p;
    size_t i;

    for (i = 0; i < FETCH_SESSIONS_PER_CONN; i++)
        fsess_release(tab->s[i]);
    ck_free(tab);
}

static fsess_table *fsess_table_get(ck_kconn *conn, bool create)
{
    fsess_table *tab = ck_kconn_slot_get(conn, FETCH_CONN_SLOT);

    if (!tab && create) {
        tab = ck_calloc(1, sizeof(*tab));
        ck_kconn_slot_set(conn, FETCH_CONN_SLOT, tab, fsess_table_free);
    }
    return tab;
}

static fsess *fsess_table_find(fsess_table *tab, int32_t id)
{
    size_t i;

    for (i = 0; tab && i < FETCH_SESSIONS_PER_CONN; i++)
        if (tab->s[i] && tab->s[i]->id == id)
            return tab->s[i];
    return NULL;
}

static void fsess_table_remove(fsess_table *tab, int32_t id)
{
    size_t i;

    for (i = 0; tab && i < FETCH_SESSIONS_PER_CONN; i++) {
        if (tab->s[i] && tab->s[i]->id == id) {
            fsess_release(tab->s[i]);
            tab->s[i] = NULL;
        }
    }
}

/* Adds s to the table (which takes the caller's reference), evicting the
 * least recently used session when full. */
static void fsess_table_add(fsess_table *tab, fsess *s)
{
    size_t i, victim = 0;

    for (i = 0; i < FETCH_SESSIONS_PER_CONN; i++) {
        if (!tab->s[i]) {
            victim = i;
            break;
        }
        if (tab->s[i]->used_ms < tab->s[victim]->used_ms)
            victim = i;
    }
    fsess_release(tab->s[victim]);
    tab->s[victim] = s;
}

/* ====================================================================== */
/* Fetch                                                                   */
/* ====================================================================== */

typedef struct fitem {
    ck_topic       *topic;          /* kept, or NULL */
    ck_partition   *part;           /* borrowed from topic, or NULL */
    ck_str          name;           /* arena copy (v0-12 responses) */
    uint8_t         id[16];
    int32_t         partition;
    int64_t         fetch_offset;
    int32_t         max_bytes;
    int32_t         cur_epoch;
    int16_t         fixed_err;      /* resolution error (unknown topic...) */
    /* the last read */
    int16_t         err;
    ck_part_offsets o;
    ck_log_slice    slice;          /* slice.seg pinned while set */
    ck_wb           conv;           /* down-converted message set (v0-3) */
    bool            has_conv;
    size_t          bytes;
    ck_watch        watch;
    bool            watching;
} fitem;

typedef struct fetch_ctx {
    ck_kreq  *req;
    int16_t   version;
    int32_t   min_bytes;
    int64_t   max_bytes;
    int8_t    isolation;
    int64_t   deadline_ms;
    int64_t   t0_us;
    fsess    *sess;                 /* kept; NULL when sessionless */
    bool      incremental;          /* respond only with changed partitions */
    fitem    *items;
    size_t    n;
} fetch_ctx;

static void fitem_drop_data(fitem *it)
{
    if (it->slice.seg) {
        ck_log_slice_release(&it->slice);
        it->slice.seg = NULL;
    }
    it->slice.len = 0;
    if (it->has_conv) {
        ck_wb_free(&it->conv);
        it->has_conv = false;
    }
    it->bytes = 0;
}

/* Down-converts the v2 batches of one segment read to a v0/v1 message set. */
static int16_t fetch_down_convert(fetch_ctx *ctx, fitem *it, size_t limit)
{
    ck_log_slice slice;
    ck_wb raw;
    char err[128] = "";
    int rc;
    int16_t ret = 0;

    rc = ck_partition_read(it->part, it->fetch_offset, 0, limit, &slice, &it->o);
    if (rc != 0)
        return kerr(rc);
    if (slice.len == 0) {
        if (slice.seg)
            ck_log_slice_release(&slice);
        return 0;
    }
    ck_wb_init(&raw, slice.len);
    if (ck_pread_all(slice.fd, ck_wb_reserve(&raw, slice.len), slice.len, slice.pos) != 0) {
        ret = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
        goto out;
    }
    raw.len = slice.len;
    ck_wb_init(&it->conv, slice.len + 64);
    it->has_conv = true;
    if (ck_v2_to_msgset(raw.buf, raw.len, ctx->version <= 1 ? 0 : 1, &it->conv, err, sizeof(err)) != 0) {
        CK_WARN(H_LOG, "down-converting %s-%d at %lld: %s", ck_topic_name(it->topic), (int)it->partition,
                (long long)it->fetch_offset, err);
        ret = CHRONIK_ERR_UNKNOWN_SERVER_ERROR;
        goto out;
    }
    it->bytes = it->conv.len;
out:
    ck_wb_free(&raw);
    ck_log_slice_release(&slice);
    return ret;
}

/* Reads every item once; returns the bytes available and sets *any_err. */
static size_t fetch_read_all(fetch_ctx *ctx, bool *any_err)
{
    size_t total = 0, i;

    *any_err = false;
    for (i = 0; i < ctx->n; i++) {
        fitem *it = &ctx->items[i];
        size_t left = (int64_t)total < ctx->max_bytes ? (size_t)(ctx->max_bytes - (int64_t)total) : 0;
        size_t limit = CK_MIN(left, (size_t)(it->max_bytes > 0 ? it->max_bytes : 0));
        int rc;

        fitem_drop_data(it);
        it->err = it->fixed_err;
        memset(&it->o, 0, sizeof(it->o));
        it->o.log_start = it->o.high_watermark = it->o.last_stable = -1;
        if (it->err == 0 && it->part)
            it->err = check_leader_epoch(it->cur_epoch);
        if (it->err) {
            *any_err = true;
            continue;
        }
        if (limit == 0) {
            /* Out of budget: report the offsets only. */
            ck_partition_offsets(it->part, &it->o);
            if (it->fetch_offset < it->o.log_start || it->fetch_offset > it->o.high_watermark) {
                it->err = CHRONIK_ERR_OFFSET_OUT_OF_RANGE;
                *any_err = true;
            }
            continue;
        }
        if (ctx->version <= 3) {
            it->err = fetch_down_convert(ctx, it, limit);
        } else {
            rc = ck_partition_read(it->part, it->fetch_offset, ctx->isolation, limit, &it->slice, &it->o);
            if (rc != 0) {
                it->err = kerr(rc);
                it->slice.seg = NULL;
            } else {
                it->bytes = it->slice.len;
            }
        }
        if (it->err) {
            fitem_drop_data(it);
            ck_partition_offsets(it->part, &it->o);
            *any_err = true;
            continue;
        }
        /* Only the first partition with data may exceed the limits (KIP-74). */
        if (it->bytes > limit && total > 0)
            fitem_drop_data(it);
        total += it->bytes;
    }
    return total;
}

static void fetch_watch_cb(void *opaque, ck_partition *p)
{
    (void)p;
    ck_kreq_wake(opaque);
}

/* Whether any watched partition moved past what the last read saw. */
static bool fetch_moved(fetch_ctx *ctx)
{
    size_t i;

    for (i = 0; i < ctx->n; i++) {
        fitem *it = &ctx->items[i];
        ck_part_offsets o;

        if (!it->watching)
            continue;
        ck_partition_offsets(it->part, &o);
        if ((ctx->isolation ? o.last_stable : o.high_watermark) !=
            (ctx->isolation ? it->o.last_stable : it->o.high_watermark))
            return true;
    }
    return false;
}

/* Whether an incremental response must carry this partition, updating the
 * session's memory of what was sent. */
static bool fetch_session_include(fetch_ctx *ctx, fitem *it)
{
    fsess_part *sp;
    bool must;

    if (!ctx->sess)
        return true;
    sp = fsess_find(ctx->sess, it->name.p, it->name.len, it->id, it->partition, false);
    if (!sp)
        return !ctx->incremental;
    must = it->bytes > 0 || it->err != 0 || sp->hwm != it->o.high_watermark || sp->lso != it->o.last_stable ||
           sp->log_start != it->o.log_start;
    if (must || !ctx->incremental) {
        sp->hwm = it->o.high_watermark;
        sp->lso = it->o.last_stable;
        sp->log_start = it->o.log_start;
    }
    return must || !ctx->incremental;
}

static bool fitem_same_topic(const fetch_ctx *ctx, const fitem *a, const fitem *b)
{
    if (ctx->version >= 13)
        return memcmp(a->id, b->id, 16) == 0;
    return a->name.len == b->name.len && (a->name.len <= 0 || memcmp(a->name.p, b->name.p, (size_t)a->name.len) == 0);
}

/* Whether the pinned segments of a response can go to req's output buffer:
 * false once the connection closed (ck_kreq_respond then encodes nothing).
 * When true, the buffer is set to release them when freed.  Both the close
 * and this run on the connection's loop thread. */
static bool fetch_output_accepts_refs(ck_kreq *req)
{
    return ck_kreq_output_release(req, ck_log_seg_release);
}

/* read_committed: the aborted transactions overlapping the records read. */
static void fetch_fill_aborted(ck_kreq *req, const fitem *it, ck_FetchResponse_PartitionData *pd)
{
    ck_aborted_txn *ab = NULL;
    size_t n = 0, i;

    if (ck_partition_aborted_txns(it->part, it->fetch_offset, it->slice.next_offset, &ab, &n) != 0 || n == 0) {
        ck_free(ab);
        return;
    }
    ck_FetchResponse_AbortedTransaction_array_alloc(&req->arena, &pd->AbortedTransactions, (int32_t)n);
    for (i = 0; i < n; i++) {
        pd->AbortedTransactions.a[i].ProducerId = ab[i].producer_id;
        pd->AbortedTransactions.a[i].FirstOffset = ab[i].first_offset;
    }
    ck_free(ab);
}

/* Builds the response from the last read, hands the pinned segments over to
 * it, tears the fetch down and responds.  Loop thread. */
static void fetch_finish(fetch_ctx *ctx)
{
    ck_kreq *req = ctx->req;
    ck_FetchResponse resp;
    bool *incl = NULL;
    size_t i, ntopics = 0;
    const fitem *prev = NULL;
    ck_FetchResponse_FetchableTopicResponse *tr = NULL;
    bool zero_copy = fetch_output_accepts_refs(req);

    for (i = 0; i < ctx->n; i++) {
        if (ctx->items[i].watching) {
            ck_partition_unwatch(&ctx->items[i].watch);
            ctx->items[i].watching = false;
        }
    }
    ck_FetchResponse_init(&resp);
    resp.ErrorCode = 0;
    resp.SessionId = ctx->sess ? ctx->sess->id : 0;
    if (ctx->n > 0)
        incl = ck_arena_alloc(&req->arena, ctx->n * sizeof(*incl));
    for (i = 0; i < ctx->n; i++) {
        incl[i] = fetch_session_include(ctx, &ctx->items[i]);
        if (!incl[i])
            continue;
        if (!prev || !fitem_same_topic(ctx, prev, &ctx->items[i]))
            ntopics++;
        prev = &ctx->items[i];
    }
    ck_FetchResponse_FetchableTopicResponse_array_alloc(&req->arena, &resp.Responses, (int32_t)ntopics);
    prev = NULL;
    ntopics = 0;
    for (i = 0; i < ctx->n; i++) {
        fitem *it = &ctx->items[i];
        ck_FetchResponse_PartitionData *pd;
        size_t j, cnt = 0;

        if (!incl[i])
            continue;
        if (!prev || !fitem_same_topic(ctx, prev, it)) {
            tr = &resp.Responses.a[ntopics++];
            tr->Topic = it->name;
            memcpy(tr->TopicId, it->id, 16);
            for (j = i; j < ctx->n; j++) {
                if (!incl[j])
                    continue;
                if (!fitem_same_topic(ctx, it, &ctx->items[j]))
                    break;
                cnt++;
            }
            ck_FetchResponse_PartitionData_array_alloc(&req->arena, &tr->Partitions, (int32_t)cnt);
            tr->Partitions.n = 0;
        }
        prev = it;
        pd = &tr->Partitions.a[tr->Partitions.n++];
        pd->PartitionIndex = it->partition;
        pd->ErrorCode = it->err;
        pd->HighWatermark = it->o.high_watermark;
        pd->LastStableOffset = it->o.last_stable;
        pd->LogStartOffset = it->o.log_start;
        pd->PreferredReadReplica = -1;
        pd->AbortedTransactions.n = ctx->isolation ? 0 : -1;
        pd->AbortedTransactions.a = NULL;
        if (ctx->isolation && it->part && it->bytes > 0)
            fetch_fill_aborted(req, it, pd);
        pd->Records.p = NULL;
        pd->Records.len = 0;
        pd->Records.fd = -1;
        if (zero_copy && it->slice.seg && it->slice.len > 0) {
            pd->Records.fd = it->slice.fd;
            pd->Records.file_off = it->slice.pos;
            pd->Records.len = (int32_t)it->slice.len;
            pd->Records.ref = it->slice.seg;
            it->slice.seg = NULL;     /* the encoded buffer releases it */
        } else if (it->has_conv && it->conv.len > 0) {
            uint8_t *copy = ck_arena_alloc(&req->arena, it->conv.len);
            memcpy(copy, it->conv.buf, it->conv.len);
            pd->Records.p = copy;
            pd->Records.len = (int32_t)it->conv.len;
        }
    }
    for (i = 0; i < ctx->n; i++) {
        fitem_drop_data(&ctx->items[i]);
        if (ctx->items[i].topic)
            ck_topic_release(ctx->items[i].topic);
        ctx->items[i].topic = NULL;
    }
    if (ctx->sess)
        ctx->sess->used_ms = ck_mono_ms();
    fsess_release(ctx->sess);
    ctx->sess = NULL;
    stat_add(&ck_engine_stats_get(req->eng)->fetch_requests, 1);
    ck_hist_observe(&ck_engine_stats_get(req->eng)->fetch_latency, (uint64_t)(ck_mono_us() - ctx->t0_us));
    {
        double bytes = 0;
        int32_t t, q;
        for (t = 0; t < resp.Responses.n; t++)
            for (q = 0; q < resp.Responses.a[t].Partitions.n; q++)
                bytes += resp.Responses.a[t].Partitions.a[q].Records.len > 0
                             ? resp.Responses.a[t].Partitions.a[q].Records.len : 0;
        resp.ThrottleTimeMs = (int32_t)ck_kreq_quota(req, CK_QUOTA_FETCH, bytes);
    }
    ck_kreq_respond(req, &resp);
}

static void fetch_retry(ck_kreq *req, bool shutting_down);

/* Reads; responds when enough is there (or on error, timeout, shutdown),
 * else parks the request on its partitions.  Returns CK_DONE when it
 * responded.  Loop thread. */
static int fetch_attempt(fetch_ctx *ctx, bool shutting_down)
{
    bool any_err;
    size_t total = fetch_read_all(ctx, &any_err);
    int64_t now = ck_mono_ms();
    size_t i;

    if (shutting_down || any_err || total >= (size_t)(ctx->min_bytes > 0 ? ctx->min_bytes : 0) ||
        now >= ctx->deadline_ms || ctx->n == 0) {
        fetch_finish(ctx);
        return CK_DONE;
    }
    for (i = 0; i < ctx->n; i++) {
        fitem *it = &ctx->items[i];
        fitem_drop_data(it);
        if (!it->watching && it->part) {
            it->watch.cb = fetch_watch_cb;
            it->watch.opaque = ctx->req;
            ck_partition_watch(it->part, &it->watch);
            it->watching = true;
        }
    }
    ck_kreq_defer(ctx->req, ctx->deadline_ms - now, fetch_retry);
    if (fetch_moved(ctx))
        ck_kreq_wake(ctx->req);
    return CK_PENDING;
}

static void fetch_retry(ck_kreq *req, bool shutting_down)
{
    /* A parked fetch keeps its state where the decoded body was. */
    fetch_attempt(req->body, shutting_down);
}

/* Resolves an item's topic (kept) and partition. */
static void fitem_resolve(fetch_ctx *ctx, fitem *it, ck_topic **last)
{
    ck_kreq *req = ctx->req;
    ck_topic *t = NULL;

    if (*last && (ctx->version >= 13 ? memcmp(ck_topic_id(*last), it->id, 16) == 0
                                     : (it->name.len == (int32_t)strlen(ck_topic_name(*last)) &&
                                        memcmp(ck_topic_name(*last), it->name.p, (size_t)it->name.len) == 0))) {
        t = *last;
        ck_topic_keep(t);
    } else if (ctx->version >= 13) {
        t = ck_engine_topic_get_by_id(req->eng, it->id);
    } else if (it->name.len > 0) {
        t = ck_engine_topic_get(req->eng, it->name.p, (size_t)it->name.len);
    }
    if (t && ck_topic_deleted(t)) {
        ck_topic_release(t);
        t = NULL;
    }
    if (!t) {
        it->fixed_err = ctx->version >= 13 ? CHRONIK_ERR_UNKNOWN_TOPIC_ID : CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        return;
    }
    *last = t;
    it->topic = t;
    if (!topic_ok(req, CK_OP_READ, ck_topic_name(t), strlen(ck_topic_name(t)))) {
        it->fixed_err = CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;
        return;
    }
    it->part = ck_topic_partition(t, it->partition);
    if (!it->part)
        it->fixed_err = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
}

/* Responds with a session-level error (no partitions). */
static int fetch_session_error(ck_kreq *req, int16_t err)
{
    ck_FetchResponse resp;

    ck_FetchResponse_init(&resp);
    resp.ErrorCode = err;
    resp.SessionId = 0;
    resp.Responses.n = 0;
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* Applies an incremental request's partitions and forgotten partitions. */
static void fetch_session_update(fsess *s, const ck_FetchRequest *fr, int16_t v)
{
    int32_t ti, pi;

    for (ti = 0; ti < fr->Topics.n; ti++) {
        const ck_FetchRequest_FetchTopic *ft = &fr->Topics.a[ti];
        for (pi = 0; pi < ft->Partitions.n; pi++) {
            const ck_FetchRequest_FetchPartition *fp = &ft->Partitions.a[pi];
            fsess_part *sp = fsess_find(s, ft->Topic.p, v >= 13 ? 0 : ft->Topic.len, ft->TopicId, fp->Partition, true);
            if (!sp)
                continue;
            sp->fetch_offset = fp->FetchOffset;
            sp->max_bytes = fp->PartitionMaxBytes;
        }
    }
    for (ti = 0; ti < fr->ForgottenTopicsData.n; ti++) {
        const ck_FetchRequest_ForgottenTopic *ft = &fr->ForgottenTopicsData.a[ti];
        for (pi = 0; pi < ft->Partitions.n; pi++)
            fsess_forget(s, ft->Topic.p, v >= 13 ? 0 : ft->Topic.len, ft->TopicId, ft->Partitions.a[pi]);
    }
    fsess_compact(s);
}

/** @brief Fetch v0-17: sessionless and incremental (KIP-227) fetches,
 *  zero-copy from segment files (down-converted for v0-3), long poll on
 *  MinBytes/MaxWaitMs.  Loop thread; a parked fetch completes on the same
 *  loop thread. */
static int fetch_run(ck_kreq *req);
static void fetch_wait_done(ck_kreq *req, bool shutting_down);

/* A fetch waiting while its connection is muted by a throttle. */
typedef struct fetch_held {
    const ck_FetchRequest *body;
    ck_kquota_ticket       ticket;
} fetch_held;

static int fetch_admit(ck_kreq *req)
{
    fetch_held *h = req->body;
    int64_t wait = ck_kreq_quota_admit(req, CK_QUOTA_FETCH, &h->ticket);

    if (wait > 0) {
        ck_kreq_defer(req, wait, fetch_wait_done);
        return CK_PENDING;
    }
    req->body = (void *)h->body;
    return fetch_run(req);
}

static void fetch_wait_done(ck_kreq *req, bool shutting_down)
{
    fetch_held *h = req->body;

    if (shutting_down) {
        req->body = (void *)h->body;
        fetch_run(req);
    } else {
        fetch_admit(req);
    }
}

/** @brief Fetch v0-17.  The response carries the throttle time its bytes
 *  cost under the client's consumer_byte_rate quota, and the connection's
 *  next fetches wait that long (Kafka mutes the channel). */
int ck_h_Fetch(ck_kreq *req)
{
    fetch_held *h = ck_arena_alloc(&req->arena, sizeof(*h));

    memset(h, 0, sizeof(*h));
    h->body = req->body;
    req->body = h;
    return fetch_admit(req);
}

static int fetch_run(ck_kreq *req)
{
    const ck_FetchRequest *fr = req->body;
    int16_t v = req->api_version;
    fetch_ctx *ctx = ck_arena_alloc(&req->arena, sizeof(*ctx));
    int64_t broker_max = ck_conf_num(ck_engine_conf(req->eng), CK_BK_FETCH_MAX_BYTES);
    fsess_table *tab = NULL;
    fsess *sess = NULL;
    bool full = true, new_session = false;
    ck_topic *last = NULL;
    size_t i, n = 0;
    int32_t ti, pi;
    int rc;

    ctx->req = req;
    ctx->version = v;
    ctx->min_bytes = fr->MinBytes;
    ctx->max_bytes = v >= 3 ? CK_MIN((int64_t)(fr->MaxBytes > 0 ? fr->MaxBytes : 0), broker_max) : broker_max;
    ctx->isolation = v >= 4 && fr->IsolationLevel == 1 ? 1 : 0;
    ctx->deadline_ms = ck_mono_ms() + (fr->MaxWaitMs > 0 ? fr->MaxWaitMs : 0);
    ctx->t0_us = ck_mono_us();

    /* Sessions: epoch -1 sessionless (closing SessionId if given), epoch 0
     * a new full session, epoch > 0 an incremental request. */
    if (v >= 7 && (fr->SessionId != 0 || fr->SessionEpoch != -1)) {
        tab = fsess_table_get(req->conn, true);
        if (fr->SessionEpoch == -1 || fr->SessionEpoch == 0) {
            if (fr->SessionId != 0)
                fsess_table_remove(tab, fr->SessionId);
            if (fr->SessionEpoch == 0) {
                sess = fsess_new(v >= 13);
                atomic_fetch_add(&sess->refs, 1);   /* one for the table, one for this fetch */
                fsess_table_add(tab, sess);
                new_session = true;
            }
        } else {
            full = false;
            sess = fsess_table_find(tab, fr->SessionId);
            if (!sess) {
                rc = fetch_session_error(req, CHRONIK_ERR_FETCH_SESSION_ID_NOT_FOUND);
                goto out;
            }
            if (sess->epoch != fr->SessionEpoch || sess->by_id != (v >= 13)) {
                rc = fetch_session_error(req, CHRONIK_ERR_INVALID_FETCH_SESSION_EPOCH);
                goto out;
            }
            atomic_fetch_add(&sess->refs, 1);
            sess->epoch = fsess_next_epoch(sess->epoch);
            sess->used_ms = ck_mono_ms();
            fetch_session_update(sess, fr, v);
        }
    }
    ctx->sess = sess;
    ctx->incremental = !full;

    if (full) {
        for (ti = 0; ti < fr->Topics.n; ti++)
            n += fr->Topics.a[ti].Partitions.n > 0 ? (size_t)fr->Topics.a[ti].Partitions.n : 0;
        ctx->items = n ? ck_arena_alloc(&req->arena, n * sizeof(*ctx->items)) : NULL;
        n = 0;
        for (ti = 0; ti < fr->Topics.n; ti++) {
            const ck_FetchRequest_FetchTopic *ft = &fr->Topics.a[ti];
            for (pi = 0; pi < ft->Partitions.n; pi++) {
                const ck_FetchRequest_FetchPartition *fp = &ft->Partitions.a[pi];
                fitem *it = &ctx->items[n++];
                it->name = v >= 13 ? str_null() : ft->Topic;
                memcpy(it->id, ft->TopicId, 16);
                it->partition = fp->Partition;
                it->fetch_offset = fp->FetchOffset;
                it->max_bytes = fp->PartitionMaxBytes;
                it->cur_epoch = fp->CurrentLeaderEpoch;
                if (new_session) {
                    fsess_part *sp = fsess_find(sess, it->name.p, it->name.len, it->id, it->partition, true);
                    if (sp) {
                        sp->fetch_offset = it->fetch_offset;
                        sp->max_bytes = it->max_bytes;
                    }
                }
            }
        }
    } else {
        ctx->items = sess->n ? ck_arena_alloc(&req->arena, sess->n * sizeof(*ctx->items)) : NULL;
        for (i = 0; i < sess->n; i++) {
            fsess_part *sp = sess->parts[i];
            fitem *it = &ctx->items[n++];
            it->name = sp->name ? str_dup(&req->arena, sp->name, (size_t)sp->name_len) : str_null();
            memcpy(it->id, sp->id, 16);
            it->partition = sp->partition;
            it->fetch_offset = sp->fetch_offset;
            it->max_bytes = sp->max_bytes;
            it->cur_epoch = -1;
        }
    }
    ctx->n = n;
    for (i = 0; i < n; i++) {
        ctx->items[i].slice.fd = -1;
        fitem_resolve(ctx, &ctx->items[i], &last);
    }
    /* The body is not needed past here: a parked fetch keeps its state there. */
    req->body = ctx;
    rc = fetch_attempt(ctx, false);
out:
    return rc;
}

/* ====================================================================== */
/* ListOffsets                                                             */
/* ====================================================================== */

static void list_offsets_partition(ck_kreq *req, ck_topic *t, int8_t isolation,
                                   const ck_ListOffsetsRequest_ListOffsetsPartition *lp,
                                   ck_ListOffsetsResponse_ListOffsetsPartitionResponse *out)
{
    int16_t v = req->api_version;
    ck_partition *p = t ? ck_topic_partition(t, lp->PartitionIndex) : NULL;
    int64_t ts = lp->Timestamp, off = -1, found_ts = -1;
    int rc = 0;

    out->PartitionIndex = lp->PartitionIndex;
    out->Timestamp = -1;
    out->Offset = -1;
    out->OldStyleOffsets.n = 0;
    if (!p) {
        out->ErrorCode = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        return;
    }
    out->ErrorCode = check_leader_epoch(lp->CurrentLeaderEpoch);
    if (out->ErrorCode)
        return;
    if (ts == -3 && v < 7)
        ts = -1;
    if (ts == -4)                 /* earliest local: no tiered storage here */
        ts = -2;
    if (ts >= -3)
        rc = ck_partition_offset_for_time(p, ts, isolation, &off, &found_ts);
    if (rc != 0) {
        out->ErrorCode = kerr(rc);
        return;
    }
    out->LeaderEpoch = 0;
    if (v == 0) {
        if (off >= 0 && lp->MaxNumOffsets > 0) {
            CK_ARRAY_ALLOC(&req->arena, out->OldStyleOffsets, 1);
            out->OldStyleOffsets.a[0] = off;
        }
        return;
    }
    out->Offset = off;
    out->Timestamp = off >= 0 ? found_ts : -1;
}

/** @brief ListOffsets v0-10: earliest (-2), latest (-1: HWM, or LSO under
 *  read_committed), max timestamp (-3), or the first offset at a time.
 *  Loop thread; completes before returning. */
int ck_h_ListOffsets(ck_kreq *req)
{
    const ck_ListOffsetsRequest *lr = req->body;
    ck_ListOffsetsResponse resp;
    int8_t isolation = req->api_version >= 2 && lr->IsolationLevel == 1 ? 1 : 0;
    int32_t ti, pi;

    ck_ListOffsetsResponse_init(&resp);
    ck_ListOffsetsResponse_ListOffsetsTopicResponse_array_alloc(&req->arena, &resp.Topics,
                                                                lr->Topics.n > 0 ? lr->Topics.n : 0);
    for (ti = 0; ti < resp.Topics.n; ti++) {
        const ck_ListOffsetsRequest_ListOffsetsTopic *lt = &lr->Topics.a[ti];
        ck_ListOffsetsResponse_ListOffsetsTopicResponse *out = &resp.Topics.a[ti];
        ck_topic *t = lt->Name.len > 0 ? ck_engine_topic_get(req->eng, lt->Name.p, (size_t)lt->Name.len) : NULL;

        bool ok = topic_ok_str(req, CK_OP_DESCRIBE, lt->Name);

        out->Name = lt->Name;
        ck_ListOffsetsResponse_ListOffsetsPartitionResponse_array_alloc(&req->arena, &out->Partitions,
                                                                        lt->Partitions.n > 0 ? lt->Partitions.n : 0);
        for (pi = 0; pi < out->Partitions.n; pi++) {
            list_offsets_partition(req, ok ? t : NULL, isolation, &lt->Partitions.a[pi], &out->Partitions.a[pi]);
            if (!ok)
                out->Partitions.a[pi].ErrorCode = CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;
        }
        if (t)
            ck_topic_release(t);
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* ====================================================================== */
/* OffsetForLeaderEpoch                                                    */
/* ====================================================================== */

/** @brief OffsetForLeaderEpoch v0-4: this node has the single leader epoch
 *  0, which ends at the high watermark.  Loop thread; completes before
 *  returning. */
int ck_h_OffsetForLeaderEpoch(ck_kreq *req)
{
    const ck_OffsetForLeaderEpochRequest *er = req->body;
    ck_OffsetForLeaderEpochResponse resp;
    int32_t ti, pi;

    ck_OffsetForLeaderEpochResponse_init(&resp);
    ck_OffsetForLeaderEpochResponse_OffsetForLeaderTopicResult_array_alloc(&req->arena, &resp.Topics,
                                                                           er->Topics.n > 0 ? er->Topics.n : 0);
    for (ti = 0; ti < resp.Topics.n; ti++) {
        const ck_OffsetForLeaderEpochRequest_OffsetForLeaderTopic *et = &er->Topics.a[ti];
        ck_OffsetForLeaderEpochResponse_OffsetForLeaderTopicResult *out = &resp.Topics.a[ti];
        ck_topic *t = et->Topic.len > 0 ? ck_engine_topic_get(req->eng, et->Topic.p, (size_t)et->Topic.len) : NULL;

        out->Topic = et->Topic;
        ck_OffsetForLeaderEpochResponse_EpochEndOffset_array_alloc(&req->arena, &out->Partitions,
                                                                   et->Partitions.n > 0 ? et->Partitions.n : 0);
        for (pi = 0; pi < out->Partitions.n; pi++) {
            const ck_OffsetForLeaderEpochRequest_OffsetForLeaderPartition *ep = &et->Partitions.a[pi];
            ck_OffsetForLeaderEpochResponse_EpochEndOffset *eo = &out->Partitions.a[pi];
            ck_partition *p = t ? ck_topic_partition(t, ep->Partition) : NULL;
            ck_part_offsets o;

            eo->Partition = ep->Partition;
            eo->LeaderEpoch = -1;
            eo->EndOffset = -1;
            if (!topic_ok_str(req, CK_OP_DESCRIBE, et->Topic)) {
                eo->ErrorCode = CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;
                continue;
            }
            if (!p) {
                eo->ErrorCode = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
                continue;
            }
            eo->ErrorCode = check_leader_epoch(ep->CurrentLeaderEpoch);
            if (eo->ErrorCode || ep->LeaderEpoch != 0)
                continue;   /* an epoch this node never had: undefined (-1, -1) */
            ck_partition_offsets(p, &o);
            eo->LeaderEpoch = 0;
            eo->EndOffset = o.high_watermark;
        }
        if (t)
            ck_topic_release(t);
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* ====================================================================== */
/* InitProducerId                                                          */
/* ====================================================================== */

/* InitProducerId with a transactional id belongs to the transaction
 * coordinator (kafka/h_txn.c). */
static void init_producer_id_transactional(ck_kreq *req, const ck_InitProducerIdRequest *ir,
                                           ck_InitProducerIdResponse *resp)
{
    ck_h_txn_init_producer_id(req, ir, resp);
}

/** @brief InitProducerId v0-5 for idempotent producers: a fresh producer id
 *  with epoch 0 (as Kafka, any ProducerId/ProducerEpoch sent by a
 *  non-transactional producer is answered with a new id).  Loop thread;
 *  completes before returning. */
int ck_h_InitProducerId(ck_kreq *req)
{
    const ck_InitProducerIdRequest *ir = req->body;
    ck_InitProducerIdResponse resp;
    int64_t pid = -1;
    int rc;

    ck_InitProducerIdResponse_init(&resp);
    if (ir->TransactionalId.len >= 0 &&
        !ck_kreq_authorized(req, CK_OP_WRITE, CK_RES_TRANSACTIONAL_ID, ir->TransactionalId.p,
                            (size_t)ir->TransactionalId.len)) {
        resp.ErrorCode = CHRONIK_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
        resp.ProducerId = -1;
        resp.ProducerEpoch = -1;
    } else if (ir->TransactionalId.len < 0 && !ck_kreq_authorized_cluster(req, CK_OP_IDEMPOTENT_WRITE) &&
               !ck_kreq_authorized_any(req, CK_OP_WRITE, CK_RES_TOPIC)) {
        /* idempotence takes IDEMPOTENT_WRITE on the cluster or WRITE on some topic */
        resp.ErrorCode = CHRONIK_ERR_CLUSTER_AUTHORIZATION_FAILED;
        resp.ProducerId = -1;
        resp.ProducerEpoch = -1;
    } else if (ir->TransactionalId.len >= 0) {
        init_producer_id_transactional(req, ir, &resp);
    } else {
        rc = ck_engine_producer_id_alloc(req->eng, &pid);
        resp.ErrorCode = kerr(rc);
        resp.ProducerId = rc == 0 ? pid : -1;
        resp.ProducerEpoch = rc == 0 ? 0 : -1;
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* ====================================================================== */
/* DescribeProducers                                                       */
/* ====================================================================== */

/** @brief DescribeProducers v0: the active idempotent/transactional
 *  producers of each requested partition.  Loop thread; completes before
 *  returning. */
int ck_h_DescribeProducers(ck_kreq *req)
{
    const ck_DescribeProducersRequest *dr = req->body;
    ck_DescribeProducersResponse resp;
    int32_t ti, pi;

    ck_DescribeProducersResponse_init(&resp);
    ck_DescribeProducersResponse_TopicResponse_array_alloc(&req->arena, &resp.Topics, dr->Topics.n > 0 ? dr->Topics.n : 0);
    for (ti = 0; ti < resp.Topics.n; ti++) {
        const ck_DescribeProducersRequest_TopicRequest *dt = &dr->Topics.a[ti];
        ck_DescribeProducersResponse_TopicResponse *out = &resp.Topics.a[ti];
        ck_topic *t = dt->Name.len > 0 ? ck_engine_topic_get(req->eng, dt->Name.p, (size_t)dt->Name.len) : NULL;

        out->Name = dt->Name;
        ck_DescribeProducersResponse_PartitionResponse_array_alloc(&req->arena, &out->Partitions,
                                                                   dt->PartitionIndexes.n > 0 ? dt->PartitionIndexes.n : 0);
        for (pi = 0; pi < out->Partitions.n; pi++) {
            ck_DescribeProducersResponse_PartitionResponse *pr = &out->Partitions.a[pi];
            ck_partition *p = t ? ck_topic_partition(t, dt->PartitionIndexes.a[pi]) : NULL;
            ck_producer_info *info = NULL;
            size_t n = 0, k;
            int rc;

            pr->PartitionIndex = dt->PartitionIndexes.a[pi];
            if (!topic_ok_str(req, CK_OP_READ, dt->Name)) {
                pr->ErrorCode = CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;
                continue;
            }
            if (!p) {
                pr->ErrorCode = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
                continue;
            }
            rc = ck_partition_producers(p, &info, &n);
            if (rc != 0) {
                pr->ErrorCode = kerr(rc);
                ck_free(info);
                continue;
            }
            ck_DescribeProducersResponse_ProducerState_array_alloc(&req->arena, &pr->ActiveProducers, (int32_t)n);
            for (k = 0; k < n; k++) {
                ck_DescribeProducersResponse_ProducerState *ps = &pr->ActiveProducers.a[k];
                ps->ProducerId = info[k].producer_id;
                ps->ProducerEpoch = info[k].producer_epoch;
                ps->LastSequence = info[k].last_sequence;
                ps->LastTimestamp = info[k].last_timestamp;
                ps->CoordinatorEpoch = info[k].coordinator_epoch;
                ps->CurrentTxnStartOffset = info[k].current_txn_start_offset;
            }
            ck_free(info);
        }
        if (t)
            ck_topic_release(t);
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}
