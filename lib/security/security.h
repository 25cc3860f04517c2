/*
 * security.h — the security layer of libchronik: SCRAM credentials and the
 * SASL server side (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512), the ACL
 * authorizer, client quotas with their rate tracker, and the mapping of
 * certificate subjects to principals.
 *
 * The layer sits just above the engine and below every feature that checks
 * who is asking (group, txn, kafka, http).  Its per-engine state is one
 * ck_sec, created by the security feature at chronik_open (the first entry
 * of lib/chronik's feature table) and reached with ck_security_of(eng).  A
 * ck_sec also works on a bare metadata store (ck_sec_new), which is how the
 * unit tests drive it.
 *
 * What is stored, in the metadata store (lib/meta):
 *   CK_META_USERS   user \0 mechanism → salt, iterations, StoredKey, ServerKey
 *                   (RFC 5802); no password, plaintext or reversible, ever
 *   CK_META_ACLS    SHA-256 of a binding → the binding
 *   CK_META_QUOTAS  entity (user and/or client-id, named or default) → values
 *   CK_META_KV      "security.mock.key": the key that derives the salts shown
 *                   for unknown users
 *
 * Kafka's numbering is used for every enum below (resource types, pattern
 * types, operations, permissions, SCRAM mechanisms), so the protocol
 * handlers pass wire values through unchanged.  Errors are chronik_err_t,
 * with Kafka's codes where a Kafka response carries them
 * (SASL_AUTHENTICATION_FAILED, ILLEGAL_SASL_STATE, INVALID_REQUEST,
 * UNACCEPTABLE_CREDENTIAL, RESOURCE_NOT_FOUND, UNSUPPORTED_SASL_MECHANISM,
 * UNSUPPORTED_VERSION, KAFKA_STORAGE_ERROR).
 *
 * Threads: every ck_sec call may be made from any thread.  Credentials are
 * read from LMDB on each lookup; ACLs and quotas live in in-memory indexes
 * under a rwlock (authorize and quota lookups take the read side only), and
 * are written through to the store before they change in memory; the quota
 * rates are updated under one mutex.  Secrets
 * (passwords, salted passwords, keys, proofs) are never logged and are
 * wiped from memory when their owner is freed.
 */
#ifndef CK_SECURITY_H
#define CK_SECURITY_H

#include "chronik.h"
#include "util/util.h"
#include "meta/meta.h"
#include "engine/engine.h"

typedef struct ck_sec ck_sec;

/* ====================================================================== */
/* The security state of an engine                                          */
/* ====================================================================== */

/** @brief Creates the security state over metadata store m (borrowed: it
 *  must outlive the result) with the broker configuration conf (read now:
 *  super.users, allow.everyone.if.no.acl.found, authorizer.enabled,
 *  sasl.enabled.mechanisms, ssl.principal.mapping.rules, quota.window.*).  Loads the ACLs and quotas
 *  from m.  NULL on failure with err saying why (a bad super.users or
 *  mapping rule, an unreadable store).  Any thread. */
ck_sec *ck_sec_new(ck_meta *m, const chronik_conf_t *conf, char *err, size_t errlen);
/** @brief Frees s.  NULL does nothing.  No other call may be running on s. */
void ck_sec_free(ck_sec *s);

/** @brief The engine's security state (NULL when the security feature is not
 *  running).  Lock-free; any thread. */
ck_sec *ck_security_of(ck_engine *eng);

/** @brief The security feature (lib/chronik's table, first): start creates
 *  the ck_sec of the engine, loads credentials, ACLs and quotas and applies
 *  CHRONIK_SASL_USERS; stop frees it. */
extern const ck_feature ck_security_feature;

/** @brief Runs fn(arg) on one of the security layer's worker threads (two,
 *  started on first use, joined by ck_sec_free after every queued job ran):
 *  for work too slow for an event loop, such as PLAIN's PBKDF2.  Jobs run in
 *  submission order; fn owns arg.  0, or IO when no thread could be
 *  started (fn is then not called).  Any thread. */
int ck_sec_submit(ck_sec *s, void (*fn)(void *arg), void *arg);

