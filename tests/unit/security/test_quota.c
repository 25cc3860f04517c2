/*
 * test_quota.c — client quotas (lib/security/quota.c): the rate and its
 * throttle time computed as Kafka's Rate / QuotaUtils do, AlterClientQuotas
 * validation and application (validate_only, removal, several entries for
 * one entity), DescribeClientQuotas filters, persistence, Kafka's
 * precedence order of entities, and shared or separate sensors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <pthread.h>

#include "sec_fx.h"

/* ====================================================================== */
/* The rate                                                                 */
/* ====================================================================== */

static void test_rate_first_window(void **state)
{
    ck_rate *r = ck_rate_new(11, 1000);

    (void)state;
    ck_rate_record(r, 5000, 0);
    /* No full window yet: the rate is taken over samples - 1 windows. */
    assert_int_equal(ck_rate_window_ms(r, 0), 10000);
    assert_true(fabs(ck_rate_measure(r, 0) - 500.0) < 1e-9);
    /* (500 - 400) / 400 * 10000 ms */
    assert_int_equal(ck_rate_throttle_ms(r, 400, 0, 100000), 2500);
    assert_int_equal(ck_rate_throttle_ms(r, 400, 0, 1000), 1000);
    assert_int_equal(ck_rate_throttle_ms(r, 500, 0, 100000), 0);
    /* 5.5 s later: 5 full windows elapsed, padded to 10 + the partial one. */
    ck_rate_record(r, 0, 5500);
    assert_int_equal(ck_rate_window_ms(r, 5500), 10500);
    assert_true(fabs(ck_rate_measure(r, 5500) - 5000.0 / 10.5) < 1e-9);
    /* Once 11 windows have passed the first sample is dropped. */
    assert_true(fabs(ck_rate_measure(r, 11000)) < 1e-12);
    assert_int_equal(ck_rate_window_ms(r, 11000), 10500);
    ck_rate_free(r);

    r = ck_rate_new(11, 1000);
    ck_rate_record(r, 1000, 0);
    assert_int_equal(ck_rate_window_ms(r, 2500), 10500);
    ck_rate_free(r);
}

static void test_rate_steady_state(void **state)
{
    ck_rate *r = ck_rate_new(11, 1000);
    int      k;

    (void)state;
    for (k = 0; k < 30; k++)
        ck_rate_record(r, 100, (int64_t)k * 1000);
    /* 11 retained windows (19 s .. 29 s) of 100 over 10 s, as Kafka counts
     * the current window in full. */
    assert_int_equal(ck_rate_window_ms(r, 29000), 10000);
    assert_true(fabs(ck_rate_measure(r, 29000) - 110.0) < 1e-9);
    assert_int_equal(ck_rate_last_ms(r), 29000);
    /* Several records in one window add up. */
    ck_rate_record(r, 50, 29100);
    ck_rate_record(r, 50, 29900);
    assert_true(fabs(ck_rate_measure(r, 29900) - 1200.0 / 10.9) < 1e-9);
    ck_rate_free(r);

    /* Two windows of 500 ms: the floor of one window. */
    r = ck_rate_new(2, 500);
    ck_rate_record(r, 10, 100);
    assert_int_equal(ck_rate_window_ms(r, 100), 500);
    assert_true(fabs(ck_rate_measure(r, 100) - 20.0) < 1e-9);
    ck_rate_free(r);
}

/* ====================================================================== */
/* Entities                                                                 */
/* ====================================================================== */

/* Builds an entity: u / c are NULL for absent, "" for the default. */
static ck_quota_entity ent(const char *u, const char *c)
{
    ck_quota_entity e = {0};
    char            err[128];

    if (u != NULL)
        assert_int_equal(ck_quota_entity_add(&e, "user", u[0] ? u : NULL, err, sizeof(err)), 0);
    if (c != NULL)
        assert_int_equal(ck_quota_entity_add(&e, "client-id", c[0] ? c : NULL, err, sizeof(err)), 0);
    return e;
}

