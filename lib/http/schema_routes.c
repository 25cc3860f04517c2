/*
 * schema_routes.c — Confluent Schema Registry's REST API over lib/schema:
 *
 *   GET    /subjects                                  subjects (?deleted, ?subjectPrefix)
 *   GET    /subjects/{s}/versions                     versions (?deleted)
 *   POST   /subjects/{s}/versions                     register → {"id"} (?normalize)
 *   GET    /subjects/{s}/versions/{v}                 one version (?deleted)
 *   GET    /subjects/{s}/versions/{v}/schema          its schema text
 *   DELETE /subjects/{s}/versions/{v}                 soft / ?permanent=true
 *   POST   /subjects/{s}                              lookup (?deleted, ?normalize)
 *   DELETE /subjects/{s}                              soft / ?permanent=true
 *   GET    /schemas/ids/{id}[/schema|/subjects|/versions]
 *   GET    /schemas/types
 *   POST   /compatibility/subjects/{s}/versions[/{v}] (?verbose)
 *   GET|PUT|DELETE /config[/{s}]                      (?defaultToGlobal)
 *   GET|PUT /mode, GET|PUT|DELETE /mode/{s}           (?force, ?defaultToGlobal)
 *
 * Answers are application/vnd.schemaregistry.v1+json; errors have
 * Confluent's shape {"error_code": 40401, "message": "..."} with the HTTP
 * status of the code's first three digits.  When admin.api.key is set,
 * mutations (POST /subjects/{s}/versions, PUT, DELETE) need it, as every
 * mutating REST endpoint does; reads, lookups and compatibility checks do
 * not.
 */
#include <stdio.h>
#include <stdlib.h>

#include "http/schema_routes.h"
#include "schema/schema.h"

#define SR_TYPE "application/vnd.schemaregistry.v1+json"

typedef enum sr_route {
    S_NONE, S_SUBJECTS, S_VERSIONS, S_VERSION, S_VERSION_SCHEMA, S_SUBJECT, S_ID, S_ID_SCHEMA, S_ID_SUBJECTS,
    S_ID_VERSIONS, S_TYPES, S_COMPAT, S_COMPAT_VERSION, S_CONFIG, S_CONFIG_SUBJECT, S_MODE, S_MODE_SUBJECT
} sr_route;

typedef struct sr_req {
    sr_route route;
    char     subject[1024];
    char     arg[1024];        /* version or id */
    char     query[2048];
} sr_req;

static void sr_error(ck_http_resp *r, int code, const char *fmt, ...) CK_PRINTF(3, 4);
static void sr_error(ck_http_resp *r, int code, const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    ck_wb_reset(&r->body);
    r->status = ck_sr_http_status(code);
    r->content_type = SR_TYPE;
    ck_json_raw(&r->body, "{\"error_code\":");
    ck_json_i64(&r->body, code);
    ck_json_raw(&r->body, ",\"message\":");
    ck_json_cstr(&r->body, msg);
    ck_json_raw(&r->body, "}");
}

static bool prefixed(const char *path, const char *p) {
    size_t n = strlen(p);
    return !strncmp(path, p, n) && (path[n] == 0 || path[n] == '/' || path[n] == '?');
}

bool ck_http_schema_owns(const char *path) {
    return prefixed(path, "/subjects") || prefixed(path, "/schemas") || prefixed(path, "/config") ||
           prefixed(path, "/mode") || prefixed(path, "/compatibility");
}

/* Splits path (query dropped, one trailing slash tolerated) into at most
 * 8 segments; false when there are more or one is too long. */
static bool split(const char *path, char seg[8][1024], int *n, char *query, size_t qlen) {
    *n = 0;
    query[0] = 0;
    const char *q = strchr(path, '?');
    size_t plen = q ? (size_t)(q - path) : strlen(path);
    if (q) snprintf(query, qlen, "%s", q + 1);
    if (plen > 1 && path[plen - 1] == '/') plen--;
    size_t i = 1;
    while (i < plen) {
        size_t j = i;
        while (j < plen && path[j] != '/') j++;
        if (*n == 8 || j - i >= 1024 || j == i) return false;
        memcpy(seg[*n], path + i, j - i);
        seg[*n][j - i] = 0;
        (*n)++;
        i = j + 1;
    }
    return true;
}

