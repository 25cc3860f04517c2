/*
 * test_every_version.c — every API the broker advertises in ApiVersions
 * (the handler table of lib/kafka/handlers.c) answers a request at every
 * version of its advertised range: a schema-default request, sent on its
 * own connection, gets a response that decodes exactly at that version with
 * the request's correlation id.  SaslHandshake and SaslAuthenticate are
 * served only on SASL listeners and tested there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "harness/kafka_fx.h"
#include "kafka/handlers.h"

static void test_every_advertised_version_answers(void **state)
{
    size_t n, i;
    const ck_khandler *t = ck_kafka_handlers(&n);
    fx f;
    int answered = 0;

    (void)state;
    kfx_open(&f, t, n, 2, NULL);
    for (i = 0; i < n; i++) {
        for (int16_t v = t[i].min_version; v <= t[i].max_version; v++) {
            int16_t key = t[i].api_key;
            void *req = ck_arena_alloc(&f.arena, ck_request_struct_size(key));
            int fd = connect_port(f.port);

            assert_int_equal(ck_request_init(key, req), 0);
            if (key == 0)
                ((ck_ProduceRequest *)req)->Acks = 1;           /* acks=0 has no answer */
            print_message("api %d v%d\n", (int)key, (int)v);
            (void)call_fd(&f, fd, key, v, req);              /* asserts a whole, matching answer */
            close(fd);
            answered++;
        }
    }
    assert_true(answered > 100);
    fx_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_advertised_version_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