/* Security protocols of listener.security.protocol.map. */
#define CK_PROTO_PLAINTEXT      0
#define CK_PROTO_SSL            1
#define CK_PROTO_SASL_PLAINTEXT 2
#define CK_PROTO_SASL_SSL       3

/** @brief The protocol (CK_PROTO_*) listener.security.protocol.map (map)
 *  gives the listener name (namelen bytes, matched case-insensitively), or
 *  -1 when the map does not name it. */
int ck_sec_listener_protocol(const char *map, const char *name, size_t namelen);

/* ====================================================================== */
/* SCRAM credentials                                                        */
/* ====================================================================== */

/* Kafka's ScramMechanism numbers (DescribeUserScramCredentials). */
#define CK_SCRAM_SHA_256 1
#define CK_SCRAM_SHA_512 2

#define CK_SCRAM_MIN_ITERATIONS     4096    /* Kafka's lower bound */
#define CK_SCRAM_MAX_ITERATIONS     16384   /* Kafka's upper bound */
#define CK_SCRAM_DEFAULT_ITERATIONS 4096
#define CK_SCRAM_SALT_LEN           32      /* bytes of salt made for a new credential */
#define CK_SCRAM_MAX_KEY            64      /* SHA-512 output */
#define CK_SCRAM_MAX_SALT           128
#define CK_SCRAM_MAX_USER           256     /* bytes of a user name */

/** @brief The mechanism number of a SASL mechanism name ("SCRAM-SHA-256",
 *  "SCRAM-SHA-512"), or 0. */
int ck_scram_mech_parse(const char *name);
/** @brief The SASL name of a mechanism number, or NULL. */
const char *ck_scram_mech_name(int mech);
/** @brief Bytes of the mechanism's hash (32, 64), 0 for an unknown one. */
size_t ck_scram_key_len(int mech);

/* One stored credential: what RFC 5802 keeps on the server. */
typedef struct ck_scram_cred {
    int32_t mech;                         /* CK_SCRAM_SHA_* */
    int32_t iterations;
    size_t  salt_len;
    uint8_t salt[CK_SCRAM_MAX_SALT];
    uint8_t stored_key[CK_SCRAM_MAX_KEY]; /* H(ClientKey), key_len bytes */
    uint8_t server_key[CK_SCRAM_MAX_KEY]; /* HMAC(SaltedPassword, "Server Key") */
} ck_scram_cred;

/** @brief Fills cred for mech from password (pwlen bytes, used as given: no
 *  SASLprep, as Kafka), salt and iterations: SaltedPassword =
 *  PBKDF2-HMAC(password, salt, iterations), then StoredKey and ServerKey.
 *  INVALID_ARG for an unknown mechanism or a salt longer than
 *  CK_SCRAM_MAX_SALT.  Any thread. */
int ck_scram_cred_make(ck_scram_cred *cred, int mech, const void *password, size_t pwlen, const uint8_t *salt,
                       size_t salt_len, int32_t iterations);
/** @brief Fills cred from an already salted password (key_len bytes: what
 *  AlterUserScramCredentials carries).  INVALID_ARG for a wrong length. */
int ck_scram_cred_from_salted(ck_scram_cred *cred, int mech, const uint8_t *salted, size_t salted_len,
                              const uint8_t *salt, size_t salt_len, int32_t iterations);

/** @brief Creates or replaces user's credential for mech from password,
 *  with a fresh random salt and iterations (0: CK_SCRAM_DEFAULT_ITERATIONS).
 *  Errors: UNACCEPTABLE_CREDENTIAL (empty or oversized user name, empty
 *  password, iterations outside [4096, 16384]) and UNSUPPORTED_SASL_MECHANISM,
 *  each with err saying why; IO.  Any thread. */
int ck_sec_user_upsert(ck_sec *s, const char *user, int mech, const void *password, size_t pwlen,
                       int32_t iterations, char *err, size_t errlen);
/** @brief Creates or replaces user's credential from a salted password
 *  (AlterUserScramCredentials' upsertion).  Errors as ck_sec_user_upsert,
 *  plus UNACCEPTABLE_CREDENTIAL for an empty salt or a salted password that
 *  is not the mechanism's hash length. */
