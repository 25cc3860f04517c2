/*
 * vector_routes.c — the REST endpoints of vector search:
 *
 *   POST /_vector/{topic}/search   k-NN search (lib/vector's request and
 *                                  Elasticsearch-shaped answer)
 *   GET  /_vector/{topic}/stats    the topic's index state
 *
 * Both only read, like POST /_sql, so they need no admin key.  Errors have
 * the REST API's shape {"error":{"type","reason"},"status":N}: 404 unknown
 * topic, 400 not vector-enabled (naming vector.enabled), malformed JSON or
 * wrong dimensions, 503 when the embedding provider cannot embed the query
 * or vector search is not running.
 */
#include <stdio.h>

#include "http/vector_routes.h"
#include "vector/vector.h"

#define V_PREFIX "/_vector/"
#define JSON_TYPE "application/json"

typedef enum v_action { V_NONE, V_SEARCH, V_STATS } v_action;

static void v_error(ck_http_resp *r, int status, const char *type, const char *fmt, ...) CK_PRINTF(4, 5);
static void v_error(ck_http_resp *r, int status, const char *type, const char *fmt, ...) {
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

bool ck_http_vector_owns(const char *path) { return strncmp(path, V_PREFIX, strlen(V_PREFIX)) == 0; }

/* Splits /_vector/{topic}/{action}[/] into topic and action. */
static v_action resolve(const char *path, char *topic, size_t tlen) {
    const char *p = path + strlen(V_PREFIX);
    const char *slash = strchr(p, '/');
    if (!slash || slash == p || (size_t)(slash - p) >= tlen) return V_NONE;
    memcpy(topic, p, (size_t)(slash - p));
    topic[slash - p] = 0;
    const char *a = slash + 1;
    size_t n = strlen(a);
    if (n > 0 && a[n - 1] == '/') n--;
    if (n == 6 && !strncmp(a, "search", 6)) return V_SEARCH;
    if (n == 5 && !strncmp(a, "stats", 5)) return V_STATS;
    return V_NONE;
}

static bool preflight(const char *method, const char *path, v_action *act, char *topic, size_t tlen,
                      ck_http_resp *resp) {
    *act = resolve(path, topic, tlen);
    if (*act == V_NONE) {
        v_error(resp, 404, "not_found",
                "no such endpoint: %s %.200s (POST /_vector/{topic}/search, GET /_vector/{topic}/stats)", method, path);
        return false;
    }
    bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    bool ok = *act == V_SEARCH ? !strcmp(method, "POST") : get;
    if (!ok) {
        resp->allow = *act == V_SEARCH ? "POST" : "GET, HEAD";
        v_error(resp, 405, "method_not_allowed", "%s is not allowed on %.200s (allowed: %s)", method, path,
                resp->allow);
        return false;
    }
    return true;
}

bool ck_http_vector_preflight(ck_http *srv, const char *method, const char *path, ck_http_resp *resp) {
    (void)srv;
    v_action act;
    char topic[256];
    return preflight(method, path, &act, topic, sizeof(topic), resp);
}

void ck_http_vector_route(ck_http *srv, const char *method, const char *path, const char *body, size_t len,
                          ck_http_resp *resp) {
    v_action act;
    char topic[256];
    if (!preflight(method, path, &act, topic, sizeof(topic), resp)) return;
    ck_vector *vs = ck_vector_of(srv->eng);
    if (!vs) {
        v_error(resp, 503, "vector_unavailable", "vector search is not running on this engine");
        return;
    }
    ck_vec_error e;
    ck_wb_reset(&resp->body);
    resp->status = 200;
    resp->content_type = JSON_TYPE;
    int rc = act == V_SEARCH ? ck_vector_search(vs, topic, body ? body : "", body ? len : 0, &resp->body, &e)
                             : ck_vector_stats_json(vs, topic, &resp->body, &e);
    if (rc != 0) v_error(resp, e.http ? e.http : 500, e.type[0] ? e.type : "internal_error", "%s", e.reason);
}