static void set_quota(ck_sec *s, const char *u, const char *c, const char *key, double v, bool remove)
{
    ck_quota_entity e = ent(u, c);
    ck_quota_op     op = {key, v, remove};
    ck_quota_alter  a = {&e, &op, 1};
    ck_quota_result res;

    assert_int_equal(ck_quota_alter_entries(s, &a, 1, false, &res), 0);
    if (res.err != 0)
        fail_msg("alter %s: %s", key, res.msg);
    ck_quota_entity_clear(&e);
}

static void test_entity_add(void **state)
{
    ck_quota_entity e = {0};
    char            err[128];

    (void)state;
    assert_int_equal(ck_quota_entity_add(&e, "user", "u", err, sizeof(err)), 0);
    assert_int_equal(ck_quota_entity_add(&e, "user", "v", err, sizeof(err)), CHRONIK_ERR_INVALID_REQUEST);
    assert_int_equal(ck_quota_entity_add(&e, "ip", "1.2.3.4", err, sizeof(err)), CHRONIK_ERR_INVALID_REQUEST);
    assert_non_null(strstr(err, "not supported"));
    assert_int_equal(ck_quota_entity_add(&e, "group", "g", err, sizeof(err)), CHRONIK_ERR_INVALID_REQUEST);
    assert_int_equal(ck_quota_entity_add(&e, "", "g", err, sizeof(err)), CHRONIK_ERR_INVALID_REQUEST);
    assert_int_equal(ck_quota_entity_add(&e, "client-id", NULL, err, sizeof(err)), 0);
    assert_true(e.has_user && e.has_client);
    assert_string_equal(e.user, "u");
    assert_null(e.client_id);
    ck_quota_entity_clear(&e);
    assert_int_equal(ck_quota_key_parse("consumer_byte_rate"), CK_QUOTA_FETCH);
    assert_int_equal(ck_quota_key_parse("controller_mutation_rate"), -1);
    assert_string_equal(ck_quota_key_name(CK_QUOTA_REQUEST), "request_percentage");
}

static void test_alter_validation(void **state)
{
    sec_fx         *fx = *state;
    ck_quota_entity empty = {0}, u = ent("u", NULL);
    ck_quota_op     bad_key = {"foo_rate", 1, false}, frac = {"producer_byte_rate", 1.5, false},
                    frac_ok = {"request_percentage", 1.5, false}, zero = {"consumer_byte_rate", 0, false},
                    neg = {"producer_byte_rate", -10, false}, nan_v = {"producer_byte_rate", NAN, false},
                    dup[2] = {{"producer_byte_rate", 10, false}, {"producer_byte_rate", 20, false}};
    ck_quota_alter  a[] = {
        {&empty, &frac_ok, 1}, {&u, &bad_key, 1}, {&u, &frac, 1}, {&u, &zero, 1},
        {&u, &neg, 1},         {&u, &nan_v, 1},   {&u, dup, 2},   {&u, &frac_ok, 1},
    };
    ck_quota_result res[CK_ARRAY_LEN(a)];
    ck_quota_entry *out;
    size_t          n, i;
    char            err[128];

    /* validate_only: answers, stores nothing. */
    assert_int_equal(ck_quota_alter_entries(fx->sec, a, CK_ARRAY_LEN(a), true, res), 0);
    for (i = 0; i + 1 < CK_ARRAY_LEN(a); i++)
        if (res[i].err != CHRONIK_ERR_INVALID_REQUEST || res[i].msg[0] == '\0')
            fail_msg("entry %zu: %d %s", i, res[i].err, res[i].msg);
    assert_int_equal(res[i].err, 0);
    assert_non_null(strstr(res[0].msg, "empty"));
    assert_non_null(strstr(res[1].msg, "foo_rate"));
    assert_non_null(strstr(res[2].msg, "Long"));
    assert_int_equal(ck_quota_describe(fx->sec, NULL, 0, false, &out, &n, err, sizeof(err)), 0);
    assert_int_equal(n, 0);
    /* Applied: only the valid entry takes effect. */
    assert_int_equal(ck_quota_alter_entries(fx->sec, a, CK_ARRAY_LEN(a), false, res), 0);
    assert_int_equal(res[i].err, 0);
    assert_int_equal(ck_quota_describe(fx->sec, NULL, 0, false, &out, &n, err, sizeof(err)), 0);
    assert_int_equal(n, 1);
    assert_true(out[0].set[CK_QUOTA_REQUEST]);
    assert_false(out[0].set[CK_QUOTA_PRODUCE]);
    assert_true(out[0].value[CK_QUOTA_REQUEST] == 1.5);
    ck_quota_entries_free(out, n);
    ck_quota_entity_clear(&u);
}

