/*
 * browse_routes.c — the REST endpoints the web console is built on, and the
 * console itself:
 *
 *   GET  /  (Accept: text/html), /ui, /ui/{file}   the console's files
 *   GET  /_overview                         node, listeners, counters, topics
 *   GET  /topics/{t}/partitions/{p}/records records from an offset or a
 *                                           timestamp, oldest or newest first
 *   POST /topics/{t}/records                produce one record (admin key)
 *   POST /topics/{t}/configs                set / remove overrides (admin key)
 *   GET  /groups                            consumer groups
 *   GET  /groups/{id}                       members, committed offsets, lag
 *   POST /groups/{id}/reset                 move an empty group's offsets to
 *                                           earliest, latest or a timestamp
 *                                           (admin key)
 *
 * Record keys, values and header values are sent as text when they are
 * UTF-8 and as base64 otherwise, with an encoding field saying which.  The
 * console's responses carry a strict Content-Security-Policy (no inline
 * script, nothing from elsewhere).  Errors have the REST API's shape
 * {"error":{"type","reason"},"status":N}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "console/console.h"
#include "group/group.h"
#include "http/browse_routes.h"
#include "kafka/kafka.h"

#define JSON_TYPE "application/json"
#define REC_LIMIT_DEFAULT 50
#define REC_LIMIT_MAX 1000
#define REC_WAIT_MAX_MS 30000
#define REC_FETCH_BYTES (1024 * 1024)

typedef enum b_route {
    B_NONE, B_CONSOLE, B_OVERVIEW, B_RECORDS, B_PRODUCE, B_CONFIGS, B_GROUPS, B_GROUP, B_GROUP_RESET
} b_route;

typedef struct b_match {
    b_route id;
    char    topic[256];       /* {t} or {id} */
    int32_t partition;        /* {p} */
    char    file[64];         /* console file name, "" for index.html */
} b_match;

static void b_error(ck_http_resp *r, int status, const char *type, const char *fmt, ...) CK_PRINTF(4, 5);
static void b_error(ck_http_resp *r, int status, const char *type, const char *fmt, ...) {
    char reason[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof(reason), fmt, ap);
    va_end(ap);
    ck_wb_reset(&r->body);
    r->status = status;
    r->content_type = JSON_TYPE;
    ck_json_raw(&r->body, "{\"error\":{\"type\":");
    ck_json_cstr(&r->body, type);
    ck_json_raw(&r->body, ",\"reason\":");
    ck_json_cstr(&r->body, reason);
    ck_json_raw(&r->body, "},\"status\":");
    ck_json_i64(&r->body, status);
    ck_json_raw(&r->body, "}");
}

static void b_json_begin(ck_http_resp *r, int status) {
    ck_wb_reset(&r->body);
    r->status = status;
    r->content_type = JSON_TYPE;
}

/* ===================================================================== */
/* Routing                                                               */
/* ===================================================================== */

/* Copies the segment at *p (up to '/' or the end) to out; advances *p past
 * it and its slash.  false when empty or too long. */
static bool take_seg(const char **p, char *out, size_t outlen) {
    const char *s = *p, *e = strchr(s, '/');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if (n == 0 || n >= outlen) return false;
    memcpy(out, s, n);
    out[n] = 0;
    *p = e ? e + 1 : s + n;
    return true;
}

static bool accepts_html(const char *accept) { return accept && strstr(accept, "text/html") != NULL; }

static void resolve(const char *path, const char *accept, b_match *m) {
    char p[600];
    memset(m, 0, sizeof(*m));
    m->partition = -1;
    size_t n = strlen(path);
    if (n >= sizeof(p)) return;
    memcpy(p, path, n + 1);
    if (!strcmp(p, "/")) {
        if (accepts_html(accept)) m->id = B_CONSOLE;
        return;
    }
    if (!strcmp(p, "/ui") || !strcmp(p, "/ui/")) {
        m->id = B_CONSOLE;
        return;
    }
    if (!strncmp(p, "/ui/", 4)) {
        const char *f = p + 4;
        if (strlen(f) < sizeof(m->file) && !strchr(f, '/')) {
            snprintf(m->file, sizeof(m->file), "%s", f);
            m->id = B_CONSOLE;
        }
        return;
    }
    if (n > 1 && p[n - 1] == '/') p[--n] = 0;
    if (!strcmp(p, "/_overview")) {
        m->id = B_OVERVIEW;
        return;
    }
    if (!strcmp(p, "/groups")) {
        m->id = B_GROUPS;
        return;
    }
    const char *s;
    char seg[64];
    if (!strncmp(p, "/groups/", 8)) {
        s = p + 8;
        if (!take_seg(&s, m->topic, sizeof(m->topic))) return;
        if (!*s) m->id = B_GROUP;
        else if (!strcmp(s, "reset")) m->id = B_GROUP_RESET;
        return;
    }
    if (!strncmp(p, "/topics/", 8)) {
        s = p + 8;
        if (!take_seg(&s, m->topic, sizeof(m->topic))) return;
        if (!strcmp(s, "records")) m->id = B_PRODUCE;
        else if (!strcmp(s, "configs")) m->id = B_CONFIGS;
        else if (!strncmp(s, "partitions/", 11)) {
            s += 11;
            if (!take_seg(&s, seg, sizeof(seg)) || strcmp(s, "records") != 0) return;
            char *end = NULL;
            long v = strtol(seg, &end, 10);
            if (*end || v < 0 || v > INT32_MAX) return;
            m->partition = (int32_t)v;
            m->id = B_RECORDS;
        }
    }
}

bool ck_http_browse_owns(const char *method, const char *path, const char *accept) {
    (void)method;
    b_match m;
    /* Everything under /ui/ and /groups/ is ours (404 for what is not
     * there); elsewhere only the routes that resolve, so that /{index}/...
     * paths of other endpoints stay theirs. */
    if (!strcmp(path, "/ui") || !strncmp(path, "/ui/", 4) || !strncmp(path, "/groups/", 8)) return true;
    resolve(path, accept, &m);
    return m.id != B_NONE;
}

static bool is_get(const char *m) { return !strcmp(m, "GET") || !strcmp(m, "HEAD"); }

static bool mutating(b_route id) { return id == B_PRODUCE || id == B_CONFIGS || id == B_GROUP_RESET; }

static bool b_preflight(ck_http *srv, const char *method, const char *path, const char *accept, const char *key,
                        size_t klen, b_match *m, ck_http_resp *resp) {
    resolve(path, accept, m);
    if (m->id == B_NONE || (m->id == B_CONSOLE && !ck_conf_num(ck_engine_conf(srv->eng), CK_BK_HTTP_CONSOLE))) {
        b_error(resp, 404, "not_found", "no such endpoint: %s %.200s", method, path);
        return false;
    }
    bool ok = mutating(m->id) ? !strcmp(method, "POST") : is_get(method);
    if (!ok) {
        resp->allow = mutating(m->id) ? "POST" : "GET, HEAD";
        b_error(resp, 405, "method_not_allowed", "%s is not allowed on %.200s (allowed: %s)", method, path,
                resp->allow);
        return false;
    }
    if (mutating(m->id) && srv->admin_key_len > 0 &&
        !ck_http_key_equal(key, key ? klen : 0, srv->admin_key, srv->admin_key_len)) {
        resp->auth_challenge = true;
        b_error(resp, 401, "unauthorized",
                key ? "the admin API key is wrong" : "this endpoint requires the admin API key "
                                                     "(X-API-Key or Authorization: Bearer)");
        return false;
    }
    return true;
}

