/*
 * colblock.c — column vectors and column blocks.  The materializer buffers
 * the rows it inserts into a columnar topic's table one vector per column
 * (ck_sql_colvec) and, every CK_SQL_BLOCK_ROWS rows, encodes each vector
 * into one compact BLOB of "$blocks": integers as offsets from the block's
 * minimum in 1, 2, 4 or 8 bytes, reals as 8-byte doubles, text and blobs
 * through a dictionary when values repeat (else one after the other), mixed
 * storage classes with a tag per row, and a bitmap of the non-NULL rows when
 * there are NULLs.  The aggregate path (agg.c) decodes a block of a column
 * in one pass instead of reading its rows through SQLite.
 *
 * Also here: SQLite's ordering of values and the widening conversions, so
 * that the materializer, the blocks and the aggregate path agree with what
 * SQLite itself does with the table's rows.
 *
 * BLOB layout (little-endian):
 *   u8 version (1), u8 encoding (CK_BLK_*), u8 storage class of the rows
 *   (CHRONIK_SQL_*, 0 when mixed), u8 flags (bit 0: a non-NULL bitmap
 *   follows), u32 rows; [bitmap, (rows + 7) / 8 bytes]; then
 *   INT      u8 width, i64 base, rows x width bytes (value - base)
 *   REAL     rows x f64
 *   DICT     u32 entries, u8 code width, u32 offsets[entries + 1], bytes,
 *            rows x code width
 *   PLAIN    u32 offsets[rows + 1], bytes
 *   GENERIC  u8 tags[rows], i64 values[rows] (INTEGER, or REAL bits),
 *            u32 offsets[rows + 1], bytes
 * NULL rows hold zeros / empty strings.
 *
 * Threads: no shared state; a vector or block belongs to one thread.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "sql/sql_int.h"

#define BLK_VERSION 1
#define BLK_HDR     8

/* ===================================================================== */
/* Byte order                                                            */
/* ===================================================================== */

static inline void put_le32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}
static inline void put_le64(uint8_t *p, uint64_t v) {
    put_le32(p, (uint32_t)v);
    put_le32(p + 4, (uint32_t)(v >> 32));
}
static inline uint32_t get_le32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline uint64_t get_le64(const uint8_t *p) { return (uint64_t)get_le32(p) | ((uint64_t)get_le32(p + 4) << 32); }
static inline uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static inline double bitsd(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }

static uint64_t hash_bytes(const uint8_t *p, size_t n) {
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
        p += 8;
        n -= 8;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++) w |= (uint64_t)p[i] << (8 * i);
    h = (h ^ w) * 0x94d049bb133111ebull;
    h ^= h >> 29;
    return h;
}

/* ===================================================================== */
/* Values                                                                */
/* ===================================================================== */

/* INTEGER i against REAL r the way SQLite compares them (exactly). */
static int int_real_cmp(int64_t i, double r) {
    if (isnan(r)) return 1; /* SQLite stores no NaN; order it below every number */
    if (r < -9223372036854775808.0) return 1;
    if (r >= 9223372036854775808.0) return -1;
    int64_t y = (int64_t)r;
    if (i < y) return -1;
    if (i > y) return 1;
    double s = (double)i;
    if (s < r) return -1;
    if (s > r) return 1;
    return 0;
}

static int class_rank(int type) {
    switch (type) {
    case CHRONIK_SQL_NULL: return 0;
    case CHRONIK_SQL_INTEGER:
    case CHRONIK_SQL_REAL: return 1;
    case CHRONIK_SQL_TEXT: return 2;
    default: return 3;
    }
}

int ck_sql_val_cmp(const ck_sql_val *a, const ck_sql_val *b) {
    int ra = class_rank(a->type), rb = class_rank(b->type);
    if (ra != rb) return ra < rb ? -1 : 1;
    switch (ra) {
    case 0: return 0;
    case 1:
        if (a->type == CHRONIK_SQL_INTEGER && b->type == CHRONIK_SQL_INTEGER) return a->i < b->i ? -1 : a->i > b->i;
        if (a->type == CHRONIK_SQL_REAL && b->type == CHRONIK_SQL_REAL) return a->r < b->r ? -1 : a->r > b->r;
        if (a->type == CHRONIK_SQL_INTEGER) return int_real_cmp(a->i, b->r);
        return -int_real_cmp(b->i, a->r);
    default: {
        size_t n = CK_MIN(a->len, b->len);
        int c = n ? memcmp(a->s, b->s, n) : 0;
        if (c) return c;
        return a->len < b->len ? -1 : a->len > b->len;
    }
    }
}

