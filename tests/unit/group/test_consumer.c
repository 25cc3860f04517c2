/*
 * test_consumer.c — the consumer-group coordinator of the new protocol
 * (KIP-848, lib/group/consumer.c) driven heartbeat by heartbeat on a real
 * engine: assignment by the uniform and range assignors, revocation before
 * assignment (no partition with two owners at any step), epochs and their
 * fencing, leaving, static members, session expiry, regular-expression
 * subscriptions following new topics, and the commit checks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronik.h"
#include "engine/engine.h"
#include "group/group.h"
#include "util/util.h"
#include "harness/engine_fx.h"

static char g_dir[256];
static chronik_t *g_ck;
static ck_cgroups *g_cg;

static int setup(void **state) {
    (void)state;
    g_ck = fx_engine_open("chronik-cgroup", g_dir, sizeof(g_dir), NULL);
    g_cg = ck_cgroups_of(g_ck);
    assert_non_null(g_cg);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    fx_engine_close(g_ck, g_dir);
    g_ck = NULL;
    return 0;
}

/* A member as the test drives it: what it owns, its id and epoch. */
typedef struct mem {
    char     id[256];
    int32_t  epoch;
    uint8_t  tid[8][16];
    int32_t  parts[8][64];
    int32_t  nparts[8];
    int32_t  ntopics;
} mem;

static const uint8_t *topic_id(const char *name) {
    ck_topic *t = ck_engine_topic_get(g_ck, name, strlen(name));
    assert_non_null(t);
    const uint8_t *id = ck_topic_id(t);
    ck_topic_release(t);           /* the registry keeps it alive */
    return id;
}

static int32_t owned_count(const mem *m) {
    int32_t n = 0;
    for (int32_t i = 0; i < m->ntopics; i++) n += m->nparts[i];
    return n;
}

static bool owns(const mem *m, const uint8_t *tid, int32_t p) {
    for (int32_t i = 0; i < m->ntopics; i++)
        if (memcmp(m->tid[i], tid, 16) == 0)
            for (int32_t k = 0; k < m->nparts[i]; k++)
                if (m->parts[i][k] == p) return true;
    return false;
}

/* One heartbeat of m: sends what it owns (as a client does after acting on
 * the last answer), applies the new assignment.  Returns the error. */
static int16_t beat(mem *m, const char *group, const char *const *topics, int32_t ntopics, const char *regex,
                    const char *assignor, const char *instance) {
    ck_cg_topic_parts owned[8];
    ck_cg_heartbeat_args a;
    ck_cg_heartbeat_result res;
    memset(&a, 0, sizeof(a));
    for (int32_t i = 0; i < m->ntopics; i++) {
        memcpy(owned[i].topic_id, m->tid[i], 16);
        owned[i].partitions = m->parts[i];
        owned[i].npartitions = m->nparts[i];
    }
    a.group_id = group;
    a.member_id = m->id;
    a.member_epoch = m->epoch;
    a.instance_id = instance;
    a.rebalance_timeout_ms = m->epoch == 0 ? 30000 : -1;
    a.topics = topics;
    a.ntopics = topics ? ntopics : -1;
    a.regex = regex;
    a.assignor = assignor;
    a.owned = owned;
    a.nowned = m->ntopics;
    ck_cgroup_heartbeat(g_cg, &a, &res);
    if (res.error == 0) {
        snprintf(m->id, sizeof(m->id), "%s", res.member_id);
        m->epoch = res.member_epoch;
        if (res.has_assignment) {
            m->ntopics = res.ntopics;
            for (int32_t i = 0; i < res.ntopics; i++) {
                memcpy(m->tid[i], res.topics[i].topic_id, 16);
                m->nparts[i] = res.topics[i].npartitions;
                memcpy(m->parts[i], res.topics[i].partitions, sizeof(int32_t) * (size_t)m->nparts[i]);
            }
        }
    }
    int16_t err = res.error;
    ck_cg_heartbeat_result_free(&res);
    return err;
}