static void test_alter_apply_remove_persist(void **state)
{
    sec_fx         *fx = *state;
    ck_quota_entity e = ent("u", "c");
    ck_quota_op     o1 = {"producer_byte_rate", 1024, false}, o2 = {"consumer_byte_rate", 2048, false};
    ck_quota_alter  two[] = {{&e, &o1, 1}, {&e, &o2, 1}};   /* one entity, two entries */
    ck_quota_result res[2];
    ck_quota_entry *out;
    size_t          n;
    char            err[128];

    assert_int_equal(ck_quota_alter_entries(fx->sec, two, 2, false, res), 0);
    assert_int_equal(res[0].err, 0);
    assert_int_equal(res[1].err, 0);
    fx_reopen(fx);
    assert_int_equal(ck_quota_describe(fx->sec, NULL, 0, false, &out, &n, err, sizeof(err)), 0);
    assert_int_equal(n, 1);
    assert_string_equal(out[0].entity.user, "u");
    assert_string_equal(out[0].entity.client_id, "c");
    assert_true(out[0].set[CK_QUOTA_PRODUCE] && out[0].value[CK_QUOTA_PRODUCE] == 1024);
    assert_true(out[0].set[CK_QUOTA_FETCH] && out[0].value[CK_QUOTA_FETCH] == 2048);
    ck_quota_entries_free(out, n);
    /* Removing one value keeps the other; removing the last drops the entity. */
    set_quota(fx->sec, "u", "c", "producer_byte_rate", 0, true);
    assert_int_equal(ck_quota_describe(fx->sec, NULL, 0, false, &out, &n, err, sizeof(err)), 0);
    assert_int_equal(n, 1);
    assert_false(out[0].set[CK_QUOTA_PRODUCE]);
    ck_quota_entries_free(out, n);
    set_quota(fx->sec, "u", "c", "consumer_byte_rate", 0, true);
    fx_reopen(fx);
    assert_int_equal(ck_quota_describe(fx->sec, NULL, 0, false, &out, &n, err, sizeof(err)), 0);
    assert_int_equal(n, 0);
    /* Removing what is not there is not an error. */
    set_quota(fx->sec, "nobody", NULL, "consumer_byte_rate", 0, true);
    ck_quota_entity_clear(&e);
}

/* The eight levels of Kafka's precedence, produce quota = level number. */
static void make_levels(ck_sec *s)
{
    set_quota(s, "u", "c", "producer_byte_rate", 1, false);
    set_quota(s, "u", "", "producer_byte_rate", 2, false);
    set_quota(s, "u", NULL, "producer_byte_rate", 3, false);
    set_quota(s, "", "c", "producer_byte_rate", 4, false);
    set_quota(s, "", "", "producer_byte_rate", 5, false);
    set_quota(s, "", NULL, "producer_byte_rate", 6, false);
    set_quota(s, NULL, "c", "producer_byte_rate", 7, false);
    set_quota(s, NULL, "", "producer_byte_rate", 8, false);
}

