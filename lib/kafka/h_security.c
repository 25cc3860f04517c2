/*
 * h_security.c — the security side of the Kafka listener: the connection's
 * SASL state and principal, the ACL checks the handler families call, the
 * SASL listener's gate, and the security APIs: SaslHandshake (v0-1),
 * SaslAuthenticate (v0-2, with KIP-368 session lifetimes), CreateAcls,
 * DescribeAcls, DeleteAcls (v0-3), DescribeClientQuotas, AlterClientQuotas
 * (v0-1), DescribeUserScramCredentials and AlterUserScramCredentials (v0).
 *
 * SASL.  SaslHandshake picks a mechanism among sasl.enabled.mechanisms;
 * each SaslAuthenticate feeds one client message to the library's exchange
 * (lib/security, ck_sasl_step).  After a v0 SaslHandshake the messages come
 * as raw size-prefixed frames instead (ck_kconn_expect_raw; the answers are
 * raw too, and a failure closes the connection), as old clients send them.  SCRAM steps cost a few hashes and run on
 * the loop thread; PLAIN's step runs PBKDF2 (~10 ms) and is handed to the
 * security layer's workers: the request is deferred and woken when the
 * worker is done, so the loop keeps serving its other connections.  A
 * failed authentication is answered after connection.failed.authentication
 * .delay.ms, and the connection must start over with a new handshake.  On a
 * SASL listener every other request (except ApiVersions) before
 * authentication, or after the session lifetime without re-authentication,
 * closes the connection, as Kafka does.  Re-authentication (a v1 handshake
 * on an authenticated connection) must keep the principal.
 *
 * Threads: the connection state is touched only by the connection's loop
 * thread (handlers, deferred callbacks, the gate).  A PLAIN job owns its
 * exchange and input; the job and the deferred request share a small
 * refcounted record, under its mutex, so that a request answered early at
 * shutdown is never woken by a late worker.
 */
#include "kafka/h_security.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/handlers.h"
#include "security/security.h"

#define API_SASL_HANDSHAKE    17
#define API_API_VERSIONS      18
#define API_SASL_AUTHENTICATE 36

/* Longest a PLAIN job may take before the request is answered anyway. */
#define PLAIN_JOB_TIMEOUT_MS  30000

/* ====================================================================== */
/* Connection state                                                         */
/* ====================================================================== */

typedef struct ksec_conn {
    int      mech;                          /* handshake's mechanism (ck_sasl_new numbers), 0: none */
    int16_t  hs_version;
    ck_sasl *sasl;                          /* exchange in progress */
    bool     busy;                          /* a PLAIN job is running */
    bool     authenticated;
    char     principal[CK_SCRAM_MAX_USER + 8];
    int64_t  expires_ms;                    /* monotonic; 0: never */
    int64_t  muted_until[CK_QUOTA__COUNT];  /* quota throttling: monotonic ms */
    uint64_t q_next[CK_QUOTA__COUNT];       /* quota tickets handed out */
    uint64_t q_head[CK_QUOTA__COUNT];       /* the ticket that may go next */
} ksec_conn;

static void ksec_conn_free(void *p)
{
    ksec_conn *st = p;

    if (st == NULL)
        return;
    ck_sasl_free(st->sasl);
    ck_free(st);
}

static ksec_conn *ksec_get(ck_kconn *conn, bool create)
{
    ksec_conn *st = ck_kconn_slot_get(conn, CK_KSEC_CONN_SLOT);

    if (st == NULL && create) {
        st = ck_calloc(1, sizeof(*st));
        ck_kconn_slot_set(conn, CK_KSEC_CONN_SLOT, st, ksec_conn_free);
    }
    return st;
}

const char *ck_kreq_principal(ck_kreq *req)
{
    ksec_conn *st = ksec_get(req->conn, false);

    return st != NULL && st->authenticated ? st->principal : CK_PRINCIPAL_ANONYMOUS;
}

const char *ck_kreq_user(ck_kreq *req)
{
    const char *p = ck_kreq_principal(req);
    const char *colon = strchr(p, ':');

    return colon != NULL ? colon + 1 : p;
}

/* The peer's address without the port ("[v6]:p" → "v6"). */
static void peer_host(ck_kreq *req, char *out, size_t outlen)
{
    const char *peer = ck_kconn_peer(req->conn);
    const char *end;
    size_t      n;

    if (peer[0] == '[') {
        peer++;
        end = strchr(peer, ']');
    } else {
        end = strrchr(peer, ':');
    }
    n = end != NULL ? (size_t)(end - peer) : strlen(peer);
    if (n >= outlen)
        n = outlen - 1;
    memcpy(out, peer, n);
    out[n] = '\0';
}

bool ck_kreq_authorized(ck_kreq *req, int op, int res_type, const char *name, size_t len)
{
    ck_sec *s = ck_security_of(req->eng);
    char    host[64];

    if (s == NULL || !ck_sec_authorizer_enabled(s))
        return true;
    peer_host(req, host, sizeof(host));
    return ck_sec_authorize(s, ck_kreq_principal(req), host, op, res_type, name, len);
}

bool ck_kreq_authorized_cluster(ck_kreq *req, int op)
{
    return ck_kreq_authorized(req, op, CK_RES_CLUSTER, CK_ACL_CLUSTER_NAME, strlen(CK_ACL_CLUSTER_NAME));
}

bool ck_kreq_authorized_any(ck_kreq *req, int op, int res_type)
{
    ck_sec *s = ck_security_of(req->eng);
    char    host[64];

    if (s == NULL || !ck_sec_authorizer_enabled(s))
        return true;
    peer_host(req, host, sizeof(host));
    return ck_sec_authorize_by_type(s, ck_kreq_principal(req), host, op, res_type);
}

int64_t ck_kreq_quota(ck_kreq *req, int type, double value)
{
    ck_sec    *s = ck_security_of(req->eng);
    int64_t    now = ck_mono_ms(), t;
    ksec_conn *st;

    if (s == NULL)
        return 0;
    t = ck_quota_record(s, type, ck_kreq_user(req), req->client_id ? req->client_id : "", value, now);
    if (t > 0) {
        st = ksec_get(req->conn, true);
        st->muted_until[type] = CK_MAX(st->muted_until[type], now + t);
    }
    return t;
}

int64_t ck_kreq_quota_admit(ck_kreq *req, int type, ck_kquota_ticket *t)
{
    ksec_conn *st = ksec_get(req->conn, false);
    int64_t    now, wait;

    if (st == NULL)
        return 0;                  /* never throttled: nothing queued */
    now = ck_mono_ms();
    wait = st->muted_until[type] > now ? st->muted_until[type] - now : 0;
    if (!t->queued) {
        if (wait == 0 && st->q_head[type] == st->q_next[type])
            return 0;
        t->seq = st->q_next[type]++;
        t->queued = true;
    }
    if (wait == 0 && t->seq == st->q_head[type]) {
        st->q_head[type]++;
        t->queued = false;
        return 0;
    }
    /* later tickets fire later, so that they go in arrival order */
    return wait + (int64_t)(t->seq - st->q_head[type]) + 1;
}

