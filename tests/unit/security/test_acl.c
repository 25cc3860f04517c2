/*
 * test_acl.c — the ACL authorizer (lib/security/acl.c): Kafka's validation
 * of new bindings, its decision rules (DENY wins, implied DESCRIBE and
 * DESCRIBE_CONFIGS, ALL, wildcard principal and resource, prefixes, hosts,
 * super users, allow.everyone.if.no.acl.found, the switch), DescribeAcls and
 * DeleteAcls filters (ANY, MATCH, LITERAL, PREFIXED), persistence, and
 * authorize running while bindings change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>

#include "sec_fx.h"

static ck_acl B(int8_t type, const char *name, int8_t pat, const char *principal, const char *host, int8_t op,
                int8_t perm)
{
    ck_acl a = {type, (char *)name, pat, (char *)principal, (char *)host, op, perm};
    return a;
}

static void create_ok(ck_sec *s, const ck_acl *acls, size_t n)
{
    ck_acl_result res[16];
    size_t        i;

    assert_true(n <= 16);
    assert_int_equal(ck_acl_create(s, acls, n, res), 0);
    for (i = 0; i < n; i++)
        if (res[i].err != 0)
            fail_msg("binding %zu: %d %s", i, res[i].err, res[i].msg);
}

static bool can(ck_sec *s, const char *principal, const char *host, int op, int type, const char *name)
{
    return ck_sec_authorize(s, principal, host, op, type, name, strlen(name));
}

/* An authorizer on, with the given allow.everyone.if.no.acl.found. */
static void open_with(sec_fx *fx, bool allow_if_none, const char *super_users)
{
    fx_close(fx);
    fx_conf(fx, "authorizer.enabled", "true");
    fx_conf(fx, "allow.everyone.if.no.acl.found", allow_if_none ? "true" : "false");
    fx_conf(fx, "super.users", super_users);
    fx_open(fx);
}

static void test_validation(void **state)
{
    sec_fx       *fx = *state;
    ck_acl        bad[] = {
        B(CK_RES_ANY, "t", CK_PAT_LITERAL, "User:a", "*", CK_OP_READ, CK_PERM_ALLOW),
        B(CK_RES_UNKNOWN, "t", CK_PAT_LITERAL, "User:a", "*", CK_OP_READ, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "t", CK_PAT_MATCH, "User:a", "*", CK_OP_READ, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "t", CK_PAT_ANY, "User:a", "*", CK_OP_READ, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "t", CK_PAT_LITERAL, "User:a", "*", CK_OP_ANY, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "t", CK_PAT_LITERAL, "User:a", "*", CK_OP_UNKNOWN, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "t", CK_PAT_LITERAL, "User:a", "*", CK_OP_READ, CK_PERM_ANY),
        B(CK_RES_TOPIC, "", CK_PAT_LITERAL, "User:a", "*", CK_OP_READ, CK_PERM_ALLOW),
        B(CK_RES_CLUSTER, "other", CK_PAT_LITERAL, "User:a", "*", CK_OP_ALTER, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "t", CK_PAT_LITERAL, "alice", "*", CK_OP_READ, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "t", CK_PAT_LITERAL, "User:", "*", CK_OP_READ, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "t", CK_PAT_LITERAL, "User:a", "", CK_OP_READ, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "t", CK_PAT_LITERAL, "User:a", "*", CK_OP_READ, CK_PERM_ALLOW),   /* the valid one */
    };
    ck_acl_result res[CK_ARRAY_LEN(bad)];
    ck_acl        any = B(CK_RES_ANY, NULL, CK_PAT_ANY, NULL, NULL, CK_OP_ANY, CK_PERM_ANY);
    ck_acl       *out;
    size_t        i, n;
    char          err[256];

    assert_int_equal(ck_acl_create(fx->sec, bad, CK_ARRAY_LEN(bad), res), 0);
    for (i = 0; i + 1 < CK_ARRAY_LEN(bad); i++) {
        if (res[i].err != CHRONIK_ERR_INVALID_REQUEST || res[i].msg[0] == '\0')
            fail_msg("binding %zu: got %d \"%s\"", i, res[i].err, res[i].msg);
    }
    assert_int_equal(res[i].err, 0);
    assert_non_null(strstr(res[0].msg, "resourceType"));
    assert_non_null(strstr(res[8].msg, "kafka-cluster"));
    assert_int_equal(ck_acl_describe(fx->sec, &any, &out, &n, err, sizeof(err)), 0);
    assert_int_equal(n, 1);
    ck_acls_free(out, n);
    /* Creating it again does not duplicate it. */
    create_ok(fx->sec, &bad[i], 1);
    assert_int_equal(ck_acl_describe(fx->sec, &any, &out, &n, err, sizeof(err)), 0);
    assert_int_equal(n, 1);
    ck_acls_free(out, n);
}

