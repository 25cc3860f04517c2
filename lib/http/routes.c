/*
 * routes.c — the REST endpoints, independent of the transport: a request
 * (method, decoded path, presented credential, body) goes in, a status and
 * a JSON body come out.  Routing first decides what can be decided before
 * the body arrives (unknown route 404, wrong method 405 with Allow, missing
 * or wrong admin key 401), then the handler runs:
 *
 *   GET    /health                  liveness
 *   GET    /metrics                 Prometheus text
 *   GET    /topics                  topics with partition counts
 *   POST   /topics                  create (201 + description; 409 exists)
 *   GET    /topics/{name}           partitions (log start, high watermark,
 *                                   size) and effective configs
 *   DELETE /topics/{name}           delete
 *   POST   /_sql                    read-only query → columns/rows
 *   GET    /_sql/describe/{topic}   tables and columns of a topic
 *   GET    /_sql/tables             every queryable table
 *
 * HEAD is accepted wherever GET is.  Errors are
 * {"error":{"type","reason"},"status":N}.
 */
#include <stdio.h>
#include <stdlib.h>

#include "http/http_int.h"
#include "kafka/kafka.h"
#include "http/vector_routes.h"
#include "vector/vector.h"

typedef enum route_id {
    R_NONE, R_HEALTH, R_METRICS, R_TOPICS, R_TOPIC, R_SQL, R_SQL_DESCRIBE, R_SQL_TABLES
} route_id;

typedef struct route {
    route_id id;
    char     param[256];    /* {name} / {topic}, decoded by the transport */
} route;

#define JSON_TYPE "application/json"

void ck_http_resp_init(ck_http_resp *r) {
    memset(r, 0, sizeof(*r));
    r->status = 500;
    r->content_type = JSON_TYPE;
    ck_wb_init(&r->body, 256);
}

void ck_http_resp_free(ck_http_resp *r) {
    if (!r) return;
    ck_wb_free(&r->body);
    memset(r, 0, sizeof(*r));
}

void ck_http_count_status(ck_http *srv, int status) {
    if (srv && status >= 100 && status <= 599) __atomic_fetch_add(&srv->status[status - 100], 1, __ATOMIC_RELAXED);
}

bool ck_http_key_equal(const char *given, size_t glen, const char *expected, size_t elen) {
    if (!given || !expected || elen == 0) return false;
    volatile uint8_t diff = (uint8_t)(glen != elen);
    for (size_t i = 0; i < glen; i++) diff |= (uint8_t)(given[i] ^ expected[i % elen]);
    return diff == 0;
}

/* ===================================================================== */
/* Responses                                                             */
/* ===================================================================== */

