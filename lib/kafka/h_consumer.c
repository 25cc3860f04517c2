/*
 * h_consumer.c — the Kafka handlers of the new consumer group protocol
 * (KIP-848): ConsumerGroupHeartbeat and ConsumerGroupDescribe, over the
 * consumer-group coordinator of lib/group (consumer.c).  Both complete
 * before returning.
 */
#include <stdio.h>

#include "group/group.h"
#include "kafka/h_group.h"
#include "kafka/h_security.h"
#include "security/security.h"
#include "protocol/protocol.h"

/* Kafka's ACL operations a group supports: READ, DELETE, DESCRIBE. */
#define GROUP_OPERATIONS ((1 << 3) | (1 << 6) | (1 << 8))

/* A NUL-terminated copy in the arena; NULL for a null string or one holding
 * a NUL byte. */
static void count_members(void *opaque, const ck_group_desc *d)
{
    *(int32_t *)opaque = d->nmembers;
}

/* Members of the classic group group_id (0 when there is none). */
static int32_t classic_members(ck_kreq *req, const char *group_id)
{
    int32_t n = 0;

    ck_group_describe(ck_group_coord(req->eng), group_id, count_members, &n);
    return n;
}

/** @brief ConsumerGroupHeartbeat v0-1 (v1: SubscribedTopicRegex).  A group
 *  of the classic protocol that still has members is not taken over
 *  (GROUP_ID_NOT_FOUND); an empty one (offsets only) becomes a consumer
 *  group, keeping its offsets.  Completes before returning. */