static void test_authorizer_off_allows_everything(void **state)
{
    sec_fx *fx = *state;
    ck_acl  deny = B(CK_RES_TOPIC, "*", CK_PAT_LITERAL, "User:*", "*", CK_OP_ALL, CK_PERM_DENY);

    create_ok(fx->sec, &deny, 1);
    assert_false(ck_sec_authorizer_enabled(fx->sec));
    assert_true(can(fx->sec, "User:x", "10.0.0.1", CK_OP_WRITE, CK_RES_TOPIC, "t"));
    open_with(fx, false, "");
    assert_true(ck_sec_authorizer_enabled(fx->sec));
    assert_false(can(fx->sec, "User:x", "10.0.0.1", CK_OP_WRITE, CK_RES_TOPIC, "t"));
}

static void test_decisions(void **state)
{
    sec_fx *fx = *state;
    ck_acl  acls[] = {
        B(CK_RES_TOPIC, "orders", CK_PAT_LITERAL, "User:alice", "*", CK_OP_READ, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "orders", CK_PAT_LITERAL, "User:bob", "*", CK_OP_ALL, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "orders", CK_PAT_LITERAL, "User:bob", "10.0.0.9", CK_OP_WRITE, CK_PERM_DENY),
        B(CK_RES_TOPIC, "logs-", CK_PAT_PREFIXED, "User:carol", "*", CK_OP_WRITE, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "logs-secret", CK_PAT_PREFIXED, "User:*", "*", CK_OP_ALL, CK_PERM_DENY),
        B(CK_RES_TOPIC, "public", CK_PAT_LITERAL, "User:*", "*", CK_OP_READ, CK_PERM_ALLOW),
        B(CK_RES_GROUP, "*", CK_PAT_LITERAL, "User:alice", "*", CK_OP_READ, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "cfg", CK_PAT_LITERAL, "User:dan", "127.0.0.1", CK_OP_ALTER_CONFIGS, CK_PERM_ALLOW),
        B(CK_RES_CLUSTER, "kafka-cluster", CK_PAT_LITERAL, "User:ops", "*", CK_OP_IDEMPOTENT_WRITE, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "mixed", CK_PAT_LITERAL, "User:erin", "*", CK_OP_WRITE, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "mixed", CK_PAT_LITERAL, "User:erin", "*", CK_OP_READ, CK_PERM_DENY),
    };

    create_ok(fx->sec, acls, CK_ARRAY_LEN(acls));
    open_with(fx, false, "User:root; User:admin");

    /* Literal allow, and what READ implies. */
    assert_true(can(fx->sec, "User:alice", "1.2.3.4", CK_OP_READ, CK_RES_TOPIC, "orders"));
    assert_true(can(fx->sec, "User:alice", "1.2.3.4", CK_OP_DESCRIBE, CK_RES_TOPIC, "orders"));
    assert_false(can(fx->sec, "User:alice", "1.2.3.4", CK_OP_WRITE, CK_RES_TOPIC, "orders"));
    assert_false(can(fx->sec, "User:alice", "1.2.3.4", CK_OP_DESCRIBE_CONFIGS, CK_RES_TOPIC, "orders"));
    assert_false(can(fx->sec, "User:alice", "1.2.3.4", CK_OP_READ, CK_RES_TOPIC, "orders2"));
    /* ALL, and a host-specific DENY that wins over it. */
    assert_true(can(fx->sec, "User:bob", "10.0.0.1", CK_OP_WRITE, CK_RES_TOPIC, "orders"));
    assert_true(can(fx->sec, "User:bob", "10.0.0.1", CK_OP_DELETE, CK_RES_TOPIC, "orders"));
    assert_false(can(fx->sec, "User:bob", "10.0.0.9", CK_OP_WRITE, CK_RES_TOPIC, "orders"));
    assert_true(can(fx->sec, "User:bob", "10.0.0.9", CK_OP_READ, CK_RES_TOPIC, "orders"));
    /* A DENY READ does not deny the DESCRIBE that WRITE allows. */
    assert_false(can(fx->sec, "User:erin", "h", CK_OP_READ, CK_RES_TOPIC, "mixed"));
    assert_true(can(fx->sec, "User:erin", "h", CK_OP_DESCRIBE, CK_RES_TOPIC, "mixed"));
    /* Prefixes, and a wildcard-principal DENY ALL on a longer prefix. */
    assert_true(can(fx->sec, "User:carol", "h", CK_OP_WRITE, CK_RES_TOPIC, "logs-app"));
    assert_true(can(fx->sec, "User:carol", "h", CK_OP_DESCRIBE, CK_RES_TOPIC, "logs-app"));
    assert_false(can(fx->sec, "User:carol", "h", CK_OP_WRITE, CK_RES_TOPIC, "logs"));
    assert_false(can(fx->sec, "User:carol", "h", CK_OP_WRITE, CK_RES_TOPIC, "logs-secret-1"));
    /* The wildcard principal. */
    assert_true(can(fx->sec, "User:anyone", "h", CK_OP_READ, CK_RES_TOPIC, "public"));
    assert_false(can(fx->sec, "User:anyone", "h", CK_OP_WRITE, CK_RES_TOPIC, "public"));
    /* The wildcard resource name, per resource type. */
    assert_true(can(fx->sec, "User:alice", "h", CK_OP_READ, CK_RES_GROUP, "any-group"));
    assert_false(can(fx->sec, "User:alice", "h", CK_OP_READ, CK_RES_TRANSACTIONAL_ID, "any-group"));
    /* ALTER_CONFIGS implies DESCRIBE_CONFIGS (not DESCRIBE); hosts match exactly. */
    assert_true(can(fx->sec, "User:dan", "127.0.0.1", CK_OP_DESCRIBE_CONFIGS, CK_RES_TOPIC, "cfg"));
    assert_false(can(fx->sec, "User:dan", "127.0.0.1", CK_OP_DESCRIBE, CK_RES_TOPIC, "cfg"));
    assert_false(can(fx->sec, "User:dan", "127.0.0.2", CK_OP_ALTER_CONFIGS, CK_RES_TOPIC, "cfg"));
    /* The cluster resource. */
    assert_true(can(fx->sec, "User:ops", "h", CK_OP_IDEMPOTENT_WRITE, CK_RES_CLUSTER, "kafka-cluster"));
    assert_false(can(fx->sec, "User:ops", "h", CK_OP_ALTER, CK_RES_CLUSTER, "kafka-cluster"));
    /* Super users may do anything, even what a DENY covers. */
    assert_true(can(fx->sec, "User:admin", "h", CK_OP_WRITE, CK_RES_TOPIC, "logs-secret-1"));
    assert_true(can(fx->sec, "User:root", "h", CK_OP_ALTER, CK_RES_CLUSTER, "kafka-cluster"));
    assert_false(can(fx->sec, "User:Admin", "h", CK_OP_ALTER, CK_RES_CLUSTER, "kafka-cluster"));
    /* No ACL on the resource: allow.everyone.if.no.acl.found decides. */
    assert_false(can(fx->sec, "User:alice", "h", CK_OP_READ, CK_RES_TOPIC, "untouched"));
    open_with(fx, true, "");
    assert_true(can(fx->sec, "User:alice", "h", CK_OP_READ, CK_RES_TOPIC, "untouched"));
    /* ...but a resource with ACLs for others is not open to everyone. */
    assert_false(can(fx->sec, "User:zoe", "h", CK_OP_READ, CK_RES_TOPIC, "orders"));
    assert_false(can(fx->sec, "User:zoe", "h", CK_OP_READ, CK_RES_TOPIC, "logs-x"));
    /* The group wildcard binding (alice's) applies to every group, so no
     * group is without ACLs. */
    assert_false(can(fx->sec, "User:zoe", "h", CK_OP_READ, CK_RES_GROUP, "g"));
    assert_true(can(fx->sec, "User:zoe", "h", CK_OP_READ, CK_RES_TRANSACTIONAL_ID, "t"));
}

