/*
 * kmsg.h — Kafka request/response codecs generated from Apache Kafka's message
 * schemas by tools/kafka_codegen.py.  Do not edit: change the generator and
 * run it again.
 *
 * Every message X (e.g. ck_ProduceRequest) and every nested struct S of it
 * (ck_ProduceRequest_TopicProduceData) is a plain C struct whose members keep
 * the schema's field names.  Strings, bytes and records decoded from a buffer
 * point into that buffer (zero copy, not NUL-terminated; len -1 means null);
 * arrays are {n, a} with n = -1 for null and elements allocated from the
 * ck_arena given to the decoder.  Per message:
 *   ck_X_init(m)                         schema defaults
 *   ck_X_decode(rd, arena, version, m)   0, or -1 on malformed/truncated input
 *   ck_X_encode(wb, version, m)          appends the encoding
 * and per nested struct ck_X_S_init() and ck_X_S_array_alloc().  Fields a
 * version does not carry are skipped (decode leaves the default).
 *
 * Records with fd >= 0 are encoded as a length prefix followed by a file range
 * spliced into the ck_wb (ck_wb_splice_file), which gives zero-copy fetch:
 * always ck_X_init() a struct before filling it, so fd starts at -1.
 *
 * Thread: all functions are reentrant; a struct belongs to one thread.
 */
#ifndef CK_PROTOCOL_KMSG_H
#define CK_PROTOCOL_KMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* ---- primitive field types ---------------------------------------------- */

/** A string field: p points into the decoded buffer (not NUL-terminated); len -1 = null. */
typedef struct ck_str { const char *p; int32_t len; } ck_str;
/** A bytes field: len -1 = null. */
typedef struct ck_bytes { const uint8_t *p; int32_t len; } ck_bytes;
/** A records field: memory (p, len) or, when fd >= 0, len bytes of fd at file_off
 *  (ref is handed to ck_wb_splice_file and released with the buffer); len -1 = null. */
typedef struct ck_records { const uint8_t *p; int32_t len; int fd; int64_t file_off; void *ref; } ck_records;

typedef struct ck_bool_array { int32_t n; bool *a; } ck_bool_array;
typedef struct ck_int8_array { int32_t n; int8_t *a; } ck_int8_array;
typedef struct ck_int16_array { int32_t n; int16_t *a; } ck_int16_array;
typedef struct ck_uint16_array { int32_t n; uint16_t *a; } ck_uint16_array;
typedef struct ck_int32_array { int32_t n; int32_t *a; } ck_int32_array;
typedef struct ck_int64_array { int32_t n; int64_t *a; } ck_int64_array;
typedef struct ck_float64_array { int32_t n; double *a; } ck_float64_array;
typedef struct ck_uuid_array { int32_t n; uint8_t (*a)[16]; } ck_uuid_array;
typedef struct ck_str_array { int32_t n; ck_str *a; } ck_str_array;
typedef struct ck_bytes_array { int32_t n; ck_bytes *a; } ck_bytes_array;

/** Allocates count zeroed elements for any array field from an arena and sets n
 *  (for struct arrays prefer ck_X_S_array_alloc, which also applies defaults). */
#define CK_ARRAY_ALLOC(arena, arr, count) \
    ((arr).n = (int32_t)(count), \
     (arr).a = (count) > 0 ? ck_arena_alloc((arena), sizeof(*(arr).a) * (size_t)(count)) : NULL)

/* ---- API table ------------------------------------------------------------ */

typedef struct ck_api_schema {
    int16_t     api_key;
    const char *name;              /* "Produce", "ApiVersions", ... */
    int16_t     min_version;
    int16_t     max_version;
    int16_t     flexible_version;  /* first flexible version, -1 if none */
} ck_api_schema;

/** Every API with generated codecs, sorted by api_key. */
extern const ck_api_schema ck_api_schemas[];
extern const size_t ck_api_schemas_count;

/** @brief The table entry for api_key, or NULL if it has no generated codec. */
const ck_api_schema *ck_api_schema_get(int16_t api_key);
/** @brief Request header version (0, 1 or 2) for api_key/api_version; -1 for an unknown key. */
int16_t ck_request_header_version(int16_t api_key, int16_t api_version);
/** @brief Response header version (0 or 1); ApiVersions responses always use 0; -1 for an unknown key. */
int16_t ck_response_header_version(int16_t api_key, int16_t api_version);

/** @brief sizeof the request/response struct of api_key (0 if unknown). */
size_t ck_request_struct_size(int16_t api_key);
size_t ck_response_struct_size(int16_t api_key);
/** @brief ck_X_init by key; returns -1 for an unknown key. */
int ck_request_init(int16_t api_key, void *msg);
int ck_response_init(int16_t api_key, void *msg);
/** @brief Decodes a request/response body by key into a struct allocated from the
 *  arena (*out).  Returns 0, or -1 (unknown key, bad version, malformed input). */
int ck_request_decode(int16_t api_key, int16_t version, ck_rd *rd, ck_arena *a, void **out);
int ck_response_decode(int16_t api_key, int16_t version, ck_rd *rd, ck_arena *a, void **out);
/** @brief Encodes a request/response struct by key; writes nothing for an unknown key or version. */
void ck_request_encode(int16_t api_key, int16_t version, ck_wb *wb, const void *msg);
void ck_response_encode(int16_t api_key, int16_t version, ck_wb *wb, const void *msg);

/* ---- runtime helpers used by the generated code (lib/protocol/wire.c) ---- */

void ck_protocol_rd_str(ck_rd *rd, bool compact, bool nullable, ck_str *s);
void ck_protocol_rd_bytes(ck_rd *rd, bool compact, bool nullable, ck_bytes *b);
void ck_protocol_rd_records(ck_rd *rd, bool compact, bool nullable, ck_records *r);
void ck_protocol_rd_uuid(ck_rd *rd, uint8_t out[16]);
int32_t ck_protocol_rd_array_len(ck_rd *rd, bool compact, bool nullable, size_t min_elem_size);
void ck_protocol_wr_str(ck_wb *wb, bool compact, bool nullable, const ck_str *s);
void ck_protocol_wr_bytes(ck_wb *wb, bool compact, bool nullable, const ck_bytes *b);
void ck_protocol_wr_records(ck_wb *wb, bool compact, bool nullable, const ck_records *r);
void ck_protocol_wr_array_len(ck_wb *wb, bool compact, bool nullable, int32_t n);
size_t ck_protocol_wr_tag_begin(ck_wb *wb, uint32_t tag);
void ck_protocol_wr_tag_end(ck_wb *wb, size_t mark);
bool ck_protocol_uuid_is_zero(const uint8_t u[16]);
bool ck_protocol_str_eq_lit(const ck_str *s, const char *lit);
/* ---- API keys ------------------------------------------------------------ */

enum {
    CK_API_PRODUCE                           = 0,
    CK_API_FETCH                             = 1,
    CK_API_LIST_OFFSETS                      = 2,
    CK_API_METADATA                          = 3,
    CK_API_LEADER_AND_ISR                    = 4,
    CK_API_STOP_REPLICA                      = 5,
    CK_API_UPDATE_METADATA                   = 6,
    CK_API_CONTROLLED_SHUTDOWN               = 7,
    CK_API_OFFSET_COMMIT                     = 8,
    CK_API_OFFSET_FETCH                      = 9,
    CK_API_FIND_COORDINATOR                  = 10,
    CK_API_JOIN_GROUP                        = 11,
    CK_API_HEARTBEAT                         = 12,
    CK_API_LEAVE_GROUP                       = 13,
    CK_API_SYNC_GROUP                        = 14,
    CK_API_DESCRIBE_GROUPS                   = 15,
    CK_API_LIST_GROUPS                       = 16,
    CK_API_SASL_HANDSHAKE                    = 17,
    CK_API_API_VERSIONS                      = 18,
    CK_API_CREATE_TOPICS                     = 19,
    CK_API_DELETE_TOPICS                     = 20,
    CK_API_DELETE_RECORDS                    = 21,
    CK_API_INIT_PRODUCER_ID                  = 22,
    CK_API_OFFSET_FOR_LEADER_EPOCH           = 23,
    CK_API_ADD_PARTITIONS_TO_TXN             = 24,
    CK_API_ADD_OFFSETS_TO_TXN                = 25,
    CK_API_END_TXN                           = 26,
    CK_API_WRITE_TXN_MARKERS                 = 27,
    CK_API_TXN_OFFSET_COMMIT                 = 28,
    CK_API_DESCRIBE_ACLS                     = 29,
    CK_API_CREATE_ACLS                       = 30,
    CK_API_DELETE_ACLS                       = 31,
    CK_API_DESCRIBE_CONFIGS                  = 32,
    CK_API_ALTER_CONFIGS                     = 33,
    CK_API_ALTER_REPLICA_LOG_DIRS            = 34,
    CK_API_DESCRIBE_LOG_DIRS                 = 35,
    CK_API_SASL_AUTHENTICATE                 = 36,
    CK_API_CREATE_PARTITIONS                 = 37,
    CK_API_CREATE_DELEGATION_TOKEN           = 38,
    CK_API_RENEW_DELEGATION_TOKEN            = 39,
    CK_API_EXPIRE_DELEGATION_TOKEN           = 40,
    CK_API_DESCRIBE_DELEGATION_TOKEN         = 41,
    CK_API_DELETE_GROUPS                     = 42,
    CK_API_ELECT_LEADERS                     = 43,
    CK_API_INCREMENTAL_ALTER_CONFIGS         = 44,
    CK_API_ALTER_PARTITION_REASSIGNMENTS     = 45,
    CK_API_LIST_PARTITION_REASSIGNMENTS      = 46,
    CK_API_OFFSET_DELETE                     = 47,
    CK_API_DESCRIBE_CLIENT_QUOTAS            = 48,
    CK_API_ALTER_CLIENT_QUOTAS               = 49,
    CK_API_DESCRIBE_USER_SCRAM_CREDENTIALS   = 50,
    CK_API_ALTER_USER_SCRAM_CREDENTIALS      = 51,
    CK_API_DESCRIBE_QUORUM                   = 55,
    CK_API_ALTER_PARTITION                   = 56,
    CK_API_UPDATE_FEATURES                   = 57,
    CK_API_ENVELOPE                          = 58,
    CK_API_DESCRIBE_CLUSTER                  = 60,
    CK_API_DESCRIBE_PRODUCERS                = 61,
    CK_API_UNREGISTER_BROKER                 = 64,
    CK_API_DESCRIBE_TRANSACTIONS             = 65,
    CK_API_LIST_TRANSACTIONS                 = 66,
    CK_API_ALLOCATE_PRODUCER_IDS             = 67,
    CK_API_CONSUMER_GROUP_HEARTBEAT          = 68,
    CK_API_CONSUMER_GROUP_DESCRIBE           = 69,
    CK_API_GET_TELEMETRY_SUBSCRIPTIONS       = 71,
    CK_API_PUSH_TELEMETRY                    = 72,
    CK_API_LIST_CLIENT_METRICS_RESOURCES     = 74,
    CK_API_DESCRIBE_TOPIC_PARTITIONS         = 75,
    CK_API_SHARE_GROUP_HEARTBEAT             = 76,
    CK_API_SHARE_GROUP_DESCRIBE              = 77,
    CK_API_SHARE_FETCH                       = 78,
    CK_API_SHARE_ACKNOWLEDGE                 = 79,
    CK_API_ADD_RAFT_VOTER                    = 80,
    CK_API_REMOVE_RAFT_VOTER                 = 81,
    CK_API_INITIALIZE_SHARE_GROUP_STATE      = 83,
    CK_API_READ_SHARE_GROUP_STATE            = 84,
    CK_API_WRITE_SHARE_GROUP_STATE           = 85,
    CK_API_DELETE_SHARE_GROUP_STATE          = 86,
    CK_API_READ_SHARE_GROUP_STATE_SUMMARY    = 87,
};

/* ---- RequestHeader (header, versions 0-2, flexible 2+) ---- */
#define CK_REQUEST_HEADER_MIN_VERSION 0
#define CK_REQUEST_HEADER_MAX_VERSION 2
typedef struct ck_RequestHeader ck_RequestHeader;
struct ck_RequestHeader {
    int16_t RequestApiKey;                   /* v0+ */
    int16_t RequestApiVersion;               /* v0+ */
    int32_t CorrelationId;                   /* v0+ */
    ck_str ClientId;                         /* v1+, nullable 1+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_RequestHeader_init(ck_RequestHeader *m);
/** @brief Decodes one RequestHeader of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_RequestHeader_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_RequestHeader *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_RequestHeader_encode(ck_wb *wb, int16_t version, const ck_RequestHeader *m);

/* ---- ResponseHeader (header, versions 0-1, flexible 1+) ---- */
#define CK_RESPONSE_HEADER_MIN_VERSION 0
#define CK_RESPONSE_HEADER_MAX_VERSION 1
typedef struct ck_ResponseHeader ck_ResponseHeader;
struct ck_ResponseHeader {
    int32_t CorrelationId;                   /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ResponseHeader_init(ck_ResponseHeader *m);
/** @brief Decodes one ResponseHeader of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ResponseHeader_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ResponseHeader *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ResponseHeader_encode(ck_wb *wb, int16_t version, const ck_ResponseHeader *m);

/* ---- ConsumerProtocolSubscription (data, versions 0-3, flexible none) ---- */
#define CK_CONSUMER_PROTOCOL_SUBSCRIPTION_MIN_VERSION 0
#define CK_CONSUMER_PROTOCOL_SUBSCRIPTION_MAX_VERSION 3
typedef struct ck_ConsumerProtocolSubscription_TopicPartition ck_ConsumerProtocolSubscription_TopicPartition;
typedef struct ck_ConsumerProtocolSubscription_TopicPartition_array { int32_t n; ck_ConsumerProtocolSubscription_TopicPartition *a; } ck_ConsumerProtocolSubscription_TopicPartition_array;
typedef struct ck_ConsumerProtocolSubscription ck_ConsumerProtocolSubscription;
struct ck_ConsumerProtocolSubscription_TopicPartition {
    ck_str Topic;                            /* v1+ */
    ck_int32_array Partitions;               /* v1+ */
};
struct ck_ConsumerProtocolSubscription {
    ck_str_array Topics;                     /* v0+ */
    ck_bytes UserData;                       /* v0+, nullable 0+, default null */
    ck_ConsumerProtocolSubscription_TopicPartition_array OwnedPartitions; /* v1+ */
    int32_t GenerationId;                    /* v2+, default -1 */
    ck_str RackId;                           /* v3+, nullable 3+, default null */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ConsumerProtocolSubscription_TopicPartition_init(ck_ConsumerProtocolSubscription_TopicPartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ConsumerProtocolSubscription_TopicPartition *ck_ConsumerProtocolSubscription_TopicPartition_array_alloc(ck_arena *a, ck_ConsumerProtocolSubscription_TopicPartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ConsumerProtocolSubscription_init(ck_ConsumerProtocolSubscription *m);
/** @brief Decodes one ConsumerProtocolSubscription of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ConsumerProtocolSubscription_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ConsumerProtocolSubscription *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ConsumerProtocolSubscription_encode(ck_wb *wb, int16_t version, const ck_ConsumerProtocolSubscription *m);

/* ---- ConsumerProtocolAssignment (data, versions 0-3, flexible none) ---- */
#define CK_CONSUMER_PROTOCOL_ASSIGNMENT_MIN_VERSION 0
#define CK_CONSUMER_PROTOCOL_ASSIGNMENT_MAX_VERSION 3
typedef struct ck_ConsumerProtocolAssignment_TopicPartition ck_ConsumerProtocolAssignment_TopicPartition;
typedef struct ck_ConsumerProtocolAssignment_TopicPartition_array { int32_t n; ck_ConsumerProtocolAssignment_TopicPartition *a; } ck_ConsumerProtocolAssignment_TopicPartition_array;
typedef struct ck_ConsumerProtocolAssignment ck_ConsumerProtocolAssignment;
struct ck_ConsumerProtocolAssignment_TopicPartition {
    ck_str Topic;                            /* v0+ */
    ck_int32_array Partitions;               /* v0+ */
};
struct ck_ConsumerProtocolAssignment {
    ck_ConsumerProtocolAssignment_TopicPartition_array AssignedPartitions; /* v0+ */
    ck_bytes UserData;                       /* v0+, nullable 0+, default null */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ConsumerProtocolAssignment_TopicPartition_init(ck_ConsumerProtocolAssignment_TopicPartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ConsumerProtocolAssignment_TopicPartition *ck_ConsumerProtocolAssignment_TopicPartition_array_alloc(ck_arena *a, ck_ConsumerProtocolAssignment_TopicPartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ConsumerProtocolAssignment_init(ck_ConsumerProtocolAssignment *m);
/** @brief Decodes one ConsumerProtocolAssignment of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ConsumerProtocolAssignment_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ConsumerProtocolAssignment *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ConsumerProtocolAssignment_encode(ck_wb *wb, int16_t version, const ck_ConsumerProtocolAssignment *m);

/* ---- ProduceRequest (request key 0, versions 0-11, flexible 9+) ---- */
#define CK_PRODUCE_REQUEST_MIN_VERSION 0
#define CK_PRODUCE_REQUEST_MAX_VERSION 11
typedef struct ck_ProduceRequest_PartitionProduceData ck_ProduceRequest_PartitionProduceData;
typedef struct ck_ProduceRequest_PartitionProduceData_array { int32_t n; ck_ProduceRequest_PartitionProduceData *a; } ck_ProduceRequest_PartitionProduceData_array;
typedef struct ck_ProduceRequest_TopicProduceData ck_ProduceRequest_TopicProduceData;
typedef struct ck_ProduceRequest_TopicProduceData_array { int32_t n; ck_ProduceRequest_TopicProduceData *a; } ck_ProduceRequest_TopicProduceData_array;
typedef struct ck_ProduceRequest ck_ProduceRequest;
struct ck_ProduceRequest_PartitionProduceData {
    int32_t Index;                           /* v0+ */
    ck_records Records;                      /* v0+, nullable 0+ */
};
struct ck_ProduceRequest_TopicProduceData {
    ck_str Name;                             /* v0+ */
    ck_ProduceRequest_PartitionProduceData_array PartitionData; /* v0+ */
};
struct ck_ProduceRequest {
    ck_str TransactionalId;                  /* v3+, nullable 3+, default null */
    int16_t Acks;                            /* v0+ */
    int32_t TimeoutMs;                       /* v0+ */
    ck_ProduceRequest_TopicProduceData_array TopicData; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ProduceRequest_PartitionProduceData_init(ck_ProduceRequest_PartitionProduceData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ProduceRequest_PartitionProduceData *ck_ProduceRequest_PartitionProduceData_array_alloc(ck_arena *a, ck_ProduceRequest_PartitionProduceData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ProduceRequest_TopicProduceData_init(ck_ProduceRequest_TopicProduceData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ProduceRequest_TopicProduceData *ck_ProduceRequest_TopicProduceData_array_alloc(ck_arena *a, ck_ProduceRequest_TopicProduceData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ProduceRequest_init(ck_ProduceRequest *m);
/** @brief Decodes one ProduceRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ProduceRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ProduceRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ProduceRequest_encode(ck_wb *wb, int16_t version, const ck_ProduceRequest *m);

/* ---- ProduceResponse (response key 0, versions 0-11, flexible 9+) ---- */
#define CK_PRODUCE_RESPONSE_MIN_VERSION 0
#define CK_PRODUCE_RESPONSE_MAX_VERSION 11
typedef struct ck_ProduceResponse_BatchIndexAndErrorMessage ck_ProduceResponse_BatchIndexAndErrorMessage;
typedef struct ck_ProduceResponse_BatchIndexAndErrorMessage_array { int32_t n; ck_ProduceResponse_BatchIndexAndErrorMessage *a; } ck_ProduceResponse_BatchIndexAndErrorMessage_array;
typedef struct ck_ProduceResponse_LeaderIdAndEpoch ck_ProduceResponse_LeaderIdAndEpoch;
typedef struct ck_ProduceResponse_LeaderIdAndEpoch_array { int32_t n; ck_ProduceResponse_LeaderIdAndEpoch *a; } ck_ProduceResponse_LeaderIdAndEpoch_array;
typedef struct ck_ProduceResponse_PartitionProduceResponse ck_ProduceResponse_PartitionProduceResponse;
typedef struct ck_ProduceResponse_PartitionProduceResponse_array { int32_t n; ck_ProduceResponse_PartitionProduceResponse *a; } ck_ProduceResponse_PartitionProduceResponse_array;
typedef struct ck_ProduceResponse_TopicProduceResponse ck_ProduceResponse_TopicProduceResponse;
typedef struct ck_ProduceResponse_TopicProduceResponse_array { int32_t n; ck_ProduceResponse_TopicProduceResponse *a; } ck_ProduceResponse_TopicProduceResponse_array;
typedef struct ck_ProduceResponse_NodeEndpoint ck_ProduceResponse_NodeEndpoint;
typedef struct ck_ProduceResponse_NodeEndpoint_array { int32_t n; ck_ProduceResponse_NodeEndpoint *a; } ck_ProduceResponse_NodeEndpoint_array;
typedef struct ck_ProduceResponse ck_ProduceResponse;
struct ck_ProduceResponse_BatchIndexAndErrorMessage {
    int32_t BatchIndex;                      /* v8+ */
    ck_str BatchIndexErrorMessage;           /* v8+, nullable 8+, default null */
};
struct ck_ProduceResponse_LeaderIdAndEpoch {
    int32_t LeaderId;                        /* v10+, default -1 */
    int32_t LeaderEpoch;                     /* v10+, default -1 */
};
struct ck_ProduceResponse_PartitionProduceResponse {
    int32_t Index;                           /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    int64_t BaseOffset;                      /* v0+ */
    int64_t LogAppendTimeMs;                 /* v2+, default -1 */
    int64_t LogStartOffset;                  /* v5+, default -1 */
    ck_ProduceResponse_BatchIndexAndErrorMessage_array RecordErrors; /* v8+ */
    ck_str ErrorMessage;                     /* v8+, nullable 8+, default null */
    ck_ProduceResponse_LeaderIdAndEpoch CurrentLeader; /* v10+, tag 0 */
};
struct ck_ProduceResponse_TopicProduceResponse {
    ck_str Name;                             /* v0+ */
    ck_ProduceResponse_PartitionProduceResponse_array PartitionResponses; /* v0+ */
};
struct ck_ProduceResponse_NodeEndpoint {
    int32_t NodeId;                          /* v10+ */
    ck_str Host;                             /* v10+ */
    int32_t Port;                            /* v10+ */
    ck_str Rack;                             /* v10+, nullable 10+, default null */
};
struct ck_ProduceResponse {
    ck_ProduceResponse_TopicProduceResponse_array Responses; /* v0+ */
    int32_t ThrottleTimeMs;                  /* v1+, default 0 */
    ck_ProduceResponse_NodeEndpoint_array NodeEndpoints; /* v10+, tag 0 */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ProduceResponse_BatchIndexAndErrorMessage_init(ck_ProduceResponse_BatchIndexAndErrorMessage *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ProduceResponse_BatchIndexAndErrorMessage *ck_ProduceResponse_BatchIndexAndErrorMessage_array_alloc(ck_arena *a, ck_ProduceResponse_BatchIndexAndErrorMessage_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ProduceResponse_LeaderIdAndEpoch_init(ck_ProduceResponse_LeaderIdAndEpoch *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ProduceResponse_LeaderIdAndEpoch *ck_ProduceResponse_LeaderIdAndEpoch_array_alloc(ck_arena *a, ck_ProduceResponse_LeaderIdAndEpoch_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ProduceResponse_PartitionProduceResponse_init(ck_ProduceResponse_PartitionProduceResponse *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ProduceResponse_PartitionProduceResponse *ck_ProduceResponse_PartitionProduceResponse_array_alloc(ck_arena *a, ck_ProduceResponse_PartitionProduceResponse_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ProduceResponse_TopicProduceResponse_init(ck_ProduceResponse_TopicProduceResponse *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ProduceResponse_TopicProduceResponse *ck_ProduceResponse_TopicProduceResponse_array_alloc(ck_arena *a, ck_ProduceResponse_TopicProduceResponse_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ProduceResponse_NodeEndpoint_init(ck_ProduceResponse_NodeEndpoint *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ProduceResponse_NodeEndpoint *ck_ProduceResponse_NodeEndpoint_array_alloc(ck_arena *a, ck_ProduceResponse_NodeEndpoint_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ProduceResponse_init(ck_ProduceResponse *m);
/** @brief Decodes one ProduceResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ProduceResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ProduceResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ProduceResponse_encode(ck_wb *wb, int16_t version, const ck_ProduceResponse *m);

/* ---- FetchRequest (request key 1, versions 0-17, flexible 12+) ---- */
#define CK_FETCH_REQUEST_MIN_VERSION 0
#define CK_FETCH_REQUEST_MAX_VERSION 17
typedef struct ck_FetchRequest_ReplicaState ck_FetchRequest_ReplicaState;
typedef struct ck_FetchRequest_ReplicaState_array { int32_t n; ck_FetchRequest_ReplicaState *a; } ck_FetchRequest_ReplicaState_array;
typedef struct ck_FetchRequest_FetchPartition ck_FetchRequest_FetchPartition;
typedef struct ck_FetchRequest_FetchPartition_array { int32_t n; ck_FetchRequest_FetchPartition *a; } ck_FetchRequest_FetchPartition_array;
typedef struct ck_FetchRequest_FetchTopic ck_FetchRequest_FetchTopic;
typedef struct ck_FetchRequest_FetchTopic_array { int32_t n; ck_FetchRequest_FetchTopic *a; } ck_FetchRequest_FetchTopic_array;
typedef struct ck_FetchRequest_ForgottenTopic ck_FetchRequest_ForgottenTopic;
typedef struct ck_FetchRequest_ForgottenTopic_array { int32_t n; ck_FetchRequest_ForgottenTopic *a; } ck_FetchRequest_ForgottenTopic_array;
typedef struct ck_FetchRequest ck_FetchRequest;
struct ck_FetchRequest_ReplicaState {
    int32_t ReplicaId;                       /* v15+, default -1 */
    int64_t ReplicaEpoch;                    /* v15+, default -1 */
};
struct ck_FetchRequest_FetchPartition {
    int32_t Partition;                       /* v0+ */
    int32_t CurrentLeaderEpoch;              /* v9+, default -1 */
    int64_t FetchOffset;                     /* v0+ */
    int32_t LastFetchedEpoch;                /* v12+, default -1 */
    int64_t LogStartOffset;                  /* v5+, default -1 */
    int32_t PartitionMaxBytes;               /* v0+ */
    uint8_t ReplicaDirectoryId[16];          /* v17+, tag 0 */
};
struct ck_FetchRequest_FetchTopic {
    ck_str Topic;                            /* v0-12 */
    uint8_t TopicId[16];                     /* v13+ */
    ck_FetchRequest_FetchPartition_array Partitions; /* v0+ */
};
struct ck_FetchRequest_ForgottenTopic {
    ck_str Topic;                            /* v7-12 */
    uint8_t TopicId[16];                     /* v13+ */
    ck_int32_array Partitions;               /* v7+ */
};
struct ck_FetchRequest {
    ck_str ClusterId;                        /* v12+, nullable 12+, tag 0, default null */
    int32_t ReplicaId;                       /* v0-14, default -1 */
    ck_FetchRequest_ReplicaState ReplicaState; /* v15+, tag 1 */
    int32_t MaxWaitMs;                       /* v0+ */
    int32_t MinBytes;                        /* v0+ */
    int32_t MaxBytes;                        /* v3+, default 0x7fffffff */
    int8_t IsolationLevel;                   /* v4+, default 0 */
    int32_t SessionId;                       /* v7+, default 0 */
    int32_t SessionEpoch;                    /* v7+, default -1 */
    ck_FetchRequest_FetchTopic_array Topics; /* v0+ */
    ck_FetchRequest_ForgottenTopic_array ForgottenTopicsData; /* v7+ */
    ck_str RackId;                           /* v11+, default  */
};

/** @brief Sets every field of *m to its schema default. */
void ck_FetchRequest_ReplicaState_init(ck_FetchRequest_ReplicaState *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_FetchRequest_ReplicaState *ck_FetchRequest_ReplicaState_array_alloc(ck_arena *a, ck_FetchRequest_ReplicaState_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_FetchRequest_FetchPartition_init(ck_FetchRequest_FetchPartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_FetchRequest_FetchPartition *ck_FetchRequest_FetchPartition_array_alloc(ck_arena *a, ck_FetchRequest_FetchPartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_FetchRequest_FetchTopic_init(ck_FetchRequest_FetchTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_FetchRequest_FetchTopic *ck_FetchRequest_FetchTopic_array_alloc(ck_arena *a, ck_FetchRequest_FetchTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_FetchRequest_ForgottenTopic_init(ck_FetchRequest_ForgottenTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_FetchRequest_ForgottenTopic *ck_FetchRequest_ForgottenTopic_array_alloc(ck_arena *a, ck_FetchRequest_ForgottenTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_FetchRequest_init(ck_FetchRequest *m);
/** @brief Decodes one FetchRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_FetchRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_FetchRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_FetchRequest_encode(ck_wb *wb, int16_t version, const ck_FetchRequest *m);

/* ---- FetchResponse (response key 1, versions 0-17, flexible 12+) ---- */
#define CK_FETCH_RESPONSE_MIN_VERSION 0
#define CK_FETCH_RESPONSE_MAX_VERSION 17
typedef struct ck_FetchResponse_EpochEndOffset ck_FetchResponse_EpochEndOffset;
typedef struct ck_FetchResponse_EpochEndOffset_array { int32_t n; ck_FetchResponse_EpochEndOffset *a; } ck_FetchResponse_EpochEndOffset_array;
typedef struct ck_FetchResponse_LeaderIdAndEpoch ck_FetchResponse_LeaderIdAndEpoch;
typedef struct ck_FetchResponse_LeaderIdAndEpoch_array { int32_t n; ck_FetchResponse_LeaderIdAndEpoch *a; } ck_FetchResponse_LeaderIdAndEpoch_array;
typedef struct ck_FetchResponse_SnapshotId ck_FetchResponse_SnapshotId;
typedef struct ck_FetchResponse_SnapshotId_array { int32_t n; ck_FetchResponse_SnapshotId *a; } ck_FetchResponse_SnapshotId_array;
typedef struct ck_FetchResponse_AbortedTransaction ck_FetchResponse_AbortedTransaction;
typedef struct ck_FetchResponse_AbortedTransaction_array { int32_t n; ck_FetchResponse_AbortedTransaction *a; } ck_FetchResponse_AbortedTransaction_array;
typedef struct ck_FetchResponse_PartitionData ck_FetchResponse_PartitionData;
typedef struct ck_FetchResponse_PartitionData_array { int32_t n; ck_FetchResponse_PartitionData *a; } ck_FetchResponse_PartitionData_array;
typedef struct ck_FetchResponse_FetchableTopicResponse ck_FetchResponse_FetchableTopicResponse;
typedef struct ck_FetchResponse_FetchableTopicResponse_array { int32_t n; ck_FetchResponse_FetchableTopicResponse *a; } ck_FetchResponse_FetchableTopicResponse_array;
typedef struct ck_FetchResponse_NodeEndpoint ck_FetchResponse_NodeEndpoint;
typedef struct ck_FetchResponse_NodeEndpoint_array { int32_t n; ck_FetchResponse_NodeEndpoint *a; } ck_FetchResponse_NodeEndpoint_array;
typedef struct ck_FetchResponse ck_FetchResponse;
struct ck_FetchResponse_EpochEndOffset {
    int32_t Epoch;                           /* v12+, default -1 */
    int64_t EndOffset;                       /* v12+, default -1 */
};
struct ck_FetchResponse_LeaderIdAndEpoch {
    int32_t LeaderId;                        /* v12+, default -1 */
    int32_t LeaderEpoch;                     /* v12+, default -1 */
};
struct ck_FetchResponse_SnapshotId {
    int64_t EndOffset;                       /* v0+, default -1 */
    int32_t Epoch;                           /* v0+, default -1 */
};
struct ck_FetchResponse_AbortedTransaction {
    int64_t ProducerId;                      /* v4+ */
    int64_t FirstOffset;                     /* v4+ */
};
struct ck_FetchResponse_PartitionData {
    int32_t PartitionIndex;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    int64_t HighWatermark;                   /* v0+ */
    int64_t LastStableOffset;                /* v4+, default -1 */
    int64_t LogStartOffset;                  /* v5+, default -1 */
    ck_FetchResponse_EpochEndOffset DivergingEpoch; /* v12+, tag 0 */
    ck_FetchResponse_LeaderIdAndEpoch CurrentLeader; /* v12+, tag 1 */
    ck_FetchResponse_SnapshotId SnapshotId;  /* v12+, tag 2 */
    ck_FetchResponse_AbortedTransaction_array AbortedTransactions; /* v4+, nullable 4+ */
    int32_t PreferredReadReplica;            /* v11+, default -1 */
    ck_records Records;                      /* v0+, nullable 0+ */
};
struct ck_FetchResponse_FetchableTopicResponse {
    ck_str Topic;                            /* v0-12 */
    uint8_t TopicId[16];                     /* v13+ */
    ck_FetchResponse_PartitionData_array Partitions; /* v0+ */
};
struct ck_FetchResponse_NodeEndpoint {
    int32_t NodeId;                          /* v16+ */
    ck_str Host;                             /* v16+ */
    int32_t Port;                            /* v16+ */
    ck_str Rack;                             /* v16+, nullable 16+, default null */
};
struct ck_FetchResponse {
    int32_t ThrottleTimeMs;                  /* v1+ */
    int16_t ErrorCode;                       /* v7+ */
    int32_t SessionId;                       /* v7+, default 0 */
    ck_FetchResponse_FetchableTopicResponse_array Responses; /* v0+ */
    ck_FetchResponse_NodeEndpoint_array NodeEndpoints; /* v16+, tag 0 */
};

/** @brief Sets every field of *m to its schema default. */
void ck_FetchResponse_EpochEndOffset_init(ck_FetchResponse_EpochEndOffset *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_FetchResponse_EpochEndOffset *ck_FetchResponse_EpochEndOffset_array_alloc(ck_arena *a, ck_FetchResponse_EpochEndOffset_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_FetchResponse_LeaderIdAndEpoch_init(ck_FetchResponse_LeaderIdAndEpoch *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_FetchResponse_LeaderIdAndEpoch *ck_FetchResponse_LeaderIdAndEpoch_array_alloc(ck_arena *a, ck_FetchResponse_LeaderIdAndEpoch_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_FetchResponse_SnapshotId_init(ck_FetchResponse_SnapshotId *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_FetchResponse_SnapshotId *ck_FetchResponse_SnapshotId_array_alloc(ck_arena *a, ck_FetchResponse_SnapshotId_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_FetchResponse_AbortedTransaction_init(ck_FetchResponse_AbortedTransaction *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_FetchResponse_AbortedTransaction *ck_FetchResponse_AbortedTransaction_array_alloc(ck_arena *a, ck_FetchResponse_AbortedTransaction_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_FetchResponse_PartitionData_init(ck_FetchResponse_PartitionData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_FetchResponse_PartitionData *ck_FetchResponse_PartitionData_array_alloc(ck_arena *a, ck_FetchResponse_PartitionData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_FetchResponse_FetchableTopicResponse_init(ck_FetchResponse_FetchableTopicResponse *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_FetchResponse_FetchableTopicResponse *ck_FetchResponse_FetchableTopicResponse_array_alloc(ck_arena *a, ck_FetchResponse_FetchableTopicResponse_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_FetchResponse_NodeEndpoint_init(ck_FetchResponse_NodeEndpoint *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_FetchResponse_NodeEndpoint *ck_FetchResponse_NodeEndpoint_array_alloc(ck_arena *a, ck_FetchResponse_NodeEndpoint_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_FetchResponse_init(ck_FetchResponse *m);
/** @brief Decodes one FetchResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_FetchResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_FetchResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_FetchResponse_encode(ck_wb *wb, int16_t version, const ck_FetchResponse *m);

/* ---- ListOffsetsRequest (request key 2, versions 0-10, flexible 6+) ---- */
#define CK_LIST_OFFSETS_REQUEST_MIN_VERSION 0
#define CK_LIST_OFFSETS_REQUEST_MAX_VERSION 10
typedef struct ck_ListOffsetsRequest_ListOffsetsPartition ck_ListOffsetsRequest_ListOffsetsPartition;
typedef struct ck_ListOffsetsRequest_ListOffsetsPartition_array { int32_t n; ck_ListOffsetsRequest_ListOffsetsPartition *a; } ck_ListOffsetsRequest_ListOffsetsPartition_array;
typedef struct ck_ListOffsetsRequest_ListOffsetsTopic ck_ListOffsetsRequest_ListOffsetsTopic;
typedef struct ck_ListOffsetsRequest_ListOffsetsTopic_array { int32_t n; ck_ListOffsetsRequest_ListOffsetsTopic *a; } ck_ListOffsetsRequest_ListOffsetsTopic_array;
typedef struct ck_ListOffsetsRequest ck_ListOffsetsRequest;
struct ck_ListOffsetsRequest_ListOffsetsPartition {
    int32_t PartitionIndex;                  /* v0+ */
    int32_t CurrentLeaderEpoch;              /* v4+, default -1 */
    int64_t Timestamp;                       /* v0+ */
    int32_t MaxNumOffsets;                   /* v0-0, default 1 */
};
struct ck_ListOffsetsRequest_ListOffsetsTopic {
    ck_str Name;                             /* v0+ */
    ck_ListOffsetsRequest_ListOffsetsPartition_array Partitions; /* v0+ */
};
struct ck_ListOffsetsRequest {
    int32_t ReplicaId;                       /* v0+ */
    int8_t IsolationLevel;                   /* v2+ */
    ck_ListOffsetsRequest_ListOffsetsTopic_array Topics; /* v0+ */
    int32_t TimeoutMs;                       /* v10+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ListOffsetsRequest_ListOffsetsPartition_init(ck_ListOffsetsRequest_ListOffsetsPartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ListOffsetsRequest_ListOffsetsPartition *ck_ListOffsetsRequest_ListOffsetsPartition_array_alloc(ck_arena *a, ck_ListOffsetsRequest_ListOffsetsPartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ListOffsetsRequest_ListOffsetsTopic_init(ck_ListOffsetsRequest_ListOffsetsTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ListOffsetsRequest_ListOffsetsTopic *ck_ListOffsetsRequest_ListOffsetsTopic_array_alloc(ck_arena *a, ck_ListOffsetsRequest_ListOffsetsTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ListOffsetsRequest_init(ck_ListOffsetsRequest *m);
/** @brief Decodes one ListOffsetsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ListOffsetsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ListOffsetsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ListOffsetsRequest_encode(ck_wb *wb, int16_t version, const ck_ListOffsetsRequest *m);

/* ---- ListOffsetsResponse (response key 2, versions 0-10, flexible 6+) ---- */
#define CK_LIST_OFFSETS_RESPONSE_MIN_VERSION 0
#define CK_LIST_OFFSETS_RESPONSE_MAX_VERSION 10
typedef struct ck_ListOffsetsResponse_ListOffsetsPartitionResponse ck_ListOffsetsResponse_ListOffsetsPartitionResponse;
typedef struct ck_ListOffsetsResponse_ListOffsetsPartitionResponse_array { int32_t n; ck_ListOffsetsResponse_ListOffsetsPartitionResponse *a; } ck_ListOffsetsResponse_ListOffsetsPartitionResponse_array;
typedef struct ck_ListOffsetsResponse_ListOffsetsTopicResponse ck_ListOffsetsResponse_ListOffsetsTopicResponse;
typedef struct ck_ListOffsetsResponse_ListOffsetsTopicResponse_array { int32_t n; ck_ListOffsetsResponse_ListOffsetsTopicResponse *a; } ck_ListOffsetsResponse_ListOffsetsTopicResponse_array;
typedef struct ck_ListOffsetsResponse ck_ListOffsetsResponse;
struct ck_ListOffsetsResponse_ListOffsetsPartitionResponse {
    int32_t PartitionIndex;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_int64_array OldStyleOffsets;          /* v0-0 */
    int64_t Timestamp;                       /* v1+, default -1 */
    int64_t Offset;                          /* v1+, default -1 */
    int32_t LeaderEpoch;                     /* v4+, default -1 */
};
struct ck_ListOffsetsResponse_ListOffsetsTopicResponse {
    ck_str Name;                             /* v0+ */
    ck_ListOffsetsResponse_ListOffsetsPartitionResponse_array Partitions; /* v0+ */
};
struct ck_ListOffsetsResponse {
    int32_t ThrottleTimeMs;                  /* v2+ */
    ck_ListOffsetsResponse_ListOffsetsTopicResponse_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ListOffsetsResponse_ListOffsetsPartitionResponse_init(ck_ListOffsetsResponse_ListOffsetsPartitionResponse *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ListOffsetsResponse_ListOffsetsPartitionResponse *ck_ListOffsetsResponse_ListOffsetsPartitionResponse_array_alloc(ck_arena *a, ck_ListOffsetsResponse_ListOffsetsPartitionResponse_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ListOffsetsResponse_ListOffsetsTopicResponse_init(ck_ListOffsetsResponse_ListOffsetsTopicResponse *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ListOffsetsResponse_ListOffsetsTopicResponse *ck_ListOffsetsResponse_ListOffsetsTopicResponse_array_alloc(ck_arena *a, ck_ListOffsetsResponse_ListOffsetsTopicResponse_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ListOffsetsResponse_init(ck_ListOffsetsResponse *m);
/** @brief Decodes one ListOffsetsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ListOffsetsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ListOffsetsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ListOffsetsResponse_encode(ck_wb *wb, int16_t version, const ck_ListOffsetsResponse *m);

/* ---- MetadataRequest (request key 3, versions 0-12, flexible 9+) ---- */
#define CK_METADATA_REQUEST_MIN_VERSION 0
#define CK_METADATA_REQUEST_MAX_VERSION 12
typedef struct ck_MetadataRequest_MetadataRequestTopic ck_MetadataRequest_MetadataRequestTopic;
typedef struct ck_MetadataRequest_MetadataRequestTopic_array { int32_t n; ck_MetadataRequest_MetadataRequestTopic *a; } ck_MetadataRequest_MetadataRequestTopic_array;
typedef struct ck_MetadataRequest ck_MetadataRequest;
struct ck_MetadataRequest_MetadataRequestTopic {
    uint8_t TopicId[16];                     /* v10+ */
    ck_str Name;                             /* v0+, nullable 10+ */
};
struct ck_MetadataRequest {
    ck_MetadataRequest_MetadataRequestTopic_array Topics; /* v0+, nullable 1+ */
    bool AllowAutoTopicCreation;             /* v4+, default true */
    bool IncludeClusterAuthorizedOperations; /* v8-10 */
    bool IncludeTopicAuthorizedOperations;   /* v8+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_MetadataRequest_MetadataRequestTopic_init(ck_MetadataRequest_MetadataRequestTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_MetadataRequest_MetadataRequestTopic *ck_MetadataRequest_MetadataRequestTopic_array_alloc(ck_arena *a, ck_MetadataRequest_MetadataRequestTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_MetadataRequest_init(ck_MetadataRequest *m);
/** @brief Decodes one MetadataRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_MetadataRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_MetadataRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_MetadataRequest_encode(ck_wb *wb, int16_t version, const ck_MetadataRequest *m);

/* ---- MetadataResponse (response key 3, versions 0-12, flexible 9+) ---- */
#define CK_METADATA_RESPONSE_MIN_VERSION 0
#define CK_METADATA_RESPONSE_MAX_VERSION 12
typedef struct ck_MetadataResponse_MetadataResponseBroker ck_MetadataResponse_MetadataResponseBroker;
typedef struct ck_MetadataResponse_MetadataResponseBroker_array { int32_t n; ck_MetadataResponse_MetadataResponseBroker *a; } ck_MetadataResponse_MetadataResponseBroker_array;
typedef struct ck_MetadataResponse_MetadataResponsePartition ck_MetadataResponse_MetadataResponsePartition;
typedef struct ck_MetadataResponse_MetadataResponsePartition_array { int32_t n; ck_MetadataResponse_MetadataResponsePartition *a; } ck_MetadataResponse_MetadataResponsePartition_array;
typedef struct ck_MetadataResponse_MetadataResponseTopic ck_MetadataResponse_MetadataResponseTopic;
typedef struct ck_MetadataResponse_MetadataResponseTopic_array { int32_t n; ck_MetadataResponse_MetadataResponseTopic *a; } ck_MetadataResponse_MetadataResponseTopic_array;
typedef struct ck_MetadataResponse ck_MetadataResponse;
struct ck_MetadataResponse_MetadataResponseBroker {
    int32_t NodeId;                          /* v0+ */
    ck_str Host;                             /* v0+ */
    int32_t Port;                            /* v0+ */
    ck_str Rack;                             /* v1+, nullable 1+, default null */
};
struct ck_MetadataResponse_MetadataResponsePartition {
    int16_t ErrorCode;                       /* v0+ */
    int32_t PartitionIndex;                  /* v0+ */
    int32_t LeaderId;                        /* v0+ */
    int32_t LeaderEpoch;                     /* v7+, default -1 */
    ck_int32_array ReplicaNodes;             /* v0+ */
    ck_int32_array IsrNodes;                 /* v0+ */
    ck_int32_array OfflineReplicas;          /* v5+ */
};
struct ck_MetadataResponse_MetadataResponseTopic {
    int16_t ErrorCode;                       /* v0+ */
    ck_str Name;                             /* v0+, nullable 12+ */
    uint8_t TopicId[16];                     /* v10+ */
    bool IsInternal;                         /* v1+, default false */
    ck_MetadataResponse_MetadataResponsePartition_array Partitions; /* v0+ */
    int32_t TopicAuthorizedOperations;       /* v8+, default -2147483648 */
};
struct ck_MetadataResponse {
    int32_t ThrottleTimeMs;                  /* v3+ */
    ck_MetadataResponse_MetadataResponseBroker_array Brokers; /* v0+ */
    ck_str ClusterId;                        /* v2+, nullable 2+, default null */
    int32_t ControllerId;                    /* v1+, default -1 */
    ck_MetadataResponse_MetadataResponseTopic_array Topics; /* v0+ */
    int32_t ClusterAuthorizedOperations;     /* v8-10, default -2147483648 */
};

/** @brief Sets every field of *m to its schema default. */
void ck_MetadataResponse_MetadataResponseBroker_init(ck_MetadataResponse_MetadataResponseBroker *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_MetadataResponse_MetadataResponseBroker *ck_MetadataResponse_MetadataResponseBroker_array_alloc(ck_arena *a, ck_MetadataResponse_MetadataResponseBroker_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_MetadataResponse_MetadataResponsePartition_init(ck_MetadataResponse_MetadataResponsePartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_MetadataResponse_MetadataResponsePartition *ck_MetadataResponse_MetadataResponsePartition_array_alloc(ck_arena *a, ck_MetadataResponse_MetadataResponsePartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_MetadataResponse_MetadataResponseTopic_init(ck_MetadataResponse_MetadataResponseTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_MetadataResponse_MetadataResponseTopic *ck_MetadataResponse_MetadataResponseTopic_array_alloc(ck_arena *a, ck_MetadataResponse_MetadataResponseTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_MetadataResponse_init(ck_MetadataResponse *m);
/** @brief Decodes one MetadataResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_MetadataResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_MetadataResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_MetadataResponse_encode(ck_wb *wb, int16_t version, const ck_MetadataResponse *m);

/* ---- LeaderAndIsrRequest (request key 4, versions 0-7, flexible 4+) ---- */
#define CK_LEADER_AND_ISR_REQUEST_MIN_VERSION 0
#define CK_LEADER_AND_ISR_REQUEST_MAX_VERSION 7
typedef struct ck_LeaderAndIsrRequest_LeaderAndIsrPartitionState ck_LeaderAndIsrRequest_LeaderAndIsrPartitionState;
typedef struct ck_LeaderAndIsrRequest_LeaderAndIsrPartitionState_array { int32_t n; ck_LeaderAndIsrRequest_LeaderAndIsrPartitionState *a; } ck_LeaderAndIsrRequest_LeaderAndIsrPartitionState_array;
typedef struct ck_LeaderAndIsrRequest_LeaderAndIsrTopicState ck_LeaderAndIsrRequest_LeaderAndIsrTopicState;
typedef struct ck_LeaderAndIsrRequest_LeaderAndIsrTopicState_array { int32_t n; ck_LeaderAndIsrRequest_LeaderAndIsrTopicState *a; } ck_LeaderAndIsrRequest_LeaderAndIsrTopicState_array;
typedef struct ck_LeaderAndIsrRequest_LeaderAndIsrLiveLeader ck_LeaderAndIsrRequest_LeaderAndIsrLiveLeader;
typedef struct ck_LeaderAndIsrRequest_LeaderAndIsrLiveLeader_array { int32_t n; ck_LeaderAndIsrRequest_LeaderAndIsrLiveLeader *a; } ck_LeaderAndIsrRequest_LeaderAndIsrLiveLeader_array;
typedef struct ck_LeaderAndIsrRequest ck_LeaderAndIsrRequest;
struct ck_LeaderAndIsrRequest_LeaderAndIsrPartitionState {
    ck_str TopicName;                        /* v0-1 */
    int32_t PartitionIndex;                  /* v0+ */
    int32_t ControllerEpoch;                 /* v0+ */
    int32_t Leader;                          /* v0+ */
    int32_t LeaderEpoch;                     /* v0+ */
    ck_int32_array Isr;                      /* v0+ */
    int32_t PartitionEpoch;                  /* v0+ */
    ck_int32_array Replicas;                 /* v0+ */
    ck_int32_array AddingReplicas;           /* v3+ */
    ck_int32_array RemovingReplicas;         /* v3+ */
    bool IsNew;                              /* v1+, default false */
    int8_t LeaderRecoveryState;              /* v6+, default 0 */
};
struct ck_LeaderAndIsrRequest_LeaderAndIsrTopicState {
    ck_str TopicName;                        /* v2+ */
    uint8_t TopicId[16];                     /* v5+ */
    ck_LeaderAndIsrRequest_LeaderAndIsrPartitionState_array PartitionStates; /* v2+ */
};
struct ck_LeaderAndIsrRequest_LeaderAndIsrLiveLeader {
    int32_t BrokerId;                        /* v0+ */
    ck_str HostName;                         /* v0+ */
    int32_t Port;                            /* v0+ */
};
struct ck_LeaderAndIsrRequest {
    int32_t ControllerId;                    /* v0+ */
    bool isKRaftController;                  /* v7+, default false */
    int32_t ControllerEpoch;                 /* v0+ */
    int64_t BrokerEpoch;                     /* v2+, default -1 */
    int8_t Type;                             /* v5+ */
    ck_LeaderAndIsrRequest_LeaderAndIsrPartitionState_array UngroupedPartitionStates; /* v0-1 */
    ck_LeaderAndIsrRequest_LeaderAndIsrTopicState_array TopicStates; /* v2+ */
    ck_LeaderAndIsrRequest_LeaderAndIsrLiveLeader_array LiveLeaders; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_LeaderAndIsrRequest_LeaderAndIsrPartitionState_init(ck_LeaderAndIsrRequest_LeaderAndIsrPartitionState *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_LeaderAndIsrRequest_LeaderAndIsrPartitionState *ck_LeaderAndIsrRequest_LeaderAndIsrPartitionState_array_alloc(ck_arena *a, ck_LeaderAndIsrRequest_LeaderAndIsrPartitionState_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_LeaderAndIsrRequest_LeaderAndIsrTopicState_init(ck_LeaderAndIsrRequest_LeaderAndIsrTopicState *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_LeaderAndIsrRequest_LeaderAndIsrTopicState *ck_LeaderAndIsrRequest_LeaderAndIsrTopicState_array_alloc(ck_arena *a, ck_LeaderAndIsrRequest_LeaderAndIsrTopicState_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_LeaderAndIsrRequest_LeaderAndIsrLiveLeader_init(ck_LeaderAndIsrRequest_LeaderAndIsrLiveLeader *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_LeaderAndIsrRequest_LeaderAndIsrLiveLeader *ck_LeaderAndIsrRequest_LeaderAndIsrLiveLeader_array_alloc(ck_arena *a, ck_LeaderAndIsrRequest_LeaderAndIsrLiveLeader_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_LeaderAndIsrRequest_init(ck_LeaderAndIsrRequest *m);
/** @brief Decodes one LeaderAndIsrRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_LeaderAndIsrRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_LeaderAndIsrRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_LeaderAndIsrRequest_encode(ck_wb *wb, int16_t version, const ck_LeaderAndIsrRequest *m);

/* ---- LeaderAndIsrResponse (response key 4, versions 0-7, flexible 4+) ---- */
#define CK_LEADER_AND_ISR_RESPONSE_MIN_VERSION 0
#define CK_LEADER_AND_ISR_RESPONSE_MAX_VERSION 7
typedef struct ck_LeaderAndIsrResponse_LeaderAndIsrPartitionError ck_LeaderAndIsrResponse_LeaderAndIsrPartitionError;
typedef struct ck_LeaderAndIsrResponse_LeaderAndIsrPartitionError_array { int32_t n; ck_LeaderAndIsrResponse_LeaderAndIsrPartitionError *a; } ck_LeaderAndIsrResponse_LeaderAndIsrPartitionError_array;
typedef struct ck_LeaderAndIsrResponse_LeaderAndIsrTopicError ck_LeaderAndIsrResponse_LeaderAndIsrTopicError;
typedef struct ck_LeaderAndIsrResponse_LeaderAndIsrTopicError_array { int32_t n; ck_LeaderAndIsrResponse_LeaderAndIsrTopicError *a; } ck_LeaderAndIsrResponse_LeaderAndIsrTopicError_array;
typedef struct ck_LeaderAndIsrResponse ck_LeaderAndIsrResponse;
struct ck_LeaderAndIsrResponse_LeaderAndIsrPartitionError {
    ck_str TopicName;                        /* v0-4 */
    int32_t PartitionIndex;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
};
struct ck_LeaderAndIsrResponse_LeaderAndIsrTopicError {
    uint8_t TopicId[16];                     /* v5+ */
    ck_LeaderAndIsrResponse_LeaderAndIsrPartitionError_array PartitionErrors; /* v5+ */
};
struct ck_LeaderAndIsrResponse {
    int16_t ErrorCode;                       /* v0+ */
    ck_LeaderAndIsrResponse_LeaderAndIsrPartitionError_array PartitionErrors; /* v0-4 */
    ck_LeaderAndIsrResponse_LeaderAndIsrTopicError_array Topics; /* v5+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_LeaderAndIsrResponse_LeaderAndIsrPartitionError_init(ck_LeaderAndIsrResponse_LeaderAndIsrPartitionError *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_LeaderAndIsrResponse_LeaderAndIsrPartitionError *ck_LeaderAndIsrResponse_LeaderAndIsrPartitionError_array_alloc(ck_arena *a, ck_LeaderAndIsrResponse_LeaderAndIsrPartitionError_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_LeaderAndIsrResponse_LeaderAndIsrTopicError_init(ck_LeaderAndIsrResponse_LeaderAndIsrTopicError *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_LeaderAndIsrResponse_LeaderAndIsrTopicError *ck_LeaderAndIsrResponse_LeaderAndIsrTopicError_array_alloc(ck_arena *a, ck_LeaderAndIsrResponse_LeaderAndIsrTopicError_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_LeaderAndIsrResponse_init(ck_LeaderAndIsrResponse *m);
/** @brief Decodes one LeaderAndIsrResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_LeaderAndIsrResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_LeaderAndIsrResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_LeaderAndIsrResponse_encode(ck_wb *wb, int16_t version, const ck_LeaderAndIsrResponse *m);

/* ---- StopReplicaRequest (request key 5, versions 0-4, flexible 2+) ---- */
#define CK_STOP_REPLICA_REQUEST_MIN_VERSION 0
#define CK_STOP_REPLICA_REQUEST_MAX_VERSION 4
typedef struct ck_StopReplicaRequest_StopReplicaPartitionV0 ck_StopReplicaRequest_StopReplicaPartitionV0;
typedef struct ck_StopReplicaRequest_StopReplicaPartitionV0_array { int32_t n; ck_StopReplicaRequest_StopReplicaPartitionV0 *a; } ck_StopReplicaRequest_StopReplicaPartitionV0_array;
typedef struct ck_StopReplicaRequest_StopReplicaTopicV1 ck_StopReplicaRequest_StopReplicaTopicV1;
typedef struct ck_StopReplicaRequest_StopReplicaTopicV1_array { int32_t n; ck_StopReplicaRequest_StopReplicaTopicV1 *a; } ck_StopReplicaRequest_StopReplicaTopicV1_array;
typedef struct ck_StopReplicaRequest_StopReplicaPartitionState ck_StopReplicaRequest_StopReplicaPartitionState;
typedef struct ck_StopReplicaRequest_StopReplicaPartitionState_array { int32_t n; ck_StopReplicaRequest_StopReplicaPartitionState *a; } ck_StopReplicaRequest_StopReplicaPartitionState_array;
typedef struct ck_StopReplicaRequest_StopReplicaTopicState ck_StopReplicaRequest_StopReplicaTopicState;
typedef struct ck_StopReplicaRequest_StopReplicaTopicState_array { int32_t n; ck_StopReplicaRequest_StopReplicaTopicState *a; } ck_StopReplicaRequest_StopReplicaTopicState_array;
typedef struct ck_StopReplicaRequest ck_StopReplicaRequest;
struct ck_StopReplicaRequest_StopReplicaPartitionV0 {
    ck_str TopicName;                        /* v0-0 */
    int32_t PartitionIndex;                  /* v0-0 */
};
struct ck_StopReplicaRequest_StopReplicaTopicV1 {
    ck_str Name;                             /* v1-2 */
    ck_int32_array PartitionIndexes;         /* v1-2 */
};
struct ck_StopReplicaRequest_StopReplicaPartitionState {
    int32_t PartitionIndex;                  /* v3+ */
    int32_t LeaderEpoch;                     /* v3+, default -1 */
    bool DeletePartition;                    /* v3+ */
};
struct ck_StopReplicaRequest_StopReplicaTopicState {
    ck_str TopicName;                        /* v3+ */
    ck_StopReplicaRequest_StopReplicaPartitionState_array PartitionStates; /* v3+ */
};
struct ck_StopReplicaRequest {
    int32_t ControllerId;                    /* v0+ */
    bool isKRaftController;                  /* v4+, default false */
    int32_t ControllerEpoch;                 /* v0+ */
    int64_t BrokerEpoch;                     /* v1+, default -1 */
    bool DeletePartitions;                   /* v0-2 */
    ck_StopReplicaRequest_StopReplicaPartitionV0_array UngroupedPartitions; /* v0-0 */
    ck_StopReplicaRequest_StopReplicaTopicV1_array Topics; /* v1-2 */
    ck_StopReplicaRequest_StopReplicaTopicState_array TopicStates; /* v3+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_StopReplicaRequest_StopReplicaPartitionV0_init(ck_StopReplicaRequest_StopReplicaPartitionV0 *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_StopReplicaRequest_StopReplicaPartitionV0 *ck_StopReplicaRequest_StopReplicaPartitionV0_array_alloc(ck_arena *a, ck_StopReplicaRequest_StopReplicaPartitionV0_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_StopReplicaRequest_StopReplicaTopicV1_init(ck_StopReplicaRequest_StopReplicaTopicV1 *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_StopReplicaRequest_StopReplicaTopicV1 *ck_StopReplicaRequest_StopReplicaTopicV1_array_alloc(ck_arena *a, ck_StopReplicaRequest_StopReplicaTopicV1_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_StopReplicaRequest_StopReplicaPartitionState_init(ck_StopReplicaRequest_StopReplicaPartitionState *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_StopReplicaRequest_StopReplicaPartitionState *ck_StopReplicaRequest_StopReplicaPartitionState_array_alloc(ck_arena *a, ck_StopReplicaRequest_StopReplicaPartitionState_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_StopReplicaRequest_StopReplicaTopicState_init(ck_StopReplicaRequest_StopReplicaTopicState *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_StopReplicaRequest_StopReplicaTopicState *ck_StopReplicaRequest_StopReplicaTopicState_array_alloc(ck_arena *a, ck_StopReplicaRequest_StopReplicaTopicState_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_StopReplicaRequest_init(ck_StopReplicaRequest *m);
/** @brief Decodes one StopReplicaRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_StopReplicaRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_StopReplicaRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_StopReplicaRequest_encode(ck_wb *wb, int16_t version, const ck_StopReplicaRequest *m);

/* ---- StopReplicaResponse (response key 5, versions 0-4, flexible 2+) ---- */
#define CK_STOP_REPLICA_RESPONSE_MIN_VERSION 0
#define CK_STOP_REPLICA_RESPONSE_MAX_VERSION 4
typedef struct ck_StopReplicaResponse_StopReplicaPartitionError ck_StopReplicaResponse_StopReplicaPartitionError;
typedef struct ck_StopReplicaResponse_StopReplicaPartitionError_array { int32_t n; ck_StopReplicaResponse_StopReplicaPartitionError *a; } ck_StopReplicaResponse_StopReplicaPartitionError_array;
typedef struct ck_StopReplicaResponse ck_StopReplicaResponse;
struct ck_StopReplicaResponse_StopReplicaPartitionError {
    ck_str TopicName;                        /* v0+ */
    int32_t PartitionIndex;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
};
struct ck_StopReplicaResponse {
    int16_t ErrorCode;                       /* v0+ */
    ck_StopReplicaResponse_StopReplicaPartitionError_array PartitionErrors; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_StopReplicaResponse_StopReplicaPartitionError_init(ck_StopReplicaResponse_StopReplicaPartitionError *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_StopReplicaResponse_StopReplicaPartitionError *ck_StopReplicaResponse_StopReplicaPartitionError_array_alloc(ck_arena *a, ck_StopReplicaResponse_StopReplicaPartitionError_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_StopReplicaResponse_init(ck_StopReplicaResponse *m);
/** @brief Decodes one StopReplicaResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_StopReplicaResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_StopReplicaResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_StopReplicaResponse_encode(ck_wb *wb, int16_t version, const ck_StopReplicaResponse *m);

/* ---- UpdateMetadataRequest (request key 6, versions 0-8, flexible 6+) ---- */
#define CK_UPDATE_METADATA_REQUEST_MIN_VERSION 0
#define CK_UPDATE_METADATA_REQUEST_MAX_VERSION 8
typedef struct ck_UpdateMetadataRequest_UpdateMetadataPartitionState ck_UpdateMetadataRequest_UpdateMetadataPartitionState;
typedef struct ck_UpdateMetadataRequest_UpdateMetadataPartitionState_array { int32_t n; ck_UpdateMetadataRequest_UpdateMetadataPartitionState *a; } ck_UpdateMetadataRequest_UpdateMetadataPartitionState_array;
typedef struct ck_UpdateMetadataRequest_UpdateMetadataTopicState ck_UpdateMetadataRequest_UpdateMetadataTopicState;
typedef struct ck_UpdateMetadataRequest_UpdateMetadataTopicState_array { int32_t n; ck_UpdateMetadataRequest_UpdateMetadataTopicState *a; } ck_UpdateMetadataRequest_UpdateMetadataTopicState_array;
typedef struct ck_UpdateMetadataRequest_UpdateMetadataEndpoint ck_UpdateMetadataRequest_UpdateMetadataEndpoint;
typedef struct ck_UpdateMetadataRequest_UpdateMetadataEndpoint_array { int32_t n; ck_UpdateMetadataRequest_UpdateMetadataEndpoint *a; } ck_UpdateMetadataRequest_UpdateMetadataEndpoint_array;
typedef struct ck_UpdateMetadataRequest_UpdateMetadataBroker ck_UpdateMetadataRequest_UpdateMetadataBroker;
typedef struct ck_UpdateMetadataRequest_UpdateMetadataBroker_array { int32_t n; ck_UpdateMetadataRequest_UpdateMetadataBroker *a; } ck_UpdateMetadataRequest_UpdateMetadataBroker_array;
typedef struct ck_UpdateMetadataRequest ck_UpdateMetadataRequest;
struct ck_UpdateMetadataRequest_UpdateMetadataPartitionState {
    ck_str TopicName;                        /* v0-4 */
    int32_t PartitionIndex;                  /* v0+ */
    int32_t ControllerEpoch;                 /* v0+ */
    int32_t Leader;                          /* v0+ */
    int32_t LeaderEpoch;                     /* v0+ */
    ck_int32_array Isr;                      /* v0+ */
    int32_t ZkVersion;                       /* v0+ */
    ck_int32_array Replicas;                 /* v0+ */
    ck_int32_array OfflineReplicas;          /* v4+ */
};
struct ck_UpdateMetadataRequest_UpdateMetadataTopicState {
    ck_str TopicName;                        /* v5+ */
    uint8_t TopicId[16];                     /* v7+ */
    ck_UpdateMetadataRequest_UpdateMetadataPartitionState_array PartitionStates; /* v5+ */
};
struct ck_UpdateMetadataRequest_UpdateMetadataEndpoint {
    int32_t Port;                            /* v1+ */
    ck_str Host;                             /* v1+ */
    ck_str Listener;                         /* v3+ */
    int16_t SecurityProtocol;                /* v1+ */
};
struct ck_UpdateMetadataRequest_UpdateMetadataBroker {
    int32_t Id;                              /* v0+ */
    ck_str V0Host;                           /* v0-0 */
    int32_t V0Port;                          /* v0-0 */
    ck_UpdateMetadataRequest_UpdateMetadataEndpoint_array Endpoints; /* v1+ */
    ck_str Rack;                             /* v2+, nullable 0+ */
};
struct ck_UpdateMetadataRequest {
    int32_t ControllerId;                    /* v0+ */
    bool isKRaftController;                  /* v8+, default false */
    int8_t Type;                             /* v8+, tag 0, default 0 */
    int32_t ControllerEpoch;                 /* v0+ */
    int64_t BrokerEpoch;                     /* v5+, default -1 */
    ck_UpdateMetadataRequest_UpdateMetadataPartitionState_array UngroupedPartitionStates; /* v0-4 */
    ck_UpdateMetadataRequest_UpdateMetadataTopicState_array TopicStates; /* v5+ */
    ck_UpdateMetadataRequest_UpdateMetadataBroker_array LiveBrokers; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_UpdateMetadataRequest_UpdateMetadataPartitionState_init(ck_UpdateMetadataRequest_UpdateMetadataPartitionState *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_UpdateMetadataRequest_UpdateMetadataPartitionState *ck_UpdateMetadataRequest_UpdateMetadataPartitionState_array_alloc(ck_arena *a, ck_UpdateMetadataRequest_UpdateMetadataPartitionState_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_UpdateMetadataRequest_UpdateMetadataTopicState_init(ck_UpdateMetadataRequest_UpdateMetadataTopicState *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_UpdateMetadataRequest_UpdateMetadataTopicState *ck_UpdateMetadataRequest_UpdateMetadataTopicState_array_alloc(ck_arena *a, ck_UpdateMetadataRequest_UpdateMetadataTopicState_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_UpdateMetadataRequest_UpdateMetadataEndpoint_init(ck_UpdateMetadataRequest_UpdateMetadataEndpoint *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_UpdateMetadataRequest_UpdateMetadataEndpoint *ck_UpdateMetadataRequest_UpdateMetadataEndpoint_array_alloc(ck_arena *a, ck_UpdateMetadataRequest_UpdateMetadataEndpoint_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_UpdateMetadataRequest_UpdateMetadataBroker_init(ck_UpdateMetadataRequest_UpdateMetadataBroker *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_UpdateMetadataRequest_UpdateMetadataBroker *ck_UpdateMetadataRequest_UpdateMetadataBroker_array_alloc(ck_arena *a, ck_UpdateMetadataRequest_UpdateMetadataBroker_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_UpdateMetadataRequest_init(ck_UpdateMetadataRequest *m);
/** @brief Decodes one UpdateMetadataRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_UpdateMetadataRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_UpdateMetadataRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_UpdateMetadataRequest_encode(ck_wb *wb, int16_t version, const ck_UpdateMetadataRequest *m);

/* ---- UpdateMetadataResponse (response key 6, versions 0-8, flexible 6+) ---- */
#define CK_UPDATE_METADATA_RESPONSE_MIN_VERSION 0
#define CK_UPDATE_METADATA_RESPONSE_MAX_VERSION 8
typedef struct ck_UpdateMetadataResponse ck_UpdateMetadataResponse;
struct ck_UpdateMetadataResponse {
    int16_t ErrorCode;                       /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_UpdateMetadataResponse_init(ck_UpdateMetadataResponse *m);
/** @brief Decodes one UpdateMetadataResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_UpdateMetadataResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_UpdateMetadataResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_UpdateMetadataResponse_encode(ck_wb *wb, int16_t version, const ck_UpdateMetadataResponse *m);

/* ---- ControlledShutdownRequest (request key 7, versions 0-3, flexible 3+) ---- */
#define CK_CONTROLLED_SHUTDOWN_REQUEST_MIN_VERSION 0
#define CK_CONTROLLED_SHUTDOWN_REQUEST_MAX_VERSION 3
typedef struct ck_ControlledShutdownRequest ck_ControlledShutdownRequest;
struct ck_ControlledShutdownRequest {
    int32_t BrokerId;                        /* v0+ */
    int64_t BrokerEpoch;                     /* v2+, default -1 */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ControlledShutdownRequest_init(ck_ControlledShutdownRequest *m);
/** @brief Decodes one ControlledShutdownRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ControlledShutdownRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ControlledShutdownRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ControlledShutdownRequest_encode(ck_wb *wb, int16_t version, const ck_ControlledShutdownRequest *m);

/* ---- ControlledShutdownResponse (response key 7, versions 0-3, flexible 3+) ---- */
#define CK_CONTROLLED_SHUTDOWN_RESPONSE_MIN_VERSION 0
#define CK_CONTROLLED_SHUTDOWN_RESPONSE_MAX_VERSION 3
typedef struct ck_ControlledShutdownResponse_RemainingPartition ck_ControlledShutdownResponse_RemainingPartition;
typedef struct ck_ControlledShutdownResponse_RemainingPartition_array { int32_t n; ck_ControlledShutdownResponse_RemainingPartition *a; } ck_ControlledShutdownResponse_RemainingPartition_array;
typedef struct ck_ControlledShutdownResponse ck_ControlledShutdownResponse;
struct ck_ControlledShutdownResponse_RemainingPartition {
    ck_str TopicName;                        /* v0+ */
    int32_t PartitionIndex;                  /* v0+ */
};
struct ck_ControlledShutdownResponse {
    int16_t ErrorCode;                       /* v0+ */
    ck_ControlledShutdownResponse_RemainingPartition_array RemainingPartitions; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ControlledShutdownResponse_RemainingPartition_init(ck_ControlledShutdownResponse_RemainingPartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ControlledShutdownResponse_RemainingPartition *ck_ControlledShutdownResponse_RemainingPartition_array_alloc(ck_arena *a, ck_ControlledShutdownResponse_RemainingPartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ControlledShutdownResponse_init(ck_ControlledShutdownResponse *m);
/** @brief Decodes one ControlledShutdownResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ControlledShutdownResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ControlledShutdownResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ControlledShutdownResponse_encode(ck_wb *wb, int16_t version, const ck_ControlledShutdownResponse *m);

/* ---- OffsetCommitRequest (request key 8, versions 0-9, flexible 8+) ---- */
#define CK_OFFSET_COMMIT_REQUEST_MIN_VERSION 0
#define CK_OFFSET_COMMIT_REQUEST_MAX_VERSION 9
typedef struct ck_OffsetCommitRequest_OffsetCommitRequestPartition ck_OffsetCommitRequest_OffsetCommitRequestPartition;
typedef struct ck_OffsetCommitRequest_OffsetCommitRequestPartition_array { int32_t n; ck_OffsetCommitRequest_OffsetCommitRequestPartition *a; } ck_OffsetCommitRequest_OffsetCommitRequestPartition_array;
typedef struct ck_OffsetCommitRequest_OffsetCommitRequestTopic ck_OffsetCommitRequest_OffsetCommitRequestTopic;
typedef struct ck_OffsetCommitRequest_OffsetCommitRequestTopic_array { int32_t n; ck_OffsetCommitRequest_OffsetCommitRequestTopic *a; } ck_OffsetCommitRequest_OffsetCommitRequestTopic_array;
typedef struct ck_OffsetCommitRequest ck_OffsetCommitRequest;
struct ck_OffsetCommitRequest_OffsetCommitRequestPartition {
    int32_t PartitionIndex;                  /* v0+ */
    int64_t CommittedOffset;                 /* v0+ */
    int32_t CommittedLeaderEpoch;            /* v6+, default -1 */
    int64_t CommitTimestamp;                 /* v1-1, default -1 */
    ck_str CommittedMetadata;                /* v0+, nullable 0+ */
};
struct ck_OffsetCommitRequest_OffsetCommitRequestTopic {
    ck_str Name;                             /* v0+ */
    ck_OffsetCommitRequest_OffsetCommitRequestPartition_array Partitions; /* v0+ */
};
struct ck_OffsetCommitRequest {
    ck_str GroupId;                          /* v0+ */
    int32_t GenerationIdOrMemberEpoch;       /* v1+, default -1 */
    ck_str MemberId;                         /* v1+ */
    ck_str GroupInstanceId;                  /* v7+, nullable 7+, default null */
    int64_t RetentionTimeMs;                 /* v2-4, default -1 */
    ck_OffsetCommitRequest_OffsetCommitRequestTopic_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_OffsetCommitRequest_OffsetCommitRequestPartition_init(ck_OffsetCommitRequest_OffsetCommitRequestPartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetCommitRequest_OffsetCommitRequestPartition *ck_OffsetCommitRequest_OffsetCommitRequestPartition_array_alloc(ck_arena *a, ck_OffsetCommitRequest_OffsetCommitRequestPartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetCommitRequest_OffsetCommitRequestTopic_init(ck_OffsetCommitRequest_OffsetCommitRequestTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetCommitRequest_OffsetCommitRequestTopic *ck_OffsetCommitRequest_OffsetCommitRequestTopic_array_alloc(ck_arena *a, ck_OffsetCommitRequest_OffsetCommitRequestTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetCommitRequest_init(ck_OffsetCommitRequest *m);
/** @brief Decodes one OffsetCommitRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_OffsetCommitRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_OffsetCommitRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_OffsetCommitRequest_encode(ck_wb *wb, int16_t version, const ck_OffsetCommitRequest *m);

/* ---- OffsetCommitResponse (response key 8, versions 0-9, flexible 8+) ---- */
#define CK_OFFSET_COMMIT_RESPONSE_MIN_VERSION 0
#define CK_OFFSET_COMMIT_RESPONSE_MAX_VERSION 9
typedef struct ck_OffsetCommitResponse_OffsetCommitResponsePartition ck_OffsetCommitResponse_OffsetCommitResponsePartition;
typedef struct ck_OffsetCommitResponse_OffsetCommitResponsePartition_array { int32_t n; ck_OffsetCommitResponse_OffsetCommitResponsePartition *a; } ck_OffsetCommitResponse_OffsetCommitResponsePartition_array;
typedef struct ck_OffsetCommitResponse_OffsetCommitResponseTopic ck_OffsetCommitResponse_OffsetCommitResponseTopic;
typedef struct ck_OffsetCommitResponse_OffsetCommitResponseTopic_array { int32_t n; ck_OffsetCommitResponse_OffsetCommitResponseTopic *a; } ck_OffsetCommitResponse_OffsetCommitResponseTopic_array;
typedef struct ck_OffsetCommitResponse ck_OffsetCommitResponse;
struct ck_OffsetCommitResponse_OffsetCommitResponsePartition {
    int32_t PartitionIndex;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
};
struct ck_OffsetCommitResponse_OffsetCommitResponseTopic {
    ck_str Name;                             /* v0+ */
    ck_OffsetCommitResponse_OffsetCommitResponsePartition_array Partitions; /* v0+ */
};
struct ck_OffsetCommitResponse {
    int32_t ThrottleTimeMs;                  /* v3+ */
    ck_OffsetCommitResponse_OffsetCommitResponseTopic_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_OffsetCommitResponse_OffsetCommitResponsePartition_init(ck_OffsetCommitResponse_OffsetCommitResponsePartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetCommitResponse_OffsetCommitResponsePartition *ck_OffsetCommitResponse_OffsetCommitResponsePartition_array_alloc(ck_arena *a, ck_OffsetCommitResponse_OffsetCommitResponsePartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetCommitResponse_OffsetCommitResponseTopic_init(ck_OffsetCommitResponse_OffsetCommitResponseTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetCommitResponse_OffsetCommitResponseTopic *ck_OffsetCommitResponse_OffsetCommitResponseTopic_array_alloc(ck_arena *a, ck_OffsetCommitResponse_OffsetCommitResponseTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetCommitResponse_init(ck_OffsetCommitResponse *m);
/** @brief Decodes one OffsetCommitResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_OffsetCommitResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_OffsetCommitResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_OffsetCommitResponse_encode(ck_wb *wb, int16_t version, const ck_OffsetCommitResponse *m);

/* ---- OffsetFetchRequest (request key 9, versions 0-9, flexible 6+) ---- */
#define CK_OFFSET_FETCH_REQUEST_MIN_VERSION 0
#define CK_OFFSET_FETCH_REQUEST_MAX_VERSION 9
typedef struct ck_OffsetFetchRequest_OffsetFetchRequestTopic ck_OffsetFetchRequest_OffsetFetchRequestTopic;
typedef struct ck_OffsetFetchRequest_OffsetFetchRequestTopic_array { int32_t n; ck_OffsetFetchRequest_OffsetFetchRequestTopic *a; } ck_OffsetFetchRequest_OffsetFetchRequestTopic_array;
typedef struct ck_OffsetFetchRequest_OffsetFetchRequestTopics ck_OffsetFetchRequest_OffsetFetchRequestTopics;
typedef struct ck_OffsetFetchRequest_OffsetFetchRequestTopics_array { int32_t n; ck_OffsetFetchRequest_OffsetFetchRequestTopics *a; } ck_OffsetFetchRequest_OffsetFetchRequestTopics_array;
typedef struct ck_OffsetFetchRequest_OffsetFetchRequestGroup ck_OffsetFetchRequest_OffsetFetchRequestGroup;
typedef struct ck_OffsetFetchRequest_OffsetFetchRequestGroup_array { int32_t n; ck_OffsetFetchRequest_OffsetFetchRequestGroup *a; } ck_OffsetFetchRequest_OffsetFetchRequestGroup_array;
typedef struct ck_OffsetFetchRequest ck_OffsetFetchRequest;
struct ck_OffsetFetchRequest_OffsetFetchRequestTopic {
    ck_str Name;                             /* v0-7 */
    ck_int32_array PartitionIndexes;         /* v0-7 */
};
struct ck_OffsetFetchRequest_OffsetFetchRequestTopics {
    ck_str Name;                             /* v8+ */
    ck_int32_array PartitionIndexes;         /* v8+ */
};
struct ck_OffsetFetchRequest_OffsetFetchRequestGroup {
    ck_str GroupId;                          /* v8+ */
    ck_str MemberId;                         /* v9+, nullable 9+, default null */
    int32_t MemberEpoch;                     /* v9+, default -1 */
    ck_OffsetFetchRequest_OffsetFetchRequestTopics_array Topics; /* v8+, nullable 8+ */
};
struct ck_OffsetFetchRequest {
    ck_str GroupId;                          /* v0-7 */
    ck_OffsetFetchRequest_OffsetFetchRequestTopic_array Topics; /* v0-7, nullable 2-7 */
    ck_OffsetFetchRequest_OffsetFetchRequestGroup_array Groups; /* v8+ */
    bool RequireStable;                      /* v7+, default false */
};

/** @brief Sets every field of *m to its schema default. */
void ck_OffsetFetchRequest_OffsetFetchRequestTopic_init(ck_OffsetFetchRequest_OffsetFetchRequestTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetFetchRequest_OffsetFetchRequestTopic *ck_OffsetFetchRequest_OffsetFetchRequestTopic_array_alloc(ck_arena *a, ck_OffsetFetchRequest_OffsetFetchRequestTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetFetchRequest_OffsetFetchRequestTopics_init(ck_OffsetFetchRequest_OffsetFetchRequestTopics *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetFetchRequest_OffsetFetchRequestTopics *ck_OffsetFetchRequest_OffsetFetchRequestTopics_array_alloc(ck_arena *a, ck_OffsetFetchRequest_OffsetFetchRequestTopics_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetFetchRequest_OffsetFetchRequestGroup_init(ck_OffsetFetchRequest_OffsetFetchRequestGroup *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetFetchRequest_OffsetFetchRequestGroup *ck_OffsetFetchRequest_OffsetFetchRequestGroup_array_alloc(ck_arena *a, ck_OffsetFetchRequest_OffsetFetchRequestGroup_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetFetchRequest_init(ck_OffsetFetchRequest *m);
/** @brief Decodes one OffsetFetchRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_OffsetFetchRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_OffsetFetchRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_OffsetFetchRequest_encode(ck_wb *wb, int16_t version, const ck_OffsetFetchRequest *m);

/* ---- OffsetFetchResponse (response key 9, versions 0-9, flexible 6+) ---- */
#define CK_OFFSET_FETCH_RESPONSE_MIN_VERSION 0
#define CK_OFFSET_FETCH_RESPONSE_MAX_VERSION 9
typedef struct ck_OffsetFetchResponse_OffsetFetchResponsePartition ck_OffsetFetchResponse_OffsetFetchResponsePartition;
typedef struct ck_OffsetFetchResponse_OffsetFetchResponsePartition_array { int32_t n; ck_OffsetFetchResponse_OffsetFetchResponsePartition *a; } ck_OffsetFetchResponse_OffsetFetchResponsePartition_array;
typedef struct ck_OffsetFetchResponse_OffsetFetchResponseTopic ck_OffsetFetchResponse_OffsetFetchResponseTopic;
typedef struct ck_OffsetFetchResponse_OffsetFetchResponseTopic_array { int32_t n; ck_OffsetFetchResponse_OffsetFetchResponseTopic *a; } ck_OffsetFetchResponse_OffsetFetchResponseTopic_array;
typedef struct ck_OffsetFetchResponse_OffsetFetchResponsePartitions ck_OffsetFetchResponse_OffsetFetchResponsePartitions;
typedef struct ck_OffsetFetchResponse_OffsetFetchResponsePartitions_array { int32_t n; ck_OffsetFetchResponse_OffsetFetchResponsePartitions *a; } ck_OffsetFetchResponse_OffsetFetchResponsePartitions_array;
typedef struct ck_OffsetFetchResponse_OffsetFetchResponseTopics ck_OffsetFetchResponse_OffsetFetchResponseTopics;
typedef struct ck_OffsetFetchResponse_OffsetFetchResponseTopics_array { int32_t n; ck_OffsetFetchResponse_OffsetFetchResponseTopics *a; } ck_OffsetFetchResponse_OffsetFetchResponseTopics_array;
typedef struct ck_OffsetFetchResponse_OffsetFetchResponseGroup ck_OffsetFetchResponse_OffsetFetchResponseGroup;
typedef struct ck_OffsetFetchResponse_OffsetFetchResponseGroup_array { int32_t n; ck_OffsetFetchResponse_OffsetFetchResponseGroup *a; } ck_OffsetFetchResponse_OffsetFetchResponseGroup_array;
typedef struct ck_OffsetFetchResponse ck_OffsetFetchResponse;
struct ck_OffsetFetchResponse_OffsetFetchResponsePartition {
    int32_t PartitionIndex;                  /* v0-7 */
    int64_t CommittedOffset;                 /* v0-7 */
    int32_t CommittedLeaderEpoch;            /* v5-7, default -1 */
    ck_str Metadata;                         /* v0-7, nullable 0-7 */
    int16_t ErrorCode;                       /* v0-7 */
};
struct ck_OffsetFetchResponse_OffsetFetchResponseTopic {
    ck_str Name;                             /* v0-7 */
    ck_OffsetFetchResponse_OffsetFetchResponsePartition_array Partitions; /* v0-7 */
};
struct ck_OffsetFetchResponse_OffsetFetchResponsePartitions {
    int32_t PartitionIndex;                  /* v8+ */
    int64_t CommittedOffset;                 /* v8+ */
    int32_t CommittedLeaderEpoch;            /* v8+, default -1 */
    ck_str Metadata;                         /* v8+, nullable 8+ */
    int16_t ErrorCode;                       /* v8+ */
};
struct ck_OffsetFetchResponse_OffsetFetchResponseTopics {
    ck_str Name;                             /* v8+ */
    ck_OffsetFetchResponse_OffsetFetchResponsePartitions_array Partitions; /* v8+ */
};
struct ck_OffsetFetchResponse_OffsetFetchResponseGroup {
    ck_str GroupId;                          /* v8+ */
    ck_OffsetFetchResponse_OffsetFetchResponseTopics_array Topics; /* v8+ */
    int16_t ErrorCode;                       /* v8+, default 0 */
};
struct ck_OffsetFetchResponse {
    int32_t ThrottleTimeMs;                  /* v3+ */
    ck_OffsetFetchResponse_OffsetFetchResponseTopic_array Topics; /* v0-7 */
    int16_t ErrorCode;                       /* v2-7, default 0 */
    ck_OffsetFetchResponse_OffsetFetchResponseGroup_array Groups; /* v8+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_OffsetFetchResponse_OffsetFetchResponsePartition_init(ck_OffsetFetchResponse_OffsetFetchResponsePartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetFetchResponse_OffsetFetchResponsePartition *ck_OffsetFetchResponse_OffsetFetchResponsePartition_array_alloc(ck_arena *a, ck_OffsetFetchResponse_OffsetFetchResponsePartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetFetchResponse_OffsetFetchResponseTopic_init(ck_OffsetFetchResponse_OffsetFetchResponseTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetFetchResponse_OffsetFetchResponseTopic *ck_OffsetFetchResponse_OffsetFetchResponseTopic_array_alloc(ck_arena *a, ck_OffsetFetchResponse_OffsetFetchResponseTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetFetchResponse_OffsetFetchResponsePartitions_init(ck_OffsetFetchResponse_OffsetFetchResponsePartitions *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetFetchResponse_OffsetFetchResponsePartitions *ck_OffsetFetchResponse_OffsetFetchResponsePartitions_array_alloc(ck_arena *a, ck_OffsetFetchResponse_OffsetFetchResponsePartitions_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetFetchResponse_OffsetFetchResponseTopics_init(ck_OffsetFetchResponse_OffsetFetchResponseTopics *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetFetchResponse_OffsetFetchResponseTopics *ck_OffsetFetchResponse_OffsetFetchResponseTopics_array_alloc(ck_arena *a, ck_OffsetFetchResponse_OffsetFetchResponseTopics_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetFetchResponse_OffsetFetchResponseGroup_init(ck_OffsetFetchResponse_OffsetFetchResponseGroup *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetFetchResponse_OffsetFetchResponseGroup *ck_OffsetFetchResponse_OffsetFetchResponseGroup_array_alloc(ck_arena *a, ck_OffsetFetchResponse_OffsetFetchResponseGroup_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetFetchResponse_init(ck_OffsetFetchResponse *m);
/** @brief Decodes one OffsetFetchResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_OffsetFetchResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_OffsetFetchResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_OffsetFetchResponse_encode(ck_wb *wb, int16_t version, const ck_OffsetFetchResponse *m);

/* ---- FindCoordinatorRequest (request key 10, versions 0-6, flexible 3+) ---- */
#define CK_FIND_COORDINATOR_REQUEST_MIN_VERSION 0
#define CK_FIND_COORDINATOR_REQUEST_MAX_VERSION 6
typedef struct ck_FindCoordinatorRequest ck_FindCoordinatorRequest;
struct ck_FindCoordinatorRequest {
    ck_str Key;                              /* v0-3 */
    int8_t KeyType;                          /* v1+, default 0 */
    ck_str_array CoordinatorKeys;            /* v4+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_FindCoordinatorRequest_init(ck_FindCoordinatorRequest *m);
/** @brief Decodes one FindCoordinatorRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_FindCoordinatorRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_FindCoordinatorRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_FindCoordinatorRequest_encode(ck_wb *wb, int16_t version, const ck_FindCoordinatorRequest *m);

/* ---- FindCoordinatorResponse (response key 10, versions 0-6, flexible 3+) ---- */
#define CK_FIND_COORDINATOR_RESPONSE_MIN_VERSION 0
#define CK_FIND_COORDINATOR_RESPONSE_MAX_VERSION 6
typedef struct ck_FindCoordinatorResponse_Coordinator ck_FindCoordinatorResponse_Coordinator;
typedef struct ck_FindCoordinatorResponse_Coordinator_array { int32_t n; ck_FindCoordinatorResponse_Coordinator *a; } ck_FindCoordinatorResponse_Coordinator_array;
typedef struct ck_FindCoordinatorResponse ck_FindCoordinatorResponse;
struct ck_FindCoordinatorResponse_Coordinator {
    ck_str Key;                              /* v4+ */
    int32_t NodeId;                          /* v4+ */
    ck_str Host;                             /* v4+ */
    int32_t Port;                            /* v4+ */
    int16_t ErrorCode;                       /* v4+ */
    ck_str ErrorMessage;                     /* v4+, nullable 4+ */
};
struct ck_FindCoordinatorResponse {
    int32_t ThrottleTimeMs;                  /* v1+ */
    int16_t ErrorCode;                       /* v0-3 */
    ck_str ErrorMessage;                     /* v1-3, nullable 1-3 */
    int32_t NodeId;                          /* v0-3 */
    ck_str Host;                             /* v0-3 */
    int32_t Port;                            /* v0-3 */
    ck_FindCoordinatorResponse_Coordinator_array Coordinators; /* v4+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_FindCoordinatorResponse_Coordinator_init(ck_FindCoordinatorResponse_Coordinator *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_FindCoordinatorResponse_Coordinator *ck_FindCoordinatorResponse_Coordinator_array_alloc(ck_arena *a, ck_FindCoordinatorResponse_Coordinator_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_FindCoordinatorResponse_init(ck_FindCoordinatorResponse *m);
/** @brief Decodes one FindCoordinatorResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_FindCoordinatorResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_FindCoordinatorResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_FindCoordinatorResponse_encode(ck_wb *wb, int16_t version, const ck_FindCoordinatorResponse *m);

/* ---- JoinGroupRequest (request key 11, versions 0-9, flexible 6+) ---- */
#define CK_JOIN_GROUP_REQUEST_MIN_VERSION 0
#define CK_JOIN_GROUP_REQUEST_MAX_VERSION 9
typedef struct ck_JoinGroupRequest_JoinGroupRequestProtocol ck_JoinGroupRequest_JoinGroupRequestProtocol;
typedef struct ck_JoinGroupRequest_JoinGroupRequestProtocol_array { int32_t n; ck_JoinGroupRequest_JoinGroupRequestProtocol *a; } ck_JoinGroupRequest_JoinGroupRequestProtocol_array;
typedef struct ck_JoinGroupRequest ck_JoinGroupRequest;
struct ck_JoinGroupRequest_JoinGroupRequestProtocol {
    ck_str Name;                             /* v0+ */
    ck_bytes Metadata;                       /* v0+ */
};
struct ck_JoinGroupRequest {
    ck_str GroupId;                          /* v0+ */
    int32_t SessionTimeoutMs;                /* v0+ */
    int32_t RebalanceTimeoutMs;              /* v1+, default -1 */
    ck_str MemberId;                         /* v0+ */
    ck_str GroupInstanceId;                  /* v5+, nullable 5+, default null */
    ck_str ProtocolType;                     /* v0+ */
    ck_JoinGroupRequest_JoinGroupRequestProtocol_array Protocols; /* v0+ */
    ck_str Reason;                           /* v8+, nullable 8+, default null */
};

/** @brief Sets every field of *m to its schema default. */
void ck_JoinGroupRequest_JoinGroupRequestProtocol_init(ck_JoinGroupRequest_JoinGroupRequestProtocol *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_JoinGroupRequest_JoinGroupRequestProtocol *ck_JoinGroupRequest_JoinGroupRequestProtocol_array_alloc(ck_arena *a, ck_JoinGroupRequest_JoinGroupRequestProtocol_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_JoinGroupRequest_init(ck_JoinGroupRequest *m);
/** @brief Decodes one JoinGroupRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_JoinGroupRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_JoinGroupRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_JoinGroupRequest_encode(ck_wb *wb, int16_t version, const ck_JoinGroupRequest *m);

/* ---- JoinGroupResponse (response key 11, versions 0-9, flexible 6+) ---- */
#define CK_JOIN_GROUP_RESPONSE_MIN_VERSION 0
#define CK_JOIN_GROUP_RESPONSE_MAX_VERSION 9
typedef struct ck_JoinGroupResponse_JoinGroupResponseMember ck_JoinGroupResponse_JoinGroupResponseMember;
typedef struct ck_JoinGroupResponse_JoinGroupResponseMember_array { int32_t n; ck_JoinGroupResponse_JoinGroupResponseMember *a; } ck_JoinGroupResponse_JoinGroupResponseMember_array;
typedef struct ck_JoinGroupResponse ck_JoinGroupResponse;
struct ck_JoinGroupResponse_JoinGroupResponseMember {
    ck_str MemberId;                         /* v0+ */
    ck_str GroupInstanceId;                  /* v5+, nullable 5+, default null */
    ck_bytes Metadata;                       /* v0+ */
};
struct ck_JoinGroupResponse {
    int32_t ThrottleTimeMs;                  /* v2+ */
    int16_t ErrorCode;                       /* v0+ */
    int32_t GenerationId;                    /* v0+, default -1 */
    ck_str ProtocolType;                     /* v7+, nullable 7+, default null */
    ck_str ProtocolName;                     /* v0+, nullable 7+ */
    ck_str Leader;                           /* v0+ */
    bool SkipAssignment;                     /* v9+, default false */
    ck_str MemberId;                         /* v0+ */
    ck_JoinGroupResponse_JoinGroupResponseMember_array Members; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_JoinGroupResponse_JoinGroupResponseMember_init(ck_JoinGroupResponse_JoinGroupResponseMember *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_JoinGroupResponse_JoinGroupResponseMember *ck_JoinGroupResponse_JoinGroupResponseMember_array_alloc(ck_arena *a, ck_JoinGroupResponse_JoinGroupResponseMember_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_JoinGroupResponse_init(ck_JoinGroupResponse *m);
/** @brief Decodes one JoinGroupResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_JoinGroupResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_JoinGroupResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_JoinGroupResponse_encode(ck_wb *wb, int16_t version, const ck_JoinGroupResponse *m);

/* ---- HeartbeatRequest (request key 12, versions 0-4, flexible 4+) ---- */
#define CK_HEARTBEAT_REQUEST_MIN_VERSION 0
#define CK_HEARTBEAT_REQUEST_MAX_VERSION 4
typedef struct ck_HeartbeatRequest ck_HeartbeatRequest;
struct ck_HeartbeatRequest {
    ck_str GroupId;                          /* v0+ */
    int32_t GenerationId;                    /* v0+ */
    ck_str MemberId;                         /* v0+ */
    ck_str GroupInstanceId;                  /* v3+, nullable 3+, default null */
};

/** @brief Sets every field of *m to its schema default. */
void ck_HeartbeatRequest_init(ck_HeartbeatRequest *m);
/** @brief Decodes one HeartbeatRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_HeartbeatRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_HeartbeatRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_HeartbeatRequest_encode(ck_wb *wb, int16_t version, const ck_HeartbeatRequest *m);

/* ---- HeartbeatResponse (response key 12, versions 0-4, flexible 4+) ---- */
#define CK_HEARTBEAT_RESPONSE_MIN_VERSION 0
#define CK_HEARTBEAT_RESPONSE_MAX_VERSION 4
typedef struct ck_HeartbeatResponse ck_HeartbeatResponse;
struct ck_HeartbeatResponse {
    int32_t ThrottleTimeMs;                  /* v1+ */
    int16_t ErrorCode;                       /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_HeartbeatResponse_init(ck_HeartbeatResponse *m);
/** @brief Decodes one HeartbeatResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_HeartbeatResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_HeartbeatResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_HeartbeatResponse_encode(ck_wb *wb, int16_t version, const ck_HeartbeatResponse *m);

/* ---- LeaveGroupRequest (request key 13, versions 0-5, flexible 4+) ---- */
#define CK_LEAVE_GROUP_REQUEST_MIN_VERSION 0
#define CK_LEAVE_GROUP_REQUEST_MAX_VERSION 5
typedef struct ck_LeaveGroupRequest_MemberIdentity ck_LeaveGroupRequest_MemberIdentity;
typedef struct ck_LeaveGroupRequest_MemberIdentity_array { int32_t n; ck_LeaveGroupRequest_MemberIdentity *a; } ck_LeaveGroupRequest_MemberIdentity_array;
typedef struct ck_LeaveGroupRequest ck_LeaveGroupRequest;
struct ck_LeaveGroupRequest_MemberIdentity {
    ck_str MemberId;                         /* v3+ */
    ck_str GroupInstanceId;                  /* v3+, nullable 3+, default null */
    ck_str Reason;                           /* v5+, nullable 5+, default null */
};
struct ck_LeaveGroupRequest {
    ck_str GroupId;                          /* v0+ */
    ck_str MemberId;                         /* v0-2 */
    ck_LeaveGroupRequest_MemberIdentity_array Members; /* v3+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_LeaveGroupRequest_MemberIdentity_init(ck_LeaveGroupRequest_MemberIdentity *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_LeaveGroupRequest_MemberIdentity *ck_LeaveGroupRequest_MemberIdentity_array_alloc(ck_arena *a, ck_LeaveGroupRequest_MemberIdentity_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_LeaveGroupRequest_init(ck_LeaveGroupRequest *m);
/** @brief Decodes one LeaveGroupRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_LeaveGroupRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_LeaveGroupRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_LeaveGroupRequest_encode(ck_wb *wb, int16_t version, const ck_LeaveGroupRequest *m);

/* ---- LeaveGroupResponse (response key 13, versions 0-5, flexible 4+) ---- */
#define CK_LEAVE_GROUP_RESPONSE_MIN_VERSION 0
#define CK_LEAVE_GROUP_RESPONSE_MAX_VERSION 5
typedef struct ck_LeaveGroupResponse_MemberResponse ck_LeaveGroupResponse_MemberResponse;
typedef struct ck_LeaveGroupResponse_MemberResponse_array { int32_t n; ck_LeaveGroupResponse_MemberResponse *a; } ck_LeaveGroupResponse_MemberResponse_array;
typedef struct ck_LeaveGroupResponse ck_LeaveGroupResponse;
struct ck_LeaveGroupResponse_MemberResponse {
    ck_str MemberId;                         /* v3+ */
    ck_str GroupInstanceId;                  /* v3+, nullable 3+ */
    int16_t ErrorCode;                       /* v3+ */
};
struct ck_LeaveGroupResponse {
    int32_t ThrottleTimeMs;                  /* v1+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_LeaveGroupResponse_MemberResponse_array Members; /* v3+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_LeaveGroupResponse_MemberResponse_init(ck_LeaveGroupResponse_MemberResponse *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_LeaveGroupResponse_MemberResponse *ck_LeaveGroupResponse_MemberResponse_array_alloc(ck_arena *a, ck_LeaveGroupResponse_MemberResponse_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_LeaveGroupResponse_init(ck_LeaveGroupResponse *m);
/** @brief Decodes one LeaveGroupResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_LeaveGroupResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_LeaveGroupResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_LeaveGroupResponse_encode(ck_wb *wb, int16_t version, const ck_LeaveGroupResponse *m);

/* ---- SyncGroupRequest (request key 14, versions 0-5, flexible 4+) ---- */
#define CK_SYNC_GROUP_REQUEST_MIN_VERSION 0
#define CK_SYNC_GROUP_REQUEST_MAX_VERSION 5
typedef struct ck_SyncGroupRequest_SyncGroupRequestAssignment ck_SyncGroupRequest_SyncGroupRequestAssignment;
typedef struct ck_SyncGroupRequest_SyncGroupRequestAssignment_array { int32_t n; ck_SyncGroupRequest_SyncGroupRequestAssignment *a; } ck_SyncGroupRequest_SyncGroupRequestAssignment_array;
typedef struct ck_SyncGroupRequest ck_SyncGroupRequest;
struct ck_SyncGroupRequest_SyncGroupRequestAssignment {
    ck_str MemberId;                         /* v0+ */
    ck_bytes Assignment;                     /* v0+ */
};
struct ck_SyncGroupRequest {
    ck_str GroupId;                          /* v0+ */
    int32_t GenerationId;                    /* v0+ */
    ck_str MemberId;                         /* v0+ */
    ck_str GroupInstanceId;                  /* v3+, nullable 3+, default null */
    ck_str ProtocolType;                     /* v5+, nullable 5+, default null */
    ck_str ProtocolName;                     /* v5+, nullable 5+, default null */
    ck_SyncGroupRequest_SyncGroupRequestAssignment_array Assignments; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_SyncGroupRequest_SyncGroupRequestAssignment_init(ck_SyncGroupRequest_SyncGroupRequestAssignment *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_SyncGroupRequest_SyncGroupRequestAssignment *ck_SyncGroupRequest_SyncGroupRequestAssignment_array_alloc(ck_arena *a, ck_SyncGroupRequest_SyncGroupRequestAssignment_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_SyncGroupRequest_init(ck_SyncGroupRequest *m);
/** @brief Decodes one SyncGroupRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_SyncGroupRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_SyncGroupRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_SyncGroupRequest_encode(ck_wb *wb, int16_t version, const ck_SyncGroupRequest *m);

/* ---- SyncGroupResponse (response key 14, versions 0-5, flexible 4+) ---- */
#define CK_SYNC_GROUP_RESPONSE_MIN_VERSION 0
#define CK_SYNC_GROUP_RESPONSE_MAX_VERSION 5
typedef struct ck_SyncGroupResponse ck_SyncGroupResponse;
struct ck_SyncGroupResponse {
    int32_t ThrottleTimeMs;                  /* v1+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ProtocolType;                     /* v5+, nullable 5+, default null */
    ck_str ProtocolName;                     /* v5+, nullable 5+, default null */
    ck_bytes Assignment;                     /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_SyncGroupResponse_init(ck_SyncGroupResponse *m);
/** @brief Decodes one SyncGroupResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_SyncGroupResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_SyncGroupResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_SyncGroupResponse_encode(ck_wb *wb, int16_t version, const ck_SyncGroupResponse *m);

/* ---- DescribeGroupsRequest (request key 15, versions 0-5, flexible 5+) ---- */
#define CK_DESCRIBE_GROUPS_REQUEST_MIN_VERSION 0
#define CK_DESCRIBE_GROUPS_REQUEST_MAX_VERSION 5
typedef struct ck_DescribeGroupsRequest ck_DescribeGroupsRequest;
struct ck_DescribeGroupsRequest {
    ck_str_array Groups;                     /* v0+ */
    bool IncludeAuthorizedOperations;        /* v3+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeGroupsRequest_init(ck_DescribeGroupsRequest *m);
/** @brief Decodes one DescribeGroupsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeGroupsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeGroupsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeGroupsRequest_encode(ck_wb *wb, int16_t version, const ck_DescribeGroupsRequest *m);

/* ---- DescribeGroupsResponse (response key 15, versions 0-5, flexible 5+) ---- */
#define CK_DESCRIBE_GROUPS_RESPONSE_MIN_VERSION 0
#define CK_DESCRIBE_GROUPS_RESPONSE_MAX_VERSION 5
typedef struct ck_DescribeGroupsResponse_DescribedGroupMember ck_DescribeGroupsResponse_DescribedGroupMember;
typedef struct ck_DescribeGroupsResponse_DescribedGroupMember_array { int32_t n; ck_DescribeGroupsResponse_DescribedGroupMember *a; } ck_DescribeGroupsResponse_DescribedGroupMember_array;
typedef struct ck_DescribeGroupsResponse_DescribedGroup ck_DescribeGroupsResponse_DescribedGroup;
typedef struct ck_DescribeGroupsResponse_DescribedGroup_array { int32_t n; ck_DescribeGroupsResponse_DescribedGroup *a; } ck_DescribeGroupsResponse_DescribedGroup_array;
typedef struct ck_DescribeGroupsResponse ck_DescribeGroupsResponse;
struct ck_DescribeGroupsResponse_DescribedGroupMember {
    ck_str MemberId;                         /* v0+ */
    ck_str GroupInstanceId;                  /* v4+, nullable 4+, default null */
    ck_str ClientId;                         /* v0+ */
    ck_str ClientHost;                       /* v0+ */
    ck_bytes MemberMetadata;                 /* v0+ */
    ck_bytes MemberAssignment;               /* v0+ */
};
struct ck_DescribeGroupsResponse_DescribedGroup {
    int16_t ErrorCode;                       /* v0+ */
    ck_str GroupId;                          /* v0+ */
    ck_str GroupState;                       /* v0+ */
    ck_str ProtocolType;                     /* v0+ */
    ck_str ProtocolData;                     /* v0+ */
    ck_DescribeGroupsResponse_DescribedGroupMember_array Members; /* v0+ */
    int32_t AuthorizedOperations;            /* v3+, default -2147483648 */
};
struct ck_DescribeGroupsResponse {
    int32_t ThrottleTimeMs;                  /* v1+ */
    ck_DescribeGroupsResponse_DescribedGroup_array Groups; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeGroupsResponse_DescribedGroupMember_init(ck_DescribeGroupsResponse_DescribedGroupMember *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeGroupsResponse_DescribedGroupMember *ck_DescribeGroupsResponse_DescribedGroupMember_array_alloc(ck_arena *a, ck_DescribeGroupsResponse_DescribedGroupMember_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeGroupsResponse_DescribedGroup_init(ck_DescribeGroupsResponse_DescribedGroup *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeGroupsResponse_DescribedGroup *ck_DescribeGroupsResponse_DescribedGroup_array_alloc(ck_arena *a, ck_DescribeGroupsResponse_DescribedGroup_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeGroupsResponse_init(ck_DescribeGroupsResponse *m);
/** @brief Decodes one DescribeGroupsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeGroupsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeGroupsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeGroupsResponse_encode(ck_wb *wb, int16_t version, const ck_DescribeGroupsResponse *m);

/* ---- ListGroupsRequest (request key 16, versions 0-5, flexible 3+) ---- */
#define CK_LIST_GROUPS_REQUEST_MIN_VERSION 0
#define CK_LIST_GROUPS_REQUEST_MAX_VERSION 5
typedef struct ck_ListGroupsRequest ck_ListGroupsRequest;
struct ck_ListGroupsRequest {
    ck_str_array StatesFilter;               /* v4+ */
    ck_str_array TypesFilter;                /* v5+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ListGroupsRequest_init(ck_ListGroupsRequest *m);
/** @brief Decodes one ListGroupsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ListGroupsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ListGroupsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ListGroupsRequest_encode(ck_wb *wb, int16_t version, const ck_ListGroupsRequest *m);

/* ---- ListGroupsResponse (response key 16, versions 0-5, flexible 3+) ---- */
#define CK_LIST_GROUPS_RESPONSE_MIN_VERSION 0
#define CK_LIST_GROUPS_RESPONSE_MAX_VERSION 5
typedef struct ck_ListGroupsResponse_ListedGroup ck_ListGroupsResponse_ListedGroup;
typedef struct ck_ListGroupsResponse_ListedGroup_array { int32_t n; ck_ListGroupsResponse_ListedGroup *a; } ck_ListGroupsResponse_ListedGroup_array;
typedef struct ck_ListGroupsResponse ck_ListGroupsResponse;
struct ck_ListGroupsResponse_ListedGroup {
    ck_str GroupId;                          /* v0+ */
    ck_str ProtocolType;                     /* v0+ */
    ck_str GroupState;                       /* v4+ */
    ck_str GroupType;                        /* v5+ */
};
struct ck_ListGroupsResponse {
    int32_t ThrottleTimeMs;                  /* v1+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_ListGroupsResponse_ListedGroup_array Groups; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ListGroupsResponse_ListedGroup_init(ck_ListGroupsResponse_ListedGroup *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ListGroupsResponse_ListedGroup *ck_ListGroupsResponse_ListedGroup_array_alloc(ck_arena *a, ck_ListGroupsResponse_ListedGroup_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ListGroupsResponse_init(ck_ListGroupsResponse *m);
/** @brief Decodes one ListGroupsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ListGroupsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ListGroupsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ListGroupsResponse_encode(ck_wb *wb, int16_t version, const ck_ListGroupsResponse *m);

/* ---- SaslHandshakeRequest (request key 17, versions 0-1, flexible none) ---- */
#define CK_SASL_HANDSHAKE_REQUEST_MIN_VERSION 0
#define CK_SASL_HANDSHAKE_REQUEST_MAX_VERSION 1
typedef struct ck_SaslHandshakeRequest ck_SaslHandshakeRequest;
struct ck_SaslHandshakeRequest {
    ck_str Mechanism;                        /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_SaslHandshakeRequest_init(ck_SaslHandshakeRequest *m);
/** @brief Decodes one SaslHandshakeRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_SaslHandshakeRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_SaslHandshakeRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_SaslHandshakeRequest_encode(ck_wb *wb, int16_t version, const ck_SaslHandshakeRequest *m);

/* ---- SaslHandshakeResponse (response key 17, versions 0-1, flexible none) ---- */
#define CK_SASL_HANDSHAKE_RESPONSE_MIN_VERSION 0
#define CK_SASL_HANDSHAKE_RESPONSE_MAX_VERSION 1
typedef struct ck_SaslHandshakeResponse ck_SaslHandshakeResponse;
struct ck_SaslHandshakeResponse {
    int16_t ErrorCode;                       /* v0+ */
    ck_str_array Mechanisms;                 /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_SaslHandshakeResponse_init(ck_SaslHandshakeResponse *m);
/** @brief Decodes one SaslHandshakeResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_SaslHandshakeResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_SaslHandshakeResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_SaslHandshakeResponse_encode(ck_wb *wb, int16_t version, const ck_SaslHandshakeResponse *m);

/* ---- ApiVersionsRequest (request key 18, versions 0-4, flexible 3+) ---- */
#define CK_API_VERSIONS_REQUEST_MIN_VERSION 0
#define CK_API_VERSIONS_REQUEST_MAX_VERSION 4
typedef struct ck_ApiVersionsRequest ck_ApiVersionsRequest;
struct ck_ApiVersionsRequest {
    ck_str ClientSoftwareName;               /* v3+ */
    ck_str ClientSoftwareVersion;            /* v3+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ApiVersionsRequest_init(ck_ApiVersionsRequest *m);
/** @brief Decodes one ApiVersionsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ApiVersionsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ApiVersionsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ApiVersionsRequest_encode(ck_wb *wb, int16_t version, const ck_ApiVersionsRequest *m);

/* ---- ApiVersionsResponse (response key 18, versions 0-4, flexible 3+) ---- */
#define CK_API_VERSIONS_RESPONSE_MIN_VERSION 0
#define CK_API_VERSIONS_RESPONSE_MAX_VERSION 4
typedef struct ck_ApiVersionsResponse_ApiVersion ck_ApiVersionsResponse_ApiVersion;
typedef struct ck_ApiVersionsResponse_ApiVersion_array { int32_t n; ck_ApiVersionsResponse_ApiVersion *a; } ck_ApiVersionsResponse_ApiVersion_array;
typedef struct ck_ApiVersionsResponse_SupportedFeatureKey ck_ApiVersionsResponse_SupportedFeatureKey;
typedef struct ck_ApiVersionsResponse_SupportedFeatureKey_array { int32_t n; ck_ApiVersionsResponse_SupportedFeatureKey *a; } ck_ApiVersionsResponse_SupportedFeatureKey_array;
typedef struct ck_ApiVersionsResponse_FinalizedFeatureKey ck_ApiVersionsResponse_FinalizedFeatureKey;
typedef struct ck_ApiVersionsResponse_FinalizedFeatureKey_array { int32_t n; ck_ApiVersionsResponse_FinalizedFeatureKey *a; } ck_ApiVersionsResponse_FinalizedFeatureKey_array;
typedef struct ck_ApiVersionsResponse ck_ApiVersionsResponse;
struct ck_ApiVersionsResponse_ApiVersion {
    int16_t ApiKey;                          /* v0+ */
    int16_t MinVersion;                      /* v0+ */
    int16_t MaxVersion;                      /* v0+ */
};
struct ck_ApiVersionsResponse_SupportedFeatureKey {
    ck_str Name;                             /* v3+ */
    int16_t MinVersion;                      /* v3+ */
    int16_t MaxVersion;                      /* v3+ */
};
struct ck_ApiVersionsResponse_FinalizedFeatureKey {
    ck_str Name;                             /* v3+ */
    int16_t MaxVersionLevel;                 /* v3+ */
    int16_t MinVersionLevel;                 /* v3+ */
};
struct ck_ApiVersionsResponse {
    int16_t ErrorCode;                       /* v0+ */
    ck_ApiVersionsResponse_ApiVersion_array ApiKeys; /* v0+ */
    int32_t ThrottleTimeMs;                  /* v1+ */
    ck_ApiVersionsResponse_SupportedFeatureKey_array SupportedFeatures; /* v3+, tag 0 */
    int64_t FinalizedFeaturesEpoch;          /* v3+, tag 1, default -1 */
    ck_ApiVersionsResponse_FinalizedFeatureKey_array FinalizedFeatures; /* v3+, tag 2 */
    bool ZkMigrationReady;                   /* v3+, tag 3, default false */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ApiVersionsResponse_ApiVersion_init(ck_ApiVersionsResponse_ApiVersion *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ApiVersionsResponse_ApiVersion *ck_ApiVersionsResponse_ApiVersion_array_alloc(ck_arena *a, ck_ApiVersionsResponse_ApiVersion_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ApiVersionsResponse_SupportedFeatureKey_init(ck_ApiVersionsResponse_SupportedFeatureKey *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ApiVersionsResponse_SupportedFeatureKey *ck_ApiVersionsResponse_SupportedFeatureKey_array_alloc(ck_arena *a, ck_ApiVersionsResponse_SupportedFeatureKey_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ApiVersionsResponse_FinalizedFeatureKey_init(ck_ApiVersionsResponse_FinalizedFeatureKey *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ApiVersionsResponse_FinalizedFeatureKey *ck_ApiVersionsResponse_FinalizedFeatureKey_array_alloc(ck_arena *a, ck_ApiVersionsResponse_FinalizedFeatureKey_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ApiVersionsResponse_init(ck_ApiVersionsResponse *m);
/** @brief Decodes one ApiVersionsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ApiVersionsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ApiVersionsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ApiVersionsResponse_encode(ck_wb *wb, int16_t version, const ck_ApiVersionsResponse *m);

/* ---- CreateTopicsRequest (request key 19, versions 0-7, flexible 5+) ---- */
#define CK_CREATE_TOPICS_REQUEST_MIN_VERSION 0
#define CK_CREATE_TOPICS_REQUEST_MAX_VERSION 7
typedef struct ck_CreateTopicsRequest_CreatableReplicaAssignment ck_CreateTopicsRequest_CreatableReplicaAssignment;
typedef struct ck_CreateTopicsRequest_CreatableReplicaAssignment_array { int32_t n; ck_CreateTopicsRequest_CreatableReplicaAssignment *a; } ck_CreateTopicsRequest_CreatableReplicaAssignment_array;
typedef struct ck_CreateTopicsRequest_CreatableTopicConfig ck_CreateTopicsRequest_CreatableTopicConfig;
typedef struct ck_CreateTopicsRequest_CreatableTopicConfig_array { int32_t n; ck_CreateTopicsRequest_CreatableTopicConfig *a; } ck_CreateTopicsRequest_CreatableTopicConfig_array;
typedef struct ck_CreateTopicsRequest_CreatableTopic ck_CreateTopicsRequest_CreatableTopic;
typedef struct ck_CreateTopicsRequest_CreatableTopic_array { int32_t n; ck_CreateTopicsRequest_CreatableTopic *a; } ck_CreateTopicsRequest_CreatableTopic_array;
typedef struct ck_CreateTopicsRequest ck_CreateTopicsRequest;
struct ck_CreateTopicsRequest_CreatableReplicaAssignment {
    int32_t PartitionIndex;                  /* v0+ */
    ck_int32_array BrokerIds;                /* v0+ */
};
struct ck_CreateTopicsRequest_CreatableTopicConfig {
    ck_str Name;                             /* v0+ */
    ck_str Value;                            /* v0+, nullable 0+ */
};
struct ck_CreateTopicsRequest_CreatableTopic {
    ck_str Name;                             /* v0+ */
    int32_t NumPartitions;                   /* v0+ */
    int16_t ReplicationFactor;               /* v0+ */
    ck_CreateTopicsRequest_CreatableReplicaAssignment_array Assignments; /* v0+ */
    ck_CreateTopicsRequest_CreatableTopicConfig_array Configs; /* v0+ */
};
struct ck_CreateTopicsRequest {
    ck_CreateTopicsRequest_CreatableTopic_array Topics; /* v0+ */
    int32_t timeoutMs;                       /* v0+, default 60000 */
    bool validateOnly;                       /* v1+, default false */
};

/** @brief Sets every field of *m to its schema default. */
void ck_CreateTopicsRequest_CreatableReplicaAssignment_init(ck_CreateTopicsRequest_CreatableReplicaAssignment *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_CreateTopicsRequest_CreatableReplicaAssignment *ck_CreateTopicsRequest_CreatableReplicaAssignment_array_alloc(ck_arena *a, ck_CreateTopicsRequest_CreatableReplicaAssignment_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_CreateTopicsRequest_CreatableTopicConfig_init(ck_CreateTopicsRequest_CreatableTopicConfig *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_CreateTopicsRequest_CreatableTopicConfig *ck_CreateTopicsRequest_CreatableTopicConfig_array_alloc(ck_arena *a, ck_CreateTopicsRequest_CreatableTopicConfig_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_CreateTopicsRequest_CreatableTopic_init(ck_CreateTopicsRequest_CreatableTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_CreateTopicsRequest_CreatableTopic *ck_CreateTopicsRequest_CreatableTopic_array_alloc(ck_arena *a, ck_CreateTopicsRequest_CreatableTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_CreateTopicsRequest_init(ck_CreateTopicsRequest *m);
/** @brief Decodes one CreateTopicsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_CreateTopicsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_CreateTopicsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_CreateTopicsRequest_encode(ck_wb *wb, int16_t version, const ck_CreateTopicsRequest *m);

/* ---- CreateTopicsResponse (response key 19, versions 0-7, flexible 5+) ---- */
#define CK_CREATE_TOPICS_RESPONSE_MIN_VERSION 0
#define CK_CREATE_TOPICS_RESPONSE_MAX_VERSION 7
typedef struct ck_CreateTopicsResponse_CreatableTopicConfigs ck_CreateTopicsResponse_CreatableTopicConfigs;
typedef struct ck_CreateTopicsResponse_CreatableTopicConfigs_array { int32_t n; ck_CreateTopicsResponse_CreatableTopicConfigs *a; } ck_CreateTopicsResponse_CreatableTopicConfigs_array;
typedef struct ck_CreateTopicsResponse_CreatableTopicResult ck_CreateTopicsResponse_CreatableTopicResult;
typedef struct ck_CreateTopicsResponse_CreatableTopicResult_array { int32_t n; ck_CreateTopicsResponse_CreatableTopicResult *a; } ck_CreateTopicsResponse_CreatableTopicResult_array;
typedef struct ck_CreateTopicsResponse ck_CreateTopicsResponse;
struct ck_CreateTopicsResponse_CreatableTopicConfigs {
    ck_str Name;                             /* v5+ */
    ck_str Value;                            /* v5+, nullable 5+ */
    bool ReadOnly;                           /* v5+ */
    int8_t ConfigSource;                     /* v5+, default -1 */
    bool IsSensitive;                        /* v5+ */
};
struct ck_CreateTopicsResponse_CreatableTopicResult {
    ck_str Name;                             /* v0+ */
    uint8_t TopicId[16];                     /* v7+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v1+, nullable 0+ */
    int16_t TopicConfigErrorCode;            /* v5+, tag 0 */
    int32_t NumPartitions;                   /* v5+, default -1 */
    int16_t ReplicationFactor;               /* v5+, default -1 */
    ck_CreateTopicsResponse_CreatableTopicConfigs_array Configs; /* v5+, nullable 5+ */
};
struct ck_CreateTopicsResponse {
    int32_t ThrottleTimeMs;                  /* v2+ */
    ck_CreateTopicsResponse_CreatableTopicResult_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_CreateTopicsResponse_CreatableTopicConfigs_init(ck_CreateTopicsResponse_CreatableTopicConfigs *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_CreateTopicsResponse_CreatableTopicConfigs *ck_CreateTopicsResponse_CreatableTopicConfigs_array_alloc(ck_arena *a, ck_CreateTopicsResponse_CreatableTopicConfigs_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_CreateTopicsResponse_CreatableTopicResult_init(ck_CreateTopicsResponse_CreatableTopicResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_CreateTopicsResponse_CreatableTopicResult *ck_CreateTopicsResponse_CreatableTopicResult_array_alloc(ck_arena *a, ck_CreateTopicsResponse_CreatableTopicResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_CreateTopicsResponse_init(ck_CreateTopicsResponse *m);
/** @brief Decodes one CreateTopicsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_CreateTopicsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_CreateTopicsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_CreateTopicsResponse_encode(ck_wb *wb, int16_t version, const ck_CreateTopicsResponse *m);

/* ---- DeleteTopicsRequest (request key 20, versions 0-6, flexible 4+) ---- */
#define CK_DELETE_TOPICS_REQUEST_MIN_VERSION 0
#define CK_DELETE_TOPICS_REQUEST_MAX_VERSION 6
typedef struct ck_DeleteTopicsRequest_DeleteTopicState ck_DeleteTopicsRequest_DeleteTopicState;
typedef struct ck_DeleteTopicsRequest_DeleteTopicState_array { int32_t n; ck_DeleteTopicsRequest_DeleteTopicState *a; } ck_DeleteTopicsRequest_DeleteTopicState_array;
typedef struct ck_DeleteTopicsRequest ck_DeleteTopicsRequest;
struct ck_DeleteTopicsRequest_DeleteTopicState {
    ck_str Name;                             /* v6+, nullable 6+, default null */
    uint8_t TopicId[16];                     /* v6+ */
};
struct ck_DeleteTopicsRequest {
    ck_DeleteTopicsRequest_DeleteTopicState_array Topics; /* v6+ */
    ck_str_array TopicNames;                 /* v0-5 */
    int32_t TimeoutMs;                       /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DeleteTopicsRequest_DeleteTopicState_init(ck_DeleteTopicsRequest_DeleteTopicState *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DeleteTopicsRequest_DeleteTopicState *ck_DeleteTopicsRequest_DeleteTopicState_array_alloc(ck_arena *a, ck_DeleteTopicsRequest_DeleteTopicState_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DeleteTopicsRequest_init(ck_DeleteTopicsRequest *m);
/** @brief Decodes one DeleteTopicsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DeleteTopicsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DeleteTopicsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DeleteTopicsRequest_encode(ck_wb *wb, int16_t version, const ck_DeleteTopicsRequest *m);

/* ---- DeleteTopicsResponse (response key 20, versions 0-6, flexible 4+) ---- */
#define CK_DELETE_TOPICS_RESPONSE_MIN_VERSION 0
#define CK_DELETE_TOPICS_RESPONSE_MAX_VERSION 6
typedef struct ck_DeleteTopicsResponse_DeletableTopicResult ck_DeleteTopicsResponse_DeletableTopicResult;
typedef struct ck_DeleteTopicsResponse_DeletableTopicResult_array { int32_t n; ck_DeleteTopicsResponse_DeletableTopicResult *a; } ck_DeleteTopicsResponse_DeletableTopicResult_array;
typedef struct ck_DeleteTopicsResponse ck_DeleteTopicsResponse;
struct ck_DeleteTopicsResponse_DeletableTopicResult {
    ck_str Name;                             /* v0+, nullable 6+ */
    uint8_t TopicId[16];                     /* v6+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v5+, nullable 5+, default null */
};
struct ck_DeleteTopicsResponse {
    int32_t ThrottleTimeMs;                  /* v1+ */
    ck_DeleteTopicsResponse_DeletableTopicResult_array Responses; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DeleteTopicsResponse_DeletableTopicResult_init(ck_DeleteTopicsResponse_DeletableTopicResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DeleteTopicsResponse_DeletableTopicResult *ck_DeleteTopicsResponse_DeletableTopicResult_array_alloc(ck_arena *a, ck_DeleteTopicsResponse_DeletableTopicResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DeleteTopicsResponse_init(ck_DeleteTopicsResponse *m);
/** @brief Decodes one DeleteTopicsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DeleteTopicsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DeleteTopicsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DeleteTopicsResponse_encode(ck_wb *wb, int16_t version, const ck_DeleteTopicsResponse *m);

/* ---- DeleteRecordsRequest (request key 21, versions 0-2, flexible 2+) ---- */
#define CK_DELETE_RECORDS_REQUEST_MIN_VERSION 0
#define CK_DELETE_RECORDS_REQUEST_MAX_VERSION 2
typedef struct ck_DeleteRecordsRequest_DeleteRecordsPartition ck_DeleteRecordsRequest_DeleteRecordsPartition;
typedef struct ck_DeleteRecordsRequest_DeleteRecordsPartition_array { int32_t n; ck_DeleteRecordsRequest_DeleteRecordsPartition *a; } ck_DeleteRecordsRequest_DeleteRecordsPartition_array;
typedef struct ck_DeleteRecordsRequest_DeleteRecordsTopic ck_DeleteRecordsRequest_DeleteRecordsTopic;
typedef struct ck_DeleteRecordsRequest_DeleteRecordsTopic_array { int32_t n; ck_DeleteRecordsRequest_DeleteRecordsTopic *a; } ck_DeleteRecordsRequest_DeleteRecordsTopic_array;
typedef struct ck_DeleteRecordsRequest ck_DeleteRecordsRequest;
struct ck_DeleteRecordsRequest_DeleteRecordsPartition {
    int32_t PartitionIndex;                  /* v0+ */
    int64_t Offset;                          /* v0+ */
};
struct ck_DeleteRecordsRequest_DeleteRecordsTopic {
    ck_str Name;                             /* v0+ */
    ck_DeleteRecordsRequest_DeleteRecordsPartition_array Partitions; /* v0+ */
};
struct ck_DeleteRecordsRequest {
    ck_DeleteRecordsRequest_DeleteRecordsTopic_array Topics; /* v0+ */
    int32_t TimeoutMs;                       /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DeleteRecordsRequest_DeleteRecordsPartition_init(ck_DeleteRecordsRequest_DeleteRecordsPartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DeleteRecordsRequest_DeleteRecordsPartition *ck_DeleteRecordsRequest_DeleteRecordsPartition_array_alloc(ck_arena *a, ck_DeleteRecordsRequest_DeleteRecordsPartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DeleteRecordsRequest_DeleteRecordsTopic_init(ck_DeleteRecordsRequest_DeleteRecordsTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DeleteRecordsRequest_DeleteRecordsTopic *ck_DeleteRecordsRequest_DeleteRecordsTopic_array_alloc(ck_arena *a, ck_DeleteRecordsRequest_DeleteRecordsTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DeleteRecordsRequest_init(ck_DeleteRecordsRequest *m);
/** @brief Decodes one DeleteRecordsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DeleteRecordsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DeleteRecordsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DeleteRecordsRequest_encode(ck_wb *wb, int16_t version, const ck_DeleteRecordsRequest *m);

/* ---- DeleteRecordsResponse (response key 21, versions 0-2, flexible 2+) ---- */
#define CK_DELETE_RECORDS_RESPONSE_MIN_VERSION 0
#define CK_DELETE_RECORDS_RESPONSE_MAX_VERSION 2
typedef struct ck_DeleteRecordsResponse_DeleteRecordsPartitionResult ck_DeleteRecordsResponse_DeleteRecordsPartitionResult;
typedef struct ck_DeleteRecordsResponse_DeleteRecordsPartitionResult_array { int32_t n; ck_DeleteRecordsResponse_DeleteRecordsPartitionResult *a; } ck_DeleteRecordsResponse_DeleteRecordsPartitionResult_array;
typedef struct ck_DeleteRecordsResponse_DeleteRecordsTopicResult ck_DeleteRecordsResponse_DeleteRecordsTopicResult;
typedef struct ck_DeleteRecordsResponse_DeleteRecordsTopicResult_array { int32_t n; ck_DeleteRecordsResponse_DeleteRecordsTopicResult *a; } ck_DeleteRecordsResponse_DeleteRecordsTopicResult_array;
typedef struct ck_DeleteRecordsResponse ck_DeleteRecordsResponse;
struct ck_DeleteRecordsResponse_DeleteRecordsPartitionResult {
    int32_t PartitionIndex;                  /* v0+ */
    int64_t LowWatermark;                    /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
};
struct ck_DeleteRecordsResponse_DeleteRecordsTopicResult {
    ck_str Name;                             /* v0+ */
    ck_DeleteRecordsResponse_DeleteRecordsPartitionResult_array Partitions; /* v0+ */
};
struct ck_DeleteRecordsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_DeleteRecordsResponse_DeleteRecordsTopicResult_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DeleteRecordsResponse_DeleteRecordsPartitionResult_init(ck_DeleteRecordsResponse_DeleteRecordsPartitionResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DeleteRecordsResponse_DeleteRecordsPartitionResult *ck_DeleteRecordsResponse_DeleteRecordsPartitionResult_array_alloc(ck_arena *a, ck_DeleteRecordsResponse_DeleteRecordsPartitionResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DeleteRecordsResponse_DeleteRecordsTopicResult_init(ck_DeleteRecordsResponse_DeleteRecordsTopicResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DeleteRecordsResponse_DeleteRecordsTopicResult *ck_DeleteRecordsResponse_DeleteRecordsTopicResult_array_alloc(ck_arena *a, ck_DeleteRecordsResponse_DeleteRecordsTopicResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DeleteRecordsResponse_init(ck_DeleteRecordsResponse *m);
/** @brief Decodes one DeleteRecordsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DeleteRecordsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DeleteRecordsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DeleteRecordsResponse_encode(ck_wb *wb, int16_t version, const ck_DeleteRecordsResponse *m);

/* ---- InitProducerIdRequest (request key 22, versions 0-5, flexible 2+) ---- */
#define CK_INIT_PRODUCER_ID_REQUEST_MIN_VERSION 0
#define CK_INIT_PRODUCER_ID_REQUEST_MAX_VERSION 5
typedef struct ck_InitProducerIdRequest ck_InitProducerIdRequest;
struct ck_InitProducerIdRequest {
    ck_str TransactionalId;                  /* v0+, nullable 0+ */
    int32_t TransactionTimeoutMs;            /* v0+ */
    int64_t ProducerId;                      /* v3+, default -1 */
    int16_t ProducerEpoch;                   /* v3+, default -1 */
};

/** @brief Sets every field of *m to its schema default. */
void ck_InitProducerIdRequest_init(ck_InitProducerIdRequest *m);
/** @brief Decodes one InitProducerIdRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_InitProducerIdRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_InitProducerIdRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_InitProducerIdRequest_encode(ck_wb *wb, int16_t version, const ck_InitProducerIdRequest *m);

/* ---- InitProducerIdResponse (response key 22, versions 0-5, flexible 2+) ---- */
#define CK_INIT_PRODUCER_ID_RESPONSE_MIN_VERSION 0
#define CK_INIT_PRODUCER_ID_RESPONSE_MAX_VERSION 5
typedef struct ck_InitProducerIdResponse ck_InitProducerIdResponse;
struct ck_InitProducerIdResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    int64_t ProducerId;                      /* v0+, default -1 */
    int16_t ProducerEpoch;                   /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_InitProducerIdResponse_init(ck_InitProducerIdResponse *m);
/** @brief Decodes one InitProducerIdResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_InitProducerIdResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_InitProducerIdResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_InitProducerIdResponse_encode(ck_wb *wb, int16_t version, const ck_InitProducerIdResponse *m);

/* ---- OffsetForLeaderEpochRequest (request key 23, versions 0-4, flexible 4+) ---- */
#define CK_OFFSET_FOR_LEADER_EPOCH_REQUEST_MIN_VERSION 0
#define CK_OFFSET_FOR_LEADER_EPOCH_REQUEST_MAX_VERSION 4
typedef struct ck_OffsetForLeaderEpochRequest_OffsetForLeaderPartition ck_OffsetForLeaderEpochRequest_OffsetForLeaderPartition;
typedef struct ck_OffsetForLeaderEpochRequest_OffsetForLeaderPartition_array { int32_t n; ck_OffsetForLeaderEpochRequest_OffsetForLeaderPartition *a; } ck_OffsetForLeaderEpochRequest_OffsetForLeaderPartition_array;
typedef struct ck_OffsetForLeaderEpochRequest_OffsetForLeaderTopic ck_OffsetForLeaderEpochRequest_OffsetForLeaderTopic;
typedef struct ck_OffsetForLeaderEpochRequest_OffsetForLeaderTopic_array { int32_t n; ck_OffsetForLeaderEpochRequest_OffsetForLeaderTopic *a; } ck_OffsetForLeaderEpochRequest_OffsetForLeaderTopic_array;
typedef struct ck_OffsetForLeaderEpochRequest ck_OffsetForLeaderEpochRequest;
struct ck_OffsetForLeaderEpochRequest_OffsetForLeaderPartition {
    int32_t Partition;                       /* v0+ */
    int32_t CurrentLeaderEpoch;              /* v2+, default -1 */
    int32_t LeaderEpoch;                     /* v0+ */
};
struct ck_OffsetForLeaderEpochRequest_OffsetForLeaderTopic {
    ck_str Topic;                            /* v0+ */
    ck_OffsetForLeaderEpochRequest_OffsetForLeaderPartition_array Partitions; /* v0+ */
};
struct ck_OffsetForLeaderEpochRequest {
    int32_t ReplicaId;                       /* v3+, default -2 */
    ck_OffsetForLeaderEpochRequest_OffsetForLeaderTopic_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_OffsetForLeaderEpochRequest_OffsetForLeaderPartition_init(ck_OffsetForLeaderEpochRequest_OffsetForLeaderPartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetForLeaderEpochRequest_OffsetForLeaderPartition *ck_OffsetForLeaderEpochRequest_OffsetForLeaderPartition_array_alloc(ck_arena *a, ck_OffsetForLeaderEpochRequest_OffsetForLeaderPartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetForLeaderEpochRequest_OffsetForLeaderTopic_init(ck_OffsetForLeaderEpochRequest_OffsetForLeaderTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetForLeaderEpochRequest_OffsetForLeaderTopic *ck_OffsetForLeaderEpochRequest_OffsetForLeaderTopic_array_alloc(ck_arena *a, ck_OffsetForLeaderEpochRequest_OffsetForLeaderTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetForLeaderEpochRequest_init(ck_OffsetForLeaderEpochRequest *m);
/** @brief Decodes one OffsetForLeaderEpochRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_OffsetForLeaderEpochRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_OffsetForLeaderEpochRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_OffsetForLeaderEpochRequest_encode(ck_wb *wb, int16_t version, const ck_OffsetForLeaderEpochRequest *m);

/* ---- OffsetForLeaderEpochResponse (response key 23, versions 0-4, flexible 4+) ---- */
#define CK_OFFSET_FOR_LEADER_EPOCH_RESPONSE_MIN_VERSION 0
#define CK_OFFSET_FOR_LEADER_EPOCH_RESPONSE_MAX_VERSION 4
typedef struct ck_OffsetForLeaderEpochResponse_EpochEndOffset ck_OffsetForLeaderEpochResponse_EpochEndOffset;
typedef struct ck_OffsetForLeaderEpochResponse_EpochEndOffset_array { int32_t n; ck_OffsetForLeaderEpochResponse_EpochEndOffset *a; } ck_OffsetForLeaderEpochResponse_EpochEndOffset_array;
typedef struct ck_OffsetForLeaderEpochResponse_OffsetForLeaderTopicResult ck_OffsetForLeaderEpochResponse_OffsetForLeaderTopicResult;
typedef struct ck_OffsetForLeaderEpochResponse_OffsetForLeaderTopicResult_array { int32_t n; ck_OffsetForLeaderEpochResponse_OffsetForLeaderTopicResult *a; } ck_OffsetForLeaderEpochResponse_OffsetForLeaderTopicResult_array;
typedef struct ck_OffsetForLeaderEpochResponse ck_OffsetForLeaderEpochResponse;
struct ck_OffsetForLeaderEpochResponse_EpochEndOffset {
    int16_t ErrorCode;                       /* v0+ */
    int32_t Partition;                       /* v0+ */
    int32_t LeaderEpoch;                     /* v1+, default -1 */
    int64_t EndOffset;                       /* v0+, default -1 */
};
struct ck_OffsetForLeaderEpochResponse_OffsetForLeaderTopicResult {
    ck_str Topic;                            /* v0+ */
    ck_OffsetForLeaderEpochResponse_EpochEndOffset_array Partitions; /* v0+ */
};
struct ck_OffsetForLeaderEpochResponse {
    int32_t ThrottleTimeMs;                  /* v2+ */
    ck_OffsetForLeaderEpochResponse_OffsetForLeaderTopicResult_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_OffsetForLeaderEpochResponse_EpochEndOffset_init(ck_OffsetForLeaderEpochResponse_EpochEndOffset *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetForLeaderEpochResponse_EpochEndOffset *ck_OffsetForLeaderEpochResponse_EpochEndOffset_array_alloc(ck_arena *a, ck_OffsetForLeaderEpochResponse_EpochEndOffset_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetForLeaderEpochResponse_OffsetForLeaderTopicResult_init(ck_OffsetForLeaderEpochResponse_OffsetForLeaderTopicResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetForLeaderEpochResponse_OffsetForLeaderTopicResult *ck_OffsetForLeaderEpochResponse_OffsetForLeaderTopicResult_array_alloc(ck_arena *a, ck_OffsetForLeaderEpochResponse_OffsetForLeaderTopicResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetForLeaderEpochResponse_init(ck_OffsetForLeaderEpochResponse *m);
/** @brief Decodes one OffsetForLeaderEpochResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_OffsetForLeaderEpochResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_OffsetForLeaderEpochResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_OffsetForLeaderEpochResponse_encode(ck_wb *wb, int16_t version, const ck_OffsetForLeaderEpochResponse *m);

/* ---- AddPartitionsToTxnRequest (request key 24, versions 0-5, flexible 3+) ---- */
#define CK_ADD_PARTITIONS_TO_TXN_REQUEST_MIN_VERSION 0
#define CK_ADD_PARTITIONS_TO_TXN_REQUEST_MAX_VERSION 5
typedef struct ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTopic ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTopic;
typedef struct ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTopic_array { int32_t n; ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTopic *a; } ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTopic_array;
typedef struct ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTransaction ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTransaction;
typedef struct ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTransaction_array { int32_t n; ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTransaction *a; } ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTransaction_array;
typedef struct ck_AddPartitionsToTxnRequest ck_AddPartitionsToTxnRequest;
struct ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTopic {
    ck_str Name;                             /* v0+ */
    ck_int32_array Partitions;               /* v0+ */
};
struct ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTransaction {
    ck_str TransactionalId;                  /* v4+ */
    int64_t ProducerId;                      /* v4+ */
    int16_t ProducerEpoch;                   /* v4+ */
    bool VerifyOnly;                         /* v4+, default false */
    ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTopic_array Topics; /* v4+ */
};
struct ck_AddPartitionsToTxnRequest {
    ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTransaction_array Transactions; /* v4+ */
    ck_str V3AndBelowTransactionalId;        /* v0-3 */
    int64_t V3AndBelowProducerId;            /* v0-3 */
    int16_t V3AndBelowProducerEpoch;         /* v0-3 */
    ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTopic_array V3AndBelowTopics; /* v0-3 */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTopic_init(ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTopic *ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTopic_array_alloc(ck_arena *a, ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTransaction_init(ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTransaction *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTransaction *ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTransaction_array_alloc(ck_arena *a, ck_AddPartitionsToTxnRequest_AddPartitionsToTxnTransaction_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AddPartitionsToTxnRequest_init(ck_AddPartitionsToTxnRequest *m);
/** @brief Decodes one AddPartitionsToTxnRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AddPartitionsToTxnRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AddPartitionsToTxnRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AddPartitionsToTxnRequest_encode(ck_wb *wb, int16_t version, const ck_AddPartitionsToTxnRequest *m);

/* ---- AddPartitionsToTxnResponse (response key 24, versions 0-5, flexible 3+) ---- */
#define CK_ADD_PARTITIONS_TO_TXN_RESPONSE_MIN_VERSION 0
#define CK_ADD_PARTITIONS_TO_TXN_RESPONSE_MAX_VERSION 5
typedef struct ck_AddPartitionsToTxnResponse_AddPartitionsToTxnPartitionResult ck_AddPartitionsToTxnResponse_AddPartitionsToTxnPartitionResult;
typedef struct ck_AddPartitionsToTxnResponse_AddPartitionsToTxnPartitionResult_array { int32_t n; ck_AddPartitionsToTxnResponse_AddPartitionsToTxnPartitionResult *a; } ck_AddPartitionsToTxnResponse_AddPartitionsToTxnPartitionResult_array;
typedef struct ck_AddPartitionsToTxnResponse_AddPartitionsToTxnTopicResult ck_AddPartitionsToTxnResponse_AddPartitionsToTxnTopicResult;
typedef struct ck_AddPartitionsToTxnResponse_AddPartitionsToTxnTopicResult_array { int32_t n; ck_AddPartitionsToTxnResponse_AddPartitionsToTxnTopicResult *a; } ck_AddPartitionsToTxnResponse_AddPartitionsToTxnTopicResult_array;
typedef struct ck_AddPartitionsToTxnResponse_AddPartitionsToTxnResult ck_AddPartitionsToTxnResponse_AddPartitionsToTxnResult;
typedef struct ck_AddPartitionsToTxnResponse_AddPartitionsToTxnResult_array { int32_t n; ck_AddPartitionsToTxnResponse_AddPartitionsToTxnResult *a; } ck_AddPartitionsToTxnResponse_AddPartitionsToTxnResult_array;
typedef struct ck_AddPartitionsToTxnResponse ck_AddPartitionsToTxnResponse;
struct ck_AddPartitionsToTxnResponse_AddPartitionsToTxnPartitionResult {
    int32_t PartitionIndex;                  /* v0+ */
    int16_t PartitionErrorCode;              /* v0+ */
};
struct ck_AddPartitionsToTxnResponse_AddPartitionsToTxnTopicResult {
    ck_str Name;                             /* v0+ */
    ck_AddPartitionsToTxnResponse_AddPartitionsToTxnPartitionResult_array ResultsByPartition; /* v0+ */
};
struct ck_AddPartitionsToTxnResponse_AddPartitionsToTxnResult {
    ck_str TransactionalId;                  /* v4+ */
    ck_AddPartitionsToTxnResponse_AddPartitionsToTxnTopicResult_array TopicResults; /* v4+ */
};
struct ck_AddPartitionsToTxnResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v4+ */
    ck_AddPartitionsToTxnResponse_AddPartitionsToTxnResult_array ResultsByTransaction; /* v4+ */
    ck_AddPartitionsToTxnResponse_AddPartitionsToTxnTopicResult_array ResultsByTopicV3AndBelow; /* v0-3 */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AddPartitionsToTxnResponse_AddPartitionsToTxnPartitionResult_init(ck_AddPartitionsToTxnResponse_AddPartitionsToTxnPartitionResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AddPartitionsToTxnResponse_AddPartitionsToTxnPartitionResult *ck_AddPartitionsToTxnResponse_AddPartitionsToTxnPartitionResult_array_alloc(ck_arena *a, ck_AddPartitionsToTxnResponse_AddPartitionsToTxnPartitionResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AddPartitionsToTxnResponse_AddPartitionsToTxnTopicResult_init(ck_AddPartitionsToTxnResponse_AddPartitionsToTxnTopicResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AddPartitionsToTxnResponse_AddPartitionsToTxnTopicResult *ck_AddPartitionsToTxnResponse_AddPartitionsToTxnTopicResult_array_alloc(ck_arena *a, ck_AddPartitionsToTxnResponse_AddPartitionsToTxnTopicResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AddPartitionsToTxnResponse_AddPartitionsToTxnResult_init(ck_AddPartitionsToTxnResponse_AddPartitionsToTxnResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AddPartitionsToTxnResponse_AddPartitionsToTxnResult *ck_AddPartitionsToTxnResponse_AddPartitionsToTxnResult_array_alloc(ck_arena *a, ck_AddPartitionsToTxnResponse_AddPartitionsToTxnResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AddPartitionsToTxnResponse_init(ck_AddPartitionsToTxnResponse *m);
/** @brief Decodes one AddPartitionsToTxnResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AddPartitionsToTxnResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AddPartitionsToTxnResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AddPartitionsToTxnResponse_encode(ck_wb *wb, int16_t version, const ck_AddPartitionsToTxnResponse *m);

/* ---- AddOffsetsToTxnRequest (request key 25, versions 0-4, flexible 3+) ---- */
#define CK_ADD_OFFSETS_TO_TXN_REQUEST_MIN_VERSION 0
#define CK_ADD_OFFSETS_TO_TXN_REQUEST_MAX_VERSION 4
typedef struct ck_AddOffsetsToTxnRequest ck_AddOffsetsToTxnRequest;
struct ck_AddOffsetsToTxnRequest {
    ck_str TransactionalId;                  /* v0+ */
    int64_t ProducerId;                      /* v0+ */
    int16_t ProducerEpoch;                   /* v0+ */
    ck_str GroupId;                          /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AddOffsetsToTxnRequest_init(ck_AddOffsetsToTxnRequest *m);
/** @brief Decodes one AddOffsetsToTxnRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AddOffsetsToTxnRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AddOffsetsToTxnRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AddOffsetsToTxnRequest_encode(ck_wb *wb, int16_t version, const ck_AddOffsetsToTxnRequest *m);

/* ---- AddOffsetsToTxnResponse (response key 25, versions 0-4, flexible 3+) ---- */
#define CK_ADD_OFFSETS_TO_TXN_RESPONSE_MIN_VERSION 0
#define CK_ADD_OFFSETS_TO_TXN_RESPONSE_MAX_VERSION 4
typedef struct ck_AddOffsetsToTxnResponse ck_AddOffsetsToTxnResponse;
struct ck_AddOffsetsToTxnResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AddOffsetsToTxnResponse_init(ck_AddOffsetsToTxnResponse *m);
/** @brief Decodes one AddOffsetsToTxnResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AddOffsetsToTxnResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AddOffsetsToTxnResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AddOffsetsToTxnResponse_encode(ck_wb *wb, int16_t version, const ck_AddOffsetsToTxnResponse *m);

/* ---- EndTxnRequest (request key 26, versions 0-5, flexible 3+) ---- */
#define CK_END_TXN_REQUEST_MIN_VERSION 0
#define CK_END_TXN_REQUEST_MAX_VERSION 5
typedef struct ck_EndTxnRequest ck_EndTxnRequest;
struct ck_EndTxnRequest {
    ck_str TransactionalId;                  /* v0+ */
    int64_t ProducerId;                      /* v0+ */
    int16_t ProducerEpoch;                   /* v0+ */
    bool Committed;                          /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_EndTxnRequest_init(ck_EndTxnRequest *m);
/** @brief Decodes one EndTxnRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_EndTxnRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_EndTxnRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_EndTxnRequest_encode(ck_wb *wb, int16_t version, const ck_EndTxnRequest *m);

/* ---- EndTxnResponse (response key 26, versions 0-5, flexible 3+) ---- */
#define CK_END_TXN_RESPONSE_MIN_VERSION 0
#define CK_END_TXN_RESPONSE_MAX_VERSION 5
typedef struct ck_EndTxnResponse ck_EndTxnResponse;
struct ck_EndTxnResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    int64_t ProducerId;                      /* v5+, default -1 */
    int16_t ProducerEpoch;                   /* v5+, default -1 */
};

/** @brief Sets every field of *m to its schema default. */
void ck_EndTxnResponse_init(ck_EndTxnResponse *m);
/** @brief Decodes one EndTxnResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_EndTxnResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_EndTxnResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_EndTxnResponse_encode(ck_wb *wb, int16_t version, const ck_EndTxnResponse *m);

/* ---- WriteTxnMarkersRequest (request key 27, versions 0-1, flexible 1+) ---- */
#define CK_WRITE_TXN_MARKERS_REQUEST_MIN_VERSION 0
#define CK_WRITE_TXN_MARKERS_REQUEST_MAX_VERSION 1
typedef struct ck_WriteTxnMarkersRequest_WritableTxnMarkerTopic ck_WriteTxnMarkersRequest_WritableTxnMarkerTopic;
typedef struct ck_WriteTxnMarkersRequest_WritableTxnMarkerTopic_array { int32_t n; ck_WriteTxnMarkersRequest_WritableTxnMarkerTopic *a; } ck_WriteTxnMarkersRequest_WritableTxnMarkerTopic_array;
typedef struct ck_WriteTxnMarkersRequest_WritableTxnMarker ck_WriteTxnMarkersRequest_WritableTxnMarker;
typedef struct ck_WriteTxnMarkersRequest_WritableTxnMarker_array { int32_t n; ck_WriteTxnMarkersRequest_WritableTxnMarker *a; } ck_WriteTxnMarkersRequest_WritableTxnMarker_array;
typedef struct ck_WriteTxnMarkersRequest ck_WriteTxnMarkersRequest;
struct ck_WriteTxnMarkersRequest_WritableTxnMarkerTopic {
    ck_str Name;                             /* v0+ */
    ck_int32_array PartitionIndexes;         /* v0+ */
};
struct ck_WriteTxnMarkersRequest_WritableTxnMarker {
    int64_t ProducerId;                      /* v0+ */
    int16_t ProducerEpoch;                   /* v0+ */
    bool TransactionResult;                  /* v0+ */
    ck_WriteTxnMarkersRequest_WritableTxnMarkerTopic_array Topics; /* v0+ */
    int32_t CoordinatorEpoch;                /* v0+ */
};
struct ck_WriteTxnMarkersRequest {
    ck_WriteTxnMarkersRequest_WritableTxnMarker_array Markers; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_WriteTxnMarkersRequest_WritableTxnMarkerTopic_init(ck_WriteTxnMarkersRequest_WritableTxnMarkerTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_WriteTxnMarkersRequest_WritableTxnMarkerTopic *ck_WriteTxnMarkersRequest_WritableTxnMarkerTopic_array_alloc(ck_arena *a, ck_WriteTxnMarkersRequest_WritableTxnMarkerTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_WriteTxnMarkersRequest_WritableTxnMarker_init(ck_WriteTxnMarkersRequest_WritableTxnMarker *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_WriteTxnMarkersRequest_WritableTxnMarker *ck_WriteTxnMarkersRequest_WritableTxnMarker_array_alloc(ck_arena *a, ck_WriteTxnMarkersRequest_WritableTxnMarker_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_WriteTxnMarkersRequest_init(ck_WriteTxnMarkersRequest *m);
/** @brief Decodes one WriteTxnMarkersRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_WriteTxnMarkersRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_WriteTxnMarkersRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_WriteTxnMarkersRequest_encode(ck_wb *wb, int16_t version, const ck_WriteTxnMarkersRequest *m);

/* ---- WriteTxnMarkersResponse (response key 27, versions 0-1, flexible 1+) ---- */
#define CK_WRITE_TXN_MARKERS_RESPONSE_MIN_VERSION 0
#define CK_WRITE_TXN_MARKERS_RESPONSE_MAX_VERSION 1
typedef struct ck_WriteTxnMarkersResponse_WritableTxnMarkerPartitionResult ck_WriteTxnMarkersResponse_WritableTxnMarkerPartitionResult;
typedef struct ck_WriteTxnMarkersResponse_WritableTxnMarkerPartitionResult_array { int32_t n; ck_WriteTxnMarkersResponse_WritableTxnMarkerPartitionResult *a; } ck_WriteTxnMarkersResponse_WritableTxnMarkerPartitionResult_array;
typedef struct ck_WriteTxnMarkersResponse_WritableTxnMarkerTopicResult ck_WriteTxnMarkersResponse_WritableTxnMarkerTopicResult;
typedef struct ck_WriteTxnMarkersResponse_WritableTxnMarkerTopicResult_array { int32_t n; ck_WriteTxnMarkersResponse_WritableTxnMarkerTopicResult *a; } ck_WriteTxnMarkersResponse_WritableTxnMarkerTopicResult_array;
typedef struct ck_WriteTxnMarkersResponse_WritableTxnMarkerResult ck_WriteTxnMarkersResponse_WritableTxnMarkerResult;
typedef struct ck_WriteTxnMarkersResponse_WritableTxnMarkerResult_array { int32_t n; ck_WriteTxnMarkersResponse_WritableTxnMarkerResult *a; } ck_WriteTxnMarkersResponse_WritableTxnMarkerResult_array;
typedef struct ck_WriteTxnMarkersResponse ck_WriteTxnMarkersResponse;
struct ck_WriteTxnMarkersResponse_WritableTxnMarkerPartitionResult {
    int32_t PartitionIndex;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
};
struct ck_WriteTxnMarkersResponse_WritableTxnMarkerTopicResult {
    ck_str Name;                             /* v0+ */
    ck_WriteTxnMarkersResponse_WritableTxnMarkerPartitionResult_array Partitions; /* v0+ */
};
struct ck_WriteTxnMarkersResponse_WritableTxnMarkerResult {
    int64_t ProducerId;                      /* v0+ */
    ck_WriteTxnMarkersResponse_WritableTxnMarkerTopicResult_array Topics; /* v0+ */
};
struct ck_WriteTxnMarkersResponse {
    ck_WriteTxnMarkersResponse_WritableTxnMarkerResult_array Markers; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_WriteTxnMarkersResponse_WritableTxnMarkerPartitionResult_init(ck_WriteTxnMarkersResponse_WritableTxnMarkerPartitionResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_WriteTxnMarkersResponse_WritableTxnMarkerPartitionResult *ck_WriteTxnMarkersResponse_WritableTxnMarkerPartitionResult_array_alloc(ck_arena *a, ck_WriteTxnMarkersResponse_WritableTxnMarkerPartitionResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_WriteTxnMarkersResponse_WritableTxnMarkerTopicResult_init(ck_WriteTxnMarkersResponse_WritableTxnMarkerTopicResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_WriteTxnMarkersResponse_WritableTxnMarkerTopicResult *ck_WriteTxnMarkersResponse_WritableTxnMarkerTopicResult_array_alloc(ck_arena *a, ck_WriteTxnMarkersResponse_WritableTxnMarkerTopicResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_WriteTxnMarkersResponse_WritableTxnMarkerResult_init(ck_WriteTxnMarkersResponse_WritableTxnMarkerResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_WriteTxnMarkersResponse_WritableTxnMarkerResult *ck_WriteTxnMarkersResponse_WritableTxnMarkerResult_array_alloc(ck_arena *a, ck_WriteTxnMarkersResponse_WritableTxnMarkerResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_WriteTxnMarkersResponse_init(ck_WriteTxnMarkersResponse *m);
/** @brief Decodes one WriteTxnMarkersResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_WriteTxnMarkersResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_WriteTxnMarkersResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_WriteTxnMarkersResponse_encode(ck_wb *wb, int16_t version, const ck_WriteTxnMarkersResponse *m);

/* ---- TxnOffsetCommitRequest (request key 28, versions 0-4, flexible 3+) ---- */
#define CK_TXN_OFFSET_COMMIT_REQUEST_MIN_VERSION 0
#define CK_TXN_OFFSET_COMMIT_REQUEST_MAX_VERSION 4
typedef struct ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestPartition ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestPartition;
typedef struct ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestPartition_array { int32_t n; ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestPartition *a; } ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestPartition_array;
typedef struct ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestTopic ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestTopic;
typedef struct ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestTopic_array { int32_t n; ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestTopic *a; } ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestTopic_array;
typedef struct ck_TxnOffsetCommitRequest ck_TxnOffsetCommitRequest;
struct ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestPartition {
    int32_t PartitionIndex;                  /* v0+ */
    int64_t CommittedOffset;                 /* v0+ */
    int32_t CommittedLeaderEpoch;            /* v2+, default -1 */
    ck_str CommittedMetadata;                /* v0+, nullable 0+ */
};
struct ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestTopic {
    ck_str Name;                             /* v0+ */
    ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestPartition_array Partitions; /* v0+ */
};
struct ck_TxnOffsetCommitRequest {
    ck_str TransactionalId;                  /* v0+ */
    ck_str GroupId;                          /* v0+ */
    int64_t ProducerId;                      /* v0+ */
    int16_t ProducerEpoch;                   /* v0+ */
    int32_t GenerationId;                    /* v3+, default -1 */
    ck_str MemberId;                         /* v3+, default  */
    ck_str GroupInstanceId;                  /* v3+, nullable 3+, default null */
    ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestTopic_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestPartition_init(ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestPartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestPartition *ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestPartition_array_alloc(ck_arena *a, ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestPartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestTopic_init(ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestTopic *ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestTopic_array_alloc(ck_arena *a, ck_TxnOffsetCommitRequest_TxnOffsetCommitRequestTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_TxnOffsetCommitRequest_init(ck_TxnOffsetCommitRequest *m);
/** @brief Decodes one TxnOffsetCommitRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_TxnOffsetCommitRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_TxnOffsetCommitRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_TxnOffsetCommitRequest_encode(ck_wb *wb, int16_t version, const ck_TxnOffsetCommitRequest *m);

/* ---- TxnOffsetCommitResponse (response key 28, versions 0-4, flexible 3+) ---- */
#define CK_TXN_OFFSET_COMMIT_RESPONSE_MIN_VERSION 0
#define CK_TXN_OFFSET_COMMIT_RESPONSE_MAX_VERSION 4
typedef struct ck_TxnOffsetCommitResponse_TxnOffsetCommitResponsePartition ck_TxnOffsetCommitResponse_TxnOffsetCommitResponsePartition;
typedef struct ck_TxnOffsetCommitResponse_TxnOffsetCommitResponsePartition_array { int32_t n; ck_TxnOffsetCommitResponse_TxnOffsetCommitResponsePartition *a; } ck_TxnOffsetCommitResponse_TxnOffsetCommitResponsePartition_array;
typedef struct ck_TxnOffsetCommitResponse_TxnOffsetCommitResponseTopic ck_TxnOffsetCommitResponse_TxnOffsetCommitResponseTopic;
typedef struct ck_TxnOffsetCommitResponse_TxnOffsetCommitResponseTopic_array { int32_t n; ck_TxnOffsetCommitResponse_TxnOffsetCommitResponseTopic *a; } ck_TxnOffsetCommitResponse_TxnOffsetCommitResponseTopic_array;
typedef struct ck_TxnOffsetCommitResponse ck_TxnOffsetCommitResponse;
struct ck_TxnOffsetCommitResponse_TxnOffsetCommitResponsePartition {
    int32_t PartitionIndex;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
};
struct ck_TxnOffsetCommitResponse_TxnOffsetCommitResponseTopic {
    ck_str Name;                             /* v0+ */
    ck_TxnOffsetCommitResponse_TxnOffsetCommitResponsePartition_array Partitions; /* v0+ */
};
struct ck_TxnOffsetCommitResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_TxnOffsetCommitResponse_TxnOffsetCommitResponseTopic_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_TxnOffsetCommitResponse_TxnOffsetCommitResponsePartition_init(ck_TxnOffsetCommitResponse_TxnOffsetCommitResponsePartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_TxnOffsetCommitResponse_TxnOffsetCommitResponsePartition *ck_TxnOffsetCommitResponse_TxnOffsetCommitResponsePartition_array_alloc(ck_arena *a, ck_TxnOffsetCommitResponse_TxnOffsetCommitResponsePartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_TxnOffsetCommitResponse_TxnOffsetCommitResponseTopic_init(ck_TxnOffsetCommitResponse_TxnOffsetCommitResponseTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_TxnOffsetCommitResponse_TxnOffsetCommitResponseTopic *ck_TxnOffsetCommitResponse_TxnOffsetCommitResponseTopic_array_alloc(ck_arena *a, ck_TxnOffsetCommitResponse_TxnOffsetCommitResponseTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_TxnOffsetCommitResponse_init(ck_TxnOffsetCommitResponse *m);
/** @brief Decodes one TxnOffsetCommitResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_TxnOffsetCommitResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_TxnOffsetCommitResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_TxnOffsetCommitResponse_encode(ck_wb *wb, int16_t version, const ck_TxnOffsetCommitResponse *m);

/* ---- DescribeAclsRequest (request key 29, versions 0-3, flexible 2+) ---- */
#define CK_DESCRIBE_ACLS_REQUEST_MIN_VERSION 0
#define CK_DESCRIBE_ACLS_REQUEST_MAX_VERSION 3
typedef struct ck_DescribeAclsRequest ck_DescribeAclsRequest;
struct ck_DescribeAclsRequest {
    int8_t ResourceTypeFilter;               /* v0+ */
    ck_str ResourceNameFilter;               /* v0+, nullable 0+ */
    int8_t PatternTypeFilter;                /* v1+, default 3 */
    ck_str PrincipalFilter;                  /* v0+, nullable 0+ */
    ck_str HostFilter;                       /* v0+, nullable 0+ */
    int8_t Operation;                        /* v0+ */
    int8_t PermissionType;                   /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeAclsRequest_init(ck_DescribeAclsRequest *m);
/** @brief Decodes one DescribeAclsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeAclsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeAclsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeAclsRequest_encode(ck_wb *wb, int16_t version, const ck_DescribeAclsRequest *m);

/* ---- DescribeAclsResponse (response key 29, versions 0-3, flexible 2+) ---- */
#define CK_DESCRIBE_ACLS_RESPONSE_MIN_VERSION 0
#define CK_DESCRIBE_ACLS_RESPONSE_MAX_VERSION 3
typedef struct ck_DescribeAclsResponse_AclDescription ck_DescribeAclsResponse_AclDescription;
typedef struct ck_DescribeAclsResponse_AclDescription_array { int32_t n; ck_DescribeAclsResponse_AclDescription *a; } ck_DescribeAclsResponse_AclDescription_array;
typedef struct ck_DescribeAclsResponse_DescribeAclsResource ck_DescribeAclsResponse_DescribeAclsResource;
typedef struct ck_DescribeAclsResponse_DescribeAclsResource_array { int32_t n; ck_DescribeAclsResponse_DescribeAclsResource *a; } ck_DescribeAclsResponse_DescribeAclsResource_array;
typedef struct ck_DescribeAclsResponse ck_DescribeAclsResponse;
struct ck_DescribeAclsResponse_AclDescription {
    ck_str Principal;                        /* v0+ */
    ck_str Host;                             /* v0+ */
    int8_t Operation;                        /* v0+ */
    int8_t PermissionType;                   /* v0+ */
};
struct ck_DescribeAclsResponse_DescribeAclsResource {
    int8_t ResourceType;                     /* v0+ */
    ck_str ResourceName;                     /* v0+ */
    int8_t PatternType;                      /* v1+, default 3 */
    ck_DescribeAclsResponse_AclDescription_array Acls; /* v0+ */
};
struct ck_DescribeAclsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
    ck_DescribeAclsResponse_DescribeAclsResource_array Resources; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeAclsResponse_AclDescription_init(ck_DescribeAclsResponse_AclDescription *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeAclsResponse_AclDescription *ck_DescribeAclsResponse_AclDescription_array_alloc(ck_arena *a, ck_DescribeAclsResponse_AclDescription_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeAclsResponse_DescribeAclsResource_init(ck_DescribeAclsResponse_DescribeAclsResource *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeAclsResponse_DescribeAclsResource *ck_DescribeAclsResponse_DescribeAclsResource_array_alloc(ck_arena *a, ck_DescribeAclsResponse_DescribeAclsResource_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeAclsResponse_init(ck_DescribeAclsResponse *m);
/** @brief Decodes one DescribeAclsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeAclsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeAclsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeAclsResponse_encode(ck_wb *wb, int16_t version, const ck_DescribeAclsResponse *m);

/* ---- CreateAclsRequest (request key 30, versions 0-3, flexible 2+) ---- */
#define CK_CREATE_ACLS_REQUEST_MIN_VERSION 0
#define CK_CREATE_ACLS_REQUEST_MAX_VERSION 3
typedef struct ck_CreateAclsRequest_AclCreation ck_CreateAclsRequest_AclCreation;
typedef struct ck_CreateAclsRequest_AclCreation_array { int32_t n; ck_CreateAclsRequest_AclCreation *a; } ck_CreateAclsRequest_AclCreation_array;
typedef struct ck_CreateAclsRequest ck_CreateAclsRequest;
struct ck_CreateAclsRequest_AclCreation {
    int8_t ResourceType;                     /* v0+ */
    ck_str ResourceName;                     /* v0+ */
    int8_t ResourcePatternType;              /* v1+, default 3 */
    ck_str Principal;                        /* v0+ */
    ck_str Host;                             /* v0+ */
    int8_t Operation;                        /* v0+ */
    int8_t PermissionType;                   /* v0+ */
};
struct ck_CreateAclsRequest {
    ck_CreateAclsRequest_AclCreation_array Creations; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_CreateAclsRequest_AclCreation_init(ck_CreateAclsRequest_AclCreation *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_CreateAclsRequest_AclCreation *ck_CreateAclsRequest_AclCreation_array_alloc(ck_arena *a, ck_CreateAclsRequest_AclCreation_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_CreateAclsRequest_init(ck_CreateAclsRequest *m);
/** @brief Decodes one CreateAclsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_CreateAclsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_CreateAclsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_CreateAclsRequest_encode(ck_wb *wb, int16_t version, const ck_CreateAclsRequest *m);

/* ---- CreateAclsResponse (response key 30, versions 0-3, flexible 2+) ---- */
#define CK_CREATE_ACLS_RESPONSE_MIN_VERSION 0
#define CK_CREATE_ACLS_RESPONSE_MAX_VERSION 3
typedef struct ck_CreateAclsResponse_AclCreationResult ck_CreateAclsResponse_AclCreationResult;
typedef struct ck_CreateAclsResponse_AclCreationResult_array { int32_t n; ck_CreateAclsResponse_AclCreationResult *a; } ck_CreateAclsResponse_AclCreationResult_array;
typedef struct ck_CreateAclsResponse ck_CreateAclsResponse;
struct ck_CreateAclsResponse_AclCreationResult {
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
};
struct ck_CreateAclsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_CreateAclsResponse_AclCreationResult_array Results; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_CreateAclsResponse_AclCreationResult_init(ck_CreateAclsResponse_AclCreationResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_CreateAclsResponse_AclCreationResult *ck_CreateAclsResponse_AclCreationResult_array_alloc(ck_arena *a, ck_CreateAclsResponse_AclCreationResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_CreateAclsResponse_init(ck_CreateAclsResponse *m);
/** @brief Decodes one CreateAclsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_CreateAclsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_CreateAclsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_CreateAclsResponse_encode(ck_wb *wb, int16_t version, const ck_CreateAclsResponse *m);

/* ---- DeleteAclsRequest (request key 31, versions 0-3, flexible 2+) ---- */
#define CK_DELETE_ACLS_REQUEST_MIN_VERSION 0
#define CK_DELETE_ACLS_REQUEST_MAX_VERSION 3
typedef struct ck_DeleteAclsRequest_DeleteAclsFilter ck_DeleteAclsRequest_DeleteAclsFilter;
typedef struct ck_DeleteAclsRequest_DeleteAclsFilter_array { int32_t n; ck_DeleteAclsRequest_DeleteAclsFilter *a; } ck_DeleteAclsRequest_DeleteAclsFilter_array;
typedef struct ck_DeleteAclsRequest ck_DeleteAclsRequest;
struct ck_DeleteAclsRequest_DeleteAclsFilter {
    int8_t ResourceTypeFilter;               /* v0+ */
    ck_str ResourceNameFilter;               /* v0+, nullable 0+ */
    int8_t PatternTypeFilter;                /* v1+, default 3 */
    ck_str PrincipalFilter;                  /* v0+, nullable 0+ */
    ck_str HostFilter;                       /* v0+, nullable 0+ */
    int8_t Operation;                        /* v0+ */
    int8_t PermissionType;                   /* v0+ */
};
struct ck_DeleteAclsRequest {
    ck_DeleteAclsRequest_DeleteAclsFilter_array Filters; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DeleteAclsRequest_DeleteAclsFilter_init(ck_DeleteAclsRequest_DeleteAclsFilter *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DeleteAclsRequest_DeleteAclsFilter *ck_DeleteAclsRequest_DeleteAclsFilter_array_alloc(ck_arena *a, ck_DeleteAclsRequest_DeleteAclsFilter_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DeleteAclsRequest_init(ck_DeleteAclsRequest *m);
/** @brief Decodes one DeleteAclsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DeleteAclsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DeleteAclsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DeleteAclsRequest_encode(ck_wb *wb, int16_t version, const ck_DeleteAclsRequest *m);

/* ---- DeleteAclsResponse (response key 31, versions 0-3, flexible 2+) ---- */
#define CK_DELETE_ACLS_RESPONSE_MIN_VERSION 0
#define CK_DELETE_ACLS_RESPONSE_MAX_VERSION 3
typedef struct ck_DeleteAclsResponse_DeleteAclsMatchingAcl ck_DeleteAclsResponse_DeleteAclsMatchingAcl;
typedef struct ck_DeleteAclsResponse_DeleteAclsMatchingAcl_array { int32_t n; ck_DeleteAclsResponse_DeleteAclsMatchingAcl *a; } ck_DeleteAclsResponse_DeleteAclsMatchingAcl_array;
typedef struct ck_DeleteAclsResponse_DeleteAclsFilterResult ck_DeleteAclsResponse_DeleteAclsFilterResult;
typedef struct ck_DeleteAclsResponse_DeleteAclsFilterResult_array { int32_t n; ck_DeleteAclsResponse_DeleteAclsFilterResult *a; } ck_DeleteAclsResponse_DeleteAclsFilterResult_array;
typedef struct ck_DeleteAclsResponse ck_DeleteAclsResponse;
struct ck_DeleteAclsResponse_DeleteAclsMatchingAcl {
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
    int8_t ResourceType;                     /* v0+ */
    ck_str ResourceName;                     /* v0+ */
    int8_t PatternType;                      /* v1+, default 3 */
    ck_str Principal;                        /* v0+ */
    ck_str Host;                             /* v0+ */
    int8_t Operation;                        /* v0+ */
    int8_t PermissionType;                   /* v0+ */
};
struct ck_DeleteAclsResponse_DeleteAclsFilterResult {
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
    ck_DeleteAclsResponse_DeleteAclsMatchingAcl_array MatchingAcls; /* v0+ */
};
struct ck_DeleteAclsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_DeleteAclsResponse_DeleteAclsFilterResult_array FilterResults; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DeleteAclsResponse_DeleteAclsMatchingAcl_init(ck_DeleteAclsResponse_DeleteAclsMatchingAcl *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DeleteAclsResponse_DeleteAclsMatchingAcl *ck_DeleteAclsResponse_DeleteAclsMatchingAcl_array_alloc(ck_arena *a, ck_DeleteAclsResponse_DeleteAclsMatchingAcl_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DeleteAclsResponse_DeleteAclsFilterResult_init(ck_DeleteAclsResponse_DeleteAclsFilterResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DeleteAclsResponse_DeleteAclsFilterResult *ck_DeleteAclsResponse_DeleteAclsFilterResult_array_alloc(ck_arena *a, ck_DeleteAclsResponse_DeleteAclsFilterResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DeleteAclsResponse_init(ck_DeleteAclsResponse *m);
/** @brief Decodes one DeleteAclsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DeleteAclsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DeleteAclsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DeleteAclsResponse_encode(ck_wb *wb, int16_t version, const ck_DeleteAclsResponse *m);

/* ---- DescribeConfigsRequest (request key 32, versions 0-4, flexible 4+) ---- */
#define CK_DESCRIBE_CONFIGS_REQUEST_MIN_VERSION 0
#define CK_DESCRIBE_CONFIGS_REQUEST_MAX_VERSION 4
typedef struct ck_DescribeConfigsRequest_DescribeConfigsResource ck_DescribeConfigsRequest_DescribeConfigsResource;
typedef struct ck_DescribeConfigsRequest_DescribeConfigsResource_array { int32_t n; ck_DescribeConfigsRequest_DescribeConfigsResource *a; } ck_DescribeConfigsRequest_DescribeConfigsResource_array;
typedef struct ck_DescribeConfigsRequest ck_DescribeConfigsRequest;
struct ck_DescribeConfigsRequest_DescribeConfigsResource {
    int8_t ResourceType;                     /* v0+ */
    ck_str ResourceName;                     /* v0+ */
    ck_str_array ConfigurationKeys;          /* v0+, nullable 0+ */
};
struct ck_DescribeConfigsRequest {
    ck_DescribeConfigsRequest_DescribeConfigsResource_array Resources; /* v0+ */
    bool IncludeSynonyms;                    /* v1+, default false */
    bool IncludeDocumentation;               /* v3+, default false */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeConfigsRequest_DescribeConfigsResource_init(ck_DescribeConfigsRequest_DescribeConfigsResource *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeConfigsRequest_DescribeConfigsResource *ck_DescribeConfigsRequest_DescribeConfigsResource_array_alloc(ck_arena *a, ck_DescribeConfigsRequest_DescribeConfigsResource_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeConfigsRequest_init(ck_DescribeConfigsRequest *m);
/** @brief Decodes one DescribeConfigsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeConfigsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeConfigsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeConfigsRequest_encode(ck_wb *wb, int16_t version, const ck_DescribeConfigsRequest *m);

/* ---- DescribeConfigsResponse (response key 32, versions 0-4, flexible 4+) ---- */
#define CK_DESCRIBE_CONFIGS_RESPONSE_MIN_VERSION 0
#define CK_DESCRIBE_CONFIGS_RESPONSE_MAX_VERSION 4
typedef struct ck_DescribeConfigsResponse_DescribeConfigsSynonym ck_DescribeConfigsResponse_DescribeConfigsSynonym;
typedef struct ck_DescribeConfigsResponse_DescribeConfigsSynonym_array { int32_t n; ck_DescribeConfigsResponse_DescribeConfigsSynonym *a; } ck_DescribeConfigsResponse_DescribeConfigsSynonym_array;
typedef struct ck_DescribeConfigsResponse_DescribeConfigsResourceResult ck_DescribeConfigsResponse_DescribeConfigsResourceResult;
typedef struct ck_DescribeConfigsResponse_DescribeConfigsResourceResult_array { int32_t n; ck_DescribeConfigsResponse_DescribeConfigsResourceResult *a; } ck_DescribeConfigsResponse_DescribeConfigsResourceResult_array;
typedef struct ck_DescribeConfigsResponse_DescribeConfigsResult ck_DescribeConfigsResponse_DescribeConfigsResult;
typedef struct ck_DescribeConfigsResponse_DescribeConfigsResult_array { int32_t n; ck_DescribeConfigsResponse_DescribeConfigsResult *a; } ck_DescribeConfigsResponse_DescribeConfigsResult_array;
typedef struct ck_DescribeConfigsResponse ck_DescribeConfigsResponse;
struct ck_DescribeConfigsResponse_DescribeConfigsSynonym {
    ck_str Name;                             /* v1+ */
    ck_str Value;                            /* v1+, nullable 0+ */
    int8_t Source;                           /* v1+ */
};
struct ck_DescribeConfigsResponse_DescribeConfigsResourceResult {
    ck_str Name;                             /* v0+ */
    ck_str Value;                            /* v0+, nullable 0+ */
    bool ReadOnly;                           /* v0+ */
    bool IsDefault;                          /* v0-0 */
    int8_t ConfigSource;                     /* v1+, default -1 */
    bool IsSensitive;                        /* v0+ */
    ck_DescribeConfigsResponse_DescribeConfigsSynonym_array Synonyms; /* v1+ */
    int8_t ConfigType;                       /* v3+, default 0 */
    ck_str Documentation;                    /* v3+, nullable 0+ */
};
struct ck_DescribeConfigsResponse_DescribeConfigsResult {
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
    int8_t ResourceType;                     /* v0+ */
    ck_str ResourceName;                     /* v0+ */
    ck_DescribeConfigsResponse_DescribeConfigsResourceResult_array Configs; /* v0+ */
};
struct ck_DescribeConfigsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_DescribeConfigsResponse_DescribeConfigsResult_array Results; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeConfigsResponse_DescribeConfigsSynonym_init(ck_DescribeConfigsResponse_DescribeConfigsSynonym *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeConfigsResponse_DescribeConfigsSynonym *ck_DescribeConfigsResponse_DescribeConfigsSynonym_array_alloc(ck_arena *a, ck_DescribeConfigsResponse_DescribeConfigsSynonym_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeConfigsResponse_DescribeConfigsResourceResult_init(ck_DescribeConfigsResponse_DescribeConfigsResourceResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeConfigsResponse_DescribeConfigsResourceResult *ck_DescribeConfigsResponse_DescribeConfigsResourceResult_array_alloc(ck_arena *a, ck_DescribeConfigsResponse_DescribeConfigsResourceResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeConfigsResponse_DescribeConfigsResult_init(ck_DescribeConfigsResponse_DescribeConfigsResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeConfigsResponse_DescribeConfigsResult *ck_DescribeConfigsResponse_DescribeConfigsResult_array_alloc(ck_arena *a, ck_DescribeConfigsResponse_DescribeConfigsResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeConfigsResponse_init(ck_DescribeConfigsResponse *m);
/** @brief Decodes one DescribeConfigsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeConfigsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeConfigsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeConfigsResponse_encode(ck_wb *wb, int16_t version, const ck_DescribeConfigsResponse *m);

/* ---- AlterConfigsRequest (request key 33, versions 0-2, flexible 2+) ---- */
#define CK_ALTER_CONFIGS_REQUEST_MIN_VERSION 0
#define CK_ALTER_CONFIGS_REQUEST_MAX_VERSION 2
typedef struct ck_AlterConfigsRequest_AlterableConfig ck_AlterConfigsRequest_AlterableConfig;
typedef struct ck_AlterConfigsRequest_AlterableConfig_array { int32_t n; ck_AlterConfigsRequest_AlterableConfig *a; } ck_AlterConfigsRequest_AlterableConfig_array;
typedef struct ck_AlterConfigsRequest_AlterConfigsResource ck_AlterConfigsRequest_AlterConfigsResource;
typedef struct ck_AlterConfigsRequest_AlterConfigsResource_array { int32_t n; ck_AlterConfigsRequest_AlterConfigsResource *a; } ck_AlterConfigsRequest_AlterConfigsResource_array;
typedef struct ck_AlterConfigsRequest ck_AlterConfigsRequest;
struct ck_AlterConfigsRequest_AlterableConfig {
    ck_str Name;                             /* v0+ */
    ck_str Value;                            /* v0+, nullable 0+ */
};
struct ck_AlterConfigsRequest_AlterConfigsResource {
    int8_t ResourceType;                     /* v0+ */
    ck_str ResourceName;                     /* v0+ */
    ck_AlterConfigsRequest_AlterableConfig_array Configs; /* v0+ */
};
struct ck_AlterConfigsRequest {
    ck_AlterConfigsRequest_AlterConfigsResource_array Resources; /* v0+ */
    bool ValidateOnly;                       /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AlterConfigsRequest_AlterableConfig_init(ck_AlterConfigsRequest_AlterableConfig *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterConfigsRequest_AlterableConfig *ck_AlterConfigsRequest_AlterableConfig_array_alloc(ck_arena *a, ck_AlterConfigsRequest_AlterableConfig_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterConfigsRequest_AlterConfigsResource_init(ck_AlterConfigsRequest_AlterConfigsResource *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterConfigsRequest_AlterConfigsResource *ck_AlterConfigsRequest_AlterConfigsResource_array_alloc(ck_arena *a, ck_AlterConfigsRequest_AlterConfigsResource_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterConfigsRequest_init(ck_AlterConfigsRequest *m);
/** @brief Decodes one AlterConfigsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AlterConfigsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AlterConfigsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AlterConfigsRequest_encode(ck_wb *wb, int16_t version, const ck_AlterConfigsRequest *m);

/* ---- AlterConfigsResponse (response key 33, versions 0-2, flexible 2+) ---- */
#define CK_ALTER_CONFIGS_RESPONSE_MIN_VERSION 0
#define CK_ALTER_CONFIGS_RESPONSE_MAX_VERSION 2
typedef struct ck_AlterConfigsResponse_AlterConfigsResourceResponse ck_AlterConfigsResponse_AlterConfigsResourceResponse;
typedef struct ck_AlterConfigsResponse_AlterConfigsResourceResponse_array { int32_t n; ck_AlterConfigsResponse_AlterConfigsResourceResponse *a; } ck_AlterConfigsResponse_AlterConfigsResourceResponse_array;
typedef struct ck_AlterConfigsResponse ck_AlterConfigsResponse;
struct ck_AlterConfigsResponse_AlterConfigsResourceResponse {
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
    int8_t ResourceType;                     /* v0+ */
    ck_str ResourceName;                     /* v0+ */
};
struct ck_AlterConfigsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_AlterConfigsResponse_AlterConfigsResourceResponse_array Responses; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AlterConfigsResponse_AlterConfigsResourceResponse_init(ck_AlterConfigsResponse_AlterConfigsResourceResponse *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterConfigsResponse_AlterConfigsResourceResponse *ck_AlterConfigsResponse_AlterConfigsResourceResponse_array_alloc(ck_arena *a, ck_AlterConfigsResponse_AlterConfigsResourceResponse_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterConfigsResponse_init(ck_AlterConfigsResponse *m);
/** @brief Decodes one AlterConfigsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AlterConfigsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AlterConfigsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AlterConfigsResponse_encode(ck_wb *wb, int16_t version, const ck_AlterConfigsResponse *m);

/* ---- AlterReplicaLogDirsRequest (request key 34, versions 0-2, flexible 2+) ---- */
#define CK_ALTER_REPLICA_LOG_DIRS_REQUEST_MIN_VERSION 0
#define CK_ALTER_REPLICA_LOG_DIRS_REQUEST_MAX_VERSION 2
typedef struct ck_AlterReplicaLogDirsRequest_AlterReplicaLogDirTopic ck_AlterReplicaLogDirsRequest_AlterReplicaLogDirTopic;
typedef struct ck_AlterReplicaLogDirsRequest_AlterReplicaLogDirTopic_array { int32_t n; ck_AlterReplicaLogDirsRequest_AlterReplicaLogDirTopic *a; } ck_AlterReplicaLogDirsRequest_AlterReplicaLogDirTopic_array;
typedef struct ck_AlterReplicaLogDirsRequest_AlterReplicaLogDir ck_AlterReplicaLogDirsRequest_AlterReplicaLogDir;
typedef struct ck_AlterReplicaLogDirsRequest_AlterReplicaLogDir_array { int32_t n; ck_AlterReplicaLogDirsRequest_AlterReplicaLogDir *a; } ck_AlterReplicaLogDirsRequest_AlterReplicaLogDir_array;
typedef struct ck_AlterReplicaLogDirsRequest ck_AlterReplicaLogDirsRequest;
struct ck_AlterReplicaLogDirsRequest_AlterReplicaLogDirTopic {
    ck_str Name;                             /* v0+ */
    ck_int32_array Partitions;               /* v0+ */
};
struct ck_AlterReplicaLogDirsRequest_AlterReplicaLogDir {
    ck_str Path;                             /* v0+ */
    ck_AlterReplicaLogDirsRequest_AlterReplicaLogDirTopic_array Topics; /* v0+ */
};
struct ck_AlterReplicaLogDirsRequest {
    ck_AlterReplicaLogDirsRequest_AlterReplicaLogDir_array Dirs; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AlterReplicaLogDirsRequest_AlterReplicaLogDirTopic_init(ck_AlterReplicaLogDirsRequest_AlterReplicaLogDirTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterReplicaLogDirsRequest_AlterReplicaLogDirTopic *ck_AlterReplicaLogDirsRequest_AlterReplicaLogDirTopic_array_alloc(ck_arena *a, ck_AlterReplicaLogDirsRequest_AlterReplicaLogDirTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterReplicaLogDirsRequest_AlterReplicaLogDir_init(ck_AlterReplicaLogDirsRequest_AlterReplicaLogDir *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterReplicaLogDirsRequest_AlterReplicaLogDir *ck_AlterReplicaLogDirsRequest_AlterReplicaLogDir_array_alloc(ck_arena *a, ck_AlterReplicaLogDirsRequest_AlterReplicaLogDir_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterReplicaLogDirsRequest_init(ck_AlterReplicaLogDirsRequest *m);
/** @brief Decodes one AlterReplicaLogDirsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AlterReplicaLogDirsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AlterReplicaLogDirsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AlterReplicaLogDirsRequest_encode(ck_wb *wb, int16_t version, const ck_AlterReplicaLogDirsRequest *m);

/* ---- AlterReplicaLogDirsResponse (response key 34, versions 0-2, flexible 2+) ---- */
#define CK_ALTER_REPLICA_LOG_DIRS_RESPONSE_MIN_VERSION 0
#define CK_ALTER_REPLICA_LOG_DIRS_RESPONSE_MAX_VERSION 2
typedef struct ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirPartitionResult ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirPartitionResult;
typedef struct ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirPartitionResult_array { int32_t n; ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirPartitionResult *a; } ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirPartitionResult_array;
typedef struct ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirTopicResult ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirTopicResult;
typedef struct ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirTopicResult_array { int32_t n; ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirTopicResult *a; } ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirTopicResult_array;
typedef struct ck_AlterReplicaLogDirsResponse ck_AlterReplicaLogDirsResponse;
struct ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirPartitionResult {
    int32_t PartitionIndex;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
};
struct ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirTopicResult {
    ck_str TopicName;                        /* v0+ */
    ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirPartitionResult_array Partitions; /* v0+ */
};
struct ck_AlterReplicaLogDirsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirTopicResult_array Results; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirPartitionResult_init(ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirPartitionResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirPartitionResult *ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirPartitionResult_array_alloc(ck_arena *a, ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirPartitionResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirTopicResult_init(ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirTopicResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirTopicResult *ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirTopicResult_array_alloc(ck_arena *a, ck_AlterReplicaLogDirsResponse_AlterReplicaLogDirTopicResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterReplicaLogDirsResponse_init(ck_AlterReplicaLogDirsResponse *m);
/** @brief Decodes one AlterReplicaLogDirsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AlterReplicaLogDirsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AlterReplicaLogDirsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AlterReplicaLogDirsResponse_encode(ck_wb *wb, int16_t version, const ck_AlterReplicaLogDirsResponse *m);

/* ---- DescribeLogDirsRequest (request key 35, versions 0-4, flexible 2+) ---- */
#define CK_DESCRIBE_LOG_DIRS_REQUEST_MIN_VERSION 0
#define CK_DESCRIBE_LOG_DIRS_REQUEST_MAX_VERSION 4
typedef struct ck_DescribeLogDirsRequest_DescribableLogDirTopic ck_DescribeLogDirsRequest_DescribableLogDirTopic;
typedef struct ck_DescribeLogDirsRequest_DescribableLogDirTopic_array { int32_t n; ck_DescribeLogDirsRequest_DescribableLogDirTopic *a; } ck_DescribeLogDirsRequest_DescribableLogDirTopic_array;
typedef struct ck_DescribeLogDirsRequest ck_DescribeLogDirsRequest;
struct ck_DescribeLogDirsRequest_DescribableLogDirTopic {
    ck_str Topic;                            /* v0+ */
    ck_int32_array Partitions;               /* v0+ */
};
struct ck_DescribeLogDirsRequest {
    ck_DescribeLogDirsRequest_DescribableLogDirTopic_array Topics; /* v0+, nullable 0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeLogDirsRequest_DescribableLogDirTopic_init(ck_DescribeLogDirsRequest_DescribableLogDirTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeLogDirsRequest_DescribableLogDirTopic *ck_DescribeLogDirsRequest_DescribableLogDirTopic_array_alloc(ck_arena *a, ck_DescribeLogDirsRequest_DescribableLogDirTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeLogDirsRequest_init(ck_DescribeLogDirsRequest *m);
/** @brief Decodes one DescribeLogDirsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeLogDirsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeLogDirsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeLogDirsRequest_encode(ck_wb *wb, int16_t version, const ck_DescribeLogDirsRequest *m);

/* ---- DescribeLogDirsResponse (response key 35, versions 0-4, flexible 2+) ---- */
#define CK_DESCRIBE_LOG_DIRS_RESPONSE_MIN_VERSION 0
#define CK_DESCRIBE_LOG_DIRS_RESPONSE_MAX_VERSION 4
typedef struct ck_DescribeLogDirsResponse_DescribeLogDirsPartition ck_DescribeLogDirsResponse_DescribeLogDirsPartition;
typedef struct ck_DescribeLogDirsResponse_DescribeLogDirsPartition_array { int32_t n; ck_DescribeLogDirsResponse_DescribeLogDirsPartition *a; } ck_DescribeLogDirsResponse_DescribeLogDirsPartition_array;
typedef struct ck_DescribeLogDirsResponse_DescribeLogDirsTopic ck_DescribeLogDirsResponse_DescribeLogDirsTopic;
typedef struct ck_DescribeLogDirsResponse_DescribeLogDirsTopic_array { int32_t n; ck_DescribeLogDirsResponse_DescribeLogDirsTopic *a; } ck_DescribeLogDirsResponse_DescribeLogDirsTopic_array;
typedef struct ck_DescribeLogDirsResponse_DescribeLogDirsResult ck_DescribeLogDirsResponse_DescribeLogDirsResult;
typedef struct ck_DescribeLogDirsResponse_DescribeLogDirsResult_array { int32_t n; ck_DescribeLogDirsResponse_DescribeLogDirsResult *a; } ck_DescribeLogDirsResponse_DescribeLogDirsResult_array;
typedef struct ck_DescribeLogDirsResponse ck_DescribeLogDirsResponse;
struct ck_DescribeLogDirsResponse_DescribeLogDirsPartition {
    int32_t PartitionIndex;                  /* v0+ */
    int64_t PartitionSize;                   /* v0+ */
    int64_t OffsetLag;                       /* v0+ */
    bool IsFutureKey;                        /* v0+ */
};
struct ck_DescribeLogDirsResponse_DescribeLogDirsTopic {
    ck_str Name;                             /* v0+ */
    ck_DescribeLogDirsResponse_DescribeLogDirsPartition_array Partitions; /* v0+ */
};
struct ck_DescribeLogDirsResponse_DescribeLogDirsResult {
    int16_t ErrorCode;                       /* v0+ */
    ck_str LogDir;                           /* v0+ */
    ck_DescribeLogDirsResponse_DescribeLogDirsTopic_array Topics; /* v0+ */
    int64_t TotalBytes;                      /* v4+, default -1 */
    int64_t UsableBytes;                     /* v4+, default -1 */
};
struct ck_DescribeLogDirsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v3+ */
    ck_DescribeLogDirsResponse_DescribeLogDirsResult_array Results; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeLogDirsResponse_DescribeLogDirsPartition_init(ck_DescribeLogDirsResponse_DescribeLogDirsPartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeLogDirsResponse_DescribeLogDirsPartition *ck_DescribeLogDirsResponse_DescribeLogDirsPartition_array_alloc(ck_arena *a, ck_DescribeLogDirsResponse_DescribeLogDirsPartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeLogDirsResponse_DescribeLogDirsTopic_init(ck_DescribeLogDirsResponse_DescribeLogDirsTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeLogDirsResponse_DescribeLogDirsTopic *ck_DescribeLogDirsResponse_DescribeLogDirsTopic_array_alloc(ck_arena *a, ck_DescribeLogDirsResponse_DescribeLogDirsTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeLogDirsResponse_DescribeLogDirsResult_init(ck_DescribeLogDirsResponse_DescribeLogDirsResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeLogDirsResponse_DescribeLogDirsResult *ck_DescribeLogDirsResponse_DescribeLogDirsResult_array_alloc(ck_arena *a, ck_DescribeLogDirsResponse_DescribeLogDirsResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeLogDirsResponse_init(ck_DescribeLogDirsResponse *m);
/** @brief Decodes one DescribeLogDirsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeLogDirsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeLogDirsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeLogDirsResponse_encode(ck_wb *wb, int16_t version, const ck_DescribeLogDirsResponse *m);

/* ---- SaslAuthenticateRequest (request key 36, versions 0-2, flexible 2+) ---- */
#define CK_SASL_AUTHENTICATE_REQUEST_MIN_VERSION 0
#define CK_SASL_AUTHENTICATE_REQUEST_MAX_VERSION 2
typedef struct ck_SaslAuthenticateRequest ck_SaslAuthenticateRequest;
struct ck_SaslAuthenticateRequest {
    ck_bytes AuthBytes;                      /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_SaslAuthenticateRequest_init(ck_SaslAuthenticateRequest *m);
/** @brief Decodes one SaslAuthenticateRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_SaslAuthenticateRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_SaslAuthenticateRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_SaslAuthenticateRequest_encode(ck_wb *wb, int16_t version, const ck_SaslAuthenticateRequest *m);

/* ---- SaslAuthenticateResponse (response key 36, versions 0-2, flexible 2+) ---- */
#define CK_SASL_AUTHENTICATE_RESPONSE_MIN_VERSION 0
#define CK_SASL_AUTHENTICATE_RESPONSE_MAX_VERSION 2
typedef struct ck_SaslAuthenticateResponse ck_SaslAuthenticateResponse;
struct ck_SaslAuthenticateResponse {
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
    ck_bytes AuthBytes;                      /* v0+ */
    int64_t SessionLifetimeMs;               /* v1+, default 0 */
};

/** @brief Sets every field of *m to its schema default. */
void ck_SaslAuthenticateResponse_init(ck_SaslAuthenticateResponse *m);
/** @brief Decodes one SaslAuthenticateResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_SaslAuthenticateResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_SaslAuthenticateResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_SaslAuthenticateResponse_encode(ck_wb *wb, int16_t version, const ck_SaslAuthenticateResponse *m);

/* ---- CreatePartitionsRequest (request key 37, versions 0-3, flexible 2+) ---- */
#define CK_CREATE_PARTITIONS_REQUEST_MIN_VERSION 0
#define CK_CREATE_PARTITIONS_REQUEST_MAX_VERSION 3
typedef struct ck_CreatePartitionsRequest_CreatePartitionsAssignment ck_CreatePartitionsRequest_CreatePartitionsAssignment;
typedef struct ck_CreatePartitionsRequest_CreatePartitionsAssignment_array { int32_t n; ck_CreatePartitionsRequest_CreatePartitionsAssignment *a; } ck_CreatePartitionsRequest_CreatePartitionsAssignment_array;
typedef struct ck_CreatePartitionsRequest_CreatePartitionsTopic ck_CreatePartitionsRequest_CreatePartitionsTopic;
typedef struct ck_CreatePartitionsRequest_CreatePartitionsTopic_array { int32_t n; ck_CreatePartitionsRequest_CreatePartitionsTopic *a; } ck_CreatePartitionsRequest_CreatePartitionsTopic_array;
typedef struct ck_CreatePartitionsRequest ck_CreatePartitionsRequest;
struct ck_CreatePartitionsRequest_CreatePartitionsAssignment {
    ck_int32_array BrokerIds;                /* v0+ */
};
struct ck_CreatePartitionsRequest_CreatePartitionsTopic {
    ck_str Name;                             /* v0+ */
    int32_t Count;                           /* v0+ */
    ck_CreatePartitionsRequest_CreatePartitionsAssignment_array Assignments; /* v0+, nullable 0+ */
};
struct ck_CreatePartitionsRequest {
    ck_CreatePartitionsRequest_CreatePartitionsTopic_array Topics; /* v0+ */
    int32_t TimeoutMs;                       /* v0+ */
    bool ValidateOnly;                       /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_CreatePartitionsRequest_CreatePartitionsAssignment_init(ck_CreatePartitionsRequest_CreatePartitionsAssignment *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_CreatePartitionsRequest_CreatePartitionsAssignment *ck_CreatePartitionsRequest_CreatePartitionsAssignment_array_alloc(ck_arena *a, ck_CreatePartitionsRequest_CreatePartitionsAssignment_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_CreatePartitionsRequest_CreatePartitionsTopic_init(ck_CreatePartitionsRequest_CreatePartitionsTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_CreatePartitionsRequest_CreatePartitionsTopic *ck_CreatePartitionsRequest_CreatePartitionsTopic_array_alloc(ck_arena *a, ck_CreatePartitionsRequest_CreatePartitionsTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_CreatePartitionsRequest_init(ck_CreatePartitionsRequest *m);
/** @brief Decodes one CreatePartitionsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_CreatePartitionsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_CreatePartitionsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_CreatePartitionsRequest_encode(ck_wb *wb, int16_t version, const ck_CreatePartitionsRequest *m);

/* ---- CreatePartitionsResponse (response key 37, versions 0-3, flexible 2+) ---- */
#define CK_CREATE_PARTITIONS_RESPONSE_MIN_VERSION 0
#define CK_CREATE_PARTITIONS_RESPONSE_MAX_VERSION 3
typedef struct ck_CreatePartitionsResponse_CreatePartitionsTopicResult ck_CreatePartitionsResponse_CreatePartitionsTopicResult;
typedef struct ck_CreatePartitionsResponse_CreatePartitionsTopicResult_array { int32_t n; ck_CreatePartitionsResponse_CreatePartitionsTopicResult *a; } ck_CreatePartitionsResponse_CreatePartitionsTopicResult_array;
typedef struct ck_CreatePartitionsResponse ck_CreatePartitionsResponse;
struct ck_CreatePartitionsResponse_CreatePartitionsTopicResult {
    ck_str Name;                             /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+, default null */
};
struct ck_CreatePartitionsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_CreatePartitionsResponse_CreatePartitionsTopicResult_array Results; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_CreatePartitionsResponse_CreatePartitionsTopicResult_init(ck_CreatePartitionsResponse_CreatePartitionsTopicResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_CreatePartitionsResponse_CreatePartitionsTopicResult *ck_CreatePartitionsResponse_CreatePartitionsTopicResult_array_alloc(ck_arena *a, ck_CreatePartitionsResponse_CreatePartitionsTopicResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_CreatePartitionsResponse_init(ck_CreatePartitionsResponse *m);
/** @brief Decodes one CreatePartitionsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_CreatePartitionsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_CreatePartitionsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_CreatePartitionsResponse_encode(ck_wb *wb, int16_t version, const ck_CreatePartitionsResponse *m);

/* ---- CreateDelegationTokenRequest (request key 38, versions 0-3, flexible 2+) ---- */
#define CK_CREATE_DELEGATION_TOKEN_REQUEST_MIN_VERSION 0
#define CK_CREATE_DELEGATION_TOKEN_REQUEST_MAX_VERSION 3
typedef struct ck_CreateDelegationTokenRequest_CreatableRenewers ck_CreateDelegationTokenRequest_CreatableRenewers;
typedef struct ck_CreateDelegationTokenRequest_CreatableRenewers_array { int32_t n; ck_CreateDelegationTokenRequest_CreatableRenewers *a; } ck_CreateDelegationTokenRequest_CreatableRenewers_array;
typedef struct ck_CreateDelegationTokenRequest ck_CreateDelegationTokenRequest;
struct ck_CreateDelegationTokenRequest_CreatableRenewers {
    ck_str PrincipalType;                    /* v0+ */
    ck_str PrincipalName;                    /* v0+ */
};
struct ck_CreateDelegationTokenRequest {
    ck_str OwnerPrincipalType;               /* v3+, nullable 3+ */
    ck_str OwnerPrincipalName;               /* v3+, nullable 3+ */
    ck_CreateDelegationTokenRequest_CreatableRenewers_array Renewers; /* v0+ */
    int64_t MaxLifetimeMs;                   /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_CreateDelegationTokenRequest_CreatableRenewers_init(ck_CreateDelegationTokenRequest_CreatableRenewers *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_CreateDelegationTokenRequest_CreatableRenewers *ck_CreateDelegationTokenRequest_CreatableRenewers_array_alloc(ck_arena *a, ck_CreateDelegationTokenRequest_CreatableRenewers_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_CreateDelegationTokenRequest_init(ck_CreateDelegationTokenRequest *m);
/** @brief Decodes one CreateDelegationTokenRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_CreateDelegationTokenRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_CreateDelegationTokenRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_CreateDelegationTokenRequest_encode(ck_wb *wb, int16_t version, const ck_CreateDelegationTokenRequest *m);

/* ---- CreateDelegationTokenResponse (response key 38, versions 0-3, flexible 2+) ---- */
#define CK_CREATE_DELEGATION_TOKEN_RESPONSE_MIN_VERSION 0
#define CK_CREATE_DELEGATION_TOKEN_RESPONSE_MAX_VERSION 3
typedef struct ck_CreateDelegationTokenResponse ck_CreateDelegationTokenResponse;
struct ck_CreateDelegationTokenResponse {
    int16_t ErrorCode;                       /* v0+ */
    ck_str PrincipalType;                    /* v0+ */
    ck_str PrincipalName;                    /* v0+ */
    ck_str TokenRequesterPrincipalType;      /* v3+ */
    ck_str TokenRequesterPrincipalName;      /* v3+ */
    int64_t IssueTimestampMs;                /* v0+ */
    int64_t ExpiryTimestampMs;               /* v0+ */
    int64_t MaxTimestampMs;                  /* v0+ */
    ck_str TokenId;                          /* v0+ */
    ck_bytes Hmac;                           /* v0+ */
    int32_t ThrottleTimeMs;                  /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_CreateDelegationTokenResponse_init(ck_CreateDelegationTokenResponse *m);
/** @brief Decodes one CreateDelegationTokenResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_CreateDelegationTokenResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_CreateDelegationTokenResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_CreateDelegationTokenResponse_encode(ck_wb *wb, int16_t version, const ck_CreateDelegationTokenResponse *m);

/* ---- RenewDelegationTokenRequest (request key 39, versions 0-2, flexible 2+) ---- */
#define CK_RENEW_DELEGATION_TOKEN_REQUEST_MIN_VERSION 0
#define CK_RENEW_DELEGATION_TOKEN_REQUEST_MAX_VERSION 2
typedef struct ck_RenewDelegationTokenRequest ck_RenewDelegationTokenRequest;
struct ck_RenewDelegationTokenRequest {
    ck_bytes Hmac;                           /* v0+ */
    int64_t RenewPeriodMs;                   /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_RenewDelegationTokenRequest_init(ck_RenewDelegationTokenRequest *m);
/** @brief Decodes one RenewDelegationTokenRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_RenewDelegationTokenRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_RenewDelegationTokenRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_RenewDelegationTokenRequest_encode(ck_wb *wb, int16_t version, const ck_RenewDelegationTokenRequest *m);

/* ---- RenewDelegationTokenResponse (response key 39, versions 0-2, flexible 2+) ---- */
#define CK_RENEW_DELEGATION_TOKEN_RESPONSE_MIN_VERSION 0
#define CK_RENEW_DELEGATION_TOKEN_RESPONSE_MAX_VERSION 2
typedef struct ck_RenewDelegationTokenResponse ck_RenewDelegationTokenResponse;
struct ck_RenewDelegationTokenResponse {
    int16_t ErrorCode;                       /* v0+ */
    int64_t ExpiryTimestampMs;               /* v0+ */
    int32_t ThrottleTimeMs;                  /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_RenewDelegationTokenResponse_init(ck_RenewDelegationTokenResponse *m);
/** @brief Decodes one RenewDelegationTokenResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_RenewDelegationTokenResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_RenewDelegationTokenResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_RenewDelegationTokenResponse_encode(ck_wb *wb, int16_t version, const ck_RenewDelegationTokenResponse *m);

/* ---- ExpireDelegationTokenRequest (request key 40, versions 0-2, flexible 2+) ---- */
#define CK_EXPIRE_DELEGATION_TOKEN_REQUEST_MIN_VERSION 0
#define CK_EXPIRE_DELEGATION_TOKEN_REQUEST_MAX_VERSION 2
typedef struct ck_ExpireDelegationTokenRequest ck_ExpireDelegationTokenRequest;
struct ck_ExpireDelegationTokenRequest {
    ck_bytes Hmac;                           /* v0+ */
    int64_t ExpiryTimePeriodMs;              /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ExpireDelegationTokenRequest_init(ck_ExpireDelegationTokenRequest *m);
/** @brief Decodes one ExpireDelegationTokenRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ExpireDelegationTokenRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ExpireDelegationTokenRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ExpireDelegationTokenRequest_encode(ck_wb *wb, int16_t version, const ck_ExpireDelegationTokenRequest *m);

/* ---- ExpireDelegationTokenResponse (response key 40, versions 0-2, flexible 2+) ---- */
#define CK_EXPIRE_DELEGATION_TOKEN_RESPONSE_MIN_VERSION 0
#define CK_EXPIRE_DELEGATION_TOKEN_RESPONSE_MAX_VERSION 2
typedef struct ck_ExpireDelegationTokenResponse ck_ExpireDelegationTokenResponse;
struct ck_ExpireDelegationTokenResponse {
    int16_t ErrorCode;                       /* v0+ */
    int64_t ExpiryTimestampMs;               /* v0+ */
    int32_t ThrottleTimeMs;                  /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ExpireDelegationTokenResponse_init(ck_ExpireDelegationTokenResponse *m);
/** @brief Decodes one ExpireDelegationTokenResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ExpireDelegationTokenResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ExpireDelegationTokenResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ExpireDelegationTokenResponse_encode(ck_wb *wb, int16_t version, const ck_ExpireDelegationTokenResponse *m);

/* ---- DescribeDelegationTokenRequest (request key 41, versions 0-3, flexible 2+) ---- */
#define CK_DESCRIBE_DELEGATION_TOKEN_REQUEST_MIN_VERSION 0
#define CK_DESCRIBE_DELEGATION_TOKEN_REQUEST_MAX_VERSION 3
typedef struct ck_DescribeDelegationTokenRequest_DescribeDelegationTokenOwner ck_DescribeDelegationTokenRequest_DescribeDelegationTokenOwner;
typedef struct ck_DescribeDelegationTokenRequest_DescribeDelegationTokenOwner_array { int32_t n; ck_DescribeDelegationTokenRequest_DescribeDelegationTokenOwner *a; } ck_DescribeDelegationTokenRequest_DescribeDelegationTokenOwner_array;
typedef struct ck_DescribeDelegationTokenRequest ck_DescribeDelegationTokenRequest;
struct ck_DescribeDelegationTokenRequest_DescribeDelegationTokenOwner {
    ck_str PrincipalType;                    /* v0+ */
    ck_str PrincipalName;                    /* v0+ */
};
struct ck_DescribeDelegationTokenRequest {
    ck_DescribeDelegationTokenRequest_DescribeDelegationTokenOwner_array Owners; /* v0+, nullable 0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeDelegationTokenRequest_DescribeDelegationTokenOwner_init(ck_DescribeDelegationTokenRequest_DescribeDelegationTokenOwner *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeDelegationTokenRequest_DescribeDelegationTokenOwner *ck_DescribeDelegationTokenRequest_DescribeDelegationTokenOwner_array_alloc(ck_arena *a, ck_DescribeDelegationTokenRequest_DescribeDelegationTokenOwner_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeDelegationTokenRequest_init(ck_DescribeDelegationTokenRequest *m);
/** @brief Decodes one DescribeDelegationTokenRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeDelegationTokenRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeDelegationTokenRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeDelegationTokenRequest_encode(ck_wb *wb, int16_t version, const ck_DescribeDelegationTokenRequest *m);

/* ---- DescribeDelegationTokenResponse (response key 41, versions 0-3, flexible 2+) ---- */
#define CK_DESCRIBE_DELEGATION_TOKEN_RESPONSE_MIN_VERSION 0
#define CK_DESCRIBE_DELEGATION_TOKEN_RESPONSE_MAX_VERSION 3
typedef struct ck_DescribeDelegationTokenResponse_DescribedDelegationTokenRenewer ck_DescribeDelegationTokenResponse_DescribedDelegationTokenRenewer;
typedef struct ck_DescribeDelegationTokenResponse_DescribedDelegationTokenRenewer_array { int32_t n; ck_DescribeDelegationTokenResponse_DescribedDelegationTokenRenewer *a; } ck_DescribeDelegationTokenResponse_DescribedDelegationTokenRenewer_array;
typedef struct ck_DescribeDelegationTokenResponse_DescribedDelegationToken ck_DescribeDelegationTokenResponse_DescribedDelegationToken;
typedef struct ck_DescribeDelegationTokenResponse_DescribedDelegationToken_array { int32_t n; ck_DescribeDelegationTokenResponse_DescribedDelegationToken *a; } ck_DescribeDelegationTokenResponse_DescribedDelegationToken_array;
typedef struct ck_DescribeDelegationTokenResponse ck_DescribeDelegationTokenResponse;
struct ck_DescribeDelegationTokenResponse_DescribedDelegationTokenRenewer {
    ck_str PrincipalType;                    /* v0+ */
    ck_str PrincipalName;                    /* v0+ */
};
struct ck_DescribeDelegationTokenResponse_DescribedDelegationToken {
    ck_str PrincipalType;                    /* v0+ */
    ck_str PrincipalName;                    /* v0+ */
    ck_str TokenRequesterPrincipalType;      /* v3+ */
    ck_str TokenRequesterPrincipalName;      /* v3+ */
    int64_t IssueTimestamp;                  /* v0+ */
    int64_t ExpiryTimestamp;                 /* v0+ */
    int64_t MaxTimestamp;                    /* v0+ */
    ck_str TokenId;                          /* v0+ */
    ck_bytes Hmac;                           /* v0+ */
    ck_DescribeDelegationTokenResponse_DescribedDelegationTokenRenewer_array Renewers; /* v0+ */
};
struct ck_DescribeDelegationTokenResponse {
    int16_t ErrorCode;                       /* v0+ */
    ck_DescribeDelegationTokenResponse_DescribedDelegationToken_array Tokens; /* v0+ */
    int32_t ThrottleTimeMs;                  /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeDelegationTokenResponse_DescribedDelegationTokenRenewer_init(ck_DescribeDelegationTokenResponse_DescribedDelegationTokenRenewer *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeDelegationTokenResponse_DescribedDelegationTokenRenewer *ck_DescribeDelegationTokenResponse_DescribedDelegationTokenRenewer_array_alloc(ck_arena *a, ck_DescribeDelegationTokenResponse_DescribedDelegationTokenRenewer_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeDelegationTokenResponse_DescribedDelegationToken_init(ck_DescribeDelegationTokenResponse_DescribedDelegationToken *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeDelegationTokenResponse_DescribedDelegationToken *ck_DescribeDelegationTokenResponse_DescribedDelegationToken_array_alloc(ck_arena *a, ck_DescribeDelegationTokenResponse_DescribedDelegationToken_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeDelegationTokenResponse_init(ck_DescribeDelegationTokenResponse *m);
/** @brief Decodes one DescribeDelegationTokenResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeDelegationTokenResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeDelegationTokenResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeDelegationTokenResponse_encode(ck_wb *wb, int16_t version, const ck_DescribeDelegationTokenResponse *m);

/* ---- DeleteGroupsRequest (request key 42, versions 0-2, flexible 2+) ---- */
#define CK_DELETE_GROUPS_REQUEST_MIN_VERSION 0
#define CK_DELETE_GROUPS_REQUEST_MAX_VERSION 2
typedef struct ck_DeleteGroupsRequest ck_DeleteGroupsRequest;
struct ck_DeleteGroupsRequest {
    ck_str_array GroupsNames;                /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DeleteGroupsRequest_init(ck_DeleteGroupsRequest *m);
/** @brief Decodes one DeleteGroupsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DeleteGroupsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DeleteGroupsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DeleteGroupsRequest_encode(ck_wb *wb, int16_t version, const ck_DeleteGroupsRequest *m);

/* ---- DeleteGroupsResponse (response key 42, versions 0-2, flexible 2+) ---- */
#define CK_DELETE_GROUPS_RESPONSE_MIN_VERSION 0
#define CK_DELETE_GROUPS_RESPONSE_MAX_VERSION 2
typedef struct ck_DeleteGroupsResponse_DeletableGroupResult ck_DeleteGroupsResponse_DeletableGroupResult;
typedef struct ck_DeleteGroupsResponse_DeletableGroupResult_array { int32_t n; ck_DeleteGroupsResponse_DeletableGroupResult *a; } ck_DeleteGroupsResponse_DeletableGroupResult_array;
typedef struct ck_DeleteGroupsResponse ck_DeleteGroupsResponse;
struct ck_DeleteGroupsResponse_DeletableGroupResult {
    ck_str GroupId;                          /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
};
struct ck_DeleteGroupsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_DeleteGroupsResponse_DeletableGroupResult_array Results; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DeleteGroupsResponse_DeletableGroupResult_init(ck_DeleteGroupsResponse_DeletableGroupResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DeleteGroupsResponse_DeletableGroupResult *ck_DeleteGroupsResponse_DeletableGroupResult_array_alloc(ck_arena *a, ck_DeleteGroupsResponse_DeletableGroupResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DeleteGroupsResponse_init(ck_DeleteGroupsResponse *m);
/** @brief Decodes one DeleteGroupsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DeleteGroupsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DeleteGroupsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DeleteGroupsResponse_encode(ck_wb *wb, int16_t version, const ck_DeleteGroupsResponse *m);

/* ---- ElectLeadersRequest (request key 43, versions 0-2, flexible 2+) ---- */
#define CK_ELECT_LEADERS_REQUEST_MIN_VERSION 0
#define CK_ELECT_LEADERS_REQUEST_MAX_VERSION 2
typedef struct ck_ElectLeadersRequest_TopicPartitions ck_ElectLeadersRequest_TopicPartitions;
typedef struct ck_ElectLeadersRequest_TopicPartitions_array { int32_t n; ck_ElectLeadersRequest_TopicPartitions *a; } ck_ElectLeadersRequest_TopicPartitions_array;
typedef struct ck_ElectLeadersRequest ck_ElectLeadersRequest;
struct ck_ElectLeadersRequest_TopicPartitions {
    ck_str Topic;                            /* v0+ */
    ck_int32_array Partitions;               /* v0+ */
};
struct ck_ElectLeadersRequest {
    int8_t ElectionType;                     /* v1+ */
    ck_ElectLeadersRequest_TopicPartitions_array TopicPartitions; /* v0+, nullable 0+ */
    int32_t TimeoutMs;                       /* v0+, default 60000 */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ElectLeadersRequest_TopicPartitions_init(ck_ElectLeadersRequest_TopicPartitions *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ElectLeadersRequest_TopicPartitions *ck_ElectLeadersRequest_TopicPartitions_array_alloc(ck_arena *a, ck_ElectLeadersRequest_TopicPartitions_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ElectLeadersRequest_init(ck_ElectLeadersRequest *m);
/** @brief Decodes one ElectLeadersRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ElectLeadersRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ElectLeadersRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ElectLeadersRequest_encode(ck_wb *wb, int16_t version, const ck_ElectLeadersRequest *m);

/* ---- ElectLeadersResponse (response key 43, versions 0-2, flexible 2+) ---- */
#define CK_ELECT_LEADERS_RESPONSE_MIN_VERSION 0
#define CK_ELECT_LEADERS_RESPONSE_MAX_VERSION 2
typedef struct ck_ElectLeadersResponse_PartitionResult ck_ElectLeadersResponse_PartitionResult;
typedef struct ck_ElectLeadersResponse_PartitionResult_array { int32_t n; ck_ElectLeadersResponse_PartitionResult *a; } ck_ElectLeadersResponse_PartitionResult_array;
typedef struct ck_ElectLeadersResponse_ReplicaElectionResult ck_ElectLeadersResponse_ReplicaElectionResult;
typedef struct ck_ElectLeadersResponse_ReplicaElectionResult_array { int32_t n; ck_ElectLeadersResponse_ReplicaElectionResult *a; } ck_ElectLeadersResponse_ReplicaElectionResult_array;
typedef struct ck_ElectLeadersResponse ck_ElectLeadersResponse;
struct ck_ElectLeadersResponse_PartitionResult {
    int32_t PartitionId;                     /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
};
struct ck_ElectLeadersResponse_ReplicaElectionResult {
    ck_str Topic;                            /* v0+ */
    ck_ElectLeadersResponse_PartitionResult_array PartitionResult; /* v0+ */
};
struct ck_ElectLeadersResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v1+ */
    ck_ElectLeadersResponse_ReplicaElectionResult_array ReplicaElectionResults; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ElectLeadersResponse_PartitionResult_init(ck_ElectLeadersResponse_PartitionResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ElectLeadersResponse_PartitionResult *ck_ElectLeadersResponse_PartitionResult_array_alloc(ck_arena *a, ck_ElectLeadersResponse_PartitionResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ElectLeadersResponse_ReplicaElectionResult_init(ck_ElectLeadersResponse_ReplicaElectionResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ElectLeadersResponse_ReplicaElectionResult *ck_ElectLeadersResponse_ReplicaElectionResult_array_alloc(ck_arena *a, ck_ElectLeadersResponse_ReplicaElectionResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ElectLeadersResponse_init(ck_ElectLeadersResponse *m);
/** @brief Decodes one ElectLeadersResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ElectLeadersResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ElectLeadersResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ElectLeadersResponse_encode(ck_wb *wb, int16_t version, const ck_ElectLeadersResponse *m);

/* ---- IncrementalAlterConfigsRequest (request key 44, versions 0-1, flexible 1+) ---- */
#define CK_INCREMENTAL_ALTER_CONFIGS_REQUEST_MIN_VERSION 0
#define CK_INCREMENTAL_ALTER_CONFIGS_REQUEST_MAX_VERSION 1
typedef struct ck_IncrementalAlterConfigsRequest_AlterableConfig ck_IncrementalAlterConfigsRequest_AlterableConfig;
typedef struct ck_IncrementalAlterConfigsRequest_AlterableConfig_array { int32_t n; ck_IncrementalAlterConfigsRequest_AlterableConfig *a; } ck_IncrementalAlterConfigsRequest_AlterableConfig_array;
typedef struct ck_IncrementalAlterConfigsRequest_AlterConfigsResource ck_IncrementalAlterConfigsRequest_AlterConfigsResource;
typedef struct ck_IncrementalAlterConfigsRequest_AlterConfigsResource_array { int32_t n; ck_IncrementalAlterConfigsRequest_AlterConfigsResource *a; } ck_IncrementalAlterConfigsRequest_AlterConfigsResource_array;
typedef struct ck_IncrementalAlterConfigsRequest ck_IncrementalAlterConfigsRequest;
struct ck_IncrementalAlterConfigsRequest_AlterableConfig {
    ck_str Name;                             /* v0+ */
    int8_t ConfigOperation;                  /* v0+ */
    ck_str Value;                            /* v0+, nullable 0+ */
};
struct ck_IncrementalAlterConfigsRequest_AlterConfigsResource {
    int8_t ResourceType;                     /* v0+ */
    ck_str ResourceName;                     /* v0+ */
    ck_IncrementalAlterConfigsRequest_AlterableConfig_array Configs; /* v0+ */
};
struct ck_IncrementalAlterConfigsRequest {
    ck_IncrementalAlterConfigsRequest_AlterConfigsResource_array Resources; /* v0+ */
    bool ValidateOnly;                       /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_IncrementalAlterConfigsRequest_AlterableConfig_init(ck_IncrementalAlterConfigsRequest_AlterableConfig *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_IncrementalAlterConfigsRequest_AlterableConfig *ck_IncrementalAlterConfigsRequest_AlterableConfig_array_alloc(ck_arena *a, ck_IncrementalAlterConfigsRequest_AlterableConfig_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_IncrementalAlterConfigsRequest_AlterConfigsResource_init(ck_IncrementalAlterConfigsRequest_AlterConfigsResource *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_IncrementalAlterConfigsRequest_AlterConfigsResource *ck_IncrementalAlterConfigsRequest_AlterConfigsResource_array_alloc(ck_arena *a, ck_IncrementalAlterConfigsRequest_AlterConfigsResource_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_IncrementalAlterConfigsRequest_init(ck_IncrementalAlterConfigsRequest *m);
/** @brief Decodes one IncrementalAlterConfigsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_IncrementalAlterConfigsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_IncrementalAlterConfigsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_IncrementalAlterConfigsRequest_encode(ck_wb *wb, int16_t version, const ck_IncrementalAlterConfigsRequest *m);

/* ---- IncrementalAlterConfigsResponse (response key 44, versions 0-1, flexible 1+) ---- */
#define CK_INCREMENTAL_ALTER_CONFIGS_RESPONSE_MIN_VERSION 0
#define CK_INCREMENTAL_ALTER_CONFIGS_RESPONSE_MAX_VERSION 1
typedef struct ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse;
typedef struct ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse_array { int32_t n; ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse *a; } ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse_array;
typedef struct ck_IncrementalAlterConfigsResponse ck_IncrementalAlterConfigsResponse;
struct ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse {
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
    int8_t ResourceType;                     /* v0+ */
    ck_str ResourceName;                     /* v0+ */
};
struct ck_IncrementalAlterConfigsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse_array Responses; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse_init(ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse *ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse_array_alloc(ck_arena *a, ck_IncrementalAlterConfigsResponse_AlterConfigsResourceResponse_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_IncrementalAlterConfigsResponse_init(ck_IncrementalAlterConfigsResponse *m);
/** @brief Decodes one IncrementalAlterConfigsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_IncrementalAlterConfigsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_IncrementalAlterConfigsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_IncrementalAlterConfigsResponse_encode(ck_wb *wb, int16_t version, const ck_IncrementalAlterConfigsResponse *m);

/* ---- AlterPartitionReassignmentsRequest (request key 45, versions 0-0, flexible 0+) ---- */
#define CK_ALTER_PARTITION_REASSIGNMENTS_REQUEST_MIN_VERSION 0
#define CK_ALTER_PARTITION_REASSIGNMENTS_REQUEST_MAX_VERSION 0
typedef struct ck_AlterPartitionReassignmentsRequest_ReassignablePartition ck_AlterPartitionReassignmentsRequest_ReassignablePartition;
typedef struct ck_AlterPartitionReassignmentsRequest_ReassignablePartition_array { int32_t n; ck_AlterPartitionReassignmentsRequest_ReassignablePartition *a; } ck_AlterPartitionReassignmentsRequest_ReassignablePartition_array;
typedef struct ck_AlterPartitionReassignmentsRequest_ReassignableTopic ck_AlterPartitionReassignmentsRequest_ReassignableTopic;
typedef struct ck_AlterPartitionReassignmentsRequest_ReassignableTopic_array { int32_t n; ck_AlterPartitionReassignmentsRequest_ReassignableTopic *a; } ck_AlterPartitionReassignmentsRequest_ReassignableTopic_array;
typedef struct ck_AlterPartitionReassignmentsRequest ck_AlterPartitionReassignmentsRequest;
struct ck_AlterPartitionReassignmentsRequest_ReassignablePartition {
    int32_t PartitionIndex;                  /* v0+ */
    ck_int32_array Replicas;                 /* v0+, nullable 0+, default null */
};
struct ck_AlterPartitionReassignmentsRequest_ReassignableTopic {
    ck_str Name;                             /* v0+ */
    ck_AlterPartitionReassignmentsRequest_ReassignablePartition_array Partitions; /* v0+ */
};
struct ck_AlterPartitionReassignmentsRequest {
    int32_t TimeoutMs;                       /* v0+, default 60000 */
    ck_AlterPartitionReassignmentsRequest_ReassignableTopic_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AlterPartitionReassignmentsRequest_ReassignablePartition_init(ck_AlterPartitionReassignmentsRequest_ReassignablePartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterPartitionReassignmentsRequest_ReassignablePartition *ck_AlterPartitionReassignmentsRequest_ReassignablePartition_array_alloc(ck_arena *a, ck_AlterPartitionReassignmentsRequest_ReassignablePartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterPartitionReassignmentsRequest_ReassignableTopic_init(ck_AlterPartitionReassignmentsRequest_ReassignableTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterPartitionReassignmentsRequest_ReassignableTopic *ck_AlterPartitionReassignmentsRequest_ReassignableTopic_array_alloc(ck_arena *a, ck_AlterPartitionReassignmentsRequest_ReassignableTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterPartitionReassignmentsRequest_init(ck_AlterPartitionReassignmentsRequest *m);
/** @brief Decodes one AlterPartitionReassignmentsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AlterPartitionReassignmentsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AlterPartitionReassignmentsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AlterPartitionReassignmentsRequest_encode(ck_wb *wb, int16_t version, const ck_AlterPartitionReassignmentsRequest *m);

/* ---- AlterPartitionReassignmentsResponse (response key 45, versions 0-0, flexible 0+) ---- */
#define CK_ALTER_PARTITION_REASSIGNMENTS_RESPONSE_MIN_VERSION 0
#define CK_ALTER_PARTITION_REASSIGNMENTS_RESPONSE_MAX_VERSION 0
typedef struct ck_AlterPartitionReassignmentsResponse_ReassignablePartitionResponse ck_AlterPartitionReassignmentsResponse_ReassignablePartitionResponse;
typedef struct ck_AlterPartitionReassignmentsResponse_ReassignablePartitionResponse_array { int32_t n; ck_AlterPartitionReassignmentsResponse_ReassignablePartitionResponse *a; } ck_AlterPartitionReassignmentsResponse_ReassignablePartitionResponse_array;
typedef struct ck_AlterPartitionReassignmentsResponse_ReassignableTopicResponse ck_AlterPartitionReassignmentsResponse_ReassignableTopicResponse;
typedef struct ck_AlterPartitionReassignmentsResponse_ReassignableTopicResponse_array { int32_t n; ck_AlterPartitionReassignmentsResponse_ReassignableTopicResponse *a; } ck_AlterPartitionReassignmentsResponse_ReassignableTopicResponse_array;
typedef struct ck_AlterPartitionReassignmentsResponse ck_AlterPartitionReassignmentsResponse;
struct ck_AlterPartitionReassignmentsResponse_ReassignablePartitionResponse {
    int32_t PartitionIndex;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
};
struct ck_AlterPartitionReassignmentsResponse_ReassignableTopicResponse {
    ck_str Name;                             /* v0+ */
    ck_AlterPartitionReassignmentsResponse_ReassignablePartitionResponse_array Partitions; /* v0+ */
};
struct ck_AlterPartitionReassignmentsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
    ck_AlterPartitionReassignmentsResponse_ReassignableTopicResponse_array Responses; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AlterPartitionReassignmentsResponse_ReassignablePartitionResponse_init(ck_AlterPartitionReassignmentsResponse_ReassignablePartitionResponse *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterPartitionReassignmentsResponse_ReassignablePartitionResponse *ck_AlterPartitionReassignmentsResponse_ReassignablePartitionResponse_array_alloc(ck_arena *a, ck_AlterPartitionReassignmentsResponse_ReassignablePartitionResponse_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterPartitionReassignmentsResponse_ReassignableTopicResponse_init(ck_AlterPartitionReassignmentsResponse_ReassignableTopicResponse *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterPartitionReassignmentsResponse_ReassignableTopicResponse *ck_AlterPartitionReassignmentsResponse_ReassignableTopicResponse_array_alloc(ck_arena *a, ck_AlterPartitionReassignmentsResponse_ReassignableTopicResponse_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterPartitionReassignmentsResponse_init(ck_AlterPartitionReassignmentsResponse *m);
/** @brief Decodes one AlterPartitionReassignmentsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AlterPartitionReassignmentsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AlterPartitionReassignmentsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AlterPartitionReassignmentsResponse_encode(ck_wb *wb, int16_t version, const ck_AlterPartitionReassignmentsResponse *m);

/* ---- ListPartitionReassignmentsRequest (request key 46, versions 0-0, flexible 0+) ---- */
#define CK_LIST_PARTITION_REASSIGNMENTS_REQUEST_MIN_VERSION 0
#define CK_LIST_PARTITION_REASSIGNMENTS_REQUEST_MAX_VERSION 0
typedef struct ck_ListPartitionReassignmentsRequest_ListPartitionReassignmentsTopics ck_ListPartitionReassignmentsRequest_ListPartitionReassignmentsTopics;
typedef struct ck_ListPartitionReassignmentsRequest_ListPartitionReassignmentsTopics_array { int32_t n; ck_ListPartitionReassignmentsRequest_ListPartitionReassignmentsTopics *a; } ck_ListPartitionReassignmentsRequest_ListPartitionReassignmentsTopics_array;
typedef struct ck_ListPartitionReassignmentsRequest ck_ListPartitionReassignmentsRequest;
struct ck_ListPartitionReassignmentsRequest_ListPartitionReassignmentsTopics {
    ck_str Name;                             /* v0+ */
    ck_int32_array PartitionIndexes;         /* v0+ */
};
struct ck_ListPartitionReassignmentsRequest {
    int32_t TimeoutMs;                       /* v0+, default 60000 */
    ck_ListPartitionReassignmentsRequest_ListPartitionReassignmentsTopics_array Topics; /* v0+, nullable 0+, default null */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ListPartitionReassignmentsRequest_ListPartitionReassignmentsTopics_init(ck_ListPartitionReassignmentsRequest_ListPartitionReassignmentsTopics *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ListPartitionReassignmentsRequest_ListPartitionReassignmentsTopics *ck_ListPartitionReassignmentsRequest_ListPartitionReassignmentsTopics_array_alloc(ck_arena *a, ck_ListPartitionReassignmentsRequest_ListPartitionReassignmentsTopics_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ListPartitionReassignmentsRequest_init(ck_ListPartitionReassignmentsRequest *m);
/** @brief Decodes one ListPartitionReassignmentsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ListPartitionReassignmentsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ListPartitionReassignmentsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ListPartitionReassignmentsRequest_encode(ck_wb *wb, int16_t version, const ck_ListPartitionReassignmentsRequest *m);

/* ---- ListPartitionReassignmentsResponse (response key 46, versions 0-0, flexible 0+) ---- */
#define CK_LIST_PARTITION_REASSIGNMENTS_RESPONSE_MIN_VERSION 0
#define CK_LIST_PARTITION_REASSIGNMENTS_RESPONSE_MAX_VERSION 0
typedef struct ck_ListPartitionReassignmentsResponse_OngoingPartitionReassignment ck_ListPartitionReassignmentsResponse_OngoingPartitionReassignment;
typedef struct ck_ListPartitionReassignmentsResponse_OngoingPartitionReassignment_array { int32_t n; ck_ListPartitionReassignmentsResponse_OngoingPartitionReassignment *a; } ck_ListPartitionReassignmentsResponse_OngoingPartitionReassignment_array;
typedef struct ck_ListPartitionReassignmentsResponse_OngoingTopicReassignment ck_ListPartitionReassignmentsResponse_OngoingTopicReassignment;
typedef struct ck_ListPartitionReassignmentsResponse_OngoingTopicReassignment_array { int32_t n; ck_ListPartitionReassignmentsResponse_OngoingTopicReassignment *a; } ck_ListPartitionReassignmentsResponse_OngoingTopicReassignment_array;
typedef struct ck_ListPartitionReassignmentsResponse ck_ListPartitionReassignmentsResponse;
struct ck_ListPartitionReassignmentsResponse_OngoingPartitionReassignment {
    int32_t PartitionIndex;                  /* v0+ */
    ck_int32_array Replicas;                 /* v0+ */
    ck_int32_array AddingReplicas;           /* v0+ */
    ck_int32_array RemovingReplicas;         /* v0+ */
};
struct ck_ListPartitionReassignmentsResponse_OngoingTopicReassignment {
    ck_str Name;                             /* v0+ */
    ck_ListPartitionReassignmentsResponse_OngoingPartitionReassignment_array Partitions; /* v0+ */
};
struct ck_ListPartitionReassignmentsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
    ck_ListPartitionReassignmentsResponse_OngoingTopicReassignment_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ListPartitionReassignmentsResponse_OngoingPartitionReassignment_init(ck_ListPartitionReassignmentsResponse_OngoingPartitionReassignment *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ListPartitionReassignmentsResponse_OngoingPartitionReassignment *ck_ListPartitionReassignmentsResponse_OngoingPartitionReassignment_array_alloc(ck_arena *a, ck_ListPartitionReassignmentsResponse_OngoingPartitionReassignment_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ListPartitionReassignmentsResponse_OngoingTopicReassignment_init(ck_ListPartitionReassignmentsResponse_OngoingTopicReassignment *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ListPartitionReassignmentsResponse_OngoingTopicReassignment *ck_ListPartitionReassignmentsResponse_OngoingTopicReassignment_array_alloc(ck_arena *a, ck_ListPartitionReassignmentsResponse_OngoingTopicReassignment_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ListPartitionReassignmentsResponse_init(ck_ListPartitionReassignmentsResponse *m);
/** @brief Decodes one ListPartitionReassignmentsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ListPartitionReassignmentsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ListPartitionReassignmentsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ListPartitionReassignmentsResponse_encode(ck_wb *wb, int16_t version, const ck_ListPartitionReassignmentsResponse *m);

/* ---- OffsetDeleteRequest (request key 47, versions 0-0, flexible none) ---- */
#define CK_OFFSET_DELETE_REQUEST_MIN_VERSION 0
#define CK_OFFSET_DELETE_REQUEST_MAX_VERSION 0
typedef struct ck_OffsetDeleteRequest_OffsetDeleteRequestPartition ck_OffsetDeleteRequest_OffsetDeleteRequestPartition;
typedef struct ck_OffsetDeleteRequest_OffsetDeleteRequestPartition_array { int32_t n; ck_OffsetDeleteRequest_OffsetDeleteRequestPartition *a; } ck_OffsetDeleteRequest_OffsetDeleteRequestPartition_array;
typedef struct ck_OffsetDeleteRequest_OffsetDeleteRequestTopic ck_OffsetDeleteRequest_OffsetDeleteRequestTopic;
typedef struct ck_OffsetDeleteRequest_OffsetDeleteRequestTopic_array { int32_t n; ck_OffsetDeleteRequest_OffsetDeleteRequestTopic *a; } ck_OffsetDeleteRequest_OffsetDeleteRequestTopic_array;
typedef struct ck_OffsetDeleteRequest ck_OffsetDeleteRequest;
struct ck_OffsetDeleteRequest_OffsetDeleteRequestPartition {
    int32_t PartitionIndex;                  /* v0+ */
};
struct ck_OffsetDeleteRequest_OffsetDeleteRequestTopic {
    ck_str Name;                             /* v0+ */
    ck_OffsetDeleteRequest_OffsetDeleteRequestPartition_array Partitions; /* v0+ */
};
struct ck_OffsetDeleteRequest {
    ck_str GroupId;                          /* v0+ */
    ck_OffsetDeleteRequest_OffsetDeleteRequestTopic_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_OffsetDeleteRequest_OffsetDeleteRequestPartition_init(ck_OffsetDeleteRequest_OffsetDeleteRequestPartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetDeleteRequest_OffsetDeleteRequestPartition *ck_OffsetDeleteRequest_OffsetDeleteRequestPartition_array_alloc(ck_arena *a, ck_OffsetDeleteRequest_OffsetDeleteRequestPartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetDeleteRequest_OffsetDeleteRequestTopic_init(ck_OffsetDeleteRequest_OffsetDeleteRequestTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetDeleteRequest_OffsetDeleteRequestTopic *ck_OffsetDeleteRequest_OffsetDeleteRequestTopic_array_alloc(ck_arena *a, ck_OffsetDeleteRequest_OffsetDeleteRequestTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetDeleteRequest_init(ck_OffsetDeleteRequest *m);
/** @brief Decodes one OffsetDeleteRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_OffsetDeleteRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_OffsetDeleteRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_OffsetDeleteRequest_encode(ck_wb *wb, int16_t version, const ck_OffsetDeleteRequest *m);

/* ---- OffsetDeleteResponse (response key 47, versions 0-0, flexible none) ---- */
#define CK_OFFSET_DELETE_RESPONSE_MIN_VERSION 0
#define CK_OFFSET_DELETE_RESPONSE_MAX_VERSION 0
typedef struct ck_OffsetDeleteResponse_OffsetDeleteResponsePartition ck_OffsetDeleteResponse_OffsetDeleteResponsePartition;
typedef struct ck_OffsetDeleteResponse_OffsetDeleteResponsePartition_array { int32_t n; ck_OffsetDeleteResponse_OffsetDeleteResponsePartition *a; } ck_OffsetDeleteResponse_OffsetDeleteResponsePartition_array;
typedef struct ck_OffsetDeleteResponse_OffsetDeleteResponseTopic ck_OffsetDeleteResponse_OffsetDeleteResponseTopic;
typedef struct ck_OffsetDeleteResponse_OffsetDeleteResponseTopic_array { int32_t n; ck_OffsetDeleteResponse_OffsetDeleteResponseTopic *a; } ck_OffsetDeleteResponse_OffsetDeleteResponseTopic_array;
typedef struct ck_OffsetDeleteResponse ck_OffsetDeleteResponse;
struct ck_OffsetDeleteResponse_OffsetDeleteResponsePartition {
    int32_t PartitionIndex;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
};
struct ck_OffsetDeleteResponse_OffsetDeleteResponseTopic {
    ck_str Name;                             /* v0+ */
    ck_OffsetDeleteResponse_OffsetDeleteResponsePartition_array Partitions; /* v0+ */
};
struct ck_OffsetDeleteResponse {
    int16_t ErrorCode;                       /* v0+ */
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_OffsetDeleteResponse_OffsetDeleteResponseTopic_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_OffsetDeleteResponse_OffsetDeleteResponsePartition_init(ck_OffsetDeleteResponse_OffsetDeleteResponsePartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetDeleteResponse_OffsetDeleteResponsePartition *ck_OffsetDeleteResponse_OffsetDeleteResponsePartition_array_alloc(ck_arena *a, ck_OffsetDeleteResponse_OffsetDeleteResponsePartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetDeleteResponse_OffsetDeleteResponseTopic_init(ck_OffsetDeleteResponse_OffsetDeleteResponseTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_OffsetDeleteResponse_OffsetDeleteResponseTopic *ck_OffsetDeleteResponse_OffsetDeleteResponseTopic_array_alloc(ck_arena *a, ck_OffsetDeleteResponse_OffsetDeleteResponseTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_OffsetDeleteResponse_init(ck_OffsetDeleteResponse *m);
/** @brief Decodes one OffsetDeleteResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_OffsetDeleteResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_OffsetDeleteResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_OffsetDeleteResponse_encode(ck_wb *wb, int16_t version, const ck_OffsetDeleteResponse *m);

/* ---- DescribeClientQuotasRequest (request key 48, versions 0-1, flexible 1+) ---- */
#define CK_DESCRIBE_CLIENT_QUOTAS_REQUEST_MIN_VERSION 0
#define CK_DESCRIBE_CLIENT_QUOTAS_REQUEST_MAX_VERSION 1
typedef struct ck_DescribeClientQuotasRequest_ComponentData ck_DescribeClientQuotasRequest_ComponentData;
typedef struct ck_DescribeClientQuotasRequest_ComponentData_array { int32_t n; ck_DescribeClientQuotasRequest_ComponentData *a; } ck_DescribeClientQuotasRequest_ComponentData_array;
typedef struct ck_DescribeClientQuotasRequest ck_DescribeClientQuotasRequest;
struct ck_DescribeClientQuotasRequest_ComponentData {
    ck_str EntityType;                       /* v0+ */
    int8_t MatchType;                        /* v0+ */
    ck_str Match;                            /* v0+, nullable 0+ */
};
struct ck_DescribeClientQuotasRequest {
    ck_DescribeClientQuotasRequest_ComponentData_array Components; /* v0+ */
    bool Strict;                             /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeClientQuotasRequest_ComponentData_init(ck_DescribeClientQuotasRequest_ComponentData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeClientQuotasRequest_ComponentData *ck_DescribeClientQuotasRequest_ComponentData_array_alloc(ck_arena *a, ck_DescribeClientQuotasRequest_ComponentData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeClientQuotasRequest_init(ck_DescribeClientQuotasRequest *m);
/** @brief Decodes one DescribeClientQuotasRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeClientQuotasRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeClientQuotasRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeClientQuotasRequest_encode(ck_wb *wb, int16_t version, const ck_DescribeClientQuotasRequest *m);

/* ---- DescribeClientQuotasResponse (response key 48, versions 0-1, flexible 1+) ---- */
#define CK_DESCRIBE_CLIENT_QUOTAS_RESPONSE_MIN_VERSION 0
#define CK_DESCRIBE_CLIENT_QUOTAS_RESPONSE_MAX_VERSION 1
typedef struct ck_DescribeClientQuotasResponse_EntityData ck_DescribeClientQuotasResponse_EntityData;
typedef struct ck_DescribeClientQuotasResponse_EntityData_array { int32_t n; ck_DescribeClientQuotasResponse_EntityData *a; } ck_DescribeClientQuotasResponse_EntityData_array;
typedef struct ck_DescribeClientQuotasResponse_ValueData ck_DescribeClientQuotasResponse_ValueData;
typedef struct ck_DescribeClientQuotasResponse_ValueData_array { int32_t n; ck_DescribeClientQuotasResponse_ValueData *a; } ck_DescribeClientQuotasResponse_ValueData_array;
typedef struct ck_DescribeClientQuotasResponse_EntryData ck_DescribeClientQuotasResponse_EntryData;
typedef struct ck_DescribeClientQuotasResponse_EntryData_array { int32_t n; ck_DescribeClientQuotasResponse_EntryData *a; } ck_DescribeClientQuotasResponse_EntryData_array;
typedef struct ck_DescribeClientQuotasResponse ck_DescribeClientQuotasResponse;
struct ck_DescribeClientQuotasResponse_EntityData {
    ck_str EntityType;                       /* v0+ */
    ck_str EntityName;                       /* v0+, nullable 0+ */
};
struct ck_DescribeClientQuotasResponse_ValueData {
    ck_str Key;                              /* v0+ */
    double Value;                            /* v0+ */
};
struct ck_DescribeClientQuotasResponse_EntryData {
    ck_DescribeClientQuotasResponse_EntityData_array Entity; /* v0+ */
    ck_DescribeClientQuotasResponse_ValueData_array Values; /* v0+ */
};
struct ck_DescribeClientQuotasResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
    ck_DescribeClientQuotasResponse_EntryData_array Entries; /* v0+, nullable 0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeClientQuotasResponse_EntityData_init(ck_DescribeClientQuotasResponse_EntityData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeClientQuotasResponse_EntityData *ck_DescribeClientQuotasResponse_EntityData_array_alloc(ck_arena *a, ck_DescribeClientQuotasResponse_EntityData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeClientQuotasResponse_ValueData_init(ck_DescribeClientQuotasResponse_ValueData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeClientQuotasResponse_ValueData *ck_DescribeClientQuotasResponse_ValueData_array_alloc(ck_arena *a, ck_DescribeClientQuotasResponse_ValueData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeClientQuotasResponse_EntryData_init(ck_DescribeClientQuotasResponse_EntryData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeClientQuotasResponse_EntryData *ck_DescribeClientQuotasResponse_EntryData_array_alloc(ck_arena *a, ck_DescribeClientQuotasResponse_EntryData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeClientQuotasResponse_init(ck_DescribeClientQuotasResponse *m);
/** @brief Decodes one DescribeClientQuotasResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeClientQuotasResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeClientQuotasResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeClientQuotasResponse_encode(ck_wb *wb, int16_t version, const ck_DescribeClientQuotasResponse *m);

/* ---- AlterClientQuotasRequest (request key 49, versions 0-1, flexible 1+) ---- */
#define CK_ALTER_CLIENT_QUOTAS_REQUEST_MIN_VERSION 0
#define CK_ALTER_CLIENT_QUOTAS_REQUEST_MAX_VERSION 1
typedef struct ck_AlterClientQuotasRequest_EntityData ck_AlterClientQuotasRequest_EntityData;
typedef struct ck_AlterClientQuotasRequest_EntityData_array { int32_t n; ck_AlterClientQuotasRequest_EntityData *a; } ck_AlterClientQuotasRequest_EntityData_array;
typedef struct ck_AlterClientQuotasRequest_OpData ck_AlterClientQuotasRequest_OpData;
typedef struct ck_AlterClientQuotasRequest_OpData_array { int32_t n; ck_AlterClientQuotasRequest_OpData *a; } ck_AlterClientQuotasRequest_OpData_array;
typedef struct ck_AlterClientQuotasRequest_EntryData ck_AlterClientQuotasRequest_EntryData;
typedef struct ck_AlterClientQuotasRequest_EntryData_array { int32_t n; ck_AlterClientQuotasRequest_EntryData *a; } ck_AlterClientQuotasRequest_EntryData_array;
typedef struct ck_AlterClientQuotasRequest ck_AlterClientQuotasRequest;
struct ck_AlterClientQuotasRequest_EntityData {
    ck_str EntityType;                       /* v0+ */
    ck_str EntityName;                       /* v0+, nullable 0+ */
};
struct ck_AlterClientQuotasRequest_OpData {
    ck_str Key;                              /* v0+ */
    double Value;                            /* v0+ */
    bool Remove;                             /* v0+ */
};
struct ck_AlterClientQuotasRequest_EntryData {
    ck_AlterClientQuotasRequest_EntityData_array Entity; /* v0+ */
    ck_AlterClientQuotasRequest_OpData_array Ops; /* v0+ */
};
struct ck_AlterClientQuotasRequest {
    ck_AlterClientQuotasRequest_EntryData_array Entries; /* v0+ */
    bool ValidateOnly;                       /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AlterClientQuotasRequest_EntityData_init(ck_AlterClientQuotasRequest_EntityData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterClientQuotasRequest_EntityData *ck_AlterClientQuotasRequest_EntityData_array_alloc(ck_arena *a, ck_AlterClientQuotasRequest_EntityData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterClientQuotasRequest_OpData_init(ck_AlterClientQuotasRequest_OpData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterClientQuotasRequest_OpData *ck_AlterClientQuotasRequest_OpData_array_alloc(ck_arena *a, ck_AlterClientQuotasRequest_OpData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterClientQuotasRequest_EntryData_init(ck_AlterClientQuotasRequest_EntryData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterClientQuotasRequest_EntryData *ck_AlterClientQuotasRequest_EntryData_array_alloc(ck_arena *a, ck_AlterClientQuotasRequest_EntryData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterClientQuotasRequest_init(ck_AlterClientQuotasRequest *m);
/** @brief Decodes one AlterClientQuotasRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AlterClientQuotasRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AlterClientQuotasRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AlterClientQuotasRequest_encode(ck_wb *wb, int16_t version, const ck_AlterClientQuotasRequest *m);

/* ---- AlterClientQuotasResponse (response key 49, versions 0-1, flexible 1+) ---- */
#define CK_ALTER_CLIENT_QUOTAS_RESPONSE_MIN_VERSION 0
#define CK_ALTER_CLIENT_QUOTAS_RESPONSE_MAX_VERSION 1
typedef struct ck_AlterClientQuotasResponse_EntityData ck_AlterClientQuotasResponse_EntityData;
typedef struct ck_AlterClientQuotasResponse_EntityData_array { int32_t n; ck_AlterClientQuotasResponse_EntityData *a; } ck_AlterClientQuotasResponse_EntityData_array;
typedef struct ck_AlterClientQuotasResponse_EntryData ck_AlterClientQuotasResponse_EntryData;
typedef struct ck_AlterClientQuotasResponse_EntryData_array { int32_t n; ck_AlterClientQuotasResponse_EntryData *a; } ck_AlterClientQuotasResponse_EntryData_array;
typedef struct ck_AlterClientQuotasResponse ck_AlterClientQuotasResponse;
struct ck_AlterClientQuotasResponse_EntityData {
    ck_str EntityType;                       /* v0+ */
    ck_str EntityName;                       /* v0+, nullable 0+ */
};
struct ck_AlterClientQuotasResponse_EntryData {
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
    ck_AlterClientQuotasResponse_EntityData_array Entity; /* v0+ */
};
struct ck_AlterClientQuotasResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_AlterClientQuotasResponse_EntryData_array Entries; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AlterClientQuotasResponse_EntityData_init(ck_AlterClientQuotasResponse_EntityData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterClientQuotasResponse_EntityData *ck_AlterClientQuotasResponse_EntityData_array_alloc(ck_arena *a, ck_AlterClientQuotasResponse_EntityData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterClientQuotasResponse_EntryData_init(ck_AlterClientQuotasResponse_EntryData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterClientQuotasResponse_EntryData *ck_AlterClientQuotasResponse_EntryData_array_alloc(ck_arena *a, ck_AlterClientQuotasResponse_EntryData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterClientQuotasResponse_init(ck_AlterClientQuotasResponse *m);
/** @brief Decodes one AlterClientQuotasResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AlterClientQuotasResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AlterClientQuotasResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AlterClientQuotasResponse_encode(ck_wb *wb, int16_t version, const ck_AlterClientQuotasResponse *m);

/* ---- DescribeUserScramCredentialsRequest (request key 50, versions 0-0, flexible 0+) ---- */
#define CK_DESCRIBE_USER_SCRAM_CREDENTIALS_REQUEST_MIN_VERSION 0
#define CK_DESCRIBE_USER_SCRAM_CREDENTIALS_REQUEST_MAX_VERSION 0
typedef struct ck_DescribeUserScramCredentialsRequest_UserName ck_DescribeUserScramCredentialsRequest_UserName;
typedef struct ck_DescribeUserScramCredentialsRequest_UserName_array { int32_t n; ck_DescribeUserScramCredentialsRequest_UserName *a; } ck_DescribeUserScramCredentialsRequest_UserName_array;
typedef struct ck_DescribeUserScramCredentialsRequest ck_DescribeUserScramCredentialsRequest;
struct ck_DescribeUserScramCredentialsRequest_UserName {
    ck_str Name;                             /* v0+ */
};
struct ck_DescribeUserScramCredentialsRequest {
    ck_DescribeUserScramCredentialsRequest_UserName_array Users; /* v0+, nullable 0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeUserScramCredentialsRequest_UserName_init(ck_DescribeUserScramCredentialsRequest_UserName *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeUserScramCredentialsRequest_UserName *ck_DescribeUserScramCredentialsRequest_UserName_array_alloc(ck_arena *a, ck_DescribeUserScramCredentialsRequest_UserName_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeUserScramCredentialsRequest_init(ck_DescribeUserScramCredentialsRequest *m);
/** @brief Decodes one DescribeUserScramCredentialsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeUserScramCredentialsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeUserScramCredentialsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeUserScramCredentialsRequest_encode(ck_wb *wb, int16_t version, const ck_DescribeUserScramCredentialsRequest *m);

/* ---- DescribeUserScramCredentialsResponse (response key 50, versions 0-0, flexible 0+) ---- */
#define CK_DESCRIBE_USER_SCRAM_CREDENTIALS_RESPONSE_MIN_VERSION 0
#define CK_DESCRIBE_USER_SCRAM_CREDENTIALS_RESPONSE_MAX_VERSION 0
typedef struct ck_DescribeUserScramCredentialsResponse_CredentialInfo ck_DescribeUserScramCredentialsResponse_CredentialInfo;
typedef struct ck_DescribeUserScramCredentialsResponse_CredentialInfo_array { int32_t n; ck_DescribeUserScramCredentialsResponse_CredentialInfo *a; } ck_DescribeUserScramCredentialsResponse_CredentialInfo_array;
typedef struct ck_DescribeUserScramCredentialsResponse_DescribeUserScramCredentialsResult ck_DescribeUserScramCredentialsResponse_DescribeUserScramCredentialsResult;
typedef struct ck_DescribeUserScramCredentialsResponse_DescribeUserScramCredentialsResult_array { int32_t n; ck_DescribeUserScramCredentialsResponse_DescribeUserScramCredentialsResult *a; } ck_DescribeUserScramCredentialsResponse_DescribeUserScramCredentialsResult_array;
typedef struct ck_DescribeUserScramCredentialsResponse ck_DescribeUserScramCredentialsResponse;
struct ck_DescribeUserScramCredentialsResponse_CredentialInfo {
    int8_t Mechanism;                        /* v0+ */
    int32_t Iterations;                      /* v0+ */
};
struct ck_DescribeUserScramCredentialsResponse_DescribeUserScramCredentialsResult {
    ck_str User;                             /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
    ck_DescribeUserScramCredentialsResponse_CredentialInfo_array CredentialInfos; /* v0+ */
};
struct ck_DescribeUserScramCredentialsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
    ck_DescribeUserScramCredentialsResponse_DescribeUserScramCredentialsResult_array Results; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeUserScramCredentialsResponse_CredentialInfo_init(ck_DescribeUserScramCredentialsResponse_CredentialInfo *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeUserScramCredentialsResponse_CredentialInfo *ck_DescribeUserScramCredentialsResponse_CredentialInfo_array_alloc(ck_arena *a, ck_DescribeUserScramCredentialsResponse_CredentialInfo_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeUserScramCredentialsResponse_DescribeUserScramCredentialsResult_init(ck_DescribeUserScramCredentialsResponse_DescribeUserScramCredentialsResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeUserScramCredentialsResponse_DescribeUserScramCredentialsResult *ck_DescribeUserScramCredentialsResponse_DescribeUserScramCredentialsResult_array_alloc(ck_arena *a, ck_DescribeUserScramCredentialsResponse_DescribeUserScramCredentialsResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeUserScramCredentialsResponse_init(ck_DescribeUserScramCredentialsResponse *m);
/** @brief Decodes one DescribeUserScramCredentialsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeUserScramCredentialsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeUserScramCredentialsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeUserScramCredentialsResponse_encode(ck_wb *wb, int16_t version, const ck_DescribeUserScramCredentialsResponse *m);

/* ---- AlterUserScramCredentialsRequest (request key 51, versions 0-0, flexible 0+) ---- */
#define CK_ALTER_USER_SCRAM_CREDENTIALS_REQUEST_MIN_VERSION 0
#define CK_ALTER_USER_SCRAM_CREDENTIALS_REQUEST_MAX_VERSION 0
typedef struct ck_AlterUserScramCredentialsRequest_ScramCredentialDeletion ck_AlterUserScramCredentialsRequest_ScramCredentialDeletion;
typedef struct ck_AlterUserScramCredentialsRequest_ScramCredentialDeletion_array { int32_t n; ck_AlterUserScramCredentialsRequest_ScramCredentialDeletion *a; } ck_AlterUserScramCredentialsRequest_ScramCredentialDeletion_array;
typedef struct ck_AlterUserScramCredentialsRequest_ScramCredentialUpsertion ck_AlterUserScramCredentialsRequest_ScramCredentialUpsertion;
typedef struct ck_AlterUserScramCredentialsRequest_ScramCredentialUpsertion_array { int32_t n; ck_AlterUserScramCredentialsRequest_ScramCredentialUpsertion *a; } ck_AlterUserScramCredentialsRequest_ScramCredentialUpsertion_array;
typedef struct ck_AlterUserScramCredentialsRequest ck_AlterUserScramCredentialsRequest;
struct ck_AlterUserScramCredentialsRequest_ScramCredentialDeletion {
    ck_str Name;                             /* v0+ */
    int8_t Mechanism;                        /* v0+ */
};
struct ck_AlterUserScramCredentialsRequest_ScramCredentialUpsertion {
    ck_str Name;                             /* v0+ */
    int8_t Mechanism;                        /* v0+ */
    int32_t Iterations;                      /* v0+ */
    ck_bytes Salt;                           /* v0+ */
    ck_bytes SaltedPassword;                 /* v0+ */
};
struct ck_AlterUserScramCredentialsRequest {
    ck_AlterUserScramCredentialsRequest_ScramCredentialDeletion_array Deletions; /* v0+ */
    ck_AlterUserScramCredentialsRequest_ScramCredentialUpsertion_array Upsertions; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AlterUserScramCredentialsRequest_ScramCredentialDeletion_init(ck_AlterUserScramCredentialsRequest_ScramCredentialDeletion *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterUserScramCredentialsRequest_ScramCredentialDeletion *ck_AlterUserScramCredentialsRequest_ScramCredentialDeletion_array_alloc(ck_arena *a, ck_AlterUserScramCredentialsRequest_ScramCredentialDeletion_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterUserScramCredentialsRequest_ScramCredentialUpsertion_init(ck_AlterUserScramCredentialsRequest_ScramCredentialUpsertion *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterUserScramCredentialsRequest_ScramCredentialUpsertion *ck_AlterUserScramCredentialsRequest_ScramCredentialUpsertion_array_alloc(ck_arena *a, ck_AlterUserScramCredentialsRequest_ScramCredentialUpsertion_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterUserScramCredentialsRequest_init(ck_AlterUserScramCredentialsRequest *m);
/** @brief Decodes one AlterUserScramCredentialsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AlterUserScramCredentialsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AlterUserScramCredentialsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AlterUserScramCredentialsRequest_encode(ck_wb *wb, int16_t version, const ck_AlterUserScramCredentialsRequest *m);

/* ---- AlterUserScramCredentialsResponse (response key 51, versions 0-0, flexible 0+) ---- */
#define CK_ALTER_USER_SCRAM_CREDENTIALS_RESPONSE_MIN_VERSION 0
#define CK_ALTER_USER_SCRAM_CREDENTIALS_RESPONSE_MAX_VERSION 0
typedef struct ck_AlterUserScramCredentialsResponse_AlterUserScramCredentialsResult ck_AlterUserScramCredentialsResponse_AlterUserScramCredentialsResult;
typedef struct ck_AlterUserScramCredentialsResponse_AlterUserScramCredentialsResult_array { int32_t n; ck_AlterUserScramCredentialsResponse_AlterUserScramCredentialsResult *a; } ck_AlterUserScramCredentialsResponse_AlterUserScramCredentialsResult_array;
typedef struct ck_AlterUserScramCredentialsResponse ck_AlterUserScramCredentialsResponse;
struct ck_AlterUserScramCredentialsResponse_AlterUserScramCredentialsResult {
    ck_str User;                             /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
};
struct ck_AlterUserScramCredentialsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_AlterUserScramCredentialsResponse_AlterUserScramCredentialsResult_array Results; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AlterUserScramCredentialsResponse_AlterUserScramCredentialsResult_init(ck_AlterUserScramCredentialsResponse_AlterUserScramCredentialsResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterUserScramCredentialsResponse_AlterUserScramCredentialsResult *ck_AlterUserScramCredentialsResponse_AlterUserScramCredentialsResult_array_alloc(ck_arena *a, ck_AlterUserScramCredentialsResponse_AlterUserScramCredentialsResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterUserScramCredentialsResponse_init(ck_AlterUserScramCredentialsResponse *m);
/** @brief Decodes one AlterUserScramCredentialsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AlterUserScramCredentialsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AlterUserScramCredentialsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AlterUserScramCredentialsResponse_encode(ck_wb *wb, int16_t version, const ck_AlterUserScramCredentialsResponse *m);

/* ---- DescribeQuorumRequest (request key 55, versions 0-2, flexible 0+) ---- */
#define CK_DESCRIBE_QUORUM_REQUEST_MIN_VERSION 0
#define CK_DESCRIBE_QUORUM_REQUEST_MAX_VERSION 2
typedef struct ck_DescribeQuorumRequest_PartitionData ck_DescribeQuorumRequest_PartitionData;
typedef struct ck_DescribeQuorumRequest_PartitionData_array { int32_t n; ck_DescribeQuorumRequest_PartitionData *a; } ck_DescribeQuorumRequest_PartitionData_array;
typedef struct ck_DescribeQuorumRequest_TopicData ck_DescribeQuorumRequest_TopicData;
typedef struct ck_DescribeQuorumRequest_TopicData_array { int32_t n; ck_DescribeQuorumRequest_TopicData *a; } ck_DescribeQuorumRequest_TopicData_array;
typedef struct ck_DescribeQuorumRequest ck_DescribeQuorumRequest;
struct ck_DescribeQuorumRequest_PartitionData {
    int32_t PartitionIndex;                  /* v0+ */
};
struct ck_DescribeQuorumRequest_TopicData {
    ck_str TopicName;                        /* v0+ */
    ck_DescribeQuorumRequest_PartitionData_array Partitions; /* v0+ */
};
struct ck_DescribeQuorumRequest {
    ck_DescribeQuorumRequest_TopicData_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeQuorumRequest_PartitionData_init(ck_DescribeQuorumRequest_PartitionData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeQuorumRequest_PartitionData *ck_DescribeQuorumRequest_PartitionData_array_alloc(ck_arena *a, ck_DescribeQuorumRequest_PartitionData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeQuorumRequest_TopicData_init(ck_DescribeQuorumRequest_TopicData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeQuorumRequest_TopicData *ck_DescribeQuorumRequest_TopicData_array_alloc(ck_arena *a, ck_DescribeQuorumRequest_TopicData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeQuorumRequest_init(ck_DescribeQuorumRequest *m);
/** @brief Decodes one DescribeQuorumRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeQuorumRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeQuorumRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeQuorumRequest_encode(ck_wb *wb, int16_t version, const ck_DescribeQuorumRequest *m);

/* ---- DescribeQuorumResponse (response key 55, versions 0-2, flexible 0+) ---- */
#define CK_DESCRIBE_QUORUM_RESPONSE_MIN_VERSION 0
#define CK_DESCRIBE_QUORUM_RESPONSE_MAX_VERSION 2
typedef struct ck_DescribeQuorumResponse_ReplicaState ck_DescribeQuorumResponse_ReplicaState;
typedef struct ck_DescribeQuorumResponse_ReplicaState_array { int32_t n; ck_DescribeQuorumResponse_ReplicaState *a; } ck_DescribeQuorumResponse_ReplicaState_array;
typedef struct ck_DescribeQuorumResponse_PartitionData ck_DescribeQuorumResponse_PartitionData;
typedef struct ck_DescribeQuorumResponse_PartitionData_array { int32_t n; ck_DescribeQuorumResponse_PartitionData *a; } ck_DescribeQuorumResponse_PartitionData_array;
typedef struct ck_DescribeQuorumResponse_TopicData ck_DescribeQuorumResponse_TopicData;
typedef struct ck_DescribeQuorumResponse_TopicData_array { int32_t n; ck_DescribeQuorumResponse_TopicData *a; } ck_DescribeQuorumResponse_TopicData_array;
typedef struct ck_DescribeQuorumResponse_Listener ck_DescribeQuorumResponse_Listener;
typedef struct ck_DescribeQuorumResponse_Listener_array { int32_t n; ck_DescribeQuorumResponse_Listener *a; } ck_DescribeQuorumResponse_Listener_array;
typedef struct ck_DescribeQuorumResponse_Node ck_DescribeQuorumResponse_Node;
typedef struct ck_DescribeQuorumResponse_Node_array { int32_t n; ck_DescribeQuorumResponse_Node *a; } ck_DescribeQuorumResponse_Node_array;
typedef struct ck_DescribeQuorumResponse ck_DescribeQuorumResponse;
struct ck_DescribeQuorumResponse_ReplicaState {
    int32_t ReplicaId;                       /* v0+ */
    uint8_t ReplicaDirectoryId[16];          /* v2+ */
    int64_t LogEndOffset;                    /* v0+ */
    int64_t LastFetchTimestamp;              /* v1+, default -1 */
    int64_t LastCaughtUpTimestamp;           /* v1+, default -1 */
};
struct ck_DescribeQuorumResponse_PartitionData {
    int32_t PartitionIndex;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v2+, nullable 2+ */
    int32_t LeaderId;                        /* v0+ */
    int32_t LeaderEpoch;                     /* v0+ */
    int64_t HighWatermark;                   /* v0+ */
    ck_DescribeQuorumResponse_ReplicaState_array CurrentVoters; /* v0+ */
    ck_DescribeQuorumResponse_ReplicaState_array Observers; /* v0+ */
};
struct ck_DescribeQuorumResponse_TopicData {
    ck_str TopicName;                        /* v0+ */
    ck_DescribeQuorumResponse_PartitionData_array Partitions; /* v0+ */
};
struct ck_DescribeQuorumResponse_Listener {
    ck_str Name;                             /* v2+ */
    ck_str Host;                             /* v2+ */
    uint16_t Port;                           /* v2+ */
};
struct ck_DescribeQuorumResponse_Node {
    int32_t NodeId;                          /* v2+ */
    ck_DescribeQuorumResponse_Listener_array Listeners; /* v2+ */
};
struct ck_DescribeQuorumResponse {
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v2+, nullable 2+ */
    ck_DescribeQuorumResponse_TopicData_array Topics; /* v0+ */
    ck_DescribeQuorumResponse_Node_array Nodes; /* v2+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeQuorumResponse_ReplicaState_init(ck_DescribeQuorumResponse_ReplicaState *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeQuorumResponse_ReplicaState *ck_DescribeQuorumResponse_ReplicaState_array_alloc(ck_arena *a, ck_DescribeQuorumResponse_ReplicaState_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeQuorumResponse_PartitionData_init(ck_DescribeQuorumResponse_PartitionData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeQuorumResponse_PartitionData *ck_DescribeQuorumResponse_PartitionData_array_alloc(ck_arena *a, ck_DescribeQuorumResponse_PartitionData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeQuorumResponse_TopicData_init(ck_DescribeQuorumResponse_TopicData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeQuorumResponse_TopicData *ck_DescribeQuorumResponse_TopicData_array_alloc(ck_arena *a, ck_DescribeQuorumResponse_TopicData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeQuorumResponse_Listener_init(ck_DescribeQuorumResponse_Listener *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeQuorumResponse_Listener *ck_DescribeQuorumResponse_Listener_array_alloc(ck_arena *a, ck_DescribeQuorumResponse_Listener_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeQuorumResponse_Node_init(ck_DescribeQuorumResponse_Node *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeQuorumResponse_Node *ck_DescribeQuorumResponse_Node_array_alloc(ck_arena *a, ck_DescribeQuorumResponse_Node_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeQuorumResponse_init(ck_DescribeQuorumResponse *m);
/** @brief Decodes one DescribeQuorumResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeQuorumResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeQuorumResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeQuorumResponse_encode(ck_wb *wb, int16_t version, const ck_DescribeQuorumResponse *m);

/* ---- AlterPartitionRequest (request key 56, versions 0-3, flexible 0+) ---- */
#define CK_ALTER_PARTITION_REQUEST_MIN_VERSION 0
#define CK_ALTER_PARTITION_REQUEST_MAX_VERSION 3
typedef struct ck_AlterPartitionRequest_BrokerState ck_AlterPartitionRequest_BrokerState;
typedef struct ck_AlterPartitionRequest_BrokerState_array { int32_t n; ck_AlterPartitionRequest_BrokerState *a; } ck_AlterPartitionRequest_BrokerState_array;
typedef struct ck_AlterPartitionRequest_PartitionData ck_AlterPartitionRequest_PartitionData;
typedef struct ck_AlterPartitionRequest_PartitionData_array { int32_t n; ck_AlterPartitionRequest_PartitionData *a; } ck_AlterPartitionRequest_PartitionData_array;
typedef struct ck_AlterPartitionRequest_TopicData ck_AlterPartitionRequest_TopicData;
typedef struct ck_AlterPartitionRequest_TopicData_array { int32_t n; ck_AlterPartitionRequest_TopicData *a; } ck_AlterPartitionRequest_TopicData_array;
typedef struct ck_AlterPartitionRequest ck_AlterPartitionRequest;
struct ck_AlterPartitionRequest_BrokerState {
    int32_t BrokerId;                        /* v3+ */
    int64_t BrokerEpoch;                     /* v3+, default -1 */
};
struct ck_AlterPartitionRequest_PartitionData {
    int32_t PartitionIndex;                  /* v0+ */
    int32_t LeaderEpoch;                     /* v0+ */
    ck_int32_array NewIsr;                   /* v0-2 */
    ck_AlterPartitionRequest_BrokerState_array NewIsrWithEpochs; /* v3+ */
    int8_t LeaderRecoveryState;              /* v1+, default 0 */
    int32_t PartitionEpoch;                  /* v0+ */
};
struct ck_AlterPartitionRequest_TopicData {
    ck_str TopicName;                        /* v0-1 */
    uint8_t TopicId[16];                     /* v2+ */
    ck_AlterPartitionRequest_PartitionData_array Partitions; /* v0+ */
};
struct ck_AlterPartitionRequest {
    int32_t BrokerId;                        /* v0+ */
    int64_t BrokerEpoch;                     /* v0+, default -1 */
    ck_AlterPartitionRequest_TopicData_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AlterPartitionRequest_BrokerState_init(ck_AlterPartitionRequest_BrokerState *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterPartitionRequest_BrokerState *ck_AlterPartitionRequest_BrokerState_array_alloc(ck_arena *a, ck_AlterPartitionRequest_BrokerState_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterPartitionRequest_PartitionData_init(ck_AlterPartitionRequest_PartitionData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterPartitionRequest_PartitionData *ck_AlterPartitionRequest_PartitionData_array_alloc(ck_arena *a, ck_AlterPartitionRequest_PartitionData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterPartitionRequest_TopicData_init(ck_AlterPartitionRequest_TopicData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterPartitionRequest_TopicData *ck_AlterPartitionRequest_TopicData_array_alloc(ck_arena *a, ck_AlterPartitionRequest_TopicData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterPartitionRequest_init(ck_AlterPartitionRequest *m);
/** @brief Decodes one AlterPartitionRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AlterPartitionRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AlterPartitionRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AlterPartitionRequest_encode(ck_wb *wb, int16_t version, const ck_AlterPartitionRequest *m);

/* ---- AlterPartitionResponse (response key 56, versions 0-3, flexible 0+) ---- */
#define CK_ALTER_PARTITION_RESPONSE_MIN_VERSION 0
#define CK_ALTER_PARTITION_RESPONSE_MAX_VERSION 3
typedef struct ck_AlterPartitionResponse_PartitionData ck_AlterPartitionResponse_PartitionData;
typedef struct ck_AlterPartitionResponse_PartitionData_array { int32_t n; ck_AlterPartitionResponse_PartitionData *a; } ck_AlterPartitionResponse_PartitionData_array;
typedef struct ck_AlterPartitionResponse_TopicData ck_AlterPartitionResponse_TopicData;
typedef struct ck_AlterPartitionResponse_TopicData_array { int32_t n; ck_AlterPartitionResponse_TopicData *a; } ck_AlterPartitionResponse_TopicData_array;
typedef struct ck_AlterPartitionResponse ck_AlterPartitionResponse;
struct ck_AlterPartitionResponse_PartitionData {
    int32_t PartitionIndex;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    int32_t LeaderId;                        /* v0+ */
    int32_t LeaderEpoch;                     /* v0+ */
    ck_int32_array Isr;                      /* v0+ */
    int8_t LeaderRecoveryState;              /* v1+, default 0 */
    int32_t PartitionEpoch;                  /* v0+ */
};
struct ck_AlterPartitionResponse_TopicData {
    ck_str TopicName;                        /* v0-1 */
    uint8_t TopicId[16];                     /* v2+ */
    ck_AlterPartitionResponse_PartitionData_array Partitions; /* v0+ */
};
struct ck_AlterPartitionResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_AlterPartitionResponse_TopicData_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AlterPartitionResponse_PartitionData_init(ck_AlterPartitionResponse_PartitionData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterPartitionResponse_PartitionData *ck_AlterPartitionResponse_PartitionData_array_alloc(ck_arena *a, ck_AlterPartitionResponse_PartitionData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterPartitionResponse_TopicData_init(ck_AlterPartitionResponse_TopicData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AlterPartitionResponse_TopicData *ck_AlterPartitionResponse_TopicData_array_alloc(ck_arena *a, ck_AlterPartitionResponse_TopicData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AlterPartitionResponse_init(ck_AlterPartitionResponse *m);
/** @brief Decodes one AlterPartitionResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AlterPartitionResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AlterPartitionResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AlterPartitionResponse_encode(ck_wb *wb, int16_t version, const ck_AlterPartitionResponse *m);

/* ---- UpdateFeaturesRequest (request key 57, versions 0-2, flexible 0+) ---- */
#define CK_UPDATE_FEATURES_REQUEST_MIN_VERSION 0
#define CK_UPDATE_FEATURES_REQUEST_MAX_VERSION 2
typedef struct ck_UpdateFeaturesRequest_FeatureUpdateKey ck_UpdateFeaturesRequest_FeatureUpdateKey;
typedef struct ck_UpdateFeaturesRequest_FeatureUpdateKey_array { int32_t n; ck_UpdateFeaturesRequest_FeatureUpdateKey *a; } ck_UpdateFeaturesRequest_FeatureUpdateKey_array;
typedef struct ck_UpdateFeaturesRequest ck_UpdateFeaturesRequest;
struct ck_UpdateFeaturesRequest_FeatureUpdateKey {
    ck_str Feature;                          /* v0+ */
    int16_t MaxVersionLevel;                 /* v0+ */
    bool AllowDowngrade;                     /* v0-0 */
    int8_t UpgradeType;                      /* v1+, default 1 */
};
struct ck_UpdateFeaturesRequest {
    int32_t timeoutMs;                       /* v0+, default 60000 */
    ck_UpdateFeaturesRequest_FeatureUpdateKey_array FeatureUpdates; /* v0+ */
    bool ValidateOnly;                       /* v1+, default false */
};

/** @brief Sets every field of *m to its schema default. */
void ck_UpdateFeaturesRequest_FeatureUpdateKey_init(ck_UpdateFeaturesRequest_FeatureUpdateKey *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_UpdateFeaturesRequest_FeatureUpdateKey *ck_UpdateFeaturesRequest_FeatureUpdateKey_array_alloc(ck_arena *a, ck_UpdateFeaturesRequest_FeatureUpdateKey_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_UpdateFeaturesRequest_init(ck_UpdateFeaturesRequest *m);
/** @brief Decodes one UpdateFeaturesRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_UpdateFeaturesRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_UpdateFeaturesRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_UpdateFeaturesRequest_encode(ck_wb *wb, int16_t version, const ck_UpdateFeaturesRequest *m);

/* ---- UpdateFeaturesResponse (response key 57, versions 0-2, flexible 0+) ---- */
#define CK_UPDATE_FEATURES_RESPONSE_MIN_VERSION 0
#define CK_UPDATE_FEATURES_RESPONSE_MAX_VERSION 2
typedef struct ck_UpdateFeaturesResponse_UpdatableFeatureResult ck_UpdateFeaturesResponse_UpdatableFeatureResult;
typedef struct ck_UpdateFeaturesResponse_UpdatableFeatureResult_array { int32_t n; ck_UpdateFeaturesResponse_UpdatableFeatureResult *a; } ck_UpdateFeaturesResponse_UpdatableFeatureResult_array;
typedef struct ck_UpdateFeaturesResponse ck_UpdateFeaturesResponse;
struct ck_UpdateFeaturesResponse_UpdatableFeatureResult {
    ck_str Feature;                          /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
};
struct ck_UpdateFeaturesResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
    ck_UpdateFeaturesResponse_UpdatableFeatureResult_array Results; /* v0-1 */
};

/** @brief Sets every field of *m to its schema default. */
void ck_UpdateFeaturesResponse_UpdatableFeatureResult_init(ck_UpdateFeaturesResponse_UpdatableFeatureResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_UpdateFeaturesResponse_UpdatableFeatureResult *ck_UpdateFeaturesResponse_UpdatableFeatureResult_array_alloc(ck_arena *a, ck_UpdateFeaturesResponse_UpdatableFeatureResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_UpdateFeaturesResponse_init(ck_UpdateFeaturesResponse *m);
/** @brief Decodes one UpdateFeaturesResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_UpdateFeaturesResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_UpdateFeaturesResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_UpdateFeaturesResponse_encode(ck_wb *wb, int16_t version, const ck_UpdateFeaturesResponse *m);

/* ---- EnvelopeRequest (request key 58, versions 0-0, flexible 0+) ---- */
#define CK_ENVELOPE_REQUEST_MIN_VERSION 0
#define CK_ENVELOPE_REQUEST_MAX_VERSION 0
typedef struct ck_EnvelopeRequest ck_EnvelopeRequest;
struct ck_EnvelopeRequest {
    ck_bytes RequestData;                    /* v0+ */
    ck_bytes RequestPrincipal;               /* v0+, nullable 0+ */
    ck_bytes ClientHostAddress;              /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_EnvelopeRequest_init(ck_EnvelopeRequest *m);
/** @brief Decodes one EnvelopeRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_EnvelopeRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_EnvelopeRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_EnvelopeRequest_encode(ck_wb *wb, int16_t version, const ck_EnvelopeRequest *m);

/* ---- EnvelopeResponse (response key 58, versions 0-0, flexible 0+) ---- */
#define CK_ENVELOPE_RESPONSE_MIN_VERSION 0
#define CK_ENVELOPE_RESPONSE_MAX_VERSION 0
typedef struct ck_EnvelopeResponse ck_EnvelopeResponse;
struct ck_EnvelopeResponse {
    ck_bytes ResponseData;                   /* v0+, nullable 0+, default null */
    int16_t ErrorCode;                       /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_EnvelopeResponse_init(ck_EnvelopeResponse *m);
/** @brief Decodes one EnvelopeResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_EnvelopeResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_EnvelopeResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_EnvelopeResponse_encode(ck_wb *wb, int16_t version, const ck_EnvelopeResponse *m);

/* ---- DescribeClusterRequest (request key 60, versions 0-1, flexible 0+) ---- */
#define CK_DESCRIBE_CLUSTER_REQUEST_MIN_VERSION 0
#define CK_DESCRIBE_CLUSTER_REQUEST_MAX_VERSION 1
typedef struct ck_DescribeClusterRequest ck_DescribeClusterRequest;
struct ck_DescribeClusterRequest {
    bool IncludeClusterAuthorizedOperations; /* v0+ */
    int8_t EndpointType;                     /* v1+, default 1 */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeClusterRequest_init(ck_DescribeClusterRequest *m);
/** @brief Decodes one DescribeClusterRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeClusterRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeClusterRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeClusterRequest_encode(ck_wb *wb, int16_t version, const ck_DescribeClusterRequest *m);

/* ---- DescribeClusterResponse (response key 60, versions 0-1, flexible 0+) ---- */
#define CK_DESCRIBE_CLUSTER_RESPONSE_MIN_VERSION 0
#define CK_DESCRIBE_CLUSTER_RESPONSE_MAX_VERSION 1
typedef struct ck_DescribeClusterResponse_DescribeClusterBroker ck_DescribeClusterResponse_DescribeClusterBroker;
typedef struct ck_DescribeClusterResponse_DescribeClusterBroker_array { int32_t n; ck_DescribeClusterResponse_DescribeClusterBroker *a; } ck_DescribeClusterResponse_DescribeClusterBroker_array;
typedef struct ck_DescribeClusterResponse ck_DescribeClusterResponse;
struct ck_DescribeClusterResponse_DescribeClusterBroker {
    int32_t BrokerId;                        /* v0+ */
    ck_str Host;                             /* v0+ */
    int32_t Port;                            /* v0+ */
    ck_str Rack;                             /* v0+, nullable 0+, default null */
};
struct ck_DescribeClusterResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+, default null */
    int8_t EndpointType;                     /* v1+, default 1 */
    ck_str ClusterId;                        /* v0+ */
    int32_t ControllerId;                    /* v0+, default -1 */
    ck_DescribeClusterResponse_DescribeClusterBroker_array Brokers; /* v0+ */
    int32_t ClusterAuthorizedOperations;     /* v0+, default -2147483648 */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeClusterResponse_DescribeClusterBroker_init(ck_DescribeClusterResponse_DescribeClusterBroker *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeClusterResponse_DescribeClusterBroker *ck_DescribeClusterResponse_DescribeClusterBroker_array_alloc(ck_arena *a, ck_DescribeClusterResponse_DescribeClusterBroker_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeClusterResponse_init(ck_DescribeClusterResponse *m);
/** @brief Decodes one DescribeClusterResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeClusterResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeClusterResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeClusterResponse_encode(ck_wb *wb, int16_t version, const ck_DescribeClusterResponse *m);

/* ---- DescribeProducersRequest (request key 61, versions 0-0, flexible 0+) ---- */
#define CK_DESCRIBE_PRODUCERS_REQUEST_MIN_VERSION 0
#define CK_DESCRIBE_PRODUCERS_REQUEST_MAX_VERSION 0
typedef struct ck_DescribeProducersRequest_TopicRequest ck_DescribeProducersRequest_TopicRequest;
typedef struct ck_DescribeProducersRequest_TopicRequest_array { int32_t n; ck_DescribeProducersRequest_TopicRequest *a; } ck_DescribeProducersRequest_TopicRequest_array;
typedef struct ck_DescribeProducersRequest ck_DescribeProducersRequest;
struct ck_DescribeProducersRequest_TopicRequest {
    ck_str Name;                             /* v0+ */
    ck_int32_array PartitionIndexes;         /* v0+ */
};
struct ck_DescribeProducersRequest {
    ck_DescribeProducersRequest_TopicRequest_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeProducersRequest_TopicRequest_init(ck_DescribeProducersRequest_TopicRequest *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeProducersRequest_TopicRequest *ck_DescribeProducersRequest_TopicRequest_array_alloc(ck_arena *a, ck_DescribeProducersRequest_TopicRequest_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeProducersRequest_init(ck_DescribeProducersRequest *m);
/** @brief Decodes one DescribeProducersRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeProducersRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeProducersRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeProducersRequest_encode(ck_wb *wb, int16_t version, const ck_DescribeProducersRequest *m);

/* ---- DescribeProducersResponse (response key 61, versions 0-0, flexible 0+) ---- */
#define CK_DESCRIBE_PRODUCERS_RESPONSE_MIN_VERSION 0
#define CK_DESCRIBE_PRODUCERS_RESPONSE_MAX_VERSION 0
typedef struct ck_DescribeProducersResponse_ProducerState ck_DescribeProducersResponse_ProducerState;
typedef struct ck_DescribeProducersResponse_ProducerState_array { int32_t n; ck_DescribeProducersResponse_ProducerState *a; } ck_DescribeProducersResponse_ProducerState_array;
typedef struct ck_DescribeProducersResponse_PartitionResponse ck_DescribeProducersResponse_PartitionResponse;
typedef struct ck_DescribeProducersResponse_PartitionResponse_array { int32_t n; ck_DescribeProducersResponse_PartitionResponse *a; } ck_DescribeProducersResponse_PartitionResponse_array;
typedef struct ck_DescribeProducersResponse_TopicResponse ck_DescribeProducersResponse_TopicResponse;
typedef struct ck_DescribeProducersResponse_TopicResponse_array { int32_t n; ck_DescribeProducersResponse_TopicResponse *a; } ck_DescribeProducersResponse_TopicResponse_array;
typedef struct ck_DescribeProducersResponse ck_DescribeProducersResponse;
struct ck_DescribeProducersResponse_ProducerState {
    int64_t ProducerId;                      /* v0+ */
    int32_t ProducerEpoch;                   /* v0+ */
    int32_t LastSequence;                    /* v0+, default -1 */
    int64_t LastTimestamp;                   /* v0+, default -1 */
    int32_t CoordinatorEpoch;                /* v0+ */
    int64_t CurrentTxnStartOffset;           /* v0+, default -1 */
};
struct ck_DescribeProducersResponse_PartitionResponse {
    int32_t PartitionIndex;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+, default null */
    ck_DescribeProducersResponse_ProducerState_array ActiveProducers; /* v0+ */
};
struct ck_DescribeProducersResponse_TopicResponse {
    ck_str Name;                             /* v0+ */
    ck_DescribeProducersResponse_PartitionResponse_array Partitions; /* v0+ */
};
struct ck_DescribeProducersResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_DescribeProducersResponse_TopicResponse_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeProducersResponse_ProducerState_init(ck_DescribeProducersResponse_ProducerState *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeProducersResponse_ProducerState *ck_DescribeProducersResponse_ProducerState_array_alloc(ck_arena *a, ck_DescribeProducersResponse_ProducerState_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeProducersResponse_PartitionResponse_init(ck_DescribeProducersResponse_PartitionResponse *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeProducersResponse_PartitionResponse *ck_DescribeProducersResponse_PartitionResponse_array_alloc(ck_arena *a, ck_DescribeProducersResponse_PartitionResponse_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeProducersResponse_TopicResponse_init(ck_DescribeProducersResponse_TopicResponse *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeProducersResponse_TopicResponse *ck_DescribeProducersResponse_TopicResponse_array_alloc(ck_arena *a, ck_DescribeProducersResponse_TopicResponse_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeProducersResponse_init(ck_DescribeProducersResponse *m);
/** @brief Decodes one DescribeProducersResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeProducersResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeProducersResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeProducersResponse_encode(ck_wb *wb, int16_t version, const ck_DescribeProducersResponse *m);

/* ---- UnregisterBrokerRequest (request key 64, versions 0-0, flexible 0+) ---- */
#define CK_UNREGISTER_BROKER_REQUEST_MIN_VERSION 0
#define CK_UNREGISTER_BROKER_REQUEST_MAX_VERSION 0
typedef struct ck_UnregisterBrokerRequest ck_UnregisterBrokerRequest;
struct ck_UnregisterBrokerRequest {
    int32_t BrokerId;                        /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_UnregisterBrokerRequest_init(ck_UnregisterBrokerRequest *m);
/** @brief Decodes one UnregisterBrokerRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_UnregisterBrokerRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_UnregisterBrokerRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_UnregisterBrokerRequest_encode(ck_wb *wb, int16_t version, const ck_UnregisterBrokerRequest *m);

/* ---- UnregisterBrokerResponse (response key 64, versions 0-0, flexible 0+) ---- */
#define CK_UNREGISTER_BROKER_RESPONSE_MIN_VERSION 0
#define CK_UNREGISTER_BROKER_RESPONSE_MAX_VERSION 0
typedef struct ck_UnregisterBrokerResponse ck_UnregisterBrokerResponse;
struct ck_UnregisterBrokerResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_UnregisterBrokerResponse_init(ck_UnregisterBrokerResponse *m);
/** @brief Decodes one UnregisterBrokerResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_UnregisterBrokerResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_UnregisterBrokerResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_UnregisterBrokerResponse_encode(ck_wb *wb, int16_t version, const ck_UnregisterBrokerResponse *m);

/* ---- DescribeTransactionsRequest (request key 65, versions 0-0, flexible 0+) ---- */
#define CK_DESCRIBE_TRANSACTIONS_REQUEST_MIN_VERSION 0
#define CK_DESCRIBE_TRANSACTIONS_REQUEST_MAX_VERSION 0
typedef struct ck_DescribeTransactionsRequest ck_DescribeTransactionsRequest;
struct ck_DescribeTransactionsRequest {
    ck_str_array TransactionalIds;           /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeTransactionsRequest_init(ck_DescribeTransactionsRequest *m);
/** @brief Decodes one DescribeTransactionsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeTransactionsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeTransactionsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeTransactionsRequest_encode(ck_wb *wb, int16_t version, const ck_DescribeTransactionsRequest *m);

/* ---- DescribeTransactionsResponse (response key 65, versions 0-0, flexible 0+) ---- */
#define CK_DESCRIBE_TRANSACTIONS_RESPONSE_MIN_VERSION 0
#define CK_DESCRIBE_TRANSACTIONS_RESPONSE_MAX_VERSION 0
typedef struct ck_DescribeTransactionsResponse_TopicData ck_DescribeTransactionsResponse_TopicData;
typedef struct ck_DescribeTransactionsResponse_TopicData_array { int32_t n; ck_DescribeTransactionsResponse_TopicData *a; } ck_DescribeTransactionsResponse_TopicData_array;
typedef struct ck_DescribeTransactionsResponse_TransactionState ck_DescribeTransactionsResponse_TransactionState;
typedef struct ck_DescribeTransactionsResponse_TransactionState_array { int32_t n; ck_DescribeTransactionsResponse_TransactionState *a; } ck_DescribeTransactionsResponse_TransactionState_array;
typedef struct ck_DescribeTransactionsResponse ck_DescribeTransactionsResponse;
struct ck_DescribeTransactionsResponse_TopicData {
    ck_str Topic;                            /* v0+ */
    ck_int32_array Partitions;               /* v0+ */
};
struct ck_DescribeTransactionsResponse_TransactionState {
    int16_t ErrorCode;                       /* v0+ */
    ck_str TransactionalId;                  /* v0+ */
    ck_str TransactionState;                 /* v0+ */
    int32_t TransactionTimeoutMs;            /* v0+ */
    int64_t TransactionStartTimeMs;          /* v0+ */
    int64_t ProducerId;                      /* v0+ */
    int16_t ProducerEpoch;                   /* v0+ */
    ck_DescribeTransactionsResponse_TopicData_array Topics; /* v0+ */
};
struct ck_DescribeTransactionsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_DescribeTransactionsResponse_TransactionState_array TransactionStates; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeTransactionsResponse_TopicData_init(ck_DescribeTransactionsResponse_TopicData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeTransactionsResponse_TopicData *ck_DescribeTransactionsResponse_TopicData_array_alloc(ck_arena *a, ck_DescribeTransactionsResponse_TopicData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeTransactionsResponse_TransactionState_init(ck_DescribeTransactionsResponse_TransactionState *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeTransactionsResponse_TransactionState *ck_DescribeTransactionsResponse_TransactionState_array_alloc(ck_arena *a, ck_DescribeTransactionsResponse_TransactionState_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeTransactionsResponse_init(ck_DescribeTransactionsResponse *m);
/** @brief Decodes one DescribeTransactionsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeTransactionsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeTransactionsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeTransactionsResponse_encode(ck_wb *wb, int16_t version, const ck_DescribeTransactionsResponse *m);

/* ---- ListTransactionsRequest (request key 66, versions 0-1, flexible 0+) ---- */
#define CK_LIST_TRANSACTIONS_REQUEST_MIN_VERSION 0
#define CK_LIST_TRANSACTIONS_REQUEST_MAX_VERSION 1
typedef struct ck_ListTransactionsRequest ck_ListTransactionsRequest;
struct ck_ListTransactionsRequest {
    ck_str_array StateFilters;               /* v0+ */
    ck_int64_array ProducerIdFilters;        /* v0+ */
    int64_t DurationFilter;                  /* v1+, default -1 */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ListTransactionsRequest_init(ck_ListTransactionsRequest *m);
/** @brief Decodes one ListTransactionsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ListTransactionsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ListTransactionsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ListTransactionsRequest_encode(ck_wb *wb, int16_t version, const ck_ListTransactionsRequest *m);

/* ---- ListTransactionsResponse (response key 66, versions 0-1, flexible 0+) ---- */
#define CK_LIST_TRANSACTIONS_RESPONSE_MIN_VERSION 0
#define CK_LIST_TRANSACTIONS_RESPONSE_MAX_VERSION 1
typedef struct ck_ListTransactionsResponse_TransactionState ck_ListTransactionsResponse_TransactionState;
typedef struct ck_ListTransactionsResponse_TransactionState_array { int32_t n; ck_ListTransactionsResponse_TransactionState *a; } ck_ListTransactionsResponse_TransactionState_array;
typedef struct ck_ListTransactionsResponse ck_ListTransactionsResponse;
struct ck_ListTransactionsResponse_TransactionState {
    ck_str TransactionalId;                  /* v0+ */
    int64_t ProducerId;                      /* v0+ */
    ck_str TransactionState;                 /* v0+ */
};
struct ck_ListTransactionsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str_array UnknownStateFilters;        /* v0+ */
    ck_ListTransactionsResponse_TransactionState_array TransactionStates; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ListTransactionsResponse_TransactionState_init(ck_ListTransactionsResponse_TransactionState *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ListTransactionsResponse_TransactionState *ck_ListTransactionsResponse_TransactionState_array_alloc(ck_arena *a, ck_ListTransactionsResponse_TransactionState_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ListTransactionsResponse_init(ck_ListTransactionsResponse *m);
/** @brief Decodes one ListTransactionsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ListTransactionsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ListTransactionsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ListTransactionsResponse_encode(ck_wb *wb, int16_t version, const ck_ListTransactionsResponse *m);

/* ---- AllocateProducerIdsRequest (request key 67, versions 0-0, flexible 0+) ---- */
#define CK_ALLOCATE_PRODUCER_IDS_REQUEST_MIN_VERSION 0
#define CK_ALLOCATE_PRODUCER_IDS_REQUEST_MAX_VERSION 0
typedef struct ck_AllocateProducerIdsRequest ck_AllocateProducerIdsRequest;
struct ck_AllocateProducerIdsRequest {
    int32_t BrokerId;                        /* v0+ */
    int64_t BrokerEpoch;                     /* v0+, default -1 */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AllocateProducerIdsRequest_init(ck_AllocateProducerIdsRequest *m);
/** @brief Decodes one AllocateProducerIdsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AllocateProducerIdsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AllocateProducerIdsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AllocateProducerIdsRequest_encode(ck_wb *wb, int16_t version, const ck_AllocateProducerIdsRequest *m);

/* ---- AllocateProducerIdsResponse (response key 67, versions 0-0, flexible 0+) ---- */
#define CK_ALLOCATE_PRODUCER_IDS_RESPONSE_MIN_VERSION 0
#define CK_ALLOCATE_PRODUCER_IDS_RESPONSE_MAX_VERSION 0
typedef struct ck_AllocateProducerIdsResponse ck_AllocateProducerIdsResponse;
struct ck_AllocateProducerIdsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    int64_t ProducerIdStart;                 /* v0+ */
    int32_t ProducerIdLen;                   /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AllocateProducerIdsResponse_init(ck_AllocateProducerIdsResponse *m);
/** @brief Decodes one AllocateProducerIdsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AllocateProducerIdsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AllocateProducerIdsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AllocateProducerIdsResponse_encode(ck_wb *wb, int16_t version, const ck_AllocateProducerIdsResponse *m);

/* ---- ConsumerGroupHeartbeatRequest (request key 68, versions 0-1, flexible 0+) ---- */
#define CK_CONSUMER_GROUP_HEARTBEAT_REQUEST_MIN_VERSION 0
#define CK_CONSUMER_GROUP_HEARTBEAT_REQUEST_MAX_VERSION 1
typedef struct ck_ConsumerGroupHeartbeatRequest_TopicPartitions ck_ConsumerGroupHeartbeatRequest_TopicPartitions;
typedef struct ck_ConsumerGroupHeartbeatRequest_TopicPartitions_array { int32_t n; ck_ConsumerGroupHeartbeatRequest_TopicPartitions *a; } ck_ConsumerGroupHeartbeatRequest_TopicPartitions_array;
typedef struct ck_ConsumerGroupHeartbeatRequest ck_ConsumerGroupHeartbeatRequest;
struct ck_ConsumerGroupHeartbeatRequest_TopicPartitions {
    uint8_t TopicId[16];                     /* v0+ */
    ck_int32_array Partitions;               /* v0+ */
};
struct ck_ConsumerGroupHeartbeatRequest {
    ck_str GroupId;                          /* v0+ */
    ck_str MemberId;                         /* v0+ */
    int32_t MemberEpoch;                     /* v0+ */
    ck_str InstanceId;                       /* v0+, nullable 0+, default null */
    ck_str RackId;                           /* v0+, nullable 0+, default null */
    int32_t RebalanceTimeoutMs;              /* v0+, default -1 */
    ck_str_array SubscribedTopicNames;       /* v0+, nullable 0+, default null */
    ck_str SubscribedTopicRegex;             /* v1+, nullable 1+, default null */
    ck_str ServerAssignor;                   /* v0+, nullable 0+, default null */
    ck_ConsumerGroupHeartbeatRequest_TopicPartitions_array TopicPartitions; /* v0+, nullable 0+, default null */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ConsumerGroupHeartbeatRequest_TopicPartitions_init(ck_ConsumerGroupHeartbeatRequest_TopicPartitions *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ConsumerGroupHeartbeatRequest_TopicPartitions *ck_ConsumerGroupHeartbeatRequest_TopicPartitions_array_alloc(ck_arena *a, ck_ConsumerGroupHeartbeatRequest_TopicPartitions_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ConsumerGroupHeartbeatRequest_init(ck_ConsumerGroupHeartbeatRequest *m);
/** @brief Decodes one ConsumerGroupHeartbeatRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ConsumerGroupHeartbeatRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ConsumerGroupHeartbeatRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ConsumerGroupHeartbeatRequest_encode(ck_wb *wb, int16_t version, const ck_ConsumerGroupHeartbeatRequest *m);

/* ---- ConsumerGroupHeartbeatResponse (response key 68, versions 0-1, flexible 0+) ---- */
#define CK_CONSUMER_GROUP_HEARTBEAT_RESPONSE_MIN_VERSION 0
#define CK_CONSUMER_GROUP_HEARTBEAT_RESPONSE_MAX_VERSION 1
typedef struct ck_ConsumerGroupHeartbeatResponse_TopicPartitions ck_ConsumerGroupHeartbeatResponse_TopicPartitions;
typedef struct ck_ConsumerGroupHeartbeatResponse_TopicPartitions_array { int32_t n; ck_ConsumerGroupHeartbeatResponse_TopicPartitions *a; } ck_ConsumerGroupHeartbeatResponse_TopicPartitions_array;
typedef struct ck_ConsumerGroupHeartbeatResponse_Assignment ck_ConsumerGroupHeartbeatResponse_Assignment;
typedef struct ck_ConsumerGroupHeartbeatResponse_Assignment_array { int32_t n; ck_ConsumerGroupHeartbeatResponse_Assignment *a; } ck_ConsumerGroupHeartbeatResponse_Assignment_array;
typedef struct ck_ConsumerGroupHeartbeatResponse ck_ConsumerGroupHeartbeatResponse;
struct ck_ConsumerGroupHeartbeatResponse_TopicPartitions {
    uint8_t TopicId[16];                     /* v0+ */
    ck_int32_array Partitions;               /* v0+ */
};
struct ck_ConsumerGroupHeartbeatResponse_Assignment {
    ck_ConsumerGroupHeartbeatResponse_TopicPartitions_array TopicPartitions; /* v0+ */
};
struct ck_ConsumerGroupHeartbeatResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+, default null */
    ck_str MemberId;                         /* v0+, nullable 0+, default null */
    int32_t MemberEpoch;                     /* v0+ */
    int32_t HeartbeatIntervalMs;             /* v0+ */
    ck_ConsumerGroupHeartbeatResponse_Assignment *Assignment; /* v0+, nullable 0+, default null */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ConsumerGroupHeartbeatResponse_TopicPartitions_init(ck_ConsumerGroupHeartbeatResponse_TopicPartitions *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ConsumerGroupHeartbeatResponse_TopicPartitions *ck_ConsumerGroupHeartbeatResponse_TopicPartitions_array_alloc(ck_arena *a, ck_ConsumerGroupHeartbeatResponse_TopicPartitions_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ConsumerGroupHeartbeatResponse_Assignment_init(ck_ConsumerGroupHeartbeatResponse_Assignment *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ConsumerGroupHeartbeatResponse_Assignment *ck_ConsumerGroupHeartbeatResponse_Assignment_array_alloc(ck_arena *a, ck_ConsumerGroupHeartbeatResponse_Assignment_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ConsumerGroupHeartbeatResponse_init(ck_ConsumerGroupHeartbeatResponse *m);
/** @brief Decodes one ConsumerGroupHeartbeatResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ConsumerGroupHeartbeatResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ConsumerGroupHeartbeatResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ConsumerGroupHeartbeatResponse_encode(ck_wb *wb, int16_t version, const ck_ConsumerGroupHeartbeatResponse *m);

/* ---- ConsumerGroupDescribeRequest (request key 69, versions 0-0, flexible 0+) ---- */
#define CK_CONSUMER_GROUP_DESCRIBE_REQUEST_MIN_VERSION 0
#define CK_CONSUMER_GROUP_DESCRIBE_REQUEST_MAX_VERSION 0
typedef struct ck_ConsumerGroupDescribeRequest ck_ConsumerGroupDescribeRequest;
struct ck_ConsumerGroupDescribeRequest {
    ck_str_array GroupIds;                   /* v0+ */
    bool IncludeAuthorizedOperations;        /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ConsumerGroupDescribeRequest_init(ck_ConsumerGroupDescribeRequest *m);
/** @brief Decodes one ConsumerGroupDescribeRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ConsumerGroupDescribeRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ConsumerGroupDescribeRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ConsumerGroupDescribeRequest_encode(ck_wb *wb, int16_t version, const ck_ConsumerGroupDescribeRequest *m);

/* ---- ConsumerGroupDescribeResponse (response key 69, versions 0-0, flexible 0+) ---- */
#define CK_CONSUMER_GROUP_DESCRIBE_RESPONSE_MIN_VERSION 0
#define CK_CONSUMER_GROUP_DESCRIBE_RESPONSE_MAX_VERSION 0
typedef struct ck_ConsumerGroupDescribeResponse_TopicPartitions ck_ConsumerGroupDescribeResponse_TopicPartitions;
typedef struct ck_ConsumerGroupDescribeResponse_TopicPartitions_array { int32_t n; ck_ConsumerGroupDescribeResponse_TopicPartitions *a; } ck_ConsumerGroupDescribeResponse_TopicPartitions_array;
typedef struct ck_ConsumerGroupDescribeResponse_Assignment ck_ConsumerGroupDescribeResponse_Assignment;
typedef struct ck_ConsumerGroupDescribeResponse_Assignment_array { int32_t n; ck_ConsumerGroupDescribeResponse_Assignment *a; } ck_ConsumerGroupDescribeResponse_Assignment_array;
typedef struct ck_ConsumerGroupDescribeResponse_Member ck_ConsumerGroupDescribeResponse_Member;
typedef struct ck_ConsumerGroupDescribeResponse_Member_array { int32_t n; ck_ConsumerGroupDescribeResponse_Member *a; } ck_ConsumerGroupDescribeResponse_Member_array;
typedef struct ck_ConsumerGroupDescribeResponse_DescribedGroup ck_ConsumerGroupDescribeResponse_DescribedGroup;
typedef struct ck_ConsumerGroupDescribeResponse_DescribedGroup_array { int32_t n; ck_ConsumerGroupDescribeResponse_DescribedGroup *a; } ck_ConsumerGroupDescribeResponse_DescribedGroup_array;
typedef struct ck_ConsumerGroupDescribeResponse ck_ConsumerGroupDescribeResponse;
struct ck_ConsumerGroupDescribeResponse_TopicPartitions {
    uint8_t TopicId[16];                     /* v0+ */
    ck_str TopicName;                        /* v0+ */
    ck_int32_array Partitions;               /* v0+ */
};
struct ck_ConsumerGroupDescribeResponse_Assignment {
    ck_ConsumerGroupDescribeResponse_TopicPartitions_array TopicPartitions; /* v0+ */
};
struct ck_ConsumerGroupDescribeResponse_Member {
    ck_str MemberId;                         /* v0+ */
    ck_str InstanceId;                       /* v0+, nullable 0+, default null */
    ck_str RackId;                           /* v0+, nullable 0+, default null */
    int32_t MemberEpoch;                     /* v0+ */
    ck_str ClientId;                         /* v0+ */
    ck_str ClientHost;                       /* v0+ */
    ck_str_array SubscribedTopicNames;       /* v0+ */
    ck_str SubscribedTopicRegex;             /* v0+, nullable 0+, default null */
    ck_ConsumerGroupDescribeResponse_Assignment Assignment; /* v0+ */
    ck_ConsumerGroupDescribeResponse_Assignment TargetAssignment; /* v0+ */
};
struct ck_ConsumerGroupDescribeResponse_DescribedGroup {
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+, default null */
    ck_str GroupId;                          /* v0+ */
    ck_str GroupState;                       /* v0+ */
    int32_t GroupEpoch;                      /* v0+ */
    int32_t AssignmentEpoch;                 /* v0+ */
    ck_str AssignorName;                     /* v0+ */
    ck_ConsumerGroupDescribeResponse_Member_array Members; /* v0+ */
    int32_t AuthorizedOperations;            /* v0+, default -2147483648 */
};
struct ck_ConsumerGroupDescribeResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_ConsumerGroupDescribeResponse_DescribedGroup_array Groups; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ConsumerGroupDescribeResponse_TopicPartitions_init(ck_ConsumerGroupDescribeResponse_TopicPartitions *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ConsumerGroupDescribeResponse_TopicPartitions *ck_ConsumerGroupDescribeResponse_TopicPartitions_array_alloc(ck_arena *a, ck_ConsumerGroupDescribeResponse_TopicPartitions_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ConsumerGroupDescribeResponse_Assignment_init(ck_ConsumerGroupDescribeResponse_Assignment *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ConsumerGroupDescribeResponse_Assignment *ck_ConsumerGroupDescribeResponse_Assignment_array_alloc(ck_arena *a, ck_ConsumerGroupDescribeResponse_Assignment_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ConsumerGroupDescribeResponse_Member_init(ck_ConsumerGroupDescribeResponse_Member *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ConsumerGroupDescribeResponse_Member *ck_ConsumerGroupDescribeResponse_Member_array_alloc(ck_arena *a, ck_ConsumerGroupDescribeResponse_Member_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ConsumerGroupDescribeResponse_DescribedGroup_init(ck_ConsumerGroupDescribeResponse_DescribedGroup *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ConsumerGroupDescribeResponse_DescribedGroup *ck_ConsumerGroupDescribeResponse_DescribedGroup_array_alloc(ck_arena *a, ck_ConsumerGroupDescribeResponse_DescribedGroup_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ConsumerGroupDescribeResponse_init(ck_ConsumerGroupDescribeResponse *m);
/** @brief Decodes one ConsumerGroupDescribeResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ConsumerGroupDescribeResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ConsumerGroupDescribeResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ConsumerGroupDescribeResponse_encode(ck_wb *wb, int16_t version, const ck_ConsumerGroupDescribeResponse *m);

/* ---- GetTelemetrySubscriptionsRequest (request key 71, versions 0-0, flexible 0+) ---- */
#define CK_GET_TELEMETRY_SUBSCRIPTIONS_REQUEST_MIN_VERSION 0
#define CK_GET_TELEMETRY_SUBSCRIPTIONS_REQUEST_MAX_VERSION 0
typedef struct ck_GetTelemetrySubscriptionsRequest ck_GetTelemetrySubscriptionsRequest;
struct ck_GetTelemetrySubscriptionsRequest {
    uint8_t ClientInstanceId[16];            /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_GetTelemetrySubscriptionsRequest_init(ck_GetTelemetrySubscriptionsRequest *m);
/** @brief Decodes one GetTelemetrySubscriptionsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_GetTelemetrySubscriptionsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_GetTelemetrySubscriptionsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_GetTelemetrySubscriptionsRequest_encode(ck_wb *wb, int16_t version, const ck_GetTelemetrySubscriptionsRequest *m);

/* ---- GetTelemetrySubscriptionsResponse (response key 71, versions 0-0, flexible 0+) ---- */
#define CK_GET_TELEMETRY_SUBSCRIPTIONS_RESPONSE_MIN_VERSION 0
#define CK_GET_TELEMETRY_SUBSCRIPTIONS_RESPONSE_MAX_VERSION 0
typedef struct ck_GetTelemetrySubscriptionsResponse ck_GetTelemetrySubscriptionsResponse;
struct ck_GetTelemetrySubscriptionsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    uint8_t ClientInstanceId[16];            /* v0+ */
    int32_t SubscriptionId;                  /* v0+ */
    ck_int8_array AcceptedCompressionTypes;  /* v0+ */
    int32_t PushIntervalMs;                  /* v0+ */
    int32_t TelemetryMaxBytes;               /* v0+ */
    bool DeltaTemporality;                   /* v0+ */
    ck_str_array RequestedMetrics;           /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_GetTelemetrySubscriptionsResponse_init(ck_GetTelemetrySubscriptionsResponse *m);
/** @brief Decodes one GetTelemetrySubscriptionsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_GetTelemetrySubscriptionsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_GetTelemetrySubscriptionsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_GetTelemetrySubscriptionsResponse_encode(ck_wb *wb, int16_t version, const ck_GetTelemetrySubscriptionsResponse *m);

/* ---- PushTelemetryRequest (request key 72, versions 0-0, flexible 0+) ---- */
#define CK_PUSH_TELEMETRY_REQUEST_MIN_VERSION 0
#define CK_PUSH_TELEMETRY_REQUEST_MAX_VERSION 0
typedef struct ck_PushTelemetryRequest ck_PushTelemetryRequest;
struct ck_PushTelemetryRequest {
    uint8_t ClientInstanceId[16];            /* v0+ */
    int32_t SubscriptionId;                  /* v0+ */
    bool Terminating;                        /* v0+ */
    int8_t CompressionType;                  /* v0+ */
    ck_bytes Metrics;                        /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_PushTelemetryRequest_init(ck_PushTelemetryRequest *m);
/** @brief Decodes one PushTelemetryRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_PushTelemetryRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_PushTelemetryRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_PushTelemetryRequest_encode(ck_wb *wb, int16_t version, const ck_PushTelemetryRequest *m);

/* ---- PushTelemetryResponse (response key 72, versions 0-0, flexible 0+) ---- */
#define CK_PUSH_TELEMETRY_RESPONSE_MIN_VERSION 0
#define CK_PUSH_TELEMETRY_RESPONSE_MAX_VERSION 0
typedef struct ck_PushTelemetryResponse ck_PushTelemetryResponse;
struct ck_PushTelemetryResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_PushTelemetryResponse_init(ck_PushTelemetryResponse *m);
/** @brief Decodes one PushTelemetryResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_PushTelemetryResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_PushTelemetryResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_PushTelemetryResponse_encode(ck_wb *wb, int16_t version, const ck_PushTelemetryResponse *m);

/* ---- ListClientMetricsResourcesRequest (request key 74, versions 0-0, flexible 0+) ---- */
#define CK_LIST_CLIENT_METRICS_RESOURCES_REQUEST_MIN_VERSION 0
#define CK_LIST_CLIENT_METRICS_RESOURCES_REQUEST_MAX_VERSION 0
typedef struct ck_ListClientMetricsResourcesRequest ck_ListClientMetricsResourcesRequest;
struct ck_ListClientMetricsResourcesRequest {
    char _unused; /* no fields */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ListClientMetricsResourcesRequest_init(ck_ListClientMetricsResourcesRequest *m);
/** @brief Decodes one ListClientMetricsResourcesRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ListClientMetricsResourcesRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ListClientMetricsResourcesRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ListClientMetricsResourcesRequest_encode(ck_wb *wb, int16_t version, const ck_ListClientMetricsResourcesRequest *m);

/* ---- ListClientMetricsResourcesResponse (response key 74, versions 0-0, flexible 0+) ---- */
#define CK_LIST_CLIENT_METRICS_RESOURCES_RESPONSE_MIN_VERSION 0
#define CK_LIST_CLIENT_METRICS_RESOURCES_RESPONSE_MAX_VERSION 0
typedef struct ck_ListClientMetricsResourcesResponse_ClientMetricsResource ck_ListClientMetricsResourcesResponse_ClientMetricsResource;
typedef struct ck_ListClientMetricsResourcesResponse_ClientMetricsResource_array { int32_t n; ck_ListClientMetricsResourcesResponse_ClientMetricsResource *a; } ck_ListClientMetricsResourcesResponse_ClientMetricsResource_array;
typedef struct ck_ListClientMetricsResourcesResponse ck_ListClientMetricsResourcesResponse;
struct ck_ListClientMetricsResourcesResponse_ClientMetricsResource {
    ck_str Name;                             /* v0+ */
};
struct ck_ListClientMetricsResourcesResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_ListClientMetricsResourcesResponse_ClientMetricsResource_array ClientMetricsResources; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ListClientMetricsResourcesResponse_ClientMetricsResource_init(ck_ListClientMetricsResourcesResponse_ClientMetricsResource *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ListClientMetricsResourcesResponse_ClientMetricsResource *ck_ListClientMetricsResourcesResponse_ClientMetricsResource_array_alloc(ck_arena *a, ck_ListClientMetricsResourcesResponse_ClientMetricsResource_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ListClientMetricsResourcesResponse_init(ck_ListClientMetricsResourcesResponse *m);
/** @brief Decodes one ListClientMetricsResourcesResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ListClientMetricsResourcesResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ListClientMetricsResourcesResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ListClientMetricsResourcesResponse_encode(ck_wb *wb, int16_t version, const ck_ListClientMetricsResourcesResponse *m);

/* ---- DescribeTopicPartitionsRequest (request key 75, versions 0-0, flexible 0+) ---- */
#define CK_DESCRIBE_TOPIC_PARTITIONS_REQUEST_MIN_VERSION 0
#define CK_DESCRIBE_TOPIC_PARTITIONS_REQUEST_MAX_VERSION 0
typedef struct ck_DescribeTopicPartitionsRequest_TopicRequest ck_DescribeTopicPartitionsRequest_TopicRequest;
typedef struct ck_DescribeTopicPartitionsRequest_TopicRequest_array { int32_t n; ck_DescribeTopicPartitionsRequest_TopicRequest *a; } ck_DescribeTopicPartitionsRequest_TopicRequest_array;
typedef struct ck_DescribeTopicPartitionsRequest_Cursor ck_DescribeTopicPartitionsRequest_Cursor;
typedef struct ck_DescribeTopicPartitionsRequest_Cursor_array { int32_t n; ck_DescribeTopicPartitionsRequest_Cursor *a; } ck_DescribeTopicPartitionsRequest_Cursor_array;
typedef struct ck_DescribeTopicPartitionsRequest ck_DescribeTopicPartitionsRequest;
struct ck_DescribeTopicPartitionsRequest_TopicRequest {
    ck_str Name;                             /* v0+ */
};
struct ck_DescribeTopicPartitionsRequest_Cursor {
    ck_str TopicName;                        /* v0+ */
    int32_t PartitionIndex;                  /* v0+ */
};
struct ck_DescribeTopicPartitionsRequest {
    ck_DescribeTopicPartitionsRequest_TopicRequest_array Topics; /* v0+ */
    int32_t ResponsePartitionLimit;          /* v0+, default 2000 */
    ck_DescribeTopicPartitionsRequest_Cursor *Cursor; /* v0+, nullable 0+, default null */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeTopicPartitionsRequest_TopicRequest_init(ck_DescribeTopicPartitionsRequest_TopicRequest *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeTopicPartitionsRequest_TopicRequest *ck_DescribeTopicPartitionsRequest_TopicRequest_array_alloc(ck_arena *a, ck_DescribeTopicPartitionsRequest_TopicRequest_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeTopicPartitionsRequest_Cursor_init(ck_DescribeTopicPartitionsRequest_Cursor *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeTopicPartitionsRequest_Cursor *ck_DescribeTopicPartitionsRequest_Cursor_array_alloc(ck_arena *a, ck_DescribeTopicPartitionsRequest_Cursor_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeTopicPartitionsRequest_init(ck_DescribeTopicPartitionsRequest *m);
/** @brief Decodes one DescribeTopicPartitionsRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeTopicPartitionsRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeTopicPartitionsRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeTopicPartitionsRequest_encode(ck_wb *wb, int16_t version, const ck_DescribeTopicPartitionsRequest *m);

/* ---- DescribeTopicPartitionsResponse (response key 75, versions 0-0, flexible 0+) ---- */
#define CK_DESCRIBE_TOPIC_PARTITIONS_RESPONSE_MIN_VERSION 0
#define CK_DESCRIBE_TOPIC_PARTITIONS_RESPONSE_MAX_VERSION 0
typedef struct ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponsePartition ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponsePartition;
typedef struct ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponsePartition_array { int32_t n; ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponsePartition *a; } ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponsePartition_array;
typedef struct ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponseTopic ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponseTopic;
typedef struct ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponseTopic_array { int32_t n; ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponseTopic *a; } ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponseTopic_array;
typedef struct ck_DescribeTopicPartitionsResponse_Cursor ck_DescribeTopicPartitionsResponse_Cursor;
typedef struct ck_DescribeTopicPartitionsResponse_Cursor_array { int32_t n; ck_DescribeTopicPartitionsResponse_Cursor *a; } ck_DescribeTopicPartitionsResponse_Cursor_array;
typedef struct ck_DescribeTopicPartitionsResponse ck_DescribeTopicPartitionsResponse;
struct ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponsePartition {
    int16_t ErrorCode;                       /* v0+ */
    int32_t PartitionIndex;                  /* v0+ */
    int32_t LeaderId;                        /* v0+ */
    int32_t LeaderEpoch;                     /* v0+, default -1 */
    ck_int32_array ReplicaNodes;             /* v0+ */
    ck_int32_array IsrNodes;                 /* v0+ */
    ck_int32_array EligibleLeaderReplicas;   /* v0+, nullable 0+, default null */
    ck_int32_array LastKnownElr;             /* v0+, nullable 0+, default null */
    ck_int32_array OfflineReplicas;          /* v0+ */
};
struct ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponseTopic {
    int16_t ErrorCode;                       /* v0+ */
    ck_str Name;                             /* v0+, nullable 0+ */
    uint8_t TopicId[16];                     /* v0+ */
    bool IsInternal;                         /* v0+, default false */
    ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponsePartition_array Partitions; /* v0+ */
    int32_t TopicAuthorizedOperations;       /* v0+, default -2147483648 */
};
struct ck_DescribeTopicPartitionsResponse_Cursor {
    ck_str TopicName;                        /* v0+ */
    int32_t PartitionIndex;                  /* v0+ */
};
struct ck_DescribeTopicPartitionsResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponseTopic_array Topics; /* v0+ */
    ck_DescribeTopicPartitionsResponse_Cursor *NextCursor; /* v0+, nullable 0+, default null */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponsePartition_init(ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponsePartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponsePartition *ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponsePartition_array_alloc(ck_arena *a, ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponsePartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponseTopic_init(ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponseTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponseTopic *ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponseTopic_array_alloc(ck_arena *a, ck_DescribeTopicPartitionsResponse_DescribeTopicPartitionsResponseTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeTopicPartitionsResponse_Cursor_init(ck_DescribeTopicPartitionsResponse_Cursor *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DescribeTopicPartitionsResponse_Cursor *ck_DescribeTopicPartitionsResponse_Cursor_array_alloc(ck_arena *a, ck_DescribeTopicPartitionsResponse_Cursor_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DescribeTopicPartitionsResponse_init(ck_DescribeTopicPartitionsResponse *m);
/** @brief Decodes one DescribeTopicPartitionsResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DescribeTopicPartitionsResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DescribeTopicPartitionsResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DescribeTopicPartitionsResponse_encode(ck_wb *wb, int16_t version, const ck_DescribeTopicPartitionsResponse *m);

/* ---- ShareGroupHeartbeatRequest (request key 76, versions 0-0, flexible 0+) ---- */
#define CK_SHARE_GROUP_HEARTBEAT_REQUEST_MIN_VERSION 0
#define CK_SHARE_GROUP_HEARTBEAT_REQUEST_MAX_VERSION 0
typedef struct ck_ShareGroupHeartbeatRequest ck_ShareGroupHeartbeatRequest;
struct ck_ShareGroupHeartbeatRequest {
    ck_str GroupId;                          /* v0+ */
    ck_str MemberId;                         /* v0+ */
    int32_t MemberEpoch;                     /* v0+ */
    ck_str RackId;                           /* v0+, nullable 0+, default null */
    ck_str_array SubscribedTopicNames;       /* v0+, nullable 0+, default null */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ShareGroupHeartbeatRequest_init(ck_ShareGroupHeartbeatRequest *m);
/** @brief Decodes one ShareGroupHeartbeatRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ShareGroupHeartbeatRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ShareGroupHeartbeatRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ShareGroupHeartbeatRequest_encode(ck_wb *wb, int16_t version, const ck_ShareGroupHeartbeatRequest *m);

/* ---- ShareGroupHeartbeatResponse (response key 76, versions 0-0, flexible 0+) ---- */
#define CK_SHARE_GROUP_HEARTBEAT_RESPONSE_MIN_VERSION 0
#define CK_SHARE_GROUP_HEARTBEAT_RESPONSE_MAX_VERSION 0
typedef struct ck_ShareGroupHeartbeatResponse_TopicPartitions ck_ShareGroupHeartbeatResponse_TopicPartitions;
typedef struct ck_ShareGroupHeartbeatResponse_TopicPartitions_array { int32_t n; ck_ShareGroupHeartbeatResponse_TopicPartitions *a; } ck_ShareGroupHeartbeatResponse_TopicPartitions_array;
typedef struct ck_ShareGroupHeartbeatResponse_Assignment ck_ShareGroupHeartbeatResponse_Assignment;
typedef struct ck_ShareGroupHeartbeatResponse_Assignment_array { int32_t n; ck_ShareGroupHeartbeatResponse_Assignment *a; } ck_ShareGroupHeartbeatResponse_Assignment_array;
typedef struct ck_ShareGroupHeartbeatResponse ck_ShareGroupHeartbeatResponse;
struct ck_ShareGroupHeartbeatResponse_TopicPartitions {
    uint8_t TopicId[16];                     /* v0+ */
    ck_int32_array Partitions;               /* v0+ */
};
struct ck_ShareGroupHeartbeatResponse_Assignment {
    ck_ShareGroupHeartbeatResponse_TopicPartitions_array TopicPartitions; /* v0+ */
};
struct ck_ShareGroupHeartbeatResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+, default null */
    ck_str MemberId;                         /* v0+, nullable 0+, default null */
    int32_t MemberEpoch;                     /* v0+ */
    int32_t HeartbeatIntervalMs;             /* v0+ */
    ck_ShareGroupHeartbeatResponse_Assignment *Assignment; /* v0+, nullable 0+, default null */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ShareGroupHeartbeatResponse_TopicPartitions_init(ck_ShareGroupHeartbeatResponse_TopicPartitions *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareGroupHeartbeatResponse_TopicPartitions *ck_ShareGroupHeartbeatResponse_TopicPartitions_array_alloc(ck_arena *a, ck_ShareGroupHeartbeatResponse_TopicPartitions_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareGroupHeartbeatResponse_Assignment_init(ck_ShareGroupHeartbeatResponse_Assignment *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareGroupHeartbeatResponse_Assignment *ck_ShareGroupHeartbeatResponse_Assignment_array_alloc(ck_arena *a, ck_ShareGroupHeartbeatResponse_Assignment_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareGroupHeartbeatResponse_init(ck_ShareGroupHeartbeatResponse *m);
/** @brief Decodes one ShareGroupHeartbeatResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ShareGroupHeartbeatResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ShareGroupHeartbeatResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ShareGroupHeartbeatResponse_encode(ck_wb *wb, int16_t version, const ck_ShareGroupHeartbeatResponse *m);

/* ---- ShareGroupDescribeRequest (request key 77, versions 0-0, flexible 0+) ---- */
#define CK_SHARE_GROUP_DESCRIBE_REQUEST_MIN_VERSION 0
#define CK_SHARE_GROUP_DESCRIBE_REQUEST_MAX_VERSION 0
typedef struct ck_ShareGroupDescribeRequest ck_ShareGroupDescribeRequest;
struct ck_ShareGroupDescribeRequest {
    ck_str_array GroupIds;                   /* v0+ */
    bool IncludeAuthorizedOperations;        /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ShareGroupDescribeRequest_init(ck_ShareGroupDescribeRequest *m);
/** @brief Decodes one ShareGroupDescribeRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ShareGroupDescribeRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ShareGroupDescribeRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ShareGroupDescribeRequest_encode(ck_wb *wb, int16_t version, const ck_ShareGroupDescribeRequest *m);

/* ---- ShareGroupDescribeResponse (response key 77, versions 0-0, flexible 0+) ---- */
#define CK_SHARE_GROUP_DESCRIBE_RESPONSE_MIN_VERSION 0
#define CK_SHARE_GROUP_DESCRIBE_RESPONSE_MAX_VERSION 0
typedef struct ck_ShareGroupDescribeResponse_TopicPartitions ck_ShareGroupDescribeResponse_TopicPartitions;
typedef struct ck_ShareGroupDescribeResponse_TopicPartitions_array { int32_t n; ck_ShareGroupDescribeResponse_TopicPartitions *a; } ck_ShareGroupDescribeResponse_TopicPartitions_array;
typedef struct ck_ShareGroupDescribeResponse_Assignment ck_ShareGroupDescribeResponse_Assignment;
typedef struct ck_ShareGroupDescribeResponse_Assignment_array { int32_t n; ck_ShareGroupDescribeResponse_Assignment *a; } ck_ShareGroupDescribeResponse_Assignment_array;
typedef struct ck_ShareGroupDescribeResponse_Member ck_ShareGroupDescribeResponse_Member;
typedef struct ck_ShareGroupDescribeResponse_Member_array { int32_t n; ck_ShareGroupDescribeResponse_Member *a; } ck_ShareGroupDescribeResponse_Member_array;
typedef struct ck_ShareGroupDescribeResponse_DescribedGroup ck_ShareGroupDescribeResponse_DescribedGroup;
typedef struct ck_ShareGroupDescribeResponse_DescribedGroup_array { int32_t n; ck_ShareGroupDescribeResponse_DescribedGroup *a; } ck_ShareGroupDescribeResponse_DescribedGroup_array;
typedef struct ck_ShareGroupDescribeResponse ck_ShareGroupDescribeResponse;
struct ck_ShareGroupDescribeResponse_TopicPartitions {
    uint8_t TopicId[16];                     /* v0+ */
    ck_str TopicName;                        /* v0+ */
    ck_int32_array Partitions;               /* v0+ */
};
struct ck_ShareGroupDescribeResponse_Assignment {
    ck_ShareGroupDescribeResponse_TopicPartitions_array TopicPartitions; /* v0+ */
};
struct ck_ShareGroupDescribeResponse_Member {
    ck_str MemberId;                         /* v0+ */
    ck_str RackId;                           /* v0+, nullable 0+, default null */
    int32_t MemberEpoch;                     /* v0+ */
    ck_str ClientId;                         /* v0+ */
    ck_str ClientHost;                       /* v0+ */
    ck_str_array SubscribedTopicNames;       /* v0+ */
    ck_ShareGroupDescribeResponse_Assignment Assignment; /* v0+ */
};
struct ck_ShareGroupDescribeResponse_DescribedGroup {
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+, default null */
    ck_str GroupId;                          /* v0+ */
    ck_str GroupState;                       /* v0+ */
    int32_t GroupEpoch;                      /* v0+ */
    int32_t AssignmentEpoch;                 /* v0+ */
    ck_str AssignorName;                     /* v0+ */
    ck_ShareGroupDescribeResponse_Member_array Members; /* v0+ */
    int32_t AuthorizedOperations;            /* v0+, default -2147483648 */
};
struct ck_ShareGroupDescribeResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    ck_ShareGroupDescribeResponse_DescribedGroup_array Groups; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ShareGroupDescribeResponse_TopicPartitions_init(ck_ShareGroupDescribeResponse_TopicPartitions *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareGroupDescribeResponse_TopicPartitions *ck_ShareGroupDescribeResponse_TopicPartitions_array_alloc(ck_arena *a, ck_ShareGroupDescribeResponse_TopicPartitions_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareGroupDescribeResponse_Assignment_init(ck_ShareGroupDescribeResponse_Assignment *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareGroupDescribeResponse_Assignment *ck_ShareGroupDescribeResponse_Assignment_array_alloc(ck_arena *a, ck_ShareGroupDescribeResponse_Assignment_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareGroupDescribeResponse_Member_init(ck_ShareGroupDescribeResponse_Member *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareGroupDescribeResponse_Member *ck_ShareGroupDescribeResponse_Member_array_alloc(ck_arena *a, ck_ShareGroupDescribeResponse_Member_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareGroupDescribeResponse_DescribedGroup_init(ck_ShareGroupDescribeResponse_DescribedGroup *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareGroupDescribeResponse_DescribedGroup *ck_ShareGroupDescribeResponse_DescribedGroup_array_alloc(ck_arena *a, ck_ShareGroupDescribeResponse_DescribedGroup_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareGroupDescribeResponse_init(ck_ShareGroupDescribeResponse *m);
/** @brief Decodes one ShareGroupDescribeResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ShareGroupDescribeResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ShareGroupDescribeResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ShareGroupDescribeResponse_encode(ck_wb *wb, int16_t version, const ck_ShareGroupDescribeResponse *m);

/* ---- ShareFetchRequest (request key 78, versions 0-0, flexible 0+) ---- */
#define CK_SHARE_FETCH_REQUEST_MIN_VERSION 0
#define CK_SHARE_FETCH_REQUEST_MAX_VERSION 0
typedef struct ck_ShareFetchRequest_AcknowledgementBatch ck_ShareFetchRequest_AcknowledgementBatch;
typedef struct ck_ShareFetchRequest_AcknowledgementBatch_array { int32_t n; ck_ShareFetchRequest_AcknowledgementBatch *a; } ck_ShareFetchRequest_AcknowledgementBatch_array;
typedef struct ck_ShareFetchRequest_FetchPartition ck_ShareFetchRequest_FetchPartition;
typedef struct ck_ShareFetchRequest_FetchPartition_array { int32_t n; ck_ShareFetchRequest_FetchPartition *a; } ck_ShareFetchRequest_FetchPartition_array;
typedef struct ck_ShareFetchRequest_FetchTopic ck_ShareFetchRequest_FetchTopic;
typedef struct ck_ShareFetchRequest_FetchTopic_array { int32_t n; ck_ShareFetchRequest_FetchTopic *a; } ck_ShareFetchRequest_FetchTopic_array;
typedef struct ck_ShareFetchRequest_ForgottenTopic ck_ShareFetchRequest_ForgottenTopic;
typedef struct ck_ShareFetchRequest_ForgottenTopic_array { int32_t n; ck_ShareFetchRequest_ForgottenTopic *a; } ck_ShareFetchRequest_ForgottenTopic_array;
typedef struct ck_ShareFetchRequest ck_ShareFetchRequest;
struct ck_ShareFetchRequest_AcknowledgementBatch {
    int64_t FirstOffset;                     /* v0+ */
    int64_t LastOffset;                      /* v0+ */
    ck_int8_array AcknowledgeTypes;          /* v0+ */
};
struct ck_ShareFetchRequest_FetchPartition {
    int32_t PartitionIndex;                  /* v0+ */
    int32_t PartitionMaxBytes;               /* v0+ */
    ck_ShareFetchRequest_AcknowledgementBatch_array AcknowledgementBatches; /* v0+ */
};
struct ck_ShareFetchRequest_FetchTopic {
    uint8_t TopicId[16];                     /* v0+ */
    ck_ShareFetchRequest_FetchPartition_array Partitions; /* v0+ */
};
struct ck_ShareFetchRequest_ForgottenTopic {
    uint8_t TopicId[16];                     /* v0+ */
    ck_int32_array Partitions;               /* v0+ */
};
struct ck_ShareFetchRequest {
    ck_str GroupId;                          /* v0+, nullable 0+, default null */
    ck_str MemberId;                         /* v0+, nullable 0+ */
    int32_t ShareSessionEpoch;               /* v0+ */
    int32_t MaxWaitMs;                       /* v0+ */
    int32_t MinBytes;                        /* v0+ */
    int32_t MaxBytes;                        /* v0+, default 0x7fffffff */
    ck_ShareFetchRequest_FetchTopic_array Topics; /* v0+ */
    ck_ShareFetchRequest_ForgottenTopic_array ForgottenTopicsData; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ShareFetchRequest_AcknowledgementBatch_init(ck_ShareFetchRequest_AcknowledgementBatch *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareFetchRequest_AcknowledgementBatch *ck_ShareFetchRequest_AcknowledgementBatch_array_alloc(ck_arena *a, ck_ShareFetchRequest_AcknowledgementBatch_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareFetchRequest_FetchPartition_init(ck_ShareFetchRequest_FetchPartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareFetchRequest_FetchPartition *ck_ShareFetchRequest_FetchPartition_array_alloc(ck_arena *a, ck_ShareFetchRequest_FetchPartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareFetchRequest_FetchTopic_init(ck_ShareFetchRequest_FetchTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareFetchRequest_FetchTopic *ck_ShareFetchRequest_FetchTopic_array_alloc(ck_arena *a, ck_ShareFetchRequest_FetchTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareFetchRequest_ForgottenTopic_init(ck_ShareFetchRequest_ForgottenTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareFetchRequest_ForgottenTopic *ck_ShareFetchRequest_ForgottenTopic_array_alloc(ck_arena *a, ck_ShareFetchRequest_ForgottenTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareFetchRequest_init(ck_ShareFetchRequest *m);
/** @brief Decodes one ShareFetchRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ShareFetchRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ShareFetchRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ShareFetchRequest_encode(ck_wb *wb, int16_t version, const ck_ShareFetchRequest *m);

/* ---- ShareFetchResponse (response key 78, versions 0-0, flexible 0+) ---- */
#define CK_SHARE_FETCH_RESPONSE_MIN_VERSION 0
#define CK_SHARE_FETCH_RESPONSE_MAX_VERSION 0
typedef struct ck_ShareFetchResponse_LeaderIdAndEpoch ck_ShareFetchResponse_LeaderIdAndEpoch;
typedef struct ck_ShareFetchResponse_LeaderIdAndEpoch_array { int32_t n; ck_ShareFetchResponse_LeaderIdAndEpoch *a; } ck_ShareFetchResponse_LeaderIdAndEpoch_array;
typedef struct ck_ShareFetchResponse_AcquiredRecords ck_ShareFetchResponse_AcquiredRecords;
typedef struct ck_ShareFetchResponse_AcquiredRecords_array { int32_t n; ck_ShareFetchResponse_AcquiredRecords *a; } ck_ShareFetchResponse_AcquiredRecords_array;
typedef struct ck_ShareFetchResponse_PartitionData ck_ShareFetchResponse_PartitionData;
typedef struct ck_ShareFetchResponse_PartitionData_array { int32_t n; ck_ShareFetchResponse_PartitionData *a; } ck_ShareFetchResponse_PartitionData_array;
typedef struct ck_ShareFetchResponse_ShareFetchableTopicResponse ck_ShareFetchResponse_ShareFetchableTopicResponse;
typedef struct ck_ShareFetchResponse_ShareFetchableTopicResponse_array { int32_t n; ck_ShareFetchResponse_ShareFetchableTopicResponse *a; } ck_ShareFetchResponse_ShareFetchableTopicResponse_array;
typedef struct ck_ShareFetchResponse_NodeEndpoint ck_ShareFetchResponse_NodeEndpoint;
typedef struct ck_ShareFetchResponse_NodeEndpoint_array { int32_t n; ck_ShareFetchResponse_NodeEndpoint *a; } ck_ShareFetchResponse_NodeEndpoint_array;
typedef struct ck_ShareFetchResponse ck_ShareFetchResponse;
struct ck_ShareFetchResponse_LeaderIdAndEpoch {
    int32_t LeaderId;                        /* v0+ */
    int32_t LeaderEpoch;                     /* v0+ */
};
struct ck_ShareFetchResponse_AcquiredRecords {
    int64_t FirstOffset;                     /* v0+ */
    int64_t LastOffset;                      /* v0+ */
    int16_t DeliveryCount;                   /* v0+ */
};
struct ck_ShareFetchResponse_PartitionData {
    int32_t PartitionIndex;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+, default null */
    int16_t AcknowledgeErrorCode;            /* v0+ */
    ck_str AcknowledgeErrorMessage;          /* v0+, nullable 0+, default null */
    ck_ShareFetchResponse_LeaderIdAndEpoch CurrentLeader; /* v0+ */
    ck_records Records;                      /* v0+, nullable 0+ */
    ck_ShareFetchResponse_AcquiredRecords_array AcquiredRecords; /* v0+ */
};
struct ck_ShareFetchResponse_ShareFetchableTopicResponse {
    uint8_t TopicId[16];                     /* v0+ */
    ck_ShareFetchResponse_PartitionData_array Partitions; /* v0+ */
};
struct ck_ShareFetchResponse_NodeEndpoint {
    int32_t NodeId;                          /* v0+ */
    ck_str Host;                             /* v0+ */
    int32_t Port;                            /* v0+ */
    ck_str Rack;                             /* v0+, nullable 0+, default null */
};
struct ck_ShareFetchResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+, default null */
    ck_ShareFetchResponse_ShareFetchableTopicResponse_array Responses; /* v0+ */
    ck_ShareFetchResponse_NodeEndpoint_array NodeEndpoints; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ShareFetchResponse_LeaderIdAndEpoch_init(ck_ShareFetchResponse_LeaderIdAndEpoch *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareFetchResponse_LeaderIdAndEpoch *ck_ShareFetchResponse_LeaderIdAndEpoch_array_alloc(ck_arena *a, ck_ShareFetchResponse_LeaderIdAndEpoch_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareFetchResponse_AcquiredRecords_init(ck_ShareFetchResponse_AcquiredRecords *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareFetchResponse_AcquiredRecords *ck_ShareFetchResponse_AcquiredRecords_array_alloc(ck_arena *a, ck_ShareFetchResponse_AcquiredRecords_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareFetchResponse_PartitionData_init(ck_ShareFetchResponse_PartitionData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareFetchResponse_PartitionData *ck_ShareFetchResponse_PartitionData_array_alloc(ck_arena *a, ck_ShareFetchResponse_PartitionData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareFetchResponse_ShareFetchableTopicResponse_init(ck_ShareFetchResponse_ShareFetchableTopicResponse *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareFetchResponse_ShareFetchableTopicResponse *ck_ShareFetchResponse_ShareFetchableTopicResponse_array_alloc(ck_arena *a, ck_ShareFetchResponse_ShareFetchableTopicResponse_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareFetchResponse_NodeEndpoint_init(ck_ShareFetchResponse_NodeEndpoint *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareFetchResponse_NodeEndpoint *ck_ShareFetchResponse_NodeEndpoint_array_alloc(ck_arena *a, ck_ShareFetchResponse_NodeEndpoint_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareFetchResponse_init(ck_ShareFetchResponse *m);
/** @brief Decodes one ShareFetchResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ShareFetchResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ShareFetchResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ShareFetchResponse_encode(ck_wb *wb, int16_t version, const ck_ShareFetchResponse *m);

/* ---- ShareAcknowledgeRequest (request key 79, versions 0-0, flexible 0+) ---- */
#define CK_SHARE_ACKNOWLEDGE_REQUEST_MIN_VERSION 0
#define CK_SHARE_ACKNOWLEDGE_REQUEST_MAX_VERSION 0
typedef struct ck_ShareAcknowledgeRequest_AcknowledgementBatch ck_ShareAcknowledgeRequest_AcknowledgementBatch;
typedef struct ck_ShareAcknowledgeRequest_AcknowledgementBatch_array { int32_t n; ck_ShareAcknowledgeRequest_AcknowledgementBatch *a; } ck_ShareAcknowledgeRequest_AcknowledgementBatch_array;
typedef struct ck_ShareAcknowledgeRequest_AcknowledgePartition ck_ShareAcknowledgeRequest_AcknowledgePartition;
typedef struct ck_ShareAcknowledgeRequest_AcknowledgePartition_array { int32_t n; ck_ShareAcknowledgeRequest_AcknowledgePartition *a; } ck_ShareAcknowledgeRequest_AcknowledgePartition_array;
typedef struct ck_ShareAcknowledgeRequest_AcknowledgeTopic ck_ShareAcknowledgeRequest_AcknowledgeTopic;
typedef struct ck_ShareAcknowledgeRequest_AcknowledgeTopic_array { int32_t n; ck_ShareAcknowledgeRequest_AcknowledgeTopic *a; } ck_ShareAcknowledgeRequest_AcknowledgeTopic_array;
typedef struct ck_ShareAcknowledgeRequest ck_ShareAcknowledgeRequest;
struct ck_ShareAcknowledgeRequest_AcknowledgementBatch {
    int64_t FirstOffset;                     /* v0+ */
    int64_t LastOffset;                      /* v0+ */
    ck_int8_array AcknowledgeTypes;          /* v0+ */
};
struct ck_ShareAcknowledgeRequest_AcknowledgePartition {
    int32_t PartitionIndex;                  /* v0+ */
    ck_ShareAcknowledgeRequest_AcknowledgementBatch_array AcknowledgementBatches; /* v0+ */
};
struct ck_ShareAcknowledgeRequest_AcknowledgeTopic {
    uint8_t TopicId[16];                     /* v0+ */
    ck_ShareAcknowledgeRequest_AcknowledgePartition_array Partitions; /* v0+ */
};
struct ck_ShareAcknowledgeRequest {
    ck_str GroupId;                          /* v0+, nullable 0+, default null */
    ck_str MemberId;                         /* v0+, nullable 0+ */
    int32_t ShareSessionEpoch;               /* v0+ */
    ck_ShareAcknowledgeRequest_AcknowledgeTopic_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ShareAcknowledgeRequest_AcknowledgementBatch_init(ck_ShareAcknowledgeRequest_AcknowledgementBatch *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareAcknowledgeRequest_AcknowledgementBatch *ck_ShareAcknowledgeRequest_AcknowledgementBatch_array_alloc(ck_arena *a, ck_ShareAcknowledgeRequest_AcknowledgementBatch_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareAcknowledgeRequest_AcknowledgePartition_init(ck_ShareAcknowledgeRequest_AcknowledgePartition *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareAcknowledgeRequest_AcknowledgePartition *ck_ShareAcknowledgeRequest_AcknowledgePartition_array_alloc(ck_arena *a, ck_ShareAcknowledgeRequest_AcknowledgePartition_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareAcknowledgeRequest_AcknowledgeTopic_init(ck_ShareAcknowledgeRequest_AcknowledgeTopic *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareAcknowledgeRequest_AcknowledgeTopic *ck_ShareAcknowledgeRequest_AcknowledgeTopic_array_alloc(ck_arena *a, ck_ShareAcknowledgeRequest_AcknowledgeTopic_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareAcknowledgeRequest_init(ck_ShareAcknowledgeRequest *m);
/** @brief Decodes one ShareAcknowledgeRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ShareAcknowledgeRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ShareAcknowledgeRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ShareAcknowledgeRequest_encode(ck_wb *wb, int16_t version, const ck_ShareAcknowledgeRequest *m);

/* ---- ShareAcknowledgeResponse (response key 79, versions 0-0, flexible 0+) ---- */
#define CK_SHARE_ACKNOWLEDGE_RESPONSE_MIN_VERSION 0
#define CK_SHARE_ACKNOWLEDGE_RESPONSE_MAX_VERSION 0
typedef struct ck_ShareAcknowledgeResponse_LeaderIdAndEpoch ck_ShareAcknowledgeResponse_LeaderIdAndEpoch;
typedef struct ck_ShareAcknowledgeResponse_LeaderIdAndEpoch_array { int32_t n; ck_ShareAcknowledgeResponse_LeaderIdAndEpoch *a; } ck_ShareAcknowledgeResponse_LeaderIdAndEpoch_array;
typedef struct ck_ShareAcknowledgeResponse_PartitionData ck_ShareAcknowledgeResponse_PartitionData;
typedef struct ck_ShareAcknowledgeResponse_PartitionData_array { int32_t n; ck_ShareAcknowledgeResponse_PartitionData *a; } ck_ShareAcknowledgeResponse_PartitionData_array;
typedef struct ck_ShareAcknowledgeResponse_ShareAcknowledgeTopicResponse ck_ShareAcknowledgeResponse_ShareAcknowledgeTopicResponse;
typedef struct ck_ShareAcknowledgeResponse_ShareAcknowledgeTopicResponse_array { int32_t n; ck_ShareAcknowledgeResponse_ShareAcknowledgeTopicResponse *a; } ck_ShareAcknowledgeResponse_ShareAcknowledgeTopicResponse_array;
typedef struct ck_ShareAcknowledgeResponse_NodeEndpoint ck_ShareAcknowledgeResponse_NodeEndpoint;
typedef struct ck_ShareAcknowledgeResponse_NodeEndpoint_array { int32_t n; ck_ShareAcknowledgeResponse_NodeEndpoint *a; } ck_ShareAcknowledgeResponse_NodeEndpoint_array;
typedef struct ck_ShareAcknowledgeResponse ck_ShareAcknowledgeResponse;
struct ck_ShareAcknowledgeResponse_LeaderIdAndEpoch {
    int32_t LeaderId;                        /* v0+ */
    int32_t LeaderEpoch;                     /* v0+ */
};
struct ck_ShareAcknowledgeResponse_PartitionData {
    int32_t PartitionIndex;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+, default null */
    ck_ShareAcknowledgeResponse_LeaderIdAndEpoch CurrentLeader; /* v0+ */
};
struct ck_ShareAcknowledgeResponse_ShareAcknowledgeTopicResponse {
    uint8_t TopicId[16];                     /* v0+ */
    ck_ShareAcknowledgeResponse_PartitionData_array Partitions; /* v0+ */
};
struct ck_ShareAcknowledgeResponse_NodeEndpoint {
    int32_t NodeId;                          /* v0+ */
    ck_str Host;                             /* v0+ */
    int32_t Port;                            /* v0+ */
    ck_str Rack;                             /* v0+, nullable 0+, default null */
};
struct ck_ShareAcknowledgeResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+, default null */
    ck_ShareAcknowledgeResponse_ShareAcknowledgeTopicResponse_array Responses; /* v0+ */
    ck_ShareAcknowledgeResponse_NodeEndpoint_array NodeEndpoints; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ShareAcknowledgeResponse_LeaderIdAndEpoch_init(ck_ShareAcknowledgeResponse_LeaderIdAndEpoch *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareAcknowledgeResponse_LeaderIdAndEpoch *ck_ShareAcknowledgeResponse_LeaderIdAndEpoch_array_alloc(ck_arena *a, ck_ShareAcknowledgeResponse_LeaderIdAndEpoch_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareAcknowledgeResponse_PartitionData_init(ck_ShareAcknowledgeResponse_PartitionData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareAcknowledgeResponse_PartitionData *ck_ShareAcknowledgeResponse_PartitionData_array_alloc(ck_arena *a, ck_ShareAcknowledgeResponse_PartitionData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareAcknowledgeResponse_ShareAcknowledgeTopicResponse_init(ck_ShareAcknowledgeResponse_ShareAcknowledgeTopicResponse *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareAcknowledgeResponse_ShareAcknowledgeTopicResponse *ck_ShareAcknowledgeResponse_ShareAcknowledgeTopicResponse_array_alloc(ck_arena *a, ck_ShareAcknowledgeResponse_ShareAcknowledgeTopicResponse_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareAcknowledgeResponse_NodeEndpoint_init(ck_ShareAcknowledgeResponse_NodeEndpoint *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ShareAcknowledgeResponse_NodeEndpoint *ck_ShareAcknowledgeResponse_NodeEndpoint_array_alloc(ck_arena *a, ck_ShareAcknowledgeResponse_NodeEndpoint_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ShareAcknowledgeResponse_init(ck_ShareAcknowledgeResponse *m);
/** @brief Decodes one ShareAcknowledgeResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ShareAcknowledgeResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ShareAcknowledgeResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ShareAcknowledgeResponse_encode(ck_wb *wb, int16_t version, const ck_ShareAcknowledgeResponse *m);

/* ---- AddRaftVoterRequest (request key 80, versions 0-0, flexible 0+) ---- */
#define CK_ADD_RAFT_VOTER_REQUEST_MIN_VERSION 0
#define CK_ADD_RAFT_VOTER_REQUEST_MAX_VERSION 0
typedef struct ck_AddRaftVoterRequest_Listener ck_AddRaftVoterRequest_Listener;
typedef struct ck_AddRaftVoterRequest_Listener_array { int32_t n; ck_AddRaftVoterRequest_Listener *a; } ck_AddRaftVoterRequest_Listener_array;
typedef struct ck_AddRaftVoterRequest ck_AddRaftVoterRequest;
struct ck_AddRaftVoterRequest_Listener {
    ck_str Name;                             /* v0+ */
    ck_str Host;                             /* v0+ */
    uint16_t Port;                           /* v0+ */
};
struct ck_AddRaftVoterRequest {
    ck_str ClusterId;                        /* v0+, nullable 0+ */
    int32_t TimeoutMs;                       /* v0+ */
    int32_t VoterId;                         /* v0+ */
    uint8_t VoterDirectoryId[16];            /* v0+ */
    ck_AddRaftVoterRequest_Listener_array Listeners; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AddRaftVoterRequest_Listener_init(ck_AddRaftVoterRequest_Listener *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_AddRaftVoterRequest_Listener *ck_AddRaftVoterRequest_Listener_array_alloc(ck_arena *a, ck_AddRaftVoterRequest_Listener_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_AddRaftVoterRequest_init(ck_AddRaftVoterRequest *m);
/** @brief Decodes one AddRaftVoterRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AddRaftVoterRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AddRaftVoterRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AddRaftVoterRequest_encode(ck_wb *wb, int16_t version, const ck_AddRaftVoterRequest *m);

/* ---- AddRaftVoterResponse (response key 80, versions 0-0, flexible 0+) ---- */
#define CK_ADD_RAFT_VOTER_RESPONSE_MIN_VERSION 0
#define CK_ADD_RAFT_VOTER_RESPONSE_MAX_VERSION 0
typedef struct ck_AddRaftVoterResponse ck_AddRaftVoterResponse;
struct ck_AddRaftVoterResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_AddRaftVoterResponse_init(ck_AddRaftVoterResponse *m);
/** @brief Decodes one AddRaftVoterResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_AddRaftVoterResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_AddRaftVoterResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_AddRaftVoterResponse_encode(ck_wb *wb, int16_t version, const ck_AddRaftVoterResponse *m);

/* ---- RemoveRaftVoterRequest (request key 81, versions 0-0, flexible 0+) ---- */
#define CK_REMOVE_RAFT_VOTER_REQUEST_MIN_VERSION 0
#define CK_REMOVE_RAFT_VOTER_REQUEST_MAX_VERSION 0
typedef struct ck_RemoveRaftVoterRequest ck_RemoveRaftVoterRequest;
struct ck_RemoveRaftVoterRequest {
    ck_str ClusterId;                        /* v0+, nullable 0+ */
    int32_t VoterId;                         /* v0+ */
    uint8_t VoterDirectoryId[16];            /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_RemoveRaftVoterRequest_init(ck_RemoveRaftVoterRequest *m);
/** @brief Decodes one RemoveRaftVoterRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_RemoveRaftVoterRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_RemoveRaftVoterRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_RemoveRaftVoterRequest_encode(ck_wb *wb, int16_t version, const ck_RemoveRaftVoterRequest *m);

/* ---- RemoveRaftVoterResponse (response key 81, versions 0-0, flexible 0+) ---- */
#define CK_REMOVE_RAFT_VOTER_RESPONSE_MIN_VERSION 0
#define CK_REMOVE_RAFT_VOTER_RESPONSE_MAX_VERSION 0
typedef struct ck_RemoveRaftVoterResponse ck_RemoveRaftVoterResponse;
struct ck_RemoveRaftVoterResponse {
    int32_t ThrottleTimeMs;                  /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_RemoveRaftVoterResponse_init(ck_RemoveRaftVoterResponse *m);
/** @brief Decodes one RemoveRaftVoterResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_RemoveRaftVoterResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_RemoveRaftVoterResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_RemoveRaftVoterResponse_encode(ck_wb *wb, int16_t version, const ck_RemoveRaftVoterResponse *m);

/* ---- InitializeShareGroupStateRequest (request key 83, versions 0-0, flexible 0+) ---- */
#define CK_INITIALIZE_SHARE_GROUP_STATE_REQUEST_MIN_VERSION 0
#define CK_INITIALIZE_SHARE_GROUP_STATE_REQUEST_MAX_VERSION 0
typedef struct ck_InitializeShareGroupStateRequest_PartitionData ck_InitializeShareGroupStateRequest_PartitionData;
typedef struct ck_InitializeShareGroupStateRequest_PartitionData_array { int32_t n; ck_InitializeShareGroupStateRequest_PartitionData *a; } ck_InitializeShareGroupStateRequest_PartitionData_array;
typedef struct ck_InitializeShareGroupStateRequest_InitializeStateData ck_InitializeShareGroupStateRequest_InitializeStateData;
typedef struct ck_InitializeShareGroupStateRequest_InitializeStateData_array { int32_t n; ck_InitializeShareGroupStateRequest_InitializeStateData *a; } ck_InitializeShareGroupStateRequest_InitializeStateData_array;
typedef struct ck_InitializeShareGroupStateRequest ck_InitializeShareGroupStateRequest;
struct ck_InitializeShareGroupStateRequest_PartitionData {
    int32_t Partition;                       /* v0+ */
    int32_t StateEpoch;                      /* v0+ */
    int64_t StartOffset;                     /* v0+ */
};
struct ck_InitializeShareGroupStateRequest_InitializeStateData {
    uint8_t TopicId[16];                     /* v0+ */
    ck_InitializeShareGroupStateRequest_PartitionData_array Partitions; /* v0+ */
};
struct ck_InitializeShareGroupStateRequest {
    ck_str GroupId;                          /* v0+ */
    ck_InitializeShareGroupStateRequest_InitializeStateData_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_InitializeShareGroupStateRequest_PartitionData_init(ck_InitializeShareGroupStateRequest_PartitionData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_InitializeShareGroupStateRequest_PartitionData *ck_InitializeShareGroupStateRequest_PartitionData_array_alloc(ck_arena *a, ck_InitializeShareGroupStateRequest_PartitionData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_InitializeShareGroupStateRequest_InitializeStateData_init(ck_InitializeShareGroupStateRequest_InitializeStateData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_InitializeShareGroupStateRequest_InitializeStateData *ck_InitializeShareGroupStateRequest_InitializeStateData_array_alloc(ck_arena *a, ck_InitializeShareGroupStateRequest_InitializeStateData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_InitializeShareGroupStateRequest_init(ck_InitializeShareGroupStateRequest *m);
/** @brief Decodes one InitializeShareGroupStateRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_InitializeShareGroupStateRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_InitializeShareGroupStateRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_InitializeShareGroupStateRequest_encode(ck_wb *wb, int16_t version, const ck_InitializeShareGroupStateRequest *m);

/* ---- InitializeShareGroupStateResponse (response key 83, versions 0-0, flexible 0+) ---- */
#define CK_INITIALIZE_SHARE_GROUP_STATE_RESPONSE_MIN_VERSION 0
#define CK_INITIALIZE_SHARE_GROUP_STATE_RESPONSE_MAX_VERSION 0
typedef struct ck_InitializeShareGroupStateResponse_PartitionResult ck_InitializeShareGroupStateResponse_PartitionResult;
typedef struct ck_InitializeShareGroupStateResponse_PartitionResult_array { int32_t n; ck_InitializeShareGroupStateResponse_PartitionResult *a; } ck_InitializeShareGroupStateResponse_PartitionResult_array;
typedef struct ck_InitializeShareGroupStateResponse_InitializeStateResult ck_InitializeShareGroupStateResponse_InitializeStateResult;
typedef struct ck_InitializeShareGroupStateResponse_InitializeStateResult_array { int32_t n; ck_InitializeShareGroupStateResponse_InitializeStateResult *a; } ck_InitializeShareGroupStateResponse_InitializeStateResult_array;
typedef struct ck_InitializeShareGroupStateResponse ck_InitializeShareGroupStateResponse;
struct ck_InitializeShareGroupStateResponse_PartitionResult {
    int32_t Partition;                       /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+, default null */
};
struct ck_InitializeShareGroupStateResponse_InitializeStateResult {
    uint8_t TopicId[16];                     /* v0+ */
    ck_InitializeShareGroupStateResponse_PartitionResult_array Partitions; /* v0+ */
};
struct ck_InitializeShareGroupStateResponse {
    ck_InitializeShareGroupStateResponse_InitializeStateResult_array Results; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_InitializeShareGroupStateResponse_PartitionResult_init(ck_InitializeShareGroupStateResponse_PartitionResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_InitializeShareGroupStateResponse_PartitionResult *ck_InitializeShareGroupStateResponse_PartitionResult_array_alloc(ck_arena *a, ck_InitializeShareGroupStateResponse_PartitionResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_InitializeShareGroupStateResponse_InitializeStateResult_init(ck_InitializeShareGroupStateResponse_InitializeStateResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_InitializeShareGroupStateResponse_InitializeStateResult *ck_InitializeShareGroupStateResponse_InitializeStateResult_array_alloc(ck_arena *a, ck_InitializeShareGroupStateResponse_InitializeStateResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_InitializeShareGroupStateResponse_init(ck_InitializeShareGroupStateResponse *m);
/** @brief Decodes one InitializeShareGroupStateResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_InitializeShareGroupStateResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_InitializeShareGroupStateResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_InitializeShareGroupStateResponse_encode(ck_wb *wb, int16_t version, const ck_InitializeShareGroupStateResponse *m);

/* ---- ReadShareGroupStateRequest (request key 84, versions 0-0, flexible 0+) ---- */
#define CK_READ_SHARE_GROUP_STATE_REQUEST_MIN_VERSION 0
#define CK_READ_SHARE_GROUP_STATE_REQUEST_MAX_VERSION 0
typedef struct ck_ReadShareGroupStateRequest_PartitionData ck_ReadShareGroupStateRequest_PartitionData;
typedef struct ck_ReadShareGroupStateRequest_PartitionData_array { int32_t n; ck_ReadShareGroupStateRequest_PartitionData *a; } ck_ReadShareGroupStateRequest_PartitionData_array;
typedef struct ck_ReadShareGroupStateRequest_ReadStateData ck_ReadShareGroupStateRequest_ReadStateData;
typedef struct ck_ReadShareGroupStateRequest_ReadStateData_array { int32_t n; ck_ReadShareGroupStateRequest_ReadStateData *a; } ck_ReadShareGroupStateRequest_ReadStateData_array;
typedef struct ck_ReadShareGroupStateRequest ck_ReadShareGroupStateRequest;
struct ck_ReadShareGroupStateRequest_PartitionData {
    int32_t Partition;                       /* v0+ */
    int32_t LeaderEpoch;                     /* v0+ */
};
struct ck_ReadShareGroupStateRequest_ReadStateData {
    uint8_t TopicId[16];                     /* v0+ */
    ck_ReadShareGroupStateRequest_PartitionData_array Partitions; /* v0+ */
};
struct ck_ReadShareGroupStateRequest {
    ck_str GroupId;                          /* v0+ */
    ck_ReadShareGroupStateRequest_ReadStateData_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ReadShareGroupStateRequest_PartitionData_init(ck_ReadShareGroupStateRequest_PartitionData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ReadShareGroupStateRequest_PartitionData *ck_ReadShareGroupStateRequest_PartitionData_array_alloc(ck_arena *a, ck_ReadShareGroupStateRequest_PartitionData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ReadShareGroupStateRequest_ReadStateData_init(ck_ReadShareGroupStateRequest_ReadStateData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ReadShareGroupStateRequest_ReadStateData *ck_ReadShareGroupStateRequest_ReadStateData_array_alloc(ck_arena *a, ck_ReadShareGroupStateRequest_ReadStateData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ReadShareGroupStateRequest_init(ck_ReadShareGroupStateRequest *m);
/** @brief Decodes one ReadShareGroupStateRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ReadShareGroupStateRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ReadShareGroupStateRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ReadShareGroupStateRequest_encode(ck_wb *wb, int16_t version, const ck_ReadShareGroupStateRequest *m);

/* ---- ReadShareGroupStateResponse (response key 84, versions 0-0, flexible 0+) ---- */
#define CK_READ_SHARE_GROUP_STATE_RESPONSE_MIN_VERSION 0
#define CK_READ_SHARE_GROUP_STATE_RESPONSE_MAX_VERSION 0
typedef struct ck_ReadShareGroupStateResponse_StateBatch ck_ReadShareGroupStateResponse_StateBatch;
typedef struct ck_ReadShareGroupStateResponse_StateBatch_array { int32_t n; ck_ReadShareGroupStateResponse_StateBatch *a; } ck_ReadShareGroupStateResponse_StateBatch_array;
typedef struct ck_ReadShareGroupStateResponse_PartitionResult ck_ReadShareGroupStateResponse_PartitionResult;
typedef struct ck_ReadShareGroupStateResponse_PartitionResult_array { int32_t n; ck_ReadShareGroupStateResponse_PartitionResult *a; } ck_ReadShareGroupStateResponse_PartitionResult_array;
typedef struct ck_ReadShareGroupStateResponse_ReadStateResult ck_ReadShareGroupStateResponse_ReadStateResult;
typedef struct ck_ReadShareGroupStateResponse_ReadStateResult_array { int32_t n; ck_ReadShareGroupStateResponse_ReadStateResult *a; } ck_ReadShareGroupStateResponse_ReadStateResult_array;
typedef struct ck_ReadShareGroupStateResponse ck_ReadShareGroupStateResponse;
struct ck_ReadShareGroupStateResponse_StateBatch {
    int64_t FirstOffset;                     /* v0+ */
    int64_t LastOffset;                      /* v0+ */
    int8_t DeliveryState;                    /* v0+ */
    int16_t DeliveryCount;                   /* v0+ */
};
struct ck_ReadShareGroupStateResponse_PartitionResult {
    int32_t Partition;                       /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+, default null */
    int32_t StateEpoch;                      /* v0+ */
    int64_t StartOffset;                     /* v0+ */
    ck_ReadShareGroupStateResponse_StateBatch_array StateBatches; /* v0+ */
};
struct ck_ReadShareGroupStateResponse_ReadStateResult {
    uint8_t TopicId[16];                     /* v0+ */
    ck_ReadShareGroupStateResponse_PartitionResult_array Partitions; /* v0+ */
};
struct ck_ReadShareGroupStateResponse {
    ck_ReadShareGroupStateResponse_ReadStateResult_array Results; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ReadShareGroupStateResponse_StateBatch_init(ck_ReadShareGroupStateResponse_StateBatch *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ReadShareGroupStateResponse_StateBatch *ck_ReadShareGroupStateResponse_StateBatch_array_alloc(ck_arena *a, ck_ReadShareGroupStateResponse_StateBatch_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ReadShareGroupStateResponse_PartitionResult_init(ck_ReadShareGroupStateResponse_PartitionResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ReadShareGroupStateResponse_PartitionResult *ck_ReadShareGroupStateResponse_PartitionResult_array_alloc(ck_arena *a, ck_ReadShareGroupStateResponse_PartitionResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ReadShareGroupStateResponse_ReadStateResult_init(ck_ReadShareGroupStateResponse_ReadStateResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ReadShareGroupStateResponse_ReadStateResult *ck_ReadShareGroupStateResponse_ReadStateResult_array_alloc(ck_arena *a, ck_ReadShareGroupStateResponse_ReadStateResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ReadShareGroupStateResponse_init(ck_ReadShareGroupStateResponse *m);
/** @brief Decodes one ReadShareGroupStateResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ReadShareGroupStateResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ReadShareGroupStateResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ReadShareGroupStateResponse_encode(ck_wb *wb, int16_t version, const ck_ReadShareGroupStateResponse *m);

/* ---- WriteShareGroupStateRequest (request key 85, versions 0-0, flexible 0+) ---- */
#define CK_WRITE_SHARE_GROUP_STATE_REQUEST_MIN_VERSION 0
#define CK_WRITE_SHARE_GROUP_STATE_REQUEST_MAX_VERSION 0
typedef struct ck_WriteShareGroupStateRequest_StateBatch ck_WriteShareGroupStateRequest_StateBatch;
typedef struct ck_WriteShareGroupStateRequest_StateBatch_array { int32_t n; ck_WriteShareGroupStateRequest_StateBatch *a; } ck_WriteShareGroupStateRequest_StateBatch_array;
typedef struct ck_WriteShareGroupStateRequest_PartitionData ck_WriteShareGroupStateRequest_PartitionData;
typedef struct ck_WriteShareGroupStateRequest_PartitionData_array { int32_t n; ck_WriteShareGroupStateRequest_PartitionData *a; } ck_WriteShareGroupStateRequest_PartitionData_array;
typedef struct ck_WriteShareGroupStateRequest_WriteStateData ck_WriteShareGroupStateRequest_WriteStateData;
typedef struct ck_WriteShareGroupStateRequest_WriteStateData_array { int32_t n; ck_WriteShareGroupStateRequest_WriteStateData *a; } ck_WriteShareGroupStateRequest_WriteStateData_array;
typedef struct ck_WriteShareGroupStateRequest ck_WriteShareGroupStateRequest;
struct ck_WriteShareGroupStateRequest_StateBatch {
    int64_t FirstOffset;                     /* v0+ */
    int64_t LastOffset;                      /* v0+ */
    int8_t DeliveryState;                    /* v0+ */
    int16_t DeliveryCount;                   /* v0+ */
};
struct ck_WriteShareGroupStateRequest_PartitionData {
    int32_t Partition;                       /* v0+ */
    int32_t StateEpoch;                      /* v0+ */
    int32_t LeaderEpoch;                     /* v0+ */
    int64_t StartOffset;                     /* v0+ */
    ck_WriteShareGroupStateRequest_StateBatch_array StateBatches; /* v0+ */
};
struct ck_WriteShareGroupStateRequest_WriteStateData {
    uint8_t TopicId[16];                     /* v0+ */
    ck_WriteShareGroupStateRequest_PartitionData_array Partitions; /* v0+ */
};
struct ck_WriteShareGroupStateRequest {
    ck_str GroupId;                          /* v0+ */
    ck_WriteShareGroupStateRequest_WriteStateData_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_WriteShareGroupStateRequest_StateBatch_init(ck_WriteShareGroupStateRequest_StateBatch *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_WriteShareGroupStateRequest_StateBatch *ck_WriteShareGroupStateRequest_StateBatch_array_alloc(ck_arena *a, ck_WriteShareGroupStateRequest_StateBatch_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_WriteShareGroupStateRequest_PartitionData_init(ck_WriteShareGroupStateRequest_PartitionData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_WriteShareGroupStateRequest_PartitionData *ck_WriteShareGroupStateRequest_PartitionData_array_alloc(ck_arena *a, ck_WriteShareGroupStateRequest_PartitionData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_WriteShareGroupStateRequest_WriteStateData_init(ck_WriteShareGroupStateRequest_WriteStateData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_WriteShareGroupStateRequest_WriteStateData *ck_WriteShareGroupStateRequest_WriteStateData_array_alloc(ck_arena *a, ck_WriteShareGroupStateRequest_WriteStateData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_WriteShareGroupStateRequest_init(ck_WriteShareGroupStateRequest *m);
/** @brief Decodes one WriteShareGroupStateRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_WriteShareGroupStateRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_WriteShareGroupStateRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_WriteShareGroupStateRequest_encode(ck_wb *wb, int16_t version, const ck_WriteShareGroupStateRequest *m);

/* ---- WriteShareGroupStateResponse (response key 85, versions 0-0, flexible 0+) ---- */
#define CK_WRITE_SHARE_GROUP_STATE_RESPONSE_MIN_VERSION 0
#define CK_WRITE_SHARE_GROUP_STATE_RESPONSE_MAX_VERSION 0
typedef struct ck_WriteShareGroupStateResponse_PartitionResult ck_WriteShareGroupStateResponse_PartitionResult;
typedef struct ck_WriteShareGroupStateResponse_PartitionResult_array { int32_t n; ck_WriteShareGroupStateResponse_PartitionResult *a; } ck_WriteShareGroupStateResponse_PartitionResult_array;
typedef struct ck_WriteShareGroupStateResponse_WriteStateResult ck_WriteShareGroupStateResponse_WriteStateResult;
typedef struct ck_WriteShareGroupStateResponse_WriteStateResult_array { int32_t n; ck_WriteShareGroupStateResponse_WriteStateResult *a; } ck_WriteShareGroupStateResponse_WriteStateResult_array;
typedef struct ck_WriteShareGroupStateResponse ck_WriteShareGroupStateResponse;
struct ck_WriteShareGroupStateResponse_PartitionResult {
    int32_t Partition;                       /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+, default null */
};
struct ck_WriteShareGroupStateResponse_WriteStateResult {
    uint8_t TopicId[16];                     /* v0+ */
    ck_WriteShareGroupStateResponse_PartitionResult_array Partitions; /* v0+ */
};
struct ck_WriteShareGroupStateResponse {
    ck_WriteShareGroupStateResponse_WriteStateResult_array Results; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_WriteShareGroupStateResponse_PartitionResult_init(ck_WriteShareGroupStateResponse_PartitionResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_WriteShareGroupStateResponse_PartitionResult *ck_WriteShareGroupStateResponse_PartitionResult_array_alloc(ck_arena *a, ck_WriteShareGroupStateResponse_PartitionResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_WriteShareGroupStateResponse_WriteStateResult_init(ck_WriteShareGroupStateResponse_WriteStateResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_WriteShareGroupStateResponse_WriteStateResult *ck_WriteShareGroupStateResponse_WriteStateResult_array_alloc(ck_arena *a, ck_WriteShareGroupStateResponse_WriteStateResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_WriteShareGroupStateResponse_init(ck_WriteShareGroupStateResponse *m);
/** @brief Decodes one WriteShareGroupStateResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_WriteShareGroupStateResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_WriteShareGroupStateResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_WriteShareGroupStateResponse_encode(ck_wb *wb, int16_t version, const ck_WriteShareGroupStateResponse *m);

/* ---- DeleteShareGroupStateRequest (request key 86, versions 0-0, flexible 0+) ---- */
#define CK_DELETE_SHARE_GROUP_STATE_REQUEST_MIN_VERSION 0
#define CK_DELETE_SHARE_GROUP_STATE_REQUEST_MAX_VERSION 0
typedef struct ck_DeleteShareGroupStateRequest_PartitionData ck_DeleteShareGroupStateRequest_PartitionData;
typedef struct ck_DeleteShareGroupStateRequest_PartitionData_array { int32_t n; ck_DeleteShareGroupStateRequest_PartitionData *a; } ck_DeleteShareGroupStateRequest_PartitionData_array;
typedef struct ck_DeleteShareGroupStateRequest_DeleteStateData ck_DeleteShareGroupStateRequest_DeleteStateData;
typedef struct ck_DeleteShareGroupStateRequest_DeleteStateData_array { int32_t n; ck_DeleteShareGroupStateRequest_DeleteStateData *a; } ck_DeleteShareGroupStateRequest_DeleteStateData_array;
typedef struct ck_DeleteShareGroupStateRequest ck_DeleteShareGroupStateRequest;
struct ck_DeleteShareGroupStateRequest_PartitionData {
    int32_t Partition;                       /* v0+ */
};
struct ck_DeleteShareGroupStateRequest_DeleteStateData {
    uint8_t TopicId[16];                     /* v0+ */
    ck_DeleteShareGroupStateRequest_PartitionData_array Partitions; /* v0+ */
};
struct ck_DeleteShareGroupStateRequest {
    ck_str GroupId;                          /* v0+ */
    ck_DeleteShareGroupStateRequest_DeleteStateData_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DeleteShareGroupStateRequest_PartitionData_init(ck_DeleteShareGroupStateRequest_PartitionData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DeleteShareGroupStateRequest_PartitionData *ck_DeleteShareGroupStateRequest_PartitionData_array_alloc(ck_arena *a, ck_DeleteShareGroupStateRequest_PartitionData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DeleteShareGroupStateRequest_DeleteStateData_init(ck_DeleteShareGroupStateRequest_DeleteStateData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DeleteShareGroupStateRequest_DeleteStateData *ck_DeleteShareGroupStateRequest_DeleteStateData_array_alloc(ck_arena *a, ck_DeleteShareGroupStateRequest_DeleteStateData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DeleteShareGroupStateRequest_init(ck_DeleteShareGroupStateRequest *m);
/** @brief Decodes one DeleteShareGroupStateRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DeleteShareGroupStateRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DeleteShareGroupStateRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DeleteShareGroupStateRequest_encode(ck_wb *wb, int16_t version, const ck_DeleteShareGroupStateRequest *m);

/* ---- DeleteShareGroupStateResponse (response key 86, versions 0-0, flexible 0+) ---- */
#define CK_DELETE_SHARE_GROUP_STATE_RESPONSE_MIN_VERSION 0
#define CK_DELETE_SHARE_GROUP_STATE_RESPONSE_MAX_VERSION 0
typedef struct ck_DeleteShareGroupStateResponse_PartitionResult ck_DeleteShareGroupStateResponse_PartitionResult;
typedef struct ck_DeleteShareGroupStateResponse_PartitionResult_array { int32_t n; ck_DeleteShareGroupStateResponse_PartitionResult *a; } ck_DeleteShareGroupStateResponse_PartitionResult_array;
typedef struct ck_DeleteShareGroupStateResponse_DeleteStateResult ck_DeleteShareGroupStateResponse_DeleteStateResult;
typedef struct ck_DeleteShareGroupStateResponse_DeleteStateResult_array { int32_t n; ck_DeleteShareGroupStateResponse_DeleteStateResult *a; } ck_DeleteShareGroupStateResponse_DeleteStateResult_array;
typedef struct ck_DeleteShareGroupStateResponse ck_DeleteShareGroupStateResponse;
struct ck_DeleteShareGroupStateResponse_PartitionResult {
    int32_t Partition;                       /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+, default null */
};
struct ck_DeleteShareGroupStateResponse_DeleteStateResult {
    uint8_t TopicId[16];                     /* v0+ */
    ck_DeleteShareGroupStateResponse_PartitionResult_array Partitions; /* v0+ */
};
struct ck_DeleteShareGroupStateResponse {
    ck_DeleteShareGroupStateResponse_DeleteStateResult_array Results; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_DeleteShareGroupStateResponse_PartitionResult_init(ck_DeleteShareGroupStateResponse_PartitionResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DeleteShareGroupStateResponse_PartitionResult *ck_DeleteShareGroupStateResponse_PartitionResult_array_alloc(ck_arena *a, ck_DeleteShareGroupStateResponse_PartitionResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DeleteShareGroupStateResponse_DeleteStateResult_init(ck_DeleteShareGroupStateResponse_DeleteStateResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_DeleteShareGroupStateResponse_DeleteStateResult *ck_DeleteShareGroupStateResponse_DeleteStateResult_array_alloc(ck_arena *a, ck_DeleteShareGroupStateResponse_DeleteStateResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_DeleteShareGroupStateResponse_init(ck_DeleteShareGroupStateResponse *m);
/** @brief Decodes one DeleteShareGroupStateResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_DeleteShareGroupStateResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_DeleteShareGroupStateResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_DeleteShareGroupStateResponse_encode(ck_wb *wb, int16_t version, const ck_DeleteShareGroupStateResponse *m);

/* ---- ReadShareGroupStateSummaryRequest (request key 87, versions 0-0, flexible 0+) ---- */
#define CK_READ_SHARE_GROUP_STATE_SUMMARY_REQUEST_MIN_VERSION 0
#define CK_READ_SHARE_GROUP_STATE_SUMMARY_REQUEST_MAX_VERSION 0
typedef struct ck_ReadShareGroupStateSummaryRequest_PartitionData ck_ReadShareGroupStateSummaryRequest_PartitionData;
typedef struct ck_ReadShareGroupStateSummaryRequest_PartitionData_array { int32_t n; ck_ReadShareGroupStateSummaryRequest_PartitionData *a; } ck_ReadShareGroupStateSummaryRequest_PartitionData_array;
typedef struct ck_ReadShareGroupStateSummaryRequest_ReadStateSummaryData ck_ReadShareGroupStateSummaryRequest_ReadStateSummaryData;
typedef struct ck_ReadShareGroupStateSummaryRequest_ReadStateSummaryData_array { int32_t n; ck_ReadShareGroupStateSummaryRequest_ReadStateSummaryData *a; } ck_ReadShareGroupStateSummaryRequest_ReadStateSummaryData_array;
typedef struct ck_ReadShareGroupStateSummaryRequest ck_ReadShareGroupStateSummaryRequest;
struct ck_ReadShareGroupStateSummaryRequest_PartitionData {
    int32_t Partition;                       /* v0+ */
    int32_t LeaderEpoch;                     /* v0+ */
};
struct ck_ReadShareGroupStateSummaryRequest_ReadStateSummaryData {
    uint8_t TopicId[16];                     /* v0+ */
    ck_ReadShareGroupStateSummaryRequest_PartitionData_array Partitions; /* v0+ */
};
struct ck_ReadShareGroupStateSummaryRequest {
    ck_str GroupId;                          /* v0+ */
    ck_ReadShareGroupStateSummaryRequest_ReadStateSummaryData_array Topics; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ReadShareGroupStateSummaryRequest_PartitionData_init(ck_ReadShareGroupStateSummaryRequest_PartitionData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ReadShareGroupStateSummaryRequest_PartitionData *ck_ReadShareGroupStateSummaryRequest_PartitionData_array_alloc(ck_arena *a, ck_ReadShareGroupStateSummaryRequest_PartitionData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ReadShareGroupStateSummaryRequest_ReadStateSummaryData_init(ck_ReadShareGroupStateSummaryRequest_ReadStateSummaryData *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ReadShareGroupStateSummaryRequest_ReadStateSummaryData *ck_ReadShareGroupStateSummaryRequest_ReadStateSummaryData_array_alloc(ck_arena *a, ck_ReadShareGroupStateSummaryRequest_ReadStateSummaryData_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ReadShareGroupStateSummaryRequest_init(ck_ReadShareGroupStateSummaryRequest *m);
/** @brief Decodes one ReadShareGroupStateSummaryRequest of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ReadShareGroupStateSummaryRequest_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ReadShareGroupStateSummaryRequest *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ReadShareGroupStateSummaryRequest_encode(ck_wb *wb, int16_t version, const ck_ReadShareGroupStateSummaryRequest *m);

/* ---- ReadShareGroupStateSummaryResponse (response key 87, versions 0-0, flexible 0+) ---- */
#define CK_READ_SHARE_GROUP_STATE_SUMMARY_RESPONSE_MIN_VERSION 0
#define CK_READ_SHARE_GROUP_STATE_SUMMARY_RESPONSE_MAX_VERSION 0
typedef struct ck_ReadShareGroupStateSummaryResponse_PartitionResult ck_ReadShareGroupStateSummaryResponse_PartitionResult;
typedef struct ck_ReadShareGroupStateSummaryResponse_PartitionResult_array { int32_t n; ck_ReadShareGroupStateSummaryResponse_PartitionResult *a; } ck_ReadShareGroupStateSummaryResponse_PartitionResult_array;
typedef struct ck_ReadShareGroupStateSummaryResponse_ReadStateSummaryResult ck_ReadShareGroupStateSummaryResponse_ReadStateSummaryResult;
typedef struct ck_ReadShareGroupStateSummaryResponse_ReadStateSummaryResult_array { int32_t n; ck_ReadShareGroupStateSummaryResponse_ReadStateSummaryResult *a; } ck_ReadShareGroupStateSummaryResponse_ReadStateSummaryResult_array;
typedef struct ck_ReadShareGroupStateSummaryResponse ck_ReadShareGroupStateSummaryResponse;
struct ck_ReadShareGroupStateSummaryResponse_PartitionResult {
    int32_t Partition;                       /* v0+ */
    int16_t ErrorCode;                       /* v0+ */
    ck_str ErrorMessage;                     /* v0+, nullable 0+, default null */
    int32_t StateEpoch;                      /* v0+ */
    int64_t StartOffset;                     /* v0+ */
};
struct ck_ReadShareGroupStateSummaryResponse_ReadStateSummaryResult {
    uint8_t TopicId[16];                     /* v0+ */
    ck_ReadShareGroupStateSummaryResponse_PartitionResult_array Partitions; /* v0+ */
};
struct ck_ReadShareGroupStateSummaryResponse {
    ck_ReadShareGroupStateSummaryResponse_ReadStateSummaryResult_array Results; /* v0+ */
};

/** @brief Sets every field of *m to its schema default. */
void ck_ReadShareGroupStateSummaryResponse_PartitionResult_init(ck_ReadShareGroupStateSummaryResponse_PartitionResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ReadShareGroupStateSummaryResponse_PartitionResult *ck_ReadShareGroupStateSummaryResponse_PartitionResult_array_alloc(ck_arena *a, ck_ReadShareGroupStateSummaryResponse_PartitionResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ReadShareGroupStateSummaryResponse_ReadStateSummaryResult_init(ck_ReadShareGroupStateSummaryResponse_ReadStateSummaryResult *m);
/** @brief Allocates n initialised elements from the arena into *arr (n <= 0: none). */
ck_ReadShareGroupStateSummaryResponse_ReadStateSummaryResult *ck_ReadShareGroupStateSummaryResponse_ReadStateSummaryResult_array_alloc(ck_arena *a, ck_ReadShareGroupStateSummaryResponse_ReadStateSummaryResult_array *arr, int32_t n);
/** @brief Sets every field of *m to its schema default. */
void ck_ReadShareGroupStateSummaryResponse_init(ck_ReadShareGroupStateSummaryResponse *m);
/** @brief Decodes one ReadShareGroupStateSummaryResponse of the given version; strings/bytes point into rd's buffer,
 *  arrays live in the arena.  Returns 0, or -1 on malformed/truncated input or bad version. */
int ck_ReadShareGroupStateSummaryResponse_decode(ck_rd *rd, ck_arena *a, int16_t version, ck_ReadShareGroupStateSummaryResponse *m);
/** @brief Appends the encoding of *m at the given version (nothing if the version is invalid). */
void ck_ReadShareGroupStateSummaryResponse_encode(ck_wb *wb, int16_t version, const ck_ReadShareGroupStateSummaryResponse *m);

#endif /* CK_PROTOCOL_KMSG_H */