bool ck_http_browse_preflight(ck_http *srv, const char *method, const char *path, const char *accept,
                              const char *api_key, size_t klen, ck_http_resp *resp) {
    b_match m;
    return b_preflight(srv, method, path, accept, api_key, klen, &m, resp);
}

/* ===================================================================== */
/* Console files                                                         */
/* ===================================================================== */

static void h_console(const b_match *m, ck_http_resp *r) {
    const ck_console_asset *a = ck_console_asset_find(m->file, strlen(m->file));
    if (!a) {
        b_error(r, 404, "not_found", "the console has no file \"%s\"", m->file);
        r->console = true;
        return;
    }
    ck_wb_reset(&r->body);
    ck_wb_put(&r->body, a->data, a->len);
    r->status = 200;
    r->content_type = a->content_type;
    r->console = true;
}

/* ===================================================================== */
/* Encodings                                                             */
/* ===================================================================== */

static const char b64al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void b64_encode(ck_wb *out, const uint8_t *d, size_t n) {
    ck_wb_put(out, "\"", 1);
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)d[i] << 16;
        if (i + 1 < n) v |= (uint32_t)d[i + 1] << 8;
        if (i + 2 < n) v |= d[i + 2];
        char q[4] = {b64al[(v >> 18) & 63], b64al[(v >> 12) & 63], i + 1 < n ? b64al[(v >> 6) & 63] : '=',
                     i + 2 < n ? b64al[v & 63] : '='};
        ck_wb_put(out, q, 4);
    }
    ck_wb_put(out, "\"", 1);
}

/* Decodes base64 (standard or URL-safe alphabet, padding optional) into a
 * ck_malloc'd buffer; NULL when malformed. */
static uint8_t *b64_decode(const char *s, size_t n, size_t *outlen) {
    while (n > 0 && s[n - 1] == '=') n--;
    if (n % 4 == 1) return NULL;
    uint8_t *out = ck_malloc(n * 3 / 4 + 3);
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int v;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '+' || c == '-') v = 62;
        else if (c == '/' || c == '_') v = 63;
        else {
            ck_free(out);
            return NULL;
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (uint8_t)(acc >> bits);
        }
    }
    *outlen = o;
    return out;
}