static void resp_error(ck_http_resp *r, int status, const char *type, const char *fmt, ...) CK_PRINTF(4, 5);
static void resp_error(ck_http_resp *r, int status, const char *type, const char *fmt, ...) {
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

/* Maps an engine / topic error to a status and error type. */
static void resp_engine_error(ck_http_resp *r, int rc, const char *msg) {
    int status = 500;
    const char *type = "internal_error";
    switch (rc) {
    case CHRONIK_ERR_TOPIC_ALREADY_EXISTS: status = 409, type = "topic_already_exists"; break;
    case CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION: status = 404, type = "unknown_topic"; break;
    case CHRONIK_ERR_INVALID_TOPIC_EXCEPTION: status = 400, type = "invalid_topic_name"; break;
    case CHRONIK_ERR_INVALID_PARTITIONS: status = 400, type = "invalid_partitions"; break;
    case CHRONIK_ERR_INVALID_REPLICATION_FACTOR: status = 400, type = "invalid_replication_factor"; break;
    case CHRONIK_ERR_INVALID_CONFIG:
    case CHRONIK_ERR_UNKNOWN_CONFIG: status = 400, type = "invalid_config"; break;
    case CHRONIK_ERR_INVALID_REQUEST:
    case CHRONIK_ERR_INVALID_ARG: status = 400, type = "invalid_request"; break;
    case CHRONIK_ERR_TOPIC_DELETION_DISABLED:
    case CHRONIK_ERR_POLICY_VIOLATION: status = 403, type = "forbidden"; break;
    default: break;
    }
    resp_error(r, status, type, "%s", msg && *msg ? msg : chronik_strerror((chronik_err_t)rc));
}

static void resp_json_begin(ck_http_resp *r, int status) {
    ck_wb_reset(&r->body);
    r->status = status;
    r->content_type = JSON_TYPE;
}

/* ===================================================================== */
/* Routing                                                               */
/* ===================================================================== */

/* Matches path against prefix + one non-empty segment; copies it to param. */
static bool match_param(const char *path, const char *prefix, route *rt) {
    size_t pl = strlen(prefix);
    if (strncmp(path, prefix, pl) != 0) return false;
    const char *seg = path + pl;
    size_t n = strlen(seg);
    if (n == 0 || memchr(seg, '/', n)) return false;
    if (n >= sizeof(rt->param)) n = sizeof(rt->param) - 1; /* longer than any topic name: 404 later */
    memcpy(rt->param, seg, n);
    rt->param[n] = 0;
    return true;
}

static void resolve(const char *path, route *rt) {
    char p[512];
    memset(rt, 0, sizeof(*rt));
    size_t n = strlen(path);
    if (n >= sizeof(p)) return;
    memcpy(p, path, n + 1);
    if (n > 1 && p[n - 1] == '/') p[--n] = 0;  /* one trailing slash is tolerated */
    if (!strcmp(p, "/health")) rt->id = R_HEALTH;
    else if (!strcmp(p, "/metrics")) rt->id = R_METRICS;
    else if (!strcmp(p, "/topics")) rt->id = R_TOPICS;
    else if (!strcmp(p, "/_sql")) rt->id = R_SQL;
    else if (!strcmp(p, "/_sql/tables")) rt->id = R_SQL_TABLES;
    else if (match_param(p, "/topics/", rt)) rt->id = R_TOPIC;
    else if (match_param(p, "/_sql/describe/", rt)) rt->id = R_SQL_DESCRIBE;
}

/* The Allow header of a route. */
static const char *route_allow(route_id id) {
    switch (id) {
    case R_TOPICS: return "GET, HEAD, POST";
    case R_TOPIC: return "GET, HEAD, DELETE";
    case R_SQL: return "POST";
    case R_NONE: return NULL;
    default: return "GET, HEAD";
    }
}

static bool method_allowed(route_id id, const char *m) {
    bool get = !strcmp(m, "GET") || !strcmp(m, "HEAD");
    switch (id) {
    case R_TOPICS: return get || !strcmp(m, "POST");
    case R_TOPIC: return get || !strcmp(m, "DELETE");
    case R_SQL: return !strcmp(m, "POST");
    case R_NONE: return false;
    default: return get;
    }
}

static bool mutating(route_id id, const char *m) {
    return (id == R_TOPICS && !strcmp(m, "POST")) || (id == R_TOPIC && !strcmp(m, "DELETE"));
}

static bool preflight(ck_http *srv, const char *method, const char *path, const char *key, size_t klen,
                      route *rt, ck_http_resp *resp) {
    resolve(path, rt);
    if (rt->id == R_NONE) {
        resp_error(resp, 404, "not_found", "no such endpoint: %s %.200s", method, path);
        return false;
    }
    if (!method_allowed(rt->id, method)) {
        resp->allow = route_allow(rt->id);
        resp_error(resp, 405, "method_not_allowed", "%s is not allowed on %.200s (allowed: %s)", method, path,
                   resp->allow);
        return false;
    }
    if (mutating(rt->id, method) && srv->admin_key_len > 0 &&
        !ck_http_key_equal(key, key ? klen : 0, srv->admin_key, srv->admin_key_len)) {
        resp->auth_challenge = true;
        resp_error(resp, 401, "unauthorized",
                   key ? "the admin API key is wrong" : "this endpoint requires the admin API key "
                                                        "(X-API-Key or Authorization: Bearer)");
        return false;
    }
    return true;
}

bool ck_http_preflight(ck_http *srv, const char *method, const char *path, const char *api_key, size_t klen,
                       ck_http_resp *resp) {
    route rt;
    if (ck_http_vector_owns(path)) return ck_http_vector_preflight(srv, method, path, resp);
    return preflight(srv, method, path, api_key, klen, &rt, resp);
}

/* ===================================================================== */
/* Topics                                                                */
/* ===================================================================== */

/* Kafka's textual topic id: URL-safe base64 without padding. */
static void topic_id_text(const uint8_t id[16], char out[24]) {
    static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t o = 0;
    for (size_t i = 0; i < 16; i += 3) {
        uint32_t v = (uint32_t)id[i] << 16;
        if (i + 1 < 16) v |= (uint32_t)id[i + 1] << 8;
        if (i + 2 < 16) v |= id[i + 2];
        out[o++] = al[(v >> 18) & 63];
        out[o++] = al[(v >> 12) & 63];
        if (i + 1 < 16) out[o++] = al[(v >> 6) & 63];
        if (i + 2 < 16) out[o++] = al[v & 63];
    }
    out[o] = 0;
}

static void describe_topic(ck_http *srv, ck_topic *t, ck_wb *out) {
    const chronik_conf_t *broker = ck_engine_conf(srv->eng);
    char idtxt[24], vbuf[512];
    topic_id_text(ck_topic_id(t), idtxt);
    int32_t np = ck_topic_partition_count(t);
    ck_json_raw(out, "{\"name\":");
    ck_json_cstr(out, ck_topic_name(t));
    ck_json_raw(out, ",\"topic_id\":");
    ck_json_cstr(out, idtxt);
    ck_json_raw(out, ",\"partition_count\":");
    ck_json_i64(out, np);
    ck_json_raw(out, ",\"replication_factor\":1,\"partitions\":[");
    for (int32_t i = 0; i < np; i++) {
        ck_partition *p = ck_topic_partition(t, i);
        ck_part_offsets o = {0};
        int64_t size = 0;
        if (p) {
            ck_partition_offsets(p, &o);
            size = ck_partition_size_bytes(p);
        }
        ck_json_raw(out, i ? ",{\"partition\":" : "{\"partition\":");
        ck_json_i64(out, i);
        ck_json_raw(out, ",\"leader\":");
        ck_json_i64(out, ck_engine_node_id(srv->eng));
        ck_json_raw(out, ",\"log_start_offset\":");
        ck_json_i64(out, o.log_start);
        ck_json_raw(out, ",\"high_watermark\":");
        ck_json_i64(out, o.high_watermark);
        ck_json_raw(out, ",\"last_stable_offset\":");
        ck_json_i64(out, o.last_stable);
        ck_json_raw(out, ",\"size_bytes\":");
        ck_json_i64(out, size);
        ck_json_raw(out, "}");
    }
    ck_topic_conf tc;
    ck_topic_conf_snapshot(t, &tc);
    ck_json_raw(out, "],\"configs\":{");
    for (int k = 0; k < CK_TK__COUNT; k++) {
        if (k) ck_json_raw(out, ",");
        ck_json_cstr(out, ck_conf_topic_name(k));
        ck_json_raw(out, ":");
        ck_json_cstr(out, ck_conf_topic_sensitive(k) ? NULL
                                                     : ck_topic_conf_value(&tc, broker, k, vbuf, sizeof(vbuf)));
    }
    ck_json_raw(out, "},\"overrides\":{");
    bool first = true;
    for (int k = 0; k < CK_TK__COUNT; k++) {
        if (!tc.str[k]) continue;
        if (!first) ck_json_raw(out, ",");
        first = false;
        ck_json_cstr(out, ck_conf_topic_name(k));
        ck_json_raw(out, ":");
        ck_json_cstr(out, ck_conf_topic_sensitive(k) ? NULL : tc.str[k]);
    }
    ck_json_raw(out, "}}");
    ck_topic_conf_free(&tc);
}

/* Looks a live topic up by name; NULL when absent or deleted. */
static ck_topic *topic_lookup(ck_http *srv, const char *name) {
    ck_topic *t = ck_engine_topic_get(srv->eng, name, strlen(name));
    if (t && ck_topic_deleted(t)) {
        ck_topic_release(t);
        t = NULL;
    }
    return t;
}

static int topic_cmp(const void *a, const void *b) {
    return strcmp(ck_topic_name(*(ck_topic *const *)a), ck_topic_name(*(ck_topic *const *)b));
}

static void h_topics_list(ck_http *srv, ck_http_resp *r) {
    size_t n = 0;
    ck_topic **ts = ck_engine_topic_list(srv->eng, &n);
    if (n > 1) qsort(ts, n, sizeof(*ts), topic_cmp);
    resp_json_begin(r, 200);
    ck_json_raw(&r->body, "{\"topics\":[");
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (ck_topic_deleted(ts[i])) continue;
        ck_json_raw(&r->body, first ? "{\"name\":" : ",{\"name\":");
        first = false;
        ck_json_cstr(&r->body, ck_topic_name(ts[i]));
        ck_json_raw(&r->body, ",\"partitions\":");
        ck_json_i64(&r->body, ck_topic_partition_count(ts[i]));
        ck_json_raw(&r->body, "}");
    }
    ck_json_raw(&r->body, "]}");
    ck_topics_release(ts, n);
}