static void test_no_acl_found_counts_any_binding_on_the_resource(void **state)
{
    sec_fx *fx = *state;
    ck_acl  a = B(CK_RES_GROUP, "g", CK_PAT_LITERAL, "User:alice", "*", CK_OP_READ, CK_PERM_ALLOW);

    create_ok(fx->sec, &a, 1);
    open_with(fx, true, "");
    assert_true(can(fx->sec, "User:alice", "h", CK_OP_READ, CK_RES_GROUP, "g"));
    assert_false(can(fx->sec, "User:zoe", "h", CK_OP_READ, CK_RES_GROUP, "g"));
    assert_true(can(fx->sec, "User:zoe", "h", CK_OP_READ, CK_RES_GROUP, "g2"));
}

static size_t describe_count(ck_sec *s, ck_acl f)
{
    ck_acl *out;
    size_t  n;
    char    err[256];

    assert_int_equal(ck_acl_describe(s, &f, &out, &n, err, sizeof(err)), 0);
    ck_acls_free(out, n);
    return n;
}

static void test_filters(void **state)
{
    sec_fx *fx = *state;
    ck_acl  acls[] = {
        B(CK_RES_TOPIC, "foo", CK_PAT_LITERAL, "User:a", "*", CK_OP_READ, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "*", CK_PAT_LITERAL, "User:b", "*", CK_OP_READ, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "fo", CK_PAT_PREFIXED, "User:c", "*", CK_OP_WRITE, CK_PERM_DENY),
        B(CK_RES_TOPIC, "bar", CK_PAT_PREFIXED, "User:a", "1.1.1.1", CK_OP_WRITE, CK_PERM_ALLOW),
        B(CK_RES_GROUP, "foo", CK_PAT_LITERAL, "User:a", "*", CK_OP_READ, CK_PERM_ALLOW),
    };
    ck_acl *out;
    size_t  n;
    char    err[256];
    ck_acl  f;

    create_ok(fx->sec, acls, CK_ARRAY_LEN(acls));
    assert_int_equal(describe_count(fx->sec, B(CK_RES_ANY, NULL, CK_PAT_ANY, NULL, NULL, CK_OP_ANY, CK_PERM_ANY)), 5);
    assert_int_equal(describe_count(fx->sec, B(CK_RES_TOPIC, NULL, CK_PAT_ANY, NULL, NULL, CK_OP_ANY, CK_PERM_ANY)), 4);
    /* ANY with a name: exact names of any pattern type. */
    assert_int_equal(describe_count(fx->sec, B(CK_RES_ANY, "foo", CK_PAT_ANY, NULL, NULL, CK_OP_ANY, CK_PERM_ANY)), 2);
    /* MATCH: what applies to topic "foo": literal foo, literal *, prefix fo. */
    assert_int_equal(describe_count(fx->sec, B(CK_RES_TOPIC, "foo", CK_PAT_MATCH, NULL, NULL, CK_OP_ANY, CK_PERM_ANY)),
                     3);
    assert_int_equal(describe_count(fx->sec, B(CK_RES_TOPIC, "barn", CK_PAT_MATCH, NULL, NULL, CK_OP_ANY, CK_PERM_ANY)),
                     2);
    assert_int_equal(describe_count(fx->sec, B(CK_RES_TOPIC, "fo", CK_PAT_PREFIXED, NULL, NULL, CK_OP_ANY, CK_PERM_ANY)),
                     1);
    assert_int_equal(describe_count(fx->sec, B(CK_RES_TOPIC, "fo", CK_PAT_LITERAL, NULL, NULL, CK_OP_ANY, CK_PERM_ANY)),
                     0);
    assert_int_equal(describe_count(fx->sec, B(CK_RES_ANY, NULL, CK_PAT_ANY, "User:a", NULL, CK_OP_ANY, CK_PERM_ANY)), 3);
    assert_int_equal(describe_count(fx->sec, B(CK_RES_ANY, NULL, CK_PAT_ANY, "User:a", "1.1.1.1", CK_OP_ANY,
                                                CK_PERM_ANY)), 1);
    assert_int_equal(describe_count(fx->sec, B(CK_RES_ANY, NULL, CK_PAT_ANY, NULL, NULL, CK_OP_WRITE, CK_PERM_ANY)), 2);
    assert_int_equal(describe_count(fx->sec, B(CK_RES_ANY, NULL, CK_PAT_ANY, NULL, NULL, CK_OP_ANY, CK_PERM_DENY)), 1);
    /* Ordered by resource type, then name. */
    f = B(CK_RES_ANY, NULL, CK_PAT_ANY, NULL, NULL, CK_OP_ANY, CK_PERM_ANY);
    assert_int_equal(ck_acl_describe(fx->sec, &f, &out, &n, err, sizeof(err)), 0);
    assert_string_equal(out[0].resource_name, "*");
    assert_string_equal(out[1].resource_name, "bar");
    assert_string_equal(out[2].resource_name, "fo");
    assert_string_equal(out[3].resource_name, "foo");
    assert_int_equal(out[4].resource_type, CK_RES_GROUP);
    ck_acls_free(out, n);
    /* Invalid filters. */
    f = B(CK_RES_UNKNOWN, NULL, CK_PAT_ANY, NULL, NULL, CK_OP_ANY, CK_PERM_ANY);
    assert_int_equal(ck_acl_describe(fx->sec, &f, &out, &n, err, sizeof(err)), CHRONIK_ERR_INVALID_REQUEST);
    f = B(CK_RES_ANY, NULL, CK_PAT_UNKNOWN, NULL, NULL, CK_OP_ANY, CK_PERM_ANY);
    assert_int_equal(ck_acl_describe(fx->sec, &f, &out, &n, err, sizeof(err)), CHRONIK_ERR_INVALID_REQUEST);
    f = B(CK_RES_ANY, NULL, CK_PAT_ANY, NULL, NULL, CK_OP_UNKNOWN, CK_PERM_ANY);
    assert_int_equal(ck_acl_describe(fx->sec, &f, &out, &n, err, sizeof(err)), CHRONIK_ERR_INVALID_REQUEST);
    f = B(CK_RES_ANY, NULL, CK_PAT_ANY, NULL, NULL, CK_OP_ANY, CK_PERM_UNKNOWN);
    assert_int_equal(ck_acl_describe(fx->sec, &f, &out, &n, err, sizeof(err)), CHRONIK_ERR_INVALID_REQUEST);
}