/* No partition of topic (n partitions) is owned by two of ms. */
static void assert_disjoint(mem **ms, int nm, const char *topic, int32_t n) {
    const uint8_t *tid = topic_id(topic);
    for (int32_t p = 0; p < n; p++) {
        int owners = 0;
        for (int i = 0; i < nm; i++) owners += owns(ms[i], tid, p);
        assert_true(owners <= 1);
    }
}

static void test_join_then_share_without_double_ownership(void **state) {
    (void)state;
    const char *topics[] = {"orders"};
    assert_int_equal(chronik_topic_create(g_ck, "orders", 6, NULL), CHRONIK_OK);
    mem a = {0}, b = {0};
    mem *ms[] = {&a, &b};
    assert_int_equal(beat(&a, "g", topics, 1, NULL, NULL, NULL), 0);
    assert_true(a.id[0] && a.epoch == 1);
    assert_int_equal(owned_count(&a), 6);
    assert_int_equal(beat(&b, "g", topics, 1, NULL, NULL, NULL), 0);
    assert_int_equal(b.epoch, 2);
    assert_int_equal(owned_count(&b), 0);            /* a still holds everything */
    assert_disjoint(ms, 2, "orders", 6);
    /* a is told to keep half; its epoch waits for the revocation. */
    assert_int_equal(beat(&a, "g", NULL, 0, NULL, NULL, NULL), 0);
    assert_int_equal(a.epoch, 1);
    assert_int_equal(owned_count(&a), 3);
    assert_disjoint(ms, 2, "orders", 6);
    /* Having revoked, a moves to epoch 2, and b receives the released half. */
    assert_int_equal(beat(&a, "g", NULL, 0, NULL, NULL, NULL), 0);
    assert_int_equal(a.epoch, 2);
    assert_int_equal(beat(&b, "g", NULL, 0, NULL, NULL, NULL), 0);
    assert_int_equal(owned_count(&b), 3);
    assert_disjoint(ms, 2, "orders", 6);
    ck_cg_desc d;
    assert_int_equal(ck_cgroup_describe(g_cg, "g", &d), 0);
    assert_string_equal(d.state, "Stable");
    assert_int_equal(d.group_epoch, 2);
    assert_int_equal(d.nmembers, 2);
    assert_string_equal(d.assignor, "uniform");
    ck_cg_desc_free(&d);
    /* b leaves: a gets everything back at a new epoch. */
    mem leave = b;
    leave.epoch = -1;
    assert_int_equal(beat(&leave, "g", NULL, 0, NULL, NULL, NULL), 0);
    assert_int_equal(beat(&a, "g", NULL, 0, NULL, NULL, NULL), 0);
    assert_int_equal(a.epoch, 3);
    assert_int_equal(owned_count(&a), 6);
}

static void test_range_assignor(void **state) {
    (void)state;
    const char *topics[] = {"r1", "r2"};
    assert_int_equal(chronik_topic_create(g_ck, "r1", 5, NULL), CHRONIK_OK);
    assert_int_equal(chronik_topic_create(g_ck, "r2", 2, NULL), CHRONIK_OK);
    mem a = {0}, b = {0};
    assert_int_equal(beat(&a, "gr", topics, 2, NULL, "range", NULL), 0);
    assert_int_equal(beat(&b, "gr", topics, 2, NULL, "range", NULL), 0);
    for (int i = 0; i < 3; i++) {        /* converge */
        assert_int_equal(beat(&a, "gr", NULL, 0, NULL, NULL, NULL), 0);
        assert_int_equal(beat(&b, "gr", NULL, 0, NULL, NULL, NULL), 0);
    }
    /* range: per topic, contiguous ranges by member id order. */
    mem *first = strcmp(a.id, b.id) < 0 ? &a : &b, *second = first == &a ? &b : &a;
    const uint8_t *t1 = topic_id("r1"), *t2 = topic_id("r2");
    for (int32_t p = 0; p < 3; p++) assert_true(owns(first, t1, p));
    for (int32_t p = 3; p < 5; p++) assert_true(owns(second, t1, p));
    assert_true(owns(first, t2, 0) && owns(second, t2, 1));
    assert_int_equal(owned_count(first), 4);
    assert_int_equal(owned_count(second), 3);
    ck_cg_desc d;
    assert_int_equal(ck_cgroup_describe(g_cg, "gr", &d), 0);
    assert_string_equal(d.assignor, "range");
    ck_cg_desc_free(&d);
}

