/*
 * record.c — Kafka record batches (magic v2): header decoding, validation
 * (layout, CRC-32C over [attributes, end), record counts and, on request,
 * record framing), record and header iteration with decompression, batch
 * building (including transaction marker control batches), and conversion
 * between legacy message sets (magic 0/1) and v2 batches.
 *
 * Sits above util/ and codec/; touches no files and no engine state.  All
 * functions are reentrant; an iterator or writer belongs to one thread.
 */
#include "record/record.h"

#include <stdarg.h>
#include <stdio.h>

/* Decompression cap for legacy wrappers and down-conversion. */
#define CK_RECORD_MAX_INFLATE ((size_t)256 << 20)

/* Kafka error codes returned by ck_msgset_to_v2. */
#define KERR_CORRUPT_MESSAGE 2
#define KERR_INVALID_RECORD 87

/* ===================================================================== */
/* Header and validation                                                  */
/* ===================================================================== */

/** @brief Decodes the 61-byte v2 header at p; -1 if len < 61.  No CRC/body checks. */
int ck_batch_hdr_read(const uint8_t *p, size_t len, ck_batch_hdr *h)
{
    if (p == NULL || len < CK_BATCH_HEADER_SIZE)
        return -1;
    h->base_offset = (int64_t)ck_be64(p + CK_BOFF_BASE_OFFSET);
    h->batch_length = (int32_t)ck_be32(p + CK_BOFF_LENGTH);
    h->leader_epoch = (int32_t)ck_be32(p + CK_BOFF_LEADER_EPOCH);
    h->magic = (int8_t)p[CK_BOFF_MAGIC];
    h->crc = ck_be32(p + CK_BOFF_CRC);
    h->attributes = (int16_t)ck_be16(p + CK_BOFF_ATTRIBUTES);
    h->last_offset_delta = (int32_t)ck_be32(p + CK_BOFF_LAST_OFFSET_DELTA);
    h->base_timestamp = (int64_t)ck_be64(p + CK_BOFF_BASE_TIMESTAMP);
    h->max_timestamp = (int64_t)ck_be64(p + CK_BOFF_MAX_TIMESTAMP);
    h->producer_id = (int64_t)ck_be64(p + CK_BOFF_PRODUCER_ID);
    h->producer_epoch = (int16_t)ck_be16(p + CK_BOFF_PRODUCER_EPOCH);
    h->base_sequence = (int32_t)ck_be32(p + CK_BOFF_BASE_SEQUENCE);
    h->records_count = (int32_t)ck_be32(p + CK_BOFF_RECORDS_COUNT);
    return 0;
}

/** @brief A short English name for a validation status. */
const char *ck_batch_status_str(ck_batch_status st)
{
    switch (st) {
    case CK_BATCH_OK: return "ok";
    case CK_BATCH_TRUNCATED: return "truncated batch";
    case CK_BATCH_BAD_MAGIC: return "unsupported magic";
    case CK_BATCH_BAD_LENGTH: return "bad batch length";
    case CK_BATCH_BAD_CRC: return "CRC-32C mismatch";
    case CK_BATCH_BAD_COUNT: return "record count does not match lastOffsetDelta";
    case CK_BATCH_BAD_RECORDS: return "malformed records";
    }
    return "unknown status";
}

/* Parses one record (length prefix included) from rd.  Returns 0, or -1
 * with err filled.  Views point into rd's bytes. */
