/*
 * h_cluster.c — the Kafka handlers that describe and steer partition
 * leadership, answered truthfully for one node: DescribeTopicPartitions
 * (KIP-966, the paginated describe of recent AdminClients) and ElectLeaders
 * (every partition's only replica is already its leader and preferred
 * replica, so no election is ever needed).  Both complete before returning.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kafka/handlers.h"
#include "security/security.h"
#include "protocol/protocol.h"

#define NO_AUTHORIZED_OPERATIONS INT32_MIN
#define TOPIC_ALL_OPERATIONS 0x0DF8
#define DTP_MAX_PARTITIONS 2000          /* Kafka's max.request.partition.size.limit */

static int topic_cmp(const void *a, const void *b)
{
    return strcmp(ck_topic_name(*(ck_topic *const *)a), ck_topic_name(*(ck_topic *const *)b));
}

static ck_str arena_str(ck_kreq *req, const char *s)
{
    return ck_str_from_cstr(ck_arena_strndup(&req->arena, s, strlen(s)));
}

typedef struct dtp_entry {
    const char *name;
    ck_topic   *t;                       /* NULL: unknown */
} dtp_entry;

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const dtp_entry *)a)->name, ((const dtp_entry *)b)->name);
}

/** @brief DescribeTopicPartitions v0: the requested topics (all when none
 *  is named) in name order, from the cursor on, at most
 *  ResponsePartitionLimit (capped at 2000) partitions, with NextCursor where
 *  the limit cut.  Unknown topics answer UNKNOWN_TOPIC_OR_PARTITION; a
 *  cursor naming a topic not asked for answers INVALID_REQUEST. */
int ck_h_DescribeTopicPartitions(ck_kreq *req)
{
    const ck_DescribeTopicPartitionsRequest *r = req->body;
    ck_DescribeTopicPartitionsResponse resp;
    ck_engine *eng = req->eng;
    int32_t node = ck_engine_node_id(eng);
    int32_t limit = r->ResponsePartitionLimit > 0 && r->ResponsePartitionLimit < DTP_MAX_PARTITIONS
                        ? r->ResponsePartitionLimit : DTP_MAX_PARTITIONS;
    dtp_entry *ents;
    size_t n = 0, i;
    ck_topic **all = NULL;
    size_t nall = 0;
    const char *cur_topic = NULL;
    int32_t cur_part = 0, used = 0, k = 0;

    ck_DescribeTopicPartitionsResponse_init(&resp);
    if (r->Topics.n > 0) {
        ents = ck_calloc((size_t)r->Topics.n, sizeof(*ents));     /* outlives the response: released below */
        for (i = 0; i < (size_t)r->Topics.n; i++) {
            char *name = ck_str_cstr(&req->arena, r->Topics.a[i].Name);
            ents[n].name = name ? name : "";
            ents[n].t = name ? ck_engine_topic_get(eng, name, strlen(name)) : NULL;
            if (ents[n].t && (ck_topic_deleted(ents[n].t) ||
                              !ck_kreq_authorized(req, CK_OP_DESCRIBE, CK_RES_TOPIC, name, strlen(name)))) {
                /* a topic the principal may not DESCRIBE is answered as unknown */
                ck_topic_release(ents[n].t);
                ents[n].t = NULL;
            }
            n++;
        }
    } else {
        all = ck_engine_topic_list(eng, &nall);
        qsort(all, nall, sizeof(*all), topic_cmp);
        ents = ck_calloc(nall ? nall : 1, sizeof(*ents));
        for (i = 0; i < nall; i++) {
            if (ck_topic_deleted(all[i]) ||
                !ck_kreq_authorized(req, CK_OP_DESCRIBE, CK_RES_TOPIC, ck_topic_name(all[i]),
                                    strlen(ck_topic_name(all[i]))))
                continue;
            ents[n].name = ck_topic_name(all[i]);
            ents[n].t = all[i];
            ck_topic_keep(all[i]);
            n++;
        }
    }
    qsort(ents, n, sizeof(*ents), entry_cmp);
    if (r->Cursor) {
        bool found = false;
        cur_topic = ck_str_cstr(&req->arena, r->Cursor->TopicName);
        cur_part = r->Cursor->PartitionIndex;
        for (i = 0; cur_topic && i < n; i++)
            found |= strcmp(ents[i].name, cur_topic) == 0;
        if (!found || cur_part < 0) {
            /* As Kafka's error response: every topic asked for, INVALID_REQUEST. */
            ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponseTopic_array_alloc(&req->arena,
                                                                                                 &resp.Topics, (int32_t)n);
            for (i = 0; i < n; i++) {
                resp.Topics.a[i].ErrorCode = CHRONIK_ERR_INVALID_REQUEST;
                resp.Topics.a[i].Name = arena_str(req, ents[i].name);
            }
            ck_kreq_respond(req, &resp);
            goto out;
        }
    }
    ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponseTopic_array_alloc(&req->arena, &resp.Topics,
                                                                                         (int32_t)n);
    for (i = 0; i < n; i++) {
        ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponseTopic *o = &resp.Topics.a[k];
        int32_t first = 0, np, take, p;

        if (cur_topic) {
            int c = strcmp(ents[i].name, cur_topic);
            if (c < 0)
                continue;
            if (c == 0)
                first = cur_part;
        }
        if (used >= limit) {
            resp.NextCursor = ck_arena_alloc(&req->arena, sizeof(*resp.NextCursor));
            ck_DescribeTopicPartitionsResponse_Cursor_init(resp.NextCursor);
            resp.NextCursor->TopicName = arena_str(req, ents[i].name);
            resp.NextCursor->PartitionIndex = first;
            break;
        }
        k++;
        o->Name = arena_str(req, ents[i].name);
        o->TopicAuthorizedOperations = TOPIC_ALL_OPERATIONS;
        if (!ents[i].t) {
            o->ErrorCode = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
            continue;
        }
        memcpy(o->TopicId, ck_topic_id(ents[i].t), 16);
        o->IsInternal = ck_topic_name_internal(ents[i].name, strlen(ents[i].name));
        np = ck_topic_partition_count(ents[i].t);
        take = np > first ? np - first : 0;
        if (take > limit - used)
            take = limit - used;
        ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponsePartition_array_alloc(&req->arena,
                                                                                             &o->Partitions, take);
        for (p = 0; p < take; p++) {
            ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponsePartition *op = &o->Partitions.a[p];
            op->PartitionIndex = first + p;
            op->LeaderId = node;
            op->LeaderEpoch = 0;
            CK_ARRAY_ALLOC(&req->arena, op->ReplicaNodes, 1);
            op->ReplicaNodes.a[0] = node;
            CK_ARRAY_ALLOC(&req->arena, op->IsrNodes, 1);
            op->IsrNodes.a[0] = node;
            CK_ARRAY_ALLOC(&req->arena, op->EligibleLeaderReplicas, 0);
            CK_ARRAY_ALLOC(&req->arena, op->LastKnownElr, 0);
        }
        used += take;
        if (first + take < np) {
            resp.NextCursor = ck_arena_alloc(&req->arena, sizeof(*resp.NextCursor));
            ck_DescribeTopicPartitionsResponse_Cursor_init(resp.NextCursor);
            resp.NextCursor->TopicName = arena_str(req, ents[i].name);
            resp.NextCursor->PartitionIndex = first + take;
            break;
        }
    }
    resp.Topics.n = k;
    ck_kreq_respond(req, &resp);
out:
    /* The request (and its arena) is gone once answered: only ents is used here. */
    for (i = 0; i < n; i++)
        if (ents[i].t)
            ck_topic_release(ents[i].t);
    ck_free(ents);
    if (all)
        ck_topics_release(all, nall);
    return CK_DONE;
}