static void test_precedence(void **state)
{
    static const struct {
        const char *u, *c;            /* the entity removed after checking */
        const char *tag_user, *tag_client;
    } levels[] = {
        {"u", "c", "u", "c"}, {"u", "", "u", "c"}, {"u", NULL, "u", ""}, {"", "c", "u", "c"},
        {"", "", "u", "c"},   {"", NULL, "u", ""}, {NULL, "c", "", "c"}, {NULL, "", "", "c"},
    };
    sec_fx        *fx = *state;
    ck_quota_limit lim;
    size_t         i;

    make_levels(fx->sec);
    /* A level with another quota type set does not count for this one. */
    set_quota(fx->sec, "u", "c", "consumer_byte_rate", 99, false);
    ck_quota_lookup(fx->sec, CK_QUOTA_FETCH, "u", "c", &lim);
    assert_true(lim.limit == 99);
    ck_quota_lookup(fx->sec, CK_QUOTA_REQUEST, "u", "c", &lim);
    assert_true(lim.limit < 0);
    for (i = 0; i < CK_ARRAY_LEN(levels); i++) {
        ck_quota_lookup(fx->sec, CK_QUOTA_PRODUCE, "u", "c", &lim);
        if (lim.limit != (double)(i + 1))
            fail_msg("level %zu: got %g", i + 1, lim.limit);
        assert_string_equal(lim.user_tag, levels[i].tag_user);
        assert_string_equal(lim.client_tag, levels[i].tag_client);
        set_quota(fx->sec, levels[i].u, levels[i].c, "producer_byte_rate", 0, true);
    }
    ck_quota_lookup(fx->sec, CK_QUOTA_PRODUCE, "u", "c", &lim);
    assert_true(lim.limit < 0);
    /* Other users and clients fall to the defaults. */
    make_levels(fx->sec);
    ck_quota_lookup(fx->sec, CK_QUOTA_PRODUCE, "other", "c", &lim);
    assert_true(lim.limit == 4);
    ck_quota_lookup(fx->sec, CK_QUOTA_PRODUCE, "other", "other", &lim);
    assert_true(lim.limit == 5);
    ck_quota_lookup(fx->sec, CK_QUOTA_PRODUCE, "u", "other", &lim);
    assert_true(lim.limit == 2);
}

static size_t describe_n(ck_sec *s, const ck_quota_filter *f, size_t nf, bool strict)
{
    ck_quota_entry *out;
    size_t          n;
    char            err[128];
    int             rc = ck_quota_describe(s, f, nf, strict, &out, &n, err, sizeof(err));

    if (rc != 0)
        fail_msg("describe: %d %s", rc, err);
    ck_quota_entries_free(out, n);
    return n;
}

