/*
 * buf.c — the byte-level codec primitives of util/: LEB128 and zig-zag varint
 * readers for ck_rd, and the growable ck_wb writer.  A ck_wb holds bytes in
 * memory plus an ordered list of file ranges "spliced" into the output between
 * memory bytes, so a fetch response can point at segment data and let the
 * network layer sendfile(2) it instead of copying.  Nothing here is
 * thread-safe: a reader or writer belongs to one thread at a time.
 */
#include "util/util.h"

/* ===================================================================== */
/* Varint readers                                                         */
/* ===================================================================== */

/* Reads an unsigned LEB128 of at most maxbytes bytes; for the last allowed
 * byte only the bits that still fit in `bits` may be set. */
static uint64_t rd_leb128(ck_rd *rd, unsigned maxbytes, unsigned bits)
{
    uint64_t v = 0;
    unsigned shift = 0;
    unsigned i;

    if (rd->err)
        return 0;
    for (i = 0; i < maxbytes; i++) {
        uint8_t b;
        if (rd->p >= rd->end) {
            rd->err = 1;
            return 0;
        }
        b = *rd->p++;
        if (i == maxbytes - 1) {
            /* Last byte: no continuation, no bits past `bits`. */
            unsigned room = bits - shift;
            if ((b & 0x80) || (room < 7 && (b >> room) != 0)) {
                rd->err = 1;
                return 0;
            }
        }
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
        shift += 7;
    }
    rd->err = 1;
    return 0;
}

/** @brief Unsigned LEB128 (<= 10 bytes, 64 bits); sticky error on overrun/overlong. */
uint64_t ck_rd_uvarint(ck_rd *rd)
{
    return rd_leb128(rd, 10, 64);
}

/** @brief Unsigned LEB128 (<= 5 bytes) that must fit 32 bits. */
uint32_t ck_rd_uvarint32(ck_rd *rd)
{
    return (uint32_t)rd_leb128(rd, 5, 32);
}

/** @brief Zig-zag signed 32-bit varint (<= 5 bytes), any length. */
int32_t ck_rd_varint_slow(ck_rd *rd)
{
    uint32_t u = (uint32_t)rd_leb128(rd, 5, 32);
    return (int32_t)((u >> 1) ^ (0u - (u & 1)));
}

/** @brief Zig-zag signed 64-bit varint (<= 10 bytes), any length. */
int64_t ck_rd_varlong_slow(ck_rd *rd)
{
    uint64_t u = rd_leb128(rd, 10, 64);
    return (int64_t)((u >> 1) ^ (0ull - (u & 1)));
}

/* ===================================================================== */
/* Varint encoders                                                        */
/* ===================================================================== */

/* The encoders and size functions are static inline in util.h. */

/* ===================================================================== */
/* Writer                                                                 */
/* ===================================================================== */

/** @brief Initialises an empty writer with `initial` bytes reserved (0 allowed). */
void ck_wb_init(ck_wb *wb, size_t initial)
{
    memset(wb, 0, sizeof(*wb));
    if (initial) {
        wb->buf = ck_malloc(initial);
        wb->cap = initial;
    }
}

static void wb_release_exts(ck_wb *wb)
{
    size_t i;
    if (wb->release) {
        for (i = 0; i < wb->next; i++)
            if (wb->ext[i].ref)
                wb->release(wb->ext[i].ref);
    }
    wb->next = 0;
    wb->ext_bytes = 0;
}

/** @brief Releases the buffer and every spliced range's ref; wb can be re-inited. */
void ck_wb_free(ck_wb *wb)
{
    wb_release_exts(wb);
    ck_free(wb->buf);
    ck_free(wb->ext);
    memset(wb, 0, sizeof(*wb));
}

/** @brief Empties the writer (keeps capacity, releases spliced ranges). */
void ck_wb_reset(ck_wb *wb)
{
    wb_release_exts(wb);
    wb->len = 0;
}

/** @brief Grows to room for n more bytes (ck_wb_reserve's slow path);
 *  returns the write pointer (len unchanged). */
uint8_t *ck_wb_grow(ck_wb *wb, size_t n)
{
    if (wb->cap - wb->len < n) {
        size_t ncap = wb->cap ? wb->cap : 64;
        while (ncap - wb->len < n) {
            if (ncap > SIZE_MAX / 2) {
                ncap = wb->len + n;
                break;
            }
            ncap *= 2;
        }
        wb->buf = ck_realloc(wb->buf, ncap);
        wb->cap = ncap;
    }
    return wb->buf + wb->len;
}

/** @brief Appends n bytes. */
void ck_wb_put(ck_wb *wb, const void *p, size_t n)
{
    if (n == 0)
        return;
    memcpy(ck_wb_reserve(wb, n), p, n);
    wb->len += n;
}

/** @brief Appends an int8. */
void ck_wb_i8(ck_wb *wb, int8_t v)
{
    *ck_wb_reserve(wb, 1) = (uint8_t)v;
    wb->len += 1;
}

/** @brief Appends a big-endian int16. */
void ck_wb_i16(ck_wb *wb, int16_t v)
{
    ck_put_be16(ck_wb_reserve(wb, 2), (uint16_t)v);
    wb->len += 2;
}

/** @brief Appends a big-endian int32. */
void ck_wb_i32(ck_wb *wb, int32_t v)
{
    ck_put_be32(ck_wb_reserve(wb, 4), (uint32_t)v);
    wb->len += 4;
}

/** @brief Appends a big-endian int64. */
void ck_wb_i64(ck_wb *wb, int64_t v)
{
    ck_put_be64(ck_wb_reserve(wb, 8), (uint64_t)v);
    wb->len += 8;
}

/** @brief Appends a big-endian IEEE-754 double. */
void ck_wb_f64(ck_wb *wb, double v)
{
    uint64_t u;
    memcpy(&u, &v, 8);
    ck_wb_i64(wb, (int64_t)u);
}

/** @brief Appends an unsigned LEB128. */
void ck_wb_uvarint(ck_wb *wb, uint64_t v)
{
    wb->len += ck_put_uvarint(ck_wb_reserve(wb, 10), v);
}

/** @brief Appends a zig-zag varint. */
void ck_wb_varint(ck_wb *wb, int32_t v)
{
    wb->len += ck_put_varint(ck_wb_reserve(wb, 10), v);
}

/** @brief Appends a zig-zag varlong. */
void ck_wb_varlong(ck_wb *wb, int64_t v)
{
    wb->len += ck_put_varlong(ck_wb_reserve(wb, 10), v);
}

/** @brief Splices len bytes of fd at off after the bytes written so far.
 *  The writer borrows fd; ref (may be NULL) is passed to wb->release at free/reset. */
void ck_wb_splice_file(ck_wb *wb, int fd, int64_t off, size_t len, void *ref)
{
    ck_wb_ext *e;

    if (wb->next > 0) {
        /* Merge with the previous range when contiguous in the same file. */
        e = &wb->ext[wb->next - 1];
        if (e->at == wb->len && e->fd == fd && e->off + (int64_t)e->len == off && ref == NULL) {
            e->len += len;
            wb->ext_bytes += len;
            return;
        }
    }
    if (wb->next == wb->ecap) {
        size_t ncap = wb->ecap ? wb->ecap * 2 : 8;
        wb->ext = ck_realloc(wb->ext, ncap * sizeof(*wb->ext));
        wb->ecap = ncap;
    }
    e = &wb->ext[wb->next++];
    e->at = wb->len;
    e->fd = fd;
    e->off = off;
    e->len = len;
    e->ref = ref;
    wb->ext_bytes += len;
}
