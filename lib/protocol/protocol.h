/*
 * protocol.h — the Kafka wire protocol: request/response codecs generated from
 * Apache Kafka's message schemas (kmsg.h, one C struct per message and nested
 * struct, init/decode/encode per message, by-key entry points and the API
 * table) plus the hand-written framing and header code in protocol.c.
 *
 * A frame on the wire is an int32 size followed by the body; a request body is
 * a request header (v0: key, version, correlation id; v1: + client id; v2: +
 * tagged fields) and the request; a response body is a response header (v0:
 * correlation id; v1: + tagged fields) and the response.  Decoded strings and
 * bytes point into the caller's buffer, which must outlive the decoded
 * structs; arrays live in the caller's ck_arena.
 *
 * Sits above util/ only.  Thread: all functions are reentrant.
 */
#ifndef CK_PROTOCOL_H
#define CK_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "protocol/kmsg.h"
#include "util/util.h"

/* ===================================================================== */
/* ck_str helpers                                                         */
/* ===================================================================== */

#define CK_STR_NULL ((ck_str){ NULL, -1 })
/** A ck_str for a string literal. */
#define CK_STR_LIT(lit) ((ck_str){ "" lit, (int32_t)(sizeof(lit) - 1) })

/** @brief A ck_str viewing a NUL-terminated C string (NULL gives a null string). */
static inline ck_str ck_str_from_cstr(const char *s)
{
    ck_str r = { s, s ? (int32_t)strlen(s) : -1 };
    return r;
}

/** @brief A NUL-terminated copy of s in the arena; NULL for a null string
 *  or one holding a NUL byte (which no valid name does). */
static inline char *ck_str_cstr(ck_arena *a, ck_str s)
{
    if (s.len < 0 || (s.len > 0 && memchr(s.p, 0, (size_t)s.len)))
        return NULL;
    return ck_arena_strndup(a, s.len ? s.p : "", (size_t)s.len);
}

/** @brief A copy of the C string s in the arena as a response string (NULL
 *  gives a null string). */
static inline ck_str ck_str_copy(ck_arena *a, const char *s)
{
    return s ? ck_str_from_cstr(ck_arena_strndup(a, s, strlen(s))) : CK_STR_NULL;
}

/** @brief A ck_str viewing n bytes at p. */
static inline ck_str ck_str_make(const char *p, size_t n)
{
    ck_str r = { p, (int32_t)n };
    return r;
}

/** @brief true when s is null. */
static inline bool ck_str_is_null(ck_str s) { return s.len < 0; }

/** @brief true when s is non-null and equal to the C string c. */
static inline bool ck_str_eq_cstr(ck_str s, const char *c)
{
    size_t n = strlen(c);
    return s.len >= 0 && (size_t)s.len == n && (n == 0 || memcmp(s.p, c, n) == 0);
}

/** @brief true when both are null or both hold the same bytes. */
static inline bool ck_str_eq(ck_str a, ck_str b)
{
    if (a.len != b.len)
        return false;
    return a.len <= 0 || memcmp(a.p, b.p, (size_t)a.len) == 0;
}

/** @brief A NUL-terminated copy of s in the arena (NULL for a null string). */
static inline char *ck_str_dup(ck_arena *a, ck_str s)
{
    return s.len < 0 ? NULL : ck_arena_strndup(a, s.len ? s.p : "", (size_t)s.len);
}

/* ===================================================================== */
/* Request header and request parsing                                     */
/* ===================================================================== */

/** The decoded request header. */
typedef struct ck_req_header {
    int16_t api_key;
    int16_t api_version;
    int32_t correlation_id;
    ck_str  client_id;        /* null in header v0 or when the client sent null */
    int16_t header_version;   /* 0, 1 or 2 */
} ck_req_header;

/** Outcome of ck_protocol_request_parse. */
typedef enum ck_proto_rc {
    CK_PROTO_OK                  = 0,
    CK_PROTO_MALFORMED           = -1, /* the header or the body does not parse: close */
    CK_PROTO_UNKNOWN_API         = -2, /* header parsed as v1, the api key has no codec */
    CK_PROTO_UNSUPPORTED_VERSION = -3, /* header parsed, version outside min..max */
} ck_proto_rc;

/** @brief Name of a ck_proto_rc ("ok", "malformed", ...). */
const char *ck_protocol_rc_name(int rc);

