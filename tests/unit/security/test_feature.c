/*
 * test_feature.c — the security feature through the public layer:
 * ck_security_of after chronik_open, no default users, the public
 * chronik_user_* calls and their persistence, CHRONIK_SASL_USERS at open,
 * and the configurations chronik_open refuses (TLS listeners, listener names
 * the protocol map does not know, malformed security keys).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>


#include "sec_fx.h"

static char g_dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof(g_dir), "/tmp/ck-secfeat-XXXXXX");
    return mkdtemp(g_dir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    unsetenv("CHRONIK_SASL_USERS");
    ck_rmtree(g_dir);
    return 0;
}

/* Opens the engine on g_dir with extra key, value pairs (NULL-terminated);
 * returns the open's result, err filled. */
static chronik_err_t open_with(chronik_t **ck, const char *const *kv, char *err, size_t errlen)
{
    chronik_conf_t *conf = chronik_conf_new();
    chronik_err_t   rc;
    size_t          i;

    assert_int_equal(chronik_conf_set(conf, "data.dir", g_dir, err, errlen), CHRONIK_OK);
    assert_int_equal(chronik_conf_set(conf, "log.level", "error", err, errlen), CHRONIK_OK);
    for (i = 0; kv != NULL && kv[i] != NULL; i += 2)
        assert_int_equal(chronik_conf_set(conf, kv[i], kv[i + 1], err, errlen), CHRONIK_OK);
    *ck = NULL;
    rc = chronik_open(conf, ck, err, errlen);
    chronik_conf_free(conf);
    return rc;
}

static chronik_t *open_ok(void)
{
    chronik_t *ck;
    char       err[512] = "";

    if (open_with(&ck, NULL, err, sizeof(err)) != CHRONIK_OK)
        fail_msg("chronik_open: %s", err);
    return ck;
}

/* A PLAIN authentication through the engine's security state. */
static int plain(chronik_t *ck, const char *user, const char *pw)
{
    char     msg[256], err[256];
    size_t   n = (size_t)snprintf(msg, sizeof(msg), "%c%s%c%s", 0, user, 0, pw);
    ck_sasl *x = ck_sasl_new(ck_security_of(ck), CK_SASL_PLAIN);
    uint8_t *out = NULL;
    size_t   outlen = 0;
    int      rc = ck_sasl_step(x, (const uint8_t *)msg, n, &out, &outlen, err, sizeof(err));

    ck_sasl_free(x);
    return rc;
}

