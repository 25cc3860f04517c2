/*
 * test_principal.c — ssl.principal.mapping.rules (lib/security/
 * principal.c) on the cases of Kafka's SslPrincipalMapperTest: valid and
 * invalid rules, rule splitting (whitespace, empty rules, escapes, commas
 * inside patterns), mapping with L/U, no matching rule, and Java's
 * replaceAll behaviour.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sec_fx.h"

static ck_principal_rules *parse_ok(const char *spec)
{
    char                err[256] = "";
    ck_principal_rules *r = ck_principal_rules_parse(spec, err, sizeof(err));

    if (r == NULL)
        fail_msg("rules \"%s\" rejected: %s", spec, err);
    return r;
}

/* The principal name (without "User:") rules give for dn, or "!" + code. */
static const char *map(const ck_principal_rules *r, const char *dn)
{
    static char out[512];
    char        buf[512];
    int         rc = ck_principal_map(r, dn, buf, sizeof(buf));

    if (rc != 0) {
        snprintf(out, sizeof(out), "!%d", rc);
        return out;
    }
    assert_true(strncmp(buf, "User:", 5) == 0);
    snprintf(out, sizeof(out), "%s", buf + 5);
    return out;
}

static void test_valid_rules(void **state)
{
    static const char *const valid[] = {
        "DEFAULT",
        "RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/",
        "RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/L, DEFAULT",
        "RULE:^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$/$1@$2/",
        "RULE:^.*[Cc][Nn]=([a-zA-Z0-9.]*).*$/$1/L",
        "RULE:^cn=(.?),ou=(.?),dc=(.?),dc=(.?)$/$1@$2/U",
        "RULE:^CN=([^,ADEFLTU,]+)(,.*|$)/$1/",
        "RULE:^CN=([^,DEFAULT,]+)(,.*|$)/$1/",
        "",
        ",   , , ,      , , ,   ",
        "RULE://,DEFAULT",
        "  RULE:   /     / ,  DEFAULT  ",
        "  RULE:([A-Z]*)/$1/U   ,RULE:([a-z]+)/$1/,   DEFAULT  ",
        ",,RULE://,,,DEFAULT,,",
        "RULE:\\/\\\\\\(\\)\\n\\t/\\/\\//",
        "RULE:\\**\\/+/*/L,RULE:\\/*\\**/**/",
    };
    size_t i;

    (void)state;
    for (i = 0; i < CK_ARRAY_LEN(valid); i++)
        ck_principal_rules_free(parse_ok(valid[i]));
}

static void test_invalid_rules(void **state)
{
    static const char *const invalid[] = {
        "default",
        "DEFAUL",
        "DEFAULT/L",
        "DEFAULT/U",
        "RULE:CN=(.*?),OU=ServiceUsers.*/$1",
        "rule:^CN=(.*?),OU=ServiceUsers.*$/$1/",
        "RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/L/U",
        "RULE:^CN=(.*?),OU=ServiceUsers.*$/L",
        "RULE:^CN=(.*?),OU=ServiceUsers.*$/U",
        "RULE:^CN=(.*?),OU=ServiceUsers.*$/LU",
        "RULE:^CN=(unclosed/$1/",          /* not a regular expression */
        "DEFAULT,junk",
    };
    char   err[256];
    size_t i;

    (void)state;
    for (i = 0; i < CK_ARRAY_LEN(invalid); i++) {
        err[0] = '\0';
        if (ck_principal_rules_parse(invalid[i], err, sizeof(err)) != NULL)
            fail_msg("rules \"%s\" accepted", invalid[i]);
        assert_true(strncmp(err, "Invalid rule", 12) == 0);
    }
}

static void test_mapping(void **state)
{
    ck_principal_rules *r = parse_ok("RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/L, "
                                     "RULE:^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$/$1@$2/L, "
                                     "RULE:^cn=(.*?),ou=(.*?),dc=(.*?),dc=(.*?)$/$1@$2/U, "
                                     "RULE:^.*[Cc][Nn]=([a-zA-Z0-9.]*).*$/$1/U, "
                                     "DEFAULT");

    (void)state;
    assert_string_equal(map(r, "CN=Duke,OU=ServiceUsers,O=Org,C=US"), "duke");
    assert_string_equal(map(r, "CN=Duke,OU=SME,O=mycp,L=Fulton,ST=MD,C=US"), "duke@sme");
    assert_string_equal(map(r, "cn=duke,ou=sme,dc=mycp,dc=com"), "DUKE@SME");
    assert_string_equal(map(r, "cN=duke,OU=JavaSoft,O=Sun Microsystems"), "DUKE");
    assert_string_equal(map(r, "OU=JavaSoft,O=Sun Microsystems,C=US"), "OU=JavaSoft,O=Sun Microsystems,C=US");
    ck_principal_rules_free(r);
}