static void test_delete_and_persistence(void **state)
{
    sec_fx       *fx = *state;
    ck_acl        acls[] = {
        B(CK_RES_TOPIC, "foo", CK_PAT_LITERAL, "User:a", "*", CK_OP_READ, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "foo", CK_PAT_LITERAL, "User:b", "*", CK_OP_READ, CK_PERM_ALLOW),
        B(CK_RES_TOPIC, "bar", CK_PAT_LITERAL, "User:a", "*", CK_OP_READ, CK_PERM_ALLOW),
        B(CK_RES_GROUP, "g", CK_PAT_PREFIXED, "User:a", "*", CK_OP_READ, CK_PERM_ALLOW),
    };
    ck_acl        filters[] = {
        B(CK_RES_TOPIC, "foo", CK_PAT_LITERAL, NULL, NULL, CK_OP_ANY, CK_PERM_ANY),
        B(CK_RES_ANY, NULL, CK_PAT_ANY, "User:b", NULL, CK_OP_ANY, CK_PERM_ANY),
        B(CK_RES_UNKNOWN, NULL, CK_PAT_ANY, NULL, NULL, CK_OP_ANY, CK_PERM_ANY),
        B(CK_RES_TOPIC, "nothing", CK_PAT_LITERAL, NULL, NULL, CK_OP_ANY, CK_PERM_ANY),
    };
    ck_acl_result res[CK_ARRAY_LEN(filters)];
    size_t        i;

    create_ok(fx->sec, acls, CK_ARRAY_LEN(acls));
    fx_reopen(fx);
    assert_int_equal(describe_count(fx->sec, B(CK_RES_ANY, NULL, CK_PAT_ANY, NULL, NULL, CK_OP_ANY, CK_PERM_ANY)), 4);
    assert_int_equal(ck_acl_delete(fx->sec, filters, CK_ARRAY_LEN(filters), res), 0);
    assert_int_equal(res[0].err, 0);
    assert_int_equal(res[0].nmatches, 2);
    assert_int_equal(res[1].err, 0);
    assert_int_equal(res[1].nmatches, 1);            /* listed under both filters */
    assert_string_equal(res[1].matches[0].principal, "User:b");
    assert_string_equal(res[1].matches[0].resource_name, "foo");
    assert_int_equal(res[2].err, CHRONIK_ERR_INVALID_REQUEST);
    assert_int_equal(res[2].nmatches, 0);
    assert_int_equal(res[3].err, 0);
    assert_int_equal(res[3].nmatches, 0);
    for (i = 0; i < CK_ARRAY_LEN(res); i++)
        ck_acl_result_clear(&res[i]);
    assert_int_equal(describe_count(fx->sec, B(CK_RES_ANY, NULL, CK_PAT_ANY, NULL, NULL, CK_OP_ANY, CK_PERM_ANY)), 2);
    fx_reopen(fx);
    assert_int_equal(describe_count(fx->sec, B(CK_RES_ANY, NULL, CK_PAT_ANY, NULL, NULL, CK_OP_ANY, CK_PERM_ANY)), 2);
    assert_int_equal(describe_count(fx->sec, B(CK_RES_TOPIC, "foo", CK_PAT_ANY, NULL, NULL, CK_OP_ANY, CK_PERM_ANY)),
                     0);
    /* The index follows deletions: a deleted ALLOW no longer allows. */
    open_with(fx, false, "");
    assert_true(can(fx->sec, "User:a", "h", CK_OP_READ, CK_RES_TOPIC, "bar"));
    assert_false(can(fx->sec, "User:a", "h", CK_OP_READ, CK_RES_TOPIC, "foo"));
    assert_true(can(fx->sec, "User:a", "h", CK_OP_READ, CK_RES_GROUP, "group-1"));
}

