/*
 * test_protocol.c — unit tests for lib/protocol: every generated request and
 * response at every version is filled with pseudo-random values, encoded,
 * decoded, compared field by field, re-encoded to identical bytes, and every
 * truncated prefix of its encoding must fail to decode without reading past
 * the (exactly sized, heap-allocated) buffer.  Hand-written golden byte
 * vectors from the protocol specification catch mistakes that an encoder and
 * decoder could make symmetrically; the header/framing code is tested too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kmsg_test_helpers.h"
#include "protocol/protocol.h"

#define ITERATIONS 8

/* ------------------------------------------------------------------------- */
/* Round trip machinery                                                       */
/* ------------------------------------------------------------------------- */

typedef void (*fill_fn)(int16_t version, void *m, ck_arena *a, uint64_t *seed);
typedef void (*enc_fn)(int16_t version, ck_wb *wb, const void *m);
typedef int (*dec_fn)(int16_t version, ck_rd *rd, ck_arena *a, void **out);
typedef bool (*eq_fn)(int16_t version, const void *x, const void *y);

typedef struct codec {
    const char *name;
    int16_t     key;
    size_t      size;
    fill_fn     fill;
    enc_fn      enc;
    dec_fn      dec;
    eq_fn       eq;
} codec;

static int16_t cur_key;

static void req_fill(int16_t v, void *m, ck_arena *a, uint64_t *seed)
{
    ck_request_init(cur_key, m);
    ck_test_request_fill_random(cur_key, v, m, a, seed);
}
static void req_enc(int16_t v, ck_wb *wb, const void *m) { ck_request_encode(cur_key, v, wb, m); }
static int req_dec(int16_t v, ck_rd *rd, ck_arena *a, void **out) { return ck_request_decode(cur_key, v, rd, a, out); }
static bool req_eq(int16_t v, const void *x, const void *y) { return ck_test_request_equal(cur_key, v, x, y); }
static void resp_fill(int16_t v, void *m, ck_arena *a, uint64_t *seed)
{
    ck_response_init(cur_key, m);
    ck_test_response_fill_random(cur_key, v, m, a, seed);
}
static void resp_enc(int16_t v, ck_wb *wb, const void *m) { ck_response_encode(cur_key, v, wb, m); }
static int resp_dec(int16_t v, ck_rd *rd, ck_arena *a, void **out) { return ck_response_decode(cur_key, v, rd, a, out); }
static bool resp_eq(int16_t v, const void *x, const void *y) { return ck_test_response_equal(cur_key, v, x, y); }

/* Fill, encode, decode, compare, re-encode, and decode every strict prefix. */
static size_t roundtrip_one(const codec *c, int16_t version, uint64_t seed, size_t *prefixes)
{
    ck_arena a;
    ck_wb wb, wb2;
    ck_rd rd;
    void *m, *out = NULL;
    size_t len;
    int rc;

    ck_arena_init(&a);
    ck_wb_init(&wb, 256);
    ck_wb_init(&wb2, 256);
    m = ck_arena_alloc(&a, c->size);
    c->fill(version, m, &a, &seed);
    c->enc(version, &wb, m);
    len = wb.len;
    assert_int_equal(wb.ext_bytes, 0);

    /* Decode from an exactly sized heap copy so ASan sees any overread. */
    {
        uint8_t *copy = malloc(len ? len : 1);
        memcpy(copy, wb.buf, len);
        ck_rd_init(&rd, copy, len);
        rc = c->dec(version, &rd, &a, &out);
        if (rc != 0 || ck_rd_left(&rd) != 0 || !c->eq(version, m, out)) {
            fprintf(stderr, "%s key %d v%d seed %llu: rc %d left %zu\n", c->name, c->key, version,
                    (unsigned long long)seed, rc, ck_rd_left(&rd));
            fail();
        }
        c->enc(version, &wb2, out);
        assert_int_equal(wb2.len, len);
        assert_memory_equal(wb2.buf, wb.buf, len);
        free(copy);
    }
    for (size_t cut = 0; cut < len; cut++) {
        uint8_t *copy = malloc(cut ? cut : 1);
        void *o2 = NULL;
        memcpy(copy, wb.buf, cut);
        ck_rd_init(&rd, copy, cut);
        rc = c->dec(version, &rd, &a, &o2);
        if (rc == 0) {
            fprintf(stderr, "%s key %d v%d: prefix %zu/%zu decoded\n", c->name, c->key, version, cut, len);
            fail();
        }
        assert_null(o2);
        free(copy);
        (*prefixes)++;
    }
    ck_wb_free(&wb);
    ck_wb_free(&wb2);
    ck_arena_free(&a);
    return len;
}