uint64_t ck_sql_val_hash(const ck_sql_val *v) {
    switch (class_rank(v->type)) {
    case 0: return 0x51ed270b27a4c3a1ull;
    case 1: {
        /* Equal numbers hash alike whatever their class: hash the double
         * (an INTEGER beyond 2^53 may share it with a neighbour; equality
         * is decided by ck_sql_val_cmp). */
        double d = v->type == CHRONIK_SQL_INTEGER ? (double)v->i : v->r;
        if (d == 0) d = 0; /* -0.0 */
        uint64_t h = dbits(d) * 0x9e3779b97f4a7c15ull;
        return h ^ (h >> 29);
    }
    case 2: return hash_bytes(v->s, v->len);
    default: return ~hash_bytes(v->s, v->len);
    }
}

void ck_sql_val_widen(const ck_sql_val *v, int coltype, ck_sql_val *out, char num[32]) {
    *out = *v;
    if (v->type == CHRONIK_SQL_INTEGER && coltype == CK_SQLT_REAL) {
        out->type = CHRONIK_SQL_REAL;
        out->r = (double)v->i;
    } else if ((v->type == CHRONIK_SQL_INTEGER || v->type == CHRONIK_SQL_REAL) && coltype == CK_SQLT_TEXT) {
        /* CAST(x AS TEXT); the text ck_sql_field_cell gives for a REAL. */
        if (v->type == CHRONIK_SQL_INTEGER) snprintf(num, 32, "%lld", (long long)v->i);
        else sqlite3_snprintf(32, num, "%!.15g", v->r);
        out->type = CHRONIK_SQL_TEXT;
        out->s = (const uint8_t *)num;
        out->len = strlen(num);
    }
}

void ck_sql_val_column(sqlite3_stmt *st, int idx, ck_sql_val *out) {
    memset(out, 0, sizeof(*out));
    switch (sqlite3_column_type(st, idx)) {
    case SQLITE_INTEGER:
        out->type = CHRONIK_SQL_INTEGER;
        out->i = sqlite3_column_int64(st, idx);
        break;
    case SQLITE_FLOAT:
        out->type = CHRONIK_SQL_REAL;
        out->r = sqlite3_column_double(st, idx);
        break;
    case SQLITE_TEXT:
        out->type = CHRONIK_SQL_TEXT;
        out->s = sqlite3_column_text(st, idx);
        out->len = (size_t)sqlite3_column_bytes(st, idx);
        break;
    case SQLITE_BLOB:
        out->type = CHRONIK_SQL_BLOB;
        out->s = sqlite3_column_blob(st, idx);
        out->len = (size_t)sqlite3_column_bytes(st, idx);
        break;
    default: out->type = CHRONIK_SQL_NULL; break;
    }
}

/* ===================================================================== */
/* Column vectors                                                        */
/* ===================================================================== */

void ck_sql_colvec_init(ck_sql_colvec *cv) {
    memset(cv, 0, sizeof(*cv));
    ck_wb_init(&cv->bytes, 0);
}

void ck_sql_colvec_free(ck_sql_colvec *cv) {
    ck_free(cv->t);
    ck_free(cv->v);
    ck_free(cv->len);
    ck_wb_free(&cv->bytes);
    memset(cv, 0, sizeof(*cv));
}

void ck_sql_colvec_clear(ck_sql_colvec *cv) {
    cv->n = 0;
    ck_wb_reset(&cv->bytes);
}

static void colvec_grow(ck_sql_colvec *cv, uint32_t need) {
    if (need <= cv->cap) return;
    uint32_t cap = cv->cap ? cv->cap : 64;
    while (cap < need) cap *= 2;
    cv->t = ck_realloc(cv->t, cap);
    cv->v = ck_realloc(cv->v, (size_t)cap * sizeof(int64_t));
    cv->len = ck_realloc(cv->len, (size_t)cap * sizeof(uint32_t));
    cv->cap = cap;
}