static bool utf8_valid(const uint8_t *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        size_t k;
        uint32_t cp;
        if (c < 0x80) {
            if (c == 0) return false;
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0) k = 1, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0) k = 2, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0) k = 3, cp = c & 0x07;
        else return false;
        for (size_t j = 1; j <= k; j++) {
            if (i + j >= n || (s[i + j] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += k + 1;
    }
    return true;
}

/* Writes "name":value,"name_encoding":"text"|"base64"|null. */
static void put_bytes(ck_wb *out, const char *name, const void *d, size_t n) {
    ck_json_cstr(out, name);
    ck_json_raw(out, ":");
    char enc[64];
    snprintf(enc, sizeof(enc), "%s_encoding", name);
    if (!d) {
        ck_json_raw(out, "null,");
        ck_json_cstr(out, enc);
        ck_json_raw(out, ":null");
        return;
    }
    bool text = utf8_valid(d, n);
    if (text) ck_json_str(out, d, n);
    else b64_encode(out, d, n);
    ck_json_raw(out, ",");
    ck_json_cstr(out, enc);
    ck_json_raw(out, text ? ":\"text\"" : ":\"base64\"");
}

/* ===================================================================== */
/* Query parameters                                                      */
/* ===================================================================== */

static const char *q_get(const ck_http_query *q, const char *key) {
    if (!q) return NULL;
    for (int i = 0; i < q->n; i++)
        if (!strcmp(q->key[i], key)) return q->val[i];
    return NULL;
}

/* An integer parameter: true and *out when absent (*out untouched) or
 * valid; false with a 400 in r when malformed. */
static bool q_int(const ck_http_query *q, const char *key, int64_t *out, ck_http_resp *r) {
    const char *v = q_get(q, key);
    if (!v) return true;
    char *end = NULL;
    long long x = strtoll(v, &end, 10);
    if (!*v || *end) {
        b_error(r, 400, "invalid_request", "query parameter %s must be an integer, not \"%.100s\"", key, v);
        return false;
    }
    *out = x;
    return true;
}

/* ===================================================================== */
/* Records                                                               */
/* ===================================================================== */

static bool topic_exists(ck_http *srv, const char *name, int32_t *np) {
    ck_topic *t = ck_engine_topic_get(srv->eng, name, strlen(name));
    bool ok = t && !ck_topic_deleted(t);
    if (ok && np) *np = ck_topic_partition_count(t);
    if (t) ck_topic_release(t);
    return ok;
}

static void put_record(ck_wb *out, bool first, int64_t off, const chronik_record_t *rec) {
    ck_json_raw(out, first ? "{\"offset\":" : ",{\"offset\":");
    ck_json_i64(out, off);
    ck_json_raw(out, ",\"timestamp\":");
    ck_json_i64(out, rec->timestamp);
    ck_json_raw(out, ",");
    put_bytes(out, "key", rec->key, rec->key_len);
    ck_json_raw(out, ",");
    put_bytes(out, "value", rec->value, rec->value_len);
    ck_json_raw(out, ",\"headers\":[");
    for (size_t h = 0; h < rec->header_count; h++) {
        ck_json_raw(out, h ? ",{\"key\":" : "{\"key\":");
        ck_json_cstr(out, rec->headers[h].key);
        ck_json_raw(out, ",");
        put_bytes(out, "value", rec->headers[h].value, rec->headers[h].value_len);
        ck_json_raw(out, "}");
    }
    ck_json_raw(out, "]}");
}

/* Reads [from, to) (at most limit records) into out as a JSON array's
 * members; *count and *next (the offset after the last record read). */
static int read_range(ck_http *srv, const char *topic, int32_t p, int64_t from, int64_t to, int64_t limit,
                      int wait_ms, ck_wb *items, int64_t *count, int64_t *next) {
    int64_t off = from;
    *count = 0;
    *next = from;
    while (off < to && *count < limit) {
        chronik_fetch_t *f = NULL;
        chronik_err_t rc = chronik_fetch(srv->eng, topic, p, off, REC_FETCH_BYTES, 0, &f);
        if (rc != CHRONIK_OK) return rc;
        chronik_record_t rec;
        int64_t o;
        while (*count < limit && chronik_fetch_next(f, &rec, &o)) {
            if (o >= to) break;
            put_record(items, *count == 0, o, &rec);
            (*count)++;
            *next = o + 1;
        }
        int64_t nx = chronik_fetch_next_offset(f);
        chronik_fetch_free(f);
        /* A batch of control records only, or a gap (compaction), moves the
         * offset on without records; no progress at all ends the read. */
        if (nx <= off) break;
        off = nx;
        if (*count < limit && off > *next) *next = off < to ? off : to;
    }
    if (*count == 0 && wait_ms > 0 && from == to) {
        /* A tail: wait for the first record after the high watermark. */
        chronik_fetch_t *f = NULL;
        if (chronik_fetch(srv->eng, topic, p, from, REC_FETCH_BYTES, wait_ms, &f) == CHRONIK_OK) {
            chronik_record_t rec;
            int64_t o;
            while (*count < limit && chronik_fetch_next(f, &rec, &o)) {
                put_record(items, *count == 0, o, &rec);
                (*count)++;
                *next = o + 1;
            }
            chronik_fetch_free(f);
        }
    }
    return 0;
}

static void h_records(ck_http *srv, const b_match *m, const ck_http_query *q, ck_http_resp *r) {
    int32_t np = 0;
    ck_wb items;
    ck_wb_init(&items, 1024);
    if (!topic_exists(srv, m->topic, &np)) {
        b_error(r, 404, "unknown_topic", "topic \"%s\" does not exist", m->topic);
        goto out;
    }
    if (m->partition >= np) {
        b_error(r, 404, "unknown_partition", "topic \"%s\" has %d partition(s); there is no partition %d",
                m->topic, (int)np, (int)m->partition);
        goto out;
    }
    int64_t offset = -1, ts = -1, limit = REC_LIMIT_DEFAULT, wait_ms = 0;
    bool has_off = q_get(q, "offset") != NULL, has_ts = q_get(q, "timestamp") != NULL;
    if (!q_int(q, "offset", &offset, r) || !q_int(q, "timestamp", &ts, r) || !q_int(q, "limit", &limit, r) ||
        !q_int(q, "wait_ms", &wait_ms, r))
        goto out;
    const char *order = q_get(q, "order");
    bool newest = false;
    if (order && !strcmp(order, "newest")) newest = true;
    else if (order && strcmp(order, "oldest") != 0) {
        b_error(r, 400, "invalid_request", "order must be oldest or newest, not \"%.100s\"", order);
        goto out;
    }
    if (has_off && has_ts) {
        b_error(r, 400, "invalid_request", "give offset or timestamp, not both");
        goto out;
    }
    if ((has_off && offset < 0) || (has_ts && ts < 0)) {
        b_error(r, 400, "invalid_request", "offset and timestamp must not be negative");
        goto out;
    }
    if (limit < 1 || limit > REC_LIMIT_MAX) {
        b_error(r, 400, "invalid_request", "limit must be 1..%d", REC_LIMIT_MAX);
        goto out;
    }
    if (wait_ms < 0 || wait_ms > REC_WAIT_MAX_MS) {
        b_error(r, 400, "invalid_request", "wait_ms must be 0..%d", REC_WAIT_MAX_MS);
        goto out;
    }
    int64_t start = 0, hwm = 0;
    chronik_err_t rc = chronik_offsets(srv->eng, m->topic, m->partition, &start, &hwm);
    if (rc != CHRONIK_OK) {
        b_error(r, 500, "internal_error", "%s", chronik_strerror(rc));
        goto out;
    }
    int64_t anchor;
    if (has_ts) {
        rc = chronik_offset_for_time(srv->eng, m->topic, m->partition, ts, &anchor);
        if (rc != CHRONIK_OK) {
            b_error(r, 500, "internal_error", "%s", chronik_strerror(rc));
            goto out;
        }
    } else if (has_off) {
        if (offset > hwm) {
            b_error(r, 416, "offset_out_of_range", "offset %lld is past the high watermark %lld",
                    (long long)offset, (long long)hwm);
            goto out;
        }
        anchor = offset;
    } else {
        anchor = newest ? hwm : start;
    }
    if (anchor < start) anchor = start;
    if (anchor > hwm) anchor = hwm;
    int64_t from, to, count = 0, next = anchor;
    if (newest) {
        /* The limit records before anchor (after it when a timestamp is
         * given: the newest records at or after the time come first). */
        to = has_ts ? hwm : anchor;
        from = to - limit < start ? start : to - limit;
        if (has_ts && from < anchor) from = anchor;
        if (has_ts && to - from > limit) to = from + limit;
    } else {
        from = anchor;
        to = hwm;
    }
    rc = read_range(srv, m->topic, m->partition, from, to, limit, newest ? 0 : (int)wait_ms, &items, &count,
                    &next);
    if (rc != CHRONIK_OK && rc != CHRONIK_ERR_OFFSET_OUT_OF_RANGE) {
        b_error(r, 500, "internal_error", "%s", chronik_strerror(rc));
        goto out;
    }
    b_json_begin(r, 200);
    ck_json_raw(&r->body, "{\"topic\":");
    ck_json_cstr(&r->body, m->topic);
    ck_json_raw(&r->body, ",\"partition\":");
    ck_json_i64(&r->body, m->partition);
    ck_json_raw(&r->body, ",\"order\":");
    ck_json_cstr(&r->body, newest ? "newest" : "oldest");
    ck_json_raw(&r->body, ",\"log_start_offset\":");
    ck_json_i64(&r->body, start);
    ck_json_raw(&r->body, ",\"high_watermark\":");
    ck_json_i64(&r->body, hwm > next ? hwm : next);
    ck_json_raw(&r->body, ",\"next_offset\":");
    ck_json_i64(&r->body, newest ? to : next);
    ck_json_raw(&r->body, ",\"prev_offset\":");
    ck_json_i64(&r->body, from);
    ck_json_raw(&r->body, ",\"count\":");
    ck_json_i64(&r->body, count);
    ck_json_raw(&r->body, ",\"records\":[");
    if (!newest) {
        ck_wb_put(&r->body, items.buf, items.len);
    } else if (count > 0) {
        /* Newest first: the items were written oldest first as
         * "{...},{...}"; split them at the top level and reverse. */
        const char *s = (const char *)items.buf;
        size_t n = items.len, *starts = ck_malloc(sizeof(size_t) * (size_t)(count + 1));
        size_t k = 0;
        int depth = 0;
        bool instr = false, esc = false;
        for (size_t i = 0; i < n; i++) {
            char c = s[i];
            if (instr) {
                if (esc) esc = false;
                else if (c == '\\') esc = true;
                else if (c == '"') instr = false;
                continue;
            }
            if (c == '"') instr = true;
            else if (c == '{' || c == '[') {
                if (depth++ == 0 && c == '{' && k < (size_t)count) starts[k++] = i;
            } else if (c == '}' || c == ']') depth--;
        }
        starts[k] = n + 1;
        for (size_t j = k; j-- > 0;) {
            size_t b = starts[j], e = starts[j + 1] - 1; /* e: the comma or the end */
            if (j != k - 1) ck_json_raw(&r->body, ",");
            ck_wb_put(&r->body, s + b, e - b);
        }
        ck_free(starts);
    }
    ck_json_raw(&r->body, "]}");
out:
    ck_wb_free(&items);
}

/* ===================================================================== */
/* Produce                                                               */
/* ===================================================================== */

/* One byte field of the body: a string decoded per encoding. */
static int body_bytes(const ck_jdoc *doc, int32_t obj, const char *field, bool b64, uint8_t **out, size_t *len,
                      bool *null, char *err, size_t errlen) {
    int32_t v = ck_http_json_member(doc, obj, field);
    *out = NULL;
    *len = 0;
    *null = true;
    if (v == -1 || doc->tok[v].type == CK_J_NULL) return 0;
    if (v == -2 || doc->tok[v].type != CK_J_STRING) {
        ck_errf(err, errlen, "%s must be a string (or null)", field);
        return -1;
    }
    size_t n = 0;
    char *s = ck_http_json_string(doc, v, &n);
    *null = false;
    if (!b64) {
        *out = (uint8_t *)s;
        *len = n;
        return 0;
    }
    *out = b64_decode(s, n, len);
    ck_free(s);
    if (!*out) {
        ck_errf(err, errlen, "%s is not valid base64", field);
        return -1;
    }
    return 0;
}

static void h_produce(ck_http *srv, const b_match *m, const char *body, size_t len, ck_http_resp *r) {
    ck_jdoc doc = {0};
    char err[512] = "";
    uint8_t *key = NULL, *value = NULL;
    size_t klen = 0, vlen = 0, nh = 0;
    bool knull = true, vnull = true;
    chronik_header_t *hdrs = NULL;
    char **hkeys = NULL;
    uint8_t **hvals = NULL;
    if (ck_http_json_parse(&doc, body, len, err, sizeof(err)) != 0) {
        b_error(r, 400, "parse_error", "%s", err);
        goto out;
    }
    if (doc.tok[0].type != CK_J_OBJECT) {
        b_error(r, 400, "invalid_request", "the body must be a JSON object");
        goto out;
    }
    int64_t partition = -1, ts = -1;
    bool b64 = false;
    for (int32_t c = ck_http_json_first(&doc, 0), v; c >= 0 && (v = ck_http_json_next(&doc, 0, c)) >= 0;
         c = ck_http_json_next(&doc, 0, v)) {
        if (ck_http_json_str_eq(&doc, c, "partition")) {
            if (!ck_http_json_int(&doc, v, &partition) || partition < -1 || partition > INT32_MAX) {
                b_error(r, 400, "invalid_request", "partition must be an integer >= -1");
                goto out;
            }
        } else if (ck_http_json_str_eq(&doc, c, "timestamp")) {
            if (!ck_http_json_int(&doc, v, &ts) || ts < -1) {
                b_error(r, 400, "invalid_request", "timestamp must be milliseconds since the epoch (or -1)");
                goto out;
            }
        } else if (ck_http_json_str_eq(&doc, c, "encoding")) {
            if (ck_http_json_str_eq(&doc, v, "base64")) b64 = true;
            else if (!ck_http_json_str_eq(&doc, v, "text")) {
                b_error(r, 400, "invalid_request", "encoding must be \"text\" or \"base64\"");
                goto out;
            }
        } else if (!ck_http_json_str_eq(&doc, c, "key") && !ck_http_json_str_eq(&doc, c, "value") &&
                   !ck_http_json_str_eq(&doc, c, "headers")) {
            char *name = ck_http_json_string(&doc, c, NULL);
            b_error(r, 400, "invalid_request",
                    "unknown field \"%.100s\" (partition, key, value, headers, timestamp, encoding)", name);
            ck_free(name);
            goto out;
        }
    }
    if (body_bytes(&doc, 0, "key", b64, &key, &klen, &knull, err, sizeof(err)) != 0 ||
        body_bytes(&doc, 0, "value", b64, &value, &vlen, &vnull, err, sizeof(err)) != 0) {
        b_error(r, 400, "invalid_request", "%s", err);
        goto out;
    }
    int32_t h = ck_http_json_member(&doc, 0, "headers");
    if (h >= 0 && doc.tok[h].type != CK_J_NULL) {
        if (doc.tok[h].type != CK_J_OBJECT) {
            b_error(r, 400, "invalid_request", "headers must be an object of name: string");
            goto out;
        }
        size_t cap = (size_t)doc.tok[h].count;
        hdrs = ck_calloc(cap + 1, sizeof(*hdrs));
        hkeys = ck_calloc(cap + 1, sizeof(*hkeys));
        hvals = ck_calloc(cap + 1, sizeof(*hvals));
        for (int32_t c = ck_http_json_first(&doc, h), v; c >= 0 && (v = ck_http_json_next(&doc, h, c)) >= 0;
         c = ck_http_json_next(&doc, h, v)) {
            hkeys[nh] = ck_http_json_string(&doc, c, NULL);
            hdrs[nh].key = hkeys[nh];
            if (doc.tok[v].type == CK_J_NULL) {
                nh++;
                continue;
            }
            if (doc.tok[v].type != CK_J_STRING) {
                b_error(r, 400, "invalid_request", "header \"%.100s\" must be a string (or null)", hkeys[nh]);
                nh++;
                goto out;
            }
            size_t n = 0;
            char *s = ck_http_json_string(&doc, v, &n);
            if (b64) {
                hvals[nh] = b64_decode(s, n, &hdrs[nh].value_len);
                ck_free(s);
                if (!hvals[nh]) {
                    b_error(r, 400, "invalid_request", "header \"%.100s\" is not valid base64", hkeys[nh]);
                    nh++;
                    goto out;
                }
            } else {
                hvals[nh] = (uint8_t *)s;
                hdrs[nh].value_len = n;
            }
            hdrs[nh].value = hvals[nh];
            nh++;
        }
    }
    int32_t np = 0;
    if (!topic_exists(srv, m->topic, &np)) {
        b_error(r, 404, "unknown_topic", "topic \"%s\" does not exist", m->topic);
        goto out;
    }
    if (partition >= np) {
        b_error(r, 404, "unknown_partition", "topic \"%s\" has %d partition(s); there is no partition %lld",
                m->topic, (int)np, (long long)partition);
        goto out;
    }
    chronik_record_t rec = {knull ? NULL : (key ? key : (const uint8_t *)""), klen,
                            vnull ? NULL : (value ? value : (const uint8_t *)""), vlen, ts, hdrs, nh};
    chronik_produce_opts_t opts = {0, -1};
    int64_t base = -1;
    chronik_err_t rc = chronik_produce_with_options(srv->eng, m->topic, (int32_t)partition, &rec, 1, &opts, &base);
    if (rc != CHRONIK_OK) {
        int status = rc == CHRONIK_ERR_MESSAGE_TOO_LARGE ? 413
                     : rc == CHRONIK_ERR_INVALID_ARG      ? 400
                                                          : 500;
        b_error(r, status, status == 500 ? "internal_error" : "invalid_record", "%s: %s", chronik_err_name(rc),
                chronik_errmsg(srv->eng));
        goto out;
    }
    b_json_begin(r, 201);
    ck_json_raw(&r->body, "{\"topic\":");
    ck_json_cstr(&r->body, m->topic);
    ck_json_raw(&r->body, ",\"partition\":");
    ck_json_i64(&r->body, opts.partition_out);
    ck_json_raw(&r->body, ",\"offset\":");
    ck_json_i64(&r->body, base);
    ck_json_raw(&r->body, "}");
out:
    for (size_t i = 0; i < nh; i++) {
        ck_free(hkeys[i]);
        ck_free(hvals[i]);
    }
    ck_free(hkeys);
    ck_free(hvals);
    ck_free(hdrs);
    ck_free(key);
    ck_free(value);
    ck_http_json_free(&doc);
}

/* ===================================================================== */
/* Topic configs                                                         */
/* ===================================================================== */

static void h_configs(ck_http *srv, const b_match *m, const char *body, size_t len, ck_http_resp *r) {
    ck_jdoc doc = {0};
    char err[512] = "";
    if (ck_http_json_parse(&doc, body, len, err, sizeof(err)) != 0) {
        b_error(r, 400, "parse_error", "%s", err);
        goto out;
    }
    int32_t cfg = doc.tok[0].type == CK_J_OBJECT ? ck_http_json_member(&doc, 0, "config") : -1;
    if (cfg < 0 || doc.tok[cfg].type != CK_J_OBJECT) {
        b_error(r, 400, "invalid_request", "the body must be {\"config\": {\"name\": \"value\" or null, ...}}");
        goto out;
    }
    if (!topic_exists(srv, m->topic, NULL)) {
        b_error(r, 404, "unknown_topic", "topic \"%s\" does not exist", m->topic);
        goto out;
    }
    /* Every value is checked before anything changes. */
    for (int32_t c = ck_http_json_first(&doc, cfg), v; c >= 0 && (v = ck_http_json_next(&doc, cfg, c)) >= 0;
         c = ck_http_json_next(&doc, cfg, v)) {
        ck_jtype t = doc.tok[v].type;
        if (t != CK_J_STRING && t != CK_J_NULL && t != CK_J_NUMBER && t != CK_J_TRUE && t != CK_J_FALSE) {
            char *name = ck_http_json_string(&doc, c, NULL);
            b_error(r, 400, "invalid_config", "config %.100s: the value must be a string, number, boolean or null",
                    name);
            ck_free(name);
            goto out;
        }
    }
    b_json_begin(r, 200);
    ck_json_raw(&r->body, "{\"acknowledged\":true,\"topic\":");
    ck_json_cstr(&r->body, m->topic);
    ck_json_raw(&r->body, ",\"changed\":[");
    bool first = true;
    for (int32_t c = ck_http_json_first(&doc, cfg), v; c >= 0 && (v = ck_http_json_next(&doc, cfg, c)) >= 0;
         c = ck_http_json_next(&doc, cfg, v)) {
        char *name = ck_http_json_string(&doc, c, NULL);
        char *val = NULL;
        if (doc.tok[v].type == CK_J_STRING) val = ck_http_json_string(&doc, v, NULL);
        else if (doc.tok[v].type != CK_J_NULL)
            val = ck_strndup(doc.js + doc.tok[v].start, (size_t)(doc.tok[v].end - doc.tok[v].start));
        int rc = ck_engine_topic_config_set(srv->eng, m->topic, name, val, err, sizeof(err));
        if (rc != 0) {
            int status = rc == CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION ? 404 : 400;
            b_error(r, status, status == 404 ? "unknown_topic" : "invalid_config", "config %.100s: %s", name,
                    *err ? err : chronik_strerror((chronik_err_t)rc));
            ck_free(name);
            ck_free(val);
            goto out;
        }
        CK_INFO(CK_HTTP_SUB, "topic %s: %s %s%s", m->topic, name, val ? "set to " : "override removed",
                val ? val : "");
        if (!first) ck_json_raw(&r->body, ",");
        first = false;
        ck_json_cstr(&r->body, name);
        ck_free(name);
        ck_free(val);
    }
    ck_json_raw(&r->body, "]}");
out:
    ck_http_json_free(&doc);
}

/* ===================================================================== */
/* Overview                                                              */
/* ===================================================================== */

/* The upper bound (ms) of the bucket holding quantile q of h; -1 when empty. */
static double hist_quantile_ms(const ck_hist *h, double q) {
    if (h->count == 0) return -1;
    uint64_t want = (uint64_t)(q * (double)h->count + 0.5), cum = 0;
    if (want < 1) want = 1;
    for (int i = 0; i <= CK_HIST_BUCKETS; i++) {
        cum += h->bucket[i];
        if (cum >= want) return i < CK_HIST_BUCKETS ? ck_hist_bounds[i] * 1000.0 : ck_hist_bounds[CK_HIST_BUCKETS - 1] * 1000.0;
    }
    return ck_hist_bounds[CK_HIST_BUCKETS - 1] * 1000.0;
}

static void put_hist(ck_wb *out, const ck_hist *h) {
    char buf[64];
    ck_json_raw(out, "{\"count\":");
    ck_json_i64(out, (int64_t)h->count);
    ck_json_raw(out, ",\"sum_ms\":");
    snprintf(buf, sizeof(buf), "%.3f", (double)h->sum_us / 1000.0);
    ck_json_raw(out, buf);
    static const double qs[] = {0.5, 0.95, 0.99};
    static const char *const qn[] = {"p50_ms", "p95_ms", "p99_ms"};
    for (int i = 0; i < 3; i++) {
        ck_json_raw(out, ",");
        ck_json_cstr(out, qn[i]);
        snprintf(buf, sizeof(buf), ":%.3f", hist_quantile_ms(h, qs[i]));
        ck_json_raw(out, buf);
    }
    ck_json_raw(out, "}");
}

static void h_overview(ck_http *srv, ck_http_resp *r) {
    ck_http_metrics *mt = ck_malloc(sizeof(*mt));
    ck_http_metrics_collect(srv->eng, srv, mt);
    const chronik_conf_t *conf = ck_engine_conf(srv->eng);
    const char *bind = ck_conf_str(conf, CK_BK_BIND_ADDRESS);
    b_json_begin(r, 200);
    ck_wb *o = &r->body;
    ck_json_raw(o, "{\"version\":");
    ck_json_cstr(o, chronik_version());
    ck_json_raw(o, ",\"node_id\":");
    ck_json_i64(o, ck_engine_node_id(srv->eng));
    ck_json_raw(o, ",\"cluster_id\":");
    ck_json_cstr(o, ck_engine_cluster_id(srv->eng));
    ck_json_raw(o, ",\"uptime_ms\":");
    ck_json_i64(o, ck_mono_ms() - srv->started_ms);
    ck_json_raw(o, ",\"listeners\":{\"http\":{\"host\":");
    ck_json_cstr(o, bind && *bind ? bind : "0.0.0.0");
    ck_json_raw(o, ",\"port\":");
    ck_json_i64(o, srv->port);
    ck_json_raw(o, "},\"kafka\":");
    ck_kafka *k = ck_kafka_of(srv->eng);
    if (k) {
        ck_json_raw(o, "{\"host\":");
        ck_json_cstr(o, ck_kafka_advertised_host(k));
        ck_json_raw(o, ",\"port\":");
        ck_json_i64(o, ck_kafka_advertised_port(k));
        ck_json_raw(o, "}");
    } else {
        ck_json_raw(o, "null");
    }
    ck_json_raw(o, "},\"admin_key_required\":");
    ck_json_raw(o, srv->admin_key_len > 0 ? "true" : "false");
    ck_json_raw(o, ",\"sql\":");
    ck_json_raw(o, mt->has_sql ? "true" : "false");
    ck_json_raw(o, ",\"topic_count\":");
    ck_json_i64(o, mt->topics);
    ck_json_raw(o, ",\"partition_count\":");
    ck_json_i64(o, mt->partitions);
    ck_json_raw(o, ",\"storage_bytes\":");
    ck_json_i64(o, mt->storage_bytes);
    ck_json_raw(o, ",\"messages_stored\":");
    ck_json_i64(o, mt->messages_stored);
    ck_json_raw(o, ",\"produce\":{\"requests\":");
    ck_json_i64(o, (int64_t)mt->eng.produce_requests);
    ck_json_raw(o, ",\"messages\":");
    ck_json_i64(o, (int64_t)mt->eng.messages_in);
    ck_json_raw(o, ",\"bytes\":");
    ck_json_i64(o, (int64_t)mt->eng.bytes_in);
    ck_json_raw(o, ",\"latency\":");
    put_hist(o, &mt->eng.produce_latency);
    ck_json_raw(o, "},\"fetch\":{\"requests\":");
    ck_json_i64(o, (int64_t)mt->eng.fetch_requests);
    ck_json_raw(o, ",\"messages\":");
    ck_json_i64(o, (int64_t)mt->eng.messages_out);
    ck_json_raw(o, ",\"bytes\":");
    ck_json_i64(o, (int64_t)mt->eng.bytes_out);
    ck_json_raw(o, ",\"latency\":");
    put_hist(o, &mt->eng.fetch_latency);
    ck_json_raw(o, "},\"active_connections\":");
    ck_json_i64(o, (int64_t)mt->eng.active_connections);
    ck_free(mt);

    /* Topics with what the console's list shows. */
    size_t n = 0;
    ck_topic **ts = ck_engine_topic_list(srv->eng, &n);
    ck_json_raw(o, ",\"topics\":[");
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        ck_topic *t = ts[i];
        if (ck_topic_deleted(t)) continue;
        int32_t np = ck_topic_partition_count(t);
        int64_t size = 0, msgs = 0;
        for (int32_t p = 0; p < np; p++) {
            ck_partition *part = ck_topic_partition(t, p);
            if (!part) continue;
            ck_part_offsets po = {0};
            ck_partition_offsets(part, &po);
            size += ck_partition_size_bytes(part);
            msgs += po.high_watermark - po.log_start;
        }
        ck_topic_conf tc;
        ck_topic_conf_snapshot(t, &tc);
        ck_json_raw(o, first ? "{\"name\":" : ",{\"name\":");
        first = false;
        ck_json_cstr(o, ck_topic_name(t));
        ck_json_raw(o, ",\"partitions\":");
        ck_json_i64(o, np);
        ck_json_raw(o, ",\"size_bytes\":");
        ck_json_i64(o, size);
        ck_json_raw(o, ",\"messages\":");
        ck_json_i64(o, msgs);
        ck_json_raw(o, ",\"retention_ms\":");
        ck_json_i64(o, ck_topic_conf_num(&tc, conf, CK_TK_RETENTION_MS));
        ck_json_raw(o, ",\"features\":[");
        static const struct { int key; const char *name; } feats[] = {
            {CK_TK_COLUMNAR_ENABLED, "columnar"}, {CK_TK_SEARCHABLE_ENABLED, "searchable"},
            {CK_TK_VECTOR_ENABLED, "vector"}, {CK_TK_REMOTE_STORAGE_ENABLE, "remote"}};
        bool ff = true;
        for (size_t f = 0; f < sizeof(feats) / sizeof(feats[0]); f++) {
            if (!ck_topic_conf_num(&tc, conf, feats[f].key)) continue;
            if (!ff) ck_json_raw(o, ",");
            ff = false;
            ck_json_cstr(o, feats[f].name);
        }
        ck_json_raw(o, "]}");
        ck_topic_conf_free(&tc);
    }
    ck_json_raw(o, "]}");
    ck_topics_release(ts, n);
}