static void test_roundtrip_all(void **state)
{
    size_t messages = 0, bytes = 0, prefixes = 0;

    (void)state;
    for (size_t i = 0; i < ck_api_schemas_count; i++) {
        const ck_api_schema *api = &ck_api_schemas[i];
        codec req = { "request", api->api_key, ck_request_struct_size(api->api_key), req_fill, req_enc, req_dec, req_eq };
        codec resp = { "response", api->api_key, ck_response_struct_size(api->api_key), resp_fill, resp_enc, resp_dec, resp_eq };

        assert_ptr_equal(ck_api_schema_get(api->api_key), api);
        assert_true(req.size > 0);
        assert_true(resp.size > 0);
        cur_key = api->api_key;
        for (int16_t v = api->min_version; v <= api->max_version; v++) {
            for (uint64_t it = 0; it < ITERATIONS; it++) {
                uint64_t seed = 0x1234567ull + (uint64_t)api->api_key * 1000003ull + (uint64_t)v * 7919ull + it * 104729ull;
                bytes += roundtrip_one(&req, v, seed, &prefixes);
                bytes += roundtrip_one(&resp, v, seed ^ 0xABCDEFull, &prefixes);
                messages += 2;
            }
        }
    }
    fprintf(stderr, "round-tripped %zu messages (%zu bytes, %zu truncated prefixes rejected) over %zu APIs\n",
            messages, bytes, prefixes, ck_api_schemas_count);
}