void ck_sql_colvec_pad(ck_sql_colvec *cv, uint32_t n) {
    if (cv->n >= n) return;
    colvec_grow(cv, n);
    memset(cv->t + cv->n, CHRONIK_SQL_NULL, n - cv->n);
    memset(cv->v + cv->n, 0, (size_t)(n - cv->n) * sizeof(int64_t));
    memset(cv->len + cv->n, 0, (size_t)(n - cv->n) * sizeof(uint32_t));
    cv->n = n;
}

void ck_sql_colvec_push(ck_sql_colvec *cv, const ck_sql_val *v) {
    if (CK_UNLIKELY(cv->n == cv->cap)) colvec_grow(cv, cv->n + 1);
    uint32_t k = cv->n++;
    cv->t[k] = (uint8_t)v->type;
    cv->len[k] = 0;
    switch (v->type) {
    case CHRONIK_SQL_INTEGER: cv->v[k] = v->i; break;
    case CHRONIK_SQL_REAL: cv->v[k] = (int64_t)dbits(v->r); break;
    case CHRONIK_SQL_TEXT:
    case CHRONIK_SQL_BLOB:
        cv->v[k] = (int64_t)cv->bytes.len;
        cv->len[k] = (uint32_t)v->len;
        if (v->len) ck_wb_put(&cv->bytes, v->s, v->len);
        break;
    default: cv->t[k] = CHRONIK_SQL_NULL; cv->v[k] = 0; break;
    }
}

void ck_sql_colvec_get(const ck_sql_colvec *cv, uint32_t row, ck_sql_val *out) {
    out->s = NULL;
    out->len = 0;
    if (row >= cv->n) {
        out->type = CHRONIK_SQL_NULL;
        return;
    }
    out->type = cv->t[row];
    switch (out->type) {
    case CHRONIK_SQL_INTEGER: out->i = cv->v[row]; break;
    case CHRONIK_SQL_REAL: out->r = bitsd((uint64_t)cv->v[row]); break;
    case CHRONIK_SQL_TEXT:
    case CHRONIK_SQL_BLOB:
        out->s = cv->bytes.buf ? cv->bytes.buf + cv->v[row] : (const uint8_t *)"";
        out->len = cv->len[row];
        break;
    default: break;
    }
}

void ck_sql_colvec_widen(ck_sql_colvec *cv, int coltype) {
    bool any = false;
    for (uint32_t i = 0; i < cv->n && !any; i++)
        any = (cv->t[i] == CHRONIK_SQL_INTEGER && coltype >= CK_SQLT_REAL) ||
              (cv->t[i] == CHRONIK_SQL_REAL && coltype == CK_SQLT_TEXT);
    if (!any) return;
    ck_sql_colvec nv;
    ck_sql_colvec_init(&nv);
    colvec_grow(&nv, cv->n);
    for (uint32_t i = 0; i < cv->n; i++) {
        ck_sql_val v, w;
        char num[32];
        ck_sql_colvec_get(cv, i, &v);
        ck_sql_val_widen(&v, coltype, &w, num);
        ck_sql_colvec_push(&nv, &w);
    }
    ck_sql_colvec_free(cv);
    *cv = nv;
}

/* ===================================================================== */
/* Encoding                                                              */
/* ===================================================================== */

/* Open-addressing table of distinct byte strings for the dictionary. */
typedef struct dict_build {
    uint32_t *slot;     /* entry + 1, 0 = empty */
    uint32_t  mask;
    uint32_t *first;    /* per entry: the row that introduced it */
    uint32_t  n;
} dict_build;

/* Builds the dictionary of rows [0, n) (all TEXT or all BLOB, or NULL);
 * code[] gets each row's entry.  false when more than n / 2 distinct values
 * (a dictionary would not pay). */
