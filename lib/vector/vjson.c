/*
 * vjson.c — a small JSON reader for lib/vector over jsmn (strict mode):
 * search requests, record values (the field to embed, a carried vector) and
 * the answers of embeddings endpoints.  Tokens are walked by position: a
 * token's subtree is every following token that starts before it ends.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define JSMN_STATIC
#define JSMN_STRICT
#include <jsmn.h>

#include "vector/vector_int.h"

#define VJ_MAX_TOKENS (1 << 22)
#define TOK(d) ((jsmntok_t *)(d)->tok)

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int ck_vjson_parse(ck_vjson *d, const char *js, size_t len, char *err, size_t errlen) {
    memset(d, 0, sizeof(*d));
    d->js = js;
    d->len = len;
    jsmn_parser p;
    jsmn_init(&p);
    int n = jsmn_parse(&p, js, len, NULL, 0);
    if (n <= 0) {
        ck_errf(err, errlen, n == 0 ? "malformed JSON: empty body" : "malformed JSON: %s",
                n == JSMN_ERROR_PART ? "the text ends inside a value" : "unexpected character");
        return -1;
    }
    if (n > VJ_MAX_TOKENS) {
        ck_errf(err, errlen, "malformed JSON: too many values (%d)", n);
        return -1;
    }
    d->tok = ck_malloc((size_t)n * sizeof(jsmntok_t));
    jsmn_init(&p);
    int m = jsmn_parse(&p, js, len, d->tok, (unsigned)n);
    if (m != n) {
        ck_errf(err, errlen, "malformed JSON");
        goto fail;
    }
    d->ntok = n;
    /* Exactly one root value, nothing but whitespace after it. */
    if (ck_vjson_skip(d, 0) != n) {
        ck_errf(err, errlen, "malformed JSON: more than one value at the top level");
        goto fail;
    }
    /* a string token ends at its closing quote */
    for (size_t i = (size_t)TOK(d)[0].end + (TOK(d)[0].type == JSMN_STRING ? 1 : 0); i < len; i++)
        if (!is_ws(js[i])) {
            ck_errf(err, errlen, "malformed JSON: unexpected text at byte %zu", i);
            goto fail;
        }
    /* jsmn lets a comma before a closing bracket (or after an opening
     * one) through: look for those outside strings. */
    {
        char prev = 0;
        bool in_str = false;
        for (size_t i = 0; i < len; i++) {
            char c = js[i];
            if (in_str) {
                if (c == '\\') i++;
                else if (c == '"') in_str = false;
                continue;
            }
            if (is_ws(c)) continue;
            if ((prev == ',' && (c == '}' || c == ']' || c == ',')) || ((prev == '[' || prev == '{') && c == ',')) {
                ck_errf(err, errlen, "malformed JSON: misplaced comma at byte %zu", i);
                goto fail;
            }
            if (c == '"') in_str = true;
            prev = c;
        }
    }
    for (int i = 0; i < n; i++) {
        jsmntok_t *t = &TOK(d)[i];
        if (t->type == JSMN_PRIMITIVE) {
            char c = js[t->start];
            size_t tl = (size_t)(t->end - t->start);
            bool okp;
            if (c == 't') okp = tl == 4 && !memcmp(js + t->start, "true", 4);
            else if (c == 'f') okp = tl == 5 && !memcmp(js + t->start, "false", 5);
            else if (c == 'n') okp = tl == 4 && !memcmp(js + t->start, "null", 4);
            else {
                double v;
                okp = ck_vjson_double(d, i, &v);
            }
            if (!okp) {
                ck_errf(err, errlen, "malformed JSON: bad literal at byte %d", t->start);
                goto fail;
            }
        }
    }
    return 0;
fail:
    ck_vjson_free(d);
    return -1;
}

void ck_vjson_free(ck_vjson *d) {
    ck_free(d->tok);
    d->tok = NULL;
    d->ntok = 0;
}