/* ====================================================================== */
/* Small helpers                                                            */
/* ====================================================================== */

static char *cstr(ck_arena *a, ck_str s)
{
    if (s.len < 0)
        return NULL;
    return ck_arena_strndup(a, s.p ? s.p : "", (size_t)s.len);
}

static ck_str kstr(ck_arena *a, const char *s)
{
    ck_str out = {NULL, -1};

    if (s != NULL) {
        size_t n = strlen(s);
        out.p = ck_arena_strndup(a, s, n);
        out.len = (int32_t)n;
    }
    return out;
}

static ck_str knull(void)
{
    ck_str out = {NULL, -1};
    return out;
}

/* A Kafka error code for a library result (negative internal codes become
 * KAFKA_STORAGE_ERROR or UNKNOWN_SERVER_ERROR). */
static int16_t kcode(int rc)
{
    if (rc >= 0)
        return (int16_t)rc;
    if (rc == CHRONIK_ERR_IO || rc == CHRONIK_ERR_CORRUPT)
        return CHRONIK_ERR_KAFKA_STORAGE_ERROR;
    return CHRONIK_ERR_UNKNOWN_SERVER_ERROR;
}

static int64_t conf_num(ck_kreq *req, int key) { return ck_conf_num(ck_engine_conf(req->eng), key); }

/* ====================================================================== */
/* SaslHandshake                                                            */
/* ====================================================================== */

