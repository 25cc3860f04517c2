/*
 * sjson.c — a small JSON reader building a tree (sj), for schemas, request
 * bodies and _schemas records.  Strict: one root value, RFC 8259 literals,
 * numbers and escapes (surrogate pairs joined into UTF-8), nesting limited
 * to SJ_MAX_DEPTH so that hostile input cannot exhaust the stack.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "schema/schema_int.h"

typedef struct sj_rd {
    const char *p, *start, *end;
    char       *err;
    size_t      errlen;
    bool        failed;
} sj_rd;

static void rd_fail(sj_rd *r, const char *what) {
    if (r->failed) return;
    r->failed = true;
    ck_errf(r->err, r->errlen, "malformed JSON: %s at byte %zu", what, (size_t)(r->p - r->start));
}

static void skip_ws(sj_rd *r) {
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')) r->p++;
}

static sj *new_val(sj_type t) {
    sj *v = ck_calloc(1, sizeof(*v));
    v->type = t;
    return v;
}

static void put_utf8(ck_wb *wb, uint32_t c) {
    uint8_t b[4];
    size_t n;
    if (c < 0x80) b[0] = (uint8_t)c, n = 1;
    else if (c < 0x800) b[0] = (uint8_t)(0xC0 | (c >> 6)), b[1] = (uint8_t)(0x80 | (c & 0x3F)), n = 2;
    else if (c < 0x10000)
        b[0] = (uint8_t)(0xE0 | (c >> 12)), b[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F)),
        b[2] = (uint8_t)(0x80 | (c & 0x3F)), n = 3;
    else
        b[0] = (uint8_t)(0xF0 | (c >> 18)), b[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F)),
        b[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F)), b[3] = (uint8_t)(0x80 | (c & 0x3F)), n = 4;
    ck_wb_put(wb, b, n);
}

static int hex4(const char *p, uint32_t *out) {
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (uint32_t)(c - 'A' + 10);
        else return -1;
    }
    *out = v;
    return 0;
}

/* Reads a string at r->p (on the opening quote) into a NUL-terminated copy. */
static char *read_string(sj_rd *r, size_t *len) {
    ck_wb wb;
    ck_wb_init(&wb, 32);
    r->p++;
    while (r->p < r->end && *r->p != '"') {
        unsigned char c = (unsigned char)*r->p;
        if (c < 0x20) {
            rd_fail(r, "control character in a string");
            goto fail;
        }
        if (c != '\\') {
            ck_wb_put(&wb, r->p, 1);
            r->p++;
            continue;
        }
        if (r->end - r->p < 2) break;
        char e = r->p[1];
        r->p += 2;
        switch (e) {
        case '"': ck_wb_put(&wb, "\"", 1); break;
        case '\\': ck_wb_put(&wb, "\\", 1); break;
        case '/': ck_wb_put(&wb, "/", 1); break;
        case 'b': ck_wb_put(&wb, "\b", 1); break;
        case 'f': ck_wb_put(&wb, "\f", 1); break;
        case 'n': ck_wb_put(&wb, "\n", 1); break;
        case 'r': ck_wb_put(&wb, "\r", 1); break;
        case 't': ck_wb_put(&wb, "\t", 1); break;
        case 'u': {
            uint32_t u;
            if (r->end - r->p < 4 || hex4(r->p, &u)) {
                rd_fail(r, "bad \\u escape");
                goto fail;
            }
            r->p += 4;
            if (u >= 0xD800 && u <= 0xDBFF) {
                uint32_t lo;
                if (r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u' && !hex4(r->p + 2, &lo) &&
                    lo >= 0xDC00 && lo <= 0xDFFF) {
                    r->p += 6;
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                } else {
                    u = 0xFFFD;
                }
            } else if (u >= 0xDC00 && u <= 0xDFFF) {
                u = 0xFFFD;
            }
            put_utf8(&wb, u);
            break;
        }
        default: rd_fail(r, "bad escape"); goto fail;
        }
    }
    if (r->p >= r->end) {
        rd_fail(r, "unterminated string");
        goto fail;
    }
    r->p++;
    ck_wb_put(&wb, "", 1);
    *len = wb.len - 1;
    char *s = ck_memdup(wb.buf, wb.len);
    ck_wb_free(&wb);
    return s;
fail:
    ck_wb_free(&wb);
    return NULL;
}

static sj *read_value(sj_rd *r, int depth);

static sj *read_number(sj_rd *r) {
    const char *s = r->p;
    if (r->p < r->end && *r->p == '-') r->p++;
    if (r->p >= r->end) goto bad;
    if (*r->p == '0') r->p++;
    else if (*r->p >= '1' && *r->p <= '9') while (r->p < r->end && *r->p >= '0' && *r->p <= '9') r->p++;
    else goto bad;
    if (r->p < r->end && *r->p == '.') {
        r->p++;
        if (r->p >= r->end || *r->p < '0' || *r->p > '9') goto bad;
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9') r->p++;
    }
    if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
        r->p++;
        if (r->p < r->end && (*r->p == '+' || *r->p == '-')) r->p++;
        if (r->p >= r->end || *r->p < '0' || *r->p > '9') goto bad;
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9') r->p++;
    }
    sj *v = new_val(SJ_NUM);
    v->s = ck_strndup(s, (size_t)(r->p - s));
    v->slen = (size_t)(r->p - s);
    v->num = strtod(v->s, NULL);
    return v;
bad:
    rd_fail(r, "bad number");
    return NULL;
}