static void resolve(const char *path, sr_req *rq) {
    char seg[8][1024];
    int n;
    memset(rq, 0, sizeof(*rq));
    if (!split(path, seg, &n, rq->query, sizeof(rq->query)) || n == 0) return;
    if (!strcmp(seg[0], "subjects")) {
        if (n >= 2) snprintf(rq->subject, sizeof(rq->subject), "%s", seg[1]);
        if (n >= 4) snprintf(rq->arg, sizeof(rq->arg), "%s", seg[3]);
        if (n == 1) rq->route = S_SUBJECTS;
        else if (n == 2) rq->route = S_SUBJECT;
        else if (n == 3 && !strcmp(seg[2], "versions")) rq->route = S_VERSIONS;
        else if (n == 4 && !strcmp(seg[2], "versions")) rq->route = S_VERSION;
        else if (n == 5 && !strcmp(seg[2], "versions") && !strcmp(seg[4], "schema")) rq->route = S_VERSION_SCHEMA;
    } else if (!strcmp(seg[0], "schemas")) {
        if (n == 2 && !strcmp(seg[1], "types")) rq->route = S_TYPES;
        else if (n >= 3 && !strcmp(seg[1], "ids")) {
            snprintf(rq->arg, sizeof(rq->arg), "%s", seg[2]);
            if (n == 3) rq->route = S_ID;
            else if (n == 4 && !strcmp(seg[3], "schema")) rq->route = S_ID_SCHEMA;
            else if (n == 4 && !strcmp(seg[3], "subjects")) rq->route = S_ID_SUBJECTS;
            else if (n == 4 && !strcmp(seg[3], "versions")) rq->route = S_ID_VERSIONS;
        }
    } else if (!strcmp(seg[0], "compatibility")) {
        if (n >= 3 && !strcmp(seg[1], "subjects") && n <= 5) {
            snprintf(rq->subject, sizeof(rq->subject), "%s", seg[2]);
            if (n == 4 && !strcmp(seg[3], "versions")) rq->route = S_COMPAT;
            else if (n == 5 && !strcmp(seg[3], "versions")) {
                snprintf(rq->arg, sizeof(rq->arg), "%s", seg[4]);
                rq->route = S_COMPAT_VERSION;
            }
        }
    } else if (!strcmp(seg[0], "config") || !strcmp(seg[0], "mode")) {
        bool cfg = seg[0][0] == 'c';
        if (n == 1) rq->route = cfg ? S_CONFIG : S_MODE;
        else if (n == 2) {
            snprintf(rq->subject, sizeof(rq->subject), "%s", seg[1]);
            rq->route = cfg ? S_CONFIG_SUBJECT : S_MODE_SUBJECT;
        }
    }
}

static const char *allow_of(sr_route r) {
    switch (r) {
    case S_SUBJECTS: case S_VERSION_SCHEMA: case S_ID: case S_ID_SCHEMA: case S_ID_SUBJECTS: case S_ID_VERSIONS:
    case S_TYPES: return "GET, HEAD";
    case S_VERSIONS: return "GET, HEAD, POST";
    case S_VERSION: return "GET, HEAD, DELETE";
    case S_SUBJECT: return "POST, DELETE";
    case S_COMPAT: case S_COMPAT_VERSION: return "POST";
    case S_CONFIG: case S_CONFIG_SUBJECT: case S_MODE_SUBJECT: return "GET, HEAD, PUT, DELETE";
    case S_MODE: return "GET, HEAD, PUT";
    case S_NONE: break;
    }
    return NULL;
}

static bool allowed(sr_route r, const char *m) {
    bool get = !strcmp(m, "GET") || !strcmp(m, "HEAD");
    const char *a = allow_of(r);
    if (!a) return false;
    if (get) return strstr(a, "GET") != NULL;
    return strstr(a, m) != NULL && strlen(m) >= 3;
}

static bool mutating(sr_route r, const char *m) {
    if (!strcmp(m, "PUT") || !strcmp(m, "DELETE")) return true;
    return r == S_VERSIONS && !strcmp(m, "POST");
}

static bool preflight(ck_http *srv, const char *method, const char *path, const char *key, size_t klen, sr_req *rq,
                      ck_http_resp *resp) {
    resolve(path, rq);
    if (rq->route == S_NONE) {
        sr_error(resp, 404, "HTTP 404 Not Found: no such endpoint: %s %.200s", method, path);
        return false;
    }
    if (!allowed(rq->route, method)) {
        resp->allow = allow_of(rq->route);
        sr_error(resp, 405, "HTTP 405 Method Not Allowed: %s is not allowed here (allowed: %s)", method,
                 resp->allow);
        return false;
    }
    if (mutating(rq->route, method) && srv && srv->admin_key_len > 0 &&
        !ck_http_key_equal(key, key ? klen : 0, srv->admin_key, srv->admin_key_len)) {
        resp->auth_challenge = true;
        sr_error(resp, 401, key ? "the admin API key is wrong"
                                : "this endpoint requires the admin API key (X-API-Key or Authorization: Bearer)");
        return false;
    }
    return true;
}

bool ck_http_schema_preflight(ck_http *srv, const char *method, const char *path, const char *key, size_t klen,
                              ck_http_resp *resp) {
    sr_req rq;
    return preflight(srv, method, path, key, klen, &rq, resp);
}

