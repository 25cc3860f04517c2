/*
 * protocol.c — hand-written framing and header code around the generated
 * codecs: request header decoding (with the header version chosen per API and
 * version, tolerant of versions above the supported maximum so that an
 * UNSUPPORTED_VERSION answer can still carry the correlation id), response
 * header encoding, size-prefixed frames that may contain spliced file ranges,
 * and the version-prefixed consumer-group embedded protocol.
 *
 * Thread: every function is reentrant.
 */
#include "protocol/protocol.h"

/** @brief Name of a ck_proto_rc. */
const char *ck_protocol_rc_name(int rc)
{
    switch (rc) {
    case CK_PROTO_OK:
        return "ok";
    case CK_PROTO_MALFORMED:
        return "malformed";
    case CK_PROTO_UNKNOWN_API:
        return "unknown api key";
    case CK_PROTO_UNSUPPORTED_VERSION:
        return "unsupported version";
    default:
        return "unknown";
    }
}

/** @brief Decodes the request header at rd (see protocol.h). */
int ck_protocol_request_header_decode(ck_rd *rd, ck_req_header *h)
{
    ck_RequestHeader hdr;
    int16_t hv;
    int rc = CK_PROTO_OK;
    const uint8_t *start = rd->p;

    h->api_key = -1;
    h->api_version = -1;
    h->correlation_id = 0;
    h->client_id = (ck_str){ NULL, -1 };
    h->header_version = 0;
    if (ck_rd_left(rd) < 8) {
        rd->err = 1;
        return CK_PROTO_MALFORMED;
    }
    h->api_key = (int16_t)ck_be16(start);
    h->api_version = (int16_t)ck_be16(start + 2);
    h->correlation_id = (int32_t)ck_be32(start + 4);
    hv = ck_request_header_version(h->api_key, h->api_version);
    if (hv < 0) {
        hv = 1;
        rc = CK_PROTO_UNKNOWN_API;
    }
    h->header_version = hv;
    if (ck_RequestHeader_decode(rd, NULL, hv, &hdr) != 0)
        return CK_PROTO_MALFORMED;
    h->client_id = hdr.ClientId;
    return rc;
}

/** @brief Decodes a whole request frame body (see protocol.h). */
int ck_protocol_request_parse(const void *body, size_t len, ck_arena *a, ck_req_header *h, void **req)
{
    ck_rd rd;
    const ck_api_schema *api;
    int rc;

    *req = NULL;
    ck_rd_init(&rd, body, len);
    rc = ck_protocol_request_header_decode(&rd, h);
    if (rc != CK_PROTO_OK)
        goto out;
    api = ck_api_schema_get(h->api_key);
    if (h->api_version < api->min_version || h->api_version > api->max_version) {
        rc = CK_PROTO_UNSUPPORTED_VERSION;
        goto out;
    }
    if (ck_request_decode(h->api_key, h->api_version, &rd, a, req) != 0)
        rc = CK_PROTO_MALFORMED;
out:
    return rc;
}

/** @brief Appends a 4-byte size placeholder. */
ck_frame_mark ck_protocol_frame_begin(ck_wb *wb)
{
    ck_frame_mark mk = { wb->len, wb->ext_bytes };

    ck_wb_i32(wb, 0);
    return mk;
}

/** @brief Patches the size of the frame begun at mk. */
void ck_protocol_frame_end(ck_wb *wb, ck_frame_mark mk)
{
    size_t size = (wb->len - mk.pos - 4) + (wb->ext_bytes - mk.ext_bytes);

    ck_wb_patch_i32(wb, mk.pos, (int32_t)size);
}

/** @brief Appends a response header of the version api_key/api_version needs. */
void ck_protocol_response_header_encode(ck_wb *wb, int16_t api_key, int16_t api_version,
                                        int32_t correlation_id)
{
    ck_ResponseHeader hdr;
    int16_t hv = ck_response_header_version(api_key, api_version);

    ck_ResponseHeader_init(&hdr);
    hdr.CorrelationId = correlation_id;
    ck_ResponseHeader_encode(wb, hv < 0 ? 0 : hv, &hdr);
}

/** @brief Appends a request header of the version api_key/api_version needs. */
void ck_protocol_request_header_encode(ck_wb *wb, int16_t api_key, int16_t api_version,
                                       int32_t correlation_id, ck_str client_id)
{
    ck_RequestHeader hdr;
    int16_t hv = ck_request_header_version(api_key, api_version);

    ck_RequestHeader_init(&hdr);
    hdr.RequestApiKey = api_key;
    hdr.RequestApiVersion = api_version;
    hdr.CorrelationId = correlation_id;
    hdr.ClientId = client_id;
    ck_RequestHeader_encode(wb, hv < 0 ? 1 : hv, &hdr);
}