static void test_errors_and_fencing(void **state) {
    (void)state;
    const char *topics[] = {"e"};
    assert_int_equal(chronik_topic_create(g_ck, "e", 2, NULL), CHRONIK_OK);
    mem a = {0};
    assert_int_equal(beat(&a, "", topics, 1, NULL, NULL, NULL), CHRONIK_ERR_INVALID_REQUEST);
    assert_int_equal(beat(&a, "ge", topics, 1, NULL, "nope", NULL), CHRONIK_ERR_UNSUPPORTED_ASSIGNOR);
    assert_int_equal(beat(&a, "ge", topics, 1, "([a-", NULL, NULL), CHRONIK_ERR_INVALID_REGULAR_EXPRESSION);
    assert_int_equal(beat(&a, "ge", topics, 1, NULL, NULL, NULL), 0);
    mem future = a, ghost = a, past = a;
    future.epoch = a.epoch + 3;
    assert_int_equal(beat(&future, "ge", NULL, 0, NULL, NULL, NULL), CHRONIK_ERR_FENCED_MEMBER_EPOCH);
    snprintf(ghost.id, sizeof(ghost.id), "ghost");
    assert_int_equal(beat(&ghost, "ge", NULL, 0, NULL, NULL, NULL), CHRONIK_ERR_UNKNOWN_MEMBER_ID);
    /* Commits: the member at its epoch; stale and fenced epochs; strangers;
     * a simple commit only while the group is empty. */
    assert_int_equal(ck_cgroup_validate_commit(g_cg, "ge", a.id, a.epoch), 0);
    assert_int_equal(ck_cgroup_validate_commit(g_cg, "ge", a.id, a.epoch + 1), CHRONIK_ERR_FENCED_MEMBER_EPOCH);
    assert_int_equal(ck_cgroup_validate_commit(g_cg, "ge", "ghost", a.epoch), CHRONIK_ERR_UNKNOWN_MEMBER_ID);
    assert_int_equal(ck_cgroup_validate_commit(g_cg, "ge", "", -1), CHRONIK_ERR_UNKNOWN_MEMBER_ID);
    assert_int_equal(ck_cgroup_validate_commit(g_cg, "not-a-consumer-group", "x", 5), 0);
    mem b = {0};
    assert_int_equal(beat(&b, "ge", topics, 1, NULL, NULL, NULL), 0);   /* bumps the group epoch */
    assert_int_equal(beat(&a, "ge", NULL, 0, NULL, NULL, NULL), 0);
    assert_int_equal(beat(&a, "ge", NULL, 0, NULL, NULL, NULL), 0);
    assert_true(a.epoch > past.epoch);
    assert_int_equal(ck_cgroup_validate_commit(g_cg, "ge", a.id, past.epoch), CHRONIK_ERR_STALE_MEMBER_EPOCH);
    int32_t nm = 0;
    assert_int_equal(ck_cgroup_kind(g_cg, "ge", &nm), 1);
    assert_int_equal(nm, 2);
    assert_int_equal(ck_cgroup_delete(g_cg, "ge"), CHRONIK_ERR_NON_EMPTY_GROUP);
    /* Sessions expire: with no heartbeat, both are removed and the group empties. */
    ck_cgroups_expire_now(g_cg, ck_mono_ms() + 3600 * 1000);
    assert_int_equal(ck_cgroup_kind(g_cg, "ge", &nm), 1);
    assert_int_equal(nm, 0);
    assert_int_equal(beat(&a, "ge", NULL, 0, NULL, NULL, NULL), CHRONIK_ERR_UNKNOWN_MEMBER_ID);
    assert_int_equal(ck_cgroup_validate_commit(g_cg, "ge", "", -1), 0);
    assert_int_equal(ck_cgroup_delete(g_cg, "ge"), 0);
    assert_int_equal(ck_cgroup_kind(g_cg, "ge", NULL), 0);
}