/* ===================================================================== */
/* Consumer groups                                                       */
/* ===================================================================== */

static void h_groups(ck_http *srv, ck_http_resp *r) {
    char *names = NULL;
    size_t count = 0;
    chronik_err_t rc = chronik_group_list(srv->eng, &names, &count);
    if (rc != CHRONIK_OK) {
        b_error(r, 500, "internal_error", "%s", chronik_strerror(rc));
        return;
    }
    ck_cgroups *cg = ck_cgroups_of(srv->eng);
    b_json_begin(r, 200);
    ck_json_raw(&r->body, "{\"groups\":[");
    const char *s = names;
    for (size_t i = 0; i < count; i++) {
        size_t len = strlen(s);
        char *json = NULL;
        const char *state = "Unknown";
        char stbuf[64] = "";
        int32_t nmem = 0;
        bool consumer = cg && ck_cgroup_kind(cg, s, &nmem) == 1;
        if (consumer) {
            ck_cg_desc d;
            memset(&d, 0, sizeof(d));
            if (ck_cgroup_describe(cg, s, &d) == 0) {
                snprintf(stbuf, sizeof(stbuf), "%s", d.state);
                nmem = d.nmembers;
                ck_cg_desc_free(&d);
            }
        } else if (chronik_group_describe(srv->eng, s, &json) == CHRONIK_OK && json) {
            ck_jdoc doc = {0};
            char err[128];
            if (ck_http_json_parse(&doc, json, strlen(json), err, sizeof(err)) == 0) {
                int32_t st = ck_http_json_member(&doc, 0, "state");
                int32_t mem = ck_http_json_member(&doc, 0, "members");
                if (st >= 0 && doc.tok[st].type == CK_J_STRING) {
                    char *v = ck_http_json_string(&doc, st, NULL);
                    snprintf(stbuf, sizeof(stbuf), "%s", v);
                    ck_free(v);
                }
                if (mem >= 0 && doc.tok[mem].type == CK_J_ARRAY) nmem = doc.tok[mem].count;
            }
            ck_http_json_free(&doc);
            chronik_free(json);
        }
        if (stbuf[0]) state = stbuf;
        ck_json_raw(&r->body, i ? ",{\"group_id\":" : "{\"group_id\":");
        ck_json_cstr(&r->body, s);
        ck_json_raw(&r->body, ",\"state\":");
        ck_json_cstr(&r->body, state);
        ck_json_raw(&r->body, ",\"protocol\":");
        ck_json_cstr(&r->body, consumer ? "consumer" : "classic");
        ck_json_raw(&r->body, ",\"members\":");
        ck_json_i64(&r->body, nmem);
        ck_json_raw(&r->body, "}");
        s += len + 1;
    }
    ck_json_raw(&r->body, "]}");
    chronik_free(names);
}