static void test_describe_filters(void **state)
{
    sec_fx         *fx = *state;
    ck_quota_filter user_u = {"user", CK_QUOTA_MATCH_EXACT, "u"}, user_def = {"user", CK_QUOTA_MATCH_DEFAULT, NULL},
                    user_any = {"user", CK_QUOTA_MATCH_SPECIFIED, NULL},
                    client_any = {"client-id", CK_QUOTA_MATCH_SPECIFIED, NULL},
                    client_def = {"client-id", CK_QUOTA_MATCH_DEFAULT, NULL};
    ck_quota_filter pair[2];
    ck_quota_entry *out;
    size_t          n;
    char            err[128];

    make_levels(fx->sec);
    assert_int_equal(describe_n(fx->sec, NULL, 0, false), 8);
    assert_int_equal(describe_n(fx->sec, NULL, 0, true), 0);
    assert_int_equal(describe_n(fx->sec, &user_u, 1, false), 3);
    assert_int_equal(describe_n(fx->sec, &user_u, 1, true), 1);
    assert_int_equal(describe_n(fx->sec, &user_def, 1, false), 3);
    assert_int_equal(describe_n(fx->sec, &user_any, 1, false), 6);
    assert_int_equal(describe_n(fx->sec, &user_any, 1, true), 2);
    assert_int_equal(describe_n(fx->sec, &client_any, 1, true), 2);
    assert_int_equal(describe_n(fx->sec, &client_any, 1, false), 6);
    pair[0] = user_u;
    pair[1] = client_def;
    assert_int_equal(describe_n(fx->sec, pair, 2, false), 1);
    assert_int_equal(ck_quota_describe(fx->sec, pair, 2, true, &out, &n, err, sizeof(err)), 0);
    assert_int_equal(n, 1);
    assert_string_equal(out[0].entity.user, "u");
    assert_true(out[0].entity.has_client && out[0].entity.client_id == NULL);
    assert_true(out[0].value[CK_QUOTA_PRODUCE] == 2);
    ck_quota_entries_free(out, n);

    /* Bad filters. */
    {
        struct {
            ck_quota_filter f[2];
            size_t          n;
            int             want;
        } bad[] = {
            {{{"", CK_QUOTA_MATCH_SPECIFIED, NULL}}, 1, CHRONIK_ERR_INVALID_REQUEST},
            {{{"user", CK_QUOTA_MATCH_SPECIFIED, NULL}, {"user", CK_QUOTA_MATCH_DEFAULT, NULL}}, 2,
             CHRONIK_ERR_INVALID_REQUEST},
            {{{"group", CK_QUOTA_MATCH_SPECIFIED, NULL}}, 1, CHRONIK_ERR_UNSUPPORTED_VERSION},
            {{{"user", CK_QUOTA_MATCH_EXACT, NULL}}, 1, CHRONIK_ERR_INVALID_REQUEST},
            {{{"user", CK_QUOTA_MATCH_DEFAULT, "u"}}, 1, CHRONIK_ERR_INVALID_REQUEST},
            {{{"user", CK_QUOTA_MATCH_SPECIFIED, "u"}}, 1, CHRONIK_ERR_INVALID_REQUEST},
            {{{"user", 7, NULL}}, 1, CHRONIK_ERR_UNSUPPORTED_VERSION},
            {{{"ip", CK_QUOTA_MATCH_SPECIFIED, NULL}, {"user", CK_QUOTA_MATCH_SPECIFIED, NULL}}, 2,
             CHRONIK_ERR_INVALID_REQUEST},
        };
        size_t i;

        for (i = 0; i < CK_ARRAY_LEN(bad); i++) {
            int rc = ck_quota_describe(fx->sec, bad[i].f, bad[i].n, false, &out, &n, err, sizeof(err));
            if (rc != bad[i].want)
                fail_msg("bad filter %zu: got %d, want %d", i, rc, bad[i].want);
            assert_true(err[0] != '\0');
        }
        /* ip alone is valid: no ip entity is stored. */
        assert_int_equal(describe_n(fx->sec, &(ck_quota_filter){"ip", CK_QUOTA_MATCH_SPECIFIED, NULL}, 1, false), 0);
    }
}

/* ====================================================================== */
/* Enforcement                                                              */
/* ====================================================================== */

