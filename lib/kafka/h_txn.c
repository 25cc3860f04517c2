/*
 * h_txn.c — the Kafka handlers of transactions: InitProducerId (with a
 * transactional id), AddPartitionsToTxn, AddOffsetsToTxn, EndTxn,
 * TxnOffsetCommit, DescribeTransactions and ListTransactions.
 *
 * Each handler copies the request's strings into NUL-terminated arena
 * copies, calls the transaction coordinator (lib/txn/txn.h) and builds the
 * response of the request's version.  As Kafka does, PRODUCER_FENCED is
 * answered as INVALID_PRODUCER_EPOCH to versions that predate it
 * (InitProducerId < 4, AddPartitionsToTxn/AddOffsetsToTxn/EndTxn < 2,
 * TxnOffsetCommit < 3).  EndTxn answers from the coordinator's thread once
 * the markers are durable; the handler touches nothing after handing the
 * request over.
 */
#include <stdio.h>

#include "kafka/h_txn.h"
#include "kafka/h_security.h"
#include "group/group.h"
#include "security/security.h"
#include "txn/txn.h"

/* ====================================================================== */
/* Helpers                                                                 */
/* ====================================================================== */

/* A NUL-terminated copy of s in the arena; NULL for a null string or one
 * holding a NUL byte. */
static char *cstr(ck_arena *a, ck_str s)
{
    return ck_str_cstr(a, s);
}

static ck_str kcopy(ck_arena *a, const char *s)
{
    return ck_str_copy(a, s);
}

static int16_t fenced(int16_t err, bool old_version)
{
    return err == CHRONIK_ERR_PRODUCER_FENCED && old_version ? CHRONIK_ERR_INVALID_PRODUCER_EPOCH : err;
}

/* ====================================================================== */
/* InitProducerId                                                          */
/* ====================================================================== */

/** @brief The transactional InitProducerId (see h_txn.h). */
void ck_h_txn_init_producer_id(ck_kreq *req, const ck_InitProducerIdRequest *ir, ck_InitProducerIdResponse *resp)
{
    const char *id = cstr(&req->arena, ir->TransactionalId);
    int64_t pid = -1;
    int16_t epoch = -1, err;

    if (!id || !*id) {
        err = CHRONIK_ERR_INVALID_REQUEST;
    } else {
        bool has_exp = req->api_version >= 3 && ir->ProducerId >= 0;
        err = ck_txn_init_pid(ck_txn_coord(req->eng), id, ir->TransactionTimeoutMs, has_exp ? ir->ProducerId : -1,
                              has_exp ? ir->ProducerEpoch : -1, &pid, &epoch);
    }
    resp->ErrorCode = fenced(err, req->api_version < 4);
    resp->ProducerId = err ? -1 : pid;
    resp->ProducerEpoch = err ? -1 : epoch;
}

/* ====================================================================== */
/* AddPartitionsToTxn                                                      */
/* ====================================================================== */

/* WRITE on the transactional id (h_security.h). */
static bool txn_id_ok(ck_kreq *req, const char *id)
{
    return ck_kreq_authorized(req, CK_OP_WRITE, CK_RES_TRANSACTIONAL_ID, id, strlen(id));
}

static bool topics_ok(ck_kreq *req, const ck_txn_tp *tps, size_t n)
{
    size_t k;

    for (k = 0; k < n; k++)
        if (!ck_kreq_authorized(req, CK_OP_WRITE, CK_RES_TOPIC, tps[k].topic, strlen(tps[k].topic)))
            return false;
    return true;
}

static bool topics_read_ok(ck_kreq *req, const ck_txn_offset *offs, size_t n)
{
    size_t k;

    for (k = 0; k < n; k++)
        if (!ck_kreq_authorized(req, CK_OP_READ, CK_RES_TOPIC, offs[k].topic, strlen(offs[k].topic)))
            return false;
    return true;
}

/* Adds one transaction's topics; fills out (topic results) and returns the
 * transaction-level error. */