/* Long names (stored by their hash, not as keys). */
static void test_long_names(void **state)
{
    sec_fx *fx = *state;
    char    name[2000];
    ck_acl  a;

    memset(name, 'n', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    a = B(CK_RES_TRANSACTIONAL_ID, name, CK_PAT_LITERAL, "User:a", "*", CK_OP_WRITE, CK_PERM_ALLOW);
    create_ok(fx->sec, &a, 1);
    open_with(fx, false, "");
    assert_true(can(fx->sec, "User:a", "h", CK_OP_WRITE, CK_RES_TRANSACTIONAL_ID, name));
    assert_true(can(fx->sec, "User:a", "h", CK_OP_DESCRIBE, CK_RES_TRANSACTIONAL_ID, name));
    name[5] = 'x';
    assert_false(can(fx->sec, "User:a", "h", CK_OP_WRITE, CK_RES_TRANSACTIONAL_ID, name));
}

/* Kafka's authorizeByResourceType ("WRITE on any topic"). */
static void test_authorize_by_type(void **state)
{
    sec_fx       *fx = *state;
    ck_acl        a;
    ck_acl_result res;

#define BY_TYPE(p, op) ck_sec_authorize_by_type(fx->sec, (p), "10.0.0.1", (op), CK_RES_TOPIC)
#define ADD(...)                            \
    do {                                    \
        a = B(__VA_ARGS__);                 \
        create_ok(fx->sec, &a, 1);          \
    } while (0)
#define DEL(...)                                                   \
    do {                                                           \
        a = B(__VA_ARGS__);                                        \
        assert_int_equal(ck_acl_delete(fx->sec, &a, 1, &res), 0); \
        assert_int_equal(res.nmatches, 1);                         \
        ck_acl_result_clear(&res);                                 \
    } while (0)

    open_with(fx, false, "User:root");
    assert_false(BY_TYPE("User:alice", CK_OP_WRITE));
    assert_true(BY_TYPE("User:root", CK_OP_WRITE));
    ADD(CK_RES_TOPIC, "t1", CK_PAT_LITERAL, "User:alice", "*", CK_OP_WRITE, CK_PERM_ALLOW);
    assert_true(BY_TYPE("User:alice", CK_OP_WRITE));
    assert_false(BY_TYPE("User:alice", CK_OP_READ));
    assert_false(BY_TYPE("User:alice", CK_OP_DESCRIBE));   /* no implied operations here */
    assert_false(BY_TYPE("User:bob", CK_OP_WRITE));
    assert_false(ck_sec_authorize_by_type(fx->sec, "User:alice", "10.0.0.1", CK_OP_WRITE, CK_RES_GROUP));
    /* A literal DENY on the same name cancels the literal ALLOW... */
    ADD(CK_RES_TOPIC, "t1", CK_PAT_LITERAL, "User:alice", "*", CK_OP_WRITE, CK_PERM_DENY);
    assert_false(BY_TYPE("User:alice", CK_OP_WRITE));
    /* ...another ALLOW is still some topic. */
    ADD(CK_RES_TOPIC, "t2", CK_PAT_LITERAL, "User:alice", "*", CK_OP_ALL, CK_PERM_ALLOW);
    assert_true(BY_TYPE("User:alice", CK_OP_WRITE));
    /* A prefixed DENY cancels every allowed name it prefixes. */
    ADD(CK_RES_TOPIC, "t", CK_PAT_PREFIXED, "User:*", "*", CK_OP_WRITE, CK_PERM_DENY);
    assert_false(BY_TYPE("User:alice", CK_OP_WRITE));
    ADD(CK_RES_TOPIC, "abc", CK_PAT_PREFIXED, "User:alice", "*", CK_OP_WRITE, CK_PERM_ALLOW);
    assert_true(BY_TYPE("User:alice", CK_OP_WRITE));
    ADD(CK_RES_TOPIC, "abcd", CK_PAT_PREFIXED, "User:alice", "*", CK_OP_WRITE, CK_PERM_DENY);
    assert_true(BY_TYPE("User:alice", CK_OP_WRITE));        /* abcd does not cover all of abc */
    ADD(CK_RES_TOPIC, "ab", CK_PAT_PREFIXED, "User:alice", "*", CK_OP_WRITE, CK_PERM_DENY);
    assert_false(BY_TYPE("User:alice", CK_OP_WRITE));
    /* Hosts. */
    ADD(CK_RES_TOPIC, "x", CK_PAT_LITERAL, "User:carol", "10.9.9.9", CK_OP_WRITE, CK_PERM_ALLOW);
    assert_false(BY_TYPE("User:carol", CK_OP_WRITE));
    assert_true(ck_sec_authorize_by_type(fx->sec, "User:carol", "10.9.9.9", CK_OP_WRITE, CK_RES_TOPIC));
    /* A wildcard ALLOW allows, a wildcard DENY denies everything. */
    ADD(CK_RES_TOPIC, "*", CK_PAT_LITERAL, "User:dave", "*", CK_OP_WRITE, CK_PERM_ALLOW);
    assert_true(BY_TYPE("User:dave", CK_OP_WRITE));
    ADD(CK_RES_TOPIC, "*", CK_PAT_LITERAL, "User:carol", "*", CK_OP_WRITE, CK_PERM_DENY);
    assert_false(ck_sec_authorize_by_type(fx->sec, "User:carol", "10.9.9.9", CK_OP_WRITE, CK_RES_TOPIC));
    assert_true(BY_TYPE("User:root", CK_OP_WRITE));
    /* allow.everyone.if.no.acl.found, once no binding covers a name. */
    DEL(CK_RES_TOPIC, "*", CK_PAT_LITERAL, "User:dave", "*", CK_OP_WRITE, CK_PERM_ALLOW);
    DEL(CK_RES_TOPIC, "*", CK_PAT_LITERAL, "User:carol", "*", CK_OP_WRITE, CK_PERM_DENY);
    open_with(fx, true, "");
    assert_true(BY_TYPE("User:nobody", CK_OP_WRITE));
    assert_false(ck_sec_authorize_by_type(fx->sec, "User:nobody", "h", CK_OP_ANY, CK_RES_TOPIC));
#undef BY_TYPE
#undef ADD
#undef DEL
}

typedef struct race {
    ck_sec      *sec;
    volatile int stop;
    long         checks;
    int          wrong;
} race;

static void *authorize_loop(void *arg)
{
    race *r = arg;

    while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
        /* "stable" is never changed by the writer: the answer must not move. */
        if (!can(r->sec, "User:a", "h", CK_OP_READ, CK_RES_TOPIC, "stable"))
            r->wrong++;
        can(r->sec, "User:a", "h", CK_OP_READ, CK_RES_TOPIC, "churn");
        r->checks++;
    }
    return NULL;
}