static int parse_record(ck_rd *rd, const ck_batch_hdr *h, ck_rec *rec, int32_t *offset_delta,
                        char *err, size_t errlen)
{
    ck_rd r;
    int32_t len, i;
    int64_t ts_delta;
    const uint8_t *hstart;

    len = ck_rd_varint(rd);
    if (rd->err || len < 0 || (size_t)len > ck_rd_left(rd)) {
        ck_errf(err, errlen, "bad record length");
        rd->err = 1;
        return -1;
    }
    ck_rd_init(&r, rd->p, (size_t)len);
    rd->p += len;

    (void)ck_rd_i8(&r); /* attributes: unused */
    ts_delta = ck_rd_varlong(&r);
    *offset_delta = ck_rd_varint(&r);
    rec->key_len = ck_rd_varint(&r);
    if (rec->key_len < -1)
        goto bad;
    rec->key = rec->key_len >= 0 ? ck_rd_bytes(&r, (size_t)rec->key_len) : NULL;
    rec->value_len = ck_rd_varint(&r);
    if (rec->value_len < -1)
        goto bad;
    rec->value = rec->value_len >= 0 ? ck_rd_bytes(&r, (size_t)rec->value_len) : NULL;
    rec->header_count = ck_rd_varint(&r);
    if (r.err || rec->header_count < 0)
        goto bad;
    hstart = r.p;
    for (i = 0; i < rec->header_count; i++) {
        ck_rec_header hd;
        if (ck_rec_headers_next(&r, &hd) != 1)
            goto bad;
    }
    if (r.err || r.p != r.end)
        goto bad;
    rec->headers = hstart;
    rec->headers_len = (size_t)(r.p - hstart);
    rec->offset = h->base_offset + *offset_delta;
    if (h->attributes & CK_ATTR_LOG_APPEND_TIME)
        rec->timestamp = h->max_timestamp;
    else
        rec->timestamp = (int64_t)((uint64_t)h->base_timestamp + (uint64_t)ts_delta);
    return 0;
bad:
    ck_errf(err, errlen, "malformed record");
    return -1;
}

/** @brief Validates one v2 batch at p[0..len) and fills *h (see record.h). Any thread. */
ck_batch_status ck_batch_validate(const uint8_t *p, size_t len, bool deep, ck_batch_hdr *h)
{
    int32_t blen, i;
    size_t size;
    ck_rd rd;

    memset(h, 0, sizeof(*h));
    if (len < CK_LOG_OVERHEAD + 5)
        return CK_BATCH_TRUNCATED;
    blen = (int32_t)ck_be32(p + CK_BOFF_LENGTH);
    h->batch_length = blen;
    h->base_offset = (int64_t)ck_be64(p);
    h->magic = (int8_t)p[CK_BOFF_MAGIC];
    if (h->magic != 2)
        return CK_BATCH_BAD_MAGIC;
    if (blen < CK_BATCH_HEADER_SIZE - CK_LOG_OVERHEAD)
        return CK_BATCH_BAD_LENGTH;
    size = (size_t)blen + CK_LOG_OVERHEAD;
    if (len < size)
        return CK_BATCH_TRUNCATED;
    ck_batch_hdr_read(p, len, h);
    if (ck_crc32c(0, p + CK_BOFF_ATTRIBUTES, size - CK_BOFF_ATTRIBUTES) != h->crc)
        return CK_BATCH_BAD_CRC;
    if (h->records_count < 0)
        return CK_BATCH_BAD_COUNT;
    if (h->records_count > 0 && h->last_offset_delta != h->records_count - 1)
        return CK_BATCH_BAD_COUNT;
    if (!deep || ck_batch_codec(h) != CK_CODEC_NONE)
        return CK_BATCH_OK;
    /* A record takes at least 7 bytes; refuse absurd counts before walking. */
    if ((size_t)h->records_count > (size - CK_BATCH_HEADER_SIZE) / 7)
        return CK_BATCH_BAD_COUNT;
    ck_rd_init(&rd, p + CK_BATCH_HEADER_SIZE, size - CK_BATCH_HEADER_SIZE);
    for (i = 0; i < h->records_count; i++) {
        ck_rec rec;
        int32_t od;
        if (parse_record(&rd, h, &rec, &od, NULL, 0) != 0 || od != i)
            return CK_BATCH_BAD_RECORDS;
    }
    if (rd.err || rd.p != rd.end)
        return CK_BATCH_BAD_RECORDS;
    return CK_BATCH_OK;
}

/* ===================================================================== */
/* Iteration                                                              */
/* ===================================================================== */

