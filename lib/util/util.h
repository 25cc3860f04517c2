/*
 * util.h — the bottom layer of libchronik: byte readers and writers, varints,
 * CRC-32C, murmur2, clocks, logging, a bump arena, a string-keyed hash map and
 * a small JSON writer.  Nothing here knows about Kafka semantics; every other
 * subsystem builds on these pieces.
 *
 * Readers use a sticky error: every ck_rd_* call on a reader that has already
 * failed (or that runs past its end) returns zero/NULL and leaves rd->err set,
 * so a decoder checks once at the end instead of after every field.
 */
#ifndef CK_UTIL_H
#define CK_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__)
#define CK_LIKELY(x)   __builtin_expect(!!(x), 1)
#define CK_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define CK_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CK_LIKELY(x)   (x)
#define CK_UNLIKELY(x) (x)
#define CK_PRINTF(a, b)
#endif

#define CK_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define CK_MIN(a, b) ((a) < (b) ? (a) : (b))
#define CK_MAX(a, b) ((a) > (b) ? (a) : (b))

/* ===================================================================== */
/* Allocation: abort on out-of-memory (like Redis' zmalloc).             */
/* ===================================================================== */

void *ck_malloc(size_t n);
void *ck_calloc(size_t n, size_t sz);
void *ck_realloc(void *p, size_t n);
char *ck_strdup(const char *s);
char *ck_strndup(const char *s, size_t n);
void *ck_memdup(const void *p, size_t n);
void  ck_free(void *p);

/* ===================================================================== */
/* Arena: bump allocator; everything is released at once by ck_arena_free */
/* ===================================================================== */

typedef struct ck_arena_chunk ck_arena_chunk;
typedef struct ck_arena {
    ck_arena_chunk *head;
    size_t          used;  /* bytes used in head */
    size_t          cap;   /* bytes usable in head */
} ck_arena;

void  ck_arena_init(ck_arena *a);
/** @brief Zeroed, 8-byte-aligned memory living until ck_arena_free/reset. */
void *ck_arena_alloc(ck_arena *a, size_t n);
char *ck_arena_strndup(ck_arena *a, const char *s, size_t n);
void  ck_arena_reset(ck_arena *a);   /* keeps one chunk for reuse */
void  ck_arena_free(ck_arena *a);

/* ===================================================================== */
/* Big-endian loads and stores                                            */
/* ===================================================================== */

static inline uint16_t ck_be16(const uint8_t *p) { return (uint16_t)((p[0] << 8) | p[1]); }
static inline uint32_t ck_be32(const uint8_t *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}
static inline uint64_t ck_be64(const uint8_t *p) { return ((uint64_t)ck_be32(p) << 32) | ck_be32(p + 4); }
static inline void ck_put_be16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static inline void ck_put_be32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}
static inline void ck_put_be64(uint8_t *p, uint64_t v) { ck_put_be32(p, (uint32_t)(v >> 32)); ck_put_be32(p + 4, (uint32_t)v); }

/* ===================================================================== */
/* Reader with sticky error                                               */
/* ===================================================================== */

typedef struct ck_rd {
    const uint8_t *p;    /* next byte */
    const uint8_t *end;  /* one past the last byte */
    int            err;  /* non-zero once any read failed; sticky */
} ck_rd;

