/*
 * record.h — Kafka record batches (magic v2) and legacy message sets (magic
 * v0/v1).  Parses and validates batches as received (layout, CRC-32C, record
 * count against lastOffsetDelta), iterates their records (decompressing on
 * the caller's thread), builds batches from plain records, builds control
 * (transaction marker) batches, and converts legacy message sets to v2 and
 * back.  Nothing here touches files or the engine.
 */
#ifndef CK_RECORD_H
#define CK_RECORD_H

#include "util/util.h"
#include "codec/codec.h"

#define CK_BATCH_HEADER_SIZE 61
#define CK_LOG_OVERHEAD 12            /* baseOffset + batchLength */

/* Byte offsets inside a v2 batch header (RECORD_FORMAT.md). */
#define CK_BOFF_BASE_OFFSET 0
#define CK_BOFF_LENGTH 8
#define CK_BOFF_LEADER_EPOCH 12
#define CK_BOFF_MAGIC 16
#define CK_BOFF_CRC 17
#define CK_BOFF_ATTRIBUTES 21
#define CK_BOFF_LAST_OFFSET_DELTA 23
#define CK_BOFF_BASE_TIMESTAMP 27
#define CK_BOFF_MAX_TIMESTAMP 35
#define CK_BOFF_PRODUCER_ID 43
#define CK_BOFF_PRODUCER_EPOCH 51
#define CK_BOFF_BASE_SEQUENCE 53
#define CK_BOFF_RECORDS_COUNT 57

#define CK_ATTR_CODEC_MASK 0x07
#define CK_ATTR_LOG_APPEND_TIME 0x08
#define CK_ATTR_TRANSACTIONAL 0x10
#define CK_ATTR_CONTROL 0x20
#define CK_ATTR_DELETE_HORIZON 0x40

/* The decoded header of one v2 batch (a view: no pointers into the data
 * other than through the caller's buffer). */
typedef struct ck_batch_hdr {
    int64_t  base_offset;
    int32_t  batch_length;        /* bytes after the length field */
    int32_t  leader_epoch;
    int8_t   magic;
    uint32_t crc;
    int16_t  attributes;
    int32_t  last_offset_delta;
    int64_t  base_timestamp;
    int64_t  max_timestamp;
    int64_t  producer_id;
    int16_t  producer_epoch;
    int32_t  base_sequence;
    int32_t  records_count;
} ck_batch_hdr;

static inline size_t ck_batch_size(const ck_batch_hdr *h) { return (size_t)h->batch_length + CK_LOG_OVERHEAD; }
static inline int64_t ck_batch_last_offset(const ck_batch_hdr *h) { return h->base_offset + h->last_offset_delta; }
static inline int ck_batch_codec(const ck_batch_hdr *h) { return h->attributes & CK_ATTR_CODEC_MASK; }
static inline bool ck_batch_is_control(const ck_batch_hdr *h) { return (h->attributes & CK_ATTR_CONTROL) != 0; }
static inline bool ck_batch_is_txn(const ck_batch_hdr *h) { return (h->attributes & CK_ATTR_TRANSACTIONAL) != 0; }

/** @brief Decodes the 61-byte header at p (len >= 61 required; else -1).
 *  Does not check the CRC or the body. */
int ck_batch_hdr_read(const uint8_t *p, size_t len, ck_batch_hdr *h);

/* Validation results. */
typedef enum ck_batch_status {
    CK_BATCH_OK = 0,
    CK_BATCH_TRUNCATED,        /* fewer bytes than the header says */
    CK_BATCH_BAD_MAGIC,
    CK_BATCH_BAD_LENGTH,       /* batchLength below the header size, or absurd */
    CK_BATCH_BAD_CRC,
    CK_BATCH_BAD_COUNT,        /* recordsCount vs lastOffsetDelta, negative counts */
    CK_BATCH_BAD_RECORDS,      /* record framing inside an uncompressed batch */
} ck_batch_status;

const char *ck_batch_status_str(ck_batch_status st);

/** @brief Validates one whole batch at p[0..len) (len may exceed the batch):
 *  magic 2, length, CRC-32C over [21, end), recordsCount >= 0 and
 *  lastOffsetDelta == recordsCount - 1 (for non-empty batches).  For
 *  uncompressed batches when deep is true, also walks the records and checks
 *  their framing and offset deltas.  Fills *h.  Any thread. */
ck_batch_status ck_batch_validate(const uint8_t *p, size_t len, bool deep, ck_batch_hdr *h);

/** @brief Sets baseOffset (bytes 0..8) in place; the CRC does not cover it. */
static inline void ck_batch_set_base_offset(uint8_t *p, int64_t off) { ck_put_be64(p, (uint64_t)off); }

/* ---------------------------------------------------------------------- */
/* Iterating records                                                        */
/* ---------------------------------------------------------------------- */