int ck_sec_user_upsert_salted(ck_sec *s, const char *user, int mech, int32_t iterations, const uint8_t *salt,
                              size_t salt_len, const uint8_t *salted, size_t salted_len, char *err, size_t errlen);
/** @brief Deletes user's credential for mech (0: every mechanism).
 *  RESOURCE_NOT_FOUND when there was none.  Any thread. */
int ck_sec_user_delete(ck_sec *s, const char *user, int mech, char *err, size_t errlen);
/** @brief Reads user's credential for mech into *cred.  RESOURCE_NOT_FOUND
 *  when absent, CORRUPT for an undecodable value.  Any thread. */
int ck_sec_cred_get(ck_sec *s, const char *user, int mech, ck_scram_cred *cred);

/* One credential as DescribeUserScramCredentials shows it. */
typedef struct ck_sec_user_info {
    char   *user;
    int32_t mech;
    int32_t iterations;
} ck_sec_user_info;

/** @brief Every credential (user NULL) or user's credentials, ordered by
 *  user then mechanism, in *out (free with ck_sec_user_infos_free; NULL when
 *  none) of *n.  A named user without credentials gives 0 and *n 0.  Any
 *  thread. */
int ck_sec_user_list(ck_sec *s, const char *user, ck_sec_user_info **out, size_t *n);
void ck_sec_user_infos_free(ck_sec_user_info *infos, size_t n);

/** @brief Applies a CHRONIK_SASL_USERS value, "user:password,user:password":
 *  each user gets SCRAM-SHA-256 and SCRAM-SHA-512 credentials (default
 *  iterations).  A credential that already verifies with the given password
 *  is left as it is, so restarts do not rewrite the store.  INVALID_CONFIG
 *  for a malformed entry (err names its position, never the password).
 *  Any thread. */
int ck_sec_apply_users_spec(ck_sec *s, const char *spec, char *err, size_t errlen);

/* ====================================================================== */
/* SASL server side                                                         */
/* ====================================================================== */

/** @brief Whether sasl.enabled.mechanisms lists mech (CK_SASL_PLAIN,
 *  CK_SCRAM_SHA_*).  Any thread. */
bool ck_sec_sasl_enabled(const ck_sec *s, int mech);
/** @brief The enabled mechanisms' names in Kafka's order (PLAIN,
 *  SCRAM-SHA-256, SCRAM-SHA-512) into names (static strings), for
 *  SaslHandshake's Mechanisms; returns how many (at most 3). */
size_t ck_sec_sasl_mechanisms(const ck_sec *s, const char *names[3]);

/* ck_sasl_step results besides errors. */
#define CK_SASL_CONTINUE 1    /* send *out, wait for the client's next message */
#define CK_SASL_DONE     0    /* authenticated: send *out (may be empty) and use the principal */

typedef struct ck_sasl ck_sasl;

/* Mechanism numbers of ck_sasl_new: the SCRAM ones and PLAIN. */
#define CK_SASL_PLAIN 100

/** @brief The ck_sasl_new number of a SASL mechanism name ("PLAIN",
 *  "SCRAM-SHA-256", "SCRAM-SHA-512"), or 0 (UNSUPPORTED_SASL_MECHANISM). */
int ck_sasl_mech_parse(const char *name);

/** @brief A server-side SASL exchange for one authentication of one
 *  connection, with mechanism mech (CK_SCRAM_SHA_*, CK_SASL_PLAIN).  NULL for
 *  an unknown mechanism.  Owned by the connection; free with ck_sasl_free. */
ck_sasl *ck_sasl_new(ck_sec *s, int mech);
/** @brief Frees x and wipes its secrets.  NULL does nothing. */
void ck_sasl_free(ck_sasl *x);

/** @brief Feeds the client's next message (SaslAuthenticate's AuthBytes).
 *  Returns CK_SASL_CONTINUE with the server's challenge in *out (ck_malloc'd,
 *  *outlen bytes; the caller ck_free's it), CK_SASL_DONE once authenticated
 *  (*out holds SCRAM's server-final-message, or is NULL for PLAIN), or an
 *  error with err holding the message for SaslAuthenticate's ErrorMessage:
 *    SASL_AUTHENTICATION_FAILED — malformed message, nonce or channel-binding
 *      mismatch, unknown user or wrong password (the same message for both:
 *      "Authentication failed during authentication due to invalid
 *      credentials with SASL mechanism <M>"; an unknown user gets a
 *      server-first-message with a salt derived from its name and the same
 *      work as a known one);
 *    ILLEGAL_SASL_STATE — a step after the exchange completed or failed.
 *  After an error the exchange is over.  Runs PBKDF2 only for PLAIN; SCRAM
 *  steps cost a few hashes.  One thread at a time per x. */
