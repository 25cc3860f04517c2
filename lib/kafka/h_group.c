/*
 * h_group.c — the Kafka handlers of consumer groups: FindCoordinator,
 * JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch,
 * DescribeGroups, ListGroups, DeleteGroups and OffsetDelete.
 *
 * Each handler converts the decoded request's names (strings are not
 * NUL-terminated) into NUL-terminated copies in the request's arena (offset
 * metadata stays bytes with a length: it may hold NUL bytes), calls the
 * engine's group coordinator (lib/group/group.h) and builds the response of
 * the request's version.  JoinGroup and SyncGroup hand the coordinator a
 * callback that answers the request: it may run before the handler returns
 * or later on another thread (another member's request, the coordinator's
 * timer), always exactly once; once it ran the request is gone, so the
 * handlers touch nothing after handing it over.  This node coordinates
 * every group and transaction: FindCoordinator always names it.
 */
#include <stdio.h>

#include "group/group.h"
#include "kafka/h_group.h"
#include "kafka/h_security.h"
#include "protocol/protocol.h"
#include "security/security.h"
#include "txn/txn.h"

/* Kafka's ACL operations a group supports: READ, DELETE, DESCRIBE. */
#define GROUP_OPERATIONS ((1 << 3) | (1 << 6) | (1 << 8))

/* ====================================================================== */
/* Helpers                                                                 */
/* ====================================================================== */

/* A NUL-terminated copy of s in the arena; NULL for a null string or one
 * that holds a NUL byte (which no valid name does). */
static char *cstr(ck_arena *a, ck_str s)
{
    return ck_str_cstr(a, s);
}

/* Like cstr, but a null string gives "" (fields that are never null). */
static char *cstr0(ck_arena *a, ck_str s)
{
    char *c = cstr(a, s);
    return c ? c : ck_arena_strndup(a, "", 0);
}

static ck_str kstr(const char *s)
{
    return ck_str_from_cstr(s);
}

/* A copy of s in the arena as a response string (NULL → null). */
static ck_str kcopy(ck_arena *a, const char *s)
{
    return ck_str_copy(a, s);
}

static ck_bytes kbytes(const uint8_t *p, int32_t len)
{
    ck_bytes b = { p ? p : (const uint8_t *)"", p ? len : 0 };
    return b;
}

static ck_gcoord *coord(ck_kreq *req)
{
    return ck_group_coord(req->eng);
}

/* Checks member_id at epoch against group_id when it is a group of the
 * consumer protocol (KIP-848): 0 when allowed, else the Kafka error. */
static int16_t consumer_group_check(ck_kreq *req, const char *group_id, const char *member_id, int32_t epoch)
{
    ck_cgroups *cg = ck_cgroups_of(req->eng);

    if (!cg || !group_id || !ck_cgroup_kind(cg, group_id, NULL))
        return 0;
    return ck_cgroup_validate_commit(cg, group_id, member_id, epoch);
}

/* true when group_id is a consumer-protocol group (*nmembers members). */
static bool is_consumer_group(ck_kreq *req, const char *group_id, int32_t *nmembers)
{
    ck_cgroups *cg = ck_cgroups_of(req->eng);

    return cg && group_id && ck_cgroup_kind(cg, group_id, nmembers);
}

static const char *client_host(ck_kreq *req)
{
    return ck_kreq_client_host(req);
}

/* op on the group gid (NULL: the empty name) — h_security.h. */
static bool group_ok(ck_kreq *req, int op, const char *gid)
{
    return ck_kreq_authorized(req, op, CK_RES_GROUP, gid ? gid : "", gid ? strlen(gid) : 0);
}

/* FindCoordinator's check: DESCRIBE on the group or transactional id. */
static int16_t coordinator_key_auth(ck_kreq *req, int8_t key_type, ck_str key)
{
    size_t n = key.len > 0 ? (size_t)key.len : 0;

    if (key_type == 0)
        return ck_kreq_authorized(req, CK_OP_DESCRIBE, CK_RES_GROUP, key.p, n) ? 0
                                                                                : CHRONIK_ERR_GROUP_AUTHORIZATION_FAILED;
    if (key_type == 1)
        return ck_kreq_authorized(req, CK_OP_DESCRIBE, CK_RES_TRANSACTIONAL_ID, key.p, n)
                   ? 0
                   : CHRONIK_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
    return 0;
}

/* ====================================================================== */
/* FindCoordinator                                                         */
/* ====================================================================== */

/** @brief FindCoordinator v0-6 (v4+: batched keys): this node for group (0)
 *  and transaction (1) keys, INVALID_REQUEST for other key types.  Loop
 *  thread; completes before returning. */
