/*
 * json.c — JSON input for the REST API: jsmn tokenizes a request body, and
 * this file turns its tokens into a validated document.  jsmn alone accepts
 * a lot that is not JSON (missing commas or colons, "tru", control
 * characters in strings, several root values), so every container's
 * separators, every literal and number, and every string's escapes and
 * UTF-8 are checked here, and nesting is bounded.  On top sit the parsers
 * of the two request bodies (POST /topics and POST /_sql), which report
 * missing, duplicate, unknown and mistyped fields by name.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#define JSMN_STATIC
#define JSMN_STRICT
#include <jsmn.h>

#include "http/http.h"

/* ===================================================================== */
/* Validation helpers                                                    */
/* ===================================================================== */

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Reads 4 hex digits at s (n bytes available); -1 when invalid. */
static int32_t hex4(const char *s, size_t n) {
    if (n < 4) return -1;
    int32_t v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(s[i]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t put_utf8(uint8_t *o, uint32_t cp) {
    if (cp < 0x80) {
        o[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (uint8_t)(0xC0 | (cp >> 6));
        o[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (uint8_t)(0xE0 | (cp >> 12));
        o[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (uint8_t)(0xF0 | (cp >> 18));
    o[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of the valid UTF-8 sequence at s (n bytes available), or 0. */
static size_t utf8_seq(const uint8_t *s, size_t n) {
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

/* Unescapes the string body s[0..n) (without quotes) into out (at least n
 * bytes, may be NULL to only validate).  Returns the output length, or -1
 * with *bad set to the offending offset and *why to the reason. */
static int64_t unescape(const char *s, size_t n, uint8_t *out, size_t *bad, const char **why) {
    size_t o = 0, i = 0;
    uint8_t tmp[4];
    while (i < n) {
        uint8_t c = (uint8_t)s[i];
        if (c < 0x20) {
            *bad = i, *why = "control character in string (escape it)";
            return -1;
        }
        if (c != '\\') {
            size_t l = utf8_seq((const uint8_t *)s + i, n - i);
            if (!l) {
                *bad = i, *why = "invalid UTF-8 in string";
                return -1;
            }
            if (out) memcpy(out + o, s + i, l);
            o += l, i += l;
            continue;
        }
        if (i + 1 >= n) {
            *bad = i, *why = "unfinished escape in string";
            return -1;
        }
        char e = s[i + 1];
        uint8_t single = 0;
        switch (e) {
        case '"': single = '"'; break;
        case '\\': single = '\\'; break;
        case '/': single = '/'; break;
        case 'b': single = '\b'; break;
        case 'f': single = '\f'; break;
        case 'n': single = '\n'; break;
        case 'r': single = '\r'; break;
        case 't': single = '\t'; break;
        case 'u': break;
        default:
            *bad = i, *why = "invalid escape in string";
            return -1;
        }
        if (e != 'u') {
            if (out) out[o] = single;
            o++, i += 2;
            continue;
        }
        int32_t hi = hex4(s + i + 2, n - i - 2);
        if (hi < 0) {
            *bad = i, *why = "invalid \\u escape in string";
            return -1;
        }
        uint32_t cp = (uint32_t)hi;
        size_t used = 6;
        if (hi >= 0xDC00 && hi <= 0xDFFF) {
            *bad = i, *why = "unpaired surrogate in \\u escape";
            return -1;
        }
        if (hi >= 0xD800 && hi <= 0xDBFF) {
            int32_t lo = (i + 12 <= n && s[i + 6] == '\\' && s[i + 7] == 'u') ? hex4(s + i + 8, n - i - 8) : -1;
            if (lo < 0xDC00 || lo > 0xDFFF) {
                *bad = i, *why = "unpaired surrogate in \\u escape";
                return -1;
            }
            cp = 0x10000 + (((uint32_t)hi - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
            used = 12;
        }
        size_t l = put_utf8(tmp, cp);
        if (out) memcpy(out + o, tmp, l);
        o += l, i += used;
    }
    return (int64_t)o;
}

/* JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool number_valid(const char *s, size_t n) {
    size_t i = 0;
    if (i < n && s[i] == '-') i++;
    if (i >= n) return false;
    if (s[i] == '0') i++;
    else if (is_digit(s[i]))
        while (i < n && is_digit(s[i])) i++;
    else return false;
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || !is_digit(s[i])) return false;
        while (i < n && is_digit(s[i])) i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= n || !is_digit(s[i])) return false;
        while (i < n && is_digit(s[i])) i++;
    }
    return i == n;
}

/* The text between two values must be whitespace around at most one
 * separator sep (0: none). */
static bool gap_ok(const char *js, int32_t from, int32_t to, char sep, int32_t *bad) {
    bool seen = (sep == 0);
    for (int32_t i = from; i < to; i++) {
        if (is_ws(js[i])) continue;
        if (!seen && js[i] == sep) {
            seen = true;
            continue;
        }
        *bad = i;
        return false;
    }
    if (!seen) *bad = to;
    return seen;
}

/* ===================================================================== */
/* Parsing                                                               */
/* ===================================================================== */

void ck_http_json_free(ck_jdoc *doc) {
    if (!doc) return;
    ck_free(doc->tok);
    memset(doc, 0, sizeof(*doc));
}

/* Checks each container's separators and sets its count. */
static int check_container(ck_jdoc *doc, int32_t c, char *err, size_t errlen) {
    ck_jtok *t = &doc->tok[c];
    bool obj = t->type == CK_J_OBJECT;
    int32_t pos = t->start + 1, k = 0, bad = 0;
    for (int32_t idx = c + 1; idx < t->next; idx = doc->tok[idx].next, k++) {
        char sep = k == 0 ? 0 : (obj && (k & 1)) ? ':' : ',';
        if (!gap_ok(doc->js, pos, doc->tok[idx].start, sep, &bad)) {
            if (bad < doc->tok[idx].start)
                ck_errf(err, errlen, "malformed JSON: unexpected '%c' at byte %d", doc->js[bad], (int)bad);
            else
                ck_errf(err, errlen, "malformed JSON: expected '%c' before byte %d", sep, (int)bad);
            return -1;
        }
        if (obj && !(k & 1) && doc->tok[idx].type != CK_J_STRING) {
            ck_errf(err, errlen, "malformed JSON: object key at byte %d is not a string", (int)doc->tok[idx].start);
            return -1;
        }
        pos = doc->tok[idx].end;
    }
    if (!gap_ok(doc->js, pos, t->end - 1, 0, &bad)) {
        ck_errf(err, errlen, "malformed JSON: unexpected '%c' at byte %d", doc->js[bad], (int)bad);
        return -1;
    }
    if (obj && (k & 1)) {
        ck_errf(err, errlen, "malformed JSON: object member without a value before byte %d", (int)(t->end - 1));
        return -1;
    }
    t->count = obj ? k / 2 : k;
    return 0;
}

int ck_http_json_parse(ck_jdoc *doc, const char *js, size_t len, char *err, size_t errlen) {
    int rc = -1;
    jsmntok_t *jt = NULL;
    memset(doc, 0, sizeof(*doc));
    doc->js = js;
    doc->len = len;
    if (len > (size_t)INT32_MAX / 2) {
        ck_errf(err, errlen, "malformed JSON: the body is too large to parse");
        goto out;
    }
    size_t lead = 0;
    while (lead < len && is_ws(js[lead])) lead++;
    if (lead == len) {
        ck_errf(err, errlen, "malformed JSON: the body is empty");
        goto out;
    }
    if (memchr(js, 0, len)) {
        ck_errf(err, errlen, "malformed JSON: NUL byte at byte %d", (int)((const char *)memchr(js, 0, len) - js));
        goto out;
    }
    jsmn_parser p;
    jsmn_init(&p);
    int n = jsmn_parse(&p, js, len, NULL, 0);
    if (n >= 0) {
        jt = ck_malloc(sizeof(*jt) * (size_t)(n > 0 ? n : 1));
        jsmn_init(&p);
        n = jsmn_parse(&p, js, len, jt, (unsigned)n);
    }
    if (n == JSMN_ERROR_PART || n == 0) {
        ck_errf(err, errlen, "malformed JSON: unexpected end of input");
        goto out;
    }
    if (n < 0) {
        ck_errf(err, errlen, "malformed JSON: unexpected character at byte %u", p.pos);
        goto out;
    }
    doc->tok = ck_malloc(sizeof(*doc->tok) * (size_t)n);
    doc->ntok = n;
    /* Convert, set raw extents, validate scalars. */
    for (int32_t i = 0; i < n; i++) {
        ck_jtok *t = &doc->tok[i];
        const jsmntok_t *s = &jt[i];
        t->start = s->start;
        t->end = s->end;
        t->next = i + 1;
        t->count = 0;
        if (s->start < 0 || s->end < s->start || (size_t)s->end > len) {
            ck_errf(err, errlen, "malformed JSON: unexpected end of input");
            goto out;
        }
        const char *txt = js + s->start;
        size_t tl = (size_t)(s->end - s->start);
        switch (s->type) {
        case JSMN_OBJECT: t->type = CK_J_OBJECT; break;
        case JSMN_ARRAY: t->type = CK_J_ARRAY; break;
        case JSMN_STRING: {
            t->type = CK_J_STRING;
            t->start--, t->end++;
            size_t bad = 0;
            const char *why = "";
            if (unescape(txt, tl, NULL, &bad, &why) < 0) {
                ck_errf(err, errlen, "malformed JSON: %s at byte %d", why, (int)(s->start + (int)bad));
                goto out;
            }
            break;
        }
        case JSMN_PRIMITIVE:
            if (tl == 4 && !memcmp(txt, "true", 4)) t->type = CK_J_TRUE;
            else if (tl == 5 && !memcmp(txt, "false", 5)) t->type = CK_J_FALSE;
            else if (tl == 4 && !memcmp(txt, "null", 4)) t->type = CK_J_NULL;
            else if (number_valid(txt, tl)) t->type = CK_J_NUMBER;
            else {
                ck_errf(err, errlen, "malformed JSON: invalid literal '%.*s' at byte %d", (int)CK_MIN(tl, 32), txt,
                       (int)s->start);
                goto out;
            }
            break;
        default:
            ck_errf(err, errlen, "malformed JSON at byte %d", (int)s->start);
            goto out;
        }
    }
    /* Subtree ends (next) and nesting depth, with a stack of open containers. */
    int32_t stack[CK_HTTP_JSON_MAX_DEPTH + 1];
    int depth = 0;
    for (int32_t i = 0; i <= n; i++) {
        while (depth > 0 && (i == n || doc->tok[stack[depth - 1]].end <= doc->tok[i].start))
            doc->tok[stack[--depth]].next = i;
        if (i == n) break;
        if (depth == 0 && i > 0) {
            ck_errf(err, errlen, "malformed JSON: more than one value (second at byte %d)", (int)doc->tok[i].start);
            goto out;
        }
        if (doc->tok[i].type == CK_J_OBJECT || doc->tok[i].type == CK_J_ARRAY) {
            if (depth == CK_HTTP_JSON_MAX_DEPTH) {
                ck_errf(err, errlen, "malformed JSON: nested deeper than %d levels", CK_HTTP_JSON_MAX_DEPTH);
                goto out;
            }
            stack[depth++] = i;
        }
    }
    /* Only whitespace around the root. */
    int32_t bad = 0;
    if (!gap_ok(js, 0, doc->tok[0].start, 0, &bad) || !gap_ok(js, doc->tok[0].end, (int32_t)len, 0, &bad)) {
        ck_errf(err, errlen, "malformed JSON: unexpected '%c' at byte %d", js[bad], (int)bad);
        goto out;
    }
    for (int32_t i = 0; i < n; i++)
        if ((doc->tok[i].type == CK_J_OBJECT || doc->tok[i].type == CK_J_ARRAY) &&
            check_container(doc, i, err, errlen) != 0)
            goto out;
    rc = 0;
out:
    ck_free(jt);
    if (rc != 0) {
        ck_free(doc->tok);
        doc->tok = NULL;
        doc->ntok = 0;
    }
    return rc;
}

/* ===================================================================== */
/* Access                                                                */
/* ===================================================================== */

int32_t ck_http_json_first(const ck_jdoc *doc, int32_t c) {
    if (c < 0 || c >= doc->ntok) return -1;
    return c + 1 < doc->tok[c].next ? c + 1 : -1;
}

int32_t ck_http_json_next(const ck_jdoc *doc, int32_t c, int32_t child) {
    if (c < 0 || c >= doc->ntok || child <= c || child >= doc->ntok) return -1;
    int32_t nx = doc->tok[child].next;
    return nx < doc->tok[c].next ? nx : -1;
}

char *ck_http_json_string(const ck_jdoc *doc, int32_t idx, size_t *len) {
    if (idx < 0 || idx >= doc->ntok || doc->tok[idx].type != CK_J_STRING) return NULL;
    const ck_jtok *t = &doc->tok[idx];
    size_t n = (size_t)(t->end - t->start - 2), bad = 0;
    const char *why = "";
    uint8_t *out = ck_malloc(n + 1);
    int64_t o = unescape(doc->js + t->start + 1, n, out, &bad, &why);
    if (o < 0) o = 0; /* validated at parse time: unreachable */
    out[o] = 0;
    if (len) *len = (size_t)o;
    return (char *)out;
}

bool ck_http_json_str_eq(const ck_jdoc *doc, int32_t idx, const char *s) {
    if (idx < 0 || idx >= doc->ntok || doc->tok[idx].type != CK_J_STRING) return false;
    const ck_jtok *t = &doc->tok[idx];
    const char *raw = doc->js + t->start + 1;
    size_t n = (size_t)(t->end - t->start - 2), sl = strlen(s);
    if (!memchr(raw, '\\', n)) return n == sl && !memcmp(raw, s, n);
    size_t ul = 0;
    char *u = ck_http_json_string(doc, idx, &ul);
    bool eq = ul == sl && !memcmp(u, s, sl);
    ck_free(u);
    return eq;
}

int32_t ck_http_json_member(const ck_jdoc *doc, int32_t obj, const char *key) {
    if (obj < 0 || obj >= doc->ntok || doc->tok[obj].type != CK_J_OBJECT) return -1;
    int32_t found = -1;
    for (int32_t k = ck_http_json_first(doc, obj); k >= 0;) {
        int32_t v = ck_http_json_next(doc, obj, k);
        if (v < 0) break;
        if (ck_http_json_str_eq(doc, k, key)) {
            if (found >= 0) return -2;
            found = v;
        }
        k = ck_http_json_next(doc, obj, v);
    }
    return found;
}

/* Copies a number token into buf (NUL-terminated); false if too long. */
static bool number_text(const ck_jdoc *doc, int32_t idx, char *buf, size_t buflen) {
    if (idx < 0 || idx >= doc->ntok || doc->tok[idx].type != CK_J_NUMBER) return false;
    size_t n = (size_t)(doc->tok[idx].end - doc->tok[idx].start);
    if (n >= buflen) return false;
    memcpy(buf, doc->js + doc->tok[idx].start, n);
    buf[n] = 0;
    return true;
}

bool ck_http_json_int(const ck_jdoc *doc, int32_t idx, int64_t *out) {
    char buf[32];
    if (!number_text(doc, idx, buf, sizeof(buf)) || strpbrk(buf, ".eE")) return false;
    errno = 0;
    long long v = strtoll(buf, NULL, 10);
    if (errno == ERANGE) return false;
    *out = v;
    return true;
}

bool ck_http_json_double(const ck_jdoc *doc, int32_t idx, double *out) {
    char buf[512];
    if (!number_text(doc, idx, buf, sizeof(buf))) return false;
    *out = strtod(buf, NULL);
    return true;
}

const char *ck_http_json_type_name(ck_jtype t) {
    switch (t) {
    case CK_J_OBJECT: return "object";
    case CK_J_ARRAY: return "array";
    case CK_J_STRING: return "string";
    case CK_J_NUMBER: return "number";
    case CK_J_TRUE:
    case CK_J_FALSE: return "boolean";
    case CK_J_NULL: return "null";
    }
    return "value";
}

/* ===================================================================== */
/* Request bodies                                                        */
/* ===================================================================== */

/* Parses body, requires an object root, and rejects fields not in allowed
 * (NULL-terminated) and duplicates.  0 or -1 with err. */
static int parse_object(ck_jdoc *doc, const char *body, size_t len, const char *const *allowed, char *err,
                        size_t errlen) {
    if (ck_http_json_parse(doc, body, len, err, errlen) != 0) return -1;
    if (doc->tok[0].type != CK_J_OBJECT) {
        ck_errf(err, errlen, "the request body must be a JSON object, not %s", ck_http_json_type_name(doc->tok[0].type));
        return -1;
    }
    for (int32_t k = ck_http_json_first(doc, 0); k >= 0;) {
        int32_t v = ck_http_json_next(doc, 0, k);
        bool known = false;
        for (size_t i = 0; allowed[i] && !known; i++) known = ck_http_json_str_eq(doc, k, allowed[i]);
        char *name = ck_http_json_string(doc, k, NULL);
        if (!known) {
            ck_errf(err, errlen, "unknown field \"%.100s\"", name);
            ck_free(name);
            return -1;
        }
        if (ck_http_json_member(doc, 0, name) == -2) {
            ck_errf(err, errlen, "duplicate field \"%.100s\"", name);
            ck_free(name);
            return -1;
        }
        ck_free(name);
        k = ck_http_json_next(doc, 0, v);
    }
    return 0;
}

/* A C string field (no NUL inside); NULL with err when idx is not one. */
static char *cstring_field(const ck_jdoc *doc, int32_t idx, const char *field, char *err, size_t errlen) {
    size_t n = 0;
    char *s = ck_http_json_string(doc, idx, &n);
    if (!s) {
        ck_errf(err, errlen, "field \"%s\" must be a string, not %s", field,
               ck_http_json_type_name(doc->tok[idx].type));
        return NULL;
    }
    if (strlen(s) != n) {
        ck_errf(err, errlen, "field \"%s\" must not contain NUL characters", field);
        ck_free(s);
        return NULL;
    }
    return s;
}

void ck_http_topic_req_free(ck_http_topic_req *req) {
    if (!req) return;
    ck_free(req->name);
    if (req->configs)
        for (size_t i = 0; i < 2 * req->nconfigs; i++) ck_free(req->configs[i]);
    ck_free(req->configs);
    memset(req, 0, sizeof(*req));
}

int ck_http_parse_topic_req(const char *body, size_t len, ck_http_topic_req *out, char *err, size_t errlen) {
    static const char *const allowed[] = {"name", "partitions", "replication_factor", "config", "configs", NULL};
    int rc = -1;
    ck_jdoc doc;
    memset(out, 0, sizeof(*out));
    out->partitions = -1;
    if (parse_object(&doc, body, len, allowed, err, errlen) != 0) goto out;
    int32_t v = ck_http_json_member(&doc, 0, "name");
    if (v < 0) {
        ck_errf(err, errlen, "field \"name\" is required");
        goto out;
    }
    if (!(out->name = cstring_field(&doc, v, "name", err, errlen))) goto out;
    if ((v = ck_http_json_member(&doc, 0, "partitions")) >= 0) {
        int64_t n = 0;
        if (!ck_http_json_int(&doc, v, &n) || n < 1 || n > INT32_MAX) {
            ck_errf(err, errlen, "field \"partitions\" must be a positive integer");
            goto out;
        }
        out->partitions = (int32_t)n;
    }
    if ((v = ck_http_json_member(&doc, 0, "replication_factor")) >= 0) {
        int64_t n = 0;
        if (!ck_http_json_int(&doc, v, &n) || (n != 1 && n != -1)) {
            ck_errf(err, errlen, "field \"replication_factor\" must be 1 (or -1 for the default) on a single node");
            goto out;
        }
    }
    int32_t cv = ck_http_json_member(&doc, 0, "config");
    int32_t cv2 = ck_http_json_member(&doc, 0, "configs");
    if (cv >= 0 && cv2 >= 0) {
        ck_errf(err, errlen, "give either \"config\" or \"configs\", not both");
        goto out;
    }
    const char *cname = cv >= 0 ? "config" : "configs";
    if (cv < 0) cv = cv2;
    if (cv >= 0) {
        if (doc.tok[cv].type != CK_J_OBJECT) {
            ck_errf(err, errlen, "field \"%s\" must be an object of key: value, not %s", cname,
                   ck_http_json_type_name(doc.tok[cv].type));
            goto out;
        }
        size_t n = (size_t)doc.tok[cv].count;
        out->configs = ck_calloc(2 * n + 1, sizeof(char *));
        for (int32_t k = ck_http_json_first(&doc, cv); k >= 0;) {
            int32_t val = ck_http_json_next(&doc, cv, k);
            char *key = ck_http_json_string(&doc, k, NULL);
            char *sval = NULL;
            const ck_jtok *vt = &doc.tok[val];
            if (vt->type == CK_J_STRING) {
                size_t sl = 0;
                sval = ck_http_json_string(&doc, val, &sl);
                if (strlen(sval) != sl) {
                    ck_free(sval);
                    sval = NULL;
                }
            } else if (vt->type == CK_J_NUMBER || vt->type == CK_J_TRUE || vt->type == CK_J_FALSE) {
                sval = ck_strndup(doc.js + vt->start, (size_t)(vt->end - vt->start));
            }
            if (!sval || strlen(key) == 0 || ck_http_json_member(&doc, cv, key) == -2) {
                if (!sval)
                    ck_errf(err, errlen, "%s value of \"%.100s\" must be a string, number or boolean", cname, key);
                else if (!*key)
                    ck_errf(err, errlen, "%s has an empty key", cname);
                else
                    ck_errf(err, errlen, "%s has a duplicate key \"%.100s\"", cname, key);
                ck_free(key);
                ck_free(sval);
                goto out;
            }
            out->configs[2 * out->nconfigs] = key;
            out->configs[2 * out->nconfigs + 1] = sval;
            out->nconfigs++;
            k = ck_http_json_next(&doc, cv, val);
        }
    }
    rc = 0;
out:
    ck_http_json_free(&doc);
    return rc;
}

void ck_http_sql_req_free(ck_http_sql_req *req) {
    if (!req) return;
    ck_free(req->query);
    for (size_t i = 0; i < req->nparams; i++)
        if (req->params[i].type == CHRONIK_SQL_TEXT) ck_free((void *)req->params[i].data);
    ck_free(req->params);
    memset(req, 0, sizeof(*req));
}

int ck_http_parse_sql_req(const char *body, size_t len, ck_http_sql_req *out, char *err, size_t errlen) {
    static const char *const allowed[] = {"query", "params", "limit", NULL};
    int rc = -1;
    ck_jdoc doc;
    memset(out, 0, sizeof(*out));
    if (parse_object(&doc, body, len, allowed, err, errlen) != 0) goto out;
    int32_t v = ck_http_json_member(&doc, 0, "query");
    if (v < 0) {
        ck_errf(err, errlen, "field \"query\" is required");
        goto out;
    }
    if (!(out->query = cstring_field(&doc, v, "query", err, errlen))) goto out;
    if ((v = ck_http_json_member(&doc, 0, "limit")) >= 0 && doc.tok[v].type != CK_J_NULL) {
        if (!ck_http_json_int(&doc, v, &out->limit) || out->limit < 1) {
            ck_errf(err, errlen, "field \"limit\" must be a positive integer");
            goto out;
        }
    }
    if ((v = ck_http_json_member(&doc, 0, "params")) >= 0 && doc.tok[v].type != CK_J_NULL) {
        if (doc.tok[v].type != CK_J_ARRAY) {
            ck_errf(err, errlen, "field \"params\" must be an array, not %s", ck_http_json_type_name(doc.tok[v].type));
            goto out;
        }
        out->params = ck_calloc((size_t)doc.tok[v].count + 1, sizeof(*out->params));
        size_t i = 0;
        for (int32_t e = ck_http_json_first(&doc, v); e >= 0; e = ck_http_json_next(&doc, v, e), i++) {
            chronik_sql_value_t *pv = &out->params[i];
            switch (doc.tok[e].type) {
            case CK_J_STRING:
                pv->data = ck_http_json_string(&doc, e, &pv->len);
                pv->type = CHRONIK_SQL_TEXT;
                break;
            case CK_J_NUMBER:
                if (ck_http_json_int(&doc, e, &pv->i)) {
                    pv->type = CHRONIK_SQL_INTEGER;
                } else if (ck_http_json_double(&doc, e, &pv->r)) {
                    pv->type = CHRONIK_SQL_REAL;
                } else {
                    ck_errf(err, errlen, "params[%zu] is a number too long to represent", i);
                    out->nparams = i;
                    goto out;
                }
                break;
            case CK_J_TRUE:
            case CK_J_FALSE:
                pv->type = CHRONIK_SQL_INTEGER;
                pv->i = doc.tok[e].type == CK_J_TRUE;
                break;
            case CK_J_NULL: pv->type = CHRONIK_SQL_NULL; break;
            default:
                ck_errf(err, errlen, "params[%zu] must be a string, number, boolean or null, not %s", i,
                       ck_http_json_type_name(doc.tok[e].type));
                out->nparams = i;
                goto out;
            }
            out->nparams = i + 1;
        }
    }
    rc = 0;
out:
    ck_http_json_free(&doc);
    return rc;
}