int ck_sasl_step(ck_sasl *x, const uint8_t *in, size_t inlen, uint8_t **out, size_t *outlen, char *err,
                 size_t errlen);
/** @brief The authenticated principal ("User:<name>") once a step returned
 *  CK_SASL_DONE, else NULL.  Borrowed from x. */
const char *ck_sasl_principal(const ck_sasl *x);

/* ====================================================================== */
/* ACLs                                                                     */
/* ====================================================================== */

/* Kafka's enums, with their wire numbers. */
typedef enum ck_acl_res {
    CK_RES_UNKNOWN = 0, CK_RES_ANY = 1, CK_RES_TOPIC = 2, CK_RES_GROUP = 3, CK_RES_CLUSTER = 4,
    CK_RES_TRANSACTIONAL_ID = 5, CK_RES_DELEGATION_TOKEN = 6, CK_RES_USER = 7
} ck_acl_res;
typedef enum ck_acl_pat {
    CK_PAT_UNKNOWN = 0, CK_PAT_ANY = 1, CK_PAT_MATCH = 2, CK_PAT_LITERAL = 3, CK_PAT_PREFIXED = 4
} ck_acl_pat;
typedef enum ck_acl_op {
    CK_OP_UNKNOWN = 0, CK_OP_ANY = 1, CK_OP_ALL = 2, CK_OP_READ = 3, CK_OP_WRITE = 4, CK_OP_CREATE = 5,
    CK_OP_DELETE = 6, CK_OP_ALTER = 7, CK_OP_DESCRIBE = 8, CK_OP_CLUSTER_ACTION = 9, CK_OP_DESCRIBE_CONFIGS = 10,
    CK_OP_ALTER_CONFIGS = 11, CK_OP_IDEMPOTENT_WRITE = 12, CK_OP_CREATE_TOKENS = 13, CK_OP_DESCRIBE_TOKENS = 14
} ck_acl_op;
typedef enum ck_acl_perm {
    CK_PERM_UNKNOWN = 0, CK_PERM_ANY = 1, CK_PERM_DENY = 2, CK_PERM_ALLOW = 3
} ck_acl_perm;

#define CK_ACL_WILDCARD          "*"
#define CK_ACL_WILDCARD_PRINCIPAL "User:*"
#define CK_PRINCIPAL_ANONYMOUS   "User:ANONYMOUS"   /* unauthenticated connections, as Kafka */
#define CK_ACL_CLUSTER_NAME      "kafka-cluster"

/* An ACL binding (CreateAcls, results), or a filter (DescribeAcls,
 * DeleteAcls: a NULL string, CK_RES_ANY, CK_PAT_ANY / CK_PAT_MATCH, CK_OP_ANY
 * and CK_PERM_ANY match anything).  Strings in results are owned by the
 * result array. */
typedef struct ck_acl {
    int8_t resource_type;   /* ck_acl_res */
    char  *resource_name;
    int8_t pattern_type;    /* ck_acl_pat */
    char  *principal;       /* "User:alice", "User:*" */
    char  *host;            /* an IP address or "*" */
    int8_t operation;       /* ck_acl_op */
    int8_t permission;      /* ck_acl_perm */
} ck_acl;

/* The outcome of one binding of a create, or one filter of a delete. */
typedef struct ck_acl_result {
    int     err;            /* 0 or a Kafka error code */
    char    msg[200];       /* "" when err is 0 */
    ck_acl *matches;        /* delete: the bindings the filter removed (owned) */
    size_t  nmatches;
} ck_acl_result;

/** @brief Whether the authorizer is on (authorizer.enabled).  When off,
 *  ck_sec_authorize allows everything. */