typedef struct ck_rec_header {
    const uint8_t *key;  int32_t key_len;
    const uint8_t *value; int32_t value_len;   /* -1: null */
} ck_rec_header;

typedef struct ck_rec {
    int64_t        offset;
    int64_t        timestamp;
    const uint8_t *key;   int32_t key_len;     /* -1: null */
    const uint8_t *value; int32_t value_len;   /* -1: null */
    int32_t        header_count;
    const uint8_t *headers;   size_t headers_len;  /* raw header bytes, walk with ck_rec_headers_next */
} ck_rec;

/* Iterates the records of one batch.  Views point into the batch bytes or,
 * for compressed batches, into the iterator's own decompression buffer; they
 * stay valid until ck_rec_iter_free. */
typedef struct ck_rec_iter {
    ck_batch_hdr hdr;
    ck_rd        rd;
    int32_t      left;
    ck_wb        plain;      /* decompressed records */
    char         err[128];
    int          failed;
} ck_rec_iter;

/** @brief Starts iterating batch p[0..len) (already validated).  Returns 0
 *  or -1 (decompression failed; it->err says why). */
int  ck_rec_iter_init(ck_rec_iter *it, const uint8_t *p, size_t len, size_t max_decompressed);
/** @brief 1: *rec filled, 0: end, -1: malformed record (it->err). */
int  ck_rec_iter_next(ck_rec_iter *it, ck_rec *rec);
void ck_rec_iter_free(ck_rec_iter *it);
/** @brief Header walker over rec->headers: 1 and *h filled, 0 at end, -1 bad. */
int  ck_rec_headers_next(ck_rd *rd, ck_rec_header *h);

/* ---------------------------------------------------------------------- */
/* Building batches                                                         */
/* ---------------------------------------------------------------------- */

typedef struct ck_rec_in {
    const void *key;   int32_t key_len;       /* key NULL or key_len -1: null */
    const void *value; int32_t value_len;     /* value NULL or value_len -1: null */
    int64_t     timestamp;
    const ck_rec_header *headers; int32_t header_count;
} ck_rec_in;

typedef struct ck_batch_opts {
    int64_t base_offset;        /* usually 0: assigned on append */
    int     codec;              /* CK_CODEC_* */
    int     level;              /* codec level, -1 default */
    int16_t attributes_extra;   /* CK_ATTR_TRANSACTIONAL / CK_ATTR_CONTROL / LOG_APPEND_TIME */
    int64_t producer_id;        /* -1 */
    int16_t producer_epoch;     /* -1 */
    int32_t base_sequence;      /* -1 */
    int32_t leader_epoch;       /* -1 or 0 */
} ck_batch_opts;

void ck_batch_opts_init(ck_batch_opts *o);

/** @brief Appends one complete v2 batch holding recs[0..n) to out (CRC
 *  computed).  Returns 0 or -1 with a message (compression failure). */
int ck_batch_build(ck_wb *out, const ck_batch_opts *o, const ck_rec_in *recs, size_t n, char *err, size_t errlen);

/** @brief Appends a control batch with one transaction marker record
 *  (commit: type 1, abort: type 0) for producer id/epoch at offset 0. */
void ck_batch_build_marker(ck_wb *out, int64_t producer_id, int16_t producer_epoch, bool commit,
                           int32_t coordinator_epoch, int64_t timestamp);

/** @brief Parses a control record key/value: 0 and *type (0 abort, 1 commit, ...), or -1. */
int ck_control_record_type(const ck_rec *rec, int16_t *type);

/* ---------------------------------------------------------------------- */
/* Legacy message sets (magic 0/1)                                          */
/* ---------------------------------------------------------------------- */

/** @brief Magic byte of the first entry in a record set (2 for v2 batches,
 *  0/1 for message sets), or -1 if too short. */
int ck_records_magic(const uint8_t *p, size_t len);

/** @brief Converts a v0/v1 message set (possibly with compressed wrapper
 *  messages) to one uncompressed v2 batch appended to out; checks each
 *  message's CRC-32.  log_append_time >= 0 overrides timestamps (and sets
 *  the attribute).  Returns 0, or a CHRONIK-style Kafka error code
 *  (CORRUPT_MESSAGE = 2, INVALID_RECORD = 87) with err filled. */
int ck_msgset_to_v2(const uint8_t *p, size_t len, int64_t log_append_time, ck_wb *out,
                    char *err, size_t errlen);

/** @brief Appends the v0 or v1 message set equivalent of the v2 batches in
 *  p[0..len) (offsets absolute, uncompressed, control batches dropped, a
 *  partial trailing batch ignored).  Returns 0 or -1 with err. */
int ck_v2_to_msgset(const uint8_t *p, size_t len, int magic, ck_wb *out, char *err, size_t errlen);

#endif