/** @brief Starts iterating the batch p[0..len); 0 or -1 (it->err).  Always
 *  call ck_rec_iter_free afterwards.  The batch bytes must outlive it. */
int ck_rec_iter_init(ck_rec_iter *it, const uint8_t *p, size_t len, size_t max_decompressed)
{
    size_t size;
    int rc = -1;

    memset(it, 0, sizeof(*it));
    ck_wb_init(&it->plain, 0);
    ck_rd_init(&it->rd, NULL, 0);
    if (ck_batch_hdr_read(p, len, &it->hdr) != 0) {
        ck_errf(it->err, sizeof(it->err), "batch shorter than its header");
        goto out;
    }
    if (it->hdr.magic != 2 || it->hdr.batch_length < CK_BATCH_HEADER_SIZE - CK_LOG_OVERHEAD) {
        ck_errf(it->err, sizeof(it->err), "not a v2 batch");
        goto out;
    }
    size = ck_batch_size(&it->hdr);
    if (size > len) {
        ck_errf(it->err, sizeof(it->err), "batch truncated");
        goto out;
    }
    if (it->hdr.records_count < 0) {
        ck_errf(it->err, sizeof(it->err), "negative record count");
        goto out;
    }
    if (ck_batch_codec(&it->hdr) == CK_CODEC_NONE) {
        ck_rd_init(&it->rd, p + CK_BATCH_HEADER_SIZE, size - CK_BATCH_HEADER_SIZE);
    } else {
        char e[96];
        if (ck_decompress(ck_batch_codec(&it->hdr), p + CK_BATCH_HEADER_SIZE, size - CK_BATCH_HEADER_SIZE,
                          max_decompressed, &it->plain, e, sizeof(e)) != 0) {
            ck_errf(it->err, sizeof(it->err), "decompression failed: %s", e);
            goto out;
        }
        ck_rd_init(&it->rd, it->plain.buf, it->plain.len);
    }
    it->left = it->hdr.records_count;
    rc = 0;
out:
    if (rc != 0)
        it->failed = 1;
    return rc;
}

/** @brief Next record: 1 (rec filled), 0 at the end, -1 malformed (it->err). */
int ck_rec_iter_next(ck_rec_iter *it, ck_rec *rec)
{
    int32_t od;

    if (it->failed)
        return -1;
    if (it->left <= 0)
        return 0;
    if (parse_record(&it->rd, &it->hdr, rec, &od, it->err, sizeof(it->err)) != 0) {
        it->failed = 1;
        return -1;
    }
    it->left--;
    return 1;
}

/** @brief Releases the iterator's buffers; views from it become invalid. */
void ck_rec_iter_free(ck_rec_iter *it)
{
    ck_wb_free(&it->plain);
}

/** @brief Next header from rd (over rec->headers): 1, 0 at the end, -1 malformed. */
int ck_rec_headers_next(ck_rd *rd, ck_rec_header *h)
{
    if (rd->err)
        return -1;
    if (rd->p >= rd->end)
        return 0;
    h->key_len = ck_rd_varint(rd);
    if (h->key_len < 0) {
        rd->err = 1;
        return -1;
    }
    h->key = ck_rd_bytes(rd, (size_t)h->key_len);
    h->value_len = ck_rd_varint(rd);
    if (h->value_len < -1) {
        rd->err = 1;
        return -1;
    }
    h->value = h->value_len >= 0 ? ck_rd_bytes(rd, (size_t)h->value_len) : NULL;
    return rd->err ? -1 : 1;
}

/* ===================================================================== */
/* Building                                                               */
/* ===================================================================== */

/** @brief Defaults: offset 0, no codec, no producer (-1s), leader epoch -1. */
void ck_batch_opts_init(ck_batch_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->codec = CK_CODEC_NONE;
    o->level = -1;
    o->producer_id = -1;
    o->producer_epoch = -1;
    o->base_sequence = -1;
    o->leader_epoch = -1;
}

static int32_t eff_len(const void *p, int32_t len) { return (p == NULL || len < 0) ? -1 : len; }

