/*
 * sjson.c — a small JSON document model for lib/search: request bodies (the
 * query DSL) and record values (fields to index, _source filtering, term and
 * range filters) are parsed into a tree of ck_sj nodes held in an arena.
 * The parser is strict (RFC 8259: one root value, no trailing commas,
 * string escapes and UTF-8 checked, surrogate pairs joined) and bounded in
 * nesting depth, so malformed or hostile input is an error with a byte
 * offset, never a crash.  The writer serializes a node back as JSON.
 *
 * Threads: none shared; every call works on the caller's document.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "search/search_int.h"

typedef struct sj_parser {
    const char *p, *start, *end;
    ck_arena   *arena;
    int         max_depth;
    char       *err;
    size_t      errlen;
    bool        failed;
} sj_parser;

static void sj_fail(sj_parser *ps, const char *why) {
    if (ps->failed) return;
    ps->failed = true;
    ck_errf(ps->err, ps->errlen, "%s at byte %ld", why, (long)(ps->p - ps->start));
}

static void skip_ws(sj_parser *ps) {
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) ps->p++;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int32_t hex4(const char *s, const char *end) {
    if (end - s < 4) return -1;
    int32_t v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(s[i]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t put_utf8(char *o, uint32_t cp) {
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t ck_sj_utf8_len(const uint8_t *s, size_t n) {
    uint8_t c = s[0];
    size_t len;
    uint32_t cp;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    return len;
}

/* Parses the string at ps->p (on its opening quote) into the arena. */
static bool parse_string(sj_parser *ps, const char **out, size_t *outlen) {
    const char *s = ++ps->p;
    const char *q = s;
    bool plain = true;
    while (q < ps->end && *q != '"') {
        if (*q == '\\') {
            plain = false;
            q += 2;
            continue;
        }
        q++;
    }
    if (q >= ps->end) {
        sj_fail(ps, "unterminated string");
        return false;
    }
    size_t n = (size_t)(q - s);
    char *o = ck_arena_alloc(ps->arena, n + 1);
    size_t ol = 0;
    const char *i = s;
    while (i < q) {
        uint8_t c = (uint8_t)*i;
        if (c < 0x20) {
            ps->p = i;
            sj_fail(ps, "control character in string");
            return false;
        }
        if (c != '\\') {
            size_t l = ck_sj_utf8_len((const uint8_t *)i, (size_t)(q - i));
            if (!l) {
                ps->p = i;
                sj_fail(ps, "invalid UTF-8 in string");
                return false;
            }
            memcpy(o + ol, i, l);
            ol += l, i += l;
            continue;
        }
        char e = i[1];
        switch (e) {
        case '"': o[ol++] = '"'; i += 2; continue;
        case '\\': o[ol++] = '\\'; i += 2; continue;
        case '/': o[ol++] = '/'; i += 2; continue;
        case 'b': o[ol++] = '\b'; i += 2; continue;
        case 'f': o[ol++] = '\f'; i += 2; continue;
        case 'n': o[ol++] = '\n'; i += 2; continue;
        case 'r': o[ol++] = '\r'; i += 2; continue;
        case 't': o[ol++] = '\t'; i += 2; continue;
        case 'u': break;
        default:
            ps->p = i;
            sj_fail(ps, "invalid escape in string");
            return false;
        }
        int32_t hi = hex4(i + 2, q);
        if (hi < 0 || (hi >= 0xDC00 && hi <= 0xDFFF)) {
            ps->p = i;
            sj_fail(ps, "invalid \\u escape in string");
            return false;
        }
        uint32_t cp = (uint32_t)hi;
        size_t used = 6;
        if (hi >= 0xD800 && hi <= 0xDBFF) {
            int32_t lo = (q - i >= 12 && i[6] == '\\' && i[7] == 'u') ? hex4(i + 8, q) : -1;
            if (lo < 0xDC00 || lo > 0xDFFF) {
                ps->p = i;
                sj_fail(ps, "unpaired surrogate in \\u escape");
                return false;
            }
            cp = 0x10000 + (((uint32_t)hi - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
            used = 12;
        }
        ol += put_utf8(o + ol, cp); /* never longer than the escape it replaces */
        i += used;
    }
    (void)plain;
    o[ol] = 0;
    *out = o;
    *outlen = ol;
    ps->p = q + 1;
    return true;
}

static bool parse_number(sj_parser *ps, ck_sj *v) {
    const char *s = ps->p, *q = s;
    if (q < ps->end && *q == '-') q++;
    if (q >= ps->end) goto bad;
    if (*q == '0') q++;
    else if (*q >= '1' && *q <= '9') while (q < ps->end && *q >= '0' && *q <= '9') q++;
    else goto bad;
    bool integral = true;
    if (q < ps->end && *q == '.') {
        integral = false;
        q++;
        if (q >= ps->end || *q < '0' || *q > '9') goto bad;
        while (q < ps->end && *q >= '0' && *q <= '9') q++;
    }
    if (q < ps->end && (*q == 'e' || *q == 'E')) {
        integral = false;
        q++;
        if (q < ps->end && (*q == '+' || *q == '-')) q++;
        if (q >= ps->end || *q < '0' || *q > '9') goto bad;
        while (q < ps->end && *q >= '0' && *q <= '9') q++;
    }
    char buf[64];
    size_t n = (size_t)(q - s);
    v->type = CK_SJ_NUMBER;
    v->s = ck_arena_strndup(ps->arena, s, n);
    v->len = n;
    if (n >= sizeof(buf)) {
        v->num = strtod(v->s, NULL);
        v->integral = false;
    } else {
        memcpy(buf, s, n);
        buf[n] = 0;
        v->num = strtod(buf, NULL);
        v->integral = integral && fabs(v->num) < 9.0e15;
    }
    ps->p = q;
    return true;
bad:
    ps->p = q;
    sj_fail(ps, "invalid number");
    return false;
}

static bool parse_value(sj_parser *ps, ck_sj *v, int depth);

static bool parse_container(sj_parser *ps, ck_sj *v, int depth, bool obj) {
    if (depth >= ps->max_depth) {
        sj_fail(ps, "nesting too deep");
        return false;
    }
    char close = obj ? '}' : ']';
    ps->p++;
    v->type = obj ? CK_SJ_OBJECT : CK_SJ_ARRAY;
    size_t cap = 0;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        return true;
    }
    for (;;) {
        skip_ws(ps);
        if (v->n == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            ck_sj *nk = ck_arena_alloc(ps->arena, ncap * sizeof(ck_sj));
            if (v->n) memcpy(nk, v->kids, v->n * sizeof(ck_sj));
            v->kids = nk;
            cap = ncap;
        }
        ck_sj *kid = &v->kids[v->n];
        memset(kid, 0, sizeof(*kid));
        if (obj) {
            if (ps->p >= ps->end || *ps->p != '"') {
                sj_fail(ps, "expected a member name");
                return false;
            }
            if (!parse_string(ps, &kid->key, &kid->keylen)) return false;
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != ':') {
                sj_fail(ps, "expected ':'");
                return false;
            }
            ps->p++;
            skip_ws(ps);
        }
        if (!parse_value(ps, kid, depth + 1)) return false;
        v->n++;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == close) {
            ps->p++;
            return true;
        }
        sj_fail(ps, obj ? "expected ',' or '}'" : "expected ',' or ']'");
        return false;
    }
}