/* The topic name of a topic id, or NULL (not kept). */
static char *topic_name_of_id(ck_http *srv, const uint8_t id[16]) {
    size_t n = 0;
    char *name = NULL;
    ck_topic **ts = ck_engine_topic_list(srv->eng, &n);
    for (size_t i = 0; i < n && !name; i++)
        if (!memcmp(ck_topic_id(ts[i]), id, 16)) name = ck_strdup(ck_topic_name(ts[i]));
    ck_topics_release(ts, n);
    return name;
}

static void put_cg_tps(ck_http *srv, ck_wb *o, const ck_cg_desc_tps *tps) {
    ck_json_raw(o, "[");
    for (int32_t i = 0; i < tps->ntopics; i++) {
        char *name = topic_name_of_id(srv, tps->topics[i].topic_id);
        ck_json_raw(o, i ? ",{\"topic\":" : "{\"topic\":");
        ck_json_cstr(o, name);
        ck_free(name);
        ck_json_raw(o, ",\"partitions\":[");
        for (int32_t p = 0; p < tps->topics[i].npartitions; p++) {
            if (p) ck_json_raw(o, ",");
            ck_json_i64(o, tps->topics[i].partitions[p]);
        }
        ck_json_raw(o, "]}");
    }
    ck_json_raw(o, "]");
}