static void h_topic_create(ck_http *srv, const char *body, size_t len, ck_http_resp *r) {
    ck_http_topic_req req;
    char err[512] = "";
    if (ck_http_parse_topic_req(body, len, &req, err, sizeof(err)) != 0) {
        resp_error(r, 400, strncmp(err, "malformed", 9) ? "invalid_request" : "parse_error", "%s", err);
        goto out;
    }
    int32_t parts = req.partitions;
    if (parts < 0) parts = (int32_t)ck_conf_num(ck_engine_conf(srv->eng), CK_BK_NUM_PARTITIONS);
    int rc = ck_engine_topic_create(srv->eng, req.name, parts, (const char *const *)req.configs, false, err,
                                    sizeof(err));
    if (rc != 0) {
        resp_engine_error(r, rc, err);
        goto out;
    }
    CK_INFO(CK_HTTP_SUB, "created topic %s with %d partition(s)", req.name, (int)parts);
    ck_topic *t = topic_lookup(srv, req.name);
    if (!t) {
        resp_error(r, 404, "unknown_topic", "topic %s was deleted right after its creation", req.name);
        goto out;
    }
    resp_json_begin(r, 201);
    snprintf(r->location, sizeof(r->location), "/topics/%s", req.name);
    describe_topic(srv, t, &r->body);
    ck_topic_release(t);
out:
    ck_http_topic_req_free(&req);
}