static bool literal(sj_parser *ps, const char *word, ck_sj *v, ck_sj_type t) {
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) {
        sj_fail(ps, "invalid literal");
        return false;
    }
    ps->p += n;
    v->type = t;
    return true;
}

static bool parse_value(sj_parser *ps, ck_sj *v, int depth) {
    skip_ws(ps);
    if (ps->p >= ps->end) {
        sj_fail(ps, "unexpected end of input");
        return false;
    }
    switch (*ps->p) {
    case '{': return parse_container(ps, v, depth, true);
    case '[': return parse_container(ps, v, depth, false);
    case '"':
        v->type = CK_SJ_STRING;
        return parse_string(ps, &v->s, &v->len);
    case 't': return literal(ps, "true", v, CK_SJ_TRUE);
    case 'f': return literal(ps, "false", v, CK_SJ_FALSE);
    case 'n': return literal(ps, "null", v, CK_SJ_NULL);
    default: return parse_number(ps, v);
    }
}

ck_sj *ck_sj_parse(ck_arena *arena, const char *text, size_t len, int max_depth, char *err, size_t errlen) {
    sj_parser ps = { .p = text, .start = text, .end = text + len, .arena = arena, .max_depth = max_depth,
                     .err = err, .errlen = errlen };
    ck_sj *root = ck_arena_alloc(arena, sizeof(*root));
    if (!text || len == 0) {
        ck_errf(err, errlen, "empty document");
        return NULL;
    }
    if (!parse_value(&ps, root, 0)) return NULL;
    skip_ws(&ps);
    if (ps.p != ps.end) {
        sj_fail(&ps, "trailing characters after the JSON value");
        return NULL;
    }
    return root;
}