/* Fills the group's description (chronik_group_describe's JSON, with
 * protocol, and each committed offset's high watermark and lag) into o.
 * *members receives the member count.  0, or a chronik_err_t. */
static int describe_group(ck_http *srv, const char *id, ck_wb *o, int32_t *members) {
    char *json = NULL;
    ck_jdoc doc = {0};
    char err[256];
    int rc = chronik_group_describe(srv->eng, id, &json);
    if (rc != CHRONIK_OK) return rc;
    if (ck_http_json_parse(&doc, json, strlen(json), err, sizeof(err)) != 0) {
        rc = CHRONIK_ERR_UNKNOWN_SERVER_ERROR;
        goto out;
    }
    ck_cgroups *cg = ck_cgroups_of(srv->eng);
    int32_t nmem = 0;
    bool consumer = cg && ck_cgroup_kind(cg, id, &nmem) == 1;
    ck_cg_desc d;
    memset(&d, 0, sizeof(d));
    if (consumer && ck_cgroup_describe(cg, id, &d) != 0) consumer = false;
    ck_json_raw(o, "{\"group_id\":");
    ck_json_cstr(o, id);
    ck_json_raw(o, ",\"protocol\":");
    ck_json_cstr(o, consumer ? "consumer" : "classic");
    if (consumer) {
        ck_json_raw(o, ",\"state\":");
        ck_json_cstr(o, d.state);
        ck_json_raw(o, ",\"protocol_type\":\"consumer\",\"generation\":");
        ck_json_i64(o, d.group_epoch);
        ck_json_raw(o, ",\"assignor\":");
        ck_json_cstr(o, d.assignor);
        ck_json_raw(o, ",\"members\":[");
        for (int32_t i = 0; i < d.nmembers; i++) {
            ck_cg_desc_member *mm = &d.members[i];
            ck_json_raw(o, i ? ",{\"member_id\":" : "{\"member_id\":");
            ck_json_cstr(o, mm->member_id);
            ck_json_raw(o, ",\"group_instance_id\":");
            ck_json_cstr(o, mm->instance_id);
            ck_json_raw(o, ",\"client_id\":");
            ck_json_cstr(o, mm->client_id);
            ck_json_raw(o, ",\"client_host\":");
            ck_json_cstr(o, mm->client_host);
            ck_json_raw(o, ",\"member_epoch\":");
            ck_json_i64(o, mm->member_epoch);
            ck_json_raw(o, ",\"assignment\":");
            put_cg_tps(srv, o, &mm->assignment);
            ck_json_raw(o, "}");
        }
        ck_json_raw(o, "]");
        *members = d.nmembers;
        ck_cg_desc_free(&d);
    } else {
        static const char *const copied[] = {"state", "protocol_type", "protocol", "generation", "members"};
        for (size_t i = 0; i < sizeof(copied) / sizeof(copied[0]); i++) {
            int32_t v = ck_http_json_member(&doc, 0, copied[i]);
            if (v < 0) continue;
            ck_json_raw(o, ",");
            ck_json_cstr(o, !strcmp(copied[i], "protocol") ? "assignor" : copied[i]);
            ck_json_raw(o, ":");
            ck_wb_put(o, json + doc.tok[v].start, (size_t)(doc.tok[v].end - doc.tok[v].start));
            if (!strcmp(copied[i], "members")) *members = doc.tok[v].count;
        }
    }
    /* Committed offsets with lag. */
    ck_json_raw(o, ",\"offsets\":[");
    int64_t total = 0;
    int32_t offs = ck_http_json_member(&doc, 0, "offsets");
    bool first = true;
    if (offs >= 0 && doc.tok[offs].type == CK_J_ARRAY) {
        for (int32_t e = ck_http_json_first(&doc, offs); e >= 0; e = ck_http_json_next(&doc, offs, e)) {
            int32_t tv = ck_http_json_member(&doc, e, "topic"), pv = ck_http_json_member(&doc, e, "partition"),
                    ov = ck_http_json_member(&doc, e, "offset");
            int64_t part = 0, off = -1, ls = 0, hwm = 0;
            if (tv < 0 || pv < 0 || ov < 0 || !ck_http_json_int(&doc, pv, &part) || !ck_http_json_int(&doc, ov, &off))
                continue;
            char *topic = ck_http_json_string(&doc, tv, NULL);
            bool known = topic && chronik_offsets(srv->eng, topic, (int32_t)part, &ls, &hwm) == CHRONIK_OK;
            ck_json_raw(o, first ? "{\"topic\":" : ",{\"topic\":");
            first = false;
            ck_json_cstr(o, topic);
            ck_json_raw(o, ",\"partition\":");
            ck_json_i64(o, part);
            ck_json_raw(o, ",\"offset\":");
            ck_json_i64(o, off);
            ck_json_raw(o, ",\"log_start_offset\":");
            if (known) ck_json_i64(o, ls);
            else ck_json_raw(o, "null");
            ck_json_raw(o, ",\"high_watermark\":");
            if (known) ck_json_i64(o, hwm);
            else ck_json_raw(o, "null");
            ck_json_raw(o, ",\"lag\":");
            if (known && off >= 0) {
                int64_t lag = hwm - (off < ls ? ls : off);
                if (lag < 0) lag = 0;
                total += lag;
                ck_json_i64(o, lag);
            } else {
                ck_json_raw(o, "null");
            }
            int32_t mv = ck_http_json_member(&doc, e, "metadata");
            ck_json_raw(o, ",\"metadata\":");
            if (mv >= 0) ck_wb_put(o, json + doc.tok[mv].start, (size_t)(doc.tok[mv].end - doc.tok[mv].start));
            else ck_json_raw(o, "null");
            ck_json_raw(o, "}");
            ck_free(topic);
        }
    }
    ck_json_raw(o, "],\"total_lag\":");
    ck_json_i64(o, total);
    ck_json_raw(o, "}");
    rc = 0;
out:
    ck_http_json_free(&doc);
    chronik_free(json);
    return rc;
}