static size_t record_body_size(const ck_rec_in *r, int64_t ts_delta, int32_t od)
{
    int32_t kl = eff_len(r->key, r->key_len), vl = eff_len(r->value, r->value_len), i;
    size_t n = 1 + ck_varlong_size(ts_delta) + ck_varint_size(od);
    int32_t hc = r->headers ? CK_MAX(r->header_count, 0) : 0;

    n += ck_varint_size(kl) + (size_t)CK_MAX(kl, 0);
    n += ck_varint_size(vl) + (size_t)CK_MAX(vl, 0);
    n += ck_varint_size(hc);
    for (i = 0; i < hc; i++) {
        const ck_rec_header *hd = &r->headers[i];
        int32_t hk = hd->key ? CK_MAX(hd->key_len, 0) : 0;
        int32_t hv = eff_len(hd->value, hd->value_len);
        n += ck_varint_size(hk) + (size_t)hk + ck_varint_size(hv) + (size_t)CK_MAX(hv, 0);
    }
    return n;
}

/* Writes one record (length prefix + body bytes) at w, which has room for
 * it; returns the position after it. */
static uint8_t *write_record(uint8_t *w, const ck_rec_in *r, int64_t ts_delta, int32_t od, size_t body)
{
    int32_t kl = eff_len(r->key, r->key_len), vl = eff_len(r->value, r->value_len), i;
    int32_t hc = r->headers ? CK_MAX(r->header_count, 0) : 0;

    w += ck_put_varint(w, (int32_t)body);
    *w++ = 0;
    w += ck_put_varlong(w, ts_delta);
    w += ck_put_varint(w, od);
    w += ck_put_varint(w, kl);
    if (kl > 0) {
        memcpy(w, r->key, (size_t)kl);
        w += kl;
    }
    w += ck_put_varint(w, vl);
    if (vl > 0) {
        memcpy(w, r->value, (size_t)vl);
        w += vl;
    }
    w += ck_put_varint(w, hc);
    for (i = 0; i < hc; i++) {
        const ck_rec_header *hd = &r->headers[i];
        int32_t hk = hd->key ? CK_MAX(hd->key_len, 0) : 0;
        int32_t hv = eff_len(hd->value, hd->value_len);
        w += ck_put_varint(w, hk);
        if (hk > 0) {
            memcpy(w, hd->key, (size_t)hk);
            w += hk;
        }
        w += ck_put_varint(w, hv);
        if (hv > 0) {
            memcpy(w, hd->value, (size_t)hv);
            w += hv;
        }
    }
    return w;
}

/** @brief Appends one v2 batch of recs[0..n) to out (see record.h); 0 or -1
 *  with err (out unchanged on failure).  Any thread. */
