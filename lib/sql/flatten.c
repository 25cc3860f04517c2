/*
 * flatten.c — JSON values to typed SQL cells.  A small strict JSON parser
 * turns one record value (an object) into its leaves, nested objects
 * flattened as "a.b", arrays kept as JSON text; the data-column schema maps
 * leaf names to columns case-insensitively; conversions give each leaf the
 * stored form of its column type (INTEGER -> REAL -> TEXT widening).  Used
 * by the materializer (worker thread) and the hot virtual table (query
 * threads), so both halves of a columnar table agree on every value.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "sql/sql_int.h"

#define FLAT_MAX_DEPTH 32      /* objects deeper than this are kept as JSON text */
#define JSON_MAX_DEPTH 128     /* deeper nesting: not accepted as JSON */

/* ===================================================================== */
/* Helpers                                                               */
/* ===================================================================== */

bool ck_sql_utf8_valid(const uint8_t *p, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint8_t c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        uint32_t cp;
        if (c >= 0xc2 && c <= 0xdf) { len = 2; cp = c & 0x1f; }
        else if (c >= 0xe0 && c <= 0xef) { len = 3; cp = c & 0x0f; }
        else if (c >= 0xf0 && c <= 0xf4) { len = 4; cp = c & 0x07; }
        else return false;
        if (n - i < len) return false;
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff))) return false;
        if (cp >= 0xd800 && cp <= 0xdfff) return false;
        i += len;
    }
    return true;
}

void ck_sql_result_bytes(sqlite3_context *ctx, const uint8_t *p, int32_t len) {
    if (len < 0) sqlite3_result_null(ctx);
    else if (ck_sql_utf8_valid(p, (size_t)len)) sqlite3_result_text(ctx, len ? (const char *)p : "", len, SQLITE_TRANSIENT);
    else sqlite3_result_blob(ctx, p, len, SQLITE_TRANSIENT);
}

void ck_sql_bind_bytes(sqlite3_stmt *st, int idx, const uint8_t *p, int32_t len) {
    if (len < 0) sqlite3_bind_null(st, idx);
    else if (ck_sql_utf8_valid(p, (size_t)len)) sqlite3_bind_text(st, idx, len ? (const char *)p : "", len, SQLITE_TRANSIENT);
    else sqlite3_bind_blob(st, idx, p, len, SQLITE_TRANSIENT);
}

void ck_sql_ident(ck_wb *wb, const char *s, size_t n) {
    ck_wb_i8(wb, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') ck_wb_i8(wb, '"');
        ck_wb_i8(wb, s[i]);
    }
    ck_wb_i8(wb, '"');
}

const char *ck_sql_type_name(int type) {
    switch (type) {
    case CK_SQLT_INTEGER: return "INTEGER";
    case CK_SQLT_REAL: return "REAL";
    case CK_SQLT_TEXT: return "TEXT";
    default: return "NULL";
    }
}

int ck_sql_kind_type(int kind) {
    switch (kind) {
    case CK_JV_INT: return CK_SQLT_INTEGER;
    case CK_JV_REAL: return CK_SQLT_REAL;
    case CK_JV_TEXT:
    case CK_JV_JSON: return CK_SQLT_TEXT;
    default: return 0;
    }
}

/* ===================================================================== */
/* Parser                                                                */
/* ===================================================================== */

typedef struct jp {
    const uint8_t *p, *end;
    ck_sql_flat   *fl;
} jp;

static void ws(jp *j) {
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')) j->p++;
}

static int hexval(uint8_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int read_u4(jp *j, uint32_t *out) {
    if (j->end - j->p < 4) return -1;
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(j->p[i]);
        if (h < 0) return -1;
        v = (v << 4) | (uint32_t)h;
    }
    j->p += 4;
    *out = v;
    return 0;
}