static void test_users_through_the_public_api(void **state)
{
    chronik_t *ck = open_ok();
    char      *json = NULL;
    size_t     count = 99;

    (void)state;
    assert_non_null(ck_security_of(ck));
    /* No default users, ever. */
    assert_int_equal(chronik_user_list(ck, &json, &count), CHRONIK_OK);
    assert_string_equal(json, "[]");
    assert_int_equal(count, 0);
    chronik_free(json);

    assert_int_equal(chronik_user_upsert(ck, "alice", NULL, "wonderland", 0), CHRONIK_OK);
    assert_int_equal(chronik_user_upsert(ck, "bob", "SCRAM-SHA-256", "builder", 8192), CHRONIK_OK);
    assert_int_equal(chronik_user_upsert(ck, "bob", "SCRAM-SHA-1", "x", 0), CHRONIK_ERR_UNSUPPORTED_SASL_MECHANISM);
    assert_int_equal(chronik_user_upsert(ck, "bob", NULL, "x", 100), CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL);
    assert_non_null(strstr(chronik_errmsg(ck), "iterations"));
    assert_int_equal(chronik_user_upsert(ck, "", NULL, "x", 0), CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL);
    assert_int_equal(chronik_user_upsert(ck, "carol", NULL, "", 0), CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL);
    assert_int_equal(chronik_user_upsert(ck, NULL, NULL, "x", 0), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(chronik_user_upsert(NULL, "a", NULL, "x", 0), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(chronik_user_list(ck, &json, &count), CHRONIK_OK);
    assert_string_equal(json, "[{\"user\":\"alice\",\"credentials\":[{\"mechanism\":\"SCRAM-SHA-256\",\"iterations\":"
                              "4096},{\"mechanism\":\"SCRAM-SHA-512\",\"iterations\":4096}]},{\"user\":\"bob\","
                              "\"credentials\":[{\"mechanism\":\"SCRAM-SHA-256\",\"iterations\":8192}]}]");
    assert_int_equal(count, 2);
    chronik_free(json);
    assert_int_equal(plain(ck, "alice", "wonderland"), CK_SASL_DONE);
    assert_int_equal(plain(ck, "alice", "wrong"), CHRONIK_ERR_SASL_AUTHENTICATION_FAILED);

    /* Persisted across close and open. */
    chronik_close(ck);
    ck = open_ok();
    assert_int_equal(plain(ck, "alice", "wonderland"), CK_SASL_DONE);
    assert_int_equal(chronik_user_delete(ck, "alice", "SCRAM-SHA-512"), CHRONIK_OK);
    assert_int_equal(plain(ck, "alice", "wonderland"), CHRONIK_ERR_SASL_AUTHENTICATION_FAILED);
    assert_int_equal(chronik_user_delete(ck, "alice", "SCRAM-SHA-512"), CHRONIK_ERR_RESOURCE_NOT_FOUND);
    assert_int_equal(chronik_user_delete(ck, "alice", "MD5"), CHRONIK_ERR_UNSUPPORTED_SASL_MECHANISM);
    assert_int_equal(chronik_user_delete(ck, "bob", NULL), CHRONIK_OK);
    assert_int_equal(chronik_user_delete(ck, "bob", NULL), CHRONIK_ERR_RESOURCE_NOT_FOUND);
    assert_int_equal(chronik_user_list(ck, &json, &count), CHRONIK_OK);
    assert_int_equal(count, 1);
    assert_null(strstr(json, "bob"));
    chronik_free(json);
    chronik_close(ck);
}

static void test_sasl_users_env(void **state)
{
    chronik_t *ck;
    char       err[512] = "";

    (void)state;
    setenv("CHRONIK_SASL_USERS", "admin:adm1n-pw,reader:r34d", 1);
    ck = open_ok();
    assert_int_equal(plain(ck, "admin", "adm1n-pw"), CK_SASL_DONE);
    assert_int_equal(plain(ck, "reader", "r34d"), CK_SASL_DONE);
    chronik_close(ck);
    /* Without the variable the users stay (they are in the store). */
    unsetenv("CHRONIK_SASL_USERS");
    ck = open_ok();
    assert_int_equal(plain(ck, "reader", "r34d"), CK_SASL_DONE);
    chronik_close(ck);
    /* A malformed value stops the open, naming the entry, not the password. */
    setenv("CHRONIK_SASL_USERS", "admin:adm1n-pw,:t0ps3cret", 1);
    assert_int_equal(open_with(&ck, NULL, err, sizeof(err)), CHRONIK_ERR_INVALID_CONFIG);
    assert_null(ck);
    assert_non_null(strstr(err, "CHRONIK_SASL_USERS"));
    assert_null(strstr(err, "t0ps3cret"));
    assert_null(strstr(err, "adm1n-pw"));
    unsetenv("CHRONIK_SASL_USERS");
}

static void test_refused_configurations(void **state)
{
    static const char *const cases[][3] = {
        {"listeners", "SASL_SSL://0.0.0.0:9093", "TLS listeners are not available"},
        {"listeners", "SSL://0.0.0.0:9093", "TLS listeners are not available"},
        {"listeners", "INTERNAL://0.0.0.0:9093", "not in listener.security.protocol.map"},
        {"listeners", "0.0.0.0:9093", "is not NAME://host:port"},
        {"super.users", "alice", "super.users"},
        {"listener.security.protocol.map", "PLAINTEXT:TLS", "listener.security.protocol.map"},
        {"ssl.principal.mapping.rules", "RULE:x", "Invalid rule"},
    };
    chronik_t *ck;
    char       err[512];
    size_t     i;

    (void)state;
    for (i = 0; i < CK_ARRAY_LEN(cases); i++) {
        const char *kv[] = {cases[i][0], cases[i][1], NULL};

        err[0] = '\0';
        if (open_with(&ck, kv, err, sizeof(err)) == CHRONIK_OK) {
            chronik_close(ck);
            fail_msg("chronik_open accepted %s=%s", cases[i][0], cases[i][1]);
        }
        assert_null(ck);
        if (strstr(err, cases[i][2]) == NULL)
            fail_msg("%s=%s: \"%s\"", cases[i][0], cases[i][1], err);
    }
    /* The security keys that are accepted now. */
    {
        const char *kv[] = {"super.users", "User:admin; User:ops", "allow.everyone.if.no.acl.found", "true",
                            "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512", "ssl.client.auth", "required",
                            "quota.window.num", "5", NULL};
        const char *kv2[] = {"authorizer.enabled", "true", "listeners",
                             "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0", NULL};

        assert_int_equal(open_with(&ck, kv, err, sizeof(err)), CHRONIK_OK);
        assert_non_null(ck_security_of(ck));
        assert_false(ck_sec_authorizer_enabled(ck_security_of(ck)));
        chronik_close(ck);
        assert_int_equal(open_with(&ck, kv2, err, sizeof(err)), CHRONIK_OK);
        assert_true(ck_sec_authorizer_enabled(ck_security_of(ck)));
        chronik_close(ck);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_users_through_the_public_api, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sasl_users_env, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_configurations, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
