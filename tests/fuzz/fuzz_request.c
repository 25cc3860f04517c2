/*
 * fuzz_request.c — libFuzzer target for the Kafka request decoder.  The input
 * is a request frame body (request header + request, without the size
 * prefix).  It is decoded with ck_protocol_request_parse into an arena; a
 * request that parses is re-encoded, and the re-encoding must decode again and
 * encode to the very same bytes (the codec is canonical on its own output).
 * The same input is also fed to the consumer-group embedded protocol decoders.
 * Any crash, out-of-bounds read (ASan) or broken invariant (abort) is a bug.
 *
 * Built as a libFuzzer binary with -Dfuzz=true and clang, and always as
 * fuzz_request_replay, which runs this function over the seed corpus.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol/protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_reencode(const ck_req_header *h, const void *req)
{
    ck_wb wb1, wb2;
    ck_arena a;
    ck_rd rd;
    void *again = NULL;

    ck_wb_init(&wb1, 256);
    ck_wb_init(&wb2, 256);
    ck_arena_init(&a);
    ck_request_encode(h->api_key, h->api_version, &wb1, req);
    ck_rd_init(&rd, wb1.buf, wb1.len);
    if (ck_request_decode(h->api_key, h->api_version, &rd, &a, &again) != 0 || ck_rd_left(&rd) != 0) {
        fprintf(stderr, "re-encoded api %d v%d does not decode\n", h->api_key, h->api_version);
        abort();
    }
    ck_request_encode(h->api_key, h->api_version, &wb2, again);
    if (wb1.len != wb2.len || (wb1.len > 0 && memcmp(wb1.buf, wb2.buf, wb1.len) != 0)) {
        fprintf(stderr, "api %d v%d: encoding is not stable\n", h->api_key, h->api_version);
        abort();
    }
    ck_arena_free(&a);
    ck_wb_free(&wb2);
    ck_wb_free(&wb1);
}

/** @brief libFuzzer entry point: one request frame body. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ck_arena a;
    ck_req_header h;
    void *req = NULL;
    int16_t v;
    ck_ConsumerProtocolSubscription sub;
    ck_ConsumerProtocolAssignment asg;

    ck_arena_init(&a);
    if (ck_protocol_request_parse(data, size, &a, &h, &req) == CK_PROTO_OK)
        check_reencode(&h, req);
    ck_arena_reset(&a);
    (void)ck_protocol_subscription_decode(data, size, &a, &v, &sub);
    (void)ck_protocol_assignment_decode(data, size, &a, &v, &asg);
    ck_arena_free(&a);
    return 0;
}