static int16_t add_partitions_one(ck_kreq *req, const char *id, int64_t pid, int16_t epoch, bool verify_only,
                                  const ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTopic_array *topics,
                                  ck_AddPartitionsToTxnResponse_AddPartitionsToTxnTopicResult_array *out)
{
    size_t n = 0, k = 0;
    ck_txn_tp *tps;
    int16_t err;
    int32_t ti, pi;

    for (ti = 0; ti < topics->n; ti++)
        n += topics->a[ti].Partitions.n > 0 ? (size_t)topics->a[ti].Partitions.n : 0;
    tps = ck_arena_alloc(&req->arena, (n + 1) * sizeof(*tps));
    for (ti = 0; ti < topics->n; ti++) {
        const char *topic = cstr(&req->arena, topics->a[ti].Name);
        for (pi = 0; pi < topics->a[ti].Partitions.n; pi++) {
            tps[k].topic = topic ? topic : "";
            tps[k].partition = topics->a[ti].Partitions.a[pi];
            k++;
        }
    }
    if (!id || !*id) {
        err = CHRONIK_ERR_INVALID_REQUEST;
        for (k = 0; k < n; k++)
            tps[k].error = err;
    } else if (!txn_id_ok(req, id)) {
        err = CHRONIK_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
        for (k = 0; k < n; k++)
            tps[k].error = err;
    } else if (!topics_ok(req, tps, n)) {
        /* as Kafka: the unauthorized partitions fail, the others are not added */
        err = CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;
        for (k = 0; k < n; k++)
            tps[k].error = ck_kreq_authorized(req, CK_OP_WRITE, CK_RES_TOPIC, tps[k].topic, strlen(tps[k].topic))
                               ? CHRONIK_ERR_OPERATION_NOT_ATTEMPTED
                               : CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;
    } else {
        err = ck_txn_add_partitions(ck_txn_coord(req->eng), id, pid, epoch, tps, n, verify_only);
    }
    err = fenced(err, req->api_version < 2);
    ck_AddPartitionsToTxnResponse_AddPartitionsToTxnTopicResult_array_alloc(&req->arena, out,
                                                                            topics->n > 0 ? topics->n : 0);
    k = 0;
    for (ti = 0; ti < out->n; ti++) {
        ck_AddPartitionsToTxnResponse_AddPartitionsToTxnTopicResult *tr = &out->a[ti];
        int32_t np = topics->a[ti].Partitions.n > 0 ? topics->a[ti].Partitions.n : 0;
        tr->Name = topics->a[ti].Name.len >= 0 ? topics->a[ti].Name : ck_str_from_cstr("");
        ck_AddPartitionsToTxnResponse_AddPartitionsToTxnPartitionResult_array_alloc(&req->arena,
                                                                                    &tr->ResultsByPartition, np);
        for (pi = 0; pi < np; pi++) {
            tr->ResultsByPartition.a[pi].PartitionIndex = tps[k].partition;
            tr->ResultsByPartition.a[pi].PartitionErrorCode = fenced(tps[k].error, req->api_version < 2);
            k++;
        }
    }
    return err;
}

/** @brief AddPartitionsToTxn v0-5: v0-3 carry one transaction from a
 *  client; v4+ a batch of transactions (from brokers), each answered with
 *  its own results.  Loop thread; completes before returning. */