static inline void ck_rd_init(ck_rd *rd, const void *data, size_t len) {
    rd->p = (const uint8_t *)data; rd->end = rd->p + len; rd->err = 0;
}
static inline size_t ck_rd_left(const ck_rd *rd) { return rd->err ? 0 : (size_t)(rd->end - rd->p); }
static inline bool ck_rd_need(ck_rd *rd, size_t n) {
    if (CK_UNLIKELY(rd->err || (size_t)(rd->end - rd->p) < n)) { rd->err = 1; return false; }
    return true;
}
static inline int8_t ck_rd_i8(ck_rd *rd) { if (!ck_rd_need(rd, 1)) return 0; return (int8_t)*rd->p++; }
static inline int16_t ck_rd_i16(ck_rd *rd) {
    int16_t v;
    if (!ck_rd_need(rd, 2)) return 0;
    v = (int16_t)ck_be16(rd->p); rd->p += 2; return v;
}
static inline uint16_t ck_rd_u16(ck_rd *rd) { return (uint16_t)ck_rd_i16(rd); }
static inline int32_t ck_rd_i32(ck_rd *rd) {
    int32_t v;
    if (!ck_rd_need(rd, 4)) return 0;
    v = (int32_t)ck_be32(rd->p); rd->p += 4; return v;
}
static inline uint32_t ck_rd_u32(ck_rd *rd) { return (uint32_t)ck_rd_i32(rd); }
static inline int64_t ck_rd_i64(ck_rd *rd) {
    int64_t v;
    if (!ck_rd_need(rd, 8)) return 0;
    v = (int64_t)ck_be64(rd->p); rd->p += 8; return v;
}
static inline double ck_rd_f64(ck_rd *rd) { uint64_t u = (uint64_t)ck_rd_i64(rd); double d; memcpy(&d, &u, 8); return d; }
/** @brief A view of the next n bytes (NULL and sticky error if fewer remain). */
static inline const uint8_t *ck_rd_bytes(ck_rd *rd, size_t n) {
    const uint8_t *p;
    if (!ck_rd_need(rd, n)) return NULL;
    p = rd->p; rd->p += n; return p;
}
uint64_t ck_rd_uvarint(ck_rd *rd);   /* unsigned LEB128, at most 10 bytes */
uint32_t ck_rd_uvarint32(ck_rd *rd); /* unsigned LEB128, at most 5 bytes, fits 32 bits */
/** @brief The general decoders behind ck_rd_varint / ck_rd_varlong. */
int32_t  ck_rd_varint_slow(ck_rd *rd);
int64_t  ck_rd_varlong_slow(ck_rd *rd);
/* Record fields are mostly one- or two-byte varints: those decode inline. */
static inline bool ck_rd_varint_fast(ck_rd *rd, uint64_t *u) {
    if (CK_UNLIKELY(rd->err || rd->end - rd->p < 2)) return false;
    if (rd->p[0] < 0x80) { *u = rd->p[0]; rd->p += 1; return true; }
    if (rd->p[1] < 0x80) { *u = (uint64_t)(rd->p[0] & 0x7f) | ((uint64_t)rd->p[1] << 7); rd->p += 2; return true; }
    return false;
}
/** @brief Zig-zag varint, at most 5 bytes (sticky error on bad input). */
static inline int32_t ck_rd_varint(ck_rd *rd) {
    uint64_t u;
    if (CK_LIKELY(ck_rd_varint_fast(rd, &u))) return (int32_t)((uint32_t)(u >> 1) ^ (0u - (uint32_t)(u & 1)));
    return ck_rd_varint_slow(rd);
}
/** @brief Zig-zag varlong, at most 10 bytes (sticky error on bad input). */
static inline int64_t ck_rd_varlong(ck_rd *rd) {
    uint64_t u;
    if (CK_LIKELY(ck_rd_varint_fast(rd, &u))) return (int64_t)((u >> 1) ^ (0ull - (u & 1)));
    return ck_rd_varlong_slow(rd);
}

/* ===================================================================== */
/* Writer: a growable byte buffer that may splice in file ranges          */
/* ===================================================================== */

/* A file range spliced into the output at memory position `at`: the sender
 * writes buf[prev_at..at), then len bytes of fd from off (sendfile).  The
 * writer does not own fd: the caller keeps it open until the buffer is sent
 * (kafka/ holds a reference on the segment). */
typedef struct ck_wb_ext {
    size_t  at;
    int     fd;
    int64_t off;
    size_t  len;
    void   *ref;                   /* released with ck_wb_ext_release_fn */
} ck_wb_ext;

typedef void (*ck_wb_ext_release_fn)(void *ref);

typedef struct ck_wb {
    uint8_t   *buf;
    size_t     len;    /* bytes of memory written */
    size_t     cap;
    ck_wb_ext *ext;    /* spliced file ranges, ordered by `at` */
    size_t     next, ecap;
    size_t     ext_bytes;            /* total bytes of all ext ranges */
    ck_wb_ext_release_fn release;    /* called on each ext->ref at free */
} ck_wb;