static void push(sj *c, sj *item, char *key) {
    /* capacity: 4, then doubling at every power of two from 4 on */
    if (c->n == 0 || (c->n >= 4 && (c->n & (c->n - 1)) == 0)) {
        size_t cap = c->n ? c->n * 2 : 4;
        c->items = ck_realloc(c->items, cap * sizeof(*c->items));
        if (c->type == SJ_OBJ) c->keys = ck_realloc(c->keys, cap * sizeof(*c->keys));
    }
    c->items[c->n] = item;
    if (c->type == SJ_OBJ) c->keys[c->n] = key;
    c->n++;
}

static sj *read_container(sj_rd *r, int depth, bool obj) {
    sj *c = new_val(obj ? SJ_OBJ : SJ_ARR);
    r->p++;
    skip_ws(r);
    if (r->p < r->end && *r->p == (obj ? '}' : ']')) {
        r->p++;
        return c;
    }
    for (;;) {
        char *key = NULL;
        skip_ws(r);
        if (obj) {
            size_t kl;
            if (r->p >= r->end || *r->p != '"' || !(key = read_string(r, &kl))) {
                rd_fail(r, "expected a member name");
                goto fail;
            }
            skip_ws(r);
            if (r->p >= r->end || *r->p != ':') {
                ck_free(key);
                rd_fail(r, "expected ':'");
                goto fail;
            }
            r->p++;
        }
        sj *item = read_value(r, depth + 1);
        if (!item) {
            ck_free(key);
            goto fail;
        }
        push(c, item, key);
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == (obj ? '}' : ']')) {
            r->p++;
            return c;
        }
        rd_fail(r, obj ? "expected ',' or '}'" : "expected ',' or ']'");
        goto fail;
    }
fail:
    sj_free(c);
    return NULL;
}

static bool lit(sj_rd *r, const char *w) {
    size_t n = strlen(w);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n) != 0) return false;
    r->p += n;
    return true;
}

static sj *read_value(sj_rd *r, int depth) {
    if (depth > SJ_MAX_DEPTH) {
        rd_fail(r, "nesting too deep");
        return NULL;
    }
    skip_ws(r);
    if (r->p >= r->end) {
        rd_fail(r, "unexpected end");
        return NULL;
    }
    char c = *r->p;
    if (c == '{' || c == '[') return read_container(r, depth, c == '{');
    if (c == '"') {
        sj *v = new_val(SJ_STR);
        if (!(v->s = read_string(r, &v->slen))) {
            ck_free(v);
            return NULL;
        }
        return v;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return read_number(r);
    if (lit(r, "true") || lit(r, "false")) {
        sj *v = new_val(SJ_BOOL);
        v->b = r->p[-1] == 'e' && r->p[-2] == 'u';
        return v;
    }
    if (lit(r, "null")) return new_val(SJ_NULL);
    rd_fail(r, "unexpected character");
    return NULL;
}

sj *sj_parse(const char *text, size_t len, char *err, size_t errlen) {
    sj_rd r = {text, text, text + len, err, errlen, false};
    if (!text) {
        ck_errf(err, errlen, "malformed JSON: no input");
        return NULL;
    }
    sj *v = read_value(&r, 0);
    if (!v) return NULL;
    skip_ws(&r);
    if (r.p != r.end) {
        rd_fail(&r, "trailing characters");
        sj_free(v);
        return NULL;
    }
    return v;
}

void sj_free(sj *v) {
    if (!v) return;
    for (size_t i = 0; i < v->n; i++) {
        sj_free(v->items[i]);
        if (v->keys) ck_free(v->keys[i]);
    }
    ck_free(v->items);
    ck_free(v->keys);
    ck_free(v->s);
    ck_free(v);
}

const sj *sj_get(const sj *o, const char *key) {
    if (!o || o->type != SJ_OBJ) return NULL;
    for (size_t i = 0; i < o->n; i++)
        if (!strcmp(o->keys[i], key)) return o->items[i];
    return NULL;
}

const char *sj_str(const sj *o, const char *key) {
    const sj *v = sj_get(o, key);
    return v && v->type == SJ_STR ? v->s : NULL;
}

void sj_write(const sj *v, ck_wb *out) {
    switch (v->type) {
    case SJ_NULL: ck_json_raw(out, "null"); break;
    case SJ_BOOL: ck_json_raw(out, v->b ? "true" : "false"); break;
    case SJ_NUM: ck_json_raw(out, v->s); break;
    case SJ_STR: ck_json_str(out, v->s, v->slen); break;
    case SJ_ARR:
    case SJ_OBJ:
        ck_json_raw(out, v->type == SJ_OBJ ? "{" : "[");
        for (size_t i = 0; i < v->n; i++) {
            if (i) ck_json_raw(out, ",");
            if (v->type == SJ_OBJ) {
                ck_json_cstr(out, v->keys[i]);
                ck_json_raw(out, ":");
            }
            sj_write(v->items[i], out);
        }
        ck_json_raw(out, v->type == SJ_OBJ ? "}" : "]");
        break;
    }
}

bool sj_equal(const sj *a, const sj *b) {
    if (a->type != b->type) return false;
    switch (a->type) {
    case SJ_NULL: return true;
    case SJ_BOOL: return a->b == b->b;
    case SJ_NUM: return a->num == b->num;
    case SJ_STR: return a->slen == b->slen && !memcmp(a->s, b->s, a->slen);
    case SJ_ARR:
        if (a->n != b->n) return false;
        for (size_t i = 0; i < a->n; i++)
            if (!sj_equal(a->items[i], b->items[i])) return false;
        return true;
    case SJ_OBJ:
        if (a->n != b->n) return false;
        for (size_t i = 0; i < a->n; i++) {
            const sj *o = sj_get(b, a->keys[i]);
            if (!o || !sj_equal(a->items[i], o)) return false;
        }
        return true;
    }
    return false;
}