static void h_topic_get(ck_http *srv, const char *name, ck_http_resp *r) {
    ck_topic *t = topic_lookup(srv, name);
    if (!t) {
        resp_error(r, 404, "unknown_topic", "topic \"%s\" does not exist", name);
        return;
    }
    resp_json_begin(r, 200);
    describe_topic(srv, t, &r->body);
    ck_topic_release(t);
}

static void h_topic_delete(ck_http *srv, const char *name, ck_http_resp *r) {
    char err[512] = "";
    int rc = ck_engine_topic_delete(srv->eng, name, err, sizeof(err));
    if (rc == CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION) {
        resp_error(r, 404, "unknown_topic", "topic \"%s\" does not exist", name);
        return;
    }
    if (rc != 0) {
        resp_engine_error(r, rc, err);
        return;
    }
    CK_INFO(CK_HTTP_SUB, "deleted topic %s", name);
    resp_json_begin(r, 200);
    ck_json_raw(&r->body, "{\"acknowledged\":true,\"deleted\":");
    ck_json_cstr(&r->body, name);
    ck_json_raw(&r->body, "}");
}

/* ===================================================================== */
/* SQL                                                                   */
/* ===================================================================== */

static ck_sql *sql_or_503(ck_http *srv, ck_http_resp *r) {
    ck_sql *sql = ck_sql_of(srv->eng);
    if (!sql) resp_error(r, 503, "sql_unavailable", "SQL is not running on this engine");
    return sql;
}

static void h_sql(ck_http *srv, const char *body, size_t len, ck_http_resp *r) {
    ck_http_sql_req req;
    char err[1024] = "";
    if (ck_http_parse_sql_req(body, len, &req, err, sizeof(err)) != 0) {
        resp_error(r, 400, strncmp(err, "malformed", 9) ? "invalid_request" : "parse_error", "%s", err);
        goto out;
    }
    ck_sql *sql = sql_or_503(srv, r);
    if (!sql) goto out;
    resp_json_begin(r, 200);
    int64_t t0 = ck_mono_us();
    int rc = ck_sql_query_json(sql, req.query, req.params, req.nparams, req.limit, &r->body, err, sizeof(err));
    int64_t us = ck_mono_us() - t0;
    ck_hist_observe(&srv->sql_latency, (uint64_t)(us > 0 ? us : 0));
    switch (rc) {
    case 0: break;
    case CHRONIK_ERR_SQL: resp_error(r, 400, "sql_error", "%s", err); break;
    case CHRONIK_ERR_INVALID_ARG: resp_error(r, 400, "invalid_query", "%s", err); break;
    case CHRONIK_ERR_READ_ONLY: resp_error(r, 403, "read_only", "%s", err); break;
    case CHRONIK_ERR_TIMED_OUT: resp_error(r, 408, "query_timeout", "%s", err); break;
    case CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION: resp_error(r, 404, "unknown_topic", "%s", err); break;
    default: resp_error(r, 500, "internal_error", "%s", *err ? err : chronik_strerror((chronik_err_t)rc)); break;
    }
out:
    ck_http_sql_req_free(&req);
}

