/*
 * wire.c — the primitive Kafka wire types the generated codecs (kmsg_*.c) are
 * built from: classic and compact strings, bytes, records and array lengths,
 * UUIDs and tagged-field framing.  Readers use the sticky-error ck_rd: on any
 * malformed or truncated input they set rd->err and return an empty value, and
 * they never look past rd->end.  Writers append to a ck_wb.
 *
 * Thread: every function is reentrant.
 */
#include <string.h>

#include "protocol/kmsg.h"

/* Reads a length prefix: int16 (strings) or int32 (bytes) when classic,
 * uvarint N+1 when compact.  Returns the length, -1 for null, or -2 when
 * malformed (rd->err is then set). */
static int64_t rd_len(ck_rd *rd, bool compact, bool wide)
{
    int64_t n;

    if (compact) {
        uint32_t u = ck_rd_uvarint32(rd);
        n = (int64_t)u - 1;
    } else if (wide) {
        n = ck_rd_i32(rd);
    } else {
        n = ck_rd_i16(rd);
    }
    if (rd->err || n < -1 || n > INT32_MAX) {
        rd->err = 1;
        return -2;
    }
    return n;
}

/* Reads a length-prefixed blob; p and len get the view (len -1 = null). */
static void rd_blob(ck_rd *rd, bool compact, bool wide, bool nullable, const uint8_t **p, int32_t *len)
{
    int64_t n = rd_len(rd, compact, wide);

    *p = NULL;
    *len = 0;
    if (n == -2)
        return;
    if (n == -1) {
        if (!nullable)
            rd->err = 1;
        else
            *len = -1;
        return;
    }
    *p = ck_rd_bytes(rd, (size_t)n);
    if (*p != NULL)
        *len = (int32_t)n;
}

/** @brief Reads a (compact) nullable string; null where not nullable is an error. */
void ck_protocol_rd_str(ck_rd *rd, bool compact, bool nullable, ck_str *s)
{
    const uint8_t *p;

    rd_blob(rd, compact, false, nullable, &p, &s->len);
    s->p = (const char *)p;
}

/** @brief Reads (compact) bytes. */
void ck_protocol_rd_bytes(ck_rd *rd, bool compact, bool nullable, ck_bytes *b)
{
    rd_blob(rd, compact, true, nullable, &b->p, &b->len);
}

/** @brief Reads a (compact) records field as a view into the input (fd = -1). */
void ck_protocol_rd_records(ck_rd *rd, bool compact, bool nullable, ck_records *r)
{
    rd_blob(rd, compact, true, nullable, &r->p, &r->len);
    r->fd = -1;
    r->file_off = 0;
    r->ref = NULL;
}

/** @brief Reads a 16-byte UUID into out (zeroes on error). */
void ck_protocol_rd_uuid(ck_rd *rd, uint8_t out[16])
{
    const uint8_t *p = ck_rd_bytes(rd, 16);

    if (p != NULL)
        memcpy(out, p, 16);
    else
        memset(out, 0, 16);
}

/** @brief Reads an array count: n >= 0, -1 for null, 0 with rd->err set when malformed,
 *  null where not nullable, or when n elements of min_elem_size bytes cannot fit in
 *  what is left (so a forged count never causes a large allocation). */
int32_t ck_protocol_rd_array_len(ck_rd *rd, bool compact, bool nullable, size_t min_elem_size)
{
    int64_t n = rd_len(rd, compact, true);

    if (min_elem_size == 0)
        min_elem_size = 1;
    if (n == -2)
        return 0;
    if (n == -1) {
        if (!nullable) {
            rd->err = 1;
            return 0;
        }
        return -1;
    }
    if ((uint64_t)n > ck_rd_left(rd) / min_elem_size) {
        rd->err = 1;
        return 0;
    }
    return (int32_t)n;
}

/* Writes a length prefix (len -1 = null; null where not nullable becomes empty). */
static void wr_len(ck_wb *wb, bool compact, bool wide, bool nullable, int32_t len)
{
    if (len < 0 && !nullable)
        len = 0;
    if (len < -1)
        len = -1;
    if (compact)
        ck_wb_uvarint(wb, (uint64_t)((int64_t)len + 1));
    else if (wide)
        ck_wb_i32(wb, len);
    else
        ck_wb_i16(wb, (int16_t)len);
}

/** @brief Writes a (compact) string; null where not nullable is written empty. */
void ck_protocol_wr_str(ck_wb *wb, bool compact, bool nullable, const ck_str *s)
{
    wr_len(wb, compact, false, nullable, s->len);
    if (s->len > 0)
        ck_wb_put(wb, s->p, (size_t)s->len);
}

/** @brief Writes (compact) bytes; null where not nullable is written empty. */
void ck_protocol_wr_bytes(ck_wb *wb, bool compact, bool nullable, const ck_bytes *b)
{
    wr_len(wb, compact, true, nullable, b->len);
    if (b->len > 0)
        ck_wb_put(wb, b->p, (size_t)b->len);
}

/** @brief Writes a (compact) records field: memory bytes, or with fd >= 0 the length
 *  prefix then a file range spliced into wb (ref is handed to ck_wb_splice_file). */
void ck_protocol_wr_records(ck_wb *wb, bool compact, bool nullable, const ck_records *r)
{
    wr_len(wb, compact, true, nullable, r->len);
    if (r->len <= 0)
        return;
    if (r->fd >= 0)
        ck_wb_splice_file(wb, r->fd, r->file_off, (size_t)r->len, r->ref);
    else
        ck_wb_put(wb, r->p, (size_t)r->len);
}

/** @brief Writes an array count (n -1 = null; null where not nullable becomes 0). */
void ck_protocol_wr_array_len(ck_wb *wb, bool compact, bool nullable, int32_t n)
{
    wr_len(wb, compact, true, nullable, n);
}

/** @brief Starts a tagged field: writes the tag and returns the mark for ..._tag_end. */
size_t ck_protocol_wr_tag_begin(ck_wb *wb, uint32_t tag)
{
    ck_wb_uvarint(wb, tag);
    return wb->len;
}

/** @brief Ends a tagged field: inserts the uvarint size of the bytes written since mark.
 *  Tagged fields never hold records, so no file range lies after mark. */
void ck_protocol_wr_tag_end(ck_wb *wb, size_t mark)
{
    size_t n = wb->len - mark;
    size_t k = ck_uvarint_size(n);

    ck_wb_reserve(wb, k);
    memmove(wb->buf + mark + k, wb->buf + mark, n);
    ck_put_uvarint(wb->buf + mark, n);
    wb->len += k;
}

/** @brief true when all 16 bytes are zero. */
bool ck_protocol_uuid_is_zero(const uint8_t u[16])
{
    for (int i = 0; i < 16; i++)
        if (u[i] != 0)
            return false;
    return true;
}

/** @brief true when s holds exactly the NUL-terminated lit. */
bool ck_protocol_str_eq_lit(const ck_str *s, const char *lit)
{
    size_t n = strlen(lit);

    return s->len >= 0 && (size_t)s->len == n && (n == 0 || memcmp(s->p, lit, n) == 0);
}