void    ck_wb_init(ck_wb *wb, size_t initial);
void    ck_wb_free(ck_wb *wb);
void    ck_wb_reset(ck_wb *wb);
/** @brief Grows the buffer to hold n more bytes; returns the write pointer. */
uint8_t *ck_wb_grow(ck_wb *wb, size_t n);
/** @brief Ensure room for n more bytes; returns the write pointer (len unchanged). */
static inline uint8_t *ck_wb_reserve(ck_wb *wb, size_t n) {
    if (CK_LIKELY(wb->cap - wb->len >= n)) return wb->buf + wb->len;
    return ck_wb_grow(wb, n);
}
static inline size_t ck_wb_total(const ck_wb *wb) { return wb->len + wb->ext_bytes; }
void ck_wb_put(ck_wb *wb, const void *p, size_t n);
void ck_wb_i8(ck_wb *wb, int8_t v);
void ck_wb_i16(ck_wb *wb, int16_t v);
void ck_wb_i32(ck_wb *wb, int32_t v);
void ck_wb_i64(ck_wb *wb, int64_t v);
void ck_wb_f64(ck_wb *wb, double v);
void ck_wb_uvarint(ck_wb *wb, uint64_t v);
void ck_wb_varint(ck_wb *wb, int32_t v);
void ck_wb_varlong(ck_wb *wb, int64_t v);
/** @brief Splice len bytes of fd at off into the output at the current position. */
void ck_wb_splice_file(ck_wb *wb, int fd, int64_t off, size_t len, void *ref);
/** @brief Overwrite 4 bytes at pos (e.g. a length prefix written as a placeholder). */
static inline void ck_wb_patch_i32(ck_wb *wb, size_t pos, int32_t v) { ck_put_be32(wb->buf + pos, (uint32_t)v); }

static inline uint64_t ck_zz64(int64_t v) { return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63); }
static inline uint32_t ck_zz32(int32_t v) { return ((uint32_t)v << 1) ^ (uint32_t)(v >> 31); }
/** @brief Encoded size of an unsigned LEB128 / a zig-zag varint / varlong. */
static inline size_t ck_uvarint_size(uint64_t v) {
    size_t n = 1;
    while (v >= 0x80) { v >>= 7; n++; }
    return n;
}
static inline size_t ck_varint_size(int32_t v) { return ck_uvarint_size(ck_zz32(v)); }
static inline size_t ck_varlong_size(int64_t v) { return ck_uvarint_size(ck_zz64(v)); }
/* Encode into p (at least 10 bytes); returns bytes written. */
static inline size_t ck_put_uvarint(uint8_t *p, uint64_t v) {
    size_t n = 0;
    while (v >= 0x80) { p[n++] = (uint8_t)(v | 0x80); v >>= 7; }
    p[n++] = (uint8_t)v;
    return n;
}
static inline size_t ck_put_varint(uint8_t *p, int32_t v) { return ck_put_uvarint(p, ck_zz32(v)); }
static inline size_t ck_put_varlong(uint8_t *p, int64_t v) { return ck_put_uvarint(p, ck_zz64(v)); }

/* ===================================================================== */
/* Checksums and hashes                                                   */
/* ===================================================================== */

/** @brief CRC-32C (Castagnoli) of buf, continuing from crc (start with 0).
 *  Uses SSE4.2 / ARMv8 CRC instructions when the CPU has them. */
uint32_t ck_crc32c(uint32_t crc, const void *buf, size_t len);
/** @brief The portable table-driven CRC-32C, for tests and fallback. */
uint32_t ck_crc32c_sw(uint32_t crc, const void *buf, size_t len);
/** @brief true when ck_crc32c uses a hardware instruction. */
bool     ck_crc32c_hw_available(void);
/** @brief CRC-32 (IEEE, zlib) for legacy message sets. */
uint32_t ck_crc32(uint32_t crc, const void *buf, size_t len);
/** @brief Kafka's murmur2 as used by the Java default partitioner. */
uint32_t ck_murmur2(const void *key, size_t len);

/* ===================================================================== */
/* Clocks                                                                 */
/* ===================================================================== */

int64_t ck_now_ms(void);        /* wall clock, ms since the epoch */
int64_t ck_mono_ms(void);       /* monotonic, ms */
int64_t ck_mono_us(void);       /* monotonic, µs */
int64_t ck_mono_ns(void);       /* monotonic, ns */

/** @brief Formats an error message into err (errlen bytes); err NULL or
 *  errlen 0 does nothing.  The one helper behind every errbuf parameter. */
void ck_errf(char *err, size_t errlen, const char *fmt, ...) CK_PRINTF(3, 4);

/* ===================================================================== */
/* Logging                                                                */
/* ===================================================================== */

