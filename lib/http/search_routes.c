/*
 * search_routes.c — the Elasticsearch-compatible endpoints of the REST API,
 * answered by lib/search (ck_search_handle):
 *
 *   GET|HEAD  /                              node information (7.17)
 *   GET|POST  /_search, /{index}/_search     search (q= or a body)
 *   GET|POST  /_count, /{index}/_count       count
 *   GET|HEAD  /{index}/_doc/{id}             one document
 *   GET       /_mapping, /{index}/_mapping   indexed fields
 *   GET       /_cat/indices[/{index}]        text, or ?format=json
 *   GET       /_search/stats                 indexing progress and lag
 *
 * {index} is a topic, a comma-separated list or a wildcard pattern.  Every
 * answer carries X-Elastic-Product: Elasticsearch, which the official
 * clients (7.14+) check.  These endpoints only read, so the admin key is not
 * required, as for /_sql.
 */
#include <stdio.h>

#include "http/http_int.h"
#include "search/search.h"

/* Copies one path segment [s, e) into dst (n bytes); false when too long or empty. */
static bool seg_copy(char *dst, size_t n, const char *s, size_t len) {
    if (len == 0 || len >= n) return false;
    memcpy(dst, s, len);
    dst[len] = 0;
    return true;
}

bool ck_http_search_match(const char *path, ck_http_search_route *rt) {
    memset(rt, 0, sizeof(*rt));
    if (!strcmp(path, "/")) return rt->op = CK_SOP_INFO, true;
    if (!strcmp(path, "/_search")) return rt->op = CK_SOP_SEARCH, true;
    if (!strcmp(path, "/_count")) return rt->op = CK_SOP_COUNT, true;
    if (!strcmp(path, "/_mapping")) return rt->op = CK_SOP_MAPPING, true;
    if (!strcmp(path, "/_search/stats")) return rt->op = CK_SOP_STATS, true;
    if (!strcmp(path, "/_cat/indices")) return rt->op = CK_SOP_CAT_INDICES, true;
    if (!strncmp(path, "/_cat/indices/", 14)) {
        rt->op = CK_SOP_CAT_INDICES;
        return seg_copy(rt->index, sizeof(rt->index), path + 14, strlen(path + 14)) && !strchr(rt->index, '/');
    }
    if (path[0] != '/' || path[1] == '_' || path[1] == 0) return false;
    const char *s = path + 1;
    const char *slash = strchr(s, '/');
    if (!slash || !seg_copy(rt->index, sizeof(rt->index), s, (size_t)(slash - s))) return false;
    const char *rest = slash;
    if (!strcmp(rest, "/_search")) return rt->op = CK_SOP_SEARCH, true;
    if (!strcmp(rest, "/_count")) return rt->op = CK_SOP_COUNT, true;
    if (!strcmp(rest, "/_mapping")) return rt->op = CK_SOP_MAPPING, true;
    if (!strncmp(rest, "/_doc/", 6)) {
        rt->op = CK_SOP_DOC;
        return seg_copy(rt->id, sizeof(rt->id), rest + 6, strlen(rest + 6)) && !strchr(rt->id, '/');
    }
    return false;
}

bool ck_http_search_method_ok(const ck_http_search_route *rt, const char *method, const char **allow) {
    bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    switch (rt->op) {
    case CK_SOP_SEARCH:
    case CK_SOP_COUNT:
        *allow = "GET, HEAD, POST";
        return get || !strcmp(method, "POST");
    default:
        *allow = "GET, HEAD";
        return get;
    }
}

void ck_http_search_handle(ck_http *srv, const ck_http_search_route *rt, const char *const *args, const char *body,
                           size_t len, ck_http_resp *resp) {
    ck_wb_reset(&resp->body);
    resp->es_product = true;
    ck_search *s = ck_search_of(srv->eng);
    if (!s) {
        resp->status = 503;
        resp->content_type = "application/json";
        ck_json_raw(&resp->body, "{\"error\":{\"type\":\"search_unavailable\",\"reason\":\"search is not running on "
                                 "this engine\"},\"status\":503}");
        return;
    }
    ck_search_req req = { .op = (ck_search_op)rt->op, .indices = rt->index[0] ? rt->index : NULL,
                          .doc_id = rt->id, .body = body, .body_len = len, .args = args };
    const char *ct = NULL;
    int64_t t0 = ck_mono_us();
    resp->status = ck_search_handle(s, &req, &resp->body, &ct, NULL, 0);
    if (rt->op == CK_SOP_SEARCH || rt->op == CK_SOP_COUNT) {
        int64_t us = ck_mono_us() - t0;
        ck_hist_observe(&srv->search_latency, (uint64_t)(us > 0 ? us : 0));
    }
    resp->content_type = ct;
}