/** @brief ElectLeaders v0-2 (v1+: ElectionType, top-level ErrorCode).  Each
 *  named partition answers ELECTION_NOT_NEEDED (its one replica leads and
 *  is preferred) or UNKNOWN_TOPIC_OR_PARTITION; a null list (every
 *  partition) answers with no results, as Kafka lists only partitions whose
 *  election ran. */
int ck_h_ElectLeaders(ck_kreq *req)
{
    const ck_ElectLeadersRequest *r = req->body;
    ck_ElectLeadersResponse resp;
    int32_t nt = CK_MAX(r->TopicPartitions.n, 0), i, j;

    ck_ElectLeadersResponse_init(&resp);
    if (!ck_kreq_authorized_cluster(req, CK_OP_ALTER)) {
        resp.ErrorCode = CHRONIK_ERR_CLUSTER_AUTHORIZATION_FAILED;
        ck_kreq_respond(req, &resp);
        return CK_DONE;
    }
    if (req->api_version >= 1 && r->ElectionType != 0 && r->ElectionType != 1) {
        resp.ErrorCode = CHRONIK_ERR_INVALID_REQUEST;
        ck_kreq_respond(req, &resp);
        return CK_DONE;
    }
    ck_ElectLeadersResponse_ReplicaElectionResult_array_alloc(&req->arena, &resp.ReplicaElectionResults, nt);
    for (i = 0; i < nt; i++) {
        const ck_ElectLeadersRequest_TopicPartitions *rt = &r->TopicPartitions.a[i];
        ck_ElectLeadersResponse_ReplicaElectionResult *o = &resp.ReplicaElectionResults.a[i];
        char *name = ck_str_cstr(&req->arena, rt->Topic);
        ck_topic *t = name ? ck_engine_topic_get(req->eng, name, strlen(name)) : NULL;
        int32_t np = t && !ck_topic_deleted(t) ? ck_topic_partition_count(t) : -1;
        int32_t npart = CK_MAX(rt->Partitions.n, 0);

        o->Topic = rt->Topic.len >= 0 ? rt->Topic : ck_str_from_cstr("");
        ck_ElectLeadersResponse_PartitionResult_array_alloc(&req->arena, &o->PartitionResult, npart);
        for (j = 0; j < npart; j++) {
            ck_ElectLeadersResponse_PartitionResult *pr = &o->PartitionResult.a[j];
            int32_t p = rt->Partitions.a[j];
            pr->PartitionId = p;
            if (np < 0 || p < 0 || p >= np) {
                pr->ErrorCode = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
                pr->ErrorMessage = ck_str_from_cstr("The topic or partition does not exist.");
            } else {
                pr->ErrorCode = CHRONIK_ERR_ELECTION_NOT_NEEDED;
                pr->ErrorMessage = ck_str_from_cstr("Leader election not needed for topic partition.");
            }
        }
        if (t)
            ck_topic_release(t);
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}