static bool build_dict(const ck_sql_colvec *cv, uint32_t n, uint32_t *code, dict_build *d) {
    uint32_t cap = 64;
    while (cap < 2 * n) cap *= 2;
    d->slot = ck_calloc(cap, sizeof(uint32_t));
    d->mask = cap - 1;
    d->first = ck_malloc((size_t)(n / 2 + 1) * sizeof(uint32_t));
    d->n = 0;
    for (uint32_t r = 0; r < n; r++) {
        code[r] = 0;
        if (r >= cv->n || cv->t[r] == CHRONIK_SQL_NULL) continue;
        const uint8_t *s = cv->bytes.buf + cv->v[r];
        size_t len = cv->len[r];
        uint32_t h = (uint32_t)hash_bytes(s, len) & d->mask;
        for (;;) {
            uint32_t e = d->slot[h];
            if (e == 0) {
                if (d->n >= n / 2 + 1) return false;
                d->first[d->n] = r;
                d->slot[h] = ++d->n;
                code[r] = d->n - 1;
                break;
            }
            uint32_t fr = d->first[e - 1];
            if (cv->len[fr] == len && (len == 0 || memcmp(cv->bytes.buf + cv->v[fr], s, len) == 0)) {
                code[r] = e - 1;
                break;
            }
            h = (h + 1) & d->mask;
        }
    }
    return d->n <= n / 2 + 1;
}

static int width_for(uint64_t range) {
    return range < 0x100 ? 1 : range < 0x10000 ? 2 : range < 0x100000000ull ? 4 : 8;
}

static void put_width(uint8_t *p, int w, uint64_t v) {
    switch (w) {
    case 1: p[0] = (uint8_t)v; break;
    case 2: p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); break;
    case 4: put_le32(p, (uint32_t)v); break;
    default: put_le64(p, v); break;
    }
}

static void put_bytes_section(ck_wb *out, const ck_sql_colvec *cv, uint32_t n) {
    uint8_t *o = ck_wb_reserve(out, (size_t)(n + 1) * 4);
    uint32_t off = 0;
    for (uint32_t r = 0; r < n; r++) {
        put_le32(o + 4 * r, off);
        if (r < cv->n && (cv->t[r] == CHRONIK_SQL_TEXT || cv->t[r] == CHRONIK_SQL_BLOB)) off += cv->len[r];
    }
    put_le32(o + 4 * n, off);
    out->len += (size_t)(n + 1) * 4;
    for (uint32_t r = 0; r < n && r < cv->n; r++)
        if ((cv->t[r] == CHRONIK_SQL_TEXT || cv->t[r] == CHRONIK_SQL_BLOB) && cv->len[r])
            ck_wb_put(out, cv->bytes.buf + cv->v[r], cv->len[r]);
}