int ck_batch_build(ck_wb *out, const ck_batch_opts *o, const ck_rec_in *recs, size_t n, char *err, size_t errlen)
{
    size_t start = out->len, i, total, records_len = 0;
    int64_t base_ts = -1, max_ts = -1;
    ck_wb tmp, *dst = out;
    uint8_t *hp, *w;
    int rc = -1;

    ck_wb_init(&tmp, 0);
    if (n > INT32_MAX) {
        ck_errf(err, errlen, "too many records");
        goto out;
    }
    if (n > 0) {
        base_ts = recs[0].timestamp;
        max_ts = recs[0].timestamp;
        for (i = 1; i < n; i++)
            max_ts = CK_MAX(max_ts, recs[i].timestamp);
    }
    /* size everything first: one reservation, then writes without checks */
    for (i = 0; i < n; i++) {
        int64_t td = (int64_t)((uint64_t)recs[i].timestamp - (uint64_t)base_ts);
        size_t body = record_body_size(&recs[i], td, (int32_t)i);
        if (body > INT32_MAX || records_len > SIZE_MAX / 2) {
            ck_errf(err, errlen, "record %zu too large", i);
            goto out;
        }
        records_len += ck_varint_size((int32_t)body) + body;
    }
    if (o->codec != CK_CODEC_NONE)
        dst = &tmp;
    ck_wb_reserve(out, CK_BATCH_HEADER_SIZE + (dst == out ? records_len : 0));
    out->len += CK_BATCH_HEADER_SIZE;
    w = ck_wb_reserve(dst, records_len);
    for (i = 0; i < n; i++) {
        int64_t td = (int64_t)((uint64_t)recs[i].timestamp - (uint64_t)base_ts);
        w = write_record(w, &recs[i], td, (int32_t)i, record_body_size(&recs[i], td, (int32_t)i));
    }
    dst->len += records_len;
    if (o->codec != CK_CODEC_NONE &&
        ck_compress(o->codec, o->level, tmp.buf, tmp.len, out, err, errlen) != 0)
        goto out;
    total = out->len - start;
    if (total - CK_LOG_OVERHEAD > INT32_MAX) {
        ck_errf(err, errlen, "batch too large");
        goto out;
    }
    hp = out->buf + start;
    ck_put_be64(hp + CK_BOFF_BASE_OFFSET, (uint64_t)o->base_offset);
    ck_put_be32(hp + CK_BOFF_LENGTH, (uint32_t)(total - CK_LOG_OVERHEAD));
    ck_put_be32(hp + CK_BOFF_LEADER_EPOCH, (uint32_t)o->leader_epoch);
    hp[CK_BOFF_MAGIC] = 2;
    ck_put_be16(hp + CK_BOFF_ATTRIBUTES,
                (uint16_t)((o->codec & CK_ATTR_CODEC_MASK) | (o->attributes_extra & ~CK_ATTR_CODEC_MASK)));
    ck_put_be32(hp + CK_BOFF_LAST_OFFSET_DELTA, (uint32_t)((int32_t)n - 1));
    ck_put_be64(hp + CK_BOFF_BASE_TIMESTAMP, (uint64_t)base_ts);
    ck_put_be64(hp + CK_BOFF_MAX_TIMESTAMP, (uint64_t)max_ts);
    ck_put_be64(hp + CK_BOFF_PRODUCER_ID, (uint64_t)o->producer_id);
    ck_put_be16(hp + CK_BOFF_PRODUCER_EPOCH, (uint16_t)o->producer_epoch);
    ck_put_be32(hp + CK_BOFF_BASE_SEQUENCE, (uint32_t)o->base_sequence);
    ck_put_be32(hp + CK_BOFF_RECORDS_COUNT, (uint32_t)n);
    ck_put_be32(hp + CK_BOFF_CRC, ck_crc32c(0, hp + CK_BOFF_ATTRIBUTES, total - CK_BOFF_ATTRIBUTES));
    rc = 0;
out:
    ck_wb_free(&tmp);
    if (rc != 0)
        out->len = start;
    return rc;
}

/** @brief Appends a transaction marker control batch (commit: type 1, abort: 0). */
void ck_batch_build_marker(ck_wb *out, int64_t producer_id, int16_t producer_epoch, bool commit,
                           int32_t coordinator_epoch, int64_t timestamp)
{
    uint8_t key[4], val[6];
    ck_batch_opts o;
    ck_rec_in r;

    ck_put_be16(key, 0);
    ck_put_be16(key + 2, commit ? 1 : 0);
    ck_put_be16(val, 0);
    ck_put_be32(val + 2, (uint32_t)coordinator_epoch);
    memset(&r, 0, sizeof(r));
    r.key = key;
    r.key_len = 4;
    r.value = val;
    r.value_len = 6;
    r.timestamp = timestamp;
    ck_batch_opts_init(&o);
    o.attributes_extra = CK_ATTR_CONTROL | CK_ATTR_TRANSACTIONAL;
    o.producer_id = producer_id;
    o.producer_epoch = producer_epoch;
    /* Uncompressed building cannot fail. */
    (void)ck_batch_build(out, &o, &r, 1, NULL, 0);
}