static void group_error(ck_http_resp *r, int rc, const char *id) {
    if (rc == CHRONIK_ERR_INVALID_GROUP_ID) b_error(r, 400, "invalid_group_id", "invalid group id \"%.100s\"", id);
    else b_error(r, 500, "internal_error", "%s", chronik_strerror((chronik_err_t)rc));
}

/* true when the group is known (has members or committed offsets). */
static bool group_known(ck_http *srv, const char *id) {
    char *names = NULL;
    size_t count = 0;
    bool found = false;
    if (chronik_group_list(srv->eng, &names, &count) != CHRONIK_OK) return false;
    const char *s = names;
    for (size_t i = 0; i < count && !found; i++) {
        found = !strcmp(s, id);
        s += strlen(s) + 1;
    }
    chronik_free(names);
    return found;
}

static void h_group(ck_http *srv, const b_match *m, ck_http_resp *r) {
    if (!group_known(srv, m->topic)) {
        b_error(r, 404, "unknown_group", "group \"%s\" does not exist", m->topic);
        return;
    }
    int32_t members = 0;
    b_json_begin(r, 200);
    int rc = describe_group(srv, m->topic, &r->body, &members);
    if (rc != 0) group_error(r, rc, m->topic);
}

typedef struct reset_tp {
    char   *topic;
    int32_t partition;
} reset_tp;