/**
 * @brief Decodes the request header at rd; on success rd is left at the request body.
 * For a known API the header version follows ck_request_header_version() (also for
 * versions above the supported maximum, so an ApiVersions request from a newer client
 * still yields its correlation id); an unknown key is read as header v1.  Even when
 * -1 is returned, h->api_key/api_version/correlation_id are set if the first 8 bytes
 * were there.
 * @return CK_PROTO_OK, CK_PROTO_MALFORMED, or CK_PROTO_UNKNOWN_API (header decoded).
 */
int ck_protocol_request_header_decode(ck_rd *rd, ck_req_header *h);

/**
 * @brief Decodes a whole request frame body (header + request, without the size prefix).
 * On CK_PROTO_OK *req is an arena-allocated ck_XRequest for h->api_key; strings point
 * into body, which must outlive *req.
 * @return a ck_proto_rc; h is filled as far as the header parsed.
 */
int ck_protocol_request_parse(const void *body, size_t len, ck_arena *a, ck_req_header *h, void **req);

/* ===================================================================== */
/* Framing and response writing                                           */
/* ===================================================================== */

/** Where a frame started in a ck_wb (memory position and file bytes before it). */
typedef struct ck_frame_mark {
    size_t pos;
    size_t ext_bytes;
} ck_frame_mark;

/** @brief Appends a 4-byte size placeholder; returns its mark for ck_protocol_frame_end. */
ck_frame_mark ck_protocol_frame_begin(ck_wb *wb);
/** @brief Patches the size of the frame begun at mk: every byte after the placeholder,
 *  spliced file ranges included. */
void ck_protocol_frame_end(ck_wb *wb, ck_frame_mark mk);

/** @brief Appends a response header of the version api_key/api_version needs. */
void ck_protocol_response_header_encode(ck_wb *wb, int16_t api_key, int16_t api_version,
                                        int32_t correlation_id);
/** @brief Appends a request header of the version api_key/api_version needs. */
void ck_protocol_request_header_encode(ck_wb *wb, int16_t api_key, int16_t api_version,
                                       int32_t correlation_id, ck_str client_id);

/**
 * @brief Appends a whole response frame: size, response header, body (a ck_XResponse).
 * @return 0, or -1 (nothing written) for an unknown api key or unsupported version.
 */
int ck_protocol_response_write(ck_wb *wb, int16_t api_key, int16_t api_version,
                               int32_t correlation_id, const void *resp);
/**
 * @brief Appends a whole request frame: size, request header, body (a ck_XRequest).
 * For clients in tests.  @return 0, or -1 (nothing written) for an unknown key/version.
 */
int ck_protocol_request_write(ck_wb *wb, int16_t api_key, int16_t api_version,
                              int32_t correlation_id, ck_str client_id, const void *req);

/**
 * @brief Decodes a response frame body (header + response) for a known request
 * key/version; for clients in tests.  @return 0 and *resp, or -1.
 */
int ck_protocol_response_parse(const void *body, size_t len, int16_t api_key, int16_t api_version,
                               ck_arena *a, int32_t *correlation_id, void **resp);

/* ===================================================================== */
/* Consumer group embedded protocol (JoinGroup metadata, SyncGroup assignment) */
/* ===================================================================== */

/**
 * @brief Decodes a ConsumerProtocolSubscription (int16 version + body) from the bytes of
 * a JoinGroup protocol's metadata.  Versions above the newest known are read as the
 * newest (fields are only ever appended).  *version gets the version sent.
 * @return 0, or -1 when malformed.
 */
int ck_protocol_subscription_decode(const void *p, size_t len, ck_arena *a, int16_t *version,
                                    ck_ConsumerProtocolSubscription *s);
/** @brief Same for a ConsumerProtocolAssignment (SyncGroup assignment bytes). */
int ck_protocol_assignment_decode(const void *p, size_t len, ck_arena *a, int16_t *version,
                                  ck_ConsumerProtocolAssignment *s);
/** @brief Appends int16 version + ConsumerProtocolSubscription. */
void ck_protocol_subscription_encode(ck_wb *wb, int16_t version, const ck_ConsumerProtocolSubscription *s);
/** @brief Appends int16 version + ConsumerProtocolAssignment. */
void ck_protocol_assignment_encode(ck_wb *wb, int16_t version, const ck_ConsumerProtocolAssignment *s);

#endif /* CK_PROTOCOL_H */