int ck_h_FindCoordinator(ck_kreq *req)
{
    const ck_FindCoordinatorRequest *r = req->body;
    ck_kafka *k = ck_kreq_listener(req);
    ck_FindCoordinatorResponse resp;
    bool ok = r->KeyType == 0 || r->KeyType == 1;
    int32_t node = ck_engine_node_id(req->eng), port = ck_kafka_advertised_port(k), i;
    const char *host = ck_kafka_advertised_host(k);

    ck_FindCoordinatorResponse_init(&resp);
    if (req->api_version < 4) {
        int16_t aerr = ok ? coordinator_key_auth(req, r->KeyType, r->Key) : 0;
        ok = ok && aerr == 0;
        resp.ErrorCode = aerr ? aerr : ok ? 0 : CHRONIK_ERR_INVALID_REQUEST;
        resp.ErrorMessage = aerr ? kstr("authorization failed") : ok ? CK_STR_NULL : kstr("unsupported coordinator key type");
        resp.NodeId = ok ? node : -1;
        resp.Host = kstr(ok ? host : "");
        resp.Port = ok ? port : -1;
    } else {
        int32_t n = CK_MAX(r->CoordinatorKeys.n, 0);
        ck_FindCoordinatorResponse_Coordinator_array_alloc(&req->arena, &resp.Coordinators, n);
        for (i = 0; i < n; i++) {
            ck_FindCoordinatorResponse_Coordinator *c = &resp.Coordinators.a[i];
            int16_t aerr = ok ? coordinator_key_auth(req, r->KeyType, r->CoordinatorKeys.a[i]) : 0;
            bool kok = ok && aerr == 0;
            c->Key = r->CoordinatorKeys.a[i].len >= 0 ? r->CoordinatorKeys.a[i] : kstr("");
            c->ErrorCode = aerr ? aerr : kok ? 0 : CHRONIK_ERR_INVALID_REQUEST;
            c->ErrorMessage = aerr ? kstr("authorization failed") : kok ? CK_STR_NULL : kstr("unsupported coordinator key type");
            c->NodeId = kok ? node : -1;
            c->Host = kstr(kok ? host : "");
            c->Port = kok ? port : -1;
        }
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* ====================================================================== */
/* JoinGroup / SyncGroup                                                   */
/* ====================================================================== */

static void join_done(void *opaque, const ck_group_join_result *r)
{
    ck_kreq *req = opaque;
    int16_t v = req->api_version;
    ck_JoinGroupResponse resp;
    int32_t i;

    ck_JoinGroupResponse_init(&resp);
    resp.ErrorCode = r->error;
    resp.GenerationId = r->generation;
    resp.ProtocolType = r->protocol_type ? kstr(r->protocol_type) : CK_STR_NULL;
    resp.ProtocolName = r->protocol_name ? kstr(r->protocol_name) : (v >= 7 ? CK_STR_NULL : kstr(""));
    resp.Leader = kstr(r->leader ? r->leader : "");
    resp.SkipAssignment = r->skip_assignment;
    resp.MemberId = kstr(r->member_id ? r->member_id : "");
    ck_JoinGroupResponse_JoinGroupResponseMember_array_alloc(&req->arena, &resp.Members, r->nmembers);
    for (i = 0; i < r->nmembers; i++) {
        ck_JoinGroupResponse_JoinGroupResponseMember *m = &resp.Members.a[i];
        m->MemberId = kstr(r->members[i].member_id);
        m->GroupInstanceId = kstr(r->members[i].instance_id);
        m->Metadata = kbytes(r->members[i].metadata, r->members[i].metadata_len);
    }
    ck_kreq_respond(req, &resp);
}

/** @brief JoinGroup v0-9.  May complete later from any thread. */
int ck_h_JoinGroup(ck_kreq *req)
{
    const ck_JoinGroupRequest *r = req->body;
    int16_t v = req->api_version;
    ck_group_join_args a;
    ck_group_protocol *protos;
    int32_t i, n = CK_MAX(r->Protocols.n, 0);
    ck_group_join_result err;

    memset(&a, 0, sizeof(a));
    a.group_id = cstr(&req->arena, r->GroupId);
    a.member_id = cstr0(&req->arena, r->MemberId);
    a.instance_id = v >= 5 ? cstr(&req->arena, r->GroupInstanceId) : NULL;
    a.client_id = req->client_id ? req->client_id : "";
    a.client_host = client_host(req);
    a.protocol_type = cstr0(&req->arena, r->ProtocolType);
    a.reason = v >= 8 ? cstr(&req->arena, r->Reason) : NULL;
    a.session_timeout_ms = r->SessionTimeoutMs;
    a.rebalance_timeout_ms = v >= 1 ? r->RebalanceTimeoutMs : r->SessionTimeoutMs;
    a.require_known_member_id = v >= 4;
    a.support_skip_assignment = v >= 9;
    protos = ck_arena_alloc(&req->arena, sizeof(*protos) * (size_t)(n > 0 ? n : 1));
    for (i = 0; i < n; i++) {
        protos[i].name = cstr0(&req->arena, r->Protocols.a[i].Name);
        protos[i].metadata = r->Protocols.a[i].Metadata.p;
        protos[i].metadata_len = CK_MAX(r->Protocols.a[i].Metadata.len, 0);
    }
    a.protocols = protos;
    a.nprotocols = n;
    if (!group_ok(req, CK_OP_READ, a.group_id)) {
        memset(&err, 0, sizeof(err));
        err.error = CHRONIK_ERR_GROUP_AUTHORIZATION_FAILED;
        err.generation = -1;
        err.leader = "";
        err.member_id = a.member_id;
        join_done(req, &err);
        return CK_DONE;
    }
    {
        int32_t cm = 0;
        if (is_consumer_group(req, a.group_id, &cm)) {
            if (cm > 0) {
                memset(&err, 0, sizeof(err));
                err.error = CHRONIK_ERR_INCONSISTENT_GROUP_PROTOCOL;
                err.generation = -1;
                err.leader = "";
                err.member_id = a.member_id;
                join_done(req, &err);
                return CK_DONE;
            }
            ck_cgroup_delete(ck_cgroups_of(req->eng), a.group_id);   /* empty: the classic protocol takes over */
        }
    }
    if (v >= 5 && r->GroupInstanceId.len >= 0 && !a.instance_id) {
        memset(&err, 0, sizeof(err));
        err.error = CHRONIK_ERR_INVALID_REQUEST;
        err.generation = -1;
        err.leader = "";
        err.member_id = a.member_id;
        join_done(req, &err);
        return CK_DONE;
    }
    ck_group_join(coord(req), &a, join_done, req);
    return CK_PENDING;
}

static void sync_done(void *opaque, const ck_group_sync_result *r)
{
    ck_kreq *req = opaque;
    ck_SyncGroupResponse resp;

    ck_SyncGroupResponse_init(&resp);
    resp.ErrorCode = r->error;
    resp.ProtocolType = kstr(r->protocol_type);
    resp.ProtocolName = kstr(r->protocol_name);
    resp.Assignment = kbytes(r->assignment, r->assignment_len);
    ck_kreq_respond(req, &resp);
}

/** @brief SyncGroup v0-5.  May complete later from any thread. */
int ck_h_SyncGroup(ck_kreq *req)
{
    const ck_SyncGroupRequest *r = req->body;
    int16_t v = req->api_version;
    ck_group_sync_args a;
    ck_group_assignment *as;
    int32_t i, n = CK_MAX(r->Assignments.n, 0);

    memset(&a, 0, sizeof(a));
    a.group_id = cstr(&req->arena, r->GroupId);
    a.member_id = cstr0(&req->arena, r->MemberId);
    a.instance_id = v >= 3 ? cstr(&req->arena, r->GroupInstanceId) : NULL;
    a.protocol_type = v >= 5 ? cstr(&req->arena, r->ProtocolType) : NULL;
    a.protocol_name = v >= 5 ? cstr(&req->arena, r->ProtocolName) : NULL;
    a.generation = r->GenerationId;
    as = ck_arena_alloc(&req->arena, sizeof(*as) * (size_t)(n > 0 ? n : 1));
    for (i = 0; i < n; i++) {
        as[i].member_id = cstr0(&req->arena, r->Assignments.a[i].MemberId);
        as[i].data = r->Assignments.a[i].Assignment.p;
        as[i].len = CK_MAX(r->Assignments.a[i].Assignment.len, 0);
    }
    a.assignments = as;
    a.nassignments = n;
    if (!group_ok(req, CK_OP_READ, a.group_id)) {
        ck_group_sync_result res;
        memset(&res, 0, sizeof(res));
        res.error = CHRONIK_ERR_GROUP_AUTHORIZATION_FAILED;
        sync_done(req, &res);
        return CK_DONE;
    }
    if (v >= 5 && (!a.protocol_type || !a.protocol_name)) {
        /* Kafka requires both from v5 on. */
        ck_group_sync_result res;
        memset(&res, 0, sizeof(res));
        res.error = CHRONIK_ERR_INCONSISTENT_GROUP_PROTOCOL;
        sync_done(req, &res);
        return CK_DONE;
    }
    ck_group_sync(coord(req), &a, sync_done, req);
    return CK_PENDING;
}

/* ====================================================================== */
/* Heartbeat / LeaveGroup                                                  */
/* ====================================================================== */

/** @brief Heartbeat v0-4.  Completes before returning. */
int ck_h_Heartbeat(ck_kreq *req)
{
    const ck_HeartbeatRequest *r = req->body;
    ck_HeartbeatResponse resp;

    ck_HeartbeatResponse_init(&resp);
    if (!group_ok(req, CK_OP_READ, cstr(&req->arena, r->GroupId))) {
        resp.ErrorCode = CHRONIK_ERR_GROUP_AUTHORIZATION_FAILED;
        ck_kreq_respond(req, &resp);
        return CK_DONE;
    }
    resp.ErrorCode = ck_group_heartbeat(coord(req), cstr(&req->arena, r->GroupId), cstr0(&req->arena, r->MemberId),
                                        req->api_version >= 3 ? cstr(&req->arena, r->GroupInstanceId) : NULL,
                                        r->GenerationId);
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/** @brief LeaveGroup v0-5 (v3+: batched members, by instance id too).
 *  Completes before returning. */
int ck_h_LeaveGroup(ck_kreq *req)
{
    const ck_LeaveGroupRequest *r = req->body;
    int16_t v = req->api_version;
    ck_LeaveGroupResponse resp;
    ck_group_leave_member *ms;
    int32_t i, n = v >= 3 ? CK_MAX(r->Members.n, 0) : 1;
    int16_t err;

    ms = ck_arena_alloc(&req->arena, sizeof(*ms) * (size_t)(n > 0 ? n : 1));
    if (v < 3) {
        ms[0].member_id = cstr0(&req->arena, r->MemberId);
    } else {
        for (i = 0; i < n; i++) {
            ms[i].member_id = cstr0(&req->arena, r->Members.a[i].MemberId);
            ms[i].instance_id = cstr(&req->arena, r->Members.a[i].GroupInstanceId);
        }
    }
    if (!group_ok(req, CK_OP_READ, cstr(&req->arena, r->GroupId)))
        err = CHRONIK_ERR_GROUP_AUTHORIZATION_FAILED;
    else
        err = ck_group_leave(coord(req), cstr(&req->arena, r->GroupId), ms, (size_t)n);
    ck_LeaveGroupResponse_init(&resp);
    resp.ErrorCode = err;
    if (v < 3) {
        if (!err)
            resp.ErrorCode = ms[0].error;
    } else if (!err) {
        ck_LeaveGroupResponse_MemberResponse_array_alloc(&req->arena, &resp.Members, n);
        for (i = 0; i < n; i++) {
            resp.Members.a[i].MemberId = r->Members.a[i].MemberId.len >= 0 ? r->Members.a[i].MemberId : kstr("");
            resp.Members.a[i].GroupInstanceId = r->Members.a[i].GroupInstanceId;
            resp.Members.a[i].ErrorCode = ms[i].error;
        }
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* ====================================================================== */
/* OffsetCommit / OffsetFetch / OffsetDelete                               */
/* ====================================================================== */

/** @brief OffsetCommit v0-9.  Completes before returning (after the
 *  durable LMDB write). */
int ck_h_OffsetCommit(ck_kreq *req)
{
    const ck_OffsetCommitRequest *r = req->body;
    int16_t v = req->api_version;
    ck_OffsetCommitResponse resp;
    ck_group_offset *offs;
    int32_t t, p, nt = CK_MAX(r->Topics.n, 0);
    size_t n = 0, k = 0;

    for (t = 0; t < nt; t++)
        n += (size_t)CK_MAX(r->Topics.a[t].Partitions.n, 0);
    offs = ck_arena_alloc(&req->arena, sizeof(*offs) * (n ? n : 1));
    for (t = 0; t < nt; t++) {
        const ck_OffsetCommitRequest_OffsetCommitRequestTopic *rt = &r->Topics.a[t];
        char *topic = cstr(&req->arena, rt->Name);
        for (p = 0; p < rt->Partitions.n; p++, k++) {
            const ck_OffsetCommitRequest_OffsetCommitRequestPartition *rp = &rt->Partitions.a[p];
            offs[k].topic = topic;
            offs[k].partition = rp->PartitionIndex;
            offs[k].offset = rp->CommittedOffset;
            offs[k].leader_epoch = v >= 6 ? rp->CommittedLeaderEpoch : -1;
            offs[k].metadata = rp->CommittedMetadata.p;
            offs[k].metadata_len = rp->CommittedMetadata.len < 0 ? -1 : rp->CommittedMetadata.len;
        }
    }
    {
        const char *gid = cstr(&req->arena, r->GroupId);
        const char *mid = v >= 1 ? cstr0(&req->arena, r->MemberId) : "";
        const char *iid = v >= 7 ? cstr(&req->arena, r->GroupInstanceId) : NULL;
        int32_t gen = v >= 1 ? r->GenerationIdOrMemberEpoch : -1;
        int16_t cerr = group_ok(req, CK_OP_READ, gid) ? consumer_group_check(req, gid, mid, gen)
                                                      : CHRONIK_ERR_GROUP_AUTHORIZATION_FAILED;
        ck_group_offset *allowed = ck_arena_alloc(&req->arena, sizeof(*allowed) * (n ? n : 1));
        size_t nallowed = 0;
        if (cerr <= 0) {
            /* offsets of topics the principal may not READ are refused */
            for (k = 0; k < n; k++) {
                if (ck_kreq_authorized(req, CK_OP_READ, CK_RES_TOPIC, offs[k].topic ? offs[k].topic : "",
                                       offs[k].topic ? strlen(offs[k].topic) : 0))
                    allowed[nallowed++] = offs[k];
            }
        }
        if (cerr > 0) {
            for (k = 0; k < n; k++)
                offs[k].error = cerr;
        } else if (nallowed < n) {
            size_t j = 0;
            if (cerr == 0 && gid && ck_cgroup_kind(ck_cgroups_of(req->eng), gid, NULL)) {
                mid = "";
                iid = NULL;
                gen = -1;
            }
            if (nallowed > 0)
                ck_group_commit(coord(req), gid, mid, iid, gen, allowed, nallowed);
            for (k = 0; k < n; k++) {
                if (j < nallowed && ck_kreq_authorized(req, CK_OP_READ, CK_RES_TOPIC, offs[k].topic ? offs[k].topic : "",
                                                       offs[k].topic ? strlen(offs[k].topic) : 0))
                    offs[k].error = allowed[j++].error;
                else
                    offs[k].error = CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;
            }
        } else {
            if (cerr == 0 && gid && ck_cgroup_kind(ck_cgroups_of(req->eng), gid, NULL)) {
                /* A consumer-protocol member checked above: stored as a simple commit. */
                mid = "";
                iid = NULL;
                gen = -1;
            }
            ck_group_commit(coord(req), gid, mid, iid, gen, offs, n);
        }
    }
    ck_OffsetCommitResponse_init(&resp);
    ck_OffsetCommitResponse_OffsetCommitResponseTopic_array_alloc(&req->arena, &resp.Topics, nt);
    k = 0;
    for (t = 0; t < nt; t++) {
        const ck_OffsetCommitRequest_OffsetCommitRequestTopic *rt = &r->Topics.a[t];
        ck_OffsetCommitResponse_OffsetCommitResponseTopic *ot = &resp.Topics.a[t];
        ot->Name = rt->Name.len >= 0 ? rt->Name : kstr("");
        ck_OffsetCommitResponse_OffsetCommitResponsePartition_array_alloc(&req->arena, &ot->Partitions,
                                                                          CK_MAX(rt->Partitions.n, 0));
        for (p = 0; p < rt->Partitions.n; p++, k++) {
            ot->Partitions.a[p].PartitionIndex = rt->Partitions.a[p].PartitionIndex;
            ot->Partitions.a[p].ErrorCode = offs[k].error;
        }
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* Committed offsets collected for one group, in the order they came. */
typedef struct fetched {
    const char *topic;
    int32_t     partition;
    int64_t     offset;
    int32_t     epoch;
    ck_str      metadata;        /* bytes as committed; len -1: null */
    int16_t     error;
} fetched;

typedef struct fcoll {
    ck_arena *a;
    fetched  *v;
    size_t    n, cap;
} fcoll;

static void fcoll_cb(void *opaque, const ck_group_committed *c)
{
    fcoll *fc = opaque;
    fetched *f;

    if (fc->n == fc->cap) {
        fc->cap = fc->cap ? fc->cap * 2 : 16;
        fc->v = ck_realloc(fc->v, sizeof(*fc->v) * fc->cap);
    }
    f = &fc->v[fc->n++];
    f->topic = ck_arena_strndup(fc->a, c->topic, strlen(c->topic));
    f->partition = c->partition;
    f->offset = c->offset;
    f->epoch = c->leader_epoch;
    if (c->metadata_len < 0)
        f->metadata = CK_STR_NULL;
    else
        f->metadata = ck_str_make(ck_arena_strndup(fc->a, c->metadata_len ? (const char *)c->metadata : "",
                                                  (size_t)c->metadata_len),
                                  (size_t)c->metadata_len);
    f->error = c->error;
}

/* Number of distinct consecutive topic runs in fc. */
static int32_t fcoll_topics(const fcoll *fc)
{
    int32_t nt = 0;
    size_t i;

    for (i = 0; i < fc->n; i++)
        if (i == 0 || strcmp(fc->v[i].topic, fc->v[i - 1].topic) != 0)
            nt++;
    return nt;
}

/* OffsetFetch: committed offsets of topics the principal may not DESCRIBE
 * are dropped when all topics were asked for, and answered with
 * TOPIC_AUTHORIZATION_FAILED when named. */
static void fcoll_authorize(ck_kreq *req, fcoll *fc, bool all)
{
    size_t i, j = 0;

    for (i = 0; i < fc->n; i++) {
        if (!ck_kreq_authorized(req, CK_OP_DESCRIBE, CK_RES_TOPIC, fc->v[i].topic, strlen(fc->v[i].topic))) {
            if (all)
                continue;
            fc->v[i].offset = -1;
            fc->v[i].epoch = -1;
            fc->v[i].metadata.p = NULL;
            fc->v[i].metadata.len = -1;
            fc->v[i].error = CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;
        }
        fc->v[j++] = fc->v[i];
    }
    fc->n = j;
}

/* Fetches one group's offsets into fc: the requested partitions (names and
 * partition arrays given per topic) or, when all, everything committed.
 * Returns the group-level error. */
static int16_t fetch_group(ck_kreq *req, const char *group, bool all, const ck_str *names,
                           const ck_int32_array *parts, int32_t nt, fcoll *fc)
{
    ck_group_offset *tps = NULL;
    size_t n = 0, k = 0;
    int32_t t, p;

    if (!group)
        return CHRONIK_ERR_INVALID_GROUP_ID;
    if (all)
        return ck_group_fetch(coord(req), group, NULL, 0, fcoll_cb, fc);
    for (t = 0; t < nt; t++)
        n += (size_t)CK_MAX(parts[t].n, 0);
    tps = ck_arena_alloc(&req->arena, sizeof(*tps) * (n ? n : 1));
    for (t = 0; t < nt; t++) {
        char *topic = cstr0(&req->arena, names[t]);
        for (p = 0; p < parts[t].n; p++, k++) {
            tps[k].topic = topic;
            tps[k].partition = parts[t].a[p];
        }
    }
    return ck_group_fetch(coord(req), group, tps, n, fcoll_cb, fc);
}

/* RequireStable (v7+): a partition with transactional offsets not yet
 * committed answers UNSTABLE_OFFSET_COMMIT, so the consumer retries instead
 * of starting from an offset the transaction may still change. */
static int16_t stable_error(ck_kreq *req, bool require_stable, const char *group, const char *topic,
                            int32_t partition, int16_t err)
{
    if (err == 0 && require_stable && ck_txn_offsets_pending(req->eng, group, topic, partition))
        return CHRONIK_ERR_UNSTABLE_OFFSET_COMMIT;
    return err;
}

/** @brief OffsetFetch v0-9 (v2+: null topics = all; v8+: many groups).
 *  Completes before returning. */
int ck_h_OffsetFetch(ck_kreq *req)
{
    const ck_OffsetFetchRequest *r = req->body;
    int16_t v = req->api_version;
    ck_OffsetFetchResponse resp;
    fcoll fc;
    int32_t g, t;
    size_t k;

    ck_OffsetFetchResponse_init(&resp);
    memset(&fc, 0, sizeof(fc));
    fc.a = &req->arena;
    if (v < 8) {
        int32_t nt = CK_MAX(r->Topics.n, 0);
        ck_str *names = ck_arena_alloc(&req->arena, sizeof(*names) * (size_t)(nt ? nt : 1));
        ck_int32_array *parts = ck_arena_alloc(&req->arena, sizeof(*parts) * (size_t)(nt ? nt : 1));
        int16_t err;
        for (t = 0; t < nt; t++) {
            names[t] = r->Topics.a[t].Name;
            parts[t] = r->Topics.a[t].PartitionIndexes;
        }
        err = fetch_group(req, cstr(&req->arena, r->GroupId), r->Topics.n < 0, names, parts, nt, &fc);
        if (!group_ok(req, CK_OP_DESCRIBE, cstr(&req->arena, r->GroupId)))
            err = CHRONIK_ERR_GROUP_AUTHORIZATION_FAILED;
        else
            fcoll_authorize(req, &fc, r->Topics.n < 0);
        resp.ErrorCode = err;
        if (err && v >= 2)
            fc.n = 0;
        ck_OffsetFetchResponse_OffsetFetchResponseTopic_array_alloc(&req->arena, &resp.Topics, fcoll_topics(&fc));
        for (k = 0, t = -1; k < fc.n; k++) {
            ck_OffsetFetchResponse_OffsetFetchResponsePartition *op;
            ck_OffsetFetchResponse_OffsetFetchResponseTopic *ot;
            if (k == 0 || strcmp(fc.v[k].topic, fc.v[k - 1].topic) != 0) {
                size_t e = k;
                int32_t cnt = 0;
                while (e < fc.n && strcmp(fc.v[e].topic, fc.v[k].topic) == 0)
                    e++, cnt++;
                t++;
                resp.Topics.a[t].Name = kstr(fc.v[k].topic);
                ck_OffsetFetchResponse_OffsetFetchResponsePartition_array_alloc(&req->arena,
                                                                                &resp.Topics.a[t].Partitions, cnt);
                resp.Topics.a[t].Partitions.n = 0;
            }
            ot = &resp.Topics.a[t];
            op = &ot->Partitions.a[ot->Partitions.n++];
            op->PartitionIndex = fc.v[k].partition;
            op->CommittedOffset = fc.v[k].offset;
            op->CommittedLeaderEpoch = fc.v[k].epoch;
            op->Metadata = fc.v[k].metadata;
            op->ErrorCode = err && v < 2 ? err
                                         : stable_error(req, r->RequireStable, cstr(&req->arena, r->GroupId),
                                                        fc.v[k].topic, fc.v[k].partition, fc.v[k].error);
        }
    } else {
        int32_t ng = CK_MAX(r->Groups.n, 0);
        ck_OffsetFetchResponse_OffsetFetchResponseGroup_array_alloc(&req->arena, &resp.Groups, ng);
        for (g = 0; g < ng; g++) {
            const ck_OffsetFetchRequest_OffsetFetchRequestGroup *rg = &r->Groups.a[g];
            ck_OffsetFetchResponse_OffsetFetchResponseGroup *og = &resp.Groups.a[g];
            int32_t nt = CK_MAX(rg->Topics.n, 0);
            ck_str *names = ck_arena_alloc(&req->arena, sizeof(*names) * (size_t)(nt ? nt : 1));
            ck_int32_array *parts = ck_arena_alloc(&req->arena, sizeof(*parts) * (size_t)(nt ? nt : 1));
            for (t = 0; t < nt; t++) {
                names[t] = rg->Topics.a[t].Name;
                parts[t] = rg->Topics.a[t].PartitionIndexes;
            }
            fc.n = 0;
            og->GroupId = rg->GroupId.len >= 0 ? rg->GroupId : kstr("");
            og->ErrorCode = v >= 9 && rg->MemberId.len >= 0
                                ? consumer_group_check(req, cstr(&req->arena, rg->GroupId),
                                                       cstr0(&req->arena, rg->MemberId), rg->MemberEpoch)
                                : 0;
            if (!og->ErrorCode && !group_ok(req, CK_OP_DESCRIBE, cstr(&req->arena, rg->GroupId)))
                og->ErrorCode = CHRONIK_ERR_GROUP_AUTHORIZATION_FAILED;
            if (!og->ErrorCode)
                og->ErrorCode = fetch_group(req, cstr(&req->arena, rg->GroupId), rg->Topics.n < 0, names, parts, nt, &fc);
            if (!og->ErrorCode)
                fcoll_authorize(req, &fc, rg->Topics.n < 0);
            if (og->ErrorCode)
                fc.n = 0;
            ck_OffsetFetchResponse_OffsetFetchResponseTopics_array_alloc(&req->arena, &og->Topics, fcoll_topics(&fc));
            for (k = 0, t = -1; k < fc.n; k++) {
                ck_OffsetFetchResponse_OffsetFetchResponsePartitions *op;
                ck_OffsetFetchResponse_OffsetFetchResponseTopics *ot;
                if (k == 0 || strcmp(fc.v[k].topic, fc.v[k - 1].topic) != 0) {
                    size_t e = k;
                    int32_t cnt = 0;
                    while (e < fc.n && strcmp(fc.v[e].topic, fc.v[k].topic) == 0)
                        e++, cnt++;
                    t++;
                    og->Topics.a[t].Name = kstr(fc.v[k].topic);
                    ck_OffsetFetchResponse_OffsetFetchResponsePartitions_array_alloc(&req->arena,
                                                                                     &og->Topics.a[t].Partitions, cnt);
                    og->Topics.a[t].Partitions.n = 0;
                }
                ot = &og->Topics.a[t];
                op = &ot->Partitions.a[ot->Partitions.n++];
                op->PartitionIndex = fc.v[k].partition;
                op->CommittedOffset = fc.v[k].offset;
                op->CommittedLeaderEpoch = fc.v[k].epoch;
                op->Metadata = fc.v[k].metadata;
                op->ErrorCode = stable_error(req, r->RequireStable, cstr(&req->arena, rg->GroupId), fc.v[k].topic,
                                             fc.v[k].partition, fc.v[k].error);
            }
        }
    }
    ck_kreq_respond(req, &resp);
    ck_free(fc.v);
    return CK_DONE;
}

/** @brief OffsetDelete v0.  Completes before returning. */
int ck_h_OffsetDelete(ck_kreq *req)
{
    const ck_OffsetDeleteRequest *r = req->body;
    ck_OffsetDeleteResponse resp;
    ck_group_offset *tps;
    int32_t t, p, nt = CK_MAX(r->Topics.n, 0);
    size_t n = 0, k = 0;
    int16_t err;

    for (t = 0; t < nt; t++)
        n += (size_t)CK_MAX(r->Topics.a[t].Partitions.n, 0);
    tps = ck_arena_alloc(&req->arena, sizeof(*tps) * (n ? n : 1));
    for (t = 0; t < nt; t++) {
        char *topic = cstr(&req->arena, r->Topics.a[t].Name);
        for (p = 0; p < r->Topics.a[t].Partitions.n; p++, k++) {
            tps[k].topic = topic;
            tps[k].partition = r->Topics.a[t].Partitions.a[p].PartitionIndex;
        }
    }
    if (!group_ok(req, CK_OP_DELETE, cstr(&req->arena, r->GroupId))) {
        err = CHRONIK_ERR_GROUP_AUTHORIZATION_FAILED;
    } else {
        for (k = 0; k < n; k++) {
            if (!ck_kreq_authorized(req, CK_OP_READ, CK_RES_TOPIC, tps[k].topic ? tps[k].topic : "",
                                    tps[k].topic ? strlen(tps[k].topic) : 0)) {
                err = CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;
                break;
            }
        }
        if (k == n)
            err = ck_group_offset_delete(coord(req), cstr(&req->arena, r->GroupId), tps, n);
    }
    ck_OffsetDeleteResponse_init(&resp);
    resp.ErrorCode = err;
    if (!err) {
        ck_OffsetDeleteResponse_OffsetDeleteResponseTopic_array_alloc(&req->arena, &resp.Topics, nt);
        k = 0;
        for (t = 0; t < nt; t++) {
            ck_OffsetDeleteResponse_OffsetDeleteResponseTopic *ot = &resp.Topics.a[t];
            ot->Name = r->Topics.a[t].Name.len >= 0 ? r->Topics.a[t].Name : kstr("");
            ck_OffsetDeleteResponse_OffsetDeleteResponsePartition_array_alloc(
                &req->arena, &ot->Partitions, CK_MAX(r->Topics.a[t].Partitions.n, 0));
            for (p = 0; p < r->Topics.a[t].Partitions.n; p++, k++) {
                ot->Partitions.a[p].PartitionIndex = tps[k].partition;
                ot->Partitions.a[p].ErrorCode = tps[k].error;
            }
        }
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* ====================================================================== */
/* DescribeGroups / ListGroups / DeleteGroups                              */
/* ====================================================================== */

typedef struct desc_ctx {
    ck_kreq *req;
    ck_DescribeGroupsResponse_DescribedGroup *out;
} desc_ctx;

static ck_bytes kbcopy(ck_arena *a, const uint8_t *p, int32_t len)
{
    ck_bytes b;
    uint8_t *c = ck_arena_alloc(a, (size_t)(len > 0 ? len : 1));

    if (len > 0)
        memcpy(c, p, (size_t)len);
    b.p = c;
    b.len = len > 0 ? len : 0;
    return b;
}

static void desc_cb(void *opaque, const ck_group_desc *d)
{
    desc_ctx *dc = opaque;
    ck_arena *a = &dc->req->arena;
    ck_DescribeGroupsResponse_DescribedGroup *o = dc->out;
    int32_t i;

    o->ErrorCode = d->error;
    o->GroupState = kcopy(a, d->state);
    o->ProtocolType = kcopy(a, d->protocol_type);
    o->ProtocolData = kcopy(a, d->protocol_data);
    ck_DescribeGroupsResponse_DescribedGroupMember_array_alloc(a, &o->Members, d->nmembers);
    for (i = 0; i < d->nmembers; i++) {
        const ck_group_desc_member *m = &d->members[i];
        ck_DescribeGroupsResponse_DescribedGroupMember *om = &o->Members.a[i];
        om->MemberId = kcopy(a, m->member_id);
        om->GroupInstanceId = kcopy(a, m->instance_id);
        om->ClientId = kcopy(a, m->client_id ? m->client_id : "");
        om->ClientHost = kcopy(a, m->client_host ? m->client_host : "");
        om->MemberMetadata = kbcopy(a, m->metadata, m->metadata_len);
        om->MemberAssignment = kbcopy(a, m->assignment, m->assignment_len);
    }
}

/** @brief DescribeGroups v0-5.  Completes before returning. */
int ck_h_DescribeGroups(ck_kreq *req)
{
    const ck_DescribeGroupsRequest *r = req->body;
    ck_DescribeGroupsResponse resp;
    int32_t i, n = CK_MAX(r->Groups.n, 0);

    ck_DescribeGroupsResponse_init(&resp);
    ck_DescribeGroupsResponse_DescribedGroup_array_alloc(&req->arena, &resp.Groups, n);
    for (i = 0; i < n; i++) {
        ck_DescribeGroupsResponse_DescribedGroup *o = &resp.Groups.a[i];
        char *gid = cstr(&req->arena, r->Groups.a[i]);
        desc_ctx dc = { req, o };
        o->GroupId = r->Groups.a[i].len >= 0 ? r->Groups.a[i] : kstr("");
        o->AuthorizedOperations = r->IncludeAuthorizedOperations ? GROUP_OPERATIONS : INT32_MIN;
        if (!gid) {
            o->ErrorCode = CHRONIK_ERR_INVALID_GROUP_ID;
            o->GroupState = kstr("Dead");
            o->ProtocolType = kstr("");
            o->ProtocolData = kstr("");
            continue;
        }
        if (!group_ok(req, CK_OP_DESCRIBE, gid)) {
            o->ErrorCode = CHRONIK_ERR_GROUP_AUTHORIZATION_FAILED;
            o->GroupState = kstr("Dead");
            o->ProtocolType = kstr("");
            o->ProtocolData = kstr("");
            continue;
        }
        if (is_consumer_group(req, gid, NULL)) {
            o->ErrorCode = CHRONIK_ERR_GROUP_ID_NOT_FOUND;     /* not a classic group: ConsumerGroupDescribe */
            o->GroupState = kstr("Dead");
            o->ProtocolType = kstr("");
            o->ProtocolData = kstr("");
            continue;
        }
        ck_group_describe(coord(req), gid, desc_cb, &dc);
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

static bool str_ieq(ck_str s, const char *c)
{
    size_t n = strlen(c), i;

    if (s.len < 0 || (size_t)s.len != n)
        return false;
    for (i = 0; i < n; i++) {
        char x = s.p[i], y = c[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

static bool filter_match(const ck_str_array *f, const char *value)
{
    int32_t i;

    if (f->n <= 0)
        return true;
    for (i = 0; i < f->n; i++)
        if (str_ieq(f->a[i], value))
            return true;
    return false;
}

/** @brief ListGroups v0-5 (v4+: states filter; v5: types filter and each
 *  group's type, "consumer" or "classic").  Completes before returning. */
int ck_h_ListGroups(ck_kreq *req)
{
    const ck_ListGroupsRequest *r = req->body;
    int16_t v = req->api_version;
    ck_ListGroupsResponse resp;
    ck_group_listing *l;
    size_t n, i;
    int32_t k = 0;

    ck_cgroups *cg = ck_cgroups_of(req->eng);
    ck_cg_listing *cl = NULL;
    size_t cn = 0;
    bool all_groups = ck_kreq_authorized_cluster(req, CK_OP_DESCRIBE);

    ck_group_list(coord(req), &l, &n);
    if (cg)
        ck_cgroup_list(cg, &cl, &cn);
    ck_ListGroupsResponse_init(&resp);
    ck_ListGroupsResponse_ListedGroup_array_alloc(&req->arena, &resp.Groups, (int32_t)(n + cn));
    for (i = 0; i < cn; i++) {
        if (!all_groups && !group_ok(req, CK_OP_DESCRIBE, cl[i].group_id))
            continue;
        if (v >= 4 && !filter_match(&r->StatesFilter, cl[i].state))
            continue;
        if (v >= 5 && !filter_match(&r->TypesFilter, "consumer"))
            continue;
        resp.Groups.a[k].GroupId = kcopy(&req->arena, cl[i].group_id);
        resp.Groups.a[k].ProtocolType = kstr("consumer");
        resp.Groups.a[k].GroupState = kcopy(&req->arena, cl[i].state);
        resp.Groups.a[k].GroupType = kstr("consumer");
        k++;
    }
    for (i = 0; i < n; i++) {
        const char *state = ck_group_state_name(l[i].state);
        if (cg && ck_cgroup_kind(cg, l[i].group_id, NULL))
            continue;                    /* listed above, with its offsets */
        if (!all_groups && !group_ok(req, CK_OP_DESCRIBE, l[i].group_id))
            continue;                    /* groups the principal may not DESCRIBE are not listed */
        if (v >= 4 && !filter_match(&r->StatesFilter, state))
            continue;
        if (v >= 5 && !filter_match(&r->TypesFilter, "classic"))
            continue;
        resp.Groups.a[k].GroupId = kcopy(&req->arena, l[i].group_id);
        resp.Groups.a[k].ProtocolType = kcopy(&req->arena, l[i].protocol_type);
        resp.Groups.a[k].GroupState = kstr(state);
        resp.Groups.a[k].GroupType = kstr("classic");
        k++;
    }
    resp.Groups.n = k;
    ck_group_listings_free(l, n);
    ck_cg_listings_free(cl, cn);
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/** @brief DeleteGroups v0-2.  Completes before returning. */
int ck_h_DeleteGroups(ck_kreq *req)
{
    const ck_DeleteGroupsRequest *r = req->body;
    ck_DeleteGroupsResponse resp;
    int32_t i, n = CK_MAX(r->GroupsNames.n, 0);

    ck_DeleteGroupsResponse_init(&resp);
    ck_DeleteGroupsResponse_DeletableGroupResult_array_alloc(&req->arena, &resp.Results, n);
    for (i = 0; i < n; i++) {
        char *gid = cstr(&req->arena, r->GroupsNames.a[i]);
        resp.Results.a[i].GroupId = r->GroupsNames.a[i].len >= 0 ? r->GroupsNames.a[i] : kstr("");
        int32_t cm = 0;
        if (!gid)
            resp.Results.a[i].ErrorCode = CHRONIK_ERR_INVALID_GROUP_ID;
        else if (!group_ok(req, CK_OP_DELETE, gid))
            resp.Results.a[i].ErrorCode = CHRONIK_ERR_GROUP_AUTHORIZATION_FAILED;
        else if (is_consumer_group(req, gid, &cm) && cm > 0)
            resp.Results.a[i].ErrorCode = CHRONIK_ERR_NON_EMPTY_GROUP;
        else {
            bool consumer = is_consumer_group(req, gid, NULL);
            resp.Results.a[i].ErrorCode = ck_group_delete(coord(req), gid);
            if (consumer) {
                ck_cgroup_delete(ck_cgroups_of(req->eng), gid);
                if (resp.Results.a[i].ErrorCode == CHRONIK_ERR_GROUP_ID_NOT_FOUND)
                    resp.Results.a[i].ErrorCode = 0;   /* a consumer group without offsets */
            }
        }
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}