/* Headers and the embedded consumer protocol, through their own functions. */
#define RT_FIXED(T, lo, hi)                                                             \
    do {                                                                                \
        for (int16_t v = (lo); v <= (hi); v++) {                                        \
            for (uint64_t it = 0; it < ITERATIONS; it++) {                              \
                ck_arena a;                                                             \
                ck_wb wb;                                                               \
                ck_rd rd;                                                               \
                T x, y;                                                                 \
                uint64_t seed = 77 + it * 31 + (uint64_t)v;                             \
                uint8_t *copy;                                                          \
                ck_arena_init(&a);                                                      \
                ck_wb_init(&wb, 64);                                                    \
                T##_init(&x);                                                           \
                T##_fill_random(&x, &a, v, &seed);                                      \
                T##_encode(&wb, v, &x);                                                 \
                copy = malloc(wb.len + 1);                                              \
                memcpy(copy, wb.buf, wb.len);                                           \
                ck_rd_init(&rd, copy, wb.len);                                          \
                assert_int_equal(T##_decode(&rd, &a, v, &y), 0);                        \
                assert_int_equal(ck_rd_left(&rd), 0);                                   \
                assert_true(T##_equal(&x, &y, v));                                      \
                for (size_t cut = 0; cut < wb.len; cut++) {                             \
                    ck_rd_init(&rd, copy, cut);                                         \
                    assert_int_equal(T##_decode(&rd, &a, v, &y), -1);                   \
                }                                                                       \
                free(copy);                                                             \
                ck_wb_free(&wb);                                                        \
                ck_arena_free(&a);                                                      \
            }                                                                           \
        }                                                                               \
    } while (0)

static void test_roundtrip_fixed(void **state)
{
    (void)state;
    RT_FIXED(ck_RequestHeader, CK_REQUEST_HEADER_MIN_VERSION, CK_REQUEST_HEADER_MAX_VERSION);
    RT_FIXED(ck_ResponseHeader, CK_RESPONSE_HEADER_MIN_VERSION, CK_RESPONSE_HEADER_MAX_VERSION);
    RT_FIXED(ck_ConsumerProtocolSubscription, CK_CONSUMER_PROTOCOL_SUBSCRIPTION_MIN_VERSION,
             CK_CONSUMER_PROTOCOL_SUBSCRIPTION_MAX_VERSION);
    RT_FIXED(ck_ConsumerProtocolAssignment, CK_CONSUMER_PROTOCOL_ASSIGNMENT_MIN_VERSION,
             CK_CONSUMER_PROTOCOL_ASSIGNMENT_MAX_VERSION);
}

/* ------------------------------------------------------------------------- */
/* Golden vectors                                                             */
/* ------------------------------------------------------------------------- */

static void assert_wb_eq(const ck_wb *wb, const uint8_t *want, size_t n)
{
    if (wb->len != n) {
        fprintf(stderr, "length %zu, want %zu\n", wb->len, n);
        for (size_t i = 0; i < wb->len; i++)
            fprintf(stderr, "%02x ", wb->buf[i]);
        fprintf(stderr, "\n");
    }
    assert_int_equal(wb->len, n);
    assert_memory_equal(wb->buf, want, n);
}

/* ApiVersions v0 request: header v1 (key 18, version 0, correlation 1, client "abc"), empty body. */
static void test_golden_api_versions_v0(void **state)
{
    static const uint8_t frame[] = { 0, 0, 0, 13, 0, 18, 0, 0, 0, 0, 0, 1, 0, 3, 'a', 'b', 'c' };
    ck_ApiVersionsRequest req;
    ck_req_header h;
    ck_arena a;
    ck_wb wb;
    void *out;

    (void)state;
    ck_arena_init(&a);
    ck_wb_init(&wb, 64);
    ck_ApiVersionsRequest_init(&req);
    assert_int_equal(ck_protocol_request_write(&wb, CK_API_API_VERSIONS, 0, 1, CK_STR_LIT("abc"), &req), 0);
    assert_wb_eq(&wb, frame, sizeof(frame));

    assert_int_equal(ck_protocol_request_parse(frame + 4, sizeof(frame) - 4, &a, &h, &out), CK_PROTO_OK);
    assert_int_equal(h.api_key, 18);
    assert_int_equal(h.api_version, 0);
    assert_int_equal(h.correlation_id, 1);
    assert_int_equal(h.header_version, 1);
    assert_true(ck_str_eq_cstr(h.client_id, "abc"));
    assert_non_null(out);
    ck_wb_free(&wb);
    ck_arena_free(&a);
}

/* ApiVersions v3 request: header v2 (client id stays a classic int16 string, then an
 * empty tagged section), body of two compact strings and an empty tagged section. */
static void test_golden_api_versions_v3(void **state)
{
    static const uint8_t frame[] = {
        0, 0, 0, 24,
        0, 18, 0, 3, 0, 0, 0, 7, 0, 3, 'a', 'b', 'c', 0,  /* header v2 */
        5, 'k', 'c', 'a', 't', 4, '1', '.', '0', 0,       /* body */
    };
    /* The same body with an unknown tagged field 99 of 2 bytes, which must be skipped. */
    static const uint8_t body_tagged[] = { 5, 'k', 'c', 'a', 't', 4, '1', '.', '0', 1, 99, 2, 0xAA, 0xBB };
    ck_ApiVersionsRequest req, *dec;
    ck_req_header h;
    ck_arena a;
    ck_wb wb;
    ck_rd rd;
    void *out;

    (void)state;
    ck_arena_init(&a);
    ck_wb_init(&wb, 64);
    ck_ApiVersionsRequest_init(&req);
    req.ClientSoftwareName = CK_STR_LIT("kcat");
    req.ClientSoftwareVersion = CK_STR_LIT("1.0");
    assert_int_equal(ck_protocol_request_write(&wb, CK_API_API_VERSIONS, 3, 7, CK_STR_LIT("abc"), &req), 0);
    assert_wb_eq(&wb, frame, sizeof(frame));

    assert_int_equal(ck_protocol_request_parse(frame + 4, sizeof(frame) - 4, &a, &h, &out), CK_PROTO_OK);
    assert_int_equal(h.header_version, 2);
    assert_int_equal(h.correlation_id, 7);
    assert_true(ck_str_eq_cstr(h.client_id, "abc"));
    dec = out;
    assert_true(ck_str_eq_cstr(dec->ClientSoftwareName, "kcat"));
    assert_true(ck_str_eq_cstr(dec->ClientSoftwareVersion, "1.0"));

    ck_rd_init(&rd, body_tagged, sizeof(body_tagged));
    assert_int_equal(ck_ApiVersionsRequest_decode(&rd, &a, 3, &req), 0);
    assert_int_equal(ck_rd_left(&rd), 0);
    assert_true(ck_str_eq_cstr(req.ClientSoftwareVersion, "1.0"));
    ck_wb_free(&wb);
    ck_arena_free(&a);
}

/* Metadata v1 request: a classic int32 array of int16 strings; null (-1) means all topics. */
static void test_golden_metadata_v1(void **state)
{
    static const uint8_t one[] = { 0, 0, 0, 1, 0, 3, 'f', 'o', 'o' };
    static const uint8_t all[] = { 0xff, 0xff, 0xff, 0xff };
    static const uint8_t empty[] = { 0, 0, 0, 0 };
    ck_MetadataRequest req, dec;
    ck_MetadataRequest_MetadataRequestTopic *t;
    ck_arena a;
    ck_wb wb;
    ck_rd rd;

    (void)state;
    ck_arena_init(&a);
    ck_wb_init(&wb, 64);
    ck_MetadataRequest_init(&req);
    t = ck_MetadataRequest_MetadataRequestTopic_array_alloc(&a, &req.Topics, 1);
    t[0].Name = CK_STR_LIT("foo");
    ck_MetadataRequest_encode(&wb, 1, &req);
    assert_wb_eq(&wb, one, sizeof(one));
    ck_rd_init(&rd, one, sizeof(one));
    assert_int_equal(ck_MetadataRequest_decode(&rd, &a, 1, &dec), 0);
    assert_int_equal(dec.Topics.n, 1);
    assert_true(ck_str_eq_cstr(dec.Topics.a[0].Name, "foo"));

    ck_wb_reset(&wb);
    req.Topics.n = -1;
    ck_MetadataRequest_encode(&wb, 1, &req);
    assert_wb_eq(&wb, all, sizeof(all));
    ck_rd_init(&rd, all, sizeof(all));
    assert_int_equal(ck_MetadataRequest_decode(&rd, &a, 1, &dec), 0);
    assert_int_equal(dec.Topics.n, -1);

    /* v0 topics are not nullable: null encodes as empty, and -1 on the wire is rejected. */
    ck_wb_reset(&wb);
    ck_MetadataRequest_encode(&wb, 0, &req);
    assert_wb_eq(&wb, empty, sizeof(empty));
    ck_rd_init(&rd, all, sizeof(all));
    assert_int_equal(ck_MetadataRequest_decode(&rd, &a, 0, &dec), -1);
    ck_wb_free(&wb);
    ck_arena_free(&a);
}

/* ApiVersions v3 response: header v0 (no tagged fields) even though the body is
 * flexible; a tagged field (FinalizedFeaturesEpoch, tag 1) is written only when set. */
static void test_golden_api_versions_response(void **state)
{
    static const uint8_t plain[] = {
        0, 0, 0, 19,
        0, 0, 0, 9,                 /* correlation id, header v0 */
        0, 0,                       /* ErrorCode */
        2, 0, 18, 0, 0, 0, 4, 0,    /* ApiKeys: 1 entry + tagged section */
        0, 0, 0, 0,                 /* ThrottleTimeMs */
        0,                          /* no tagged fields */
    };
    static const uint8_t tagged[] = {
        0, 0, 0, 29,
        0, 0, 0, 9,
        0, 0,
        2, 0, 18, 0, 0, 0, 4, 0,
        0, 0, 0, 0,
        1, 1, 8, 0, 0, 0, 0, 0, 0, 0, 5, /* tag 1, 8 bytes: epoch 5 */
    };
    ck_ApiVersionsResponse resp, *dec;
    ck_ApiVersionsResponse_ApiVersion *k;
    ck_arena a;
    ck_wb wb;
    void *out;
    int32_t corr = 0;

    (void)state;
    ck_arena_init(&a);
    ck_wb_init(&wb, 64);
    ck_ApiVersionsResponse_init(&resp);
    assert_int_equal(resp.FinalizedFeaturesEpoch, -1);
    k = ck_ApiVersionsResponse_ApiVersion_array_alloc(&a, &resp.ApiKeys, 1);
    k->ApiKey = 18;
    k->MinVersion = 0;
    k->MaxVersion = 4;
    assert_int_equal(ck_protocol_response_write(&wb, CK_API_API_VERSIONS, 3, 9, &resp), 0);
    assert_wb_eq(&wb, plain, sizeof(plain));

    ck_wb_reset(&wb);
    resp.FinalizedFeaturesEpoch = 5;
    assert_int_equal(ck_protocol_response_write(&wb, CK_API_API_VERSIONS, 3, 9, &resp), 0);
    assert_wb_eq(&wb, tagged, sizeof(tagged));
    assert_int_equal(ck_protocol_response_parse(tagged + 4, sizeof(tagged) - 4, CK_API_API_VERSIONS, 3, &a, &corr, &out), 0);
    assert_int_equal(corr, 9);
    dec = out;
    assert_int_equal(dec->FinalizedFeaturesEpoch, 5);
    assert_int_equal(dec->ApiKeys.n, 1);
    assert_int_equal(dec->ApiKeys.a[0].MaxVersion, 4);
    ck_wb_free(&wb);
    ck_arena_free(&a);
}

/* Produce v9 (flexible): compact nullable string, compact arrays, compact records. */
static void test_golden_produce_v9(void **state)
{
    static const uint8_t body[] = {
        0,                    /* TransactionalId: null */
        0xff, 0xff,           /* Acks -1 */
        0, 0, 0x75, 0x30,     /* TimeoutMs 30000 */
        2,                    /* 1 topic */
        2, 't',               /* Name "t" */
        2,                    /* 1 partition */
        0, 0, 0, 3,           /* Index 3 */
        4, 1, 2, 3,           /* Records: 3 bytes */
        0,                    /* partition tags */
        0,                    /* topic tags */
        0,                    /* request tags */
    };
    ck_ProduceRequest req;
    ck_ProduceRequest_TopicProduceData *t;
    ck_ProduceRequest_PartitionProduceData *p;
    static const uint8_t rec[] = { 1, 2, 3 };
    ck_arena a;
    ck_wb wb;
    ck_rd rd;

    (void)state;
    ck_arena_init(&a);
    ck_wb_init(&wb, 64);
    ck_ProduceRequest_init(&req);
    assert_int_equal(req.TransactionalId.len, -1);
    req.Acks = -1;
    req.TimeoutMs = 30000;
    t = ck_ProduceRequest_TopicProduceData_array_alloc(&a, &req.TopicData, 1);
    t->Name = CK_STR_LIT("t");
    p = ck_ProduceRequest_PartitionProduceData_array_alloc(&a, &t->PartitionData, 1);
    assert_int_equal(p->Records.fd, -1);
    p->Index = 3;
    p->Records.p = rec;
    p->Records.len = 3;
    ck_ProduceRequest_encode(&wb, 9, &req);
    assert_wb_eq(&wb, body, sizeof(body));
    ck_rd_init(&rd, body, sizeof(body));
    assert_int_equal(ck_ProduceRequest_decode(&rd, &a, 9, &req), 0);
    assert_int_equal(req.TopicData.a[0].PartitionData.a[0].Records.len, 3);
    assert_ptr_equal(req.TopicData.a[0].PartitionData.a[0].Records.p, body + 16);
    ck_wb_free(&wb);
    ck_arena_free(&a);
}

/* Records with fd >= 0 are spliced as a file range, and the frame size counts them. */
static void test_records_splice(void **state)
{
    ck_FetchResponse resp;
    ck_FetchResponse_FetchableTopicResponse *t;
    ck_FetchResponse_PartitionData *p;
    ck_arena a;
    ck_wb wb;

    (void)state;
    ck_arena_init(&a);
    ck_wb_init(&wb, 64);
    ck_FetchResponse_init(&resp);
    t = ck_FetchResponse_FetchableTopicResponse_array_alloc(&a, &resp.Responses, 1);
    t->Topic = CK_STR_LIT("t");
    p = ck_FetchResponse_PartitionData_array_alloc(&a, &t->Partitions, 1);
    p->Records.len = 1000;
    p->Records.fd = 5;
    p->Records.file_off = 4096;
    assert_int_equal(ck_protocol_response_write(&wb, CK_API_FETCH, 4, 42, &resp), 0);
    assert_int_equal(wb.next, 1);
    assert_int_equal(wb.ext[0].fd, 5);
    assert_int_equal(wb.ext[0].off, 4096);
    assert_int_equal(wb.ext[0].len, 1000);
    assert_int_equal(wb.ext[0].at, wb.len);     /* records are the last field of v4 */
    assert_int_equal(wb.ext_bytes, 1000);
    assert_int_equal((int32_t)ck_be32(wb.buf), (int32_t)(wb.len - 4 + 1000));
    assert_int_equal((int32_t)ck_be32(wb.buf + wb.len - 4), 1000); /* the records length prefix */
    ck_wb_free(&wb);
    ck_arena_free(&a);
}

/* ------------------------------------------------------------------------- */
/* Malformed input and headers                                                */
/* ------------------------------------------------------------------------- */

static void test_malformed(void **state)
{
    /* Metadata v1 claiming 2^31-1 topics in a 10-byte buffer. */
    static const uint8_t huge[] = { 0x7f, 0xff, 0xff, 0xff, 0, 1, 'x', 0, 1, 'y' };
    /* Produce v3 with a string length of -2. */
    static const uint8_t badstr[] = { 0xff, 0xfe, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 };
    /* Produce v9 with a compact array count whose varint never ends. */
    static const uint8_t badvar[] = { 0, 0, 1, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    /* Produce v0: topic name null where it is not nullable. */
    static const uint8_t nullname[] = { 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0xff, 0, 0, 0, 0 };
    ck_arena a;
    ck_rd rd;
    void *out;

    (void)state;
    ck_arena_init(&a);
    ck_rd_init(&rd, huge, sizeof(huge));
    assert_int_equal(ck_request_decode(CK_API_METADATA, 1, &rd, &a, &out), -1);
    ck_rd_init(&rd, badstr, sizeof(badstr));
    assert_int_equal(ck_request_decode(CK_API_PRODUCE, 3, &rd, &a, &out), -1);
    ck_rd_init(&rd, badvar, sizeof(badvar));
    assert_int_equal(ck_request_decode(CK_API_PRODUCE, 9, &rd, &a, &out), -1);
    ck_rd_init(&rd, nullname, sizeof(nullname));
    assert_int_equal(ck_request_decode(CK_API_PRODUCE, 0, &rd, &a, &out), -1);
    /* Unknown key and out-of-range version. */
    ck_rd_init(&rd, huge, sizeof(huge));
    assert_int_equal(ck_request_decode(9999, 0, &rd, &a, &out), -1);
    assert_int_equal(ck_request_decode(CK_API_METADATA, 99, &rd, &a, &out), -1);
    assert_int_equal(ck_request_decode(CK_API_METADATA, -1, &rd, &a, &out), -1);
    ck_arena_free(&a);
}

static void test_headers(void **state)
{
    /* ApiVersions v99 from a future client: known key, header v2 (flexible from v3). */
    static const uint8_t future[] = { 0, 18, 0, 99, 0, 0, 0, 5, 0, 1, 'x', 0 };
    static const uint8_t unknown[] = { 0x7f, 0x00, 0, 0, 0, 0, 0, 6, 0xff, 0xff };
    static const uint8_t shorty[] = { 0, 18, 0, 0, 0, 0, 0 };
    /* ControlledShutdown v0 uses request header v0: no client id. */
    static const uint8_t cs0[] = { 0, 7, 0, 0, 0, 0, 0, 8, 0, 0, 0, 1 };
    ck_req_header h;
    ck_arena a;
    ck_wb wb;
    void *out;

    (void)state;
    ck_arena_init(&a);
    assert_int_equal(ck_protocol_request_parse(future, sizeof(future), &a, &h, &out), CK_PROTO_UNSUPPORTED_VERSION);
    assert_int_equal(h.correlation_id, 5);
    assert_int_equal(h.header_version, 2);
    assert_null(out);
    assert_int_equal(ck_protocol_request_parse(unknown, sizeof(unknown), &a, &h, &out), CK_PROTO_UNKNOWN_API);
    assert_int_equal(h.correlation_id, 6);
    assert_true(ck_str_is_null(h.client_id));
    assert_int_equal(ck_protocol_request_parse(shorty, sizeof(shorty), &a, &h, &out), CK_PROTO_MALFORMED);
    assert_int_equal(ck_protocol_request_parse(cs0, sizeof(cs0), &a, &h, &out), CK_PROTO_OK);
    assert_int_equal(h.header_version, 0);
    assert_int_equal(((ck_ControlledShutdownRequest *)out)->BrokerId, 1);
    assert_string_equal(ck_protocol_rc_name(CK_PROTO_UNSUPPORTED_VERSION), "unsupported version");

    assert_int_equal(ck_request_header_version(CK_API_PRODUCE, 8), 1);
    assert_int_equal(ck_request_header_version(CK_API_PRODUCE, 9), 2);
    assert_int_equal(ck_response_header_version(CK_API_PRODUCE, 8), 0);
    assert_int_equal(ck_response_header_version(CK_API_PRODUCE, 9), 1);
    assert_int_equal(ck_response_header_version(CK_API_API_VERSIONS, 3), 0);
    assert_int_equal(ck_request_header_version(CK_API_API_VERSIONS, 3), 2);
    assert_int_equal(ck_request_header_version(CK_API_CONTROLLED_SHUTDOWN, 0), 0);
    assert_int_equal(ck_request_header_version(CK_API_SASL_HANDSHAKE, 1), 1);
    assert_int_equal(ck_request_header_version(9999, 0), -1);
    assert_null(ck_api_schema_get(9999));
    assert_string_equal(ck_api_schema_get(CK_API_FIND_COORDINATOR)->name, "FindCoordinator");

    /* Response header v1 carries an empty tagged section. */
    ck_wb_init(&wb, 16);
    ck_protocol_response_header_encode(&wb, CK_API_METADATA, 12, 3);
    {
        static const uint8_t want[] = { 0, 0, 0, 3, 0 };
        assert_wb_eq(&wb, want, sizeof(want));
    }
    ck_wb_free(&wb);
    ck_arena_free(&a);
}

static void test_consumer_protocol(void **state)
{
    ck_ConsumerProtocolSubscription sub, dec;
    ck_arena a;
    ck_wb wb;
    int16_t v;

    (void)state;
    ck_arena_init(&a);
    ck_wb_init(&wb, 64);
    ck_ConsumerProtocolSubscription_init(&sub);
    CK_ARRAY_ALLOC(&a, sub.Topics, 2);
    sub.Topics.a[0] = CK_STR_LIT("a");
    sub.Topics.a[1] = CK_STR_LIT("bb");
    ck_protocol_subscription_encode(&wb, 1, &sub);
    {
        static const uint8_t want[] = { 0, 1, 0, 0, 0, 2, 0, 1, 'a', 0, 2, 'b', 'b', 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0 };
        assert_wb_eq(&wb, want, sizeof(want));
    }
    assert_int_equal(ck_protocol_subscription_decode(wb.buf, wb.len, &a, &v, &dec), 0);
    assert_int_equal(v, 1);
    assert_int_equal(dec.Topics.n, 2);
    assert_true(ck_str_eq_cstr(dec.Topics.a[1], "bb"));
    /* A newer version is read as the newest known one. */
    wb.buf[1] = 9;
    ck_wb_put(&wb, "\0\0\0\0\xff\xff", 6);  /* GenerationId, RackId (null) */
    assert_int_equal(ck_protocol_subscription_decode(wb.buf, wb.len, &a, &v, &dec), 0);
    assert_int_equal(v, 9);
    assert_int_equal(ck_protocol_subscription_decode(wb.buf, 1, &a, &v, &dec), -1);
    ck_wb_free(&wb);
    ck_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_all),
        cmocka_unit_test(test_roundtrip_fixed),
        cmocka_unit_test(test_golden_api_versions_v0),
        cmocka_unit_test(test_golden_api_versions_v3),
        cmocka_unit_test(test_golden_metadata_v1),
        cmocka_unit_test(test_golden_api_versions_response),
        cmocka_unit_test(test_golden_produce_v9),
        cmocka_unit_test(test_records_splice),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_headers),
        cmocka_unit_test(test_consumer_protocol),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