int ck_h_SaslHandshake(ck_kreq *req)
{
    const ck_SaslHandshakeRequest *rq = req->body;
    ck_SaslHandshakeResponse       resp;
    ck_sec                        *s = ck_security_of(req->eng);
    ksec_conn                     *st = ksec_get(req->conn, true);
    const char                    *names[3];
    size_t                         n = 0, i;
    char                           mech[32];
    int                            m = 0;

    ck_SaslHandshakeResponse_init(&resp);
    if (s != NULL)
        n = ck_sec_sasl_mechanisms(s, names);
    resp.Mechanisms.n = (int32_t)n;
    resp.Mechanisms.a = ck_arena_alloc(&req->arena, (n ? n : 1) * sizeof(ck_str));
    for (i = 0; i < n; i++) {
        resp.Mechanisms.a[i].p = names[i];
        resp.Mechanisms.a[i].len = (int32_t)strlen(names[i]);
    }
    if (rq->Mechanism.len > 0 && (size_t)rq->Mechanism.len < sizeof(mech)) {
        memcpy(mech, rq->Mechanism.p, (size_t)rq->Mechanism.len);
        mech[rq->Mechanism.len] = '\0';
        m = ck_sasl_mech_parse(mech);
    }
    if (st->busy || st->sasl != NULL || (st->authenticated && req->api_version < 1)) {
        /* a handshake in the middle of an exchange, or a v0 re-authentication */
        resp.ErrorCode = CHRONIK_ERR_ILLEGAL_SASL_STATE;
    } else if (m == 0 || s == NULL || !ck_sec_sasl_enabled(s, m)) {
        resp.ErrorCode = CHRONIK_ERR_UNSUPPORTED_SASL_MECHANISM;
    } else {
        st->mech = m;
        st->hs_version = req->api_version;
        resp.ErrorCode = 0;
        /* v0: the tokens follow as raw frames, not SaslAuthenticate */
        if (req->api_version == 0)
            ck_kconn_expect_raw(req->conn, API_SASL_AUTHENTICATE);
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* ====================================================================== */
/* SaslAuthenticate                                                         */
/* ====================================================================== */

/* Fills resp for a finished step of st (rc from ck_sasl_step) and updates
 * the connection state.  Returns the delay before answering (failures). */
static int64_t auth_finish(ck_kreq *req, ksec_conn *st, ck_sasl *x, int rc, uint8_t *out, size_t outlen,
                           const char *err, ck_SaslAuthenticateResponse *resp)
{
    int64_t reauth = conf_num(req, CK_BK_CONNECTIONS_MAX_REAUTH_MS);

    ck_SaslAuthenticateResponse_init(resp);
    resp->AuthBytes.p = (const uint8_t *)"";
    resp->AuthBytes.len = 0;
    resp->ErrorMessage = knull();
    if (out != NULL && outlen > 0) {
        uint8_t *copy = ck_arena_alloc(&req->arena, outlen);
        memcpy(copy, out, outlen);
        resp->AuthBytes.p = copy;
        resp->AuthBytes.len = (int32_t)outlen;
    }
    if (rc == CK_SASL_CONTINUE) {
        st->sasl = x;
        if (req->api_version == CK_KREQ_RAW_VERSION)
            ck_kconn_expect_raw(req->conn, API_SASL_AUTHENTICATE);
        return 0;
    }
    if (rc == CK_SASL_DONE) {
        const char *principal = ck_sasl_principal(x);

        if (st->authenticated && strcmp(principal, st->principal) != 0) {
            /* KIP-368: re-authentication may not change the principal */
            resp->ErrorCode = CHRONIK_ERR_SASL_AUTHENTICATION_FAILED;
            resp->ErrorMessage = kstr(&req->arena, "Cannot change principals during re-authentication");
            resp->AuthBytes.len = 0;
            st->authenticated = false;
            st->mech = 0;
            ck_sasl_free(x);
            return conf_num(req, CK_BK_CONNECTION_FAILED_AUTHENTICATION_DELAY_MS);
        }
        snprintf(st->principal, sizeof(st->principal), "%s", principal);
        st->authenticated = true;
        st->mech = 0;
        st->expires_ms = reauth > 0 ? ck_mono_ms() + reauth : 0;
        if (req->api_version >= 1 && reauth > 0)
            resp->SessionLifetimeMs = reauth;
        CK_DEBUG("kafka", "%s authenticated as %s", ck_kconn_peer(req->conn), st->principal);
        ck_sasl_free(x);
        return 0;
    }
    resp->ErrorCode = kcode(rc);
    resp->ErrorMessage = kstr(&req->arena, err[0] ? err : chronik_strerror((chronik_err_t)rc));
    resp->AuthBytes.len = 0;
    /* the exchange is over: a new handshake is needed (and the old session,
     * if this was a re-authentication, is gone) */
    st->mech = 0;
    st->authenticated = false;
    ck_sasl_free(x);
    CK_INFO("kafka", "failed SASL authentication from %s", ck_kconn_peer(req->conn));
    return conf_num(req, CK_BK_CONNECTION_FAILED_AUTHENTICATION_DELAY_MS);
}

/* The response of a failed authentication, kept while its delay runs. */
typedef struct delayed_resp {
    ck_SaslAuthenticateResponse resp;
} delayed_resp;

/* Sends resp: a SaslAuthenticate response, or for a raw token the bytes
 * alone — and a failed raw exchange closes the connection, as Kafka does. */
static void auth_send(ck_kreq *req, const ck_SaslAuthenticateResponse *resp)
{
    if (req->api_version != CK_KREQ_RAW_VERSION)
        ck_kreq_respond(req, resp);
    else if (resp->ErrorCode != 0)
        ck_kreq_close_conn(req, "SASL authentication failed");
    else
        ck_kreq_respond_raw(req, resp->AuthBytes.p, resp->AuthBytes.len > 0 ? (size_t)resp->AuthBytes.len : 0);
}

static void delayed_fire(ck_kreq *req, bool shutting_down)
{
    delayed_resp *d = *(delayed_resp **)req->body;

    (void)shutting_down;
    auth_send(req, &d->resp);
}

/* Answers req with resp now, or after delay_ms (resp is copied into the
 * arena; its strings already live there). */
static void auth_respond(ck_kreq *req, const ck_SaslAuthenticateResponse *resp, int64_t delay_ms)
{
    delayed_resp *d;

    if (delay_ms <= 0) {
        auth_send(req, resp);
        return;
    }
    d = ck_arena_alloc(&req->arena, sizeof(*d));
    d->resp = *resp;
    /* req->body is no longer needed: it holds the pointer to the answer */
    req->body = ck_arena_alloc(&req->arena, sizeof(delayed_resp *));
    *(delayed_resp **)req->body = d;
    ck_kreq_defer(req, delay_ms, delayed_fire);
}

/* A PLAIN step on a worker thread. */
typedef struct plain_job {
    pthread_mutex_t mtx;
    int             refs;          /* the worker and the request */
    ck_kreq        *req;           /* NULL once the request was answered without the result */
    bool            done;
    ck_sasl        *x;             /* owned */
    uint8_t        *in;
    size_t          inlen;
    int             rc;
    uint8_t        *out;
    size_t          outlen;
    char            err[256];
} plain_job;

static void plain_job_release(plain_job *j)
{
    bool last;

    pthread_mutex_lock(&j->mtx);
    last = --j->refs == 0;
    pthread_mutex_unlock(&j->mtx);
    if (!last)
        return;
    pthread_mutex_destroy(&j->mtx);
    ck_sasl_free(j->x);
    if (j->in != NULL) {
        memset(j->in, 0, j->inlen);
        ck_free(j->in);
    }
    ck_free(j->out);
    ck_free(j);
}

static void plain_job_run(void *arg)
{
    plain_job *j = arg;

    j->rc = ck_sasl_step(j->x, j->in, j->inlen, &j->out, &j->outlen, j->err, sizeof(j->err));
    memset(j->in, 0, j->inlen);
    pthread_mutex_lock(&j->mtx);
    j->done = true;
    if (j->req != NULL)
        ck_kreq_wake(j->req);
    pthread_mutex_unlock(&j->mtx);
    plain_job_release(j);
}

static void plain_job_fire(ck_kreq *req, bool shutting_down)
{
    plain_job                  *j = *(plain_job **)req->body;
    ksec_conn                  *st = ksec_get(req->conn, true);
    ck_SaslAuthenticateResponse resp;
    bool                        done;
    int64_t                     delay;

    pthread_mutex_lock(&j->mtx);
    done = j->done;
    if (!done && !shutting_down) {
        pthread_mutex_unlock(&j->mtx);
        ck_kreq_defer(req, PLAIN_JOB_TIMEOUT_MS, plain_job_fire);   /* a spurious wake */
        return;
    }
    j->req = NULL;
    pthread_mutex_unlock(&j->mtx);
    st->busy = false;
    if (!done) {
        ck_SaslAuthenticateResponse_init(&resp);
        resp.ErrorCode = CHRONIK_ERR_ILLEGAL_SASL_STATE;
        resp.ErrorMessage = kstr(&req->arena, "The broker is shutting down");
        resp.AuthBytes.p = (const uint8_t *)"";
        resp.AuthBytes.len = 0;
        st->mech = 0;
        auth_send(req, &resp);
        plain_job_release(j);
        return;
    }
    delay = auth_finish(req, st, j->x, j->rc, j->out, j->outlen, j->err, &resp);
    j->x = NULL;                   /* auth_finish freed or kept it */
    plain_job_release(j);
    auth_respond(req, &resp, shutting_down ? 0 : delay);
}

int ck_h_SaslAuthenticate(ck_kreq *req)
{
    const ck_SaslAuthenticateRequest *rq = req->body;
    ck_SaslAuthenticateRequest        raw;
    ck_SaslAuthenticateResponse       resp;
    ck_sec                           *s = ck_security_of(req->eng);
    ksec_conn                        *st = ksec_get(req->conn, true);
    ck_sasl                          *x;
    uint8_t                          *out = NULL;
    size_t                            outlen = 0;
    char                              err[256] = "";
    int                               rc;
    int64_t                           delay;

    if (req->api_version == CK_KREQ_RAW_VERSION) {
        /* a token after a v0 SaslHandshake: the frame is the token */
        raw.AuthBytes.p = req->frame;
        raw.AuthBytes.len = (int32_t)req->frame_len;
        rq = &raw;
    }
    if (s == NULL || st->busy || (st->mech == 0 && st->sasl == NULL)) {
        ck_SaslAuthenticateResponse_init(&resp);
        resp.ErrorCode = CHRONIK_ERR_ILLEGAL_SASL_STATE;
        resp.ErrorMessage = kstr(&req->arena, "SaslAuthenticate without a SaslHandshake choosing a mechanism");
        resp.AuthBytes.p = (const uint8_t *)"";
        resp.AuthBytes.len = 0;
        auth_send(req, &resp);
        return CK_DONE;
    }
    x = st->sasl;
    st->sasl = NULL;
    if (x == NULL)
        x = ck_sasl_new(s, st->mech);
    if (x == NULL) {
        st->mech = 0;
        ck_SaslAuthenticateResponse_init(&resp);
        resp.ErrorCode = CHRONIK_ERR_UNSUPPORTED_SASL_MECHANISM;
        resp.ErrorMessage = kstr(&req->arena, "The mechanism of the handshake is not available");
        resp.AuthBytes.p = (const uint8_t *)"";
        resp.AuthBytes.len = 0;
        auth_send(req, &resp);
        return CK_DONE;
    }
    if (st->mech == CK_SASL_PLAIN) {
        plain_job *j = ck_calloc(1, sizeof(*j));

        pthread_mutex_init(&j->mtx, NULL);
        j->refs = 2;
        j->req = req;
        j->x = x;
        j->inlen = rq->AuthBytes.len > 0 ? (size_t)rq->AuthBytes.len : 0;
        j->in = ck_malloc(j->inlen ? j->inlen : 1);
        if (j->inlen)
            memcpy(j->in, rq->AuthBytes.p, j->inlen);
        req->body = ck_arena_alloc(&req->arena, sizeof(plain_job *));
        *(plain_job **)req->body = j;
        st->busy = true;
        ck_kreq_defer(req, PLAIN_JOB_TIMEOUT_MS, plain_job_fire);
        if (ck_sec_submit(s, plain_job_run, j) != 0) {
            /* no worker: run it here rather than fail the login */
            plain_job_run(j);
        }
        return CK_PENDING;
    }
    rc = ck_sasl_step(x, rq->AuthBytes.p, rq->AuthBytes.len > 0 ? (size_t)rq->AuthBytes.len : 0, &out, &outlen,
                      err, sizeof(err));
    delay = auth_finish(req, st, x, rc, out, outlen, err, &resp);
    ck_free(out);
    auth_respond(req, &resp, delay);
    return delay > 0 ? CK_PENDING : CK_DONE;
}

/* ====================================================================== */
/* The SASL listener's table and gate                                       */
/* ====================================================================== */

static ck_khandler     sasl_table[128];
static size_t          sasl_n;
static pthread_once_t  sasl_once = PTHREAD_ONCE_INIT;

/* Every API but ApiVersions and the SASL ones on a SASL listener: refused
 * before authentication and after the session expired. */
static int sasl_gate(ck_kreq *req)
{
    ksec_conn         *st = ksec_get(req->conn, false);
    const ck_khandler *h;

    if (st == NULL || !st->authenticated) {
        ck_kreq_close_conn(req, "request before SASL authentication");
        return CK_DONE;
    }
    if (st->expires_ms != 0 && ck_mono_ms() >= st->expires_ms) {
        ck_kreq_close_conn(req, "SASL session expired without re-authentication");
        return CK_DONE;
    }
    h = ck_kafka_handler(req->api_key);
    return h->fn(req);
}

static void sasl_table_build(void)
{
    const ck_khandler *base;
    size_t             n, i;
    const ck_khandler  extra[] = {
        {API_SASL_HANDSHAKE, 0, 1, ck_h_SaslHandshake},
        {API_SASL_AUTHENTICATE, 0, 2, ck_h_SaslAuthenticate},
    };
    size_t e = 0;

    base = ck_kafka_handlers(&n);
    for (i = 0; i <= n && sasl_n < CK_ARRAY_LEN(sasl_table); i++) {
        while (e < CK_ARRAY_LEN(extra) && (i == n || extra[e].api_key < base[i].api_key))
            sasl_table[sasl_n++] = extra[e++];
        if (i == n)
            break;
        sasl_table[sasl_n] = base[i];
        if (base[i].api_key != API_API_VERSIONS)
            sasl_table[sasl_n].fn = sasl_gate;
        sasl_n++;
    }
}

const ck_khandler *ck_kafka_sasl_handlers(size_t *n)
{
    pthread_once(&sasl_once, sasl_table_build);
    *n = sasl_n;
    return sasl_table;
}

/* ====================================================================== */
/* ACLs                                                                     */
/* ====================================================================== */

int ck_h_CreateAcls(ck_kreq *req)
{
    const ck_CreateAclsRequest *rq = req->body;
    ck_CreateAclsResponse       resp;
    ck_sec                     *s = ck_security_of(req->eng);
    int32_t                     n = rq->Creations.n, i;
    ck_acl                     *acls;
    ck_acl_result              *res;
    int16_t                     all = 0;
    const char                 *all_msg = NULL;

    ck_CreateAclsResponse_init(&resp);
    ck_CreateAclsResponse_AclCreationResult_array_alloc(&req->arena, &resp.Results, n);
    if (s == NULL || !ck_sec_authorizer_enabled(s)) {
        all = CHRONIK_ERR_SECURITY_DISABLED;
        all_msg = "No Authorizer is configured on the broker";
    } else if (!ck_kreq_authorized_cluster(req, CK_OP_ALTER)) {
        all = CHRONIK_ERR_CLUSTER_AUTHORIZATION_FAILED;
        all_msg = "Cluster authorization failed";
    }
    if (all != 0 || n <= 0) {
        for (i = 0; i < n; i++) {
            resp.Results.a[i].ErrorCode = all;
            resp.Results.a[i].ErrorMessage = kstr(&req->arena, all_msg);
        }
        ck_kreq_respond(req, &resp);
        return CK_DONE;
    }
    acls = ck_arena_alloc(&req->arena, (size_t)n * sizeof(*acls));
    res = ck_arena_alloc(&req->arena, (size_t)n * sizeof(*res));
    memset(res, 0, (size_t)n * sizeof(*res));
    for (i = 0; i < n; i++) {
        const ck_CreateAclsRequest_AclCreation *c = &rq->Creations.a[i];

        acls[i].resource_type = c->ResourceType;
        acls[i].resource_name = cstr(&req->arena, c->ResourceName);
        acls[i].pattern_type = c->ResourcePatternType;
        acls[i].principal = cstr(&req->arena, c->Principal);
        acls[i].host = cstr(&req->arena, c->Host);
        acls[i].operation = c->Operation;
        acls[i].permission = c->PermissionType;
    }
    ck_acl_create(s, acls, (size_t)n, res);
    for (i = 0; i < n; i++) {
        resp.Results.a[i].ErrorCode = kcode(res[i].err);
        resp.Results.a[i].ErrorMessage = res[i].err ? kstr(&req->arena, res[i].msg) : knull();
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

static void filter_from_wire(ck_arena *a, ck_acl *f, int8_t rtype, ck_str rname, int8_t pat, ck_str principal,
                             ck_str host, int8_t op, int8_t perm)
{
    f->resource_type = rtype;
    f->resource_name = cstr(a, rname);
    f->pattern_type = pat;
    f->principal = cstr(a, principal);
    f->host = cstr(a, host);
    f->operation = op;
    f->permission = perm;
}

int ck_h_DescribeAcls(ck_kreq *req)
{
    const ck_DescribeAclsRequest *rq = req->body;
    ck_DescribeAclsResponse       resp;
    ck_sec                       *s = ck_security_of(req->eng);
    ck_acl                        f;
    ck_acl                       *acls = NULL;
    size_t                        n = 0, i, nres = 0;
    char                          err[200] = "";
    int                           rc;

    ck_DescribeAclsResponse_init(&resp);
    resp.ErrorMessage = knull();
    if (s == NULL || !ck_sec_authorizer_enabled(s)) {
        resp.ErrorCode = CHRONIK_ERR_SECURITY_DISABLED;
        resp.ErrorMessage = kstr(&req->arena, "No Authorizer is configured on the broker");
        ck_kreq_respond(req, &resp);
        return CK_DONE;
    }
    if (!ck_kreq_authorized_cluster(req, CK_OP_DESCRIBE)) {
        resp.ErrorCode = CHRONIK_ERR_CLUSTER_AUTHORIZATION_FAILED;
        resp.ErrorMessage = kstr(&req->arena, "Cluster authorization failed");
        ck_kreq_respond(req, &resp);
        return CK_DONE;
    }
    filter_from_wire(&req->arena, &f, rq->ResourceTypeFilter, rq->ResourceNameFilter, rq->PatternTypeFilter,
                     rq->PrincipalFilter, rq->HostFilter, rq->Operation, rq->PermissionType);
    rc = ck_acl_describe(s, &f, &acls, &n, err, sizeof(err));
    if (rc != 0) {
        resp.ErrorCode = kcode(rc);
        resp.ErrorMessage = kstr(&req->arena, err);
        ck_kreq_respond(req, &resp);
        return CK_DONE;
    }
    /* the bindings come ordered by resource: one entry per resource */
    for (i = 0; i < n; i++)
        nres += i == 0 || acls[i].resource_type != acls[i - 1].resource_type ||
                acls[i].pattern_type != acls[i - 1].pattern_type ||
                strcmp(acls[i].resource_name, acls[i - 1].resource_name) != 0;
    ck_DescribeAclsResponse_DescribeAclsResource_array_alloc(&req->arena, &resp.Resources, (int32_t)nres);
    for (i = 0, nres = 0; i < n;) {
        ck_DescribeAclsResponse_DescribeAclsResource *r = &resp.Resources.a[nres++];
        size_t                                        j = i, k;

        while (j < n && acls[j].resource_type == acls[i].resource_type &&
               acls[j].pattern_type == acls[i].pattern_type &&
               strcmp(acls[j].resource_name, acls[i].resource_name) == 0)
            j++;
        r->ResourceType = acls[i].resource_type;
        r->ResourceName = kstr(&req->arena, acls[i].resource_name);
        r->PatternType = acls[i].pattern_type;
        ck_DescribeAclsResponse_AclDescription_array_alloc(&req->arena, &r->Acls, (int32_t)(j - i));
        for (k = i; k < j; k++) {
            ck_DescribeAclsResponse_AclDescription *d = &r->Acls.a[k - i];
            d->Principal = kstr(&req->arena, acls[k].principal);
            d->Host = kstr(&req->arena, acls[k].host);
            d->Operation = acls[k].operation;
            d->PermissionType = acls[k].permission;
        }
        i = j;
    }
    ck_acls_free(acls, n);
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

int ck_h_DeleteAcls(ck_kreq *req)
{
    const ck_DeleteAclsRequest *rq = req->body;
    ck_DeleteAclsResponse       resp;
    ck_sec                     *s = ck_security_of(req->eng);
    int32_t                     n = rq->Filters.n, i;
    ck_acl                     *filters;
    ck_acl_result              *res;
    int16_t                     all = 0;
    const char                 *all_msg = NULL;

    ck_DeleteAclsResponse_init(&resp);
    ck_DeleteAclsResponse_DeleteAclsFilterResult_array_alloc(&req->arena, &resp.FilterResults, n);
    if (s == NULL || !ck_sec_authorizer_enabled(s)) {
        all = CHRONIK_ERR_SECURITY_DISABLED;
        all_msg = "No Authorizer is configured on the broker";
    } else if (!ck_kreq_authorized_cluster(req, CK_OP_ALTER)) {
        all = CHRONIK_ERR_CLUSTER_AUTHORIZATION_FAILED;
        all_msg = "Cluster authorization failed";
    }
    if (all != 0 || n <= 0) {
        for (i = 0; i < n; i++) {
            resp.FilterResults.a[i].ErrorCode = all;
            resp.FilterResults.a[i].ErrorMessage = kstr(&req->arena, all_msg);
            resp.FilterResults.a[i].MatchingAcls.n = 0;
        }
        ck_kreq_respond(req, &resp);
        return CK_DONE;
    }
    filters = ck_arena_alloc(&req->arena, (size_t)n * sizeof(*filters));
    res = ck_arena_alloc(&req->arena, (size_t)n * sizeof(*res));
    memset(res, 0, (size_t)n * sizeof(*res));
    for (i = 0; i < n; i++) {
        const ck_DeleteAclsRequest_DeleteAclsFilter *f = &rq->Filters.a[i];
        filter_from_wire(&req->arena, &filters[i], f->ResourceTypeFilter, f->ResourceNameFilter,
                         f->PatternTypeFilter, f->PrincipalFilter, f->HostFilter, f->Operation, f->PermissionType);
    }
    ck_acl_delete(s, filters, (size_t)n, res);
    for (i = 0; i < n; i++) {
        ck_DeleteAclsResponse_DeleteAclsFilterResult *fr = &resp.FilterResults.a[i];
        size_t                                        k;

        fr->ErrorCode = kcode(res[i].err);
        fr->ErrorMessage = res[i].err ? kstr(&req->arena, res[i].msg) : knull();
        ck_DeleteAclsResponse_DeleteAclsMatchingAcl_array_alloc(&req->arena, &fr->MatchingAcls,
                                                                (int32_t)res[i].nmatches);
        for (k = 0; k < res[i].nmatches; k++) {
            ck_DeleteAclsResponse_DeleteAclsMatchingAcl *m = &fr->MatchingAcls.a[k];
            const ck_acl                                *b = &res[i].matches[k];

            m->ErrorCode = 0;
            m->ErrorMessage = knull();
            m->ResourceType = b->resource_type;
            m->ResourceName = kstr(&req->arena, b->resource_name);
            m->PatternType = b->pattern_type;
            m->Principal = kstr(&req->arena, b->principal);
            m->Host = kstr(&req->arena, b->host);
            m->Operation = b->operation;
            m->PermissionType = b->permission;
        }
        ck_acl_result_clear(&res[i]);
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* ====================================================================== */
/* Client quotas                                                            */
/* ====================================================================== */

int ck_h_DescribeClientQuotas(ck_kreq *req)
{
    const ck_DescribeClientQuotasRequest *rq = req->body;
    ck_DescribeClientQuotasResponse       resp;
    ck_sec                               *s = ck_security_of(req->eng);
    ck_quota_filter                      *f;
    ck_quota_entry                       *entries = NULL;
    size_t                                n = 0, i;
    int32_t                               c;
    char                                  err[200] = "";
    int                                   rc;

    ck_DescribeClientQuotasResponse_init(&resp);
    resp.ErrorMessage = knull();
    resp.Entries.n = -1;
    if (s == NULL) {
        resp.ErrorCode = CHRONIK_ERR_UNKNOWN_SERVER_ERROR;
        resp.ErrorMessage = kstr(&req->arena, "the security feature is not running");
        ck_kreq_respond(req, &resp);
        return CK_DONE;
    }
    if (!ck_kreq_authorized_cluster(req, CK_OP_DESCRIBE_CONFIGS)) {
        resp.ErrorCode = CHRONIK_ERR_CLUSTER_AUTHORIZATION_FAILED;
        resp.ErrorMessage = kstr(&req->arena, "Cluster authorization failed");
        ck_kreq_respond(req, &resp);
        return CK_DONE;
    }
    c = rq->Components.n > 0 ? rq->Components.n : 0;
    f = ck_arena_alloc(&req->arena, (size_t)(c ? c : 1) * sizeof(*f));
    for (i = 0; i < (size_t)c; i++) {
        f[i].entity_type = cstr(&req->arena, rq->Components.a[i].EntityType);
        f[i].match_type = rq->Components.a[i].MatchType;
        f[i].match = cstr(&req->arena, rq->Components.a[i].Match);
    }
    rc = ck_quota_describe(s, f, (size_t)c, rq->Strict, &entries, &n, err, sizeof(err));
    if (rc != 0) {
        resp.ErrorCode = kcode(rc);
        resp.ErrorMessage = kstr(&req->arena, err);
        ck_kreq_respond(req, &resp);
        return CK_DONE;
    }
    ck_DescribeClientQuotasResponse_EntryData_array_alloc(&req->arena, &resp.Entries, (int32_t)n);
    for (i = 0; i < n; i++) {
        ck_DescribeClientQuotasResponse_EntryData *e = &resp.Entries.a[i];
        const ck_quota_entry                      *q = &entries[i];
        int32_t                                    ne = (int32_t)q->entity.has_user + q->entity.has_client, k = 0;
        int32_t                                    nv = 0, t;

        ck_DescribeClientQuotasResponse_EntityData_array_alloc(&req->arena, &e->Entity, ne);
        if (q->entity.has_user) {
            e->Entity.a[k].EntityType = kstr(&req->arena, "user");
            e->Entity.a[k++].EntityName = kstr(&req->arena, q->entity.user);
        }
        if (q->entity.has_client) {
            e->Entity.a[k].EntityType = kstr(&req->arena, "client-id");
            e->Entity.a[k++].EntityName = kstr(&req->arena, q->entity.client_id);
        }
        for (t = 0; t < CK_QUOTA__COUNT; t++)
            nv += q->set[t];
        ck_DescribeClientQuotasResponse_ValueData_array_alloc(&req->arena, &e->Values, nv);
        for (t = 0, k = 0; t < CK_QUOTA__COUNT; t++) {
            if (!q->set[t])
                continue;
            e->Values.a[k].Key = kstr(&req->arena, ck_quota_key_name(t));
            e->Values.a[k++].Value = q->value[t];
        }
    }
    ck_quota_entries_free(entries, n);
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

int ck_h_AlterClientQuotas(ck_kreq *req)
{
    const ck_AlterClientQuotasRequest *rq = req->body;
    ck_AlterClientQuotasResponse       resp;
    ck_sec                            *s = ck_security_of(req->eng);
    int32_t                            n = rq->Entries.n > 0 ? rq->Entries.n : 0, i;
    ck_quota_entity                   *ents;
    ck_quota_alter                    *alters;
    ck_quota_result                   *res;
    int16_t                           *pre;   /* an error found while reading the entity */
    char                             **pre_msg;
    bool                               authorized = ck_kreq_authorized_cluster(req, CK_OP_ALTER_CONFIGS);

    ck_AlterClientQuotasResponse_init(&resp);
    ck_AlterClientQuotasResponse_EntryData_array_alloc(&req->arena, &resp.Entries, n);
    ents = ck_arena_alloc(&req->arena, (size_t)(n ? n : 1) * sizeof(*ents));
    alters = ck_arena_alloc(&req->arena, (size_t)(n ? n : 1) * sizeof(*alters));
    res = ck_arena_alloc(&req->arena, (size_t)(n ? n : 1) * sizeof(*res));
    pre = ck_arena_alloc(&req->arena, (size_t)(n ? n : 1) * sizeof(*pre));
    pre_msg = ck_arena_alloc(&req->arena, (size_t)(n ? n : 1) * sizeof(*pre_msg));
    memset(ents, 0, (size_t)(n ? n : 1) * sizeof(*ents));
    memset(res, 0, (size_t)(n ? n : 1) * sizeof(*res));
    for (i = 0; i < n; i++) {
        const ck_AlterClientQuotasRequest_EntryData *e = &rq->Entries.a[i];
        ck_quota_op                                 *ops;
        char                                         err[200] = "";
        int32_t                                      k;

        pre[i] = 0;
        pre_msg[i] = NULL;
        for (k = 0; k < e->Entity.n && pre[i] == 0; k++) {
            char *type = cstr(&req->arena, e->Entity.a[k].EntityType);
            int   rc = ck_quota_entity_add(&ents[i], type ? type : "", cstr(&req->arena, e->Entity.a[k].EntityName),
                                           err, sizeof(err));
            if (rc != 0) {
                pre[i] = kcode(rc);
                pre_msg[i] = ck_arena_strndup(&req->arena, err, strlen(err));
            }
        }
        ops = ck_arena_alloc(&req->arena, (size_t)(e->Ops.n > 0 ? e->Ops.n : 1) * sizeof(*ops));
        for (k = 0; k < e->Ops.n; k++) {
            char *key = cstr(&req->arena, e->Ops.a[k].Key);
            ops[k].key = key ? key : "";
            ops[k].value = e->Ops.a[k].Value;
            ops[k].remove = e->Ops.a[k].Remove;
        }
        alters[i].entity = &ents[i];
        alters[i].ops = ops;
        alters[i].nops = e->Ops.n > 0 ? (size_t)e->Ops.n : 0;
    }
    if (s != NULL && authorized) {
        /* entries with an entity error are left out of the alteration */
        ck_quota_alter      *ok = ck_arena_alloc(&req->arena, (size_t)(n ? n : 1) * sizeof(*ok));
        ck_quota_result     *okres = ck_arena_alloc(&req->arena, (size_t)(n ? n : 1) * sizeof(*okres));
        int32_t             *map = ck_arena_alloc(&req->arena, (size_t)(n ? n : 1) * sizeof(*map));
        size_t               nok = 0, k;

        for (i = 0; i < n; i++) {
            if (pre[i] == 0) {
                map[nok] = i;
                ok[nok++] = alters[i];
            }
        }
        memset(okres, 0, (size_t)(n ? n : 1) * sizeof(*okres));
        if (nok > 0 && ck_quota_alter_entries(s, ok, nok, rq->ValidateOnly, okres) != 0) {
            for (k = 0; k < nok; k++) {
                if (okres[k].err == 0) {
                    okres[k].err = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
                    snprintf(okres[k].msg, sizeof(okres[k].msg), "the quota store could not be written");
                }
            }
        }
        for (k = 0; k < nok; k++)
            res[map[k]] = okres[k];
    }
    for (i = 0; i < n; i++) {
        ck_AlterClientQuotasResponse_EntryData       *o = &resp.Entries.a[i];
        const ck_AlterClientQuotasRequest_EntryData *e = &rq->Entries.a[i];
        int32_t                                      k;

        if (s == NULL) {
            o->ErrorCode = CHRONIK_ERR_UNKNOWN_SERVER_ERROR;
            o->ErrorMessage = kstr(&req->arena, "the security feature is not running");
        } else if (!authorized) {
            o->ErrorCode = CHRONIK_ERR_CLUSTER_AUTHORIZATION_FAILED;
            o->ErrorMessage = kstr(&req->arena, "Cluster authorization failed");
        } else if (pre[i] != 0) {
            o->ErrorCode = pre[i];
            o->ErrorMessage = kstr(&req->arena, pre_msg[i]);
        } else {
            o->ErrorCode = kcode(res[i].err);
            o->ErrorMessage = res[i].err ? kstr(&req->arena, res[i].msg) : knull();
        }
        ck_AlterClientQuotasResponse_EntityData_array_alloc(&req->arena, &o->Entity, e->Entity.n > 0 ? e->Entity.n : 0);
        for (k = 0; k < e->Entity.n; k++) {
            o->Entity.a[k].EntityType = e->Entity.a[k].EntityType;
            o->Entity.a[k].EntityName = e->Entity.a[k].EntityName;
        }
        ck_quota_entity_clear(&ents[i]);
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* ====================================================================== */
/* SCRAM credentials                                                        */
/* ====================================================================== */

int ck_h_DescribeUserScramCredentials(ck_kreq *req)
{
    const ck_DescribeUserScramCredentialsRequest *rq = req->body;
    ck_DescribeUserScramCredentialsResponse       resp;
    ck_sec                                       *s = ck_security_of(req->eng);
    ck_sec_user_info                             *infos = NULL;
    size_t                                        n = 0, i, nusers = 0;
    int                                           rc;

    ck_DescribeUserScramCredentialsResponse_init(&resp);
    resp.ErrorMessage = knull();
    if (s == NULL || !ck_kreq_authorized_cluster(req, CK_OP_DESCRIBE)) {
        resp.ErrorCode = s == NULL ? CHRONIK_ERR_UNKNOWN_SERVER_ERROR : CHRONIK_ERR_CLUSTER_AUTHORIZATION_FAILED;
        resp.ErrorMessage = kstr(&req->arena, s == NULL ? "the security feature is not running"
                                                        : "Cluster authorization failed");
        ck_kreq_respond(req, &resp);
        return CK_DONE;
    }
    if (rq->Users.n < 0 || rq->Users.n == 0) {
        /* every user with a credential */
        rc = ck_sec_user_list(s, NULL, &infos, &n);
        if (rc != 0) {
            resp.ErrorCode = kcode(rc);
            resp.ErrorMessage = kstr(&req->arena, "the credential store could not be read");
            ck_kreq_respond(req, &resp);
            return CK_DONE;
        }
        for (i = 0; i < n; i++)
            nusers += i == 0 || strcmp(infos[i].user, infos[i - 1].user) != 0;
        ck_DescribeUserScramCredentialsResponse_DescribeUserScramCredentialsResult_array_alloc(
            &req->arena, &resp.Results, (int32_t)nusers);
        for (i = 0, nusers = 0; i < n;) {
            ck_DescribeUserScramCredentialsResponse_DescribeUserScramCredentialsResult *r =
                &resp.Results.a[nusers++];
            size_t j = i, k;

            while (j < n && strcmp(infos[j].user, infos[i].user) == 0)
                j++;
            r->User = kstr(&req->arena, infos[i].user);
            r->ErrorCode = 0;
            r->ErrorMessage = knull();
            ck_DescribeUserScramCredentialsResponse_CredentialInfo_array_alloc(&req->arena, &r->CredentialInfos,
                                                                               (int32_t)(j - i));
            for (k = i; k < j; k++) {
                r->CredentialInfos.a[k - i].Mechanism = (int8_t)infos[k].mech;
                r->CredentialInfos.a[k - i].Iterations = infos[k].iterations;
            }
            i = j;
        }
        ck_sec_user_infos_free(infos, n);
        ck_kreq_respond(req, &resp);
        return CK_DONE;
    }
    ck_DescribeUserScramCredentialsResponse_DescribeUserScramCredentialsResult_array_alloc(&req->arena, &resp.Results,
                                                                                          rq->Users.n);
    for (i = 0; i < (size_t)rq->Users.n; i++) {
        ck_DescribeUserScramCredentialsResponse_DescribeUserScramCredentialsResult *r = &resp.Results.a[i];
        ck_str name = rq->Users.a[i].Name;
        char  *user = cstr(&req->arena, name);
        size_t j, k;
        bool   dup = false;

        for (j = 0; j < (size_t)rq->Users.n; j++)
            dup |= j != i && rq->Users.a[j].Name.len == name.len && name.len >= 0 &&
                   memcmp(rq->Users.a[j].Name.p, name.p, (size_t)name.len) == 0;
        r->User = kstr(&req->arena, user ? user : "");
        r->ErrorMessage = knull();
        r->CredentialInfos.n = 0;
        if (dup) {
            r->ErrorCode = CHRONIK_ERR_DUPLICATE_RESOURCE;
            r->ErrorMessage = kstr(&req->arena, "Cannot describe SCRAM credentials for the same user twice in a "
                                                "single request");
            continue;
        }
        infos = NULL;
        n = 0;
        rc = user != NULL && user[0] != '\0' ? ck_sec_user_list(s, user, &infos, &n) : 0;
        if (rc != 0) {
            r->ErrorCode = kcode(rc);
            r->ErrorMessage = kstr(&req->arena, "the credential store could not be read");
            continue;
        }
        if (n == 0) {
            r->ErrorCode = CHRONIK_ERR_RESOURCE_NOT_FOUND;
            r->ErrorMessage = kstr(&req->arena, "Attempt to describe a user credential that does not exist");
            continue;
        }
        r->ErrorCode = 0;
        ck_DescribeUserScramCredentialsResponse_CredentialInfo_array_alloc(&req->arena, &r->CredentialInfos,
                                                                           (int32_t)n);
        for (k = 0; k < n; k++) {
            r->CredentialInfos.a[k].Mechanism = (int8_t)infos[k].mech;
            r->CredentialInfos.a[k].Iterations = infos[k].iterations;
        }
        ck_sec_user_infos_free(infos, n);
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* One user's place in an AlterUserScramCredentials answer. */
typedef struct alter_user {
    ck_str  name;
    int16_t err;
    char   *msg;
} alter_user;

static alter_user *alter_user_find(alter_user *u, size_t n, ck_str name)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (u[i].name.len == name.len && (name.len <= 0 || memcmp(u[i].name.p, name.p, (size_t)name.len) == 0))
            return &u[i];
    return NULL;
}

int ck_h_AlterUserScramCredentials(ck_kreq *req)
{
    const ck_AlterUserScramCredentialsRequest *rq = req->body;
    ck_AlterUserScramCredentialsResponse       resp;
    ck_sec                                    *s = ck_security_of(req->eng);
    int32_t                                    nd = rq->Deletions.n > 0 ? rq->Deletions.n : 0;
    int32_t                                    nu = rq->Upsertions.n > 0 ? rq->Upsertions.n : 0, i;
    alter_user                                *users = ck_arena_alloc(&req->arena, (size_t)(nd + nu + 1) * sizeof(*users));
    size_t                                     nusers = 0, k;
    bool                                       authorized = ck_kreq_authorized_cluster(req, CK_OP_ALTER);
    char                                       err[256];

#define SET_ERR(u, code, text)                                                                                  \
    do {                                                                                                       \
        if ((u)->err == 0) {                                                                                   \
            (u)->err = (code);                                                                                 \
            (u)->msg = ck_arena_strndup(&req->arena, (text), strlen(text));                                    \
        }                                                                                                      \
    } while (0)

    ck_AlterUserScramCredentialsResponse_init(&resp);
    /* one result per distinct user, in order of first appearance */
    for (i = 0; i < nd + nu; i++) {
        ck_str name = i < nd ? rq->Deletions.a[i].Name : rq->Upsertions.a[i - nd].Name;
        alter_user *u = alter_user_find(users, nusers, name);
        int8_t      mech = i < nd ? rq->Deletions.a[i].Mechanism : rq->Upsertions.a[i - nd].Mechanism;
        int32_t     j;

        if (u == NULL) {
            u = &users[nusers++];
            u->name = name;
            u->err = 0;
            u->msg = NULL;
        }
        /* the same (user, mechanism) twice in one request */
        for (j = 0; j < i; j++) {
            ck_str n2 = j < nd ? rq->Deletions.a[j].Name : rq->Upsertions.a[j - nd].Name;
            int8_t m2 = j < nd ? rq->Deletions.a[j].Mechanism : rq->Upsertions.a[j - nd].Mechanism;
            if (m2 == mech && n2.len == name.len && (name.len <= 0 || memcmp(n2.p, name.p, (size_t)name.len) == 0))
                SET_ERR(u, CHRONIK_ERR_DUPLICATE_RESOURCE,
                        "A user credential cannot be altered twice in the same request");
        }
    }
    for (k = 0; k < nusers; k++) {
        if (s == NULL)
            SET_ERR(&users[k], CHRONIK_ERR_UNKNOWN_SERVER_ERROR, "the security feature is not running");
        else if (!authorized)
            SET_ERR(&users[k], CHRONIK_ERR_CLUSTER_AUTHORIZATION_FAILED, "Cluster authorization failed");
        else if (users[k].name.len <= 0)
            SET_ERR(&users[k], CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL, "Username must not be empty");
    }
    /* validate every alteration of a user before applying any of them */
    for (i = 0; i < nd + nu; i++) {
        ck_str      name = i < nd ? rq->Deletions.a[i].Name : rq->Upsertions.a[i - nd].Name;
        alter_user *u = alter_user_find(users, nusers, name);
        int8_t      mech = i < nd ? rq->Deletions.a[i].Mechanism : rq->Upsertions.a[i - nd].Mechanism;

        if (ck_scram_mech_name(mech) == NULL) {
            SET_ERR(u, CHRONIK_ERR_UNSUPPORTED_SASL_MECHANISM, "Unknown SCRAM mechanism");
            continue;
        }
        if (i >= nd) {
            const ck_AlterUserScramCredentialsRequest_ScramCredentialUpsertion *up = &rq->Upsertions.a[i - nd];
            if (up->Iterations < CK_SCRAM_MIN_ITERATIONS)
                SET_ERR(u, CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL, "Too few iterations");
            else if (up->Iterations > CK_SCRAM_MAX_ITERATIONS)
                SET_ERR(u, CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL, "Too many iterations");
            else if (up->Salt.len <= 0)
                SET_ERR(u, CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL, "Salt must not be empty");
            else if (up->SaltedPassword.len <= 0)
                SET_ERR(u, CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL, "Salted password must not be empty");
        } else if (u->err == 0) {
            ck_scram_cred cred;
            char         *user = cstr(&req->arena, name);
            int           rc = ck_sec_cred_get(s, user, mech, &cred);
            if (rc == CHRONIK_ERR_RESOURCE_NOT_FOUND)
                SET_ERR(u, CHRONIK_ERR_RESOURCE_NOT_FOUND, "Attempt to delete a user credential that does not exist");
            else if (rc != 0)
                SET_ERR(u, kcode(rc), "the credential store could not be read");
            memset(&cred, 0, sizeof(cred));
        }
    }
    /* apply the alterations of the users without errors */
    for (i = 0; i < nd + nu; i++) {
        ck_str      name = i < nd ? rq->Deletions.a[i].Name : rq->Upsertions.a[i - nd].Name;
        alter_user *u = alter_user_find(users, nusers, name);
        char       *user = cstr(&req->arena, name);
        int         rc;

        if (u->err != 0)
            continue;
        err[0] = '\0';
        if (i < nd) {
            rc = ck_sec_user_delete(s, user, rq->Deletions.a[i].Mechanism, err, sizeof(err));
        } else {
            const ck_AlterUserScramCredentialsRequest_ScramCredentialUpsertion *up = &rq->Upsertions.a[i - nd];
            rc = ck_sec_user_upsert_salted(s, user, up->Mechanism, up->Iterations, up->Salt.p, (size_t)up->Salt.len,
                                           up->SaltedPassword.p, (size_t)up->SaltedPassword.len, err, sizeof(err));
        }
        if (rc != 0)
            SET_ERR(u, kcode(rc), err[0] ? err : chronik_strerror((chronik_err_t)rc));
    }
#undef SET_ERR
    ck_AlterUserScramCredentialsResponse_AlterUserScramCredentialsResult_array_alloc(&req->arena, &resp.Results,
                                                                                    (int32_t)nusers);
    for (k = 0; k < nusers; k++) {
        resp.Results.a[k].User = users[k].name.len >= 0 ? users[k].name : kstr(&req->arena, "");
        resp.Results.a[k].ErrorCode = users[k].err;
        resp.Results.a[k].ErrorMessage = users[k].err ? kstr(&req->arena, users[k].msg) : knull();
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}