bool ck_sec_authorizer_enabled(const ck_sec *s);

/** @brief CreateAcls: validates each of the n bindings (INVALID_REQUEST with
 *  res[i].msg for an unknown or ANY resource type, a pattern type other than
 *  LITERAL/PREFIXED, an UNKNOWN/ANY operation or permission, an empty
 *  resource name, a CLUSTER name other than kafka-cluster, a principal not
 *  of the form Type:name, an empty host) and stores the valid ones in one
 *  durable write (an existing binding is not duplicated).  Returns 0, or IO
 *  when the write failed (every valid binding's res[i].err is then
 *  KAFKA_STORAGE_ERROR and nothing changed).  Any thread. */
int ck_acl_create(ck_sec *s, const ck_acl *acls, size_t n, ck_acl_result *res);
/** @brief DescribeAcls: the bindings matching filter, ordered by resource
 *  (type, name, pattern type) then principal, host, operation, permission,
 *  in *out (ck_acls_free) of *n.  INVALID_REQUEST (err says why) for an
 *  UNKNOWN resource type, pattern type, operation or permission.  Any
 *  thread. */
int ck_acl_describe(ck_sec *s, const ck_acl *filter, ck_acl **out, size_t *n, char *err, size_t errlen);
/** @brief DeleteAcls: for each of the n filters, res[i] lists the bindings
 *  it matched (a binding matching several filters is listed under each);
 *  every matched binding is deleted in one durable write.  A bad filter
 *  gets INVALID_REQUEST in res[i] and deletes nothing.  Returns 0 or IO.
 *  Free each res[i] with ck_acl_result_clear.  Any thread. */
int ck_acl_delete(ck_sec *s, const ck_acl *filters, size_t n, ck_acl_result *res);
/** @brief Frees res->matches and zeroes res. */
void ck_acl_result_clear(ck_acl_result *res);
/** @brief Frees an array of bindings from ck_acl_describe.  NULL does nothing. */
void ck_acls_free(ck_acl *acls, size_t n);
/** @brief Whether filter matches binding (Kafka's AclBindingFilter.matches). */
bool ck_acl_filter_matches(const ck_acl *filter, const ck_acl *binding);

/** @brief May principal, connected from host, perform op on the resource
 *  (type, name of namelen bytes, a literal name)?  Kafka's StandardAuthorizer
 *  semantics: allowed when the authorizer is off or principal is a super
 *  user; otherwise the ACLs whose pattern matches the name (literal equal,
 *  literal "*", prefix) are considered: a DENY for principal or User:*, host
 *  or "*", and op or ALL denies; else an ALLOW for op or ALL (READ, WRITE,
 *  DELETE, ALTER also allow DESCRIBE; ALTER_CONFIGS allows DESCRIBE_CONFIGS)
 *  allows; else, when the resource has no ACL at all,
 *  allow.everyone.if.no.acl.found decides; else denied.  Takes the read
 *  lock only; any thread. */
bool ck_sec_authorize(ck_sec *s, const char *principal, const char *host, int op, int resource_type,
                      const char *name, size_t namelen);

/** @brief Kafka's authorizeByResourceType: may principal from host perform
 *  op on at least one resource of resource_type?  Allowed when the action
 *  on a resource no binding names would be allowed (authorizer off, super
 *  user, allow.everyone.if.no.acl.found with no covering binding, a
 *  wildcard ALLOW), or when some ALLOW binding for op or ALL (no implied
 *  operations here) is not cancelled by a DENY: a literal "*" DENY cancels
 *  everything, a literal DENY its own name, a prefixed DENY every name it
 *  prefixes.  Used for InitProducerId's and idempotent produce's "WRITE on
 *  any topic".  Read lock; any thread. */
bool ck_sec_authorize_by_type(ck_sec *s, const char *principal, const char *host, int op, int resource_type);

/* ====================================================================== */
/* Quotas                                                                   */
/* ====================================================================== */

typedef enum ck_quota_type {
    CK_QUOTA_PRODUCE = 0,    /* producer_byte_rate: bytes/s */
    CK_QUOTA_FETCH = 1,      /* consumer_byte_rate: bytes/s */
    CK_QUOTA_REQUEST = 2,    /* request_percentage: % of one thread's time */
    CK_QUOTA__COUNT
} ck_quota_type;