/** @brief Control record type from its key: 0 and *type, or -1 (null/short key, negative version). */
int ck_control_record_type(const ck_rec *rec, int16_t *type)
{
    if (rec->key == NULL || rec->key_len < 4)
        return -1;
    if ((int16_t)ck_be16(rec->key) < 0)
        return -1;
    *type = (int16_t)ck_be16(rec->key + 2);
    return 0;
}

/* ===================================================================== */
/* Legacy message sets                                                    */
/* ===================================================================== */

/** @brief Magic of the first entry (byte 16 in both layouts), or -1 if too short. */
int ck_records_magic(const uint8_t *p, size_t len)
{
    if (p == NULL || len < 17)
        return -1;
    return (int8_t)p[16];
}

/* One legacy message, as views into the message set bytes. */
typedef struct legacy_msg {
    int64_t        offset;
    int8_t         magic;
    int8_t         attributes;
    int64_t        timestamp;
    const uint8_t *key;   int32_t key_len;
    const uint8_t *value; int32_t value_len;
} legacy_msg;

/* Reads the next entry of a message set; 1, 0 at the end, or a Kafka error
 * code (negated so it cannot be confused with 1). */
static int legacy_next(ck_rd *rd, legacy_msg *m, char *err, size_t errlen)
{
    int32_t size;
    const uint8_t *msg;
    uint32_t crc;
    ck_rd r;

    if (ck_rd_left(rd) == 0)
        return 0;
    m->offset = ck_rd_i64(rd);
    size = ck_rd_i32(rd);
    if (rd->err || size < 14 || (size_t)size > ck_rd_left(rd)) {
        ck_errf(err, errlen, "truncated or malformed message set entry");
        return -KERR_CORRUPT_MESSAGE;
    }
    msg = ck_rd_bytes(rd, (size_t)size);
    ck_rd_init(&r, msg, (size_t)size);
    crc = ck_rd_u32(&r);
    if (ck_crc32(0, msg + 4, (size_t)size - 4) != crc) {
        ck_errf(err, errlen, "message CRC-32 mismatch at offset %lld", (long long)m->offset);
        return -KERR_CORRUPT_MESSAGE;
    }
    m->magic = ck_rd_i8(&r);
    m->attributes = ck_rd_i8(&r);
    if (m->magic != 0 && m->magic != 1) {
        ck_errf(err, errlen, "unsupported message magic %d", m->magic);
        return -KERR_INVALID_RECORD;
    }
    m->timestamp = m->magic == 1 ? ck_rd_i64(&r) : -1;
    m->key_len = ck_rd_i32(&r);
    m->key = m->key_len >= 0 ? ck_rd_bytes(&r, (size_t)m->key_len) : NULL;
    m->value_len = ck_rd_i32(&r);
    m->value = m->value_len >= 0 ? ck_rd_bytes(&r, (size_t)m->value_len) : NULL;
    if (r.err || m->key_len < -1 || m->value_len < -1 || r.p != r.end) {
        ck_errf(err, errlen, "malformed message at offset %lld", (long long)m->offset);
        return -KERR_CORRUPT_MESSAGE;
    }
    return 1;
}

typedef struct conv_state {
    ck_rec_in *recs;
    size_t     n, cap;
    int64_t    first_offset;
    ck_wb     *bufs;      /* decompressed wrapper payloads (kept alive) */
    size_t     nbufs, bufcap;
} conv_state;

static void conv_add(conv_state *cs, const legacy_msg *m, int64_t offset, int64_t ts)
{
    ck_rec_in *r;
    if (cs->n == cs->cap) {
        cs->cap = cs->cap ? cs->cap * 2 : 16;
        cs->recs = ck_realloc(cs->recs, cs->cap * sizeof(*cs->recs));
    }
    if (cs->n == 0)
        cs->first_offset = offset;
    r = &cs->recs[cs->n++];
    memset(r, 0, sizeof(*r));
    r->key = m->key;
    r->key_len = m->key_len;
    r->value = m->value;
    r->value_len = m->value_len;
    r->timestamp = ts;
}