bool ck_sql_colvec_encode(const ck_sql_colvec *cv, uint32_t n, ck_wb *out) {
    uint32_t nulls = 0, classes = 0;
    int64_t mn = INT64_MAX, mx = INT64_MIN;
    for (uint32_t r = 0; r < n; r++) {
        int t = r < cv->n ? cv->t[r] : CHRONIK_SQL_NULL;
        if (t == CHRONIK_SQL_NULL) {
            nulls++;
            continue;
        }
        classes |= 1u << t;
        if (t == CHRONIK_SQL_INTEGER) {
            if (cv->v[r] < mn) mn = cv->v[r];
            if (cv->v[r] > mx) mx = cv->v[r];
        }
    }
    if (nulls == n) return false;
    int enc, type;
    if (classes == 1u << CHRONIK_SQL_INTEGER) enc = CK_BLK_INT, type = CHRONIK_SQL_INTEGER;
    else if (classes == 1u << CHRONIK_SQL_REAL) enc = CK_BLK_REAL, type = CHRONIK_SQL_REAL;
    else if (classes == 1u << CHRONIK_SQL_TEXT) enc = CK_BLK_DICT, type = CHRONIK_SQL_TEXT;
    else if (classes == 1u << CHRONIK_SQL_BLOB) enc = CK_BLK_DICT, type = CHRONIK_SQL_BLOB;
    else enc = CK_BLK_GENERIC, type = 0;

    uint32_t *code = NULL;
    dict_build d = { 0 };
    if (enc == CK_BLK_DICT) {
        code = ck_malloc((size_t)(n ? n : 1) * sizeof(uint32_t));
        if (!build_dict(cv, n, code, &d)) enc = CK_BLK_PLAIN;
    }

    uint8_t *h = ck_wb_reserve(out, BLK_HDR);
    h[0] = BLK_VERSION;
    h[1] = (uint8_t)enc;
    h[2] = (uint8_t)type;
    h[3] = nulls ? 1 : 0;
    put_le32(h + 4, n);
    out->len += BLK_HDR;
    if (nulls) {
        size_t nb = (n + 7) / 8;
        uint8_t *bm = ck_wb_reserve(out, nb);
        memset(bm, 0, nb);
        for (uint32_t r = 0; r < n && r < cv->n; r++)
            if (cv->t[r] != CHRONIK_SQL_NULL) bm[r >> 3] |= (uint8_t)(1u << (r & 7));
        out->len += nb;
    }
    switch (enc) {
    case CK_BLK_INT: {
        int w = width_for((uint64_t)mx - (uint64_t)mn);
        uint8_t *o = ck_wb_reserve(out, 9 + (size_t)n * (size_t)w);
        o[0] = (uint8_t)w;
        put_le64(o + 1, (uint64_t)mn);
        o += 9;
        for (uint32_t r = 0; r < n; r++, o += w) {
            bool nn = r < cv->n && cv->t[r] == CHRONIK_SQL_INTEGER;
            put_width(o, w, nn ? (uint64_t)cv->v[r] - (uint64_t)mn : 0);
        }
        out->len += 9 + (size_t)n * (size_t)w;
        break;
    }
    case CK_BLK_REAL: {
        uint8_t *o = ck_wb_reserve(out, (size_t)n * 8);
        for (uint32_t r = 0; r < n; r++)
            put_le64(o + 8 * (size_t)r, r < cv->n && cv->t[r] == CHRONIK_SQL_REAL ? (uint64_t)cv->v[r] : 0);
        out->len += (size_t)n * 8;
        break;
    }
    case CK_BLK_DICT: {
        int w = width_for(d.n ? d.n - 1 : 0);
        if (w == 8) w = 4;
        uint8_t *o = ck_wb_reserve(out, 5 + (size_t)(d.n + 1) * 4);
        put_le32(o, d.n);
        o[4] = (uint8_t)w;
        o += 5;
        uint32_t off = 0;
        for (uint32_t e = 0; e < d.n; e++) {
            put_le32(o + 4 * e, off);
            off += cv->len[d.first[e]];
        }
        put_le32(o + 4 * d.n, off);
        out->len += 5 + (size_t)(d.n + 1) * 4;
        for (uint32_t e = 0; e < d.n; e++) {
            uint32_t fr = d.first[e];
            if (cv->len[fr]) ck_wb_put(out, cv->bytes.buf + cv->v[fr], cv->len[fr]);
        }
        o = ck_wb_reserve(out, (size_t)n * (size_t)w);
        for (uint32_t r = 0; r < n; r++) put_width(o + (size_t)r * (size_t)w, w, code[r]);
        out->len += (size_t)n * (size_t)w;
        break;
    }
    case CK_BLK_PLAIN:
        put_bytes_section(out, cv, n);
        break;
    default: {
        uint8_t *o = ck_wb_reserve(out, (size_t)n * 9);
        for (uint32_t r = 0; r < n; r++) {
            int t = r < cv->n ? cv->t[r] : CHRONIK_SQL_NULL;
            o[r] = (uint8_t)t;
            put_le64(o + n + 8 * (size_t)r,
                     t == CHRONIK_SQL_INTEGER || t == CHRONIK_SQL_REAL ? (uint64_t)cv->v[r] : 0);
        }
        out->len += (size_t)n * 9;
        put_bytes_section(out, cv, n);
        break;
    }
    }
    ck_free(code);
    ck_free(d.slot);
    ck_free(d.first);
    return true;
}

/* ===================================================================== */
/* Decoding                                                              */
/* ===================================================================== */

void ck_sql_block_init(ck_sql_block *b) { memset(b, 0, sizeof(*b)); }

void ck_sql_block_free(ck_sql_block *b) {
    ck_free(b->i);
    ck_free(b->r);
    ck_free(b->code);
    ck_free(b->dict);
    ck_free(b->gen);
    ck_free(b->nnbuf);
    memset(b, 0, sizeof(*b));
}