static void test_static_member_returns(void **state) {
    (void)state;
    const char *topics[] = {"s"};
    assert_int_equal(chronik_topic_create(g_ck, "s", 4, NULL), CHRONIK_OK);
    mem a = {0}, b = {0};
    assert_int_equal(beat(&a, "gs", topics, 1, NULL, NULL, "inst-a"), 0);
    assert_int_equal(beat(&b, "gs", topics, 1, NULL, NULL, NULL), 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(beat(&a, "gs", NULL, 0, NULL, NULL, NULL), 0);
        assert_int_equal(beat(&b, "gs", NULL, 0, NULL, NULL, NULL), 0);
    }
    assert_int_equal(owned_count(&a), 2);
    mem before = a;
    int32_t bepoch = b.epoch;
    /* A second live member with the same instance id is refused. */
    mem dup = {0};
    assert_int_equal(beat(&dup, "gs", topics, 1, NULL, NULL, "inst-a"), CHRONIK_ERR_UNRELEASED_INSTANCE_ID);
    /* a leaves as a static member (-2) and returns under a new member id. */
    mem leave = a;
    leave.epoch = -2;
    assert_int_equal(beat(&leave, "gs", NULL, 0, NULL, NULL, "inst-a"), 0);
    assert_int_equal(beat(&b, "gs", NULL, 0, NULL, NULL, NULL), 0);
    assert_int_equal(b.epoch, bepoch);               /* no rebalance for b */
    assert_int_equal(owned_count(&b), 2);
    mem back = {0};
    assert_int_equal(beat(&back, "gs", topics, 1, NULL, NULL, "inst-a"), 0);
    assert_string_not_equal(back.id, before.id);
    assert_int_equal(back.epoch, before.epoch);
    assert_int_equal(owned_count(&back), 2);
    const uint8_t *tid = topic_id("s");
    for (int32_t p = 0; p < 4; p++) assert_int_equal(owns(&back, tid, p), owns(&before, tid, p));
}

static void test_regex_follows_new_topics(void **state) {
    (void)state;
    const char *none[] = {NULL};
    assert_int_equal(chronik_topic_create(g_ck, "logs-a", 1, NULL), CHRONIK_OK);
    assert_int_equal(chronik_topic_create(g_ck, "metrics", 1, NULL), CHRONIK_OK);
    mem a = {0};
    assert_int_equal(beat(&a, "gx", none, 0, "(^logs-.*)", NULL, NULL), 0);
    assert_int_equal(owned_count(&a), 1);
    assert_true(owns(&a, topic_id("logs-a"), 0));
    int32_t e = a.epoch;
    assert_int_equal(chronik_topic_create(g_ck, "logs-b", 2, NULL), CHRONIK_OK);
    assert_int_equal(chronik_topic_create(g_ck, "xlogs-c", 1, NULL), CHRONIK_OK);   /* the whole name must match */
    assert_int_equal(beat(&a, "gx", NULL, 0, NULL, NULL, NULL), 0);
    assert_true(a.epoch > e);
    assert_int_equal(owned_count(&a), 3);
    assert_true(owns(&a, topic_id("logs-b"), 1));
    /* Partition growth is picked up too. */
    assert_int_equal(chronik_topic_create_partitions(g_ck, "logs-a", 3), CHRONIK_OK);
    assert_int_equal(beat(&a, "gx", NULL, 0, NULL, NULL, NULL), 0);
    assert_int_equal(owned_count(&a), 5);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_join_then_share_without_double_ownership, setup, teardown),
        cmocka_unit_test_setup_teardown(test_range_assignor, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_and_fencing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_static_member_returns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_regex_follows_new_topics, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