int ck_h_ConsumerGroupHeartbeat(ck_kreq *req)
{
    const ck_ConsumerGroupHeartbeatRequest *r = req->body;
    ck_ConsumerGroupHeartbeatResponse resp;
    ck_cg_heartbeat_args a;
    ck_cg_heartbeat_result res;
    ck_cgroups *cg = ck_cgroups_of(req->eng);
    const char **topics = NULL;
    ck_cg_topic_parts *owned = NULL;
    int32_t i;

    ck_ConsumerGroupHeartbeatResponse_init(&resp);
    memset(&a, 0, sizeof(a));
    memset(&res, 0, sizeof(res));
    a.group_id = ck_str_cstr(&req->arena, r->GroupId);
    a.member_id = ck_str_cstr(&req->arena, r->MemberId);
    a.member_epoch = r->MemberEpoch;
    a.instance_id = ck_str_cstr(&req->arena, r->InstanceId);
    a.rack_id = ck_str_cstr(&req->arena, r->RackId);
    a.rebalance_timeout_ms = r->RebalanceTimeoutMs;
    a.ntopics = r->SubscribedTopicNames.n;
    if (a.ntopics >= 0) {
        topics = ck_arena_alloc(&req->arena, sizeof(*topics) * (size_t)(a.ntopics ? a.ntopics : 1));
        for (i = 0; i < a.ntopics; i++)
            topics[i] = ck_str_cstr(&req->arena, r->SubscribedTopicNames.a[i]);
        for (i = 0; i < a.ntopics; i++)
            if (!topics[i])
                a.ntopics = -2;                 /* a null or NUL-holding name */
        a.topics = topics;
    }
    a.regex = req->api_version >= 1 ? ck_str_cstr(&req->arena, r->SubscribedTopicRegex) : NULL;
    a.assignor = ck_str_cstr(&req->arena, r->ServerAssignor);
    a.nowned = r->TopicPartitions.n;
    if (a.nowned > 0) {
        owned = ck_arena_alloc(&req->arena, sizeof(*owned) * (size_t)a.nowned);
        for (i = 0; i < a.nowned; i++) {
            memcpy(owned[i].topic_id, r->TopicPartitions.a[i].TopicId, 16);
            owned[i].partitions = r->TopicPartitions.a[i].Partitions.a;
            owned[i].npartitions = CK_MAX(r->TopicPartitions.a[i].Partitions.n, 0);
        }
    }
    a.owned = owned;
    a.client_id = req->client_id ? req->client_id : "";
    a.client_host = ck_kreq_client_host(req);

    if (!cg) {
        resp.ErrorCode = CHRONIK_ERR_COORDINATOR_NOT_AVAILABLE;
    } else if (!a.group_id || !a.member_id || a.ntopics == -2) {
        resp.ErrorCode = CHRONIK_ERR_INVALID_REQUEST;
        resp.ErrorMessage = ck_str_from_cstr("GroupId, MemberId and topic names must be valid strings.");
    } else if (!ck_kreq_authorized(req, CK_OP_READ, CK_RES_GROUP, a.group_id, strlen(a.group_id))) {
        resp.ErrorCode = CHRONIK_ERR_GROUP_AUTHORIZATION_FAILED;
    } else {
        if (!ck_cgroup_kind(cg, a.group_id, NULL) && classic_members(req, a.group_id) > 0) {
            resp.ErrorCode = CHRONIK_ERR_GROUP_ID_NOT_FOUND;
            resp.ErrorMessage = ck_str_copy(&req->arena, "The group is a classic group with members; it is not a consumer group.");
        } else {
            ck_cgroup_heartbeat(cg, &a, &res);
            resp.ErrorCode = res.error;
            if (res.error) {
                resp.ErrorMessage = ck_str_copy(&req->arena, res.errmsg);
            } else {
                resp.MemberId = ck_str_copy(&req->arena, res.member_id);
                resp.MemberEpoch = res.member_epoch;
                resp.HeartbeatIntervalMs = res.heartbeat_interval_ms;
                if (res.has_assignment) {
                    ck_ConsumerGroupHeartbeatResponse_Assignment *as = ck_arena_alloc(&req->arena, sizeof(*as));
                    ck_ConsumerGroupHeartbeatResponse_Assignment_init(as);
                    ck_ConsumerGroupHeartbeatResponse_TopicPartitions_array_alloc(&req->arena, &as->TopicPartitions,
                                                                                  res.ntopics);
                    for (i = 0; i < res.ntopics; i++) {
                        ck_ConsumerGroupHeartbeatResponse_TopicPartitions *tp = &as->TopicPartitions.a[i];
                        int32_t np = res.topics[i].npartitions;
                        memcpy(tp->TopicId, res.topics[i].topic_id, 16);
                        tp->Partitions.n = np;
                        tp->Partitions.a = ck_arena_alloc(&req->arena, sizeof(int32_t) * (size_t)(np ? np : 1));
                        memcpy(tp->Partitions.a, res.topics[i].partitions, sizeof(int32_t) * (size_t)np);
                    }
                    resp.Assignment = as;
                }
            }
            ck_cg_heartbeat_result_free(&res);
        }
    }
    if (resp.ErrorCode) {
        resp.MemberEpoch = -1;
        resp.HeartbeatIntervalMs = 0;
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

static void describe_tps(ck_kreq *req, ck_ConsumerGroupDescribeResponse_Assignment *out, const ck_cg_desc_tps *in)
{
    ck_ConsumerGroupDescribeResponse_Assignment_init(out);
    ck_ConsumerGroupDescribeResponse_TopicPartitions_array_alloc(&req->arena, &out->TopicPartitions, in->ntopics);
    for (int32_t i = 0; i < in->ntopics; i++) {
        ck_ConsumerGroupDescribeResponse_TopicPartitions *tp = &out->TopicPartitions.a[i];
        ck_topic *t = ck_engine_topic_get_by_id(req->eng, in->topics[i].topic_id);
        int32_t np = in->topics[i].npartitions;
        memcpy(tp->TopicId, in->topics[i].topic_id, 16);
        tp->TopicName = ck_str_copy(&req->arena, t ? ck_topic_name(t) : "");
        if (t)
            ck_topic_release(t);
        tp->Partitions.n = np;
        tp->Partitions.a = ck_arena_alloc(&req->arena, sizeof(int32_t) * (size_t)(np ? np : 1));
        memcpy(tp->Partitions.a, in->topics[i].partitions, sizeof(int32_t) * (size_t)np);
    }
}

/** @brief ConsumerGroupDescribe v0.  Groups that are not consumer groups
 *  answer GROUP_ID_NOT_FOUND.  Completes before returning. */
int ck_h_ConsumerGroupDescribe(ck_kreq *req)
{
    const ck_ConsumerGroupDescribeRequest *r = req->body;
    ck_ConsumerGroupDescribeResponse resp;
    ck_cgroups *cg = ck_cgroups_of(req->eng);
    int32_t i, n = CK_MAX(r->GroupIds.n, 0);

    ck_ConsumerGroupDescribeResponse_init(&resp);
    ck_ConsumerGroupDescribeResponse_DescribedGroup_array_alloc(&req->arena, &resp.Groups, n);
    for (i = 0; i < n; i++) {
        ck_ConsumerGroupDescribeResponse_DescribedGroup *o = &resp.Groups.a[i];
        char *gid = ck_str_cstr(&req->arena, r->GroupIds.a[i]);
        ck_cg_desc d;
        int rc;

        o->GroupId = r->GroupIds.a[i].len >= 0 ? r->GroupIds.a[i] : ck_str_from_cstr("");
        o->GroupState = ck_str_from_cstr("Dead");
        o->AssignorName = ck_str_from_cstr("");
        o->AuthorizedOperations = r->IncludeAuthorizedOperations ? GROUP_OPERATIONS : INT32_MIN;
        if (!gid || !gid[0]) {
            o->ErrorCode = CHRONIK_ERR_INVALID_GROUP_ID;
            continue;
        }
        if (!ck_kreq_authorized(req, CK_OP_DESCRIBE, CK_RES_GROUP, gid, strlen(gid))) {
            o->ErrorCode = CHRONIK_ERR_GROUP_AUTHORIZATION_FAILED;
            continue;
        }
        rc = cg ? ck_cgroup_describe(cg, gid, &d) : CHRONIK_ERR_COORDINATOR_NOT_AVAILABLE;
        if (rc) {
            o->ErrorCode = (int16_t)rc;
            o->ErrorMessage = ck_str_copy(&req->arena, rc == CHRONIK_ERR_GROUP_ID_NOT_FOUND ? "Group is not a consumer group." : NULL);
            continue;
        }
        o->GroupState = ck_str_copy(&req->arena, d.state);
        o->GroupEpoch = d.group_epoch;
        o->AssignmentEpoch = d.assignment_epoch;
        o->AssignorName = ck_str_copy(&req->arena, d.assignor);
        ck_ConsumerGroupDescribeResponse_Member_array_alloc(&req->arena, &o->Members, d.nmembers);
        for (int32_t k = 0; k < d.nmembers; k++) {
            ck_ConsumerGroupDescribeResponse_Member *om = &o->Members.a[k];
            const ck_cg_desc_member *m = &d.members[k];
            om->MemberId = ck_str_copy(&req->arena, m->member_id);
            om->InstanceId = ck_str_copy(&req->arena, m->instance_id);
            om->RackId = ck_str_copy(&req->arena, m->rack_id);
            om->MemberEpoch = m->member_epoch;
            om->ClientId = ck_str_copy(&req->arena, m->client_id);
            om->ClientHost = ck_str_copy(&req->arena, m->client_host);
            om->SubscribedTopicRegex = ck_str_copy(&req->arena, m->regex);
            om->SubscribedTopicNames.n = m->ntopics;
            om->SubscribedTopicNames.a = ck_arena_alloc(&req->arena, sizeof(ck_str) * (size_t)(m->ntopics ? m->ntopics : 1));
            for (int32_t t = 0; t < m->ntopics; t++)
                om->SubscribedTopicNames.a[t] = ck_str_copy(&req->arena, m->topics[t]);
            describe_tps(req, &om->Assignment, &m->assignment);
            describe_tps(req, &om->TargetAssignment, &m->target);
        }
        ck_cg_desc_free(&d);
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}
