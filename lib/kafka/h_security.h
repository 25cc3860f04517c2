/*
 * h_security.h — who is asking, for the Kafka handlers: the connection's
 * principal (SASL), the ACL checks every handler family makes, the SASL
 * listener's handler table, and the security APIs (SaslHandshake,
 * SaslAuthenticate, the ACL, client-quota and SCRAM-credential requests).
 *
 * A connection's security state lives in its handler slot
 * CK_KSEC_CONN_SLOT and is touched only by its loop thread.  On a PLAINTEXT
 * listener it has none and the principal is User:ANONYMOUS, as in Kafka.
 */
#ifndef CK_KAFKA_H_SECURITY_H
#define CK_KAFKA_H_SECURITY_H

#include "kafka/kafka.h"

#define CK_KSEC_CONN_SLOT 1

/** @brief The principal of req's connection: "User:<name>" once SASL
 *  authenticated it, else "User:ANONYMOUS".  Borrowed (valid while req
 *  is).  Loop thread of the connection. */
const char *ck_kreq_principal(ck_kreq *req);
/** @brief The user name of the principal (what quotas are keyed by). */
const char *ck_kreq_user(ck_kreq *req);

/** @brief May req's principal, from its peer host, perform op (ck_acl_op)
 *  on the resource (ck_acl_res, name of len bytes)?  True when the
 *  authorizer is off or the security feature is not running.  Any thread
 *  (the connection's peer is fixed). */
bool ck_kreq_authorized(ck_kreq *req, int op, int res_type, const char *name, size_t len);
/** @brief ck_kreq_authorized on the cluster resource (kafka-cluster). */
bool ck_kreq_authorized_cluster(ck_kreq *req, int op);
/** @brief Kafka's authorizeByResourceType (op on at least one resource of
 *  res_type), for idempotent producers without IDEMPOTENT_WRITE. */
bool ck_kreq_authorized_any(ck_kreq *req, int op, int res_type);

/** @brief Records value (bytes) for req's user and client-id under quota
 *  type (ck_quota_type) and returns the throttle time in ms Kafka would
 *  answer: 0 when no quota applies or the rate is within it.  A throttle
 *  mutes the connection for that type (ck_kreq_quota_wait) for its
 *  duration, as Kafka mutes the channel.  Loop thread of the connection. */
int64_t ck_kreq_quota(ck_kreq *req, int type, double value);
/* A request's place in its connection's queue of throttled requests. */
typedef struct ck_kquota_ticket {
    uint64_t seq;
    bool     queued;
} ck_kquota_ticket;

/** @brief Whether req (ticket t, zeroed before the first call) may be
 *  processed now under quota type: 0 when yes (its connection is not muted
 *  and no earlier request of that type waits), else the ms to defer it
 *  before asking again.  Requests muted together go in arrival order, one
 *  at a time.  Loop thread of the connection. */
int64_t ck_kreq_quota_admit(ck_kreq *req, int type, ck_kquota_ticket *t);

/** @brief The handler table of a SASL listener: the default table plus
 *  SaslHandshake and SaslAuthenticate, every other API refused (the
 *  connection closed, as Kafka does) before authentication or after the
 *  session expired (connections.max.reauth.ms).  Sorted by api key.
 *  Built once; any thread. */
const ck_khandler *ck_kafka_sasl_handlers(size_t *n);

int ck_h_SaslHandshake(ck_kreq *req);
int ck_h_SaslAuthenticate(ck_kreq *req);
int ck_h_DescribeAcls(ck_kreq *req);
int ck_h_CreateAcls(ck_kreq *req);
int ck_h_DeleteAcls(ck_kreq *req);
int ck_h_DescribeClientQuotas(ck_kreq *req);
int ck_h_AlterClientQuotas(ck_kreq *req);
int ck_h_DescribeUserScramCredentials(ck_kreq *req);
int ck_h_AlterUserScramCredentials(ck_kreq *req);

#endif