typedef enum { CK_LOG_ERROR = 0, CK_LOG_WARN, CK_LOG_INFO, CK_LOG_DEBUG, CK_LOG_TRACE } ck_log_level;

extern int ck_log_threshold;     /* messages above it are dropped */
/** @brief Parses error|warn|info|debug|trace (case-insensitive); -1 if unknown. */
int  ck_log_parse_level(const char *s);
void ck_log_write(ck_log_level lvl, const char *subsys, const char *fmt, ...) CK_PRINTF(3, 4);
#define CK_LOG(lvl, sub, ...) do { if ((int)(lvl) <= ck_log_threshold) ck_log_write((lvl), (sub), __VA_ARGS__); } while (0)
#define CK_ERR(sub, ...)   CK_LOG(CK_LOG_ERROR, sub, __VA_ARGS__)
#define CK_WARN(sub, ...)  CK_LOG(CK_LOG_WARN, sub, __VA_ARGS__)
#define CK_INFO(sub, ...)  CK_LOG(CK_LOG_INFO, sub, __VA_ARGS__)
#define CK_DEBUG(sub, ...) CK_LOG(CK_LOG_DEBUG, sub, __VA_ARGS__)

/* ===================================================================== */
/* Latency histograms (Prometheus-style, fixed buckets)                   */
/* ===================================================================== */

#define CK_HIST_BUCKETS 14
/* Upper bounds, in seconds, of the buckets (+Inf is implied). */
extern const double ck_hist_bounds[CK_HIST_BUCKETS];

/* Per-bucket (non-cumulative) counts, total count and sum; updated with
 * relaxed atomics from any thread, copied with ck_hist_snapshot to render. */
typedef struct ck_hist {
    uint64_t bucket[CK_HIST_BUCKETS + 1];   /* the last one: above every bound */
    uint64_t count;
    uint64_t sum_us;
} ck_hist;

/** @brief Records one observation of us microseconds.  Lock-free, any thread. */
void ck_hist_observe(ck_hist *h, uint64_t us);
/** @brief Copies src into dst with atomic loads.  Any thread. */
void ck_hist_snapshot(ck_hist *dst, const ck_hist *src);

/* ===================================================================== */
/* Hash map: string keys (copied), void * values                          */
/* ===================================================================== */

typedef struct ck_map_entry { char *key; size_t klen; uint64_t hash; void *val; } ck_map_entry;
typedef struct ck_map { ck_map_entry *slots; size_t cap, count, tomb; } ck_map;

void  ck_map_init(ck_map *m);
void  ck_map_free(ck_map *m);               /* frees keys, not values */
void *ck_map_get(const ck_map *m, const char *key, size_t klen);
/** @brief Inserts or replaces; returns the previous value or NULL. */
void *ck_map_put(ck_map *m, const char *key, size_t klen, void *val);
void *ck_map_del(ck_map *m, const char *key, size_t klen);
/** @brief Iterate: *it starts at 0; returns false at the end. */
bool  ck_map_next(const ck_map *m, size_t *it, const char **key, size_t *klen, void **val);
uint64_t ck_hash_bytes(const void *p, size_t n);

/* ===================================================================== */
/* JSON writer (into a ck_wb)                                             */
/* ===================================================================== */

void ck_json_str(ck_wb *wb, const char *s, size_t n);      /* quoted, escaped */
void ck_json_cstr(ck_wb *wb, const char *s);               /* NULL -> null */
void ck_json_raw(ck_wb *wb, const char *s);
void ck_json_i64(ck_wb *wb, int64_t v);
void ck_json_f64(ck_wb *wb, double v);

/* ===================================================================== */
/* Files                                                                  */
/* ===================================================================== */

/** @brief mkdir -p; 0 or -1 with errno. */
int ck_mkdirs(const char *path, int mode);
/** @brief rm -rf; 0 or -1 with errno. */
int ck_rmtree(const char *path);
/** @brief fsync the directory holding path (after create/rename/unlink). */
int ck_fsync_dir(const char *dir);
/** @brief write all or fail (-1, errno). */
int ck_write_all(int fd, const void *buf, size_t len);
int ck_pwrite_all(int fd, const void *buf, size_t len, int64_t off);
/** @brief read exactly len (0), short (1, EOF), or -1 with errno. */
int ck_pread_all(int fd, void *buf, size_t len, int64_t off);

#endif /* CK_UTIL_H */