static void h_group_reset(ck_http *srv, const b_match *m, const char *body, size_t len, ck_http_resp *r) {
    ck_jdoc doc = {0}, gdoc = {0};
    ck_wb desc;
    char err[512] = "";
    reset_tp *tps = NULL;
    size_t ntps = 0;
    ck_wb_init(&desc, 512);
    if (ck_http_json_parse(&doc, body, len, err, sizeof(err)) != 0) {
        b_error(r, 400, "parse_error", "%s", err);
        goto out;
    }
    int32_t to = doc.tok[0].type == CK_J_OBJECT ? ck_http_json_member(&doc, 0, "to") : -1;
    int64_t ts = -1;
    enum { TO_EARLIEST, TO_LATEST, TO_TIME } mode;
    if (to >= 0 && ck_http_json_str_eq(&doc, to, "earliest")) mode = TO_EARLIEST;
    else if (to >= 0 && ck_http_json_str_eq(&doc, to, "latest")) mode = TO_LATEST;
    else if (to >= 0 && ck_http_json_str_eq(&doc, to, "timestamp")) mode = TO_TIME;
    else {
        b_error(r, 400, "invalid_request",
                "the body must be {\"to\": \"earliest\" | \"latest\" | \"timestamp\", \"timestamp\"?: ms, "
                "\"topic\"?: name}");
        goto out;
    }
    if (mode == TO_TIME) {
        int32_t tv = ck_http_json_member(&doc, 0, "timestamp");
        if (tv < 0 || !ck_http_json_int(&doc, tv, &ts) || ts < 0) {
            b_error(r, 400, "invalid_request", "to=timestamp needs \"timestamp\": milliseconds since the epoch");
            goto out;
        }
    }
    char *only = NULL;
    int32_t tv = ck_http_json_member(&doc, 0, "topic");
    if (tv >= 0 && doc.tok[tv].type == CK_J_STRING) only = ck_http_json_string(&doc, tv, NULL);
    else if (tv >= 0 && doc.tok[tv].type != CK_J_NULL) {
        b_error(r, 400, "invalid_request", "topic must be a string");
        goto out;
    }
    if (!group_known(srv, m->topic)) {
        b_error(r, 404, "unknown_group", "group \"%s\" does not exist", m->topic);
        ck_free(only);
        goto out;
    }
    int32_t members = 0;
    int rc = describe_group(srv, m->topic, &desc, &members);
    if (rc != 0) {
        group_error(r, rc, m->topic);
        ck_free(only);
        goto out;
    }
    if (members > 0) {
        b_error(r, 409, "non_empty_group",
                "group \"%s\" has %d member(s): stop its consumers before resetting its offsets", m->topic,
                (int)members);
        ck_free(only);
        goto out;
    }
    /* The partitions to reset: the committed ones (of topic, when given),
     * and every partition of topic when given. */
    if (ck_http_json_parse(&gdoc, (const char *)desc.buf, desc.len, err, sizeof(err)) != 0) {
        b_error(r, 500, "internal_error", "%s", err);
        ck_free(only);
        goto out;
    }
    int32_t offs = ck_http_json_member(&gdoc, 0, "offsets");
    size_t cap = (size_t)(offs >= 0 ? gdoc.tok[offs].count : 0);
    int32_t np = 0;
    if (only) {
        if (!topic_exists(srv, only, &np)) {
            b_error(r, 404, "unknown_topic", "topic \"%s\" does not exist", only);
            ck_free(only);
            goto out;
        }
    }
    tps = ck_calloc(cap + (size_t)np + 1, sizeof(*tps));
    if (only) {
        for (int32_t p = 0; p < np; p++) tps[ntps++] = (reset_tp){ck_strdup(only), p};
    } else if (offs >= 0) {
        for (int32_t e = ck_http_json_first(&gdoc, offs); e >= 0; e = ck_http_json_next(&gdoc, offs, e)) {
            int64_t part = 0;
            int32_t pv = ck_http_json_member(&gdoc, e, "partition"), tv2 = ck_http_json_member(&gdoc, e, "topic");
            if (pv < 0 || tv2 < 0 || !ck_http_json_int(&gdoc, pv, &part)) continue;
            tps[ntps++] = (reset_tp){ck_http_json_string(&gdoc, tv2, NULL), (int32_t)part};
        }
    }
    ck_free(only);
    b_json_begin(r, 200);
    ck_json_raw(&r->body, "{\"group_id\":");
    ck_json_cstr(&r->body, m->topic);
    ck_json_raw(&r->body, ",\"offsets\":[");
    size_t done = 0;
    for (size_t i = 0; i < ntps; i++) {
        int64_t ls = 0, hwm = 0, target = 0;
        if (!tps[i].topic || chronik_offsets(srv->eng, tps[i].topic, tps[i].partition, &ls, &hwm) != CHRONIK_OK)
            continue;
        if (mode == TO_EARLIEST) target = ls;
        else if (mode == TO_LATEST) target = hwm;
        else if (chronik_offset_for_time(srv->eng, tps[i].topic, tps[i].partition, ts, &target) != CHRONIK_OK)
            continue;
        chronik_err_t crc = chronik_offset_commit(srv->eng, m->topic, tps[i].topic, tps[i].partition, target, "");
        if (crc != CHRONIK_OK) {
            int status = crc == CHRONIK_ERR_UNKNOWN_MEMBER_ID ? 409 : 500;
            b_error(r, status, status == 409 ? "non_empty_group" : "internal_error",
                    "committing %s[%d]: %s (%s)", tps[i].topic, (int)tps[i].partition, chronik_err_name(crc),
                    chronik_errmsg(srv->eng));
            goto out;
        }
        ck_json_raw(&r->body, done++ ? ",{\"topic\":" : "{\"topic\":");
        ck_json_cstr(&r->body, tps[i].topic);
        ck_json_raw(&r->body, ",\"partition\":");
        ck_json_i64(&r->body, tps[i].partition);
        ck_json_raw(&r->body, ",\"offset\":");
        ck_json_i64(&r->body, target);
        ck_json_raw(&r->body, "}");
    }
    ck_json_raw(&r->body, "]}");
    CK_INFO(CK_HTTP_SUB, "group %s: %zu offset(s) reset", m->topic, done);
out:
    for (size_t i = 0; i < ntps; i++) ck_free(tps[i].topic);
    ck_free(tps);
    ck_http_json_free(&gdoc);
    ck_http_json_free(&doc);
    ck_wb_free(&desc);
}

/* ===================================================================== */
/* Dispatch                                                              */
/* ===================================================================== */

void ck_http_browse_route(ck_http *srv, const char *method, const char *path, const char *accept,
                          const ck_http_query *q, const char *api_key, size_t klen, const char *body, size_t len,
                          ck_http_resp *resp) {
    b_match m;
    if (!body) {
        body = "";
        len = 0;
    }
    if (!b_preflight(srv, method, path, accept, api_key, klen, &m, resp)) return;
    switch (m.id) {
    case B_CONSOLE: h_console(&m, resp); break;
    case B_OVERVIEW: h_overview(srv, resp); break;
    case B_RECORDS: h_records(srv, &m, q, resp); break;
    case B_PRODUCE: h_produce(srv, &m, body, len, resp); break;
    case B_CONFIGS: h_configs(srv, &m, body, len, resp); break;
    case B_GROUPS: h_groups(srv, resp); break;
    case B_GROUP: h_group(srv, &m, resp); break;
    case B_GROUP_RESET: h_group_reset(srv, &m, body, len, resp); break;
    case B_NONE: break;
    }
}