static void test_comma_with_whitespace(void **state)
{
    ck_principal_rules *r = parse_ok("RULE:^CN=((\\\\, *|\\w)+)(,.*|$)/$1/,DEFAULT");

    (void)state;
    assert_string_equal(map(r, "CN=Tkac\\, Adam,OU=ITZ,DC=geodis,DC=cz"), "Tkac\\, Adam");
    ck_principal_rules_free(r);
}

static void test_no_rule_applies(void **state)
{
    ck_principal_rules *r = parse_ok("RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/");
    ck_principal_rules *none = parse_ok("");
    char                small[8];

    (void)state;
    assert_string_equal(map(r, "CN=Duke,OU=ServiceUsers,O=Org"), "Duke");
    /* The pattern must match the whole DN. */
    assert_int_equal(ck_principal_map(r, "O=Org,CN=Duke,OU=ServiceUsers", small, sizeof(small)),
                     CHRONIK_ERR_NOT_FOUND);
    assert_int_equal(ck_principal_map(none, "CN=x", small, sizeof(small)), CHRONIK_ERR_NOT_FOUND);
    assert_int_equal(ck_principal_map(r, "CN=Duke-with-a-long-name,OU=ServiceUsers", small, sizeof(small)),
                     CHRONIK_ERR_INVALID_ARG);
    ck_principal_rules_free(r);
    ck_principal_rules_free(none);
}

static void test_replace_all(void **state)
{
    /* Java's String.replaceAll: every match, including the empty one a
     * pattern that can match nothing finds at the end. */
    ck_principal_rules *r = parse_ok("RULE:(.*)/[$1]/");
    ck_principal_rules *esc = parse_ok("RULE:^CN=(\\w+)$/\\$$1\\\\/");
    ck_principal_rules *multi = parse_ok("RULE:^(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)$/$11$10$1/");

    (void)state;
    assert_string_equal(map(r, "CN=x"), "[CN=x][]");
    assert_string_equal(map(esc, "CN=bob"), "$bob\\");
    /* $11 is group 11 when there are 11 groups, $10 group 10. */
    assert_string_equal(map(multi, "abcdefghijk"), "kja");
    ck_principal_rules_free(r);
    ck_principal_rules_free(esc);
    ck_principal_rules_free(multi);
}

static void test_sec_uses_configured_rules(void **state)
{
    sec_fx *fx = *state;
    char    out[128], err[256] = "";

    fx_conf(fx, "ssl.principal.mapping.rules", "RULE:^CN=([^,]+),.*$/$1/L,DEFAULT");
    fx_open(fx);
    assert_int_equal(ck_sec_principal_from_dn(fx->sec, "CN=Alice,O=Example", out, sizeof(out)), 0);
    assert_string_equal(out, "User:alice");
    assert_int_equal(ck_sec_principal_from_dn(fx->sec, "O=Example", out, sizeof(out)), 0);
    assert_string_equal(out, "User:O=Example");
    fx_close(fx);
    fx_conf(fx, "ssl.principal.mapping.rules", "RULE:broken");
    assert_non_null(fx->meta = ck_meta_open(fx->dir, err, sizeof(err)));
    assert_null(ck_sec_new(fx->meta, fx->conf, err, sizeof(err)));
    assert_non_null(strstr(err, "Invalid rule"));
    ck_meta_close(fx->meta);
    fx->meta = NULL;
    fx_conf(fx, "ssl.principal.mapping.rules", "DEFAULT");
    fx_open(fx);   /* for the teardown */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_rules),
        cmocka_unit_test(test_invalid_rules),
        cmocka_unit_test(test_mapping),
        cmocka_unit_test(test_comma_with_whitespace),
        cmocka_unit_test(test_no_rule_applies),
        cmocka_unit_test(test_replace_all),
        cmocka_unit_test_setup_teardown(test_sec_uses_configured_rules, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