/** @brief The quota type of a quota config key, or -1. */
int ck_quota_key_parse(const char *key);
/** @brief The config key of a quota type ("producer_byte_rate", ...). */
const char *ck_quota_key_name(int type);

/* A quota entity: a user and/or a client-id, each named or the default
 * (Kafka's <default>, a NULL name in the protocol). */
typedef struct ck_quota_entity {
    bool  has_user, has_client;
    char *user;              /* NULL with has_user: the default user */
    char *client_id;         /* NULL with has_client: the default client-id */
} ck_quota_entity;

/** @brief Adds one (entity_type, name) pair of a protocol entity to e
 *  ("user" or "client-id"; name NULL: the default).  INVALID_REQUEST (err
 *  says why) for an empty, unknown or repeated type; "ip" entities are not
 *  supported (INVALID_REQUEST).  The name is copied. */
int ck_quota_entity_add(ck_quota_entity *e, const char *entity_type, const char *name, char *err, size_t errlen);
/** @brief Frees the names of e and zeroes it. */
void ck_quota_entity_clear(ck_quota_entity *e);

/* One alteration of AlterClientQuotas: set key to value, or remove it. */
typedef struct ck_quota_op {
    const char *key;
    double      value;
    bool        remove;
} ck_quota_op;

typedef struct ck_quota_alter {
    const ck_quota_entity *entity;
    const ck_quota_op     *ops;
    size_t                 nops;
} ck_quota_alter;

typedef struct ck_quota_result {
    int  err;               /* 0 or INVALID_REQUEST */
    char msg[200];
} ck_quota_result;

/** @brief AlterClientQuotas: each entry is validated (a non-empty entity; a
 *  known key; producer/consumer byte rates whole numbers, every value > 0)
 *  and, unless validate_only, applied all-or-nothing per entry: the valid
 *  entries are stored in one durable write, then take effect.  An entity
 *  left without values is removed.  Returns 0 or IO.  Any thread. */
int ck_quota_alter_entries(ck_sec *s, const ck_quota_alter *entries, size_t n, bool validate_only,
                           ck_quota_result *res);

/* Match types of a DescribeClientQuotas filter component. */
#define CK_QUOTA_MATCH_EXACT     0
#define CK_QUOTA_MATCH_DEFAULT   1
#define CK_QUOTA_MATCH_SPECIFIED 2

typedef struct ck_quota_filter {
    const char *entity_type;   /* "user", "client-id" */
    int8_t      match_type;    /* CK_QUOTA_MATCH_* */
    const char *match;         /* EXACT: the name; NULL otherwise */
} ck_quota_filter;

typedef struct ck_quota_entry {
    ck_quota_entity entity;
    bool            set[CK_QUOTA__COUNT];
    double          value[CK_QUOTA__COUNT];
} ck_quota_entry;

/** @brief DescribeClientQuotas: the entities matching every component
 *  (EXACT: that name; DEFAULT: the default; SPECIFIED: any name or the
 *  default of that type) and, with strict, having no other entity type, in
 *  *out (ck_quota_entries_free) of *n.  INVALID_REQUEST for an empty or
 *  repeated entity type or a match string that contradicts the match type,
 *  UNSUPPORTED_VERSION for an unknown entity or match type; err says why.
 *  Any thread. */
int ck_quota_describe(ck_sec *s, const ck_quota_filter *filters, size_t n, bool strict, ck_quota_entry **out,
                      size_t *nout, char *err, size_t errlen);
void ck_quota_entries_free(ck_quota_entry *entries, size_t n);

/* What a client is held to for one quota type. */
typedef struct ck_quota_limit {
    double limit;            /* the quota; < 0: none applies */
    char   user_tag[CK_SCRAM_MAX_USER + 1];   /* the sensor's tags: the user ("" when the */
    char   client_tag[256];                   /* quota is not per user), the client-id */
} ck_quota_limit;

/** @brief The quota of type for user (the principal's name, without
 *  "User:"; "ANONYMOUS" for unauthenticated connections, which default-user
 *  quotas cover as in Kafka) and client_id, found in Kafka's precedence order:
 *  user+client-id, user+default client-id, user, default user+client-id,
 *  default user+default client-id, default user, client-id, default
 *  client-id — the first entity with a value for type.  Read lock; any
 *  thread. */