/* Expands one compressed wrapper message into cs. */
static int conv_wrapper(conv_state *cs, const legacy_msg *w, char *err, size_t errlen)
{
    legacy_msg inner[1];
    legacy_msg *msgs = NULL;
    size_t nm = 0, cm = 0, i;
    ck_wb *buf;
    char e[96];
    ck_rd rd;
    int rc = 0, st;
    bool lat = w->magic == 1 && (w->attributes & CK_ATTR_LOG_APPEND_TIME);

    if (w->value == NULL) {
        ck_errf(err, errlen, "compressed wrapper message without a value");
        return KERR_CORRUPT_MESSAGE;
    }
    if (cs->nbufs == cs->bufcap) {
        cs->bufcap = cs->bufcap ? cs->bufcap * 2 : 4;
        cs->bufs = ck_realloc(cs->bufs, cs->bufcap * sizeof(*cs->bufs));
    }
    buf = &cs->bufs[cs->nbufs++];
    ck_wb_init(buf, 0);
    if (ck_decompress(w->attributes & CK_ATTR_CODEC_MASK, w->value, (size_t)w->value_len,
                      CK_RECORD_MAX_INFLATE, buf, e, sizeof(e)) != 0) {
        ck_errf(err, errlen, "wrapper at offset %lld: %s", (long long)w->offset, e);
        return KERR_CORRUPT_MESSAGE;
    }
    ck_rd_init(&rd, buf->buf, buf->len);
    while ((st = legacy_next(&rd, inner, err, errlen)) == 1) {
        if (inner->attributes & CK_ATTR_CODEC_MASK) {
            ck_errf(err, errlen, "nested compressed message at offset %lld", (long long)w->offset);
            rc = KERR_INVALID_RECORD;
            goto out;
        }
        if (nm == cm) {
            cm = cm ? cm * 2 : 16;
            msgs = ck_realloc(msgs, cm * sizeof(*msgs));
        }
        msgs[nm++] = *inner;
    }
    if (st < 0) {
        rc = -st;
        goto out;
    }
    if (nm == 0) {
        ck_errf(err, errlen, "empty compressed wrapper at offset %lld", (long long)w->offset);
        rc = KERR_INVALID_RECORD;
        goto out;
    }
    for (i = 0; i < nm; i++) {
        int64_t off = msgs[i].offset, ts;
        if (w->magic == 1 && w->offset != 0)
            off = w->offset - msgs[nm - 1].offset + msgs[i].offset;
        ts = lat ? w->timestamp : (msgs[i].magic == 1 ? msgs[i].timestamp : -1);
        conv_add(cs, &msgs[i], off, ts);
    }
out:
    ck_free(msgs);
    return rc;
}

/** @brief Converts a v0/v1 message set to one uncompressed v2 batch appended
 *  to out (offsets renumbered consecutively from the first message's).
 *  0, or CORRUPT_MESSAGE (2) / INVALID_RECORD (87) with err. Any thread. */
int ck_msgset_to_v2(const uint8_t *p, size_t len, int64_t log_append_time, ck_wb *out,
                    char *err, size_t errlen)
{
    conv_state cs;
    legacy_msg m;
    ck_batch_opts o;
    ck_rd rd;
    size_t i;
    int rc = 0, st;

    memset(&cs, 0, sizeof(cs));
    ck_rd_init(&rd, p, len);
    while ((st = legacy_next(&rd, &m, err, errlen)) == 1) {
        if (m.attributes & CK_ATTR_CODEC_MASK) {
            rc = conv_wrapper(&cs, &m, err, errlen);
            if (rc != 0)
                goto out;
        } else {
            conv_add(&cs, &m, m.offset, m.magic == 1 ? m.timestamp : -1);
        }
    }
    if (st < 0) {
        rc = -st;
        goto out;
    }
    if (cs.n == 0) {
        ck_errf(err, errlen, "empty message set");
        rc = KERR_INVALID_RECORD;
        goto out;
    }
    ck_batch_opts_init(&o);
    o.base_offset = cs.first_offset;
    if (log_append_time >= 0) {
        o.attributes_extra = CK_ATTR_LOG_APPEND_TIME;
        for (i = 0; i < cs.n; i++)
            cs.recs[i].timestamp = log_append_time;
    }
    if (ck_batch_build(out, &o, cs.recs, cs.n, err, errlen) != 0)
        rc = KERR_INVALID_RECORD;
out:
    for (i = 0; i < cs.nbufs; i++)
        ck_wb_free(&cs.bufs[i]);
    ck_free(cs.bufs);
    ck_free(cs.recs);
    return rc;
}