int ck_vjson_type(const ck_vjson *d, int i) {
    if (i < 0 || i >= d->ntok) return 0;
    switch (TOK(d)[i].type) {
    case JSMN_OBJECT: return CK_VJ_OBJECT;
    case JSMN_ARRAY: return CK_VJ_ARRAY;
    case JSMN_STRING: return CK_VJ_STRING;
    default: return CK_VJ_PRIMITIVE;
    }
}

int ck_vjson_size(const ck_vjson *d, int i) { return (i >= 0 && i < d->ntok) ? TOK(d)[i].size : 0; }

int ck_vjson_skip(const ck_vjson *d, int i) {
    int end = TOK(d)[i].end, j = i + 1;
    while (j < d->ntok && TOK(d)[j].start < end) j++;
    return j;
}

const char *ck_vjson_text(const ck_vjson *d, int i, size_t *n) {
    *n = (size_t)(TOK(d)[i].end - TOK(d)[i].start);
    return d->js + TOK(d)[i].start;
}

static bool key_eq(const ck_vjson *d, int i, const char *key, size_t klen) {
    const jsmntok_t *t = &TOK(d)[i];
    if (t->type != JSMN_STRING) return false;
    size_t n = (size_t)(t->end - t->start);
    if (memchr(d->js + t->start, '\\', n)) {
        ck_wb wb;
        ck_wb_init(&wb, n + 1);
        bool eq = ck_vjson_string(d, i, &wb) && wb.len == klen && !memcmp(wb.buf, key, klen);
        ck_wb_free(&wb);
        return eq;
    }
    return n == klen && !memcmp(d->js + t->start, key, klen);
}

static int member_n(const ck_vjson *d, int obj, const char *key, size_t klen) {
    if (obj < 0 || obj >= d->ntok || TOK(d)[obj].type != JSMN_OBJECT) return -1;
    int i = obj + 1;
    for (int m = 0; m < TOK(d)[obj].size && i < d->ntok; m++) {
        if (key_eq(d, i, key, klen)) return i + 1;
        i = ck_vjson_skip(d, i + 1);
    }
    return -1;
}

int ck_vjson_member(const ck_vjson *d, int obj, const char *key) { return member_n(d, obj, key, strlen(key)); }

int ck_vjson_path(const ck_vjson *d, const char *path) {
    if (d->ntok == 0) return -1;
    if (path[0] == '$') path += path[1] == '.' ? 2 : 1;
    int cur = 0;
    while (*path) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        cur = member_n(d, cur, path, n);
        if (cur < 0) return -1;
        path += n + (dot ? 1 : 0);
    }
    return cur;
}

static int hexv(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void put_utf8(ck_wb *out, uint32_t cp) {
    uint8_t b[4];
    size_t n;
    if (cp < 0x80) b[0] = (uint8_t)cp, n = 1;
    else if (cp < 0x800) b[0] = (uint8_t)(0xC0 | (cp >> 6)), b[1] = (uint8_t)(0x80 | (cp & 0x3F)), n = 2;
    else if (cp < 0x10000)
        b[0] = (uint8_t)(0xE0 | (cp >> 12)), b[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F)),
        b[2] = (uint8_t)(0x80 | (cp & 0x3F)), n = 3;
    else
        b[0] = (uint8_t)(0xF0 | (cp >> 18)), b[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F)),
        b[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F)), b[3] = (uint8_t)(0x80 | (cp & 0x3F)), n = 4;
    ck_wb_put(out, b, n);
}

static bool read_u4(const char *p, const char *end, uint32_t *v) {
    if (end - p < 4) return false;
    *v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexv(p[k]);
        if (h < 0) return false;
        *v = (*v << 4) | (uint32_t)h;
    }
    return true;
}