static void test_authorize_while_changing(void **state)
{
    sec_fx       *fx = *state;
    ck_acl        stable = B(CK_RES_TOPIC, "stable", CK_PAT_LITERAL, "User:a", "*", CK_OP_READ, CK_PERM_ALLOW);
    ck_acl        churn = B(CK_RES_TOPIC, "churn", CK_PAT_LITERAL, "User:a", "*", CK_OP_READ, CK_PERM_ALLOW);
    ck_acl_result res;
    race          r = {0};
    pthread_t     th;
    int           i;

    open_with(fx, false, "");
    create_ok(fx->sec, &stable, 1);
    r.sec = fx->sec;
    assert_int_equal(pthread_create(&th, NULL, authorize_loop, &r), 0);
    for (i = 0; i < 50; i++) {
        create_ok(fx->sec, &churn, 1);
        assert_int_equal(ck_acl_delete(fx->sec, &churn, 1, &res), 0);
        assert_int_equal(res.nmatches, 1);
        ck_acl_result_clear(&res);
    }
    __atomic_store_n(&r.stop, 1, __ATOMIC_RELEASE);
    pthread_join(th, NULL);
    assert_int_equal(r.wrong, 0);
    assert_true(r.checks > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_validation, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_authorizer_off_allows_everything, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_decisions, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_no_acl_found_counts_any_binding_on_the_resource, fx_setup_open,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_filters, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_delete_and_persistence, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_long_names, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_authorize_by_type, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_authorize_while_changing, fx_setup_open, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