#define ENSURE(ptr, cap, need)                                                       \
    do {                                                                             \
        if ((cap) < (need)) {                                                        \
            (cap) = (need);                                                          \
            (ptr) = ck_realloc((ptr), (cap) * sizeof(*(ptr)));                       \
        }                                                                            \
    } while (0)

/* Reads offsets[cnt + 1] at p (within [p, end)) and checks they are
 * non-decreasing and fit the bytes after them; *bytes, *after set. */
static int read_offsets(const uint8_t *p, const uint8_t *end, uint32_t cnt, const uint8_t **bytes,
                        const uint8_t **after) {
    if ((size_t)(end - p) / 4 < (size_t)cnt + 1) return -1;
    uint32_t prev = 0;
    for (uint32_t k = 0; k <= cnt; k++) {
        uint32_t o = get_le32(p + 4 * (size_t)k);
        if (o < prev) return -1;
        prev = o;
    }
    *bytes = p + 4 * ((size_t)cnt + 1);
    if ((size_t)(end - *bytes) < prev) return -1;
    *after = *bytes + prev;
    return 0;
}

int ck_sql_block_decode(ck_sql_block *b, const uint8_t *p, size_t len) {
    const uint8_t *end = p + len;
    if (len < BLK_HDR || p[0] != BLK_VERSION) return -1;
    b->enc = p[1];
    b->type = p[2];
    uint32_t n = get_le32(p + 4);
    b->n = n;
    b->nn = NULL;
    b->ndict = 0;
    const uint8_t *q = p + BLK_HDR;
    if (n > (1u << 24)) return -1;
    if (p[3] & 1) {
        size_t nb = (n + 7) / 8;
        if ((size_t)(end - q) < nb) return -1;
        ENSURE(b->nnbuf, b->cap_nn, nb ? nb : 1);
        memcpy(b->nnbuf, q, nb);
        b->nn = b->nnbuf;
        q += nb;
    }
    switch (b->enc) {
    case CK_BLK_NULL:
        return 0;
    case CK_BLK_INT: {
        if (b->type != CHRONIK_SQL_INTEGER || (size_t)(end - q) < 9) return -1;
        int w = q[0];
        if (w != 1 && w != 2 && w != 4 && w != 8) return -1;
        uint64_t base = get_le64(q + 1);
        q += 9;
        if ((size_t)(end - q) / (size_t)w < n) return -1;
        ENSURE(b->i, b->cap_i, n ? n : 1);
        switch (w) {
        case 1:
            for (uint32_t r = 0; r < n; r++) b->i[r] = (int64_t)(base + q[r]);
            break;
        case 2:
            for (uint32_t r = 0; r < n; r++) b->i[r] = (int64_t)(base + (uint64_t)(q[2 * r] | (q[2 * r + 1] << 8)));
            break;
        case 4:
            for (uint32_t r = 0; r < n; r++) b->i[r] = (int64_t)(base + get_le32(q + 4 * (size_t)r));
            break;
        default:
            for (uint32_t r = 0; r < n; r++) b->i[r] = (int64_t)(base + get_le64(q + 8 * (size_t)r));
            break;
        }
        return 0;
    }
    case CK_BLK_REAL:
        if (b->type != CHRONIK_SQL_REAL || (size_t)(end - q) / 8 < n) return -1;
        ENSURE(b->r, b->cap_r, n ? n : 1);
        for (uint32_t r = 0; r < n; r++) b->r[r] = bitsd(get_le64(q + 8 * (size_t)r));
        return 0;
    case CK_BLK_DICT: {
        if ((b->type != CHRONIK_SQL_TEXT && b->type != CHRONIK_SQL_BLOB) || (size_t)(end - q) < 5) return -1;
        uint32_t nd = get_le32(q);
        int w = q[4];
        if ((w != 1 && w != 2 && w != 4) || nd > n + 1) return -1;
        const uint8_t *bytes, *after;
        if (read_offsets(q + 5, end, nd, &bytes, &after) != 0) return -1;
        ENSURE(b->dict, b->cap_dict, nd ? nd : 1);
        for (uint32_t e = 0; e < nd; e++) {
            uint32_t o = get_le32(q + 5 + 4 * (size_t)e), o2 = get_le32(q + 5 + 4 * ((size_t)e + 1));
            b->dict[e] = (ck_sql_val){ b->type, 0, 0, bytes + o, o2 - o };
        }
        b->ndict = nd;
        q = after;
        if ((size_t)(end - q) / (size_t)w < n) return -1;
        ENSURE(b->code, b->cap_code, n ? n : 1);
        uint32_t maxc = 0;
        switch (w) {
        case 1:
            for (uint32_t r = 0; r < n; r++) {
                b->code[r] = q[r];
                maxc |= q[r];
            }
            break;
        case 2:
            for (uint32_t r = 0; r < n; r++) {
                b->code[r] = (uint32_t)(q[2 * r] | (q[2 * r + 1] << 8));
                maxc = CK_MAX(maxc, b->code[r]);
            }
            break;
        default:
            for (uint32_t r = 0; r < n; r++) {
                b->code[r] = get_le32(q + 4 * (size_t)r);
                maxc = CK_MAX(maxc, b->code[r]);
            }
            break;
        }
        if (n > 0 && maxc >= nd) {
            /* NULL rows hold code 0; any other out-of-range code is corrupt. */
            for (uint32_t r = 0; r < n; r++) {
                if (b->code[r] < nd) continue;
                if (ck_sql_block_notnull(b, r)) return -1;
                b->code[r] = 0;
            }
            if (nd == 0) b->dict = NULL;
        }
        return 0;
    }
    case CK_BLK_PLAIN:
    case CK_BLK_GENERIC: {
        const uint8_t *tags = NULL, *vals = NULL;
        if (b->enc == CK_BLK_PLAIN) {
            if (b->type != CHRONIK_SQL_TEXT && b->type != CHRONIK_SQL_BLOB) return -1;
        } else {
            if ((size_t)(end - q) / 9 < n) return -1;
            tags = q;
            vals = q + n;
            q += (size_t)n * 9;
        }
        const uint8_t *bytes, *after;
        if (read_offsets(q, end, n, &bytes, &after) != 0) return -1;
        ENSURE(b->gen, b->cap_gen, n ? n : 1);
        for (uint32_t r = 0; r < n; r++) {
            ck_sql_val *v = &b->gen[r];
            uint32_t o = get_le32(q + 4 * (size_t)r), o2 = get_le32(q + 4 * ((size_t)r + 1));
            int t = tags ? tags[r] : (ck_sql_block_notnull(b, r) ? b->type : CHRONIK_SQL_NULL);
            if (t > CHRONIK_SQL_BLOB) return -1;
            if (!ck_sql_block_notnull(b, r)) t = CHRONIK_SQL_NULL;
            *v = (ck_sql_val){ t, 0, 0, NULL, 0 };
            if (t == CHRONIK_SQL_INTEGER) v->i = (int64_t)get_le64(vals + 8 * (size_t)r);
            else if (t == CHRONIK_SQL_REAL) v->r = bitsd(get_le64(vals + 8 * (size_t)r));
            else if (t == CHRONIK_SQL_TEXT || t == CHRONIK_SQL_BLOB) {
                v->s = bytes + o;
                v->len = o2 - o;
            }
        }
        return 0;
    }
    default:
        return -1;
    }
}

void ck_sql_block_get(const ck_sql_block *b, uint32_t row, ck_sql_val *out) {
    out->s = NULL;
    out->len = 0;
    if (row >= b->n || !ck_sql_block_notnull(b, row)) {
        out->type = CHRONIK_SQL_NULL;
        return;
    }
    switch (b->enc) {
    case CK_BLK_INT: out->type = CHRONIK_SQL_INTEGER; out->i = b->i[row]; break;
    case CK_BLK_REAL: out->type = CHRONIK_SQL_REAL; out->r = b->r[row]; break;
    case CK_BLK_DICT: *out = b->dict[b->code[row]]; break;
    case CK_BLK_PLAIN:
    case CK_BLK_GENERIC: *out = b->gen[row]; break;
    default: out->type = CHRONIK_SQL_NULL; break;
    }
}