static void put_utf8(ck_wb *wb, uint32_t cp) {
    uint8_t b[4];
    size_t n;
    if (cp < 0x80) { b[0] = (uint8_t)cp; n = 1; }
    else if (cp < 0x800) { b[0] = (uint8_t)(0xc0 | (cp >> 6)); b[1] = (uint8_t)(0x80 | (cp & 0x3f)); n = 2; }
    else if (cp < 0x10000) {
        b[0] = (uint8_t)(0xe0 | (cp >> 12)); b[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
        b[2] = (uint8_t)(0x80 | (cp & 0x3f)); n = 3;
    } else {
        b[0] = (uint8_t)(0xf0 | (cp >> 18)); b[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
        b[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f)); b[3] = (uint8_t)(0x80 | (cp & 0x3f)); n = 4;
    }
    ck_wb_put(wb, b, n);
}

/* Parses a string (j->p at the opening quote) decoding it into out (when
 * not NULL).  *has_nul is set when it decodes a NUL. */
static int parse_string(jp *j, ck_wb *out, bool *has_nul) {
    j->p++;
    for (;;) {
        const uint8_t *s = j->p;
        while (j->p < j->end && *j->p != '"' && *j->p != '\\' && *j->p >= 0x20) j->p++;
        if (out && j->p > s) ck_wb_put(out, s, (size_t)(j->p - s));
        if (j->p >= j->end || *j->p < 0x20) return -1;
        if (*j->p == '"') {
            j->p++;
            return 0;
        }
        j->p++; /* backslash */
        if (j->p >= j->end) return -1;
        uint8_t c = *j->p++;
        uint32_t cp;
        switch (c) {
        case '"': cp = '"'; break;
        case '\\': cp = '\\'; break;
        case '/': cp = '/'; break;
        case 'b': cp = '\b'; break;
        case 'f': cp = '\f'; break;
        case 'n': cp = '\n'; break;
        case 'r': cp = '\r'; break;
        case 't': cp = '\t'; break;
        case 'u':
            if (read_u4(j, &cp) != 0) return -1;
            if (cp >= 0xd800 && cp <= 0xdbff) {
                uint32_t lo;
                if (j->end - j->p >= 6 && j->p[0] == '\\' && j->p[1] == 'u') {
                    const uint8_t *save = j->p;
                    j->p += 2;
                    if (read_u4(j, &lo) == 0 && lo >= 0xdc00 && lo <= 0xdfff) {
                        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                    } else {
                        j->p = save;
                        cp = 0xfffd;
                    }
                } else {
                    cp = 0xfffd;
                }
            } else if (cp >= 0xdc00 && cp <= 0xdfff) {
                cp = 0xfffd;
            }
            if (cp == 0 && has_nul) *has_nul = true;
            break;
        default: return -1;
        }
        if (out) put_utf8(out, cp);
    }
}

/* Scans a number token; *is_int when it has no fraction or exponent. */
static int scan_number(jp *j, bool *is_int) {
    const uint8_t *p = j->p;
    *is_int = true;
    if (p < j->end && *p == '-') p++;
    if (p >= j->end) return -1;
    if (*p == '0') p++;
    else if (*p >= '1' && *p <= '9') while (p < j->end && isdigit(*p)) p++;
    else return -1;
    if (p < j->end && *p == '.') {
        *is_int = false;
        p++;
        if (p >= j->end || !isdigit(*p)) return -1;
        while (p < j->end && isdigit(*p)) p++;
    }
    if (p < j->end && (*p == 'e' || *p == 'E')) {
        *is_int = false;
        p++;
        if (p < j->end && (*p == '+' || *p == '-')) p++;
        if (p >= j->end || !isdigit(*p)) return -1;
        while (p < j->end && isdigit(*p)) p++;
    }
    j->p = p;
    return 0;
}

/* An integer token (as scan_number accepted it) of at most 18 digits:
 * exact without strtoll.  false: let strtoll decide (range). */
static bool fast_int(const uint8_t *p, size_t n, int64_t *out) {
    bool neg = n > 0 && p[0] == '-';
    size_t i = neg ? 1 : 0;
    if (n - i == 0 || n - i > 18) return false;
    int64_t v = 0;
    for (; i < n; i++) v = v * 10 + (p[i] - '0');
    *out = neg ? -v : v;
    return true;
}

/* A decimal token d.ddd[e±x] whose digits form an integer m < 2^53 and
 * whose value is m * 10^k with |k| <= 22: m and 10^|k| are exact doubles,
 * so one multiplication or division rounds once, exactly as strtod does.
 * false: use strtod. */
static bool fast_real(const uint8_t *p, size_t n, double *out) {
    static const double pow10[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
    size_t i = 0;
    bool neg = false;
    if (i < n && p[i] == '-') {
        neg = true;
        i++;
    }
    uint64_t m = 0;
    int digits = 0, frac = 0;
    bool in_frac = false;
    for (; i < n; i++) {
        if (p[i] == '.') {
            in_frac = true;
            continue;
        }
        if (p[i] == 'e' || p[i] == 'E') break;
        if (m || p[i] != '0') digits++;
        if (digits > 15) return false;
        m = m * 10 + (uint64_t)(p[i] - '0');
        if (in_frac) frac++;
    }
    int e = 0;
    if (i < n) {
        i++;
        bool eneg = false;
        if (i < n && (p[i] == '+' || p[i] == '-')) eneg = p[i++] == '-';
        for (; i < n; i++) {
            if (e > 1000) return false;
            e = e * 10 + (p[i] - '0');
        }
        if (eneg) e = -e;
    }
    int k = e - frac;
    if (k < -22 || k > 22) return false;
    double d = (double)m;
    d = k < 0 ? d / pow10[-k] : d * pow10[k];
    *out = neg ? -d : d;
    return true;
}

static int skip_value(jp *j, int depth);

static int skip_container(jp *j, int depth, uint8_t close) {
    bool obj = close == '}';
    j->p++;
    ws(j);
    if (j->p < j->end && *j->p == close) {
        j->p++;
        return 0;
    }
    for (;;) {
        ws(j);
        if (obj) {
            if (j->p >= j->end || *j->p != '"' || parse_string(j, NULL, NULL) != 0) return -1;
            ws(j);
            if (j->p >= j->end || *j->p != ':') return -1;
            j->p++;
            ws(j);
        }
        if (skip_value(j, depth + 1) != 0) return -1;
        ws(j);
        if (j->p >= j->end) return -1;
        if (*j->p == ',') {
            j->p++;
            continue;
        }
        if (*j->p == close) {
            j->p++;
            return 0;
        }
        return -1;
    }
}

static int skip_lit(jp *j, const char *lit) {
    size_t n = strlen(lit);
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0) return -1;
    j->p += n;
    return 0;
}

static int skip_value(jp *j, int depth) {
    bool is_int;
    if (depth > JSON_MAX_DEPTH || j->p >= j->end) return -1;
    switch (*j->p) {
    case '{': return skip_container(j, depth, '}');
    case '[': return skip_container(j, depth, ']');
    case '"': return parse_string(j, NULL, NULL);
    case 't': return skip_lit(j, "true");
    case 'f': return skip_lit(j, "false");
    case 'n': return skip_lit(j, "null");
    default: return scan_number(j, &is_int);
    }
}

static ck_sql_field *add_field(ck_sql_flat *fl, int kind, bool name_ok) {
    if (!name_ok) return NULL;
    if (fl->n == fl->cap) {
        fl->cap = fl->cap ? fl->cap * 2 : 16;
        fl->f = ck_realloc(fl->f, fl->cap * sizeof(*fl->f));
    }
    ck_sql_field *f = &fl->f[fl->n++];
    memset(f, 0, sizeof(*f));
    f->kind = kind;
    f->name_off = fl->names.len;
    f->name_len = fl->path.len;
    ck_wb_put(&fl->names, fl->path.buf, fl->path.len);
    return f;
}

static int parse_object(jp *j, int depth);

/* Parses the value of the leaf at fl->path. */
static int parse_leaf(jp *j, int depth, bool name_ok) {
    ck_sql_flat *fl = j->fl;
    const uint8_t *start = j->p;
    ck_sql_field *f;
    bool is_int;
    if (j->p >= j->end) return -1;
    switch (*j->p) {
    case '{':
        if (depth < FLAT_MAX_DEPTH) return parse_object(j, depth + 1);
        __attribute__((fallthrough)); /* too deep: kept as text */
    case '[':
        if (skip_value(j, depth) != 0) return -1;
        f = add_field(fl, CK_JV_JSON, name_ok);
        if (f) {
            f->s_off = fl->strs.len;
            f->s_len = (size_t)(j->p - start);
            ck_wb_put(&fl->strs, start, f->s_len);
        }
        return 0;
    case '"': {
        size_t off = fl->strs.len;
        bool nul = false;
        if (parse_string(j, &fl->strs, &nul) != 0) return -1;
        f = add_field(fl, CK_JV_TEXT, name_ok);
        if (f) {
            f->s_off = off;
            f->s_len = fl->strs.len - off;
        } else {
            fl->strs.len = off;
        }
        return 0;
    }
    case 't':
    case 'f': {
        bool t = *j->p == 't';
        if (skip_lit(j, t ? "true" : "false") != 0) return -1;
        f = add_field(fl, CK_JV_INT, name_ok);
        if (f) {
            f->i = t;
            f->s_off = fl->strs.len;
            f->s_len = 1;
            ck_wb_i8(&fl->strs, t ? '1' : '0');
        }
        return 0;
    }
    case 'n':
        if (skip_lit(j, "null") != 0) return -1;
        add_field(fl, CK_JV_NULL, name_ok);
        return 0;
    default: {
        if (scan_number(j, &is_int) != 0) return -1;
        size_t n = (size_t)(j->p - start);
        int kind = CK_JV_REAL;
        int64_t iv = 0;
        double dv;
        if (is_int && fast_int(start, n, &iv)) {
            kind = CK_JV_INT;
            dv = (double)iv;
        } else if (!is_int && fast_real(start, n, &dv)) {
            /* dv set */
        } else {
            char tmp[64];
            char *s = n < sizeof(tmp) ? tmp : ck_malloc(n + 1);
            memcpy(s, start, n);
            s[n] = 0;
            if (is_int) {
                errno = 0;
                char *e;
                long long v = strtoll(s, &e, 10);
                if (errno == 0 && *e == 0) {
                    kind = CK_JV_INT;
                    iv = (int64_t)v;
                }
            }
            dv = kind == CK_JV_REAL ? strtod(s, NULL) : (double)iv;
            if (s != tmp) ck_free(s);
        }
        f = add_field(fl, kind, name_ok);
        if (f) {
            f->i = iv;
            f->r = dv;
            f->s_off = fl->strs.len;
            f->s_len = n;
            ck_wb_put(&fl->strs, start, n);
        }
        return 0;
    }
    }
}

static int parse_object(jp *j, int depth) {
    ck_sql_flat *fl = j->fl;
    size_t base = fl->path.len;
    j->p++;
    ws(j);
    if (j->p < j->end && *j->p == '}') {
        j->p++;
        return 0;
    }
    for (;;) {
        ws(j);
        if (j->p >= j->end || *j->p != '"') return -1;
        fl->path.len = base;
        if (base > 0) ck_wb_i8(&fl->path, '.');
        size_t kstart = fl->path.len;
        bool nul = false;
        if (parse_string(j, &fl->path, &nul) != 0) return -1;
        bool name_ok = !nul && fl->path.len > kstart && fl->path.len <= CK_SQL_MAX_NAME;
        ws(j);
        if (j->p >= j->end || *j->p != ':') return -1;
        j->p++;
        ws(j);
        if (parse_leaf(j, depth, name_ok) != 0) return -1;
        ws(j);
        if (j->p >= j->end) return -1;
        if (*j->p == ',') {
            j->p++;
            continue;
        }
        if (*j->p == '}') {
            j->p++;
            fl->path.len = base;
            return 0;
        }
        return -1;
    }
}

void ck_sql_flat_init(ck_sql_flat *fl) {
    memset(fl, 0, sizeof(*fl));
    ck_wb_init(&fl->names, 256);
    ck_wb_init(&fl->strs, 256);
    ck_wb_init(&fl->path, 64);
}

void ck_sql_flat_free(ck_sql_flat *fl) {
    ck_free(fl->f);
    ck_wb_free(&fl->names);
    ck_wb_free(&fl->strs);
    ck_wb_free(&fl->path);
    memset(fl, 0, sizeof(*fl));
}

int ck_sql_flatten(ck_sql_flat *fl, const uint8_t *p, size_t len) {
    jp j = { p, p + len, fl };
    fl->n = 0;
    ck_wb_reset(&fl->names);
    ck_wb_reset(&fl->strs);
    ck_wb_reset(&fl->path);
    if (!p) return -1;
    ws(&j);
    if (j.p >= j.end || *j.p != '{') return -1;
    if (parse_object(&j, 1) != 0) goto bad;
    ws(&j);
    if (j.p != j.end) goto bad;
    return 0;
bad:
    fl->n = 0;
    return -1;
}

/* ===================================================================== */
/* Conversions                                                           */
/* ===================================================================== */

void ck_sql_field_cell(const ck_sql_flat *fl, const ck_sql_field *f, int coltype, ck_sql_cell *c) {
    c->s = NULL;
    c->len = 0;
    switch (f->kind) {
    case CK_JV_NULL:
        c->type = CHRONIK_SQL_NULL;
        return;
    case CK_JV_INT:
    case CK_JV_REAL:
        if (coltype == CK_SQLT_TEXT) {
            c->type = CHRONIK_SQL_TEXT;
            c->s = (const char *)fl->strs.buf + f->s_off;
            c->len = f->s_len;
            if (f->kind == CK_JV_REAL) {
                /* The same text CAST(x AS TEXT) gives, so widened rows match. */
                sqlite3_snprintf((int)sizeof(c->num), c->num, "%!.15g", f->r);
                c->s = c->num;
                c->len = strlen(c->num);
            }
        } else if (f->kind == CK_JV_INT && coltype != CK_SQLT_REAL) {
            c->type = CHRONIK_SQL_INTEGER;
            c->i = f->i;
        } else {
            c->type = CHRONIK_SQL_REAL;
            c->r = f->kind == CK_JV_INT ? (double)f->i : f->r;
        }
        return;
    default:
        c->type = CHRONIK_SQL_TEXT;
        c->s = (const char *)fl->strs.buf + f->s_off;
        c->len = f->s_len;
        return;
    }
}

/* ===================================================================== */
/* Schema                                                                */
/* ===================================================================== */

static const char *const reserved[] = { "_partition", "_offset", "_timestamp", "_key", "_value", "_headers" };

bool ck_sql_colname_ok(const char *name, size_t len) {
    if (len == 0 || len > CK_SQL_MAX_NAME || memchr(name, 0, len)) return false;
    for (size_t i = 0; i < CK_ARRAY_LEN(reserved); i++)
        if (strlen(reserved[i]) == len && strncasecmp(reserved[i], name, len) == 0) return false;
    return true;
}

static size_t lower_key(const char *name, size_t len, char *out) {
    for (size_t i = 0; i < len; i++) out[i] = (char)tolower((unsigned char)name[i]);
    return len;
}

void ck_sql_schema_init(ck_sql_schema *s) {
    memset(s, 0, sizeof(*s));
    ck_map_init(&s->idx);
}

void ck_sql_schema_free(ck_sql_schema *s) {
    for (int i = 0; i < s->n; i++) ck_free(s->cols[i].name);
    ck_free(s->cols);
    ck_map_free(&s->idx);
    memset(s, 0, sizeof(*s));
}

int ck_sql_schema_find(const ck_sql_schema *s, const char *name, size_t len) {
    char key[CK_SQL_MAX_NAME];
    if (len > sizeof(key)) return -1;
    void *v = ck_map_get(&s->idx, key, lower_key(name, len, key));
    return v ? (int)(intptr_t)v - 1 : -1;
}

int ck_sql_schema_add(ck_sql_schema *s, const char *name, size_t len, int type) {
    char key[CK_SQL_MAX_NAME];
    if (len > sizeof(key)) len = sizeof(key);
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->cols = ck_realloc(s->cols, (size_t)s->cap * sizeof(*s->cols));
    }
    int i = s->n++;
    s->cols[i].name = ck_strndup(name, len);
    s->cols[i].type = type;
    ck_map_put(&s->idx, key, lower_key(name, len, key), (void *)(intptr_t)(i + 1));
    return i;
}

void ck_sql_schema_copy(ck_sql_schema *dst, const ck_sql_schema *src) {
    ck_sql_schema_free(dst);
    ck_sql_schema_init(dst);
    for (int i = 0; i < src->n; i++)
        ck_sql_schema_add(dst, src->cols[i].name, strlen(src->cols[i].name), src->cols[i].type);
}