static void write_legacy(ck_wb *out, int magic, int64_t offset, int8_t attributes, int64_t ts,
                         const ck_rec *rec)
{
    size_t start, msg;
    int32_t size;

    ck_wb_i64(out, offset);
    start = out->len;
    ck_wb_i32(out, 0);      /* size placeholder */
    msg = out->len;
    ck_wb_i32(out, 0);      /* crc placeholder */
    ck_wb_i8(out, (int8_t)magic);
    ck_wb_i8(out, attributes);
    if (magic == 1)
        ck_wb_i64(out, ts);
    ck_wb_i32(out, rec->key ? rec->key_len : -1);
    if (rec->key && rec->key_len > 0)
        ck_wb_put(out, rec->key, (size_t)rec->key_len);
    ck_wb_i32(out, rec->value ? rec->value_len : -1);
    if (rec->value && rec->value_len > 0)
        ck_wb_put(out, rec->value, (size_t)rec->value_len);
    size = (int32_t)(out->len - msg);
    ck_wb_patch_i32(out, start, size);
    ck_wb_patch_i32(out, msg, (int32_t)ck_crc32(0, out->buf + msg + 4, (size_t)size - 4));
}

/** @brief Appends the v0/v1 message set form of the v2 batches in p[0..len)
 *  (control batches dropped, partial trailing batch ignored); 0 or -1 with err. */
int ck_v2_to_msgset(const uint8_t *p, size_t len, int magic, ck_wb *out, char *err, size_t errlen)
{
    size_t pos = 0, start = out->len;
    int rc = -1;

    if (magic != 0 && magic != 1) {
        ck_errf(err, errlen, "target magic must be 0 or 1, not %d", magic);
        return -1;
    }
    while (len - pos >= CK_BATCH_HEADER_SIZE) {
        ck_batch_hdr h;
        ck_rec_iter it;
        ck_rec rec;
        int st;
        int8_t attrs;

        ck_batch_hdr_read(p + pos, len - pos, &h);
        if (h.magic != 2 || h.batch_length < CK_BATCH_HEADER_SIZE - CK_LOG_OVERHEAD) {
            ck_errf(err, errlen, "not a v2 batch at byte %zu", pos);
            goto out;
        }
        if (ck_batch_size(&h) > len - pos)
            break; /* partial trailing batch */
        if (ck_batch_is_control(&h)) {
            pos += ck_batch_size(&h);
            continue;
        }
        if (ck_rec_iter_init(&it, p + pos, len - pos, CK_RECORD_MAX_INFLATE) != 0) {
            ck_errf(err, errlen, "batch at offset %lld: %s", (long long)h.base_offset, it.err);
            ck_rec_iter_free(&it);
            goto out;
        }
        attrs = (magic == 1 && (h.attributes & CK_ATTR_LOG_APPEND_TIME)) ? CK_ATTR_LOG_APPEND_TIME : 0;
        while ((st = ck_rec_iter_next(&it, &rec)) == 1)
            write_legacy(out, magic, rec.offset, attrs, rec.timestamp, &rec);
        if (st < 0) {
            ck_errf(err, errlen, "batch at offset %lld: %s", (long long)h.base_offset, it.err);
            ck_rec_iter_free(&it);
            goto out;
        }
        ck_rec_iter_free(&it);
        pos += ck_batch_size(&h);
    }
    rc = 0;
out:
    if (rc != 0)
        out->len = start;
    return rc;
}