int ck_h_AddPartitionsToTxn(ck_kreq *req)
{
    const ck_AddPartitionsToTxnRequest *ar = req->body;
    ck_AddPartitionsToTxnResponse resp;
    int32_t i;

    ck_AddPartitionsToTxnResponse_init(&resp);
    if (req->api_version <= 3) {
        add_partitions_one(req, cstr(&req->arena, ar->V3AndBelowTransactionalId), ar->V3AndBelowProducerId,
                           ar->V3AndBelowProducerEpoch, false, &ar->V3AndBelowTopics, &resp.ResultsByTopicV3AndBelow);
    } else {
        resp.ErrorCode = 0;
        ck_AddPartitionsToTxnResponse_AddPartitionsToTxnResult_array_alloc(
            &req->arena, &resp.ResultsByTransaction, ar->Transactions.n > 0 ? ar->Transactions.n : 0);
        for (i = 0; i < resp.ResultsByTransaction.n; i++) {
            const ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTransaction *tx = &ar->Transactions.a[i];
            ck_AddPartitionsToTxnResponse_AddPartitionsToTxnResult *r = &resp.ResultsByTransaction.a[i];
            r->TransactionalId = tx->TransactionalId.len >= 0 ? tx->TransactionalId : ck_str_from_cstr("");
            add_partitions_one(req, cstr(&req->arena, tx->TransactionalId), tx->ProducerId, tx->ProducerEpoch,
                               tx->VerifyOnly, &tx->Topics, &r->TopicResults);
        }
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* ====================================================================== */
/* AddOffsetsToTxn                                                         */
/* ====================================================================== */

/** @brief AddOffsetsToTxn v0-4.  Loop thread; completes before returning. */
int ck_h_AddOffsetsToTxn(ck_kreq *req)
{
    const ck_AddOffsetsToTxnRequest *ar = req->body;
    ck_AddOffsetsToTxnResponse resp;
    const char *id = cstr(&req->arena, ar->TransactionalId);
    const char *group = cstr(&req->arena, ar->GroupId);
    int16_t err;

    ck_AddOffsetsToTxnResponse_init(&resp);
    if (!id || !*id)
        err = CHRONIK_ERR_INVALID_REQUEST;
    else if (!txn_id_ok(req, id))
        err = CHRONIK_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
    else if (!ck_kreq_authorized(req, CK_OP_READ, CK_RES_GROUP, group ? group : "", group ? strlen(group) : 0))
        err = CHRONIK_ERR_GROUP_AUTHORIZATION_FAILED;
    else
        err = ck_txn_add_offsets(ck_txn_coord(req->eng), id, ar->ProducerId, ar->ProducerEpoch, group);
    resp.ErrorCode = fenced(err, req->api_version < 2);
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* ====================================================================== */
/* EndTxn                                                                  */
/* ====================================================================== */

typedef struct end_ctx {
    ck_kreq *req;
    int64_t  pid;
    int16_t  epoch;
} end_ctx;

static void end_done(void *opaque, int16_t error)
{
    end_ctx *ec = opaque;
    ck_kreq *req = ec->req;
    ck_EndTxnResponse resp;

    ck_EndTxnResponse_init(&resp);
    resp.ErrorCode = fenced(error, req->api_version < 2);
    resp.ProducerId = error ? -1 : ec->pid;
    resp.ProducerEpoch = error ? -1 : ec->epoch;
    ck_kreq_respond(req, &resp);
}

/** @brief EndTxn v0-5: answered once the transaction's markers are durable
 *  (or at once on error).  Loop thread; may complete on the coordinator's
 *  thread. */
int ck_h_EndTxn(ck_kreq *req)
{
    const ck_EndTxnRequest *er = req->body;
    const char *id = cstr(&req->arena, er->TransactionalId);
    end_ctx *ec = ck_arena_alloc(&req->arena, sizeof(*ec));

    ec->req = req;
    ec->pid = er->ProducerId;
    ec->epoch = er->ProducerEpoch;
    if (!id || !*id) {
        end_done(ec, CHRONIK_ERR_INVALID_REQUEST);
        return CK_DONE;
    }
    if (!txn_id_ok(req, id)) {
        end_done(ec, CHRONIK_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
        return CK_DONE;
    }
    ck_txn_end(ck_txn_coord(req->eng), id, er->ProducerId, er->ProducerEpoch, er->Committed, end_done, ec);
    return CK_PENDING;
}

/* ====================================================================== */
/* TxnOffsetCommit                                                         */
/* ====================================================================== */

/** @brief TxnOffsetCommit v0-4: offsets kept pending in the transaction
 *  until it commits.  Loop thread; completes before returning. */
int ck_h_TxnOffsetCommit(ck_kreq *req)
{
    const ck_TxnOffsetCommitRequest *tr = req->body;
    ck_TxnOffsetCommitResponse resp;
    const char *id = cstr(&req->arena, tr->TransactionalId);
    const char *group = cstr(&req->arena, tr->GroupId);
    size_t n = 0, k = 0;
    ck_txn_offset *offs;
    int32_t ti, pi;

    ck_TxnOffsetCommitResponse_init(&resp);
    for (ti = 0; ti < tr->Topics.n; ti++)
        n += tr->Topics.a[ti].Partitions.n > 0 ? (size_t)tr->Topics.a[ti].Partitions.n : 0;
    offs = ck_arena_alloc(&req->arena, (n + 1) * sizeof(*offs));
    for (ti = 0; ti < tr->Topics.n; ti++) {
        const char *topic = cstr(&req->arena, tr->Topics.a[ti].Name);
        for (pi = 0; pi < tr->Topics.a[ti].Partitions.n; pi++) {
            const ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestPartition *p = &tr->Topics.a[ti].Partitions.a[pi];
            offs[k].topic = topic ? topic : "";
            offs[k].partition = p->PartitionIndex;
            offs[k].offset = p->CommittedOffset;
            offs[k].leader_epoch = req->api_version >= 2 ? p->CommittedLeaderEpoch : -1;
            offs[k].metadata = p->CommittedMetadata.p;
            offs[k].metadata_len = p->CommittedMetadata.len < 0 ? -1 : p->CommittedMetadata.len;
            k++;
        }
    }
    int16_t gerr = 0;
    if (id && *id && !txn_id_ok(req, id))
        gerr = CHRONIK_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
    else if (!ck_kreq_authorized(req, CK_OP_READ, CK_RES_GROUP, group ? group : "", group ? strlen(group) : 0))
        gerr = CHRONIK_ERR_GROUP_AUTHORIZATION_FAILED;
    else if (!topics_read_ok(req, offs, n))
        gerr = CHRONIK_ERR_TOPIC_AUTHORIZATION_FAILED;
    else if (req->api_version >= 3)
        gerr = ck_group_validate_txn_commit(ck_group_coord(req->eng), group ? group : "",
                                            cstr(&req->arena, tr->MemberId), cstr(&req->arena, tr->GroupInstanceId),
                                            tr->GenerationId);
    if (!id || !*id || gerr) {
        for (k = 0; k < n; k++)
            offs[k].error = gerr ? gerr : CHRONIK_ERR_INVALID_REQUEST;
    } else {
        ck_txn_offset_commit(ck_txn_coord(req->eng), id, group, tr->ProducerId, tr->ProducerEpoch, offs, n);
    }
    ck_TxnOffsetCommitResponse_TxnOffsetCommitResponseTopic_array_alloc(&req->arena, &resp.Topics,
                                                                        tr->Topics.n > 0 ? tr->Topics.n : 0);
    k = 0;
    for (ti = 0; ti < resp.Topics.n; ti++) {
        ck_TxnOffsetCommitResponse_TxnOffsetCommitResponseTopic *ot = &resp.Topics.a[ti];
        int32_t np = tr->Topics.a[ti].Partitions.n > 0 ? tr->Topics.a[ti].Partitions.n : 0;
        ot->Name = tr->Topics.a[ti].Name.len >= 0 ? tr->Topics.a[ti].Name : ck_str_from_cstr("");
        ck_TxnOffsetCommitResponse_TxnOffsetCommitResponsePartition_array_alloc(&req->arena, &ot->Partitions, np);
        for (pi = 0; pi < np; pi++) {
            ot->Partitions.a[pi].PartitionIndex = offs[k].partition;
            ot->Partitions.a[pi].ErrorCode = fenced(offs[k].error, req->api_version < 3);
            k++;
        }
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* ====================================================================== */
/* DescribeTransactions / ListTransactions                                 */
/* ====================================================================== */

typedef struct desc_ctx {
    ck_kreq *req;
    ck_DescribeTransactionsResponse_TransactionState *out;
} desc_ctx;

static void describe_fn(void *opaque, const ck_txn_desc *d)
{
    desc_ctx *dc = opaque;
    ck_arena *a = &dc->req->arena;
    ck_DescribeTransactionsResponse_TransactionState *o = dc->out;
    size_t i, ntopics = 0;

    o->ErrorCode = d->error;
    o->TransactionState = kcopy(a, d->error ? "" : ck_txn_state_name(d->state));
    o->TransactionTimeoutMs = d->timeout_ms;
    o->TransactionStartTimeMs = d->start_ms;
    o->ProducerId = d->producer_id;
    o->ProducerEpoch = d->producer_epoch;
    for (i = 0; i < d->ntps; i++)
        if (i == 0 || strcmp(d->topics[i], d->topics[i - 1]) != 0)
            ntopics++;
    ck_DescribeTransactionsResponse_TopicData_array_alloc(a, &o->Topics, (int32_t)ntopics);
    ntopics = 0;
    for (i = 0; i < d->ntps;) {
        size_t j = i;
        ck_DescribeTransactionsResponse_TopicData *td = &o->Topics.a[ntopics++];
        while (j < d->ntps && strcmp(d->topics[j], d->topics[i]) == 0)
            j++;
        td->Topic = kcopy(a, d->topics[i]);
        td->Partitions.n = (int32_t)(j - i);
        td->Partitions.a = ck_arena_alloc(a, (j - i) * sizeof(int32_t));
        for (size_t k = i; k < j; k++)
            td->Partitions.a[k - i] = d->partitions[k];
        i = j;
    }
}

/** @brief DescribeTransactions v0.  Loop thread; completes before returning. */
int ck_h_DescribeTransactions(ck_kreq *req)
{
    const ck_DescribeTransactionsRequest *dr = req->body;
    ck_DescribeTransactionsResponse resp;
    int32_t i;

    ck_DescribeTransactionsResponse_init(&resp);
    ck_DescribeTransactionsResponse_TransactionState_array_alloc(&req->arena, &resp.TransactionStates,
                                                                 dr->TransactionalIds.n > 0 ? dr->TransactionalIds.n : 0);
    for (i = 0; i < resp.TransactionStates.n; i++) {
        ck_DescribeTransactionsResponse_TransactionState *o = &resp.TransactionStates.a[i];
        const char *id = cstr(&req->arena, dr->TransactionalIds.a[i]);
        desc_ctx dc = { req, o };

        o->TransactionalId = dr->TransactionalIds.a[i].len >= 0 ? dr->TransactionalIds.a[i] : ck_str_from_cstr("");
        o->TransactionState = ck_str_from_cstr("");
        o->ProducerId = -1;
        o->ProducerEpoch = -1;
        o->TransactionStartTimeMs = -1;
        if (!id || !*id) {
            o->ErrorCode = CHRONIK_ERR_TRANSACTIONAL_ID_NOT_FOUND;
            continue;
        }
        if (!ck_kreq_authorized(req, CK_OP_DESCRIBE, CK_RES_TRANSACTIONAL_ID, id, strlen(id))) {
            o->ErrorCode = CHRONIK_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
            continue;
        }
        ck_txn_describe(ck_txn_coord(req->eng), id, describe_fn, &dc);
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/** @brief ListTransactions v0-1 (state, producer id and, v1, duration
 *  filters).  Loop thread; completes before returning. */
int ck_h_ListTransactions(ck_kreq *req)
{
    const ck_ListTransactionsRequest *lr = req->body;
    ck_ListTransactionsResponse resp;
    ck_tcoord *tc = ck_txn_coord(req->eng);
    ck_txn_listing *l = NULL;
    size_t n = 0, i, kept = 0;
    bool want_state[CK_TXN__STATES];
    bool any_state = false;
    int32_t unknown = 0, j;
    int64_t now = ck_tcoord_now(tc);
    int64_t min_duration = req->api_version >= 1 ? lr->DurationFilter : -1;

    ck_ListTransactionsResponse_init(&resp);
    memset(want_state, 0, sizeof(want_state));
    resp.UnknownStateFilters.a = ck_arena_alloc(&req->arena, (size_t)(lr->StateFilters.n > 0 ? lr->StateFilters.n : 0) *
                                                                 sizeof(ck_str) + 1);
    for (j = 0; j < lr->StateFilters.n; j++) {
        ck_str s = lr->StateFilters.a[j];
        int st = s.len >= 0 ? ck_txn_state_parse(s.p, (size_t)s.len) : -1;
        if (st < 0) {
            resp.UnknownStateFilters.a[unknown++] = s.len >= 0 ? s : ck_str_from_cstr("");
        } else {
            want_state[st] = true;
            any_state = true;
        }
    }
    resp.UnknownStateFilters.n = unknown;
    ck_txn_list(tc, &l, &n);
    ck_ListTransactionsResponse_TransactionState_array_alloc(&req->arena, &resp.TransactionStates, (int32_t)n);
    for (i = 0; i < n; i++) {
        bool ok = !any_state || want_state[l[i].state];
        if (ok && lr->ProducerIdFilters.n > 0) {
            ok = false;
            for (j = 0; j < lr->ProducerIdFilters.n; j++)
                ok = ok || lr->ProducerIdFilters.a[j] == l[i].producer_id;
        }
        if (ok && min_duration >= 0)
            ok = l[i].start_ms >= 0 && now - l[i].start_ms >= min_duration;
        if (lr->StateFilters.n > 0 && !any_state)
            ok = false;   /* only unknown states were asked for */
        if (ok)           /* transactional ids the principal may not DESCRIBE are not listed */
            ok = ck_kreq_authorized(req, CK_OP_DESCRIBE, CK_RES_TRANSACTIONAL_ID, l[i].txn_id, strlen(l[i].txn_id));
        if (!ok)
            continue;
        resp.TransactionStates.a[kept].TransactionalId = kcopy(&req->arena, l[i].txn_id);
        resp.TransactionStates.a[kept].ProducerId = l[i].producer_id;
        resp.TransactionStates.a[kept].TransactionState = kcopy(&req->arena, ck_txn_state_name(l[i].state));
        kept++;
    }
    resp.TransactionStates.n = (int32_t)kept;
    ck_txn_listings_free(l, n);
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}
