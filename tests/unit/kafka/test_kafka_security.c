/*
 * test_kafka_security.c — the handler tables of the two listener kinds
 * (lib/kafka/handlers.c, h_security.c): the PLAINTEXT table serves the
 * security admin requests but not SASL; the SASL table adds SaslHandshake
 * and SaslAuthenticate, keeps ApiVersions, and puts every other API behind
 * the authentication gate with the same version range.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kafka/handlers.h"

static const ck_khandler *find(const ck_khandler *t, size_t n, int16_t key)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (t[i].api_key == key)
            return &t[i];
    return NULL;
}

static void test_plaintext_table(void **state)
{
    static const int16_t admin[] = {29, 30, 31, 48, 49, 50, 51};
    size_t               n, i;
    const ck_khandler   *t = ck_kafka_handlers(&n);

    (void)state;
    assert_null(find(t, n, 17));
    assert_null(find(t, n, 36));
    for (i = 0; i < CK_ARRAY_LEN(admin); i++)
        assert_non_null(find(t, n, admin[i]));
    for (i = 1; i < n; i++)
        assert_true(t[i - 1].api_key < t[i].api_key);
}

static void test_sasl_table(void **state)
{
    size_t             n, nb, i;
    const ck_khandler *t = ck_kafka_sasl_handlers(&n);
    const ck_khandler *base = ck_kafka_handlers(&nb);
    const ck_khandler *h;

    (void)state;
    assert_int_equal(n, nb + 2);
    for (i = 1; i < n; i++)
        assert_true(t[i - 1].api_key < t[i].api_key);
    h = find(t, n, 17);
    assert_non_null(h);
    assert_int_equal(h->min_version, 0);
    assert_int_equal(h->max_version, 1);
    assert_ptr_equal(h->fn, ck_h_SaslHandshake);
    h = find(t, n, 36);
    assert_non_null(h);
    assert_int_equal(h->max_version, 2);
    assert_ptr_equal(h->fn, ck_h_SaslAuthenticate);
    for (i = 0; i < nb; i++) {
        h = find(t, n, base[i].api_key);
        assert_non_null(h);
        assert_int_equal(h->min_version, base[i].min_version);
        assert_int_equal(h->max_version, base[i].max_version);
        if (base[i].api_key == 18)
            assert_ptr_equal(h->fn, base[i].fn);         /* ApiVersions is never gated */
        else
            assert_ptr_not_equal(h->fn, base[i].fn);     /* behind the gate */
    }
    /* built once: the same table every time */
    assert_ptr_equal(ck_kafka_sasl_handlers(&n), t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plaintext_table),
        cmocka_unit_test(test_sasl_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