static void h_sql_describe(ck_http *srv, const char *topic, ck_http_resp *r) {
    char err[512] = "";
    ck_sql *sql = sql_or_503(srv, r);
    if (!sql) return;
    resp_json_begin(r, 200);
    int rc = ck_sql_describe_json(sql, topic, &r->body, err, sizeof(err));
    if (rc == CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION)
        resp_error(r, 404, "unknown_topic", "%s", *err ? err : "unknown topic");
    else if (rc != 0)
        resp_error(r, 500, "internal_error", "%s", *err ? err : chronik_strerror((chronik_err_t)rc));
}

static void h_sql_tables(ck_http *srv, ck_http_resp *r) {
    ck_sql *sql = sql_or_503(srv, r);
    if (!sql) return;
    resp_json_begin(r, 200);
    ck_sql_tables_json(sql, &r->body);
}

/* ===================================================================== */
/* Health and metrics                                                    */
/* ===================================================================== */

static void h_health(ck_http *srv, ck_http_resp *r) {
    resp_json_begin(r, 200);
    ck_json_raw(&r->body, "{\"status\":\"ok\",\"version\":");
    ck_json_cstr(&r->body, chronik_version());
    ck_json_raw(&r->body, ",\"node_id\":");
    ck_json_i64(&r->body, ck_engine_node_id(srv->eng));
    ck_json_raw(&r->body, ",\"cluster_id\":");
    ck_json_cstr(&r->body, ck_engine_cluster_id(srv->eng));
    ck_json_raw(&r->body, ",\"uptime_ms\":");
    ck_json_i64(&r->body, ck_mono_ms() - srv->started_ms);
    ck_json_raw(&r->body, ck_sql_of(srv->eng) ? ",\"sql\":true}" : ",\"sql\":false}");
}

static void h_metrics(ck_http *srv, ck_http_resp *r) {
    ck_http_metrics *m = ck_malloc(sizeof(*m));
    ck_http_metrics_collect(srv->eng, srv, m);
    ck_wb_reset(&r->body);
    r->status = 200;
    r->content_type = "text/plain; version=0.0.4; charset=utf-8";
    ck_http_metrics_render(m, &r->body);
    ck_telemetry_render(srv->eng, &r->body);
    ck_vector_metrics_render(srv->eng, &r->body);
    ck_free(m);
}

/* ===================================================================== */
/* Dispatch                                                              */
/* ===================================================================== */

void ck_http_route(ck_http *srv, const char *method, const char *path, const char *api_key, size_t klen,
                   const char *body, size_t len, ck_http_resp *resp) {
    route rt;
    if (ck_http_vector_owns(path)) {
        ck_http_vector_route(srv, method, path, body, body ? len : 0, resp);
        return;
    }
    if (!preflight(srv, method, path, api_key, klen, &rt, resp)) return;
    bool get = strcmp(method, "POST") != 0 && strcmp(method, "DELETE") != 0;
    if (!body) len = 0;
    switch (rt.id) {
    case R_HEALTH: h_health(srv, resp); break;
    case R_METRICS: h_metrics(srv, resp); break;
    case R_TOPICS:
        if (get) h_topics_list(srv, resp);
        else h_topic_create(srv, body ? body : "", len, resp);
        break;
    case R_TOPIC:
        if (get) h_topic_get(srv, rt.param, resp);
        else h_topic_delete(srv, rt.param, resp);
        break;
    case R_SQL: h_sql(srv, body ? body : "", len, resp); break;
    case R_SQL_DESCRIBE: h_sql_describe(srv, rt.param, resp); break;
    case R_SQL_TABLES: h_sql_tables(srv, resp); break;
    case R_NONE: break;
    }
}