bool ck_vjson_string(const ck_vjson *d, int i, ck_wb *out) {
    if (i < 0 || i >= d->ntok || TOK(d)[i].type != JSMN_STRING) return false;
    const char *p = d->js + TOK(d)[i].start, *end = d->js + TOK(d)[i].end;
    while (p < end) {
        const char *bs = memchr(p, '\\', (size_t)(end - p));
        if (!bs) {
            ck_wb_put(out, p, (size_t)(end - p));
            break;
        }
        ck_wb_put(out, p, (size_t)(bs - p));
        p = bs + 1;
        if (p >= end) return false;
        char c = *p++;
        switch (c) {
        case '"': ck_wb_put(out, "\"", 1); break;
        case '\\': ck_wb_put(out, "\\", 1); break;
        case '/': ck_wb_put(out, "/", 1); break;
        case 'b': ck_wb_put(out, "\b", 1); break;
        case 'f': ck_wb_put(out, "\f", 1); break;
        case 'n': ck_wb_put(out, "\n", 1); break;
        case 'r': ck_wb_put(out, "\r", 1); break;
        case 't': ck_wb_put(out, "\t", 1); break;
        case 'u': {
            uint32_t cp;
            if (!read_u4(p, end, &cp)) return false;
            p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                uint32_t lo;
                if (end - p >= 6 && p[0] == '\\' && p[1] == 'u' && read_u4(p + 2, end, &lo) && lo >= 0xDC00 &&
                    lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                } else {
                    cp = 0xFFFD;
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = 0xFFFD;
            }
            put_utf8(out, cp);
            break;
        }
        default: return false;
        }
    }
    return true;
}

bool ck_vjson_double(const ck_vjson *d, int i, double *v) {
    if (i < 0 || i >= d->ntok || TOK(d)[i].type != JSMN_PRIMITIVE) return false;
    size_t n = (size_t)(TOK(d)[i].end - TOK(d)[i].start);
    const char *s = d->js + TOK(d)[i].start;
    if (n == 0 || n > 64) return false;
    char buf[72];
    memcpy(buf, s, n);
    buf[n] = 0;
    /* JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    const char *q = buf;
    if (*q == '-') q++;
    if (*q == '0') q++;
    else if (*q >= '1' && *q <= '9') while (*q >= '0' && *q <= '9') q++;
    else return false;
    if (*q == '.') {
        q++;
        if (!(*q >= '0' && *q <= '9')) return false;
        while (*q >= '0' && *q <= '9') q++;
    }
    if (*q == 'e' || *q == 'E') {
        q++;
        if (*q == '+' || *q == '-') q++;
        if (!(*q >= '0' && *q <= '9')) return false;
        while (*q >= '0' && *q <= '9') q++;
    }
    if (*q) return false;
    errno = 0;
    *v = strtod(buf, NULL);
    return isfinite(*v);
}

bool ck_vjson_int(const ck_vjson *d, int i, int64_t *v) {
    double x;
    if (!ck_vjson_double(d, i, &x)) return false;
    size_t n;
    const char *s = ck_vjson_text(d, i, &n);
    if (memchr(s, '.', n) || memchr(s, 'e', n) || memchr(s, 'E', n)) return false;
    if (x < -9.2e18 || x > 9.2e18) return false;
    char buf[32];
    if (n >= sizeof(buf)) return false;
    memcpy(buf, s, n);
    buf[n] = 0;
    *v = strtoll(buf, NULL, 10);
    return true;
}

bool ck_vjson_bool(const ck_vjson *d, int i, bool *v) {
    if (i < 0 || i >= d->ntok || TOK(d)[i].type != JSMN_PRIMITIVE) return false;
    char c = d->js[TOK(d)[i].start];
    if (c != 't' && c != 'f') return false;
    *v = c == 't';
    return true;
}

bool ck_vjson_valid(const char *p, size_t n) {
    ck_vjson d;
    if (ck_vjson_parse(&d, p, n, NULL, 0) != 0) return false;
    /* jsmn does not check escapes or UTF-8 inside strings: do it here. */
    bool ok = true;
    ck_wb tmp;
    ck_wb_init(&tmp, 64);
    for (int i = 0; i < d.ntok && ok; i++) {
        if (TOK(&d)[i].type != JSMN_STRING) continue;
        ck_wb_reset(&tmp);
        ok = ck_vjson_string(&d, i, &tmp);
        for (int k = TOK(&d)[i].start; ok && k < TOK(&d)[i].end; k++)
            if ((unsigned char)p[k] < 0x20) ok = false;
    }
    ck_wb_free(&tmp);
    ck_vjson_free(&d);
    return ok;
}