void ck_quota_lookup(ck_sec *s, int type, const char *user, const char *client_id, ck_quota_limit *out);

/** @brief Records value (bytes, or for CK_QUOTA_REQUEST the percentage of a
 *  second the request took: ns / 1e7) for user/client_id at now_ms, and
 *  returns the throttle time in ms Kafka would answer: 0 when no quota
 *  applies or the rate stays within it, else (rate - quota) / quota times
 *  the measured window, at most quota.window.size.seconds.  Clients sharing
 *  a user- or client-level quota share its rate.  Any thread. */
int64_t ck_quota_record(ck_sec *s, int type, const char *user, const char *client_id, double value, int64_t now_ms);

/* Counters for quota metrics (relaxed atomics). */
typedef struct ck_quota_stats {
    uint64_t throttled[CK_QUOTA__COUNT];      /* records that returned a throttle */
    uint64_t throttle_ms[CK_QUOTA__COUNT];    /* sum of the throttle times returned */
} ck_quota_stats;
/** @brief A copy of the quota counters of s. */
void ck_quota_stats_get(ck_sec *s, ck_quota_stats *out);

/* The rate of one sensor: Kafka's Rate over a SampledStat of `samples`
 * windows of window_ms.  Not thread-safe by itself (ck_quota_record locks). */
typedef struct ck_rate ck_rate;

/** @brief A rate of samples windows (>= 2) of window_ms (>= 1). */
ck_rate *ck_rate_new(int samples, int64_t window_ms);
void ck_rate_free(ck_rate *r);
/** @brief Adds value at now_ms (a new window starts when the current one is
 *  window_ms old). */
void ck_rate_record(ck_rate *r, double value, int64_t now_ms);
/** @brief The window the rate is measured over at now_ms, in ms: from the
 *  oldest retained window's start, but at least samples - 1 whole windows,
 *  and at least 1. */
int64_t ck_rate_window_ms(ck_rate *r, int64_t now_ms);
/** @brief The rate per second at now_ms: the retained windows' total over
 *  ck_rate_window_ms. */
double ck_rate_measure(ck_rate *r, int64_t now_ms);
/** @brief The throttle time for quota bound (> 0) at now_ms: 0 while the
 *  rate is <= bound, else round((rate - bound) / bound * window), capped at
 *  max_ms. */
int64_t ck_rate_throttle_ms(ck_rate *r, double bound, int64_t now_ms, int64_t max_ms);
/** @brief The time of the last record (0 before any). */
int64_t ck_rate_last_ms(const ck_rate *r);

/* ====================================================================== */
/* Principal mapping (mTLS)                                                 */
/* ====================================================================== */

typedef struct ck_principal_rules ck_principal_rules;

/** @brief Parses ssl.principal.mapping.rules in Kafka's syntax: a comma
 *  separated list of DEFAULT and RULE:pattern/replacement/[LU] (pattern a
 *  Java-style regular expression, run with PCRE2; replacement with $n
 *  group references and \ escapes).  NULL with err naming the bad rule.
 *  Any thread. */
ck_principal_rules *ck_principal_rules_parse(const char *spec, char *err, size_t errlen);
void ck_principal_rules_free(ck_principal_rules *r);
/** @brief Maps a certificate subject DN (RFC 2253 text, "CN=alice,O=x") to
 *  a principal "User:<name>" in out: the first rule whose pattern matches
 *  the whole DN gives the name (DEFAULT: the DN itself; a RULE: the DN with
 *  every match of its pattern replaced, then lower- or upper-cased with L /
 *  U).  NOT_FOUND when no rule applies, INVALID_ARG when out is too small.
 *  Any thread. */
int ck_principal_map(const ck_principal_rules *r, const char *dn, char *out, size_t outlen);
/** @brief ck_principal_map with the rules of s (ssl.principal.mapping.rules). */
int ck_sec_principal_from_dn(ck_sec *s, const char *dn, char *out, size_t outlen);

#endif /* CK_SECURITY_H */