const ck_sj *ck_sj_get(const ck_sj *obj, const char *key) {
    if (!obj || obj->type != CK_SJ_OBJECT) return NULL;
    size_t kl = strlen(key);
    for (size_t i = 0; i < obj->n; i++)
        if (obj->kids[i].keylen == kl && memcmp(obj->kids[i].key, key, kl) == 0) return &obj->kids[i];
    return NULL;
}

const ck_sj *ck_sj_path(const ck_sj *v, const char *path, size_t len) {
    while (v && len > 0) {
        if (v->type != CK_SJ_OBJECT) return NULL;
        /* A member whose own name contains dots wins over descending. */
        const ck_sj *hit = NULL;
        size_t used = 0;
        for (size_t i = 0; i < v->n; i++) {
            const ck_sj *k = &v->kids[i];
            if (k->keylen <= len && memcmp(k->key, path, k->keylen) == 0 &&
                (k->keylen == len || path[k->keylen] == '.') && k->keylen > used) {
                hit = k;
                used = k->keylen;
            }
        }
        if (!hit) return NULL;
        v = hit;
        path += used;
        len -= used;
        if (len > 0) path++, len--;
    }
    return v;
}

const char *ck_sj_type_name(ck_sj_type t) {
    switch (t) {
    case CK_SJ_OBJECT: return "object";
    case CK_SJ_ARRAY: return "array";
    case CK_SJ_STRING: return "string";
    case CK_SJ_NUMBER: return "number";
    case CK_SJ_TRUE: case CK_SJ_FALSE: return "boolean";
    case CK_SJ_NULL: return "null";
    }
    return "value";
}

void ck_sj_write(ck_wb *out, const ck_sj *v) {
    switch (v->type) {
    case CK_SJ_OBJECT:
        ck_wb_i8(out, '{');
        for (size_t i = 0; i < v->n; i++) {
            if (i) ck_wb_i8(out, ',');
            ck_json_str(out, v->kids[i].key, v->kids[i].keylen);
            ck_wb_i8(out, ':');
            ck_sj_write(out, &v->kids[i]);
        }
        ck_wb_i8(out, '}');
        break;
    case CK_SJ_ARRAY:
        ck_wb_i8(out, '[');
        for (size_t i = 0; i < v->n; i++) {
            if (i) ck_wb_i8(out, ',');
            ck_sj_write(out, &v->kids[i]);
        }
        ck_wb_i8(out, ']');
        break;
    case CK_SJ_STRING: ck_json_str(out, v->s, v->len); break;
    case CK_SJ_NUMBER: ck_wb_put(out, v->s, v->len); break;
    case CK_SJ_TRUE: ck_json_raw(out, "true"); break;
    case CK_SJ_FALSE: ck_json_raw(out, "false"); break;
    case CK_SJ_NULL: ck_json_raw(out, "null"); break;
    }
}