static bool version_ok(int16_t api_key, int16_t api_version)
{
    const ck_api_schema *api = ck_api_schema_get(api_key);

    return api != NULL && api_version >= api->min_version && api_version <= api->max_version;
}

/** @brief Appends a whole response frame (see protocol.h). */
int ck_protocol_response_write(ck_wb *wb, int16_t api_key, int16_t api_version,
                               int32_t correlation_id, const void *resp)
{
    ck_frame_mark mk;

    if (!version_ok(api_key, api_version))
        return -1;
    mk = ck_protocol_frame_begin(wb);
    ck_protocol_response_header_encode(wb, api_key, api_version, correlation_id);
    ck_response_encode(api_key, api_version, wb, resp);
    ck_protocol_frame_end(wb, mk);
    return 0;
}

/** @brief Appends a whole request frame (see protocol.h). */
int ck_protocol_request_write(ck_wb *wb, int16_t api_key, int16_t api_version,
                              int32_t correlation_id, ck_str client_id, const void *req)
{
    ck_frame_mark mk;

    if (!version_ok(api_key, api_version))
        return -1;
    mk = ck_protocol_frame_begin(wb);
    ck_protocol_request_header_encode(wb, api_key, api_version, correlation_id, client_id);
    ck_request_encode(api_key, api_version, wb, req);
    ck_protocol_frame_end(wb, mk);
    return 0;
}

/** @brief Decodes a response frame body for a known request key/version. */
int ck_protocol_response_parse(const void *body, size_t len, int16_t api_key, int16_t api_version,
                               ck_arena *a, int32_t *correlation_id, void **resp)
{
    ck_rd rd;
    ck_ResponseHeader hdr;
    int16_t hv = ck_response_header_version(api_key, api_version);

    *resp = NULL;
    if (hv < 0)
        return -1;
    ck_rd_init(&rd, body, len);
    if (ck_ResponseHeader_decode(&rd, NULL, hv, &hdr) != 0)
        return -1;
    *correlation_id = hdr.CorrelationId;
    return ck_response_decode(api_key, api_version, &rd, a, resp);
}

/* Reads the int16 version prefix and clamps it to [0, max]; -1 when malformed. */
static int16_t embedded_version(ck_rd *rd, int16_t max, int16_t *version)
{
    int16_t v = ck_rd_i16(rd);

    *version = v;
    if (rd->err || v < 0)
        return -1;
    return v > max ? max : v;
}

/** @brief Decodes a version-prefixed ConsumerProtocolSubscription. */
int ck_protocol_subscription_decode(const void *p, size_t len, ck_arena *a, int16_t *version,
                                    ck_ConsumerProtocolSubscription *s)
{
    ck_rd rd;
    int16_t v;

    ck_ConsumerProtocolSubscription_init(s);
    ck_rd_init(&rd, p, len);
    v = embedded_version(&rd, CK_CONSUMER_PROTOCOL_SUBSCRIPTION_MAX_VERSION, version);
    if (v < 0)
        return -1;
    return ck_ConsumerProtocolSubscription_decode(&rd, a, v, s);
}

/** @brief Decodes a version-prefixed ConsumerProtocolAssignment. */
int ck_protocol_assignment_decode(const void *p, size_t len, ck_arena *a, int16_t *version,
                                  ck_ConsumerProtocolAssignment *s)
{
    ck_rd rd;
    int16_t v;

    ck_ConsumerProtocolAssignment_init(s);
    ck_rd_init(&rd, p, len);
    v = embedded_version(&rd, CK_CONSUMER_PROTOCOL_ASSIGNMENT_MAX_VERSION, version);
    if (v < 0)
        return -1;
    return ck_ConsumerProtocolAssignment_decode(&rd, a, v, s);
}

/** @brief Appends int16 version + ConsumerProtocolSubscription. */
void ck_protocol_subscription_encode(ck_wb *wb, int16_t version, const ck_ConsumerProtocolSubscription *s)
{
    ck_wb_i16(wb, version);
    ck_ConsumerProtocolSubscription_encode(wb, version, s);
}

/** @brief Appends int16 version + ConsumerProtocolAssignment. */
void ck_protocol_assignment_encode(ck_wb *wb, int16_t version, const ck_ConsumerProtocolAssignment *s)
{
    ck_wb_i16(wb, version);
    ck_ConsumerProtocolAssignment_encode(wb, version, s);
}