static void test_record_and_throttle(void **state)
{
    sec_fx        *fx = *state;
    int64_t        t0 = 1000000;
    ck_quota_stats st;

    set_quota(fx->sec, "alice", NULL, "producer_byte_rate", 1000, false);
    set_quota(fx->sec, "alice", "big", "producer_byte_rate", 1e6, false);
    set_quota(fx->sec, "", NULL, "consumer_byte_rate", 100, false);
    /* 5000 bytes over the 10 s minimum window: 500 B/s, within 1000. */
    assert_int_equal(ck_quota_record(fx->sec, CK_QUOTA_PRODUCE, "alice", "c1", 5000, t0), 0);
    /* 15000 bytes: 1500 B/s; (1500 - 1000) / 1000 * 10000 ms, capped at the 1 s window. */
    assert_int_equal(ck_quota_record(fx->sec, CK_QUOTA_PRODUCE, "alice", "c1", 10000, t0), 1000);
    /* Another client of alice shares the user-level sensor. */
    assert_int_equal(ck_quota_record(fx->sec, CK_QUOTA_PRODUCE, "alice", "c2", 1, t0), 1000);
    /* alice/big has its own quota and sensor. */
    assert_int_equal(ck_quota_record(fx->sec, CK_QUOTA_PRODUCE, "alice", "big", 50000, t0), 0);
    /* No quota for bob. */
    assert_int_equal(ck_quota_record(fx->sec, CK_QUOTA_PRODUCE, "bob", "c1", 1e9, t0), 0);
    /* The default user quota: every user has their own sensor. */
    assert_int_equal(ck_quota_record(fx->sec, CK_QUOTA_FETCH, "zed", "x", 2000, t0), 1000);
    assert_int_equal(ck_quota_record(fx->sec, CK_QUOTA_FETCH, "yan", "x", 500, t0), 0);
    /* The quota window passes and the rate falls back. */
    assert_int_equal(ck_quota_record(fx->sec, CK_QUOTA_PRODUCE, "alice", "c1", 1, t0 + 11000), 0);
    ck_quota_stats_get(fx->sec, &st);
    assert_int_equal(st.throttled[CK_QUOTA_PRODUCE], 2);
    assert_int_equal(st.throttle_ms[CK_QUOTA_PRODUCE], 2000);
    assert_int_equal(st.throttled[CK_QUOTA_FETCH], 1);
    assert_int_equal(st.throttled[CK_QUOTA_REQUEST], 0);
}

static void test_throttle_below_the_cap(void **state)
{
    sec_fx *fx = *state;
    int64_t t0 = 5000000;

    fx_close(fx);
    fx_conf(fx, "quota.window.size.seconds", "10");
    fx_conf(fx, "quota.window.num", "2");
    fx_open(fx);
    /* request_percentage 50 (% of one thread): 6 s of request time in a
     * 10 s window is 60 %; (60 - 50) / 50 * 10000 = 2000 ms. */
    set_quota(fx->sec, NULL, "", "request_percentage", 50, false);
    assert_int_equal(ck_quota_record(fx->sec, CK_QUOTA_REQUEST, "u", "cl", 6e9 / 1e7, t0), 2000);
}

typedef struct rec_arg {
    ck_sec *sec;
    int     n;
} rec_arg;

static void *record_loop(void *p)
{
    rec_arg *a = p;
    int      i;

    for (i = 0; i < a->n; i++)
        ck_quota_record(a->sec, CK_QUOTA_PRODUCE, "shared", i % 2 ? "a" : "b", 10, 7000000);
    return NULL;
}

/* Threads recording into one sensor lose nothing: the rate is their sum. */
static void test_concurrent_records(void **state)
{
    sec_fx        *fx = *state;
    pthread_t      th[4];
    rec_arg        a = {fx->sec, 5000};
    ck_quota_stats st;
    int            i;

    set_quota(fx->sec, "shared", NULL, "producer_byte_rate", 1e12, false);
    for (i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, record_loop, &a), 0);
    for (i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    /* 4 × 5000 × 10 bytes over 10 s; one more byte now shows the total. */
    set_quota(fx->sec, "shared", NULL, "producer_byte_rate", 20000, false);
    assert_int_equal(ck_quota_record(fx->sec, CK_QUOTA_PRODUCE, "shared", "c", 0, 7000000), 0);
    assert_int_equal(ck_quota_record(fx->sec, CK_QUOTA_PRODUCE, "shared", "c", 10, 7000000), 1);
    ck_quota_stats_get(fx->sec, &st);
    assert_int_equal(st.throttled[CK_QUOTA_PRODUCE], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_first_window),
        cmocka_unit_test(test_rate_steady_state),
        cmocka_unit_test(test_entity_add),
        cmocka_unit_test_setup_teardown(test_alter_validation, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_alter_apply_remove_persist, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_precedence, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_describe_filters, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_record_and_throttle, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_throttle_below_the_cap, fx_setup_open, fx_teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_records, fx_setup_open, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