static int hexval(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The value of query argument name (percent-decoded) into out; false when absent. */
static bool query_arg(const char *query, const char *name, char *out, size_t outlen) {
    size_t nl = strlen(name);
    const char *p = query;
    while (p && *p) {
        const char *amp = strchr(p, '&');
        size_t seglen = amp ? (size_t)(amp - p) : strlen(p);
        if (seglen >= nl && !strncmp(p, name, nl) && (seglen == nl || p[nl] == '=')) {
            size_t o = 0;
            for (size_t i = nl + (seglen > nl ? 1 : 0); i < seglen && o + 1 < outlen; i++) {
                if (p[i] == '%' && i + 2 < seglen + 1 && hexval(p[i + 1]) >= 0 && hexval(p[i + 2]) >= 0) {
                    out[o++] = (char)(hexval(p[i + 1]) * 16 + hexval(p[i + 2]));
                    i += 2;
                } else {
                    out[o++] = p[i] == '+' ? ' ' : p[i];
                }
            }
            out[o] = 0;
            return true;
        }
        p = amp ? amp + 1 : NULL;
    }
    return false;
}

static bool query_true(const char *query, const char *name) {
    char v[16];
    return query_arg(query, name, v, sizeof(v)) && (!strcmp(v, "true") || !strcmp(v, "1") || v[0] == 0);
}

void ck_http_schema_route(ck_http *srv, const char *method, const char *path, const char *key, size_t klen,
                          const char *body, size_t len, ck_http_resp *resp) {
    sr_req rq;
    if (!preflight(srv, method, path, key, klen, &rq, resp)) return;
    ck_schema_reg *r = ck_schema_of(srv->eng);
    if (!r) {
        sr_error(resp, 50001, "the schema registry is not running (schema.registry.enable=false)");
        return;
    }
    if (!body) body = "", len = 0;
    const char *q = rq.query;
    const char *sub = rq.subject;
    bool del = !strcmp(method, "DELETE"), post = !strcmp(method, "POST"), put = !strcmp(method, "PUT");
    bool deleted = query_true(q, "deleted");
    ck_wb out;
    ck_wb_init(&out, 256);
    ck_sr_err e = {0, ""};
    int rc = 0;
    char prefix[512];
    switch (rq.route) {
    case S_SUBJECTS:
        rc = ck_sr_subjects(r, deleted, query_arg(q, "subjectPrefix", prefix, sizeof(prefix)) ? prefix : NULL, &out,
                            &e);
        break;
    case S_VERSIONS:
        rc = post ? ck_sr_register(r, sub, body, len, query_true(q, "normalize"), &out, &e)
                  : ck_sr_versions(r, sub, deleted, &out, &e);
        break;
    case S_VERSION:
        rc = del ? ck_sr_delete_version(r, sub, rq.arg, query_true(q, "permanent"), &out, &e)
                 : ck_sr_get_version(r, sub, rq.arg, deleted, false, &out, &e);
        break;
    case S_VERSION_SCHEMA: rc = ck_sr_get_version(r, sub, rq.arg, deleted, true, &out, &e); break;
    case S_SUBJECT:
        rc = del ? ck_sr_delete_subject(r, sub, query_true(q, "permanent"), &out, &e)
                 : ck_sr_lookup(r, sub, body, len, deleted, query_true(q, "normalize"), &out, &e);
        break;
    case S_ID: rc = ck_sr_by_id(r, rq.arg, CK_SR_ID_SCHEMA, deleted, &out, &e); break;
    case S_ID_SCHEMA: rc = ck_sr_by_id(r, rq.arg, CK_SR_ID_RAW, deleted, &out, &e); break;
    case S_ID_SUBJECTS: rc = ck_sr_by_id(r, rq.arg, CK_SR_ID_SUBJECTS, deleted, &out, &e); break;
    case S_ID_VERSIONS: rc = ck_sr_by_id(r, rq.arg, CK_SR_ID_VERSIONS, deleted, &out, &e); break;
    case S_TYPES: ck_sr_types(&out); break;
    case S_COMPAT:
    case S_COMPAT_VERSION:
        rc = ck_sr_compat(r, sub, rq.route == S_COMPAT ? NULL : rq.arg, body, len, query_true(q, "verbose"), &out,
                          &e);
        break;
    case S_CONFIG:
    case S_CONFIG_SUBJECT: {
        const char *s = rq.route == S_CONFIG ? NULL : sub;
        rc = put ? ck_sr_config_put(r, s, body, len, &out, &e)
           : del ? ck_sr_config_delete(r, s, &out, &e)
                 : ck_sr_config_get(r, s, query_true(q, "defaultToGlobal"), &out, &e);
        break;
    }
    case S_MODE:
    case S_MODE_SUBJECT: {
        const char *s = rq.route == S_MODE ? NULL : sub;
        rc = put ? ck_sr_mode_put(r, s, body, len, query_true(q, "force"), &out, &e)
           : del ? ck_sr_mode_delete(r, s, &out, &e)
                 : ck_sr_mode_get(r, s, query_true(q, "defaultToGlobal"), &out, &e);
        break;
    }
    case S_NONE: break;
    }
    if (rc) {
        sr_error(resp, e.code, "%s", e.msg);
    } else {
        ck_wb_reset(&resp->body);
        ck_wb_put(&resp->body, out.buf, out.len);
        resp->status = 200;
        resp->content_type = SR_TYPE;
    }
    ck_wb_free(&out);
}
